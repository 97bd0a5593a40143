"""Google Drive API v3 for the emulator (exposure's gdrive part), from
fixtures/demo/gdrive.json: files.list with visibility queries, corpora and
shared-drive flags, pageToken paging; permissions.list; drives.list; file
contents by alt=media and export (Docs/Slides as text/plain, Sheets as xlsx
or csv, built when served from the fixture's rows).

Behaviour that matches Drive and that the client must cope with:
  - visibility is derived from a file's permissions (anyone + discovery ->
    anyoneCanFind, anyone -> anyoneWithLink, office domain -> domainCanFind /
    domainWithLink, else limited);
  - files in a shared drive have no owners and never carry "permissions"
    inline (permissions.list with supportsAllDrives=true gives them, the
    drive's members included);
  - corpora=user without 'me' in owners also lists files shared with the user;
  - the token's sub is the user; its scopes must include drive.readonly.

Faults (scenario flags): nodrive (domain-wide delegation lacks the Drive
scope: the token endpoint refuses, see emulator.google_token), drivedenied
(files.list 403 domainPolicy for priya.researcher), drive429 (a storm: the
first attempt of every Drive request gets 429, without Retry-After), exportbig (every Sheet export is
refused with exportSizeLimitExceeded); truncated/badjson apply to page 2 of a
files.list as to other data pages.
"""
import csv
import hashlib
import io
import json
import os
import re
import urllib.parse
import zipfile
import zlib

SCOPE = "https://www.googleapis.com/auth/drive.readonly"
GAPPS = "application/vnd.google-apps."
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
VISIBILITIES = {"anyoneWithLink", "anyoneCanFind", "domainWithLink", "domainCanFind", "limited"}
FLAGS = {"nodrive", "drivedenied", "drive429", "exportbig"}
# The generated office for the benchmark: BIG_USERS staff (user00000@...),
# each owning BIG_FILES files, of which every 100th is shared with anyone
# (nothing personal in it) and every 100th + 50 with an outside address (an
# NI number in it); the rest are private.
BIG = "gdrive50"
BIG_USERS, BIG_FILES = 50, 2000
HERE = os.path.dirname(os.path.abspath(__file__))


def load(path):
    p = os.path.join(path, "gdrive.json")
    if not os.path.exists(p):
        return {"domain": "parliament.uk", "drives": [], "files": []}
    with open(p, encoding="utf-8") as f:
        return json.load(f)


def visibility(f, domain):
    perms = f.get("permissions", [])
    for p in perms:
        if p["type"] == "anyone":
            return "anyoneCanFind" if p.get("allowFileDiscovery") else "anyoneWithLink"
    for p in perms:
        if p["type"] == "domain" and p.get("domain") == domain:
            return "domainCanFind" if p.get("allowFileDiscovery") else "domainWithLink"
    return "limited"


def can_read(f, user, drives):
    if f.get("drive"):
        return user in drives.get(f["drive"], {}).get("members", [])
    if f.get("owner") == user:
        return True
    return any(p.get("emailAddress") == user for p in f.get("permissions", []))


def file_perms(f, drives):
    """Every permission of f (a shared drive's members inherited)."""
    out = []
    if not f.get("drive"):
        out.append({"kind": "drive#permission", "id": "owner-" + f["id"], "type": "user", "role": "owner",
                    "emailAddress": f["owner"]})
    else:
        for m in drives[f["drive"]].get("members", []) + drives[f["drive"]].get("outside_members", []):
            out.append({"kind": "drive#permission", "id": "m-" + m, "type": "user", "role": "organizer",
                        "emailAddress": m, "permissionDetails": [{"permissionType": "member", "inherited": True,
                                                                  "role": "organizer"}]})
    for i, p in enumerate(f.get("permissions", [])):
        q = dict(p)
        q.setdefault("kind", "drive#permission")
        q.setdefault("id", "p%d" % i)
        out.append(q)
    return out


def file_obj(f, want_perms, drives):
    o = {"kind": "drive#file", "id": f["id"], "name": f["name"], "mimeType": f["mimeType"]}
    if not f["mimeType"].startswith(GAPPS):
        o["size"] = str(len(content_bytes(f)) if "size" not in f else f["size"])
    if f.get("drive"):
        o["driveId"] = f["drive"]
    else:
        o["owners"] = [{"kind": "drive#user", "emailAddress": f["owner"], "me": False}]
        if want_perms:
            o["permissions"] = file_perms(f, drives)
    return o


def xlsx_of(rows):
    strings, index = [], {}

    def si(v):
        if v not in index:
            index[v] = len(strings)
            strings.append(v)
        return index[v]
    cells = []
    for r, row in enumerate(rows, 1):
        cs = "".join('<c r="%s%d" t="s"><v>%d</v></c>' % (chr(65 + c), r, si(v)) for c, v in enumerate(row))
        cells.append('<row r="%d">%s</row>' % (r, cs))

    def esc(s):
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                   'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                   '</Relationships>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.'
                   'openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Sheet1" sheetId="1"/>'
                   '</sheets></workbook>')
        z.writestr("xl/sharedStrings.xml", '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.'
                   'openxmlformats.org/spreadsheetml/2006/main" count="%d">%s</sst>'
                   % (len(strings), "".join("<si><t>%s</t></si>" % esc(s) for s in strings)))
        z.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://'
                   'schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s</sheetData></worksheet>'
                   % "".join(cells))
    return buf.getvalue()


def docx_of(text):
    def esc(s):
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    paras = "".join("<w:p><w:r><w:t>%s</w:t></w:r></w:p>" % esc(line) for line in text.split("\n"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="'
                   'application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.'
                   'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                   'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"'
                   '/></Relationships>')
        z.writestr("word/document.xml", '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://'
                   'schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>%s</w:body></w:document>'
                   % paras)
    return buf.getvalue()


def csv_of(rows):
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode()


def pdf_of(text):
    """A small real PDF, its streams Flate-compressed as writers do (so its
    bytes are binary, like a real PDF's), with the text on its page."""
    line = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("\n", " ")
    stream = zlib.compress(("BT /F1 10 Tf 40 780 Td (%s) Tj ET" % line).encode("latin-1", "replace"))
    # an embedded logo: 4 KiB of incompressible (seeded) bytes
    logo = b"".join(hashlib.sha256(b"logo%d" % i).digest() for i in range(128))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            b"<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceRGB "
            b"/BitsPerComponent 8 /Length %d /Filter /FlateDecode >>\nstream\n" % len(logo) + logo + b"\nendstream",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
            b"/Resources << /Font << /F1 6 0 R >> /XObject << /Im1 3 0 R >> >> >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    # the second line's high bytes mark the file as binary, as writers do
    out, offs = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def content_bytes(f):
    """The bytes alt=media returns for an ordinary (not Google-native) file."""
    c = f.get("content", {})
    if "file" in c:
        with open(os.path.join(HERE, "fixtures", "demo", "gdrive", os.path.basename(c["file"])), "rb") as fh:
            return fh.read()
    kind = c.get("as", "text")
    if kind == "xlsx":
        return xlsx_of(c["rows"])
    if kind == "csv":
        return csv_of(c["rows"])
    if kind == "docx":
        return docx_of(c["text"])
    if kind == "pdf":
        return pdf_of(c["text"])
    return c.get("text", "").encode()


def parse_q(q):
    """(me_in_owners, visibilities) from a files.list q, or None if it holds
    terms Drive would not accept here."""
    me = "'me' in owners" in q
    vis = re.findall(r"visibility\s*=\s*'([A-Za-z]+)'", q)
    if any(v not in VISIBILITIES for v in vis):
        return None
    rest = re.sub(r"visibility\s*=\s*'[A-Za-z]+'|'me' in owners|trashed\s*=\s*false|\band\b|\bor\b|[()\s]", "", q)
    if rest:
        return None
    return me, set(vis) or VISIBILITIES


def big_office(fx):
    def build():
        files = []
        for u in range(BIG_USERS):
            owner = "user%05d@parliament.uk" % u
            for j in range(BIG_FILES):
                f = {"id": "1big%05dx%05d" % (u, j), "name": "file %d.txt" % j, "owner": owner,
                     "mimeType": "text/plain", "permissions": [],
                     "content": {"text": "Meeting notes %d: agenda and actions." % j}}
                if j % 100 == 0:
                    f["permissions"] = [{"type": "anyone", "role": "reader"}]
                elif j % 100 == 50:
                    f["permissions"] = [{"type": "user", "role": "reader", "emailAddress": "partner@ext.example"}]
                    f["content"] = {"text": "Referral for a constituent, National Insurance number PR 73 19 04 A."}
                files.append(f)
        return {"domain": "parliament.uk", "page_size": 100, "drives": [], "files": files}
    return fx.cached(("gdrive", BIG), build)


def route(ctx, fx, emu):
    """Handles /<scenario>/google/drive/v3/..."""
    g = big_office(fx) if BIG in ctx.flags else fx.gdrive
    drives = {d["id"]: d for d in g.get("drives", [])}
    files = fx.cached(("gdrive-ids", BIG in ctx.flags), lambda: {f["id"]: f for f in g.get("files", [])})
    tok = ctx.bearer()
    info, why = emu.check_token(ctx, "google", tok)
    if not info:
        r = emu.google_error(401, "Request had invalid authentication credentials.", "authError", "global",
                             "UNAUTHENTICATED", {"location": "Authorization", "locationType": "header"})
        r.header("WWW-Authenticate", 'Bearer realm="https://accounts.google.com/", error="invalid_token"')
        return r
    if SCOPE not in info.get("scopes", []):
        return emu.google_error(403, "Request had insufficient authentication scopes.", "insufficientPermissions",
                                "global", "PERMISSION_DENIED")
    user = (info.get("sub") or "").lower()
    if "drive429" in ctx.flags and ctx.scen.bump(("drive429", ctx.h.path)) < 1:
        return emu.fault_response("google", 429)  # a storm: every request once
    if ctx.method != "GET":
        return emu.google_error(405, "Method not allowed", "badRequest")
    segs = ctx.rest[1:]
    if segs[:2] != ["v3", "files"] and segs != ["v3", "drives"]:
        return emu.google_error(404, "Not Found", "notFound")
    if segs == ["v3", "drives"]:
        return list_drives(ctx, user, g, emu)
    if len(segs) == 2:
        return list_files(ctx, fx, user, g, drives, emu)
    f = files.get(segs[2])
    all_drives = len(segs) == 3 or segs[3:] == ["permissions"]
    if f is None or not can_read(f, user, drives) or \
            (f.get("drive") and all_drives and ctx.q.get("supportsAllDrives") != "true"):
        return emu.google_error(404, "File not found: %s." % segs[2][:60], "notFound", "global", None,
                                {"location": "fileId", "locationType": "parameter"})
    if len(segs) == 4 and segs[3] == "permissions":
        perms = file_perms(f, drives)
        return emu.jresp(200, {"kind": "drive#permissionList", "permissions": perms})
    if len(segs) == 4 and segs[3] == "export":
        return export(ctx, f, emu)
    if len(segs) == 3 and ctx.q.get("alt") == "media":
        if f["mimeType"].startswith(GAPPS):
            return emu.google_error(403, "Only files with binary content can be downloaded. Use Export with Docs "
                                    "Editors files.", "fileNotDownloadable", "global", None,
                                    {"location": "alt", "locationType": "parameter"})
        return emu.Resp(200, body=content_bytes(f), ctype=f["mimeType"])
    if len(segs) == 3:
        return emu.jresp(200, file_obj(f, False, drives))
    return emu.google_error(404, "Not Found", "notFound")


def export(ctx, f, emu):
    want = ctx.q.get("mimeType", "")
    native = f["mimeType"][len(GAPPS):] if f["mimeType"].startswith(GAPPS) else None
    ok = {"document": {"text/plain", DOCX}, "presentation": {"text/plain"}, "spreadsheet": {XLSX, "text/csv"}}
    if native not in ok or want not in ok[native]:
        return emu.google_error(400, "The requested conversion is not supported.", "badRequest", "global", None,
                                {"location": "convertTo", "locationType": "parameter"})
    if native == "spreadsheet" and ("exportbig" in ctx.flags or f.get("exportTooLarge")):
        return emu.google_error(403, "This file is too large to be exported.", "exportSizeLimitExceeded")
    c = f.get("content", {})
    if native == "spreadsheet":
        rows = c.get("rows", [])
        return emu.Resp(200, body=xlsx_of(rows) if want == XLSX else csv_of(rows[:]), ctype=want)
    if want == DOCX:
        return emu.Resp(200, body=docx_of(c.get("text", "")), ctype=want)
    # Drive's text/plain exports start with a UTF-8 byte order mark.
    return emu.Resp(200, body=b"\xef\xbb\xbf" + c.get("text", "").encode(), ctype="text/plain")


def page_of(ctx, items, key, extra, emu, size_default):
    size = emu.parse_int(ctx.q.get("pageSize"), 100)
    if size < 1 or size > 1000:
        return emu.google_error(400, "Invalid value '%s'. Values must be within the range: [1, 1000]"
                                % ctx.q.get("pageSize"), "invalid", "global", "INVALID_ARGUMENT")
    size = min(size, size_default)
    off = 0
    if ctx.q.get("pageToken"):
        off = emu.dec_cursor("gdrive", ctx.q["pageToken"])
        if off is None:
            return emu.google_error(400, "Invalid Value", "invalid", "global", None,
                                    {"location": "pageToken", "locationType": "parameter"})
    body = dict(extra)
    body[key] = items[off:off + size]
    if "loop" in ctx.flags:
        body["nextPageToken"] = ctx.q.get("pageToken") or emu.enc_cursor("gdrive", 0)
    elif off + size < len(items):
        body["nextPageToken"] = emu.enc_cursor("gdrive", off + size)
    return emu.mark_page(emu.jresp(200, body), off // size + 1, key)


def list_drives(ctx, user, g, emu):
    mine = [{"kind": "drive#drive", "id": d["id"], "name": d["name"]} for d in g.get("drives", [])
            if user in d.get("members", [])]
    return page_of(ctx, mine, "drives", {"kind": "drive#driveList"}, emu, g.get("page_size", 2))


def owners_index(g):
    out = {}
    for f in g.get("files", []):
        if not f.get("drive"):
            out.setdefault(f["owner"], []).append(f)
    return out


def list_files(ctx, fx, user, g, drives, emu):
    if "drivedenied" in ctx.flags and user == "priya.researcher@parliament.uk":
        return emu.google_error(403, "The domain administrators have disabled Drive apps.", "domainPolicy")
    parsed = parse_q(ctx.q.get("q", ""))
    if parsed is None:
        return emu.google_error(400, "Invalid Value", "invalid", "global", None,
                                {"location": "q", "locationType": "parameter"})
    me, vis = parsed
    corpora = ctx.q.get("corpora", "user")
    if corpora == "drive":
        did = ctx.q.get("driveId", "")
        if ctx.q.get("includeItemsFromAllDrives") != "true" or ctx.q.get("supportsAllDrives") != "true":
            return emu.google_error(403, "The includeItemsFromAllDrives parameter must be set to true when "
                                    "driveId is set.", "teamDriveIdRequiresIncludeItemsFromAllDrives")
        if did not in drives or user not in drives[did].get("members", []):
            return emu.google_error(404, "Shared drive not found: %s" % did[:60], "notFound", "global", None,
                                    {"location": "driveId", "locationType": "parameter"})
        sel = [f for f in g["files"] if f.get("drive") == did]
    elif corpora == "user" and me:
        by_owner = fx.cached(("gdrive-owners", BIG in ctx.flags), lambda: owners_index(g))
        sel = by_owner.get(user, [])
    elif corpora == "user":
        sel = [f for f in g["files"] if not f.get("drive") and
               (f["owner"] == user if me else can_read(f, user, drives))]
    else:
        return emu.google_error(400, "Invalid Value", "invalid", "global", None,
                                {"location": "corpora", "locationType": "parameter"})
    want_perms = "permissions(" in urllib.parse.unquote(ctx.q.get("fields", ""))
    key = ("gdrive-list", BIG in ctx.flags, user, corpora, ctx.q.get("driveId"), me, tuple(sorted(vis)), want_perms)
    items = fx.cached(key, lambda: [file_obj(f, want_perms, drives) for f in sel
                                    if visibility(f, g.get("domain")) in vis])
    return page_of(ctx, items, "files", {"kind": "drive#fileList", "incompleteSearch": False}, emu,
                   g.get("page_size", 2))

"""OneDrive / SharePoint for the emulator (issue 17): drives, delta pages,
permissions (alone or through $batch), file contents and download
redirects, from fixtures/demo/drives.json or a generated tenant (scenario
drives50: 50 drives x 2,000 items, for the benchmark). Drives and items
with "only_in": FLAG appear only in scenarios with that flag (drivefaults:
the 403 drive and the redirect to another host), so the demo stays clean.

Fixture shape (drives.json):
  {"drives": [{"id", "user": UPN | "site": "host:/sites/x", "name",
               "denied": true (403 on delta),
               "items": [{"id", "name", "parent" (item id; "root" for the
                          drive root), "folder": true, "shared": "YYYY-MM-DD",
                          "perms": [Graph permission objects],
                          "file": path under tests/data/content | "text": str,
                          "size": n (overrides), "created_by": email, "redirect": "tenant" |
                          "other", "deleted_in_delta": true}]}]}
Licensed users the tenant has beyond m365.json ("extra_users", same shape,
"assignedLicenses": [] for none) join GET /users in scenarios with their
"only_in" flag; drives50 lists its 50 generated users. GET /sites/root
names the tenant's SharePoint host "localhost" (the test CA's name for
127.0.0.1), so a "redirect": "learned" download goes to a host portcullis
knows only from sites/root.
Large files, generated as they are sent (the memory benchmark): drivesbig
adds to the first OneDrive 5 anyone-shared files of 200 MB whose size the
delta gives truly and 5 whose delta size says 100 KB but whose download
streams 200 MB without a Content-Length; drivescap adds 8 of 15 MB (under
the 16 MiB download cap, read in full).
Scenario flags read here: drivetenant (the extra users, drives and items
of the tenant: an unlisted licensed user, an unlicensed one, a grant to a
second verified domain, a learned-host redirect), drivesites403 (sites/root
answers 403 as without Sites.Read.All), drivestorm (every delta page and $batch is
answered 429 twice before it succeeds), drivetrunc (the second delta page is
cut off), drivenodelta (the last delta page carries no deltaLink),
drives50 (generated tenant).
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
CONTENT = os.path.join(HERE, "..", "data", "content")
PAGE = 3            # delta items per page (demo)
BIG_PAGE = 200      # delta items per page (drives50)
BIG_DRIVES = 50
BIG_ITEMS = 2000


def load(path):
    p = os.path.join(path, "drives.json")
    if not os.path.exists(p):
        return {"drives": []}
    with open(p, encoding="utf-8") as f:
        return json.load(f)


def users(ctx, data):
    """Users GET /users lists beyond m365.json in this scenario."""
    if "drives50" in ctx.flags:
        return [{"id": "7e5a0000-0000-4000-8000-%012d" % d, "userPrincipalName": "user%05d@parliament.uk" % d,
                 "displayName": "User %05d" % d, "mail": "user%05d@parliament.uk" % d, "userType": "Member",
                 "accountEnabled": True, "isAdmin": False, "methods": []} for d in range(BIG_DRIVES)]
    return [u for u in data.get("extra_users", []) if u.get("only_in") in ctx.flags]


def _content(item):
    if "text" in item:
        return item["text"].encode("utf-8")
    if "file" in item:
        with open(os.path.join(CONTENT, item["file"]), "rb") as f:
            return f.read()
    return b""


def _big(data):
    """50 drives x 2,000 items: a folder per 100 files; every 25th file
    (80 a drive) shared by an anyone link with an expiry."""
    if "big" in data:
        return data["big"]
    drives = []
    for d in range(BIG_DRIVES):
        items = []
        for i in range(BIG_ITEMS):
            if i % 100 == 0:
                items.append({"id": "f%d-%d" % (d, i), "name": "Folder %d" % i,
                              "parent": "root", "folder": True})
                continue
            it = {"id": "i%d-%d" % (d, i), "name": "note-%d.txt" % i,
                  "parent": "f%d-%d" % (d, i - i % 100),
                  "text": "Meeting note %d: nothing personal here.\n" % i}
            if i % 25 == 1:
                it["shared"] = "2025-01-01"
                it["perms"] = [{"id": "p", "roles": ["read"], "link": {"scope": "anonymous", "type": "view"},
                                "expirationDateTime": "2030-01-01T00:00:00Z"}]
            items.append(it)
        drives.append({"id": "big%d" % d, "user": "user%05d@parliament.uk" % d, "items": items})
    data["big"] = drives
    return drives


LARGE = 200 * 1000 * 1000
AT_CAP = 15 * 1000 * 1000


def _large_items(ctx):
    """The memory benchmark's files (drivesbig, drivescap)."""
    out = []
    anyone = [{"id": "lb", "roles": ["read"], "link": {"scope": "anonymous", "type": "view"},
               "expirationDateTime": "2030-12-31T00:00:00Z"}]
    if "drivesbig" in ctx.flags:
        for i in range(10):
            lies = i >= 5
            out.append({"id": "big-%d" % i, "name": "archive-%d.csv" % i, "parent": "root",
                        "stream": LARGE, "size": 100 * 1000 if lies else LARGE, "chunked": lies,
                        "shared": "2025-12-01", "perms": anyone})
    if "drivescap" in ctx.flags:
        for i in range(8):
            out.append({"id": "cap-%d" % i, "name": "export-%d.csv" % i, "parent": "root",
                        "stream": AT_CAP, "shared": "2025-12-01", "perms": anyone})
    return out


def _drives(ctx, data):
    if "drives50" in ctx.flags:
        return _big(data)
    out = []
    for d in data.get("drives", []):
        if d.get("only_in") and d["only_in"] not in ctx.flags:
            continue
        items = [it for it in d["items"] if not it.get("only_in") or it["only_in"] in ctx.flags]
        if not out:
            items += _large_items(ctx)
        out.append(dict(d, items=items))
    return out


def _stream(n):
    """n bytes of plain notes, generated 64 KiB at a time."""
    line = b"Meeting note: nothing personal here, only the rota.\n"
    chunk = line * (65536 // len(line))
    while n > 0:
        yield chunk[:n]
        n -= len(chunk)


def _find(ctx, data, drive_id):
    for d in _drives(ctx, data):
        if d["id"] == drive_id:
            return d
    return None


def _delta_obj(item):
    o = {"id": item["id"], "name": item["name"]}
    if item.get("parent") == "root" or item.get("parent"):
        o["parentReference"] = {"id": item["parent"], "driveType": "business"}
    if item.get("folder"):
        o["folder"] = {"childCount": 0}
    else:
        o["file"] = {"mimeType": "application/octet-stream"}
        o["size"] = item.get("size", item.get("stream") or len(_content(item)))
    if item.get("created_by"):
        o["createdBy"] = {"user": {"email": item["created_by"], "displayName": item["created_by"]}}
    if item.get("shared"):
        o["shared"] = {"scope": "users", "sharedDateTime": item["shared"] + "T09:00:00Z"}
    return o


def _delta_items(drive):
    out = [{"id": "root", "name": "root", "root": {}, "folder": {"childCount": 0}}]
    for it in drive["items"]:
        out.append(_delta_obj(it))
        if it.get("deleted_in_delta"):
            # a later entry says the item is gone
            out.append({"id": it["id"], "deleted": {"state": "deleted"},
                        "parentReference": {"id": it.get("parent", "root")}})
    return out


def _perms(drive, item_id):
    """The item's own permissions and those inherited from its folders."""
    by_id = {it["id"]: it for it in drive["items"]}
    out = [{"id": "owner", "roles": ["owner"],
            "grantedToV2": {"user": {"email": drive.get("user", "owner@parliament.uk")}}}]
    cur = by_id.get(item_id)
    first = True
    while cur is not None:
        for p in cur.get("perms", []):
            q = dict(p)
            if not first:
                q["inheritedFrom"] = {"id": cur["id"]}
            out.append(q)
        first = False
        cur = by_id.get(cur.get("parent"))
    return out


def route(ctx, data, method, segs, q, api):
    """Graph drive paths (segments after v1.0), or None when not ours."""
    if method != "GET" or not segs:
        return None
    storm = "drivestorm" in ctx.flags
    if segs[0] == "users" and len(segs) == 3 and segs[2] == "drive":
        upn = segs[1].lower()
        for d in _drives(ctx, data):
            if d.get("user", "").lower() == upn:
                return api.jresp(200, {"id": d["id"], "driveType": "business", "name": "OneDrive"})
        return api.graph_error(404, "itemNotFound", "The user's OneDrive has not been provisioned.")
    if segs == ["sites", "root"]:
        if "drivesites403" in ctx.flags:
            return api.graph_error(403, "accessDenied", "Either scp or roles claim need to be present in the token.")
        return api.jresp(200, {"id": "localhost,root-site,root-web", "webUrl": "https://localhost/",
                               "siteCollection": {"hostname": "localhost"}})
    if segs[0] == "sites" and len(segs) >= 2 and not segs[1].startswith("site-"):
        ref = "/".join(segs[1:])
        for d in _drives(ctx, data):
            if d.get("site") and ref.rstrip(":") == d["site"]:
                return api.jresp(200, {"id": "site-" + d["id"], "webUrl": "https://" + d["site"]})
        return api.graph_error(404, "itemNotFound", "Requested site could not be found")
    if segs[0] == "sites" and len(segs) == 3 and segs[2] == "drives":
        vals = [{"id": d["id"], "name": d.get("name", "Documents"), "driveType": "documentLibrary"}
                for d in _drives(ctx, data) if "site-" + d["id"] == segs[1]]
        return api.jresp(200, {"value": vals})
    if segs[0] != "drives" or len(segs) < 3:
        return None
    drive = _find(ctx, data, segs[1])
    if drive is None:
        return api.graph_error(404, "itemNotFound", "Drive not found")
    if segs[2:] == ["root", "delta"]:
        if drive.get("denied"):
            return api.graph_error(403, "accessDenied", "Access denied. You do not have permission to perform "
                                   "this action or access this resource.")
        if storm and ctx.scen.bump(("storm", ctx.full_url)) < 2:
            return api.fault(429, "1")
        items = _delta_items(drive)
        size = BIG_PAGE if "drives50" in ctx.flags else PAGE
        off = int(q.get("token", "0") or 0)
        body = {"value": items[off:off + size]}
        if off + size < len(items):
            body["@odata.nextLink"] = ctx.next_url([("token", str(off + size))])
        elif "drivenodelta" not in ctx.flags:
            body["@odata.deltaLink"] = ctx.next_url([("token", "latest")])
        r = api.jresp(200, body)
        if "drivetrunc" in ctx.flags and off > 0:
            r.corrupt = True
        return r
    if len(segs) == 5 and segs[2] == "items" and segs[4] == "permissions":
        return api.jresp(200, {"value": _perms(drive, segs[3])})
    if len(segs) == 5 and segs[2] == "items" and segs[4] == "content":
        item = _item(ctx, data, drive, segs[3])
        if item is None:
            return api.graph_error(404, "itemNotFound", "The resource could not be found.")
        where = item.get("redirect", "tenant")
        if where == "other":
            target = "https://evil.example.invalid/download/%s" % item["id"]
        elif where == "learned":
            target = "%s/_content/%s/%s?tempauth=emulated" % (
                ctx.base.replace("://127.0.0.1:", "://localhost:"), drive["id"], item["id"])
        else:
            target = "%s/_content/%s/%s?tempauth=emulated" % (ctx.base, drive["id"], item["id"])
        r = api.Resp(302, body=b"", ctype="text/plain")
        r.header("Location", target)
        return r
    return None


def _item(ctx, data, drive, item_id):
    """One item of a drive, through an index built once per drive list."""
    key = ("idx", "drives50" in ctx.flags, id(drive["items"]) if "drives50" in ctx.flags else None)
    if "drives50" not in ctx.flags:
        return next((it for it in drive["items"] if it["id"] == item_id), None)
    idx = data.setdefault("_index", {})
    if key not in idx:
        idx[key] = {it["id"]: it for it in drive["items"]}
    return idx[key].get(item_id)


def content(ctx, data, segs, api):
    """The pre-authenticated download URL: /_content/<drive>/<item>."""
    if len(segs) != 3 or segs[0] != "_content":
        return None
    drive = _find(ctx, data, segs[1])
    item = _item(ctx, data, drive, segs[2]) if drive else None
    if item is None:
        return api.Resp(404, body=b"not found", ctype="text/plain")
    r = api.Resp(200, body=_content(item), ctype="application/octet-stream")
    if item.get("stream"):
        r.stream = (None if item.get("chunked") else item["stream"], _stream(item["stream"]))
    return r

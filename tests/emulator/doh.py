"""DNS over HTTPS (RFC 8484) for the emulator: answers from fixture zones.

Stdlib only. The wire format (RFC 1035) is built by hand here because the
emulator must run without packages; the product reads it with ldns.

Zones come from a JSON fixture (fixtures/demo/dns.json):

    {"records": {"<name>": {"TXT": ["text", ["explicit", "strings"]],
                            "MX": [[10, "mail.example"]],
                            "CNAME": "target.example"}},
     "faults": {"<name>": "servfail" | "html" | "truncated" | "bigtxt"}}

A TXT value given as one string is split into 255-byte character-strings
(as a zone file must); a list gives the strings exactly. A name that is
not in "records" (after following CNAMEs) is NXDOMAIN; a name with records
but not of the asked type is NODATA (NOERROR, no answer). A fault applies
to its name and every name under it:

    servfail   rcode SERVFAIL
    html       HTTP 200 text/html sign-in page instead of a DNS message
    truncated  the right answer cut in half (a message that ends mid-record)
    bigtxt     TXT at the name: one ~64 KB record (250 strings of 255 bytes)
"""

import base64
import json
import struct

TYPES = {"A": 1, "CNAME": 5, "MX": 15, "TXT": 16, "AAAA": 28}
CLASS_IN = 1
DNS_CT = "application/dns-message"
HTML = b"<!DOCTYPE html><html><head><title>Sign in</title></head><body>Sign in to continue</body></html>"


class BadQuery(Exception):
    pass


def load_zones(path):
    """The fixture's records and faults, names lower-cased without the dot."""
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    recs = {k.lower().rstrip("."): v for k, v in d.get("records", {}).items()}
    faults = {k.lower().rstrip("."): v for k, v in d.get("faults", {}).items()}
    return {"records": recs, "faults": faults}


def encode_name(name):
    out = b""
    for label in [l for l in name.rstrip(".").split(".") if l]:
        b = label.encode("ascii")
        if len(b) > 63:
            raise ValueError("label too long: %r" % label)
        out += bytes([len(b)]) + b
    return out + b"\0"


def read_name(msg, off):
    """Reads an uncompressed name (queries never compress); (name, off)."""
    labels = []
    while True:
        if off >= len(msg):
            raise BadQuery("name runs past the end")
        n = msg[off]
        off += 1
        if n == 0:
            return ".".join(labels), off
        if n & 0xC0 or off + n > len(msg):
            raise BadQuery("bad label")
        labels.append(msg[off:off + n].decode("ascii", "replace"))
        off += n


def parse_query(msg):
    """(id, flags, qname, qtype, qclass, question bytes) of a query."""
    if len(msg) < 12:
        raise BadQuery("shorter than a header")
    qid, flags, qd, an, ns, ar = struct.unpack(">HHHHHH", msg[:12])
    if flags & 0x8000 or qd != 1:
        raise BadQuery("not a query with one question")
    name, off = read_name(msg, 12)
    if off + 4 > len(msg):
        raise BadQuery("question cut off")
    qtype, qclass = struct.unpack(">HH", msg[off:off + 4])
    return qid, flags, name.lower(), qtype, qclass, msg[12:off + 4]


def txt_rdata(value):
    strings = value if isinstance(value, list) else \
        [value[i:i + 255] for i in range(0, max(len(value), 1), 255)]
    out = b""
    for s in strings:
        b = s.encode("utf-8") if isinstance(s, str) else s
        if len(b) > 255:
            raise ValueError("a character-string is over 255 bytes")
        out += bytes([len(b)]) + b
    return out


def rr(name, rtype, rdata, ttl=300):
    return encode_name(name) + struct.pack(">HHIH", rtype, CLASS_IN, ttl, len(rdata)) + rdata


def fault_of(zones, name):
    for d, f in zones["faults"].items():
        if name == d or name.endswith("." + d):
            return f
    return None


def resolve(zones, name, qtype):
    """(rcode, [answer RR bytes]) following CNAMEs in the zones."""
    recs = zones["records"]
    answers = []
    seen = set()
    while True:
        node = recs.get(name)
        if node is None:
            return 3, answers            # NXDOMAIN (with any CNAMEs so far)
        if "CNAME" in node and qtype != TYPES["CNAME"]:
            if name in seen or len(seen) > 16:
                return 2, []             # a loop in the fixture: SERVFAIL
            seen.add(name)
            target = node["CNAME"].lower().rstrip(".")
            answers.append(rr(name, TYPES["CNAME"], encode_name(target)))
            name = target
            continue
        for tname, values in node.items():
            if TYPES.get(tname) != qtype:
                continue
            if tname == "TXT":
                for v in values:
                    answers.append(rr(name, qtype, txt_rdata(v)))
            elif tname == "MX":
                for pref, host in values:
                    answers.append(rr(name, qtype, struct.pack(">H", pref) + encode_name(host)))
            elif tname == "CNAME":
                answers.append(rr(name, qtype, encode_name(values)))
        return 0, answers


def message(qid, qflags, question, rcode, answers):
    flags = 0x8000 | (qflags & 0x7800) | (qflags & 0x0100) | 0x0080 | (rcode & 0xF)
    return struct.pack(">HHHHHH", qid, flags, 1, len(answers), 0, 0) + question + b"".join(answers)


def acceptable(accepts):
    """True unless an Accept header refuses application/dns-message (a
    client that sends its JSON default too would get JSON from some
    resolvers)."""
    for a in accepts:
        types = [t.split(";")[0].strip().lower() for t in a.split(",")]
        if not any(t in (DNS_CT, "*/*", "application/*") for t in types):
            return False
    return True


def answer(zones, method, body, query_params, content_type, accepts=()):
    """(HTTP status, content type, body bytes) for one DoH request."""
    if not acceptable(accepts):
        return 406, "text/plain", b"Not Acceptable: this resolver answers application/dns-message"
    if method == "POST":
        ct = (content_type or "").split(";")[0].strip().lower()
        if ct != DNS_CT:
            return 415, "text/plain", b"Unsupported Media Type: send application/dns-message"
        msg = body
    elif method == "GET":
        v = query_params.get("dns")
        if not v:
            return 400, "text/plain", b"missing dns parameter"
        try:
            msg = base64.urlsafe_b64decode(v + "=" * (-len(v) % 4))
        except ValueError:
            return 400, "text/plain", b"bad dns parameter"
    else:
        return 405, "text/plain", b"Method Not Allowed"
    try:
        qid, qflags, name, qtype, qclass, question = parse_query(msg)
    except BadQuery as e:
        return 400, "text/plain", ("bad DNS query: %s" % e).encode()
    fault = fault_of(zones, name)
    if fault == "html":
        return 200, "text/html; charset=utf-8", HTML
    if fault == "servfail":
        return 200, DNS_CT, message(qid, qflags, question, 2, [])
    if fault == "bigtxt" and qtype == TYPES["TXT"] and name in zones["faults"]:
        big = rr(name, qtype, txt_rdata(["a" * 255] * 250))
        return 200, DNS_CT, message(qid, qflags, question, 0, [big])
    rcode, answers = resolve(zones, name, qtype)
    out = message(qid, qflags, question, rcode, answers)
    if fault == "truncated":
        out = out[:max(13, len(out) // 2)]
    return 200, DNS_CT, out

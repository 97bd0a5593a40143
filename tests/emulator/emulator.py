#!/usr/bin/python3
"""portcullis local HTTPS provider emulator (test-only; never shipped).

One HTTPS server on 127.0.0.1 that imitates Microsoft 365 (Entra token +
Graph), Google Workspace (service-account token + Directory), GitHub, Slack,
Okta, Have I Been Pwned v3 and a small office website, with fault injection
selected by the first path segment (the "scenario"):

    https://127.0.0.1:PORT/<scenario>[~nonce]/<provider-prefix>/...

See README.md in this folder for the URL layout and the scenario list.
Python 3 standard library only.
"""

import argparse
import base64
import email.utils
import hashlib
import hmac
import http.server
import json
import os
import re
import secrets
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.parse

import devices
import doh
import drives
import forwarding
import gdrive
import types

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_FIXTURES = os.path.join(HERE, "fixtures", "demo")

# Fault scenarios (combinable with '+', e.g. "tenant20k+slow").
FAULTS = {
    "429", "429date", "429forever", "500once", "503once", "slow", "truncated",
    "badjson", "expired", "nonpremium", "denied", "googlequota", "loop",
    "tokenhtml", "notarray", "huge", "offhost", "httpredirect", "nointune",
    "nochromeos", "drivestorm", "drivetrunc", "drivefaults", "drivenodelta",
    "drivetenant", "drivesites403", "domainsdenied", "drivesbig", "drivescap",
} | forwarding.FAULTS | gdrive.FLAGS
DATASETS = {"tenant20k", "devices5k", "drives50", gdrive.BIG}
# Faults decided before the provider handler runs (apply to every request).
PRE_FAULTS = {"httpredirect", "429", "429date", "429forever", "500once", "503once"}
KNOWN_FLAGS = FAULTS | DATASETS

PROVIDERS = ("m365login", "graph", "google", "github", "slack", "okta", "hibp", "site", "dns")

SLOW_SECONDS = 3.0
HUGE_BYTES = 50 * 1024 * 1024
TENANT_N = 20000
OFFHOST = "https://evil.example.invalid"
GOOGLE_SCOPE_USER_RO = "https://www.googleapis.com/auth/admin.directory.user.readonly"
GRAPH_SCOPE = "https://graph.microsoft.com/.default"
MAX_BODY = 8 * 1024 * 1024

# Query parameters whose values never reach the log.
SECRET_PARAM = re.compile(r"(secret|token|assertion|key|password|code|sig|auth|cursor|after)", re.I)


def log(msg):
    try:
        sys.stderr.write("emulator: %s\n" % msg)
        sys.stderr.flush()
    except Exception:
        pass


def now_iso():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def b64u_enc(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode("ascii")


def b64u_dec(s):
    if isinstance(s, str):
        s = s.encode("ascii")
    return base64.urlsafe_b64decode(s + b"=" * (-len(s) % 4))


def enc_cursor(prefix, offset):
    """Opaque-looking, stable cursor for an offset."""
    raw = ("%s:%d" % (prefix, offset)).encode()
    tag = hashlib.sha256(b"portcullis-emulator" + raw).digest()[:6]
    return b64u_enc(raw + tag)


def dec_cursor(prefix, token):
    try:
        raw = b64u_dec(token)
        body, tag = raw[:-6], raw[-6:]
        if hashlib.sha256(b"portcullis-emulator" + body).digest()[:6] != tag:
            return None
        p, _, off = body.decode().partition(":")
        if p != prefix:
            return None
        off = int(off)
        return off if off >= 0 else None
    except Exception:
        return None


# --------------------------------------------------------------------------
# Responses


class Resp:
    """A response under construction. `obj` is serialised as JSON at send
    time so post-processing faults (notarray, huge, badjson) can change it."""

    def __init__(self, status=200, obj=None, body=None, headers=None,
                 ctype="application/json; charset=utf-8"):
        self.status = status
        self.obj = obj
        self.body = body          # bytes; used when obj is None
        self.headers = list(headers or [])
        self.ctype = ctype
        self.is_data = False      # a data page (slow/truncated/badjson/huge apply)
        self.page = 0             # 1-based page / data-request index
        self.list_key = None      # "" top-level array, "value"/"users"/... , None: not a list
        self.stream = None        # (length, iterator of bytes)
        self.truncate = False
        self.corrupt = False

    def header(self, k, v):
        self.headers.append((k, str(v)))
        return self

    def payload(self):
        if self.obj is not None:
            return json.dumps(self.obj, separators=(",", ":")).encode()
        return self.body if self.body is not None else b""


def jresp(status, obj, *headers):
    return Resp(status, obj=obj, headers=headers)


def html_signin():
    return Resp(200, body=b"<html><head><title>Sign in</title></head><body>Sign in</body></html>",
                ctype="text/html; charset=utf-8")


# --------------------------------------------------------------------------
# Provider error shapes


def graph_error(status, code, message):
    return jresp(status, {"error": {"code": code, "message": message, "innerError": {
        "date": now_iso(), "request-id": _uuid(), "client-request-id": _uuid()}}})


def entra_error(status, error, code, desc):
    return jresp(status, {
        "error": error,
        "error_description": "AADSTS%d: %s Trace ID: %s Correlation ID: %s Timestamp: %s" % (
            code, desc, _uuid(), _uuid(), time.strftime("%Y-%m-%d %H:%M:%SZ", time.gmtime())),
        "error_codes": [code], "timestamp": time.strftime("%Y-%m-%d %H:%M:%SZ", time.gmtime()),
        "trace_id": _uuid(), "correlation_id": _uuid(),
        "error_uri": "https://login.microsoftonline.com/error?code=%d" % code})


def google_error(status, message, reason, domain="global", gstatus=None, extra=None):
    err = {"message": message, "domain": domain, "reason": reason}
    if extra:
        err.update(extra)
    body = {"error": {"code": status, "message": message, "errors": [err]}}
    if gstatus:
        body["error"]["status"] = gstatus
    return jresp(status, body)


def github_error(status, message, doc="https://docs.github.com/rest"):
    return jresp(status, {"message": message, "documentation_url": doc, "status": str(status)})


def okta_error(status, code, summary):
    return jresp(status, {"errorCode": code, "errorSummary": summary, "errorLink": code,
                          "errorId": "oae" + secrets.token_hex(10), "errorCauses": []})


def hibp_error(status, message):
    return jresp(status, {"statusCode": status, "message": message})


def slack_error(error, status=200, **extra):
    body = {"ok": False, "error": error}
    body.update(extra)
    return jresp(status, body)


def _uuid():
    h = secrets.token_hex(16)
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def fault_response(provider, status, retry_after=None):
    """A 429/500/503 in the provider's own shape."""
    if status == 429:
        if provider == "graph":
            r = graph_error(429, "TooManyRequests", "Too many requests. Please retry after the time in Retry-After.")
        elif provider == "m365login":
            r = jresp(429, {"error": "temporarily_unavailable", "error_description": "AADSTS90055: Too many requests."})
        elif provider == "google":
            r = google_error(429, "Rate Limit Exceeded", "rateLimitExceeded", "usageLimits", "RESOURCE_EXHAUSTED")
        elif provider == "github":
            r = github_error(429, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
                             "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api")
            r.header("x-ratelimit-remaining", "0")
        elif provider == "slack":
            r = slack_error("ratelimited", 429)
        elif provider == "okta":
            r = okta_error(429, "E0000047", "API call exceeded rate limit due to too many requests.")
            r.header("X-Rate-Limit-Remaining", "0")
        elif provider == "hibp":
            r = hibp_error(429, "Rate limit is exceeded. Try again in 1 seconds.")
        else:
            r = Resp(429, body=b"<html><body>Too Many Requests</body></html>", ctype="text/html")
        if retry_after is not None:
            r.header("Retry-After", retry_after)
        return r
    text = "Internal Server Error" if status == 500 else "Service Unavailable"
    if provider == "graph":
        return graph_error(status, "InternalServerError" if status == 500 else "ServiceUnavailable", text)
    if provider == "m365login":
        return jresp(status, {"error": "temporarily_unavailable", "error_description": "AADSTS50196: " + text})
    if provider == "google":
        return google_error(status, "Backend Error" if status == 500 else text,
                            "backendError", "global", "INTERNAL" if status == 500 else "UNAVAILABLE")
    if provider == "github":
        return github_error(status, text)
    if provider == "slack":
        return slack_error("internal_error" if status == 500 else "service_unavailable", status)
    if provider == "okta":
        return okta_error(status, "E0000009", "Internal Server Error")
    if provider == "hibp":
        return hibp_error(status, text)
    return Resp(status, body=("<html><body>%s</body></html>" % text).encode(), ctype="text/html")


# --------------------------------------------------------------------------
# Data sets: the demo fixtures and the generated 20k tenant


class Gen:
    """Lazy deterministic sequence: len() and indexing/slicing generate items."""

    def __init__(self, idx, fn):
        self.idx = idx      # list/range of tenant indices
        self.fn = fn

    def __len__(self):
        return len(self.idx)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self.fn(i) for i in self.idx[k]]
        return self.fn(self.idx[k])

    def __iter__(self):
        for i in self.idx:
            yield self.fn(i)


def t_nomfa(i):
    return i % 20 == 7


def t_sms(i):
    return i % 20 == 11


def t_admin(i):
    return i % 500 in (0, 7)


def t_email(i):
    return "user%05d@parliament.uk" % i


class Fixtures:
    def __init__(self, path, certdir):
        def load(name):
            with open(os.path.join(path, name), encoding="utf-8") as f:
                return json.load(f)
        self.m365 = load("m365.json")
        self.google = load("google.json")
        self.github = load("github.json")
        self.slack = load("slack.json")
        self.okta = load("okta.json")
        self.hibp = load("hibp.json")
        self.devices = devices.load(path)
        self.drives = drives.load(path)
        self.forwarding = forwarding.load(path)
        self.gdrive = gdrive.load(path)
        dns_zones = os.path.join(path, "dns.json")
        self.dns = doh.load_zones(dns_zones) if os.path.exists(dns_zones) else \
            {"records": {}, "faults": {}}
        self.site = {}
        sitedir = os.path.join(path, "site")
        if os.path.isdir(sitedir):
            for name in os.listdir(sitedir):
                if re.fullmatch(r"[A-Za-z0-9._-]+", name):
                    with open(os.path.join(sitedir, name), "rb") as f:
                        self.site[name] = f.read()
        self.m365_by_key = {}
        for u in self.m365["users"]:
            self.m365_by_key[u["id"].lower()] = u
            self.m365_by_key[u["userPrincipalName"].lower()] = u
        self.okta_by_key = {}
        for u in self.okta["users"]:
            self.okta_by_key[u["id"]] = u
            self.okta_by_key[u["profile"]["login"].lower()] = u
        self.google_by_email = {u["primaryEmail"].lower(): u for u in self.google["users"]}
        # Google service account (generated by make-ca.sh).
        self.sa_email = None
        self.sa_key_id = None
        self.sa_n = None
        self.sa_e = None
        sa_json = os.path.join(certdir, "google-sa.json")
        sa_pub = os.path.join(certdir, "google-sa.pub.pem")
        if os.path.exists(sa_json) and os.path.exists(sa_pub):
            with open(sa_json, encoding="utf-8") as f:
                sa = json.load(f)
            self.sa_email = sa.get("client_email")
            self.sa_key_id = sa.get("private_key_id")
            self.sa_n, self.sa_e = rsa_public_numbers(sa_pub)
        else:
            log("warning: %s missing; Google token requests will fail" % sa_json)
        self._cache = {}
        self._cache_lock = threading.Lock()

    def cached(self, key, build):
        with self._cache_lock:
            if key in self._cache:
                return self._cache[key]
        v = build()
        with self._cache_lock:
            self._cache[key] = v
        return v


def rsa_public_numbers(pub_pem_path):
    """(n, e) of an RSA public key, read with the openssl CLI once at start."""
    out = subprocess.run(["openssl", "pkey", "-pubin", "-in", pub_pem_path, "-noout", "-text"],
                         check=True, capture_output=True, text=True).stdout
    m = re.search(r"Modulus:\s*\n((?:\s+[0-9a-f:]+\n)+)", out)
    e = re.search(r"Exponent:\s*(\d+)", out)
    if not m or not e:
        raise RuntimeError("cannot parse RSA public key %s" % pub_pem_path)
    n = int(re.sub(r"[^0-9a-f]", "", m.group(1)), 16)
    return n, int(e.group(1))


SHA256_DIGESTINFO = bytes.fromhex("3031300d060960864801650304020105000420")


def rsa_pkcs1v15_sha256_verify(n, e, msg, sig):
    k = (n.bit_length() + 7) // 8
    if len(sig) != k:
        return False
    s = int.from_bytes(sig, "big")
    if s >= n:
        return False
    em = pow(s, e, n).to_bytes(k, "big")
    t = SHA256_DIGESTINFO + hashlib.sha256(msg).digest()
    expected = b"\x00\x01" + b"\xff" * (k - len(t) - 3) + b"\x00" + t
    return hmac.compare_digest(em, expected)


# --------------------------------------------------------------------------
# Scenario state


class Scenario:
    def __init__(self, seg):
        self.seg = seg
        base = seg.split("~", 1)[0]
        self.flags = set(f for f in base.split("+") if f and f != "ok")
        self.valid = bool(re.fullmatch(r"[A-Za-z0-9+._-]+(~[A-Za-z0-9._-]*)?", seg)) and \
            self.flags <= KNOWN_FLAGS and base != ""
        self.lock = threading.Lock()
        self.tokens = {}
        self.reset()

    def reset(self):
        with self.lock:
            self.requests = 0
            self.by_path = {}
            self.by_status = {}
            self.counts = {}
            self.expired_done = set()

    def bump(self, key):
        """Increment a counter and return its previous value."""
        with self.lock:
            n = self.counts.get(key, 0)
            self.counts[key] = n + 1
            return n


STATE = {}
STATE_LOCK = threading.Lock()


def scenario(seg):
    with STATE_LOCK:
        s = STATE.get(seg)
        if s is None:
            s = STATE[seg] = Scenario(seg)
        return s


# --------------------------------------------------------------------------
# Per-request context


class Ctx:
    def __init__(self, handler, method, scen, provider, rest, query_str, body, port):
        self.h = handler
        self.method = method
        self.scen = scen
        self.flags = scen.flags
        self.provider = provider
        self.rest = rest                       # path segments after the provider prefix (decoded)
        self.query_str = query_str
        self.q = {}
        for k, v in urllib.parse.parse_qsl(query_str, keep_blank_values=True):
            self.q.setdefault(k, v)
        self.body = body
        self.headers = handler.headers
        host = handler.headers.get("Host", "")
        if not re.fullmatch(r"(127\.0\.0\.1|localhost):%d" % port, host):
            host = "127.0.0.1:%d" % port
        self.origin = "https://" + host
        self.raw_path = handler.path.split("?", 1)[0]
        self.full_url = self.origin + handler.path
        self.base = "%s/%s/%s" % (self.origin, scen.seg, provider)
        self.t20k = "tenant20k" in scen.flags

    def hdr(self, name):
        return self.headers.get(name)

    def bearer(self, schemes=("bearer",)):
        a = self.headers.get("Authorization") or ""
        sch, _, tok = a.strip().partition(" ")
        if sch.lower() in schemes and tok.strip():
            return tok.strip()
        return None

    def form(self):
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/json":
            try:
                d = json.loads(self.body or b"{}")
                return {k: str(v) for k, v in d.items()} if isinstance(d, dict) else {}
            except ValueError:
                return {}
        return dict(urllib.parse.parse_qsl(self.body.decode("utf-8", "replace"), keep_blank_values=True))

    def next_url(self, params):
        """Absolute URL of this path with query `params` (list of (k, v)),
        bent by the loop/offhost faults."""
        if "loop" in self.flags:
            return self.full_url
        qs = "&".join("%s=%s" % (urllib.parse.quote(k, safe="$"), urllib.parse.quote(str(v), safe=""))
                      for k, v in params)
        url = self.origin + self.raw_path + ("?" + qs if qs else "")
        if "offhost" in self.flags:
            url = OFFHOST + self.raw_path + ("?" + qs if qs else "")
        return url

    def params_without(self, *names):
        return [(k, v) for k, v in urllib.parse.parse_qsl(self.query_str, keep_blank_values=True)
                if k not in names]

    def data_counter(self):
        """1-based index of this data request among unpaged requests of this provider."""
        return self.scen.bump(("data", self.provider)) + 1


def page_slice(items, offset, size):
    return items[offset:offset + size]


def mark_page(resp, page, list_key):
    resp.is_data = True
    resp.page = page
    resp.list_key = list_key
    return resp


def parse_int(v, default):
    try:
        return int(v)
    except (TypeError, ValueError):
        return default


# --------------------------------------------------------------------------
# Tokens (M365 / Google)


def issue_token(ctx, provider, prefix, ttl=3599, **info):
    tok = prefix + secrets.token_urlsafe(24)
    with ctx.scen.lock:
        ctx.scen.tokens[tok] = dict(provider=provider, exp=time.time() + ttl, dead=False, **info)
    return tok


def check_token(ctx, provider, tok):
    """Returns (info, None) or (None, reason) where reason in missing/invalid/expired."""
    if not tok:
        return None, "missing"
    with ctx.scen.lock:
        info = ctx.scen.tokens.get(tok)
        if not info or info["provider"] != provider:
            return None, "invalid"
        if info["dead"] or info["exp"] < time.time():
            return None, "expired"
        if "expired" in ctx.flags and provider not in ctx.scen.expired_done:
            # The first data request after the scenario's first token issue
            # finds that token expired; a newly issued token then works.
            ctx.scen.expired_done.add(provider)
            info["dead"] = True
            return None, "expired"
    return info, None


# --------------------------------------------------------------------------
# Microsoft 365: login + Graph


def m365_login(ctx, fx):
    if ctx.method != "POST" or ctx.rest[1:] != ["oauth2", "v2.0", "token"]:
        return entra_error(404, "invalid_request", 90002, "Unknown endpoint.") if ctx.method == "POST" \
            else Resp(405, body=b"Method Not Allowed", ctype="text/plain")
    if "tokenhtml" in ctx.flags:
        return html_signin()
    m = fx.m365
    tenant = ctx.rest[0] if ctx.rest else ""
    if tenant.lower() not in (m["tenant"].lower(), m["tenant_id"].lower()):
        return entra_error(400, "invalid_request", 90002,
                           "Tenant '%s' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud." % tenant[:64])
    f = ctx.form()
    if f.get("grant_type") != "client_credentials":
        return entra_error(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.")
    if f.get("client_id") != m["client_id"]:
        return entra_error(400, "unauthorized_client", 700016,
                           "Application with identifier '%s' was not found in the directory '%s'." % (f.get("client_id", "")[:64], m["tenant"]))
    if f.get("scope") != GRAPH_SCOPE:
        return entra_error(400, "invalid_scope", 1002012,
                           "The provided value for scope %s is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI)." % f.get("scope", "")[:100])
    if "client_secret" not in f and "client_assertion" not in f:
        return entra_error(401, "invalid_client", 7000216,
                           "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.")
    if not hmac.compare_digest(f.get("client_secret", "").encode(), m["client_secret"].encode()):
        return entra_error(401, "invalid_client", 7000215,
                           "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '%s'." % m["client_id"])
    tok = issue_token(ctx, "m365", "test-m365-access-")
    return jresp(200, {"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": tok})


METHOD_REG = {
    "microsoftAuthenticatorAuthenticationMethod": "microsoftAuthenticatorPush",
    "phoneAuthenticationMethod": "mobilePhone",
    "fido2AuthenticationMethod": "fido2",
    "softwareOathAuthenticationMethod": "softwareOneTimePasscode",
    "emailAuthenticationMethod": "email",
    "windowsHelloForBusinessAuthenticationMethod": "windowsHelloForBusiness",
    "temporaryAccessPassAuthenticationMethod": "temporaryAccessPass",
}
MFA_REGS = {"microsoftAuthenticatorPush", "mobilePhone", "fido2", "softwareOneTimePasscode", "windowsHelloForBusiness"}
PREFERRED = [("fido2", "fido2"), ("microsoftAuthenticatorPush", "push"), ("softwareOneTimePasscode", "oath"),
             ("windowsHelloForBusiness", "windowsHelloForBusiness"), ("mobilePhone", "sms")]


def reg_detail(u):
    regs = []
    for meth in u["methods"]:
        r = METHOD_REG.get(meth["@odata.type"].rsplit(".", 1)[-1])
        if r and r not in regs:
            regs.append(r)
    mfa = any(r in MFA_REGS for r in regs)
    pref = next((p for r, p in PREFERRED if r in regs), "none")
    return {
        "id": u["id"],
        "userPrincipalName": u["userPrincipalName"],
        "userDisplayName": u["displayName"],
        "userType": "guest" if u["userType"].lower() == "guest" else "member",
        "isAdmin": bool(u.get("isAdmin")),
        "isSsprRegistered": any(r in ("mobilePhone", "email", "microsoftAuthenticatorPush") for r in regs),
        "isSsprEnabled": False,
        "isSsprCapable": False,
        "isMfaRegistered": mfa,
        "isMfaCapable": mfa,
        "isPasswordlessCapable": any(r in ("fido2", "windowsHelloForBusiness") for r in regs),
        "methodsRegistered": regs,
        "isSystemPreferredAuthenticationMethodEnabled": False,
        "systemPreferredAuthenticationMethods": [],
        "userPreferredMethodForSecondaryAuthentication": pref if mfa else "none",
        "defaultMfaMethod": pref if mfa else "none",
        "lastUpdatedDateTime": "2025-10-31T06:00:00.0000000Z",
    }


def t_m365_id(i):
    return "7e570000-0000-4000-8000-%012d" % i


def t_m365_user(i):
    methods = [{"@odata.type": "#microsoft.graph.passwordAuthenticationMethod",
                "id": "28c10230-6103-485e-b985-444c60001490", "password": None,
                "createdDateTime": "2023-01-01T00:00:00Z"}]
    if t_sms(i):
        methods.append({"@odata.type": "#microsoft.graph.phoneAuthenticationMethod",
                        "id": "3179e48a-750b-4051-897c-87b9720928f7", "phoneNumber": "+44 7700900%03d" % (i % 1000),
                        "phoneType": "mobile", "smsSignInState": "notAllowedByPolicy"})
    elif not t_nomfa(i):
        methods.append({"@odata.type": "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod",
                        "id": "7a000000-0000-4000-8000-%012d" % i, "displayName": "Phone %d" % i,
                        "deviceTag": "SoftwareTokenActivated", "phoneAppVersion": "6.8.2",
                        "createdDateTime": "2023-01-01T00:00:00Z"})
    email = t_email(i)
    return {"id": t_m365_id(i), "userPrincipalName": email, "displayName": "User %05d" % i, "mail": email,
            "userType": "Member", "accountEnabled": True, "isAdmin": t_admin(i), "methods": methods}


def m365_users(ctx, fx):
    if ctx.t20k:
        return Gen(range(TENANT_N), t_m365_user)
    if "drives50" in ctx.flags:
        return drives.users(ctx, fx.drives)
    return fx.m365["users"] + drives.users(ctx, fx.drives)


def m365_user(ctx, fx, key):
    key = urllib.parse.unquote(key).lower()
    if ctx.t20k:
        m = re.fullmatch(r"7e570000-0000-4000-8000-(\d{12})", key) or re.fullmatch(r"user(\d{5})@parliament\.uk", key)
        if m and int(m.group(1)) < TENANT_N:
            return t_m365_user(int(m.group(1)))
        return None
    return fx.m365_by_key.get(key)


E5_SKU = "06ebc4ee-1bb5-47dd-8120-11324bc54e06"
USER_DEFAULT_PROPS = ["businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone",
                      "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id"]


def graph_user_obj(u):
    given, _, sur = u["displayName"].partition(" ")
    return {"businessPhones": [], "displayName": u["displayName"], "givenName": given, "jobTitle": None,
            "mail": u.get("mail"), "mobilePhone": None, "officeLocation": None, "preferredLanguage": "en-GB",
            "surname": sur or None, "userPrincipalName": u["userPrincipalName"], "id": u["id"],
            "accountEnabled": u["accountEnabled"], "userType": u["userType"],
            # members hold a licence unless the fixture says otherwise
            "assignedLicenses": u.get("assignedLicenses", [{"disabledPlans": [], "skuId": E5_SKU}]
                                      if u["userType"] == "Member" else [])}


ODATA_EQ = re.compile(r"^\s*([A-Za-z]+)\s+eq\s+(true|false|'[^']*')\s*$", re.I)


def odata_filter(expr, allowed):
    """Tiny $filter: `prop eq value` joined with ' and '. Returns predicate or None if unsupported."""
    if not expr:
        return lambda o: True
    terms = []
    for part in re.split(r"\s+and\s+", expr.strip(), flags=re.I):
        m = ODATA_EQ.match(part)
        if not m or m.group(1) not in allowed:
            return None
        v = m.group(2)
        val = (v.lower() == "true") if v.lower() in ("true", "false") else v[1:-1]
        terms.append((m.group(1), val))

    def pred(o):
        for k, v in terms:
            ov = o.get(k)
            if isinstance(v, str) and isinstance(ov, str):
                if ov.lower() != v.lower():
                    return False
            elif ov != v:
                return False
        return True
    return pred


def graph_paged(ctx, items, default_size, max_size, context, cache_key, select=None):
    skip = 0
    tok = ctx.q.get("$skiptoken")
    if tok is not None:
        skip = dec_cursor("graph", tok)
        if skip is None:
            return graph_error(400, "Request_BadRequest", "Invalid $skiptoken value.")
    top = parse_int(ctx.q.get("$top"), default_size)
    if top < 1:
        return graph_error(400, "Request_BadRequest", "Invalid page size specified: '%s'." % ctx.q.get("$top"))
    size = min(top, max_size)
    page = page_slice(items, skip, size)
    if select:
        page = [{k: o.get(k) for k in select} for o in page]
    body = {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#" + context, "value": page}
    if skip + size < len(items):
        body["@odata.nextLink"] = ctx.next_url(ctx.params_without("$skiptoken") + [("$skiptoken", enc_cursor("graph", skip + size))])
    return mark_page(jresp(200, body), skip // size + 1, "value")


def graph_route(ctx, fx, method, segs, q, inner=False):
    """Graph request after auth. segs: path segments after the version."""
    fr = forwarding.graph_route(ctx, fx, method, segs, q, inner)
    if fr is not None:
        return fr
    m = fx.m365
    demo_size = m.get("page_size", 2)
    denied = "denied" in ctx.flags
    path = "/".join(segs)
    r = drives.route(ctx, fx.drives, method, segs, q, DRIVES_API)
    if r is not None:
        return r
    if method == "GET" and path == "reports/authenticationMethods/userRegistrationDetails":
        if "nonpremium" in ctx.flags:
            return graph_error(403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
                               "Neither tenant is B2C or tenant doesn't have premium license")
        if denied:
            return graph_error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
        allowed = {"isAdmin", "isMfaRegistered", "isMfaCapable", "isSsprRegistered", "isSsprEnabled", "isSsprCapable",
                   "isPasswordlessCapable", "userType", "userPrincipalName", "userDisplayName"}
        pred = odata_filter(q.get("$filter"), allowed)
        if pred is None:
            return graph_error(400, "badRequest", "Invalid filter clause")

        def build():
            src = m365_users(ctx, fx)
            rows = (reg_detail(u) for u in src if u["accountEnabled"])
            return [r for r in rows if pred(r)]
        items = fx.cached(("regdetails", ctx.t20k, q.get("$filter")), build)
        if ctx.t20k:
            return graph_paged(ctx, items, 200, 999, "reports/authenticationMethods/userRegistrationDetails", None)
        return graph_paged(ctx, items, demo_size, demo_size, "reports/authenticationMethods/userRegistrationDetails", None)
    if method == "GET" and path == "users":
        if denied:
            return graph_error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
        allowed = {"accountEnabled", "userType", "userPrincipalName", "displayName", "mail"}
        pred = odata_filter(q.get("$filter"), allowed)
        if pred is None:
            return graph_error(400, "Request_UnsupportedQuery", "Unsupported or invalid query filter clause specified.")
        select = [s.strip() for s in q.get("$select", "").split(",") if s.strip()] or USER_DEFAULT_PROPS
        items = fx.cached(("users", ctx.t20k, q.get("$filter"), tuple(sorted(ctx.flags & {"drivetenant", "drives50"}))),
                          lambda: [o for o in (graph_user_obj(u) for u in m365_users(ctx, fx)) if pred(o)])
        if ctx.t20k or "drives50" in ctx.flags:
            return graph_paged(ctx, items, 100, 999, "users", None, select)
        return graph_paged(ctx, items, demo_size, demo_size, "users", None, select)
    if method == "GET" and len(segs) in (2, 4) and segs[0] == "users" and \
            (len(segs) == 2 or segs[2:] == ["authentication", "methods"]):
        if denied:
            return graph_error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
        u = m365_user(ctx, fx, segs[1])
        if u is None:
            return graph_error(404, "Request_ResourceNotFound",
                               "Resource '%s' does not exist or one of its queried reference-property objects are not present." % segs[1][:80])
        if len(segs) == 2:
            r = jresp(200, dict(graph_user_obj(u), **{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users/$entity"}))
            return mark_page(r, 0 if inner else ctx.data_counter(), None)
        body = {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users('%s')/authentication/methods" % u["id"],
                "value": u["methods"]}
        return mark_page(jresp(200, body), 0 if inner else ctx.data_counter(), "value")
    if method == "GET" and segs and segs[0] == "directoryRoles" and len(segs) in (1, 3) and \
            (len(segs) == 1 or segs[2] == "members"):
        if denied:
            return graph_error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
        roles = m.get("directory_roles", [])
        if len(segs) == 1:
            body = {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#directoryRoles",
                    "value": [{k: v for k, v in r.items() if k != "members"} for r in roles]}
            return mark_page(jresp(200, body), 0 if inner else ctx.data_counter(), "value")
        role = next((r for r in roles if r["id"] == segs[1] or r["roleTemplateId"] == segs[1]), None)
        if role is None:
            return graph_error(404, "Request_ResourceNotFound", "Resource '%s' does not exist." % segs[1][:80])
        if ctx.t20k:
            admins = [i for i in range(TENANT_N) if t_admin(i) and
                      ((i % 500 == 0) == (role["roleTemplateId"] == "62e90394-69f5-4237-9190-012177145e10"))]
            members = [t_m365_user(i) for i in admins]
        else:
            members = [fx.m365_by_key[i.lower()] for i in role["members"] if i.lower() in fx.m365_by_key]
        vals = [dict({"@odata.type": "#microsoft.graph.user"}, **graph_user_obj(u)) for u in members]
        body = {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#directoryObjects", "value": vals}
        return mark_page(jresp(200, body), 0 if inner else ctx.data_counter(), "value")
    if method == "GET" and path == "deviceManagement/managedDevices":
        return intune_devices(ctx, fx, q)
    if method == "GET" and path == "policies/identitySecurityDefaultsEnforcementPolicy":
        if denied:
            return graph_error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
        body = {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#policies/identitySecurityDefaultsEnforcementPolicy/$entity",
                "id": "00000000-0000-0000-0000-000000000005", "displayName": "Security Defaults",
                "description": "Security defaults is a set of basic identity security mechanisms recommended by Microsoft.",
                "isEnabled": bool(m.get("security_defaults_enabled"))}
        return mark_page(jresp(200, body), 0 if inner else ctx.data_counter(), None)
    if method == "GET" and path == "identity/conditionalAccess/policies":
        if denied:
            return graph_error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
        pols = [] if ("nonpremium" in ctx.flags or ctx.t20k) else m.get("conditional_access_policies", [])
        body = {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies",
                "value": pols}
        return mark_page(jresp(200, body), 0 if inner else ctx.data_counter(), "value")
    return graph_error(400, "BadRequest", "Resource not found for the segment '%s'." % (segs[-1] if segs else ""))


def intune_devices(ctx, fx, q):
    """Intune managedDevices: $select, $top (1-1000), $skiptoken paging."""
    if "nointune" in ctx.flags:
        return graph_error(400, "BadRequest", "Request not applicable to target tenant.")
    if "denied" in ctx.flags:
        return graph_error(403, "Forbidden", "Application is not authorized to perform this operation. Application "
                           "must have one of the following scopes: DeviceManagementManagedDevices.Read.All, "
                           "DeviceManagementManagedDevices.ReadWrite.All")
    select = [x.strip() for x in q.get("$select", "").split(",") if x.strip()]
    bad = [x for x in select if x not in devices.SELECT_OK]
    if bad:
        return graph_error(400, "BadRequest", "Could not find a property named '%s' on type "
                           "'microsoft.graph.managedDevice'." % bad[0][:80])
    big = "devices5k" in ctx.flags
    items = devices.intune_items(fx.devices, big)
    size = 1000 if big else fx.m365.get("page_size", 2)
    return graph_paged(ctx, items, size, size, "deviceManagement/managedDevices", None, select or None)


def google_device_list(ctx, fx, info, segs):
    """Directory mobile / ChromeOS device lists for one customer."""
    kind = segs[6]
    scope = devices.SCOPE_MOBILE if kind == "mobile" else devices.SCOPE_CHROMEOS
    sub = (info.get("sub") or "").lower()
    u = fx.google_by_email.get(sub) or {}
    if "denied" in ctx.flags or not (u.get("isAdmin") or u.get("isDelegatedAdmin")) or \
            scope not in info.get("scopes", []):
        return google_error(403, "Not Authorized to access this resource/api", "forbidden", "global", "PERMISSION_DENIED")
    if "googlequota" in ctx.flags and ctx.scen.bump(("gquota", ctx.h.path)) < 2:
        return google_error(403, "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' "
                            "of service 'admin.googleapis.com'.", "userRateLimitExceeded", "usageLimits", "PERMISSION_DENIED")
    if segs[4] not in ("my_customer", fx.google["customer_id"]):
        return google_error(400, "Bad Request", "badRequest")
    limit = 100 if kind == "mobile" else 300
    max_results = parse_int(ctx.q.get("maxResults"), limit)
    if max_results < 1 or max_results > limit:
        return google_error(400, "Invalid value '%s'. Values must be within the range: [1, %d]"
                            % (ctx.q.get("maxResults"), limit), "invalid", "global", "INVALID_ARGUMENT")
    if kind == "chromeos" and ctx.q.get("projection", "FULL").upper() not in ("FULL", "BASIC"):
        return google_error(400, "Invalid value for projection", "invalid")
    big = "devices5k" in ctx.flags
    items = devices.google_items(fx.devices, kind, big)
    size = max_results if big else min(max_results, fx.google.get("page_size", 2))
    off = 0
    if ctx.q.get("pageToken"):
        off = dec_cursor("google", ctx.q["pageToken"])
        if off is None:
            return google_error(400, "Invalid Input: pageToken", "invalid")
    page = page_slice(items, off, size)
    key = "mobiledevices" if kind == "mobile" else "chromeosdevices"
    if kind == "chromeos" and ctx.q.get("projection", "BASIC").upper() != "FULL":
        page = [{k: v for k, v in d.items() if k not in ("autoUpdateThrough", "autoUpdateExpiration",
                                                         "recentUsers", "osUpdateStatus")} for d in page]
    body = {"kind": "admin#directory#" + key, "etag": '"%s"' % hashlib.sha1(str(off).encode()).hexdigest()}
    if page:
        body[key] = page
    if "loop" in ctx.flags:
        body["nextPageToken"] = ctx.q.get("pageToken") or enc_cursor("google", 0)
    elif off + size < len(items):
        body["nextPageToken"] = enc_cursor("google", off + size)
    return mark_page(jresp(200, body), off // size + 1, key)


def graph(ctx, fx):
    if ctx.rest and ctx.rest[0] == "_content":  # pre-authenticated download
        return drives.content(ctx, fx.drives, ctx.rest, DRIVES_API)
    if not ctx.rest or ctx.rest[0] != "v1.0":
        return graph_error(400, "BadRequest", "Invalid version.")
    tok = ctx.bearer()
    info, why = check_token(ctx, "m365", tok)
    if not info:
        msg = {"missing": "Access token is empty.",
               "invalid": "IDX14100: JWT is not well formed, there are no dots (.).",
               "expired": "Lifetime validation failed, the token is expired."}[why]
        r = graph_error(401, "InvalidAuthenticationToken", msg)
        r.header("WWW-Authenticate", 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", '
                 'client_id="00000003-0000-0000-c000-000000000000", error="invalid_token"')
        return r
    segs = ctx.rest[1:]
    if segs == ["$batch"]:
        if ctx.method != "POST":
            return graph_error(405, "Request_BadRequest", "Method not allowed.")
        return graph_batch(ctx, fx)
    return graph_route(ctx, fx, ctx.method, segs, ctx.q)


DRIVES_API = types.SimpleNamespace(jresp=jresp, graph_error=graph_error, Resp=Resp,
                                   fault=lambda status, ra: fault_response("graph", status, ra))


def graph_batch(ctx, fx):
    try:
        req = json.loads(ctx.body or b"")
    except ValueError:
        return graph_error(400, "BadRequest", "Invalid JSON batch request body.")
    reqs = req.get("requests") if isinstance(req, dict) else None
    if not isinstance(reqs, list) or not reqs:
        return graph_error(400, "BadRequest", "Invalid batch payload format.")
    if len(reqs) > 20:
        return graph_error(400, "BadRequest", "Too many requests in the batch. The maximum is 20.")
    ids = set()
    out = []
    for r in reqs:
        if not isinstance(r, dict) or not isinstance(r.get("id"), str) or not isinstance(r.get("url"), str):
            return graph_error(400, "BadRequest", "Invalid batch payload format.")
        if r["id"] in ids:
            return graph_error(400, "BadRequest", "Batch request contains duplicate request ids.")
        ids.add(r["id"])
        method = str(r.get("method", "GET")).upper()
        url = r["url"]
        if url.startswith("https://") or url.startswith("http://"):
            sub = graph_error(400, "BadRequest", "Batch request urls must be relative.")
        else:
            p, _, qs = url.lstrip("/").partition("?")
            if p.startswith("v1.0/"):
                p = p[5:]
            segs = [urllib.parse.unquote(s) for s in p.split("/") if s]
            q = dict(urllib.parse.parse_qsl(qs, keep_blank_values=True))
            sub = None
            if ctx.flags & {"429", "429date", "429forever", "drivestorm"}:
                n = ctx.scen.bump(("batch429", method, url))
                if "429forever" in ctx.flags or n < 2:
                    sub = fault_response("graph", 429, "1")
            if sub is None:
                sub = graph_route(ctx, fx, method, segs, q, inner=True)
        hdrs = {"Content-Type": "application/json"}
        for k, v in sub.headers:
            hdrs[k] = v
        out.append({"id": r["id"], "status": sub.status, "headers": hdrs,
                    "body": sub.obj if sub.obj is not None else None})
    return mark_page(jresp(200, {"responses": out}), ctx.data_counter(), None)


# --------------------------------------------------------------------------
# Google: token + Directory


def google_token(ctx, fx):
    if ctx.method != "POST":
        return Resp(405, body=b"Method Not Allowed", ctype="text/plain")
    if "tokenhtml" in ctx.flags:
        return html_signin()
    f = ctx.form()

    def bad(desc, err="invalid_grant", status=400):
        return jresp(status, {"error": err, "error_description": desc})
    if f.get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer":
        return bad("Invalid grant_type: %s" % f.get("grant_type", "")[:80], "unsupported_grant_type")
    parts = f.get("assertion", "").split(".")
    if len(parts) != 3:
        return bad("Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.")
    try:
        header = json.loads(b64u_dec(parts[0]))
        claims = json.loads(b64u_dec(parts[1]))
        sig = b64u_dec(parts[2])
    except Exception:
        return bad("Invalid JWT: could not decode header or claim set.")
    if not isinstance(header, dict) or not isinstance(claims, dict) or header.get("alg") != "RS256":
        return bad("Invalid JWT: the header must carry alg RS256.")
    if fx.sa_n is None:
        return bad("Invalid grant: account not found")
    if claims.get("iss") != fx.sa_email:
        return bad("Invalid grant: account not found")
    if "kid" in header and header["kid"] != fx.sa_key_id:
        return bad("Invalid JWT Signature.")
    if not rsa_pkcs1v15_sha256_verify(fx.sa_n, fx.sa_e, (parts[0] + "." + parts[1]).encode("ascii"), sig):
        return bad("Invalid JWT Signature.")
    expected_aud = {"https://127.0.0.1:%d/%s/google/token" % (ctx.h.server.server_address[1], ctx.scen.seg),
                    "https://localhost:%d/%s/google/token" % (ctx.h.server.server_address[1], ctx.scen.seg)}
    if claims.get("aud") not in expected_aud:
        return bad("Invalid JWT: Failed audience check. The expected value was %s" % sorted(expected_aud)[0])
    iat, exp, now = claims.get("iat"), claims.get("exp"), time.time()
    if not isinstance(iat, int) or not isinstance(exp, int) or exp - iat > 3600 or exp <= iat or \
            exp < now or iat > now + 300:
        return bad("Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.")
    scopes = str(claims.get("scope", "")).split()
    if not scopes:
        return bad("Invalid OAuth scope or ID token audience provided.", "invalid_scope")
    sub = claims.get("sub")
    if sub is not None:
        known = fx.google_by_email.get(str(sub).lower()) is not None or \
            ((ctx.t20k or gdrive.BIG in ctx.flags) and re.fullmatch(r"user\d{5}@parliament\.uk", str(sub).lower()))
        if not known:
            return bad("Invalid email or User ID")
        delegated = set(fx.google.get("delegated_scopes", []))
        if "nochromeos" in ctx.flags:
            delegated.discard(devices.SCOPE_CHROMEOS)
        delegated = forwarding.delegated(ctx, delegated)
        if "nodrive" in ctx.flags:
            delegated.discard(gdrive.SCOPE)
        if not set(scopes) <= delegated:
            return bad("Client is unauthorized to retrieve access tokens using this method, or client not "
                       "authorized for any of the scopes requested.", "unauthorized_client", 401)
    tok = issue_token(ctx, "google", "ya29.test-google-", sub=sub, scopes=scopes)
    return jresp(200, {"access_token": tok, "expires_in": 3599, "token_type": "Bearer"})


def t_google_user(i):
    e = t_email(i)
    return {"kind": "admin#directory#user", "id": str(200000000000000000000 + i), "primaryEmail": e,
            "name": {"givenName": "User", "familyName": "%05d" % i, "fullName": "User %05d" % i},
            "isAdmin": i % 500 == 0, "isDelegatedAdmin": i % 500 == 7, "isEnrolledIn2Sv": not t_nomfa(i),
            "isEnforcedIn2Sv": False, "suspended": False, "archived": False, "orgUnitPath": "/",
            "customerId": "C0t20k0001", "lastLoginTime": "2025-10-01T00:00:00.000Z",
            "creationTime": "2023-01-01T00:00:00.000Z"}


GOOGLE_QUERY_KEYS = {"isAdmin": "isAdmin", "isDelegatedAdmin": "isDelegatedAdmin",
                     "isEnrolledIn2Sv": "isEnrolledIn2Sv", "isEnforcedIn2Sv": "isEnforcedIn2Sv",
                     "isSuspended": "suspended", "isArchived": "archived"}


def google_directory(ctx, fx):
    tok = ctx.bearer()
    info, why = check_token(ctx, "google", tok)
    if not info:
        r = google_error(401, "Request had invalid authentication credentials. Expected OAuth 2 access token, login "
                         "cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
                         "authError", "global", "UNAUTHENTICATED",
                         {"location": "Authorization", "locationType": "header"})
        r.header("WWW-Authenticate", 'Bearer realm="https://accounts.google.com/", error="invalid_token"')
        return r
    segs = ctx.rest[1:]
    if len(segs) == 7 and segs[:4] == ["admin", "directory", "v1", "customer"] and segs[5] == "devices" and \
            segs[6] in ("mobile", "chromeos") and ctx.method == "GET":
        return google_device_list(ctx, fx, info, segs)
    if segs != ["admin", "directory", "v1", "users"] or ctx.method != "GET":
        return google_error(404, "Not Found", "notFound")
    # Only a delegated admin subject may read the directory.
    sub = (info.get("sub") or "").lower()
    if ctx.t20k:
        m = re.fullmatch(r"user(\d{5})@parliament\.uk", sub)
        is_admin = (bool(m) and t_admin(int(m.group(1)))) or \
            bool(fx.google_by_email.get(sub, {}).get("isAdmin"))
    else:
        u = fx.google_by_email.get(sub) or {}
        is_admin = bool(u.get("isAdmin") or u.get("isDelegatedAdmin"))
    if "denied" in ctx.flags or not is_admin or GOOGLE_SCOPE_USER_RO not in info.get("scopes", []):
        return google_error(403, "Not Authorized to access this resource/api", "forbidden", "global", "PERMISSION_DENIED")
    if "googlequota" in ctx.flags and ctx.scen.bump(("gquota", ctx.h.path)) < 2:
        return google_error(403, "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' "
                            "of service 'admin.googleapis.com'.", "userRateLimitExceeded", "usageLimits", "PERMISSION_DENIED")
    g = fx.google
    customer, domain = ctx.q.get("customer"), ctx.q.get("domain")
    if customer is None and domain is None:
        return google_error(400, "Bad Request", "badRequest")
    if customer is not None and customer not in ("my_customer", g["customer_id"]) and not \
            (ctx.t20k and customer == "C0t20k0001"):
        return google_error(400, "Bad Request", "badRequest")
    if customer is None and domain.lower() != g["domain"]:
        return google_error(403, "Not Authorized to access this resource/api", "forbidden")
    max_results = parse_int(ctx.q.get("maxResults"), 100)
    if max_results < 1 or max_results > 500:
        return google_error(400, "Invalid value '%s'. Values must be within the range: [1, 500]" % ctx.q.get("maxResults"),
                            "invalid", "global", "INVALID_ARGUMENT")
    # Optional search query: space-separated key=value on the 2SV/admin fields.
    terms = []
    for t in (ctx.q.get("query") or "").split():
        k, _, v = t.partition("=")
        if k not in GOOGLE_QUERY_KEYS or v.lower() not in ("true", "false"):
            return google_error(400, "Invalid Input", "invalid")
        terms.append((GOOGLE_QUERY_KEYS[k], v.lower() == "true"))

    def build():
        src = Gen(range(TENANT_N), t_google_user) if ctx.t20k else \
            [dict(u, kind="admin#directory#user", customerId=g["customer_id"]) for u in g["users"]] + \
            forwarding.extra_users(ctx, fx)
        return [u for u in src if all(u.get(k) == v for k, v in terms)]
    items = fx.cached(("google", ctx.t20k, ctx.q.get("query"), "gmailghost" in ctx.flags), build)
    size = max_results if ctx.t20k else min(max_results, g.get("page_size", 2))
    off = 0
    if ctx.q.get("pageToken"):
        off = dec_cursor("google", ctx.q["pageToken"])
        if off is None:
            return google_error(400, "Invalid Input: pageToken", "invalid")
    page = page_slice(items, off, size)
    body = {"kind": "admin#directory#users", "etag": '"%s"' % hashlib.sha1(str(off).encode()).hexdigest()}
    if page:
        body["users"] = page
    if "loop" in ctx.flags:
        body["nextPageToken"] = ctx.q.get("pageToken") or enc_cursor("google", 0)
    elif off + size < len(items):
        body["nextPageToken"] = enc_cursor("google", off + size)
    return mark_page(jresp(200, body), off // size + 1, "users")


def google(ctx, fx):
    if ctx.rest == ["token"]:
        return google_token(ctx, fx)
    if ctx.rest and ctx.rest[0] == "admin":
        return google_directory(ctx, fx)
    if ctx.rest and ctx.rest[0] == "gmail":
        return forwarding.gmail(ctx, fx)
    if ctx.rest and ctx.rest[0] == "drive":
        return gdrive.route(ctx, fx, sys.modules[__name__])
    return google_error(404, "Not Found", "notFound")


# --------------------------------------------------------------------------
# GitHub


def gh_user(login, uid):
    return {"login": login, "id": uid, "node_id": b64u_enc(("04:User%d" % uid).encode()),
            "avatar_url": "https://avatars.githubusercontent.com/u/%d?v=4" % uid, "gravatar_id": "",
            "url": "https://api.github.com/users/" + login, "html_url": "https://github.com/" + login,
            "type": "User", "site_admin": False}


def t_gh_member(i):
    return {"login": "user%05d" % i, "id": 92000000 + i, "role": "admin" if t_admin(i) else "member",
            "two_factor": not t_nomfa(i)}


def github(ctx, fx):
    g = fx.github
    if not ctx.hdr("User-Agent"):
        return Resp(403, body=b"Request forbidden by administrative rules. Please make sure your request has a "
                    b"User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required).",
                    ctype="text/plain; charset=utf-8")
    tok = ctx.bearer(("bearer", "token"))
    if not tok:
        return github_error(401, "Requires authentication")
    if "expired" in ctx.flags or tok not in (g["owner_token"], g["member_token"]):
        return github_error(401, "Bad credentials")
    if "tokenhtml" in ctx.flags:
        return html_signin()
    owner = tok == g["owner_token"]
    rest = ctx.rest
    if rest == ["user"]:
        login = g["owner_login"] if owner else g["member_login"]
        uid = next((m["id"] for m in g["members"] if m["login"] == login), 91000000)
        return mark_page(jresp(200, dict(gh_user(login, uid), name=login)), ctx.data_counter(), None)
    if len(rest) < 2 or rest[0] != "orgs" or rest[1].lower() != g["org"]:
        return github_error(404, "Not Found")
    if "denied" in ctx.flags:
        return github_error(403, "Resource not accessible by personal access token",
                            "https://docs.github.com/rest/orgs/members#list-organization-members")
    members = fx.cached(("ghmembers", ctx.t20k),
                        lambda: Gen(range(TENANT_N), t_gh_member) if ctx.t20k else g["members"])
    if len(rest) == 2 and ctx.method == "GET":
        org = {"login": g["org"], "id": g["org_id"], "node_id": b64u_enc(("04:Organization%d" % g["org_id"]).encode()),
               "url": "https://api.github.com/orgs/" + g["org"], "description": "Office of the Member for Exampleshire North",
               "name": "Exampleshire North MP's office", "company": None, "blog": "", "location": "Exampleshire",
               "email": None, "is_verified": False, "has_organization_projects": True,
               "has_repository_projects": True, "public_repos": 3, "public_gists": 0, "followers": 0,
               "following": 0, "html_url": "https://github.com/" + g["org"], "created_at": "2022-09-01T08:00:00Z",
               "updated_at": "2025-01-10T08:00:00Z", "type": "Organization"}
        if owner:
            org.update({"total_private_repos": 2, "owned_private_repos": 2, "collaborators": 0,
                        "billing_email": None, "default_repository_permission": "read",
                        "members_can_create_repositories": False,
                        "two_factor_requirement_enabled": False if ctx.t20k else bool(g["two_factor_requirement_enabled"]),
                        "plan": {"name": "free", "space": 976562499, "private_repos": 10000, "filled_seats": len(members), "seats": len(members)}})
        return mark_page(jresp(200, org), ctx.data_counter(), None)
    if len(rest) == 4 and rest[2] == "members":
        login = rest[3].lower()
        found = any(m["login"].lower() == login for m in (members if not ctx.t20k else [])) or \
            (ctx.t20k and re.fullmatch(r"user\d{5}", login) and int(login[4:]) < TENANT_N)
        return Resp(204) if found else github_error(404, "User does not exist or is not a member of the organization")
    if len(rest) != 3 or rest[2] != "members" or ctx.method != "GET":
        return github_error(404, "Not Found")
    flt = ctx.q.get("filter", "all")
    role = ctx.q.get("role", "all")
    if flt not in ("all", "2fa_disabled") or role not in ("all", "admin", "member"):
        return jresp(422, {"message": "Validation Failed", "errors": [{"resource": "Search", "field": "q", "code": "invalid"}],
                           "documentation_url": "https://docs.github.com/rest/orgs/members#list-organization-members", "status": "422"})
    if flt == "2fa_disabled" and not owner:
        return jresp(422, {"message": "Only owners can use this filter.",
                           "documentation_url": "https://docs.github.com/rest/orgs/members#list-organization-members",
                           "status": "422"})
    sel = fx.cached(("ghsel", ctx.t20k, flt, role), lambda: [
        gh_user(m["login"], m["id"]) for m in members
        if (flt == "all" or not m["two_factor"]) and (role == "all" or m["role"] == role)])
    per_page = max(1, min(parse_int(ctx.q.get("per_page"), 30), 100))
    if not ctx.t20k:
        per_page = min(per_page, g.get("page_size", 2))
    page = max(1, parse_int(ctx.q.get("page"), 1))
    last = max(1, (len(sel) + per_page - 1) // per_page)
    items = page_slice(sel, (page - 1) * per_page, per_page)
    r = jresp(200, items)
    base = ctx.params_without("page")

    def link(p):
        return ctx.next_url(base + [("page", p)])
    links = []
    if "loop" in ctx.flags:
        links.append('<%s>; rel="next"' % ctx.full_url)
    elif page < last:
        links.append('<%s>; rel="next"' % link(page + 1))
        links.append('<%s>; rel="last"' % link(last))
    if page > 1 and "loop" not in ctx.flags:
        links.insert(0, '<%s>; rel="prev"' % link(page - 1))
        links.append('<%s>; rel="first"' % link(1))
    if links:
        r.header("Link", ", ".join(links))
    return mark_page(r, page, "")


def github_headers(ctx, r):
    n = ctx.scen.bump(("ghused",)) + 1
    r.header("x-ratelimit-limit", 5000)
    if not any(k.lower() == "x-ratelimit-remaining" for k, _ in r.headers):
        r.header("x-ratelimit-remaining", max(0, 5000 - n))
    r.header("x-ratelimit-used", n)
    r.header("x-ratelimit-reset", int(time.time()) + 3600)
    r.header("x-ratelimit-resource", "core")
    r.header("x-github-api-version-selected", "2022-11-28")


# --------------------------------------------------------------------------
# Slack


def t_slack_member(i):
    e = t_email(i)
    m = {"id": "U7%08d" % i, "team_id": "T0T20K", "name": "user%05d" % i, "deleted": False,
         "real_name": "User %05d" % i, "is_admin": t_admin(i), "is_owner": i == 0, "is_primary_owner": i == 0,
         "is_restricted": False, "is_ultra_restricted": False, "is_bot": False, "is_app_user": False,
         "updated": 1730000000, "has_2fa": not t_nomfa(i),
         "profile": {"real_name": "User %05d" % i, "display_name": "user%05d" % i, "email": e}}
    if not t_nomfa(i):
        m["two_factor_type"] = "sms" if t_sms(i) else "app"
    return m


def slack(ctx, fx):
    s = fx.slack
    if len(ctx.rest) != 2 or ctx.rest[0] != "api":
        return Resp(404, body=b"<html><body>Not Found</body></html>", ctype="text/html")
    method = ctx.rest[1]
    f = dict(ctx.q)
    if ctx.method == "POST":
        f.update(ctx.form())
    tok = ctx.bearer() or f.get("token")
    if "tokenhtml" in ctx.flags:
        return html_signin()
    if not tok:
        return slack_error("not_authed")
    if tok not in (s["admin_token"], s["bot_token"], s["member_token"]):
        return slack_error("invalid_auth")
    if "expired" in ctx.flags:
        return slack_error("token_expired")
    if method == "auth.test":
        body = {"ok": True, "url": "https://exampleshire-north.slack.com/", "team": "Exampleshire North",
                "user": "sam.example", "team_id": s["team_id"], "user_id": "U0SAMEX001"}
        if tok == s["bot_token"]:
            body.update(user="portcullis", user_id="U0BOTPORT9", bot_id="B0PORTCULL", is_enterprise_install=False)
        elif tok == s["member_token"]:
            body.update(user="priya.researcher", user_id=s["member_token_user"])
        return mark_page(jresp(200, body), ctx.data_counter(), None)
    if method != "users.list":
        return slack_error("unknown_method")
    if "denied" in ctx.flags:
        return slack_error("missing_scope", needed="users:read", provided="identify")
    limit = parse_int(f.get("limit"), 0)
    src = fx.cached(("slack", ctx.t20k), lambda: Gen(range(TENANT_N), t_slack_member) if ctx.t20k else s["members"])
    if limit <= 0:
        if ctx.t20k:
            return slack_error("limit_required")
        limit = len(src)
    limit = min(limit, 200 if ctx.t20k else 1000)
    if not ctx.t20k:
        limit = min(limit, s.get("page_size", 2))
    off = 0
    if f.get("cursor"):
        off = dec_cursor("slack", f["cursor"])
        if off is None:
            return slack_error("invalid_cursor")
    page = []
    for m in page_slice(src, off, limit):
        m = json.loads(json.dumps(m))
        visible = (tok == s["admin_token"] or (tok == s["member_token"] and m["id"] == s["member_token_user"])) \
            and not m.get("is_bot") and not m.get("deleted") and m["id"] != "USLACKBOT"
        if not visible:
            m.pop("has_2fa", None)
            m.pop("two_factor_type", None)
        page.append(m)
    if "loop" in ctx.flags:
        nxt = f.get("cursor") or enc_cursor("slack", 0)
    else:
        nxt = enc_cursor("slack", off + limit) if off + limit < len(src) else ""
    body = {"ok": True, "members": page, "cache_ts": int(time.time()), "response_metadata": {"next_cursor": nxt}}
    return mark_page(jresp(200, body), off // limit + 1 if limit else 1, "members")


# --------------------------------------------------------------------------
# Okta


def t_okta_id(i):
    return "00u7%016d" % i


def t_okta_user(i):
    e = t_email(i)
    return {"id": t_okta_id(i), "status": "ACTIVE", "created": "2023-01-01T00:00:00.000Z",
            "activated": "2023-01-01T00:01:00.000Z", "statusChanged": "2023-01-01T00:01:00.000Z",
            "lastLogin": "2025-10-01T00:00:00.000Z", "lastUpdated": "2024-01-01T00:00:00.000Z",
            "passwordChanged": "2024-01-01T00:00:00.000Z",
            "profile": {"firstName": "User", "lastName": "%05d" % i, "login": e, "email": e},
            "roles": ([{"id": "ra1t20k%013d" % i, "label": "Super Organization Administrator", "type": "SUPER_ADMIN",
                        "status": "ACTIVE", "assignmentType": "USER"}] if i % 500 == 0 else
                      [{"id": "ra1t20k%013d" % i, "label": "Organizational Administrator", "type": "ORG_ADMIN",
                        "status": "ACTIVE", "assignmentType": "USER"}] if i % 500 == 7 else []),
            "factors": [] if t_nomfa(i) else [
                {"id": "t20kf%015d" % i, "factorType": "sms" if t_sms(i) else "push", "provider": "OKTA",
                 "vendorName": "OKTA", "status": "ACTIVE", "created": "2023-01-01T00:05:00.000Z",
                 "lastUpdated": "2023-01-01T00:05:00.000Z", "profile": {}}]}


def okta_public(ctx, u):
    out = {k: v for k, v in u.items() if k not in ("roles", "factors")}
    out["type"] = {"id": "oty0exampleshire0001"}
    out["credentials"] = {"password": {}, "provider": {"type": "OKTA", "name": "OKTA"}}
    out["_links"] = {"self": {"href": "%s/api/v1/users/%s" % (ctx.base, u["id"])}}
    return out


def okta_user(ctx, fx, key):
    if ctx.t20k:
        m = re.fullmatch(r"00u7(\d{16})", key) or re.fullmatch(r"user(\d{5})@parliament\.uk", key.lower())
        if m and int(m.group(1)) < TENANT_N:
            return t_okta_user(int(m.group(1)))
        return None
    return fx.okta_by_key.get(key) or fx.okta_by_key.get(key.lower())


OKTA_STATUS = re.compile(r'^\s*status\s+eq\s+"([A-Z_]+)"\s*$')


def okta(ctx, fx):
    o = fx.okta
    a = ctx.hdr("Authorization") or ""
    sch, _, tok = a.partition(" ")
    if not a:
        return okta_error(401, "E0000005", "Invalid session")
    if sch != "SSWS" or "expired" in ctx.flags or not hmac.compare_digest(tok.strip().encode(), o["api_token"].encode()):
        return okta_error(401, "E0000011", "Invalid token provided")
    if "tokenhtml" in ctx.flags:
        return html_signin()
    rest = ctx.rest
    if rest[:3] != ["api", "v1", "users"] or ctx.method != "GET":
        return okta_error(404, "E0000022", "The endpoint does not support the provided HTTP method")
    if "denied" in ctx.flags:
        return okta_error(403, "E0000006", "You do not have permission to perform the requested action")
    if len(rest) == 3:
        expr = ctx.q.get("filter") or ctx.q.get("search")
        status = None
        if expr:
            m = OKTA_STATUS.match(expr)
            if not m:
                return okta_error(400, "E0000031", "Invalid search criteria.")
            status = m.group(1)

        def build():
            src = Gen(range(TENANT_N), t_okta_user) if ctx.t20k else o["users"]
            if status:
                return [u for u in src if u["status"] == status]
            return [u for u in src if u["status"] != "DEPROVISIONED"]
        items = fx.cached(("okta", ctx.t20k, status), build)
        limit = max(1, min(parse_int(ctx.q.get("limit"), 200), 200))
        if not ctx.t20k:
            limit = min(limit, o.get("page_size", 2))
        off = 0
        if ctx.q.get("after"):
            after = ctx.q["after"]
            off = next((k + 1 for k, u in enumerate(items) if u["id"] == after), None) if not ctx.t20k else None
            if ctx.t20k:
                m = re.fullmatch(r"00u7(\d{16})", after)
                if m:
                    # items are in index order; find the position of that index
                    idx = int(m.group(1))
                    off = idx + 1 if status in (None, "ACTIVE") else None
            if off is None:
                return okta_error(400, "E0000001", "Api validation failed: after")
        page = page_slice(items, off, limit)
        r = jresp(200, [okta_public(ctx, u) for u in page])
        r.header("Link", '<%s>; rel="self"' % ctx.full_url)
        if "loop" in ctx.flags:
            r.header("Link", '<%s>; rel="next"' % ctx.full_url)
        elif off + limit < len(items) and page:
            nxt = ctx.next_url(ctx.params_without("after", "limit") + [("limit", limit), ("after", page[-1]["id"])])
            r.header("Link", '<%s>; rel="next"' % nxt)
        return mark_page(r, off // limit + 1, "")
    u = okta_user(ctx, fx, rest[3])
    if u is None:
        return okta_error(404, "E0000007", "Not found: Resource not found: %s (User)" % rest[3][:64])
    if len(rest) == 4:
        return mark_page(jresp(200, okta_public(ctx, u)), ctx.data_counter(), None)
    if rest[4:] == ["factors"]:
        fs = []
        for fac in u["factors"]:
            fac = dict(fac)
            fac["_links"] = {"self": {"href": "%s/api/v1/users/%s/factors/%s" % (ctx.base, u["id"], fac["id"])}}
            fs.append(fac)
        return mark_page(jresp(200, fs), ctx.data_counter(), "")
    if rest[4:] == ["roles"]:
        return mark_page(jresp(200, [dict(r, created="2022-09-01T08:00:00.000Z", lastUpdated="2022-09-01T08:00:00.000Z")
                                     for r in u["roles"]]), ctx.data_counter(), "")
    return okta_error(404, "E0000022", "The endpoint does not support the provided HTTP method")


def okta_headers(ctx, r):
    n = ctx.scen.bump(("oktaused",)) + 1
    r.header("X-Rate-Limit-Limit", 600)
    if not any(k.lower() == "x-rate-limit-remaining" for k, _ in r.headers):
        r.header("X-Rate-Limit-Remaining", max(0, 600 - n % 600))
    r.header("X-Rate-Limit-Reset", int(time.time()) + 60)


# --------------------------------------------------------------------------
# HIBP v3


def hibp(ctx, fx):
    h = fx.hibp
    if not ctx.hdr("User-Agent"):
        return Resp(403, body=b"", ctype="text/plain")
    key = ctx.hdr("hibp-api-key")
    if key is None:
        return hibp_error(401, "Access denied due to missing hibp-api-key.")
    if not re.fullmatch(r"[A-Za-z0-9-]{8,64}", key):
        return hibp_error(401, "Access denied due to improperly formed hibp-api-key.")
    if key != h["api_key"] or "expired" in ctx.flags or "denied" in ctx.flags:
        return hibp_error(401, "Access denied due to invalid hibp-api-key.")
    if "tokenhtml" in ctx.flags:
        return html_signin()
    if ctx.rest[:2] != ["api", "v3"] or len(ctx.rest) != 4 or ctx.rest[2] != "breachedaccount" or ctx.method != "GET":
        return Resp(404, body=b"")
    account = ctx.rest[3].strip().lower()
    if not account or len(account) > 256:
        return Resp(400, body=b"")
    page = ctx.data_counter()
    names = h["accounts"].get(account, [])
    if not names:
        return mark_page(Resp(404, body=b""), page, None)
    truncate = ctx.q.get("truncateResponse", "true").lower() != "false"
    out = [{"Name": n} if truncate else h["breaches"][n] for n in names]
    return mark_page(jresp(200, out), page, "")


# --------------------------------------------------------------------------
# Office website


SITE_TYPES = {".html": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8",
              ".css": "text/css; charset=utf-8"}


def site(ctx, fx):
    if ctx.method != "GET":
        return Resp(405, body=b"Method Not Allowed", ctype="text/plain")
    name = "/".join(ctx.rest) or "index.html"
    body = fx.site.get(name)
    if body is None:
        return mark_page(Resp(404, body=b"<!DOCTYPE html><html><body><h1>Page not found</h1></body></html>",
                              ctype="text/html; charset=utf-8"), 0, None)
    body = body.replace(b"{{SITE}}", ("%s/" % ctx.base).encode()).replace(b"{{SCENARIO}}", ctx.scen.seg.encode())
    ext = os.path.splitext(name)[1]
    return mark_page(Resp(200, body=body, ctype=SITE_TYPES.get(ext, "application/octet-stream")), ctx.data_counter(), None)


def dns(ctx, fx):
    """DNS over HTTPS (RFC 8484) at <scenario>/dns/dns-query (doh.py)."""
    if ctx.rest != ["dns-query"]:
        return Resp(404, body=b"Not Found", ctype="text/plain")
    status, ctype, body = doh.answer(fx.dns, ctx.method, ctx.body, ctx.q, ctx.hdr("Content-Type"),
                                     ctx.headers.get_all("Accept") or [])
    return Resp(status, body=body, ctype=ctype)


HANDLERS = {"m365login": m365_login, "graph": graph, "google": google, "github": github,
            "slack": slack, "okta": okta, "hibp": hibp, "site": site, "dns": dns}


# --------------------------------------------------------------------------
# Post-processing faults


def huge_stream(resp):
    """Replace a list response by a ~50 MB valid JSON document of the same shape."""
    obj = resp.obj
    if resp.list_key == "":
        sample = obj[0] if isinstance(obj, list) and obj else {"filler": "x" * 64}
        head, tail = b"[", b"]"
    else:
        lst = obj.get(resp.list_key) if isinstance(obj, dict) else None
        sample = lst[0] if isinstance(lst, list) and lst else {"filler": "x" * 64}
        rest = dict(obj)
        rest.pop(resp.list_key, None)
        rest.pop("@odata.nextLink", None)
        pre = json.dumps(rest, separators=(",", ":"))[:-1]
        head = (pre + ("," if len(rest) else "") + json.dumps(resp.list_key) + ":[").encode()
        tail = b"]}"
    item = json.dumps(sample, separators=(",", ":")).encode()
    unit = item + b","
    count = max(1, (HUGE_BYTES - len(head) - len(tail)) // len(unit) + 1)
    length = len(head) + len(unit) * count - 1 + len(tail)

    def gen():
        yield head
        chunk_n = max(1, 65536 // len(unit))
        chunk = unit * chunk_n
        left = count
        while left > chunk_n:
            yield chunk
            left -= chunk_n
        yield unit * (left - 1) + item
        yield tail
    resp.stream = (length, gen())
    resp.obj = None


def apply_post_faults(ctx, resp):
    if not resp.is_data or resp.status != 200:
        return resp
    json_ct = resp.ctype.startswith("application/json")
    if "notarray" in ctx.flags and resp.list_key is not None and json_ct:
        if resp.list_key == "":
            resp.obj = {"message": "not-an-array"}
        elif isinstance(resp.obj, dict):
            resp.obj[resp.list_key] = "not-an-array"
    if "huge" in ctx.flags and resp.list_key is not None and resp.page == 1 and json_ct:
        huge_stream(resp)
    if "slow" in ctx.flags:
        time.sleep(SLOW_SECONDS)
    if resp.page == 2:
        if "badjson" in ctx.flags and json_ct:
            resp.corrupt = True
        if "truncated" in ctx.flags:
            resp.truncate = True
    return resp


# --------------------------------------------------------------------------
# HTTP plumbing


def redact_target(target):
    path, sep, qs = target.partition("?")
    if not sep:
        return path
    parts = []
    for k, v in urllib.parse.parse_qsl(qs, keep_blank_values=True):
        parts.append("%s=%s" % (k, "REDACTED" if SECRET_PARAM.search(k) else v))
    return path + "?" + "&".join(parts)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "portcullis-emulator/1"
    sys_version = ""
    timeout = 60

    def setup(self):
        super().setup()
        # Headers and body go out as separate TLS records: without
        # TCP_NODELAY, Nagle holds the second one until the client's
        # delayed ACK (~40 ms on loopback) on every keep-alive request.
        try:
            self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        try:
            self.request.do_handshake()
        except (ssl.SSLError, OSError) as e:
            log("TLS handshake failed: %s" % (getattr(e, "reason", None) or e.__class__.__name__))
            self.close_connection = True
            raise ConnectionAbortedError()

    def handle(self):
        try:
            super().handle()
        except (ConnectionError, ssl.SSLError, socket.timeout, TimeoutError):
            pass

    def version_string(self):
        return self.server_version

    def log_request(self, code="-", size="-"):
        pass

    def log_error(self, fmt, *args):
        pass

    def do_GET(self):
        self.dispatch("GET")

    def do_POST(self):
        self.dispatch("POST")

    def do_PUT(self):
        self.dispatch("PUT")

    def do_DELETE(self):
        self.dispatch("DELETE")

    def read_body(self):
        te = (self.headers.get("Transfer-Encoding") or "").lower()
        if "chunked" in te:
            out = b""
            while True:
                line = self.rfile.readline(1024)
                n = int(line.split(b";")[0].strip() or b"0", 16)
                if n == 0:
                    while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                        pass
                    return out
                out += self.rfile.read(n)
                self.rfile.readline(8)
                if len(out) > MAX_BODY:
                    raise ValueError("body too large")
        n = parse_int(self.headers.get("Content-Length"), 0)
        if n > MAX_BODY:
            raise ValueError("body too large")
        return self.rfile.read(n) if n > 0 else b""

    def dispatch(self, method):
        t0 = time.time()
        status = 500
        try:
            try:
                body = self.read_body()
            except ValueError:
                self.close_connection = True
                status = self.send(Resp(413, body=b"Payload Too Large", ctype="text/plain"))
                return
            status = self.route(method, body)
        except (ConnectionError, ssl.SSLError, socket.timeout, TimeoutError):
            self.close_connection = True
            status = "aborted"
        except Exception as e:  # a bug in the emulator: say so, keep serving
            log("internal error on %s %s: %r" % (method, redact_target(self.path), e))
            try:
                status = self.send(Resp(500, body=b"emulator internal error", ctype="text/plain"))
            except Exception:
                self.close_connection = True
        finally:
            log("%s %s %s %dms" % (method, redact_target(self.path), status, (time.time() - t0) * 1000))

    def route(self, method, body):
        srv = self.server
        target = self.path
        if not target.startswith("/"):
            return self.send(Resp(400, body=b"bad request target", ctype="text/plain"))
        raw_path, _, qs = target.partition("?")
        segs = raw_path.split("/")[1:]
        # Control endpoints.
        if segs and segs[0] == "_health":
            return self.send(jresp(200, {"ok": True}))
        if segs and segs[0] == "_stats" and len(segs) == 2 and method == "GET":
            sc = scenario(urllib.parse.unquote(segs[1]))
            with sc.lock:
                obj = {"scenario": sc.seg, "requests": sc.requests, "by_path": dict(sc.by_path),
                       "by_status": dict(sc.by_status)}
            return self.send(jresp(200, obj))
        if segs and segs[0] == "_reset" and method == "POST":
            with STATE_LOCK:
                targets = list(STATE.values()) if len(segs) == 1 or segs[1] == "" else \
                    [s for s in STATE.values() if s.seg == urllib.parse.unquote(segs[1])]
            for s in targets:
                s.reset()
            return self.send(jresp(200, {"ok": True, "reset": len(targets)}))
        if len(segs) < 2 or segs[1] not in PROVIDERS:
            return self.send(jresp(404, {"error": "unknown path; expected /<scenario>/<provider>/...",
                                         "providers": list(PROVIDERS)}))
        seg = urllib.parse.unquote(segs[0])
        sc = scenario(seg)
        if not sc.valid:
            return self.send(jresp(404, {"error": "unknown scenario %r" % seg[:80],
                                         "known": sorted(KNOWN_FLAGS | {"ok"})}))
        provider = segs[1]
        rest = [urllib.parse.unquote(s) for s in segs[2:]]
        while rest and rest[-1] == "" and provider != "site":
            rest.pop()
        stat_path = "/" + "/".join(segs[1:])
        with sc.lock:
            sc.requests += 1
            sc.by_path[stat_path] = sc.by_path.get(stat_path, 0) + 1
        if srv.latency:
            time.sleep(srv.latency)
        ctx = Ctx(self, method, sc, provider, rest, qs, body, srv.server_address[1])
        resp = self.pre_faults(ctx)
        if resp is None:
            resp = HANDLERS[provider](ctx, srv.fixtures)
            resp = apply_post_faults(ctx, resp)
        if provider == "github":
            github_headers(ctx, resp)
        elif provider == "okta":
            okta_headers(ctx, resp)
        with sc.lock:
            sc.by_status[str(resp.status)] = sc.by_status.get(str(resp.status), 0) + 1
        return self.send(resp)

    def pre_faults(self, ctx):
        f = ctx.flags
        if not f & PRE_FAULTS:
            return None
        key = (ctx.method, self.path)
        if "httpredirect" in f:
            r = Resp(302, body=b"", ctype="text/html")
            r.header("Location", "http://127.0.0.1:%d%s" % (self.server.server_address[1], self.path))
            return r
        if "429forever" in f:
            return fault_response(ctx.provider, 429, "1")
        if "429" in f or "429date" in f:
            if ctx.scen.bump(("429",) + key) < 2:
                ra = "1" if "429" in f else email.utils.formatdate(int(time.time()) + 2, usegmt=True)
                return fault_response(ctx.provider, 429, ra)
        if "500once" in f and ctx.scen.bump(("500",) + key) < 1:
            return fault_response(ctx.provider, 500)
        if "503once" in f and ctx.scen.bump(("503",) + key) < 1:
            return fault_response(ctx.provider, 503)
        return None

    def send(self, resp):
        if resp.stream:
            length, chunks = resp.stream
            body = None
        else:
            body = resp.payload()
            if resp.corrupt:
                body = body[:max(1, len(body) // 2)] + b"\x00{not json"
            length = len(body)
        self.send_response(resp.status)
        self.send_header("Content-Type", resp.ctype)
        if length is None:  # a stream of unknown length: chunked
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(length))
        for k, v in resp.headers:
            self.send_header(k, v)
        if resp.truncate:
            self.send_header("Connection", "close")
        self.end_headers()
        if resp.truncate:
            self.wfile.write(body[:len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            try:
                self.request.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return "%d(truncated)" % resp.status
        if body is None and length is None:
            for c in chunks:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(c), c))
            self.wfile.write(b"0\r\n\r\n")
        elif body is None:
            for c in chunks:
                self.wfile.write(c)
        else:
            self.wfile.write(body)
        self.wfile.flush()
        return resp.status


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, ssl.SSLError, socket.timeout, TimeoutError)):
            return
        log("connection error: %r" % (exc,))


def write_ready(path, port):
    """Writes the port to path atomically; returns the file's (dev, inode)."""
    d = os.path.dirname(os.path.abspath(path))
    tmp = os.path.join(d, ".%s.%d.tmp" % (os.path.basename(path), os.getpid()))
    with open(tmp, "w") as f:
        f.write("%d\n" % port)
        f.flush()
        os.fsync(f.fileno())
        st = os.fstat(f.fileno())
    os.replace(tmp, path)
    return (st.st_dev, st.st_ino)


def remove_ready(path, ident):
    """Removes the ready file only if it is still the one we wrote.

    A script that restarts the emulator with the same ready file (the demo
    run twice) may already have a new emulator's file there while we are
    still shutting down; removing that one would leave the new emulator
    "never ready"."""
    try:
        st = os.stat(path)
        if (st.st_dev, st.st_ino) == ident:
            os.unlink(path)
    except OSError:
        pass


forwarding.bind(sys.modules[__name__])


def main(argv=None):
    ap = argparse.ArgumentParser(description="portcullis local HTTPS provider emulator (tests only)")
    ap.add_argument("--certdir", required=True, help="directory made by make-ca.sh")
    ap.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0 = pick a free one)")
    ap.add_argument("--ready-file", required=True, help="written (atomically) with the port once listening")
    ap.add_argument("--latency-ms", type=int, default=0, help="extra delay added to every provider request")
    ap.add_argument("--fixtures", default=DEFAULT_FIXTURES, help="fixture directory (default: fixtures/demo)")
    ap.add_argument("--max-seconds", type=float, default=3600, help="exit on our own after this long")
    a = ap.parse_args(argv)

    fixtures = Fixtures(a.fixtures, a.certdir)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(os.path.join(a.certdir, "server.pem"), os.path.join(a.certdir, "server.key"))
    ctx.set_alpn_protocols(["http/1.1"])

    srv = Server(("127.0.0.1", a.port), Handler, bind_and_activate=True)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True, do_handshake_on_connect=False)
    srv.fixtures = fixtures
    srv.latency = max(0, a.latency_ms) / 1000.0
    port = srv.server_address[1]

    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    t.start()
    ready_ident = write_ready(a.ready_file, port)
    log("listening on https://127.0.0.1:%d (pid %d, fixtures %s, max %ss)" % (port, os.getpid(), a.fixtures, a.max_seconds))
    if not stop.wait(a.max_seconds):
        log("--max-seconds %s reached; exiting" % a.max_seconds)
    else:
        log("signal received; exiting")
    srv.shutdown()
    srv.server_close()
    remove_ready(a.ready_file, ready_ident)
    return 0


if __name__ == "__main__":
    sys.exit(main())

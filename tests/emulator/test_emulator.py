#!/usr/bin/python3
"""Self-test of the provider emulator: happy paths, paging and every fault,
over real TLS with certificate verification on (the test CA from make-ca.sh).

Run: /usr/bin/python3 tests/emulator/test_emulator.py   (stdlib only)
"""

import base64
import email.utils
import http.client
import json
import os
import shutil
import signal
import ssl
import struct
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
PY = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
FIX = os.path.join(HERE, "fixtures", "demo")

M365_TENANT = "exampleshire.onmicrosoft.com"
M365_CLIENT = "11111111-2222-3333-4444-555555555555"
M365_SECRET = "test-m365-client-secret"
GH_OWNER = "test-github-owner-token"
GH_MEMBER = "test-github-member-token"
SLACK_ADMIN = "xoxp-test-slack-admin-token"
SLACK_BOT = "xoxb-test-slack-bot-token"
SLACK_MEMBER = "xoxp-test-slack-member-token"
OKTA_TOKEN = "test-okta-api-token"
HIBP_KEY = "test-hibp-api-key"
GSCOPE = "https://www.googleapis.com/auth/admin.directory.user.readonly"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


class R:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)

    def header(self, name):
        """All values of a header joined with ', ' (Okta sends Link twice)."""
        vals = self.headers.get_all(name) if hasattr(self.headers, "get_all") else None
        return ", ".join(vals) if vals else self.headers.get(name)


def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


class EmulatorTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="portcullis-emu-")
        cls.certdir = os.path.join(cls.tmp, "certs")
        t0 = time.time()
        subprocess.run([os.path.join(HERE, "make-ca.sh"), cls.certdir], check=True)
        cls.make_ca_first = time.time() - t0
        cls.ready = os.path.join(cls.tmp, "port")
        cls.logpath = os.path.join(cls.tmp, "emulator.log")
        cls.logf = open(cls.logpath, "wb")
        cls.proc = subprocess.Popen([PY, os.path.join(HERE, "emulator.py"), "--certdir", cls.certdir,
                                     "--port", "0", "--ready-file", cls.ready, "--max-seconds", "300"],
                                    stdout=subprocess.DEVNULL, stderr=cls.logf)
        deadline = time.time() + 10
        while not os.path.exists(cls.ready):
            if time.time() > deadline or cls.proc.poll() is not None:
                raise RuntimeError("emulator did not start: " + open(cls.logpath).read())
            time.sleep(0.05)
        with open(cls.ready) as f:
            cls.port = int(f.read())
        cls.origin = "https://127.0.0.1:%d" % cls.port
        cls.ssl = ssl.create_default_context(cafile=os.path.join(cls.certdir, "ca.pem"))
        cls.opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=cls.ssl), NoRedirect())
        with open(os.path.join(cls.certdir, "google-sa.json")) as f:
            sa = json.load(f)
        cls.sa = sa
        cls.sa_key = os.path.join(cls.tmp, "sa.key")
        with open(cls.sa_key, "w") as f:
            f.write(sa["private_key"])
        os.chmod(cls.sa_key, 0o600)
        cls.nonce = 0

    @classmethod
    def tearDownClass(cls):
        cls.proc.send_signal(signal.SIGTERM)
        try:
            rc = cls.proc.wait(10)
        except subprocess.TimeoutExpired:
            cls.proc.kill()
            rc = "killed"
        cls.logf.close()
        with open(cls.logpath, encoding="utf-8", errors="replace") as f:
            log = f.read()
        shutil.rmtree(cls.tmp, ignore_errors=True)
        assert rc == 0, "emulator exit status %r on SIGTERM" % rc
        for secret in (M365_SECRET, GH_OWNER, GH_MEMBER, SLACK_ADMIN, SLACK_BOT, OKTA_TOKEN, HIBP_KEY,
                       "test-m365-access-", "ya29.test-google-", "BEGIN PRIVATE KEY"):
            assert secret not in log, "emulator log leaks %s" % secret
        assert "Authorization" not in log

    # ---- helpers ---------------------------------------------------------

    def scen(self, name):
        """A fresh scenario segment (name + nonce) so state is per test."""
        type(self).nonce += 1
        return "%s~t%d%s" % (name, type(self).nonce, self._testMethodName[-6:])

    def req(self, method, url, headers=None, data=None, form=None, js=None):
        if not url.startswith("https://"):
            url = self.origin + url
        h = dict(headers or {})
        body = data
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            h.setdefault("Content-Type", "application/x-www-form-urlencoded")
        if js is not None:
            body = json.dumps(js).encode()
            h.setdefault("Content-Type", "application/json")
        h.setdefault("User-Agent", "portcullis-emulator-selftest")
        rq = urllib.request.Request(url, data=body, headers=h, method=method)
        try:
            with self.opener.open(rq, timeout=30) as resp:
                return R(resp.status, resp.headers, resp.read())
        except urllib.error.HTTPError as e:
            return R(e.code, e.headers, e.read())

    def get(self, url, **kw):
        return self.req("GET", url, **kw)

    def m365_token(self, scen, secret=M365_SECRET):
        return self.req("POST", "/%s/m365login/%s/oauth2/v2.0/token" % (scen, M365_TENANT), form={
            "grant_type": "client_credentials", "client_id": M365_CLIENT, "client_secret": secret,
            "scope": "https://graph.microsoft.com/.default"})

    def graph_auth(self, scen):
        r = self.m365_token(scen)
        self.assertEqual(r.status, 200, r.body)
        return {"Authorization": "Bearer " + r.json()["access_token"]}

    def jwt(self, scen, **over):
        now = int(time.time())
        claims = {"iss": self.sa["client_email"], "scope": GSCOPE,
                  "aud": "%s/%s/google/token" % (self.origin, scen), "iat": now, "exp": now + 3600,
                  "sub": "sam.example@parliament.uk"}
        claims.update(over)
        claims = {k: v for k, v in claims.items() if v is not None}
        signing_input = b64u(json.dumps({"alg": "RS256", "typ": "JWT", "kid": self.sa["private_key_id"]}).encode()) + \
            "." + b64u(json.dumps(claims).encode())
        sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", self.sa_key], input=signing_input.encode(),
                             capture_output=True, check=True).stdout
        return signing_input + "." + b64u(sig)

    def google_token(self, scen, assertion=None, **over):
        return self.req("POST", "/%s/google/token" % scen, form={
            "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
            "assertion": assertion or self.jwt(scen, **over)})

    def google_auth(self, scen, **over):
        r = self.google_token(scen, **over)
        self.assertEqual(r.status, 200, r.body)
        return {"Authorization": "Bearer " + r.json()["access_token"]}

    def walk_graph(self, url, headers, limit=1000):
        out, pages = [], 0
        while url and pages < limit:
            r = self.get(url, headers=headers)
            self.assertEqual(r.status, 200, r.body[:300])
            j = r.json()
            out += j["value"]
            url = j.get("@odata.nextLink")
            pages += 1
        return out, pages

    def walk_link(self, url, headers, limit=1000):
        out, pages = [], 0
        while url and pages < limit:
            r = self.get(url, headers=headers)
            self.assertEqual(r.status, 200, r.body[:300])
            out += r.json()
            pages += 1
            url = None
            for part in (r.header("Link") or "").split(","):
                if 'rel="next"' in part:
                    url = part.split(";")[0].strip()[1:-1]
        return out, pages

    def walk_google(self, scen, headers, max_results=500, limit=1000):
        out, pages, tok = [], 0, None
        while pages < limit:
            url = "/%s/google/admin/admin/directory/v1/users?customer=my_customer&maxResults=%d" % (scen, max_results)
            if tok:
                url += "&pageToken=" + urllib.parse.quote(tok)
            r = self.get(url, headers=headers)
            self.assertEqual(r.status, 200, r.body[:300])
            j = r.json()
            out += j.get("users", [])
            pages += 1
            tok = j.get("nextPageToken")
            if not tok:
                break
        return out, pages

    def walk_slack(self, scen, token, limit=200, maxpages=1000):
        out, pages, cur = [], 0, ""
        while pages < maxpages:
            r = self.req("POST", "/%s/slack/api/users.list" % scen, headers={"Authorization": "Bearer " + token},
                         form={"limit": limit, "cursor": cur})
            self.assertEqual(r.status, 200)
            j = r.json()
            self.assertTrue(j["ok"], j)
            out += j["members"]
            pages += 1
            cur = j["response_metadata"]["next_cursor"]
            if not cur:
                break
        return out, pages

    def slurp(self, name):
        with open(os.path.join(self.certdir, name), "rb") as f:
            return f.read()

    # ---- infrastructure --------------------------------------------------

    def test_make_ca_idempotent_and_fast(self):
        before = self.slurp("ca.pem")
        sa_before = self.slurp("google-sa.json")
        t0 = time.time()
        subprocess.run([os.path.join(HERE, "make-ca.sh"), self.certdir], check=True)
        self.assertLess(time.time() - t0, 1.0)
        self.assertLess(self.make_ca_first, 5.0)
        self.assertEqual(before, self.slurp("ca.pem"))
        self.assertEqual(sa_before, self.slurp("google-sa.json"))
        for name, mode in (("ca.key", 0o600), ("server.key", 0o600), ("google-sa.json", 0o600)):
            self.assertEqual(os.stat(os.path.join(self.certdir, name)).st_mode & 0o777, mode, name)
        sa = json.loads(self.slurp("google-sa.json"))
        self.assertEqual(sa["type"], "service_account")
        self.assertIn("BEGIN PRIVATE KEY", sa["private_key"])
        out = subprocess.run(["openssl", "x509", "-in", os.path.join(self.certdir, "server.pem"), "-noout", "-text"],
                             capture_output=True, text=True, check=True).stdout
        self.assertIn("IP Address:127.0.0.1", out)
        self.assertIn("DNS:localhost", out)
        self.assertIn("prime256v1", out)

    def test_tls_verification_rejects_other_ca(self):
        ctx = ssl.create_default_context()  # system trust only: must fail
        with self.assertRaises(Exception):
            urllib.request.urlopen(self.origin + "/_health", context=ctx, timeout=5)
        # and the test CA works by name too
        c = http.client.HTTPSConnection("localhost", self.port, context=self.ssl, timeout=5)
        c.request("GET", "/_health")
        self.assertEqual(c.getresponse().status, 200)
        c.close()

    def test_listens_on_loopback_only(self):
        out = subprocess.run(["cat", "/proc/net/tcp"], capture_output=True, text=True).stdout
        hexport = ":%04X" % self.port
        lines = [l.split() for l in out.splitlines()[1:] if l.split()[1].endswith(hexport) and l.split()[3] == "0A"]
        self.assertTrue(lines)
        for l in lines:
            self.assertEqual(l[1].split(":")[0], "0100007F")

    def test_start_sh_and_max_seconds(self):
        ready = os.path.join(self.tmp, "port2")
        t0 = time.time()
        out = subprocess.run([os.path.join(HERE, "start.sh"), self.certdir, ready, "--max-seconds", "2"],
                             capture_output=True, text=True, timeout=15)
        self.assertEqual(out.returncode, 0, out.stderr)
        pid = int(out.stdout.strip())
        with open(ready) as f:
            port = int(f.read())
        c = http.client.HTTPSConnection("127.0.0.1", port, context=self.ssl, timeout=5)
        c.request("GET", "/_health")
        self.assertEqual(c.getresponse().status, 200)
        c.close()

        def alive():
            try:
                with open("/proc/%d/stat" % pid) as f:
                    return f.read().split(")")[-1].split()[0] != "Z"
            except OSError:
                return False
        while alive() and time.time() - t0 < 10:
            time.sleep(0.1)
        self.assertFalse(alive(), "emulator outlived --max-seconds")
        self.assertFalse(os.path.exists(ready))

    def test_stopping_keeps_a_newer_ready_file(self):
        # Regression: the demo run twice reuses one ready file. The first
        # emulator, still shutting down, removed the second one's file, and
        # start.sh waited 10 s for a file that never came back.
        ready = os.path.join(self.tmp, "port3")
        out = subprocess.run([os.path.join(HERE, "start.sh"), self.certdir, ready],
                             capture_output=True, text=True, timeout=15)
        self.assertEqual(out.returncode, 0, out.stderr)
        pid = int(out.stdout.strip())
        newer = ready + ".newer"
        with open(newer, "w") as f:
            f.write("1\n")
        os.replace(newer, ready)  # what the next emulator's write_ready does
        os.kill(pid, signal.SIGTERM)
        t0 = time.time()
        while os.path.exists("/proc/%d" % pid) and time.time() - t0 < 10:
            try:
                with open("/proc/%d/stat" % pid) as f:
                    if f.read().split(")")[-1].split()[0] == "Z":
                        break
            except OSError:
                break
            time.sleep(0.05)
        with open(ready) as f:
            self.assertEqual(f.read(), "1\n")

    def test_stats_and_reset(self):
        s = self.scen("ok")
        self.get("/%s/okta/api/v1/users" % s, headers={"Authorization": "SSWS " + OKTA_TOKEN})
        self.get("/%s/okta/api/v1/users" % s, headers={"Authorization": "SSWS " + OKTA_TOKEN})
        st = self.get("/_stats/" + s).json()
        self.assertEqual(st["requests"], 2)
        self.assertEqual(st["by_path"], {"/okta/api/v1/users": 2})
        self.assertEqual(self.req("POST", "/_reset/" + s).status, 200)
        self.assertEqual(self.get("/_stats/" + s).json()["requests"], 0)
        self.assertEqual(self.req("POST", "/_reset").status, 200)

    def test_unknown_scenario_and_provider(self):
        self.assertEqual(self.get("/nosuchfault/okta/api/v1/users").status, 404)
        self.assertEqual(self.get("/ok/nosuchprovider/x").status, 404)

    # ---- Microsoft 365 ---------------------------------------------------

    def test_m365_token_errors(self):
        s = self.scen("ok")
        r = self.m365_token(s, secret="wrong")
        self.assertEqual(r.status, 401)
        self.assertEqual(r.json()["error"], "invalid_client")
        self.assertIn("AADSTS7000215", r.json()["error_description"])
        r = self.req("POST", "/%s/m365login/nosuch.onmicrosoft.com/oauth2/v2.0/token" % s, form={
            "grant_type": "client_credentials", "client_id": M365_CLIENT, "client_secret": M365_SECRET,
            "scope": "https://graph.microsoft.com/.default"})
        self.assertEqual(r.status, 400)
        r = self.get("/%s/graph/v1.0/users" % s)
        self.assertEqual(r.status, 401)
        self.assertEqual(r.json()["error"]["code"], "InvalidAuthenticationToken")
        r = self.get("/%s/graph/v1.0/users" % s, headers={"Authorization": "Bearer made-up"})
        self.assertEqual(r.status, 401)

    def test_m365_registration_details_paged(self):
        s = self.scen("ok")
        h = self.graph_auth(s)
        rows, pages = self.walk_graph("/%s/graph/v1.0/reports/authenticationMethods/userRegistrationDetails" % s, h)
        self.assertEqual(pages, 4)
        by = {r["userPrincipalName"]: r for r in rows}
        self.assertEqual(len(by), 7)  # disabled account absent
        self.assertNotIn("old.volunteer@parliament.uk", by)
        self.assertTrue(by["jordan.manager@parliament.uk"]["isAdmin"])
        self.assertFalse(by["jordan.manager@parliament.uk"]["isMfaRegistered"])
        self.assertEqual(by["alex.caseworker@parliament.uk"]["methodsRegistered"], ["mobilePhone"])
        self.assertEqual(by["chris.member@parliament.uk"]["methodsRegistered"], [])
        guest = [r for r in rows if r["userType"] == "guest"]
        self.assertEqual(len(guest), 1)
        for k in ("id", "userDisplayName", "isMfaCapable", "defaultMfaMethod"):
            self.assertIn(k, rows[0])
        r = self.get("/%s/graph/v1.0/reports/authenticationMethods/userRegistrationDetails?$filter=isAdmin%%20eq%%20true" % s, headers=h)
        self.assertEqual({x["userPrincipalName"] for x in r.json()["value"]},
                         {"sam.example@parliament.uk", "jordan.manager@parliament.uk"})

    def test_m365_users_methods_batch_policies(self):
        s = self.scen("ok")
        h = self.graph_auth(s)
        users, pages = self.walk_graph("/%s/graph/v1.0/users?$select=id,userPrincipalName,displayName,accountEnabled,userType" % s, h)
        self.assertEqual(len(users), 8)
        self.assertEqual(pages, 4)
        self.assertEqual([u for u in users if not u["accountEnabled"]][0]["userPrincipalName"], "old.volunteer@parliament.uk")
        r = self.get("/%s/graph/v1.0/users" % s, headers=h)  # default properties omit accountEnabled
        self.assertNotIn("accountEnabled", r.json()["value"][0])
        alex = [u for u in users if u["userPrincipalName"].startswith("alex")][0]
        r = self.get("/%s/graph/v1.0/users/%s/authentication/methods" % (s, alex["id"]), headers=h)
        types = [m["@odata.type"] for m in r.json()["value"]]
        self.assertIn("#microsoft.graph.phoneAuthenticationMethod", types)
        self.assertEqual([m for m in r.json()["value"] if "phoneType" in m][0]["phoneType"], "mobile")
        reqs = [{"id": str(i), "method": "GET", "url": "/users/%s/authentication/methods" % u["id"]}
                for i, u in enumerate(users)]
        r = self.req("POST", "/%s/graph/v1.0/$batch" % s, headers=h, js={"requests": reqs})
        self.assertEqual(r.status, 200)
        resps = r.json()["responses"]
        self.assertEqual(len(resps), 8)
        self.assertTrue(all(x["status"] == 200 and isinstance(x["body"]["value"], list) for x in resps))
        r = self.req("POST", "/%s/graph/v1.0/$batch" % s, headers=h,
                     js={"requests": [{"id": str(i), "method": "GET", "url": "/users"} for i in range(21)]})
        self.assertEqual(r.status, 400)
        roles = self.get("/%s/graph/v1.0/directoryRoles" % s, headers=h).json()["value"]
        admins = set()
        for role in roles:
            mem = self.get("/%s/graph/v1.0/directoryRoles/%s/members" % (s, role["id"]), headers=h).json()["value"]
            admins |= {x["userPrincipalName"] for x in mem}
        self.assertEqual(admins, {"sam.example@parliament.uk", "jordan.manager@parliament.uk"})
        r = self.get("/%s/graph/v1.0/policies/identitySecurityDefaultsEnforcementPolicy" % s, headers=h)
        self.assertIs(r.json()["isEnabled"], False)
        r = self.get("/%s/graph/v1.0/identity/conditionalAccess/policies" % s, headers=h)
        states = {p["displayName"]: p["state"] for p in r.json()["value"]}
        self.assertEqual(states["Require MFA for all users"], "enabledForReportingButNotEnforced")

    # ---- Google ----------------------------------------------------------

    def test_google_jwt_and_directory(self):
        s = self.scen("ok")
        h = self.google_auth(s)
        users, pages = self.walk_google(s, h)
        self.assertEqual(len(users), 8)
        self.assertEqual(pages, 4)
        u = {x["primaryEmail"]: x for x in users}
        self.assertFalse(u["jordan.manager@parliament.uk"]["isEnrolledIn2Sv"])
        self.assertTrue(u["jordan.manager@parliament.uk"]["isDelegatedAdmin"])
        self.assertTrue(u["old.volunteer@parliament.uk"]["suspended"])
        self.assertEqual(u["sam.example@parliament.uk"]["name"]["fullName"], "Sam Example")
        r = self.get("/%s/google/admin/admin/directory/v1/users?customer=my_customer&maxResults=501" % s, headers=h)
        self.assertEqual(r.status, 400)
        r = self.get("/%s/google/admin/admin/directory/v1/users?customer=my_customer" % s)
        self.assertEqual(r.status, 401)

    def test_forwarding_rules_domains_and_gmail(self):
        s = self.scen("ok")
        h = self.graph_auth(s)
        doms = self.get("/%s/graph/v1.0/domains" % s, headers=h).json()["value"]
        self.assertIn("exampleshire-constituency.org.uk", [d["id"] for d in doms if d["isVerified"]])
        users, _ = self.walk_graph("/%s/graph/v1.0/users?$select=id,userPrincipalName" % s, h)
        by = {u["userPrincipalName"]: u["id"] for u in users}
        rules, pages = self.walk_graph("/%s/graph/v1.0/users/%s/mailFolders/inbox/messageRules"
                                       % (s, by["jordan.manager@parliament.uk"]), h)
        self.assertEqual((len(rules), pages), (3, 2))
        self.assertIsInstance(rules[0]["actions"]["redirectTo"], list)
        r = self.get("/%s/graph/v1.0/users/%s/mailFolders/inbox/messageRules"
                     % (s, by["priya.researcher@parliament.uk"]), headers=h)
        self.assertIsInstance(r.json()["value"][0]["actions"]["redirectTo"], dict)
        r = self.get("/%s/graph/v1.0/users/%s/mailFolders/inbox/messageRules"
                     % (s, by["former.intern@parliament.uk"]), headers=h)
        self.assertEqual((r.status, r.json()["error"]["code"]), (404, "MailboxNotEnabledForRESTAPI"))
        d = self.scen("rulesdenied")
        r = self.get("/%s/graph/v1.0/users/%s/mailFolders/inbox/messageRules"
                     % (d, by["alex.caseworker@parliament.uk"]), headers=self.graph_auth(d))
        self.assertEqual((r.status, r.json()["error"]["code"]), (403, "ErrorAccessDenied"))
        # Gmail: the token's sub must be the user, with gmail.settings.basic.
        gscope = "https://www.googleapis.com/auth/gmail.settings.basic"
        hc = self.google_auth(s, sub="chris.member@parliament.uk", scope=gscope)
        base = "/%s/google/gmail/gmail/v1/users/%%s/settings/%%s" % s
        r = self.get(base % ("chris.member@parliament.uk", "autoForwarding"), headers=hc)
        self.assertEqual((r.status, r.json()["enabled"]), (200, True))
        r = self.get(base % ("me", "forwardingAddresses"), headers=hc)
        self.assertEqual(r.json()["forwardingAddresses"][0]["verificationStatus"], "accepted")
        r = self.get(base % ("priya.researcher@parliament.uk", "filters"), headers=hc)
        self.assertEqual(r.status, 403)
        r = self.get(base % ("me", "filters"), headers=hc)
        self.assertEqual((r.status, r.body), (200, b"{}"))
        r = self.get(base % ("me", "autoForwarding"), headers=self.google_auth(s, sub="chris.member@parliament.uk"))
        self.assertEqual(r.status, 403)
        n = self.scen("nogmail")
        r = self.google_token(n, sub="chris.member@parliament.uk", scope=gscope)
        self.assertEqual((r.status, r.json()["error"]), (401, "unauthorized_client"))

    def test_device_inventories(self):
        s = self.scen("ok")
        h = self.graph_auth(s)
        url = "/%s/graph/v1.0/deviceManagement/managedDevices?$select=id,deviceName,osVersion,lastSyncDateTime" % s
        devs, pages = self.walk_graph(url, h)
        self.assertEqual(len(devs), 11)
        self.assertEqual(pages, 6)
        d = {x["deviceName"]: x for x in devs}
        self.assertEqual(set(d["LAPTOP-SAM01"]), {"id", "deviceName", "osVersion", "lastSyncDateTime"})
        self.assertRegex(d["LAPTOP-SAM01"]["osVersion"], r"^10\.0\.\d{5}\.\d+$")
        self.assertNotEqual(d["LAPTOP-SAM01"]["osVersion"], d["LAPTOP-ALEX01"]["osVersion"])
        r = self.get("/%s/graph/v1.0/deviceManagement/managedDevices?$select=nope" % s, headers=h)
        self.assertEqual(r.status, 400)
        n = self.scen("nointune")
        r = self.get("/%s/graph/v1.0/deviceManagement/managedDevices" % n, headers=self.graph_auth(n))
        self.assertEqual(r.status, 400)
        self.assertEqual(r.json()["error"]["message"], "Request not applicable to target tenant.")
        base = "/%s/google/admin/admin/directory/v1/customer/my_customer/devices/" % s
        mob = "https://www.googleapis.com/auth/admin.directory.device.mobile.readonly"
        cro = "https://www.googleapis.com/auth/admin.directory.device.chromeos.readonly"
        r = self.get(base + "mobile?maxResults=100", headers=self.google_auth(s))
        self.assertEqual(r.status, 403, "the user scope is not the device scope")
        gm = self.google_auth(s, scope=mob)
        r = self.get(base + "mobile?maxResults=101", headers=gm)
        self.assertEqual(r.status, 400)
        r = self.get(base + "mobile?maxResults=100", headers=gm)
        self.assertEqual(r.status, 200)
        self.assertEqual(len(r.json()["mobiledevices"]), 2)
        self.assertIn("nextPageToken", r.json())
        gc = self.google_auth(s, scope=cro)
        r = self.get(base + "chromeos?maxResults=301&projection=FULL", headers=gc)
        self.assertEqual(r.status, 400)
        r = self.get(base + "chromeos?maxResults=300&projection=FULL", headers=gc)
        self.assertEqual(r.json()["chromeosdevices"][0]["autoUpdateThrough"], "2023-06-30")
        r = self.get(base + "chromeos?maxResults=300", headers=gc)
        self.assertNotIn("autoUpdateThrough", r.json()["chromeosdevices"][0], "BASIC leaves it out")

    def test_google_token_rejections(self):
        s = self.scen("ok")
        good = self.jwt(s)
        head, claims, sig = good.split(".")
        tampered = head + "." + b64u(json.dumps(dict(json.loads(base64.urlsafe_b64decode(claims + "==")),
                                                     sub="priya.researcher@parliament.uk")).encode()) + "." + sig
        cases = [
            (tampered, 400, "invalid_grant"),
            (self.jwt(s, aud="https://oauth2.googleapis.com/token"), 400, "invalid_grant"),
            (self.jwt(s, exp=int(time.time()) + 7200), 400, "invalid_grant"),
            (self.jwt(s, iat=int(time.time()) - 7200, exp=int(time.time()) - 3600), 400, "invalid_grant"),
            (self.jwt(s, iss="someone@else.iam.gserviceaccount.com"), 400, "invalid_grant"),
            (self.jwt(s, sub="nobody@parliament.uk"), 400, "invalid_grant"),
            (self.jwt(s, scope=GSCOPE + " https://www.googleapis.com/auth/admin.directory.user"), 401, "unauthorized_client"),
            ("not.a.jwt", 400, "invalid_grant"),
        ]
        for assertion, status, err in cases:
            r = self.google_token(s, assertion=assertion)
            self.assertEqual((r.status, r.json()["error"]), (status, err), r.body)
        # Non-admin subject: token issued, directory refuses.
        h = self.google_auth(s, sub="chris.member@parliament.uk")
        r = self.get("/%s/google/admin/admin/directory/v1/users?customer=my_customer" % s, headers=h)
        self.assertEqual(r.status, 403)
        self.assertEqual(r.json()["error"]["errors"][0]["reason"], "forbidden")
        # No sub at all: the service account itself cannot read the directory.
        h = self.google_auth(s, sub=None)
        r = self.get("/%s/google/admin/admin/directory/v1/users?customer=my_customer" % s, headers=h)
        self.assertEqual(r.status, 403)

    # ---- GitHub ----------------------------------------------------------

    def test_github(self):
        s = self.scen("ok")
        owner = {"Authorization": "Bearer " + GH_OWNER, "Accept": "application/vnd.github+json"}
        member = {"Authorization": "token " + GH_MEMBER}
        r = self.get("/%s/github/orgs/exampleshire-north" % s, headers=owner)
        self.assertIs(r.json()["two_factor_requirement_enabled"], False)
        self.assertIn("x-ratelimit-remaining", r.headers)
        r = self.get("/%s/github/orgs/exampleshire-north" % s, headers=member)
        self.assertNotIn("two_factor_requirement_enabled", r.json())
        nofa, pages = self.walk_link("/%s/github/orgs/exampleshire-north/members?filter=2fa_disabled&per_page=100" % s, owner)
        self.assertEqual({m["login"] for m in nofa}, {"priyaresearch", "formerintern-ex"})
        allm, pages = self.walk_link("/%s/github/orgs/exampleshire-north/members?per_page=1" % s, owner)
        self.assertEqual(pages, 3)
        self.assertEqual(len(allm), 3)
        r = self.get("/%s/github/orgs/exampleshire-north/members?per_page=1" % s, headers=owner)
        self.assertIn('rel="last"', r.header("Link"))
        admins, _ = self.walk_link("/%s/github/orgs/exampleshire-north/members?role=admin" % s, owner)
        self.assertEqual({m["login"] for m in admins}, {"samexample", "priyaresearch"})
        r = self.get("/%s/github/orgs/exampleshire-north/members?filter=2fa_disabled" % s, headers=member)
        self.assertEqual(r.status, 422)
        self.assertEqual(r.json()["message"], "Only owners can use this filter.")
        self.assertEqual(self.get("/%s/github/orgs/exampleshire-north" % s,
                                  headers={"Authorization": "Bearer nope"}).status, 401)
        rq = urllib.request.Request(self.origin + "/%s/github/orgs/exampleshire-north" % s,
                                    headers={"Authorization": "Bearer " + GH_OWNER})
        rq.remove_header("User-agent")
        c = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.ssl, timeout=5)
        c.putrequest("GET", "/%s/github/orgs/exampleshire-north" % s, skip_accept_encoding=True)
        c.putheader("Authorization", "Bearer " + GH_OWNER)
        c.endheaders()
        self.assertEqual(c.getresponse().status, 403)
        c.close()

    # ---- Slack -----------------------------------------------------------

    def test_slack(self):
        s = self.scen("ok")
        members, pages = self.walk_slack(s, SLACK_ADMIN)
        self.assertEqual(len(members), 9)
        self.assertEqual(pages, 5)
        by = {m["name"]: m for m in members}
        self.assertEqual(by["alex.caseworker"]["two_factor_type"], "sms")
        self.assertIs(by["jordan.manager"]["has_2fa"], False)
        self.assertNotIn("has_2fa", by["slackbot"])
        self.assertNotIn("has_2fa", by["old.volunteer"])
        self.assertTrue(by["surgery-calendar"]["is_bot"])
        bot, _ = self.walk_slack(s, SLACK_BOT)
        self.assertFalse(any("has_2fa" in m for m in bot))
        mem, _ = self.walk_slack(s, SLACK_MEMBER)
        self.assertEqual([m["name"] for m in mem if "has_2fa" in m], ["priya.researcher"])
        r = self.get("/%s/slack/api/users.list?limit=2" % s, headers={"Authorization": "Bearer xoxp-wrong"})
        self.assertEqual((r.status, r.json()), (200, {"ok": False, "error": "invalid_auth"}))

    # ---- Okta ------------------------------------------------------------

    def test_okta(self):
        s = self.scen("ok")
        h = {"Authorization": "SSWS " + OKTA_TOKEN}
        users, pages = self.walk_link("/%s/okta/api/v1/users?filter=%s&limit=200" % (
            s, urllib.parse.quote('status eq "ACTIVE"')), h)
        self.assertEqual(len(users), 6)
        self.assertEqual(pages, 3)
        allu, _ = self.walk_link("/%s/okta/api/v1/users" % s, h)
        self.assertEqual(len(allu), 7)  # DEPROVISIONED not listed
        by = {u["profile"]["login"]: u for u in users}
        f = self.get("/%s/okta/api/v1/users/%s/factors" % (s, by["alex.caseworker@parliament.uk"]["id"]), headers=h).json()
        self.assertEqual([(x["factorType"], x["status"]) for x in f], [("sms", "ACTIVE")])
        f = self.get("/%s/okta/api/v1/users/%s/factors" % (s, by["jordan.manager@parliament.uk"]["id"]), headers=h).json()
        self.assertEqual(f[0]["status"], "PENDING_ACTIVATION")
        roles = self.get("/%s/okta/api/v1/users/%s/roles" % (s, by["jordan.manager@parliament.uk"]["id"]), headers=h).json()
        self.assertEqual(roles[0]["type"], "ORG_ADMIN")
        r = self.get("/%s/okta/api/v1/users" % s, headers={"Authorization": "SSWS wrong"})
        self.assertEqual((r.status, r.json()["errorCode"], r.json()["errorSummary"]),
                         (401, "E0000011", "Invalid token provided"))
        self.assertIn("X-Rate-Limit-Remaining", r.headers)

    # ---- HIBP ------------------------------------------------------------

    def test_hibp(self):
        s = self.scen("ok")
        h = {"hibp-api-key": HIBP_KEY}
        base = "/%s/hibp/api/v3/breachedaccount/" % s
        r = self.get(base + urllib.parse.quote("alex.caseworker@parliament.uk") + "?truncateResponse=false", headers=h)
        self.assertEqual(r.status, 200)
        b = r.json()[0]
        self.assertIn("Passwords", b["DataClasses"])
        self.assertGreaterEqual(b["BreachDate"], "2023-01-01")
        r = self.get(base + "sam.example%40parliament.uk?truncateResponse=false", headers=h)
        self.assertNotIn("Passwords", r.json()[0]["DataClasses"])
        self.assertLess(r.json()[0]["BreachDate"], "2023-01-01")
        self.assertEqual(self.get(base + "sam.example%40parliament.uk", headers=h).json(), [{"Name": "OldPetitionSite"}])
        self.assertEqual(self.get(base + "chris.member%40parliament.uk?truncateResponse=false", headers=h).status, 404)
        self.assertEqual(self.get(base + "chris.member%40parliament.uk").status, 401)
        self.assertEqual(self.get(base + "x%40y", headers={"hibp-api-key": "wrong-key-123"}).status, 401)
        c = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.ssl, timeout=5)
        c.putrequest("GET", base + "x%40y", skip_accept_encoding=True)
        c.putheader("hibp-api-key", HIBP_KEY)
        c.endheaders()
        self.assertEqual(c.getresponse().status, 403)  # no User-Agent
        c.close()

    # ---- website ---------------------------------------------------------

    def test_site(self):
        s = self.scen("ok")
        r = self.get("/%s/site/" % s)
        self.assertEqual(r.status, 200)
        self.assertTrue(r.header("Content-Type").startswith("text/html"))
        html = r.body.decode()
        self.assertIn('href="casework.html"', html)
        self.assertIn("https://external.example.invalid/", html)
        self.assertIn("%s/%s/site/surgeries.html" % (self.origin, s), html)
        page = self.get("/%s/site/casework.html" % s).body.decode()
        self.assertIn("@gmail.com", page)
        self.assertIn("AB 12 34 56 C", page)
        self.assertIn("07700 900123", page)
        self.assertEqual(self.get("/%s/site/old-news.html" % s).status, 404)
        self.assertEqual(self.get("/%s/site/../m365.json" % s).status, 404)

    def dns_query(self, s, name, qtype, post=True):
        q = struct.pack(">HHHHHH", 0, 0x0100, 1, 0, 0, 0) + \
            b"".join(bytes([len(l)]) + l.encode() for l in name.split(".")) + b"\0" + \
            struct.pack(">HH", qtype, 1)
        if post:
            return self.req("POST", "/%s/dns/dns-query" % s, data=q,
                            headers={"Content-Type": "application/dns-message",
                                     "Accept": "application/dns-message"})
        return self.get("/%s/dns/dns-query?dns=%s" % (s, b64u(q)))

    def test_doh(self):
        s = self.scen("ok")
        r = self.dns_query(s, "selector2._domainkey.good.mail-e2e.org.uk", 16)
        self.assertEqual((r.status, r.header("Content-Type")), (200, "application/dns-message"))
        qid, flags, qd, an = struct.unpack(">HHHH", r.body[:8])
        self.assertEqual((qid, flags & 0x8000, flags & 0xF, qd, an), (0, 0x8000, 0, 1, 3),
                         "two CNAME hops then the TXT record")
        self.assertIn(b"v=DKIM1; k=rsa; p=", r.body)
        r = self.dns_query(s, "nothere.mail-e2e.org.uk", 16, post=False)
        self.assertEqual(struct.unpack(">H", r.body[2:4])[0] & 0xF, 3, "NXDOMAIN")
        r = self.dns_query(s, "servfail.mail-e2e.org.uk", 15)
        self.assertEqual(struct.unpack(">H", r.body[2:4])[0] & 0xF, 2, "SERVFAIL")
        r = self.dns_query(s, "_dmarc.html.mail-e2e.org.uk", 16)
        self.assertTrue(r.header("Content-Type").startswith("text/html"))
        r = self.dns_query(s, "bigtxt.mail-e2e.org.uk", 16)
        self.assertGreater(len(r.body), 64000)
        self.assertLessEqual(len(r.body), 65535)
        r = self.req("POST", "/%s/dns/dns-query" % s, data=b"x", headers={"Content-Type": "text/plain"})
        self.assertEqual(r.status, 415)
        r = self.req("POST", "/%s/dns/dns-query" % s, data=b"x",
                     headers={"Content-Type": "application/dns-message", "Accept": "application/json"})
        self.assertEqual(r.status, 406)
        r = self.req("POST", "/%s/dns/dns-query" % s, data=b"short",
                     headers={"Content-Type": "application/dns-message"})
        self.assertEqual(r.status, 400)

    # ---- faults ----------------------------------------------------------

    def test_fault_429_then_ok(self):
        s = self.scen("429")
        url = "/%s/okta/api/v1/users" % s
        h = {"Authorization": "SSWS " + OKTA_TOKEN}
        for _ in range(2):
            r = self.get(url, headers=h)
            self.assertEqual((r.status, r.header("Retry-After")), (429, "1"))
            self.assertEqual(r.json()["errorCode"], "E0000047")
        self.assertEqual(self.get(url, headers=h).status, 200)
        self.assertEqual(self.get("/_stats/" + s).json()["requests"], 3)
        r = self.m365_token(s)
        self.assertEqual(r.status, 429)
        r = self.get("/%s/slack/api/users.list?limit=2" % s, headers={"Authorization": "Bearer " + SLACK_ADMIN})
        self.assertEqual(r.status, 429)

    def test_fault_429date(self):
        s = self.scen("429date")
        r = self.get("/%s/github/orgs/exampleshire-north" % s, headers={"Authorization": "Bearer " + GH_OWNER})
        self.assertEqual(r.status, 429)
        when = email.utils.parsedate_to_datetime(r.header("Retry-After")).timestamp()
        self.assertTrue(0 <= when - time.time() <= 3, when - time.time())

    def test_fault_429forever(self):
        s = self.scen("429forever")
        for _ in range(4):
            r = self.get("/%s/hibp/api/v3/breachedaccount/x%%40y" % s, headers={"hibp-api-key": HIBP_KEY})
            self.assertEqual((r.status, r.header("Retry-After")), (429, "1"))

    def test_fault_500once_503once_and_nonce_isolation(self):
        for name, code in (("500once", 500), ("503once", 503)):
            for s in (self.scen(name), self.scen(name)):
                h = {"Authorization": "SSWS " + OKTA_TOKEN}
                self.assertEqual(self.get("/%s/okta/api/v1/users" % s, headers=h).status, code)
                self.assertEqual(self.get("/%s/okta/api/v1/users" % s, headers=h).status, 200)

    def test_fault_slow(self):
        s = self.scen("slow")
        t0 = time.time()
        r = self.get("/%s/okta/api/v1/users" % s, headers={"Authorization": "SSWS " + OKTA_TOKEN})
        self.assertEqual(r.status, 200)
        self.assertGreaterEqual(time.time() - t0, 2.9)

    def test_fault_truncated(self):
        s = self.scen("truncated")
        h = self.graph_auth(s)
        first = self.get("/%s/graph/v1.0/users" % s, headers=h).json()
        with self.assertRaises(http.client.IncompleteRead):
            self.get(first["@odata.nextLink"], headers=h)

    def test_fault_badjson(self):
        s = self.scen("badjson")
        h = {"Authorization": "SSWS " + OKTA_TOKEN}
        r = self.get("/%s/okta/api/v1/users" % s, headers=h)
        nxt = [p.split(";")[0].strip()[1:-1] for p in r.header("Link").split(",") if 'rel="next"' in p][0]
        r = self.get(nxt, headers=h)
        self.assertEqual(r.status, 200)
        with self.assertRaises(ValueError):
            r.json()

    def test_fault_expired(self):
        s = self.scen("expired")
        h = self.graph_auth(s)
        url = "/%s/graph/v1.0/users" % s
        r = self.get(url, headers=h)
        self.assertEqual(r.status, 401)
        self.assertIn('error="invalid_token"', r.header("WWW-Authenticate"))
        self.assertEqual(r.json()["error"]["code"], "InvalidAuthenticationToken")
        self.assertEqual(self.get(url, headers=h).status, 401)  # that token stays dead
        self.assertEqual(self.get(url, headers=self.graph_auth(s)).status, 200)
        g = self.google_auth(s)
        gurl = "/%s/google/admin/admin/directory/v1/users?customer=my_customer" % s
        self.assertEqual(self.get(gurl, headers=g).status, 401)
        self.assertEqual(self.get(gurl, headers=self.google_auth(s)).status, 200)
        r = self.get("/%s/slack/api/users.list?limit=2" % s, headers={"Authorization": "Bearer " + SLACK_ADMIN})
        self.assertEqual(r.json()["error"], "token_expired")

    def test_fault_nonpremium_fallback(self):
        s = self.scen("nonpremium")
        h = self.graph_auth(s)
        r = self.get("/%s/graph/v1.0/reports/authenticationMethods/userRegistrationDetails" % s, headers=h)
        self.assertEqual(r.status, 403)
        self.assertEqual(r.json()["error"]["code"], "Authentication_RequestFromNonPremiumTenantOrB2CTenant")
        users, _ = self.walk_graph("/%s/graph/v1.0/users?$select=id,accountEnabled" % s, h)
        r = self.req("POST", "/%s/graph/v1.0/$batch" % s, headers=h, js={"requests": [
            {"id": u["id"], "method": "GET", "url": "/users/%s/authentication/methods" % u["id"]} for u in users]})
        self.assertTrue(all(x["status"] == 200 for x in r.json()["responses"]))

    def test_fault_denied(self):
        s = self.scen("denied")
        r = self.get("/%s/graph/v1.0/users" % s, headers=self.graph_auth(s))
        self.assertEqual((r.status, r.json()["error"]["code"]), (403, "Authorization_RequestDenied"))
        r = self.get("/%s/google/admin/admin/directory/v1/users?customer=my_customer" % s, headers=self.google_auth(s))
        self.assertEqual((r.status, r.json()["error"]["message"]), (403, "Not Authorized to access this resource/api"))
        r = self.get("/%s/github/orgs/exampleshire-north/members" % s, headers={"Authorization": "Bearer " + GH_OWNER})
        self.assertEqual(r.status, 403)
        r = self.get("/%s/slack/api/users.list?limit=2" % s, headers={"Authorization": "Bearer " + SLACK_ADMIN})
        self.assertEqual(r.json(), {"ok": False, "error": "missing_scope", "needed": "users:read", "provided": "identify"})
        r = self.get("/%s/okta/api/v1/users" % s, headers={"Authorization": "SSWS " + OKTA_TOKEN})
        self.assertEqual((r.status, r.json()["errorCode"]), (403, "E0000006"))

    def test_fault_googlequota(self):
        s = self.scen("googlequota")
        h = self.google_auth(s)
        url = "/%s/google/admin/admin/directory/v1/users?customer=my_customer" % s
        for _ in range(2):
            r = self.get(url, headers=h)
            self.assertEqual(r.status, 403)
            self.assertEqual(r.json()["error"]["errors"][0]["reason"], "userRateLimitExceeded")
        self.assertEqual(self.get(url, headers=h).status, 200)

    def test_fault_loop(self):
        s = self.scen("loop")
        h = self.graph_auth(s)
        url = "%s/%s/graph/v1.0/users" % (self.origin, s)
        self.assertEqual(self.get(url, headers=h).json()["@odata.nextLink"], url)
        r = self.get("/%s/okta/api/v1/users" % s, headers={"Authorization": "SSWS " + OKTA_TOKEN})
        self.assertIn("<%s/%s/okta/api/v1/users>; rel=\"next\"" % (self.origin, s), r.header("Link"))
        j = self.get("/%s/slack/api/users.list?limit=2" % s, headers={"Authorization": "Bearer " + SLACK_ADMIN}).json()
        j2 = self.get("/%s/slack/api/users.list?limit=2&cursor=%s" % (s, j["response_metadata"]["next_cursor"]),
                      headers={"Authorization": "Bearer " + SLACK_ADMIN}).json()
        self.assertEqual(j["response_metadata"]["next_cursor"], j2["response_metadata"]["next_cursor"])
        self.assertEqual(j["members"], j2["members"])
        g = self.google_auth(s)
        j = self.get("/%s/google/admin/admin/directory/v1/users?customer=my_customer" % s, headers=g).json()
        j2 = self.get("/%s/google/admin/admin/directory/v1/users?customer=my_customer&pageToken=%s" % (s, j["nextPageToken"]),
                      headers=g).json()
        self.assertEqual(j2["nextPageToken"], j["nextPageToken"])

    def test_fault_offhost(self):
        s = self.scen("offhost")
        h = self.graph_auth(s)
        j = self.get("/%s/graph/v1.0/reports/authenticationMethods/userRegistrationDetails" % s, headers=h).json()
        self.assertTrue(j["@odata.nextLink"].startswith("https://evil.example.invalid/"))
        r = self.get("/%s/github/orgs/exampleshire-north/members" % s, headers={"Authorization": "Bearer " + GH_OWNER})
        self.assertIn("<https://evil.example.invalid/", r.header("Link"))

    def test_fault_httpredirect(self):
        s = self.scen("httpredirect")
        r = self.get("/%s/okta/api/v1/users" % s, headers={"Authorization": "SSWS " + OKTA_TOKEN})
        self.assertEqual(r.status, 302)
        self.assertEqual(r.header("Location"), "http://127.0.0.1:%d/%s/okta/api/v1/users" % (self.port, s))

    def test_fault_tokenhtml(self):
        s = self.scen("tokenhtml")
        r = self.m365_token(s)
        self.assertEqual(r.status, 200)
        self.assertTrue(r.header("Content-Type").startswith("text/html"))
        r = self.google_token(s)
        self.assertIn(b"<html>", r.body)

    def test_fault_notarray(self):
        s = self.scen("notarray")
        self.assertEqual(self.get("/%s/graph/v1.0/users" % s, headers=self.graph_auth(s)).json()["value"], "not-an-array")
        r = self.get("/%s/okta/api/v1/users" % s, headers={"Authorization": "SSWS " + OKTA_TOKEN})
        self.assertIsInstance(r.json(), dict)
        j = self.get("/%s/slack/api/users.list?limit=2" % s, headers={"Authorization": "Bearer " + SLACK_ADMIN}).json()
        self.assertEqual(j["members"], "not-an-array")

    def test_fault_huge(self):
        s = self.scen("huge")
        r = self.get("/%s/okta/api/v1/users" % s, headers={"Authorization": "SSWS " + OKTA_TOKEN})
        self.assertEqual(r.status, 200)
        self.assertGreaterEqual(len(r.body), 50 * 1024 * 1024)
        self.assertEqual(int(r.header("Content-Length")), len(r.body))
        self.assertIsInstance(json.loads(r.body), list)

    # ---- generated large tenant -----------------------------------------

    def test_tenant20k(self):
        s = self.scen("tenant20k")
        h = self.graph_auth(s)
        rows, pages = self.walk_graph("/%s/graph/v1.0/reports/authenticationMethods/userRegistrationDetails?$top=999" % s, h)
        self.assertEqual((len(rows), pages), (20000, 21))
        self.assertEqual(sum(1 for r in rows if not r["isMfaRegistered"]), 1000)
        self.assertEqual(len({r["id"] for r in rows}), 20000)
        users, pages = self.walk_graph("/%s/graph/v1.0/users?$top=999&$select=id,accountEnabled" % s, h)
        self.assertEqual(len(users), 20000)
        r = self.req("POST", "/%s/graph/v1.0/$batch" % s, headers=h, js={"requests": [
            {"id": str(i), "method": "GET", "url": "/users/%s/authentication/methods" % u["id"]}
            for i, u in enumerate(users[:20])]})
        self.assertEqual([len(x["body"]["value"]) for x in r.json()["responses"]][:8], [2, 2, 2, 2, 2, 2, 2, 1])
        admins = 0
        for role in self.get("/%s/graph/v1.0/directoryRoles" % s, headers=h).json()["value"]:
            admins += len(self.get("/%s/graph/v1.0/directoryRoles/%s/members" % (s, role["id"]), headers=h).json()["value"])
        self.assertEqual(admins, 80)
        gh = {"Authorization": "Bearer " + GH_OWNER}
        nofa, pages = self.walk_link("/%s/github/orgs/exampleshire-north/members?filter=2fa_disabled&per_page=100" % s, gh)
        self.assertEqual((len(nofa), pages), (1000, 10))
        g, pages = self.walk_google(s, self.google_auth(s))
        self.assertEqual((len(g), pages), (20000, 40))
        self.assertEqual(sum(1 for u in g if not u["isEnrolledIn2Sv"]), 1000)
        ok, pages = self.walk_link("/%s/okta/api/v1/users?limit=200" % s, {"Authorization": "SSWS " + OKTA_TOKEN})
        self.assertEqual((len(ok), pages), (20000, 100))
        sl, pages = self.walk_slack(s, SLACK_ADMIN, limit=1000)
        self.assertEqual((len(sl), pages), (20000, 100))


if __name__ == "__main__":
    unittest.main(verbosity=2)

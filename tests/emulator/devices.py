"""Device inventories for the emulator: Intune managedDevices (Graph) and
Google mobile / ChromeOS devices (Directory), from fixtures/demo/devices.json
or the generated 5,000-device tenant (scenario devices5k).

Time-dependent values are resolved when served, so the demo's findings stay
the same whatever day the tests run:
  - "lastSyncDaysAgo": N  -> lastSync = now - N days (minus an hour)
  - "osVersion": "@windows-current" / "@windows-behind"
        -> from policies/eol-devices.yaml: the newest Windows build whose
           Home/Pro end of service is over 60 days away (current), or the
           next older such build (behind; the current one when there is
           none). Intune reports no edition, so the earlier date counts.
macOS, iOS and Android fixtures use releases the snapshot gives no end date
(supported for as long as the snapshot is the same), or releases long past
their end; ChromeOS uses expiry dates far in the past or future.
"""
import datetime
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
EOL_DEVICES = os.path.join(HERE, "..", "..", "policies", "eol-devices.yaml")
DEVICES_N = 5000
SELECT_OK = {"id", "deviceName", "userPrincipalName", "operatingSystem", "osVersion", "lastSyncDateTime",
             "complianceState", "isEncrypted", "jailBroken", "managedDeviceOwnerType",
             "androidSecurityPatchLevel", "model", "serialNumber", "manufacturer", "enrolledDateTime"}
SCOPE_MOBILE = "https://www.googleapis.com/auth/admin.directory.device.mobile.readonly"
SCOPE_CHROMEOS = "https://www.googleapis.com/auth/admin.directory.device.chromeos.readonly"


def load(path):
    p = os.path.join(path, "devices.json")
    if not os.path.exists(p):
        return {"intune": [], "google_mobile": [], "chromeos": []}
    with open(p, encoding="utf-8") as f:
        return json.load(f)


def windows_builds(today):
    """[(build, home_pro_end)] supported over 60 more days, newest first."""
    out = []
    with open(EOL_DEVICES, encoding="utf-8") as f:
        for line in f:
            m = re.search(r"\{build: (\d+), .*home_pro_end: (\d{4}-\d{2}-\d{2}|ended)", line)
            if not m or m.group(2) == "ended":
                continue
            end = datetime.date.fromisoformat(m.group(2))
            if end > today + datetime.timedelta(days=61):
                out.append((int(m.group(1)), end))
    out.sort(reverse=True)
    return out


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def resolve(obj, now):
    """A fixture device with its time-dependent values filled in."""
    o = {k: v for k, v in obj.items() if not k.startswith("_") and k != "lastSyncDaysAgo"}
    days = obj.get("lastSyncDaysAgo")
    if days is not None:
        t = now - datetime.timedelta(days=days, hours=1)
        for key in ("lastSyncDateTime", "lastSync"):
            if key in obj:
                o[key] = iso(t)
    v = o.get("osVersion")
    if isinstance(v, str) and v.startswith("@windows-"):
        builds = windows_builds(now.date()) or [(26200, None)]
        pick = builds[0] if v == "@windows-current" or len(builds) < 2 else builds[1]
        o["osVersion"] = "10.0.%d.%d" % (pick[0], 2000 + pick[0] % 997)
    return o


def gen_intune(i, now):
    """A generated office fleet: mostly current, a few problems of each kind."""
    if i % 25 == 0:
        os_name, ver = "Windows", "10.0.18363.1556"
    else:
        os_name, ver = [("Windows", "@windows-current"), ("macOS", "26.6.2"), ("iOS", "26.6.1"),
                        ("Android", "16"), ("Windows", "@windows-behind")][i % 5]
    fresh = (now - datetime.timedelta(days=10)).strftime("%Y-%m-%d")
    return resolve({
        "id": "d%07d-0000-4000-8000-%012d" % (i, i), "deviceName": "DEV-%05d" % i,
        "userPrincipalName": "user%05d@parliament.uk" % (i % 20000), "operatingSystem": os_name,
        "osVersion": ver, "lastSyncDateTime": "", "lastSyncDaysAgo": 45 if i % 50 == 3 else 1,
        "complianceState": "noncompliant" if i % 40 == 5 else "compliant",
        "isEncrypted": i % 30 != 4, "jailBroken": "True" if i % 200 == 9 else "False",
        "managedDeviceOwnerType": "personal" if i % 10 == 1 else "company",
        "androidSecurityPatchLevel": ("2023-01-01" if i % 50 == 13 else fresh) if os_name == "Android" else "",
        "model": "Model %d" % (i % 7),
    }, now)


def gen_mobile(i, now):
    android = i % 2 == 0
    fresh = int((now - datetime.timedelta(days=10) - datetime.datetime(1970, 1, 1)).total_seconds()) * 1000
    return resolve({
        "kind": "admin#directory#mobiledevice", "resourceId": "AFiQxQ%08d" % i, "deviceId": "gm%08d" % i,
        "email": ["user%05d@parliament.uk" % (i % 20000)], "model": "Pixel 8" if android else "iPhone 15",
        "os": "Android 16" if android else "iOS 26.6.1", "type": "ANDROID" if android else "IOS_SYNC",
        "status": "APPROVED", "lastSync": "", "lastSyncDaysAgo": 2,
        "securityPatchLevel": ("1672531200000" if i % 40 == 0 else str(fresh)) if android else "0",
        "deviceCompromisedStatus": "No compromise detected", "encryptionStatus": "Encrypted",
    }, now)


def gen_chromeos(i, now):
    return resolve({
        "kind": "admin#directory#chromeosdevice", "deviceId": "c%08d" % i, "serialNumber": "SN%08d" % i,
        "status": "ACTIVE", "model": "Chromebook %d" % (i % 5), "osVersion": "128.0.6613.1",
        "annotatedUser": "user%05d@parliament.uk" % (i % 20000), "lastSync": "", "lastSyncDaysAgo": 3,
        "autoUpdateThrough": "2023-06-30" if i % 25 == 0 else "2034-06-30", "bootMode": "Verified",
    }, now)


class Lazy:
    def __init__(self, n, fn, now):
        self.n, self.fn, self.now = n, fn, now

    def __len__(self):
        return self.n

    def __getitem__(self, k):
        return [self.fn(i, self.now) for i in range(self.n)[k]]


def now_utc():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def intune_items(data, big):
    now = now_utc()
    if big:
        return Lazy(DEVICES_N, gen_intune, now)
    return [resolve(d, now) for d in data.get("intune", [])]


def google_items(data, kind, big):
    now = now_utc()
    if big:
        return Lazy(DEVICES_N * 3 // 5, gen_mobile, now) if kind == "mobile" else \
            Lazy(DEVICES_N * 2 // 5, gen_chromeos, now)
    return [resolve(d, now) for d in data.get("google_mobile" if kind == "mobile" else "chromeos", [])]

#!/bin/bash
# The patch check's devices part against the emulator's demo office: each
# device rule on the devices built for it (and nothing on the current
# ones), owners from the staff list, steps for the device's own OS, a
# personal device said to be personal, a tenant without Intune.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/devices_lib.sh"
dev_setup

dev_config "ok~devices"
dev_scan
# fail_on: critical, and no device rule is critical.
[ "$RC" -eq 0 ] && ok "demo devices: exit 0 (nothing critical)" || not_ok "exit $RC: $ERR"
[ "$(dev_status)" = fail ] && ok "patch is fail" || not_ok "status $(dev_status): $(dev_reason)"
I=7d1c0a10-0000-4000-8000-00000000000
cat >"$E2E_TMP/want" <<W
chromeos:5CD0123ABC	device_os_unsupported
chromeos:LR0AB123	device_os_unsupported
google-mobile:3f1a9c2b7e5d0001	device_os_outdated
google-mobile:3f1a9c2b7e5d0003	device_jailbroken
google-mobile:3f1a9c2b7e5d0004	device_not_encrypted
intune:IPHONE-SAM (${I}9)	device_jailbroken
intune:LAPTOP-ALEX01 (${I}3)	device_not_seen
intune:LAPTOP-CHRIS01 (${I}2)	device_noncompliant
intune:LAPTOP-CHRIS01 (${I}2)	device_os_unsupported
intune:MAC-ALEX (${I}7)	device_os_outdated
intune:MAC-JORDAN-OLD (${I}6)	device_not_encrypted
intune:MAC-JORDAN-OLD (${I}6)	device_os_unsupported
intune:OFFICE-DESKTOP (${I}4)	device_os_unsupported
intune:Priya's Pixel (${I}a)	device_os_outdated
W
dev_findings >"$E2E_TMP/got"
if diff -u "$E2E_TMP/want" "$E2E_TMP/got" >"$E2E_TMP/diff"; then
	ok "exactly the expected device findings (current devices clean)"
else
	not_ok "device findings differ: $(cat "$E2E_TMP/diff")"
fi
for rule in device_os_unsupported device_os_outdated device_not_seen \
    device_jailbroken device_not_encrypted device_noncompliant; do
	grep -q "	$rule\$" "$E2E_TMP/got" && ok "rule $rule reported" ||
		not_ok "rule $rule missing"
done

# check NAME EXPR: a Python truth over the device findings.
check() { [ "$(dev_q "$2")" = True ] && ok "$1" || not_ok "$1: $(dev_q "$2" 2>&1 | tail -1)"; }
check "every device finding has its staff owner" \
	"all(x.get('owner') for x in F)"
check "Chris's 1909 laptop: Windows steps, named release, edition note" \
	"any(x['subject'].startswith('intune:LAPTOP-CHRIS01') and x['rule']=='device_os_unsupported' and 'Windows Update' in x['remediation'] and 'Windows 10 1909' in x['title'] and x['owner']=='Chris Member MP' and 'earlier' in x['evidence'] for x in F)"
check "Jordan's old Mac: FileVault steps for encryption" \
	"any(x['subject'].startswith('intune:MAC-JORDAN-OLD') and x['rule']=='device_not_encrypted' and 'FileVault' in x['remediation'] for x in F)"
check "Priya's personal phone says it is personal, with Android steps" \
	"any(x['subject'].startswith('intune:Priya') and x['title'].startswith('Personal device') and 'personal (bring-your-own)' in x['evidence'] and 'Security update' in x['remediation'] and 'own device' in x['remediation'] and '2024-01-05' in x['evidence'] for x in F)"
check "noncompliant says compliance needs compliance policies" \
	"any(x['rule']=='device_noncompliant' and 'compliance policies' in x['evidence'] for x in F)"
check "not seen: 40 days" \
	"any(x['rule']=='device_not_seen' and '40 days' in x['title'] for x in F)"
check "Chromebook past its auto-update expiry, ChromeOS steps" \
	"any(x['subject']=='chromeos:5CD0123ABC' and 'auto-update' in x['evidence'] and 'Chromebook' in x['remediation'] for x in F)"
check "deprecated autoUpdateExpiration (ms) read when autoUpdateThrough is absent" \
	"any(x['subject']=='chromeos:LR0AB123' and '2020-0' in x['evidence'] for x in F)"
check "evidence names device, user and OS; no other personal data" \
	"all('device: ' in x['evidence'] and 'user: ' in x['evidence'] and 'OS: ' in x['evidence'] and 'serial' not in x['evidence'].lower() for x in F)"
check "counts per inventory" \
	"any(t.startswith('intune: 11 devices examined') for t in counts) and any(t.startswith('google-mobile: 4 devices examined') for t in counts) and any(t.startswith('chromeos: 3 devices examined') for t in counts)"
n=$(mfa_stats "ok~devices")
# Graph: token + 6 pages of 2; Google: token x2 + 3 mobile pages + 2 ChromeOS.
[ "$n" -le 16 ] && ok "demo devices read in $n requests (paged, 2 a page)" || not_ok "$n requests"

# A tenant without Intune: the devices part is not applicable (not an
# error, not a pass) and says why; Google still reads when present.
dev_config "nointune~only" "microsoft365"
dev_scan
grep -q "patch/devices: not_applicable" "$E2E_TMP/err" && ok "no Intune: devices part not_applicable" ||
	not_ok "no Intune: $ERR"
check "no Intune: reason in the counts, no device findings" \
	"any('no Intune: device patch level cannot be checked from Microsoft 365' in t for t in counts) and not F"
[ "$(dev_status)" != error ] && ok "no Intune is not an error" || not_ok "no Intune: error $(dev_reason)"
dev_config "nointune~both"
dev_scan
check "no Intune but Google: Google's devices still judged" \
	"any(s.startswith('chromeos:') for s, r in f) and not any(s.startswith('intune:') for s, r in f)"

# A secret file not there yet (the starter config names one before it is
# filled in): the scan still runs; that inventory is an error naming the
# file, the other is read; with none left the part is not applicable.
MFA_M365_SECRET=$E2E_TMP/secrets/not-there dev_config "ok~nosecret"
dev_scan
[ "$(dev_status)" = error ] && ok "missing m365 secret: patch is an error" || not_ok "missing secret: $(dev_status)"
dev_reason | grep -q "intune: the secret file $E2E_TMP/secrets/not-there does not exist" &&
	ok "missing m365 secret: reason names the file" || not_ok "missing secret: $(dev_reason)"
check "missing m365 secret: Google's devices still judged" \
	"any(s.startswith('google-mobile:') for s, r in f) and not any(s.startswith('intune:') for s, r in f)"
MFA_M365_SECRET=$E2E_TMP/secrets/not-there dev_config "ok~nosecret2" "microsoft365"
dev_scan
grep -q "patch/devices: not_applicable" "$E2E_TMP/err" && [ "$(dev_status)" != error ] &&
	ok "only a missing secret: devices part not applicable, local part still judged" ||
	not_ok "only missing secret: $(dev_status) $ERR"
e2e_done

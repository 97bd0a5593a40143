#!/bin/bash
# Emulator faults on the device inventories: throttling that clears is
# waited out (same findings as a clean run); throttling that does not,
# paging loops, cut-off or invalid pages, wrong shapes and refused
# permissions make the patch check an error naming the inventory and the
# cause (the missing permission or scope), never a pass, with bounded
# requests and no finding a clean run lacks.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/devices_lib.sh"
dev_setup

dev_config "ok~base"
dev_scan
dev_findings >"$E2E_TMP/base"
[ -s "$E2E_TMP/base" ] && ok "clean run has device findings" || not_ok "clean run: $ERR"

# fails SCENARIO TEXT MAXREQ [INVENTORIES]: error naming each inventory
# with TEXT, bounded requests, findings a subset of the clean run.
fails() {
	local scen=$1 text=$2 max=$3 invs=${4:-"intune google"} i n
	dev_config "$scen~e2e"
	dev_scan
	if [ -z "$MFA_REPORT" ]; then not_ok "$scen: no report: $ERR"; return; fi
	[ "$(dev_status)" = error ] && ok "$scen: patch is an error" ||
		not_ok "$scen: status $(dev_status)"
	[ "$RC" -eq 3 ] && ok "$scen: exit 3 (incomplete)" || not_ok "$scen: exit $RC"
	for i in $invs; do
		if dev_reason | sed 's/; /\n/g' | grep -F "$i: " | grep -qiE "$text"; then
			ok "$scen: $i reason matches /$text/"
		else
			not_ok "$scen: $i reason lacks /$text/: $(dev_reason)"
		fi
	done
	dev_findings >"$E2E_TMP/got"
	if [ -z "$(comm -13 "$E2E_TMP/base" "$E2E_TMP/got")" ]; then
		ok "$scen: no invented findings"
	else
		not_ok "$scen: findings the clean run lacks: $(comm -13 "$E2E_TMP/base" "$E2E_TMP/got" | head -3)"
	fi
	n=$(mfa_stats "$scen~e2e")
	[ "$n" -le "$max" ] && ok "$scen: $n requests (bound $max)" ||
		not_ok "$scen: $n requests, over $max"
}

# recovers SCENARIO: the same findings as the clean run, complete.
recovers() {
	dev_config "$1~e2e"
	dev_scan
	dev_findings >"$E2E_TMP/got"
	[ "$(dev_status)" = fail ] && diff -q "$E2E_TMP/base" "$E2E_TMP/got" >/dev/null &&
		ok "$1: waited out, same findings as the clean run" ||
		not_ok "$1: status $(dev_status) $(dev_reason); $(diff "$E2E_TMP/base" "$E2E_TMP/got" | head -3)"
}

fails denied "permission|delegation|DeviceManagementManagedDevices.Read.All|admin.directory.device.mobile.readonly" 12
dev_q "c.get('reason')" | grep -q "DeviceManagementManagedDevices.Read.All" &&
	ok "denied: names the Intune permission" || not_ok "denied: $(dev_reason)"
dev_q "c.get('reason')" | grep -q "admin.directory.device.mobile.readonly" &&
	ok "denied: names the Google scope" || not_ok "denied: $(dev_reason)"
fails 429forever "429|throttl" 40
fails truncated "cut off|truncat" 30
fails badjson "not valid JSON" 30
fails notarray "expected" 30
fails loop "loop" 40
recovers 429

# One Google scope not delegated: that list is an error naming it; the
# other list and Intune are still read.
dev_config "nochromeos~e2e"
dev_scan
[ "$(dev_status)" = error ] && ok "nochromeos: patch is an error" || not_ok "nochromeos: $(dev_status)"
dev_reason | grep -q "chromeos.readonly\|unauthorized_client" && ok "nochromeos: reason names the ChromeOS scope" ||
	not_ok "nochromeos: $(dev_reason)"
dev_findings >"$E2E_TMP/got"
grep -v "^chromeos:" "$E2E_TMP/base" | diff -q - "$E2E_TMP/got" >/dev/null &&
	ok "nochromeos: mobile devices and Intune still judged" ||
	not_ok "nochromeos: $(diff <(grep -v "^chromeos:" "$E2E_TMP/base") "$E2E_TMP/got" | head -3)"
recovers googlequota
e2e_done

#!/bin/bash
# Faults on OneDrive/SharePoint sharing (issue 17): a drive the app may not
# read (403) makes exposure an error naming the drive and Files.Read.All
# while the other drives are still reported; a download redirected to a
# host that is not the tenant's is refused (content_not_scanned, never a
# clean bill), and so is a download longer than its listed size (cut off
# 1 MiB past it); a 429 storm is waited out with the same findings; a delta
# page cut off, or a delta that ends without its deltaLink, makes the
# drives error, never a pass.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/sharing_lib.sh"
sh_setup

sh_config "ok~base"
sh_scan
sh_findings >"$E2E_TMP/base"
[ -s "$E2E_TMP/base" ] && ok "clean run has sharing findings" || not_ok "clean run: $ERR"

sh_config "drivefaults~e2e"
sh_scan
[ "$(sh_status)" = error ] && ok "403 drive: exposure is an error" || not_ok "403: status $(sh_status)"
[ "$RC" -eq 3 ] && ok "403 drive: exit 3 (incomplete)" || not_ok "403 drive: exit $RC"
sh_reason | grep -q "OneDrive of jordan.manager@parliament.uk" && ok "reason names the drive" ||
	not_ok "reason: $(sh_reason)"
sh_reason | grep -q "Files.Read.All" && ok "reason names Files.Read.All" || not_ok "reason: $(sh_reason)"
sh_findings >"$E2E_TMP/got"
[ -z "$(comm -23 "$E2E_TMP/base" "$E2E_TMP/got")" ] && ok "other drives still reported" ||
	not_ok "lost: $(comm -23 "$E2E_TMP/base" "$E2E_TMP/got" | head -3)"
sh_has "redirect to another host: not scanned" "onedrive:priya.researcher@parliament.uk:/constituent-list.csv" content_not_scanned
sh_has "redirect to another host: still shared_anyone" "onedrive:priya.researcher@parliament.uk:/constituent-list.csv" shared_anyone
sh_q '[x["evidence"] for x in F if "constituent-list" in x["subject"]][0]' | grep -q "refused to follow" &&
	ok "evidence says the redirect was refused" || not_ok "evidence: $(sh_q '[x["evidence"] for x in F if "constituent-list" in x["subject"]]')"
sh_has "file over the download cap: not scanned" "onedrive:priya.researcher@parliament.uk:/casework-archive.xlsx" content_not_scanned
sh_q '[x["evidence"] for x in F if "casework-archive" in x["subject"]][0]' | grep -q "larger than the 16 MiB download cap" &&
	ok "evidence says it is over the cap" || not_ok "cap evidence: $(sh_q '[x["evidence"] for x in F if "casework-archive" in x["subject"]]')"
sh_has "body longer than its listed size: not scanned" "onedrive:priya.researcher@parliament.uk:/minutes-export.csv" content_not_scanned
sh_q '[x["evidence"] for x in F if "minutes-export" in x["subject"]][0]' | grep -q "bytes expected; stopped reading it" &&
	ok "evidence says the download was cut off past its listed size" || not_ok "cut-off evidence: $(sh_q '[x["evidence"] for x in F if "minutes-export" in x["subject"]]')"
sh_q 'any("1 download redirect refused" in t for t in counts)' | grep -qx True && ok "refusal counted" ||
	not_ok "counts: $(sh_q counts)"

sh_config "drivestorm~e2e"
sh_scan
sh_findings >"$E2E_TMP/got"
[ "$(sh_status)" = fail ] && diff -q "$E2E_TMP/base" "$E2E_TMP/got" >/dev/null &&
	ok "429 storm: waited out, same findings" ||
	not_ok "429 storm: $(sh_status) $(sh_reason); $(diff "$E2E_TMP/base" "$E2E_TMP/got" | head -3)"
n=$(mfa_stats "drivestorm~e2e")
[ "$n" -le 150 ] && ok "429 storm: $n requests (bound 150)" || not_ok "429 storm: $n requests"

sh_config "drivetrunc~e2e"
sh_scan
[ "$(sh_status)" = error ] && ok "truncated delta: error" || not_ok "truncated: $(sh_status)"
sh_reason | grep -qiE "cut off|truncat|JSON" && ok "truncated delta: reason says so" ||
	not_ok "truncated: $(sh_reason)"
sh_findings >"$E2E_TMP/got"
[ -z "$(comm -13 "$E2E_TMP/base" "$E2E_TMP/got")" ] && ok "truncated: no invented findings" ||
	not_ok "truncated: $(comm -13 "$E2E_TMP/base" "$E2E_TMP/got" | head -3)"

sh_config "drivenodelta~e2e"
sh_scan
[ "$(sh_status)" = error ] && ok "delta without deltaLink: error" || not_ok "nodelta: $(sh_status)"
sh_reason | grep -q "without @odata.deltaLink" && ok "delta without deltaLink: reason says so" ||
	not_ok "nodelta: $(sh_reason)"
[ "$(sh_q 'len(f)')" -eq 0 ] && ok "delta without deltaLink: no finding from a partial drive" ||
	not_ok "nodelta: $(sh_findings | head -3)"
e2e_done

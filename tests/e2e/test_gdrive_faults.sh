#!/bin/bash
# Google Drive faults end as a user expects: a scope the domain-wide
# delegation lacks is one clear error naming it; a staff account that
# does not exist (invalid_grant) or whose Drive is refused (403) is named
# in the check's reason while the other Drives are still read and
# reported; a 429 storm is waited out (same findings as a clean run);
# endless throttling, cut-off or invalid JSON make the check an error,
# never a pass, and never invent findings.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/exposure_lib.sh"
source "$PC_SRC/tests/e2e/gdrive_lib.sh"
gd_setup
GONE='  - {name: "Gone Staffer", role: caseworker, email: gone.staffer@parliament.uk, accounts: {google: gone.staffer@parliament.uk}}'

gd_config "ok~base"
gd_scan
gd_findings >"$E2E_TMP/base"
[ "$(wc -l <"$E2E_TMP/base")" -eq 9 ] && ok "clean run: 9 Drive findings" ||
	not_ok "clean run: $(cat "$E2E_TMP/base") $ERR"

# check_error SCENARIO TEXT: exposure error whose reason has TEXT, exit 3,
# findings a subset of the clean run's.
check_error() {
	if [ -z "$GD_REPORT" ]; then not_ok "$1: no report: $ERR"; return; fi
	[ "$(gd_q 'c["status"]')" = error ] && ok "$1: exposure is error" ||
		not_ok "$1: status $(gd_q 'c["status"]')"
	expect_rc "$1: incomplete" 3
	gd_q 'c.get("reason") or ""' | grep -qF -- "$2" && ok "$1: reason names: $2" ||
		not_ok "$1: reason lacks \"$2\": $(gd_q 'c.get("reason")')"
	gd_findings >"$E2E_TMP/got"
	[ -z "$(comm -13 "$E2E_TMP/base" "$E2E_TMP/got")" ] && ok "$1: no invented findings" ||
		not_ok "$1: new findings: $(comm -13 "$E2E_TMP/base" "$E2E_TMP/got")"
}

gd_config "nodrive~e2e"
gd_scan
check_error nodrive "domain-wide delegation does not grant it the scope https://www.googleapis.com/auth/drive.readonly"
[ "$(gd_stats nodrive~e2e 'd["requests"]')" = 1 ] &&
	ok "nodrive: stops after the one refused sign-in" ||
	not_ok "nodrive: $(gd_stats nodrive~e2e 'd["requests"]') requests"

gd_config "ok~gone" "$GONE"
gd_scan
check_error invalid_grant "Gone Staffer's Drive (gone.staffer@parliament.uk) could not be read"
gd_q 'c.get("reason")' | grep -q "invalid_grant" && ok "invalid_grant: Google's code named" ||
	not_ok "invalid_grant not named"
[ "$(gd_findings)" = "$(cat "$E2E_TMP/base")" ] &&
	ok "invalid_grant: every other Drive still read and reported" || not_ok "others not all reported"

gd_config "drivedenied~e2e"
gd_scan
check_error drivedenied "Priya Researcher's Drive (priya.researcher@parliament.uk) could not be read: HTTP 403 from google drive: domainPolicy"
[ "$(gd_q 'len(f)')" = 8 ] && ok "drivedenied: the other Drives' 8 findings reported" ||
	not_ok "drivedenied: $(gd_q 'len(f)') findings"

gd_config "drive429~e2e"
gd_scan
[ "$(gd_q 'c["status"]')" = fail ] && ok "drive429: storm waited out, check complete" ||
	not_ok "drive429: $(gd_q 'c["status"]') $(gd_q 'c.get("reason")')"
[ "$(gd_findings)" = "$(cat "$E2E_TMP/base")" ] && ok "drive429: same findings as a clean run" ||
	not_ok "drive429: findings differ"
n429=$(gd_stats drive429~e2e 'd["by_status"].get("429", 0)')
[ "$n429" -ge 10 ] && ok "drive429: $n429 throttled requests retried" || not_ok "drive429: only $n429 429s"

gd_config "429forever~e2e"
gd_scan
check_error 429forever "the provider is throttling, try again later"
n=$(gd_stats 429forever~e2e 'd["requests"]')
[ "$n" -le 40 ] && ok "429forever: bounded ($n requests)" || not_ok "429forever: $n requests"

gd_config "truncated~e2e"
gd_scan
check_error truncated "Alex Caseworker's Drive (alex.caseworker@parliament.uk) could not be read"
gd_q 'c.get("reason")' | grep -q "cut off" && ok "truncated: says the response was cut off" ||
	not_ok "truncated: $(gd_q 'c.get("reason")')"

gd_config "badjson~e2e"
gd_scan
check_error badjson "not valid JSON"

gd_config "exportbig~e2e"
gd_scan
got=$(gd_findings)
printf '%s\n' "$got" | grep -q "content_not_scanned gdrive:alex.caseworker@parliament.uk:Casework tracker 2025" &&
	ok "exportbig: a Sheet over Drive's export cap is content_not_scanned" ||
	not_ok "exportbig: $(gd_findings)"
printf '%s\n' "$got" | grep -q "shared_anyone gdrive:alex.caseworker@parliament.uk:Casework tracker 2025" &&
	ok "exportbig: still shared_anyone (never a clean bill)" || not_ok "exportbig: no shared_anyone"
e2e_done

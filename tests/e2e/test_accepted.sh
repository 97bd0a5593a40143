#!/bin/bash
# Accepting a risk (issue 12): a finding named in report.accepted_file
# stays listed as "accepted until <date>" in report.json, report.html and
# the checklist (human and CSV, the reason in the justification column),
# no longer counts towards fail_on (exit 0 where it was 1), shows as
# "accepted" in the fleet view and in verify --json; an expired entry
# counts again with a warning; an unknown id warns and does no harm; a
# bad entry is a config error naming its line.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/exposure_lib.sh"

make_policy
make_keys
shared=$E2E_TMP/shared
mkdir -p "$shared"
printf 'Case note\nClaimant NI number PR 73 19 42 A.\n' >"$shared/note.txt"
cfg=$E2E_TMP/p.yaml
write_config "$cfg" "  - {kind: files, path: $shared}"
day() { date -u -d "$1" +%F; }

scan_json "$cfg"
expect_scan_rc "without an acceptance the high finding fails the scan" 1
id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["findings"][0]["id"])' "$REPORT")

# accept ID ON EXPIRES [OWNER]: writes accepted.yaml beside the config.
accept() {
	cat >"$E2E_TMP/accepted.yaml" <<YAML
# The office's accepted risks.
accepted:
  - id: $1
    reason: "Archived casework note kept for the tribunal; locked folder"
    owner: ${4:-Alex Caseworker}
    accepted_on: $2
    expires: $3
  - id: 00000000000000000000000000000000
    reason: "Old laptop, since recycled"
    owner: Sam Example
    accepted_on: $2
    expires: $3
YAML
}
sed -i 's|^  fail_on: high$|  fail_on: high\n  accepted_file: accepted.yaml|' "$cfg"
accept "$id" "$(day today)" "$(day '+30 days')"

sleep 1
scan_json "$cfg"
expect_scan_rc "the accepted finding no longer fails the scan" 0
expect_err "an unknown id is a warning naming its line" \
	"accepted.yaml:8: accepted[1]: no finding of this scan has id 00000000000000000000000000000000"
rq "the finding is still listed, accepted until its date" \
	"f[0]['id'] == '$id' and f[0]['accepted']['until'] == '$(day '+30 days')' and f[0]['accepted']['owner'] == 'Alex Caseworker' and 'tribunal' in f[0]['accepted']['reason']"
rq "acceptances record both entries" \
	"[a['status'] for a in r['acceptances']] == ['accepted', 'stale']"
rq "the severity counts still include it" "r['summary']['findings']['high'] == 1"
dir=$(dirname "$REPORT")
grep -q "accepted until" "$dir/report.html" && grep -q "Archived casework note" "$dir/report.html" \
	&& ok "report.html shows it accepted, with the reason" || not_ok "report.html lacks the acceptance"
grep -q "^## Accepted risks (review by " "$dir/checklist.md" \
	&& ok "checklist.md lists it under Accepted risks" || not_ok "checklist.md: $(cat "$dir/checklist.md")"
grep -q "Step 1\." "$dir/checklist.md" && not_ok "an accepted risk became a step" \
	|| ok "an accepted risk is not a step"
run_pc checklist "$dir" --policy-dir "$E2E_TMP/policies"
expect_rc "checklist" 0
echo "$OUT" | grep -q "Who answers for it: Alex Caseworker" \
	&& ok "checklist (human) names who answers for it" || not_ok "checklist: $OUT"
run_pc checklist "$dir" --policy-dir "$E2E_TMP/policies" --format csv
echo "$OUT" | grep -q "^\"accepted\",\"$(day '+30 days')\",\"high\",.*\"$id\",\"Archived casework note kept for the tribunal; locked folder\"" \
	&& ok "checklist CSV: an accepted row with the reason as justification" || not_ok "csv: $OUT"
run_pc verify "$dir" --json
expect_rc "verify" 0
echo "$OUT" | python3 -c 'import json,sys; j=json.load(sys.stdin); sys.exit(0 if j["accepted_findings"] == 1 and j["acceptances"][0]["status"] == "accepted" else 1)' \
	&& ok "verify --json includes the acceptances" || not_ok "verify --json: $OUT"
run_pc aggregate "$E2E_TMP/reports" --format json
echo "$OUT" | python3 -c 'import json,sys; o=json.load(sys.stdin)["offices"][0]; sys.exit(0 if o["status"] == "accepted" and o["accepted_findings"] == 1 else 1)' \
	&& ok "aggregate shows the office as accepted, with the count" || not_ok "aggregate: $OUT"
run_pc aggregate "$E2E_TMP/reports"
echo "$OUT" | grep -q "^accepted    exampleshire-north" \
	&& ok "aggregate's table says accepted, not ok" || not_ok "aggregate table: $OUT"

# Expired yesterday: it counts again, with a warning and in the report.
accept "$id" "$(day '-60 days')" "$(day yesterday)"
sleep 1
scan_json "$cfg"
expect_scan_rc "an expired acceptance counts again" 1
expect_err "the expiry is a warning naming the line" \
	"accepted.yaml:3: accepted[0]: expired on $(day yesterday)"
rq "the report records it as expired" \
	"r['acceptances'][0]['status'] == 'expired' and 'accepted' not in f[0]"

# Bad entries are config errors (exit 2) naming the line and the fix.
accept "$id" "$(day today)" "$(day '+30 days')" "Someone Else"
run_pc scan --config "$cfg" --only exposure
expect_rc "an owner not on the staff list" 2
expect_err "the error names the file, line and staff" \
	"accepted.yaml:3: accepted[0].owner: \"Someone Else\" is not on the config's staff list; name one of: Sam Example, Alex Caseworker, Priya Researcher"
expect_one_line "owner error"
accept "$id" "$(day today)" "$(day '+400 days')"
run_pc config check --config "$cfg"
expect_rc "config check refuses an expiry over a year" 2
grep -q "accepted\[0\].expires: .* is more than one year after accepted_on" "$E2E_TMP/out" \
	&& ok "config check names the expiry" || not_ok "config check: $OUT"
accept "$id" "$(day today)" "$(day '+30 days')"
run_pc config check --config "$cfg"
grep -q "accepted risks.*accepted.yaml: 2 entries valid" "$E2E_TMP/out" \
	&& ok "config check reports the accepted file" || not_ok "config check: $OUT"
e2e_done

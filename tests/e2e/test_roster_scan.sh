#!/bin/bash
# PDS's roster scan: mfa once over the Parliament tenant (the emulator's
# demo tenant), one signed parliament-tenant report per office on the
# roster plus pds-unassigned, each with exactly its accounts' findings;
# each verifies with the keyring's PDS key (office *, scope option), an
# office key cannot sign one and the PDS key cannot sign an office's own
# report; tenant reports chain apart from the office's own reports.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/mfa_lib.sh"
source "$PC_SRC/tests/e2e/roster_lib.sh"
mfa_setup
roster_setup
R=$E2E_TMP/reports

# The office's own scan first (its own key): the tenant reports must not
# touch its chain.
mfa_config ok microsoft365
run_pc scan --config "$MFA_CFG" --only mfa --quiet
OWN1=$(roster_latest exampleshire-north own)
[ -n "$OWN1" ] && ok "the office's own scan wrote its report" ||
	not_ok "no own report: $ERR"
sleep 1

run_pc scan --config "$ROSTER_CFG"
expect_rc "roster scan: a critical finding in one office" 1
n=$(find "$R" -path '*/parliament-tenant/*' -name report.json | wc -l)
[ "$n" = 4 ] && ok "4 reports: 3 offices on the roster + pds-unassigned" ||
	not_ok "$n tenant reports: $OUT"
[ "$(find "$R/pds" -maxdepth 0 2>/dev/null)" = "" ] &&
	ok "no report folder for the PDS config's own office id" ||
	not_ok "a pds folder was made"
EN=$(roster_latest exampleshire-north)
[ "$(roster_findings "$EN")" = "microsoft365:alex.caseworker@parliament.uk weak_2fa_only
microsoft365:chris.member@parliament.uk member_no_2fa" ] &&
	ok "exampleshire-north holds its two accounts' findings" ||
	not_ok "exampleshire-north: $(roster_findings "$EN")"
[ "$(roster_findings "$(roster_latest westshire-south)")" = \
	"microsoft365:jordan.manager@parliament.uk admin_no_2fa" ] &&
	ok "westshire-south holds its admin's finding" ||
	not_ok "westshire-south: $(roster_findings "$(roster_latest westshire-south)")"
[ -z "$(roster_findings "$(roster_latest eastshire)")" ] &&
	[ "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["checks"][0]["status"])' \
		"$(roster_latest eastshire)/report.json")" = pass ] &&
	ok "eastshire: no findings, mfa pass" || not_ok "eastshire"
[ "$(roster_findings "$(roster_latest pds-unassigned)")" = "microsoft365:exampleshire.onmicrosoft.com not_enforced
microsoft365:former.intern@parliament.uk unknown_account
microsoft365:priya.researcher@parliament.uk unknown_account" ] &&
	ok "pds-unassigned: the tenant setting and accounts no office claims" ||
	not_ok "pds-unassigned: $(roster_findings "$(roster_latest pds-unassigned)")"
python3 - "$EN/report.json" <<'PY' && ok "scope, owner and staff from the roster" || not_ok "scope/owner/staff"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["scope"] == "parliament-tenant", r["scope"]
assert r["office"]["id"] == "exampleshire-north"
assert r["office"]["staff"] == ["Sam Example", "Member, Chris", "Alex Caseworker"]
assert [f["owner"] for f in r["findings"] if "chris" in f["subject"]] == ["Member, Chris"]
PY

for d in "$R"/*/parliament-tenant/2*/; do
	run_pc verify "$d" --keyring "$E2E_TMP/keyring"
	expect_rc "$(basename "$(dirname "$(dirname "$d")")") verifies with the PDS key" 0
done
run_pc verify "$OWN1" --keyring "$E2E_TMP/keyring" --require-chain
expect_rc "the office's own report still verifies" 0

# A second roster scan chains each office's tenant report to its last.
sleep 1
run_pc scan --config "$ROSTER_CFG" --quiet
EN2=$(roster_latest exampleshire-north)
# prev_of DIR: the report's previous_report_sha256.
prev_of() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1] + "/report.json")).get("previous_report_sha256"))' "$1"; }
[ "$EN2" != "$EN" ] && [ "$(prev_of "$EN2")" = "$(sha256sum "$EN/report.json" | cut -d' ' -f1)" ] && ok "the second tenant report chains to the first" ||
	not_ok "tenant chain: $EN2"
run_pc verify "$EN2" --keyring "$E2E_TMP/keyring" --require-chain
expect_rc "second tenant report verifies with its chain" 0
echo "$OUT" | grep -q "chain: follows the previous report $(basename "$EN")" && ok "verify says the tenant chain is ok" ||
	not_ok "chain line: $OUT"
# The office's next own scan chains to its own report, not the tenant's.
sleep 1
run_pc scan --config "$MFA_CFG" --only mfa --quiet
OWN2=$(roster_latest exampleshire-north own)
[ "$(prev_of "$OWN2")" = "$(sha256sum "$OWN1/report.json" | cut -d' ' -f1)" ] && ok "the office's own chain skips the tenant reports" ||
	not_ok "own chain: $OWN2"
run_pc verify "$OWN2" --keyring "$E2E_TMP/keyring" --require-chain
expect_rc "the office's second own report verifies" 0

# expect_out NAME TEXT: stdout or stderr of the last run contains TEXT.
expect_out() {
	if grep -qF -- "$2" "$E2E_TMP/out" "$E2E_TMP/err"; then ok "$1"; else
		not_ok "$1: output lacks \"$2\": $OUT $ERR"; fi
}

# Refusals: an office key signing a tenant report; the PDS key signing an
# office's own report; a tenant report placed beside the office's own.
roster_config office-signs "$E2E_TMP/keys/office.key"
run_pc scan --config "$ROSTER_CFG" --quiet --out "$E2E_TMP/bad"
run_pc verify "$(ls -d "$E2E_TMP"/bad/exampleshire-north/parliament-tenant/2*/)" \
	--keyring "$E2E_TMP/keyring"
expect_rc "an office key cannot sign a parliament-tenant report" 1
expect_out "says wrong scope" "wrong scope: key"
expect_out "names the PDS key" "must be signed by the PDS key"
sed "s,signing_key: .*,signing_key: $E2E_TMP/pdskeys/office.key," "$MFA_CFG" \
	>"$E2E_TMP/pds-signs.yaml"
run_pc scan --config "$E2E_TMP/pds-signs.yaml" --only mfa --quiet --out "$E2E_TMP/bad2"
run_pc verify "$(ls -d "$E2E_TMP"/bad2/exampleshire-north/2*/)" --keyring "$E2E_TMP/keyring"
expect_rc "the PDS key cannot sign an office's own report" 1
expect_out "says it signs only tenant reports" "signs only parliament-tenant reports"
mkdir -p "$E2E_TMP/moved/exampleshire-north"
cp -r "$EN" "$E2E_TMP/moved/exampleshire-north/"
cp -r "$OWN1" "$E2E_TMP/moved/exampleshire-north/"
run_pc verify "$E2E_TMP/moved/exampleshire-north/$(basename "$EN")" --keyring "$E2E_TMP/keyring"
expect_rc "a tenant report beside the office's own is refused" 1
expect_out "says where it belongs" "belongs in exampleshire-north/parliament-tenant/"

# The fleet view joins both scopes of an office: its own report and its
# parliament-tenant report side by side; status considers both.
run_pc aggregate "$R" --keyring "$E2E_TMP/keyring" --format json
expect_rc "aggregate: offices need attention" 1
python3 - "$E2E_TMP/out" <<'PY' && ok "aggregate shows both scopes, joined" || not_ok "aggregate json: $OUT"
import json, sys
f = json.load(open(sys.argv[1]))
o = {x["office_id"]: x for x in f["offices"]}
en = o["exampleshire-north"]
assert en["state"] == "verified" and en["scope"] == "office", en
t = en["parliament-tenant"]
assert t["state"] == "verified" and t["scope"] == "parliament-tenant", t
assert t["findings"]["high"] == 1 and t["findings"]["medium"] == 1, t
ws = o["westshire-south"]
# westshire-south has no report of its own: MISSING; its tenant part is CRITICAL.
assert ws["state"] == "MISSING", ws
assert ws["parliament-tenant"]["status"] == "CRITICAL", ws
assert ws["attention"] is True
pu = o["pds-unassigned"]
assert pu["scope"] == "parliament-tenant" and pu["state"] == "verified", pu
assert "parliament-tenant" not in pu  # it is the tenant part itself
assert en["parliament-tenant"] is not None and o["eastshire"]["parliament-tenant"]["status"] == "ok"
assert "*" not in o
PY
run_pc aggregate "$R" --keyring "$E2E_TMP/keyring"
echo "$OUT" | grep -A7 '^CRITICAL *exampleshire-north ' | grep -q '^ok *+ parliament-tenant ' &&
	ok "the text view lists the tenant part under the office" ||
	not_ok "text view: $OUT"
run_pc aggregate "$R" --keyring "$E2E_TMP/keyring" --format csv
echo "$OUT" | grep -q '^"CRITICAL","westshire-south",.*,"parliament-tenant"' &&
	ok "CSV has a tenant row with its scope" || not_ok "csv: $OUT"
# A tampered tenant report makes the office UNVERIFIED in the joined view.
sed -i 's/weak_2fa_only/member_no_2fa/' "$EN2/report.json"
run_pc aggregate "$R" --keyring "$E2E_TMP/keyring" --format json
python3 -c 'import json, sys
o = {x["office_id"]: x for x in json.load(open(sys.argv[1]))["offices"]}
e = o["exampleshire-north"]
assert e["status"] == "UNVERIFIED" and e["parliament-tenant"]["state"] == "UNVERIFIED", e' \
	"$E2E_TMP/out" && ok "a tampered tenant report makes the office UNVERIFIED" ||
	not_ok "tamper: $OUT"

run_pc verify "$EN" --keyring "$E2E_TMP/keyring"
expect_out "verify names the scope" "scope: parliament-tenant"
roster_config pds "$E2E_TMP/pdskeys/office.key"
run_pc config check --config "$ROSTER_CFG"
expect_rc "config check passes a good roster config" 0
roster_config other "$E2E_TMP/pdskeys/office.key"
sed -i "s|^providers:$|providers:\n  github: {org: x, token_file: $MFA_SECRETS/github, api_url: https://127.0.0.1:$EMU_PORT/ok/github}|" "$ROSTER_CFG"
run_pc config check --config "$ROSTER_CFG"
expect_rc "a roster config with another provider is refused" 2
expect_out "names the provider to remove" "remove providers.github"

# Bad rosters: one line naming file:line, exit 2, nothing scanned.
roster_config pds "$E2E_TMP/pdskeys/office.key"
printf 'office_id,account,name\nexampleshire-north,a@parliament.uk,A\nwestshire-south,A@parliament.uk,A again\n' \
	>"$E2E_TMP/roster.csv"
run_pc scan --config "$ROSTER_CFG"
expect_rc "an account listed twice is refused" 2
expect_err "names file and line" "roster.csv:3: account A@parliament.uk is listed twice (also on line 2)"
expect_one_line "duplicate account"
printf 'Exampleshire North,a@parliament.uk,A\n' >"$E2E_TMP/roster.csv"
run_pc config check --config "$ROSTER_CFG"
expect_rc "config check refuses a bad office id" 2
expect_out "config check names the line" "roster.csv:1: office_id \"Exampleshire North\" is not an office id"
e2e_done

#!/bin/bash
# The PDS fleet view over reports made by real scans: exit codes, the JSON
# parsed, a tampered report shown as UNVERIFIED with nothing counted, an
# office in the keyring with no report, and usage and I/O errors.
. "$(dirname "$0")/lib.sh"
T=$E2E_TMP

# make_office ID: a key, a keyring line and a config scanning this
# machine's patch level from the fixture with pending updates.
make_office() {
	"$PC_BIN" keygen --out "$T/keys-$1" >/dev/null
	"$PC_BIN" keygen --print-keyring-line "$T/keys-$1/office.pub" \
		--office "$1" >>"$T/keyring"
	cat >"$T/$1.yaml" <<YAML
office: {id: $1, name: "Office of $1 <b>&</b>", digital_lead: "Sam <sam@parliament.uk>", parliamentary_domains: [parliament.uk]}
report: {dir: $T/reports, signing_key: $T/keys-$1/office.key, fail_on: high}
policy: $PC_SRC/policies/baseline.yaml
checks: {patch: {root: $PC_SRC/tests/data/patch/pending}}
YAML
}

# fleet_json EXPR: evaluates a python expression over the last run's JSON (j).
fleet_json() {
	python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($1)" "$E2E_TMP/out"
}

: >"$T/keyring"
make_office office-a
make_office office-b
run_pc scan --config "$T/office-a.yaml" --quiet; expect_rc "scan office-a" 1
run_pc scan --config "$T/office-b.yaml" --quiet; expect_rc "scan office-b" 1
run_pc scan --config "$T/office-b.yaml" --quiet; expect_rc "second scan office-b" 1

run_pc aggregate --help; expect_rc "--help" 0
echo "$OUT" | grep -q "usage: portcullis aggregate DIR" && ok "--help shows usage" || not_ok "--help: $OUT"
run_pc --help
echo "$OUT" | grep -q "aggregate" && ok "aggregate in the command list" || not_ok "command list: $OUT"

# Every office verified, current and complete, no critical: exit 0.
run_pc aggregate "$T/reports" --keyring "$T/keyring"; expect_rc "all verified and current" 0
echo "$OUT" | grep -q "2 offices: 2 verified" && ok "text totals" || not_ok "text: $OUT"
run_pc aggregate "$T/reports" --keyring "$T/keyring" --format json; expect_rc "json" 0
[ "$(fleet_json "j['totals']['verified'], j['attention'], sorted(o['office_id'] for o in j['offices'])")" = \
	"2 False ['office-a', 'office-b']" ] && ok "json: two verified offices" || not_ok "json: $OUT"
[ "$(fleet_json "[o['trust'] for o in j['offices']], j['offices'][0]['findings']['high'] > 0, j['offices'][0]['complete']")" = \
	"['keyring', 'keyring'] True True" ] && ok "json: keyring trust, counts, complete" || not_ok "json fields: $OUT"
[ "$(fleet_json "j['offices'][0]['office_name']")" = "Office of office-a <b>&</b>" ] \
	&& ok "json: office name" || not_ok "json name: $OUT"

# An office in the keyring without a report: MISSING, exit 1.
make_office office-c
run_pc aggregate "$T/reports" --keyring "$T/keyring" --format json; expect_rc "missing office" 1
[ "$(fleet_json "j['offices'][0]['office_id'], j['offices'][0]['state'], j['totals']['missing']")" = \
	"office-c MISSING 1" ] && ok "missing office listed first" || not_ok "missing: $OUT"

# One flipped byte in office-b's latest report: UNVERIFIED, nothing counted.
B=$(ls -d "$T"/reports/office-b/*/ | sort | tail -n 1)report.json
python3 -c "import sys; p=sys.argv[1]; b=bytearray(open(p,'rb').read()); b[len(b)//2]^=1; open(p,'wb').write(b)" "$B"
run_pc aggregate "$T/reports" --keyring "$T/keyring" --format json; expect_rc "tampered report" 1
python3 - "$E2E_TMP/out" <<'PY' && ok "tampered: UNVERIFIED first, reason, no counts" || not_ok "tampered: $OUT"
import json, sys
j = json.load(open(sys.argv[1]))
o = j["offices"][0]
assert o["office_id"] == "office-b" and o["state"] == "UNVERIFIED", o
assert "bad signature" in o["reason"], o["reason"]
assert o["findings"] is None and o["open_findings"] is None and o["office_name"] is None, o
assert o["escalated"] == [] and o["not_checked"] == [], o
assert j["totals"]["unverified"] == 1 and j["attention"] is True
PY
run_pc aggregate "$T/reports" --keyring "$T/keyring"
echo "$OUT" | grep -q "^UNVERIFIED  office-b" && ok "text: UNVERIFIED row" || not_ok "text: $OUT"

run_pc aggregate "$T/reports" --keyring "$T/keyring" --format csv; expect_rc "csv" 1
[ "$(echo "$OUT" | head -n 1 | cut -d, -f1-3)" = "status,office_id,office_name" ] && ok "csv header" || not_ok "csv: $OUT"
python3 -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[1], newline=''))); assert len(r)==3 and r[0]['state']=='UNVERIFIED', r" \
	"$E2E_TMP/out" && ok "csv parses: three rows" || not_ok "csv rows: $OUT"
run_pc aggregate "$T/reports" --keyring "$T/keyring" --format html; expect_rc "html" 1
echo "$OUT" | grep -q "<!DOCTYPE html>" && ok "html page" || not_ok "html: $OUT"
echo "$OUT" | grep -q "Office of office-a &lt;b&gt;&amp;&lt;/b&gt;" && ok "html escapes the office name" || not_ok "html escaping"

# aggregate confines itself to DIR and the keyring: an office folder that
# is a link to a (valid) report folder elsewhere cannot be read through.
mkdir -p "$T/fleet2" "$T/elsewhere"
cp -r "$T/reports/office-a" "$T/fleet2/office-a"
cp -r "$T/reports/office-a" "$T/elsewhere/office-a"
rm -rf "$T/fleet2/office-a" && ln -s "$T/elsewhere/office-a" "$T/fleet2/office-a"
run_pc aggregate "$T/fleet2" --keyring "$T/keyring" --format json
python3 - "$E2E_TMP/out" <<'PY' && ok "confined: a link out of DIR is not read through" || not_ok "confined: $OUT / $ERR"
import json, sys
j = json.load(open(sys.argv[1]))
o = [x for x in j["offices"] if x["office_id"] == "office-a"][0]
assert o["state"] in ("UNREADABLE", "UNVERIFIED"), o
assert "ermission denied" in (o["reason"] or ""), o["reason"]
PY

# Usage and I/O errors: exit 2, one line on stderr.
run_pc aggregate "$T/reports" --bogus; expect_rc "bad flag" 2; expect_one_line "bad flag"
run_pc aggregate "$T/reports" --format pdf; expect_rc "bad format" 2; expect_one_line "bad format"
run_pc aggregate "$T/reports" --overdue-days 0; expect_rc "bad --overdue-days" 2
run_pc aggregate; expect_rc "no DIR" 2; expect_one_line "no DIR"
run_pc aggregate "$T/no-such-dir"; expect_rc "unreadable DIR" 2; expect_one_line "unreadable DIR"
expect_err "unreadable DIR named" "$T/no-such-dir"
run_pc aggregate "$T/keyring"; expect_rc "DIR is a file" 2; expect_one_line "DIR is a file"
echo "office-a not-a-key-id" >"$T/badring"
run_pc aggregate "$T/reports" --keyring "$T/badring"; expect_rc "malformed keyring" 2
expect_one_line "malformed keyring"; expect_err "malformed keyring names the line" "$T/badring:1"

e2e_done

# Shared by tests/e2e/test_email_export*.sh: a policy with only email on,
# an office with Jane Smith and Tom Okafor, and helpers over the report.
. "$(dirname "$0")/lib.sh"
D=$PC_SRC/tests/data/email
"$PC_BIN" keygen --out "$E2E_TMP/keys" >/dev/null
make_policy email

# config NAME SOURCES_YAML [EXTRA_YAML]: writes $E2E_TMP/NAME.yaml.
config() {
	CFG=$E2E_TMP/$1.yaml
	cat >"$CFG" <<YAML
office:
  id: exampleshire-north
  name: "Office of the Member for Exampleshire North"
  digital_lead: "Sam Example <sam.example@parliament.uk>"
  parliamentary_domains: [parliament.uk]
staff:
  - {name: "Sam Example", role: digital lead, email: sam.example@parliament.uk}
  - {name: "Chris Member MP", role: MP, email: chris.member@parliament.uk}
  - {name: "Jane Smith", role: caseworker, email: jane.smith@parliament.uk, aliases: ["Janey Smith"]}
  - {name: "Tom Okafor", role: researcher, email: tom.okafor@parliament.uk, aliases: ["Tommy Okafor"]}
report: {dir: $E2E_TMP/reports, signing_key: $E2E_TMP/keys/office.key, fail_on: high}
policy: $E2E_TMP/policies/baseline.yaml
${3:-}
sources:
$2
YAML
}

# scan: scans only email; sets RC, OUT, ERR and REPORT.
scan() {
	rm -rf "$E2E_TMP/reports"
	run_pc scan --config "$CFG" --only email --json
	REPORT=$(find "$E2E_TMP/reports" -name report.json 2>/dev/null | head -1)
}

# q EXPR: a Python expression over the report: F = email findings, c =
# the email check, raw = the report's bytes.
q() {
	python3 - "$REPORT" "$1" <<'PY'
import json, sys
raw = open(sys.argv[1]).read()
r = json.loads(raw)
F = [x for x in r["findings"] if x["check"] == "email"]
c = next(x for x in r["checks"] if x["id"] == "email")
print(eval(sys.argv[2]))
PY
}

# check NAME EXPR: ok when EXPR (see q) is True.
check() {
	local got
	got=$(q "$2" 2>&1)
	if [ "$got" = True ]; then ok "$1"; else not_ok "$1: $got"; fi
}

# Helpers for the exposure e2e tests (sourced after lib.sh).

# make_keys: the signing key pair and the office HMAC key, as keygen makes them.
make_keys() {
	"$PC_BIN" keygen --out "$E2E_TMP/keys" >/dev/null
}

# write_config FILE SOURCES_YAML [HIBP_YAML]: a config for the e2e office.
write_config() {
	cat >"$1" <<YAML
office:
  id: exampleshire-north
  name: "Office of the Member for Exampleshire North"
  digital_lead: "Sam Example <sam.example@parliament.uk>"
  parliamentary_domains: [parliament.uk]
staff:
  - {name: "Sam Example", role: digital lead, email: sam.example@parliament.uk, joined: 2019-05-01}
  - {name: "Alex Caseworker", role: caseworker, email: alex.caseworker@parliament.uk, joined: 2021-03-01}
  - {name: "Priya Researcher", role: researcher, email: priya.researcher@parliament.uk, joined: 2022-09-05}
report:
  dir: $E2E_TMP/reports
  signing_key: $E2E_TMP/keys/office.key
  fail_on: high
policy: $E2E_TMP/policies/baseline.yaml
${TLS_YAML:-}
${3:-}
sources:
$2
YAML
}

# scan_json CONFIG [CHECK]: runs scan --only CHECK (default exposure)
# --json; sets RC and REPORT.
scan_json() {
	# PC_E2E_SCAN_FLAGS: extra flags (e.g. --no-sandbox on a kernel without
	# Landlock, when trying the tests by hand).
	run_pc scan --config "$1" --only "${2:-exposure}" --json ${PC_E2E_SCAN_FLAGS:-}
	REPORT=$(printf '%s' "$OUT" | python3 -c \
		'import json,sys; print(json.load(sys.stdin).get("report_dir",""))' \
		2>/dev/null)/report.json
}

# rq NAME PYTHON_EXPR: asserts a Python expression over the report
# (r = report.json, f = the findings of check $RQ_CHECK, default exposure,
# c = that check, rule(NAME) = f's findings of rule NAME; for threats
# h = harassment_pattern, d = doxxing, ns = content_not_scanned).
rq() {
	if python3 - "$REPORT" "$2" "${RQ_CHECK:-exposure}" <<'PY'
import json, re, sys
r = json.load(open(sys.argv[1]))
f = [x for x in r.get("findings", []) if x.get("check") == sys.argv[3]]
c = next((x for x in r.get("checks", []) if x.get("id") == sys.argv[3]), {})
rule = lambda name: [x for x in f if x["rule"] == name]
h, d, ns = rule("harassment_pattern"), rule("doxxing"), rule("content_not_scanned")
sys.exit(0 if eval(sys.argv[2]) else 1)
PY
	then ok "$1"; else not_ok "$1 ($2)"; fi
}

# expect_scan_rc NAME CODE: like expect_rc, but a scan run with
# --no-sandbox is incomplete by design (exit 3), so 0/1 become 3 then.
expect_scan_rc() {
	local want=$2
	case " ${PC_E2E_SCAN_FLAGS:-} " in
	*" --no-sandbox "*) want=3 ;;
	esac
	expect_rc "$1" "$want"
}

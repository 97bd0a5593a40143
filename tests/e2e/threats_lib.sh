# What the threats e2e tests share (source it after lib.sh and
# exposure_lib.sh): one threats-only scan and questions about its report.

# tscan CONFIG: scans CONFIG's threats check only (--json); sets REPORT to
# the report.json written and OUT/RC as run_pc does.
tscan() {
	run_pc scan --config "$1" --only threats --json ${PC_E2E_SCAN_FLAGS:-}
	REPORT=$(printf '%s' "$OUT" | python3 -c \
		'import json,sys; print(json.load(sys.stdin).get("report_dir",""))' \
		2>/dev/null)/report.json
}

# tq NAME PYTHON_EXPR over $REPORT: f = the threats findings, c = the
# check, and by rule h = harassment_pattern, d = doxxing,
# ns = content_not_scanned.
tq() {
	if python3 - "$REPORT" "$2" <<'PY'
import json, re, sys
r = json.load(open(sys.argv[1]))
f = [x for x in r.get("findings", []) if x.get("check") == "threats"]
c = next((x for x in r.get("checks", []) if x.get("id") == "threats"), {})
rule = lambda name: [x for x in f if x["rule"] == name]
h, d, ns = rule("harassment_pattern"), rule("doxxing"), rule("content_not_scanned")
sys.exit(0 if eval(sys.argv[2]) else 1)
PY
	then ok "$1"; else not_ok "$1 ($2)"; fi
}

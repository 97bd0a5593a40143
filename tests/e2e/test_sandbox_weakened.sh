#!/bin/bash
# A scan run with the sandbox's debug mode (PORTCULLIS_SANDBOX_DEBUG=1: a
# refused system call is logged instead of killing the check) records it,
# and verify and aggregate show it as "sandbox weakened" (issue 10).
. "$(dirname "$0")/lib.sh"
T=$E2E_TMP

"$PC_BIN" keygen --out "$T/keys" >/dev/null
"$PC_BIN" keygen --print-keyring-line "$T/keys/office.pub" --office e2e-office >"$T/keyring"
cat >"$T/c.yaml" <<YAML
office: {id: e2e-office, name: "E2E Office", digital_lead: "Sam <sam@parliament.uk>", parliamentary_domains: [parliament.uk]}
report: {dir: $T/reports, signing_key: $T/keys/office.key, fail_on: high}
policy: $PC_SRC/policies/baseline.yaml
checks: {patch: {root: $PC_SRC/tests/data/patch/pending}}
YAML

run_pc scan --config "$T/c.yaml" --only patch --quiet
R1=$(ls -d "$T"/reports/e2e-office/*/ | sort | tail -n 1); R1=${R1%/}
run_pc verify "$R1" --keyring "$T/keyring"
echo "$OUT" | grep -q "SANDBOX WEAKENED" && not_ok "normal scan called weakened: $OUT" || ok "a normal scan is not weakened"

sleep 1 # report folders are named by the second
PORTCULLIS_SANDBOX_DEBUG=1 run_pc scan --config "$T/c.yaml" --only patch --quiet
R2=$(ls -d "$T"/reports/e2e-office/*/ | sort | tail -n 1); R2=${R2%/}
[ "$R1" != "$R2" ] && ok "second report" || not_ok "no second report"
python3 - "$R2/report.json" <<'PY' && ok "report records seccomp_debug" || not_ok "seccomp_debug not recorded"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["sandbox"]["checks"]["patch"]["seccomp_debug"] is True
PY
run_pc verify "$R2" --keyring "$T/keyring"
echo "$OUT" | grep -q "SANDBOX WEAKENED: seccomp debug mode (PORTCULLIS_SANDBOX_DEBUG) in patch" \
	&& ok "verify says sandbox weakened" || not_ok "verify: $OUT"
run_pc verify "$R2" --keyring "$T/keyring" --json
echo "$OUT" | python3 -c 'import json,sys; assert json.load(sys.stdin)["sandbox_weakened"] == ["patch"]' \
	&& ok "verify --json lists the weakened check" || not_ok "verify --json: $OUT"
run_pc aggregate "$T/reports" --keyring "$T/keyring" --format json
echo "$OUT" | grep -q "sandbox weakened" && ok "aggregate shows sandbox weakened" || not_ok "aggregate: $OUT"
e2e_done

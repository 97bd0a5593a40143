# Shared helpers for the patch check's devices end-to-end tests (sourced
# after lib.sh): the mfa tests' emulator, secrets and config, a fixture
# machine for the local part, a scan of only patch, and assertions on the
# devices in the report.
source "$PC_SRC/tests/e2e/mfa_lib.sh"

# dev_setup [emulator args]: emulator, secrets, keys; a policy in which
# only patch is mandatory.
dev_setup() {
	mfa_setup "$@"
	awk '/^  [a-z]+:$/ { sect = $1 }
	     /mandatory: true/ && sect != "patch:" { sub(/true/, "false") }
	     { print }' "$PC_SRC/policies/baseline.yaml" \
		>"$E2E_TMP/policies/baseline.yaml"
}

# dev_config SCENARIO [PROVIDERS]: mfa_config plus an up-to-date fixture
# machine for the local part (default providers: microsoft365 google).
dev_config() {
	mfa_config "$1" "${2:-microsoft365 google}"
	cat >>"$MFA_CFG" <<YAML
checks:
  patch: {root: $PC_SRC/tests/data/patch/uptodate}
YAML
}

# dev_scan: scans only patch; sets RC, OUT, ERR and MFA_REPORT.
dev_scan() {
	rm -rf "$E2E_TMP/scan-out"
	mkdir -p "$E2E_TMP/scan-out"
	run_pc scan --config "$MFA_CFG" --only patch --json \
		--out "$E2E_TMP/scan-out"
	MFA_REPORT=$(find "$E2E_TMP/scan-out" -name report.json 2>/dev/null | head -1)
}

# dev_q EXPR: a Python expression over the patch check's device part:
# f = [(subject, rule)] of device findings, F = those finding objects,
# c = the check, counts = [text].
dev_q() {
	python3 - "$MFA_REPORT" "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c = next(x for x in r["checks"] if x["id"] == "patch")
F = [x for x in r["findings"] if x["check"] == "patch" and x["rule"].startswith("device_")]
f = sorted((x["subject"], x["rule"]) for x in F)
counts = [x.get("text", "") if isinstance(x, dict) else str(x) for x in c.get("counts", [])]
print(eval(sys.argv[2]))
PY
}

# dev_findings: "subject<TAB>rule" of every device finding, sorted.
dev_findings() { dev_q "'\n'.join(s + '\t' + r for s, r in f)"; }
dev_status() { dev_q 'c["status"]'; }
dev_reason() { dev_q 'c.get("reason") or ""'; }

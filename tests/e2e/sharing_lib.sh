# Helpers for the link-sharing e2e tests (issue 17; sourced after lib.sh):
# the mfa tests' emulator, secrets and staff, with onedrive and sharepoint
# sources, a scan of only exposure, and assertions on its sharing findings.
source "$PC_SRC/tests/e2e/mfa_lib.sh"

SH_RULES="shared_anyone_personal_data shared_external_personal_data shared_edit_anyone shared_anyone shared_no_expiry content_not_scanned"

# sh_setup [emulator args]: emulator, secrets, keys; only exposure mandatory.
sh_setup() {
	mfa_setup "$@"
	awk '/^  [a-z]+:$/ { sect = $1 }
	     /mandatory: true/ && sect != "exposure:" { sub(/true/, "false") }
	     { print }' "$PC_SRC/policies/baseline.yaml" \
		>"$E2E_TMP/policies/baseline.yaml"
}

# sh_config SCENARIO: Microsoft 365 plus every staff OneDrive and the
# office's SharePoint site.
sh_config() {
	mfa_config "$1" microsoft365
	cat >>"$MFA_CFG" <<YAML
sources:
  - {kind: onedrive}
  - {kind: sharepoint, site: "https://exampleshire.sharepoint.com/sites/office"}
YAML
}

# sh_scan: scans only exposure; sets RC, OUT, ERR and MFA_REPORT.
sh_scan() {
	rm -rf "$E2E_TMP/scan-out"
	mkdir -p "$E2E_TMP/scan-out"
	run_pc scan --config "$MFA_CFG" --only exposure --json \
		--out "$E2E_TMP/scan-out" ${PC_E2E_SCAN_FLAGS:-}
	MFA_REPORT=$(find "$E2E_TMP/scan-out" -name report.json 2>/dev/null | head -1)
}

# sh_q EXPR: a Python expression over the report: F = sharing findings,
# f = sorted (subject, rule), c = the exposure check, counts = [text].
sh_q() {
	[ -n "$MFA_REPORT" ] || { echo "no report"; return; }
	python3 - "$MFA_REPORT" "$1" "$SH_RULES" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
rules = sys.argv[3].split()
c = next(x for x in r["checks"] if x["id"] == "exposure")
F = [x for x in r["findings"] if x["check"] == "exposure" and x["rule"] in rules]
f = sorted((x["subject"], x["rule"]) for x in F)
counts = [x.get("text", "") if isinstance(x, dict) else str(x) for x in c.get("counts", [])]
try:
    print(eval(sys.argv[2]))
except BrokenPipeError:
    pass
PY
}

# sh_findings: "subject<TAB>rule" of every sharing finding, sorted.
sh_findings() { sh_q "'\n'.join(s + '\t' + r for s, r in f)"; }
sh_status() { sh_q 'c["status"]'; }
sh_reason() { sh_q 'c.get("reason") or ""'; }

# sh_has NAME SUBJECT RULE: the report has that finding.
sh_has() {
	if sh_findings | grep -qxF "$2	$3"; then ok "$1"; else
		not_ok "$1: no $3 on $2; got: $(sh_findings | tr '\n' ';')"; fi
}

# sh_lacks NAME SUBJECT_PART: no sharing finding's subject contains it.
sh_lacks() {
	if sh_findings | grep -qF "$2"; then
		not_ok "$1: $(sh_findings | grep -F "$2" | tr '\n' ';')"
	else ok "$1"; fi
}

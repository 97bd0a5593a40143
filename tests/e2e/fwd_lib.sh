# Shared helpers for the email check's forwarding tests (sourced after
# lib.sh): the mfa tests' emulator, secrets and config (the demo staff,
# Microsoft 365 and Google at one emulator scenario, plus gmail_url), a
# policy in which only email is mandatory, and a scan of only email.
source "$PC_SRC/tests/e2e/mfa_lib.sh"

# fwd_setup [emulator args]: the emulator, secrets, policy.
fwd_setup() {
	mfa_setup "$@"
	awk '/^  [a-z]+:$/ { sect = $1 }
	     /mandatory: true/ && sect != "email:" { sub(/true/, "false") }
	     { print }' "$PC_SRC/policies/baseline.yaml" \
		>"$E2E_TMP/policies/baseline.yaml"
}

# fwd_config SCENARIO [PROVIDERS]: $MFA_CFG for SCENARIO with PROVIDERS
# (default "microsoft365 google"), Gmail at the emulator.
fwd_config() {
	mfa_config "$1" "${2:-microsoft365 google}"
	sed -i -e "s|^\(    directory_url: \)\(.*\)/google/admin$|&\n    gmail_url: \2/google/gmail|" \
		-e "s|^  parliamentary_domains: .*|&\n  domains: [exampleshire-north-mp.org.uk]|" \
		"$MFA_CFG"
	printf 'checks:\n  email: {doh_url: "https://127.0.0.1:%s/%s/dns/dns-query"}\n' \
		"$EMU_PORT" "$1" >>"$MFA_CFG"
}

# fwd_scan: scans only email; sets RC, OUT, ERR and FWD_REPORT.
fwd_scan() {
	rm -rf "$E2E_TMP/scan-out"
	mkdir -p "$E2E_TMP/scan-out"
	run_pc scan --config "$MFA_CFG" --only email --json \
		--out "$E2E_TMP/scan-out" $MFA_SCAN_FLAGS
	FWD_REPORT=$(find "$E2E_TMP/scan-out" -name report.json 2>/dev/null | head -1)
}

# fwd_q EXPR: a Python expression over the email check's report: f =
# sorted [(subject, rule)] of forwarding findings, x = those findings,
# c = the check, counts = [text], reason = c's reason.
fwd_q() {
	python3 - "$FWD_REPORT" "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c = next(x for x in r["checks"] if x["id"] == "email")
x = [y for y in r["findings"] if y["check"] == "email" and y["rule"].startswith("forwarding")]
f = sorted((y["subject"], y["rule"]) for y in x)
counts = [y.get("text", "") if isinstance(y, dict) else str(y) for y in c.get("counts", [])]
reason = c.get("reason") or ""
print(eval(sys.argv[2]))
PY
}

#!/bin/bash
# Transient emulator faults (429 with Retry-After in seconds or as an
# HTTP date, 500/503 once, an expired M365/Google token, Google's 403
# userRateLimitExceeded) and the non-premium tenant give the same findings
# as a clean run, with bounded retries.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/mfa_lib.sh"
mfa_setup
ALL="microsoft365 google github slack okta"

# recovers SCENARIO PROVIDERS: same findings as ok, and not an error.
recovers() {
	local scen=$1 provs=$2
	mfa_scan_scenario "$scen" "$provs" || return
	if cmp -s "$E2E_TMP/got" "$E2E_TMP/base-$MFA_TAG"; then
		ok "$scen ($provs): same findings as a clean run"
	else
		not_ok "$scen: findings differ: $(diff "$E2E_TMP/base-$MFA_TAG" "$E2E_TMP/got" | head -5)"
	fi
	[ "$(mfa_status)" = fail ] && ok "$scen: status fail, not error" ||
		not_ok "$scen: status $(mfa_status): $(mfa_reason)"
	# Retries bounded: at most 3 requests per clean-run request.
	local n base
	n=$(mfa_stats "$scen~e2e")
	base=$(mfa_stats "ok~$MFA_TAG")
	[ "$n" -le $((3 * base + 5)) ] && ok "$scen: $n requests ($base clean)" ||
		not_ok "$scen: $n requests, clean run made $base"
}

recovers 429 "$ALL"
recovers 429date "microsoft365 okta"
recovers 500once "$ALL"
recovers 503once "$ALL"
recovers expired "microsoft365 google"
recovers googlequota google
recovers nonpremium microsoft365
mfa_q counts | grep -q "method: per-user authentication methods (tenant has no Entra ID P1/P2)" &&
	ok "nonpremium: fallback recorded" || not_ok "nonpremium counts: $(mfa_q counts)"

e2e_done

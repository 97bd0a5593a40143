#!/bin/bash
# Transient emulator faults (429 with Retry-After in seconds or as an
# HTTP date, 500/503 once, an expired M365/Google token, Google's 403
# userRateLimitExceeded) and the non-premium tenant give the same findings
# as a clean run, with bounded retries.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/mfa_lib.sh"
mfa_setup
ALL="microsoft365 google github slack okta"

# The clean run's (subject, rule) pairs, per provider set.
baseline() {
	mfa_config "ok~$1" "$2"
	mfa_scan
	mfa_q "'\n'.join(s + ' ' + r for s, r in f)" >"$E2E_TMP/base-$1"
}

# recovers SCENARIO PROVIDERS: same findings as ok, and not an error.
recovers() {
	local scen=$1 provs=$2 tag
	tag=$(echo "$provs" | tr ' ' '-')
	[ -f "$E2E_TMP/base-$tag" ] || baseline "$tag" "$provs"
	mfa_config "$scen~e2e" "$provs"
	mfa_scan
	if [ -z "$MFA_REPORT" ]; then not_ok "$scen: no report: $ERR"; return; fi
	mfa_q "'\n'.join(s + ' ' + r for s, r in f)" >"$E2E_TMP/got"
	if cmp -s "$E2E_TMP/got" "$E2E_TMP/base-$tag"; then
		ok "$scen ($provs): same findings as a clean run"
	else
		not_ok "$scen: findings differ: $(diff "$E2E_TMP/base-$tag" "$E2E_TMP/got" | head -5)"
	fi
	[ "$(mfa_status)" = fail ] && ok "$scen: status fail, not error" ||
		not_ok "$scen: status $(mfa_status): $(mfa_reason)"
	# Retries bounded: at most 3 requests per clean-run request.
	local n base
	n=$(mfa_stats "$scen~e2e")
	base=$(mfa_stats "ok~$tag")
	[ "$n" -le $((3 * base + 5)) ] && ok "$scen: $n requests ($base clean)" ||
		not_ok "$scen: $n requests, clean run made $base"
}

# fails SCENARIO PROVIDERS TEXT MAXREQ: error whose reason has TEXT for
# each provider, bounded requests, findings a subset of a clean run.
fails() {
	local scen=$1 provs=$2 text=$3 max=$4 tag p n
	tag=$(echo "$provs" | tr ' ' '-')
	[ -f "$E2E_TMP/base-$tag" ] || baseline "$tag" "$provs"
	mfa_config "$scen~e2e" "$provs"
	mfa_scan
	if [ -z "$MFA_REPORT" ]; then not_ok "$scen: no report: $ERR"; return; fi
	[ "$(mfa_status)" = error ] && ok "$scen: check is an error" ||
		not_ok "$scen: status $(mfa_status)"
	for p in $provs; do
		if mfa_q counts | grep -F "$p: error:" | grep -qiE "$text"; then
			ok "$scen: $p reason matches /$text/"
		else
			not_ok "$scen: $p error lacks /$text/: $(mfa_q counts | grep -F "$p: error:")"
		fi
	done
	mfa_q "'\n'.join(s + ' ' + r for s, r in f)" >"$E2E_TMP/got"
	if [ -z "$(comm -13 "$E2E_TMP/base-$tag" "$E2E_TMP/got")" ]; then
		ok "$scen: no invented findings"
	else
		not_ok "$scen: findings a clean run lacks: $(comm -13 "$E2E_TMP/base-$tag" "$E2E_TMP/got" | head -3)"
	fi
	n=$(mfa_stats "$scen~e2e")
	[ "$n" -le "$max" ] && ok "$scen: $n requests (bound $max)" ||
		not_ok "$scen: $n requests, over $max"
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

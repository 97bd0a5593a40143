#!/bin/bash
# Emulator faults that cannot be recovered from (throttled forever, a
# paging loop, cut-off, invalid, wrong-shape or 50 MB bodies, a next link
# to another host, a redirect to http://, an HTML sign-in page, permission
# denied, expired static tokens) make the check an error with a clear
# reason per provider, never a pass, with bounded requests and no finding
# that a clean run lacks.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/mfa_lib.sh"
mfa_setup
ALL="microsoft365 google github slack okta"

# fails SCENARIO PROVIDERS TEXT MAXREQ: error whose reason has TEXT for
# each provider, bounded requests, findings a subset of a clean run.
fails() {
	local scen=$1 provs=$2 text=$3 max=$4 p n
	mfa_scan_scenario "$scen" "$provs" || return
	[ "$(mfa_status)" = error ] && ok "$scen: check is an error" ||
		not_ok "$scen: status $(mfa_status)"
	for p in $provs; do
		# The reason joins each provider's cause: "graph: ...; okta: ...".
		if mfa_reason | sed 's/; /\n/g' | grep -F "$p: " | grep -qiE "$text"; then
			ok "$scen: $p reason matches /$text/"
		else
			not_ok "$scen: $p error lacks /$text/: $(mfa_reason)"
		fi
	done
	if [ -z "$(comm -13 "$E2E_TMP/base-$MFA_TAG" "$E2E_TMP/got")" ]; then
		ok "$scen: no invented findings"
	else
		not_ok "$scen: findings a clean run lacks: $(comm -13 "$E2E_TMP/base-$MFA_TAG" "$E2E_TMP/got" | head -3)"
	fi
	n=$(mfa_stats "$scen~e2e")
	[ "$n" -le "$max" ] && ok "$scen: $n requests (bound $max)" ||
		not_ok "$scen: $n requests, over $max"
}

fails expired "github slack okta" "invalid|expired|refused" 20
fails 429forever "$ALL" "429|throttl" 40
fails loop "$ALL" "loop" 60
fails truncated "$ALL" "cut off|truncat" 80
fails badjson "$ALL" "not valid JSON" 60
fails notarray "$ALL" "expected .* (array|an object)" 60
fails huge "$ALL" "larger than" 30
fails offhost "microsoft365 github okta" "different address" 40
fails httpredirect "$ALL" "redirect" 20
fails tokenhtml "$ALL" "text/html" 20
fails denied "$ALL" "permission|denied|refused|scope" 30
e2e_done

#!/bin/bash
# README command 1's script, run against the test build: the demo office
# scans complete, its report verifies against the keyring, and a second run
# chains to the first.
. "$(dirname "$0")/lib.sh"

for run in 1 2; do
	PC_DEMO_DIR=$E2E_TMP/demo "$PC_SRC/tests/demo/demo.sh" >"$E2E_TMP/demo.out" 2>&1
	rc=$?
	[ $rc -eq 0 ] && ok "demo run $run" || not_ok "demo run $run: exit $rc: $(tail -5 "$E2E_TMP/demo.out")"
done
grep -q "^valid: report of Office of the Member for Exampleshire North" "$E2E_TMP/demo.out" \
	&& ok "demo report verifies" || not_ok "demo verify: $(cat "$E2E_TMP/demo.out")"
grep -q "chain: follows the previous report" "$E2E_TMP/demo.out" \
	&& ok "second demo report chained to the first" || not_ok "demo chain"
grep -q "^  complete" "$E2E_TMP/demo.out" && ok "demo scan complete" || not_ok "demo incomplete"
e2e_done

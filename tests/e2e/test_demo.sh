#!/bin/bash
# README command 1's script, run against the test build: the demo office
# scans complete, its report verifies against the keyring, and a second run
# chains to the first.
. "$(dirname "$0")/lib.sh"

for run in 1 2; do
	PC_DEMO_DIR=$E2E_TMP/demo "$PC_SRC/tests/demo/demo.sh" >"$E2E_TMP/demo.out" 2>&1
	rc=$?
	[ $rc -eq 0 ] && ok "demo run $run" || not_ok "demo run $run: exit $rc: $(tail -5 "$E2E_TMP/demo.out")"
	[ $run -eq 1 ] || continue
	# The demo's findings, normalised, against the committed golden file:
	# a change of findings is deliberate, in the same commit, with why.
	# PC_UPDATE_GOLDEN=1 rewrites it.
	first=$(ls -d "$E2E_TMP"/demo/reports/exampleshire-north/*/ | sort | head -n 1)
	golden=$PC_SRC/tests/demo/golden-findings.tsv
	python3 "$PC_SRC/tests/demo/findings-digest.py" "$first/report.json" \
		"$PC_SRC" "$E2E_TMP/demo" >"$E2E_TMP/findings.tsv"
	if [ "${PC_UPDATE_GOLDEN:-0}" = 1 ]; then
		cp "$E2E_TMP/findings.tsv" "$golden"
	fi
	if diff -u "$golden" "$E2E_TMP/findings.tsv" >"$E2E_TMP/golden.diff"; then
		ok "demo findings match tests/demo/golden-findings.tsv"
	else
		not_ok "demo findings differ from the golden file: $(cat "$E2E_TMP/golden.diff")"
	fi
done
grep -q "^valid: report of Office of the Member for Exampleshire North" "$E2E_TMP/demo.out" \
	&& ok "demo report verifies" || not_ok "demo verify: $(cat "$E2E_TMP/demo.out")"
grep -q "chain: follows the previous report" "$E2E_TMP/demo.out" \
	&& ok "second demo report chained to the first" || not_ok "demo chain"
grep -q "^  complete" "$E2E_TMP/demo.out" && ok "demo scan complete" || not_ok "demo incomplete"
grep -q "^  policy baseline version 1 (sha256 [0-9a-f]*\.\.\., over [0-9]* files it loaded): approved, .*approved-policies:[0-9]*$" "$E2E_TMP/demo.out" \
	&& ok "demo policy approved by the shipped approved-policies" || not_ok "demo policy: $(grep policy "$E2E_TMP/demo.out")"
e2e_done

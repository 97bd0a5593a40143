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

# The checklist of the first report, as staff and PDS scripts use it.
cl() { "$PC_BIN" checklist "$first" --policy-dir "$PC_SRC/policies" "$@"; }
cl --staff "Nobdy Here" >"$E2E_TMP/cl.out" 2>"$E2E_TMP/cl.err"
rc=$?
[ $rc -eq 2 ] && grep -q "Priya Researcher" "$E2E_TMP/cl.err" && grep -q "Dana Volunteer" "$E2E_TMP/cl.err" \
	&& ok "checklist --staff with an unknown name: exit 2, lists the staff" \
	|| not_ok "checklist --staff unknown: exit $rc: $(cat "$E2E_TMP/cl.err")"
cl --staff priya >"$E2E_TMP/cl.out" 2>"$E2E_TMP/cl.err"
rc=$?
[ $rc -eq 0 ] && grep -q 'matched Priya Researcher' "$E2E_TMP/cl.err" && grep -q "Only the steps for Priya Researcher" "$E2E_TMP/cl.out" \
	&& ok "checklist --staff with part of a name says whom it matched" \
	|| not_ok "checklist --staff priya: exit $rc: $(cat "$E2E_TMP/cl.err")"
cl --staff "a" >/dev/null 2>"$E2E_TMP/cl.err"
[ $? -eq 2 ] && grep -q "could be several people" "$E2E_TMP/cl.err" \
	&& ok "checklist --staff matching several people: exit 2" || not_ok "checklist --staff a: $(cat "$E2E_TMP/cl.err")"
# The demo's security updates are one step with one command.
cl >"$E2E_TMP/cl.md"
grep -q "Install 5 security updates on " "$E2E_TMP/cl.md" && \
	grep -q "apt-get install --only-upgrade curl libcurl4 libssl3 linux-image-amd64 openssl$" "$E2E_TMP/cl.md" \
	&& ok "security updates of the machine are one step" || not_ok "patch step: $(grep -n upgrade "$E2E_TMP/cl.md")"

# The demo inbox's threat to life puts "Call the police now" on the checklist,
# and the message's text never reaches it (only the matched words).
grep -q "Call the police now" "$E2E_TMP/cl.md" && \
	grep -q "threat-life-1@mail.example.org" "$E2E_TMP/cl.md" && \
	! grep -q "He will not see Christmas" "$E2E_TMP/cl.md" \
	&& ok "threat to life in the demo inbox: checklist says Call the police now" \
	|| not_ok "no police step: $(grep -n -i police "$E2E_TMP/cl.md" | head -5)"
cmp -s "$E2E_TMP/cl.md" "$first/checklist.md" && ok "checklist command makes checklist.md again" \
	|| not_ok "checklist.md differs from portcullis checklist"
cl --format csv >"$E2E_TMP/cl.csv"
python3 - "$E2E_TMP/cl.csv" "$E2E_TMP/cl.md" "$first/findings.sarif" "$first/report.json" <<'PY' \
	&& ok "checklist CSV (a row per step) and findings.sarif (a result per finding)" || not_ok "CSV or SARIF shape"
import csv, json, re, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
steps = len(re.findall(r"^- \[ \] \*\*Step ", open(sys.argv[2]).read(), re.M))
# The demo's one accepted risk is a row of its own, its reason prefilled.
acc = [r for r in rows[1:] if r[0] == "accepted"]
assert len(acc) == 1 and "events rota" in acc[0][-1], acc
assert rows[0][-1] == "justification" and len(rows) == 1 + steps + 1, (len(rows), steps)
assert all(len(r) == len(rows[0]) and (r[-1] == "") == (r[0] != "accepted")
           for r in rows[1:])
sarif, report = json.load(open(sys.argv[3])), json.load(open(sys.argv[4]))
assert sarif["version"] == "2.1.0" and len(sarif["runs"]) == 1
run = sarif["runs"][0]
assert run["tool"]["driver"]["name"] == "portcullis"
assert len(run["results"]) == len(report["findings"])
rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
assert len(set(rules)) == len(rules)
for res, f in zip(run["results"], report["findings"]):
    assert rules[res["ruleIndex"]] == res["ruleId"] == f["check"] + "/" + f["rule"]
    assert res["message"]["text"] == f["title"]
    assert res["level"] == {"critical": "error", "high": "error", "medium": "warning"}.get(f["severity"], "note")
PY
# Counts read as English: "1 account", never "1 accounts".
python3 - "$first/report.json" "$first/report.html" <<'PY' \
	&& ok "counts say 1 account, not 1 accounts" || not_ok "a count says \"1 <plural>\""
import json, re, sys
counts = [s for c in json.load(open(sys.argv[1]))["checks"] for s in c["counts"]]
html = open(sys.argv[2]).read()
plural1 = re.compile(r"(?<![\d.])1 (accounts|admins|links|packages|files|pages|addresses|domains|lookups|requests|steps|checks|offices|findings)\b")
bad = [s for s in counts if plural1.search(s)] + plural1.findall(html)
assert not bad, bad
assert any("1 account excluded" in s for s in counts), counts
assert "1 account matches no one" in html
PY
python3 -c 'import json, sys; s = json.load(open(sys.argv[1]))["office"]["staff"]; assert s == ["Sam Example", "Chris Member MP", "Alex Caseworker", "Priya Researcher", "Jordan Manager", "Dana Volunteer"], s' \
	"$first/report.json" && ok "report.json records the office's staff names" || not_ok "office.staff"

grep -q "^  policy baseline version 1 (sha256 [0-9a-f]*\.\.\., over [0-9]* files it loaded): approved, .*approved-policies:[0-9]*$" "$E2E_TMP/demo.out" \
	&& ok "demo policy approved by the shipped approved-policies" || not_ok "demo policy: $(grep policy "$E2E_TMP/demo.out")"
# The email check's mail and website rules give each staff member their
# own step: Priya's personal mailbox, Alex's forwarded casework.
cl --staff "Priya Researcher" >"$E2E_TMP/cl-priya.md" 2>/dev/null
cl --staff "Alex Caseworker" >"$E2E_TMP/cl-alex.md" 2>/dev/null
grep -qF 'Priya Researcher uses a personal mailbox (p\*\*\*@outlook.com)' "$E2E_TMP/cl-priya.md" && \
	grep -qF "constituent message was forwarded from the office to Alex Caseworker's personal address" "$E2E_TMP/cl-alex.md" && \
	grep -qF 'The office website gives a personal address (a\*\*\*@gmail.com)' "$E2E_TMP/cl-alex.md" && \
	! grep -q "alexcaseworker.exampleshire@\|priya.researcher.home@" "$E2E_TMP/cl-priya.md" "$E2E_TMP/cl-alex.md" \
	&& ok "email: each staff member's own personal-mail steps, addresses masked" \
	|| not_ok "email steps: $(grep -n "personal" "$E2E_TMP/cl-priya.md" "$E2E_TMP/cl-alex.md")"
# The demo's accepted risk (tests/demo/accepted.yaml.in): listed, not a step.
grep -q "accepted until" "$first/report.html" && grep -q "^## Accepted risks (review by " "$first/checklist.md" \
	&& ok "the demo's accepted risk shows in report.html and the checklist" || not_ok "demo acceptance not shown"
e2e_done

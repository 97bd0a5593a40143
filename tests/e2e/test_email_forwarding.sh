#!/bin/bash
# The email check's forwarding rules end to end: a sandboxed scan of the
# emulator's demo tenant (tests/emulator/fixtures/demo/forwarding.json).
# Microsoft 365: a rule with no conditions forwarding outside is
# forwarding_all_external; conditional rules (redirectTo as an object and
# as an array, forwardAsAttachmentTo) are forwarding_rule_external, a
# hasError rule still reported with that said; disabled rules and
# forwarding to office.domains or a verified tenant domain are not
# findings; forwarding_not_visible once for the tenant; a mailbox without
# Exchange is counted, not an error. Gmail: automatic forwarding and a
# forwarding filter; forwarding to an office domain is not a finding.
source "$(dirname "$0")/lib.sh"
source "$PC_SRC/tests/e2e/fwd_lib.sh"
fwd_setup
fwd_config "ok~fwd"
fwd_scan
[ -n "$FWD_REPORT" ] && ok "scan wrote a report (exit $RC)" ||
	{ not_ok "no report: $(tail -3 "$E2E_TMP/err")"; e2e_done; exit; }
[ "$RC" = 1 ] && ok "exit 1: findings at or above fail_on" || not_ok "exit $RC"

cat >"$E2E_TMP/want" <<'W'
google:chris.member@parliament.uk forwarding_all_external
google:priya.researcher@parliament.uk forwarding_rule_external
microsoft365:alex.caseworker@parliament.uk forwarding_all_external
microsoft365:exampleshire.onmicrosoft.com forwarding_not_visible
microsoft365:jordan.manager@parliament.uk forwarding_rule_external
microsoft365:jordan.manager@parliament.uk forwarding_rule_external
microsoft365:priya.researcher@parliament.uk forwarding_rule_external
W
fwd_q "'\n'.join(s + ' ' + r for s, r in f)" >"$E2E_TMP/got"
diff "$E2E_TMP/want" "$E2E_TMP/got" >"$E2E_TMP/diff" &&
	ok "exactly the expected forwarding findings" ||
	not_ok "findings differ: $(cat "$E2E_TMP/diff")"

[ "$(fwd_q 'c["status"]')" = fail ] && ok "status fail (no fault)" ||
	not_ok "status $(fwd_q 'c["status"], reason')"
[ "$(fwd_q '[(y["severity"], y["escalate_to"]) for y in x if y["rule"] == "forwarding_all_external"] == [("critical", "office_fixes")] * 2')" = True ] &&
	ok "forwarding_all_external: critical, office_fixes" || not_ok "severity: $(fwd_q '[(y["rule"], y["severity"]) for y in x]')"
[ "$(fwd_q 'all(y["severity"] == "high" for y in x if y["rule"] == "forwarding_rule_external")')" = True ] &&
	ok "forwarding_rule_external: high" || not_ok "rule severity"
[ "$(fwd_q '[y["severity"] for y in x if y["rule"] == "forwarding_not_visible"] == ["info"]')" = True ] &&
	ok "forwarding_not_visible: info, once" || not_ok "not_visible"

# Owners from the staff list, and each one's own step.
[ "$(fwd_q 'sorted(set(y.get("owner") for y in x))')" = "['Alex Caseworker', 'Chris Member MP', 'Jordan Manager', 'Priya Researcher', 'Sam Example']" ] &&
	ok "every finding has its staff owner" || not_ok "owners: $(fwd_q 'sorted(set(str(y.get("owner")) for y in x))')"
[ "$(fwd_q 'any("Turn off the rule '"'"'Fwd to home'"'"' in Outlook: Settings" in y["remediation"] for y in x)')" = True ] &&
	ok "Outlook step names the rule" || not_ok "no Outlook step"
[ "$(fwd_q 'any("Gmail: Settings → See all settings → Filters" in y["remediation"] for y in x)')" = True ] &&
	ok "Gmail filter step" || not_ok "no Gmail filter step"
[ "$(fwd_q 'any("Disable forwarding" in y["remediation"] for y in x)')" = True ] &&
	ok "Gmail forwarding step" || not_ok "no Gmail forwarding step"
[ "$(fwd_q 'any("Get-Mailbox" in y["remediation"] and "AutoForwardingMode" in y["remediation"] for y in x if y["rule"] == "forwarding_not_visible")')" = True ] &&
	ok "forwarding_not_visible says what an Exchange admin runs" || not_ok "no Exchange step"

# Evidence: the shapes, hasError, masking.
[ "$(fwd_q 'sum("hasError" in y["evidence"] for y in x)')" = 1 ] &&
	ok "the hasError rule is reported and says so" || not_ok "hasError"
[ "$(fwd_q 'any("redirects to p***@outlook.com" in y["evidence"] for y in x)')" = True ] &&
	ok "redirectTo as an object" || not_ok "redirect object"
[ "$(fwd_q 'any("redirects to b***@bookkeeping-example.co.uk" in y["evidence"] and "jordan" not in y["evidence"] for y in x)')" = True ] &&
	ok "redirectTo as an array; its internal recipient left out" || not_ok "redirect array"
[ "$(fwd_q 'any("forwards as an attachment to j***@yahoo.co.uk" in y["evidence"] for y in x)')" = True ] &&
	ok "forwardAsAttachmentTo" || not_ok "attachment"
for addr in alex.c.home chris.member.home priya.r@ books@ jordan.m@ priya.r.research; do
	grep -q "$addr" "$FWD_REPORT" && not_ok "report holds the external address $addr" ||
		ok "report masks $addr"
done
grep -q "alex.old@hotmail\|a\*\*\*@hotmail" "$FWD_REPORT" && not_ok "disabled rule reported" ||
	ok "disabled rule not reported"
grep -q "priya.old@hotmail\|p\*\*\*@hotmail" "$FWD_REPORT" && not_ok "filter to an address not accepted reported" ||
	ok "a Gmail filter to an address that is not accepted forwards nothing: not reported"
grep -q "exampleshire-constituency\|exampleshire-north-mp.org.uk" <(fwd_q '[y["evidence"] for y in x]') &&
	not_ok "internal forwarding reported" ||
	ok "forwarding to office.domains and a verified tenant domain is internal"
[ "$(fwd_q 'any("6 mailboxes examined, 7 rules" in t and "1 without a mailbox, 0 refused, 0 failed" in t for t in counts)')" = True ] &&
	ok "count: 7 rules over two pages of one mailbox; the mailbox without Exchange counted" ||
	not_ok "counts: $(fwd_q counts)"
[ "$(fwd_q 'any(t.startswith("google: 6 mailboxes examined, 5 rules or settings read, 2 forwarding outside") for t in counts)')" = True ] &&
	ok "Gmail count line" || not_ok "counts: $(fwd_q counts)"

# The checklist gives each staff member their own step.
"$PC_BIN" checklist "$FWD_REPORT" --staff "Jordan Manager" >"$E2E_TMP/cl" 2>&1
grep -q "What to do: Turn off the rule 'Invoices' in Outlook" "$E2E_TMP/cl" &&
	grep -q "What to do: Turn off the rule 'Diary copies' in Outlook" "$E2E_TMP/cl" &&
	! grep -q "Fwd to home" "$E2E_TMP/cl" &&
	ok "checklist --staff: Jordan's own two steps, nobody else's" ||
	not_ok "checklist: $(cat "$E2E_TMP/cl")"
"$PC_BIN" checklist "$FWD_REPORT" --staff "Chris Member MP" >"$E2E_TMP/cl" 2>&1
grep -q "Disable forwarding" "$E2E_TMP/cl" && ok "checklist --staff: Chris's Gmail step" ||
	not_ok "checklist: $(cat "$E2E_TMP/cl")"

# The Graph requests: inbox rules through $batch, not one request a mailbox.
curl -s --cacert "$EMU_CERTS/ca.pem" "https://127.0.0.1:$EMU_PORT/_stats/ok~fwd" >"$E2E_TMP/stats"
python3 - "$E2E_TMP/stats" <<'PY' && ok "inbox rules read through \$batch" || not_ok "per-mailbox GETs: $(cat "$E2E_TMP/stats")"
import json, sys
s = json.load(open(sys.argv[1]))["by_path"]
assert any(p.endswith("/graph/v1.0/$batch") for p in s), s
assert not any(p.endswith("/inbox/messageRules") and "skiptoken" not in p for p in s if s[p] > 1), s
PY
e2e_done

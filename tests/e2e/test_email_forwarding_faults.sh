#!/bin/bash
# Faults of the email check's forwarding part end to end, each against an
# emulator scenario (tests/emulator/forwarding.py): the check ends as the
# office would expect, names the fix, and is never a pass on an error.
source "$(dirname "$0")/lib.sh"
source "$PC_SRC/tests/e2e/fwd_lib.sh"
fwd_setup

# scan SCENARIO [PROVIDERS]
scan() {
	fwd_config "$1~e2e" "${2:-microsoft365 google}"
	fwd_scan
	[ -n "$FWD_REPORT" ] || not_ok "$1: no report: $(tail -3 "$E2E_TMP/err")"
}
status() { fwd_q 'c["status"]'; }
has() { fwd_q "sum(1 for s, r in f if s == '$1' and r == '$2')"; }

# 403 on every mailbox: MailboxSettings.Read is missing.
scan rulesdenied microsoft365
[ "$(status)" = error ] && ok "rulesdenied: error, not pass" || not_ok "rulesdenied: $(status)"
fwd_q reason | grep -q "refused the inbox rules of every mailbox.*lacks the application permission MailboxSettings.Read" &&
	ok "rulesdenied: reason names MailboxSettings.Read" || not_ok "rulesdenied: $(fwd_q reason)"
[ "$RC" = 3 ] && ok "rulesdenied: exit 3 (incomplete)" || not_ok "rulesdenied: exit $RC"

# 403 on some mailboxes: an application access policy.
scan rulespartial microsoft365
[ "$(status)" = error ] && ok "rulespartial: error" || not_ok "rulespartial: $(status)"
fwd_q reason | grep -q "refused the inbox rules of 1 of 6 mailboxes.*priya.researcher@parliament.uk.*Exchange application access policy" &&
	ok "rulespartial: reason says an application access policy may restrict the app" || not_ok "rulespartial: $(fwd_q reason)"
[ "$(has microsoft365:alex.caseworker@parliament.uk forwarding_all_external)" = 1 ] &&
	ok "rulespartial: the other mailboxes still reported" || not_ok "rulespartial: $(fwd_q f)"

# A messageRules page whose value is not an array.
scan rulesnotarray microsoft365
[ "$(status)" = error ] && ok "rulesnotarray: error" || not_ok "rulesnotarray: $(status)"
fwd_q reason | grep -q "inbox rules of .*expected value to be an array" &&
	ok "rulesnotarray: reason names the mailbox and value" || not_ok "rulesnotarray: $(fwd_q reason)"

# Throttled inner requests are sent again and the result is complete.
scan 429 microsoft365
[ "$(status)" = fail ] && [ "$(has microsoft365:alex.caseworker@parliament.uk forwarding_all_external)" = 1 ] &&
	ok "429: throttled requests retried, findings complete" || not_ok "429: $(status) $(fwd_q reason)"
# A 429 storm: error, never pass.
scan 429forever microsoft365
[ "$(status)" = error ] && ok "429forever: error" || not_ok "429forever: $(status)"
fwd_q reason | grep -qi "throttl\|429" && ok "429forever: reason says throttling" || not_ok "429forever: $(fwd_q reason)"

# Domain-wide delegation lacks gmail.settings.basic.
scan nogmail
[ "$(status)" = error ] && ok "nogmail: error" || not_ok "nogmail: $(status)"
fwd_q reason | grep -q "google: the service account may not act as .* with the scope gmail.settings.basic.*Domain-wide delegation, add https://www.googleapis.com/auth/gmail.settings.basic" &&
	ok "nogmail: reason names the missing delegation scope" || not_ok "nogmail: $(fwd_q reason)"
[ "$(has microsoft365:alex.caseworker@parliament.uk forwarding_all_external)" = 1 ] &&
	ok "nogmail: Microsoft 365 still reported" || not_ok "nogmail: $(fwd_q f)"
[ "$(fwd_q 'sum(1 for s, r in f if s.startswith("google:"))')" = 0 ] &&
	ok "nogmail: stops after the first user (no guessed Gmail findings)" || not_ok "nogmail: $(fwd_q f)"

# A listed user the Workspace does not have: invalid_grant.
scan gmailghost google
[ "$(status)" = error ] && ok "gmailghost: error" || not_ok "gmailghost: $(status)"
fwd_q reason | grep -q "cannot act as ghost.user@parliament.uk.*the user does not exist" &&
	ok "gmailghost: reason says the user does not exist" || not_ok "gmailghost: $(fwd_q reason)"
[ "$(has google:chris.member@parliament.uk forwarding_all_external)" = 1 ] &&
	ok "gmailghost: the other users still reported" || not_ok "gmailghost: $(fwd_q f)"

# A refused sign-in: error, the reason from the provider library.
MFA_M365_SECRET=$E2E_TMP/wrong
(umask 077; printf wrong >"$MFA_M365_SECRET")
scan ok microsoft365
[ "$(status)" = error ] && ok "wrong secret: error" || not_ok "wrong secret: $(status)"
[ "$(fwd_q 'len(f)')" = 0 ] && ok "wrong secret: no finding guessed" || not_ok "wrong secret: $(fwd_q f)"
unset MFA_M365_SECRET
e2e_done

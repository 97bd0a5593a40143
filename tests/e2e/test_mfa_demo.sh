#!/bin/bash
# The demo office's mfa check names exactly the accounts in
# tests/emulator/fixtures/demo/EXPECTED.md for all five providers, on
# every page, with no secret in the report; plus the reduced-visibility
# tokens (GitHub member, Slack bot) that must end as unknown, never pass.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/mfa_lib.sh"
mfa_setup

M365="chris.member@parliament.uk:member_no_2fa
alex.caseworker@parliament.uk:weak_2fa_only
jordan.manager@parliament.uk:admin_no_2fa
former.intern@parliament.uk:unknown_account
exampleshire.onmicrosoft.com:not_enforced"
GOOGLE="chris.member@parliament.uk:member_no_2fa
jordan.manager@parliament.uk:admin_no_2fa
former.intern@parliament.uk:unknown_account"
GITHUB="priyaresearch:admin_no_2fa
formerintern-ex:unknown_account
formerintern-ex:member_no_2fa
exampleshire-north:not_enforced"
SLACK="chris.member@parliament.uk:member_no_2fa
alex.caseworker@parliament.uk:weak_2fa_only
jordan.manager@parliament.uk:admin_no_2fa
former.intern@parliament.uk:unknown_account"
OKTA="chris.member@parliament.uk:member_no_2fa
alex.caseworker@parliament.uk:weak_2fa_only
jordan.manager@parliament.uk:admin_no_2fa
former.intern@parliament.uk:unknown_account
former.intern@parliament.uk:member_no_2fa"

mfa_config ok
mfa_scan
if [ -n "$MFA_REPORT" ]; then ok "scan wrote a report"; else
	not_ok "no report (rc $RC): $ERR"; e2e_done; exit 1; fi
mfa_expect_findings "microsoft365 accounts named" microsoft365 "$M365"
mfa_expect_findings "google accounts named" google "$GOOGLE"
mfa_expect_findings "github accounts named" github "$GITHUB"
mfa_expect_findings "slack accounts named" slack "$SLACK"
mfa_expect_findings "okta accounts named" okta "$OKTA"
[ "$(mfa_status)" = fail ] && ok "status fail" || not_ok "status $(mfa_status)"
[ "$(mfa_q 'sum(1 for s, r in f if r == "admin_no_2fa")')" = 5 ] &&
	ok "5 critical (one admin per provider)" || not_ok "critical count"
for p in microsoft365 google github slack okta; do
	if mfa_q "counts" | grep -q "$p: [0-9]* accounts examined"; then
		ok "$p count line"; else not_ok "$p count line missing"; fi
done
mfa_q "counts" | grep -q "microsoft365: 6 accounts examined, 2 without 2FA" &&
	ok "every page read (6 M365 accounts over 3 pages)" ||
	not_ok "M365 counts: $(mfa_q counts)"
mfa_q "counts" | grep -q "userRegistrationDetails report" &&
	ok "M365 method recorded" || not_ok "M365 method line"
# Owners are the staff members; evidence names methods, never secrets.
[ "$(mfa_q '[x["owner"] for x in json.load(open(sys.argv[1]))["findings"] if x["subject"] == "okta:alex.caseworker@parliament.uk"][0]')" = "Alex Caseworker" ] &&
	ok "owner matched from staff list" || not_ok "owner"
if grep -qE 'test-m365-client-secret|test-github-owner-token|xoxp-test|test-okta-api-token|test-m365-access|ya29\.|PRIVATE KEY' \
	"$MFA_REPORT" "$E2E_TMP/out" "$E2E_TMP/err"; then
	not_ok "a secret or token leaked into the report or output"
else ok "no secret or token in report, stdout or stderr"; fi
# The child had no socket of its own: every connection came from the
# parent's broker, and the report says so.
BROKER=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["sandbox"]["checks"]["mfa"]; print(s["broker"], s["broker_connections"])' "$MFA_REPORT")
case "$BROKER" in
"True 0" | False*) not_ok "broker layer not recorded: $BROKER" ;;
True*) ok "connections through the broker, recorded: $BROKER" ;;
*) not_ok "broker record: $BROKER" ;;
esac

# GitHub with a member's token: 2FA cannot be determined -> unknown, error.
printf '%s' test-github-member-token >"$E2E_TMP/gh-member"
chmod 600 "$E2E_TMP/gh-member"
MFA_GITHUB_TOKEN=$E2E_TMP/gh-member mfa_config ok github
mfa_scan
mfa_expect_findings "github member token: unknown, never pass" github \
	"samexample:status_unknown priyaresearch:status_unknown
formerintern-ex:status_unknown formerintern-ex:unknown_account
exampleshire-north:status_unknown"
[ "$(mfa_status)" = error ] && ok "github member token -> error" ||
	not_ok "status $(mfa_status)"
mfa_reason | grep -q "owner" && ok "reason says an owner token is needed" ||
	not_ok "reason: $(mfa_reason)"

# Slack with a bot token: has_2fa absent -> unknown for every human.
printf '%s' xoxb-test-slack-bot-token >"$E2E_TMP/slack-bot"
chmod 600 "$E2E_TMP/slack-bot"
MFA_SLACK_TOKEN=$E2E_TMP/slack-bot mfa_config ok slack
mfa_scan
mfa_expect_findings "slack bot token: unknown for each human" slack \
	"sam.example@parliament.uk:status_unknown
chris.member@parliament.uk:status_unknown
alex.caseworker@parliament.uk:status_unknown
priya.researcher@parliament.uk:status_unknown
jordan.manager@parliament.uk:status_unknown
former.intern@parliament.uk:status_unknown
former.intern@parliament.uk:unknown_account"
[ "$(mfa_status)" != pass ] && ok "slack bot token never passes" ||
	not_ok "passed"
mfa_q "counts" | grep -q "cannot determine 2FA for 6 accounts" &&
	ok "slack unknown count line" || not_ok "counts: $(mfa_q counts)"
e2e_done

#!/bin/bash
# OneDrive/SharePoint sharing against what the tenant itself says (issue
# 17): content hosts learned from GET /v1.0/sites/root before the
# m365-sharing child starts (a redirect there is followed; without
# Sites.Read.All it is refused with the reason unless the config lists
# the host); the tenant's verified domains count as the office's (a grant
# to a second one is not outside; without Domain.Read.All it is, with a
# warning); every enabled, licensed user's OneDrive is read, on the staff
# list or not, and an unlicensed one is not; users that cannot be listed
# make the check an error while the staff list's OneDrives are still read.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/sharing_lib.sh"
sh_setup

LEARNED="onedrive:priya.researcher@parliament.uk:/referrals.csv"
VERIFIED="onedrive:sam.example@parliament.uk:/constituency-office-cases.csv"
CASEY="onedrive:casey.contractor@parliament.uk:/doorstep-list.csv"
# sh_evidence SUBJECT: the evidence of the subject's findings.
sh_evidence() { sh_q "' | '.join(x['evidence'] for x in F if x['subject'] == '$1')"; }
sh_counted() {
	local lit
	lit=$(python3 -c 'import sys; print(repr(sys.argv[1]))' "$2")
	if sh_q "any($lit in t for t in counts)" | grep -qx True; then ok "$1"; else
		not_ok "$1: no count with '$2': $(sh_q counts)"; fi
}

sh_config "drivetenant~e2e"
sh_scan
[ "$(sh_status)" = fail ] && ok "tenant scenario: exposure fails (findings), not error" ||
	not_ok "tenant: $(sh_status) $(sh_reason)"
sh_has "redirect to the host sites/root named: followed and scanned" "$LEARNED" shared_anyone_personal_data
sh_counted "learned hosts counted" "content hosts learned from the tenant (sites/root): localhost, localhost-my"
sh_lacks "grant to a second verified domain: not outside the office" "constituency-office-cases"
sh_has "licensed user not on the staff list: scanned" "$CASEY" shared_anyone_personal_data
owners=$(sh_q '"\n".join(sorted(set(s + " " + str(x.get("owner")) for x in F for s in [x["subject"]])))')
grep -qxF "$CASEY casey.contractor@parliament.uk" <<<"$owners" &&
	ok "unlisted user's finding is owned by the UPN" || not_ok "owners: $owners"
grep -q "^onedrive:sam.example@parliament.uk:.* Sam Example$" <<<"$owners" &&
	ok "a staff member's finding is owned by the staff name" || not_ok "owners: $owners"
sh_lacks "unlicensed user: not scanned" "unlicensed.helper"
sh_counted "users counted" "OneDrive: 10 users listed, 7 licensed and enabled (1 not on the staff list, reported under their address), 1 disabled and 2 without a licence skipped, 3 never opened their OneDrive"
sh_findings >"$E2E_TMP/tenant"

sh_config "drivetenant+drivesites403~e2e"
sh_scan
sh_has "sites/root refused: the redirect is not followed" "$LEARNED" content_not_scanned
sh_has "sites/root refused: still shared_anyone" "$LEARNED" shared_anyone
sh_evidence "$LEARNED" | grep -q "could not be learned from GET /v1.0/sites/root, which needs Sites.Read.All" &&
	ok "evidence names sites/root and Sites.Read.All" || not_ok "evidence: $(sh_evidence "$LEARNED")"
sh_counted "warning counted" "warning: the tenant's content hosts could not be learned"
sh_q "[x for x in F if x['subject'] == '$LEARNED' and x['rule'] == 'shared_anyone_personal_data']" | grep -qx "\[\]" &&
	ok "never a pass on personal data it could not read" || not_ok "invented"
sh_findings | grep -v referrals >"$E2E_TMP/got"
grep -v referrals "$E2E_TMP/tenant" | diff -q - "$E2E_TMP/got" >/dev/null && ok "the other files are reported as before" ||
	not_ok "changed: $(grep -v referrals "$E2E_TMP/tenant" | diff - "$E2E_TMP/got" | head -3)"

sh_config "drivetenant+drivesites403~e2e"
sed -i "s|^    graph_url: .*|&\n    sharepoint_hosts: [\"localhost:$EMU_PORT\"]|" "$MFA_CFG"
sh_scan
sh_has "sites/root refused, host in the config: followed" "$LEARNED" shared_anyone_personal_data

sh_config "drivetenant+domainsdenied~e2e"
sh_scan
sh_has "domains refused: the grant counts as outside" "$VERIFIED" shared_external_personal_data
sh_counted "domains warning counted" "warning: the tenant's verified domains could not be read"
sh_counted "domains warning names the permission" "Domain.Read.All"

sh_config "drivetenant+denied~e2e"
sh_scan
[ "$(sh_status)" = error ] && ok "users not listed: error" || not_ok "users denied: $(sh_status)"
sh_reason | grep -q "users could not be listed" && sh_reason | grep -q "User.Read.All" &&
	ok "reason says the users could not be listed and names User.Read.All" || not_ok "reason: $(sh_reason)"
sh_has "users not listed: the staff list's OneDrives still read" "$LEARNED" shared_anyone_personal_data
sh_lacks "users not listed: no unlisted drive" "casey.contractor"
e2e_done

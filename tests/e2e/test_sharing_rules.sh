#!/bin/bash
# OneDrive and SharePoint files shared by link (issue 17): each sharing
# rule on the emulator's demo drives, the owner named, evidence with counts
# per kind and no values or raw outside addresses, organisation-only links
# and grants inside the office counted but not reported, deleted items in
# the delta skipped.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/sharing_lib.sh"
sh_setup

sh_config "ok~rules"
sh_scan
[ -n "$MFA_REPORT" ] && ok "scan wrote a report" || { not_ok "no report: $ERR"; e2e_done; exit 1; }
[ "$(sh_status)" = fail ] && ok "exposure fails" || not_ok "status $(sh_status): $(sh_reason)"

sam="onedrive:sam.example@parliament.uk:"
alex="onedrive:alex.caseworker@parliament.uk:"
priya="onedrive:priya.researcher@parliament.uk:"
site="sharepoint:https://exampleshire.sharepoint.com/sites/office:"
sh_has "anyone link, casework spreadsheet: critical" "${sam}/Casework/cases-2025.xlsx" shared_anyone_personal_data
sh_has "anyone link without expiry" "${sam}/Casework/cases-2025.xlsx" shared_no_expiry
sh_has "anyone link, clean letter: shared_anyone" "${sam}/Casework/letter-draft.docx" shared_anyone
sh_has "anyone link, a PDF letter (Identity-H font, compressed): critical" "${sam}/Casework/constituent-letter.pdf" shared_anyone_personal_data
sh_has "folder shared with a Gmail address: its files" "${alex}/Councillor referrals/referrals.csv" shared_external_personal_data
sh_has "... the docx in it too" "${alex}/Councillor referrals/referral-notes.docx" shared_external_personal_data
sh_has "outside grant without expiry" "${alex}/Councillor referrals/referrals.csv" shared_no_expiry
sh_has "edit link" "${alex}/rota.txt" shared_edit_anyone
sh_has "edit link is also anyone" "${alex}/rota.txt" shared_anyone
sh_has "damaged pdf (no pages) cannot be read: shared_anyone" "${priya}/survey-results.pdf" shared_anyone
sh_has "damaged pdf (no pages) cannot be read: content_not_scanned" "${priya}/survey-results.pdf" content_not_scanned
sh_has "SharePoint file shared with another organisation" "${site}/Events/volunteers.csv" shared_external_personal_data
sh_lacks "link with expiry: no shared_no_expiry" "letter-draft.docx	shared_no_expiry"
sh_lacks "organisation-only link is not a finding" "Budget.xlsx"
sh_lacks "grant inside the office is not a finding" "team-notes.txt"
sh_lacks "deleted item skipped" "old-cases.csv"
n=$(sh_q 'len(f)')
[ "$n" -eq 13 ] && ok "13 sharing findings" || not_ok "$n sharing findings: $(sh_findings | tr '\n' ';')"

sh_q '[x.get("owner") for x in F if "volunteers.csv" in x["subject"]][0]' | grep -qx "Jordan Manager" &&
	ok "SharePoint file: owner is who created it" || not_ok "SharePoint owner"
F1='next(x for x in F if x["rule"] == "shared_anyone_personal_data")'
who=$(sh_q "$F1['owner']")
[ "$who" = "Sam Example" ] && ok "owner is the owner of the drive" || not_ok "owner: $who"
sh_q "$F1['escalate_to']" | grep -qx data_protection && ok "routed to data protection" || not_ok "route"
sh_q "$F1['evidence']" | grep -q "uk_nino 2" && ok "evidence counts NI numbers" || not_ok "evidence: $(sh_q "$F1['evidence']")"
sh_q "$F1['evidence']" | grep -q "remove 'Anyone with the link'" && ok "evidence gives the fix" || not_ok "fix"
sh_q "$F1['evidence']" | grep -q "shared since 2025-06-02" && ok "evidence says since when" || not_ok "since"
sh_q "$F1['remediation']" | grep -qi "today" && ok "remediation: remove the link today" || not_ok "remediation"
if grep -qE "[A-Z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]" "$MFA_REPORT"; then
	not_ok "an NI number reached the report"; else ok "no NI number in the report"; fi
grep -q "cllr.jones.exampleshire@gmail.com" "$MFA_REPORT" && not_ok "outside address unmasked" ||
	ok "outside address masked"
sh_q '"@gmail.com" in " ".join(x["evidence"] for x in F)' | grep -qx True && ok "outside domain shown" || not_ok "domain"
sh_q '[t for t in counts if "shared only within the organisation" in t and "drives read" in t]' | grep -q "1 shared only" &&
	ok "org-only link counted" || not_ok "counts: $(sh_q counts)"
sh_q 'sum(1 for t in counts if "deleted skipped" in t and "1 deleted" in t)' | grep -qx 1 &&
	ok "deleted item counted as skipped" || not_ok "deleted count: $(sh_q counts)"
e2e_done

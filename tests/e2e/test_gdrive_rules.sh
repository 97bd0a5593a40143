#!/bin/bash
# Google Drive (exposure's gdrive part) against the emulator's demo Drive:
# one finding per rule per file, each file once under its owner (a file
# shared between two staff is not reported twice), shared-drive files
# under the drive, organisation-only links counted and not findings,
# evidence with counts per kind and never values or whole outside
# addresses, content read from Sheets (xlsx export), Docs (text export),
# .docx, .csv and PDF (alt=media; a PDF's page text); an over-size export is
# never a clean bill.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/exposure_lib.sh"
source "$PC_SRC/tests/e2e/gdrive_lib.sh"
gd_setup

gd_config "ok~rules"
gd_scan
if [ -z "$GD_REPORT" ]; then not_ok "no report: $ERR"; e2e_done; exit 1; fi
expect_rc "a critical Drive finding fails the scan" 1
[ "$(gd_q 'c["status"]')" = fail ] && ok "exposure is fail (complete)" ||
	not_ok "status $(gd_q 'c["status"]'): $(gd_q 'c.get("reason")')"

cat >"$E2E_TMP/want" <<'TXT'
content_not_scanned gdrive:jordan.manager@parliament.uk:Donations ledger (1DonationsLedgerSheetgggggggggggggggggggggg)
shared_anyone gdrive:chris.member@parliament.uk:Surgery poster.pdf (1SurgeryPosterPdfeeeeeeeeeeeeeeeeeeeeeeeee)
shared_anyone gdrive:priya.researcher@parliament.uk:Joint briefing on bus routes (1JointBriefingDochhhhhhhhhhhhhhhhhhhhhhhhhh)
shared_anyone gdrive:sam.example@parliament.uk:Volunteer rota (1VolunteerRotaSheetddddddddddddddddddddddd)
shared_anyone_personal_data gdrive-shared:Casework team:Case notes - Okafor (1CaseNotesOkaforDocjjjjjjjjjjjjjjjjjjjjjjjj)
shared_anyone_personal_data gdrive:alex.caseworker@parliament.uk:Casework tracker 2025 (1CaseTrackerSheet2025aaaaaaaaaaaaaaaaaaaaa)
shared_anyone_personal_data gdrive:chris.member@parliament.uk:Surgery sign-in 14 March.pdf (1SurgerySignInPdfkkkkkkkkkkkkkkkkkkkkkkkkk)
shared_edit_anyone gdrive:sam.example@parliament.uk:Volunteer rota (1VolunteerRotaSheetddddddddddddddddddddddd)
shared_external_personal_data gdrive:alex.caseworker@parliament.uk:Housing appeal letter.docx (1HousingLetterDocxbbbbbbbbbbbbbbbbbbbbbbbbb)
TXT
gd_findings >"$E2E_TMP/got"
if diff -u "$E2E_TMP/want" "$E2E_TMP/got"; then
	ok "exactly the expected Drive findings, one per rule per file"
else
	not_ok "Drive findings differ (above)"
fi

# each rule's severity and route come from the policy
[ "$(gd_q '",".join(sorted({x["rule"]+"="+x["severity"]+"/"+x["escalate_to"] for x in F}))')" = \
  "content_not_scanned=medium/office_fixes,shared_anyone=medium/office_fixes,shared_anyone_personal_data=critical/data_protection,shared_edit_anyone=high/office_fixes,shared_external_personal_data=high/data_protection" ] &&
	ok "severities and routes from the policy" ||
	not_ok "severities/routes: $(gd_q '[(x["rule"],x["severity"],x["escalate_to"]) for x in F]')"

# owners: staff names for My Drive files, none for a shared drive's
[ "$(gd_q 'sorted({x["subject"].split(":")[1]+"="+str(x.get("owner")) for x in F})')" = \
  "['Casework team=None', 'alex.caseworker@parliament.uk=Alex Caseworker', 'chris.member@parliament.uk=Chris Member MP', 'jordan.manager@parliament.uk=Jordan Manager', 'priya.researcher@parliament.uk=Priya Researcher', 'sam.example@parliament.uk=Sam Example']" ] &&
	ok "owners are the staff who own each file" || not_ok "owners: $(gd_q '[(x["subject"], x.get("owner")) for x in F]')"

# the sheet's kinds are counted, never shown
ev=$(gd_q 'next(x["evidence"] for x in F if "Casework tracker" in x["subject"])')
case $ev in *"personal_record 2"*) ok "sheet evidence counts personal records";;
	*) not_ok "sheet evidence: $ev";; esac
if gd_q '"\n".join(x["evidence"]+x["title"] for x in F)' |
	grep -qE "WK 25|PR 73|22/11/1980|cllr\.jones|accounts@"; then
	not_ok "a value or an outside address in the report"
else
	ok "no value and no whole outside address in any finding"
fi
gd_q 'next(x["evidence"] for x in F if "Housing appeal" in x["subject"])' |
	grep -q "c\*\*\*@gmail.com" && ok "outside address masked with its domain" ||
	not_ok "outside address not masked as expected"
gd_q 'next(x["evidence"] for x in F if "Donations" in x["subject"])' |
	grep -q "export limit" && ok "an over-size export says why it was not read" ||
	not_ok "export limit not named"

# counts: org-only link counted, a shared folder counted, nothing twice
line=$(gd_q '"\n".join(x for x in counts if x.startswith("gdrive"))')
case $line in *"6 Drives read"*"12 files with sharing"*"1 with an organisation-wide link"*"1 shared folder"*)
	ok "counts: drives, files, organisation link, folder";;
	*) not_ok "counts: $line";; esac
[ "$(gd_q 'sum("Joint briefing" in x["subject"] for x in F)')" = 1 ] &&
	ok "a file shared between two staff is reported once, under its owner" ||
	not_ok "shared file reported $(gd_q 'sum("Joint briefing" in x["subject"] for x in F)') times"

# the same Drive gives the same finding ids next time
ids1=$(gd_q 'sorted(x["id"] for x in F)')
gd_scan
[ "$ids1" = "$(gd_q 'sorted(x["id"] for x in F)')" ] &&
	ok "finding ids are stable across scans" || not_ok "ids changed"
e2e_done

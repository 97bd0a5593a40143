#!/bin/bash
# The email check's website part end to end: the demo office website in
# the emulator (tests/emulator/fixtures/demo/site/). A staff member's
# personal address given for casework and a Gmail address for surgery
# bookings are personal_address_published (medium, office_fixes), owned
# by the staff member or the digital lead; a campaign group's address in
# a news item and the office's own address are not; a site that cannot be
# crawled is an error, never a pass.
. "$(dirname "$0")/email_export_lib.sh"
start_emulator || { not_ok "emulator did not start"; e2e_done; exit 1; }
SITE=https://127.0.0.1:$EMU_PORT/ok/site/
STAFF_ALEX='  - {name: "Alex Caseworker", role: caseworker, email: alex.caseworker@parliament.uk}'

site_config() { # NAME URL [SOURCE_EXTRA]
	config "$1" "  - {kind: website, url: \"$2\", max_pages: 20${3:-}}" \
		"tls: {ca_file: $EMU_CERTS/ca.pem}"
	sed -i "/^  - {name: \"Tom Okafor\"/a\\
$STAFF_ALEX" "$CFG"
}

site_config site "$SITE"
scan
[ -n "$REPORT" ] || { not_ok "no report: $ERR"; e2e_done; exit 1; }
check "two published personal addresses, on their pages" \
	'sorted((x["subject"].rsplit("/", 1)[1], x["rule"]) for x in F) == [("casework.html", "personal_address_published"), ("surgeries.html", "personal_address_published")]'
check "the caseworker's own address is theirs to fix" \
	'[x["owner"] for x in F if x["subject"].endswith("casework.html")] == ["Alex Caseworker"]'
check "the office's Gmail for bookings goes to the digital lead" \
	'[x["owner"] for x in F if x["subject"].endswith("surgeries.html")] == ["Sam Example"]'
check "medium, office_fixes" 'all(x["severity"] == "medium" and x["escalate_to"] == "office_fixes" for x in F)'
check "evidence masks the address and says how it is given" \
	'any("a***@gmail.com on 1 page" in x["evidence"] and "in the text" in x["evidence"] for x in F) and any("e***@gmail.com" in x["evidence"] and "mailto:" in x["evidence"] for x in F)'
check "a campaign group's address in the news is not the office's contact" \
	'"friendsofexampleshirelibrary" not in raw and not any("f***@" in x["evidence"] for x in F)'
check "count line: pages read and addresses found" \
	'any("pages read, 2 personal addresses given as a contact" in x for x in c["counts"])'
check "complete" 'c["status"] == "fail"'

# The site only for exposure: the email check does not crawl it.
site_config other "$SITE" ", checks: [exposure]"
scan
check "a website source for another check is not crawled" 'F == [] and c["status"] == "pass"'

# Fail closed: a start page that cannot be fetched is an error naming it.
site_config down "https://127.0.0.1:$EMU_PORT/ok/site/no-such-page.html"
scan
expect_rc "site cannot be crawled: incomplete" 3
check "site cannot be crawled: error naming the URL" \
	'c["status"] == "error" and "no-such-page.html" in c["reason"]'
site_config downopt "https://127.0.0.1:$EMU_PORT/ok/site/no-such-page.html" ", optional: true"
scan
check "optional site that cannot be crawled: a count line, not an error" \
	'c["status"] == "pass" and any("optional source" in x for x in c["counts"])'

e2e_done

#!/bin/bash
# The email check's mail part end to end: personal_address_in_use and
# casework_forwarded_personal over tests/data/email/ (mbox, Maildir, a
# folder of .eml; base64 and quoted-printable bodies; Gmail, Outlook,
# Apple Mail, Thunderbird and HTML forwards; a forward as an attached
# message; a lobbying campaign; aliases and display names). Each expected
# finding of tests/data/email/expected.tsv, and nothing else; masked
# evidence; owners; fail closed on unreadable sources.
. "$(dirname "$0")/email_export_lib.sh"

SRC="  - {kind: mbox, path: $D/casework.mbox, checks: [email]}
  - {kind: mbox, path: $D/campaign.mbox, checks: [email]}
  - {kind: maildir, path: $D/Maildir, checks: [email]}
  - {kind: eml, path: $D/eml, checks: [email]}"
config all "$SRC"
scan
[ -n "$REPORT" ] || { not_ok "no report: $ERR"; e2e_done; exit 1; }
expect_rc "findings at or above high" 1

# Every expected (source, person, masked address, rule, count) and no other.
got=$(q '"\n".join(sorted("%s\t%s\t%s\t%s" % (x["subject"].split(": ")[0].rsplit("/", 1)[1], x["owner"], x["evidence"].split(" to ")[1].split(" ")[0].rstrip(","), x["rule"] + "\t" + x["evidence"].split(" ")[0]) for x in F if x["rule"] != "staff_email_off_domain"))')
want=$(python3 - "$D/expected.tsv" <<'PY'
import sys
out = []
for line in open(sys.argv[1]):
    src, who, addr, rule, n = line.rstrip("\n").split("\t")
    local, dom = addr.rsplit("@", 1)
    out.append("%s\t%s\t%s***@%s\t%s\t%s" % (src, who, local[0], dom, rule, n))
print("\n".join(sorted(out)))
PY
)
if [ "$got" = "$want" ]; then ok "findings are exactly tests/data/email/expected.tsv"; else
	not_ok "findings differ: $(diff <(echo "$want") <(echo "$got"))"; fi
check "subjects are '<source path as configured>: <staff name>'" \
	'all(x["subject"] in ("%s/%s: %s" % ("'"$D"'", s, x["owner"]) for s in ("casework.mbox", "campaign.mbox", "Maildir", "eml")) for x in F)'
check "casework_forwarded_personal is high, to data_protection" \
	'all(x["severity"] == "high" and x["escalate_to"] == "data_protection" for x in F if x["rule"] == "casework_forwarded_personal")'
check "personal_address_in_use is high, to office_fixes" \
	'all(x["severity"] == "high" and x["escalate_to"] == "office_fixes" for x in F if x["rule"] == "personal_address_in_use")'
check "first and last dates in the evidence" \
	'any("first 2025-01-06, last 2025-01-15" in x["evidence"] for x in F)'
check "no raw address of staff or constituents in the report" \
	'not any(a in raw for a in ("jane.smith@gmail.com", "bob.jones@gmail.com", "ann.lee@example.net", "carl.dunn", "amy.reid", "tommyokafor@", "hal.ito"))'
check "every finding has a distinct id" 'len(set(x["id"] for x in F)) == len(F)'
check "complete: fail, not error" 'c["status"] == "fail"'
check "count line per source with messages and repeated copies" \
	'any("casework.mbox: 1 file, 15 messages read; 12 with a staff member" in x and "1 more were repeated copies" in x for x in c["counts"])'
check "the file that is not mail is counted, the check still complete" \
	'any("eml: 3 files, 2 messages read" in x and "1 file not readable as mail" in x for x in c["counts"])'
check "Maildir tmp/ and index files are skipped" \
	'any("Maildir: 3 files, 3 messages" in x and "2 skipped" in x for x in c["counts"])'
ids1=$(q 'sorted(x["id"] for x in F)')

# The same scan again: the same ids.
scan
[ "$(q 'sorted(x["id"] for x in F)')" = "$ids1" ] && ok "ids are stable across scans" || not_ok "ids changed"

# A campaign alone: only the one real forward, never the campaigners.
config campaign "  - {kind: mbox, path: $D/campaign.mbox, checks: [email]}"
scan
check "a lobbying campaign of 45 messages gives only Jane's own forward" \
	'sorted(x["rule"] for x in F) == ["casework_forwarded_personal", "personal_address_in_use"] and all("1 " in x["evidence"][:2] for x in F)'

# A source that does not name email is not read; none at all: not applicable.
config none "  - {kind: mbox, path: $D/casework.mbox, checks: [threats]}"
scan
check "no mail source names email: mail part not applicable, no findings" \
	'F == [] and c["status"] == "pass"'

# Fail closed: a missing mandatory source is an error naming it.
config missing "  - {kind: mbox, path: $E2E_TMP/nope.mbox, checks: [email]}
  - {kind: eml, path: $D/eml, checks: [email]}"
scan
expect_rc "missing source: incomplete" 3
check "missing source: error naming it; the other source still read" \
	'c["status"] == "error" and "nope.mbox" in c["reason"] and any(x["subject"].endswith("eml: Jane Smith") for x in F)'
config optional "  - {kind: mbox, path: $E2E_TMP/nope.mbox, checks: [email], optional: true}"
scan
check "missing optional source: said in a count line, not an error" \
	'c["status"] == "pass" and any("not read (optional source)" in x for x in c["counts"])'

# A source none of whose files is mail: an error, never a pass.
printf 'not mail at all\x00\x01' >"$E2E_TMP/notmail.eml"
config notmail "  - {kind: eml, path: $E2E_TMP/notmail.eml, checks: [email]}"
scan
check "a source with no readable mail is an error naming the file" \
	'c["status"] == "error" and "no file could be read as mail" in c["reason"]'

# The office HMAC key is missing: the mail part is incomplete, not a pass.
mv "$E2E_TMP/keys/office.hmac" "$E2E_TMP/office.hmac.away"
config nokey "  - {kind: mbox, path: $D/casework.mbox, checks: [email]}"
scan
check "no office key: error naming it, no findings guessed" \
	'c["status"] == "error" and "office.hmac" in c["reason"] and not any(x["rule"] == "personal_address_in_use" for x in F)'
mv "$E2E_TMP/office.hmac.away" "$E2E_TMP/keys/office.hmac"

e2e_done

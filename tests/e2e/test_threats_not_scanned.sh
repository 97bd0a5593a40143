#!/bin/bash
# Issue 11, hole 4, for a source only the threats check reads: MIME nested
# deeper than the limit, a mail part over the size limit, a document that
# expands more than 100 times, and a whole optional source that cannot be
# read are content_not_scanned findings of the threats check, and the
# check stays complete.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/exposure_lib.sh"
source "$PC_SRC/tests/e2e/threats_lib.sh"

make_policy threats
make_keys
mail=$E2E_TMP/mail
mkdir -p "$mail"
python3 - "$mail/deep.eml" <<'PY'
import sys
d = ["From: a@example.com\nMessage-ID: <deep@example.com>\nMIME-Version: 1.0\n"]
for i in range(40):
    d.append('Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (i, i))
d.append("Content-Type: text/plain\n\nhello\n")
for i in range(39, -1, -1):
    d.append("--b%d--\n" % i)
open(sys.argv[1], "w").write("".join(d))
PY
python3 "$PC_SRC/tests/data/content/make_office.py" bomb "$mail/minutes.docx" 400
printf 'From: b@example.com\nMessage-ID: <fine@example.com>\n\nThanks for your help.\n' >"$mail/fine.eml"

write_config "$E2E_TMP/pc.yaml" "  - {kind: files, path: $mail, checks: [threats]}
  - {kind: mbox, path: $E2E_TMP/gone.mbox, checks: [threats], optional: true}"
tscan "$E2E_TMP/pc.yaml"
expect_scan_rc "the scan is complete" 0
tq "threats is pass or fail, not error" 'c.get("status") in ("pass", "fail")'
tq "MIME nested deeper than the limit is a finding" \
	'any(x["subject"].endswith("/deep.eml") and "nested deeper" in x["evidence"] for x in ns)'
tq "a document expanding more than 100 times is a finding" \
	'any(x["subject"].endswith("/minutes.docx") and "expands more than 100" in x["evidence"] for x in ns)'
tq "a whole optional source that cannot be read is a finding" \
	'any(x["subject"].endswith("/gone.mbox") for x in ns)'
tq "three findings, from the policy's rule" \
	'len(ns) == 3 and all(x["severity"] == "medium" for x in ns)'
e2e_done

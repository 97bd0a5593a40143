#!/bin/bash
# Issue 11, hole 4: content that was not read is a finding, not only a
# count line. A document expanding more than 100 times its size, a mail
# part over the size limit, MIME nested deeper than the limit, a file in
# an optional source that cannot be read, a whole optional source that
# cannot be read, an encrypted PDF, and a file the walk's own caps left
# unread (a folder deeper than 64 levels; the file-size, file-count and
# total-size caps take the same path) each become a content_not_scanned
# finding naming it
# and why; the check stays complete (only a whole mandatory source that
# cannot be read, or an unreadable file in one, makes it incomplete).
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/exposure_lib.sh"

make_policy
make_keys
src=$E2E_TMP/share
mkdir -p "$src"
printf 'NI number: JT 48 61 27 B\n' >"$src/good.txt"
python3 "$PC_SRC/tests/data/content/make_office.py" bomb "$src/minutes.docx" 400
python3 - "$src/deep.eml" <<'PY'
import sys
d = ["From: a@example.com\nMessage-ID: <deep@example.com>\nMIME-Version: 1.0\n"]
for i in range(40):
    d.append('Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (i, i))
d.append("Content-Type: text/plain\n\nhello\n")
for i in range(39, -1, -1):
    d.append("--b%d--\n" % i)
open(sys.argv[1], "w").write("".join(d))
PY
python3 - "$src/big.eml" <<'PY'
import base64, sys
part = base64.encodebytes(b"a" * (33 << 20)).decode()
open(sys.argv[1], "w").write(
    "From: a@example.com\nMessage-ID: <big@example.com>\nMIME-Version: 1.0\n"
    'Content-Type: multipart/mixed; boundary="x"\n\n--x\n'
    "Content-Type: text/plain\n\nsee attached\n--x\n"
    'Content-Type: application/octet-stream; name="scan.bin"\n'
    "Content-Transfer-Encoding: base64\n\n" + part + "--x--\n")
PY
# a folder nested deeper than the walker's 64 levels
deep=$src$(printf '/d%.0s' $(seq 1 65))
mkdir -p "$deep"
printf 'NI number: JT 48 61 27 B\n' >"$deep/buried.txt"
cp "$PC_SRC/tests/data/content/pdf/encrypted.pdf" "$src/sealed.pdf"
cp "$PC_SRC/tests/data/content/pdf/word.pdf" "$src/letter.pdf"
printf 'NI number: JT 48 61 27 B\n' >"$src/locked.txt"
chmod 000 "$src/locked.txt"

sources="  - {kind: files, path: $src, optional: true}
  - {kind: files, path: $E2E_TMP/gone, optional: true}"
write_config "$E2E_TMP/pc.yaml" "$sources"

# Root reads anything: run the scan as nobody so chmod 000 means something.
as_user=()
if [ "$(id -u)" -eq 0 ]; then
	chown -R 65534:65534 "$E2E_TMP"
	as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
"${as_user[@]}" "$PC_BIN" scan --config "$E2E_TMP/pc.yaml" --only exposure \
	--json ${PC_E2E_SCAN_FLAGS:-} >"$E2E_TMP/out" 2>"$E2E_TMP/err"
RC=$?
ERR=$(cat "$E2E_TMP/err")
REPORT=$(python3 -c 'import json,sys; print(json.load(sys.stdin).get("report_dir",""))' \
	<"$E2E_TMP/out" 2>/dev/null)/report.json

expect_scan_rc "the scan is complete, with findings" 1
rq "exposure is fail (complete), not error" 'c.get("status") == "fail"'
ns='[x for x in f if x["rule"] == "content_not_scanned"]'
rq "a document expanding more than 100 times is a finding" \
	"any(x['subject'].endswith('/minutes.docx') and 'expands more than 100' in x['evidence'] for x in $ns)"
rq "a mail part over the size limit is a finding" \
	"any(x['subject'].endswith('/big.eml') and 'mail part larger than' in x['evidence'] for x in $ns)"
rq "MIME nested deeper than the limit is a finding" \
	"any(x['subject'].endswith('/deep.eml') and 'nested deeper' in x['evidence'] for x in $ns)"
rq "a file in an optional source that cannot be read is a finding" \
	"any(x['subject'].endswith('/locked.txt') and 'Permission denied' in x['evidence'] for x in $ns)"
rq "a whole optional source that cannot be read is a finding" \
	"any(x['subject'].endswith('/gone') and 'could not be read' in x['evidence'] for x in $ns)"
rq "a folder nested deeper than the walk's limit is a finding" \
	"any(x['subject'].endswith('/d/d') and 'nested deeper than the limit' in x['evidence'] for x in $ns)"
rq "an encrypted PDF is a finding, not a pass" \
	"any(x['subject'].endswith('/sealed.pdf') and 'encrypted PDF' in x['evidence'] for x in $ns)"
rq "severity and route come from the policy" \
	"all(x['severity'] == 'medium' and x['escalate_to'] == 'office_fixes' for x in $ns) and len($ns) == 7"
rq "the readable file is still scanned" \
	'any(x["rule"] == "uk_nino" and "good.txt" in x["subject"] for x in f)'
rq "a PDF in a files source is read (its NI number found)" \
	'any("letter.pdf" in x["subject"] and x["rule"] in ("uk_nino", "personal_record") for x in f)'
dir=$(dirname "$REPORT")
if grep -qF "minutes.docx" "$dir/checklist.md"; then
	ok "the checklist names the file that was not read"
else
	not_ok "the checklist lacks the file that was not read"
fi

# the same unreadable file in a mandatory source: finding and incomplete
write_config "$E2E_TMP/pc2.yaml" "  - {kind: files, path: $src}"
chown 65534:65534 "$E2E_TMP/pc2.yaml"
"${as_user[@]}" "$PC_BIN" scan --config "$E2E_TMP/pc2.yaml" --only exposure \
	--json ${PC_E2E_SCAN_FLAGS:-} >"$E2E_TMP/out" 2>"$E2E_TMP/err"
RC=$?
ERR=$(cat "$E2E_TMP/err")
REPORT=$(python3 -c 'import json,sys; print(json.load(sys.stdin).get("report_dir",""))' \
	<"$E2E_TMP/out" 2>/dev/null)/report.json
expect_rc "an unreadable file in a mandatory source: incomplete" 3
rq "and still a finding naming it" \
	"any(x['subject'].endswith('/locked.txt') for x in $ns)"
e2e_done

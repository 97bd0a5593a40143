#!/bin/bash
# A document of a type portcullis reads that its reader cannot parse (a
# truncated PDF, a .docx whose zip central directory is broken, an .xlsx
# that is not a zip) was not read, so it is never a clean pass: inspect
# names it on stderr with the reason and exits 2 when nothing else was
# found; the exposure and threats checks report it as content_not_scanned
# naming the file and why, as for a file over a limit. A file of no type
# the readers claim (a .png, an executable) is still only skipped.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/exposure_lib.sh"
source "$PC_SRC/tests/e2e/threats_lib.sh"

src=$E2E_TMP/share
mkdir -p "$src"
# the letter PDF cut short: no catalogue left, even by the repair scan
head -c 600 "$PC_SRC/tests/data/content/pdf/word.pdf" >"$src/letter.pdf"
python3 "$PC_SRC/tests/data/content/make_office.py" docx "$src/minutes.docx" \
	"Client NI number: JT 48 61 27 B"
python3 - "$src/minutes.docx" <<'PY'
import sys
p = sys.argv[1]
d = open(p, "rb").read()
assert d.count(b"PK\x01\x02") >= 1
open(p, "wb").write(d.replace(b"PK\x01\x02", b"PK\x07\x07"))  # central directory garbled
PY
printf 'Name,NI number\nJo Example,JT 48 61 27 B\n' >"$src/cases.xlsx"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1' >"$E2E_TMP/photo.png"
cp /bin/true "$E2E_TMP/tool"

# inspect: each damaged file alone is named with its reason, exit 2
for f in letter.pdf minutes.docx cases.xlsx; do
	run_pc inspect --format jsonl "$src/$f"
	expect_rc "inspect $f alone: no clean result" 2
	expect_one_line "inspect $f"
	expect_err "inspect $f: the file is named" "$src/$f"
done
run_pc inspect --format jsonl "$src/letter.pdf"
expect_err "truncated PDF: the reason" "damaged or not understood PDF: damaged PDF: no document catalogue found"
run_pc inspect --format jsonl "$src/minutes.docx"
expect_err "broken zip directory: the reason" "damaged or not understood Word document: damaged zip central directory"
run_pc inspect --format jsonl "$src/cases.xlsx"
expect_err "xlsx that is no zip: the reason" "damaged or not understood Excel workbook: not a zip archive"
[ -z "$OUT" ] && ok "nothing read from the damaged files" || not_ok "$OUT"
run_pc inspect --quiet --format jsonl "$src"
expect_rc "--quiet: still no clean result" 2
expect_err "--quiet still says files were not read" "3 file(s) or part(s) were not read in full"
# a .png and an executable: no reader claims them, skipped as before
run_pc inspect --format jsonl "$E2E_TMP/photo.png" "$E2E_TMP/tool"
expect_rc "binary files are skipped, not errors" 0
expect_err "the .png is listed as skipped" "skipped $E2E_TMP/photo.png: "
case $ERR in *"damaged or not understood"*) not_ok "a binary file called damaged: $ERR" ;;
	*) ok "binary files are not called damaged" ;; esac
# the threats detectors read files the same way
run_pc inspect --detectors threats --format jsonl "$src/letter.pdf"
expect_rc "inspect --detectors threats: a damaged file alone is exit 2" 2
expect_err "inspect --detectors threats names it" "not read: $src/letter.pdf: damaged or not understood PDF"

# exposure: a content_not_scanned finding for each, the check complete
make_policy
make_keys
cp "$E2E_TMP/photo.png" "$src/photo.png"
printf 'NI number: JT 48 61 27 B\n' >"$src/good.txt"
write_config "$E2E_TMP/pc.yaml" "  - {kind: files, path: $src}"
scan_json "$E2E_TMP/pc.yaml"
expect_scan_rc "exposure: the scan is complete, with findings" 1
rq "exposure is fail (complete), not pass" 'c.get("status") == "fail"'
for f in letter.pdf minutes.docx cases.xlsx; do
	rq "exposure: $f is content_not_scanned with its reason" \
		"any(x['subject'].endswith('/$f') and 'damaged or not understood' in x['evidence'] for x in ns)"
done
rq "the PDF's finding says why" \
	"any(x['subject'].endswith('/letter.pdf') and 'not read: damaged or not understood PDF: ' in x['evidence'] for x in ns)"
rq "three, none for the .png (skipped)" \
	"len(ns) == 3 and not any('photo.png' in x['subject'] for x in ns)"
rq "the readable file is still scanned" \
	'any(x["rule"] == "uk_nino" and "good.txt" in x["subject"] for x in f)'
counts='" ".join(c.get("counts", []))'
rq "the .png is only a count line (skipped)" "'photo.png' in $counts"

# threats: the same files are content_not_scanned findings of threats
rm -rf "$E2E_TMP/policies"
make_policy threats
write_config "$E2E_TMP/pt.yaml" "  - {kind: files, path: $src, checks: [threats]}"
tscan "$E2E_TMP/pt.yaml"
tq "threats: each damaged file is content_not_scanned" \
	"sorted(x['subject'].rsplit('/', 1)[1] for x in ns) == ['cases.xlsx', 'letter.pdf', 'minutes.docx'] and all('damaged or not understood' in x['evidence'] for x in ns)"
e2e_done

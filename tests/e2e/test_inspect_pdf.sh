#!/bin/bash
# portcullis inspect on PDFs: the text of Word/LibreOffice-style PDFs
# (Identity-H fonts with ToUnicode maps, compressed content, object and
# cross-reference streams) is scanned and located by page; a PDF is known
# by its %PDF- header whatever its name; an encrypted PDF, a filter not
# read, a PDF of scanned images and a decompression bomb are each named on
# stderr and exit 2 when nothing else was found, never silently passed; no value reaches the output.
. "$(dirname "$0")/lib.sh"
D="$PC_SRC/tests/data/content/pdf"

run_pc inspect --format jsonl "$D/word.pdf"
expect_rc "a PDF with a NI number fails the check" 1
printf '%s\n' "$OUT" | grep '"detector":"uk_nino"' |
	grep -q '"exact":false.*"locator":"page 1"' &&
	ok "NI number located by page, offsets within the page (not exact)" ||
	not_ok "NI number locator: $OUT"
printf '%s\n' "$OUT" | grep -q '"detector":"personal_record".*"counts":"1 UK National Insurance number, 1 date of birth, 1 email address"' &&
	ok "the letter is one person's record (NI number, DOB, email)" ||
	not_ok "record: $OUT"
if printf '%s\n' "$OUT" | grep -qE "WR 48 27 39 C|dana\.example@|3 September 1957"; then
	not_ok "a value reached the output"; else ok "no value in the output"; fi

# two pages: the phone on page 2; a PDF with no extension is sniffed
cp "$D/simple.pdf" "$E2E_TMP/scan0001"
run_pc inspect --format text --fail-on low "$E2E_TMP/scan0001"
expect_rc "PDF without an extension is read" 1
case $OUT in *"(page 2)"*) ok "phone located on page 2" ;;
	*) not_ok "page 2 locator: $OUT" ;; esac

# a broken cross-reference table is repaired by scanning the objects
run_pc inspect --format jsonl "$D/broken.pdf"
printf '%s\n' "$OUT" | grep -q '"detector":"uk_nino".*"locator":"page 1"' &&
	ok "broken xref: objects found by scanning" || not_ok "broken: $OUT $ERR"

run_pc inspect --format jsonl "$D/encrypted.pdf"
expect_err "encrypted PDF named, not passed silently" "encrypted PDF"
expect_rc "an encrypted PDF alone is no clean result (exit 2, not 0)" 2
expect_one_line "encrypted"
run_pc inspect --quiet --format jsonl "$D/encrypted.pdf"
expect_rc "with --quiet too" 2
expect_err "--quiet still says a file was not read" "not read in full"
[ -z "$OUT" ] && ok "nothing read from an encrypted PDF" || not_ok "$OUT"

run_pc inspect --format jsonl --fail-on low "$D/lzw.pdf"
expect_err "a filter not read is named with its page" "page 1: a stream uses the LZWDecode filter"
case $OUT in *'"locator":"page 2"'*) ok "the other page is still read" ;;
	*) not_ok "page 2 not read: $OUT" ;; esac

run_pc inspect --format jsonl "$D/scan.pdf"
expect_err "images only: no text layer said" "no text layer"
expect_rc "images only: no clean result" 2

python3 "$PC_SRC/tests/data/content/make_pdf.py" bomb "$E2E_TMP/bomb.pdf"
run_pc inspect --format jsonl "$E2E_TMP/bomb.pdf"
expect_err "decompression bomb refused" "decompression bomb"
expect_one_line "bomb"
expect_rc "a bomb alone is no clean result" 2
e2e_done

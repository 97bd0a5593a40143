#!/bin/bash
# portcullis inspect: JSON Lines findings on the labelled corpus, exit codes,
# and no raw personal data or secret in its output.
. "$(dirname "$0")/lib.sh"
C="$PC_SRC/tests/data/content/corpus"

run_pc inspect --help
expect_rc "inspect --help" 0
case "$OUT" in *--fail-on*) ok "help lists --fail-on" ;; *) not_ok "help lists --fail-on" ;; esac

run_pc inspect "$C"
expect_rc "corpus has findings at or above medium" 1
# a record's identifiers follow it on lines of their own (same record id)
n=$(printf '%s\n' "$OUT" | grep '^{"detector":' | grep -v '"record":[0-9]*}$' | wc -l)
n=$((n + $(printf '%s\n' "$OUT" | grep -c '"detector":"personal_record"')))
corpus_n=$n
corpus_lines=$(printf '%s\n' "$OUT" | grep -c '^{"detector":')
want=$(grep -vc '^#' "$C/labels.tsv") # one finding per labelled item
[ "$n" -eq "$want" ] && ok "$want findings on the corpus" || not_ok "$want findings on the corpus (got $n)"
printf '%s\n' "$OUT" | grep '"path":"[^"]*export_utf16le.csv"' |
    grep -q '"detector":"uk_nino".*"line":2,.*"exact":false' &&
    ok "UTF-16 CSV: NINO on line 2, offsets marked not exact" ||
    not_ok "UTF-16 CSV: NINO on line 2, offsets marked not exact"
if printf '%s\n' "$OUT" | /usr/bin/python3 -c '
import json, sys
need = {"detector", "severity", "path", "length", "preview", "hmac"}
records, parts = set(), {}
for line in sys.stdin:
    o = json.loads(line)
    assert need <= set(o), o
    assert ("offset" in o) == o["exact"] and ("unit_offset" in o) != o["exact"], o
    assert ("column" in o) == o["exact"] and ("unit_column" in o) != o["exact"], o
    assert ("line" in o) != ("unit_line" in o), o
    assert "line" in o or not o["exact"], o
    assert len(o["hmac"]) == 64
    if o["detector"] == "personal_record":
        records.add(o["record"])
        assert o["counts"], o
    elif "record" in o:
        parts[o["record"]] = parts.get(o["record"], 0) + 1
assert records and set(parts) == records, (records, parts)

'; then ok "every line is JSON with the documented fields"; else not_ok "JSON fields"; fi
leak=0
for raw in "JK 48 27 39 B" "4539 5181 9093 7865" "452 601 8155" 31926819 \
    "GB83 MIDL" 532846197 MORGA753116SM9IJ "07911 123456" carol.sample77 \
    AKIA4QZ7XK2MWV5RT3LN 9drTq2Lw7Zp4 ghp_R8kq2Zx7 Qw7eRt5yUi9 AIzaSyB7xQ2m \
    Xk98Q~r4 k7#Rq9 b3BlbnNzaC1 "14/03/1985" WR482739C "WR 48 27 39 C"; do
	if printf '%s' "$OUT" | grep -qF -- "$raw"; then leak=1; echo "raw value in output: $raw"; fi
done
[ "$leak" -eq 0 ] && ok "no raw value in the output" || not_ok "no raw value in the output"

# byte offsets point at the value in the original file
line=$(printf '%s\n' "$OUT" | grep '"detector":"github_token"')
off=$(printf '%s' "$line" | sed 's/.*"offset":\([0-9]*\).*/\1/')
len=$(printf '%s' "$line" | sed 's/.*"length":\([0-9]*\).*/\1/')
got=$(dd if="$C/secrets.txt" bs=1 skip="$off" count="$len" 2>/dev/null)
[ "${got:0:4}" = "ghp_" ] && [ "${#got}" -eq 40 ] && ok "offset/length map back to the token" || not_ok "offset/length ($off,$len) -> $got"

# --format text: one readable line per finding, a record's parts indented
run_pc inspect --format text "$C/people.txt"
expect_rc "--format text: same exit code" 1
case "$OUT" in *"{"*) not_ok "--format text prints no JSON" ;; *) ok "--format text prints no JSON" ;; esac
printf '%s\n' "$OUT" | grep -q "people.txt:4:[0-9]*: high Personal record: several identifiers of one person: " &&
    printf '%s\n' "$OUT" | grep -q "^    .*people.txt:4:[0-9]*: high UK National Insurance number: " &&
    ok "--format text: record line, then its identifiers indented" ||
    not_ok "--format text: $OUT"
# files read in parallel: the same findings in the same order as one worker
a=$("$PC_BIN" inspect --format jsonl --jobs 1 "$PC_SRC/tests/data/content" 2>/dev/null | sed 's/"hmac":"[0-9a-f]*"//')
b=$("$PC_BIN" inspect --format jsonl --jobs 4 "$PC_SRC/tests/data/content" 2>/dev/null | sed 's/"hmac":"[0-9a-f]*"//')
[ -n "$a" ] && [ "$a" = "$b" ] && ok "--jobs 4 prints what --jobs 1 prints, in walk order" ||
    not_ok "--jobs 4 differs from --jobs 1"
run_pc inspect --jobs 0 "$C/people.txt"
expect_rc "--jobs 0 is a usage error" 2
run_pc inspect --format xml "$C/people.txt"
expect_rc "--format xml is a usage error" 2

run_pc inspect "$C/hard_negatives.txt"
expect_rc "hard negatives: nothing found" 0
[ -z "$OUT" ] && ok "hard negatives print nothing" || not_ok "hard negatives printed: $OUT"

run_pc inspect --fail-on critical "$C/people.txt"
expect_rc "--fail-on critical: people.txt has no critical finding" 0
run_pc inspect --fail-on critical "$C/secrets.txt"
expect_rc "--fail-on critical: a private key is critical" 1
run_pc inspect --detectors uk_nino "$C"
n=$(printf '%s\n' "$OUT" | grep -c '"detector":"uk_nino"')
m=$(printf '%s\n' "$OUT" | grep -c '^{')
[ "$n" -eq "$m" ] && ok "--detectors uk_nino reports only NINOs" || not_ok "--detectors filter ($n of $m)"
run_pc inspect --detectors no_such "$C"
expect_rc "unknown detector is a usage error" 2
run_pc inspect --fail-on urgent "$C"
expect_rc "bad --fail-on is a usage error" 2
run_pc inspect
expect_rc "no PATH is a usage error" 2
run_pc inspect "$E2E_TMP/missing"
expect_rc "a missing path is an I/O error" 2

# a value split across the extractor's 64 KiB chunks is still found
/usr/bin/python3 -c '
import sys
pad = "x" * (65536 - 10) + " "  # JK starts 4 bytes before 64 KiB
sys.stdout.write(pad + "NINO JK482739B here\n")' >"$E2E_TMP/boundary.txt"
run_pc inspect "$E2E_TMP/boundary.txt"
case "$OUT" in *'"detector":"uk_nino"'*'"offset":65532'*) ok "NINO across the chunk boundary" ;; *) not_ok "NINO across the chunk boundary: $OUT" ;; esac
# inspect confines itself (agent/SANDBOX.md) before reading content: a
# folder is still walked, stdout may be a file (RLIMIT_FSIZE is kept) or a
# pipe, and on a kernel with Landlock nothing says it is unconfined.
"$PC_BIN" inspect --quiet "$C" >"$E2E_TMP/to-file.jsonl" 2>"$E2E_TMP/err"
RC=$?; ERR=$(cat "$E2E_TMP/err")
expect_rc "sandboxed inspect of a folder, stdout to a file" 1
n=$(grep -c '^{"detector":' "$E2E_TMP/to-file.jsonl")
[ "$n" -eq "$corpus_lines" ] && ok "all findings written to the redirected file" || not_ok "findings in the file: $n of $corpus_lines"
"$PC_BIN" inspect --quiet "$C" >>"$E2E_TMP/to-file.jsonl" 2>/dev/null
n=$(grep -c '^{"detector":' "$E2E_TMP/to-file.jsonl")
[ "$n" -eq $((2 * corpus_lines)) ] && ok "appending to the file works too" || not_ok "appended findings: $n"
n=$("$PC_BIN" inspect --quiet "$C" 2>/dev/null | grep -c '^{"detector":')
[ "$n" -eq "$corpus_lines" ] && ok "all findings through a pipe" || not_ok "findings through a pipe: $n of $corpus_lines"
# Landlock present: silent; absent: exactly one warning line (the
# unit test tests/unit/agent/test_sandbox_reader.c proves the confinement)
if grep -q unconfined "$E2E_TMP/err"; then
	expect_one_line "kernel without Landlock: one warning line"
else
	[ ! -s "$E2E_TMP/err" ] && ok "nothing on stderr (Landlock present)" || not_ok "stderr: $ERR"
fi
# two paths: a file and a folder, each readable
run_pc inspect --quiet "$C/secrets.txt" "$C"
n=$(printf '%s\n' "$OUT" | grep -c '"path":"[^"]*secrets.txt"')
[ "$n" -ge 2 ] && ok "a file and a folder given together are both read" || not_ok "file + folder: $n secrets.txt lines"
e2e_done

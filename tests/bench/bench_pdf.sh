#!/bin/bash
# Benchmark: portcullis inspect on a PDF laid out as Word writes one
# (Identity-H glyph ids + ToUnicode, a TJ per line, Flate pages; made by
# tests/data/content/make_pdf.py text) against the same text as a plain
# file, same run: seconds, MB/s of text, peak RSS, and findings on each
# (they must be the same findings: what a PDF hides from the reader is a
# miss). One run each, interleaved; on a shared machine run it twice.
# env: PC_BIN (a Release build), PC_SRC, PC_BENCH_PDF_MB (default 20).
set -u
PC_SRC=${PC_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
PC_BIN=${PC_BIN:?set PC_BIN to a Release portcullis binary}
MB=${PC_BENCH_PDF_MB:-20}
[ -x /usr/bin/time ] || { echo "/usr/bin/time is not installed"; echo "0 passed, 1 failed"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 "$PC_SRC/tests/bench/gen_office_text.py" "$tmp/notes.txt" "$MB" 17 || exit 2
/usr/bin/python3 "$PC_SRC/tests/data/content/make_pdf.py" text "$tmp/notes.pdf" "$tmp/notes.txt" || exit 2

# run FILE: seconds, peak KiB, findings (detector + preview, sorted)
run() {
	/usr/bin/time -f "%e %M" -o "$tmp/time" "$PC_BIN" inspect --format jsonl \
		--fail-on critical "$1" >"$tmp/out" 2>"$tmp/err"
	/usr/bin/python3 -c '
import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    print(o["detector"], o["preview"], "record" in o)' "$tmp/out" | sort >"$1.found"
	read -r secs kib <"$tmp/time"
	echo "$secs $kib $(wc -l <"$1.found")"
}
read -r ts tk tn <<<"$(run "$tmp/notes.txt")"
read -r ps pk pn <<<"$(run "$tmp/notes.pdf")"
pdfmb=$(du -m "$tmp/notes.pdf" | cut -f1)
pages=$(grep -ac "/Type /Page " "$tmp/notes.pdf")
printf '%-28s %8s %10s %12s %9s\n' input seconds "MB/s text" "peak RSS" findings
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
printf '%-28s %8s %10s %9s MiB %9s\n' "text ($MB MB)" "$ts" "$(div "$MB" "$ts")" "$(div "$tk" 1024)" "$tn"
printf '%-28s %8s %10s %9s MiB %9s\n' "PDF ($pdfmb MB, $pages pages)" "$ps" "$(div "$MB" "$ps")" "$(div "$pk" 1024)" "$pn"
echo "PDF / text time: $(div "$ps" "$ts")"
if diff -q "$tmp/notes.txt.found" "$tmp/notes.pdf.found" >/dev/null; then
	echo "ok: the PDF gives the same $pn findings as its text"; echo "1 passed, 0 failed"
else
	diff "$tmp/notes.txt.found" "$tmp/notes.pdf.found" | head -20
	echo "FAILED: the PDF's findings differ from its text's"; echo "0 passed, 1 failed"; exit 1
fi

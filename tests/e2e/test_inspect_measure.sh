#!/bin/bash
# inspect's recall and precision on generated office corpora: synthetic
# people written into 14 formats (notes, Markdown, HTML, CSV, TSV, UTF-16
# CSV with and without BOM, JSON, JSON Lines, xlsx, docx, odt, .eml in
# 7bit/8bit/quoted-printable/base64, mbox, Maildir) beside hard negatives.
# Three seeds; prints per-detector figures; fails below 0.95 recall or
# precision on a seed, or when an exact offset does not hold its value.
. "$(dirname "$0")/lib.sh"
G="$PC_SRC/tests/data/content"
for seed in 20261206 7 1957; do
	d="$E2E_TMP/m$seed"
	mkdir -p "$d"
	python3 "$G/gen_measure.py" "$d" "$seed" >/dev/null
	"$PC_BIN" inspect --format jsonl "$d/corpus" >"$d/out.jsonl" 2>"$d/err"
	rc=$?
	[ "$rc" -eq 1 ] && ok "seed $seed: inspect exits 1 (findings)" ||
		not_ok "seed $seed: inspect exit $rc: $(head -3 "$d/err")"
	echo "seed $seed:"
	if python3 "$G/measure.py" "$d/labels.tsv" "$d/corpus" "$d/out.jsonl" 0.95 0.95; then
		ok "seed $seed: recall and precision at least 0.95, every exact offset true"
	else
		not_ok "seed $seed: recall, precision or an offset below the bar"
	fi
done
e2e_done

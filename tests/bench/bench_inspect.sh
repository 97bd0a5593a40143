#!/bin/bash
# Benchmark: portcullis inspect against ripgrep with an equivalent regex set,
# same input, same run. Prints MB/s of inspect, ripgrep (default threads) and
# ripgrep -j1, the ratio to each, peak RSS, findings, for one big file and
# then for folders of many 1-8 MB files (100 and 400 MB in all), where both
# tools read files in parallel (inspect: one worker per core; one big text
# file is read in chunks by every worker). Each input is timed
# PC_BENCH_RUNS times (default 3), inspect, rg and rg -j1 interleaved, and
# the median of each is printed (with the range), with the load average.
# Memory: inspect's peak RSS must stay under 25 MiB x (1 + workers).
# env: PC_BIN (a Release build), PC_SRC (source dir), PC_BENCH_MB (default
# 100), PC_BENCH_1G=1 to also run 1 GB (1024 MB), PC_BENCH_FOLDERS (default
# "100 400"; "" to skip). Needs rg and /usr/bin/time.
set -u
PC_SRC=${PC_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
PC_BIN=${PC_BIN:?set PC_BIN to a Release portcullis binary}
MB=${PC_BENCH_MB:-100}
RUNS=${PC_BENCH_RUNS:-3}
pass=0 fail=0
command -v rg >/dev/null || { echo "ripgrep (rg) is not installed"; echo "0 passed, 1 failed"; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is not installed"; echo "0 passed, 1 failed"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The detectors' patterns as a ripgrep pattern file ((?i) for caseless).
/usr/bin/python3 - "$PC_SRC/policies/detectors" >"$tmp/patterns.rg" <<'PY'
import glob, os, sys
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.yaml"))):
    caseless, pats, inpat = False, [], False
    def flush():
        for p in pats:
            print(("(?i)" if caseless else "") + p)
    for line in open(path, encoding="utf-8"):
        s = line.rstrip("\n")
        if s.startswith("  - id:"):
            flush(); caseless, pats, inpat = False, [], False
        elif s.strip() == "caseless: true":
            caseless = True
        elif s.strip() == "patterns:":
            inpat = True
        elif inpat and s.startswith("      - '"):
            p = s[len("      - '"):-1].replace("''", "'")
            # ripgrep matches line by line: a two-line pattern (the
            # passport MRZ) is left out (it is anchored on a rare literal)
            if "\\n" not in p:
                pats.append(p)
        elif inpat and not s.startswith("      "):
            inpat = False
    flush()
PY

# Median and range of the numbers on stdin: "median min max".
median() {
	sort -g | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m, v[1], v[NR] }'
}

# Times inspect, rg and rg -j1 on "$@" RUNS times, interleaved; sets
# pc_secs rg_secs rg1_secs (medians), pc_range rg_range, pc_rc rg_rc,
# pc_rss (highest) and rg_rss.
measure_all() {
	local i pcs="" rgs="" rg1s="" m
	pc_rss=0
	for ((i = 0; i < RUNS; i++)); do
		measure "$PC_BIN" inspect --quiet --fail-on critical --format jsonl "$@" >"$tmp/pc.jsonl"
		pc_rc=$?
		pcs="$pcs $secs"
		[ "$rss_kib" -gt "$pc_rss" ] && pc_rss=$rss_kib
		measure rg --no-filename -c -f "$tmp/patterns.rg" "$@" >"$tmp/rg.out"
		rg_rc=$? rg_rss=$rss_kib
		rgs="$rgs $secs"
		measure rg -j1 --no-filename -c -f "$tmp/patterns.rg" "$@" >"$tmp/rg1.out"
		rg1s="$rg1s $secs"
	done
	m=$(echo $pcs | tr ' ' '\n' | median); pc_secs=${m%% *} pc_range=${m#* }
	m=$(echo $rgs | tr ' ' '\n' | median); rg_secs=${m%% *} rg_range=${m#* }
	m=$(echo $rg1s | tr ' ' '\n' | median); rg1_secs=${m%% *}
}

# Runs "$@" under /usr/bin/time; sets secs and rss_kib.
measure() {
	/usr/bin/time -v -o "$tmp/time" "$@"
	local rc=$?
	secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$tmp/time")
	rss_kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time")
	return $rc
}

run_size() {
	local mb=$1 input="$tmp/office-$1.txt"
	/usr/bin/python3 "$PC_SRC/tests/bench/gen_office_text.py" "$input" "$mb" || return 1
	local bytes; bytes=$(stat -c %s "$input")
	cat "$input" >/dev/null # page cache warm for both tools
	echo "$mb MB: load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores, $RUNS runs each (median, range)"
	measure_all "$input"
	[ "$rg_rc" -le 1 ] || { echo "FAIL: ripgrep exited $rg_rc"; fail=$((fail + 1)); }
	local findings; findings=$(wc -l <"$tmp/pc.jsonl")
	local rg_lines; rg_lines=$(cat "$tmp/rg.out")
	awk -v b="$bytes" -v p="$pc_secs" -v r="$rg_secs" -v r1="$rg1_secs" \
	    -v prss="$pc_rss" -v rrss="$rg_rss" -v f="$findings" \
	    -v rl="$rg_lines" -v mb="$mb" -v pr="$pc_range" -v rr="$rg_range" 'BEGIN {
		pm = b / 1048576 / (p > 0 ? p : 0.001);
		rm = b / 1048576 / (r > 0 ? r : 0.001);
		r1m = b / 1048576 / (r1 > 0 ? r1 : 0.001);
		printf "%d MB: portcullis inspect %.1f MB/s (%.2f s, range %s s, peak RSS %.1f MiB, %d findings)\n", mb, pm, p, pr, prss/1024, f;
		printf "%d MB: ripgrep            %.1f MB/s (%.2f s, range %s s, peak RSS %.1f MiB, %d matching lines)\n", mb, rm, r, rr, rrss/1024, rl;
		printf "%d MB: ripgrep -j1        %.1f MB/s (%.2f s)\n", mb, r1m, r1;
		printf "%d MB: ratio inspect/ripgrep %.2f, inspect/ripgrep -j1 %.2f\n", mb, pm / rm, pm / r1m }'
	echo "$pc_rss" >"$tmp/rss-$mb"
	if [ "$pc_rc" -le 1 ] && [ "$findings" -gt 0 ]; then
		pass=$((pass + 1))
	else
		echo "FAIL: inspect exited $pc_rc with $findings findings"
		fail=$((fail + 1))
	fi
	# one big file is read by every worker (chunks): the folder's bound
	if [ "$pc_rss" -le $((25 * 1024 * (1 + $(nproc)))) ]; then
		pass=$((pass + 1))
	else
		echo "FAIL: peak RSS $pc_rss KiB is over 25 MiB x (1 + $(nproc) workers)"
		fail=$((fail + 1))
	fi
	rm -f "$input"
}

# A folder of 1-8 MB files, mb MB in all, cut from one generated text at
# random line-aligned places (so each file reads like office text).
make_folder() {
	local mb=$1 dir=$2 base="$tmp/base.txt"
	[ -f "$base" ] || /usr/bin/python3 "$PC_SRC/tests/bench/gen_office_text.py" "$base" 64 || return 1
	mkdir -p "$dir"
	/usr/bin/python3 - "$base" "$dir" "$mb" <<'PY'
import os, random, sys
base, out, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = open(base, "rb").read()
r, total, i = random.Random(7), 0, 0
while total < mb << 20:
    size = min(r.randint(1 << 20, 8 << 20), (mb << 20) - total)
    start = data.find(b"\n", r.randint(0, len(data) - size - 1)) + 1
    with open(os.path.join(out, "case-%04d.txt" % i), "wb") as f:
        f.write(data[start:start + size])
    total += size
    i += 1
PY
}

run_folder() {
	local mb=$1 dir="$tmp/folder-$1" workers
	make_folder "$mb" "$dir" || return 1
	workers=$(nproc)
	cat "$dir"/* >/dev/null # page cache warm for both tools
	echo "$mb MB folder: load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores, $RUNS runs each (median, range)"
	measure_all "$dir"
	[ "$rg_rc" -le 1 ] || { echo "FAIL: ripgrep exited $rg_rc"; fail=$((fail + 1)); }
	local findings; findings=$(wc -l <"$tmp/pc.jsonl")
	local files; files=$(ls "$dir" | wc -l)
	awk -v b=$((mb << 20)) -v p="$pc_secs" -v r="$rg_secs" -v r1="$rg1_secs" \
	    -v prss="$pc_rss" -v rrss="$rg_rss" -v f="$findings" -v n="$files" \
	    -v mb="$mb" -v w="$workers" -v pr="$pc_range" -v rr="$rg_range" 'BEGIN {
		pm = b / 1048576 / (p > 0 ? p : 0.001);
		rm = b / 1048576 / (r > 0 ? r : 0.001);
		r1m = b / 1048576 / (r1 > 0 ? r1 : 0.001);
		printf "%d MB in %d files: portcullis inspect %.1f MB/s (%.2f s, range %s s, %d workers, peak RSS %.1f MiB, %d findings)\n", mb, n, pm, p, pr, w, prss/1024, f;
		printf "%d MB in %d files: ripgrep            %.1f MB/s (%.2f s, range %s s, peak RSS %.1f MiB)\n", mb, n, rm, r, rr, rrss/1024;
		printf "%d MB in %d files: ripgrep -j1        %.1f MB/s (%.2f s)\n", mb, n, r1m, r1;
		printf "%d MB in %d files: ratio inspect/ripgrep %.2f, inspect/ripgrep -j1 %.2f\n", mb, n, pm / rm, pm / r1m }'
	if [ "$pc_rc" -le 1 ] && [ "$findings" -gt 0 ]; then
		pass=$((pass + 1))
	else
		echo "FAIL: inspect exited $pc_rc with $findings findings"
		fail=$((fail + 1))
	fi
	if [ "$pc_rss" -le $((25 * 1024 * (1 + workers))) ]; then
		pass=$((pass + 1))
	else
		echo "FAIL: peak RSS $pc_rss KiB is over 25 MiB x (1 + $workers workers)"
		fail=$((fail + 1))
	fi
	rm -rf "$dir"
}

run_size "$MB"
for mb in ${PC_BENCH_FOLDERS-100 400}; do
	run_folder "$mb"
done
if [ "${PC_BENCH_1G:-0}" = 1 ]; then
	run_size 1024
	a=$(cat "$tmp/rss-$MB") b=$(cat "$tmp/rss-1024")
	if [ $((b - a)) -lt 8192 ]; then
		echo "peak RSS flat: ${a} KiB at $MB MB, ${b} KiB at 1 GB"
		pass=$((pass + 1))
	else
		echo "FAIL: peak RSS grew from ${a} KiB to ${b} KiB"
		fail=$((fail + 1))
	fi
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

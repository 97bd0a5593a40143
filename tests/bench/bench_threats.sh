#!/bin/bash
# Benchmark: portcullis inspect --detectors threats on a generated mailbox
# (the labelled set's plain-text messages repeated), next to inspect with
# the exposure detectors and `rg -c -f` with the lexicon's harm words, on
# the same input in the same run. Prints MB/s, messages/s and peak RSS at
# PC_BENCH_MB (default 100) and, with PC_BENCH_1G=1, 1 GB, and the RSS
# ratio between the two sizes. The mailbox is a folder of mbox files of
# 128 MB (about 720,000 messages each; 100 MB is one file): one mbox is
# read up to 1,000,000 messages (PC_EXTRACT_MAX_MESSAGES), and a run
# that does not read all of its input fails the bench. One run each: on a shared machine, run
# it a few times. env: PC_BIN (a Release build), PC_SRC.
set -u
PC_SRC=${PC_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
PC_BIN=${PC_BIN:?set PC_BIN to a Release portcullis binary}
MB=${PC_BENCH_MB:-100}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v rg >/dev/null || { echo "ripgrep (rg) is not installed"; echo "0 passed, 1 failed"; exit 1; }

# harm words of the lexicon, one per line, for rg -f
/usr/bin/python3 - "$PC_SRC/policies/lexicons/threats-words.yaml" >"$tmp/harm.rg" <<'PY'
import sys
cur, phrases = None, []
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("  ") and not line.startswith("    ") and line.strip().endswith(":"):
        cur = line.strip()[:-1]
    elif cur in ("harm_life", "harm_injury") and line.startswith("    - "):
        phrases.append(line[6:].strip().strip('"'))
for p in phrases:
        for w in p.split():
            if "{" in w or w.startswith("*"):
                continue
            for a in w.split("|"):
                print("\\b" + a.rstrip("*").replace("'", "") + "\\b")
PY

# gen SIZE_MB DIR: mbox files (128 MB each, the last smaller) of the
# labelled set's plain-text messages
gen() {
	mkdir -p "$2"
	/usr/bin/python3 - "$1" "$2" "$PC_SRC/tests/data/threats/labelled.jsonl" <<'PY'
import json, os, sys
mb, out, src = int(sys.argv[1]), sys.argv[2], sys.argv[3]
msgs = [json.loads(l) for l in open(src)]
msgs = [m["text"] for m in msgs if m["format"] == "text"]
n = size = part = fsize = 0
f = None
while size < mb << 20:
    for body in msgs:
        if f is None or fsize >= 128 << 20:
            if f:
                f.close()
            part += 1
            fsize = 0
            f = open(os.path.join(out, "mail-%02d.mbox" % part), "w")
        # mboxrd: every body line starting "From " escaped, the first too
        # (round 70's "From the desk of..." letters)
        body = ("\n" + body).replace("\nFrom ", "\n>From ")[1:]
        s = ("From x@example.net Mon Mar  3 10:00:00 2025\nFrom: x@example.net\n"
             "Message-ID: <b%d@x>\nSubject: hi\n\n%s\n\n"
             % (n, body))
        f.write(s); size += len(s); fsize += len(s); n += 1
f.close()
print(n)
PY
}

# run LABEL CMD...: writes $tmp/run.LABEL: elapsed seconds, peak KB and
# CPU seconds (user + system: less swayed than elapsed by other work on
# the machine); an exit status over 1 (input not all read, an error)
# returns 1
run() {
	local label=$1 rc; shift
	/usr/bin/time -f "%e %M %U %S" -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err"
	rc=$?
	if [ "$rc" -gt 1 ]; then
		echo "$label exited $rc: $(grep -v '^Command exited' "$tmp/err" | head -n 3)" >&2
		return 1
	fi
	read -r secs kb us ss < <(tail -n 1 "$tmp/time") # after any "exited with" line
	echo "$secs $kb $(awk -v u="$us" -v s="$ss" 'BEGIN { print u + s }')" >"$tmp/run.$label"
}

fail() {
	echo "0 passed, 1 failed"
	exit 1
}

report() {
	local mb=$1 msgs=$2 file=$3 ts tk tc es ek ec rs rc
	run threats "$PC_BIN" inspect --detectors threats "$file" || return 1
	run exposure "$PC_BIN" inspect "$file" || return 1
	run rg rg -c -f "$tmp/harm.rg" "$file" || return 1
	read -r ts tk tc <"$tmp/run.threats"
	read -r es ek ec <"$tmp/run.exposure"
	read -r rs _ rc <"$tmp/run.rg"
	awk -v mb="$mb" -v n="$msgs" -v ts="$ts" -v es="$es" -v rs="$rs" -v tk="$tk" -v ek="$ek" \
	    -v tc="$tc" -v ec="$ec" -v rc="$rc" 'BEGIN {
	  printf "%d MB, %d messages: threats %.1f MB/s (%.0f msg/s, peak %d KB); exposure inspect %.1f MB/s (peak %d KB); rg -c -f harm words %.1f MB/s; threats/exposure %.2f\n",
	    mb, n, mb/ts, n/ts, tk, mb/es, ek, mb/rs, es/ts
	  printf "CPU (user+sys): threats %.1f s (%.1f MB/s), exposure inspect %.1f s (%.1f MB/s), rg %.1f s; threats/exposure %.2f\n",
	    tc, mb/tc, ec, mb/ec, rc, ec/tc }'
	echo "$tk" >"$tmp/rss.$mb"
}

n=$(gen "$MB" "$tmp/mail")
report "$MB" "$n" "$tmp/mail" || fail
if [ "${PC_BENCH_1G:-0}" = 1 ]; then
	rm -rf "$tmp/mail"
	n=$(gen 1024 "$tmp/mail")
	report 1024 "$n" "$tmp/mail" || fail
	awk -v a="$(cat "$tmp/rss.$MB")" -v b="$(cat "$tmp/rss.1024")" 'BEGIN {
	  printf "peak RSS 1 GB / %s MB: %.2f\n", "'"$MB"'", b/a }'
fi
echo "1 passed, 0 failed"

#!/bin/bash
# Benchmark: the email check's forwarding part over the emulator's
# generated Microsoft 365 tenant (bench_mfa_20k.sh's 20,000 users), 50 ms
# added to every request: the inbox rules of every user. Prints, from the
# same run, the requests made, the wall time and the lower bound (the
# sequential calls x latency + the $batch calls x latency / 8, the $batch
# calls Graph lets one client have in flight), and the check child's peak
# RSS at two sizes (5,000 and 20,000 users), which should be flat: users
# are read one page (999) at a time and their rules before the next page.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/fwd_lib.sh"
LATENCY_MS=${PC_BENCH_LATENCY_MS:-50}
IN_FLIGHT=8 # PC_GRAPH_BATCHES
fwd_setup --latency-ms "$LATENCY_MS"
sed -i 's/^\(    timeout_seconds:\) 300$/\1 1800/' "$E2E_TMP/policies/baseline.yaml"

# run_size FLAGS USERS: one scan; prints its figures.
run_size() {
	local scen="$1~bench$$" users=$2
	fwd_config "$scen" microsoft365
	python3 - "$MFA_CFG" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
s = re.sub(r"staff:\n(  - .*\n(    .*\n)*)+", "staff: []\n", s)
s = re.sub(r"  domains: \[.*\]\n", "", s)
s = re.sub(r"checks:\n  email: .*\n", "", s)
open(p, "w").write(s)
PY
	rm -rf "$E2E_TMP/scan-out"
	local start end
	start=$(date +%s.%N)
	/usr/bin/time -v -o "$E2E_TMP/time" "$PC_BIN" scan --config "$MFA_CFG" \
		--only email --json --out "$E2E_TMP/scan-out" >"$E2E_TMP/out" \
		2>"$E2E_TMP/err" &
	local tpid=$!
	rm -f "$E2E_TMP/childrss"
	# The forwarding child's own peak RSS (sampled).
	(
		peak=0
		while kill -0 "$tpid" 2>/dev/null; do
			for p in $(pgrep -P "$(pgrep -P "$tpid" | head -1)" 2>/dev/null); do
				h=$(awk '/^VmHWM:/ { print $2 }' "/proc/$p/status" 2>/dev/null)
				[ "${h:-0}" -gt "$peak" ] && peak=$h && echo "$peak" >"$E2E_TMP/childrss"
			done
			sleep 0.2
		done
	) &
	wait "$tpid"
	wait
	end=$(date +%s.%N)
	FWD_REPORT=$(find "$E2E_TMP/scan-out" -name report.json | head -1)
	curl -s --cacert "$EMU_CERTS/ca.pem" \
		"https://127.0.0.1:$EMU_PORT/_stats/$scen" >"$E2E_TMP/stats"
	python3 - "$E2E_TMP/stats" "$E2E_TMP/time" "$start" "$end" "$LATENCY_MS" \
		"$IN_FLIGHT" "$FWD_REPORT" "$E2E_TMP/childrss" "$users" <<'PY'
import json, re, sys
stats = json.load(open(sys.argv[1]))
tv = open(sys.argv[2]).read()
wall = float(sys.argv[4]) - float(sys.argv[3])
lat = int(sys.argv[5]) / 1000.0
conc = int(sys.argv[6])
users = int(sys.argv[9])
par = sum(n for p, n in stats["by_path"].items() if p.endswith("/graph/v1.0/$batch"))
seq = stats["requests"] - par
bound = seq * lat + par * lat / conc
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", tv).group(1))
try:
    crss = int(open(sys.argv[8]).read())
except (OSError, ValueError):
    crss = 0
print("--- %d users" % users)
print("requests made:      %d (%d sequential, %d $batch of up to 20 mailboxes)" % (stats["requests"], seq, par))
print("by status:          %s" % json.dumps(stats["by_status"]))
print("wall time:          %.1f s" % wall)
print("lower bound:        %.1f s  (= %d x %.0f ms + %d x %.0f ms / %d)" % (bound, seq, lat * 1000, par, lat * 1000, conc))
print("wall / bound:       %.2f" % (wall / bound))
print("peak RSS:           %.1f MiB (scan), %.1f MiB (forwarding child, sampled)" % (rss / 1024.0, crss / 1024.0))
r = json.load(open(sys.argv[7]))
c = next(x for x in r["checks"] if x["id"] == "email")
n = sum(1 for f in r["findings"] if f["check"] == "email" and f["rule"].startswith("forwarding_"))
print("email status:       %s; %d forwarding findings" % (c["status"], n))
for line in c.get("counts", []):
    print("  " + line)
PY
	[ -n "$FWD_REPORT" ] && ok "$users users: report written" ||
		not_ok "$users users: no report: $(tail -3 "$E2E_TMP/err")"
	[ "$(fwd_q 'c["status"]')" = fail ] && ok "$users users: every mailbox examined" ||
		not_ok "$users users: $(fwd_q 'c["status"], reason')"
}

run_size tenant20k+mail5k 5000
run_size tenant20k 20000
e2e_done

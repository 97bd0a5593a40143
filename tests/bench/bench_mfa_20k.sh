#!/bin/bash
# Benchmark: the mfa check over the emulator's generated 20,000-user
# tenant (every provider) with 50 ms added to every request. Prints the
# requests made, wall time, peak RSS, and the lower bound measured in the
# same run: sequential pages x latency + per-user requests x latency /
# concurrency (paged lists cannot be parallelised; per-user calls can).
# Also prints the client's and the emulator's CPU time, and a baseline
# that does not involve portcullis (curl --parallel against the same
# emulator) so a slow emulator is not mistaken for a slow client.
# PC_BENCH_ROSTER_OFFICES=650: PDS's roster scan instead, the Parliament
# tenant (Microsoft 365 only) split over a generated roster of that many
# offices (1 account in 100 on no office: pds-unassigned); prints the
# reports written and the time after the check (split, sign, write).
# PC_BENCH_M365_ONLY=1: the same tenant without the roster, to compare.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/mfa_lib.sh"
LATENCY_MS=${PC_BENCH_LATENCY_MS:-50}
CONCURRENCY=16 # pc_mfa_env's default fan-out
SCEN=tenant20k~bench$$
mfa_setup --latency-ms "$LATENCY_MS"
mfa_config "$SCEN"
# The generated users are on no staff list: use an empty one, and give
# the check time for 20,000 users per provider.
python3 - "$MFA_CFG" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
s = re.sub(r"staff:\n(  - .*\n(    .*\n)*)+", "staff: []\n", s)
s = s.replace("admin_subject: sam.example@parliament.uk",
              "admin_subject: user00000@parliament.uk")
open(p, "w").write(s)
PY
ROSTER_OFFICES=${PC_BENCH_ROSTER_OFFICES:-}
ONLY=(--only mfa)
if [ -n "$ROSTER_OFFICES" ] || [ -n "${PC_BENCH_M365_ONLY:-}" ]; then
	python3 - "$MFA_CFG" "$ROSTER_OFFICES" "$E2E_TMP/roster.csv" <<'PY'
import re, sys
p, offices, roster = sys.argv[1], sys.argv[2], sys.argv[3]
s = open(p).read()
s = re.sub(r"  (google|github|slack|okta):.*\n(    .*\n)*", "", s)
if offices:
    s = s.replace("staff: []\n", "")
    s += "roster: %s\n" % roster
    with open(roster, "w") as f:
        f.write("office_id,account,name\n")
        for i in range(20000):
            if i % 100 != 99:
                f.write("office-%03d,user%05d@parliament.uk,User %05d\n"
                        % (i % int(offices), i, i))
open(p, "w").write(s)
PY
	[ -n "$ROSTER_OFFICES" ] && ONLY=()
fi
sed -i 's/^\(    timeout_seconds:\) 300$/\1 1800/' "$E2E_TMP/policies/baseline.yaml"

# CPU seconds (user + system) the emulator has used so far.
emu_cpu() {
	awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' \
		"/proc/$E2E_EMU_PID/stat"
}

# PC_BENCH_STRACE=1: also count the TCP connections made to the emulator
# (strace, only connect() stops; slows the run, so time without it).
WRAP=()
if [ -n "${PC_BENCH_STRACE:-}" ]; then
	WRAP=(strace -f -qq --seccomp-bpf -e trace=connect -o "$E2E_TMP/connects")
fi
emu0=$(emu_cpu)
start=$(date +%s.%N)
/usr/bin/time -v -o "$E2E_TMP/time" "${WRAP[@]}" "$PC_BIN" scan --config "$MFA_CFG" \
	"${ONLY[@]}" --json --out "$E2E_TMP/scan-out" $MFA_SCAN_FLAGS \
	>"$E2E_TMP/out" 2>"$E2E_TMP/err" &
TPID=$!
# The check child's own peak RSS (the HTTP clients live there); the scan's
# peak from time -v also covers the parent writing the report at the end.
(
	peak=0
	while kill -0 "$TPID" 2>/dev/null; do
		for p in $(pgrep -P "$(pgrep -P "$TPID" | head -1)" 2>/dev/null); do
			h=$(awk '/^VmHWM:/ { print $2 }' "/proc/$p/status" 2>/dev/null)
			[ "${h:-0}" -gt "$peak" ] && peak=$h && echo "$peak" >"$E2E_TMP/childrss"
		done
		sleep 0.5
	done
) &
wait "$TPID"
RC=$?
wait
end=$(date +%s.%N)
emu1=$(emu_cpu)
MFA_REPORT=$(find "$E2E_TMP/scan-out" -name report.json | head -1)
if [ -n "$ROSTER_OFFICES" ]; then
	MFA_REPORT=$(find "$E2E_TMP/scan-out/pds-unassigned" -name report.json | head -1)
	python3 - "$E2E_TMP/scan-out" "$end" <<'PY'
import glob, json, os, sys
reps = glob.glob(sys.argv[1] + "/*/parliament-tenant/*/report.json")
n = sum(len(json.load(open(p))["findings"]) for p in reps)
first = min(os.stat(p).st_mtime for p in reps)
last = max(os.stat(p).st_mtime for p in reps)
print("roster split:       %d reports (parliament-tenant), %d findings in all; "
      "first written %.1f s before the last, last %.1f s before exit"
      % (len(reps), n, last - first, float(sys.argv[2]) - last))
PY
fi
curl -s --cacert "$EMU_CERTS/ca.pem" \
	"https://127.0.0.1:$EMU_PORT/_stats/$SCEN" >"$E2E_TMP/stats"

# Client-independent baseline on the same emulator and latency: stock
# curl --parallel (16 at a time, keep-alive) fetching Okta per-user factor
# lists of the same tenant, on a scenario of its own. Its rate is what the
# emulator can serve; if it is below concurrency / latency, the emulator
# (not portcullis) is the limit.
BASE_N=${PC_BENCH_BASELINE_REQUESTS:-3200}
BSCEN=tenant20k~base$$
{
	printf 'header = "Authorization: SSWS test-okta-api-token"\n'
	printf 'cacert = "%s"\n' "$EMU_CERTS/ca.pem"
	for ((i = 0; i < BASE_N; i++)); do
		printf 'url = "https://127.0.0.1:%s/%s/okta/api/v1/users/00u7%016d/factors"\noutput = "/dev/null"\n' \
			"$EMU_PORT" "$BSCEN" $((i % 20000))
	done
} >"$E2E_TMP/baseline.curl"
bemu0=$(emu_cpu)
bstart=$(date +%s.%N)
curl -sS --no-progress-meter --parallel --parallel-max "$CONCURRENCY" \
	-K "$E2E_TMP/baseline.curl" 2>"$E2E_TMP/baseline.err" ||
	not_ok "baseline curl: $(tail -1 "$E2E_TMP/baseline.err")"
bend=$(date +%s.%N)
bemu1=$(emu_cpu)
curl -s --cacert "$EMU_CERTS/ca.pem" \
	"https://127.0.0.1:$EMU_PORT/_stats/$BSCEN" >"$E2E_TMP/bstats"

python3 - "$E2E_TMP/stats" "$E2E_TMP/time" "$start" "$end" "$LATENCY_MS" \
	"$CONCURRENCY" "$MFA_REPORT" "$emu0" "$emu1" "$E2E_TMP/bstats" \
	"$bstart" "$bend" "$bemu0" "$bemu1" "$E2E_TMP/childrss" <<'PY'
import json, re, sys
stats = json.load(open(sys.argv[1]))
emu = float(sys.argv[9]) - float(sys.argv[8])
bstats = json.load(open(sys.argv[10]))
bwall = float(sys.argv[12]) - float(sys.argv[11])
bemu = float(sys.argv[14]) - float(sys.argv[13])
tv = open(sys.argv[2]).read()
wall = float(sys.argv[4]) - float(sys.argv[3])
lat = int(sys.argv[5]) / 1000.0
conc = int(sys.argv[6])
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", tv).group(1))
# Per-user requests run concurrently; everything else is one page chain.
par = sum(n for p, n in stats["by_path"].items()
          if re.search(r"/okta/api/v1/users/[^/]+/(factors|roles)$|/graph/v1.0/\$batch$", p))
seq = stats["requests"] - par
bound = seq * lat + par * lat / conc
print("requests made:      %d (%d sequential pages/calls, %d per-user in parallel)" % (stats["requests"], seq, par))
print("by status:          %s" % json.dumps(stats["by_status"]))
print("wall time:          %.1f s" % wall)
try:
    crss = int(open(sys.argv[15]).read())
except (OSError, ValueError):
    crss = 0
print("peak RSS:           %.1f MiB (check child alone: %.1f MiB, sampled)" % (rss / 1024.0, crss / 1024.0))
print("lower bound:        %.1f s  (= %d x %.0f ms + %d x %.0f ms / %d)" % (bound, seq, lat * 1000, par, lat * 1000, conc))
print("wall / bound:       %.2f" % (wall / bound))
cpu = (float(re.search(r"User time \(seconds\): ([\d.]+)", tv).group(1)) +
       float(re.search(r"System time \(seconds\): ([\d.]+)", tv).group(1)))
print("client CPU:         %.1f s (%.2f ms per request)" % (cpu, cpu * 1000 / stats["requests"]))
print("emulator CPU:       %.1f s (%.0f%% of one core over the wall time)" % (emu, 100 * emu / wall))
bn = bstats["requests"]
ok200 = bstats["by_status"].get("200", 0)
ideal = bn * lat / conc
print("baseline:           curl --parallel-max %d, %d per-user requests (%d x 200): %.1f s, ideal %.1f s (%.2fx); %.0f req/s (ideal %.0f); emulator CPU %.1f s (%.0f%% of one core)"
      % (conc, bn, ok200, bwall, ideal, bwall / ideal, bn / bwall, conc / lat, bemu, 100 * bemu / bwall))
# The same workload with the per-user calls at stock curl's measured rate
# (a reference, not a bound: curl has overheads of its own).
ebound = seq * lat + par / max(bn / bwall, 1e-9)
print("at curl's rate:     %.1f s (= %d x %.0f ms + %d at %.0f req/s); wall / that: %.2f"
      % (ebound, seq, lat * 1000, par, bn / bwall, wall / ebound))
if sys.argv[7]:
    r = json.load(open(sys.argv[7]))
    c = next(x for x in r["checks"] if x["id"] == "mfa")
    sb = r.get("sandbox", {}).get("checks", {}).get("mfa", {})
    print("broker round trips: %s" % sb.get("broker_connections", "n/a (no broker)"))
    print("mfa status:         %s; findings %d" % (c["status"], c["findings"]))
    for line in c.get("counts", []):
        print("  " + line)
PY
if [ -n "${PC_BENCH_STRACE:-}" ]; then
	echo "TCP connections to the emulator: $(grep -c "sin_port=htons($EMU_PORT), sin_addr=inet_addr(\"127.0.0.1\")" "$E2E_TMP/connects")"
fi
[ -n "$MFA_REPORT" ] && ok "benchmark scan wrote a report (exit $RC)" ||
	not_ok "no report: $(tail -3 "$E2E_TMP/err")"
[ "$(mfa_status)" = fail ] && ok "all 20,000 x 5 accounts examined" ||
	not_ok "status $(mfa_status): $(mfa_reason)"
e2e_done

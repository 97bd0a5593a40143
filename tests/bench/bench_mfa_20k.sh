#!/bin/bash
# Benchmark: the mfa check over the emulator's generated 20,000-user
# tenant (every provider) with 50 ms added to every request. Prints the
# requests made, wall time, peak RSS, and the lower bound measured in the
# same run: sequential pages x latency + per-user requests x latency /
# concurrency (paged lists cannot be parallelised; per-user calls can).
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/mfa_lib.sh"
LATENCY_MS=${PC_BENCH_LATENCY_MS:-50}
CONCURRENCY=16 # pc_mfa_http's default fan-out
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
sed -i 's/^\(    timeout_seconds:\) 300$/\1 1800/' "$E2E_TMP/policies/baseline.yaml"

start=$(date +%s.%N)
/usr/bin/time -v -o "$E2E_TMP/time" "$PC_BIN" scan --config "$MFA_CFG" \
	--only mfa --json --out "$E2E_TMP/scan-out" $MFA_SCAN_FLAGS \
	>"$E2E_TMP/out" 2>"$E2E_TMP/err"
RC=$?
end=$(date +%s.%N)
MFA_REPORT=$(find "$E2E_TMP/scan-out" -name report.json | head -1)
curl -s --cacert "$EMU_CERTS/ca.pem" \
	"https://127.0.0.1:$EMU_PORT/_stats/$SCEN" >"$E2E_TMP/stats"

python3 - "$E2E_TMP/stats" "$E2E_TMP/time" "$start" "$end" "$LATENCY_MS" \
	"$CONCURRENCY" "$MFA_REPORT" <<'PY'
import json, re, sys
stats = json.load(open(sys.argv[1]))
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
print("peak RSS:           %.1f MiB" % (rss / 1024.0))
print("lower bound:        %.1f s  (= %d x %.0f ms + %d x %.0f ms / %d)" % (bound, seq, lat * 1000, par, lat * 1000, conc))
print("wall / bound:       %.2f" % (wall / bound))
if sys.argv[7]:
    r = json.load(open(sys.argv[7]))
    c = next(x for x in r["checks"] if x["id"] == "mfa")
    print("mfa status:         %s; findings %d" % (c["status"], c["findings"]))
    for line in c.get("counts", []):
        print("  " + line)
PY
[ -n "$MFA_REPORT" ] && ok "benchmark scan wrote a report (exit $RC)" ||
	not_ok "no report: $(tail -3 "$E2E_TMP/err")"
[ "$(mfa_status)" = fail ] && ok "all 20,000 x 5 accounts examined" ||
	not_ok "status $(mfa_status): $(mfa_reason)"
e2e_done

#!/bin/bash
# Benchmark: the patch check's devices part over the emulator's generated
# 5,000-device tenant (devices5k: 5,000 Intune devices; 3,000 Google mobile
# devices and 2,000 Chromebooks) with 50 ms added to every request. Prints
# the requests made against the fewest the APIs allow (Intune 1,000 a page,
# Google mobile 100, ChromeOS 300, one token per session and scope), and
# the wall time against the lower bound measured in the same run: every
# page of a list waits for the one before it, so the bound is the fewest
# requests x the latency. Run with PC_BENCH=ON (ctest -L bench).
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/devices_lib.sh"
LATENCY_MS=${PC_BENCH_LATENCY_MS:-50}
SCEN=devices5k~bench$$
dev_setup --latency-ms "$LATENCY_MS"
dev_config "$SCEN"

start=$(date +%s.%N)
dev_scan
end=$(date +%s.%N)
[ -n "$MFA_REPORT" ] && ok "scan wrote a report" || not_ok "no report: $ERR"
[ "$(dev_status)" = fail ] && ok "patch is fail (complete)" ||
	not_ok "status $(dev_status): $(dev_reason)"
dev_q "'\n'.join(counts)" | grep -q "intune: 5000 devices examined" &&
	ok "5,000 Intune devices examined" || not_ok "counts: $(dev_q counts)"
curl -s --cacert "$EMU_CERTS/ca.pem" \
	"https://127.0.0.1:$EMU_PORT/_stats/$SCEN" >"$E2E_TMP/stats"

python3 - "$E2E_TMP/stats" "$start" "$end" "$LATENCY_MS" >"$E2E_TMP/figures" <<'PY'
import json, math, sys
stats = json.load(open(sys.argv[1]))
wall = float(sys.argv[3]) - float(sys.argv[2])
lat = int(sys.argv[4]) / 1000.0
# Fewest requests: Graph token + ceil(5000/1000) pages; Google: a token
# per scope + ceil(3000/100) + ceil(2000/300) pages.
need = 1 + math.ceil(5000 / 1000) + 2 + math.ceil(3000 / 100) + math.ceil(2000 / 300)
bound = need * lat
print("devices:            5000 Intune + 3000 Google mobile + 2000 ChromeOS")
print("requests made:      %d (fewest possible %d)" % (stats["requests"], need))
print("by status:          %s" % json.dumps(stats["by_status"]))
print("wall time:          %.2f s (whole scan, local part included)" % wall)
print("lower bound:        %.2f s (= %d sequential requests x %.0f ms)" % (bound, need, lat * 1000))
print("wall / bound:       %.2f" % (wall / bound))
print("RATIO %.3f REQS %d NEED %d" % (wall / bound, stats["requests"], need))
PY
cat "$E2E_TMP/figures" | grep -v '^RATIO'
read -r _ ratio _ reqs _ need < <(grep '^RATIO' "$E2E_TMP/figures")
[ "$reqs" -eq "$need" ] && ok "requests: exactly the fewest the APIs allow ($need)" ||
	not_ok "requests: $reqs, fewest $need"
awk -v r="$ratio" 'BEGIN { exit !(r <= 1.5) }' && ok "wall time within 1.5x the lower bound ($ratio)" ||
	not_ok "wall time $ratio x the lower bound (target 1.5)"
e2e_done

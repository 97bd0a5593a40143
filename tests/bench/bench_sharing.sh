#!/bin/bash
# Benchmark: the exposure check's m365-sharing part over the emulator's
# generated tenant (drives50: 50 licensed users, whose OneDrives hold 2,000
# items with 80 shared files each, anyone links) with 50 ms added to every
# request. Prints the
# requests made, the wall time and peak RSS, and the lower bound: delta
# pages (each waits for the one before) + permission $batch calls of 20 +
# downloads (a 302 and the content host's answer each), over the
# concurrency used (8 downloads or $batch calls in flight), x the latency.
# Run with PC_BENCH=ON (ctest -L bench), or by hand with PC_BIN and PC_SRC.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/sharing_lib.sh"
source "$PC_SRC/tests/bench/lib.sh"
LATENCY_MS=${PC_BENCH_LATENCY_MS:-50}
SCEN=drives50~bench$$
sh_setup --latency-ms "$LATENCY_MS"
mfa_config "$SCEN" microsoft365
bench_staff "$MFA_CFG" 50
printf 'sources:\n  - {kind: onedrive}\n' >>"$MFA_CFG"

bench_scan "$MFA_CFG" exposure
MFA_REPORT=$BENCH_REPORT
[ "$(sh_status)" = fail ] && ok "exposure is fail (complete)" || not_ok "status $(sh_status): $(sh_reason)"
n=$(sh_q 'len(f)')
[ "$n" -eq 4000 ] && ok "4,000 shared_anyone findings" || not_ok "$n findings"
bench_stats "$SCEN"

python3 - "$E2E_TMP/stats" "$BENCH_START" "$BENCH_END" "$LATENCY_MS" "$(cat "$E2E_TMP/rss")" >"$E2E_TMP/figures" <<'PY'
import json, math, sys
stats = json.load(open(sys.argv[1]))
wall = float(sys.argv[3]) - float(sys.argv[2])
lat = int(sys.argv[4]) / 1000.0
rss = int(sys.argv[5])
drives, items, shared, page, conc = 50, 2000, 80, 200, 8
delta = drives * math.ceil((items + 1) / page)      # + the root entry
batches = drives * math.ceil(shared / 20)
downloads = drives * shared * 2                      # 302 + content host
# m365-hosts: token, sites/root; m365-sharing: token, domains, users page
need = 5 + drives + delta + batches + downloads
bound = (5 + drives + delta + batches / conc + downloads / conc) * lat
print("tenant:             %d drives x %d items, %d shared files each" % (drives, items, shared))
print("requests made:      %d (fewest possible %d: 2 tokens, sites/root, domains, users page, %d drive lookups, %d delta pages, %d $batch, %d download requests)" %
      (stats["requests"], need, drives, delta, batches, downloads))
print("by status:          %s" % json.dumps(stats["by_status"]))
print("wall time:          %.2f s" % wall)
print("lower bound:        %.2f s (tokens, sites/root, domains, users page, drive lookups + delta pages one at a time, $batch and downloads %d at a time, x %.0f ms)" %
      (bound, conc, lat * 1000))
print("wall / bound:       %.2f" % (wall / bound))
print("peak RSS:           %d KiB (largest process of the scan)" % rss)
print("RATIO %.3f REQS %d NEED %d" % (wall / bound, stats["requests"], need))
PY
bench_verdict 5
e2e_done

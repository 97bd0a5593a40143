#!/bin/bash
# Benchmark: the exposure check's gdrive part over the emulator's
# generated office (gdrive50: 50 staff Drives x 2,000 files, 20 anyone
# links and 20 outside grants each) with 50 ms added to every request.
# Prints the requests made, the wall time and peak RSS, and the lower
# bound: per Drive a token, its files.list pages (100 a page, each waits
# for the one before) and drives.list, one at a time; and the downloads of
# each page's files shared beyond the office, 8 at a time (the part's
# concurrency: a page's downloads run together once the page is read),
# x the latency. Run with PC_BENCH=ON (ctest -L bench), or by hand with
# PC_BIN and PC_SRC.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/exposure_lib.sh"
source "$PC_SRC/tests/e2e/gdrive_lib.sh"
source "$PC_SRC/tests/bench/lib.sh"
LATENCY_MS=${PC_BENCH_LATENCY_MS:-50}
SCEN=gdrive50~bench$$
start_emulator --latency-ms "$LATENCY_MS" || { not_ok "emulator"; e2e_done; exit 1; }
install -d -m 700 "$E2E_TMP/secrets"
(umask 077; cp "$EMU_CERTS/google-sa.json" "$E2E_TMP/secrets/google.json")
make_policy
make_keys
gd_config "$SCEN"
bench_staff "$GD_CFG" 50 google

bench_scan "$GD_CFG" exposure
GD_REPORT=$BENCH_REPORT
[ "$(gd_q 'c["status"]')" = fail ] && ok "exposure is fail (complete)" ||
	not_ok "status $(gd_q 'c["status"]'): $(gd_q 'c.get("reason")')"
n=$(gd_q 'len(f)')
[ "$n" -eq 2000 ] && ok "2,000 findings (1,000 shared_anyone, 1,000 shared_external_personal_data)" ||
	not_ok "$n findings"
bench_stats "$SCEN"

python3 - "$E2E_TMP/stats" "$BENCH_START" "$BENCH_END" "$LATENCY_MS" "$(cat "$E2E_TMP/rss")" >"$E2E_TMP/figures" <<'PY'
import json, math, sys
stats = json.load(open(sys.argv[1]))
wall = float(sys.argv[3]) - float(sys.argv[2])
lat = int(sys.argv[4]) / 1000.0
rss = int(sys.argv[5])
users, files, shared, page, conc = 50, 2000, 40, 100, 8
pages = users * math.ceil(files / page)
need = users * (1 + 1) + pages + users * shared   # token + drives.list each
per_page = shared / (files / page)                # shared files a page holds
bound = (users * 2 + pages + pages * math.ceil(per_page / conc)) * lat
print("office:             %d Drives x %d files, %d shared beyond the office each" % (users, files, shared))
print("requests made:      %d (fewest possible %d: %d files.list pages, %d downloads)" %
      (stats["requests"], need, pages, users * shared))
print("by status:          %s" % json.dumps(stats["by_status"]))
print("wall time:          %.2f s" % wall)
print("lower bound:        %.2f s (token, drives.list and pages one at a time, each page's downloads %d at a time, x %.0f ms)" %
      (bound, conc, lat * 1000))
print("wall / bound:       %.2f" % (wall / bound))
print("peak RSS:           %d KiB (largest process of the scan)" % rss)
print("RATIO %.3f REQS %d NEED %d" % (wall / bound, stats["requests"], need))
PY
bench_verdict 0
e2e_done

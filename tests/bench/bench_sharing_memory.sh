#!/bin/bash
# Benchmark: memory of the exposure check's m365-sharing part however large
# the shared files. Three scans of the demo tenant in one emulator: as it
# is (small files); with 8 anyone-shared files of 15 MB (under the 16 MiB
# download cap: each read in full); and with 10 of 200 MB, generated as
# they are sent: 5 whose size Graph gives truly (over the cap: not
# downloaded) and 5 whose listed size says 100 KB but whose download
# streams 200 MB with no Content-Length (cut off 1 MiB past the listed
# size). A download is held in memory (the extractors need whole files),
# at most 8 at once and no more than 32 MiB of listed sizes at once, each
# cut off 1 MiB past its listed size and at the 16 MiB cap: memory is
# bounded by that, not by the files, and a file not read in full is
# content_not_scanned, never a pass.
# Prints peak RSS (the largest process of the scan: the m365-sharing
# child), wall time and requests for each run side by side.
# Run with PC_BENCH=ON (ctest -L bench), or by hand with PC_BIN and PC_SRC.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/sharing_lib.sh"
sh_setup

# run_one SCENARIO: one scan; sets MFA_REPORT and RUN ("RSS_KIB WALL
# REQUESTS").
run_one() {
	local start end
	sh_config "$1"
	rm -rf "$E2E_TMP/scan-out"; mkdir -p "$E2E_TMP/scan-out"
	start=$(date +%s.%N)
	/usr/bin/time -f "%M" -o "$E2E_TMP/rss" "$PC_BIN" scan --config "$MFA_CFG" \
		--only exposure --json --out "$E2E_TMP/scan-out" ${PC_E2E_SCAN_FLAGS:-} \
		>"$E2E_TMP/out" 2>"$E2E_TMP/err"
	end=$(date +%s.%N)
	MFA_REPORT=$(find "$E2E_TMP/scan-out" -name report.json | head -1)
	RUN="$(tail -1 "$E2E_TMP/rss") $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') $(mfa_stats "$1")"
}

run_one "ok~memsmall$$"
read -r small_rss small_wall small_req <<<"$RUN"
run_one "drivescap~memcap$$"
read -r cap_rss cap_wall cap_req <<<"$RUN"
[ "$(sh_q 'sum(1 for s, r in f if "export-" in s and r == "shared_anyone")')" -eq 8 ] &&
	ok "8 files of 15 MB read in full (shared_anyone, no personal data)" ||
	not_ok "15 MB files: $(sh_findings | grep export- | head -3)"
run_one "drivesbig~membig$$"
read -r big_rss big_wall big_req <<<"$RUN"
[ "$(sh_q 'sum(1 for s, r in f if "archive-" in s and r == "content_not_scanned")')" -eq 10 ] &&
	ok "10 files of 200 MB: content_not_scanned, never a clean bill" ||
	not_ok "200 MB files: $(sh_findings | grep archive- | head -3)"
ev=$(sh_q '[x["evidence"] for x in F if "archive-7" in x["subject"]]')
echo "$ev" | grep -q "bytes expected; stopped reading it" &&
	ok "a file larger than its listed size is cut off past it" || not_ok "evidence: $ev"

printf '%-34s %12s %10s %9s\n' "run" "peak RSS" "wall" "requests"
printf '%-34s %9d KiB %8.2f s %9d\n' "small files (demo)" "$small_rss" "$small_wall" "$small_req"
printf '%-34s %9d KiB %8.2f s %9d\n' "+ 8 files of 15 MB (read in full)" "$cap_rss" "$cap_wall" "$cap_req"
printf '%-34s %9d KiB %8.2f s %9d\n' "+ 10 files of 200 MB (2 GB)" "$big_rss" "$big_wall" "$big_req"
[ "$big_rss" -le $((small_rss + 16 * 1024)) ] &&
	ok "2 GB of files: peak RSS $big_rss KiB within 16 MiB of the small-file run ($small_rss KiB)" ||
	not_ok "2 GB of files: peak RSS $big_rss KiB against $small_rss KiB for small files"
[ "$cap_rss" -le $((small_rss + 96 * 1024)) ] &&
	ok "15 MB files: peak RSS $cap_rss KiB within small + 96 MiB (32 MiB of downloads at once, and their copies)" ||
	not_ok "15 MB files: peak RSS $cap_rss KiB against $small_rss KiB for small files"
e2e_done

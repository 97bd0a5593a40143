#!/bin/bash
# Issue 11, hole 8: an interrupted write leaves a hidden staging folder;
# the next scan removes those older than a day in the office's report
# folder, and leaves a young one (a scan may still be writing it) and every
# finished report alone. (The function alone: unit.reporter.test_output.)
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/exposure_lib.sh"

make_policy
make_keys
src=$E2E_TMP/share
mkdir -p "$src"
printf 'nothing personal here\n' >"$src/note.txt"
office=$E2E_TMP/reports/exampleshire-north
old=$office/.2026-11-01T020000Z.partial-aB3dE9
young=$office/.2026-12-01T020000Z.partial-Zz0011
mkdir -p "$old" "$young"
printf 'half a report' >"$old/report.json"
touch -d '3 days ago' "$old/report.json" "$old"
write_config "$E2E_TMP/pc.yaml" "  - {kind: files, path: $src}"
scan_json "$E2E_TMP/pc.yaml"
expect_scan_rc "the scan runs" 0
[ ! -e "$old" ] && ok "a staging folder older than a day is removed" ||
	not_ok "the day-old staging folder is still there"
[ -d "$young" ] && ok "a young staging folder is kept" ||
	not_ok "the young staging folder was removed"
[ -f "$REPORT" ] && ok "the new report is written" ||
	not_ok "no report: $ERR"
e2e_done

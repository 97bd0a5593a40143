# What the API benchmarks share (source it after tests/e2e/lib.sh): a
# staff list of generated users, one timed scan, the emulator's request
# counts, and the verdict over the figures a bench's Python prints.
# Named lib.sh, not bench_*.sh, so ctest does not run it as a bench.

# bench_staff CFG N [PROVIDER]: replaces CFG's staff: with N generated
# users (user00000@parliament.uk ...), each with an account in PROVIDER
# when given.
bench_staff() {
	python3 - "$1" "$2" "${3:-}" <<'PY'
import re, sys
p, n, prov = sys.argv[1], int(sys.argv[2]), sys.argv[3]
s = open(p).read()
acct = lambda i: (", accounts: {%s: user%05d@parliament.uk}" % (prov, i)) if prov else ""
staff = "".join("  - {name: \"User %d\", role: staff, email: user%05d@parliament.uk%s}\n"
                % (i, i, acct(i)) for i in range(n))
s = re.sub(r"(?ms)^staff:\n.*?(?=^report:)", "staff:\n" + staff, s)
open(p, "w").write(s)
PY
}

# bench_scan CFG CHECK: one timed scan of CHECK into $E2E_TMP/scan-out;
# sets BENCH_START, BENCH_END (seconds), BENCH_REPORT (its report.json)
# and leaves the peak RSS (KiB) in $E2E_TMP/rss.
bench_scan() {
	BENCH_START=$(date +%s.%N)
	rm -rf "$E2E_TMP/scan-out"
	mkdir -p "$E2E_TMP/scan-out"
	/usr/bin/time -f "%M" -o "$E2E_TMP/rss" "$PC_BIN" scan --config "$1" \
		--only "$2" --json --out "$E2E_TMP/scan-out" ${PC_E2E_SCAN_FLAGS:-} \
		>"$E2E_TMP/out" 2>"$E2E_TMP/err"
	BENCH_END=$(date +%s.%N)
	BENCH_REPORT=$(find "$E2E_TMP/scan-out" -name report.json | head -1)
	[ -n "$BENCH_REPORT" ] && ok "scan wrote a report" ||
		not_ok "no report: $(cat "$E2E_TMP/err")"
}

# bench_stats SCEN: the emulator's request counts for SCEN into
# $E2E_TMP/stats.
bench_stats() {
	curl -s --cacert "$EMU_CERTS/ca.pem" \
		"https://127.0.0.1:$EMU_PORT/_stats/$1" >"$E2E_TMP/stats"
}

# bench_verdict SLACK_PERCENT: prints $E2E_TMP/figures (without its
# "RATIO r REQS n NEED m" line) and checks the requests made are within
# SLACK_PERCENT of the fewest and the wall time within 1.5x the bound.
bench_verdict() {
	local ratio reqs need
	grep -v '^RATIO' "$E2E_TMP/figures"
	read -r _ ratio _ reqs _ need < <(grep '^RATIO' "$E2E_TMP/figures")
	if [ "$1" = 0 ]; then
		[ "$reqs" -le "$need" ] && ok "requests: $reqs, the fewest ($need)" ||
			not_ok "requests: $reqs, fewest $need"
	else
		[ "$reqs" -le $((need + need * $1 / 100)) ] &&
			ok "requests: $reqs, within $1% of the fewest ($need)" ||
			not_ok "requests: $reqs, fewest $need"
	fi
	awk -v r="$ratio" 'BEGIN { exit !(r <= 1.5) }' &&
		ok "wall time within 1.5x the lower bound ($ratio)" ||
		not_ok "wall time $ratio x the lower bound (target 1.5)"
}

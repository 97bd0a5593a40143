#!/bin/bash
# Benchmark: portcullis serve takes 650 offices x 12 months of generated,
# chained, signed reports from a C client (tests/bench/bench_serve.c): 32
# keep-alive connections, each office's reports in order on one
# connection, so every report chains (only 201s count as accepted).
# Prints accepted reports per second, latency p50/p99, the server's peak
# RSS, and the baseline measured in the same run: `portcullis verify
# --keyring` in a loop over the same reports (the server does the same
# verification, plus the store's fsyncs and the index).
source "$PC_SRC/tests/e2e/lib.sh"
T=$E2E_TMP
OFFICES=${PC_BENCH_SERVE_OFFICES:-650}
MONTHS=${PC_BENCH_SERVE_MONTHS:-12}
CONNS=32
# PC_BENCH_SERVE_STORE=/dev/shm/x puts the store on tmpfs: no fsync cost,
# so the difference shows what durability costs.
STORE=${PC_BENCH_SERVE_STORE:-$T/store}
CLIENT=$(dirname "$PC_BIN")/tests/bench_serve
[ -x "$CLIENT" ] || CLIENT=$PC_BUILD_DIR/tests/bench_serve
SRV_PID=""
trap '[ -n "$SRV_PID" ] && kill -9 "$SRV_PID" 2>/dev/null; e2e_cleanup' EXIT

sh "$PC_SRC/tests/emulator/make-ca.sh" "$T/ca" || exit 2
openssl rand -hex 32 >"$T/token"; chmod 600 "$T/token"
"$CLIENT" gen "$T/gen" "$OFFICES" "$MONTHS" || { not_ok "generate reports"; e2e_done; exit 1; }
ok "generated $OFFICES offices x $MONTHS months"
cat >"$T/serve.yaml" <<YAML
listen: 127.0.0.1:0
tls: {cert_file: $T/ca/server.pem, key_file: $T/ca/server.key}
keyring: $T/gen/keyring
store: $STORE
limits: {max_upload_bytes: 8388608, per_ip_per_minute: 1000000, per_office_per_day: 1000, conn_timeout_s: 30}
auth: {token_file: $T/token}
YAML
"$PC_BIN" serve --config "$T/serve.yaml" 2>"$T/serve.log" &
SRV_PID=$!
for i in $(seq 1 100); do
	URL=$(grep -o 'https://127.0.0.1:[0-9]*' "$T/serve.log" | head -n 1)
	[ -n "$URL" ] && break
	sleep 0.1
done
"$CLIENT" post "$URL/v1/reports" "$T/ca/ca.pem" "$T/gen" "$CONNS" | tee "$T/post.out"
rc=${PIPESTATUS[0]}
rss=$(awk '/VmHWM/ {print $2}' "/proc/$SRV_PID/status")
kill "$SRV_PID"; wait "$SRV_PID" 2>/dev/null; SRV_PID=""
echo "serve: peak RSS $((rss / 1024)) MiB"
[ "$rc" = 0 ] && ok "every report accepted (201)" || not_ok "some reports were not accepted: $(grep -v ' 201 ' "$T/serve.log" | grep -v listening | head -n 3)"
stored=$(find "$STORE/reports" -name report.json | wc -l)
[ "$stored" = $((OFFICES * MONTHS)) ] && ok "$stored reports stored" || not_ok "stored $stored"
[ -z "$(find "$STORE/reports" -path '*chain-broken*' -name report.json)" ] && ok "none stored as chain-broken" || not_ok "chain-broken reports"

# Baseline: portcullis verify over the same reports, one process each.
start=$(date +%s.%N); nok=0
for d in "$T"/gen/reports/*/*/; do
	"$PC_BIN" verify "$d" --keyring "$T/gen/keyring" >/dev/null 2>&1 && nok=$((nok + 1))
done
end=$(date +%s.%N)
awk -v n="$nok" -v s="$start" -v e="$end" 'BEGIN {
	printf "verify: %d reports verified in %.2f s: %.1f reports/s (one process each)\n", n, e - s, n / (e - s) }'
awk -v a="$(grep -o '[0-9.]* accepted/s' "$T/post.out" | cut -d' ' -f1)" -v n="$nok" -v s="$start" -v e="$end" 'BEGIN {
	printf "ratio: serve accepts %.2fx the reports per second that the verify loop checks\n", a / (n / (e - s)) }'
[ "$nok" = $((OFFICES * MONTHS)) ] && ok "verify: every report valid" || not_ok "verify: $nok valid"
e2e_done

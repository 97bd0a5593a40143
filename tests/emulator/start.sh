#!/bin/sh
# start.sh CERTDIR READYFILE [extra emulator args...]
#
# Makes (or reuses) the test PKI in CERTDIR, starts the provider emulator in
# the background on a free 127.0.0.1 port, waits (at most 10 s) until it has
# written its port to READYFILE, and prints the emulator's PID on stdout.
#
#   pid=$(tests/emulator/start.sh "$tmp/certs" "$tmp/port") || exit 1
#   port=$(cat "$tmp/port")
#   ... https://127.0.0.1:$port/ok/graph ...
#   kill "$pid"                      # SIGTERM: clean exit, READYFILE removed
#
# The emulator's log (one line per request) goes to $EMULATOR_LOG, default
# READYFILE.log. Its stdout/stderr are not inherited, so `$(start.sh ...)`
# returns as soon as it is ready. It exits by itself after --max-seconds
# (default 3600; pass e.g. --max-seconds 600 as an extra argument).
set -eu

if [ $# -lt 2 ]; then
    echo "usage: $0 CERTDIR READYFILE [--latency-ms N] [--fixtures DIR] [--max-seconds N]" >&2
    exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd)
CERTDIR=$1
READY=$2
shift 2
LOG=${EMULATOR_LOG:-$READY.log}

"$HERE/make-ca.sh" "$CERTDIR"
rm -f "$READY"

/usr/bin/python3 "$HERE/emulator.py" --certdir "$CERTDIR" --port 0 --ready-file "$READY" "$@" \
    </dev/null >/dev/null 2>>"$LOG" &
pid=$!

# Wait up to 10 s (100 x 0.1 s) for the ready file.
i=0
while [ ! -s "$READY" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "start.sh: emulator exited before becoming ready; log $LOG:" >&2
        tail -n 20 "$LOG" >&2 || true
        exit 1
    fi
    i=$((i + 1))
    if [ $i -gt 100 ]; then
        echo "start.sh: emulator not ready after 10 s; stopping it (log $LOG)" >&2
        kill "$pid" 2>/dev/null || true
        exit 1
    fi
    sleep 0.1
done
echo "$pid"

#!/bin/bash
# portcullis serve under faults: kill -9 during an upload loses nothing
# accepted and leaves no partial file; a lost index is rebuilt from the
# files; a full disk answers 507 and stores nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"
serve_setup || { not_ok "setup"; e2e_done; exit 1; }
scan_report; R1=$REPORT
scan_report; R2=$REPORT
make_tar "$R1" "$T/r1.tar"; make_tar "$R2" "$T/r2.tar"
S=$T/k-store

serve_config k
serve_start k || { not_ok "serve starts"; e2e_done; exit 1; }
post "$T/r1.tar"; expect_post "accepted before the crash" 201 '"chain":"first"'
sum1=$(sha256sum "$S/reports/e2e-office/$(basename "$R1")/report.json")
# Half an upload, then kill -9 while the server holds it in tmp/.
python3 - "${SRV_URL#https://}" "$T/ca/ca.pem" "$T/r2.tar" "$T/half-sent" <<'PY' &
import socket, ssl, sys, time
host, port = sys.argv[1].split(":")
body = open(sys.argv[3], "rb").read()
ctx = ssl.create_default_context(cafile=sys.argv[2])
s = ctx.wrap_socket(socket.create_connection((host, int(port))), server_hostname="127.0.0.1")
s.sendall(b"POST /v1/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-tar\r\n"
          b"Content-Length: %d\r\n\r\n" % len(body) + body[:len(body) // 2])
open(sys.argv[4], "w").write("sent")
time.sleep(30)
PY
CLIENT=$!
for i in $(seq 1 100); do
	[ -f "$T/half-sent" ] && [ -n "$(find "$S/tmp" -name report.json 2>/dev/null)" ] && break
	sleep 0.1
done
[ -n "$(find "$S/tmp" -name report.json)" ] && ok "upload in progress is staged in tmp/" || not_ok "nothing staged"
kill -9 "$SRV_PID"; wait "$SRV_PID" 2>/dev/null
kill "$CLIENT" 2>/dev/null; wait "$CLIENT" 2>/dev/null
[ "$(sha256sum "$S/reports/e2e-office/$(basename "$R1")/report.json")" = "$sum1" ] \
	&& ok "accepted report intact after kill -9" || not_ok "accepted report changed"
[ -z "$(find "$S/reports" -path '*up.*')" ] && [ "$(find "$S/reports" -name report.json | wc -l)" = 1 ] \
	&& ok "no partial report in the store" || not_ok "store: $(find "$S/reports")"
serve_start k || not_ok "restart"
[ -z "$(ls "$S/tmp")" ] && ok "restart removed the partial upload" || not_ok "tmp: $(ls "$S/tmp")"
post "$T/r1.tar"; expect_post "accepted report still known" 200 '"chain":"first"'
post "$T/r2.tar"; expect_post "the upload sent again" 201 '"chain":"ok"'
serve_stop
# The index lost: rebuilt from the files at start.
rm -f "$S/index.sqlite"*
serve_start k || not_ok "restart without index"
grep -q "rebuilding it" "$T/k.log" && ok "index rebuilt at start" || not_ok "no rebuild: $(cat "$T/k.log")"
post "$T/r2.tar"; expect_post "head known after the rebuild" 200 '"chain":"ok"'
serve_stop

# Disk full: the store on a 1 MiB tmpfs in a private mount namespace.
F=$T/full-store
mkdir -p "$F"
serve_config full
sed -i "s|store: .*|store: $F|" "$T/full.yaml"
if ! unshare -m --propagation private true 2>/dev/null; then
	not_ok "disk full: unshare -m is not allowed here (run as root)"
	e2e_done; exit
fi
serve_start full unshare -m --propagation private sh -c \
	'mount -t tmpfs -o size=1m tmpfs "$0" && exec "$@"' "$F" \
	|| { not_ok "serve on tmpfs"; e2e_done; exit 1; }
nsenter -t "$SRV_PID" -m sh -c "cat /dev/zero >'$F/fill'" 2>/dev/null
post "$T/r1.tar"; expect_post "disk full" 507 "disk is full"
n=$(nsenter -t "$SRV_PID" -m find "$F/reports" "$F/tmp" -name report.json | wc -l)
[ "$n" = 0 ] && ok "nothing stored when full" || not_ok "$n report files on the full disk"
run_pc submit "$R1" --to "$SRV_URL" --ca-file "$T/ca/ca.pem"; expect_rc "submit: disk full is try-again (2)" 2
nsenter -t "$SRV_PID" -m rm -f "$F/fill"
post "$T/r1.tar"; expect_post "space again: stored" 201 '"chain":"first"'
serve_stop
e2e_done

#!/bin/bash
# portcullis serve limits: 413 too large (declared, streamed, in the tar),
# 429 per office per day (verified reports only) and per source address,
# and the per-connection timeout against a client that never finishes.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"
serve_setup || { not_ok "setup"; e2e_done; exit 1; }
scan_report; R1=$REPORT
scan_report; R2=$REPORT
make_tar "$R1" "$T/r1.tar"; make_tar "$R2" "$T/r2.tar"

serve_config lim "max_upload_bytes: 65536, per_office_per_day: 1, per_ip_per_minute: 1000, conn_timeout_s: 1"
serve_start lim || { not_ok "serve starts"; e2e_done; exit 1; }
head -c 524288 /dev/zero >"$T/big"
post "$T/big"; expect_post "declared too large" 413 "over the limit of 65536"
post "$T/big" -H "Transfer-Encoding: chunked"; expect_post "streamed too large" 413 "over the limit"
# A tar whose report.json header claims 1 MiB: refused at the header.
python3 - "$T/r1.tar" "$T/claim.tar" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read()[:512])
b[124:136] = b"%011o\0" % (1 << 20)
b[148:156] = b" " * 8
b[148:156] = b"%06o\0 " % sum(b)
open(sys.argv[2], "wb").write(bytes(b) + bytes(1024))
PY
post "$T/claim.tar"; expect_post "member over the cap" 413 "report.json is 1048576 bytes"
post "$T/r1.tar"; expect_post "first report of the day" 201 '"chain":"first"'
post "$T/r2.tar"; expect_post "second report of the day" 429 "already submitted 1 reports"
post "$T/r1.tar"; expect_post "replay is not counted" 200 '"sha256"'
# A refused (unverified) upload does not count against the office.
[ -z "$(ls "$T/lim-store/tmp")" ] && ok "nothing staged left" || not_ok "tmp not empty"

# A client that sends half its headers is cut off by conn_timeout_s (1 s);
# the bound asserted (20 s) is a cap, not a timing.
python3 - "${SRV_URL#https://}" "$T/ca/ca.pem" <<'PY' && ok "slow client disconnected" || not_ok "slow client kept"
import socket, ssl, sys
host, port = sys.argv[1].split(":")
ctx = ssl.create_default_context(cafile=sys.argv[2])
s = ctx.wrap_socket(socket.create_connection((host, int(port))), server_hostname="127.0.0.1")
s.sendall(b"POST /v1/reports HTTP/1.1\r\nHost: x\r\n")
s.settimeout(20)
try:
    data = s.recv(4096)
except (ConnectionResetError, ssl.SSLError):
    data = b""
sys.exit(0 if data == b"" or b"HTTP/1.1 4" in data else 1)
PY
serve_stop

serve_config ipl "per_ip_per_minute: 5"
serve_start ipl || { not_ok "serve starts"; e2e_done; exit 1; }
# 11 uploads span at most two minute windows, so at most 10 get through:
# at least one 429 whatever the clock says.
n429=0
for i in $(seq 1 11); do
	post "$T/r1.tar"
	[ "$CODE" = 429 ] && n429=$((n429 + 1)) && last429=$BODY
done
[ "$n429" -ge 1 ] && ok "per-address limit: $n429 of 11 refused with 429" || not_ok "no 429"
echo "$last429" | grep -q "too many uploads from this address" && ok "429 says why" || not_ok "429 body: $last429"
serve_stop
e2e_done

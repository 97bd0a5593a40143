#!/bin/bash
# scan submits after signing (report.submit_url), from a sandboxed child:
# submitted when the server is up; queued in the outbox with one line when
# it is not, the scan's exit status unchanged; sent by the next scan or
# portcullis submit --queued, oldest first, so the chain holds.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"
serve_setup || { not_ok "setup"; e2e_done; exit 1; }
serve_config s
serve_start s || { not_ok "serve starts"; e2e_done; exit 1; }
# Pin the port so a restarted server is at the same URL.
sed -i "s|^listen: .*|listen: ${SRV_URL#https://}|" "$T/s.yaml"
sed -i "s|^report: {\(.*\)}|report: {\1, submit_url: \"$SRV_URL\", submit_ca_file: $T/ca/ca.pem}|" "$T/c.yaml"
OB=$T/reports/e2e-office/outbox
G=(-s -o "$T/page" --cacert "$T/ca/ca.pem" -H "Authorization: Bearer $TOKEN")

run_pc scan --config "$T/c.yaml"; expect_rc "scan with submit: exit status of the scan" 1
expect_err "says submitted" "report submitted to $SRV_URL"
[ -z "$(ls "$OB" 2>/dev/null)" ] && ok "outbox empty after submitting" || not_ok "outbox: $(ls "$OB")"
sleep 1
serve_stop
run_pc scan --config "$T/c.yaml" --quiet; expect_rc "server down: exit status unchanged" 1
expect_err "says queued" "is queued in $T/reports/e2e-office/outbox/"
expect_one_line "server down"
[ "$(ls "$OB" | wc -l)" = 1 ] && ok "one report in the outbox" || not_ok "outbox: $(ls "$OB")"
sleep 1
run_pc scan --config "$T/c.yaml" --quiet; expect_rc "still down" 1
[ "$(ls "$OB" | wc -l)" = 2 ] && ok "two reports queued" || not_ok "outbox: $(ls "$OB")"
run_pc submit --queued --config "$T/c.yaml"; expect_rc "submit --queued while down: try again" 2
serve_start s || not_ok "restart"
sleep 1
run_pc scan --config "$T/c.yaml" --quiet; expect_rc "next scan sends the queue" 1
[ -z "$(ls "$OB")" ] && ok "outbox emptied oldest first" || not_ok "outbox: $(ls "$OB")"
curl "${G[@]}" "$SRV_URL/v1/offices/e2e-office/reports"
python3 - "$T/page" <<'PY' && ok "server holds 4 reports, one chain" || not_ok "listing: $(cat "$T/page")"
import json, sys
d = json.load(open(sys.argv[1]))
assert [r["chain"] for r in sorted(d["reports"], key=lambda r: r["folder"])] == ["first", "ok", "ok", "ok"]
PY
# A refused report stays queued, with the server's reason; exit unchanged.
cp "$T/keyring" "$T/keyring.good"
echo "e2e-office $KEY_ID revoked" >>"$T/keyring"
sleep 1
run_pc scan --config "$T/c.yaml" --quiet; expect_rc "refused: exit status unchanged" 1
expect_err "prints the server's reason" "revoked"
[ "$(ls "$OB" | wc -l)" = 1 ] && ok "refused report kept in the outbox" || not_ok "outbox: $(ls "$OB")"
run_pc submit --queued --config "$T/c.yaml"; expect_rc "submit --queued: refused" 1
cp "$T/keyring.good" "$T/keyring"
run_pc submit --queued --config "$T/c.yaml"; expect_rc "submit --queued after the key is fixed" 0
echo "$OUT" | grep -q "1 sent, nothing left" && ok "queue sent" || not_ok "$OUT"
serve_stop
# A plain-http submit URL is a config error, before anything runs.
sed "s|submit_url: \"https://|submit_url: \"http://|" "$T/c.yaml" >"$T/http.yaml"
run_pc scan --config "$T/http.yaml" --quiet; expect_rc "http submit_url refused" 2
expect_err "names the key" "report.submit_url: expected an https:// URL"
e2e_done

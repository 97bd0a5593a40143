#!/bin/bash
# portcullis serve + submit end to end over HTTPS on 127.0.0.1 with the
# test CA: stored, idempotent, chained, every refusal, fleet page, reindex.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"
serve_setup || { not_ok "setup"; e2e_done; exit 1; }
serve_config main
serve_start main || { not_ok "serve starts"; e2e_done; exit 1; }
ok "serve listens on $SRV_URL"
CA=(--ca-file "$T/ca/ca.pem")

# An office scans and submits; the same bytes again are already stored.
scan_report; R1=$REPORT
run_pc submit "$R1" --to "$SRV_URL" "${CA[@]}"; expect_rc "submit first report" 0
echo "$OUT" | grep -q "^stored: sha256 $(sha256sum <"$R1/report.json" | cut -d' ' -f1), chain first" \
	&& ok "stored, chain first" || not_ok "first: $OUT"
run_pc submit "$R1" --to "$SRV_URL" "${CA[@]}"; expect_rc "replay" 0
echo "$OUT" | grep -q "^already stored" && ok "replay: already stored (200)" || not_ok "replay: $OUT"
scan_report; R2=$REPORT
run_pc submit "$R2" --to "$SRV_URL/" "${CA[@]}"; expect_rc "second report" 0
echo "$OUT" | grep -q "chain ok" && ok "second report chains to the first" || not_ok "second: $OUT"
S=$T/main-store/reports/e2e-office
[ -f "$S/$(basename "$R1")/report.json" ] && cmp -s "$S/$(basename "$R1")/report.json" "$R1/report.json" \
	&& ok "stored under the office, same bytes" || not_ok "store layout: $(find "$S")"
[ "$(stat -c %a "$S/$(basename "$R1")/report.json")" = 444 ] && ok "stored files are read-only" || not_ok "mode"
run_pc verify "$S/$(basename "$R2")" --keyring "$T/keyring"; expect_rc "the store verifies with portcullis verify" 0

# Out of order: R4 names R3, which the server has not seen: stored aside
# as chain_broken, never the head; R3 then chains to R2 as usual.
scan_report; R3=$REPORT
scan_report; R4=$REPORT
make_tar "$R4" "$T/r4.tar"; post "$T/r4.tar"
expect_post "out-of-chain report stored as broken" 201 '"chain":"broken"'
[ -d "$S/chain-broken/$(basename "$R4")" ] && ok "kept in chain-broken/" || not_ok "broken layout"
make_tar "$R3" "$T/r3.tar"; post "$T/r3.tar"
expect_post "the head is still R2" 201 '"chain":"ok"'
post "$T/r4.tar"; expect_post "replay of the broken one" 200 '"chain":"broken"'

# Tampered uploads (verify's cases), each refused and nothing stored.
before=$(find "$T/main-store/reports" -name report.json | wc -l)
tamper() { rm -rf "$T/tp"; cp -r "$R2" "$T/tp"; chmod -R u+w "$T/tp"; }
tamper; python3 -c "import sys; p=sys.argv[1]; b=bytearray(open(p,'rb').read()); b[100]^=1; open(p,'wb').write(b)" "$T/tp/report.json"
make_tar "$T/tp" "$T/t.tar"; post "$T/t.tar"; expect_post "flipped byte" 403 "bad signature"
run_pc submit "$T/tp" --to "$SRV_URL" "${CA[@]}"; expect_rc "submit: refused exits 1" 1
expect_err "submit prints the server's reason" "bad signature"
tamper; head -c 63 "$R2/report.json.sig" >"$T/tp/report.json.sig"
make_tar "$T/tp" "$T/t.tar"; post "$T/t.tar"; expect_post "63-byte signature" 403 "bad signature"
"$PC_BIN" keygen --out "$T/other" >/dev/null
tamper; cp "$T/other/office.pub" "$T/tp/signer.pub"
make_tar "$T/tp" "$T/t.tar"; post "$T/t.tar"; expect_post "swapped signer.pub" 403 "bad signature"
tamper; openssl pkeyutl -sign -inkey "$T/other/office.key" -rawin -in "$T/tp/report.json" -out "$T/tp/report.json.sig"
cp "$T/other/office.pub" "$T/tp/signer.pub"
make_tar "$T/tp" "$T/t.tar"; post "$T/t.tar"; expect_post "signed by an unknown key" 403 "unknown key"
tamper; python3 - "$T/tp/report.json" <<'PY'
import json, sys
p = sys.argv[1]; r = json.load(open(p))
r["summary"]["total_findings"] += 1
open(p, "w").write(json.dumps(r, indent=2) + "\n")
PY
openssl pkeyutl -sign -inkey "$T/keys/office.key" -rawin -in "$T/tp/report.json" -out "$T/tp/report.json.sig"
make_tar "$T/tp" "$T/t.tar"; post "$T/t.tar"; expect_post "signed but inconsistent" 400 "schema invalid"
tamper; printf 'not json' >"$T/tp/report.json"
openssl pkeyutl -sign -inkey "$T/keys/office.key" -rawin -in "$T/tp/report.json" -out "$T/tp/report.json.sig"
make_tar "$T/tp" "$T/t.tar"; post "$T/t.tar"; expect_post "signed, not JSON" 400 '"error"'
tamper; rm "$T/tp/signer.pub"; tar --format=ustar -C "$T/tp" -cf "$T/t.tar" report.json report.json.sig
post "$T/t.tar"; expect_post "two files only" 400 "signer.pub is missing"
tamper; echo x >"$T/tp/extra"; tar --format=ustar -C "$T/tp" -cf "$T/t.tar" report.json report.json.sig signer.pub extra
post "$T/t.tar"; expect_post "a fourth file" 400 "unexpected member"
printf 'hello' >"$T/t.txt"; post "$T/t.txt"; expect_post "not a tar" 400 "not a ustar archive"
CODE=$(curl -s -o "$T/body" -w '%{http_code}' --cacert "$T/ca/ca.pem" --data-binary "@$T/r3.tar" "$SRV_URL/v1/reports")
BODY=$(cat "$T/body"); expect_post "wrong Content-Type" 400 "application/x-tar"
# Keyring: another office's key, then a revoked key.
cp "$T/keyring" "$T/keyring.good"
echo "other-office $KEY_ID" >"$T/keyring"
scan_report; R5=$REPORT; make_tar "$R5" "$T/r5.tar"
post "$T/r5.tar"; expect_post "key registered to another office" 403 "unknown key"
{ cat "$T/keyring.good"; echo "e2e-office $KEY_ID revoked"; } >"$T/keyring"
post "$T/r5.tar"; expect_post "revoked key" 403 "revoked"
run_pc submit "$R5" --to "$SRV_URL" "${CA[@]}"; expect_rc "submit: revoked key exits 1" 1
# A client retrying after a lost answer: the bytes are stored, so 200,
# even though the key has been revoked since.
make_tar "$R2" "$T/r2.tar"; post "$T/r2.tar"; expect_post "stored bytes again after revocation" 200 '"chain":"ok"'
cp "$T/keyring.good" "$T/keyring"
after=$(find "$T/main-store/reports" -name report.json | wc -l)
[ "$before" = "$after" ] && ok "no refused upload was stored" || not_ok "stored $before -> $after"
[ -z "$(ls "$T/main-store/tmp")" ] && ok "no staging folder left" || not_ok "tmp: $(ls "$T/main-store/tmp")"

# Submit: usage and network errors exit 2.
run_pc submit "$R5" --to "http://127.0.0.1:1" "${CA[@]}"; expect_rc "plain http refused" 2
run_pc submit "$R5" --to "https://127.0.0.1:1" "${CA[@]}"; expect_rc "nothing listening" 2
run_pc submit "$R5" --to "$SRV_URL"; expect_rc "server not trusted without --ca-file" 2

# The fleet page and the office listing, behind the token.
G=(-s -o "$T/page" -w '%{http_code}' --cacert "$T/ca/ca.pem")
[ "$(curl "${G[@]}" "$SRV_URL/")" = 401 ] && ok "fleet page needs the token" || not_ok "no-token page"
[ "$(curl "${G[@]}" -H "Authorization: Bearer x$TOKEN" "$SRV_URL/")" = 401 ] && ok "wrong token refused" || not_ok "wrong token"
[ "$(curl "${G[@]}" -H "Authorization: Bearer $TOKEN" "$SRV_URL/")" = 200 ] && ok "fleet page with the token" || not_ok "page"
grep -q "e2e-office" "$T/page" && grep -qi "verified" "$T/page" && ok "fleet page shows the office verified" || not_ok "page content"
# serve confines its file access to the store (Landlock): a folder linked
# into the store from outside cannot be read (unconfined, the fleet page
# would read the report there).
mkdir -p "$T/outside/linked-office"
cp -r "$R1" "$T/outside/linked-office/"
ln -s "$T/outside/linked-office" "$T/main-store/reports/linked-office"
curl "${G[@]}" -H "Authorization: Bearer $TOKEN" "$SRV_URL/" >/dev/null
grep -q "Permission denied" "$T/page" && ok "serve cannot read outside its store" || not_ok "read outside the store: $(grep -o 'linked-office.\{0,300\}' "$T/page" | head -n 3)"
rm "$T/main-store/reports/linked-office"
[ "$(curl "${G[@]}" -H "Authorization: Bearer $TOKEN" "$SRV_URL/v1/offices/e2e-office/reports")" = 200 ] && ok "office listing" || not_ok "listing"
python3 - "$T/page" <<'PY' && ok "listing: 4 reports, one broken" || not_ok "listing: $(cat "$T/page")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["office"] == "e2e-office"
chains = sorted(r["chain"] for r in d["reports"])
assert chains == ["broken", "first", "ok", "ok"], chains
PY
cp "$T/page" "$T/listing.before"
[ "$(curl "${G[@]}" -H "Authorization: Bearer $TOKEN" "$SRV_URL/v1/offices/..%2Fx/reports")" = 404 ] && ok "bad office id: 404" || not_ok "bad id"

# Reindex from the files alone gives the same listing.
serve_stop
rm -f "$T/main-store/index.sqlite"*
run_pc serve --config "$T/main.yaml" --reindex; expect_rc "serve --reindex" 0
echo "$OUT" | grep -q "indexed 4 reports" && ok "reindex counts 4" || not_ok "reindex: $OUT"
serve_start main
curl "${G[@]}" -H "Authorization: Bearer $TOKEN" "$SRV_URL/v1/offices/e2e-office/reports" >/dev/null
python3 - "$T/listing.before" "$T/page" <<'PY' && ok "same hashes and chains after reindex" || not_ok "reindex differs"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
key = lambda d: sorted((r["sha256"], r["chain"], r["folder"]) for r in d["reports"])
assert key(a) == key(b), (key(a), key(b))
PY
post "$T/r4.tar"; expect_post "after reindex: R4 still stored aside" 200 '"chain":"broken"'
# R5 names R4, which is not in the server's chain: broken too.
post "$T/r5.tar"; expect_post "after reindex: R5 follows R4, not the head" 201 '"chain":"broken"'
serve_stop

# Config errors: one line naming file:line.
serve_config bad "max_upload_bytes: 1024, colour: blue"
run_pc serve --config "$T/bad.yaml"; expect_rc "unknown key" 2
expect_err "unknown key named with its line" "$T/bad.yaml:5"
expect_one_line "unknown key"
sed 's/^listen: .*/listen: localhost:8443/' "$T/main.yaml" >"$T/bad2.yaml"
run_pc serve --config "$T/bad2.yaml"; expect_rc "listen not an IP" 2
expect_err "listen error" "$T/bad2.yaml:1: listen"
chmod 644 "$T/token"
run_pc serve --config "$T/main.yaml"; expect_rc "token readable by others" 2
expect_err "says chmod" "chmod 600"
e2e_done

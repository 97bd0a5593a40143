#!/bin/bash
# PDS's roster scan submits each office's parliament-tenant report to a
# local serve: all stored under <office>/parliament-tenant/ with their own
# chain, shown on the fleet page beside the office's own; intake refuses
# an office key on a tenant report and the PDS key on an office's own.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/mfa_lib.sh"
source "$PC_SRC/tests/e2e/roster_lib.sh"
source "$PC_SRC/tests/e2e/serve_lib.sh"
mfa_setup
roster_setup
sh "$PC_SRC/tests/emulator/make-ca.sh" "$T/ca" >/dev/null || not_ok "test CA"
mkdir -p "$T/pds"
cp "$E2E_TMP/keyring" "$T/pds/keyring"
openssl rand -hex 32 >"$T/token"
chmod 600 "$T/token"
TOKEN=$(cat "$T/token")
serve_config s
serve_start s || { not_ok "serve starts"; e2e_done; exit 1; }
G=(-s -o "$T/page" --cacert "$T/ca/ca.pem" -H "Authorization: Bearer $TOKEN")
# submit_ca_file: the serve's CA (the emulator's stays tls.ca_file).
sed -i "s|^  fail_on: critical$|  fail_on: critical\n  submit_url: \"$SRV_URL\"\n  submit_ca_file: $T/ca/ca.pem|" \
	"$ROSTER_CFG"

run_pc scan --config "$ROSTER_CFG"
expect_rc "roster scan with submit: the scan's exit status" 1
[ "$(grep -c "report submitted to $SRV_URL" "$E2E_TMP/err")" = 4 ] &&
	ok "4 tenant reports submitted" || not_ok "submitted: $ERR"
S=$T/s-store/reports
for o in exampleshire-north westshire-south eastshire pds-unassigned; do
	[ -n "$(ls -d "$S/$o/parliament-tenant/"2*/ 2>/dev/null)" ] &&
		ok "$o stored in its parliament-tenant folder" ||
		not_ok "$o not stored: $(find "$S" -maxdepth 3)"
done
sleep 1
run_pc scan --config "$ROSTER_CFG" --quiet
curl "${G[@]}" "$SRV_URL/v1/offices/exampleshire-north/reports"
python3 - "$T/page" <<'PY' && ok "the tenant chain goes on: first, ok" || not_ok "listing: $(cat "$T/page")"
import json, sys
d = json.load(open(sys.argv[1]))
rs = sorted(d["reports"], key=lambda r: r["folder"])
assert [r["chain"] for r in rs] == ["first", "ok"], rs
assert all(r["folder"].startswith("parliament-tenant/2") for r in rs), rs
PY

# The office's own report goes to the same server: its chain starts apart.
mfa_config ok microsoft365
sed -i "s|^  fail_on: critical$|  fail_on: critical\n  submit_url: \"$SRV_URL\"\n  submit_ca_file: $T/ca/ca.pem|" "$MFA_CFG"
run_pc scan --config "$MFA_CFG" --only mfa
expect_err "the office's own report submitted" "report submitted to $SRV_URL"
curl "${G[@]}" "$SRV_URL/v1/offices/exampleshire-north/reports"
python3 - "$T/page" <<'PY' && ok "own report is 'first' of its own chain" || not_ok "listing: $(cat "$T/page")"
import json, sys
d = json.load(open(sys.argv[1]))
own = [r for r in d["reports"] if not r["folder"].startswith("parliament-tenant/")]
assert [r["chain"] for r in own] == ["first"], d
PY
curl "${G[@]}" "$SRV_URL/"
grep -q "Parliament tenant accounts" "$T/page" &&
	grep -q "westshire-south" "$T/page" &&
	ok "fleet page shows the tenant parts" || not_ok "fleet page lacks the tenant parts"

# Intake refusals, each 403 with the scope named.
roster_config office-signs "$E2E_TMP/keys/office.key"
run_pc scan --config "$ROSTER_CFG" --quiet --out "$E2E_TMP/bad"
make_tar "$(ls -d "$E2E_TMP"/bad/exampleshire-north/parliament-tenant/2*/)" "$T/bad.tar"
post "$T/bad.tar"
expect_post "an office key cannot sign a parliament-tenant report" 403 "wrong scope"
sed "s,signing_key: .*,signing_key: $E2E_TMP/pdskeys/office.key," "$MFA_CFG" |
	grep -v submit_ >"$E2E_TMP/pds-signs.yaml"
run_pc scan --config "$E2E_TMP/pds-signs.yaml" --only mfa --quiet --out "$E2E_TMP/bad2"
make_tar "$(ls -d "$E2E_TMP"/bad2/exampleshire-north/2*/)" "$T/bad2.tar"
post "$T/bad2.tar"
expect_post "the PDS key cannot sign an office's own report" 403 "signs only parliament-tenant reports"
# A revoked PDS key: refused.
printf 'exampleshire-north %s\n* %s scope=parliament-tenant revoked\n' \
	"$OFFICE_KID" "$PDS_KID" >"$T/pds/keyring"
roster_config pds2 "$E2E_TMP/pdskeys/office.key"
sleep 1
run_pc scan --config "$ROSTER_CFG" --quiet --out "$E2E_TMP/rev"
make_tar "$(ls -d "$E2E_TMP"/rev/eastshire/parliament-tenant/2*/)" "$T/rev.tar"
post "$T/rev.tar"
expect_post "a revoked PDS key is refused" 403 "revoked key"
serve_stop
e2e_done

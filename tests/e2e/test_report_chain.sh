#!/bin/bash
# Signed reports end to end: two scans chain, verify with portcullis and
# stock openssl, and every tamper is caught.
. "$(dirname "$0")/lib.sh"
T=$E2E_TMP

"$PC_BIN" keygen --out "$T/keys" >/dev/null
cat >"$T/c.yaml" <<YAML
office: {id: e2e-office, name: "E2E Office", digital_lead: "Sam <sam@parliament.uk>", parliamentary_domains: [parliament.uk]}
report: {dir: $T/reports, signing_key: $T/keys/office.key, fail_on: high}
policy: $PC_SRC/policies/baseline.yaml
checks: {patch: {root: $PC_SRC/tests/data/patch/pending}}
YAML
run_pc keygen --print-keyring-line "$T/keys/office.pub" --office e2e-office
expect_rc "keyring line" 0
echo "$OUT" >"$T/keyring"
KEY_ID=$(echo "$OUT" | cut -d' ' -f2)
[ "$KEY_ID" = "$(openssl pkey -pubin -in "$T/keys/office.pub" -outform DER | sha256sum | cut -d' ' -f1)" ] \
	&& ok "key id is the SHA-256 of the public key DER" || not_ok "key id"

run_pc scan --config "$T/c.yaml" --quiet; expect_rc "first scan" 1
run_pc scan --config "$T/c.yaml" --quiet; expect_rc "second scan" 1
R1=$(ls -d "$T"/reports/e2e-office/*/ | sort | head -n 1); R1=${R1%/}
R2=$(ls -d "$T"/reports/e2e-office/*/ | sort | tail -n 1); R2=${R2%/}
[ "$R1" != "$R2" ] && ok "two report folders" || not_ok "one folder only"
for f in report.json report.json.sig signer.pub report.html checklist.md checklist.html; do
	[ -s "$R2/$f" ] || not_ok "missing $f"
done
[ "$(stat -c %s "$R2/report.json.sig")" = 64 ] && ok "raw 64-byte signature" || not_ok "signature size"

openssl pkeyutl -verify -pubin -inkey "$R2/signer.pub" -rawin -in "$R2/report.json" \
	-sigfile "$R2/report.json.sig" >/dev/null 2>&1 && ok "stock openssl verifies" || not_ok "openssl rejects a good report"
run_pc verify "$R1" --keyring "$T/keyring"; expect_rc "verify first" 0
run_pc verify "$R2/report.json" --keyring "$T/keyring"; expect_rc "verify second" 0
echo "$OUT" | grep -q "follows the previous report $(basename "$R1")" && ok "second chained to first" || not_ok "chain: $OUT"
python3 - "$R1/report.json" "$R2/report.json" <<'PY' && ok "history: hash chain, first_seen, persisting" || not_ok "history fields"
import hashlib, json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert b["previous_report_sha256"] == hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest()
assert a["previous_report_sha256"] is None
first = {f["id"]: f for f in a["findings"]}
for f in b["findings"]:
    assert f["id"] in first and f["status"] == "persisting", f["id"]
    assert f["first_seen"] == first[f["id"]]["first_seen"]
PY

# One flipped byte: both openssl and portcullis reject it.
cp -r "$R2" "$T/flip"
python3 -c "import sys; p=sys.argv[1]; b=bytearray(open(p,'rb').read()); b[100]^=1; open(p,'wb').write(b)" "$T/flip/report.json"
openssl pkeyutl -verify -pubin -inkey "$T/flip/signer.pub" -rawin -in "$T/flip/report.json" \
	-sigfile "$T/flip/report.json.sig" >/dev/null 2>&1 && not_ok "openssl accepted a flipped byte" || ok "openssl rejects a flipped byte"
run_pc verify "$T/flip"; expect_rc "flipped byte" 1
echo "$OUT" | grep -q "bad signature" && ok "reason: bad signature" || not_ok "reason: $OUT"

# Truncated signature.
cp -r "$R2" "$T/trunc"; head -c 63 "$R2/report.json.sig" >"$T/trunc/report.json.sig"
run_pc verify "$T/trunc"; expect_rc "63-byte signature" 1
# A different key's signer.pub and signature: signature fine, keyring says unknown.
"$PC_BIN" keygen --out "$T/other" >/dev/null
cp -r "$R2" "$T/swap"; cp "$T/other/office.pub" "$T/swap/signer.pub"
run_pc verify "$T/swap"; expect_rc "swapped signer.pub" 1
run_pc verify "$R2" --pubkey "$T/other/office.pub"; expect_rc "wrong --pubkey" 1
# Revoked and unknown keys.
echo "e2e-office $KEY_ID revoked" >"$T/revoked"
run_pc verify "$R2" --keyring "$T/revoked"; expect_rc "revoked key" 1
echo "$OUT" | grep -qi "revoked" && ok "reason: revoked" || not_ok "reason: $OUT"
echo "other-office $KEY_ID" >"$T/elsewhere"
run_pc verify "$R2" --keyring "$T/elsewhere"; expect_rc "key registered to another office" 1
echo "e2e-office not-a-key-id extra=1" >"$T/badring"
run_pc verify "$R2" --keyring "$T/badring"; expect_rc "malformed keyring" 2
expect_err "malformed keyring names the line" "$T/badring:1"
# Inputs that are not reports.
run_pc verify "$T/nonexistent"; expect_rc "missing report" 2
mkdir -p "$T/empty"; : >"$T/empty/report.json"; : >"$T/empty/report.json.sig"; : >"$T/empty/signer.pub"
run_pc verify "$T/empty"; expect_rc "empty files" 1
mkdir -p "$T/dirs/report.json"; cp "$R2/report.json.sig" "$R2/signer.pub" "$T/dirs/"
run_pc verify "$T/dirs"; expect_rc "a directory instead of report.json" 1
# The previous report edited by hand: the chain is broken.
cp -r "$T/reports" "$T/reports2"
P1=$T/reports2/e2e-office/$(basename "$R1")
sed -i 's/"E2E Office"/"E2E Office!"/' "$P1/report.json"
run_pc verify "$T/reports2/e2e-office/$(basename "$R2")" --keyring "$T/keyring"
expect_rc "previous report edited: chain broken" 1
echo "$OUT" | grep -q "chain broken" && ok "reason: chain broken" || not_ok "reason: $OUT"

# Issue 12: without a keyring the signer is not checked, and verify leads
# with that rather than "valid:".
run_pc verify "$R2"; expect_rc "verify without a keyring" 0
[ "$(echo "$OUT" | head -n 1 | cut -c1-87)" = "signature matches the enclosed key; the signer is NOT checked (no --keyring): report of" ] \
	&& ok "no keyring: the first line says the signer is not checked" || not_ok "first line: $OUT"
echo "$OUT" | grep -q "^valid:" && not_ok "no keyring: says valid" || ok "no keyring: never says valid:"
run_pc verify "$R2" --keyring "$T/keyring"
echo "$OUT" | head -n 1 | grep -q "^valid: report of E2E Office (e2e-office)" && ok "keyring: valid:" || not_ok "keyring: $OUT"
run_pc verify "$R2" --keyring "$T/keyring" --json; expect_rc "verify --json" 0
echo "$OUT" | python3 -c '
import json, sys; j = json.load(sys.stdin)
assert j["valid"] is True and j["signer_checked"] is True and j["chain"] == "follows_previous"
assert j["place"] == "checked" and j["office_id"] == "e2e-office" and j["reason"] is None
' && ok "verify --json: machine output" || not_ok "json: $OUT"
run_pc verify "$T/flip" --json; expect_rc "verify --json invalid" 1
echo "$OUT" | python3 -c 'import json,sys; j=json.load(sys.stdin); sys.exit(0 if j["valid"] is False and j["reason"].startswith("bad signature") else 1)' \
	&& ok "verify --json: invalid with the reason" || not_ok "json: $OUT"

# Issue 11, hole 7: a report folder on its own verifies with a warning; the
# chain to an absent report is "not checked", or a failure with
# --require-chain; a report in another office's folder is refused.
mkdir -p "$T/mail"; cp -r "$R2" "$T/mail/november"
run_pc verify "$T/mail/november" --keyring "$T/keyring"; expect_rc "a report folder on its own" 0
echo "$OUT" | grep -q "warning: its place could not be checked" && ok "on its own: warning" || not_ok "no warning: $OUT"
echo "$OUT" | grep -q "chain: NOT CHECKED: the report names an earlier report that is not here" \
	&& ok "on its own: chain not checked, said plainly" || not_ok "chain: $OUT"
run_pc verify "$T/mail/november" --keyring "$T/keyring" --require-chain
expect_rc "--require-chain without the previous report" 1
echo "$OUT" | grep -q "^INVALID: chain not checked" && ok "--require-chain: reason" || not_ok "require-chain: $OUT"
run_pc verify "$R2" --keyring "$T/keyring" --require-chain; expect_rc "--require-chain with the previous report" 0
mkdir -p "$T/other/otherton-east"; cp -r "$R1" "$R2" "$T/other/otherton-east/"
run_pc verify "$T/other/otherton-east/$(basename "$R2")" --keyring "$T/keyring"
expect_rc "a report in another office's folder" 1
echo "$OUT" | grep -q "wrong office" && ok "another office's folder: wrong office" || not_ok "wrong office: $OUT"
mkdir -p "$T/renamed/e2e-office"; cp -r "$R2" "$T/renamed/e2e-office/2020-01-01T000000Z"
run_pc verify "$T/renamed/e2e-office/2020-01-01T000000Z" --keyring "$T/keyring"
expect_rc "a report folder not named after its start time" 1
echo "$OUT" | grep -q "wrong folder" && ok "renamed: wrong folder" || not_ok "wrong folder: $OUT"

# The checklist command.
run_pc checklist "$R2"; expect_rc "checklist md" 0
echo "$OUT" | grep -q "$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['findings'][0]['id'])" "$R2/report.json")" \
	&& ok "checklist names finding ids" || not_ok "checklist lacks ids"
run_pc checklist "$R2" --format html; expect_rc "checklist html" 0
echo "$OUT" | grep -q "<html" && ok "html checklist" || not_ok "not html"
run_pc checklist "$R2" --format pdf; expect_rc "checklist bad format" 2

# A key others can read, or of the wrong type, is refused before scanning.
chmod 644 "$T/keys/office.key"
run_pc scan --config "$T/c.yaml" --quiet; expect_rc "open signing key refused" 2
expect_err "open key: says chmod" "chmod 600"
chmod 600 "$T/keys/office.key"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$T/rsa.key" 2>/dev/null; chmod 600 "$T/rsa.key"
sed "s|$T/keys/office.key|$T/rsa.key|" "$T/c.yaml" >"$T/rsa.yaml"
n=$(ls "$T/reports/e2e-office" | wc -l)
run_pc scan --config "$T/rsa.yaml" --quiet; expect_rc "RSA signing key refused" 2
[ "$(ls "$T/reports/e2e-office" | wc -l)" = "$n" ] && ok "no report written with a bad key" || not_ok "a report was written"

# verify confines itself to the report's office folder and the keyring: a
# previous report that is a link to a folder elsewhere is not read through
# (unconfined, the chain would check out: it is the genuine first report).
mkdir -p "$T/hostile/e2e-office" "$T/outside"
cp -r "$R2" "$T/hostile/e2e-office/"
cp -r "$R1" "$T/outside/"
ln -s "$T/outside/$(basename "$R1")" "$T/hostile/e2e-office/$(basename "$R1")"
run_pc verify "$T/hostile/e2e-office/$(basename "$R2")" --keyring "$T/keyring"
expect_rc "verify: a previous report linked from outside is not read" 2
expect_err "verify: refused by the sandbox" "Permission denied"
e2e_done

#!/bin/bash
# portcullis protect add|list|remove: values read from stdin, stored only
# as keyed hashes in a 0600 file; persons must be on the staff list.
. "$(dirname "$0")/lib.sh"
D="$E2E_TMP/office"
mkdir -p "$D/keys"
run_pc keygen --out "$D/keys"
expect_rc "keygen for the office HMAC key" 0
cat > "$D/config.yaml" <<CFG
office:
  id: test-office
  name: "Test Office"
  digital_lead: "Sam <sam@parliament.uk>"
  parliamentary_domains: [parliament.uk]
staff:
  - {name: "Helen Marsh", role: MP, email: helen.marsh.mp@parliament.uk}
report:
  dir: $D/reports
  signing_key: $D/keys/office.key
checks:
  threats: {protected_file: $D/keys/protected}
CFG
run_pc_in() { # stdin, args...
	local in="$1"; shift
	printf '%s\n' "$in" | "$PC_BIN" "$@" >"$E2E_TMP/out" 2>"$E2E_TMP/err"
	RC=$?; OUT=$(cat "$E2E_TMP/out"); ERR=$(cat "$E2E_TMP/err")
}
run_pc_in "EX7 2QD" protect add --config "$D/config.yaml" --person "Helen Marsh" --kind postcode
expect_rc "add a postcode" 0
run_pc_in "14 Orchard Rise, Little Wexcombe" protect add --config "$D/config.yaml" --person "Helen Marsh" --kind home_address
expect_rc "add a home address" 0
[ "$(stat -c %a "$D/keys/protected")" = 600 ] && ok "protected file is 0600" || not_ok "protected file is 0600"
grep -qi -e "EX7" -e "orchard" "$D/keys/protected" && not_ok "no value in the file" || ok "no value in the file"
run_pc protect list --config "$D/config.yaml"
expect_rc "list" 0
[ "$(printf '%s\n' "$OUT" | wc -l)" -eq 2 ] && ok "two values listed" || not_ok "two values listed: $OUT"
case "$OUT" in *"Helen Marsh	postcode"*) ok "list shows person and kind" ;; *) not_ok "list shows person and kind: $OUT" ;; esac
case "$OUT" in *EX7*|*Orchard*) not_ok "list never shows a value" ;; *) ok "list never shows a value" ;; esac
run_pc_in "07700 900123" protect add --config "$D/config.yaml" --person "Nobody Known" --kind phone
expect_rc "a person not on the staff list is refused" 2
run_pc_in "no digits" protect add --config "$D/config.yaml" --person "Helen Marsh" --kind phone
expect_rc "a phone with no digits is refused" 2
run_pc protect remove --config "$D/config.yaml" --person "Helen Marsh" --kind postcode
expect_rc "remove the postcode" 0
run_pc protect list --config "$D/config.yaml"
[ "$(printf '%s\n' "$OUT" | wc -l)" -eq 1 ] && ok "one value left" || not_ok "one value left: $OUT"
# inspect --detectors threats --config finds the protected address,
# masked, and reads the MP's name as a target
printf 'From: x@example.net\nMessage-ID: <d1@x>\n\nEveryone pay a visit to 14 Orchard Rise. Marsh will die.\n' > "$D/dox.eml"
run_pc inspect --detectors threats --config "$D/config.yaml" "$D/dox.eml"
expect_rc "inspect finds doxxing with --config" 1
printf '%s\n' "$OUT" | grep -q '"detector":"doxxing".*"matched":"home_address of Helen Marsh: .14 O\*\*\*\*\*\* R\*\*\*.' &&
    ok "doxxing line names the person and masks the address" || not_ok "doxxing line: $OUT"
printf '%s\n' "$OUT" | grep -q '"detector":"threat_to_life".*target .Marsh' &&
    ok "the MP's surname is a target" || not_ok "the MP's surname is a target: $OUT"
case "$OUT" in *Orchard*) not_ok "no address in the output" ;; *) ok "no address in the output" ;; esac
chmod 644 "$D/keys/protected"
run_pc protect list --config "$D/config.yaml"
expect_rc "a group/world-readable protected file is refused" 2
e2e_done

#!/bin/bash
# Issue 11, hole 1: the exposure child parses hostile content, so it must
# never read the agent's own secrets. A source that covers the key folder
# is refused before anything runs (one line naming the config line); a
# hard link to the signing key or the HMAC key inside a source reaches the
# same bytes under another name and is skipped by device and inode.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/exposure_lib.sh"

make_policy
make_keys
src=$E2E_TMP/share
mkdir -p "$src/old"
printf 'NI number: JT 48 61 27 B\n' >"$src/casework.txt"
ln "$E2E_TMP/keys/office.key" "$src/old/backup.pem"
ln "$E2E_TMP/keys/office.hmac" "$src/old/notes.txt"

write_config "$E2E_TMP/pc.yaml" "  - {kind: files, path: $E2E_TMP/keys/..}"
run_pc scan --config "$E2E_TMP/pc.yaml" --only exposure
expect_rc "a source covering the config and keys is refused" 2
expect_err "the refusal names the config line and the secret" \
	"pc.yaml:18: sources[0].path: $E2E_TMP/keys/.. covers $E2E_TMP/keys/office.key (the signing key)"
expect_one_line "the refusal"

write_config "$E2E_TMP/pc.yaml" "  - {kind: files, path: $src}"
scan_json "$E2E_TMP/pc.yaml"
expect_scan_rc "a scan with hard links to the keys runs" 1
rq "the NI number beside them is found" \
	'any(x["rule"] == "uk_nino" for x in f)'
rq "no finding in the hard link to the signing key" \
	'not any("backup.pem" in x["subject"] for x in f)'
rq "no finding in the hard link to the HMAC key" \
	'not any("notes.txt" in x["subject"] for x in f)'
rq "no private key finding at all" \
	'not any("private_key" in x["rule"] for x in f)'
rq "both links are counted as skipped" \
	'any("2 skipped" in k for k in c["counts"])'
e2e_done

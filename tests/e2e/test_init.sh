# portcullis init: the starter config and keys, --example, --print-dropin,
# the next steps, and never overwriting. (Ownership for the packaged
# service user is shown in tests/packaging/test_deb.sh.)
. "$(dirname "$0")/lib.sh"
d=$E2E_TMP/office

# expect_out NAME TEXT: stdout of the last run contains TEXT.
expect_out() {
	if grep -qF -- "$2" "$E2E_TMP/out"; then ok "$1"; else
		not_ok "$1: stdout lacks \"$2\": $OUT"; fi
}

run_pc init --example
expect_rc "init --example" 0
printf '%s\n' "$OUT" >"$E2E_TMP/example"
grep -q '^  signing_key: /etc/portcullis/keys/office.key' "$E2E_TMP/example" &&
	ok "--example names the default key folder" ||
	not_ok "--example key path: $(grep signing_key "$E2E_TMP/example")"

run_pc init --config "$d/portcullis.yaml"
expect_rc "init" 0
expect_out "init prints step 3" "  3. "
expect_out "init points to config check" "portcullis config check --config $d/portcullis.yaml"
expect_out "init names the key id" "key id: "
[ "$(stat -c %a "$d/portcullis.yaml")" = 640 ] && ok "config 0640" ||
	not_ok "config mode $(stat -c %a "$d/portcullis.yaml")"
[ "$(stat -c %a "$d/keys")" = 700 ] && ok "keys/ 0700" ||
	not_ok "keys/ mode $(stat -c %a "$d/keys")"
# The starter config is the --example text with this folder's keys.
sed "s|/etc/portcullis/keys|$d/keys|" "$E2E_TMP/example" |
	cmp -s - "$d/portcullis.yaml" && ok "init writes the --example text" ||
	not_ok "init's config differs from --example"

# policy: the starter config names the policy this binary uses (left
# commented out: the default), and that file exists.
pol=$(sed -n 's/^# policy: //p' "$d/portcullis.yaml")
[ -n "$pol" ] && [ -r "$pol" ] && ok "the starter config names a policy that exists ($pol)" ||
	not_ok "the starter config's policy \"$pol\" cannot be read"
grep -q '^policy:' "$d/portcullis.yaml" &&
	not_ok "the starter config sets policy: (the default is explained instead)" ||
	ok "policy: left out, the default explained"

# The starter config as written is refused with the line of each
# placeholder: a report for "the Member for FILL IN" is never signed.
run_pc scan --config "$d/portcullis.yaml" --out "$E2E_TMP/reports"
expect_rc "scan of the unfilled starter config" 2
expect_err "office.id placeholder and its line" \
	"$d/portcullis.yaml:$(grep -n '^  id: fill-in' "$d/portcullis.yaml" | cut -d: -f1): office.id: still holds the starter config's placeholder"
expect_err "office.name placeholder" \
	":$(grep -n '^  name: "Office of the Member for FILL IN"' "$d/portcullis.yaml" | cut -d: -f1): office.name: still holds"
expect_err "zero client id" \
	"providers.microsoft365.client_id: still holds the starter config's placeholder (00000000-0000-0000-0000-000000000000)"
expect_err "the count" "8 placeholders to fill in"
[ ! -e "$E2E_TMP/reports" ] && ok "no report written" || not_ok "a report was written"

# Filled in, and a policy: line naming a file that is not there: the
# error names the config line.
f=$E2E_TMP/filled.yaml
sed -e 's/fill-in-constituency-name/test-office/' -e 's/FILL IN/Test/g' \
	-e 's/fill\.in@/test.person@/g' -e 's/FILL-IN/test-office/g' \
	-e 's/00000000-0000-0000-0000-000000000000/11111111-2222-3333-4444-555555555555/' \
	"$d/portcullis.yaml" >"$f"
printf 'policy: %s/no-such-policy.yaml\n' "$E2E_TMP" >>"$f"
line=$(grep -n '^policy:' "$f" | cut -d: -f1)
run_pc scan --config "$f" --out "$E2E_TMP/reports"
expect_rc "scan with an unreadable policy" 2
expect_err "the policy error names the config line" \
	"$f:$line: policy: cannot read $E2E_TMP/no-such-policy.yaml"
expect_one_line "one line"
# A policy file that is there but not a policy: still the config line.
printf 'not: [a policy\n' >"$E2E_TMP/no-such-policy.yaml"
run_pc scan --config "$f" --out "$E2E_TMP/reports"
expect_rc "scan with a malformed policy" 2
expect_err "a malformed policy names the config line" "$f:$line: policy: "

run_pc init --config "$d/portcullis.yaml"
expect_rc "init again" 2
expect_err "init never overwrites" "init never overwrites a config"

run_pc init --print-dropin --config "$d/portcullis.yaml"
expect_rc "--print-dropin" 0
expect_out "drop-in section" "[Service]"
expect_out "signing key as a credential" \
	"LoadCredential=office.key:$d/keys/office.key"
expect_out "office.hmac as a credential" \
	"LoadCredential=office.hmac:$d/keys/office.hmac"
expect_out "a secret not there yet is only a comment" \
	"# not found, so not passed (make this drop-in again once it exists): /etc/portcullis/secrets/m365"
expect_out "source bound read-only" "BindReadOnlyPaths=-/srv/office/shared"

run_pc init --print-dropin --config "$E2E_TMP/missing.yaml"
expect_rc "--print-dropin of a missing config" 2
expect_err "says how to make one" "portcullis init"
e2e_done

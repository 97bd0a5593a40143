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
expect_out "init names the key id" "key id: "
[ "$(stat -c %a "$d/portcullis.yaml")" = 640 ] && ok "config 0640" ||
	not_ok "config mode $(stat -c %a "$d/portcullis.yaml")"
[ "$(stat -c %a "$d/keys")" = 700 ] && ok "keys/ 0700" ||
	not_ok "keys/ mode $(stat -c %a "$d/keys")"
# The starter config is the --example text with this folder's keys.
sed "s|/etc/portcullis/keys|$d/keys|" "$E2E_TMP/example" |
	cmp -s - "$d/portcullis.yaml" && ok "init writes the --example text" ||
	not_ok "init's config differs from --example"

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

#!/bin/bash
# portcullis config check: every item of a good config is ok (exit 0);
# a refused permission, a too-open secret, an unreadable source, an
# unfilled placeholder and an unknown key are each a red line (exit 2);
# --json says the same; nothing is scanned or written.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/mfa_lib.sh"
mfa_setup
mfa_config ok
mkdir -p "$E2E_TMP/shared"
printf 'notes\n' >"$E2E_TMP/shared/a.txt"
printf 'sources:\n  - {kind: files, path: %s/shared}\n' "$E2E_TMP" >>"$MFA_CFG"
good=$MFA_CFG

run_pc config check --config "$good"
expect_rc "a good config" 0
for line in "ok   config: $good: every key known and valid" \
	"ok   policy: $E2E_TMP/policies/baseline.yaml loads" \
	"ok   secret $MFA_SECRETS/m365: owned by" \
	"ok   secret $E2E_TMP/keys/office.key: owned by" \
	"ok   source $E2E_TMP/shared" \
	"ok   mfa microsoft365: list users (User.Read.All)" \
	"ok   mfa microsoft365: list admin roles (RoleManagement.Read.Directory)" \
	"ok   mfa microsoft365: read a user's sign-in methods (UserAuthenticationMethod.Read.All)" \
	"ok   mfa microsoft365: read the security defaults (Policy.Read.All)" \
	"ok   mfa google: list users" "ok   mfa github: list members without 2FA" \
	"ok   mfa slack: list users (users:read)" "ok   mfa okta: read a user's factors" \
	"[Service]"; do
	grep -qF -- "$line" "$E2E_TMP/out" && ok "line: $line" ||
		not_ok "no line \"$line\": $OUT"
done
grep -q '^FAIL' "$E2E_TMP/out" && not_ok "a FAIL line: $OUT" || ok "no FAIL line"
[ ! -e "$E2E_TMP/reports" ] && ok "nothing written" || not_ok "a report folder was written"

run_pc config check --config "$good" --json
expect_rc "--json of a good config" 0
python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
assert o["ok"] is True and o["items"] and all(i["ok"] for i in o["items"]), o
assert "[Service]" in o["dropin"]
assert any(i["item"] == "mfa okta" for i in o["items"])
' "$E2E_TMP/out" && ok "--json: every item ok, the drop-in" || not_ok "--json: $OUT"

# Permissions refused by every provider: one red line each, exit 2.
sed "s|/ok/|/denied/|" "$good" >"$E2E_TMP/denied.yaml"
run_pc config check --config "$E2E_TMP/denied.yaml"
expect_rc "refused permissions" 2
for p in microsoft365 google github slack okta; do
	grep -q "^FAIL mfa $p: cannot" "$E2E_TMP/out" && ok "$p refusal is red" ||
		not_ok "$p refusal not reported: $OUT"
done
grep -qF "needs User.Read.All" "$E2E_TMP/out" && ok "the Graph permission is named" ||
	not_ok "Graph permission not named: $OUT"

# A secret readable by others, an unreadable source, a placeholder.
chmod 644 "$MFA_SECRETS/slack"
sed -e "s|$E2E_TMP/shared|$E2E_TMP/no-such-folder|" \
	-e 's|name: "Office of the Member for Exampleshire North"|name: "Office of the Member for FILL IN"|' \
	"$good" >"$E2E_TMP/bad.yaml"
line=$(grep -n 'FILL IN' "$E2E_TMP/bad.yaml" | cut -d: -f1)
run_pc config check --config "$E2E_TMP/bad.yaml"
expect_rc "a bad config" 2
grep -q "^FAIL secret $MFA_SECRETS/slack: .*644" "$E2E_TMP/out" &&
	ok "the open secret is red, with its mode" || not_ok "open secret: $OUT"
grep -q "^FAIL source $E2E_TMP/no-such-folder" "$E2E_TMP/out" &&
	ok "the missing source is red" || not_ok "missing source: $OUT"
grep -qF "FAIL $E2E_TMP/bad.yaml:$line: office.name: still the starter config's placeholder" \
	"$E2E_TMP/out" && ok "the placeholder is red, with its line" ||
	not_ok "placeholder: $OUT"
chmod 600 "$MFA_SECRETS/slack"

# An unknown key: the loader's one line, exit 2.
printf 'polcy: x\n' >>"$E2E_TMP/bad.yaml"
run_pc config check --config "$E2E_TMP/bad.yaml"
expect_rc "an unknown key" 2
grep -q "^FAIL config: .*polcy" "$E2E_TMP/out" && ok "the unknown key is red" ||
	not_ok "unknown key: $OUT"

run_pc config
expect_rc "config without check" 2
run_pc config check --bogus
expect_rc "unknown option" 2
e2e_done

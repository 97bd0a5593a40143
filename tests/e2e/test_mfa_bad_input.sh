#!/bin/bash
# Bad input for the mfa check: a secret file missing or readable by
# others is refused before any check runs (exit 2, one line naming the
# file); a malformed service-account JSON and a key that is not RSA make
# only Google an error with a plain reason while the others still run.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/mfa_lib.sh"
mfa_setup

MFA_OKTA_TOKEN=$E2E_TMP/nope/okta mfa_config ok "github okta"
mfa_scan
expect_rc "missing secret file" 2
expect_err "missing secret names the file" "$E2E_TMP/nope/okta"

cp "$MFA_SECRETS/okta" "$E2E_TMP/okta-open"
chmod 644 "$E2E_TMP/okta-open"
MFA_OKTA_TOKEN=$E2E_TMP/okta-open mfa_config ok "github okta"
mfa_scan
expect_rc "secret file mode 0644" 2
expect_err "0644 secret: says chmod" "chmod"
grep -q test-okta-api-token "$E2E_TMP/err" "$E2E_TMP/out" &&
	not_ok "the open secret's content was printed" ||
	ok "the open secret's content is not printed"

# Malformed service-account JSON.
(umask 077; printf '{"type": "service_account", "private_key": ' \
	>"$E2E_TMP/sa-bad.json")
MFA_GOOGLE_SA=$E2E_TMP/sa-bad.json mfa_config ok "google github"
mfa_scan
[ "$(mfa_status)" = error ] && ok "malformed SA JSON -> error" ||
	not_ok "status $(mfa_status)"
mfa_reason | sed 's/; /\n/g' | grep "^google: " | grep -q "not valid JSON" &&
	ok "malformed SA JSON: reason says so" || not_ok "$(mfa_reason)"
mfa_expect_findings "github still ran" github "priyaresearch:admin_no_2fa
formerintern-ex:unknown_account formerintern-ex:member_no_2fa
exampleshire-north:not_enforced"

# A well-formed key file whose private key is EC, not RSA.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
	-out "$E2E_TMP/ec.pem" 2>/dev/null
python3 - "$MFA_SECRETS/google.json" "$E2E_TMP/ec.pem" "$E2E_TMP/sa-ec.json" <<'PY'
import json, os, sys
sa = json.load(open(sys.argv[1]))
sa["private_key"] = open(sys.argv[2]).read()
fd = os.open(sys.argv[3], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
os.write(fd, json.dumps(sa).encode())
PY
MFA_GOOGLE_SA=$E2E_TMP/sa-ec.json mfa_config ok google
mfa_scan
[ "$(mfa_status)" = error ] && ok "EC key -> error" ||
	not_ok "status $(mfa_status)"
mfa_reason | sed 's/; /\n/g' | grep "^google: " | grep -q "not an RSA key" &&
	ok "EC key: reason says it is not RSA" || not_ok "$(mfa_reason)"
grep -q "BEGIN PRIVATE KEY" "$MFA_REPORT" && not_ok "key in report" ||
	ok "no key material in the report"

# Wrong client secret: the sign-in is refused and the reason says where.
printf '%s' wrong-secret >"$E2E_TMP/m365-wrong"
chmod 600 "$E2E_TMP/m365-wrong"
MFA_M365_SECRET=$E2E_TMP/m365-wrong mfa_config ok microsoft365
mfa_scan
mfa_reason | sed 's/; /\n/g' | grep "^microsoft365: " | grep -q "AADSTS7000215" &&
	ok "wrong client secret: Entra's reason shown" || not_ok "$(mfa_reason)"
grep -q wrong-secret "$MFA_REPORT" && not_ok "secret in report" ||
	ok "the wrong secret is not in the report"
e2e_done

# Shared helpers for the mfa end-to-end tests (sourced after lib.sh):
# a config pointing every provider at one emulator scenario, a scan of
# only the mfa check, and assertions on the report it writes.

# mfa_setup: starts the emulator and prepares secrets and a test policy
# in which only mfa is mandatory (so --only mfa can finish complete).
mfa_setup() {
	start_emulator "$@" || { not_ok "emulator did not start"; e2e_done; exit 1; }
	MFA_SECRETS=$E2E_TMP/secrets
	install -d -m 700 "$MFA_SECRETS"
	(umask 077
	printf '%s' test-m365-client-secret >"$MFA_SECRETS/m365"
	printf '%s' test-github-owner-token >"$MFA_SECRETS/github"
	printf '%s' xoxp-test-slack-admin-token >"$MFA_SECRETS/slack"
	printf '%s' test-okta-api-token >"$MFA_SECRETS/okta"
	cp "$EMU_CERTS/google-sa.json" "$MFA_SECRETS/google.json")
	chmod 600 "$MFA_SECRETS"/*
	"$PC_BIN" keygen --out "$E2E_TMP/keys" >/dev/null
	cp -r "$PC_SRC/policies" "$E2E_TMP/policies"
	# Other checks optional: a scan of only mfa can be complete.
	awk '/^  [a-z]+:$/ { sect = $1 }
	     /mandatory: true/ && sect != "mfa:" { sub(/true/, "false") }
	     { print }' "$PC_SRC/policies/baseline.yaml" \
		>"$E2E_TMP/policies/baseline.yaml"
	MFA_SCAN_FLAGS=${PC_E2E_SCAN_FLAGS:-}
}

# mfa_config SCENARIO [PROVIDERS]: writes $E2E_TMP/cfg-SCENARIO.yaml with
# the demo staff and the listed providers (default all five).
mfa_config() {
	local scen=$1 provs=${2:-"microsoft365 google github slack okta"}
	local base="https://127.0.0.1:$EMU_PORT/$scen" p
	MFA_CFG=$E2E_TMP/cfg-$scen.yaml
	cat >"$MFA_CFG" <<YAML
office:
  id: exampleshire-north
  name: "Office of the Member for Exampleshire North"
  digital_lead: "Sam Example <sam.example@parliament.uk>"
  parliamentary_domains: [parliament.uk]
staff:
  - name: "Sam Example"
    role: digital lead
    email: sam.example@parliament.uk
    accounts: {github: samexample}
  - name: "Chris Member MP"
    role: member
    email: chris.member@parliament.uk
  - name: "Alex Caseworker"
    role: caseworker
    email: alex.caseworker@parliament.uk
  - name: "Priya Researcher"
    role: researcher
    email: priya.researcher@parliament.uk
    accounts: {github: priyaresearch}
  - name: "Jordan Manager"
    role: office manager
    email: jordan.manager@parliament.uk
report:
  dir: $E2E_TMP/reports
  signing_key: $E2E_TMP/keys/office.key
  fail_on: critical
policy: $E2E_TMP/policies/baseline.yaml
tls:
  ca_file: $EMU_CERTS/ca.pem
providers:
YAML
	for p in $provs; do
		case $p in
		microsoft365) cat >>"$MFA_CFG" <<YAML
  microsoft365:
    tenant: exampleshire.onmicrosoft.com
    client_id: 11111111-2222-3333-4444-555555555555
    client_secret_file: ${MFA_M365_SECRET:-$MFA_SECRETS/m365}
    login_url: $base/m365login
    graph_url: $base/graph
YAML
		;;
		google) cat >>"$MFA_CFG" <<YAML
  google:
    service_account_file: ${MFA_GOOGLE_SA:-$MFA_SECRETS/google.json}
    admin_subject: sam.example@parliament.uk
    customer: my_customer
    token_url: $base/google/token
    directory_url: $base/google/admin
YAML
		;;
		github) cat >>"$MFA_CFG" <<YAML
  github: {org: exampleshire-north, token_file: ${MFA_GITHUB_TOKEN:-$MFA_SECRETS/github}, api_url: $base/github}
YAML
		;;
		slack) cat >>"$MFA_CFG" <<YAML
  slack: {token_file: ${MFA_SLACK_TOKEN:-$MFA_SECRETS/slack}, api_url: $base/slack/api}
YAML
		;;
		okta) cat >>"$MFA_CFG" <<YAML
  okta: {url: $base/okta, token_file: ${MFA_OKTA_TOKEN:-$MFA_SECRETS/okta}}
YAML
		;;
		esac
	done
}

# mfa_scan: scans only mfa with $MFA_CFG; sets RC, OUT, ERR and MFA_REPORT
# (the report.json written, or "").
mfa_scan() {
	rm -rf "$E2E_TMP/scan-out"
	mkdir -p "$E2E_TMP/scan-out"
	run_pc scan --config "$MFA_CFG" --only mfa --json --out "$E2E_TMP/scan-out" \
		$MFA_SCAN_FLAGS
	MFA_REPORT=$(find "$E2E_TMP/scan-out" -name report.json 2>/dev/null | head -1)
}

# mfa_q EXPR: evaluates a Python expression over the mfa check's part of
# the report: f = [(subject, rule)], c = the check object, counts = [text].
mfa_q() {
	python3 - "$MFA_REPORT" "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c = next(x for x in r["checks"] if x["id"] == "mfa")
f = sorted((x["subject"], x["rule"]) for x in r["findings"] if x["check"] == "mfa")
counts = [x.get("text", "") if isinstance(x, dict) else str(x) for x in c.get("counts", [])]
print(eval(sys.argv[2]))
PY
}

# mfa_findings: the last report's mfa (subject, rule) pairs, one a line.
mfa_findings() { mfa_q "'\n'.join(s + ' ' + r for s, r in f)"; }

# mfa_scan_scenario SCENARIO PROVIDERS: scans SCENARIO~e2e with PROVIDERS
# and writes its findings to $E2E_TMP/got. First, once per provider set,
# a clean run (ok~TAG) whose findings go to $E2E_TMP/base-TAG; MFA_TAG is
# TAG, the providers joined with "-". Returns 1 (after not_ok) when the
# scan wrote no report.
mfa_scan_scenario() {
	local scen=$1 provs=$2
	MFA_TAG=$(echo "$provs" | tr ' ' '-')
	if [ ! -f "$E2E_TMP/base-$MFA_TAG" ]; then
		mfa_config "ok~$MFA_TAG" "$provs"
		mfa_scan
		mfa_findings >"$E2E_TMP/base-$MFA_TAG"
	fi
	mfa_config "$scen~e2e" "$provs"
	mfa_scan
	if [ -z "$MFA_REPORT" ]; then not_ok "$scen: no report: $ERR"; return 1; fi
	mfa_findings >"$E2E_TMP/got"
}

# mfa_expect_findings NAME PROVIDER "account:rule ..." : exactly these
# (account, rule) pairs for PROVIDER in the last report.
mfa_expect_findings() {
	local name=$1 prov=$2 want got
	want=$(for x in $3; do echo "$prov:${x%:*} ${x##*:}"; done | sort)
	got=$(mfa_q "'\n'.join(s + ' ' + r for s, r in f if s.startswith('$prov:'))" | sort)
	if [ "$want" = "$got" ]; then ok "$name"; else
		not_ok "$name: wanted [$want] got [$got]"; fi
}

# mfa_status: the mfa check's status in the last report.
mfa_status() { mfa_q 'c["status"]'; }
# mfa_reason: the mfa check's reason in the last report.
mfa_reason() { mfa_q 'c.get("reason") or ""'; }

# mfa_stats SCENARIO: total requests the emulator saw for SCENARIO.
mfa_stats() {
	curl -s --cacert "$EMU_CERTS/ca.pem" \
		"https://127.0.0.1:$EMU_PORT/_stats/$1" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["requests"])'
}

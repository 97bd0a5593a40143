#!/bin/bash
# The email check's DNS rules end to end: a real sandboxed scan of office
# domains through the emulator's DNS-over-HTTPS endpoint. One domain per
# rule and per fault (tests/emulator/fixtures/demo/dns.json): each rule
# fires exactly where it should; SERVFAIL, NXDOMAIN for a mistyped domain,
# an HTML answer, a cut-off message and a 64 KB TXT record each make the
# check an error naming that domain, never a pass; bad config is one line.
. "$(dirname "$0")/lib.sh"
E=mail-e2e.org.uk
start_emulator || { not_ok "emulator did not start"; e2e_done; exit 1; }
"$PC_BIN" keygen --out "$E2E_TMP/keys" >/dev/null
install -d -m 700 "$E2E_TMP/secrets"
(umask 077; printf '%s' test-m365-client-secret >"$E2E_TMP/secrets/m365")

# Only email mandatory and enabled: `scan --only email` is complete when it is.
make_policy email

# The providers are the emulator's (the check's forwarding part reads them).
cp "$EMU_CERTS/google-sa.json" "$E2E_TMP/secrets/google.json"
EB=https://127.0.0.1:$EMU_PORT/ok~dnsfwd
M365="
  microsoft365: {tenant: exampleshire.onmicrosoft.com, client_id: 11111111-2222-3333-4444-555555555555, client_secret_file: $E2E_TMP/secrets/m365, login_url: $EB/m365login, graph_url: $EB/graph}"
GOOGLE="
  google: {service_account_file: $E2E_TMP/secrets/google.json, admin_subject: sam.example@parliament.uk, token_url: $EB/google/token, directory_url: $EB/google/admin, gmail_url: $EB/google/gmail}"

# config NAME DOMAINS [EXTRA_YAML] [PROVIDERS_YAML]: writes $E2E_TMP/NAME.yaml
# (providers: Microsoft 365 unless PROVIDERS_YAML, which follows "providers:").
config() {
	local prov=${4:-$M365}
	CFG=$E2E_TMP/$1.yaml
	cat >"$CFG" <<YAML
office:
  id: exampleshire-north
  name: "Office of the Member for Exampleshire North"
  digital_lead: "Sam Example <sam.example@parliament.uk>"
  parliamentary_domains: [parliament.uk]
  domains: [$2]
staff:
  - {name: "Sam Example", role: digital lead, email: sam.example@parliament.uk}${STAFF:-}
report: {dir: $E2E_TMP/reports, signing_key: $E2E_TMP/keys/office.key, fail_on: high}
policy: $E2E_TMP/policies/baseline.yaml
tls: {ca_file: $EMU_CERTS/ca.pem}
providers:$prov
checks:
  email:
    doh_url: https://127.0.0.1:$EMU_PORT/${SCEN:-ok}/dns/dns-query
${3:-}
YAML
}

# scan: scans only email; sets RC, OUT, ERR and REPORT.
scan() {
	rm -rf "$E2E_TMP/reports"
	run_pc scan --config "$CFG" --only email --json ${PC_E2E_SCAN_FLAGS:-}
	REPORT=$(find "$E2E_TMP/reports" -name report.json 2>/dev/null | head -1)
}

# q EXPR: a Python expression over the report: f = sorted "subject rule"
# of email findings, c = the email check, F = the findings themselves
# (the forwarding part's left out: test_email_forwarding*.sh test them).
q() {
	python3 - "$REPORT" "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
F = [x for x in r["findings"] if x["check"] == "email" and
     not x["rule"].startswith("forwarding_")]
f = sorted(x["subject"] + " " + x["rule"] for x in F)
c = next(x for x in r["checks"] if x["id"] == "email")
print(eval(sys.argv[2]))
PY
}

# expect_findings NAME "subject rule" ...: exactly these email findings.
expect_findings() {
	local name=$1 want got
	shift
	want=$(printf '%s\n' "$@" | sed '/^$/d' | sort)
	got=$(q "'\n'.join(f)" | sed '/^$/d')
	if [ "$want" = "$got" ]; then ok "$name"; else
		not_ok "$name: wanted [$want] got [$got]"; fi
}

# One scan, one domain per rule.
config rules "good.$E, twospf.$E, plusall.$E, qall.$E, pnone.$E, nodmarc.$E, nospf.$E, dkimoff.$E, splitspf.$E, parked.$E"
scan; [ -n "$REPORT" ] || not_ok "no report: $ERR"
[ -n "$REPORT" ] || { not_ok "rules: no report: $ERR"; e2e_done; exit 1; }
expect_rc "rules: findings at or above high" 1
expect_findings "each DNS rule fires exactly on its domain" \
	"twospf.$E spf_weak" "plusall.$E spf_weak" "qall.$E spf_weak" \
	"pnone.$E dmarc_none" "nodmarc.$E dmarc_missing" \
	"nospf.$E spf_missing" "nospf.$E dkim_missing" "dkimoff.$E dkim_missing"
[ "$(q 'c["status"]')" = fail ] && ok "rules: check is fail (complete)" || not_ok "rules: status $(q 'c["status"]') $(q 'c.get("reason")')"
[ "$(q '[x["severity"] for x in F if x["rule"] == "spf_missing"][0]')" = high ] && ok "spf_missing is high" || not_ok "spf_missing severity"
[ "$(q '[x["severity"] for x in F if x["rule"] == "dkim_missing"][0]')" = medium ] && ok "dkim_missing is medium" || not_ok "dkim_missing severity"
[ "$(q 'all(x["escalate_to"] == "office_fixes" for x in F)')" = True ] && ok "DNS findings go to office_fixes" || not_ok "routes"
[ "$(q 'all(x.get("owner") == "Sam Example" for x in F)')" = True ] && ok "DNS findings owned by the digital lead" || not_ok "DNS owner: $(q F)"
[ "$(q '"2 records" in [x["evidence"] for x in F if x["subject"].startswith("twospf")][0] or "records start v=spf1" in [x["evidence"] for x in F if x["subject"].startswith("twospf")][0]')" = True ] \
	&& ok "two SPF records: evidence says so" || not_ok "twospf evidence: $(q '[x["evidence"] for x in F if x["subject"].startswith("twospf")]')"
[ "$(q '"+all" in [x["evidence"] for x in F if x["subject"].startswith("plusall")][0]')" = True ] && ok "+all quoted in evidence" || not_ok "+all evidence"
[ "$(q '"selector1._domainkey.dkimoff" in [x["evidence"] for x in F if x["subject"].startswith("dkimoff")][0]')" = True ] \
	&& ok "dkim_missing names the selectors looked up" || not_ok "dkim evidence"
[ "$(q 'any("DNS lookups" in (x.get("text") if isinstance(x, dict) else str(x)) for x in c.get("counts", []))')" = True ] \
	&& ok "count line for DNS lookups" || not_ok "no DNS count line: $(q 'c.get("counts")')"

# Google and checks.email.dkim_selectors are selector groups of their own.
config groups "good.$E, dkimoff.$E" "    dkim_selectors: [s2024]" "$M365$GOOGLE"
scan; [ -n "$REPORT" ] || not_ok "no report: $ERR"
expect_findings "google + dkim_selectors: keys found on good, none on dkimoff" "dkimoff.$E dkim_missing"
[ "$(q '"Google Workspace" in F[0]["evidence"] and "dkim_selectors" in F[0]["evidence"]')" = True ] \
	&& ok "one dkim_missing lists every provider without a key" || not_ok "dkim groups evidence: $(q 'F[0]["evidence"]')"

# Sixteen long selectors: the evidence is capped, never overruns.
LONG=$(for i in $(seq 10 25); do printf 'selector-%s-%s, ' $i $(printf 'x%.0s' $(seq 50)); done)
config longsel "dkimoff.$E" "    dkim_selectors: [${LONG%, }]"
scan
expect_findings "16 long selectors: one dkim_missing" "dkimoff.$E dkim_missing"
[ "$(q 'c["status"] == "fail" and len(F[0]["evidence"]) < 1100')" = True ] \
	&& ok "16 long selectors: evidence capped, check complete" || not_ok "longsel: $(q 'c')"

# No mail provider and no selectors: DKIM is not checked, and says so.
config nodkim "dkimoff.$E" "" " {}"
scan; [ -n "$REPORT" ] || not_ok "no report: $ERR"
expect_findings "no provider: no dkim_missing" ""
[ "$(q 'any("DKIM not checked" in (x.get("text") if isinstance(x, dict) else str(x)) for x in c.get("counts", []))')" = True ] \
	&& ok "no provider: count line says DKIM was not checked" || not_ok "nodkim count: $(q 'c.get("counts")')"

# Faults: each an error naming its domain; the good domain still checked.
fault() { # NAME DOMAIN TEXT
	config "f-$1" "good.$E, $2"
	scan
	[ -n "$REPORT" ] || { not_ok "$1: no report: $ERR"; return; }
	expect_rc "$1: incomplete scan" 3
	[ "$(q 'c["status"]')" = error ] && ok "$1: check is error, not pass" || not_ok "$1: status $(q 'c["status"]')"
	if q 'c.get("reason") or ""' | grep -qiE "$3"; then ok "$1: reason matches /$3/"; else
		not_ok "$1: reason lacks /$3/: $(q 'c.get("reason")')"; fi
	if q 'c.get("reason") or ""' | grep -qF "$2"; then ok "$1: reason names $2"; else
		not_ok "$1: reason does not name $2"; fi
	expect_findings "$1: no finding invented for the failing domain" ""
}
fault servfail "servfail.$E" "SERVFAIL"
fault mistyped "exampleshire-nort-mp.org.uk" "does not exist in DNS.*NXDOMAIN.*spelling"
fault html "html.$E" "text/html instead of a DNS message"
fault truncated "truncated.$E" "not a valid DNS message"
fault bigtxt "bigtxt.$E" "8192-byte limit"

# The resolver itself failing: a 500 once is retried; throttled forever
# is an error for every domain, never a pass.
SCEN=500once~e2e config retry "good.$E, nodmarc.$E"
scan; [ -n "$REPORT" ] || not_ok "no report: $ERR"
expect_findings "500 once: retried, same findings" "nodmarc.$E dmarc_missing"
SCEN=429forever config throttled "good.$E"
scan; [ -n "$REPORT" ] || not_ok "no report: $ERR"
[ "$(q 'c["status"]')" = error ] && ok "resolver throttling: error" || not_ok "429forever status $(q 'c["status"]')"
q 'c.get("reason") or ""' | grep -q "429" && ok "429forever: reason has 429" || not_ok "429forever reason: $(q 'c.get("reason")')"

# staff_email_off_domain from the staff list: subject staff:<Name>, the
# person as owner, the address masked; office domains are not flagged.
STAFF='
  - {name: "Jane Smith", role: caseworker, email: Jane.Smith1979@Hotmail.co.uk, aliases: ["Jan Smith"]}
  - {name: "Ravi Patel", role: researcher, email: ravi@ravi-consulting.example}
  - {name: "Web Team", role: volunteer, email: web@good.mail-e2e.org.uk}
  - {name: "Chris Member MP", role: member, email: chris.member@mps.parliament.uk}' \
	config staff "good.$E"
scan
expect_findings "staff_email_off_domain for the two non-office addresses" \
	"staff:Jane Smith staff_email_off_domain" "staff:Ravi Patel staff_email_off_domain"
[ "$(q '[x.get("owner") for x in F if x["subject"] == "staff:Jane Smith"][0]')" = "Jane Smith" ] \
	&& ok "staff finding owned by the person" || not_ok "staff owner: $(q 'F')"
[ "$(q '[x["severity"] for x in F][0]')" = medium ] && ok "staff_email_off_domain is medium" || not_ok "staff severity"
q '[x["evidence"] for x in F if x["subject"] == "staff:Jane Smith"][0]' | grep -q 'J\*\*\*@Hotmail.co.uk (a personal mail service' \
	&& ok "personal address masked, named as personal" || not_ok "staff evidence: $(q 'F')"
if grep -qi "jane.smith1979" "$REPORT" "$E2E_TMP/out" "$E2E_TMP/err"; then
	not_ok "the personal address leaked into the report or output"
else ok "the personal address is not in the report or output"; fi
q '[x["evidence"] for x in F if x["subject"] == "staff:Ravi Patel"][0]' | grep -q "outside the office's domains" \
	&& ok "non-personal outside domain said as such" || not_ok "ravi evidence"
# Without office.domains the check has no network at all and still
# reports the staff list.
STAFF='
  - {name: "Jane Smith", role: caseworker, email: jane.smith@gmail.com}' config staffonly ""
scan
expect_findings "no domains: staff rule only" "staff:Jane Smith staff_email_off_domain"
[ "$(q 'c["status"] == "fail" and not any("DNS" in str(x) for x in c.get("counts", []))')" = True ] \
	&& ok "no domains: no DNS lookups, check complete" || not_ok "no domains: $(q 'c')"
STAFF=""

# config check: one lookup through the configured resolver, from the
# scan's sandbox; a resolver that does not answer is a red line.
config probe "good.$E" "" " {}"
run_pc config check --config "$CFG"
grep -qF "ok   email dns: look up good.$E over https://127.0.0.1:$EMU_PORT/ok/dns/dns-query" "$E2E_TMP/out" &&
	ok "config check: the resolver answers" || not_ok "config check: $OUT"
config probebad "good.$E" "" " {}"
sed -i "s|/ok/dns/dns-query|/ok/dns/no-such-endpoint|" "$CFG"
run_pc config check --config "$CFG"
expect_rc "config check: a resolver that does not answer" 2
grep -q "^FAIL email dns: cannot look up good.$E over" "$E2E_TMP/out" &&
	ok "config check: the failed lookup is red" || not_ok "config check bad resolver: $OUT"

# Bad config: one precise line, exit 2.
config badurl "good.$E" "    doh_url: https://"
sed -i '/doh_url: https:\/\/127/d' "$CFG"
run_pc scan --config "$CFG" --only email
expect_rc "malformed doh_url" 2
expect_err "malformed doh_url: names the key" "checks.email.doh_url: expected the https:// address"
expect_one_line "malformed doh_url"
config baddom "https://good.$E/"
run_pc scan --config "$CFG" --only email
expect_rc "URL in office.domains" 2
expect_err "URL in office.domains: names the entry" "office.domains[0]: expected a domain name"
expect_one_line "URL in office.domains"
config plainhttp "good.$E" "    doh_url: http://127.0.0.1:$EMU_PORT/ok/dns/dns-query"
sed -i '0,/doh_url: https/{/doh_url: https/d}' "$CFG"
run_pc scan --config "$CFG" --only email
expect_rc "http:// doh_url" 2
expect_err "http:// doh_url refused" "checks.email.doh_url: expected an https:// URL"
e2e_done

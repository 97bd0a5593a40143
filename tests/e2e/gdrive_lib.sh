# Helpers for the Google Drive (exposure's gdrive part) end-to-end tests,
# sourced after lib.sh and exposure_lib.sh: the emulator, a config with the
# demo staff's google accounts and {kind: gdrive}, a scan of exposure, and
# assertions on the report.

# gd_setup: emulator, the service account key, keys, a policy in which
# only exposure runs.
gd_setup() {
	start_emulator || { not_ok "emulator did not start"; e2e_done; exit 1; }
	install -d -m 700 "$E2E_TMP/secrets"
	(umask 077; cp "$EMU_CERTS/google-sa.json" "$E2E_TMP/secrets/google.json")
	make_policy
	make_keys
}

# gd_config SCENARIO [EXTRA_STAFF_YAML]: $GD_CFG for the scenario.
gd_config() {
	local base="https://127.0.0.1:$EMU_PORT/$1"
	GD_CFG=$E2E_TMP/cfg-$1.yaml
	cat >"$GD_CFG" <<YAML
office:
  id: exampleshire-north
  name: "Office of the Member for Exampleshire North"
  digital_lead: "Sam Example <sam.example@parliament.uk>"
  parliamentary_domains: [parliament.uk]
staff:
  - {name: "Sam Example", role: digital lead, email: sam.example@parliament.uk, accounts: {google: sam.example@parliament.uk}}
  - {name: "Chris Member MP", role: member, email: chris.member@parliament.uk, accounts: {google: chris.member@parliament.uk}}
  - {name: "Alex Caseworker", role: caseworker, email: alex.caseworker@parliament.uk, accounts: {google: alex.caseworker@parliament.uk}}
  - {name: "Priya Researcher", role: researcher, email: priya.researcher@parliament.uk, accounts: {google: priya.researcher@parliament.uk}}
  - {name: "Jordan Manager", role: office manager, email: jordan.manager@parliament.uk, accounts: {google: jordan.manager@parliament.uk}}
${2:-}
report:
  dir: $E2E_TMP/reports
  signing_key: $E2E_TMP/keys/office.key
  fail_on: critical
policy: $E2E_TMP/policies/baseline.yaml
tls:
  ca_file: $EMU_CERTS/ca.pem
providers:
  google:
    service_account_file: $E2E_TMP/secrets/google.json
    admin_subject: sam.example@parliament.uk
    token_url: $base/google/token
    drive_url: $base/google
sources:
  - {kind: gdrive}
YAML
}

# gd_scan: scans exposure with $GD_CFG; sets RC, OUT, ERR and GD_REPORT.
gd_scan() {
	rm -rf "$E2E_TMP/scan-out"
	mkdir -p "$E2E_TMP/scan-out"
	run_pc scan --config "$GD_CFG" --only exposure --json \
		--out "$E2E_TMP/scan-out" ${PC_E2E_SCAN_FLAGS:-}
	GD_REPORT=$(find "$E2E_TMP/scan-out" -name report.json 2>/dev/null | head -1)
}

# gd_q EXPR: a Python expression over the report: F = the Drive findings,
# f = sorted "rule subject" lines, c = the exposure check, counts = texts.
gd_q() {
	python3 - "$GD_REPORT" "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c = next(x for x in r["checks"] if x["id"] == "exposure")
F = [x for x in r["findings"] if x["subject"].startswith("gdrive")]
f = sorted(x["rule"] + " " + x["subject"] for x in F)
counts = [x.get("text", "") if isinstance(x, dict) else str(x) for x in c.get("counts", [])]
print(eval(sys.argv[2]))
PY
}

# gd_findings: "rule subject" of each Drive finding, one a line, sorted.
gd_findings() { gd_q "'\n'.join(f)"; }

# gd_stats SCENARIO KEY: a value of the emulator's /_stats for SCENARIO.
gd_stats() {
	curl -s --cacert "$EMU_CERTS/ca.pem" \
		"https://127.0.0.1:$EMU_PORT/_stats/$1" |
		python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$2"
}

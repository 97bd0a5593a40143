#!/bin/bash
# Bad input gets one precise line on stderr and exit 2, and leaves no report.
. "$(dirname "$0")/lib.sh"
T=$E2E_TMP
D=$PC_SRC/tests/data/config

run_pc --help; expect_rc "--help" 0
run_pc --version; expect_rc "--version" 0
for c in init scan selftest; do
	run_pc $c --help; expect_rc "$c --help" 0
done
run_pc policy lint --help; expect_rc "policy lint --help" 0
run_pc frobnicate; expect_rc "unknown command" 2; expect_one_line "unknown command"
run_pc scan --frobnicate; expect_rc "unknown flag" 2; expect_one_line "unknown flag"
run_pc scan --only nosuchcheck --config "$D/minimal.yaml"
expect_rc "unknown --only id" 2; expect_err "unknown --only id" 'unknown check "nosuchcheck"'

run_pc scan --config "$T/missing.yaml"
expect_rc "missing config" 2; expect_one_line "missing config"
expect_err "missing config" "portcullis init"
run_pc scan --config "$T"
expect_rc "config is a directory" 2; expect_err "config is a directory" "not a regular file"
run_pc scan --config "$D/malformed.yaml"
expect_rc "malformed YAML" 2; expect_err "malformed YAML" "malformed.yaml:"
run_pc scan --config "$D/wrong_type.yaml"
expect_rc "wrong type" 2
expect_err "wrong type" 'sources[0].max_pages: expected a positive whole number, got "thirty"'
run_pc scan --config "$D/unknown_key.yaml"
expect_rc "unknown key" 2; expect_err "unknown key" "report.fail_onn: unknown key"
run_pc scan --config "$D/billion_laughs.yaml"
expect_rc "billion laughs" 2; expect_one_line "billion laughs"

# A config whose policy lacks a check id.
sed -e "s|dir: /tmp/pc-reports|dir: $T/reports|" "$D/minimal.yaml" >"$T/c1.yaml"
echo "policy: $PC_SRC/tests/data/policy/missing_check.yaml" >>"$T/c1.yaml"
run_pc scan --config "$T/c1.yaml"
expect_rc "policy missing a check id" 2
expect_err "policy missing a check id" "checks.threats: missing"
run_pc policy lint "$PC_SRC/tests/data/policy/missing_check.yaml"
expect_rc "policy lint bad file" 2
run_pc policy lint "$PC_SRC/policies/baseline.yaml"
expect_rc "policy lint baseline" 0
# A rule whose route the escalation file does not define.
cp -r "$PC_SRC/policies" "$T/pol"
sed -i 's/^  pds:/  pds_renamed:/' "$T/pol/escalation.yaml"
run_pc policy lint "$T/pol/baseline.yaml"
expect_rc "policy lint: route missing from escalation.yaml" 2
expect_err "policy lint: names the rule and file" "names a route that $T/pol/escalation.yaml does not define"
# The device end-of-life snapshot: a stale one warns, a broken one fails.
cp -r "$PC_SRC/policies" "$T/pol2"
sed -i 's/^snapshot_date: .*/snapshot_date: 2020-01-01/' "$T/pol2/eol-devices.yaml"
run_pc policy lint "$T/pol2/baseline.yaml"
expect_rc "policy lint: stale device snapshot is a warning" 0
expect_err "policy lint: warns on a snapshot over 180 days old" "eol-devices.yaml: warning: the device end-of-life snapshot is dated 2020-01-01"
sed -i 's/^snapshot_date: .*/snapshot_date: someday/' "$T/pol2/eol-devices.yaml"
run_pc policy lint "$T/pol2/baseline.yaml"
expect_rc "policy lint: bad device snapshot" 2
expect_err "policy lint: names the snapshot's problem" "eol-devices.yaml: snapshot_date: expected a date"

# A detector with no exposure rule: its matches would be dropped, so
# lint fails naming the detector's file and line.
cp -r "$PC_SRC/policies" "$T/pol3"
cat >>"$T/pol3/detectors/pii.yaml" <<'YAML'
  - id: e2e_orphan_detector
    title: A detector the policy has no rule for
    severity: low
    kind: weak
    validator: passport
    patterns:
      - '\bORPHAN[0-9]{4}\b'
YAML
dline=$(grep -n 'id: e2e_orphan_detector' "$T/pol3/detectors/pii.yaml" | cut -d: -f1)
run_pc policy lint "$T/pol3/baseline.yaml"
expect_rc "policy lint: detector without an exposure rule" 2
expect_err "policy lint: names the detector, its line and the fix" \
	"$T/pol3/detectors/pii.yaml:$dline: detector e2e_orphan_detector has no rule under checks.exposure.rules"

# --json: one object for scripts, the same verdicts.
run_pc policy lint --json "$PC_SRC/policies/baseline.yaml" "$T/pol3/baseline.yaml"
expect_rc "policy lint --json with one bad file" 2
python3 -c '
import json, sys
o = json.loads(sys.argv[1])
a, b = o["files"]
assert o["ok"] is False and a["ok"] is True and a["policy"] == "baseline" and len(a["sha256"]) == 64
assert b["ok"] is False and "e2e_orphan_detector" in b["error"]
' "$OUT" && ok "policy lint --json" || not_ok "policy lint --json: $OUT"
run_pc selftest --json
python3 -c '
import json, sys
o = json.loads(sys.argv[1])
assert o["kernel"] and len(o["guarantees"]) >= 5
assert o["held"] == all(g["held"] for g in o["guarantees"])
assert sys.argv[2] == ("0" if o["held"] else "2")
' "$OUT" "$RC" && ok "selftest --json" || not_ok "selftest --json: $OUT"
run_pc selftest --bogus; expect_rc "selftest --bogus" 2

# A secret file that others can read is refused before anything runs.
cat >"$T/c2.yaml" <<YAML
office: {id: t, name: T, digital_lead: S, parliamentary_domains: [parliament.uk]}
report: {dir: $T/reports, signing_key: $T/keys/office.key}
policy: $PC_SRC/policies/baseline.yaml
providers:
  github: {org: x, token_file: $T/github-token, api_url: "https://127.0.0.1:9/github"}
YAML
printf 'not-a-real-token' >"$T/github-token"
"$PC_BIN" keygen --out "$T/keys" >/dev/null
chmod 644 "$T/github-token"
run_pc scan --config "$T/c2.yaml" --only mfa
expect_rc "secret file 0644" 2; expect_one_line "secret file 0644"
expect_err "secret file 0644" "mode 0644 is too open; run chmod 600 $T/github-token"
if grep -q not-a-real-token "$T/err" "$T/out"; then not_ok "secret leaked"; else ok "secret not printed"; fi

# An output folder that cannot be created.
touch "$T/afile"
run_pc scan --config "$T/c2.yaml" --out "$T/afile/reports"
expect_rc "out dir not writable" 2; expect_err "out dir not writable" "cannot"
[ ! -e "$T/afile/reports" ] && ok "no report folder left" || not_ok "report folder left"

# init never overwrites.
run_pc init --config "$T/new/portcullis.yaml"; expect_rc "init" 0
cp "$T/new/portcullis.yaml" "$T/before"
run_pc init --config "$T/new/portcullis.yaml"
expect_rc "init refuses to overwrite" 2; expect_one_line "init refuses to overwrite"
cmp -s "$T/before" "$T/new/portcullis.yaml" && ok "existing config untouched" || not_ok "config changed"

e2e_done

#!/bin/bash
# Issue 11, hole 3: an office that keeps the name "baseline" and version 1
# but lowers every severity to info (or edits a detector) gets a scan that
# exits 0 and a report that verifies. The report's policy hash covers every
# file the policy loads, so PDS's approved-policies file (beside the
# keyring) makes `verify` say POLICY MODIFIED (exit 1, --json
# policy_approved: false) and `aggregate` show its own status (exit 1).
. "$(dirname "$0")/lib.sh"
T=$E2E_TMP

"$PC_BIN" keygen --out "$T/keys" >/dev/null
mkdir -p "$T/pds"
"$PC_BIN" keygen --print-keyring-line "$T/keys/office.pub" --office e2e-office >"$T/pds/keyring"
cp "$PC_SRC/policies/approved-policies" "$T/pds/approved-policies"
cp -r "$PC_SRC/policies" "$T/quiet"
sed -i -E 's/^(        severity:) (critical|high|medium|low)$/\1 info/' "$T/quiet/baseline.yaml"
grep -q "severity: high" "$T/quiet/baseline.yaml" && not_ok "sed lowered nothing"
cp -r "$PC_SRC/policies" "$T/detector"
printf '# an office edit\n' >>"$T/detector/detectors/pii.yaml"

config() { # config NAME POLICY
	cat >"$T/$1.yaml" <<YAML
office: {id: e2e-office, name: "E2E Office", digital_lead: "Sam <sam@parliament.uk>", parliamentary_domains: [parliament.uk]}
report: {dir: $T/reports-$1, signing_key: $T/keys/office.key, fail_on: high}
policy: $2
checks: {patch: {root: $PC_SRC/tests/data/patch/pending}}
YAML
}
config base "$PC_SRC/policies/baseline.yaml"
config quiet "$T/quiet/baseline.yaml"
config detector "$T/detector/baseline.yaml"

run_pc scan --config "$T/base.yaml" --quiet --only patch
RB=$(ls -d "$T"/reports-base/e2e-office/*/); RB=${RB%/}
run_pc scan --config "$T/quiet.yaml" --quiet --only patch
RQ=$(ls -d "$T"/reports-quiet/e2e-office/*/); RQ=${RQ%/}
run_pc scan --config "$T/detector.yaml" --quiet --only patch
RD=$(ls -d "$T"/reports-detector/e2e-office/*/); RD=${RD%/}

python3 - "$RB/report.json" "$RD/report.json" <<'PY' && ok "the manifest names every file and the detector edit changes the hash" || not_ok "manifest"
import json, sys, hashlib
b, d = (json.load(open(p)) for p in sys.argv[1:3])
paths = [f["path"] for f in b["policy"]["files"]]
want = {"baseline.yaml", "escalation.yaml", "eol.yaml", "eol-devices.yaml",
        "detectors/pii.yaml", "detectors/secrets.yaml", "personal_domains.yaml"}
assert want <= set(paths) and paths == sorted(paths), paths
text = "".join("%s  %s\n" % (f["sha256"], f["path"]) for f in b["policy"]["files"])
assert hashlib.sha256(text.encode()).hexdigest() == b["policy"]["sha256"]
assert b["policy"]["id"] == d["policy"]["id"] and b["policy"]["version"] == d["policy"]["version"]
assert b["policy"]["sha256"] != d["policy"]["sha256"]
PY

run_pc verify "$RB" --keyring "$T/pds/keyring"
expect_rc "the shipped baseline is approved" 0
echo "$OUT" | grep -q "approved, $T/pds/approved-policies:" && ok "verify names the approving line" || not_ok "verify: $OUT"
run_pc verify "$RQ" --keyring "$T/pds/keyring"
expect_rc "severities lowered to info: policy modified" 1
echo "$OUT" | grep -q "^POLICY MODIFIED: " && ok "verify says POLICY MODIFIED" || not_ok "verify: $OUT"
run_pc verify "$RD" --keyring "$T/pds/keyring" --json
expect_rc "a detector edited: policy modified" 1
echo "$OUT" | python3 -c 'import json,sys; j=json.load(sys.stdin); sys.exit(0 if j["valid"] is True and j["policy_approved"] is False else 1)' \
	&& ok "--json: valid, policy_approved false" || not_ok "json: $OUT"
# a mandatory check turned off and marked not mandatory: the scan is
# complete and exits 0, and only the policy hash gives it away
cp -r "$PC_SRC/policies" "$T/off"
python3 - "$T/off/baseline.yaml" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace("  mfa:\n    enabled: true\n    mandatory: true\n",
              "  mfa:\n    enabled: false\n    mandatory: false\n", 1)
open(p, "w").write(s)
PY
config off "$T/off/baseline.yaml"
run_pc scan --config "$T/off.yaml" --quiet --only patch
RO=$(ls -d "$T"/reports-off/e2e-office/*/); RO=${RO%/}
run_pc verify "$RO" --keyring "$T/pds/keyring"
expect_rc "mfa turned off and not mandatory: policy modified" 1
echo "$OUT" | grep -q "^POLICY MODIFIED: " && ok "verify says POLICY MODIFIED for it" || not_ok "verify: $OUT"
run_pc verify "$RQ" --keyring "$T/pds/keyring" --approved-policies "$T/nonexistent"
expect_rc "a missing --approved-policies file is an error" 2
run_pc verify "$RQ"
expect_rc "without a keyring or approved file the policy is not checked" 0

mkdir -p "$T/fleet"
cp -r "$T/reports-quiet/e2e-office" "$T/fleet/"
run_pc aggregate "$T/fleet" --keyring "$T/pds/keyring" --format json
expect_rc "aggregate: policy modified needs attention" 1
echo "$OUT" | python3 -c '
import json,sys; j=json.load(sys.stdin); o=j["offices"][0]
sys.exit(0 if o["status"] == "POLICY MODIFIED" and o["policy_approved"] is False and j["totals"]["policy_modified"] == 1 else 1)' \
	&& ok "aggregate: its own status" || not_ok "aggregate: $OUT"
rm -rf "$T/fleet/e2e-office"; cp -r "$T/reports-base/e2e-office" "$T/fleet/"
run_pc aggregate "$T/fleet" --keyring "$T/pds/keyring"
echo "$OUT" | grep -q "^POLICY MODIFIED" && not_ok "approved shown as modified: $OUT" || ok "aggregate: approved policy is not flagged"
e2e_done

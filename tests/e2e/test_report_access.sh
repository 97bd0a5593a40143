#!/bin/bash
# Issue 11, hole 9: report files are not world-readable (files 0640,
# folders 0750, the group portcullis when it exists, else the user's), the
# office's HTML pages forbid loading or running anything, and init tells
# the digital lead how to add their own account to the report group.
. "$(dirname "$0")/lib.sh"
T=$E2E_TMP

run_pc init --config "$T/etc/portcullis.yaml"; expect_rc "init" 0
echo "$OUT" | grep -q 'readable only by their owner and the group "portcullis" (files 0640, folders 0750)' \
	&& ok "init says who can read the reports" || not_ok "init: $OUT"
echo "$OUT" | grep -q "usermod -aG portcullis $(id -un)" \
	&& ok "init says how to add your own account to the group" || not_ok "init: $OUT"
SUDO_USER=sam.example run_pc init --config "$T/etc2/portcullis.yaml"
echo "$OUT" | grep -q "usermod -aG portcullis sam.example" \
	&& ok "init under sudo names the person's own account" || not_ok "init: $OUT"

"$PC_BIN" keygen --out "$T/keys" >/dev/null
cat >"$T/c.yaml" <<YAML
office: {id: e2e-office, name: "E2E Office", digital_lead: "Sam <sam@parliament.uk>", parliamentary_domains: [parliament.uk]}
report: {dir: $T/reports, signing_key: $T/keys/office.key, fail_on: high}
policy: $PC_SRC/policies/baseline.yaml
checks: {patch: {root: $PC_SRC/tests/data/patch/pending}}
YAML
(umask 000; "$PC_BIN" scan --config "$T/c.yaml" --quiet --only patch >/dev/null 2>&1)
R=$(ls -d "$T"/reports/e2e-office/*/); R=${R%/}
want_group=$(getent group portcullis | cut -d: -f3); want_group=${want_group:-$(id -g)}
bad=$(find "$T/reports" -type f ! -perm 0640 -o -type d ! -perm 0750 -path "$T/reports/*")
[ -z "$bad" ] && ok "files 0640 and folders 0750 even with umask 000" || not_ok "modes: $bad $(ls -laR "$T/reports")"
[ "$(stat -c %g "$R/report.html")" = "$want_group" ] && ok "report group" || not_ok "group $(stat -c %g "$R/report.html")"
for f in report.html checklist.html; do
	grep -qF "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">" "$R/$f" \
		&& ok "$f has the Content-Security-Policy" || not_ok "$f lacks the CSP"
done
e2e_done

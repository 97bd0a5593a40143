#!/bin/bash
# A real sandboxed scan of the patch check on fixture machines: exit codes,
# report contents, incomplete scans, and a report write that runs out of
# disk leaving nothing behind.
. "$(dirname "$0")/lib.sh"
T=$E2E_TMP

# write_config NAME ROOT: a config scanning only this machine's patch level.
write_config() {
	mkdir -p "$T/keys"
	cat >"$T/$1.yaml" <<YAML
office: {id: e2e-office, name: "E2E Office", digital_lead: "Sam <sam@parliament.uk>", parliamentary_domains: [parliament.uk]}
report: {dir: $T/reports, signing_key: $T/keys/office.key, fail_on: high}
policy: $PC_SRC/policies/baseline.yaml
checks: {patch: {root: $2}}
YAML
}
"$PC_BIN" keygen --out "$T/keys" >/dev/null

# report_field DIR EXPR: a value from the newest report under DIR.
report_field() {
	local f
	f=$(ls -d "$1"/e2e-office/*/ 2>/dev/null | sort | tail -n 1)report.json
	python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print($2)" "$f"
}

write_config pending "$PC_SRC/tests/data/patch/pending"
run_pc scan --config "$T/pending.yaml" --json
expect_rc "pending updates: findings at or above high" 1
python3 -c "import json,sys; s=json.loads(sys.argv[1]); assert s['complete'] and s['exit_code']==1 and s['findings']['high']>=1" "$OUT" \
	&& ok "--json summary on stdout" || not_ok "--json summary: $OUT"
expect_err "progress line per part" "patch/local: fail in"
[ "$(report_field "$T/reports" "r['checks'][0]['status']")" = fail ] && ok "patch is fail" || not_ok "patch status"
[ "$(report_field "$T/reports" "r['summary']['complete']")" = True ] && ok "report complete" || not_ok "report not complete"
[ "$(report_field "$T/reports" "r['sandbox']['checks']['patch']['seccomp'] and r['sandbox']['checks']['patch']['landlock_fs']")" = True ] \
	&& ok "sandbox layers recorded" || not_ok "sandbox layers not recorded"
[ "$(report_field "$T/reports" "[c['status'] for c in r['checks'] if c['id']=='mfa'][0]")" = not_applicable ] \
	&& ok "unconfigured mfa is not_applicable" || not_ok "mfa status"
[ "$(report_field "$T/reports" "all(f['due'] and f['id'] for f in r['findings'])")" = True ] \
	&& ok "every finding has an id and a due date" || not_ok "finding ids/dues"
[ "$(report_field "$T/reports" "len(r['policy']['sha256'])")" = 64 ] && ok "policy sha256 recorded" || not_ok "policy sha256"

run_pc scan --config "$T/pending.yaml" --quiet
expect_rc "--quiet scan" 1
[ -z "$ERR" ] && ok "--quiet prints nothing on stderr" || not_ok "--quiet printed: $ERR"

write_config uptodate "$PC_SRC/tests/data/patch/uptodate"
rm -rf "$T/reports"
run_pc scan --config "$T/uptodate.yaml"
case $RC in 0|1) ok "up-to-date machine scans (exit $RC)";; *) not_ok "up-to-date exit $RC: $ERR";; esac

# A truncated dpkg status: the check is an error, the scan incomplete (3).
write_config truncated "$PC_SRC/tests/data/patch/truncated"
rm -rf "$T/reports"
run_pc scan --config "$T/truncated.yaml"
expect_rc "truncated dpkg status: incomplete" 3
expect_err "truncated: reason shown" "patch/local: error"
[ "$(report_field "$T/reports" "r['summary']['complete']")" = False ] && ok "report says incomplete" || not_ok "report complete?"

# A 1 MB line in the dpkg status: an error, not a crash.
cp -r "$PC_SRC/tests/data/patch/pending" "$T/bigline"
python3 -c "import sys; open(sys.argv[1],'a').write('Description: ' + 'x'*(1<<20) + '\n')" \
	"$T/bigline/var/lib/dpkg/status"
write_config bigline "$T/bigline"
rm -rf "$T/reports"
run_pc scan --config "$T/bigline.yaml"
expect_rc "1 MB line: incomplete, not a crash" 3
[ "$(report_field "$T/reports" "'longer than' in [c for c in r['checks'] if c['id']=='patch'][0]['reason']")" = True ] \
	&& ok "1 MB line: reason names the long line" || not_ok "1 MB line reason"

# --no-sandbox is recorded and makes the scan incomplete.
rm -rf "$T/reports"
run_pc scan --config "$T/pending.yaml" --no-sandbox
expect_rc "--no-sandbox: incomplete" 3
[ "$(report_field "$T/reports" "r['sandbox']['disabled_by_operator']")" = True ] \
	&& ok "--no-sandbox recorded in the report" || not_ok "--no-sandbox not recorded"

# Disk full while writing the report: exit 2 and nothing left behind.
mkdir -p "$T/full"
if unshare -m true 2>/dev/null; then
	unshare -m bash -c '
		mount -t tmpfs -o size=64k tmpfs "$1" || exit 99
		mkdir -p "$1/e2e-office"
		head -c 56k /dev/zero >"$1/filler" 2>/dev/null
		"$2" scan --config "$3" --out "$1" --quiet 2>"$4/full.err"
		echo $? >"$4/full.rc"
		ls -A "$1/e2e-office" >"$4/full.ls"' _ "$T/full" "$PC_BIN" "$T/pending.yaml" "$T"
	rc=$(cat "$T/full.rc" 2>/dev/null || echo 99)
	if [ "$rc" = 99 ]; then
		echo "skipped: disk-full case (cannot mount tmpfs here)"
	else
		[ "$rc" = 2 ] && ok "disk full: exit 2" || not_ok "disk full: exit $rc $(cat "$T/full.err")"
		[ "$(wc -l <"$T/full.err")" = 1 ] && ok "disk full: one line" || not_ok "disk full: $(cat "$T/full.err")"
		[ ! -s "$T/full.ls" ] && ok "disk full: no partial report" || not_ok "disk full left: $(cat "$T/full.ls")"
	fi
else
	echo "skipped: disk-full case (no mount namespaces here)"
fi

# --only leaves out mandatory checks: exit 3, and the summary says which.
run_pc scan --config "$T/pending.yaml" --only patch --out "$T/only-reports"
expect_rc "--only patch: incomplete" 3
grep -qF "scan INCOMPLETE because --only skipped mfa, exposure, email; report:" "$E2E_TMP/out" &&
	ok "the summary names what --only skipped" || not_ok "summary: $OUT"
run_pc scan --config "$T/pending.yaml" --only patch --out "$T/only-reports" --json
python3 -c "import json,sys; s=json.loads(sys.argv[1]); assert s['incomplete_because']=='--only skipped mfa, exposure, email', s" "$OUT" &&
	ok "--json says why it is incomplete" || not_ok "--json incomplete_because: $OUT"
run_pc scan --help
# (words joined across the wrapped lines)
help=$(tr -s ' \n' '  ' <"$E2E_TMP/out")
case $help in *"makes the scan incomplete, exit 3: use --only to look at one thing"*)
	ok "scan --help: --only makes the scan incomplete" ;;
*) not_ok "scan --help does not say --only makes the scan incomplete: $OUT" ;; esac
e2e_done

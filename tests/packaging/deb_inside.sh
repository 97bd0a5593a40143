# Runs in a chroot on test_deb.sh's throwaway root (as root, no network).
#   deb_inside.sh install V1.deb V2.deb   install with apt, use, upgrade
#   deb_inside.sh purge                   remove, then purge
# (test_deb.sh boots the root between the two to run the unit.)
# Prints "ok: ..." / "FAILED: ..." lines; test_deb.sh counts them.
set -u
c=/etc/portcullis
ok() { echo "ok: $*"; }
not_ok() { echo "FAILED: $*"; }
# check NAME COMMAND...: ok when COMMAND succeeds.
check() {
	local name=$1
	shift
	if "$@" >/tmp/check.out 2>&1; then ok "$name"; else
		not_ok "$name: $(head -c 2000 /tmp/check.out)"; fi
}
# mode_of PATH: "owner:group mode", e.g. "portcullis:portcullis 700".
mode_of() { stat -c '%U:%G %a' "$1"; }
apt_get() {
	DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Use-Pty=0 \
		"$@"
}

# install_phase V1.deb V2.deb: install, init, scan, upgrade, scan again.
install_phase() {
v1=$1 v2=$2
# A clean start: no package, no user (the overlay is of the host).
if dpkg-query -W -f='${Status}' portcullis 2>/dev/null | grep -q installed; then
	dpkg --purge portcullis >/dev/null
fi

# Install: apt resolves from the already installed libraries, offline.
check "apt-get install v1" apt_get install "$v1"
check "portcullis user created" getent passwd portcullis
check "portcullis --version" sh -c 'portcullis --version | grep -qx "portcullis [0-9.]*"'
check "policy the starter names exists" \
	test -f /usr/share/portcullis/policies/baseline.yaml
check "example config installed" \
	grep -q '^# policy: /usr/share/portcullis/policies/baseline.yaml' \
	/usr/share/portcullis/portcullis.yaml.example
check "man page installed" test -f /usr/share/man/man1/portcullis.1.gz
check "bash completion installed" \
	test -f /usr/share/bash-completion/completions/portcullis
check "state folder owned by portcullis" \
	sh -c '[ "$(stat -c %U /var/lib/portcullis)" = portcullis ]'
check "timer not enabled on install" \
	test ! -e /etc/systemd/system/timers.target.wants/portcullis.timer
check "/etc/portcullis not shipped (init writes it)" test ! -e /etc/portcullis

# init writes the config and keys for the service user.
portcullis init >/tmp/init.out 2>&1
rc=$?
sed 's/^/  | /' /tmp/init.out
[ $rc -eq 0 ] && ok "portcullis init" || not_ok "init exit $rc: $(cat /tmp/init.out)"
for step in "  1. " "  2. " "  3. " "systemctl enable --now portcullis.timer" \
	"--print-dropin"; do
	grep -qF -- "$step" /tmp/init.out && ok "init prints \"$step\"" ||
		not_ok "init output lacks \"$step\": $(cat /tmp/init.out)"
done
[ "$(mode_of $c/portcullis.yaml)" = "root:portcullis 640" ] &&
	ok "config root:portcullis 0640" || not_ok "config is $(mode_of $c/portcullis.yaml)"
for d in keys secrets; do
	[ "$(mode_of $c/$d)" = "portcullis:portcullis 700" ] &&
		ok "$d/ portcullis 0700" || not_ok "$d/ is $(mode_of $c/$d)"
done
[ "$(mode_of $c/keys/office.key)" = "portcullis:portcullis 600" ] &&
	ok "signing key portcullis 0600" || not_ok "key is $(mode_of $c/keys/office.key)"
check "config not a conffile" sh -c '! dpkg-query -W -f="\${Conffiles}" portcullis | grep -q portcullis.yaml'
check "config not owned by the package" sh -c '! dpkg -S /etc/portcullis/portcullis.yaml'

# The office edits its config: every placeholder filled in (scan refuses
# one left) and its own fail_on.
sed -i -e 's/fill-in-constituency-name/test-office/' -e 's/FILL IN/Test/g' -e 's/fill\.in@/test.person@/g' -e 's/FILL-IN/test-office/g' -e 's/00000000-0000-0000-0000-000000000000/11111111-2222-3333-4444-555555555555/' \
	-e 's/^  fail_on: high/  fail_on: critical/' $c/portcullis.yaml
cp $c/portcullis.yaml /tmp/config.edited

# The drop-in for that config, checked by systemd like the units.
mkdir -p /etc/systemd/system/portcullis.service.d
portcullis init --print-dropin >/etc/systemd/system/portcullis.service.d/office.conf
check "drop-in printed" grep -q '^LoadCredential=office.key:/etc/portcullis/keys/office.key$' \
	/etc/systemd/system/portcullis.service.d/office.conf
check "drop-in binds the source" grep -q '^BindReadOnlyPaths=-/srv/office/shared$' \
	/etc/systemd/system/portcullis.service.d/office.conf
# config check as root on the installed system: it checks as the service
# user, and the provider secret not written yet is red.
portcullis config check >/tmp/config-check.out 2>&1
rc=$?
[ $rc -eq 2 ] && ok "config check: exit 2 (a secret is missing)" ||
	not_ok "config check exit $rc: $(cat /tmp/config-check.out)"
check "config check runs as the service user" grep -q \
	'^ok   scan user: portcullis (the installed portcullis.service runs as it)' /tmp/config-check.out
check "config check: the signing key is fine" grep -q \
	'^ok   secret /etc/portcullis/keys/office.key' /tmp/config-check.out
check "config check: the missing m365 secret is red" grep -q \
	'^FAIL secret /etc/portcullis/secrets/m365' /tmp/config-check.out
check "config check prints the drop-in" grep -q '^LoadCredential=office.key:' /tmp/config-check.out
check "systemd-analyze verify" systemd-analyze verify --man=no \
	/lib/systemd/system/portcullis.service /lib/systemd/system/portcullis.timer
score=$(systemd-analyze security --offline=true portcullis.service 2>&1 |
	sed -n 's/.*Overall exposure level for portcullis.service: \([0-9.]*\).*/\1/p')
if [ -n "$score" ] && awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }'; then
	ok "installed unit with drop-in: exposure $score"
else
	not_ok "installed unit exposure \"$score\""
fi

# A scan as the service runs it (the patch check sees the real dpkg state).
scan() {
	runuser -u portcullis -- portcullis scan --quiet --only patch \
		>/tmp/scan.out 2>&1
	echo $?
}
rc=$(scan)
grep -q '^portcullis scan of ' /tmp/scan.out || rc="$rc (no summary)"
case $rc in 0 | 1 | 3) ok "scan --only patch (exit $rc)" ;;
*) not_ok "scan exit $rc: $(cat /tmp/scan.out)" ;; esac
report=$(ls -d /var/lib/portcullis/reports/test-office/*/ 2>/dev/null | head -n 1)
if [ -n "$report" ] && [ -f "$report/report.json" ]; then
	ok "report written to $report"
	check "report verifies" portcullis verify "$report" \
		--pubkey $c/keys/office.pub
else
	not_ok "no report under /var/lib/portcullis/reports/test-office: $(cat /tmp/scan.out)"
fi
check "patch check ran" grep -q '^  patch .*\(pass\|fail\)' /tmp/scan.out
# A scan by hand as root is pointed at the service, not at chown.
portcullis scan --quiet --only patch >/tmp/root-scan.out 2>&1
rc=$?
[ $rc -eq 2 ] && grep -q 'systemctl start portcullis.service' /tmp/root-scan.out &&
	ok "a scan as root says to run the service" ||
	not_ok "scan as root: exit $rc: $(cat /tmp/root-scan.out)"
sha_before=$(cd /var/lib/portcullis && find . -type f | sort | xargs sha256sum)

# Upgrade to the next version: config, keys and reports kept.
check "apt-get install v2 (upgrade)" apt_get install "$v2"
check "version is v2" sh -c 'dpkg-query -W -f="\${Version}" portcullis | grep -q next1'
check "edited config kept" cmp $c/portcullis.yaml /tmp/config.edited
sha_after=$(cd /var/lib/portcullis && find . -type f | sort | xargs sha256sum)
[ -n "$sha_before" ] && [ "$sha_before" = "$sha_after" ] && ok "reports kept" || not_ok "reports changed"
check "key kept" test -f $c/keys/office.key
rc=$(scan)
grep -q '^portcullis scan of ' /tmp/scan.out || rc="$rc (no summary)"
case $rc in 0 | 1 | 3) ok "scan after upgrade (exit $rc)" ;;
*) not_ok "scan after upgrade exit $rc: $(cat /tmp/scan.out)" ;; esac
n=$(ls -d /var/lib/portcullis/reports/test-office/*/ | wc -l)
[ "$n" -ge 2 ] && ok "second report beside the first" || not_ok "$n reports"
}

# purge_phase: remove keeps the office's data; purge removes it.
purge_phase() {

check "apt-get remove" apt_get remove portcullis
check "remove keeps config" test -f $c/portcullis.yaml
check "remove keeps reports" test -d /var/lib/portcullis/reports/test-office
check "apt-get purge" apt_get purge portcullis
check "purge removes state" test ! -e /var/lib/portcullis
check "purge removes config and keys" test ! -e /etc/portcullis
check "purge removes the drop-in" test ! -e /etc/systemd/system/portcullis.service.d
check "package gone" sh -c '! dpkg-query -W -f="\${Status}" portcullis 2>/dev/null | grep -q installed'
}

case ${1:-} in
install) install_phase "$2" "$3" ;;
purge) purge_phase ;;
*) echo "usage: deb_inside.sh install V1.deb V2.deb | purge" >&2; exit 2 ;;
esac
exit 0

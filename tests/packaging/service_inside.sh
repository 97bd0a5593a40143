# Runs inside test_deb.sh's throwaway root, with the package installed
# and initialised (deb_inside.sh install).
#   service_inside.sh setup   in a chroot: the office's edits, the drop-in,
#                             and pc-test.service to run at boot
#   service_inside.sh run     in the root booted by systemd-nspawn
#                             (pc-test.service): start the unit, check, and
#                             power off
# Prints "ok: ..." / "FAILED: ..." lines into /pc-result.txt.
set -u
c=/etc/portcullis

setup() {
	rm -f /pc-result.txt
	# The office's edits: its placeholders filled in, no identity provider yet (so the scan is
	# complete), and a shared folder under /srv, which the unit hides.
	sed -i -e 's/fill-in-constituency-name/test-office/' -e 's/FILL IN/Test/g' -e 's/fill\.in@/test.person@/g' -e 's/FILL-IN/test-office/g' -e 's/00000000-0000-0000-0000-000000000000/11111111-2222-3333-4444-555555555555/' \
		-e 's/^  fail_on: .*/  fail_on: high/' $c/portcullis.yaml
	sed -i '/^  microsoft365:/,/client_secret_file/d; s/^providers:$/providers: {}/' \
		$c/portcullis.yaml
	mkdir -p /srv/office/shared
	printf 'Casework notes for the surgery on Friday.\n' >/srv/office/shared/notes.txt
	# The keys readable by root only: the scan can sign only if systemd
	# passes them as credentials (the drop-in's LoadCredential=).
	chown root:root $c/keys/office.key $c/keys/office.hmac
	chmod 600 $c/keys/office.key $c/keys/office.hmac
	mkdir -p /etc/systemd/system/portcullis.service.d
	portcullis init --print-dropin >/etc/systemd/system/portcullis.service.d/office.conf
	# Test only: the unit stays loaded after a successful run, so its exit
	# status can be read (systemd forgets it when it unloads the unit).
	printf '[Service]\nRemainAfterExit=yes\n' \
		>/etc/systemd/system/portcullis.service.d/zz-test.conf
	cat >/etc/systemd/system/pc-test.service <<'UNIT'
[Unit]
Description=portcullis packaging test
After=basic.target
SuccessAction=poweroff-force
FailureAction=poweroff-force

[Service]
Type=oneshot
ExecStart=/bin/bash /pc-service-test.sh run
UNIT
}

ok() { echo "ok: $*" >>/pc-result.txt; }
not_ok() { echo "FAILED: $*" >>/pc-result.txt; }
# start_scan: starts portcullis.service, sets STATUS and RESULT.
start_scan() {
	systemctl start portcullis.service
	STATUS=$(systemctl show -p ExecMainStatus --value portcullis.service)
	RESULT=$(systemctl show -p Result --value portcullis.service)
	journalctl -u portcullis.service --no-pager -o cat >/tmp/journal.txt
	systemctl stop portcullis.service
	systemctl reset-failed portcullis.service 2>/dev/null
}

run() {
	start_scan
	if [ "$STATUS" = 1 ] && [ "$RESULT" = success ]; then
		ok "a scan with findings (exit 1) is success"
	else
		not_ok "first scan: exit $STATUS, result $RESULT: $(tail -n 20 /tmp/journal.txt)"
	fi
	grep -q 'Landlock ABI\|sandbox unavailable' /tmp/journal.txt &&
		not_ok "the agent's sandbox did not apply: $(grep -m1 'sandbox unavailable' /tmp/journal.txt)" ||
		ok "the agent's sandbox applied inside the unit"
	grep -qE '^  exposure +(pass|fail) ' /tmp/journal.txt &&
		ok "exposure read /srv/office/shared through the drop-in" ||
		not_ok "exposure: $(grep -m1 '^  exposure' /tmp/journal.txt)"
	grep -qE '^  patch +(pass|fail) ' /tmp/journal.txt &&
		ok "patch read the dpkg state inside the unit" ||
		not_ok "patch: $(grep -m1 '^  patch' /tmp/journal.txt)"
	report=$(ls -d /var/lib/portcullis/reports/test-office/*/ 2>/dev/null | tail -n 1)
	if [ -n "$report" ] && portcullis verify "$report" \
		--pubkey $c/keys/office.pub >/tmp/verify.out 2>&1; then
		ok "signed with the root-only key passed as a credential; verifies"
	else
		not_ok "report ${report:-missing}: $(cat /tmp/verify.out 2>/dev/null)"
	fi
	[ "$(stat -c %U "$report/report.json" 2>/dev/null)" = portcullis ] &&
		ok "report owned by portcullis" || not_ok "report owner"

	# An incomplete scan (a source gone) fails the unit, with the reason.
	mv /srv/office/shared /srv/office/gone
	start_scan
	[ "$STATUS" = 3 ] && [ "$RESULT" = exit-code ] &&
		ok "an incomplete scan (exit 3) fails the unit" ||
		not_ok "incomplete scan: exit $STATUS, result $RESULT"
	grep -q '/srv/office/shared could not be read' /tmp/journal.txt &&
		ok "the journal says which source" ||
		not_ok "journal lacks the reason: $(tail -n 12 /tmp/journal.txt)"
	mv /srv/office/gone /srv/office/shared

	# A config error fails the unit with the one line naming file and key.
	cp $c/portcullis.yaml /tmp/good.yaml
	sed -i 's/^  fail_on: high/  fail_on: severe/' $c/portcullis.yaml
	start_scan
	[ "$STATUS" = 2 ] && [ "$RESULT" = exit-code ] &&
		ok "a config error (exit 2) fails the unit" ||
		not_ok "config error: exit $STATUS, result $RESULT"
	grep -q 'portcullis.yaml:[0-9]*: report.fail_on' /tmp/journal.txt &&
		ok "journalctl -u portcullis shows the one-line reason" ||
		not_ok "journal lacks the reason: $(tail -n 5 /tmp/journal.txt)"
	cp /tmp/good.yaml $c/portcullis.yaml

	if systemctl enable --now portcullis.timer >/tmp/timer.out 2>&1 &&
		[ -n "$(systemctl show -p NextElapseUSecRealtime --value portcullis.timer)" ]; then
		ok "timer enabled, next run $(systemctl show -p NextElapseUSecRealtime --value portcullis.timer)"
	else
		not_ok "timer: $(cat /tmp/timer.out)"
	fi
}

case ${1:-} in
setup) setup ;;
run) run ;;
*) echo "usage: service_inside.sh setup | run" >&2; exit 2 ;;
esac

# The systemd units: exposure score, the timer's schedule, exit codes, and a
# syscall filter that still lets the agent install its own sandbox.
. "$PC_SRC/tests/e2e/lib.sh"
svc=$PC_SRC/packaging/portcullis.service
timer=$PC_SRC/packaging/portcullis.timer
command -v systemd-analyze >/dev/null || {
	echo "SKIP: systemd-analyze missing (packaging/install-deps.sh)"; exit 77; }

# The exposure score, at most 2.0 (issue 18).
score=$(systemd-analyze security --offline=true "$svc" 2>&1 |
	sed -n 's/.*Overall exposure level for portcullis.service: \([0-9.]*\).*/\1/p')
if [ -n "$score" ] && awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }'; then
	ok "exposure $score <= 2.0"
else
	not_ok "exposure \"$score\" above 2.0 or unreadable"
fi

# setting FILE KEY: the value of KEY= in FILE (last one wins, as systemd).
setting() { sed -n "s/^$2=//p" "$1" | tail -n 1; }
[ "$(setting "$timer" OnCalendar)" = monthly ] && ok "monthly" ||
	not_ok "OnCalendar is not monthly"
[ "$(setting "$timer" Persistent)" = true ] && ok "Persistent=true" ||
	not_ok "timer not persistent"
[ "$(setting "$timer" FixedRandomDelay)" = yes ] && ok "FixedRandomDelay" ||
	not_ok "no FixedRandomDelay=yes"
delay=$(setting "$timer" RandomizedDelaySec)
case $delay in
[2-9]d | [1-2][0-9]d) ok "RandomizedDelaySec=$delay spreads over days" ;;
*) not_ok "RandomizedDelaySec=$delay is not several days" ;;
esac
# Exit 1 (findings) is success; 2 and 3 are not listed, so they fail it.
[ "$(setting "$svc" SuccessExitStatus)" = 1 ] && ok "exit 1 is success" ||
	not_ok "SuccessExitStatus is not exactly 1"
for k in StateDirectory=portcullis UMask=0077 User=portcullis \
	ProtectSystem=strict NoNewPrivileges=yes; do
	grep -qx "$k" "$svc" && ok "$k" || not_ok "$k missing"
done

# expand ITEMS...: the syscalls a SystemCallFilter= list names.
expand() {
	local item
	for item in "$@"; do
		case $item in
		@*) systemd-analyze syscall-filter "$item" |
			awk 'NR > 1 && $1 !~ /^[@#]/ && NF { print $1 }' |
			while read -r s; do echo "$s"; done
			# nested groups
			for g in $(systemd-analyze syscall-filter "$item" |
				awk 'NR > 1 && $1 ~ /^@/ { print $1 }'); do
				expand "$g"
			done ;;
		*) echo "$item" ;;
		esac
	done
}
allow=$(grep '^SystemCallFilter=[^~]' "$svc" | sed 's/^SystemCallFilter=//')
deny=$(grep '^SystemCallFilter=~' "$svc" | sed 's/^SystemCallFilter=~//')
# shellcheck disable=SC2086
expand $allow | sort -u >"$E2E_TMP/allow"
# shellcheck disable=SC2086
expand $deny | sort -u >"$E2E_TMP/deny"
comm -23 "$E2E_TMP/allow" "$E2E_TMP/deny" >"$E2E_TMP/allowed"
# What agent/sandbox.c and the runner call while setting up a check child.
for s in setrlimit prlimit64 prctl seccomp landlock_create_ruleset \
	landlock_add_rule landlock_restrict_self capget clone clone3 fork \
	wait4 pipe2 socket connect socketpair; do
	grep -qx "$s" "$E2E_TMP/allowed" && ok "unit allows $s" ||
		not_ok "the unit's SystemCallFilter refuses $s, which the agent's sandbox needs"
done
# Things the service must not be able to do.
for s in capset ptrace mount reboot init_module bpf; do
	grep -qx "$s" "$E2E_TMP/allowed" && not_ok "unit allows $s" ||
		ok "unit refuses $s"
done
e2e_done

# The Debian package, really: built with packaging/build-deb.sh, linted,
# then installed with apt (maintainer scripts, user creation and all) into
# a throwaway root -- an overlay of this machine's root in a private mount
# and network namespace, so the host is never touched -- and used there:
#  1. deb_inside.sh install (chroot): init, a scan, an upgrade to the same
#     tree built as the next version;
#  2. service_inside.sh (systemd-nspawn boots the root, systemd as PID 1):
#     the real unit with the office's drop-in, exit statuses and journal,
#     credentials, /srv through the drop-in, the timer;
#  3. deb_inside.sh purge (chroot): remove, then purge.
# Needs root and systemd-nspawn; about 2 minutes.
. "$PC_SRC/tests/e2e/lib.sh"
if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: needs root (mount namespace and overlayfs)"; exit 77
fi
for tool in dpkg-buildpackage dh lintian unshare systemd-analyze apt-get \
	systemd-nspawn; do
	command -v "$tool" >/dev/null || {
		not_ok "$tool missing: run packaging/install-deps.sh"; e2e_done; }
done

# Lintian: no error and no warning but the ones packaging/README.md lists.
lint() {
	local allowed='initial-upload-closes-no-bugs'
	lintian --pedantic "$1" >"$E2E_TMP/lintian" 2>&1
	if grep -E '^[EW]: ' "$E2E_TMP/lintian" | grep -vE ": ($allowed) " |
		grep -q .; then
		not_ok "lintian on $(basename "$1"): $(grep -E '^[EW]: ' "$E2E_TMP/lintian")"
	else
		ok "lintian clean on $(basename "$1") ($(grep -cE '^[EWIP]: ' "$E2E_TMP/lintian") notes)"
	fi
}

up=$(sed -n 's/^project(portcullis VERSION \([0-9.]*\).*/\1/p' "$PC_SRC/CMakeLists.txt")
export DEB_BUILD_OPTIONS=nocheck
if deb1=$("$PC_SRC/packaging/build-deb.sh" --workdir "$E2E_TMP/build" \
	"$E2E_TMP/v1" 2>"$E2E_TMP/build1.err"); then
	ok "built $(basename "$deb1")"
else
	not_ok "build-deb.sh failed: $(tail -n 20 "$E2E_TMP/build1.err")"
	e2e_done
fi
# The next version, from the same tree (the compiled objects are reused).
if deb2=$("$PC_SRC/packaging/build-deb.sh" --workdir "$E2E_TMP/build" \
	--version "$up-1+next1" "$E2E_TMP/v2" 2>"$E2E_TMP/build2.err"); then
	ok "built $(basename "$deb2")"
else
	not_ok "build-deb.sh --version failed: $(tail -n 20 "$E2E_TMP/build2.err")"
	e2e_done
fi
lint "$deb1"
lint "$deb2"
rm -rf "$E2E_TMP/build"

# host_state: this machine's portcullis package and user, to compare after.
host_state() {
	dpkg-query -W -f='${Status} ${Version}' portcullis 2>/dev/null
	getent passwd portcullis
	ls -d /etc/portcullis /var/lib/portcullis 2>/dev/null
}
host_before=$(host_state)

# The throwaway root: overlay (upper layer on a tmpfs) of /, fresh /proc,
# /run and /tmp; lost when the namespace ends.
cp "$deb1" "$E2E_TMP/v1.deb"
cp "$deb2" "$E2E_TMP/v2.deb"
cat >"$E2E_TMP/enter.sh" <<'INNER'
set -e
mount --make-rprivate /
t=$1
mount -t tmpfs -o size=1g,mode=0700 tmpfs "$t/layers"
mkdir "$t/layers/up" "$t/layers/work" "$t/root"
mount -t overlay overlay \
	-o "lowerdir=/,upperdir=$t/layers/up,workdir=$t/layers/work" "$t/root"
r=$t/root
# The root's package database is a private copy, taken while the host's
# dpkg and apt are idle: this machine's own apt runs (other work on it)
# must neither show through the overlay half-done nor see ours.
dpkg_idle() {
	[ -z "$(ls -A /var/lib/dpkg/updates)" ] && python3 -c '
import fcntl
for p in ("/var/lib/dpkg/lock-frontend", "/var/lib/dpkg/lock"):
    fcntl.lockf(open(p, "a"), fcntl.LOCK_EX | fcntl.LOCK_NB)'
}
for try in $(seq 120); do
	if dpkg_idle; then
		before=$(stat -c %Y /var/lib/dpkg/status)
		rm -rf "$t/layers/dpkg" "$t/layers/apt"
		cp -a /var/lib/dpkg "$t/layers/dpkg"
		cp -a /var/lib/apt "$t/layers/apt"
		dpkg_idle && [ "$(stat -c %Y /var/lib/dpkg/status)" = "$before" ] &&
			break
	fi
	[ "$try" -lt 120 ] || { echo "FAILED: this machine's dpkg stayed busy for 10 minutes"; exit 1; }
	sleep 5
done
mount --bind "$t/layers/dpkg" "$r/var/lib/dpkg"
mount --bind "$t/layers/apt" "$r/var/lib/apt"
mkdir -p "$r/pc-test"
cp "$t/v1.deb" "$t/v2.deb" "$PC_SRC/tests/packaging/deb_inside.sh" \
	"$PC_SRC/tests/packaging/service_inside.sh" "$r/pc-test/"
cp "$PC_SRC/tests/packaging/service_inside.sh" "$r/pc-service-test.sh"
# No service may start from a maintainer script in this root.
printf '#!/bin/sh\nexit 101\n' >"$r/usr/sbin/policy-rc.d"
chmod 755 "$r/usr/sbin/policy-rc.d"
# in_chroot SCRIPT ARGS...: runs a test script in the root, with fresh
# /proc, /run and /tmp, the host's /dev and /sys.
in_chroot() {
	mount -t proc proc "$r/proc"
	mount --rbind /dev "$r/dev"
	mount --rbind /sys "$r/sys"
	mount -t tmpfs tmpfs "$r/run"
	mount -t tmpfs tmpfs "$r/tmp"
	chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root LANG=C.UTF-8 bash "$@" || echo "FAILED: $* exited $?"
	umount -R "$r/dev" "$r/sys"
	umount "$r/proc" "$r/run" "$r/tmp"
}
in_chroot /pc-test/deb_inside.sh install /pc-test/v1.deb /pc-test/v2.deb
in_chroot /pc-test/service_inside.sh setup
# Boot the root: systemd as PID 1 runs pc-test.service, which starts the
# real unit (service_inside.sh run). nspawn 252's own syscall filter lacks
# the Landlock calls: allow them, as a real machine has no such filter.
timeout 600 systemd-nspawn -q -D "$r" --register=no --keep-unit \
	--link-journal=no --private-network \
	--system-call-filter="landlock_create_ruleset landlock_add_rule landlock_restrict_self" \
	-b -- systemd.unit=pc-test.service >"$t/boot.log" 2>&1 || true
cat "$r/pc-result.txt" 2>/dev/null ||
	{ echo "FAILED: no result from the booted root"; tail -n 40 "$t/boot.log"; }
rm -f "$r/etc/systemd/system/pc-test.service" \
	"$r/etc/systemd/system/portcullis.service.d/zz-test.conf"
in_chroot /pc-test/deb_inside.sh purge
INNER
mkdir -p "$E2E_TMP/layers"
unshare --mount --net bash "$E2E_TMP/enter.sh" "$E2E_TMP" \
	>"$E2E_TMP/inside.out" 2>&1
rc=$?
# The whole log when something failed, else the results and what init said.
if [ "$rc" -ne 0 ] || grep -q '^FAILED: ' "$E2E_TMP/inside.out"; then
	cat "$E2E_TMP/inside.out"
else
	grep -E '^(ok: |  \| )' "$E2E_TMP/inside.out"
fi
E2E_PASS=$((E2E_PASS + $(grep -c '^ok: ' "$E2E_TMP/inside.out")))
E2E_FAIL=$((E2E_FAIL + $(grep -c '^FAILED: ' "$E2E_TMP/inside.out")))
[ "$rc" -eq 0 ] && ok "the throwaway root ran to the end" ||
	not_ok "the throwaway root stopped with exit $rc"
[ "$(host_state)" = "$host_before" ] && ok "the host is untouched" ||
	not_ok "the host's package or user state changed"
e2e_done

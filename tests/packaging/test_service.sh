# The packaged unit really run by systemd: the .deb installed into a
# throwaway overlay root (as test_deb.sh), which systemd-nspawn then boots,
# with systemd as PID 1 and no network. Inside (service_inside.sh), the
# unit's whole hardening applies around the agent's own sandbox: a scan
# with findings is success, a config error or an incomplete scan fails the
# unit with the reason in the journal, the office's drop-in lets the scan
# read /srv and sign with a root-only key passed as a credential, and the
# timer can be enabled. Needs root and systemd-nspawn (systemd-container).
. "$PC_SRC/tests/e2e/lib.sh"
if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: needs root (mount namespace, overlayfs, nspawn)"; exit 77
fi
for tool in dpkg-buildpackage dh systemd-nspawn unshare; do
	command -v "$tool" >/dev/null || {
		not_ok "$tool missing: run packaging/install-deps.sh"; e2e_done; }
done

export DEB_BUILD_OPTIONS=nocheck
if deb=$("$PC_SRC/packaging/build-deb.sh" "$E2E_TMP/out" 2>"$E2E_TMP/build.err"); then
	ok "built $(basename "$deb")"
else
	not_ok "build-deb.sh failed: $(tail -n 20 "$E2E_TMP/build.err")"
	e2e_done
fi
cp "$deb" "$E2E_TMP/v1.deb"

cat >"$E2E_TMP/enter.sh" <<'INNER'
set -e
mount --make-rprivate /
t=$1
mount -t tmpfs -o size=1g,mode=0700 tmpfs "$t/layers"
mkdir "$t/layers/up" "$t/layers/work" "$t/root"
mount -t overlay overlay \
	-o "lowerdir=/,upperdir=$t/layers/up,workdir=$t/layers/work" "$t/root"
r=$t/root
mkdir -p "$r/tmp/debs"
cp "$t/v1.deb" "$PC_SRC/tests/packaging/service_inside.sh" "$r/tmp/debs/"
cp "$PC_SRC/tests/packaging/service_inside.sh" "$r/pc-service-test.sh"
rm -f "$r/pc-result.txt"
# Set-up in a chroot: install, init, the office's edits and drop-in.
mount -t proc proc "$r/proc"
mount -t tmpfs tmpfs "$r/run"
chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
	LANG=C.UTF-8 bash /tmp/debs/service_inside.sh setup /tmp/debs/v1.deb
umount "$r/run" "$r/proc"
# Boot it. nspawn 252's own syscall filter lacks Landlock: allow it, as a
# real machine has no such outer filter.
timeout 600 systemd-nspawn -q -D "$r" --register=no --keep-unit \
	--link-journal=no --private-network \
	--system-call-filter="landlock_create_ruleset landlock_add_rule landlock_restrict_self" \
	-b -- systemd.unit=pc-test.service >"$t/boot.log" 2>&1 || true
cat "$r/pc-result.txt" 2>/dev/null || { echo "FAILED: no result from the booted root"; tail -n 40 "$t/boot.log"; }
INNER
mkdir -p "$E2E_TMP/layers"
unshare --mount bash "$E2E_TMP/enter.sh" "$E2E_TMP" >"$E2E_TMP/inside.out" 2>&1
rc=$?
if [ "$rc" -ne 0 ] || grep -q '^FAILED: ' "$E2E_TMP/inside.out"; then
	cat "$E2E_TMP/inside.out"
else
	grep -E '^(ok: |  \| )' "$E2E_TMP/inside.out"
fi
E2E_PASS=$((E2E_PASS + $(grep -c '^ok: ' "$E2E_TMP/inside.out")))
E2E_FAIL=$((E2E_FAIL + $(grep -c '^FAILED: ' "$E2E_TMP/inside.out")))
[ "$rc" -eq 0 ] && ok "the booted root ran to the end" ||
	not_ok "the throwaway root stopped with exit $rc"
e2e_done

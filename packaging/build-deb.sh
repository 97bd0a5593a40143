#!/bin/bash
# Builds the portcullis Debian package into OUTDIR from a clean copy of this
# source tree, with debhelper (packaging/debian/ becomes the copy's debian/).
# The one entry point for people, CI and the tests.
#
#   packaging/build-deb.sh [--version VERSION] [--workdir DIR] OUTDIR
#
#   --version V   package version V instead of packaging/debian/changelog's
#                 (a changelog entry is added to the copy; the tests build
#                 the same tree as the next version to test an upgrade)
#   --workdir D   build in D and keep it, so a second build reuses the
#                 compiled objects (default: a fresh temporary folder)
#
# DEB_BUILD_OPTIONS is passed on (nocheck: the tests are not built or run;
# parallel=N, default 2). Prints the path of the .deb it wrote.
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
version="" workdir="" outdir=""
while [ $# -gt 0 ]; do
	case $1 in
	--version) version=${2:?--version needs a value}; shift 2 ;;
	--workdir) workdir=${2:?--workdir needs a folder}; shift 2 ;;
	-h | --help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "build-deb.sh: unknown option $1; see --help" >&2; exit 2 ;;
	*) [ -z "$outdir" ] || { echo "build-deb.sh: one OUTDIR only" >&2; exit 2; }
	   outdir=$1; shift ;;
	esac
done
[ -n "$outdir" ] || { echo "usage: packaging/build-deb.sh [--version V] [--workdir DIR] OUTDIR" >&2; exit 2; }
for tool in dpkg-buildpackage dh cmake; do
	command -v "$tool" >/dev/null || {
		echo "build-deb.sh: $tool is missing; run packaging/install-deps.sh" >&2
		exit 2
	}
done
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)

if [ -z "$workdir" ]; then
	workdir=$(mktemp -d /tmp/pc-deb.XXXXXX)
	trap 'rm -rf "$workdir"' EXIT
fi
mkdir -p "$workdir/portcullis"
workdir=$(cd "$workdir" && pwd)
tree=$workdir/portcullis

# The copy: files git knows (tracked, or new and not ignored), so no build
# folder or local output gets in; mtimes are kept, so a reused workdir
# recompiles only what changed. A tracked file deleted but not yet
# committed is left out.
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
	git -C "$src" ls-files -z -c -o --exclude-standard |
		(cd "$src" && tar --null --ignore-failed-read -T - -cf - 2>/dev/null) |
		tar -xf - -C "$tree"
else
	(cd "$src" && tar --exclude='./build*' --exclude='./obj-*' \
		--exclude='./demo' --exclude='./out' -cf - .) | tar -xf - -C "$tree"
fi
rm -rf "$tree/debian"
cp -a "$src/packaging/debian" "$tree/debian"
cp "$src/packaging/portcullis.service" "$src/packaging/portcullis.timer" \
	"$src/packaging/portcullis-serve.service" \
	"$tree/debian/"

# The package's upstream version is CMake's project version.
upstream=$(sed -n 's/^project(portcullis VERSION \([0-9.]*\).*/\1/p' \
	"$src/CMakeLists.txt")
if [ -n "$version" ]; then
	{
		printf 'portcullis (%s) bookworm; urgency=medium\n\n' "$version"
		printf '  * Rebuilt from the same tree as version %s.\n\n' "$version"
		printf ' -- portcullis maintainers <security@portcullis.invalid>  %s\n\n' \
			"$(date -R)"
		cat "$src/packaging/debian/changelog"
	} >"$tree/debian/changelog"
fi
pkgver=$(cd "$tree" && dpkg-parsechangelog -S Version)
case $pkgver in
"$upstream"-*) ;;
*) echo "build-deb.sh: package version $pkgver does not match the CMake project version $upstream; fix packaging/debian/changelog" >&2
   exit 2 ;;
esac

opts=${DEB_BUILD_OPTIONS:-}
case " $opts " in *" parallel="*) ;; *) opts="$opts parallel=2" ;; esac
rm -f "$workdir"/portcullis_*.deb "$workdir"/portcullis-dbgsym_* \
	"$workdir"/portcullis_*.buildinfo "$workdir"/portcullis_*.changes
(cd "$tree" && DEB_BUILD_OPTIONS=${opts# } dpkg-buildpackage -us -uc -b -nc) \
	>"$workdir/build.log" 2>&1 || {
	tail -n 40 "$workdir/build.log" >&2
	echo "build-deb.sh: dpkg-buildpackage failed; full log above (last 40 lines)" >&2
	exit 1
}
deb=portcullis_${pkgver#*:}_$(dpkg-architecture -qDEB_HOST_ARCH).deb
cp "$workdir/$deb" "$outdir/"
echo "$outdir/$deb"

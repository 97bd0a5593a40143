#!/bin/bash
# Fails when a program the scripts under tests/, packaging/ and .ci/ call,
# or a library CMakeLists.txt builds with (PC_DEPS), comes from a Debian
# package that packaging/install-deps.sh does not install, so that README
# command 2 passes on a fresh Debian 12 root.
#
# tests/script-commands.py finds the programs (words in command position);
# each is mapped to its package with dpkg -S on its path in /usr/bin, /bin,
# /usr/sbin or /sbin, or through tests/deps-map.tsv when it is not
# installed here. A package passes when install-deps.sh lists it, when a
# listed package depends on it (python3 -> python3-minimal), or when it is
# Essential or Priority: required (every Debian root has those).
set -u
root=${1:-.}
cd "$root" || exit 2

# Not packages: shell functions are found by the parser; these are the rest.
#   portcullis  the binary this project builds
#   clang       tests/fuzz/run-fuzz.sh installs it on demand (not in ctest)
ignore=" portcullis clang "

# The pkgs=( ... ) array of install-deps.sh, without comments.
listed=$(sed 's/#.*//' packaging/install-deps.sh | sed -n '/^pkgs=(/,/)/p' |
	sed -e 's/^pkgs=(//' -e 's/)//' | tr -s ' \t\n' '\n' |
	sed '/^$/d' | sort -u)
[ -n "$listed" ] || { echo "check-deps: no pkgs=( ) list in packaging/install-deps.sh" >&2; exit 2; }

# Installed packages reachable from the list through Depends/Pre-Depends,
# plus every Essential or required package.
provided=$(dpkg-query -W -f='${Package}\t${Essential}\t${Priority}\t${Depends}, ${Pre-Depends}\n' |
	python3 -c '
import re, sys
listed = set(sys.argv[1].split())
deps, ok = {}, set()
for line in sys.stdin:
    name, essential, priority, depends = line.rstrip("\n").split("\t")
    deps[name] = [re.split(r"[ :(]", d.strip())[0]
                  for alt in depends.split(",") for d in alt.split("|")
                  if d.strip()]
    if essential == "yes" or priority == "required":
        ok.add(name)
todo = list(listed)
while todo:
    p = todo.pop()
    if p in ok and p not in listed:
        continue
    ok.add(p)
    todo += [d for d in deps.get(p, []) if d not in ok]
print("\n".join(sorted(ok)))
' "$listed")

# package_of PROG: the Debian package holding PROG, or nothing.
package_of() {
	local d f p
	for d in /usr/bin /bin /usr/sbin /sbin; do
		[ -e "$d/$1" ] || continue
		for f in "$d/$1" "${d#/usr}/$1" "$(readlink -f "$d/$1")"; do
			p=$(dpkg -S "$f" 2>/dev/null | grep -v "^diversion by" | head -n 1 | cut -d: -f1)
			[ -n "$p" ] && { echo "$p"; return; }
		done
	done
	awk -v p="$1" '$1 == p { print $2; exit }' tests/deps-map.tsv
}

scripts=$(git ls-files tests packaging .ci 2>/dev/null |
	grep -E '\.(sh|py)$|^\.ci/run$|^packaging/debian/portcullis\.(postinst|postrm|preinst|prerm)$')
[ -n "$scripts" ] || scripts=$(find tests packaging .ci -type f \( -name '*.sh' -o -name '*.py' -o -name run \))
fail=0
count=0
# shellcheck disable=SC2086
while IFS=$'\t' read -r prog script; do
	case "$ignore" in *" $prog "*) continue ;; esac
	count=$((count + 1))
	pkg=$(package_of "$prog")
	if [ -z "$pkg" ]; then
		echo "check-deps: $script calls '$prog', which no Debian package installs here and tests/deps-map.tsv does not map; install it, add it to packaging/install-deps.sh and map it in tests/deps-map.tsv" >&2
		fail=1
	elif ! grep -qxF "$pkg" <<<"$provided"; then
		echo "check-deps: $script calls '$prog' from the Debian package '$pkg', which packaging/install-deps.sh does not install; add $pkg to its pkgs list" >&2
		fail=1
	fi
done < <(python3 tests/script-commands.py $scripts | sort -u -k1,1)
# The libraries: each "module:package" of PC_DEPS in CMakeLists.txt names
# the package that installs the module's .pc file, and that package is
# in the list.
libs=$(sed -n '/^set(PC_DEPS/,/)/p' CMakeLists.txt | grep -oE '"[^":]+:[^"]+"' | tr -d '"')
[ -n "$libs" ] || { echo "check-deps: no PC_DEPS in CMakeLists.txt" >&2; exit 2; }
for dep in $libs; do
	mod=${dep%%:*} deb=${dep#*:}
	count=$((count + 1))
	grep -qxF "$deb" <<<"$listed" || {
		echo "check-deps: CMakeLists.txt needs $mod from $deb, which packaging/install-deps.sh does not install; add $deb to its pkgs list" >&2
		fail=1
	}
	pc=$(pkg-config --variable=pcfiledir "$mod" 2>/dev/null)/$mod.pc
	owner=$(dpkg -S "$(readlink -f "$pc")" 2>/dev/null | grep -v "^diversion by" | head -n 1 | cut -d: -f1)
	[ -z "$owner" ] && owner=$(dpkg -S "$pc" 2>/dev/null | grep -v "^diversion by" | head -n 1 | cut -d: -f1)
	if [ -n "$owner" ] && [ "$owner" != "$deb" ]; then
		echo "check-deps: CMakeLists.txt says $mod comes from $deb, but $pc is in $owner; correct PC_DEPS" >&2
		fail=1
	fi
done

[ "$count" -gt 20 ] || { echo "check-deps: only $count programs found; the script parser is broken" >&2; exit 1; }
[ $fail -eq 0 ] && echo "check-deps: $count programs and libraries, each from a package packaging/install-deps.sh installs"
exit $fail

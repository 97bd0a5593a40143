#!/bin/bash
# Fails when a lower layer includes a higher one. The layers, lowest first:
#   agent/lib/  helpers        (may include: lib)
#   agent/      trusted core   (lib, core)
#   checks/     checks         (lib, core, checks)
#   reporter/   rendering      (lib, core, reporter)
#   agent/cli/  command line   (anything); agent/serve/ (the PDS intake
#               server) is at this level too: it uses the reporter
# checks/ and reporter/ never include each other. See agent/README.md.
set -u
root=${1:-.}
cd "$root" || exit 2
layer() {
	case $1 in
	agent/lib/*) echo lib ;;
	agent/cli/* | agent/serve/*) echo cli ;;
	agent/*) echo core ;;
	checks/*) echo checks ;;
	reporter/*) echo reporter ;;
	*) echo other ;;
	esac
}
allowed() { # from to
	case "$1:$2" in
	lib:lib | core:lib | core:core) return 0 ;;
	checks:lib | checks:core | checks:checks) return 0 ;;
	reporter:lib | reporter:core | reporter:reporter) return 0 ;;
	cli:*) return 0 ;;
	esac
	return 1
}
bad=0 n=0
while IFS= read -r f; do
	from=$(layer "$f")
	dir=$(dirname "$f")
	while IFS= read -r inc; do
		[ -n "$inc" ] || continue
		n=$((n + 1))
		if [ -e "$dir/$inc" ]; then
			target=$(realpath -m --relative-to=. "$dir/$inc")
		else
			target=$inc
		fi
		to=$(layer "$target")
		[ "$to" = other ] && continue
		if ! allowed "$from" "$to"; then
			echo "$f: includes $inc ($from may not include $to)"
			bad=$((bad + 1))
		fi
	done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
done < <(find agent checks reporter -name '*.[ch]' | sort)
if [ "$bad" -gt 0 ]; then
	echo "$bad include(s) break the layering; see agent/README.md"
	echo "0 passed, 1 failed"
	exit 1
fi
echo "layering holds over $n includes"
echo "1 passed, 0 failed"

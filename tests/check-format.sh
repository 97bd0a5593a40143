#!/bin/bash
# Fails when product C code differs from .clang-format's layout, or holds a
# string literal split across lines (STYLE.md: messages stay whole, so one
# grep finds them). Fix with:
#   clang-format -i FILE && tests/join-literals.py FILE
set -u
root=${1:-.}
cd "$root" || exit 2
command -v clang-format >/dev/null || {
	echo "clang-format is not installed (packaging/install-deps.sh installs it)"
	exit 1
}
files=$(find agent checks reporter -name '*.[ch]' | sort)
fail=0
python3 tests/join-literals.py --check $files || fail=1
for f in $files; do
	if ! clang-format --dry-run -Werror "$f" 2>/dev/null; then
		echo "$f: not laid out as .clang-format says; run clang-format -i $f"
		fail=1
	fi
done
[ $fail = 0 ] && echo "1 passed, 0 failed" || echo "0 passed, 1 failed"
exit $fail

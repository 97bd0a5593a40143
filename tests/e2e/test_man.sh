#!/bin/bash
# One source for --help and the man page: the committed
# packaging/portcullis.1 is what `portcullis help --man` writes from the
# help table (agent/cli/help_text.c), every option of every command's
# --help is in it, and no help shows a path of the machine that built it.
# After changing the table: build, then
#   build/portcullis help --man >packaging/portcullis.1
. "$(dirname "$0")/lib.sh"
man=$PC_SRC/packaging/portcullis.1

run_pc help --man
expect_rc "help --man" 0
if cmp -s "$E2E_TMP/out" "$man"; then
	ok "packaging/portcullis.1 is the generated page"
else
	not_ok "packaging/portcullis.1 differs from portcullis help --man; regenerate it: $(diff "$man" "$E2E_TMP/out" | head -n 5)"
fi
if command -v groff >/dev/null; then
	w=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$man" 2>&1)
	[ -z "$w" ] && ok "groff: no warnings" || not_ok "groff warnings: $w"
fi
grep -q '^\.SH OPTIONS' "$man" && ok "an OPTIONS section" || not_ok "no OPTIONS section"

# Every command's --help, and every option it lists, is in the page.
cmds=$("$PC_BIN" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1; next } on { exit }')
[ "$(printf '%s\n' "$cmds" | wc -l)" -ge 10 ] && ok "commands listed" || not_ok "commands: $cmds"
for c in $cmds; do
	run_pc $c --help
	expect_rc "$c --help" 0
	grep -q "^\.SS \"portcullis $c" "$man" && ok "$c has a section" ||
		not_ok "$c has no section in the man page"
	for o in $(grep -oE -- '--[a-z][a-z-]*' "$E2E_TMP/out" | sort -u); do
		[ "$o" = --help ] && continue
		grep -qF -- "$(printf '%s' "$o" | sed 's/-/\\-/g')" "$man" ||
			not_ok "$c $o is not in the man page"
	done
	grep -qF "$PC_SRC" "$E2E_TMP/out" && not_ok "$c --help shows the build path $PC_SRC" ||
		ok "$c --help shows no build path"
done
# The options the issue found missing.
for o in 'fail\-on SEV' 'detectors\-dir DIR' 'quiet' 'print\-keyring\-line PUBKEY' \
	'policy\-dir DIR' 'example' 'print\-dropin'; do
	grep -qF -- ".B \\-\\-$o" "$man" && ok "man page has --$o" || not_ok "man page lacks --$o"
done
run_pc inspect --help
expect_out_i() { grep -qF -- "$1" "$E2E_TMP/out" && ok "inspect --help: $1" || not_ok "inspect --help lacks \"$1\": $OUT"; }
expect_out_i "/usr/share/portcullis/policies/detectors"
expect_out_i "source tree portcullis was"
run_pc help policy lint
expect_rc "help policy lint" 0
run_pc help nosuch
expect_rc "help of an unknown command" 2
e2e_done

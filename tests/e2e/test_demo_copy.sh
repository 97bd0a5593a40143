#!/bin/bash
# README command 1 in a copied checkout: the copy's build/ was configured
# from the original tree, which CMake refuses to reuse; demo.sh must build
# the copy in a folder of its own instead of stopping with a cache error.
. "$(dirname "$0")/lib.sh"

orig=$E2E_TMP/original
copy=$E2E_TMP/copy
mkdir -p "$orig"
# The tracked files (a clean clone), without .git: no git worktree needed.
(cd "$PC_SRC" && git ls-files -z | xargs -0 cp -a --parents -t "$orig") ||
	not_ok "copy the tracked files"
cmake -S "$orig" -B "$orig/build" -DCMAKE_BUILD_TYPE=Release >/dev/null ||
	not_ok "configure the original tree"
cp -a "$orig" "$copy"

# demo_configure TREE: runs the demo's build step (configure only) in TREE.
demo_configure() {
	env -u PC_BIN -u PC_BUILD_DIR bash "$1/tests/demo/demo.sh" --configure-only \
		>"$E2E_TMP/out" 2>"$E2E_TMP/err"
}
if demo_configure "$copy"; then
	ok "the demo configures a copied tree"
else
	not_ok "the demo failed in a copied tree: $(cat "$E2E_TMP/err")"
fi
b=$(cat "$E2E_TMP/out")
case "$b" in
"$copy"/build-*) ok "the copy builds in its own folder ($b)" ;;
*) not_ok "the copy's build folder is '$b'" ;;
esac
grep -qxF "CMAKE_HOME_DIRECTORY:INTERNAL=$copy" "$b/CMakeCache.txt" 2>/dev/null &&
	ok "the copy's build folder is configured from the copy" ||
	not_ok "the copy's build folder is not the copy's"
grep -q "was configured from $orig" "$E2E_TMP/err" &&
	ok "the demo says why it does not reuse build/" ||
	not_ok "no explanation on stderr: $(cat "$E2E_TMP/err")"
demo_configure "$orig" && [ "$(cat "$E2E_TMP/out")" = "$orig/build" ] &&
	ok "the original tree keeps its build/" ||
	not_ok "the original tree's build folder is '$(cat "$E2E_TMP/out")'"
e2e_done

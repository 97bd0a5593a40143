#!/bin/bash
# style.deps itself: on a tree whose install-deps.sh forgets curl, or a
# library package, tests/check-deps.sh fails and names what to add; a
# program that no package provides is named too.
. "$(dirname "$0")/lib.sh"
t=$E2E_TMP/tree
mkdir -p "$t/packaging" "$t/tests/e2e" "$t/.ci"
cp "$PC_SRC/CMakeLists.txt" "$t/"
cp "$PC_SRC/tests/check-deps.sh" "$PC_SRC/tests/script-commands.py" \
	"$PC_SRC/tests/deps-map.tsv" "$t/tests/"
cp "$PC_SRC"/tests/e2e/*lib.sh "$PC_SRC/tests/e2e/test_exposure_hibp.sh" \
	"$t/tests/e2e/"
cp "$PC_SRC/tests/run-tests.sh" "$PC_SRC/tests/demo/demo.sh" "$t/tests/" 2>/dev/null
cp "$PC_SRC/.ci/run" "$t/.ci/"

# run_check: runs the check on the copy; sets RC and ERR.
run_check() {
	bash "$t/tests/check-deps.sh" "$t" >"$E2E_TMP/out" 2>"$E2E_TMP/err"
	RC=$?
	ERR=$(cat "$E2E_TMP/err")
}

cp "$PC_SRC/packaging/install-deps.sh" "$t/packaging/"
run_check
expect_rc "the copy with the real list" 0

sed 's/^\tcurl$//' "$PC_SRC/packaging/install-deps.sh" >"$t/packaging/install-deps.sh"
grep -qx '	curl' "$t/packaging/install-deps.sh" && not_ok "curl still listed"
run_check
expect_rc "curl left out" 1
expect_err "names curl and the fix" "calls 'curl' from the Debian package 'curl', which packaging/install-deps.sh does not install; add curl to its pkgs list"

sed 's/ libyaml-dev / /' "$PC_SRC/packaging/install-deps.sh" >"$t/packaging/install-deps.sh"
run_check
expect_rc "a library package left out" 1
expect_err "names the library package" "needs yaml-0.1 from libyaml-dev, which packaging/install-deps.sh does not install"

cp "$PC_SRC/packaging/install-deps.sh" "$t/packaging/"
printf '#!/bin/bash\nset -e\nno-such-program-pc --flag | grep x\n' >"$t/tests/e2e/test_new.sh"
run_check
expect_rc "an unknown program" 1
expect_err "names the program and where" "tests/e2e/test_new.sh calls 'no-such-program-pc'"
e2e_done

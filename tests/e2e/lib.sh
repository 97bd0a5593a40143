# Shared helpers for the end-to-end tests: source it, call the assertions,
# end with `e2e_done`. Needs PC_BIN (the binary) and PC_SRC (source tree).
set -u
: "${PC_BIN:?set PC_BIN to the portcullis binary}"
: "${PC_SRC:?set PC_SRC to the source tree}"
E2E_PASS=0
E2E_FAIL=0
E2E_TMP=$(mktemp -d /tmp/pc-e2e.XXXXXX)
E2E_EMU_PID=""
trap 'e2e_cleanup' EXIT

# Removes the temp dir and stops the emulator if one was started.
e2e_cleanup() {
	[ -n "$E2E_EMU_PID" ] && kill "$E2E_EMU_PID" 2>/dev/null
	rm -rf "$E2E_TMP"
}

ok() { E2E_PASS=$((E2E_PASS + 1)); echo "ok: $*"; }
not_ok() { E2E_FAIL=$((E2E_FAIL + 1)); echo "FAILED: $*"; }

# run_pc ARGS...: runs the binary; sets RC, OUT (stdout) and ERR (stderr).
run_pc() {
	"$PC_BIN" "$@" >"$E2E_TMP/out" 2>"$E2E_TMP/err"
	RC=$?
	OUT=$(cat "$E2E_TMP/out")
	ERR=$(cat "$E2E_TMP/err")
}

# expect_rc NAME CODE: the last run_pc exited with CODE.
expect_rc() {
	if [ "$RC" -eq "$2" ]; then ok "$1 (exit $2)"; else
		not_ok "$1: exit $RC, wanted $2; stderr: $ERR"; fi
}

# expect_err NAME TEXT: stderr of the last run contains TEXT.
expect_err() {
	if grep -qF -- "$2" "$E2E_TMP/err"; then ok "$1"; else
		not_ok "$1: stderr lacks \"$2\": $ERR"; fi
}

# expect_one_line NAME: stderr of the last run is exactly one line.
expect_one_line() {
	local n
	n=$(wc -l <"$E2E_TMP/err")
	if [ "$n" -eq 1 ]; then ok "$1: one line"; else
		not_ok "$1: $n lines on stderr: $ERR"; fi
}

# start_emulator: starts the provider emulator; sets EMU_PORT and EMU_CERTS.
start_emulator() {
	EMU_CERTS=$E2E_TMP/emu
	mkdir -p "$EMU_CERTS"
	E2E_EMU_PID=$("$PC_SRC/tests/emulator/start.sh" "$EMU_CERTS" \
		"$EMU_CERTS/port" "$@") || return 1
	EMU_PORT=$(cat "$EMU_CERTS/port")
}

# e2e_done: prints the closing line and sets the exit status.
e2e_done() {
	echo "$E2E_PASS passed, $E2E_FAIL failed"
	[ "$E2E_FAIL" -eq 0 ]
}

# make_policy [CHECK]: a copy of policies/ where only CHECK (default
# exposure) is enabled, so `scan --only CHECK` is complete when CHECK is.
make_policy() {
	cp -r "$PC_SRC/policies" "$E2E_TMP/policies"
	python3 - "$E2E_TMP/policies/baseline.yaml" "${1:-exposure}" <<'PY'
import re, sys
p, keep = sys.argv[1], sys.argv[2]
s = open(p).read()
out, cur = [], None
for line in s.splitlines(True):
    m = re.match(r"^  ([a-z0-9_]+):\s*$", line)
    if m:
        cur = m.group(1)
    if cur and cur != keep:
        line = re.sub(r"^(    enabled:) true", r"\1 false", line)
        line = re.sub(r"^(    mandatory:) true", r"\1 false", line)
    out.append(line)
open(p, "w").write("".join(out))
PY
}

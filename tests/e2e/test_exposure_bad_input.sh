#!/bin/bash
# exposure on hostile content: invalid UTF-8, NUL bytes, a 100 MB single
# line, a zip bomb disguised as .docx, MIME nested 1,000 deep, a symlink
# loop, a symlink to /etc/shadow, an unreadable file, a FIFO and a file that
# changes while it is read. The scan never crashes, lists each skip with a
# reason, still finds what is findable, and is not `pass` when a mandatory
# source had an unreadable file.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/exposure_lib.sh"

make_policy
make_keys
src=$E2E_TMP/share
mkdir -p "$src/sub"
printf 'Client: Jo Example\nDate of birth: 03/09/1957\nNI number: JT 48 61 27 B\n' >"$src/good.txt"
printf 'caf\xe9 \xff\xfe broken \xc3\x28 NI number: WK 25 80 61 D \xed\xa0\x80 end\n' >"$src/bad-utf8.txt"
printf 'header\0\0\0binary NI number: PR 73 19 04 A\n' >"$src/nul.bin.txt"
python3 - "$src/huge-line.txt" <<'PY'
import sys
with open(sys.argv[1], "wb") as f:
    block = b"lorem ipsum dolor sit amet " * 38836  # ~1 MiB, no newline
    for _ in range(100):
        f.write(block)
    f.write(b" NI number: JT 48 61 27 B end")
PY
python3 "$PC_SRC/tests/data/content/make_office.py" bomb "$src/minutes.docx" 400
python3 - "$src/deep.eml" <<'PY'
import sys
d = ["From: a@example.com\nMessage-ID: <deep@example.com>\nMIME-Version: 1.0\n"]
for i in range(1000):
    d.append('Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (i, i))
d.append("Content-Type: text/plain\n\nNI number: JT 48 61 27 B\n")
for i in range(999, -1, -1):
    d.append("--b%d--\n" % i)
open(sys.argv[1], "w").write("".join(d))
PY
ln -s /etc/shadow "$src/shadow"
ln -s "$src/loop2" "$src/loop1"
ln -s "$src/loop1" "$src/loop2"
ln -s .. "$src/sub/up"
mkfifo "$src/pipe"
printf 'NI number: JT 48 61 27 B\n' >"$src/unreadable.txt"
chmod 000 "$src/unreadable.txt"
head -c 30000000 /dev/zero | tr '\0' 'a' >"$src/changing.txt"

write_config "$E2E_TMP/pc.yaml" "  - {kind: files, path: $src}"
sed "s|path: $src}|path: $src, optional: true}|" "$E2E_TMP/pc.yaml" >"$E2E_TMP/pc-opt.yaml"

# Root reads anything: run the scans as nobody so chmod 000 means something.
as_user=()
if [ "$(id -u)" -eq 0 ]; then
	chown -R 65534:65534 "$E2E_TMP"
	chown -h 65534:65534 "$src"/shadow "$src"/loop1 "$src"/loop2 "$src/sub/up"
	as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
run_scan() {
	"${as_user[@]}" "$PC_BIN" scan --config "$1" --only exposure --json ${PC_E2E_SCAN_FLAGS:-} \
		>"$E2E_TMP/out" 2>"$E2E_TMP/err"
	RC=$?
	OUT=$(cat "$E2E_TMP/out")
	ERR=$(cat "$E2E_TMP/err")
	REPORT=$(printf '%s' "$OUT" | python3 -c \
		'import json,sys; print(json.load(sys.stdin).get("report_dir",""))' \
		2>/dev/null)/report.json
}

# A writer appends to changing.txt while the scan runs.
( while :; do printf 'more text\n' >>"$src/changing.txt"; sleep 0.005; done ) &
writer=$!
run_scan "$E2E_TMP/pc.yaml"
kill "$writer" 2>/dev/null; wait "$writer" 2>/dev/null

expect_rc "unreadable file in a mandatory source: scan incomplete" 3
rq "exposure is error, not pass" 'c.get("status") == "error"'
rq "the reason names the unreadable file" '"unreadable.txt" in (c.get("reason") or "")'
rq "found the NI number in the normal file" 'any("good.txt" in x["subject"] for x in f)'
rq "found it through invalid UTF-8" 'any("bad-utf8.txt" in x["subject"] for x in f)'
rq "found it at the end of a 100 MB single line" 'any("huge-line.txt" in x["subject"] for x in f)'
rq "nothing from /etc/shadow" 'not any("shadow" in x["subject"] for x in f)'
counts='" ".join(c.get("counts", []))'
rq "symlink to /etc/shadow listed, never followed" "'shadow: symbolic link to a path outside the source folder' in $counts"
rq "symlink loop listed" "'loop' in $counts"
rq "FIFO listed" "'pipe: a named pipe (FIFO)' in $counts"
rq "zip bomb listed" "'zip bomb' in $counts"
rq "MIME 1,000 deep refused" "'nested deeper' in $counts"
rq "NUL-byte file skipped as binary" "'nul.bin.txt' in $counts and 'binary' in $counts"
rq "unreadable file listed with its reason" "'unreadable.txt' in $counts and 'Permission denied' in $counts"
rq "changing file noted" "'changing.txt' in $counts and 'changed while' in $counts"
if grep -qiE 'AddressSanitizer|runtime error|Segmentation' "$E2E_TMP/err"; then
	not_ok "sanitizer or crash output: $(head -c 400 "$E2E_TMP/err")"; else ok "no crash or sanitizer report"; fi

run_scan "$E2E_TMP/pc-opt.yaml"
expect_scan_rc "same share marked optional: findings, scan complete" 1
rq "optional source: exposure is fail, not error" 'c.get("status") == "fail"'
e2e_done

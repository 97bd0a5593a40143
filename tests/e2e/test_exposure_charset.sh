#!/bin/bash
# A windows-1252 mail message through the exposure pipeline, sandboxed:
# GMime has glibc load its CP1252 charset module (a file-backed executable
# mapping, which the seccomp filter keeps allowed while it refuses
# executable anonymous memory), and the NI number in the decoded text is
# found. Fails if the filter breaks charset conversion in the child.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/exposure_lib.sh"

make_policy
make_keys
src=$E2E_TMP/mail
mkdir -p "$src"
printf '%s\r\n' \
	'From: Jo Example <jo@example.com>' \
	'To: office@example.org' \
	'Subject: =?windows-1252?Q?Caf=E9_meeting?=' \
	'Message-ID: <cp1252-test@example.com>' \
	'MIME-Version: 1.0' \
	'Content-Type: text/plain; charset=windows-1252' \
	'Content-Transfer-Encoding: quoted-printable' \
	'' \
	'Dear office, about my =93housing=94 case at the caf=E9 =96 my' \
	'NI number is JT 48 61 27 B and I need help =80 urgently.' \
	>"$src/letter.eml"

write_config "$E2E_TMP/pc.yaml" "  - {kind: files, path: $src}"
scan_json "$E2E_TMP/pc.yaml"
rq "the check ran to the end in its sandbox" 'c.get("status") == "fail"'
rq "found the NI number in the windows-1252 body" \
	'any(x["rule"] in ("personal_record","uk_nino") and "letter.eml" in x["subject"] for x in f)'
rq "the sandbox record has the broker layer" \
	'r["sandbox"]["checks"]["exposure"].get("broker") is True'
e2e_done

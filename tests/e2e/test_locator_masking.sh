#!/bin/bash
# Issue 11, hole 2: personal data in a locator (a file name, a
# Message-ID) is masked in everything PDS may receive (report.json,
# report.html, findings.sarif), by the detectors rated above info; the
# office's checklist shows the real locator so staff can find the file;
# identity is taken before masking, so two files whose names differ only
# in the NI number stay two findings; an e-mail address (info) in a
# Message-ID is not masked.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/exposure_lib.sh"

make_policy
make_keys
src=$E2E_TMP/share
mkdir -p "$src/letters" "$src/mail"
body='Constituent casework. NI number: JT 48 61 27 B'
printf '%s\n' "$body" >"$src/Visit notes JT 48 61 27 B DOB 03-09-1957.txt"
printf '%s\n' "$body" >"$src/letters/reply PR 53 19 02 A.txt"
printf '%s\n' "$body" >"$src/letters/reply PR 53 19 03 A.txt"
cat >"$src/mail/inbox.mbox" <<'MBOX'
From someone@example.org Mon Jan  6 10:00:00 2025
From: Someone <someone@example.org>
To: office@example.org
Subject: my case
Message-ID: <card-4921817364529177@mail.example.org>
Date: Mon, 6 Jan 2025 10:00:00 +0000

My NI number is JT 48 61 27 B, please help.

From other@example.org Mon Jan  6 11:00:00 2025
From: Other <other@example.org>
To: office@example.org
Subject: another case
Message-ID: <alice.smith@example.org>
Date: Mon, 6 Jan 2025 11:00:00 +0000

My NI number is JT 48 61 27 B as well.

MBOX

write_config "$E2E_TMP/pc.yaml" "  - {kind: files, path: $src}"
scan_json "$E2E_TMP/pc.yaml"
expect_scan_rc "the scan runs" 1
dir=$(dirname "$REPORT")

# nothing PDS may receive holds the numbers of the names
for f in report.json report.html findings.sarif; do
	for raw in "48 61 27" "03-09-1957" "53 19 02" "53 19 03" \
		"4921817364529177"; do
		if grep -qF -- "$raw" "$dir/$f"; then
			not_ok "$f holds \"$raw\" from a locator"
		else
			ok "$f does not hold \"$raw\""
		fi
	done
done
rq "the NI number in a file name is masked in the subject" \
	'any("Visit notes JT ** ** ** B" in x["subject"] for x in f)'
rq "the date of birth in a file name is masked" \
	'any("Visit notes" in x["subject"] and "DOB" in x["subject"] and "1957" not in x["subject"] for x in f)'
rq "the card number in a Message-ID is masked" \
	'any("message <card-" in x["subject"] and "9177" in x["subject"] and "4921817364529177" not in x["subject"] for x in f)'
rq "an e-mail address in a Message-ID is not masked (info)" \
	'any("<alice.smith@example.org>" in x["subject"] for x in f)'
rq "two files differing only in the NI number stay two findings" \
	'len({x["id"] for x in f if "letters/reply" in x["subject"] and x["rule"] == "uk_nino"}) == 2'
rq "and both show the same masked name" \
	'len({x["subject"] for x in f if "letters/reply" in x["subject"] and x["rule"] == "uk_nino"}) == 1'
rq "count lines are masked too" \
	'not any("48 61 27" in k for k in c["counts"])'

# the office's checklist names the real files
for raw in "Visit notes JT 48 61 27 B DOB 03-09-1957.txt" \
	"reply PR 53 19 02 A.txt" "reply PR 53 19 03 A.txt" \
	"card-4921817364529177@mail.example.org"; do
	if grep -qF -- "$raw" "$dir/checklist.md"; then
		ok "checklist.md shows the real locator \"$raw\""
	else
		not_ok "checklist.md lacks the real locator \"$raw\""
	fi
done
if grep -qF -- "53 19 03" "$dir/checklist.html"; then
	ok "checklist.html shows the real locator"
else
	not_ok "checklist.html lacks the real locator"
fi

# the fleet view reads report.json: masked there too
run_pc aggregate "$E2E_TMP/reports" --format csv \
	--keyring "$E2E_TMP/keys/signer.pub"
if printf '%s' "$OUT" | grep -qF "48 61 27"; then
	not_ok "the fleet view holds a number from a locator"
else
	ok "the fleet view holds no number from a locator"
fi
e2e_done

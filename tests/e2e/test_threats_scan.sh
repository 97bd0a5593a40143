#!/bin/bash
# Issue 14: the threats check as a sandboxed child. `scan --only threats`
# over a temp office's mail and CSV export: one finding per flagged
# message and rule, the message's words never in the report; a source
# that cannot be read, or a CSV without its text column, is an error,
# never a pass; no source naming threats is not applicable.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/exposure_lib.sh"
source "$PC_SRC/tests/e2e/threats_lib.sh"

# only threats enabled, so `scan --only threats` is complete when it is
make_policy threats
make_keys
mkdir -p "$E2E_TMP/office"
cp "$PC_SRC/tests/demo/office/mail/threats-inbox.mbox" "$E2E_TMP/office/inbox.mbox"
cat >"$E2E_TMP/office/messages.csv" <<'CSV'
id,from,text
1,a@example.org,Thanks for sorting out the housing repair.
2,b@example.org,You are a worthless lying scumbag.
3,c@example.org,I am going to kill him when he comes to the surgery.
CSV


write_config "$E2E_TMP/pc.yaml" "  - {kind: mbox, path: $E2E_TMP/office/inbox.mbox, checks: [threats]}
  - {kind: csv, path: $E2E_TMP/office/messages.csv, text_column: text, checks: [threats]}"
tscan "$E2E_TMP/pc.yaml"
expect_scan_rc "threats found: the scan fails" 1
tq "the check fails" 'c["status"] == "fail"'
tq "one threat to life in the mail, by Message-ID" \
	'[x["subject"] for x in f if x["rule"] == "threat_to_life" and "inbox.mbox" in x["subject"]] == ["'"$E2E_TMP"'/office/inbox.mbox: threat-life-1@mail.example.org"]'
tq "one threat and one abusive message in the mail" \
	'sorted(x["rule"] for x in f if "inbox.mbox" in x["subject"]) == ["abuse", "threat", "threat_to_life"]'
tq "the hard benign messages (idioms, reported speech) are not flagged" \
	'not any("benign" in x["subject"] for x in f)'
# rows are the file's rows (the header is row 1), as a spreadsheet shows them
tq "the CSV export: abuse on row 3, threat to life on row 4" \
	'sorted((x["rule"], x["subject"].split(": ")[-1]) for x in f if "messages.csv" in x["subject"]) == [("abuse", "row 3"), ("threat_to_life", "row 4")]'
tq "evidence is the masked sender, the date and the matched words, never the text" \
	'all("matched " in x["evidence"] and "Christmas" not in x["evidence"] and "surgery" not in x["evidence"] for x in f) and any(re.match(r"from a\*\*\*@example.org \(sender #[0-9a-f]{12}\), 2025-02-10; matched", x["evidence"]) for x in f)'
tq "the threat to life goes to the police" \
	'all(x["escalate_to"] == "police_now" for x in f if x["rule"] == "threat_to_life")'
tq "counts say what was read" 'any("inbox.mbox: 1 file" in k for k in c["counts"])'
grep -q "He will not see Christmas" "$REPORT" && not_ok "the message text is in the report" \
	|| ok "the message text is not in the report"

# a CSV without its text column: error naming the column
write_config "$E2E_TMP/pc2.yaml" "  - {kind: csv, path: $E2E_TMP/office/messages.csv, text_column: body, checks: [threats]}"
tscan "$E2E_TMP/pc2.yaml"
tq "a CSV without the text column is an error naming it" \
	'c["status"] == "error" and "body" in c.get("reason", "")'

# an unreadable source: error, not pass
mkdir -p "$E2E_TMP/gone"
write_config "$E2E_TMP/pc3.yaml" "  - {kind: mbox, path: $E2E_TMP/gone/none.mbox, checks: [threats]}"
tscan "$E2E_TMP/pc3.yaml"
[ "$RC" -ne 0 ] && ok "a missing source does not pass (exit $RC)" || not_ok "a missing source passed"
if [ -f "$REPORT" ]; then
	tq "a missing source makes the check an error" 'c["status"] == "error"'
else
	ok "a missing source is refused before the scan: $(printf '%s' "$ERR" | head -1)"
fi

# doxxing: a protected postcode in a message, found by its keyed hash
mkdir -p "$E2E_TMP/dox"
printf 'id,text\n1,Everyone should know Sam lives at EX7 2QD and go round there.\n' \
	>"$E2E_TMP/dox/dox.csv"
write_config "$E2E_TMP/pc5.yaml" "  - {kind: csv, path: $E2E_TMP/dox/dox.csv, text_column: text, checks: [threats]}" \
	"checks:
  threats: {protected_file: $E2E_TMP/protected}"
printf 'EX7 2QD\n' | "$PC_BIN" protect add --config "$E2E_TMP/pc5.yaml" \
	--person "Sam Example" --kind postcode >/dev/null 2>"$E2E_TMP/prot.err" \
	&& ok "protect add a postcode" || not_ok "protect add: $(cat "$E2E_TMP/prot.err")"
tscan "$E2E_TMP/pc5.yaml"
tq "a protected postcode in an export row is doxxing, masked" \
	'any(x["rule"] == "doxxing" and x["subject"].endswith(": row 2") and "EX7 2QD" not in x["evidence"] for x in f)'
grep -q "EX7 2QD" "$REPORT" && not_ok "the postcode is in the report" || ok "the postcode is not in the report"

# no source names threats: not applicable, with why
write_config "$E2E_TMP/pc4.yaml" "  - {kind: files, path: $E2E_TMP/office}"
tscan "$E2E_TMP/pc4.yaml"
tq "no source naming threats: not applicable" \
	'c["status"] == "not_applicable" and "threats" in c.get("reason", "")'
e2e_done

#!/bin/bash
# Issue 14: harassment_pattern and an export's id, author and date
# columns. A CSV with id_column/author_column/date_column and a JSON
# export with dotted paths (tweet.full_text): one author abusive three
# times within 30 days is one finding listing the messages by record id;
# the same abusive text from three authors is one; three abusive messages
# spread over 90 days, and a lobbying campaign of identical polite
# messages, are not. A threats export without text_column is a config
# error naming its line.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/exposure_lib.sh"
source "$PC_SRC/tests/e2e/threats_lib.sh"

make_policy threats
make_keys
mkdir -p "$E2E_TMP/office"
cat >"$E2E_TMP/office/social.csv" <<'CSV'
msg_id,handle,posted,body
m1,@TrollAccount,2025-03-01T09:00:00Z,You are a worthless lying scumbag.
m2,@trollaccount,2025-03-04T22:10:00Z,Spineless traitorous scum. Resign.
m3,@TrollAccount,2025-03-20 08:00:00,You disgusting parasite. Nobody wants you.
c1,@resident1,2025-03-02,Please vote against the incinerator plan in Ward 4. It will harm our children's health.
c2,@resident2,2025-03-02,Please vote against the incinerator plan in Ward 4. It will harm our children's health.
c3,@resident3,2025-03-03,Please vote against the incinerator plan in Ward 4. It will harm our children's health.
c4,@resident4,2025-03-03,Please vote against the incinerator plan in Ward 4. It will harm our children's health.
s1,@slowburner,2025-01-01,You pathetic lying scumbag.
s2,@slowburner,2025-02-15,You pathetic lying scumbag again.
s3,@slowburner,2025-04-01,You pathetic lying scumbag as ever.
CSV
cat >"$E2E_TMP/office/replies.json" <<'JSON'
[
 {"tweet": {"id_str": "1901", "full_text": "Traitor scum like you should be strung up. Get out of our country you vile rat.", "created_at": "Wed Mar 05 20:19:24 +0000 2025"}, "user": {"screen_name": "patriot_a"}},
 {"tweet": {"id_str": "1902", "full_text": "Traitor scum like you should be strung up!! Get out of our country you vile rat", "created_at": "Thu Mar 06 10:00:00 +0000 2025"}, "user": {"screen_name": "patriot_b"}},
 {"tweet": {"id_str": "1903", "full_text": "traitor scum like you should be strung up. get out of our country, you vile rat.", "created_at": "Fri Mar 07 11:30:00 +0000 2025"}, "user": {"screen_name": "patriot_c"}},
 {"tweet": {"id_str": "1904", "full_text": "Thanks for opening the new library on Saturday.", "created_at": "Fri Mar 07 12:00:00 +0000 2025"}, "user": {"screen_name": "reader"}}
]
JSON


write_config "$E2E_TMP/pc.yaml" "  - {kind: csv, path: $E2E_TMP/office/social.csv, text_column: body, id_column: msg_id, author_column: handle, date_column: posted, checks: [threats]}
  - {kind: json, path: $E2E_TMP/office/replies.json, text_column: tweet.full_text, id_column: tweet.id_str, author_column: user.screen_name, date_column: tweet.created_at, checks: [threats]}"
tscan "$E2E_TMP/pc.yaml"
expect_scan_rc "abuse and a pattern found: the scan fails" 1
tq "the check fails" 'c["status"] == "fail"'
tq "each abusive row is named by its record id" \
	'sorted(x["subject"].split(": ")[-1] for x in f if x["rule"] == "abuse" and "social.csv" in x["subject"]) == ["m1", "m2", "m3", "s1", "s2", "s3"]'
tq "the author is masked with its keyed hash, the date shown" \
	'any(re.match(r"from T\*\*\* \(sender #[0-9a-f]{12}\), 2025-03-01; matched", x["evidence"]) for x in f)'
tq "no handle in the report" '"TrollAccount" not in json.dumps(r) and "patriot_a" not in json.dumps(r)'
tq "one author three times in 30 days: one finding (handle case ignored)" \
	'len([x for x in h if x["subject"].startswith("messages from")]) == 1'
tq "the finding lists the three messages with their dates" \
	'any("3 abusive messages from 2025-03-01 to 2025-03-20 (threshold 3 within 30 days)" in x["evidence"] and all("social.csv: m%d" % i in x["evidence"] for i in (1, 2, 3)) for x in h)'
tq "three abusive messages over 90 days are not a pattern" \
	'not any("social.csv: s1" in x["evidence"] for x in h)'
tq "the polite campaign is not harassment" \
	'not any("social.csv: c1" in x["evidence"] for x in h) and not any("social.csv: c" in x["subject"] for x in f)'
tq "one text from three authors: one finding" \
	'[x["subject"].split(" (")[0] for x in h if x["subject"].startswith("one text")] == ["one text from 3 senders"]'
tq "the JSON records are named by tweet.id_str" \
	'all("replies.json: %d" % i in "".join(x["evidence"] for x in h) for i in (1901, 1902, 1903))'
tq "the JSON text column alone is judged (the library thanks are not flagged)" \
	'not any(x["subject"].endswith(": 1904") for x in f)'
tq "harassment goes to Parliament security, due in a day" \
	'all(x["escalate_to"] == "parliament_security" and x["severity"] == "high" for x in h)'
ID1=$(python3 -c 'import json,sys; print(sorted(x["id"] for x in json.load(open(sys.argv[1]))["findings"] if x["rule"] == "harassment_pattern"))' "$REPORT")
tscan "$E2E_TMP/pc.yaml"
ID2=$(python3 -c 'import json,sys; print(sorted(x["id"] for x in json.load(open(sys.argv[1]))["findings"] if x["rule"] == "harassment_pattern"))' "$REPORT")
[ "$ID1" = "$ID2" ] && ok "the pattern findings keep their ids next scan" || not_ok "ids changed: $ID1 / $ID2"

# without id_column: a JSON array's records are $[N], a JSON line's its
# line number
printf '[{"m": "Thanks for the help."}, {"m": "You vile lying rat."}]\n' >"$E2E_TMP/office/arr.json"
printf '{"m": "Thanks for the help."}\n{"m": "You vile lying rat."}\n' >"$E2E_TMP/office/lines.jsonl"
write_config "$E2E_TMP/pc3.yaml" "  - {kind: json, path: $E2E_TMP/office/arr.json, text_column: m, checks: [threats]}
  - {kind: json, path: $E2E_TMP/office/lines.jsonl, text_column: m, checks: [threats]}"
tscan "$E2E_TMP/pc3.yaml"
tq "a JSON record without an id is \$[N], a JSON line is line N" \
	'sorted(x["subject"].split("/")[-1] for x in f) == ["arr.json: $[1]", "lines.jsonl: line 2"]'

# a threats export without text_column: config error naming the line
write_config "$E2E_TMP/bad.yaml" "  - {kind: json, path: $E2E_TMP/office/replies.json, checks: [threats]}"
run_pc scan --config "$E2E_TMP/bad.yaml" --only threats
expect_rc "a threats export without text_column is a config error" 2
printf '%s' "$ERR" | grep -q "bad.yaml:[0-9]*: sources\[0\].text_column: missing" \
	&& ok "the error names the line and the key" || not_ok "error: $ERR"
write_config "$E2E_TMP/bad2.yaml" "  - {kind: mbox, path: $E2E_TMP/office/social.csv, author_column: handle, checks: [threats]}"
run_pc config check --config "$E2E_TMP/bad2.yaml"
expect_rc "author_column on a mailbox is a config error" 2
e2e_done

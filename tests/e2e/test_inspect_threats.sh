#!/bin/bash
# portcullis inspect --detectors threats: the sample mail (base64,
# quoted-printable, HTML-only, .txt attachment, quoted reply, casework)
# through the real pipeline; one JSON line per flagged message.
. "$(dirname "$0")/lib.sh"
M="$PC_SRC/tests/data/threats/mail"

run_pc inspect --detectors threats "$M/sample.mbox"
expect_rc "threats found in the mbox" 1
n=$(printf '%s\n' "$OUT" | grep -c '^{"detector":')
[ "$n" -eq 4 ] && ok "4 flagged messages" || not_ok "4 flagged messages (got $n)"
for id in b64.0 qp.1 html.2 att900; do
	printf '%s\n' "$OUT" | grep -q "\"message_id\":\"$id@mail.example.net\"" &&
	    ok "$id flagged" || not_ok "$id flagged"
done
printf '%s\n' "$OUT" | grep -q 'reply.3@' && not_ok "a reply quoting a threat is not a new threat" ||
    ok "a reply quoting a threat is not a new threat"
printf '%s\n' "$OUT" | grep -q 'casework.4@' && not_ok "casework about knife crime is not flagged" ||
    ok "casework about knife crime is not flagged"
printf '%s\n' "$OUT" | grep '"message_id":"b64.0@' | grep -q '"detector":"threat_to_life","severity":"critical"' &&
    ok "threat to life is critical" || not_ok "threat to life is critical"
if printf '%s\n' "$OUT" | /usr/bin/python3 -c '
import json, sys
for line in sys.stdin:
    o = json.loads(line)
    assert {"detector", "severity", "path", "message_id", "matched"} <= set(o), o
    assert "Wexcombe" not in o["matched"], o
'; then ok "every line is JSON with detector, path, message_id, matched"; else not_ok "JSON fields"; fi
case "$ERR" in *"doxxing not checked"*) ok "doxxing skipped with one line on stderr" ;;
	*) not_ok "doxxing skipped with one line on stderr" ;; esac
# a reply that backs the threat it quotes is the writer's threat; one that
# passes it on for the police is not
mkdir -p "$E2E_TMP/backed"
printf 'From: a@example.net\nMessage-ID: <backed.1@x>\n\nForwarded so she can see it. Couldn'"'"'t agree more.\n\nOn Mon, 10 Nov 2025, Ashby Chat wrote:\n> Lee: we will stab her at the lights switch-on\n' >"$E2E_TMP/backed/1.eml"
printf 'From: b@example.net\nMessage-ID: <warned.2@x>\n\nPlease pass this to the police, it frightened me.\n\nOn Mon, 10 Nov 2025, Ashby Chat wrote:\n> Lee: we will stab her at the lights switch-on\n' >"$E2E_TMP/backed/2.eml"
run_pc inspect --quiet --detectors threats "$E2E_TMP/backed"
printf '%s\n' "$OUT" | grep '"message_id":"backed.1@x"' | grep -q 'the writer backs' &&
    ok "a quoted threat the writer backs is flagged" || not_ok "a quoted threat the writer backs is flagged: $OUT"
printf '%s\n' "$OUT" | grep -q 'warned.2@' && not_ok "a quoted threat passed on to the police is not flagged" ||
    ok "a quoted threat passed on to the police is not flagged"
# policy lint loads the lexicons the policy names
run_pc policy lint "$PC_SRC/policies/baseline.yaml"
expect_rc "policy lint with the shipped lexicons" 0
cp -r "$PC_SRC/policies" "$E2E_TMP/pol"
sed -i 's/^    - will|wil|wll|wiill/    - "{nosuch} will"/' "$E2E_TMP/pol/lexicons/threats-words.yaml"
run_pc policy lint "$E2E_TMP/pol/baseline.yaml"
expect_rc "policy lint refuses a broken lexicon" 2
case "$ERR" in *"threats-words.yaml:"*"{nosuch}: no such set"*) ok "lint names the lexicon file and line" ;;
	*) not_ok "lint names the lexicon file and line: $ERR" ;; esac
e2e_done

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
# a writer re-sending their own earlier threat (a resend note, or the
# forwarded From is their own address) sends it again; a victim
# forwarding what was sent to them, with a note, does not
mkdir -p "$E2E_TMP/own"
printf 'From: Gary Holt <gh@example.net>\nMessage-ID: <resent.1@x>\n\nResending as you ignored this.\n\n---------- Forwarded message ---------\nFrom: Gary Holt <gh@example.net>\nDate: Mon, 3 Nov 2025\n\nI will burn your office down with you in it.\n' >"$E2E_TMP/own/1.eml"
printf 'From: Gary Holt <GH@example.net>\nMessage-ID: <samefrom.2@x>\n\nWell?\n\nOn Mon, 3 Nov 2025, Gary Holt <gh@example.net> wrote:\n> You will get a brick through your window.\n' >"$E2E_TMP/own/2.eml"
printf 'From: Jo Victim <jo@example.net>\nMessage-ID: <victim.3@x>\n\nThis is what my ex sent me last night. I am scared.\n\n---------- Forwarded message ---------\nFrom: Lee <lee@example.net>\nDate: Mon, 3 Nov 2025\n\nI will burn your house down with you in it.\n' >"$E2E_TMP/own/3.eml"
printf 'From: Dan <dan@example.net>\nMessage-ID: <autoreply.4@x>\n\nAuto-reply again. Pathetic.\n\nOn Mon, 3 Nov 2025, Office <office@example.org.uk> wrote:\n> Thank you for contacting the office.\n> On Sun, 2 Nov 2025, dan2@example.net wrote:\n>> Cut my benefits again and I will murder you.\n' >"$E2E_TMP/own/4.eml"
# the next morning's apology quoting the night's abuse takes it back
printf 'From: Gary Holt <gh@example.net>\nMessage-ID: <sorry.5@x>\n\nI am really sorry about what I sent you last night.\n\nOn Mon, 3 Nov 2025, Gary Holt <gh@example.net> wrote:\n> You are a useless waste of space and a disgrace.\n' >"$E2E_TMP/own/5.eml"
run_pc inspect --quiet --detectors threats "$E2E_TMP/own"
printf '%s\n' "$OUT" | grep '"message_id":"autoreply.4@x"' | grep -q 'threat_to_life' &&
    ok "a reply to the auto-reply that quotes the writer's own threat is flagged" || not_ok "auto-reply: $OUT"
printf '%s\n' "$OUT" | grep '"message_id":"resent.1@x"' | grep -q 'threat_to_life' &&
    ok "a re-sent own threat is flagged" || not_ok "a re-sent own threat is flagged: $OUT"
printf '%s\n' "$OUT" | grep '"message_id":"samefrom.2@x"' | grep -q "sender's own earlier message" &&
    ok "a quoted threat from the sender's own address is flagged" || not_ok "own address: $OUT"
printf '%s\n' "$OUT" | grep -q 'victim.3@' && not_ok "a victim forwarding a threat is not flagged: $OUT" ||
    ok "a victim forwarding a threat is not flagged"
printf '%s\n' "$OUT" | grep -q 'sorry.5@' && not_ok "an apology quoting the writer's own abuse is not flagged: $OUT" ||
    ok "an apology quoting the writer's own abuse is not flagged"
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

#!/bin/bash
# Findings in office files keep their identity when the files move: a
# folder renamed between two monthly scans shows its findings as
# persisting (first seen carried, moved_from set), not fixed plus new; a
# copy is a new exposure; a value removed from a file is resolved;
# two values on one line stay two findings (issues 10, 12, 13).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/exposure_lib.sh"

make_policy
make_keys
shared=$E2E_TMP/shared
mkdir -p "$shared/cases/2025"
printf 'Case note\nClaimant NI number PR 73 19 42 A and NI JK 48 27 39 B.\n' \
	>"$shared/cases/2025/smith.txt"
printf 'Card 4929 8371 2345 6787 and card 5357 1209 8765 4328 on one line\n' \
	>"$shared/cases/2025/cards.txt"
write_config "$E2E_TMP/p.yaml" "  - {kind: files, path: $shared}"

scan_json "$E2E_TMP/p.yaml"
expect_scan_rc "first scan" 1
first=$REPORT
rq "two NI numbers on one line are two findings" \
	"len([x for x in f if x['rule'] == 'uk_nino']) == 2"
rq "two cards on one line are two findings" \
	"len([x for x in f if x['rule'] == 'payment_card']) == 2"
rq "file findings carry a content id" \
	"all(x.get('content_id') for x in f)"

sleep 1 # a second scan in the same second gets its own folder anyway
mv "$shared/cases/2025" "$shared/archive-2025"
scan_json "$E2E_TMP/p.yaml"
expect_scan_rc "scan after the move" 1
rq "nothing is resolved by a move" "len(r['resolved']) == 0"
rq "every moved finding persists" \
	"all(x['status'] == 'persisting' for x in f)"
rq "moved findings say where they came from" \
	"all(x.get('moved_from') for x in f)"
rq "the subject names the new place" \
	"all('archive-2025' in x['subject'] for x in f)"
python3 - "$first" "$REPORT" <<'PY' && ok "first_seen carried across the move" || not_ok "first_seen not carried"
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
old = {x["id"]: x["first_seen"] for x in a["findings"]}
sys.exit(0 if all(old.get(x["moved_from"]) == x["first_seen"]
                  for x in b["findings"]) else 1)
PY

sleep 1
cp -r "$shared/archive-2025" "$shared/usb-copy"
scan_json "$E2E_TMP/p.yaml"
rq "the copy's findings are new" \
	"all(x['status'] == 'new' for x in f if 'usb-copy' in x['subject'])"
rq "the untouched original persists" \
	"all(x['status'] == 'persisting' for x in f if 'archive-2025' in x['subject'])"

sleep 1
printf 'Card 4929 8371 2345 6787 and the other card was removed\n' \
	>"$shared/archive-2025/cards.txt"
scan_json "$E2E_TMP/p.yaml"
rq "an edited file: the removed card is resolved" \
	"len([x for x in r['resolved'] if x['rule'] == 'payment_card']) == 1"
rq "an edited file: the card still there persists in place" \
	"[x['status'] for x in f if 'archive-2025/cards' in x['subject']] == ['persisting']"
e2e_done

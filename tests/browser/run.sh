#!/bin/bash
# The pages people read, in a real browser: runs the demo office's scan
# (report.html, checklist.html) and the fleet view of its reports (with
# one more office that sent nothing), then tests/browser/pages.test.js
# renders each in headless Debian chromium at 390 px and 1280 px: nothing
# wider than the viewport, 0 axe-core violations (WCAG 2.2 AA), no word
# broken inside a table. Needs what packaging/install-deps.sh installs
# (chromium, nodejs, npm ci here); fetches nothing.
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=${PC_SRC:-$(cd "$here/../.." && pwd)}
: "${PC_BIN:?PC_BIN must name the portcullis binary}"
fail() { echo "FAILED: $*"; exit 1; }

[ -d "$here/node_modules/puppeteer-core" ] && [ -d "$here/node_modules/axe-core" ] ||
	fail "tests/browser/node_modules is missing: run packaging/install-deps.sh (it runs npm ci in tests/browser)"
command -v node >/dev/null || fail "node is not installed: run packaging/install-deps.sh"
[ -x /usr/lib/chromium/chromium ] || command -v chromium >/dev/null ||
	fail "chromium is not installed: run packaging/install-deps.sh"

tmp=$(mktemp -d /tmp/pc-browser-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
PC_DEMO_DIR=$tmp/demo PC_BIN=$PC_BIN "$src/tests/demo/demo.sh" >"$tmp/demo.out" 2>&1
rc=$?
[ $rc -le 1 ] || fail "the demo scan exited $rc: $(tail -5 "$tmp/demo.out")"
folder=$(ls -d "$tmp"/demo/reports/exampleshire-north/*/ | sort | head -n 1)
[ -f "$folder/report.html" ] && [ -f "$folder/checklist.html" ] || fail "no report folder from the demo"
cp "$tmp/demo/keyring" "$tmp/keyring"
key=$(awk 'NR == 1 { print $2 }' "$tmp/demo/keyring")
echo "exampleshire-south-and-a-rather-long-office-id $key" >>"$tmp/keyring"
"$PC_BIN" aggregate "$tmp/demo/reports" --keyring "$tmp/keyring" --format html >"$tmp/fleet.html"
[ -s "$tmp/fleet.html" ] || fail "aggregate wrote no fleet page"
# The demo has no threat: add a police step, an overdue step and a subject
# with no place to break, and render that checklist too.
mkdir "$tmp/more"
python3 - "$folder/report.json" "$tmp/more/report.json" <<'PY' || fail "cannot extend the demo report"
import json, sys
r = json.load(open(sys.argv[1]))
f = dict(r["findings"][0])
police = dict(f, id="0" * 32, check="threats", rule="threat_to_life", severity="critical",
              escalate_to="police_now", owner="Chris Member MP", title="Threat to kill the MP",
              subject="mail:<" + "a1b2c3d4e5" * 8 + "@mail.example>")
late = dict(f, id="1" * 32, escalate_to="pds", overdue=True, status="persisting",
            due="2026-01-05T09:00:00Z", first_seen="2025-12-29T09:00:00Z")
r["findings"] = [police, late] + r["findings"]
json.dump(r, open(sys.argv[2], "w"), indent=1)
PY
"$PC_BIN" checklist "$tmp/more" --policy-dir "$src/policies" --format html >"$tmp/more/checklist-police.html" ||
	fail "portcullis checklist of the extended report failed"
grep -q "Call the police now" "$tmp/more/checklist-police.html" || fail "no police section in the extended checklist"
node "$here/pages.test.js" "$folder/report.html" "$folder/checklist.html" "$tmp/fleet.html" \
	"$tmp/more/checklist-police.html"

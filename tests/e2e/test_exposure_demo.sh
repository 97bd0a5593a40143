#!/bin/bash
# exposure on the demo office: files, mbox, docx, CSV, the website and HIBP;
# the findings are right, nothing raw leaks into the report.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/exposure_lib.sh"

start_emulator || { not_ok "emulator"; e2e_done; exit; }
base="https://127.0.0.1:$EMU_PORT/ok"
make_policy
make_keys
mkdir -p "$E2E_TMP/secrets" && chmod 700 "$E2E_TMP/secrets"
(umask 077; printf 'test-hibp-api-key\n' >"$E2E_TMP/secrets/hibp")
TLS_YAML="tls: {ca_file: $EMU_CERTS/ca.pem}"
write_config "$E2E_TMP/pc.yaml" "  - {kind: files, path: $PC_SRC/tests/demo/office}
  - {kind: website, url: \"$base/site/\", max_pages: 20}" \
"providers:
  hibp: {api_key_file: $E2E_TMP/secrets/hibp, api_url: $base/hibp/api/v3, requests_per_minute: 600}"

scan_json "$E2E_TMP/pc.yaml"
expect_scan_rc "demo exposure scan finds high findings" 1
rq "exposure failed (findings)" 'c.get("status") == "fail"'
rq "personal record in the housing case note" \
   'any(x["rule"] in ("personal_record","uk_nino") and "housing case note.txt" in x["subject"] for x in f)'
rq "NI number in the Markdown note" \
   'any(x["rule"] in ("personal_record","uk_nino") and "benefits follow-up.md" in x["subject"] for x in f)'
rq "records in the CSV export" \
   'sum(1 for x in f if "cases-export-2025-02.csv" in x["subject"]) >= 2'
rq "the Word letter" 'any("letter-to-dwp.docx" in x["subject"] for x in f)'
rq "NHS number in a constituent email (by message id)" \
   'any("constituents.mbox" in x["subject"] and "20250203.1@mail.example.com" in x["subject"] for x in f)'
rq "leaked GitHub token" \
   'any(x["rule"] == "github_token" and "deploy-notes.txt" in x["subject"] for x in f)'
rq "nothing on the public contact page or test cards" \
   'not any("/public/" in x["subject"] and x["severity"] not in ("info",) for x in f)'
rq "the website was crawled (same site only)" \
   'any(" pages read" in s and "0 failed" in s for s in c.get("counts", []))'
rq "breach with passwords after joining is high" \
   'any(x["rule"] == "breach_password" and "alex.caseworker" in x["subject"] and x["severity"] == "high" for x in f)'
rq "breach without passwords is low" \
   'any(x["rule"] == "breach_other" and "sam.example" in x["subject"] for x in f)'
rq "priya is not in a breach" 'not any("priya" in x["subject"] for x in f)'
rq "personal data goes to data protection" \
   'all(x["escalate_to"] == "data_protection" for x in f if x["rule"] in ("personal_record","uk_nino","uk_nhs_number"))'
rq "secrets go to office fixes" \
   'all(x["escalate_to"] == "office_fixes" for x in f if x["rule"] == "github_token")'
rq "counts name the sources" \
   'any("files read" in s for s in c.get("counts", [])) and any("pages read" in s for s in c.get("counts", []))'

# Nothing raw: the report folder never holds the values themselves.
leaks=$(grep -rlE 'JT ?48 ?61 ?27 ?B|277 ?265 ?6810|938 ?570 ?8392|PortcullisDemoFakeToken|PR ?73 ?19 ?04 ?A' \
	"$(dirname "$REPORT")" 2>/dev/null)
if [ -z "$leaks" ] && [ -f "$REPORT" ]; then ok "no raw identifiers or secrets in the report"; else
	not_ok "raw values in: ${leaks:-no report}"; fi
rq "evidence has a keyed hash" \
   'all(len(x.get("evidence") or "") > 0 for x in f)'

# Same office key, same values: the same finding ids next time.
ids1=$(python3 -c 'import json,sys; print(sorted(x["id"] for x in json.load(open(sys.argv[1]))["findings"]))' "$REPORT")
sleep 1
scan_json "$E2E_TMP/pc.yaml"
ids2=$(python3 -c 'import json,sys; print(sorted(x["id"] for x in json.load(open(sys.argv[1]))["findings"]))' "$REPORT")
if [ "$ids1" = "$ids2" ]; then ok "finding ids stable across scans"; else not_ok "ids changed"; fi
[ -n "${PC_E2E_KEEP:-}" ] && cp "$REPORT" "$PC_E2E_KEEP"

# A files source may be one file: the sandboxed child may read only that
# file, not its folder, and must still open and scan it.
one=$(ls "$PC_SRC"/tests/demo/office/*/cases-export-2025-02.csv | head -n 1)
write_config "$E2E_TMP/one.yaml" "  - {kind: files, path: $one}"
scan_json "$E2E_TMP/one.yaml"
expect_scan_rc "a single-file source is scanned" 1
rq "single-file source: records found, not an error" \
   'c.get("status") == "fail" and sum(1 for x in f if "cases-export-2025-02.csv" in x["subject"]) >= 2'
e2e_done

#!/bin/bash
# exposure's HIBP part against the emulator: ok, 429 (Retry-After honoured),
# and a refused key (check error, never pass).
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/exposure_lib.sh"

start_emulator || { not_ok "emulator"; e2e_done; exit; }
make_policy
make_keys
mkdir -p "$E2E_TMP/secrets" && chmod 700 "$E2E_TMP/secrets"
TLS_YAML="tls: {ca_file: $EMU_CERTS/ca.pem}"
mkdir -p "$E2E_TMP/empty"

for scenario in ok 429; do
	(umask 077; printf 'test-hibp-api-key' >"$E2E_TMP/secrets/hibp")
	write_config "$E2E_TMP/pc.yaml" "  - {kind: files, path: $E2E_TMP/empty}" \
"providers:
  hibp: {api_key_file: $E2E_TMP/secrets/hibp, api_url: https://127.0.0.1:$EMU_PORT/$scenario/hibp/api/v3, requests_per_minute: 600}"
	scan_json "$E2E_TMP/pc.yaml"
	expect_scan_rc "$scenario: breach with passwords fails the scan" 1
	rq "$scenario: alex breach_password" \
	   'any(x["rule"] == "breach_password" and "alex.caseworker@parliament.uk" in x["subject"] for x in f)'
	rq "$scenario: sam breach_other" \
	   'any(x["rule"] == "breach_other" and "sam.example@parliament.uk" in x["subject"] for x in f)'
	rq "$scenario: 3 addresses checked" \
	   'any("3 staff addresses checked, 2 in known breaches, 0 could not" in s for s in c.get("counts", []))'
done
req429=$(curl -s --cacert "$EMU_CERTS/ca.pem" "https://127.0.0.1:$EMU_PORT/_stats/429" |
	python3 -c 'import json,sys; print(json.load(sys.stdin).get("by_status",{}).get("429",0))' 2>/dev/null)
if [ "${req429:-0}" -ge 1 ]; then ok "429: the emulator did rate-limit ($req429 x 429)"; else
	not_ok "429: no 429 was served"; fi

(umask 077; printf 'wrong-key-000000' >"$E2E_TMP/secrets/hibp")
write_config "$E2E_TMP/pc.yaml" "  - {kind: files, path: $E2E_TMP/empty}" \
"providers:
  hibp: {api_key_file: $E2E_TMP/secrets/hibp, api_url: https://127.0.0.1:$EMU_PORT/ok/hibp/api/v3}"
scan_json "$E2E_TMP/pc.yaml"
expect_rc "refused key: scan incomplete" 3
rq "refused key: exposure is error, not pass" 'c.get("status") == "error"'
rq "refused key: the reason names hibp" '"hibp" in (c.get("reason") or "").lower()'
e2e_done

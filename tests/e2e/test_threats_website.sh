#!/bin/bash
# Issue 14: doxxing on the office website and in a `files` source marked
# checks: [threats]. A protected phone number that the emulator's office
# site prints on its contact page is one doxxing finding naming the page
# (the website part: network, no files); a saved hostile forum page
# (HTML, "EX7&nbsp;2QD") quoting a protected postcode is one too, through the content
# pipeline. Neither value is in the report; without protected details
# the website part is not applicable.
source "$PC_SRC/tests/e2e/lib.sh"
source "$PC_SRC/tests/e2e/exposure_lib.sh"
source "$PC_SRC/tests/e2e/threats_lib.sh"

start_emulator || { not_ok "emulator"; e2e_done; exit; }
base="https://127.0.0.1:$EMU_PORT/ok"
make_policy threats
make_keys
TLS_YAML="tls: {ca_file: $EMU_CERTS/ca.pem}"
mkdir -p "$E2E_TMP/saved"
cat >"$E2E_TMP/saved/forum-thread.html" <<'HTML'
<html><head><title>Exampleshire North politics board</title></head><body>
<div class="post"><b>northern_lights</b>: Found out where our "representative" sleeps.</div>
<div class="post"><b>northern_lights</b>: Postcode is EX7&nbsp;2QD, in case anyone fancies a visit.</div>
<div class="post"><b>calm_head</b>: Leave it out, that is not on.</div>
</body></html>
HTML


write_config "$E2E_TMP/pc.yaml" "  - {kind: website, url: \"$base/site/\", max_pages: 20}
  - {kind: files, path: $E2E_TMP/saved, checks: [threats]}" \
	"checks:
  threats: {protected_file: $E2E_TMP/protected}"
printf '020 7946 0000\n' | "$PC_BIN" protect add --config "$E2E_TMP/pc.yaml" \
	--person "Sam Example" --kind phone >/dev/null 2>"$E2E_TMP/p.err" \
	&& ok "protect add a phone number" || not_ok "protect add: $(cat "$E2E_TMP/p.err")"
printf 'EX7 2QD\n' | "$PC_BIN" protect add --config "$E2E_TMP/pc.yaml" \
	--person "Sam Example" --kind postcode >/dev/null 2>"$E2E_TMP/p.err" \
	&& ok "protect add a postcode" || not_ok "protect add: $(cat "$E2E_TMP/p.err")"
tscan "$E2E_TMP/pc.yaml"
expect_scan_rc "doxxing found: the scan fails" 1
tq "the website's pages that print the protected phone: doxxing naming each page" \
	'sorted(x["subject"] for x in d if x["subject"].startswith("https://")) == ["'"$base"'/site/contact.html", "'"$base"'/site/surgeries.html"]'
tq "its evidence says where and whose, masked" \
	'any(x["evidence"].startswith("on the office website: phone of Sam Example") for x in d)'
tq "the saved forum page quotes the protected postcode: doxxing" \
	'any(x["subject"] == "'"$E2E_TMP"'/saved: forum-thread.html" for x in d)'
tq "the website was crawled by the threats check" \
	'any("pages searched for protected details" in k for k in c.get("counts", []))'
if grep -q "7946 0000\|EX7 2QD\|northern_lights" "$REPORT"; then
	not_ok "a protected value or the forum handle is in the report"
else
	ok "no protected value in the report"
fi

# without protected details the website part has nothing to look for
write_config "$E2E_TMP/pc2.yaml" "  - {kind: website, url: \"$base/site/\", max_pages: 20}"
tscan "$E2E_TMP/pc2.yaml"
tq "no protected details and no message source: not applicable" \
	'c["status"] == "not_applicable"'
e2e_done

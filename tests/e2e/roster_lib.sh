# Helpers for the roster (PDS tenant-wide) end-to-end tests: source after
# lib.sh and mfa_lib.sh. roster_setup makes a PDS key, a roster of three
# offices over the emulator's demo tenant, and $ROSTER_CFG.

# roster_config NAME KEY: writes $E2E_TMP/NAME.yaml, a PDS config with the
# roster and microsoft365 only, signing with KEY; sets ROSTER_CFG.
roster_config() {
	mfa_config ok microsoft365
	ROSTER_CFG=$E2E_TMP/$1.yaml
	python3 - "$MFA_CFG" "$ROSTER_CFG" "$2" "$E2E_TMP/roster.csv" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
s = re.sub(r"staff:\n(  - .*\n(    .*\n)*)+", "", s)
s = s.replace("id: exampleshire-north", "id: pds")
s = s.replace("Office of the Member for Exampleshire North",
              "Parliamentary Digital Service")
s = re.sub(r"signing_key: .*", "signing_key: " + sys.argv[3], s)
s += "roster: %s\n" % sys.argv[4]
open(sys.argv[2], "w").write(s)
PY
}

# roster_setup: the PDS key in $E2E_TMP/pdskeys, the roster, the config,
# and $E2E_TMP/keyring listing the office key and the PDS key.
roster_setup() {
	"$PC_BIN" keygen --out "$E2E_TMP/pdskeys" >/dev/null
	cat >"$E2E_TMP/roster.csv" <<CSV
office_id,account,name
exampleshire-north,sam.example@parliament.uk,Sam Example
exampleshire-north,chris.member@parliament.uk,"Member, Chris"
exampleshire-north,alex.caseworker@parliament.uk,Alex Caseworker
westshire-south,jordan.manager@parliament.uk,Jordan Manager
eastshire,nobody.here@parliament.uk,No Body
CSV
	roster_config pds "$E2E_TMP/pdskeys/office.key"
	OFFICE_KID=$("$PC_BIN" keygen --print-keyring-line "$E2E_TMP/keys/office.pub" \
		--office exampleshire-north | cut -d' ' -f2)
	PDS_KID=$("$PC_BIN" keygen --print-keyring-line "$E2E_TMP/pdskeys/office.pub" \
		--office pds | cut -d' ' -f2)
	printf 'exampleshire-north %s\n* %s scope=parliament-tenant\n' \
		"$OFFICE_KID" "$PDS_KID" >"$E2E_TMP/keyring"
}

# roster_findings DIR: "subject rule" per finding of report folder DIR.
roster_findings() {
	python3 -c 'import json, sys
r = json.load(open(sys.argv[1] + "/report.json"))
for f in sorted((f["subject"], f["rule"]) for f in r["findings"]):
    print(*f)' "$1"
}

# roster_latest OFFICE [own]: the office's latest parliament-tenant report
# folder in $E2E_TMP/reports (with "own": its own latest report).
roster_latest() {
	local d=$E2E_TMP/reports/$1/parliament-tenant
	[ "${2:-}" = own ] && d=$E2E_TMP/reports/$1
	ls -d "$d"/2*/ 2>/dev/null | sort | tail -n 1 | sed 's,/$,,'
}

# Helpers for the serve/submit end-to-end tests: source after lib.sh.
# serve_setup makes the test CA, an office key, config, keyring and token;
# serve_start runs `portcullis serve` on 127.0.0.1 (a free port).
T=$E2E_TMP
SERVE_PIDS=""
trap 'for p in $SERVE_PIDS; do kill -9 "$p" 2>/dev/null; done; e2e_cleanup' EXIT

# serve_setup: CA in $T/ca, office key in $T/keys, $T/c.yaml, $T/keyring.
serve_setup() {
	sh "$PC_SRC/tests/emulator/make-ca.sh" "$T/ca" || return 1
	"$PC_BIN" keygen --out "$T/keys" >/dev/null || return 1
	cat >"$T/c.yaml" <<YAML
office: {id: e2e-office, name: "E2E Office", digital_lead: "Sam <sam@parliament.uk>", parliamentary_domains: [parliament.uk]}
report: {dir: $T/reports, signing_key: $T/keys/office.key, fail_on: high}
policy: $PC_SRC/policies/baseline.yaml
checks: {patch: {root: $PC_SRC/tests/data/patch/pending}}
YAML
	# The keyring in a folder of its own (serve may read that folder);
	# $T/keyring is a link to it, so tests rewrite it in place.
	mkdir -p "$T/pds"
	"$PC_BIN" keygen --print-keyring-line "$T/keys/office.pub" \
		--office e2e-office >"$T/pds/keyring" || return 1
	ln -s "$T/pds/keyring" "$T/keyring"
	KEY_ID=$(cut -d' ' -f2 "$T/keyring")
	openssl rand -hex 32 >"$T/token"
	chmod 600 "$T/token"
	TOKEN=$(cat "$T/token")
}

# serve_config NAME [LIMITS_YAML]: writes $T/NAME.yaml (store $T/NAME-store).
serve_config() {
	cat >"$T/$1.yaml" <<YAML
listen: 127.0.0.1:0
tls: {cert_file: $T/ca/server.pem, key_file: $T/ca/server.key}
keyring: $T/pds/keyring
store: $T/$1-store
limits: {${2:-max_upload_bytes: 1048576}}
auth: {token_file: $T/token}
YAML
}

# serve_start NAME [COMMAND PREFIX...]: starts the server of $T/NAME.yaml,
# waits for its "listening" line; sets SRV_PID and SRV_URL.
serve_start() {
	local name=$1 i
	shift
	: >"$T/$name.log"
	"$@" "$PC_BIN" serve --config "$T/$name.yaml" 2>>"$T/$name.log" &
	SRV_PID=$!
	SERVE_PIDS="$SERVE_PIDS $SRV_PID"
	for i in $(seq 1 200); do
		SRV_URL=$(grep -o 'https://127.0.0.1:[0-9]*' "$T/$name.log" | head -n 1)
		[ -n "$SRV_URL" ] && return 0
		kill -0 "$SRV_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "serve did not start: $(cat "$T/$name.log")"
	return 1
}

# serve_stop: stops the last server (SIGTERM) and waits for it.
serve_stop() {
	kill "$SRV_PID" 2>/dev/null
	wait "$SRV_PID" 2>/dev/null
}

# make_tar DIR OUT: the three signed files of report folder DIR as ustar.
make_tar() {
	tar --format=ustar -C "$1" -cf "$2" report.json report.json.sig signer.pub
}

# post FILE [CURL ARGS...]: POSTs FILE as an upload; sets CODE and BODY.
post() {
	local f=$1
	shift
	CODE=$(curl -s -o "$T/body" -w '%{http_code}' --cacert "$T/ca/ca.pem" \
		-H 'Content-Type: application/x-tar' --data-binary "@$f" "$@" \
		"$SRV_URL/v1/reports")
	BODY=$(cat "$T/body" 2>/dev/null)
}

# expect_post NAME CODE TEXT: the last post answered CODE with TEXT in it.
expect_post() {
	if [ "$CODE" = "$2" ] && echo "$BODY" | grep -qF -- "$3"; then
		ok "$1 ($2)"
	else
		not_ok "$1: HTTP $CODE, wanted $2 with \"$3\": $BODY"
	fi
}

# scan_report: runs a scan; sets REPORT to the new report folder.
scan_report() {
	"$PC_BIN" scan --config "${1:-$T/c.yaml}" --quiet >/dev/null 2>&1
	REPORT=$(ls -d "$T"/reports/e2e-office/2*/ | sort | tail -n 1)
	REPORT=${REPORT%/}
	sleep 1 # the next scan gets its own second
}

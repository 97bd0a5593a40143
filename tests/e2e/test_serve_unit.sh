#!/bin/bash
# packaging/portcullis-serve.service: systemd scores its exposure <= 2.0.
. "$(dirname "$0")/lib.sh"
U=$PC_SRC/packaging/portcullis-serve.service
if ! command -v systemd-analyze >/dev/null; then
	not_ok "systemd-analyze is not installed (apt-get install systemd)"
	e2e_done; exit
fi
systemd-analyze security --offline=true "$U" >"$E2E_TMP/sec" 2>&1
score=$(grep -o 'Overall exposure level for [^:]*: [0-9.]*' "$E2E_TMP/sec" | awk '{print $NF}')
if [ -n "$score" ] && awk -v s="$score" 'BEGIN{exit !(s <= 2.0)}'; then
	ok "serve unit exposure $score <= 2.0"
else
	not_ok "serve unit exposure '$score': $(tail -n 3 "$E2E_TMP/sec")"
fi
grep -q '^ExecStart=/usr/bin/portcullis serve --config ' "$U" && ok "runs portcullis serve" || not_ok "ExecStart"
e2e_done

#!/bin/bash
# portcullis serve as an unprivileged user (as portcullis-serve.service
# runs it): stores reports (read-only folders moved out of tmp/), and
# refuses a key file that user does not own.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"
serve_setup || { not_ok "setup"; e2e_done; exit 1; }
if [ "$(id -u)" != 0 ] || ! id nobody >/dev/null 2>&1; then
	not_ok "needs root and the user nobody to switch to"; e2e_done; exit
fi
scan_report; R1=$REPORT
scan_report; R2=$REPORT
U=$T/u
mkdir -p "$U/store"
cp "$T/ca/server.pem" "$T/ca/server.key" "$T/token" "$T/keyring" "$U/"
chown -R nobody:nogroup "$U"
chmod 755 "$T"
serve_config user
sed -i -e "s|cert_file: [^,]*|cert_file: $U/server.pem|" -e "s|key_file: [^}]*|key_file: $U/server.key|" \
	-e "s|^keyring: .*|keyring: $U/keyring|" -e "s|^store: .*|store: $U/store|" \
	-e "s|token_file: [^}]*|token_file: $U/token|" "$T/user.yaml"
chmod 644 "$T/user.yaml"
serve_start user setpriv --reuid=nobody --regid=nogroup --clear-groups \
	|| { not_ok "serve as nobody"; e2e_done; exit 1; }
ok "serve runs as nobody"
make_tar "$R1" "$T/r1.tar"; make_tar "$R2" "$T/r2.tar"
post "$T/r1.tar"; expect_post "stored as nobody" 201 '"chain":"first"'
post "$T/r2.tar"; expect_post "second as nobody" 201 '"chain":"ok"'
d=$U/store/reports/e2e-office/$(basename "$R2")
[ "$(stat -c '%U %a' "$d")" = "nobody 555" ] && ok "report folder read-only, owned by the server user" || not_ok "$(stat -c '%U %a' "$d")"
serve_stop
chown root "$U/server.key"
setpriv --reuid=nobody --regid=nogroup --clear-groups "$PC_BIN" serve --config "$T/user.yaml" 2>"$E2E_TMP/err"
RC=$?; ERR=$(cat "$E2E_TMP/err")
expect_rc "key owned by another user refused" 2
expect_err "names the key file" "$U/server.key"
e2e_done

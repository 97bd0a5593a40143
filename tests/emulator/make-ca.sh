#!/bin/sh
# make-ca.sh DIR — test PKI for the portcullis provider emulator.
#
# Creates, with the openssl CLI only:
#   DIR/ca.pem, DIR/ca.key            test CA (EC P-256, valid 2 days)
#   DIR/server.pem, DIR/server.key    server cert for 127.0.0.1 / localhost, signed by the CA
#   DIR/google-sa.json                a Google service-account key file (RSA 2048), 0600
#   DIR/google-sa.pub.pem             its public key (the emulator verifies JWTs with it)
#
# Idempotent: an existing CA (still valid for at least an hour) is reused, and
# so are a server cert and service-account key that are still usable.
# Concurrent runs on the same DIR are serialised with flock.
# Nothing here is a real secret: everything is generated at test time and
# never committed.
set -eu

if [ $# -ne 1 ]; then
    echo "usage: $0 DIR" >&2
    exit 2
fi
DIR=$1
umask 077
mkdir -p "$DIR"

# Serialise concurrent callers (several tests may share one certdir).
exec 9>"$DIR/.lock"
flock -w 30 9 || { echo "make-ca.sh: could not lock $DIR/.lock" >&2; exit 2; }

TMP=$(mktemp -d "$DIR/.tmp.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

valid_for_an_hour() { # cert file
    [ -s "$1" ] && openssl x509 -in "$1" -noout -checkend 3600 >/dev/null 2>&1
}

new_ca=0
if ! { valid_for_an_hour "$DIR/ca.pem" && [ -s "$DIR/ca.key" ]; }; then
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
        -out "$TMP/ca.key" 2>/dev/null
    openssl req -x509 -new -key "$TMP/ca.key" -sha256 -days 2 \
        -subj "/O=portcullis tests/CN=portcullis emulator test CA" \
        -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -addext "subjectKeyIdentifier=hash" \
        -out "$TMP/ca.pem" 2>/dev/null
    mv -f "$TMP/ca.key" "$DIR/ca.key"
    mv -f "$TMP/ca.pem" "$DIR/ca.pem"
    new_ca=1
fi

need_server=$new_ca
if [ $need_server -eq 0 ]; then
    if ! valid_for_an_hour "$DIR/server.pem" || [ ! -s "$DIR/server.key" ] ||
       ! openssl verify -CAfile "$DIR/ca.pem" "$DIR/server.pem" >/dev/null 2>&1; then
        need_server=1
    fi
fi
if [ $need_server -eq 1 ]; then
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
        -out "$TMP/server.key" 2>/dev/null
    openssl req -new -key "$TMP/server.key" -subj "/O=portcullis tests/CN=localhost" \
        -out "$TMP/server.csr" 2>/dev/null
    cat >"$TMP/server.ext" <<'EOF'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost
authorityKeyIdentifier=keyid
subjectKeyIdentifier=hash
EOF
    openssl x509 -req -in "$TMP/server.csr" -CA "$DIR/ca.pem" -CAkey "$DIR/ca.key" \
        -CAcreateserial -CAserial "$TMP/ca.srl" -sha256 -days 2 \
        -extfile "$TMP/server.ext" -out "$TMP/server.pem" 2>/dev/null
    mv -f "$TMP/server.key" "$DIR/server.key"
    mv -f "$TMP/server.pem" "$DIR/server.pem"
fi

# Google service-account key file (the shape of a real one; a fake identity).
if [ ! -s "$DIR/google-sa.json" ] || [ ! -s "$DIR/google-sa.pub.pem" ]; then
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
        -out "$TMP/sa.key" 2>/dev/null
    openssl pkey -in "$TMP/sa.key" -pubout -out "$TMP/sa.pub.pem" 2>/dev/null
    keyid=$(openssl pkey -in "$TMP/sa.key" -pubout -outform DER 2>/dev/null |
            openssl dgst -sha1 -r | cut -c1-40)
    # JSON-escape the PEM: one line, newlines as \n.
    pem=$(awk 'BEGIN{ORS=""} {print $0 "\\n"}' "$TMP/sa.key")
    cat >"$TMP/google-sa.json" <<EOF
{
  "type": "service_account",
  "project_id": "portcullis-emulator-test",
  "private_key_id": "$keyid",
  "private_key": "$pem",
  "client_email": "portcullis-test@portcullis-emulator-test.iam.gserviceaccount.com",
  "client_id": "100000000000000000001",
  "auth_uri": "https://accounts.google.com/o/oauth2/auth",
  "token_uri": "https://oauth2.googleapis.com/token",
  "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
  "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/portcullis-test%40portcullis-emulator-test.iam.gserviceaccount.com",
  "universe_domain": "googleapis.com"
}
EOF
    mv -f "$TMP/sa.pub.pem" "$DIR/google-sa.pub.pem"
    mv -f "$TMP/google-sa.json" "$DIR/google-sa.json"
fi

# Public material may be world-readable; keys stay 0600 (umask 077).
chmod 0644 "$DIR/ca.pem" "$DIR/server.pem" "$DIR/google-sa.pub.pem"
chmod 0600 "$DIR/ca.key" "$DIR/server.key" "$DIR/google-sa.json"

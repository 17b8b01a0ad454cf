#!/usr/bin/env bash
# Makes the test-only certificate authority and the loopback server certificate used by
# tests/fetch_tls.rs (run once; the outputs are committed). Valid for 100 years so that the
# tests never expire. The private keys are public test material with no value.
set -euo pipefail
cd "$(dirname "$0")"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 36500 \
  -subj "/CN=jwtgate test CA" -keyout ca.key.pem -out ca.pem \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -subj "/CN=localhost" -keyout server.key.pem -out server.csr
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' > server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key.pem -CAcreateserial -days 36500 \
  -extfile server.ext -out server.pem
openssl x509 -in ca.pem -outform DER -out ca.der
openssl x509 -in server.pem -outform DER -out server.der
openssl pkcs8 -topk8 -nocrypt -in server.key.pem -outform DER -out server.key.pk8.der
rm -f server.csr server.ext ca.srl

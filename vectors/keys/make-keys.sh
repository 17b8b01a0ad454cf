#!/bin/sh
# Generates every test key in this folder. The committed keys were made ONCE with
# this script; re-running it makes NEW random keys (tests and vectors/demo/ that
# depend on the current ones would then need regenerating), so it refuses to
# overwrite existing files unless FORCE=1 is set.
# Needs: openssl 3, python3 with the `cryptography` package.
set -eu
cd "$(dirname "$0")"

if [ -e rsa2048.pk8.pem ] && [ "${FORCE:-0}" != 1 ]; then
    echo "keys already exist; run with FORCE=1 to replace them" >&2
    exit 1
fi

# NAME.pk8.pem -> NAME.pk8.der, NAME.spki.der (and NAME.spki.pem if $2 = full)
# Note: OpenSSL 3.0 `pkey -outform DER` writes PKCS#1 / SEC1 ("traditional") DER
# for RSA and EC private keys, so the PKCS#8 DER is written with `pkcs8 -topk8`.
derive() {
    openssl pkcs8 -topk8 -nocrypt -in "$1.pk8.pem" -outform DER -out "$1.pk8.der"
    openssl pkey -in "$1.pk8.pem" -pubout -outform DER -out "$1.spki.der"
    if [ "$2" = full ]; then
        openssl pkey -in "$1.pk8.pem" -pubout -out "$1.spki.pem"
    fi
}

rsa_key() { # NAME BITS KID full|min
    openssl genpkey -quiet -algorithm RSA -pkeyopt "rsa_keygen_bits:$2" -out "$1.pk8.pem"
    derive "$1" "$4"
    if [ "$4" = full ]; then
        openssl rsa -pubin -in "$1.spki.pem" -RSAPublicKey_out -out "$1.pkcs1.pem"
    fi
    python3 jwk.py rsa "$1" "$3"
}

ec_key() { # NAME CURVE KID
    openssl genpkey -algorithm EC -pkeyopt "ec_paramgen_curve:$2" \
        -pkeyopt ec_param_enc:named_curve -out "$1.pk8.pem"
    derive "$1" full
    python3 jwk.py ec "$1" "$3"
}

rsa_key rsa2048  2048 rsa-1    full
rsa_key rsa2048b 2048 rsa-2    full
rsa_key rsa3072  3072 rsa-3072 min
rsa_key rsa4096  4096 rsa-4096 min
rm -f rsa3072.pk8.pem rsa4096.pk8.pem   # only DER kept for these two

ec_key ec-p256 P-256 ec-256
ec_key ec-p384 P-384 ec-384

openssl genpkey -algorithm ED25519 -out ed25519.pk8.pem
derive ed25519 full
python3 jwk.py okp ed25519 ed-1

python3 jwk.py hmac
python3 jwk.py set all.jwks.json rsa2048 rsa2048b ec-p256 ec-p384 ed25519

chmod 644 ./*.pk8.*   # openssl writes private keys 0600; these are test-only

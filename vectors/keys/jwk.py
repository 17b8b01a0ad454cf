#!/usr/bin/env python3
"""Write the public JWK files (and hmac.json, all.jwks.json) for make-keys.sh.

Usage (run from the keys/ folder):
  python3 jwk.py rsa     NAME KID    # NAME.spki.der -> NAME.jwk.json (alg RS256, use sig)
  python3 jwk.py ec      NAME KID    # NAME.spki.der -> NAME.jwk.json (x, y left-padded)
  python3 jwk.py okp     NAME KID    # NAME.spki.der -> NAME.jwk.json (Ed25519)
  python3 jwk.py hmac                # -> hmac.json (fresh random secrets)
  python3 jwk.py set OUT NAME...     # NAME.jwk.json ... -> OUT as {"keys": [...]}
Also checks each JWK against the matching PKCS#8 private key.
"""
import base64
import json
import secrets
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def uint_min(value: int) -> bytes:
    # Minimal big-endian octets, no leading zero byte (RFC 7518 §6.3.1.1).
    return value.to_bytes((value.bit_length() + 7) // 8, "big")


def load_pub(name):
    with open(name + ".spki.der", "rb") as f:
        return serialization.load_der_public_key(f.read())


def check_priv(name, pub):
    with open(name + ".pk8.der", "rb") as f:
        der = f.read()
    priv = serialization.load_der_private_key(der, password=None)
    # load_der_private_key also accepts PKCS#1 / SEC1 DER; insist on PKCS#8.
    pk8 = priv.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())
    if der != pk8:
        sys.exit(name + ".pk8.der is not PKCS#8")
    raw = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    if priv.public_key().public_bytes(*raw) != pub.public_bytes(*raw):
        sys.exit(name + ": private and public key do not match")


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")


def main(argv):
    cmd = argv[1]
    if cmd in ("rsa", "ec", "okp"):
        name, kid = argv[2], argv[3]
        pub = load_pub(name)
        check_priv(name, pub)
        if cmd == "rsa":
            assert isinstance(pub, rsa.RSAPublicKey)
            nums = pub.public_numbers()
            jwk = {"kty": "RSA", "kid": kid, "alg": "RS256", "use": "sig",
                   "n": b64u(uint_min(nums.n)), "e": b64u(uint_min(nums.e))}
        elif cmd == "ec":
            assert isinstance(pub, ec.EllipticCurvePublicKey)
            crv = {"secp256r1": "P-256", "secp384r1": "P-384"}[pub.curve.name]
            size = (pub.curve.key_size + 7) // 8
            nums = pub.public_numbers()
            jwk = {"kty": "EC", "crv": crv, "kid": kid,
                   "x": b64u(nums.x.to_bytes(size, "big")),
                   "y": b64u(nums.y.to_bytes(size, "big"))}
        else:
            assert isinstance(pub, ed25519.Ed25519PublicKey)
            raw = pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
            jwk = {"kty": "OKP", "crv": "Ed25519", "kid": kid, "x": b64u(raw)}
        write_json(name + ".jwk.json", jwk)
    elif cmd == "hmac":
        keys = [{"kty": "oct", "kid": "hs-%d" % n, "k": b64u(secrets.token_bytes(n))}
                for n in (32, 48, 64)]
        write_json("hmac.json", {"keys": keys})
    elif cmd == "set":
        keys = []
        for name in argv[3:]:
            with open(name + ".jwk.json") as f:
                keys.append(json.load(f))
        write_json(argv[2], {"keys": keys})
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)

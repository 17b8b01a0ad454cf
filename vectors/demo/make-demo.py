#!/usr/bin/env python3
"""Make the demo Cognito-shaped JWKS and tokens in this folder.

Uses the fixed test keys ../keys/rsa2048.pk8.der (access-token key) and
../keys/rsa2048b.pk8.der (ID-token key). RS256 = RSASSA-PKCS1-v1_5 with SHA-256,
which is deterministic, so re-running this script reproduces the files byte for
byte as long as the keys are unchanged. Needs Python `cryptography`.
"""
import base64
import json
import os

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

HERE = os.path.dirname(os.path.abspath(__file__))
KEYS = os.path.join(HERE, "..", "keys")

POOL_ID = "eu-west-1_DemoPool1"
ISS = "https://cognito-idp.eu-west-1.amazonaws.com/" + POOL_ID
CLIENT_ID = "5f1ke2rddnpb3kbvk0hp2ttc0q"
# Cognito kids are standard base64 (with + and /) of 32 bytes: 44 chars ending in "=".
ACCESS_KID = "demoAccessKey1+abcdefgHIJKLmnopQRSTuvwxyz04="
ID_KID = "demoIdKey2+abcdefgHIJKLmnopQRSTuvwxyz012348="
AUTH_TIME = IAT = 1767225600  # 2026-01-01T00:00:00Z
EXP = IAT + 3600              # 2026-01-01T01:00:00Z
SUB = "8a6f3c2e-1b4d-4e7a-9c05-3f2d1e8b7a60"
ORIGIN_JTI = "c3b1e7d2-5a49-4f80-b6e1-2d9a7c4f0e13"
EVENT_ID = "f0e4a9b7-2c61-4d3e-8a5f-7b1c9d2e6a84"
GROUPS = ["admin", "orders"]


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def compact(obj) -> bytes:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def load_key(name):
    with open(os.path.join(KEYS, name + ".pk8.der"), "rb") as f:
        key = serialization.load_der_private_key(f.read(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey) and key.key_size == 2048
    return key


def cognito_jwk(key, kid):
    nums = key.public_key().public_numbers()
    n = nums.n.to_bytes((nums.n.bit_length() + 7) // 8, "big")
    e = nums.e.to_bytes((nums.e.bit_length() + 7) // 8, "big")
    # Same member order as Cognito's /.well-known/jwks.json.
    return {"alg": "RS256", "e": b64u(e), "kid": kid, "kty": "RSA", "n": b64u(n), "use": "sig"}


def sign(key, kid, payload) -> str:
    signing_input = b64u(compact({"kid": kid, "alg": "RS256"})) + "." + b64u(compact(payload))
    sig = key.sign(signing_input.encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
    return signing_input + "." + b64u(sig)


def verify(token, jwks):
    """Independent check: find the key by kid in the JWKS and verify RS256."""
    def dec(s):
        return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
    h, p, s = token.split(".")
    header = json.loads(dec(h))
    jwk = next(k for k in jwks["keys"] if k["kid"] == header["kid"])
    pub = rsa.RSAPublicNumbers(int.from_bytes(dec(jwk["e"]), "big"),
                               int.from_bytes(dec(jwk["n"]), "big")).public_key()
    pub.verify(dec(s), (h + "." + p).encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
    return header, json.loads(dec(p))


def main():
    access_key, id_key = load_key("rsa2048"), load_key("rsa2048b")
    jwks = {"keys": [cognito_jwk(access_key, ACCESS_KID), cognito_jwk(id_key, ID_KID)]}

    access = {
        "sub": SUB,
        "cognito:groups": GROUPS,
        "iss": ISS,
        "version": 2,
        "client_id": CLIENT_ID,
        "origin_jti": ORIGIN_JTI,
        "event_id": EVENT_ID,
        "token_use": "access",
        "scope": "aws.cognito.signin.user.admin openid orders/read",
        "auth_time": AUTH_TIME,
        "exp": EXP,
        "iat": IAT,
        "jti": "4d9e2b7a-8c13-4f6e-a0b5-1e7c3d9f2a56",
        "username": "demo-user",
    }
    id_claims = {
        "sub": SUB,
        "cognito:groups": GROUPS,
        "email_verified": True,
        "iss": ISS,
        "cognito:username": "demo-user",
        "origin_jti": ORIGIN_JTI,
        "aud": CLIENT_ID,
        "event_id": EVENT_ID,
        "token_use": "id",
        "auth_time": AUTH_TIME,
        "exp": EXP,
        "iat": IAT,
        "jti": "b7a15c3e-6d28-4e91-8f4a-0c2b9e5d7f31",
        "email": "demo@example.com",
    }
    tokens = {"access-token.jwt": (sign(access_key, ACCESS_KID, access), ACCESS_KID, access),
              "id-token.jwt": (sign(id_key, ID_KID, id_claims), ID_KID, id_claims)}

    with open(os.path.join(HERE, "jwks.json"), "w") as f:
        json.dump(jwks, f, indent=2)
        f.write("\n")
    for name, (token, _, _) in tokens.items():
        with open(os.path.join(HERE, name), "w") as f:
            f.write(token + "\n")

    # Re-read what was written and verify it against jwks.json.
    with open(os.path.join(HERE, "jwks.json")) as f:
        written_jwks = json.load(f)
    for name, (_, kid, claims) in tokens.items():
        with open(os.path.join(HERE, name)) as f:
            header, payload = verify(f.read().strip(), written_jwks)
        assert header == {"kid": kid, "alg": "RS256"} and payload == claims
        assert payload["iat"] <= 1767226000 < payload["exp"]
        print(name, "verifies with kid", kid)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets from the project's vectors/ (run from fuzz/).

verify: whole tokens; header / claims: the decoded header and payload JSON of those tokens
(claims seeds start with one clock byte, as fuzz/entry.rs expects); jwks: JWK Sets, single
JWKs and the PEM / DER public keys of vectors/keys/. Files are named by their SHA-1, as
libFuzzer names corpus entries, so rerunning adds nothing twice."""
import base64, glob, hashlib, json, os

def put(target, data):
    folder = os.path.join("corpus", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)

def b64d(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))

tokens = [open(p).read().strip() for p in glob.glob("../vectors/demo/*.jwt")]
for path in glob.glob("../vectors/rfc/*.json"):
    for v in json.load(open(path)).get("vectors", []):
        if isinstance(v.get("token"), str):
            tokens.append(v["token"])
        for key in ("jwk", "jwks", "jwk_private"):
            if key in v:
                put("jwks", json.dumps(v[key]).encode())
for token in tokens:
    put("verify", token.encode())
    parts = token.split(".")
    if len(parts) == 3:
        try:
            put("header", b64d(parts[0]))
            put("claims", b"\x80" + b64d(parts[1]))
        except Exception:
            pass
for path in glob.glob("../vectors/keys/*.json") + glob.glob("../vectors/demo/jwks.json"):
    put("jwks", open(path, "rb").read())
for path in glob.glob("../vectors/keys/*.spki.*") + glob.glob("../vectors/keys/*.pkcs1.pem"):
    put("jwks", open(path, "rb").read())

#!/usr/bin/env python3
"""Write attacks.json: signature-forgery and key-confusion attack vectors for jwtgate.

Run from anywhere:  python3 make-attacks.py
Needs Python `cryptography` and, the first time only, the `openssl` command.

Inputs (all test-only keys, public on purpose):
  ../keys/rsa2048.pk8.pem, ../keys/rsa2048.jwk.json   (kid rsa-1)
  ../keys/ec-p256.pk8.pem, ../keys/ec-p256.jwk.json   (kid ec-256)
  ./rsa2048-e3.pk8.pem  RSA-2048 key with public exponent 3 (kid rsa-e3). Generated
                        here once, with openssl, if it is absent; then kept fixed.

Everything else is deterministic: RS256 (PKCS#1 v1.5) is deterministic, the raw RSA
forgeries are s = EM^d mod n over fixed EM, the e=3 forgery is an integer cube root,
and ECDSA uses RFC 6979 deterministic nonces (deterministic_signing=True). Running the
script again with the same keys rewrites attacks.json byte for byte.

Every vector is checked before it is written (see the asserts): positive controls verify
with `cryptography`, every forged RSA signature fails `cryptography`'s PKCS1v15 verify and
its EM (recovered with the public key) is exactly the malformed encoding described, and
signature sizes are what each vector claims.
"""
import base64
import hashlib
import json
import os
import subprocess
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import (decode_dss_signature,
                                                             encode_dss_signature)

HERE = os.path.dirname(os.path.abspath(__file__))
KEYS = os.path.join(HERE, "..", "keys")
E3_PEM = os.path.join(HERE, "rsa2048-e3.pk8.pem")
OUT = os.path.join(HERE, "attacks.json")

NOW = 1767225600  # 2026-01-01T00:00:00Z
EXP = 1767229200  # one hour later
PAYLOAD = {"sub": "attacker", "exp": EXP}

# DER DigestInfo prefixes (RFC 8017 §9.2, Note 1) and malformed variants.
DI_SHA256 = bytes.fromhex("3031300d060960864801650304020105000420")
DI_SHA256_NO_NULL = bytes.fromhex("302f300b0609608648016503040201" "0420")
DI_SHA1 = bytes.fromhex("3021300906052b0e03021a05000414")

P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551

REF = {
    "rfc8017-verify": "RFC 8017 §8.2.2 step 4 (compare the re-encoded EM with the recovered EM) "
                      "and §9.2 (EMSA-PKCS1-v1_5: 0x00 || 0x01 || PS(0xFF..., >= 8) || 0x00 || T)",
    "bb06": "Bleichenbacher 2006 e=3 signature forgery (CRYPTO 2006 rump session; Finney, "
            "IETF OpenPGP list 2006-08-27); CVE-2006-4339 (OpenSSL) and its class, e.g. "
            "CVE-2016-1494 (python-rsa)",
    "rfc7518-rs": "RFC 7518 §3.3 (RS256 = RSASSA-PKCS1-v1_5 with SHA-256)",
    "rfc7518-es": "RFC 7518 §3.4 (ES256: JWS Signature is the 64-octet R || S, each 32 octets, "
                  "not ASN.1 DER)",
    "psychic": "CVE-2022-21449 (Java 'psychic signatures': r = s = 0 accepted); SEC 1 v2 §4.1.4 "
               "step 1 / FIPS 186-5 §6.4.2 (r and s must be in [1, n-1])",
    "rfc8725": "RFC 8725 §3.1 (perform algorithm verification; each key used with exactly one "
               "algorithm) and §3.2 (use appropriate algorithms)",
}


# ---------------------------------------------------------------- helpers

def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64u(s: str) -> bytes:
    data = base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
    assert b64u(data) == s, "non-canonical base64url"
    return data


def compact(obj) -> bytes:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def signing_input(header, payload=None) -> str:
    return b64u(compact(header)) + "." + b64u(compact(PAYLOAD if payload is None else payload))


def token(sinput: str, sig: bytes) -> str:
    return sinput + "." + b64u(sig)


def load_jwk(name):
    with open(os.path.join(KEYS, name + ".jwk.json")) as f:
        return json.load(f)


def load_pem(path):
    with open(path, "rb") as f:
        return serialization.load_pem_private_key(f.read(), password=None)


def uint_min(v: int) -> bytes:
    return v.to_bytes((v.bit_length() + 7) // 8, "big")


def rsa_verifies(pub, sig: bytes, msg: bytes, h=hashes.SHA256()) -> bool:
    try:
        pub.verify(sig, msg, padding.PKCS1v15(), h)
        return True
    except InvalidSignature:
        return False


def ec_verifies(pub, r: int, s: int, msg: bytes, h=hashes.SHA256()) -> bool:
    try:
        pub.verify(encode_dss_signature(r, s), msg, ec.ECDSA(h))
        return True
    except (InvalidSignature, ValueError):
        return False


# ---------------------------------------------------------------- RSA

def emsa(t: bytes, k: int, bt=0x01, ps_byte=0xFF, trailing=b"") -> bytes:
    """0x00 || bt || PS || 0x00 || t || trailing, PS filling the rest of k octets."""
    ps_len = k - 3 - len(t) - len(trailing)
    assert ps_len >= 8
    em = b"\x00" + bytes([bt]) + bytes([ps_byte]) * ps_len + b"\x00" + t + trailing
    assert len(em) == k
    return em


def raw_rsa_sign(priv, em: bytes) -> bytes:
    """s = EM^d mod n with the private numbers: a 'signature' over any EM we like."""
    nums = priv.private_numbers()
    n = nums.public_numbers.n
    k = (n.bit_length() + 7) // 8
    assert len(em) == k
    m = int.from_bytes(em, "big")
    assert m < n
    sig = pow(m, nums.d, n).to_bytes(k, "big")
    # Independent of `cryptography`: the public operation must give back exactly EM.
    assert pow(int.from_bytes(sig, "big"), nums.public_numbers.e, n) == m
    return sig


def lenient_pkcs1_accepts(sig: bytes, n: int, e: int, msg: bytes) -> bool:
    """Model of a *broken* verifier (the 2006 bug class): checks 00 01, skips 0xFF bytes up
    to a 00, parses the DigestInfo's DER lengths, compares the hash, and ignores whatever
    follows the DigestInfo. Used only to show the forgeries target that bug."""
    k = (n.bit_length() + 7) // 8
    em = pow(int.from_bytes(sig, "big"), e, n).to_bytes(k, "big")
    if em[0:2] != b"\x00\x01":
        return False
    i = 2
    while i < k and em[i] == 0xFF:
        i += 1
    if i >= k or em[i] != 0x00:
        return False
    i += 1
    if em[i] != 0x30:
        return False
    di_len = em[i + 1]
    di = em[i:i + 2 + di_len]  # bytes after the DigestInfo are never looked at
    if di[:len(DI_SHA256)] != DI_SHA256 or len(di) != len(DI_SHA256) + 32:
        return False
    return di[len(DI_SHA256):] == hashlib.sha256(msg).digest()


def icbrt_ceil(x: int) -> int:
    """Smallest integer s with s**3 >= x."""
    lo, hi = 0, 1 << ((x.bit_length() + 2) // 3 + 1)
    while lo < hi:
        mid = (lo + hi) // 2
        if mid ** 3 >= x:
            hi = mid
        else:
            lo = mid + 1
    return lo


def ensure_e3_key():
    if os.path.exists(E3_PEM):
        return
    tmp = E3_PEM + ".tmp"
    subprocess.run(["openssl", "genpkey", "-quiet", "-algorithm", "RSA",
                    "-pkeyopt", "rsa_keygen_bits:2048", "-pkeyopt", "rsa_keygen_pubexp:3",
                    "-out", tmp], check=True)
    os.chmod(tmp, 0o644)  # test-only key, public on purpose
    os.replace(tmp, E3_PEM)
    print("generated", os.path.basename(E3_PEM))


# ---------------------------------------------------------------- vectors

VECTORS = []


def add(vid, cls, reference, description, tok, jwks, algs, expect):
    assert len(tok.split(".")) == 3
    for seg in tok.split("."):
        unb64u(seg)
    VECTORS.append({"id": vid, "class": cls, "reference": reference,
                    "description": description, "token": tok, "jwks": {"keys": jwks},
                    "allowed_algs": algs, "now": NOW, "expect_code": expect})


def rsa_vectors():
    priv = load_pem(os.path.join(KEYS, "rsa2048.pk8.pem"))
    pub = priv.public_key()
    jwk = load_jwk("rsa2048")
    pn = pub.public_numbers()
    assert (jwk["kid"], jwk["n"], jwk["e"]) == ("rsa-1", b64u(uint_min(pn.n)), b64u(uint_min(pn.e)))
    k = priv.key_size // 8
    assert priv.key_size == 2048 and k == 256

    si = signing_input({"alg": "RS256", "kid": "rsa-1"})
    msg = si.encode("ascii")
    h = hashlib.sha256(msg).digest()

    # Self-test of raw_rsa_sign: over the correct EM it must equal the library's RS256.
    good = raw_rsa_sign(priv, emsa(DI_SHA256 + h, k))
    assert good == priv.sign(msg, padding.PKCS1v15(), hashes.SHA256())
    assert rsa_verifies(pub, good, msg)
    add("rs256-valid-control", "positive-control", REF["rfc7518-rs"],
        "Positive control: honest RS256 signature by rsa-1 over this exact signing input "
        "(identical to the raw s = EM^d mod n construction over the correct EM that the "
        "forgeries below modify). Must verify.",
        token(si, good), [jwk], ["RS256"], "ok")

    other_payload = {"sub": "someone-else", "exp": EXP}
    other_msg = signing_input({"alg": "RS256", "kid": "rsa-1"}, other_payload).encode("ascii")
    garbage = bytes.fromhex("deadbeefcafebabe0123456789abcdef")

    cases = [
        ("missing-null",
         emsa(DI_SHA256_NO_NULL + h, k),
         REF["rfc8017-verify"] + "; RFC 8017 Appendix B.1 (the NULL parameters are required "
         "in the EMSA-PKCS1-v1_5 DigestInfo)",
         "EM = 00 01 FF..FF 00 || 30 2f 30 0b 06 09 <sha256 OID> 04 20 || SHA-256(signing input): "
         "the SHA-256 DigestInfo without the NULL parameters (05 00). Raw RSA with the rsa-1 "
         "private key (s = EM^d mod n), so only the encoding is wrong. A verifier that parses the "
         "DigestInfo and treats parameters as optional accepts it; a strict one compares bytes."),
        ("trailing-garbage",
         emsa(DI_SHA256 + h, k, trailing=garbage),
         REF["rfc8017-verify"] + "; " + REF["bb06"],
         "EM = 00 01 FF..FF 00 || DigestInfo(SHA-256) || SHA-256(signing input) || 16 garbage "
         "bytes (de ad be ef ca fe ba be 01 23 45 67 89 ab cd ef); PS is shortened by 16 to make "
         "room. Raw RSA with the private key. A verifier that parses the DigestInfo and ignores "
         "what follows it (the 2006 bug) accepts it."),
        ("wrong-padding-byte",
         emsa(DI_SHA256 + h, k, ps_byte=0x00),
         REF["rfc8017-verify"],
         "EM = 00 01 || PS of 0x00 bytes (instead of 0xFF) || 00 || DigestInfo(SHA-256) || "
         "SHA-256(signing input). Raw RSA with the private key. A verifier that does not check "
         "the PS bytes (or scans for the DigestInfo) accepts it."),
        ("block-type-2",
         emsa(DI_SHA256 + h, k, bt=0x02),
         REF["rfc8017-verify"] + "; RFC 2313 §8.1 (block type 02 is for encryption)",
         "EM = 00 02 || FF..FF || 00 || DigestInfo(SHA-256) || SHA-256(signing input): block "
         "type 02 (the encryption padding type) instead of 01. Raw RSA with the private key."),
        ("wrong-hash",
         emsa(DI_SHA256 + hashlib.sha256(other_msg).digest(), k),
         REF["rfc7518-rs"] + "; " + REF["rfc8017-verify"],
         "Correct EMSA-PKCS1-v1_5 encoding, but of SHA-256 of a different signing input (same "
         "header, payload {\"sub\":\"someone-else\",\"exp\":1767229200}); the signature is "
         "genuine for that other token, grafted onto this one."),
        ("sha1-digestinfo",
         emsa(DI_SHA1 + hashlib.sha1(msg).digest(), k),
         REF["rfc7518-rs"] + "; " + REF["rfc8725"] + "; " + REF["rfc8017-verify"],
         "EM = 00 01 FF..FF 00 || DigestInfo(SHA-1) || SHA-1(signing input) under an RS256 "
         "header. A well-formed RSA-SHA1 signature (the private-key operation gives exactly "
         "what RSASSA-PKCS1-v1_5 with SHA-1 would): a verifier that takes the hash algorithm "
         "from the DigestInfo instead of from alg accepts it."),
    ]
    for vid, em, ref, desc, in cases:
        sig = raw_rsa_sign(priv, em)
        assert len(sig) == 256
        assert not rsa_verifies(pub, sig, msg), vid
        if vid == "wrong-hash":
            assert rsa_verifies(pub, sig, other_msg)  # genuine for the other token
        if vid == "sha1-digestinfo":
            assert rsa_verifies(pub, sig, msg, hashes.SHA1())  # a real RSA-SHA1 signature
            assert sig == priv.sign(msg, padding.PKCS1v15(), hashes.SHA1())
        lenient = lenient_pkcs1_accepts(sig, pn.n, pn.e, msg)
        assert lenient == (vid == "trailing-garbage"), vid
        add(vid, "rsa-pkcs1v15-forgery", ref, desc, token(si, sig), [jwk], ["RS256"],
            "signature")
        print("%-22s EM[:24] = %s...  cryptography: rejects%s" % (
            vid, em[:24].hex(), "; lenient model: ACCEPTS" if lenient else ""))


def e3_vectors():
    ensure_e3_key()
    priv = load_pem(E3_PEM)
    assert isinstance(priv, rsa.RSAPrivateKey)
    pub = priv.public_key()
    pn = pub.public_numbers()
    n, e = pn.n, pn.e
    assert e == 3 and n.bit_length() == 2048
    k = 256
    jwk = {"kty": "RSA", "kid": "rsa-e3", "alg": "RS256", "use": "sig",
           "n": b64u(uint_min(n)), "e": b64u(uint_min(e))}
    assert jwk["e"] == "Aw"

    si = signing_input({"alg": "RS256", "kid": "rsa-e3"})
    msg = si.encode("ascii")
    h = hashlib.sha256(msg).digest()

    honest = priv.sign(msg, padding.PKCS1v15(), hashes.SHA256())
    assert len(honest) == k and rsa_verifies(pub, honest, msg)
    assert lenient_pkcs1_accepts(honest, n, e, msg)
    add("e3-honest-control", "positive-control", REF["rfc7518-rs"] + "; jwtgate contract "
        "(docs/cli.md, Keys): an RSA exponent e is usable when odd, >= 3 and < 2^33",
        "Positive control for the e=3 key: honest RS256 signature by the rsa2048-e3 private key "
        "(kid rsa-e3, e = 3). e = 3 is allowed by the contract, so this must verify; it shows "
        "the forgery below is rejected for its padding, not for the exponent.",
        token(si, honest), [jwk], ["RS256"], "ok")

    # Bleichenbacher'06: only the public key (n, e = 3) is used from here on.
    prefix = b"\x00\x01" + b"\xff" * 8 + b"\x00" + DI_SHA256 + h
    assert len(prefix) == 62
    target = int.from_bytes(prefix + b"\x00" * (k - len(prefix)), "big")
    s = icbrt_ceil(target)
    cube = s ** 3
    assert cube < n  # so s^3 mod n == s^3: no modular reduction at all
    em = pow(s, e, n).to_bytes(k, "big")
    assert em == cube.to_bytes(k, "big") and em.startswith(prefix)
    sig = s.to_bytes(k, "big")  # I2OSP to k = 256 octets (leading zero octets)
    assert len(sig) == k
    assert not rsa_verifies(pub, sig, msg), "cryptography accepted the e=3 forgery!"
    assert lenient_pkcs1_accepts(sig, n, e, msg)
    tail = em[len(prefix):]
    zeros = len(tail) - len(tail.lstrip(b"\x00"))
    print("e3 forgery: s has %d bits; s^3 mod n = %s | %s...  (%d garbage bytes)" % (
        s.bit_length(), em[:len(prefix)].hex(), em[len(prefix):len(prefix) + 8].hex(),
        k - len(prefix)))
    print("            wanted prefix  = %s" % prefix.hex())
    print("            cryptography: rejects; lenient model: ACCEPTS")
    add("e3-bleichenbacher06-forgery", "rsa-e3-forgery", REF["bb06"] + "; " + REF["rfc8017-verify"],
        "Signature forged WITHOUT the private key: s = ceil(cuberoot(EM')) with EM' = 00 01 || "
        "FF x8 || 00 || DigestInfo(SHA-256) || SHA-256(signing input) || 00 x194. Then s^3 "
        "(< n, so no reduction) starts with that 62-byte prefix and its last 194 bytes are "
        "garbage (here %d zero bytes, then the %d-byte cube-root error). A verifier that does "
        "not check that PS fills EM up to the DigestInfo (or ignores trailing bytes) accepts "
        "it; s (%d bits) is I2OSP-encoded to 256 octets." % (zeros, k - len(prefix) - zeros,
                                                              s.bit_length()),
        token(si, sig), [jwk], ["RS256"], "signature")


def ec_vectors():
    priv = load_pem(os.path.join(KEYS, "ec-p256.pk8.pem"))
    assert isinstance(priv.curve, ec.SECP256R1)
    pub = priv.public_key()
    jwk = load_jwk("ec-p256")
    pn = pub.public_numbers()
    assert (jwk["kid"], jwk["x"], jwk["y"]) == ("ec-256", b64u(pn.x.to_bytes(32, "big")),
                                               b64u(pn.y.to_bytes(32, "big")))
    n = P256_N

    si = signing_input({"alg": "ES256", "kid": "ec-256"})
    msg = si.encode("ascii")
    der = priv.sign(msg, ec.ECDSA(hashes.SHA256(), deterministic_signing=True))
    r, s = decode_dss_signature(der)
    assert ec_verifies(pub, r, s, msg)
    raw = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    assert len(raw) == 64

    def rs(a, b):
        assert a < 2 ** 256 and b < 2 ** 256
        return a.to_bytes(32, "big") + b.to_bytes(32, "big")

    add("es256-valid-control", "positive-control", REF["rfc7518-es"],
        "Positive control: honest ES256 signature by ec-256 (RFC 6979 deterministic nonce), "
        "raw 64-byte r || s. The ECDSA vectors below are derived from it. Must verify.",
        token(si, raw), [jwk], ["ES256"], "ok")

    high_s = n - s
    assert ec_verifies(pub, r, high_s, msg)
    add("es256-high-s-control", "positive-control",
        REF["rfc7518-es"] + "; ECDSA malleability: (r, n - s) is also valid (Bitcoin BIP 62/146 "
        "low-S rule is not part of JOSE)",
        "Positive control: the valid signature with s replaced by n - s (%s-S variant). "
        "ECDSA, JOSE (RFC 7518) and ring accept both (r, s) and (r, n - s); there is no low-S "
        "rule, so this is expected to verify. Signature malleability is not forgery: only the "
        "holder of the private key can make either one."
        % ("high" if high_s > n // 2 else "low"),
        token(si, rs(r, high_s)), [jwk], ["ES256"], "ok")

    cases = [
        ("es256-r0-s0", rs(0, 0), REF["psychic"],
         "r = 0, s = 0: 64 zero bytes. Accepted by Java 15-18 (CVE-2022-21449) for any message "
         "and any key."),
        ("es256-r-s-n", rs(n, n), REF["psychic"],
         "r = s = n (the P-256 group order). n = 0 mod n, so a verifier that reduces r and s "
         "mod n instead of range-checking them sees the psychic r = s = 0."),
        ("es256-r-n-s-1", rs(n, 1), REF["psychic"],
         "r = n (out of range, = 0 mod n), s = 1."),
        ("es256-r-1-s-n", rs(1, n), REF["psychic"],
         "r = 1, s = n (out of range, = 0 mod n; s^-1 does not exist)."),
        ("es256-r-s-n-plus-1", rs(n + 1, n + 1), REF["psychic"],
         "r = s = n + 1 (fits in 32 bytes since n < 2^256 - 1): out of range; = 1 mod n, so "
         "only a verifier that reduces instead of rejecting would treat it as r = s = 1."),
        ("es256-r-s-all-ff", b"\xff" * 64, REF["psychic"],
         "r = s = 2^256 - 1 (all 0xFF), greater than n: out of range."),
        ("es256-r-s-swapped", rs(s, r), REF["rfc7518-es"],
         "The valid signature with r and s swapped (s || r)."),
    ]
    for vid, sig, ref, desc in cases:
        assert len(sig) == 64
        a, b = int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big")
        assert not ec_verifies(pub, a, b, msg), vid
        add(vid, "ecdsa-invalid-signature", ref, desc, token(si, sig), [jwk], ["ES256"],
            "signature")

    assert len(der) != 64
    add("es256-der-encoded", "ecdsa-encoding", REF["rfc7518-es"] + "; " + REF["rfc8725"],
        "The valid signature re-encoded as ASN.1 DER Ecdsa-Sig-Value (%d bytes, as OpenSSL / "
        "Java / .NET produce it) instead of the raw 64-byte r || s JOSE requires." % len(der),
        token(si, der), [jwk], ["ES256"], "signature")
    add("es256-sig-append-byte", "ecdsa-encoding", REF["rfc7518-es"],
        "The valid 64-byte r || s with one 0x00 byte appended (65 bytes): wrong length.",
        token(si, raw + b"\x00"), [jwk], ["ES256"], "signature")
    add("es256-sig-drop-byte", "ecdsa-encoding", REF["rfc7518-es"],
        "The valid 64-byte r || s with its last byte removed (63 bytes): wrong length.",
        token(si, raw[:-1]), [jwk], ["ES256"], "signature")

    # ES384 header with the P-256 key: the key does not fit the algorithm.
    si384 = signing_input({"alg": "ES384", "kid": "ec-256"})
    der384 = priv.sign(si384.encode("ascii"), ec.ECDSA(hashes.SHA384(), deterministic_signing=True))
    r3, s3 = decode_dss_signature(der384)
    assert ec_verifies(pub, r3, s3, si384.encode("ascii"), hashes.SHA384())
    add("es384-with-p256-key", "algorithm-key-mismatch",
        REF["rfc8725"] + "; RFC 7518 §3.4 (ES384 = ECDSA using P-384 and SHA-384)",
        "Header {\"alg\":\"ES384\",\"kid\":\"ec-256\"} with both ES256 and ES384 allowed, but the "
        "only key with that kid is P-256. The signature is a genuine ECDSA P-256 / SHA-384 "
        "signature by that key (raw 64-byte r || s), so a verifier that only maps ES384 to "
        "'ECDSA with SHA-384' and uses whatever EC key the kid names would accept it. The key "
        "does not fit ES384: `algorithm` (checked before the signature).",
        token(si384, rs(r3, s3)), [jwk], ["ES256", "ES384"], "algorithm")


def main():
    rsa_vectors()
    e3_vectors()
    ec_vectors()
    ids = [v["id"] for v in VECTORS]
    assert len(ids) == len(set(ids))
    doc = {
        "description": "Attack vectors for jwtgate: RSA PKCS#1 v1.5 signature forgeries "
                       "(malformed encodings signed with the private key, and a Bleichenbacher "
                       "2006 e=3 forgery made without it), invalid and mis-encoded ECDSA P-256 "
                       "signatures (including CVE-2022-21449 r = s = 0), an ES384 token naming a "
                       "P-256 key, and positive controls. Run each as: jwtgate --jwks <jwks> "
                       "--alg <each of allowed_algs> --now <now> <token>; expect_code is the "
                       "rejection code from docs/cli.md, or \"ok\" (exit 0).",
        "provenance": "Generated by make-attacks.py in this folder from the test-only keys "
                      "../keys/rsa2048 (kid rsa-1), ../keys/ec-p256 (kid ec-256) and "
                      "./rsa2048-e3.pk8.pem (kid rsa-e3, e = 3), with Python cryptography; "
                      "every vector was checked by the script (positive controls verify, "
                      "forgeries do not). Not published elsewhere. See README.md.",
        "vectors": VECTORS,
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print("wrote %s: %d vectors" % (os.path.basename(OUT), len(VECTORS)))
    for v in VECTORS:
        print("  %-30s %s" % (v["id"], v["expect_code"]))


if __name__ == "__main__":
    sys.exit(main())

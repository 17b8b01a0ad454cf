//! Token building blocks: good headers, claims and tokens, segment surgery, and the
//! signature mutations' arithmetic (high-S ECDSA, DER, Ed25519 `S + L`, a stranger's key).

use super::*;

pub(crate) fn std_header(alg: Algorithm, kid: &str) -> String {
    format!(r#"{{"alg":"{}","typ":"JWT","kid":"{kid}"}}"#, alg.name())
}

pub(crate) fn good_claims(now: u64, policy: Policy) -> String {
    match policy {
        Policy::Plain => format!(
            r#"{{"sub":"user","iat":{now},"nbf":{},"exp":{}}}"#,
            now - 60,
            now + 3600
        ),
        Policy::IssAud => format!(
            r#"{{"iss":"{ISS}","aud":"{AUD}","sub":"user","iat":{now},"nbf":{},"exp":{}}}"#,
            now - 60,
            now + 3600
        ),
    }
}

/// A valid token for `alg` with its usual key and the standard header.
pub(crate) fn good_token(alg: Algorithm, now: u64) -> String {
    let (signer, kid) = signer_for(alg);
    mint(
        alg,
        signer,
        &std_header(alg, kid),
        &good_claims(now, Policy::Plain),
    )
}

pub(crate) fn parts(token: &str) -> Vec<&str> {
    token.split('.').collect()
}

pub(crate) fn signature_of(token: &str) -> Vec<u8> {
    Base64UrlUnpadded::decode_vec(parts(token)[2]).unwrap()
}

pub(crate) fn with_signature(token: &str, signature: &[u8]) -> String {
    let p = parts(token);
    format!("{}.{}.{}", p[0], p[1], b64(signature))
}

/// The same token with segment `index` replaced by `segment`.
pub(crate) fn with_segment(token: &str, index: usize, segment: &str) -> String {
    let mut p: Vec<String> = parts(token).into_iter().map(str::to_owned).collect();
    p[index] = segment.to_owned();
    p.join(".")
}

/// The segment with its last character changed to set a non-zero trailing bit, when the
/// segment has trailing bits (length not a multiple of four).
pub(crate) fn with_trailing_bit(segment: &str) -> Option<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let last = *segment.as_bytes().last()?;
    let value = ALPHABET.iter().position(|&c| c == last)?;
    let spare_bits = match segment.len() % 4 {
        2 => 4,
        3 => 2,
        _ => return None,
    };
    assert_eq!(
        value % (1 << spare_bits),
        0,
        "a canonical segment has zero trailing bits"
    );
    let changed = char::from(ALPHABET[value | 1]);
    Some(format!("{}{changed}", &segment[..segment.len() - 1]))
}

/// Standard-alphabet Base64 of the segment's bytes, with padding.
pub(crate) fn standard_padded(segment: &str) -> String {
    Base64::encode_string(&Base64UrlUnpadded::decode_vec(segment).unwrap())
}

pub(crate) fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// `a − b` for big-endian integers of the same length, `a ≥ b`.
pub(crate) fn sub_be(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; a.len()];
    let mut borrow = 0i16;
    for i in (0..a.len()).rev() {
        let mut d = i16::from(a[i]) - i16::from(b[i]) - borrow;
        borrow = i16::from(d < 0);
        if d < 0 {
            d += 256;
        }
        out[i] = d as u8;
    }
    assert_eq!(borrow, 0);
    out
}

/// The ECDSA signature `r ‖ s` with `s` replaced by `n − s` (the other valid signature).
pub(crate) fn high_s(alg: Algorithm, signature: &[u8]) -> Vec<u8> {
    let order = match alg {
        Algorithm::Es256 => {
            hex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551")
        }
        _ => hex(
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973",
        ),
    };
    let (r, s) = signature.split_at(signature.len() / 2);
    [r, &sub_be(&order, s)].concat()
}

/// A DER INTEGER holding the unsigned big-endian `value`.
pub(crate) fn der_integer(value: &[u8]) -> Vec<u8> {
    let start = value
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(value.len() - 1);
    let mut body = value[start..].to_vec();
    if body[0] & 0x80 != 0 {
        body.insert(0, 0);
    }
    [vec![0x02, body.len() as u8], body].concat()
}

/// The ECDSA signature `r ‖ s` as a DER `ECDSA-Sig-Value`, as X.509 and OpenSSL write it.
pub(crate) fn ecdsa_der(signature: &[u8]) -> Vec<u8> {
    let (r, s) = signature.split_at(signature.len() / 2);
    let body = [der_integer(r), der_integer(s)].concat();
    assert!(body.len() < 128);
    [vec![0x30, body.len() as u8], body].concat()
}

/// The Ed25519 signature with `S` replaced by `S + L` (same value mod L, not canonical).
pub(crate) fn ed25519_s_plus_l(signature: &[u8]) -> Vec<u8> {
    // L = 2^252 + 27742317777372353535851937790883648493, little-endian.
    let l = hex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
    let mut out = signature.to_vec();
    let mut carry = 0u16;
    for i in 0..32 {
        let sum = u16::from(out[32 + i]) + u16::from(l[i]) + carry;
        out[32 + i] = sum as u8;
        carry = sum >> 8;
    }
    assert_eq!(carry, 0);
    out
}

/// Signs `signing_input` with a fresh key of the same type (not in any key set).
pub(crate) fn sign_with_stranger(alg: Algorithm, signing_input: &[u8]) -> Vec<u8> {
    let rng = SystemRandom::new();
    match alg {
        Algorithm::Es256 | Algorithm::Es384 => {
            let params = if alg == Algorithm::Es256 {
                &ring::signature::ECDSA_P256_SHA256_FIXED_SIGNING
            } else {
                &ring::signature::ECDSA_P384_SHA384_FIXED_SIGNING
            };
            let pkcs8 = EcdsaKeyPair::generate_pkcs8(params, &rng).unwrap();
            let pair = EcdsaKeyPair::from_pkcs8(params, pkcs8.as_ref(), &rng).unwrap();
            pair.sign(&rng, signing_input).unwrap().as_ref().to_vec()
        }
        Algorithm::EdDsa => {
            let pkcs8 = Ed25519KeyPair::generate_pkcs8(&rng).unwrap();
            let pair = Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).unwrap();
            pair.sign(signing_input).as_ref().to_vec()
        }
        Algorithm::Hs256 | Algorithm::Hs384 | Algorithm::Hs512 => {
            let hash = match alg {
                Algorithm::Hs256 => ring::hmac::HMAC_SHA256,
                Algorithm::Hs384 => ring::hmac::HMAC_SHA384,
                _ => ring::hmac::HMAC_SHA512,
            };
            let key = ring::hmac::Key::new(hash, &[0x5a; 64]);
            ring::hmac::sign(&key, signing_input).as_ref().to_vec()
        }
        _ => sign(alg, Signer::Rsa("rsa3072"), signing_input),
    }
}

pub(crate) fn is_hmac(alg: Algorithm) -> bool {
    matches!(alg, Algorithm::Hs256 | Algorithm::Hs384 | Algorithm::Hs512)
}

pub(crate) fn is_rsa(alg: Algorithm) -> bool {
    matches!(
        alg,
        Algorithm::Rs256
            | Algorithm::Rs384
            | Algorithm::Rs512
            | Algorithm::Ps256
            | Algorithm::Ps384
            | Algorithm::Ps512
    )
}

/// Whether jwtgate's test key set has more than one usable key fitting `alg` (so that a
/// token without `kid` cannot select one).
pub(crate) fn several_keys_fit(alg: Algorithm) -> bool {
    matches!(alg, Algorithm::Hs256 | Algorithm::Hs384) || is_rsa(alg)
}

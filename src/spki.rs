//! Public keys in DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) and PEM (RFC 7468), for
//! callers who hold a key rather than a JWK Set.
//!
//! A small, strict DER reader of our own: definite minimal lengths only, no trailing bytes,
//! minimal positive integers. Supported: `rsaEncryption` (with NULL parameters), EC
//! `id-ecPublicKey` on P-256 or P-384 (uncompressed points), Ed25519; and PEM `PUBLIC KEY`
//! or `RSA PUBLIC KEY` (PKCS#1 RSAPublicKey).

use crate::error::KeyRejected;
use crate::key::{Curve, EcKey, Ed25519Key, Material, RsaKey};
use alloc::vec::Vec;
use base64ct::{Base64, Encoding};

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const NULL: u8 = 0x05;
const OID: u8 = 0x06;

const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
const P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];
const ED25519: &[u8] = &[0x2b, 0x65, 0x70];

/// Parses a DER SubjectPublicKeyInfo.
pub(crate) fn from_spki_der(der: &[u8]) -> Result<Material, KeyRejected> {
    let mut outer = Der(der);
    let mut spki = Der(outer.read(SEQUENCE)?);
    outer.finish()?;
    let mut algorithm = Der(spki.read(SEQUENCE)?);
    let key = bit_string(spki.read(BIT_STRING)?)?;
    spki.finish()?;
    let oid = algorithm.read(OID)?;
    let material = if oid == RSA_ENCRYPTION {
        if !algorithm.read(NULL)?.is_empty() {
            return Err(KeyRejected::Encoding);
        }
        from_pkcs1_der(key)?
    } else if oid == EC_PUBLIC_KEY {
        let curve = match algorithm.read(OID)? {
            P256 => Curve::P256,
            P384 => Curve::P384,
            _ => return Err(KeyRejected::Curve),
        };
        Material::Ec(EcKey::from_point(curve, key)?)
    } else if oid == ED25519 {
        Material::Ed25519(Ed25519Key::new(key)?)
    } else {
        return Err(KeyRejected::KeyType);
    };
    algorithm.finish()?;
    Ok(material)
}

/// Parses a DER PKCS#1 RSAPublicKey (RFC 8017 §A.1.1).
pub(crate) fn from_pkcs1_der(der: &[u8]) -> Result<Material, KeyRejected> {
    let mut outer = Der(der);
    let mut key = Der(outer.read(SEQUENCE)?);
    outer.finish()?;
    let n = positive_integer(key.read(INTEGER)?)?;
    let e = positive_integer(key.read(INTEGER)?)?;
    key.finish()?;
    Ok(Material::Rsa(RsaKey::new(n, e)?))
}

/// Parses one PEM block holding a `PUBLIC KEY` or an `RSA PUBLIC KEY`.
pub(crate) fn from_pem(pem: &str) -> Result<Material, KeyRejected> {
    let text = pem.trim_matches(|c: char| c.is_ascii_whitespace());
    let rest = text
        .strip_prefix("-----BEGIN ")
        .ok_or(KeyRejected::Encoding)?;
    let (label, rest) = rest.split_once("-----").ok_or(KeyRejected::Encoding)?;
    let (body, end) = rest.split_once("-----END ").ok_or(KeyRejected::Encoding)?;
    if end.strip_prefix(label) != Some("-----") {
        return Err(KeyRejected::Encoding);
    }
    let base64: Vec<u8> = body.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let der = Base64::decode_vec(core::str::from_utf8(&base64).map_err(|_| KeyRejected::Encoding)?)
        .map_err(|_| KeyRejected::Encoding)?;
    match label {
        "PUBLIC KEY" => from_spki_der(&der),
        "RSA PUBLIC KEY" => from_pkcs1_der(&der),
        _ => Err(KeyRejected::Encoding),
    }
}

/// Whether `bytes` look like an encoded public key: PEM armour, a JWK in JSON, or DER shaped
/// like a SubjectPublicKeyInfo or an RSAPublicKey. Used to refuse such bytes as an HMAC
/// secret — the RS256 → HS256 key-confusion mistake (RFC 8725 §2.1). Random secrets do not
/// match the DER shapes by accident: that needs several exact tag and length bytes.
pub(crate) fn is_public_key_encoding(bytes: &[u8]) -> bool {
    let text = bytes.trim_ascii_start();
    if text.starts_with(b"-----BEGIN") || (text.starts_with(b"{") && contains(text, b"\"kty\"")) {
        return true;
    }
    let mut outer = Der(bytes);
    let Ok(content) = outer.read(SEQUENCE) else {
        return false;
    };
    if outer.finish().is_err() {
        return false;
    }
    let mut inner = Der(content);
    let spki = inner
        .read(SEQUENCE)
        .is_ok_and(|algorithm| Der(algorithm).read(OID).is_ok())
        && inner.read(BIT_STRING).is_ok();
    let mut inner = Der(content);
    let pkcs1 =
        inner.read(INTEGER).is_ok() && inner.read(INTEGER).is_ok() && inner.finish().is_ok();
    spki || pkcs1
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// The content of a BIT STRING with no unused bits.
fn bit_string(content: &[u8]) -> Result<&[u8], KeyRejected> {
    match content.split_first() {
        Some((0, bits)) => Ok(bits),
        _ => Err(KeyRejected::Encoding),
    }
}

/// A DER INTEGER's content as a minimal unsigned big-endian number; negative and
/// non-minimal encodings are refused.
fn positive_integer(content: &[u8]) -> Result<&[u8], KeyRejected> {
    match content {
        [first, ..] if first & 0x80 != 0 => Err(KeyRejected::Encoding),
        [0, rest @ ..] => match rest.first() {
            Some(next) if next & 0x80 != 0 => Ok(rest),
            _ => Err(KeyRejected::Encoding),
        },
        [_, ..] => Ok(content),
        [] => Err(KeyRejected::Encoding),
    }
}

/// A cursor over DER: reads one TLV of an expected tag at a time.
struct Der<'a>(&'a [u8]);

impl<'a> Der<'a> {
    fn read(&mut self, tag: u8) -> Result<&'a [u8], KeyRejected> {
        let bad = KeyRejected::Encoding;
        let (&actual, rest) = self.0.split_first().ok_or(bad)?;
        if actual != tag {
            return Err(bad);
        }
        let (&first, rest) = rest.split_first().ok_or(bad)?;
        let (len, rest) = if first < 0x80 {
            (usize::from(first), rest)
        } else {
            // Long form: one to three length octets, minimal, and only for lengths ≥ 128.
            let count = usize::from(first & 0x7f);
            if !(1..=3).contains(&count) {
                return Err(bad);
            }
            let (octets, rest) = rest.split_at_checked(count).ok_or(bad)?;
            if octets.first() == Some(&0) {
                return Err(bad);
            }
            let len = octets
                .iter()
                .try_fold(0usize, |acc, &b| {
                    acc.checked_mul(256)?.checked_add(usize::from(b))
                })
                .ok_or(bad)?;
            if len < 0x80 {
                return Err(bad);
            }
            (len, rest)
        };
        let (value, rest) = rest.split_at_checked(len).ok_or(bad)?;
        self.0 = rest;
        Ok(value)
    }

    fn finish(&self) -> Result<(), KeyRejected> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(KeyRejected::Encoding)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_lengths_are_minimal_and_bounded() {
        assert_eq!(Der(&[0x02, 0x01, 0x05]).read(INTEGER), Ok(&[5][..]));
        assert!(Der(&[0x02, 0x81, 0x01, 0x05]).read(INTEGER).is_err()); // long form for 1
        assert!(Der(&[0x02, 0x82, 0x00, 0x81]).read(INTEGER).is_err()); // leading zero octet
        assert!(Der(&[0x02, 0x80]).read(INTEGER).is_err()); // indefinite
        assert!(Der(&[0x02, 0x84, 1, 0, 0, 0]).read(INTEGER).is_err()); // too many octets
        assert!(Der(&[0x02, 0x02, 0x05]).read(INTEGER).is_err()); // truncated
        assert!(Der(&[0x03, 0x01, 0x05]).read(INTEGER).is_err()); // wrong tag
        assert!(Der(&[]).read(INTEGER).is_err());
    }

    #[test]
    fn integers_are_positive_and_minimal() {
        assert_eq!(positive_integer(&[0x00, 0x80]), Ok(&[0x80][..]));
        assert_eq!(positive_integer(&[0x7f]), Ok(&[0x7f][..]));
        assert!(positive_integer(&[0x80]).is_err());
        assert!(positive_integer(&[0x00, 0x7f]).is_err());
        assert!(positive_integer(&[0x00]).is_err());
        assert!(positive_integer(&[]).is_err());
    }

    #[test]
    fn pem_needs_matching_labels() {
        assert!(from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PRIVATE KEY-----").is_err());
        assert!(from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----").is_err());
        assert!(from_pem("").is_err());
    }
}

//! Public keys in DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) and PEM (RFC 7468), for
//! callers who hold a key rather than a JWK Set.
//!
//! Read with the strict DER reader of [`crate::der`]. Supported: `rsaEncryption` (with NULL parameters), EC
//! `id-ecPublicKey` on P-256 or P-384 (uncompressed points), Ed25519; and PEM `PUBLIC KEY`
//! or `RSA PUBLIC KEY` (PKCS#1 RSAPublicKey).

use crate::alg::Family;
use crate::der::{bit_string, positive_integer, Der, BIT_STRING, INTEGER, NULL, OID, SEQUENCE};
use crate::error::KeyRejected;
use crate::key::{Curve, EcKey, Ed25519Key, Material, RsaKey};
use alloc::vec::Vec;
use base64ct::{Base64, Encoding};

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
    let kty = match oid {
        RSA_ENCRYPTION => "RSA",
        EC_PUBLIC_KEY => "EC",
        ED25519 => "OKP",
        _ => return Err(KeyRejected::KeyType),
    };
    if !Family::kty_is_built(kty) {
        return Err(KeyRejected::KeyType);
    }
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
    if !Family::kty_is_built("RSA") {
        return Err(KeyRejected::KeyType);
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_needs_matching_labels() {
        assert!(from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PRIVATE KEY-----").is_err());
        assert!(from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----").is_err());
        assert!(from_pem("").is_err());
    }
}

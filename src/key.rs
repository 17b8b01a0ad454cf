//! Checked key material, held ready for verification.
//!
//! Each constructor enforces the contract's *Keys* rules for its family, so that a value of
//! [`Material`] is always usable. HMAC keys are prepared once (`ring::hmac::Key` keeps the
//! padded inner and outer states); `ring` offers no prepared form for RSA, EC or Ed25519
//! public keys, so those keep their decoded components and nothing else happens per call.

use crate::alg::Family;
use crate::error::KeyRejected;
use crate::limits::{HMAC_MIN_KEY_LEN, RSA_MAX_BITS, RSA_MIN_BITS};
use alloc::boxed::Box;
use alloc::vec::Vec;
use core::fmt;
use ring::hmac;

/// A usable public or secret key, by family.
pub(crate) enum Material {
    Rsa(RsaKey),
    Ec(EcKey),
    Ed25519(Ed25519Key),
    /// Boxed: three prepared HMAC states are large next to the other variants.
    Hmac(Box<HmacKey>),
}

impl Material {
    /// The JWK `kty` of this key.
    pub(crate) fn kty(&self) -> &'static str {
        match self {
            Material::Rsa(_) => "RSA",
            Material::Ec(_) => "EC",
            Material::Ed25519(_) => "OKP",
            Material::Hmac(_) => "oct",
        }
    }

    /// Whether this key belongs to `family` (and, for HMAC, is long enough for it).
    pub(crate) fn is_of(&self, family: Family) -> bool {
        match (family, self) {
            (Family::Hmac { min_len }, Material::Hmac(key)) => key.len >= min_len,
            (Family::Rsa, Material::Rsa(_)) => true,
            (Family::EcP256, Material::Ec(key)) => key.curve == Curve::P256,
            (Family::EcP384, Material::Ec(key)) => key.curve == Curve::P384,
            (Family::Ed25519, Material::Ed25519(_)) => true,
            _ => false,
        }
    }
}

impl fmt::Debug for Material {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Material::Rsa(key) => f.debug_struct("Rsa").field("bits", &key.bits).finish(),
            Material::Ec(key) => f.debug_struct("Ec").field("curve", &key.curve).finish(),
            Material::Ed25519(_) => f.write_str("Ed25519"),
            Material::Hmac(key) => f
                .debug_struct("Hmac")
                .field("len", &key.len)
                .field("secret", &"[redacted]")
                .finish(),
        }
    }
}

/// An RSA public key: modulus and exponent, minimal big-endian.
pub(crate) struct RsaKey {
    n: Box<[u8]>,
    e: Box<[u8]>,
    bits: usize,
}

impl RsaKey {
    /// Checks `n` (odd, minimal, 2048–8192 bits counted exactly) and `e` (odd, minimal,
    /// 3 ≤ e < 2^33), as RFC 7518 §2 and §3.3 and the contract require.
    pub(crate) fn new(n: &[u8], e: &[u8]) -> Result<Self, KeyRejected> {
        let bits = modulus_bits(n).ok_or(KeyRejected::RsaModulus)?;
        if !(RSA_MIN_BITS..=RSA_MAX_BITS).contains(&bits) || !is_odd(n) {
            return Err(KeyRejected::RsaModulus);
        }
        let exponent = exponent_value(e).ok_or(KeyRejected::RsaExponent)?;
        if !(3..1 << 33).contains(&exponent) || exponent % 2 == 0 {
            return Err(KeyRejected::RsaExponent);
        }
        Ok(RsaKey {
            n: n.into(),
            e: e.into(),
            bits,
        })
    }

    pub(crate) fn n(&self) -> &[u8] {
        &self.n
    }

    pub(crate) fn e(&self) -> &[u8] {
        &self.e
    }
}

/// Bits in a minimal big-endian integer; `None` when empty or with a leading zero octet.
fn modulus_bits(n: &[u8]) -> Option<usize> {
    let (&first, rest) = n.split_first()?;
    if first == 0 {
        return None;
    }
    let top = usize::try_from(u8::BITS.checked_sub(first.leading_zeros())?).ok()?;
    rest.len().checked_mul(8)?.checked_add(top)
}

fn is_odd(n: &[u8]) -> bool {
    n.last().is_some_and(|last| last & 1 == 1)
}

/// The value of a minimal big-endian exponent of at most five octets.
fn exponent_value(e: &[u8]) -> Option<u64> {
    if e.first().is_none_or(|&first| first == 0) || e.len() > 5 {
        return None;
    }
    Some(e.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
}

/// The NIST curves that JOSE's ES256 and ES384 use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Curve {
    P256,
    P384,
}

impl Curve {
    /// Bytes in one coordinate (the field size).
    pub(crate) fn coordinate_len(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
        }
    }
}

/// An EC public key as an uncompressed point `04 ‖ x ‖ y`, the form `ring` takes.
pub(crate) struct EcKey {
    curve: Curve,
    point: Box<[u8]>,
}

impl EcKey {
    /// From JWK coordinates, each exactly the field size (RFC 7518 §6.2.1.2).
    pub(crate) fn from_coordinates(curve: Curve, x: &[u8], y: &[u8]) -> Result<Self, KeyRejected> {
        let len = curve.coordinate_len();
        if x.len() != len || y.len() != len {
            return Err(KeyRejected::EcPoint);
        }
        let mut point = Vec::with_capacity(1 + 2 * 48);
        point.push(4);
        point.extend_from_slice(x);
        point.extend_from_slice(y);
        Ok(EcKey {
            curve,
            point: point.into(),
        })
    }

    /// From an uncompressed SEC 1 point, as found in a SubjectPublicKeyInfo.
    pub(crate) fn from_point(curve: Curve, point: &[u8]) -> Result<Self, KeyRejected> {
        let len = curve.coordinate_len();
        match point.split_first() {
            Some((4, xy)) if xy.len() == len.saturating_mul(2) => {
                let (x, y) = xy.split_at(len);
                Self::from_coordinates(curve, x, y)
            }
            _ => Err(KeyRejected::EcPoint),
        }
    }

    pub(crate) fn point(&self) -> &[u8] {
        &self.point
    }
}

/// An Ed25519 public key (RFC 8037 §2).
pub(crate) struct Ed25519Key([u8; 32]);

impl Ed25519Key {
    pub(crate) fn new(x: &[u8]) -> Result<Self, KeyRejected> {
        x.try_into()
            .map(Ed25519Key)
            .map_err(|_| KeyRejected::Ed25519Key)
    }

    pub(crate) fn bytes(&self) -> &[u8] {
        &self.0
    }
}

/// An HMAC secret, prepared once for each hash it is long enough for.
pub(crate) struct HmacKey {
    len: usize,
    sha256: hmac::Key,
    sha384: Option<hmac::Key>,
    sha512: Option<hmac::Key>,
}

impl HmacKey {
    /// A key of at least 32 bytes; RFC 7518 §3.2 asks for the hash size at least, so HS384
    /// and HS512 only use keys of 48 and 64 bytes or more.
    pub(crate) fn new(secret: &[u8]) -> Result<Self, KeyRejected> {
        let len = secret.len();
        if len < HMAC_MIN_KEY_LEN {
            return Err(KeyRejected::HmacTooShort);
        }
        let prepare = |alg, min| (len >= min).then(|| hmac::Key::new(alg, secret));
        Ok(HmacKey {
            len,
            sha256: hmac::Key::new(hmac::HMAC_SHA256, secret),
            sha384: prepare(hmac::HMAC_SHA384, 48),
            sha512: prepare(hmac::HMAC_SHA512, 64),
        })
    }

    /// The prepared key for a hash of `hash_len` bytes.
    pub(crate) fn for_hash_len(&self, hash_len: usize) -> Option<&hmac::Key> {
        match hash_len {
            32 => Some(&self.sha256),
            48 => self.sha384.as_ref(),
            64 => self.sha512.as_ref(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn modulus(bits: usize) -> Vec<u8> {
        let bytes = bits.div_ceil(8);
        let mut n = alloc::vec![0x55; bytes];
        let top_bits = bits - (bytes - 1) * 8;
        n[0] = 1 << (top_bits - 1);
        n[bytes - 1] |= 1;
        n
    }

    #[test]
    fn rsa_modulus_bits_are_counted_exactly() {
        assert_eq!(modulus_bits(&modulus(2048)), Some(2048));
        assert_eq!(modulus_bits(&modulus(2047)), Some(2047));
        assert!(RsaKey::new(&modulus(2048), &[1, 0, 1]).is_ok());
        assert!(RsaKey::new(&modulus(8192), &[3]).is_ok());
        // 2047 bits still take 256 octets: a byte-rounding check would let it through.
        assert!(matches!(
            RsaKey::new(&modulus(2047), &[1, 0, 1]),
            Err(KeyRejected::RsaModulus)
        ));
        assert!(matches!(
            RsaKey::new(&modulus(8193), &[1, 0, 1]),
            Err(KeyRejected::RsaModulus)
        ));
        assert!(matches!(
            RsaKey::new(&modulus(1024), &[1, 0, 1]),
            Err(KeyRejected::RsaModulus)
        ));
        let mut even = modulus(2048);
        even[255] &= 0xfe;
        assert!(matches!(
            RsaKey::new(&even, &[1, 0, 1]),
            Err(KeyRejected::RsaModulus)
        ));
        let mut padded = alloc::vec![0];
        padded.extend(modulus(2048));
        assert!(matches!(
            RsaKey::new(&padded, &[1, 0, 1]),
            Err(KeyRejected::RsaModulus)
        ));
        assert!(matches!(
            RsaKey::new(&[], &[1, 0, 1]),
            Err(KeyRejected::RsaModulus)
        ));
    }

    #[test]
    fn rsa_exponent_rules() {
        let n = modulus(2048);
        for good in [&[3][..], &[1, 0, 1], &[1, 0xff, 0xff, 0xff, 0xff]] {
            assert!(RsaKey::new(&n, good).is_ok(), "{good:?}");
        }
        for bad in [
            &[][..],
            &[1],
            &[2],
            &[0, 1, 0, 1],
            &[1, 0, 0],
            &[2, 0, 0, 0, 1],
            &[1, 0, 0, 0, 0, 1],
        ] {
            assert!(
                matches!(RsaKey::new(&n, bad), Err(KeyRejected::RsaExponent)),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn ec_coordinates_are_exactly_the_field_size() {
        assert!(EcKey::from_coordinates(Curve::P256, &[1; 32], &[2; 32]).is_ok());
        assert!(EcKey::from_coordinates(Curve::P256, &[1; 31], &[2; 32]).is_err());
        assert!(EcKey::from_coordinates(Curve::P256, &[1; 33], &[2; 32]).is_err());
        assert!(EcKey::from_coordinates(Curve::P384, &[1; 32], &[2; 32]).is_err());
        let mut point = alloc::vec![4];
        point.extend([7; 96]);
        assert!(EcKey::from_point(Curve::P384, &point).is_ok());
        point[0] = 2;
        assert!(EcKey::from_point(Curve::P384, &point).is_err());
    }

    #[test]
    fn hmac_keys_fit_only_hashes_they_are_long_enough_for() {
        assert!(matches!(
            HmacKey::new(&[7; 31]),
            Err(KeyRejected::HmacTooShort)
        ));
        let key = HmacKey::new(&[7; 48]).unwrap();
        assert!(key.for_hash_len(32).is_some());
        assert!(key.for_hash_len(48).is_some());
        assert!(key.for_hash_len(64).is_none());
        let material = Material::Hmac(Box::new(key));
        assert!(material.is_of(Family::Hmac { min_len: 48 }));
        assert!(!material.is_of(Family::Hmac { min_len: 64 }));
        assert!(!material.is_of(Family::Rsa));
        assert!(!alloc::format!("{material:?}").contains('7'));
    }
}

//! JOSE signature algorithms (RFC 7518 §3, RFC 8037) and the allowlist.
//!
//! `none` is not representable: no value of [`Algorithm`] means "unsigned".

use core::fmt;

/// A signature algorithm that jwtgate verifies, named as in JOSE.
///
/// Each variant maps to exactly one `ring` verification algorithm and one key family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Algorithm {
    /// HMAC with SHA-256 (`HS256`).
    Hs256,
    /// HMAC with SHA-384 (`HS384`).
    Hs384,
    /// HMAC with SHA-512 (`HS512`).
    Hs512,
    /// RSASSA-PKCS1-v1_5 with SHA-256 (`RS256`).
    Rs256,
    /// RSASSA-PKCS1-v1_5 with SHA-384 (`RS384`).
    Rs384,
    /// RSASSA-PKCS1-v1_5 with SHA-512 (`RS512`).
    Rs512,
    /// RSASSA-PSS with SHA-256 and MGF1 with SHA-256 (`PS256`).
    Ps256,
    /// RSASSA-PSS with SHA-384 and MGF1 with SHA-384 (`PS384`).
    Ps384,
    /// RSASSA-PSS with SHA-512 and MGF1 with SHA-512 (`PS512`).
    Ps512,
    /// ECDSA on P-256 with SHA-256 (`ES256`).
    Es256,
    /// ECDSA on P-384 with SHA-384 (`ES384`).
    Es384,
    /// Ed25519 (`EdDSA`, RFC 8037).
    EdDsa,
}

/// The key family an algorithm needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// An `oct` key of at least `min_len` bytes.
    Hmac {
        min_len: usize,
    },
    Rsa,
    EcP256,
    EcP384,
    Ed25519,
}

impl Family {
    /// Whether this build holds the family's code (its feature is on).
    pub(crate) const fn is_built(self) -> bool {
        match self {
            Family::Hmac { .. } => cfg!(feature = "hmac"),
            Family::Rsa => cfg!(feature = "rsa"),
            Family::EcP256 | Family::EcP384 => cfg!(feature = "ecdsa"),
            Family::Ed25519 => cfg!(feature = "eddsa"),
        }
    }

    /// The family of a JWK `kty` (and, for `EC`, its curve), if this build holds it: the
    /// gate every key passes before its material is built.
    pub(crate) fn kty_is_built(kty: &str) -> bool {
        let family = match kty {
            "oct" => Family::Hmac { min_len: 0 },
            "RSA" => Family::Rsa,
            "EC" => Family::EcP256,
            "OKP" => Family::Ed25519,
            _ => return false,
        };
        family.is_built()
    }
}

impl Algorithm {
    /// Every algorithm, in a fixed order.
    pub const ALL: [Algorithm; 12] = [
        Algorithm::Hs256,
        Algorithm::Hs384,
        Algorithm::Hs512,
        Algorithm::Rs256,
        Algorithm::Rs384,
        Algorithm::Rs512,
        Algorithm::Ps256,
        Algorithm::Ps384,
        Algorithm::Ps512,
        Algorithm::Es256,
        Algorithm::Es384,
        Algorithm::EdDsa,
    ];

    /// The JOSE name, as in a header's `alg`.
    pub const fn name(self) -> &'static str {
        match self {
            Algorithm::Hs256 => "HS256",
            Algorithm::Hs384 => "HS384",
            Algorithm::Hs512 => "HS512",
            Algorithm::Rs256 => "RS256",
            Algorithm::Rs384 => "RS384",
            Algorithm::Rs512 => "RS512",
            Algorithm::Ps256 => "PS256",
            Algorithm::Ps384 => "PS384",
            Algorithm::Ps512 => "PS512",
            Algorithm::Es256 => "ES256",
            Algorithm::Es384 => "ES384",
            Algorithm::EdDsa => "EdDSA",
        }
    }

    /// The algorithm with this exact JOSE name (case-sensitive), if jwtgate verifies it.
    pub fn from_name(name: &str) -> Option<Algorithm> {
        Algorithm::ALL.into_iter().find(|alg| alg.name() == name)
    }

    /// Position in [`Algorithm::ALL`], for tables indexed by algorithm.
    pub(crate) const fn index(self) -> usize {
        match self {
            Algorithm::Hs256 => 0,
            Algorithm::Hs384 => 1,
            Algorithm::Hs512 => 2,
            Algorithm::Rs256 => 3,
            Algorithm::Rs384 => 4,
            Algorithm::Rs512 => 5,
            Algorithm::Ps256 => 6,
            Algorithm::Ps384 => 7,
            Algorithm::Ps512 => 8,
            Algorithm::Es256 => 9,
            Algorithm::Es384 => 10,
            Algorithm::EdDsa => 11,
        }
    }

    /// Whether this build verifies `self`: its family's feature (`rsa`, `ecdsa`, `eddsa`,
    /// `hmac`) is on. An algorithm of a family left out is never accepted (`algorithm`).
    pub const fn is_built(self) -> bool {
        self.family().is_built()
    }

    pub(crate) const fn family(self) -> Family {
        match self {
            Algorithm::Hs256 => Family::Hmac { min_len: 32 },
            Algorithm::Hs384 => Family::Hmac { min_len: 48 },
            Algorithm::Hs512 => Family::Hmac { min_len: 64 },
            Algorithm::Rs256
            | Algorithm::Rs384
            | Algorithm::Rs512
            | Algorithm::Ps256
            | Algorithm::Ps384
            | Algorithm::Ps512 => Family::Rsa,
            Algorithm::Es256 => Family::EcP256,
            Algorithm::Es384 => Family::EcP384,
            Algorithm::EdDsa => Family::Ed25519,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of algorithms, one bit each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct AlgorithmSet(u16);

impl AlgorithmSet {
    pub(crate) fn insert(&mut self, alg: Algorithm) {
        self.0 |= Self::bit(alg);
    }

    pub(crate) fn contains(self, alg: Algorithm) -> bool {
        self.0 & Self::bit(alg) != 0
    }

    pub(crate) fn is_empty(self) -> bool {
        self.0 == 0
    }

    fn bit(alg: Algorithm) -> u16 {
        1u16.checked_shl(u32::try_from(alg.index()).unwrap_or(u32::MAX))
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_case_sensitive() {
        for (i, alg) in Algorithm::ALL.into_iter().enumerate() {
            assert_eq!(Algorithm::from_name(alg.name()), Some(alg));
            assert_eq!(alg.index(), i);
        }
        for other in [
            "none", "None", "NONE", "rs256", "ES512", "HS1", "", "RS256 ",
        ] {
            assert_eq!(Algorithm::from_name(other), None, "{other}");
        }
    }

    #[test]
    fn sets_hold_each_algorithm_apart() {
        let mut set = AlgorithmSet::default();
        assert!(set.is_empty());
        set.insert(Algorithm::Es256);
        assert!(set.contains(Algorithm::Es256));
        for alg in Algorithm::ALL
            .into_iter()
            .filter(|a| *a != Algorithm::Es256)
        {
            assert!(!set.contains(alg));
        }
    }
}

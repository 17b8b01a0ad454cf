//! Signature verification: the only file that calls `ring` to verify.
//!
//! Each algorithm maps to exactly one `ring` algorithm, and a key is only ever used with the
//! family it belongs to, so an RSA public key can never become an HMAC secret. A family whose
//! feature is off has no arm here, so none of its `ring` code is linked.

use crate::alg::Algorithm;
use crate::error::Error;
use crate::jwk::Jwk;
#[cfg(any(
    feature = "rsa",
    feature = "ecdsa",
    feature = "eddsa",
    feature = "hmac"
))]
use crate::key::Material;
#[cfg(feature = "rsa")]
use crate::key::RsaKey;
#[cfg(any(feature = "rsa", feature = "ecdsa", feature = "eddsa"))]
use ring::signature as sig;
#[cfg(any(feature = "ecdsa", feature = "eddsa"))]
use ring::signature::UnparsedPublicKey;
#[cfg(feature = "rsa")]
use ring::signature::{RsaParameters, RsaPublicKeyComponents};

/// Verifies `signature` over `message` with `key` for `alg`.
///
/// A key that does not fit `alg` is an [`Error::Algorithm`]; the caller selects keys with
/// [`Jwk::fits`] first, so this is a second line of defence, not the first.
pub(crate) fn verify(
    alg: Algorithm,
    key: &Jwk,
    message: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    if !key.fits(alg) || !alg.is_built() {
        return Err(Error::Algorithm);
    }
    #[cfg(not(any(
        feature = "rsa",
        feature = "ecdsa",
        feature = "eddsa",
        feature = "hmac"
    )))]
    let _ = (message, signature); // a build without any family verifies nothing
    let verified = match (alg, key.material()) {
        #[cfg(feature = "hmac")]
        (Algorithm::Hs256, Material::Hmac(k)) => Some(hmac(k.for_hash_len(32), message, signature)),
        #[cfg(feature = "hmac")]
        (Algorithm::Hs384, Material::Hmac(k)) => Some(hmac(k.for_hash_len(48), message, signature)),
        #[cfg(feature = "hmac")]
        (Algorithm::Hs512, Material::Hmac(k)) => Some(hmac(k.for_hash_len(64), message, signature)),
        #[cfg(feature = "rsa")]
        (Algorithm::Rs256, Material::Rsa(k)) => {
            Some(rsa(&sig::RSA_PKCS1_2048_8192_SHA256, k, message, signature))
        }
        #[cfg(feature = "rsa")]
        (Algorithm::Rs384, Material::Rsa(k)) => {
            Some(rsa(&sig::RSA_PKCS1_2048_8192_SHA384, k, message, signature))
        }
        #[cfg(feature = "rsa")]
        (Algorithm::Rs512, Material::Rsa(k)) => {
            Some(rsa(&sig::RSA_PKCS1_2048_8192_SHA512, k, message, signature))
        }
        #[cfg(feature = "rsa")]
        (Algorithm::Ps256, Material::Rsa(k)) => {
            Some(rsa(&sig::RSA_PSS_2048_8192_SHA256, k, message, signature))
        }
        #[cfg(feature = "rsa")]
        (Algorithm::Ps384, Material::Rsa(k)) => {
            Some(rsa(&sig::RSA_PSS_2048_8192_SHA384, k, message, signature))
        }
        #[cfg(feature = "rsa")]
        (Algorithm::Ps512, Material::Rsa(k)) => {
            Some(rsa(&sig::RSA_PSS_2048_8192_SHA512, k, message, signature))
        }
        #[cfg(feature = "ecdsa")]
        (Algorithm::Es256, Material::Ec(k)) => Some(public(
            &sig::ECDSA_P256_SHA256_FIXED,
            k.point(),
            message,
            signature,
        )),
        #[cfg(feature = "ecdsa")]
        (Algorithm::Es384, Material::Ec(k)) => Some(public(
            &sig::ECDSA_P384_SHA384_FIXED,
            k.point(),
            message,
            signature,
        )),
        #[cfg(feature = "eddsa")]
        (Algorithm::EdDsa, Material::Ed25519(k)) => {
            Some(public(&sig::ED25519, k.bytes(), message, signature))
        }
        _ => None,
    };
    match verified {
        Some(true) => Ok(()),
        Some(false) => Err(Error::Signature),
        // A key of another family, or a family this build left out.
        None => Err(Error::Algorithm),
    }
}

#[cfg(feature = "hmac")]
/// Constant-time HMAC check; a missing prepared key (too short for the hash) never verifies.
fn hmac(key: Option<&ring::hmac::Key>, message: &[u8], tag: &[u8]) -> bool {
    key.is_some_and(|key| ring::hmac::verify(key, message, tag).is_ok())
}

#[cfg(feature = "rsa")]
fn rsa(params: &'static RsaParameters, key: &RsaKey, message: &[u8], signature: &[u8]) -> bool {
    let components = RsaPublicKeyComponents {
        n: key.n(),
        e: key.e(),
    };
    components.verify(params, message, signature).is_ok()
}

#[cfg(any(feature = "ecdsa", feature = "eddsa"))]
fn public(
    alg: &'static dyn sig::VerificationAlgorithm,
    key: &[u8],
    message: &[u8],
    signature: &[u8],
) -> bool {
    UnparsedPublicKey::new(alg, key)
        .verify(message, signature)
        .is_ok()
}

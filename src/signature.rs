//! Signature verification: the only file that calls `ring` to verify.
//!
//! Each algorithm maps to exactly one `ring` algorithm, and a key is only ever used with the
//! family it belongs to, so an RSA public key can never become an HMAC secret.

use crate::alg::Algorithm;
use crate::error::Error;
use crate::jwk::Jwk;
use crate::key::{Material, RsaKey};
use ring::signature::{self as sig, RsaParameters, RsaPublicKeyComponents, UnparsedPublicKey};

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
    if !key.fits(alg) {
        return Err(Error::Algorithm);
    }
    let verified = match (alg, key.material()) {
        (Algorithm::Hs256, Material::Hmac(k)) => hmac(k.for_hash_len(32), message, signature),
        (Algorithm::Hs384, Material::Hmac(k)) => hmac(k.for_hash_len(48), message, signature),
        (Algorithm::Hs512, Material::Hmac(k)) => hmac(k.for_hash_len(64), message, signature),
        (Algorithm::Rs256, Material::Rsa(k)) => {
            rsa(&sig::RSA_PKCS1_2048_8192_SHA256, k, message, signature)
        }
        (Algorithm::Rs384, Material::Rsa(k)) => {
            rsa(&sig::RSA_PKCS1_2048_8192_SHA384, k, message, signature)
        }
        (Algorithm::Rs512, Material::Rsa(k)) => {
            rsa(&sig::RSA_PKCS1_2048_8192_SHA512, k, message, signature)
        }
        (Algorithm::Ps256, Material::Rsa(k)) => {
            rsa(&sig::RSA_PSS_2048_8192_SHA256, k, message, signature)
        }
        (Algorithm::Ps384, Material::Rsa(k)) => {
            rsa(&sig::RSA_PSS_2048_8192_SHA384, k, message, signature)
        }
        (Algorithm::Ps512, Material::Rsa(k)) => {
            rsa(&sig::RSA_PSS_2048_8192_SHA512, k, message, signature)
        }
        (Algorithm::Es256, Material::Ec(k)) => {
            public(&sig::ECDSA_P256_SHA256_FIXED, k.point(), message, signature)
        }
        (Algorithm::Es384, Material::Ec(k)) => {
            public(&sig::ECDSA_P384_SHA384_FIXED, k.point(), message, signature)
        }
        (Algorithm::EdDsa, Material::Ed25519(k)) => {
            public(&sig::ED25519, k.bytes(), message, signature)
        }
        _ => return Err(Error::Algorithm),
    };
    if verified {
        Ok(())
    } else {
        Err(Error::Signature)
    }
}

/// Constant-time HMAC check; a missing prepared key (too short for the hash) never verifies.
fn hmac(key: Option<&ring::hmac::Key>, message: &[u8], tag: &[u8]) -> bool {
    key.is_some_and(|key| ring::hmac::verify(key, message, tag).is_ok())
}

fn rsa(params: &'static RsaParameters, key: &RsaKey, message: &[u8], signature: &[u8]) -> bool {
    let components = RsaPublicKeyComponents {
        n: key.n(),
        e: key.e(),
    };
    components.verify(params, message, signature).is_ok()
}

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

//! A checked verification key (RFC 7517 §4): a JWK, or a key given as DER, PEM or an HMAC
//! secret, held ready for use.

use crate::alg::{Algorithm, Family};
use crate::b64;
use crate::error::{ConfigError, KeyRejected};
use crate::json::{self, Item, Members, Value};
use crate::key::{Curve, EcKey, Ed25519Key, HmacKey, Material, RsaKey};
use crate::secret_guard;
use crate::spki;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// A usable verification key: its material, and optionally a `kid` and an `alg` it is
/// restricted to.
///
/// A `Jwk` exists only once checked against the contract's key rules (supported type and
/// curve, sizes, `use` and `key_ops`), so holding one means it can verify. It does not
/// implement `PartialEq`, and its `Debug` never shows secret material.
pub struct Jwk {
    kid: Option<String>,
    alg: Restriction,
    material: Material,
}

/// The JWK's own `alg` member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Restriction {
    /// No `alg`: any algorithm of the key's family.
    Any,
    /// Only this algorithm.
    Only(Algorithm),
    /// An `alg` that jwtgate does not verify (e.g. `RSA-OAEP`): the key fits nothing.
    Other,
}

impl Jwk {
    /// Parses one JWK from strict JSON. Private members (`d`, `p`, …) are ignored.
    pub fn from_json(json: &[u8]) -> Result<Jwk, ConfigError> {
        Ok(Jwk::from_member(json, false)?)
    }

    /// An HMAC key (`oct`) from a secret of at least 32 bytes. It fits HS256, and HS384 and
    /// HS512 when at least 48 and 64 bytes long.
    ///
    /// A secret that is a public key document (PEM, DER, Base64 or hex of DER, a public JWK
    /// or JWK Set as JSON) is refused with [`KeyRejected::HmacPublicKey`]: passing the
    /// issuer's public key as a shared secret is the RS256 → HS256 key-confusion mistake. The
    /// real defence is the allowlist and typed keys; this catches the mistake at
    /// configuration. `oct` members of a JWK Set are judged by the contract's key rules
    /// alone.
    pub fn hmac(secret: &[u8]) -> Result<Jwk, ConfigError> {
        if !Family::kty_is_built("oct") {
            return Err(KeyRejected::KeyType.into());
        }
        if secret_guard::is_public_key_document(secret) {
            return Err(KeyRejected::HmacPublicKey.into());
        }
        Ok(Jwk::new(Material::Hmac(HmacKey::new(secret)?.into())))
    }

    /// An RSA, EC (P-256, P-384) or Ed25519 public key from DER SubjectPublicKeyInfo.
    pub fn from_spki_der(der: &[u8]) -> Result<Jwk, ConfigError> {
        Ok(Jwk::new(spki::from_spki_der(der)?))
    }

    /// A public key from PEM: `BEGIN PUBLIC KEY` (SubjectPublicKeyInfo) or
    /// `BEGIN RSA PUBLIC KEY` (PKCS#1).
    pub fn from_pem(pem: &str) -> Result<Jwk, ConfigError> {
        Ok(Jwk::new(spki::from_pem(pem)?))
    }

    /// Sets the key id that tokens name in their `kid` header.
    #[must_use]
    pub fn with_kid(mut self, kid: impl Into<String>) -> Jwk {
        self.kid = Some(kid.into());
        self
    }

    /// Restricts the key to one algorithm, as a JWK's `alg` member does.
    #[must_use]
    pub fn with_alg(mut self, alg: Algorithm) -> Jwk {
        self.alg = Restriction::Only(alg);
        self
    }

    /// The key id, if any.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// The JWK key type: `RSA`, `EC`, `OKP` or `oct`.
    pub fn key_type(&self) -> &'static str {
        self.material.kty()
    }

    /// Whether this key may verify `alg`: same family, the JWK's own `alg` (if any) equal,
    /// and an HMAC key at least as long as the hash.
    pub fn fits(&self, alg: Algorithm) -> bool {
        let allowed = match self.alg {
            Restriction::Any => true,
            Restriction::Only(only) => only == alg,
            Restriction::Other => false,
        };
        allowed && self.material.is_of(alg.family())
    }

    pub(crate) fn material(&self) -> &Material {
        &self.material
    }

    fn new(material: Material) -> Jwk {
        Jwk {
            kid: None,
            alg: Restriction::Any,
            material,
        }
    }

    /// Checks one JWK (a JWK Set member, as written) against the contract's usability rules,
    /// in a fixed order; the text is strict JSON (the set's scan checked it).
    /// With `public_only` (a published set), an `oct` member is skipped as an unsupported
    /// type: a symmetric key anyone can read is no key.
    pub(crate) fn from_member(json: &[u8], public_only: bool) -> Result<Jwk, KeyRejected> {
        let mut members = JwkMembers::default();
        json::parse_object(json, &mut members).map_err(|_| KeyRejected::NotObject)?;
        members.check(public_only)
    }
}

/// The members of a JWK that its rules read.
#[derive(Default)]
struct JwkMembers<'a> {
    kty: Option<Value<'a>>,
    crv: Option<Value<'a>>,
    key_use: Option<Value<'a>>,
    key_ops: Option<Value<'a>>,
    kid: Option<Value<'a>>,
    alg: Option<Value<'a>>,
    n: Option<Value<'a>>,
    e: Option<Value<'a>>,
    x: Option<Value<'a>>,
    y: Option<Value<'a>>,
    k: Option<Value<'a>>,
}

impl<'a> Members<'a> for JwkMembers<'a> {
    fn wants(&self, name: &str) -> bool {
        matches!(
            name,
            "kty" | "crv" | "use" | "key_ops" | "kid" | "alg" | "n" | "e" | "x" | "y" | "k"
        )
    }

    fn wants_raw(&self, name: &str) -> bool {
        name == "key_ops"
    }

    fn take(&mut self, name: &str, value: Value<'a>) {
        let slot = match name {
            "kty" => &mut self.kty,
            "crv" => &mut self.crv,
            "use" => &mut self.key_use,
            "key_ops" => &mut self.key_ops,
            "kid" => &mut self.kid,
            "alg" => &mut self.alg,
            "n" => &mut self.n,
            "e" => &mut self.e,
            "x" => &mut self.x,
            "y" => &mut self.y,
            _ => &mut self.k,
        };
        *slot = Some(value);
    }
}

impl JwkMembers<'_> {
    /// The contract's usability rules, in a fixed order. Private members (`d`, `p`, …) are
    /// never read.
    fn check(&self, public_only: bool) -> Result<Jwk, KeyRejected> {
        let kty = match &self.kty {
            Some(Value::String(kty)) if public_only && kty == "oct" => {
                return Err(KeyRejected::KeyType)
            }
            Some(Value::String(kty)) if Family::kty_is_built(kty) => kty.as_ref(),
            _ => return Err(KeyRejected::KeyType),
        };
        let crv = || match &self.crv {
            Some(Value::String(crv)) => Ok(crv.as_ref()),
            _ => Err(KeyRejected::Curve),
        };
        // Type and curve first: a member of a type we do not support is skipped as such,
        // whatever else it holds.
        let curve = match kty {
            "RSA" | "oct" => None,
            "EC" => Some(match crv()? {
                "P-256" => Curve::P256,
                "P-384" => Curve::P384,
                _ => return Err(KeyRejected::Curve),
            }),
            "OKP" if crv()? == "Ed25519" => None,
            "OKP" => return Err(KeyRejected::Curve),
            _ => return Err(KeyRejected::KeyType),
        };
        match &self.key_use {
            None => {}
            Some(Value::String(key_use)) if key_use == "sig" => {}
            Some(_) => return Err(KeyRejected::Use),
        }
        if let Some(ops) = &self.key_ops {
            if !allows_verify(ops) {
                return Err(KeyRejected::KeyOps);
            }
        }
        let kid = match &self.kid {
            None => None,
            Some(Value::String(kid)) => Some(String::from(kid.as_ref())),
            Some(_) => return Err(KeyRejected::Kid),
        };
        let alg = match &self.alg {
            None => Restriction::Any,
            Some(Value::String(alg)) => {
                Algorithm::from_name(alg).map_or(Restriction::Other, Restriction::Only)
            }
            Some(_) => return Err(KeyRejected::Alg),
        };
        let material = match (kty, curve) {
            ("RSA", _) => Material::Rsa(RsaKey::new(&member(&self.n)?, &member(&self.e)?)?),
            ("EC", Some(curve)) => Material::Ec(EcKey::from_coordinates(
                curve,
                &member(&self.x)?,
                &member(&self.y)?,
            )?),
            ("OKP", _) => Material::Ed25519(Ed25519Key::new(&member(&self.x)?)?),
            _ => Material::Hmac(HmacKey::new(&secret_member(&self.k)?)?.into()),
        };
        Ok(Jwk { kid, alg, material })
    }
}

/// `key_ops`: an array holding the string `verify` (whatever else it holds).
fn allows_verify(ops: &Value<'_>) -> bool {
    let Value::Raw(raw) = ops else {
        return false;
    };
    let mut verify = false;
    let is_array = json::array_items(raw, |item| {
        verify |= matches!(item, Item::String(op) if op == "verify");
    });
    is_array == Ok(true) && verify
}

/// A required Base64URL member, decoded.
fn member(value: &Option<Value<'_>>) -> Result<Vec<u8>, KeyRejected> {
    match value {
        Some(Value::String(encoded)) => {
            b64::decode(encoded.as_bytes()).map_err(|_| KeyRejected::Member)
        }
        _ => Err(KeyRejected::Member),
    }
}

/// A required secret Base64URL member (`k`), decoded in constant time.
fn secret_member(value: &Option<Value<'_>>) -> Result<Vec<u8>, KeyRejected> {
    match value {
        Some(Value::String(encoded)) => {
            b64::decode_secret(encoded.as_bytes()).map_err(|_| KeyRejected::Member)
        }
        _ => Err(KeyRejected::Member),
    }
}

impl fmt::Debug for Jwk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Jwk")
            .field("kid", &self.kid)
            .field("alg", &self.alg)
            .field("key", &self.material)
            .finish()
    }
}

impl From<KeyRejected> for ConfigError {
    fn from(reason: KeyRejected) -> Self {
        ConfigError::Key(reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reject(json: &str) -> KeyRejected {
        match Jwk::from_json(json.as_bytes()) {
            Err(ConfigError::Key(reason)) => reason,
            other => panic!("{json}: {other:?}"),
        }
    }

    const K32: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

    #[test]
    fn oct_keys() {
        let key =
            Jwk::from_json(format!(r#"{{"kty":"oct","k":"{K32}","kid":"a"}}"#).as_bytes()).unwrap();
        assert_eq!(key.kid(), Some("a"));
        assert_eq!(key.key_type(), "oct");
        assert!(key.fits(Algorithm::Hs256));
        assert!(!key.fits(Algorithm::Hs384));
        assert!(!key.fits(Algorithm::Rs256));
        assert!(!format!("{key:?}").contains(K32));
        assert_eq!(
            reject(r#"{"kty":"oct","k":"AAEC"}"#),
            KeyRejected::HmacTooShort
        );
        assert_eq!(reject(r#"{"kty":"oct","k":"AAE="}"#), KeyRejected::Member);
        assert_eq!(reject(r#"{"kty":"oct","k":7}"#), KeyRejected::Member);
        assert_eq!(reject(r#"{"kty":"oct"}"#), KeyRejected::Member);
    }

    #[test]
    fn usability_rules() {
        let with = |extra: &str| format!(r#"{{"kty":"oct","k":"{K32}"{extra}}}"#);
        assert!(Jwk::from_json(with(r#","use":"sig""#).as_bytes()).is_ok());
        assert!(Jwk::from_json(with(r#","key_ops":["sign","verify"]"#).as_bytes()).is_ok());
        assert!(Jwk::from_json(with(r#","d":"private","p":1"#).as_bytes()).is_ok());
        assert_eq!(reject(&with(r#","use":"enc""#)), KeyRejected::Use);
        assert_eq!(reject(&with(r#","use":1"#)), KeyRejected::Use);
        assert_eq!(reject(&with(r#","key_ops":["sign"]"#)), KeyRejected::KeyOps);
        assert_eq!(reject(&with(r#","key_ops":"verify""#)), KeyRejected::KeyOps);
        assert_eq!(reject(&with(r#","kid":5"#)), KeyRejected::Kid);
        assert_eq!(reject(&with(r#","alg":null"#)), KeyRejected::Alg);
        assert_eq!(
            reject(r#"{"kty":"RSA ","n":"AQAB","e":"AQAB"}"#),
            KeyRejected::KeyType
        );
        assert_eq!(reject(r#"{"k":"x"}"#), KeyRejected::KeyType);
        assert_eq!(reject(r#"{"kty":"EC","crv":"P-521"}"#), KeyRejected::Curve);
        assert_eq!(reject(r#"{"kty":"EC"}"#), KeyRejected::Curve);
        assert_eq!(
            reject(r#"{"kty":"OKP","crv":"X25519","x":""}"#),
            KeyRejected::Curve
        );
        assert_eq!(
            reject(r#"{"kty":"oct","k":"x","kty":"oct"}"#),
            KeyRejected::NotObject
        );
        assert_eq!(reject("[]"), KeyRejected::NotObject);
    }

    #[test]
    fn jwk_alg_restricts_and_unknown_alg_fits_nothing() {
        let only =
            Jwk::from_json(format!(r#"{{"kty":"oct","k":"{K32}","alg":"HS256"}}"#).as_bytes())
                .unwrap();
        assert!(only.fits(Algorithm::Hs256));
        let other =
            Jwk::from_json(format!(r#"{{"kty":"oct","k":"{K32}","alg":"A128KW"}}"#).as_bytes())
                .unwrap();
        assert!(!other.fits(Algorithm::Hs256));
        let wrong =
            Jwk::from_json(format!(r#"{{"kty":"oct","k":"{K32}","alg":"RS256"}}"#).as_bytes())
                .unwrap();
        assert!(!wrong.fits(Algorithm::Hs256) && !wrong.fits(Algorithm::Rs256));
    }
}

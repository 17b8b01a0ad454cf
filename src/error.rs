//! Errors: why a token was rejected ([`Error`], with the contract's stable codes), and why
//! trusted configuration was refused ([`ConfigError`], [`KeyRejected`]).
//!
//! No error carries bytes from a token or a foreign error type: a rejection is a fixed code
//! and a fixed message, safe to log and to return to a client.

use core::fmt;

/// Why a token was rejected.
///
/// [`Error::code`] returns the stable, lower-case code of the command-line contract; the
/// `Display` text is a fixed human message. Neither ever contains bytes from the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The token's structure, encoding or JSON is not acceptable.
    #[error("token is malformed: {0}")]
    Malformed(Malformed),
    /// `alg` is missing, `none`, not allowed, or does not fit the selected key.
    #[error("algorithm is missing, `none`, not allowed, or does not fit the key")]
    Algorithm,
    /// No usable key matches the token's `kid` (or, without `kid`, not exactly one fits).
    #[error("no usable key matches the token")]
    UnknownKey,
    /// The signature does not verify with the selected key.
    #[error("signature does not verify")]
    Signature,
    /// The header has a `crit` parameter; no extension is understood.
    #[error("header names critical extensions, and none is understood")]
    CriticalHeader,
    /// The header's `typ` is missing or not the required type.
    #[error("header `typ` is missing or not the required type")]
    Type,
    /// `exp` has passed.
    #[error("token has expired")]
    Expired,
    /// `nbf` or `iat` is in the future.
    #[error("token is not yet valid")]
    NotYetValid,
    /// `iat` is older than the maximum age.
    #[error("token was issued too long ago")]
    TooOld,
    /// `iss` is missing or not accepted.
    #[error("issuer is missing or not accepted")]
    Issuer,
    /// `aud` (or `client_id` on access tokens) is missing or not accepted, or `aud` is present
    /// while no audience is configured.
    #[error("audience is missing or not accepted")]
    Audience,
    /// `token_use` is missing or not the expected one.
    #[error("`token_use` is missing or not the expected one")]
    TokenUse,
    /// `cognito:groups` is missing, not an array of strings, or holds no accepted group.
    #[error("`cognito:groups` holds none of the accepted groups")]
    Group,
    /// `scope` is missing, not a string, or holds no accepted scope.
    #[error("`scope` holds none of the accepted scopes")]
    Scope,
    /// A required claim is absent.
    #[error("a required claim is missing")]
    MissingClaim,
    /// A registered claim has the wrong JSON type.
    #[error("claim `{0}` has the wrong type")]
    InvalidClaim(Claim),
    /// No usable key set could be had from the key source (a fetch failed, or the last good
    /// set is past its staleness bound). A fault of the key source, not of the token: a
    /// service answers it with 503, never 401.
    #[error("no usable key set could be had from the key source")]
    KeysUnavailable,
}

impl Error {
    /// The stable code of the rejection, exactly as the command-line contract spells it.
    pub const fn code(&self) -> &'static str {
        match self {
            Error::Malformed(_) => "malformed",
            Error::Algorithm => "algorithm",
            Error::UnknownKey => "unknown-key",
            Error::Signature => "signature",
            Error::CriticalHeader => "critical-header",
            Error::Type => "type",
            Error::Expired => "expired",
            Error::NotYetValid => "not-yet-valid",
            Error::TooOld => "too-old",
            Error::Issuer => "issuer",
            Error::Audience => "audience",
            Error::TokenUse => "token-use",
            Error::Group => "group",
            Error::Scope => "scope",
            Error::MissingClaim => "missing-claim",
            Error::InvalidClaim(_) => "invalid-claim",
            Error::KeysUnavailable => "keys-unavailable",
        }
    }
}

/// What exactly is malformed, for logs; all of these share the code `malformed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Malformed {
    /// The token is empty.
    Empty,
    /// The token is longer than the configured limit.
    TooLarge,
    /// The token does not have exactly three segments.
    Segments,
    /// A segment is not canonical unpadded Base64URL.
    Base64,
    /// The header or payload is not strict JSON (syntax, encoding, numbers, nesting).
    Json,
    /// The header or payload is JSON but not an object.
    NotObject,
    /// An object repeats a member name.
    DuplicateMember,
    /// A header `kid`, `typ` or `cty` is not a string.
    HeaderParameter,
    /// The header has `zip` or `enc`: this is a JWE, or pretends to be.
    Jwe,
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Malformed::Empty => "empty token",
            Malformed::TooLarge => "token is too large",
            Malformed::Segments => "not exactly three segments",
            Malformed::Base64 => "segment is not canonical unpadded Base64URL",
            Malformed::Json => "not strict JSON",
            Malformed::NotObject => "not a JSON object",
            Malformed::DuplicateMember => "repeated member name",
            Malformed::HeaderParameter => "header `kid`, `typ` or `cty` is not a string",
            Malformed::Jwe => "JWE header parameter (`zip` or `enc`)",
        })
    }
}

/// A registered claim, named in [`Error::InvalidClaim`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Claim {
    /// `exp`
    Exp,
    /// `nbf`
    Nbf,
    /// `iat`
    Iat,
    /// `iss`
    Iss,
    /// `sub`
    Sub,
    /// `jti`
    Jti,
    /// `aud`
    Aud,
    /// `token_use` (Amazon Cognito)
    TokenUse,
    /// `client_id` (Amazon Cognito access tokens)
    ClientId,
}

impl Claim {
    /// The claim's name in the payload.
    pub const fn name(&self) -> &'static str {
        match self {
            Claim::Exp => "exp",
            Claim::Nbf => "nbf",
            Claim::Iat => "iat",
            Claim::Iss => "iss",
            Claim::Sub => "sub",
            Claim::Jti => "jti",
            Claim::Aud => "aud",
            Claim::TokenUse => "token_use",
            Claim::ClientId => "client_id",
        }
    }
}

impl fmt::Display for Claim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why trusted configuration was refused: a JWK Set, a key, a verifier's settings or an
/// Amazon Cognito user pool id. These are the caller's mistakes, not a token's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The JWK Set is not strict JSON, or not a JSON object.
    #[error("JWK Set is not a strict JSON object: {0}")]
    JwkSetJson(Malformed),
    /// The JWK Set's `keys` is missing or not an array of JSON objects.
    #[error("JWK Set `keys` is not an array of JSON objects")]
    JwkSetKeys,
    /// The JWK Set is larger than [`MAX_JWKS_LEN`](crate::limits::MAX_JWKS_LEN) bytes or
    /// holds more than [`MAX_JWKS_KEYS`](crate::limits::MAX_JWKS_KEYS) members.
    #[error("JWK Set is too large")]
    JwkSetTooLarge,
    /// No member of the JWK Set is usable.
    #[error("JWK Set has no usable key")]
    NoUsableKey,
    /// Two usable members of the same `kty` share a `kid`.
    #[error("JWK Set has two usable keys of the same type with the same `kid`")]
    DuplicateKid,
    /// A single key was refused.
    #[error("key refused: {0}")]
    Key(KeyRejected),
    /// The algorithm allowlist is empty.
    #[error("no algorithm is allowed")]
    EmptyAllowlist,
    /// The token length limit is outside 64 KiB ..= 1 MiB.
    #[error("token length limit must be between 64 KiB and 1 MiB")]
    TokenLimit,
    /// The Amazon Cognito user pool id is not `<region>_<id>`.
    #[error("not an Amazon Cognito user pool id (`<region>_<id>`)")]
    PoolId,
    /// Not an Application Load Balancer ARN
    /// (`arn:<partition>:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<id>`).
    #[error("not an Application Load Balancer ARN")]
    AlbArn,
    /// An ALB verifier needs at least one load balancer ARN to accept as `signer`.
    #[error("no Application Load Balancer ARN is accepted")]
    NoAlbSigner,
    /// An ALB public key is not one PEM `PUBLIC KEY` on P-256 of at most
    /// [`MAX_ALB_KEY_LEN`](crate::limits::MAX_ALB_KEY_LEN) bytes.
    #[error("not an ALB public key (one PEM `PUBLIC KEY` on P-256, at most 4 KiB)")]
    AlbKey,
}

/// Why a key is not usable; also reported for each JWK Set member that was skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum KeyRejected {
    /// The key is not a JSON object, or not strict JSON.
    #[error("not a strict JSON object")]
    NotObject,
    /// `kty` is missing, not a string, or not one of `RSA`, `EC`, `OKP`, `oct`.
    #[error("unsupported or missing `kty`")]
    KeyType,
    /// `crv` is missing or not a supported curve for the key type.
    #[error("unsupported or missing `crv`")]
    Curve,
    /// `use` is present and not `sig`.
    #[error("`use` is not `sig`")]
    Use,
    /// `key_ops` is present and not an array containing `verify`.
    #[error("`key_ops` does not allow `verify`")]
    KeyOps,
    /// `kid` is present and not a string.
    #[error("`kid` is not a string")]
    Kid,
    /// `alg` is present and not a string.
    #[error("`alg` is not a string")]
    Alg,
    /// A key member is missing, not a string, or not canonical unpadded Base64URL.
    #[error("key member missing or not canonical Base64URL")]
    Member,
    /// The RSA modulus is not odd, minimal, and 2048–8192 bits long.
    #[error("RSA modulus is not odd, minimal and 2048 to 8192 bits")]
    RsaModulus,
    /// The RSA exponent is not odd, minimal, at least 3 and below 2^33.
    #[error("RSA exponent is not odd, minimal, at least 3 and below 2^33")]
    RsaExponent,
    /// An EC coordinate is not exactly the curve's field size, or the point is not encoded
    /// as an uncompressed point.
    #[error("EC point has the wrong size or encoding")]
    EcPoint,
    /// An Ed25519 key is not 32 bytes.
    #[error("Ed25519 key is not 32 bytes")]
    Ed25519Key,
    /// An HMAC key is shorter than 32 bytes.
    #[error("HMAC key is shorter than 32 bytes")]
    HmacTooShort,
    /// An HMAC secret is a public key in PEM, DER or JWK form: using a public key as an
    /// HMAC secret is the RS256 → HS256 key-confusion mistake (RFC 8725 §2.1).
    #[error("HMAC secret is an encoded public key")]
    HmacPublicKey,
    /// DER or PEM input is not a supported public key encoding.
    #[error("not a supported DER or PEM public key")]
    Encoding,
}

/// The verified payload does not deserialize into the type asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[error("verified claims do not fit the requested type")]
pub struct ClaimsError;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_contracts() {
        let all = [
            (Error::Malformed(Malformed::Empty), "malformed"),
            (Error::Algorithm, "algorithm"),
            (Error::UnknownKey, "unknown-key"),
            (Error::Signature, "signature"),
            (Error::CriticalHeader, "critical-header"),
            (Error::Type, "type"),
            (Error::Expired, "expired"),
            (Error::NotYetValid, "not-yet-valid"),
            (Error::TooOld, "too-old"),
            (Error::Issuer, "issuer"),
            (Error::Audience, "audience"),
            (Error::TokenUse, "token-use"),
            (Error::Group, "group"),
            (Error::Scope, "scope"),
            (Error::MissingClaim, "missing-claim"),
            (Error::InvalidClaim(Claim::Exp), "invalid-claim"),
            (Error::KeysUnavailable, "keys-unavailable"),
        ];
        for (error, code) in all {
            assert_eq!(error.code(), code);
        }
    }

    #[test]
    fn error_is_small() {
        assert!(size_of::<Error>() <= 2);
    }
}

//! The policies both verifiers apply, and the documented divergences (see `main.rs`): each
//! category's name, reason, and which library is the stricter.

/// The accepted issuer and audience of [`Policy::IssAud`].
pub(crate) const ISS: &str = "https://issuer.example";
pub(crate) const AUD: &str = "api://differential";

/// The claim rules besides the algorithm allowlist (always leeway 0, `exp` required).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Policy {
    /// No issuer or audience configured.
    Plain,
    /// `iss` must be [`ISS`] and `aud` must contain [`AUD`] (both required).
    IssAud,
}

/// Which library is the stricter in a documented divergence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stricter {
    /// jwtgate rejects with one of these codes; jsonwebtoken accepts.
    Jwtgate(&'static [&'static str]),
    /// jsonwebtoken rejects; jwtgate accepts.
    Jsonwebtoken,
}

/// The documented divergences (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Category {
    Duplicate,
    NonObjectPayload,
    ClaimType,
    IssArray,
    IatFuture,
    ExpEqualsNow,
    Fraction,
    DateRange,
    Crit,
    JweParams,
    NullHeaderParam,
    AmbiguousKey,
    ShortHmacKey,
    TooLarge,
    IgnoredHeaderParamTypes,
}

impl Category {
    pub(crate) const ALL: [Category; 15] = [
        Category::Duplicate,
        Category::NonObjectPayload,
        Category::ClaimType,
        Category::IssArray,
        Category::IatFuture,
        Category::ExpEqualsNow,
        Category::Fraction,
        Category::DateRange,
        Category::Crit,
        Category::JweParams,
        Category::NullHeaderParam,
        Category::AmbiguousKey,
        Category::ShortHmacKey,
        Category::TooLarge,
        Category::IgnoredHeaderParamTypes,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Category::Duplicate => "jwtgate stricter: duplicate members",
            Category::NonObjectPayload => "jwtgate stricter: non-object payload",
            Category::ClaimType => "jwtgate stricter: registered claim of the wrong JSON type",
            Category::IssArray => "jwtgate stricter: iss as an array",
            Category::IatFuture => "jwtgate stricter: iat in the future",
            Category::ExpEqualsNow => "jwtgate stricter: exp equal to now",
            Category::Fraction => "jwtgate stricter: fractional NumericDate compared exactly",
            Category::DateRange => "jwtgate stricter: NumericDate above 2^63 - 1",
            Category::Crit => "jwtgate stricter: crit header",
            Category::JweParams => "jwtgate stricter: JWE parameters (zip/enc) in a JWS",
            Category::NullHeaderParam => "jwtgate stricter: null kid/typ/cty header parameter",
            Category::AmbiguousKey => "jwtgate stricter: no kid and several keys fit",
            Category::ShortHmacKey => "jwtgate stricter: HMAC key shorter than the hash output",
            Category::TooLarge => "jwtgate stricter: token over 64 KiB",
            Category::IgnoredHeaderParamTypes => {
                "jsonwebtoken stricter: types of header parameters jwtgate does not use"
            }
        }
    }

    pub(crate) fn reason(self) -> &'static str {
        match self {
            Category::Duplicate => {
                "contract: no repeated member name at any depth (RFC 7515 §5.2, RFC 7519 §4); \
                 jsonwebtoken only sees repeats of its own struct fields"
            }
            Category::NonObjectPayload => {
                "RFC 7519 §7.2 step 10: the claims set is a JSON object; jsonwebtoken's derived \
                 claims struct also reads a JSON array positionally"
            }
            Category::ClaimType => {
                "contract: exp/nbf/iat numbers, iss/sub/jti strings, aud string or array of \
                 strings, checked even when not required; jsonwebtoken skips what it cannot parse \
                 unless required, reads null as absent, never reads iat/jti"
            }
            Category::IssArray => {
                "RFC 7519 §4.1.1: iss is one StringOrURI; jsonwebtoken accepts an array of issuers"
            }
            Category::IatFuture => {
                "contract: not yet valid when now + leeway < iat; jsonwebtoken ignores iat"
            }
            Category::ExpEqualsNow => {
                "RFC 7519 §4.1.4: now must be before exp (contract: expired when now >= exp + \
                 leeway); jsonwebtoken rejects only exp < now"
            }
            Category::Fraction => {
                "contract: a fraction is compared as the double it is; jsonwebtoken rounds \
                 exp/nbf to the nearest second"
            }
            Category::DateRange => {
                "contract: NumericDate is 0..2^63 - 1; jsonwebtoken accepts anything below 2^64"
            }
            Category::Crit => {
                "RFC 7515 §4.1.11: reject critical extensions not understood (jwtgate understands \
                 none); jsonwebtoken ignores crit"
            }
            Category::JweParams => {
                "contract: zip/enc are JWE parameters, refused in a JWS; jsonwebtoken ignores them"
            }
            Category::NullHeaderParam => {
                "contract: kid/typ/cty must be strings when present; jsonwebtoken reads null as \
                 absent"
            }
            Category::AmbiguousKey => {
                "contract: without kid, exactly one usable key must fit the algorithm; the \
                 harness lets jsonwebtoken try each key of the family"
            }
            Category::ShortHmacKey => {
                "RFC 7518 §3.2 and the contract's key-fit rule: an HMAC key is at least as long \
                 as the hash output; jsonwebtoken takes any length"
            }
            Category::TooLarge => {
                "contract: default token size limit of 64 KiB; jsonwebtoken has none"
            }
            Category::IgnoredHeaderParamTypes => {
                "contract: jwtgate checks alg, crit, kid/typ/cty, zip/enc only; jwk/jku/x5u/x5c/x5t \
                 never supply or locate a key, x5t#S256/url/nonce are not used; jsonwebtoken \
                 deserializes them into typed fields (accepting is safe: nothing in them is used)"
            }
        }
    }

    pub(crate) fn stricter(self) -> Stricter {
        match self {
            Category::Duplicate
            | Category::NonObjectPayload
            | Category::JweParams
            | Category::NullHeaderParam
            | Category::TooLarge => Stricter::Jwtgate(&["malformed"]),
            Category::ClaimType | Category::IssArray | Category::DateRange => {
                Stricter::Jwtgate(&["invalid-claim"])
            }
            Category::IatFuture => Stricter::Jwtgate(&["not-yet-valid"]),
            Category::ExpEqualsNow => Stricter::Jwtgate(&["expired"]),
            Category::Fraction => Stricter::Jwtgate(&["expired", "not-yet-valid"]),
            Category::Crit => Stricter::Jwtgate(&["critical-header"]),
            Category::AmbiguousKey => Stricter::Jwtgate(&["unknown-key"]),
            Category::ShortHmacKey => Stricter::Jwtgate(&["algorithm"]),
            Category::IgnoredHeaderParamTypes => Stricter::Jsonwebtoken,
        }
    }
}

//! The cases shared by the peer benches (`benches/peers.rs`) and the allocation counter
//! (`src/bin/allocs.rs`): one token per algorithm and shape, and four ways to verify it.
//!
//! * `jwtgate`: a [`Verifier`] with the policy of the crate's own benches (`benches/verify.rs`),
//!   against the whole test JWK Set (the key is found by `kid`), at `UnixTime::now()` read on
//!   every call (the peers read the clock themselves, so jwtgate pays for it too).
//! * `floor`: `ring`'s signature check alone, on the same signing input and an already-decoded
//!   signature, with the key already prepared: what no verifier built on ring can beat.
//! * `jsonwebtoken`: `jsonwebtoken::decode` (aws-lc backend) with a `Validation` for that
//!   algorithm, the same issuer and audience, `exp` required and checked, zero leeway.
//! * `jwt-simple`: `verify_token` (BoringSSL for RSA, its default; pure Rust for HMAC, P-256
//!   and Ed25519, which it never hands to BoringSSL) with `VerificationOptions` holding the same
//!   issuer and audience, zero time tolerance.
//!
//! The peers are given the right key directly (no `kid` lookup), and on the Cognito access
//! token, which has no `aud`, they check `client_id` themselves after the library accepted the
//! token, as jwtgate's `client_id` rule does. Each peer decodes the claims into the smallest
//! thing that allows this: a struct with only `client_id: String` (cognito shape) or with no
//! field at all (large shape). Neither peer can decode into borrowed claims:
//! `jsonwebtoken::decode` and jwt-simple's `verify_token` both require `DeserializeOwned`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// The shared helpers find `vectors/` through `env!("CARGO_MANIFEST_DIR")`, which in this package
// is `benches/peers`: this macro, in scope before the module, points that one name at the
// crate's root and leaves every other variable to the real `env!`.
macro_rules! env {
    ("CARGO_MANIFEST_DIR") => {
        concat!(::core::env!("CARGO_MANIFEST_DIR"), "/../..")
    };
    // The command the crate's own tests run; never run from here.
    ("CARGO_BIN_EXE_jwtgate") => {
        "jwtgate"
    };
    ($($rest:tt)*) => {
        ::core::env!($($rest)*)
    };
}

#[path = "../../../tests/common/mod.rs"]
pub mod common;

use common::bench::{cognito_payload_until, large_payload_until, policy, Floor, CLIENT, ISSUER};
use common::{all_keys_json, mint, signer_for};
use jwtgate::{Algorithm, JwkSet, TokenCache, UnixTime, Verifier};
use serde::{Deserialize, Serialize};
use std::hint::black_box;

/// The `exp` of every token: 2100-01-01T00:00:00Z. The peers read the system clock and cannot
/// be given another `now`, so the tokens must be valid today; this has the same number of
/// digits as the in-crate benches' `NOW + 3600`, so the tokens have exactly their sizes.
pub const EXP: u64 = 4_102_444_800;

/// The algorithms compared, in table order.
pub const ALGS: [Algorithm; 5] = [
    Algorithm::Hs256,
    Algorithm::Rs256,
    Algorithm::Es256,
    Algorithm::Ps256,
    Algorithm::EdDsa,
];

/// The two token shapes, in table order.
pub const SHAPES: [&str; 2] = ["cognito", "large"];

/// One implementation's call: verify a case's token and read its `exp` (true when accepted).
pub type Verify = fn(&Case) -> bool;

/// The implementations, in table order: criterion function name, and the call that verifies
/// a case's token and reads its `exp`, as a caller would (true when accepted).
pub const IMPLEMENTATIONS: [(&str, Verify); 6] = [
    ("jwtgate", Case::jwtgate),
    ("jwtgate-cached", Case::jwtgate_cached),
    ("floor", Case::floor),
    ("floor-aws-lc", Case::floor_aws_lc),
    ("jsonwebtoken", Case::jsonwebtoken),
    ("jwt-simple", Case::jwt_simple),
];

fn b64_decode(s: &str) -> Vec<u8> {
    <base64ct::Base64UrlUnpadded as base64ct::Encoding>::decode_vec(s).unwrap()
}

/// The public JWK (or HMAC secret JWK) with this `kid` in the test key set.
fn jwk(kid: &str) -> serde_json::Value {
    let set: serde_json::Value = serde_json::from_str(&all_keys_json()).unwrap();
    set["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == kid)
        .unwrap()
        .clone()
}

fn jwk_str<'a>(jwk: &'a serde_json::Value, name: &str) -> &'a str {
    jwk[name].as_str().unwrap()
}

/// jsonwebtoken's claims on the Cognito access token: what the `client_id` rule needs, and
/// `exp`, which every caller reads.
#[derive(Serialize, Deserialize)]
pub struct AccessClaims {
    pub client_id: String,
    pub exp: u64,
}

/// jsonwebtoken's claims on the large token: `exp` only (the library checks the rest).
#[derive(Serialize, Deserialize)]
pub struct ExpClaims {
    pub exp: u64,
}

/// jwt-simple's custom claims on the Cognito access token (it reads `exp` itself, into
/// `expires_at`).
#[derive(Serialize, Deserialize)]
pub struct ClientId {
    pub client_id: String,
}

/// jwt-simple's custom claims on the large token: none.
#[derive(Serialize, Deserialize)]
pub struct NoClaims {}

/// aws-lc's signature check alone, exactly as [`Floor`] does it with `ring` (aws-lc-rs has
/// the same API): a prepared HMAC key, RSA components, or an unparsed public key, on the
/// signing input and the already-decoded signature.
pub struct AwsLcFloor {
    input: Vec<u8>,
    signature: Vec<u8>,
    prepared: AwsLcPrepared,
}

// Built once per case, never moved in the timed loop: the HMAC key is kept inline, as ring's
// is in `Floor`, rather than behind a pointer the floor would then follow on every check.
#[allow(clippy::large_enum_variant)]
enum AwsLcPrepared {
    Hmac(aws_lc_rs::hmac::Key),
    Rsa(
        &'static aws_lc_rs::signature::RsaParameters,
        Vec<u8>,
        Vec<u8>,
    ),
    Public(
        &'static dyn aws_lc_rs::signature::VerificationAlgorithm,
        Vec<u8>,
    ),
}

impl AwsLcFloor {
    fn new(alg: Algorithm, kid: &str, token: &str) -> AwsLcFloor {
        use aws_lc_rs::signature as sig;
        let jwk = jwk(kid);
        let field = |name: &str| b64_decode(jwk_str(&jwk, name));
        let (input, signature) = token.rsplit_once('.').unwrap();
        let prepared = match alg {
            Algorithm::Hs256 => AwsLcPrepared::Hmac(aws_lc_rs::hmac::Key::new(
                aws_lc_rs::hmac::HMAC_SHA256,
                &field("k"),
            )),
            Algorithm::Rs256 => {
                AwsLcPrepared::Rsa(&sig::RSA_PKCS1_2048_8192_SHA256, field("n"), field("e"))
            }
            Algorithm::Ps256 => {
                AwsLcPrepared::Rsa(&sig::RSA_PSS_2048_8192_SHA256, field("n"), field("e"))
            }
            Algorithm::Es256 => {
                let mut point = vec![4];
                point.extend(field("x"));
                point.extend(field("y"));
                AwsLcPrepared::Public(&sig::ECDSA_P256_SHA256_FIXED, point)
            }
            Algorithm::EdDsa => AwsLcPrepared::Public(&sig::ED25519, field("x")),
            _ => unreachable!(),
        };
        AwsLcFloor {
            input: input.as_bytes().to_vec(),
            signature: b64_decode(signature),
            prepared,
        }
    }

    fn check(&self) -> bool {
        use aws_lc_rs::signature::{RsaPublicKeyComponents, UnparsedPublicKey};
        let (input, signature) = (&self.input, &self.signature);
        match &self.prepared {
            AwsLcPrepared::Hmac(key) => aws_lc_rs::hmac::verify(key, input, signature).is_ok(),
            AwsLcPrepared::Rsa(params, n, e) => RsaPublicKeyComponents { n, e }
                .verify(params, input, signature)
                .is_ok(),
            AwsLcPrepared::Public(alg, key) => UnparsedPublicKey::new(*alg, key)
                .verify(input, signature)
                .is_ok(),
        }
    }
}

/// jwt-simple's public key types, one per algorithm.
enum SimpleKey {
    Hs256(jwt_simple::algorithms::HS256Key),
    Rs256(jwt_simple::algorithms::RS256PublicKey),
    Es256(jwt_simple::algorithms::ES256PublicKey),
    Ps256(jwt_simple::algorithms::PS256PublicKey),
    EdDsa(jwt_simple::algorithms::Ed25519PublicKey),
}

impl SimpleKey {
    fn new(alg: Algorithm, kid: &str) -> SimpleKey {
        use jwt_simple::algorithms as a;
        let jwk = jwk(kid);
        let field = |name: &str| b64_decode(jwk_str(&jwk, name));
        match alg {
            Algorithm::Hs256 => SimpleKey::Hs256(a::HS256Key::from_bytes(&field("k"))),
            Algorithm::Rs256 => SimpleKey::Rs256(
                a::RS256PublicKey::from_components(&field("n"), &field("e")).unwrap(),
            ),
            Algorithm::Ps256 => SimpleKey::Ps256(
                a::PS256PublicKey::from_components(&field("n"), &field("e")).unwrap(),
            ),
            Algorithm::Es256 => {
                let mut point = vec![4];
                point.extend(field("x"));
                point.extend(field("y"));
                SimpleKey::Es256(a::ES256PublicKey::from_bytes(&point).unwrap())
            }
            Algorithm::EdDsa => {
                SimpleKey::EdDsa(a::Ed25519PublicKey::from_bytes(&field("x")).unwrap())
            }
            _ => unreachable!(),
        }
    }

    fn verify<C: serde::de::DeserializeOwned + Serialize>(
        &self,
        token: &str,
        options: jwt_simple::common::VerificationOptions,
    ) -> Result<jwt_simple::claims::JWTClaims<C>, jwt_simple::Error> {
        use jwt_simple::algorithms::{
            ECDSAP256PublicKeyLike, EdDSAPublicKeyLike, MACLike, RSAPublicKeyLike,
        };
        let options = Some(options);
        match self {
            SimpleKey::Hs256(key) => key.verify_token(token, options),
            SimpleKey::Rs256(key) => key.verify_token(token, options),
            SimpleKey::Es256(key) => key.verify_token(token, options),
            SimpleKey::Ps256(key) => key.verify_token(token, options),
            SimpleKey::EdDsa(key) => key.verify_token(token, options),
        }
    }
}

/// One algorithm and shape: the token and each implementation, ready to verify it.
pub struct Case {
    pub alg: Algorithm,
    pub shape: &'static str,
    pub token: String,
    keys: JwkSet,
    verifier: Verifier,
    tokens: TokenCache,
    floor: Floor,
    floor_aws_lc: AwsLcFloor,
    jwt_key: jsonwebtoken::DecodingKey,
    jwt_validation: jsonwebtoken::Validation,
    simple_key: SimpleKey,
    simple_options: jwt_simple::common::VerificationOptions,
}

impl Case {
    /// Mints the token (header `{"kid":…,"alg":…}` as in `benches/verify.rs`) and prepares
    /// the four implementations; asserts that each accepts it once.
    pub fn new(alg: Algorithm, shape: &'static str) -> Case {
        let payload = match shape {
            "cognito" => cognito_payload_until(EXP),
            _ => large_payload_until(EXP),
        };
        let (signer, kid) = signer_for(alg);
        let token = mint(
            alg,
            signer,
            &format!(r#"{{"kid":"{kid}","alg":"{}"}}"#, alg.name()),
            &payload,
        );

        let jwk = jwk(kid);
        let jwt_key = match alg {
            Algorithm::Hs256 => {
                jsonwebtoken::DecodingKey::from_secret(&b64_decode(jwk_str(&jwk, "k")))
            }
            Algorithm::Rs256 | Algorithm::Ps256 => jsonwebtoken::DecodingKey::from_rsa_components(
                jwk_str(&jwk, "n"),
                jwk_str(&jwk, "e"),
            )
            .unwrap(),
            Algorithm::Es256 => jsonwebtoken::DecodingKey::from_ec_components(
                jwk_str(&jwk, "x"),
                jwk_str(&jwk, "y"),
            )
            .unwrap(),
            Algorithm::EdDsa => {
                jsonwebtoken::DecodingKey::from_ed_components(jwk_str(&jwk, "x")).unwrap()
            }
            _ => unreachable!(),
        };
        let mut jwt_validation = jsonwebtoken::Validation::new(alg.name().parse().unwrap());
        jwt_validation.leeway = 0;
        jwt_validation.set_issuer(&[ISSUER]);
        match shape {
            "cognito" => jwt_validation.set_required_spec_claims(&["exp", "iss"]),
            _ => {
                jwt_validation.set_audience(&[CLIENT]);
                jwt_validation.set_required_spec_claims(&["exp", "iss", "aud"]);
            }
        }

        let simple_options = jwt_simple::common::VerificationOptions {
            allowed_issuers: Some([ISSUER.to_owned()].into()),
            allowed_audiences: match shape {
                "cognito" => None,
                _ => Some([CLIENT.to_owned()].into()),
            },
            time_tolerance: Some(jwt_simple::prelude::Duration::from_secs(0)),
            ..Default::default()
        };

        let case = Case {
            alg,
            shape,
            floor: Floor::new(alg, kid, &token),
            floor_aws_lc: AwsLcFloor::new(alg, kid, &token),
            token,
            keys: common::keys(),
            verifier: policy(alg, shape),
            tokens: TokenCache::new(),
            jwt_key,
            jwt_validation,
            simple_key: SimpleKey::new(alg, kid),
            simple_options,
        };
        for (name, verify) in IMPLEMENTATIONS {
            assert!(verify(&case), "{name} refused {} {shape}", alg.name());
        }
        case
    }

    pub fn jwtgate(&self) -> bool {
        self.verifier
            .verify(black_box(self.token.as_str()), &self.keys, UnixTime::now())
            .is_ok_and(|verified| black_box(verified.expires_at()).is_some())
    }

    /// jwtgate with its verified-token cache: every call after the first is a hit.
    pub fn jwtgate_cached(&self) -> bool {
        self.tokens
            .verify(
                &self.verifier,
                black_box(self.token.as_str()),
                &self.keys,
                UnixTime::now(),
            )
            .is_ok_and(|verified| black_box(verified.expires_at()).is_some())
    }

    pub fn floor(&self) -> bool {
        self.floor.check()
    }

    pub fn floor_aws_lc(&self) -> bool {
        self.floor_aws_lc.check()
    }

    pub fn jsonwebtoken(&self) -> bool {
        let token = black_box(self.token.as_str());
        match self.shape {
            "cognito" => {
                jsonwebtoken::decode::<AccessClaims>(token, &self.jwt_key, &self.jwt_validation)
                    .is_ok_and(|data| {
                        data.claims.client_id == CLIENT && black_box(data.claims.exp) > 0
                    })
            }
            _ => jsonwebtoken::decode::<ExpClaims>(token, &self.jwt_key, &self.jwt_validation)
                .is_ok_and(|data| black_box(data.claims.exp) > 0),
        }
    }

    /// jwt-simple takes its options by value, so each call clones them: part of its cost.
    pub fn jwt_simple(&self) -> bool {
        let token = black_box(self.token.as_str());
        let options = self.simple_options.clone();
        match self.shape {
            "cognito" => self
                .simple_key
                .verify::<ClientId>(token, options)
                .is_ok_and(|claims| {
                    claims.custom.client_id == CLIENT && black_box(claims.expires_at).is_some()
                }),
            _ => self
                .simple_key
                .verify::<NoClaims>(token, options)
                .is_ok_and(|claims| black_box(claims.expires_at).is_some()),
        }
    }
}

/// Every case, in table order.
pub fn cases() -> Vec<Case> {
    ALGS.iter()
        .flat_map(|&alg| SHAPES.iter().map(move |&shape| Case::new(alg, shape)))
        .collect()
}

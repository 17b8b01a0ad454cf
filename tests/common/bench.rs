//! What the benches (`benches/verify.rs`, `benches/peers/`) and the allocation test share:
//! realistic token shapes (a Cognito user pool's access and ID tokens), the policy they are
//! verified with, and the crypto floor — `ring`'s signature check alone with a prepared key.
//! The bench figures and the asserted allocation counts are for these exact bytes: change
//! them only on purpose.

use super::{all_keys_json, NOW};
use jwtgate::{Algorithm, Verifier};
use ring::signature::{self as sig, RsaPublicKeyComponents, UnparsedPublicKey};

/// The issuer of the demo Cognito user pool.
pub const ISSUER: &str = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_DemoPool1";
/// The demo pool's app client id (`client_id` of access tokens, `aud` of ID tokens).
pub const CLIENT: &str = "5f1ke2rddnpb3kbvk0hp2ttc0q";

/// A Cognito access token's claims, about 900 bytes once encoded and signed with RS256,
/// valid at [`NOW`] for an hour.
pub fn cognito_payload() -> String {
    cognito_payload_until(NOW + 3600)
}

/// The same claims expiring at `exp` (the peers read the system clock, so their tokens
/// must be valid today; any `exp` of ten digits keeps the size).
pub fn cognito_payload_until(exp: u64) -> String {
    format!(
        r#"{{"sub":"8a6f3c2e-1b4d-4e7a-9c05-3f2d1e8b7a60","cognito:groups":["admin","orders"],"iss":"{ISSUER}","version":2,"client_id":"{CLIENT}","origin_jti":"c3b1e7d2-5a49-4f80-b6e1-2d9a7c4f0e13","event_id":"f0e4a9b7-2c61-4d3e-8a5f-7b1c9d2e6a84","token_use":"access","scope":"aws.cognito.signin.user.admin openid orders/read","auth_time":{NOW},"exp":{},"iat":{NOW},"jti":"4d9e2b7a-8c13-4f6e-a0b5-1e7c3d9f2a56","username":"demo-user"}}"#,
        exp
    )
}

/// An ID-token-like payload of about 4 KB: the same claims and 120 groups, valid at
/// [`NOW`] for an hour.
pub fn large_payload() -> String {
    large_payload_until(NOW + 3600)
}

/// The same claims expiring at `exp`.
pub fn large_payload_until(exp: u64) -> String {
    let groups: Vec<String> = (0..120)
        .map(|i| format!(r#""team-{i:03}-members""#))
        .collect();
    format!(
        r#"{{"sub":"8a6f3c2e-1b4d-4e7a-9c05-3f2d1e8b7a60","cognito:groups":[{}],"email_verified":true,"iss":"{ISSUER}","cognito:username":"demo-user","aud":"{CLIENT}","token_use":"id","auth_time":{NOW},"exp":{},"iat":{NOW},"jti":"b7a15c3e-6d28-4e91-8f4a-0c2b9e5d7f31","email":"demo@example.com"}}"#,
        groups.join(","),
        exp
    )
}

/// The rows of the in-crate comparisons (`benches/interleaved.rs`, `benches/threads.rs`): one
/// algorithm of each family on both token shapes, as `(name, algorithm, shape, payload)`,
/// named `<ALG>/<shape>`; only those whose name contains the command line's first argument
/// that is not an option, when there is one.
pub fn rows() -> Vec<(String, Algorithm, &'static str, String)> {
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let algs = [
        Algorithm::Hs256,
        Algorithm::Rs256,
        Algorithm::Es256,
        Algorithm::EdDsa,
    ];
    algs.into_iter()
        .flat_map(|alg| {
            [("cognito", cognito_payload()), ("large", large_payload())]
                .map(|(shape, payload)| (format!("{}/{shape}", alg.name()), alg, shape, payload))
        })
        .filter(|(row, ..)| filter.as_deref().is_none_or(|f| row.contains(f)))
        .collect()
}

/// The policy the benches verify with: the pool's issuer, and its client id (`cognito`
/// shape, an access token) or audience (`large` shape, an ID token).
pub fn policy(alg: Algorithm, shape: &str) -> Verifier {
    let builder = Verifier::builder([alg]).issuer(ISSUER);
    match shape {
        "cognito" => builder.client_id(CLIENT),
        _ => builder.audience(CLIENT),
    }
    .build()
    .unwrap()
}

/// `ring` alone: the signature check with a prepared key, on the signing input and the
/// already-decoded signature, nothing else — what no verifier built on `ring` can beat.
pub struct Floor {
    input: Vec<u8>,
    signature: Vec<u8>,
    prepared: Prepared,
}

enum Prepared {
    Hmac(ring::hmac::Key),
    Rsa(&'static sig::RsaParameters, Vec<u8>, Vec<u8>),
    Public(&'static dyn sig::VerificationAlgorithm, Vec<u8>),
}

impl Floor {
    /// The floor for `token`, signed with `alg` by the test key `kid`.
    pub fn new(alg: Algorithm, kid: &str, token: &str) -> Floor {
        let decode =
            |s: &str| <base64ct::Base64UrlUnpadded as base64ct::Encoding>::decode_vec(s).unwrap();
        let (input, signature) = token.rsplit_once('.').unwrap();
        let set: serde_json::Value = serde_json::from_str(&all_keys_json()).unwrap();
        let jwk = set["keys"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["kid"] == kid)
            .unwrap()
            .clone();
        let field = |name: &str| decode(jwk[name].as_str().unwrap());
        let prepared = match alg {
            Algorithm::Hs256 => {
                Prepared::Hmac(ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &field("k")))
            }
            Algorithm::Rs256 => {
                Prepared::Rsa(&sig::RSA_PKCS1_2048_8192_SHA256, field("n"), field("e"))
            }
            Algorithm::Ps256 => {
                Prepared::Rsa(&sig::RSA_PSS_2048_8192_SHA256, field("n"), field("e"))
            }
            Algorithm::Es256 => {
                let mut point = vec![4];
                point.extend(field("x"));
                point.extend(field("y"));
                Prepared::Public(&sig::ECDSA_P256_SHA256_FIXED, point)
            }
            Algorithm::EdDsa => Prepared::Public(&sig::ED25519, field("x")),
            _ => panic!("no floor for {alg}"),
        };
        Floor {
            input: input.as_bytes().to_vec(),
            signature: decode(signature),
            prepared,
        }
    }

    /// One signature check.
    pub fn check(&self) -> bool {
        let (input, signature) = (&self.input, &self.signature);
        match &self.prepared {
            Prepared::Hmac(key) => ring::hmac::verify(key, input, signature).is_ok(),
            Prepared::Rsa(params, n, e) => RsaPublicKeyComponents { n, e }
                .verify(params, input, signature)
                .is_ok(),
            Prepared::Public(alg, key) => UnparsedPublicKey::new(*alg, key)
                .verify(input, signature)
                .is_ok(),
        }
    }
}

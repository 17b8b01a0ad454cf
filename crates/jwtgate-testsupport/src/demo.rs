//! The demo pool (`vectors/demo/`) and tokens signed with its test key (`vectors/keys/rsa2048`),
//! so that a test can change a claim and still hold a validly signed token.

use base64ct::{Base64UrlUnpadded, Encoding};
use ring::rand::SystemRandom;
use ring::signature::{RsaKeyPair, RSA_PKCS1_SHA256};
use serde_json::Value;
use std::path::PathBuf;

/// The demo pool's id.
pub const POOL: &str = "eu-west-1_DemoPool1";
/// The demo pool's app client, the demo tokens' `client_id` / `aud`.
pub const CLIENT: &str = "5f1ke2rddnpb3kbvk0hp2ttc0q";
/// A time inside the demo tokens' validity (their `--now`).
pub const NOW: u64 = 1_767_226_000;
/// The `kid` of the demo access token's key.
pub const ACCESS_KID: &str = "demoAccessKey1+abcdefgHIJKLmnopQRSTuvwxyz04=";
/// The demo tokens' `sub`.
pub const SUB: &str = "8a6f3c2e-1b4d-4e7a-9c05-3f2d1e8b7a60";

/// The bytes of `vectors/<relative>` (found from this crate's directory, so that it works
/// from any crate's tests); panics with the path if it cannot be read.
pub fn vectors(relative: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../vectors")
        .join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The demo pool's JWK Set.
pub fn demo_jwks() -> String {
    String::from_utf8(vectors("demo/jwks.json")).unwrap()
}

/// The demo access token.
pub fn demo_access_token() -> String {
    String::from_utf8(vectors("demo/access-token.jwt"))
        .unwrap()
        .trim()
        .to_owned()
}

/// The demo ID token.
pub fn demo_id_token() -> String {
    String::from_utf8(vectors("demo/id-token.jwt"))
        .unwrap()
        .trim()
        .to_owned()
}

/// The demo access token's claims, to change and sign again.
pub fn demo_claims() -> serde_json::Map<String, Value> {
    let token = demo_access_token();
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&Base64UrlUnpadded::decode_vec(payload).unwrap()).unwrap()
}

/// A token with these claims, signed RS256 by the demo access key, with header `kid`.
pub fn sign_with_kid(kid: &str, claims: &serde_json::Map<String, Value>) -> String {
    let header = serde_json::json!({ "kid": kid, "alg": "RS256" }).to_string();
    let payload = Value::Object(claims.clone()).to_string();
    let input = format!(
        "{}.{}",
        Base64UrlUnpadded::encode_string(header.as_bytes()),
        Base64UrlUnpadded::encode_string(payload.as_bytes())
    );
    let pair = RsaKeyPair::from_pkcs8(&vectors("keys/rsa2048.pk8.der")).unwrap();
    let mut signature = vec![0; pair.public().modulus_len()];
    pair.sign(
        &RSA_PKCS1_SHA256,
        &SystemRandom::new(),
        input.as_bytes(),
        &mut signature,
    )
    .unwrap();
    format!("{input}.{}", Base64UrlUnpadded::encode_string(&signature))
}

/// A demo access token with these changes to its claims (`None`: remove the member).
pub fn access_token_with(changes: &[(&str, Option<Value>)]) -> String {
    let mut claims = demo_claims();
    for (name, value) in changes {
        match value {
            Some(value) => claims.insert((*name).to_owned(), value.clone()),
            None => claims.remove(*name),
        };
    }
    sign_with_kid(ACCESS_KID, &claims)
}

//! By hand with ring + base64ct + serde_json: the JWK Set, the key by the header's `kid`,
//! `alg` RS256, the RS256 signature, then `exp`, `iss`, `token_use` and `client_id`.
use base64ct::{Base64UrlUnpadded, Encoding};
use ring::signature::{RsaPublicKeyComponents, RSA_PKCS1_2048_8192_SHA256};
use serde::Deserialize;

const NOW: u64 = 1_767_226_000;
const ISSUER: &str = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_DemoPool1";
const CLIENT_ID: &str = "5f1ke2rddnpb3kbvk0hp2ttc0q";

#[derive(Deserialize)]
struct JwkSet {
    keys: Vec<Jwk>,
}

#[derive(Deserialize)]
struct Jwk {
    kid: String,
    kty: String,
    n: String,
    e: String,
}

#[derive(Deserialize)]
struct Header {
    kid: String,
    alg: String,
}

#[derive(Deserialize)]
struct Claims {
    sub: String,
    iss: String,
    exp: u64,
    token_use: String,
    client_id: String,
}

fn b64(text: &str) -> Vec<u8> {
    Base64UrlUnpadded::decode_vec(text).unwrap()
}

fn main() {
    let keys: JwkSet =
        serde_json::from_slice(include_bytes!("../../../../vectors/demo/jwks.json")).unwrap();
    let token = include_str!("../../../../vectors/demo/access-token.jwt").trim();
    let (input, signature) = token.rsplit_once('.').unwrap();
    let (header, payload) = input.split_once('.').unwrap();

    let header: Header = serde_json::from_slice(&b64(header)).unwrap();
    assert_eq!(header.alg, "RS256");
    let key = keys
        .keys
        .iter()
        .find(|key| key.kid == header.kid && key.kty == "RSA")
        .unwrap();
    let (n, e) = (b64(&key.n), b64(&key.e));
    RsaPublicKeyComponents { n: &n, e: &e }
        .verify(
            &RSA_PKCS1_2048_8192_SHA256,
            input.as_bytes(),
            &b64(signature),
        )
        .unwrap();

    let claims: Claims = serde_json::from_slice(&b64(payload)).unwrap();
    assert!(claims.exp > NOW, "expired");
    assert_eq!(claims.iss, ISSUER);
    assert_eq!(claims.token_use, "access");
    assert_eq!(claims.client_id, CLIENT_ID);
    println!("{}", claims.sub);
}

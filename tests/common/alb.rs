//! AWS Application Load Balancer tokens, made the way an ALB makes them: an ES256 signature
//! (raw `r‖s`) with the P-256 key of `vectors/keys/ec-p256.*`, a header holding `typ`, `kid`,
//! `alg`, `iss`, `client`, `signer` and `exp`, and every segment padded Base64URL.
#![allow(dead_code)]

use super::{read_text, sign, Signer, NOW};
use base64ct::{Base64Url, Base64UrlUnpadded, Encoding};
use jwtgate::Algorithm;

pub const ARN: &str =
    "arn:aws:elasticloadbalancing:us-east-2:123456789012:loadbalancer/app/my-alb/50dc6c495c0c9188";
pub const OTHER_ARN: &str =
    "arn:aws:elasticloadbalancing:us-east-2:123456789012:loadbalancer/app/other/1a2b3c4d5e6f7a8b";
pub const KID: &str = "0f4bd2b5-2c4e-4ad9-8d4b-47d7e2f0c1a3";
pub const CLIENT: &str = "5f1ke2rddnpb3kbvk0hp2ttc0q";
pub const ISS: &str = "https://cognito-idp.us-east-2.amazonaws.com/us-east-2_AbCdEf123";

/// The public key an ALB would publish at `<keys url>/<KID>`.
pub fn pem() -> String {
    read_text("keys/ec-p256.spki.pem")
}

/// The ALB's header for `kid`, expiring at `exp`.
pub fn header(kid: &str, exp: u64) -> String {
    format!(
        r#"{{"typ":"JWT","kid":"{kid}","alg":"ES256","iss":"{ISS}","client":"{CLIENT}","signer":"{ARN}","exp":{exp}}}"#
    )
}

/// The usual header: [`KID`], valid for two minutes after [`NOW`].
pub fn usual_header() -> String {
    header(KID, NOW + 120)
}

/// A user-claims payload like Cognito's through an ALB (with `exp` and `iss` again).
pub fn payload() -> String {
    format!(
        r#"{{"sub":"b4a8f1c2","email_verified":"true","email":"user@example.com","username":"b4a8f1c2","exp":{},"iss":"{ISS}"}}"#,
        NOW + 120
    )
}

/// Base64URL with `=` padding, as the ALB sends it.
pub fn padded(bytes: &[u8]) -> String {
    Base64Url::encode_string(bytes)
}

pub fn unpadded(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}

/// Appends spaces (insignificant JSON whitespace) until the Base64URL needs two `=`, so that
/// padding really appears in the segment.
pub fn needing_padding(json: &str) -> String {
    let mut json = json.to_owned();
    while json.len() % 3 != 1 {
        json.push(' ');
    }
    json
}

/// Signs `header.payload` (encoded with `encode`) with the ALB test key.
pub fn mint_with(header: &str, payload: &str, encode: fn(&[u8]) -> String) -> String {
    let signing_input = format!(
        "{}.{}",
        encode(header.as_bytes()),
        encode(payload.as_bytes())
    );
    let signature = sign(Algorithm::Es256, Signer::EcP256, signing_input.as_bytes());
    format!("{signing_input}.{}", encode(&signature))
}

/// An ALB token: all three segments padded.
pub fn mint_alb(header: &str, payload: &str) -> String {
    mint_with(&needing_padding(header), &needing_padding(payload), padded)
}

/// The usual, valid ALB token.
pub fn alb_token() -> String {
    mint_alb(&usual_header(), &payload())
}

/// A header from the usual one with `member` replaced by raw JSON `value` (or removed when
/// `value` is `None`).
pub fn header_with(member: &str, value: Option<&str>) -> String {
    let mut object: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&usual_header()).unwrap();
    match value {
        Some(value) => {
            object.insert(member.into(), serde_json::from_str(value).unwrap());
        }
        None => {
            object.remove(member);
        }
    }
    serde_json::Value::Object(object).to_string()
}

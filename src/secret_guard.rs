//! Refusing a public key offered as an HMAC secret: the RS256 → HS256 key-confusion mistake
//! (CVE-2016-10555 class, RFC 8725 §2.1), where a verifier configured with the issuer's
//! *public* key as a shared secret lets anyone forge HS256 tokens.
//!
//! A secret is refused when some decoding of it that a person might paste yields a public
//! key document:
//!
//! - DER that the strict DER reader parses as a SubjectPublicKeyInfo or a PKCS#1
//!   RSAPublicKey, given as raw DER, as PEM anywhere in the text (after a byte-order mark,
//!   comments or other lines, with CRLF or LF, or on one line with `\n` escapes), as Base64 or Base64URL (padded or not, with
//!   or without line breaks) or as hex;
//! - JSON that is a public JWK (`kty` `RSA`, `EC` or `OKP`) or a JWK Set holding one.
//!
//! Nothing is refused for merely *looking* like hex, Base64 or PEM: a random secret written
//! as hex or Base64 decodes to random bytes, which are no DER public key. This guard catches
//! a mistake; the real defence is the algorithm allowlist and typed keys, which never let an
//! RSA, EC or Ed25519 key verify an HMAC token.

use crate::der::{Der, BIT_STRING, INTEGER, OID, SEQUENCE};
use alloc::string::String;
use alloc::vec::Vec;
use base64ct::{Base64, Base64Unpadded, Base64Url, Base64UrlUnpadded, Encoding};

/// Whether `secret` is, in one of the encodings above, a public key document.
pub(crate) fn is_public_key_document(secret: &[u8]) -> bool {
    if is_public_key_der(secret) {
        return true;
    }
    let bytes = secret.strip_prefix(b"\xef\xbb\xbf").unwrap_or(secret);
    let Ok(text) = core::str::from_utf8(bytes) else {
        return false;
    };
    pem_bodies(text).any(|der| is_public_key_der(&der))
        || text_decodings(text).any(|der| is_public_key_der(&der))
        || is_public_jwk_json(text)
}

/// DER shaped as a SubjectPublicKeyInfo (`SEQUENCE { SEQUENCE { OID, … }, BIT STRING }`) or
/// a PKCS#1 RSAPublicKey (`SEQUENCE { INTEGER, INTEGER }`), with nothing left over. Random
/// bytes match only by a run of exact tag and length bytes.
fn is_public_key_der(der: &[u8]) -> bool {
    let mut outer = Der(der);
    let Ok(content) = outer.read(SEQUENCE) else {
        return false;
    };
    if outer.finish().is_err() {
        return false;
    }
    let mut spki = Der(content);
    let is_spki = spki
        .read(SEQUENCE)
        .is_ok_and(|algorithm| Der(algorithm).read(OID).is_ok())
        && spki.read(BIT_STRING).is_ok()
        && spki.finish().is_ok();
    let mut pkcs1 = Der(content);
    let is_pkcs1 =
        pkcs1.read(INTEGER).is_ok() && pkcs1.read(INTEGER).is_ok() && pkcs1.finish().is_ok();
    is_spki || is_pkcs1
}

/// The decoded body of every `-----BEGIN …-----` / `-----END …-----` block in `text`,
/// whatever its label and whatever surrounds it.
fn pem_bodies(text: &str) -> impl Iterator<Item = Vec<u8>> + '_ {
    text.split("-----BEGIN ").skip(1).filter_map(|block| {
        let (_label, rest) = block.split_once("-----")?;
        let (body, _) = rest.split_once("-----END ")?;
        // A PEM quoted on one line (a `.env` file, a JSON string) has `\n` escapes.
        let body = body.replace("\\n", "").replace("\\r", "");
        Base64::decode_vec(&without_whitespace(&body)).ok()
    })
}

/// The whole text, without whitespace, read as each Base64 flavour and as hex.
fn text_decodings(text: &str) -> impl Iterator<Item = Vec<u8>> {
    let compact = without_whitespace(text);
    let decoders: [Decoder; 5] = [
        |s| Base64::decode_vec(s).ok(),
        |s| Base64Unpadded::decode_vec(s).ok(),
        |s| Base64Url::decode_vec(s).ok(),
        |s| Base64UrlUnpadded::decode_vec(s).ok(),
        hex,
    ];
    decoders
        .into_iter()
        .filter_map(move |decode| decode(&compact))
}

/// One way of reading text as bytes.
type Decoder = fn(&str) -> Option<Vec<u8>>;

fn without_whitespace(text: &str) -> String {
    text.chars().filter(|c| !c.is_ascii_whitespace()).collect()
}

/// Hex digits in pairs (either case, optionally separated by `:` as `openssl` prints them).
fn hex(text: &str) -> Option<Vec<u8>> {
    let digits: Vec<u8> = text
        .bytes()
        .filter(|&b| b != b':')
        .map(|b| {
            char::from(b)
                .to_digit(16)
                .and_then(|d| u8::try_from(d).ok())
        })
        .collect::<Option<_>>()?;
    let pairs = digits.chunks_exact(2);
    if !pairs.remainder().is_empty() {
        return None;
    }
    Some(
        pairs
            .map(|pair| match pair {
                [high, low] => high.wrapping_shl(4) | low,
                _ => 0,
            })
            .collect(),
    )
}

/// A JWK whose `kty` is a public-key type, or a JWK Set (`keys`) holding one.
fn is_public_jwk_json(text: &str) -> bool {
    use serde_json::Value;
    let Ok(Value::Object(object)) = serde_json::from_str::<Value>(text.trim()) else {
        return false;
    };
    let is_public_jwk = |value: &Value| {
        matches!(
            value.get("kty").and_then(Value::as_str),
            Some("RSA" | "EC" | "OKP")
        )
    };
    let members = match object.get("keys") {
        Some(Value::Array(keys)) => keys.iter().any(is_public_jwk),
        _ => false,
    };
    members || is_public_jwk(&Value::Object(object))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_pairs_with_optional_colons() {
        assert_eq!(hex("00ff7A"), Some(alloc::vec![0, 255, 0x7a]));
        assert_eq!(hex("00:ff:7a"), Some(alloc::vec![0, 255, 0x7a]));
        assert_eq!(hex("0"), None);
        assert_eq!(hex("0g"), None);
        assert_eq!(hex(""), Some(Vec::new()));
    }

    #[test]
    fn der_shapes() {
        // SEQUENCE { INTEGER 5, INTEGER 3 }: a (tiny) PKCS#1 shape.
        assert!(is_public_key_der(&[
            0x30, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x03
        ]));
        // Trailing bytes, or a third integer, are not.
        assert!(!is_public_key_der(&[
            0x30, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x03, 0
        ]));
        assert!(!is_public_key_der(&[
            0x30, 0x09, 0x02, 0x01, 0x05, 0x02, 0x01, 0x03, 0x02, 0x01, 0x01
        ]));
        assert!(!is_public_key_der(b""));
    }
}

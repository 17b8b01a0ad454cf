//! Canonical unpadded Base64URL (RFC 7515 §2, RFC 4648 §5).
//!
//! Strict by design: no padding, no `+` or `/`, no whitespace, and no non-zero bits after the
//! last full byte, so that each byte string has exactly one accepted encoding.

use alloc::vec::Vec;
use base64ct::{Base64UrlUnpadded, Encoding};

/// The encoding is not canonical unpadded Base64URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NotCanonical;

/// The exact number of bytes that `encoded_len` characters decode to, or `None` for a
/// length no canonical encoding has (one character past a multiple of four).
pub(crate) fn decoded_len(encoded_len: usize) -> Option<usize> {
    let full = (encoded_len / 4).checked_mul(3)?;
    let tail = match encoded_len % 4 {
        0 => 0,
        2 => 1,
        3 => 2,
        _ => return None,
    };
    full.checked_add(tail)
}

/// Decodes `encoded` into `out`, which must be exactly [`decoded_len`] long.
pub(crate) fn decode_into(encoded: &[u8], out: &mut [u8]) -> Result<(), NotCanonical> {
    if decoded_len(encoded.len()) != Some(out.len()) {
        return Err(NotCanonical);
    }
    let expected = out.len();
    match Base64UrlUnpadded::decode(encoded, out) {
        Ok(decoded) if decoded.len() == expected => Ok(()),
        _ => Err(NotCanonical),
    }
}

/// Decodes `encoded` into a new vector.
pub(crate) fn decode(encoded: &[u8]) -> Result<Vec<u8>, NotCanonical> {
    let len = decoded_len(encoded.len()).ok_or(NotCanonical)?;
    let mut out = alloc::vec![0; len];
    decode_into(encoded, &mut out)?;
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::as_conversions, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    #[test]
    fn decodes_canonical_input() {
        assert_eq!(decode(b"").as_deref(), Ok(&b""[..]));
        assert_eq!(decode(b"Zg").as_deref(), Ok(&b"f"[..]));
        assert_eq!(decode(b"Zm8").as_deref(), Ok(&b"fo"[..]));
        assert_eq!(decode(b"Zm9v").as_deref(), Ok(&b"foo"[..]));
        assert_eq!(decode(b"-_8").as_deref(), Ok(&[0xfb, 0xff][..]));
    }

    #[test]
    fn refuses_everything_else() {
        for bad in [
            &b"Zg=="[..],
            b"Zg=",
            b"Zm9v\n",
            b" Zm9v",
            b"Zm9",
            b"+/8",
            b"Z",
            b"Zh",   // non-zero trailing bits: `Zg` is the canonical form of "f"
            b"Zm9=", // padding inside an unpadded encoding
            b"Zm\0v",
        ] {
            assert_eq!(decode(bad), Err(NotCanonical), "{bad:?}");
        }
    }

    #[test]
    fn lengths() {
        assert_eq!(decoded_len(0), Some(0));
        assert_eq!(decoded_len(1), None);
        assert_eq!(decoded_len(2), Some(1));
        assert_eq!(decoded_len(3), Some(2));
        assert_eq!(decoded_len(4), Some(3));
        assert_eq!(decoded_len(5), None);
    }

    proptest::proptest! {
        /// Every byte string decodes from its one canonical encoding.
        #[test]
        fn decodes_every_canonical_encoding(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            let encoded = Base64UrlUnpadded::encode_string(&bytes);
            proptest::prop_assert_eq!(decode(encoded.as_bytes()), Ok(bytes));
        }

        /// Whatever decodes is canonical: encoding the result gives back the input exactly.
        #[test]
        fn accepts_only_canonical_encodings(input in "[A-Za-z0-9_+/=\\- .]{0,64}") {
            if let Ok(bytes) = decode(input.as_bytes()) {
                proptest::prop_assert_eq!(Base64UrlUnpadded::encode_string(&bytes), input);
            }
        }
    }
}

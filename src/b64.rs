//! Canonical unpadded Base64URL (RFC 7515 §2, RFC 4648 §5).
//!
//! Strict by design: no padding, no `+` or `/`, no whitespace, and no non-zero bits after the
//! last full byte, so that each byte string has exactly one accepted encoding.
//!
//! Token segments and public key members are public, so they are decoded with a lookup
//! table ([`decode_into`]), several times faster than a constant-time decoder. Secret
//! material (`oct` keys) goes through `base64ct`, whose decoding takes the same time whatever
//! the bytes ([`decode_secret`]). Property tests hold the two to the same answers.

use alloc::vec::Vec;
use base64ct::{Base64UrlUnpadded, Encoding};

/// The encoding is not canonical unpadded Base64URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NotCanonical;

/// Marks a byte outside the alphabet; any value with either top bit set is refused.
const INVALID: u8 = 0xff;

/// Each byte's 6-bit value in the Base64URL alphabet, or [`INVALID`].
static VALUES: [u8; 256] = values();

/// The same values pre-shifted to their place in a 24-bit group, one table per position in
/// a quad, with bit 31 set for bytes outside the alphabet: a quad decodes with four lookups
/// and three ORs, and one test of bit 31 at the end covers every character.
static QUAD: [[u32; 256]; 4] = [shifted(18), shifted(12), shifted(6), shifted(0)];

const REFUSED: u32 = 1 << 31;

// A const fn cannot use `From` yet: `as` here converts u8 → usize, u8 → u32 and 0..64 → u8,
// all lossless, and an out-of-bounds index would fail the build, not a run.
#[allow(
    clippy::as_conversions,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
const fn values() -> [u8; 256] {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        table[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
}

#[allow(
    clippy::as_conversions,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]
const fn shifted(shift: u32) -> [u32; 256] {
    let values = values();
    let mut table = [REFUSED; 256];
    let mut i = 0;
    while i < 256 {
        if values[i] != INVALID {
            table[i] = (values[i] as u32) << shift;
        }
        i += 1;
    }
    table
}

fn value(byte: u8) -> u8 {
    VALUES.get(usize::from(byte)).copied().unwrap_or(INVALID)
}

fn quad_bits(position: usize, byte: u8) -> u32 {
    QUAD.get(position)
        .and_then(|table| table.get(usize::from(byte)))
        .copied()
        .unwrap_or(REFUSED)
}

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

/// Decodes public `encoded` into `out`, which must be exactly [`decoded_len`] long.
pub(crate) fn decode_into(encoded: &[u8], out: &mut [u8]) -> Result<(), NotCanonical> {
    if decoded_len(encoded.len()) != Some(out.len()) {
        return Err(NotCanonical);
    }
    // OR of every quad's bits: a character outside the alphabet sets bit 31.
    let mut refused = 0u32;
    // Two quads (eight characters, six bytes) a step, then at most one more quad.
    let whole = encoded.len() / 8;
    let (octets, rest_in) = encoded.split_at(whole.saturating_mul(8).min(encoded.len()));
    let (sextets, rest_out) = out.split_at_mut(whole.saturating_mul(6).min(out.len()));
    for (octet, sextet) in octets.chunks_exact(8).zip(sextets.chunks_exact_mut(6)) {
        if let ([a, b, c, d, e, f, g, h], [o0, o1, o2, o3, o4, o5]) = (octet, sextet) {
            let first = quad_bits(0, *a) | quad_bits(1, *b) | quad_bits(2, *c) | quad_bits(3, *d);
            let second = quad_bits(0, *e) | quad_bits(1, *f) | quad_bits(2, *g) | quad_bits(3, *h);
            refused |= first | second;
            let [_, x0, x1, x2] = first.to_be_bytes();
            let [_, x3, x4, x5] = second.to_be_bytes();
            (*o0, *o1, *o2, *o3, *o4, *o5) = (x0, x1, x2, x3, x4, x5);
        }
    }
    let mut quads = rest_in.chunks_exact(4);
    let mut triples = rest_out.chunks_exact_mut(3);
    for (quad, triple) in (&mut quads).zip(&mut triples) {
        if let ([a, b, c, d], [x, y, z]) = (quad, triple) {
            let bits = quad_bits(0, *a) | quad_bits(1, *b) | quad_bits(2, *c) | quad_bits(3, *d);
            refused |= bits;
            let [_, high, middle, low] = bits.to_be_bytes();
            (*x, *y, *z) = (high, middle, low);
        }
    }
    let mut seen = if refused & REFUSED == 0 { 0 } else { INVALID };
    let tail = triples.into_remainder();
    match (quads.remainder(), tail) {
        ([], []) => {}
        // Two characters hold one byte: the last character's low 4 bits must be zero.
        ([a, b], [x]) => {
            let (a, b) = (value(*a), value(*b));
            if b & 0x0f != 0 {
                return Err(NotCanonical);
            }
            seen |= a | b;
            *x = a << 2 | b >> 4;
        }
        // Three characters hold two bytes: the last character's low 2 bits must be zero.
        ([a, b, c], [x, y]) => {
            let (a, b, c) = (value(*a), value(*b), value(*c));
            if c & 0x03 != 0 {
                return Err(NotCanonical);
            }
            seen |= a | b | c;
            *x = a << 2 | b >> 4;
            *y = b << 4 | c >> 2;
        }
        _ => return Err(NotCanonical),
    }
    if seen & 0xc0 == 0 {
        Ok(())
    } else {
        Err(NotCanonical)
    }
}

/// The unpadded part of `encoded`, which may be canonical unpadded Base64URL or carry exactly
/// the `=` that RFC 4648 §3.2 pads it with to a multiple of four characters (one `=` after
/// three characters of a quad, two after two). Anything else (padding on a full quad, a lone
/// `=` where two are due, padding in the middle) is refused; the rest is left to
/// [`decode_into`], which refuses any `=` that remains.
///
/// Only AWS Application Load Balancer tokens, which pad every segment, go through this: the
/// ordinary path refuses padding outright.
pub(crate) fn strip_padding(encoded: &[u8]) -> Result<&[u8], NotCanonical> {
    let unpadded = match encoded {
        [rest @ .., b'=', b'='] => rest,
        [rest @ .., b'='] => rest,
        _ => return Ok(encoded),
    };
    if unpadded.ends_with(b"=") {
        return Err(NotCanonical);
    }
    let due = match unpadded.len() % 4 {
        2 => 2,
        3 => 1,
        _ => return Err(NotCanonical),
    };
    if encoded.len().checked_sub(unpadded.len()) == Some(due) {
        Ok(unpadded)
    } else {
        Err(NotCanonical)
    }
}

/// Decodes public `encoded` into a new vector.
pub(crate) fn decode(encoded: &[u8]) -> Result<Vec<u8>, NotCanonical> {
    let len = decoded_len(encoded.len()).ok_or(NotCanonical)?;
    let mut out = alloc::vec![0; len];
    decode_into(encoded, &mut out)?;
    Ok(out)
}

/// Decodes secret `encoded` (an `oct` key's `k`) in time independent of its bytes.
pub(crate) fn decode_secret(encoded: &[u8]) -> Result<Vec<u8>, NotCanonical> {
    let len = decoded_len(encoded.len()).ok_or(NotCanonical)?;
    let mut out = alloc::vec![0; len];
    match Base64UrlUnpadded::decode(encoded, &mut out) {
        Ok(decoded) if decoded.len() == len => Ok(out),
        _ => Err(NotCanonical),
    }
}

#[cfg(test)]
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
    fn padding_is_stripped_only_when_exact() {
        for (padded, bare) in [
            (&b"Zg=="[..], &b"Zg"[..]),
            (b"Zm8=", b"Zm8"),
            (b"Zm9v", b"Zm9v"),
            (b"Zm9vYg==", b"Zm9vYg"),
            (b"Zg", b"Zg"),
            (b"", b""),
        ] {
            assert_eq!(strip_padding(padded), Ok(bare), "{padded:?}");
        }
        for bad in [
            &b"Zg="[..],
            b"Zm8==",
            b"Zm9v=",
            b"Zm9v==",
            b"=",
            b"==",
            b"Zg===",
            b"Z===",
        ] {
            assert_eq!(strip_padding(bad), Err(NotCanonical), "{bad:?}");
        }
        // Padding in the middle survives stripping and is refused by the decoder.
        assert_eq!(
            decode(strip_padding(b"Zg==Zg==").unwrap()),
            Err(NotCanonical)
        );
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

        /// The table decoder and base64ct (constant time) agree on every input, including
        /// every non-canonical one, byte for byte.
        #[test]
        fn table_and_constant_time_decoders_agree(input in "[A-Za-z0-9_+/=\\- .\\x00\\x80é]{0,40}") {
            proptest::prop_assert_eq!(decode(input.as_bytes()), decode_secret(input.as_bytes()));
        }

        /// Same on arbitrary bytes.
        #[test]
        fn decoders_agree_on_any_bytes(input in proptest::collection::vec(proptest::num::u8::ANY, 0..40)) {
            proptest::prop_assert_eq!(decode(&input), decode_secret(&input));
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

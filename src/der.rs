//! A small, strict DER reader of our own (X.690): definite minimal lengths only, no trailing
//! bytes, minimal positive integers. Enough for public keys (`spki`) and for recognising a
//! public key offered as an HMAC secret (`secret_guard`).

use crate::error::KeyRejected;

pub(crate) const SEQUENCE: u8 = 0x30;
pub(crate) const INTEGER: u8 = 0x02;
pub(crate) const BIT_STRING: u8 = 0x03;
pub(crate) const NULL: u8 = 0x05;
pub(crate) const OID: u8 = 0x06;

/// Most octets a long-form length may have: three give lengths below 16 MiB, far above any
/// public key (an RSA-8192 SubjectPublicKeyInfo is about 1 KiB).
const MAX_LENGTH_OCTETS: usize = 3;

/// The content of a BIT STRING with no unused bits.
pub(crate) fn bit_string(content: &[u8]) -> Result<&[u8], KeyRejected> {
    match content.split_first() {
        Some((0, bits)) => Ok(bits),
        _ => Err(KeyRejected::Encoding),
    }
}

/// A DER INTEGER's content as a minimal unsigned big-endian number; negative and
/// non-minimal encodings are refused.
pub(crate) fn positive_integer(content: &[u8]) -> Result<&[u8], KeyRejected> {
    match content {
        [first, ..] if first & 0x80 != 0 => Err(KeyRejected::Encoding),
        [0, rest @ ..] => match rest.first() {
            Some(next) if next & 0x80 != 0 => Ok(rest),
            _ => Err(KeyRejected::Encoding),
        },
        [_, ..] => Ok(content),
        [] => Err(KeyRejected::Encoding),
    }
}

/// A cursor over DER: reads one TLV of an expected tag at a time.
pub(crate) struct Der<'a>(pub(crate) &'a [u8]);

impl<'a> Der<'a> {
    pub(crate) fn read(&mut self, tag: u8) -> Result<&'a [u8], KeyRejected> {
        let bad = KeyRejected::Encoding;
        let (&actual, rest) = self.0.split_first().ok_or(bad)?;
        if actual != tag {
            return Err(bad);
        }
        let (&first, rest) = rest.split_first().ok_or(bad)?;
        let (len, rest) = if first < 0x80 {
            (usize::from(first), rest)
        } else {
            // Long form: one to three length octets, minimal, and only for lengths ≥ 128.
            let count = usize::from(first & 0x7f);
            if !(1..=MAX_LENGTH_OCTETS).contains(&count) {
                return Err(bad);
            }
            let (octets, rest) = rest.split_at_checked(count).ok_or(bad)?;
            if octets.first() == Some(&0) {
                return Err(bad);
            }
            let len = octets
                .iter()
                .try_fold(0usize, |acc, &b| {
                    acc.checked_mul(256)?.checked_add(usize::from(b))
                })
                .ok_or(bad)?;
            if len < 0x80 {
                return Err(bad);
            }
            (len, rest)
        };
        let (value, rest) = rest.split_at_checked(len).ok_or(bad)?;
        self.0 = rest;
        Ok(value)
    }

    pub(crate) fn finish(&self) -> Result<(), KeyRejected> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(KeyRejected::Encoding)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_lengths_are_minimal_and_bounded() {
        assert_eq!(Der(&[0x02, 0x01, 0x05]).read(INTEGER), Ok(&[5][..]));
        assert!(Der(&[0x02, 0x81, 0x01, 0x05]).read(INTEGER).is_err()); // long form for 1
        assert!(Der(&[0x02, 0x82, 0x00, 0x81]).read(INTEGER).is_err()); // leading zero octet
        assert!(Der(&[0x02, 0x80]).read(INTEGER).is_err()); // indefinite
        assert!(Der(&[0x02, 0x84, 1, 0, 0, 0]).read(INTEGER).is_err()); // too many octets
        assert!(Der(&[0x02, 0x02, 0x05]).read(INTEGER).is_err()); // truncated
        assert!(Der(&[0x03, 0x01, 0x05]).read(INTEGER).is_err()); // wrong tag
        assert!(Der(&[]).read(INTEGER).is_err());
    }

    #[test]
    fn integers_are_positive_and_minimal() {
        assert_eq!(positive_integer(&[0x00, 0x80]), Ok(&[0x80][..]));
        assert_eq!(positive_integer(&[0x7f]), Ok(&[0x7f][..]));
        assert!(positive_integer(&[0x80]).is_err());
        assert!(positive_integer(&[0x00, 0x7f]).is_err());
        assert!(positive_integer(&[0x00]).is_err());
        assert!(positive_integer(&[]).is_err());
    }
}

//! The compact serialization (RFC 7515 §7.1): the one place that sees a token's raw bytes.
//!
//! It bounds the token's length before anything else, splits it into exactly three segments,
//! and decodes each as canonical Base64URL into a single buffer.

use crate::b64;
use crate::error::{Error, Malformed};
use crate::words;
use alloc::vec::Vec;

/// A token split into its three encoded segments.
pub(crate) struct Segments<'a> {
    header: &'a [u8],
    payload: &'a [u8],
    signature: &'a [u8],
    /// `header.payload`, exactly as the signature covers it.
    signing_input: &'a [u8],
}

impl<'a> Segments<'a> {
    /// Checks the length and splits on the two dots.
    pub(crate) fn split(token: &'a [u8], max_len: usize) -> Result<Self, Error> {
        if token.is_empty() {
            return Err(Error::Malformed(Malformed::Empty));
        }
        if token.len() > max_len {
            return Err(Error::Malformed(Malformed::TooLarge));
        }
        let segments = Error::Malformed(Malformed::Segments);
        // The header and the signature are short: find their dots from each end. A dot in
        // the middle segment is found when it fails to decode (see `decode`).
        let first = words::find(token, b'.').ok_or(segments)?;
        let second = words::find_last(token, b'.').ok_or(segments)?;
        if first == second {
            return Err(segments);
        }
        let (signing_input, dot_signature) = token.split_at_checked(second).ok_or(segments)?;
        let (header, dot_payload) = signing_input.split_at_checked(first).ok_or(segments)?;
        Ok(Segments {
            header,
            payload: dot_payload.get(1..).ok_or(segments)?,
            signature: dot_signature.get(1..).ok_or(segments)?,
            signing_input,
        })
    }

    /// [`Segments::split`] for AWS Application Load Balancer tokens, whose segments may carry
    /// exact Base64URL padding ([`b64::strip_padding`]). The padding is dropped from the
    /// segments to decode, and kept in the signing input, which the ALB signed as sent.
    pub(crate) fn split_padded(token: &'a [u8], max_len: usize) -> Result<Self, Error> {
        let segments = Segments::split(token, max_len)?;
        let base64 = Error::Malformed(Malformed::Base64);
        let strip = |segment| b64::strip_padding(segment).map_err(|_| base64);
        Ok(Segments {
            header: strip(segments.header)?,
            payload: strip(segments.payload)?,
            signature: strip(segments.signature)?,
            signing_input: segments.signing_input,
        })
    }

    pub(crate) fn signing_input(&self) -> &'a [u8] {
        self.signing_input
    }

    /// The header alone, decoded: for routing a token by `kid` before verifying it.
    #[cfg(feature = "std")]
    pub(crate) fn decode_header(&self) -> Result<Vec<u8>, Error> {
        b64::decode(self.header).map_err(|_| Error::Malformed(Malformed::Base64))
    }

    /// Decodes all three segments into one allocation: payload, then header, then signature,
    /// so that the payload can be kept by truncating.
    pub(crate) fn decode(&self) -> Result<Decoded, Error> {
        let base64 = Error::Malformed(Malformed::Base64);
        // More than three segments put a dot in the middle one: told apart only on failure,
        // so that a good token is not scanned for it.
        let payload_error = || {
            if self.payload.contains(&b'.') {
                Error::Malformed(Malformed::Segments)
            } else {
                base64
            }
        };
        let payload_len = b64::decoded_len(self.payload.len()).ok_or_else(payload_error)?;
        let header_len = b64::decoded_len(self.header.len()).ok_or(base64)?;
        let signature_len = b64::decoded_len(self.signature.len()).ok_or(base64)?;
        let total = payload_len
            .checked_add(header_len)
            .and_then(|n| n.checked_add(signature_len))
            .ok_or(base64)?;
        let mut buf = alloc::vec![0; total];
        let (payload, rest) = buf.split_at_mut_checked(payload_len).ok_or(base64)?;
        let (header, signature) = rest.split_at_mut_checked(header_len).ok_or(base64)?;
        b64::decode_into(self.header, header).map_err(|_| base64)?;
        b64::decode_into(self.payload, payload).map_err(|_| payload_error())?;
        b64::decode_into(self.signature, signature).map_err(|_| base64)?;
        Ok(Decoded {
            buf,
            payload_len,
            header_len,
        })
    }
}

/// The three decoded segments in one buffer.
pub(crate) struct Decoded {
    buf: Vec<u8>,
    payload_len: usize,
    header_len: usize,
}

impl Decoded {
    /// `(header, payload, signature)`.
    pub(crate) fn parts(&self) -> (&[u8], &[u8], &[u8]) {
        let (payload, rest) = self.buf.split_at(self.payload_len.min(self.buf.len()));
        let (header, signature) = rest.split_at(self.header_len.min(rest.len()));
        (header, payload, signature)
    }

    /// The payload alone, reusing the buffer.
    pub(crate) fn into_payload(mut self) -> Vec<u8> {
        self.buf.truncate(self.payload_len);
        self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(token: &str) -> Result<(String, String, String), Error> {
        let s = Segments::split(token.as_bytes(), 100)?;
        let text = |b: &[u8]| String::from_utf8(b.to_vec()).unwrap();
        assert_eq!(
            text(s.signing_input),
            format!("{}.{}", text(s.header), text(s.payload))
        );
        Ok((text(s.header), text(s.payload), text(s.signature)))
    }

    #[test]
    fn exactly_three_segments() {
        assert_eq!(split("a.b.c"), Ok(("a".into(), "b".into(), "c".into())));
        assert_eq!(split(".."), Ok(("".into(), "".into(), "".into())));
        let segments = Err(Error::Malformed(Malformed::Segments));
        for bad in ["abc", "a.b", ".", "a."] {
            assert_eq!(split(bad), segments, "{bad}");
        }
        // More dots land in the middle segment, which no Base64URL decoding accepts.
        for bad in [
            "eyJ9.cGF5.cGF5.c2ln",
            "eyJ9.cGF5.c2ln.",
            ".eyJ9.cGF5.c2ln",
            "....",
            "eyJ9..cGF5.c2ln",
        ] {
            let decoded = Segments::split(bad.as_bytes(), 100).and_then(|s| s.decode().map(|_| ()));
            assert_eq!(decoded, Err(Error::Malformed(Malformed::Segments)), "{bad}");
        }
        assert_eq!(split(""), Err(Error::Malformed(Malformed::Empty)));
        assert_eq!(
            split(&"a".repeat(101)),
            Err(Error::Malformed(Malformed::TooLarge))
        );
        assert!(split(&format!("{}.b.c", "a".repeat(96))).is_ok());
    }

    #[test]
    fn padded_split_keeps_the_padding_in_the_signing_input() {
        let token = b"eyJ9.cGF5bA==.c2lnbmE=";
        let segments = Segments::split_padded(token, 100).unwrap();
        assert_eq!(segments.signing_input(), b"eyJ9.cGF5bA==");
        let decoded = segments.decode().unwrap();
        assert_eq!(decoded.parts(), (&b"{\"}"[..], &b"payl"[..], &b"signa"[..]));
        // Unpadded segments are accepted as well.
        assert!(Segments::split_padded(b"eyJ9.cGF5bA.c2lnbmE", 100)
            .unwrap()
            .decode()
            .is_ok());
        for bad in [
            &b"eyJ9=.cGF5bA==.c2lnbmE="[..],
            b"eyJ9.cGF5bA=.c2lnbmE=",
            b"eyJ9.cGF5bA===.c2lnbmE=",
            b"eyJ9.cGF5bA==.c2lnbmE==",
            b"eyJ9.cG=F5bA==.c2lnbmE=",
        ] {
            let result = Segments::split_padded(bad, 100).and_then(|s| s.decode().map(|_| ()));
            assert_eq!(result, Err(Error::Malformed(Malformed::Base64)), "{bad:?}");
        }
        // The ordinary split still refuses padding.
        let plain = Segments::split(token, 100).unwrap();
        assert_eq!(
            plain.decode().err(),
            Some(Error::Malformed(Malformed::Base64))
        );
    }

    #[test]
    fn decodes_into_one_buffer() {
        let segments = Segments::split(b"eyJ9.cGF5.c2ln", 100).unwrap();
        let decoded = segments.decode().unwrap();
        assert_eq!(decoded.parts(), (&b"{\"}"[..], &b"pay"[..], &b"sig"[..]));
        assert_eq!(decoded.into_payload(), b"pay");
        for bad in [
            "eyJ9=.cGF5.c2ln",
            "eyJ9.cGF5.c2l",
            "eyJ9.c+F5.c2ln",
            "eyJ9.cGF5.c2l\n",
        ] {
            let segments = Segments::split(bad.as_bytes(), 100).unwrap();
            assert_eq!(
                segments.decode().err(),
                Some(Error::Malformed(Malformed::Base64)),
                "{bad}"
            );
        }
    }
}

//! The registered claims the claim check read, kept with the verified token, so that its
//! accessors answer without reading the payload again. Strings are kept as their place in
//! the payload (no allocation); only a string with JSON escapes, whose unescaped form is not
//! in the payload, is kept as its own copy.

use super::read::PayloadClaims;
use super::Typed;
use crate::json::Value;
use crate::time::NumericDate;
use alloc::boxed::Box;
use alloc::vec::Vec;
use core::ops::Range;

/// `exp`, `nbf`, `iat`, `iss`, `sub`, `jti` and `aud` of a verified payload.
#[derive(Debug, Clone, Default)]
pub(crate) struct RegisteredClaims {
    exp: Option<NumericDate>,
    nbf: Option<NumericDate>,
    iat: Option<NumericDate>,
    iss: Option<Text>,
    sub: Option<Text>,
    jti: Option<Text>,
    aud: Audience,
}

/// A string claim: where it sits in the payload, or (escaped) its own copy.
#[derive(Debug, Clone)]
enum Text {
    Span(Range<usize>),
    Owned(Box<str>),
}

/// `aud`: absent, one string, or an array of strings.
#[derive(Debug, Clone, Default)]
enum Audience {
    #[default]
    Absent,
    One(Text),
    Many(Vec<Text>),
}

impl RegisteredClaims {
    /// What the check read from `payload`, whose strings `read` borrows.
    pub(super) fn capture(
        payload: &[u8],
        read: &PayloadClaims<'_, '_>,
        typed: &Typed<'_, '_>,
    ) -> RegisteredClaims {
        let text = |value: &Option<Value<'_>>| match value {
            Some(Value::String(s)) => Some(Text::of(payload, s)),
            _ => None,
        };
        let aud = match typed.aud {
            None => Audience::Absent,
            Some([one]) if matches!(read.aud, Some(Value::String(_))) => {
                Audience::One(Text::of(payload, one))
            }
            Some(many) => Audience::Many(many.iter().map(|a| Text::of(payload, a)).collect()),
        };
        RegisteredClaims {
            exp: typed.exp,
            nbf: typed.nbf,
            iat: typed.iat,
            iss: text(&read.iss),
            sub: text(&read.sub),
            jti: text(&read.jti),
            aud,
        }
    }

    pub(crate) fn exp(&self) -> Option<NumericDate> {
        self.exp
    }

    pub(crate) fn nbf(&self) -> Option<NumericDate> {
        self.nbf
    }

    pub(crate) fn iat(&self) -> Option<NumericDate> {
        self.iat
    }

    pub(crate) fn iss<'s>(&'s self, payload: &'s [u8]) -> Option<&'s str> {
        self.iss.as_ref().and_then(|t| t.get(payload))
    }

    pub(crate) fn sub<'s>(&'s self, payload: &'s [u8]) -> Option<&'s str> {
        self.sub.as_ref().and_then(|t| t.get(payload))
    }

    pub(crate) fn jti<'s>(&'s self, payload: &'s [u8]) -> Option<&'s str> {
        self.jti.as_ref().and_then(|t| t.get(payload))
    }

    pub(crate) fn aud<'s>(&'s self, payload: &'s [u8]) -> impl Iterator<Item = &'s str> + 's {
        let items: &'s [Text] = match &self.aud {
            Audience::Absent => &[],
            Audience::One(one) => core::slice::from_ref(one),
            Audience::Many(many) => many,
        };
        items.iter().filter_map(move |t| t.get(payload))
    }
}

impl Text {
    /// A string read from `payload`: its span when it lies in the payload (no escapes),
    /// else its own copy.
    fn of(payload: &[u8], s: &str) -> Text {
        let span = s
            .as_ptr()
            .addr()
            .checked_sub(payload.as_ptr().addr())
            .and_then(|start| Some(start..start.checked_add(s.len())?))
            .filter(|span| span.end <= payload.len());
        span.map_or_else(|| Text::Owned(s.into()), Text::Span)
    }

    fn get<'s>(&'s self, payload: &'s [u8]) -> Option<&'s str> {
        match self {
            Text::Span(span) => payload
                .get(span.clone())
                .and_then(|bytes| core::str::from_utf8(bytes).ok()),
            Text::Owned(s) => Some(s),
        }
    }
}

//! Strict JSON objects (RFC 8259): the only JSON reader for untrusted bytes.
//!
//! A small single-pass scanner, written for what a verifier needs: it refuses invalid UTF-8,
//! a byte-order mark, lone surrogates, control characters in strings, numbers beyond a
//! double, nesting past [`MAX_JSON_DEPTH`](crate::limits::MAX_JSON_DEPTH) levels and any
//! repeated member name at any depth (compared after unescaping), and hands the top-level members a caller asks for to a
//! [`Members`] sink, borrowing strings from the input where they have no escapes. It builds no
//! tree and allocates only for escaped strings and for objects of more than 16 members.
//!
//! Numbers are read as `serde_json` reads them (integers exactly in 64 bits, anything else as
//! the correctly rounded double), and a property test holds the scanner to the answers of a
//! reference walker built on `serde_json`.
//!
//! This file is the API the rest of the crate uses (`parse_object`, `find_member`, the
//! [`Members`] sink, [`Value`], [`Number`]); `scan.rs` is the scanner; `tests.rs` holds the
//! unit and property tests, and `reference.rs` the `serde_json` walker they compare against.

mod scan;

#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;

use crate::error::Malformed;
use alloc::borrow::Cow;
use alloc::vec::Vec;

/// Why bytes are not a strict JSON object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JsonError {
    /// Not RFC 8259 JSON, or beyond a limit (numbers, nesting).
    Syntax,
    /// JSON, but the top-level value is not an object.
    NotObject,
    /// An object repeats a member name.
    Duplicate,
}

impl From<JsonError> for Malformed {
    fn from(error: JsonError) -> Self {
        match error {
            JsonError::Syntax => Malformed::Json,
            JsonError::NotObject => Malformed::NotObject,
            JsonError::Duplicate => Malformed::DuplicateMember,
        }
    }
}

/// A JSON number as `serde_json` reads it: integers exactly, anything else as a double.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Number {
    /// A non-negative integer that fits 64 bits.
    U64(u64),
    /// A negative integer that fits 64 bits.
    I64(i64),
    /// A fraction, an exponent, `-0`, or an integer beyond 64 bits.
    F64(f64),
}

/// A captured member value: scalars as they are, arrays of strings item by item, anything
/// else only validated.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'de> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'de, str>),
    /// An array whose items are all strings (or that is empty).
    Strings(Vec<Cow<'de, str>>),
    /// An object, or an array holding something other than strings.
    Other,
}

/// Receives the top-level members a caller asks for.
pub(crate) trait Members<'de> {
    /// Whether the member `name` should be captured and handed to [`Members::take`].
    fn wants(&self, name: &str) -> bool;
    /// Receives a wanted member. Called at most once per name: repeats are refused first.
    fn take(&mut self, name: &str, value: Value<'de>);
}

/// A sink that wants nothing: the scan only validates.
pub(crate) struct Validate;

impl<'de> Members<'de> for Validate {
    fn wants(&self, _: &str) -> bool {
        false
    }
    fn take(&mut self, _: &str, _: Value<'de>) {}
}

/// Parses `bytes` as one strict JSON object, handing wanted members to `sink`.
pub(crate) fn parse_object<'de, S: Members<'de>>(
    bytes: &'de [u8],
    sink: &mut S,
) -> Result<(), JsonError> {
    scan::object(bytes, sink)
}

/// Finds one top-level member of an object already known to be strict JSON (for the
/// scanner's tests; the claim check captures what it needs in its one pass).
#[cfg(test)]
pub(crate) fn find_member<'de>(bytes: &'de [u8], name: &str) -> Option<Value<'de>> {
    struct One<'n, 'de> {
        name: &'n str,
        found: Option<Value<'de>>,
    }
    impl<'de> Members<'de> for One<'_, 'de> {
        fn wants(&self, name: &str) -> bool {
            name == self.name
        }
        fn take(&mut self, _: &str, value: Value<'de>) {
            self.found = Some(value);
        }
    }
    let mut one = One { name, found: None };
    parse_object(bytes, &mut one).ok()?;
    one.found
}

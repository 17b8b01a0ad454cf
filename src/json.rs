//! Strict JSON objects (RFC 8259): the only JSON reader for untrusted bytes.
//!
//! A small single-pass scanner, written for what a verifier needs: it refuses invalid UTF-8,
//! a byte-order mark, lone surrogates, control characters in strings, numbers beyond a
//! double, nesting past [`MAX_JSON_DEPTH`] levels and any repeated member name at any depth
//! (compared after unescaping), and hands the top-level members a caller asks for to a
//! [`Members`] sink, borrowing strings from the input where they have no escapes. It builds no
//! tree and allocates only for escaped strings and for objects of more than 16 members.
//!
//! Numbers are read as `serde_json` reads them (integers exactly in 64 bits, anything else as
//! the correctly rounded double), and a property test holds the scanner to the answers of a
//! reference walker built on `serde_json`.

use crate::error::Malformed;
use crate::limits::MAX_JSON_DEPTH;
use alloc::borrow::Cow;
use alloc::collections::BTreeSet;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use serde::de::{Deserializer, MapAccess, Visitor};

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
    // One UTF-8 check of the whole text; after it, any byte below 0x80 is a character.
    let text = core::str::from_utf8(bytes).map_err(|_| JsonError::Syntax)?;
    let mut scanner = Scanner { text, bytes, at: 0 };
    scanner.skip_whitespace();
    match scanner.peek() {
        Some(b'{') => scanner.object(1, sink)?,
        Some(_) => {
            // Validate the value anyway, so that broken JSON is `Syntax`, not `NotObject`.
            scanner.value(1)?;
            scanner.end()?;
            return Err(JsonError::NotObject);
        }
        None => return Err(JsonError::Syntax),
    }
    scanner.end()
}

/// Finds one top-level member of an object already known to be strict JSON.
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

/// Deserializes one top-level member of an object already known to be strict JSON.
pub(crate) fn member_as<'de, T: serde::Deserialize<'de>>(
    bytes: &'de [u8],
    name: &str,
) -> Result<Option<T>, serde_json::Error> {
    struct Find<'n, T>(&'n str, core::marker::PhantomData<T>);
    impl<'de, T: serde::Deserialize<'de>> Visitor<'de> for Find<'_, T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<T>, A::Error> {
            let mut found = None;
            while let Some(name) = map.next_key::<Cow<'de, str>>()? {
                if name == self.0 {
                    found = Some(map.next_value()?);
                } else {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
            Ok(found)
        }
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let found = de.deserialize_map(Find(name, core::marker::PhantomData))?;
    de.end()?;
    Ok(found)
}

/// A cursor over a UTF-8 text.
struct Scanner<'de> {
    text: &'de str,
    bytes: &'de [u8],
    at: usize,
}

/// What the scanner made of a string: borrowed when it had no escapes.
type Text<'de> = Cow<'de, str>;

impl<'de> Scanner<'de> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn bump(&mut self) {
        self.at = self.at.saturating_add(1);
    }

    fn take_byte(&mut self) -> Result<u8, JsonError> {
        let byte = self.peek().ok_or(JsonError::Syntax)?;
        self.bump();
        Ok(byte)
    }

    fn expect(&mut self, byte: u8) -> Result<(), JsonError> {
        if self.take_byte()? == byte {
            Ok(())
        } else {
            Err(JsonError::Syntax)
        }
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }

    /// Only whitespace may follow the top-level value.
    fn end(&mut self) -> Result<(), JsonError> {
        self.skip_whitespace();
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(JsonError::Syntax),
        }
    }

    /// Any value at nesting `depth` (the value itself counts when it is a container).
    fn value(&mut self, depth: usize) -> Result<(), JsonError> {
        match self.peek().ok_or(JsonError::Syntax)? {
            b'{' => self.object(depth, &mut Validate),
            b'[' => self.array(depth, |scanner, depth| scanner.value(depth)),
            b'"' => self.string().map(drop),
            _ => self.scalar().map(drop),
        }
    }

    /// A value captured as a [`Value`].
    fn capture(&mut self, depth: usize) -> Result<Value<'de>, JsonError> {
        match self.peek().ok_or(JsonError::Syntax)? {
            b'{' => self.object(depth, &mut Validate).map(|()| Value::Other),
            b'[' => {
                let mut strings = Some(Vec::new());
                self.array(depth, |scanner, depth| {
                    if scanner.peek() == Some(b'"') {
                        let text = scanner.string()?;
                        if let Some(list) = strings.as_mut() {
                            list.push(text);
                        }
                        Ok(())
                    } else {
                        strings = None;
                        scanner.value(depth)
                    }
                })?;
                Ok(strings.map_or(Value::Other, Value::Strings))
            }
            b'"' => self.string().map(Value::String),
            _ => self.scalar(),
        }
    }

    /// An object whose members go to `sink`.
    fn object<S: Members<'de>>(&mut self, depth: usize, sink: &mut S) -> Result<(), JsonError> {
        if depth > MAX_JSON_DEPTH {
            return Err(JsonError::Syntax);
        }
        let inner = depth.saturating_add(1);
        self.expect(b'{')?;
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.bump();
            return Ok(());
        }
        let mut seen = SeenNames::default();
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(JsonError::Syntax);
            }
            let name = self.string()?;
            if seen.contains(&name) {
                return Err(JsonError::Duplicate);
            }
            self.skip_whitespace();
            self.expect(b':')?;
            self.skip_whitespace();
            if sink.wants(&name) {
                let value = self.capture(inner)?;
                sink.take(&name, value);
            } else {
                self.value(inner)?;
            }
            seen.insert(name);
            self.skip_whitespace();
            match self.take_byte()? {
                b',' => {}
                b'}' => return Ok(()),
                _ => return Err(JsonError::Syntax),
            }
        }
    }

    /// An array, each item handed to `item` at the inner depth.
    fn array(
        &mut self,
        depth: usize,
        mut item: impl FnMut(&mut Self, usize) -> Result<(), JsonError>,
    ) -> Result<(), JsonError> {
        if depth > MAX_JSON_DEPTH {
            return Err(JsonError::Syntax);
        }
        let inner = depth.saturating_add(1);
        self.expect(b'[')?;
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.bump();
            return Ok(());
        }
        loop {
            self.skip_whitespace();
            item(self, inner)?;
            self.skip_whitespace();
            match self.take_byte()? {
                b',' => {}
                b']' => return Ok(()),
                _ => return Err(JsonError::Syntax),
            }
        }
    }

    /// A string, unescaped; borrowed from the input when it has no escapes.
    fn string(&mut self) -> Result<Text<'de>, JsonError> {
        self.expect(b'"')?;
        let start = self.at;
        // The fast path: plain characters up to the closing quote, eight bytes at a time.
        self.at = self
            .at
            .saturating_add(plain_run(self.bytes.get(self.at..).unwrap_or_default()));
        loop {
            match self.peek().ok_or(JsonError::Syntax)? {
                b'"' => {
                    let text = self.text.get(start..self.at).ok_or(JsonError::Syntax)?;
                    self.bump();
                    return Ok(Cow::Borrowed(text));
                }
                b'\\' => break,
                0x00..=0x1f => return Err(JsonError::Syntax),
                _ => self.bump(),
            }
        }
        // Escapes: copy what came before, then unescape the rest.
        let mut out = String::from(self.text.get(start..self.at).ok_or(JsonError::Syntax)?);
        loop {
            let run_start = self.at;
            while let Some(byte) = self.peek() {
                if byte == b'"' || byte == b'\\' || byte < 0x20 {
                    break;
                }
                self.bump();
            }
            out.push_str(self.text.get(run_start..self.at).ok_or(JsonError::Syntax)?);
            match self.take_byte()? {
                b'"' => return Ok(Cow::Owned(out)),
                b'\\' => out.push(self.escape()?),
                _ => return Err(JsonError::Syntax),
            }
        }
    }

    /// The character of one escape, the backslash already read. Surrogates must come in a
    /// high-low pair (RFC 8259 §7); a lone one is refused.
    fn escape(&mut self) -> Result<char, JsonError> {
        Ok(match self.take_byte()? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4()?;
                let code = match first {
                    0xd800..=0xdbff => {
                        self.expect(b'\\')?;
                        self.expect(b'u')?;
                        let second = self.hex4()?;
                        if !(0xdc00..=0xdfff).contains(&second) {
                            return Err(JsonError::Syntax);
                        }
                        let high = first.checked_sub(0xd800).ok_or(JsonError::Syntax)?;
                        let low = second.checked_sub(0xdc00).ok_or(JsonError::Syntax)?;
                        0x10000u32
                            .checked_add(high << 10 | low)
                            .ok_or(JsonError::Syntax)?
                    }
                    0xdc00..=0xdfff => return Err(JsonError::Syntax),
                    _ => first,
                };
                char::from_u32(code).ok_or(JsonError::Syntax)?
            }
            _ => return Err(JsonError::Syntax),
        })
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut code = 0u32;
        for _ in 0..4 {
            let digit = char::from(self.take_byte()?)
                .to_digit(16)
                .ok_or(JsonError::Syntax)?;
            code = code << 4 | digit;
        }
        Ok(code)
    }

    /// A literal or a number.
    fn scalar(&mut self) -> Result<Value<'de>, JsonError> {
        let (word, value): (&[u8], _) = match self.peek() {
            Some(b't') => (b"true", Value::Bool(true)),
            Some(b'f') => (b"false", Value::Bool(false)),
            Some(b'n') => (b"null", Value::Null),
            _ => return self.number().map(Value::Number),
        };
        if self
            .bytes
            .get(self.at..)
            .is_some_and(|rest| rest.starts_with(word))
        {
            self.at = self.at.saturating_add(word.len());
            Ok(value)
        } else {
            Err(JsonError::Syntax)
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, read as `serde_json` does.
    fn number(&mut self) -> Result<Number, JsonError> {
        let start = self.at;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.bump();
        }
        match self.take_byte()? {
            b'0' => {}
            b'1'..=b'9' => self.digits(),
            _ => return Err(JsonError::Syntax),
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            self.bump();
            self.required_digits()?;
            integer = false;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.bump();
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.bump();
            }
            self.required_digits()?;
            integer = false;
        }
        let literal = self.text.get(start..self.at).ok_or(JsonError::Syntax)?;
        if integer {
            if negative {
                if let Ok(n) = literal.parse::<i64>() {
                    // serde_json reads `-0` as the double −0.
                    return Ok(if n == 0 {
                        Number::F64(-0.0)
                    } else {
                        Number::I64(n)
                    });
                }
            } else if let Ok(n) = literal.parse::<u64>() {
                return Ok(Number::U64(n));
            }
        }
        // A fraction, an exponent, or an integer beyond 64 bits: the nearest double, which
        // must be finite ("beyond the range of a double" is refused).
        let double: f64 = literal.parse().map_err(|_| JsonError::Syntax)?;
        if double.is_finite() {
            Ok(Number::F64(double))
        } else {
            Err(JsonError::Syntax)
        }
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.bump();
        }
    }

    fn required_digits(&mut self) -> Result<(), JsonError> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(JsonError::Syntax);
        }
        self.digits();
        Ok(())
    }
}

/// How many bytes at the start of `bytes` need no attention inside a string: none is a
/// quote, a backslash or a control character. Eight bytes at a time with the classic
/// "has a byte below n" word tricks; the lowest flagged byte is exact. A tail shorter than a
/// word is left to the byte loop.
fn plain_run(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |word: u64| word.wrapping_sub(ONES) & !word & HIGH;
    let mut run = 0usize;
    for chunk in bytes.chunks_exact(8) {
        let word = u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or([0; 8]));
        let quote = zero_byte(word ^ ONES.wrapping_mul(u64::from(b'"')));
        let backslash = zero_byte(word ^ ONES.wrapping_mul(u64::from(b'\\')));
        let control = word.wrapping_sub(ONES.wrapping_mul(0x20)) & !word & HIGH;
        let hits = quote | backslash | control;
        if hits != 0 {
            let first = usize::try_from(hits.trailing_zeros() / 8).unwrap_or(0);
            return run.saturating_add(first);
        }
        run = run.saturating_add(8);
    }
    run
}

/// The member names of one object seen so far. Small objects (headers, most payloads) are
/// checked without allocating; larger ones spill into an ordered set, so a payload with
/// thousands of members costs `O(n log n)`, not `O(n²)`. A 64-bit filter of name lengths
/// skips the comparisons for a name whose length no earlier name had.
#[derive(Default)]
pub(crate) struct SeenNames<'de> {
    lengths: u64,
    inline: [Option<Cow<'de, str>>; SeenNames::INLINE],
    spill: BTreeSet<Cow<'de, str>>,
}

impl<'de> SeenNames<'de> {
    const INLINE: usize = 16;

    fn length_bit(name: &str) -> u64 {
        1u64.checked_shl(u32::try_from(name.len() % 64).unwrap_or(0))
            .unwrap_or(0)
    }

    pub(crate) fn contains(&self, name: &str) -> bool {
        self.lengths & Self::length_bit(name) != 0
            && (self.inline.iter().flatten().any(|seen| seen == name) || self.spill.contains(name))
    }

    pub(crate) fn insert(&mut self, name: Cow<'de, str>) {
        self.lengths |= Self::length_bit(&name);
        match self.inline.iter_mut().find(|slot| slot.is_none()) {
            Some(slot) => *slot = Some(name),
            None => {
                self.spill.insert(name);
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::as_conversions, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use alloc::string::String;

    fn check(json: &str) -> Result<(), JsonError> {
        parse_object(json.as_bytes(), &mut Validate)
    }

    #[test]
    fn accepts_strict_objects() {
        for ok in [
            "{}",
            " {\"a\":1} \r\n",
            r#"{"a":{"a":{"a":[1,2,{"a":null}]}},"b":"\ud83d\ude00","c":-0,"d":1e308}"#,
            r#"{"a":[{"x":1},{"x":1}]}"#, // same names in sibling objects are fine
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn refuses_duplicates_at_any_depth_after_unescaping() {
        for dup in [
            r#"{"a":1,"a":2}"#,
            r#"{"alg":1,"\u0061lg":2}"#,
            r#"{"x":{"b":1,"b":1}}"#,
            r#"{"x":[{"b":1,"\u0062":1}]}"#,
        ] {
            assert_eq!(check(dup), Err(JsonError::Duplicate), "{dup}");
        }
        // More members than the inline part of the seen-set holds.
        let mut many = String::from("{");
        for i in 0..40 {
            many.push_str(&alloc::format!("\"m{i}\":{i},"));
        }
        assert_eq!(check(&alloc::format!("{many}\"end\":0}}")), Ok(()));
        assert_eq!(
            check(&alloc::format!("{many}\"m3\":0}}")),
            Err(JsonError::Duplicate)
        );
        assert_eq!(
            check(&alloc::format!("{many}\"m39\":0}}")),
            Err(JsonError::Duplicate)
        );
    }

    #[test]
    fn refuses_non_objects() {
        for other in ["[]", "[{}]", "1", "\"a\"", "null", "true"] {
            assert_eq!(check(other), Err(JsonError::NotObject), "{other}");
        }
    }

    #[test]
    fn refuses_what_rfc_8259_does_not_allow() {
        for bad in [
            "",
            "\u{feff}{}",
            "{}x",
            "{} {}",
            r#"{"a":1,}"#,
            r#"{'a':1}"#,
            r#"{"a":"\ud800"}"#,
            r#"{"a":"\udc00"}"#,
            r#"{"a":1e400}"#,
            r#"{"a":-1e400}"#,
            r#"{"a":NaN}"#,
            r#"{"a":01}"#,
            "{\"a\":\"\t\"}",
        ] {
            assert_eq!(check(bad), Err(JsonError::Syntax), "{bad:?}");
        }
        assert_eq!(
            parse_object(b"{\"a\":\"\xff\"}", &mut Validate),
            Err(JsonError::Syntax)
        );
    }

    #[test]
    fn nesting_is_bounded_at_127_levels() {
        let nest = |levels: usize| {
            let inner = levels.saturating_sub(1);
            alloc::format!("{}{}{}", "{\"a\":".repeat(inner), "{}", "}".repeat(inner))
        };
        assert_eq!(check(&nest(crate::limits::MAX_JSON_DEPTH)), Ok(()));
        assert_eq!(
            check(&nest(crate::limits::MAX_JSON_DEPTH + 1)),
            Err(JsonError::Syntax)
        );
        let arrays = alloc::format!("{{\"a\":{}{}}}", "[".repeat(126), "]".repeat(126));
        assert_eq!(check(&arrays), Ok(()));
        let arrays = alloc::format!("{{\"a\":{}{}}}", "[".repeat(127), "]".repeat(127));
        assert_eq!(check(&arrays), Err(JsonError::Syntax));
    }

    #[test]
    fn captures_wanted_members_borrowing_when_unescaped() {
        let doc = br#"{"s":"plain","e":"\u0041","n":7,"f":1.5,"neg":-3,"a":["x","y"],"m":[1],"o":{},"z":null,"t":true}"#;
        assert_eq!(
            find_member(doc, "s"),
            Some(Value::String(Cow::Borrowed("plain")))
        );
        assert!(matches!(
            find_member(doc, "s"),
            Some(Value::String(Cow::Borrowed(_)))
        ));
        assert_eq!(
            find_member(doc, "e"),
            Some(Value::String(Cow::Owned("A".into())))
        );
        assert_eq!(find_member(doc, "n"), Some(Value::Number(Number::U64(7))));
        assert_eq!(find_member(doc, "f"), Some(Value::Number(Number::F64(1.5))));
        assert_eq!(
            find_member(doc, "neg"),
            Some(Value::Number(Number::I64(-3)))
        );
        assert_eq!(
            find_member(doc, "a"),
            Some(Value::Strings(alloc::vec!["x".into(), "y".into()]))
        );
        assert_eq!(find_member(doc, "m"), Some(Value::Other));
        assert_eq!(find_member(doc, "o"), Some(Value::Other));
        assert_eq!(find_member(doc, "z"), Some(Value::Null));
        assert_eq!(find_member(doc, "t"), Some(Value::Bool(true)));
        assert_eq!(find_member(doc, "absent"), None);
    }

    #[test]
    fn plain_runs_stop_at_the_first_byte_that_needs_attention() {
        assert_eq!(plain_run(b"abcdefgh\"ijklmnopqrstuvwx"), 8);
        assert_eq!(plain_run(b"abcdefghijklmnop"), 16);
        assert_eq!(plain_run(b"abc"), 0); // shorter than a word: left to the byte loop
        for (i, stop) in [(0, b'"'), (3, b'\\'), (7, 0x1f), (9, 0x00), (15, b'"')] {
            let mut bytes = [b'a'; 24];
            bytes[i] = stop;
            assert_eq!(plain_run(&bytes), i, "{stop} at {i}");
        }
        let mut high = [0xc3u8; 16]; // bytes of multi-byte characters never stop a run
        high[12] = b'"';
        assert_eq!(plain_run(&high), 12);
    }

    /// JSON-ish text: fragments that make objects, arrays, strings with and without escapes,
    /// numbers at the edges, and junk, so that generated inputs are often nearly valid.
    fn jsonish() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let atom = prop_oneof![
            Just("{".to_owned()),
            Just("}".to_owned()),
            Just("[".to_owned()),
            Just("]".to_owned()),
            Just(",".to_owned()),
            Just(":".to_owned()),
            Just(" ".to_owned()),
            Just("\n".to_owned()),
            Just("\"a\"".to_owned()),
            Just("\"\\u0061\"".to_owned()),
            Just("\"\\ud83d\\ude00\"".to_owned()),
            Just("\"\\ud83d\"".to_owned()),
            Just("\"\\udc00x\"".to_owned()),
            Just("\"\\n\\t\\/\\\\\"".to_owned()),
            Just("\"\u{1}\"".to_owned()),
            Just("\"é\u{10348}\"".to_owned()),
            Just("\"\\x\"".to_owned()),
            Just("0".to_owned()),
            Just("-0".to_owned()),
            Just("01".to_owned()),
            Just("1.5".to_owned()),
            Just("1.".to_owned()),
            Just("1e308".to_owned()),
            Just("1e309".to_owned()),
            Just("-1e400".to_owned()),
            Just("2.5E-3".to_owned()),
            Just("18446744073709551615".to_owned()),
            Just("18446744073709551616".to_owned()),
            Just("-9223372036854775808".to_owned()),
            Just("-9223372036854775809".to_owned()),
            Just("1e".to_owned()),
            Just("+1".to_owned()),
            Just(".5".to_owned()),
            Just("true".to_owned()),
            Just("false".to_owned()),
            Just("null".to_owned()),
            Just("nul".to_owned()),
            Just("\u{feff}".to_owned()),
            "[a-z\"{}\\[\\],:0-9.eE+-]{1,4}",
        ];
        proptest::collection::vec(atom, 0..24).prop_map(|parts| parts.concat())
    }

    /// Objects made of well-formed parts, with repeated and escaped names.
    fn objectish() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let name = prop_oneof![
            Just("a"),
            Just("b"),
            Just("\\u0061"),
            Just("exp"),
            Just("e\\u0078p")
        ];
        let value = prop_oneof![
            Just("1".to_owned()),
            Just("-0".to_owned()),
            Just("1.25e2".to_owned()),
            Just("\"s\"".to_owned()),
            Just("[\"x\",\"y\"]".to_owned()),
            Just("[1,\"x\"]".to_owned()),
            Just("{}".to_owned()),
            Just("{\"a\":1,\"a\":2}".to_owned()),
            Just("null".to_owned()),
            Just("[[[]]]".to_owned()),
        ];
        proptest::collection::vec((name, value), 0..6).prop_map(|members| {
            let body: Vec<String> = members
                .iter()
                .map(|(n, v)| alloc::format!("\"{n}\" : {v}"))
                .collect();
            alloc::format!("{{{}}}", body.join(","))
        })
    }

    /// Every member of a parsed object, captured: what a sink sees.
    struct All<'de>(Vec<(String, Value<'de>)>);

    impl<'de> Members<'de> for All<'de> {
        fn wants(&self, _: &str) -> bool {
            true
        }
        fn take(&mut self, name: &str, value: Value<'de>) {
            self.0.push((name.into(), value));
        }
    }

    /// Both parsers' answers. Of a refusal only "repeated name" or not is compared: for JSON
    /// that is no object and has junk after it, the reference stops at "not an object", the
    /// scanner at the junk; both are `malformed`.
    type Answer<'t> = Result<Vec<(String, Value<'t>)>, bool>;

    fn both(text: &str) -> (Answer<'_>, Answer<'_>) {
        let mut ours = All(Vec::new());
        let mut reference = All(Vec::new());
        let duplicate = |e: JsonError| e == JsonError::Duplicate;
        let a = parse_object(text.as_bytes(), &mut ours)
            .map(|()| ours.0)
            .map_err(duplicate);
        let b = crate::json_reference::parse_object(text.as_bytes(), &mut reference)
            .map(|()| reference.0)
            .map_err(duplicate);
        (a, b)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2048, ..proptest::prelude::ProptestConfig::default() })]

        /// The scanner gives the same answer as the serde_json-based reference walker: the
        /// same refusal, or the same members with the same values.
        #[test]
        fn scanner_agrees_with_the_serde_json_reference(text in proptest::prelude::prop_oneof![jsonish(), objectish()]) {
            let (ours, reference) = both(&text);
            proptest::prop_assert_eq!(ours, reference, "{:?}", text);
        }

        /// Same on arbitrary strings.
        #[test]
        fn scanner_agrees_on_any_string(text in "\\PC{0,40}") {
            let (ours, reference) = both(&text);
            proptest::prop_assert_eq!(ours, reference, "{:?}", text);
        }
    }
}

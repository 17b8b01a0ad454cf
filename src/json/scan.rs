//! The scanner behind [`parse_object`](super::parse_object): one pass over a UTF-8 text,
//! validating every value, capturing the members a sink wants, refusing repeated names.

use super::{Item, JsonError, Members, Number, Validate, Value};
use crate::limits::MAX_JSON_DEPTH;
use crate::words;
use alloc::borrow::Cow;
use alloc::collections::BTreeSet;
use alloc::string::String;
use alloc::vec::Vec;

/// Scans `bytes` as one strict JSON object, handing wanted members to `sink`.
pub(super) fn object<'de, S: Members<'de>>(
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

/// Scans `bytes` as one strict JSON array, handing each item to `each`; `Ok(false)` when the
/// text is JSON but another value.
pub(super) fn array<'de>(
    bytes: &'de [u8],
    mut each: impl FnMut(Item<'de>),
) -> Result<bool, JsonError> {
    let text = core::str::from_utf8(bytes).map_err(|_| JsonError::Syntax)?;
    let mut scanner = Scanner { text, bytes, at: 0 };
    scanner.skip_whitespace();
    let is_array = scanner.peek() == Some(b'[');
    if is_array {
        scanner.array(1, |scanner, depth| {
            let item = match scanner.peek() {
                Some(b'"') => Item::String(scanner.string()?),
                Some(b'{') => Item::Object(scanner.raw(depth)?),
                _ => {
                    scanner.value(depth)?;
                    Item::Other
                }
            };
            each(item);
            Ok(())
        })?;
    } else {
        scanner.value(1)?;
    }
    scanner.end()?;
    Ok(is_array)
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
            // Strings, the usual items, are skipped here rather than by a recursive call.
            b'[' => self.array(depth, |scanner, depth| match scanner.peek() {
                Some(b'"') => scanner.skip_string(),
                _ => scanner.value(depth),
            }),
            b'"' => self.skip_string(),
            _ => self.scalar().map(drop),
        }
    }

    /// A string only validated: the same rules as [`Scanner::string`], without building it.
    fn skip_string(&mut self) -> Result<(), JsonError> {
        self.expect(b'"')?;
        loop {
            self.at = self.at.saturating_add(words::plain_string_run(
                self.bytes.get(self.at..).unwrap_or_default(),
            ));
            match self.take_byte()? {
                b'"' => return Ok(()),
                b'\\' => {
                    self.escape()?;
                }
                0x00..=0x1f => return Err(JsonError::Syntax),
                _ => {}
            }
        }
    }

    /// A value, validated, as written.
    fn raw(&mut self, depth: usize) -> Result<&'de [u8], JsonError> {
        let start = self.at;
        self.value(depth)?;
        self.bytes.get(start..self.at).ok_or(JsonError::Syntax)
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
        let mut seen = SeenNames::new();
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
                let value = if sink.wants_raw(&name) {
                    Value::Raw(self.raw(inner)?)
                } else {
                    self.capture(inner)?
                };
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
        self.at = self.at.saturating_add(words::plain_string_run(
            self.bytes.get(self.at..).unwrap_or_default(),
        ));
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

/// The member names of one object seen so far. Small objects (headers, most payloads) are
/// checked without allocating: the first names without escapes are kept as slices of the
/// input; the rest, and any name that had escapes, go to an ordered set, so a payload with
/// thousands of members costs `O(n log n)`, not `O(n²)`. A 64-bit filter of name lengths
/// skips the comparisons for a name whose length no earlier name had.
struct SeenNames<'de> {
    lengths: u64,
    inline: [&'de str; SeenNames::INLINE],
    inline_len: usize,
    spill: BTreeSet<Cow<'de, str>>,
}

impl<'de> SeenNames<'de> {
    const INLINE: usize = 16;

    fn new() -> Self {
        SeenNames {
            lengths: 0,
            inline: [""; SeenNames::INLINE],
            inline_len: 0,
            spill: BTreeSet::new(),
        }
    }

    fn length_bit(name: &str) -> u64 {
        1u64.checked_shl(u32::try_from(name.len() % 64).unwrap_or(0))
            .unwrap_or(0)
    }

    fn contains(&self, name: &str) -> bool {
        self.lengths & Self::length_bit(name) != 0
            && (self
                .inline
                .iter()
                .take(self.inline_len)
                .any(|seen| *seen == name)
                || (!self.spill.is_empty() && self.spill.contains(name)))
    }

    fn insert(&mut self, name: Cow<'de, str>) {
        self.lengths |= Self::length_bit(&name);
        match (name, self.inline.get_mut(self.inline_len)) {
            (Cow::Borrowed(name), Some(slot)) => {
                *slot = name;
                self.inline_len = self.inline_len.saturating_add(1);
            }
            (name, _) => {
                self.spill.insert(name);
            }
        }
    }
}

//! Strict JSON objects (RFC 8259): the only JSON reader for untrusted bytes.
//!
//! `serde_json` already refuses a byte-order mark, invalid UTF-8, lone surrogates, numbers
//! beyond a double and nesting past 127 levels, but it keeps the last of two members with one
//! name. The walk here visits every value once, refuses a repeated member name at any depth
//! (names compared after unescaping), and hands the members a caller asks for to a
//! [`Members`] sink, borrowing strings from the input where they have no escapes.

use crate::error::Malformed;
use alloc::borrow::Cow;
use alloc::collections::BTreeSet;
use alloc::string::ToString;
use alloc::vec::Vec;
use core::cell::Cell;
use core::fmt;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

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

/// A sink that wants nothing: the walk only validates.
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
    // One UTF-8 check of the whole text, then parsing from `&str`, which serde_json does not
    // check again string by string. Invalid UTF-8 is never JSON (RFC 8259 §8.1).
    let text = core::str::from_utf8(bytes).map_err(|_| JsonError::Syntax)?;
    let failure = Cell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    let top = Top {
        sink,
        failure: &failure,
    };
    de.deserialize_any(top)
        .and_then(|()| de.end())
        .map_err(|_| failure.get().unwrap_or(JsonError::Syntax))
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
            while let Some(name) = map.next_key_seed(Name)? {
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

/// Records why the walk stopped, so that the `serde_json` error it surfaces as can be mapped
/// back to a [`JsonError`].
type Failure<'a> = &'a Cell<Option<JsonError>>;

fn fail<E: serde::de::Error>(failure: Failure<'_>, error: JsonError) -> E {
    failure.set(Some(error));
    E::custom("strict JSON")
}

/// The top-level value: must be an object.
struct Top<'s, 'f, S> {
    sink: &'s mut S,
    failure: Failure<'f>,
}

impl<'de, S: Members<'de>> Visitor<'de> for Top<'_, '_, S> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        walk_object(map, self.sink, self.failure)
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        Err(fail(self.failure, JsonError::NotObject))
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        Err(fail(self.failure, JsonError::NotObject))
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        Err(fail(self.failure, JsonError::NotObject))
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        Err(fail(self.failure, JsonError::NotObject))
    }
    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<(), E> {
        Err(fail(self.failure, JsonError::NotObject))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        Err(fail(self.failure, JsonError::NotObject))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        // Validate the array fully so that syntax errors inside it are not reported as
        // `NotObject` by accident of order; then refuse it.
        while seq.next_element_seed(Strict(self.failure))?.is_some() {}
        Err(fail(self.failure, JsonError::NotObject))
    }
}

/// Walks one object's members: refuses repeats, captures what `sink` wants, validates the rest.
fn walk_object<'de, A: MapAccess<'de>, S: Members<'de>>(
    mut map: A,
    sink: &mut S,
    failure: Failure<'_>,
) -> Result<(), A::Error> {
    let mut seen = SeenNames::default();
    while let Some(name) = map.next_key_seed(Name)? {
        if seen.contains(&name) {
            return Err(fail(failure, JsonError::Duplicate));
        }
        if sink.wants(&name) {
            let value = map.next_value_seed(Capture(failure))?;
            sink.take(&name, value);
        } else {
            map.next_value_seed(Strict(failure))?;
        }
        seen.insert(name);
    }
    Ok(())
}

/// The member names of one object seen so far. Small objects (headers, most payloads) are
/// checked without allocating; larger ones spill into an ordered set, so a payload with
/// thousands of members costs `O(n log n)`, not `O(n²)`.
#[derive(Default)]
struct SeenNames<'de> {
    inline: [Option<Cow<'de, str>>; SeenNames::INLINE],
    spill: BTreeSet<Cow<'de, str>>,
}

impl<'de> SeenNames<'de> {
    const INLINE: usize = 16;

    fn contains(&self, name: &str) -> bool {
        self.inline.iter().flatten().any(|seen| seen == name) || self.spill.contains(name)
    }

    fn insert(&mut self, name: Cow<'de, str>) {
        match self.inline.iter_mut().find(|slot| slot.is_none()) {
            Some(slot) => *slot = Some(name),
            None => {
                self.spill.insert(name);
            }
        }
    }
}

/// A member name, borrowed from the input unless it had escapes.
struct Name;

impl<'de> DeserializeSeed<'de> for Name {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Name {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
}

/// Validates any value, keeping nothing.
#[derive(Clone, Copy)]
struct Strict<'f>(Failure<'f>);

impl<'de> DeserializeSeed<'de> for Strict<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        walk_object(map, &mut Validate, self.0)
    }
}

/// Validates any value and captures it as a [`Value`].
struct Capture<'f>(Failure<'f>);

impl<'de> DeserializeSeed<'de> for Capture<'_> {
    type Value = Value<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Capture<'_> {
    type Value = Value<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Value<'de>, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Value<'de>, E> {
        Ok(Value::Number(Number::I64(v)))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Value<'de>, E> {
        Ok(Value::Number(Number::U64(v)))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value<'de>, E> {
        Ok(Value::Number(Number::F64(v)))
    }
    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Borrowed(v)))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Owned(v.to_string())))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Value<'de>, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value<'de>, A::Error> {
        let mut strings = Some(Vec::new());
        while let Some(item) = seq.next_element_seed(Capture(self.0))? {
            match (item, strings.as_mut()) {
                (Value::String(s), Some(list)) => list.push(s),
                _ => strings = None,
            }
        }
        Ok(strings.map_or(Value::Other, Value::Strings))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Value<'de>, A::Error> {
        walk_object(map, &mut Validate, self.0)?;
        Ok(Value::Other)
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
}

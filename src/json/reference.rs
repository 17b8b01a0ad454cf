//! The reference walker for the JSON scanner (tests only): strict JSON objects read through
//! `serde_json` with visitors, as the crate first did. A property test holds the fast
//! scanner of `scan.rs` to this walker's answers.
//!
//! `serde_json` already refuses a byte-order mark, invalid UTF-8, lone surrogates, numbers
//! beyond a double and nesting past 127 levels, but it keeps the last of two members with one
//! name. The walk here visits every value once, refuses a repeated member name at any depth
//! (names compared after unescaping), and hands the members a caller asks for to a
//! [`Members`] sink, borrowing strings from the input where they have no escapes.

use alloc::borrow::Cow;
use alloc::string::ToString;
use alloc::vec::Vec;
use core::cell::Cell;
use core::fmt;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::json::{JsonError, Members, Number, Value};

/// A sink that wants nothing.
struct Validate;

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
    // Deliberately naive (a list scanned in full), and not `scan.rs`'s `SeenNames`: an
    // oracle that shared the code under test could not catch its mistakes.
    let mut seen: Vec<Cow<'de, str>> = Vec::new();
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
        seen.push(name);
    }
    Ok(())
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

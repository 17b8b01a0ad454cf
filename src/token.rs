//! Verified results: [`VerifiedJws`] (signed bytes) and [`VerifiedToken`] (a JWT whose
//! claims passed the verifier's rules).
//!
//! Both own the decoded payload; claims are read from it on demand, borrowing where the
//! caller's types borrow.

use crate::error::ClaimsError;
use crate::header::Header;
use crate::json::{self, Value};
use crate::time::NumericDate;
use alloc::borrow::Cow;
use alloc::vec::Vec;
use core::fmt;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;

/// A compact JWS whose header, key and signature were checked; its payload is opaque bytes.
#[derive(Debug, Clone)]
pub struct VerifiedJws {
    header: Header,
    payload: Vec<u8>,
}

impl VerifiedJws {
    pub(crate) fn new(header: Header, payload: Vec<u8>) -> VerifiedJws {
        VerifiedJws { header, payload }
    }

    /// The protected header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The verified payload.
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }

    /// The verified payload, by value.
    pub fn into_payload(self) -> Vec<u8> {
        self.payload
    }
}

/// A JWT whose signature verified and whose claims satisfied the verifier.
///
/// The payload is strict JSON (checked at verification); the accessors read it again on
/// demand instead of allocating every claim up front.
#[derive(Debug, Clone)]
pub struct VerifiedToken {
    jws: VerifiedJws,
}

impl VerifiedToken {
    pub(crate) fn new(jws: VerifiedJws) -> VerifiedToken {
        VerifiedToken { jws }
    }

    /// The protected header.
    pub fn header(&self) -> &Header {
        self.jws.header()
    }

    /// The verified payload: a strict JSON object, exactly as signed.
    pub fn payload(&self) -> &[u8] {
        self.jws.payload()
    }

    /// The whole payload deserialized into the caller's type, borrowing from the token where
    /// `T` borrows (`&str` fields borrow when the JSON string has no escapes).
    pub fn claims<'a, T: Deserialize<'a>>(&'a self) -> Result<T, ClaimsError> {
        serde_json::from_slice(self.payload()).map_err(|_| ClaimsError)
    }

    /// One claim by name, deserialized into `T`; `Ok(None)` when absent.
    pub fn claim<'a, T: Deserialize<'a>>(&'a self, name: &str) -> Result<Option<T>, ClaimsError> {
        member_as(self.payload(), name).map_err(|_| ClaimsError)
    }

    /// `iss`, if present.
    pub fn issuer(&self) -> Option<Cow<'_, str>> {
        self.string("iss")
    }

    /// `sub`, if present.
    pub fn subject(&self) -> Option<Cow<'_, str>> {
        self.string("sub")
    }

    /// `jti`, if present.
    pub fn jwt_id(&self) -> Option<Cow<'_, str>> {
        self.string("jti")
    }

    /// `aud`, as a list (a single string is a list of one); empty when absent.
    pub fn audience(&self) -> Vec<Cow<'_, str>> {
        match json::find_member(self.payload(), "aud") {
            Some(Value::String(one)) => alloc::vec![one],
            Some(Value::Strings(many)) => many,
            _ => Vec::new(),
        }
    }

    /// `exp`, if present.
    pub fn expires_at(&self) -> Option<NumericDate> {
        self.date("exp")
    }

    /// `nbf`, if present.
    pub fn not_before(&self) -> Option<NumericDate> {
        self.date("nbf")
    }

    /// `iat`, if present.
    pub fn issued_at(&self) -> Option<NumericDate> {
        self.date("iat")
    }

    fn string(&self, name: &str) -> Option<Cow<'_, str>> {
        match json::find_member(self.payload(), name) {
            Some(Value::String(s)) => Some(s),
            _ => None,
        }
    }

    fn date(&self, name: &str) -> Option<NumericDate> {
        match json::find_member(self.payload(), name) {
            Some(Value::Number(n)) => NumericDate::from_number(n),
            _ => None,
        }
    }
}

/// Deserializes one top-level member of an object already known to be strict JSON.
pub(crate) fn member_as<'de, T: Deserialize<'de>>(
    bytes: &'de [u8],
    name: &str,
) -> Result<Option<T>, serde_json::Error> {
    struct Find<'n, T>(&'n str, core::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for Find<'_, T> {
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

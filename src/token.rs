//! Verified results: [`VerifiedJws`] (signed bytes) and [`VerifiedToken`] (a JWT whose
//! claims passed the verifier's rules).
//!
//! Both own the decoded payload; a verified token also keeps the registered claims its check
//! read.

use crate::claims::RegisteredClaims;
use crate::error::ClaimsError;
use crate::header::Header;
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
/// The payload is strict JSON (checked at verification). The registered claims the check
/// read (`exp`, `nbf`, `iat`, `iss`, `sub`, `jti`, `aud`) are kept, so their accessors cost
/// nothing; anything else is read from the payload on demand, borrowing where the caller's
/// types borrow.
#[derive(Debug, Clone)]
pub struct VerifiedToken {
    jws: VerifiedJws,
    registered: RegisteredClaims,
}

impl VerifiedToken {
    pub(crate) fn new(jws: VerifiedJws, registered: RegisteredClaims) -> VerifiedToken {
        VerifiedToken { jws, registered }
    }

    /// The protected header.
    pub fn header(&self) -> &Header {
        self.jws.header()
    }

    /// The verified payload: a strict JSON object, exactly as signed.
    pub fn payload(&self) -> &[u8] {
        self.jws.payload()
    }

    /// The verified payload, by value.
    pub fn into_payload(self) -> Vec<u8> {
        self.jws.into_payload()
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

    /// `iss`, if present (unescaped).
    pub fn issuer(&self) -> Option<&str> {
        self.registered.iss(self.payload())
    }

    /// `sub`, if present (unescaped).
    pub fn subject(&self) -> Option<&str> {
        self.registered.sub(self.payload())
    }

    /// `jti`, if present (unescaped).
    pub fn jwt_id(&self) -> Option<&str> {
        self.registered.jti(self.payload())
    }

    /// `aud`, item by item (a single string is one item); nothing when absent.
    pub fn audience(&self) -> impl Iterator<Item = &str> + '_ {
        self.registered.aud(self.payload())
    }

    /// `exp`, if present.
    pub fn expires_at(&self) -> Option<NumericDate> {
        self.registered.exp()
    }

    /// `nbf`, if present.
    pub fn not_before(&self) -> Option<NumericDate> {
        self.registered.nbf()
    }

    /// `iat`, if present.
    pub fn issued_at(&self) -> Option<NumericDate> {
        self.registered.iat()
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

//! The JOSE protected header (RFC 7515 §4), checked in the contract's order.

use crate::alg::Algorithm;
use crate::error::{Error, Malformed};
use crate::json::{self, Members, Value};
use alloc::borrow::Cow;
use alloc::string::String;

/// The protected header of a verified token.
///
/// Only the parameters jwtgate acts on are kept. `jwk`, `jku`, `x5u` and `x5c` are never
/// used: keys come from the caller, not from the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    alg: Algorithm,
    kid: Option<String>,
    typ: Option<String>,
    cty: Option<String>,
}

impl Header {
    /// The algorithm the signature was verified with.
    pub fn alg(&self) -> Algorithm {
        self.alg
    }

    /// The key id (`kid`), if present.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// The media type of the token (`typ`), if present.
    pub fn typ(&self) -> Option<&str> {
        self.typ.as_deref()
    }

    /// The media type of the payload (`cty`), if present.
    pub fn cty(&self) -> Option<&str> {
        self.cty.as_deref()
    }
}

/// What a header's `alg` names, before the allowlist is consulted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NamedAlg {
    /// An algorithm jwtgate verifies.
    Known(Algorithm),
    /// A string that names no algorithm jwtgate verifies (and is not `none`).
    Unknown,
}

/// A header whose structure has been checked, but whose signature has not.
#[derive(Debug)]
pub(crate) struct UntrustedHeader<'a> {
    pub(crate) alg: NamedAlg,
    pub(crate) kid: Option<Cow<'a, str>>,
    typ: Option<Cow<'a, str>>,
    cty: Option<Cow<'a, str>>,
}

impl UntrustedHeader<'_> {
    /// Step 2 of the contract: strict JSON object → `alg` present, a string, not `none` →
    /// `crit` absent → `kid`/`typ`/`cty` strings → `typ` as required → no `zip`/`enc`.
    pub(crate) fn parse<'a>(
        json: &'a [u8],
        required_typ: Option<&str>,
    ) -> Result<UntrustedHeader<'a>, Error> {
        let mut found = HeaderMembers::default();
        json::parse_object(json, &mut found).map_err(|e| Error::Malformed(e.into()))?;
        let alg = match found.alg {
            Some(Value::String(name)) if name.eq_ignore_ascii_case("none") => {
                return Err(Error::Algorithm)
            }
            Some(Value::String(name)) => {
                Algorithm::from_name(&name).map_or(NamedAlg::Unknown, NamedAlg::Known)
            }
            _ => return Err(Error::Algorithm),
        };
        if found.crit {
            return Err(Error::CriticalHeader);
        }
        let header = UntrustedHeader {
            alg,
            kid: string_parameter(found.kid)?,
            typ: string_parameter(found.typ)?,
            cty: string_parameter(found.cty)?,
        };
        if let Some(required) = required_typ {
            if !header
                .typ
                .as_deref()
                .is_some_and(|typ| typ_matches(typ, required))
            {
                return Err(Error::Type);
            }
        }
        if found.jwe {
            return Err(Error::Malformed(Malformed::Jwe));
        }
        Ok(header)
    }

    /// The header, once its signature verified with `alg`.
    pub(crate) fn into_verified(self, alg: Algorithm) -> Header {
        Header {
            alg,
            kid: self.kid.map(Cow::into_owned),
            typ: self.typ.map(Cow::into_owned),
            cty: self.cty.map(Cow::into_owned),
        }
    }
}

fn string_parameter(value: Option<Value<'_>>) -> Result<Option<Cow<'_, str>>, Error> {
    match value {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(Error::Malformed(Malformed::HeaderParameter)),
    }
}

/// RFC 7515 §4.1.9: a value without `/` is read as if `application/` were prepended to it
/// (`JWT` is `application/jwt`, `text/plain` stays `text/plain`); then both values compare
/// ASCII case-insensitively, byte for byte.
pub(crate) fn typ_matches(actual: &str, required: &str) -> bool {
    fn full(typ: &str) -> impl Iterator<Item = u8> + '_ {
        let prefix: &[u8] = if typ.contains('/') {
            b""
        } else {
            b"application/"
        };
        prefix
            .iter()
            .chain(typ.as_bytes())
            .map(u8::to_ascii_lowercase)
    }
    full(actual).eq(full(required))
}

/// The header members the checks need.
#[derive(Default)]
struct HeaderMembers<'a> {
    alg: Option<Value<'a>>,
    kid: Option<Value<'a>>,
    typ: Option<Value<'a>>,
    cty: Option<Value<'a>>,
    crit: bool,
    jwe: bool,
}

impl<'a> Members<'a> for HeaderMembers<'a> {
    fn wants(&self, name: &str) -> bool {
        matches!(name, "alg" | "kid" | "typ" | "cty" | "crit" | "zip" | "enc")
    }

    fn take(&mut self, name: &str, value: Value<'a>) {
        match name {
            "alg" => self.alg = Some(value),
            "kid" => self.kid = Some(value),
            "typ" => self.typ = Some(value),
            "cty" => self.cty = Some(value),
            "crit" => self.crit = true,
            _ => self.jwe = true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse<'a>(json: &'a str, typ: Option<&str>) -> Result<UntrustedHeader<'a>, Error> {
        UntrustedHeader::parse(json.as_bytes(), typ)
    }

    #[test]
    fn alg_must_be_a_string_and_not_none() {
        assert_eq!(
            parse(r#"{"alg":"RS256"}"#, None).unwrap().alg,
            NamedAlg::Known(Algorithm::Rs256)
        );
        assert_eq!(
            parse(r#"{"alg":"ES512"}"#, None).unwrap().alg,
            NamedAlg::Unknown
        );
        for bad in [
            r#"{}"#,
            r#"{"alg":null}"#,
            r#"{"alg":256}"#,
            r#"{"alg":["RS256"]}"#,
            r#"{"alg":"none"}"#,
            r#"{"alg":"NoNe"}"#,
            r#"{"alg":"\u006eone"}"#,
        ] {
            assert_eq!(parse(bad, None).err(), Some(Error::Algorithm), "{bad}");
        }
    }

    #[test]
    fn checks_come_in_the_contracts_order() {
        // Duplicate member beats everything.
        assert_eq!(
            parse(r#"{"alg":"none","alg":"none"}"#, None).err(),
            Some(Error::Malformed(Malformed::DuplicateMember))
        );
        // `none` beats `crit`, `crit` beats a bad `kid`, a bad `kid` beats `typ`, `typ` beats `zip`.
        assert_eq!(
            parse(r#"{"alg":"none","crit":["b64"]}"#, None).err(),
            Some(Error::Algorithm)
        );
        assert_eq!(
            parse(r#"{"alg":"HS256","crit":[],"kid":1}"#, None).err(),
            Some(Error::CriticalHeader)
        );
        assert_eq!(
            parse(r#"{"alg":"HS256","crit":"x"}"#, None).err(),
            Some(Error::CriticalHeader)
        );
        assert_eq!(
            parse(r#"{"alg":"HS256","kid":1}"#, Some("JWT")).err(),
            Some(Error::Malformed(Malformed::HeaderParameter))
        );
        assert_eq!(
            parse(r#"{"alg":"HS256","cty":{}}"#, None).err(),
            Some(Error::Malformed(Malformed::HeaderParameter))
        );
        assert_eq!(
            parse(r#"{"alg":"HS256","zip":"DEF"}"#, Some("JWT")).err(),
            Some(Error::Type)
        );
        assert_eq!(
            parse(r#"{"alg":"HS256","zip":"DEF"}"#, None).err(),
            Some(Error::Malformed(Malformed::Jwe))
        );
        assert_eq!(
            parse(r#"{"alg":"HS256","enc":"A128GCM"}"#, None).err(),
            Some(Error::Malformed(Malformed::Jwe))
        );
    }

    #[test]
    fn typ_comparison_follows_rfc_7515() {
        assert!(typ_matches("JWT", "jwt"));
        assert!(typ_matches("application/JWT", "JWT"));
        assert!(typ_matches("at+jwt", "Application/AT+JWT"));
        assert!(!typ_matches("application/application/jwt", "jwt"));
        // Only a value without `/` gains `application/`.
        assert!(!typ_matches("text/plain", "application/text/plain"));
        assert!(!typ_matches("application/text/plain", "text/plain"));
        assert!(typ_matches("TEXT/Plain", "text/plain"));
        assert!(!typ_matches("jwt", "foo/jwt"));
        assert!(typ_matches("secevent+jwt", "application/secevent+jwt"));
        assert!(!typ_matches("JWT ", "JWT"));
        assert!(!typ_matches("jwt", "at+jwt"));
        let header = parse(r#"{"alg":"HS256","typ":"application/jwt"}"#, Some("JWT")).unwrap();
        assert_eq!(
            header.into_verified(Algorithm::Hs256).typ(),
            Some("application/jwt")
        );
        assert_eq!(
            parse(r#"{"alg":"HS256"}"#, Some("JWT")).err(),
            Some(Error::Type)
        );
    }
}

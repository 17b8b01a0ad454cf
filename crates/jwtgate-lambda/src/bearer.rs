//! The token of an `Authorization` header value: `Bearer <token>` or the bare token.

/// Why a header value holds no token to verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoToken {
    /// No header, an empty value, or another scheme (`Basic ...`).
    Missing,
    /// `Bearer` with no token or more than one item after it, or several headers.
    Malformed,
}

impl NoToken {
    /// The code logged for it.
    pub(crate) const fn code(self) -> &'static str {
        match self {
            NoToken::Missing => "missing-token",
            NoToken::Malformed => "malformed",
        }
    }
}

/// The token of a header value: after `Bearer` (ASCII case-insensitive) and one or more
/// spaces, exactly one item; or, when the value holds no space, the whole value (a bare
/// token, as API Gateway's own JWT authorizers accept). The verifier judges the token.
pub(crate) fn token_from_header(value: &str) -> Result<&str, NoToken> {
    if value.is_empty() {
        return Err(NoToken::Missing);
    }
    let Some((scheme, rest)) = value.split_once(' ') else {
        return Ok(value);
    };
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(NoToken::Missing);
    }
    let mut items = rest.split(' ').filter(|item| !item.is_empty());
    match (items.next(), items.next()) {
        (Some(token), None) => Ok(token),
        _ => Err(NoToken::Malformed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values() {
        assert_eq!(token_from_header("Bearer a.b.c"), Ok("a.b.c"));
        assert_eq!(token_from_header("bEaReR   a.b.c  "), Ok("a.b.c"));
        assert_eq!(token_from_header("a.b.c"), Ok("a.b.c"));
        assert_eq!(token_from_header("Bearer"), Ok("Bearer"));
        assert_eq!(token_from_header(""), Err(NoToken::Missing));
        assert_eq!(
            token_from_header("Basic dXNlcjpwdw=="),
            Err(NoToken::Missing)
        );
        assert_eq!(token_from_header(" a.b.c"), Err(NoToken::Missing));
        assert_eq!(token_from_header("Bearer "), Err(NoToken::Malformed));
        assert_eq!(token_from_header("Bearer a b"), Err(NoToken::Malformed));
        assert_eq!(
            token_from_header("Bearer a.b.c, Bearer d.e.f"),
            Err(NoToken::Malformed)
        );
    }
}

//! The URL rules every fetch shares, without networking: `https://` with no credentials, or
//! plain `http://` to a loopback host (`127.0.0.0/8`, `[::1]`, `localhost`) when allowed.
//!
//! Used by the fetcher (feature `fetch`) before any request and by the sans-IO OpenID Connect
//! discovery parser for a document's `jwks_uri`.

use core::net::{IpAddr, Ipv6Addr};

/// Whether `url` is `https://` with a non-empty authority and no credentials (`user@`); or,
/// when `allow_loopback_http`, `http://` to a loopback host.
pub(crate) fn allowed(url: &str, allow_loopback_http: bool) -> bool {
    let (rest, https) = match (url.strip_prefix("https://"), url.strip_prefix("http://")) {
        (Some(rest), _) => (rest, true),
        (None, Some(rest)) => (rest, false),
        _ => return false,
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.is_empty() || authority.contains('@') {
        return false;
    }
    https || (allow_loopback_http && is_loopback(authority))
}

/// Whether `url` is an allowed plain `http://` URL to a loopback host.
pub(crate) fn is_loopback_http(url: &str) -> bool {
    url.starts_with("http://") && allowed(url, true)
}

/// Whether an authority (`host[:port]`) names this machine.
fn is_loopback(authority: &str) -> bool {
    let host = match authority.strip_prefix('[') {
        Some(bracketed) => match bracketed.split_once(']') {
            Some((v6, _)) => return v6.parse::<Ipv6Addr>().is_ok_and(|ip| ip.is_loopback()),
            None => return false,
        },
        None => authority.split(':').next().unwrap_or_default(),
    };
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_http_is_recognised() {
        for yes in [
            "http://127.0.0.1:8080/",
            "http://localhost",
            "http://[::1]:9/x",
        ] {
            assert!(is_loopback_http(yes), "{yes}");
        }
        for no in [
            "https://127.0.0.1/",
            "http://example.com/",
            "http://u@127.0.0.1/",
            "http://127.0.0.1.example.com/",
            "/relative",
            "",
        ] {
            assert!(!is_loopback_http(no), "{no}");
        }
    }
}

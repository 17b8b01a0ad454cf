//! The key set bundled at deploy time: `{"fetched_at": <unix seconds>, "jwks": {...}}`.

use jwtgate::{KeyCache, UnixTime};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::fmt;

/// How far ahead of the clock a bundle's `fetched_at` may be (a build machine's clock a
/// little ahead); further, the bundle is refused: a date in the future would keep the set
/// fresh for longer than its maximum age.
pub const MAX_FUTURE_SECS: u64 = 300;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Bundle<'a> {
    fetched_at: u64,
    #[serde(borrow)]
    jwks: &'a RawValue,
}

/// Why a bundle was refused. Holds no byte of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PreloadError {
    /// The file could not be read.
    Read,
    /// Not `{"fetched_at": <unix seconds>, "jwks": {...}}` exactly.
    Format,
    /// `jwks` is not a JWK Set the core accepts.
    KeySet,
    /// `fetched_at` is more than [`MAX_FUTURE_SECS`] ahead of the clock.
    FetchedInTheFuture,
}

impl fmt::Display for PreloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PreloadError::Read => "the key set bundle cannot be read",
            PreloadError::Format => {
                r#"the key set bundle is not {"fetched_at": <unix seconds>, "jwks": {...}}"#
            }
            PreloadError::KeySet => "the key set bundle's `jwks` is not a usable JWK Set",
            PreloadError::FetchedInTheFuture => {
                "the key set bundle's `fetched_at` is in the future"
            }
        })
    }
}

impl std::error::Error for PreloadError {}

/// Loads a bundle's set into `cache`, aged from its recorded `fetched_at` (never from `now`):
/// past the cache's maximum age the first verification fetches before it answers, and past
/// the maximum age plus the staleness bound the bundled set is not used at all.
pub fn preload(cache: &KeyCache, bundle: &[u8], now: UnixTime) -> Result<UnixTime, PreloadError> {
    let bundle: Bundle<'_> = serde_json::from_slice(bundle).map_err(|_| PreloadError::Format)?;
    if bundle.fetched_at > now.as_secs().saturating_add(MAX_FUTURE_SECS) {
        return Err(PreloadError::FetchedInTheFuture);
    }
    let fetched_at = UnixTime::from_secs(bundle.fetched_at);
    cache
        .preload(bundle.jwks.get().as_bytes(), fetched_at)
        .map_err(|_| PreloadError::KeySet)?;
    Ok(fetched_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SET: &str = include_str!("../../../vectors/demo/jwks.json");

    #[test]
    fn ages_from_the_recorded_time() {
        let cache = KeyCache::new("https://issuer.example/jwks.json");
        let bundle = format!(r#"{{"fetched_at": 1000, "jwks": {SET}}}"#);
        let at = preload(&cache, bundle.as_bytes(), UnixTime::from_secs(5_000)).unwrap();
        assert_eq!(at, UnixTime::from_secs(1000));
        let (bytes, fetched_at) = cache.export().unwrap();
        assert_eq!(
            &*bytes,
            SET.trim_end().as_bytes(),
            "the set reaches the core byte for byte"
        );
        assert_eq!(fetched_at, UnixTime::from_secs(1000));
    }

    #[test]
    fn refusals() {
        let cache = KeyCache::new("https://issuer.example/jwks.json");
        let now = UnixTime::from_secs(5_000);
        for (bundle, error) in [
            (String::new(), PreloadError::Format),
            (SET.to_owned(), PreloadError::Format),
            (format!(r#"{{"jwks": {SET}}}"#), PreloadError::Format),
            (
                format!(r#"{{"fetched_at": "1000", "jwks": {SET}}}"#),
                PreloadError::Format,
            ),
            (
                format!(r#"{{"fetched_at": -1, "jwks": {SET}}}"#),
                PreloadError::Format,
            ),
            (
                format!(r#"{{"fetched_at": 1000, "jwks": {SET}, "url": "x"}}"#),
                PreloadError::Format,
            ),
            (
                r#"{"fetched_at": 1000, "jwks": []}"#.to_owned(),
                PreloadError::KeySet,
            ),
            (
                r#"{"fetched_at": 1000, "jwks": {"keys": [], "keys": []}}"#.to_owned(),
                PreloadError::KeySet,
            ),
            (
                format!(r#"{{"fetched_at": 5301, "jwks": {SET}}}"#),
                PreloadError::FetchedInTheFuture,
            ),
        ] {
            assert_eq!(
                preload(&cache, bundle.as_bytes(), now),
                Err(error),
                "{bundle}"
            );
        }
        assert!(cache.keys().is_none());
        let bundle = format!(r#"{{"fetched_at": 5300, "jwks": {SET}}}"#);
        assert!(preload(&cache, bundle.as_bytes(), now).is_ok());
    }
}

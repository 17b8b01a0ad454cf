//! What happens to key caches, told to an observer (and, with the `tracing` feature, as
//! `tracing` events): fetches started, succeeded and failed (with the fetcher's own error, so
//! an outage is visible to the operator while tokens get the plain `keys-unavailable`), and
//! `kid` misses that the cooldown held back. No event ever carries a token byte.

use alloc::sync::Arc;

/// A callback told of every fetch and of each `kid` miss that the cooldown held back. It
/// never sees a token byte: only the URL, counts and the fetcher's own error text.
pub type Observer = Arc<dyn Fn(&KeyEvent<'_>) + Send + Sync>;

/// What happened to a key cache, for logs and metrics (`KeyCache::with_observer`; with the
/// `tracing` feature also emitted as `tracing` events, target `jwtgate::cache`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyEvent<'a> {
    /// A fetch of `url` started.
    FetchStarted {
        /// The key set's URL.
        url: &'a str,
    },
    /// The fetch succeeded and installed a set holding `keys` usable keys.
    FetchSucceeded {
        /// The key set's URL.
        url: &'a str,
        /// Usable keys in the new set.
        keys: usize,
        /// Whether the document differs from the one it replaced.
        changed: bool,
    },
    /// The fetch failed; the last good set stays in use within the staleness bound.
    FetchFailed {
        /// The key set's URL.
        url: &'a str,
        /// Why: the fetcher's error, or why the document is no JWK Set.
        cause: &'a str,
    },
    /// A token named a `kid` the set lacks while the cooldown held back a fetch.
    KidMissLimited {
        /// The key set's URL.
        url: &'a str,
    },
}

/// Tells `observer`, and `tracing` when that feature is on, of `event`.
pub(crate) fn emit(observer: Option<&Observer>, event: &KeyEvent<'_>) {
    #[cfg(feature = "tracing")]
    trace(event);
    if let Some(observer) = observer {
        observer(event);
    }
}

#[cfg(feature = "tracing")]
fn trace(event: &KeyEvent<'_>) {
    match *event {
        KeyEvent::FetchStarted { url } => {
            tracing::debug!(target: "jwtgate::cache", url, "key set fetch started");
        }
        KeyEvent::FetchSucceeded { url, keys, changed } => {
            tracing::info!(target: "jwtgate::cache", url, keys, changed, "key set fetched");
        }
        KeyEvent::FetchFailed { url, cause } => {
            tracing::warn!(target: "jwtgate::cache", url, cause, "key set fetch failed");
        }
        KeyEvent::KidMissLimited { url } => {
            tracing::debug!(target: "jwtgate::cache", url, "unknown kid, fetch held back by the cooldown");
        }
    }
}

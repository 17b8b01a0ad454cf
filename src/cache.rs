//! A JWK Set cache for one URL that decides *when* to fetch, and leaves *how* to the caller
//! (sans-IO).
//!
//! The cache holds the current set behind an `Arc`. Verifying takes the lock only long enough
//! to clone that `Arc`, so readers never wait for a fetch and always see a whole set. A fetch
//! is due on first use, when a token names a `kid` the set does not hold, and when the set is
//! older than the maximum age; every fetch after the first waits out a cooldown, so a flood of
//! random `kid`s costs at most one fetch per cooldown window. Only one fetch runs at a time:
//! concurrent misses wait for it ([`KeyCache::wait_for_fetch`]) instead of starting their own.
//! A failed or invalid fetch keeps the last good set, and says so.
//!
//! ```
//! use jwtgate::{Algorithm, KeyCache, Step, UnixTime, Verifier};
//! # let jwks = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/demo/jwks.json"))?;
//! # let token = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/demo/access-token.jwt"))?;
//! # let fetch = |_url: &str| -> Result<Vec<u8>, std::io::Error> { Ok(jwks.clone()) };
//! let cache = KeyCache::new("https://issuer.example/.well-known/jwks.json");
//! let verifier = Verifier::builder([Algorithm::Rs256]).allow_missing_exp().build()?;
//! let now = UnixTime::from_secs(1_767_226_000);
//!
//! // The loop a caller runs, with any HTTP client (or `verify_fetching`, which runs it).
//! let verified = loop {
//!     match cache.verify(&verifier, token.trim(), now) {
//!         Step::Done(result) => break result?,
//!         Step::Fetch(permit) => match fetch(cache.url()) {
//!             Ok(bytes) => { let _ = permit.complete(&bytes, now); }
//!             Err(_) => permit.fail(now),
//!         },
//!         Step::Wait => cache.wait_for_fetch(std::time::Duration::from_secs(5)),
//!     }
//! };
//! assert_eq!(verified.header().alg(), Algorithm::Rs256);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::error::{ConfigError, Error};
use crate::jwks::JwkSet;
use crate::time::UnixTime;
use crate::token::VerifiedToken;
use crate::verifier::Verifier;
use std::string::String;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// Default cooldown between fetches, in seconds: aws-jwt-verify waits 10 s after a `kid`
/// miss before it fetches again; a Cognito key rotation is picked up within that.
pub const DEFAULT_COOLDOWN_SECS: u64 = 10;

/// Default maximum age of a cached set, in seconds (10 minutes, as panva/jose): a key that
/// the issuer withdrew stops verifying within that.
pub const DEFAULT_MAX_AGE_SECS: u64 = 600;

/// The current JWK Set of one URL, and when to fetch it again.
#[derive(Debug)]
pub struct KeyCache {
    url: String,
    cooldown_secs: u64,
    max_age_secs: u64,
    state: Mutex<State>,
    fetched: Condvar,
}

#[derive(Debug, Default)]
struct State {
    /// The last good set, with its raw bytes (for export) and when it was fetched.
    current: Option<Snapshot>,
    /// When the last fetch started, successful or not: the cooldown runs from here.
    last_attempt: Option<UnixTime>,
    /// A fetch is under way (its permit is alive).
    in_flight: bool,
    /// Bumped whenever a fetch ends, so waiters know theirs has.
    generation: u64,
    /// Why the last fetch failed, if it did; cleared by a successful one.
    last_failure: Option<RefreshError>,
    /// Fetches started, for callers who watch (and for tests).
    fetches: u64,
}

#[derive(Debug, Clone)]
struct Snapshot {
    keys: Arc<JwkSet>,
    bytes: Arc<[u8]>,
    fetched_at: UnixTime,
}

/// What the caller should do next; see [`KeyCache::verify`].
#[derive(Debug)]
#[must_use]
pub enum Step<'c> {
    /// Verification finished with this result.
    Done(Result<VerifiedToken, Error>),
    /// Fetch the set from [`KeyCache::url`], hand the result to the permit, then verify again.
    Fetch(FetchPermit<'c>),
    /// Another caller's fetch is under way: wait for it ([`KeyCache::wait_for_fetch`]), then
    /// verify again.
    Wait,
}

/// Why a refresh did not replace the set. The last good set stays in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RefreshError {
    /// The fetch itself failed (network, status, size, …), as the caller reported.
    #[error("JWK Set fetch failed")]
    Fetch,
    /// The fetched document is not a usable JWK Set.
    #[error("fetched JWK Set is unusable: {0}")]
    Invalid(ConfigError),
}

/// The right to run the one fetch in flight. Complete it with the fetched bytes, or report a
/// failure; dropping it unused counts as a failure, so a cancelled fetch never wedges the cache.
#[derive(Debug)]
#[must_use = "a permit is the caller's turn to fetch"]
pub struct FetchPermit<'c> {
    cache: &'c KeyCache,
    done: bool,
}

impl FetchPermit<'_> {
    /// Installs the fetched JWK Set (its `oct` members skipped: a published set is public)
    /// and returns it. An unusable document keeps the last good set.
    pub fn complete(mut self, bytes: &[u8], now: UnixTime) -> Result<Arc<JwkSet>, RefreshError> {
        self.done = true;
        self.cache.finish(Some(bytes), now)
    }

    /// Reports that the fetch failed; the last good set stays in use.
    pub fn fail(mut self, now: UnixTime) {
        self.done = true;
        let _ = self.cache.finish(None, now);
    }
}

impl Drop for FetchPermit<'_> {
    fn drop(&mut self) {
        if !self.done {
            let mut state = self.cache.lock();
            state.in_flight = false;
            state.generation = state.generation.wrapping_add(1);
            state.last_failure = Some(RefreshError::Fetch);
            drop(state);
            self.cache.fetched.notify_all();
        }
    }
}

/// Why a fetch cannot start now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Busy {
    InFlight,
    Cooling,
}

/// Why a fetch would be started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reason {
    Empty,
    UnknownKey,
    Stale,
}

impl KeyCache {
    /// An empty cache for the JWK Set at `url`, with the default cooldown and maximum age.
    pub fn new(url: impl Into<String>) -> KeyCache {
        KeyCache {
            url: url.into(),
            cooldown_secs: DEFAULT_COOLDOWN_SECS,
            max_age_secs: DEFAULT_MAX_AGE_SECS,
            state: Mutex::new(State::default()),
            fetched: Condvar::new(),
        }
    }

    /// Sets the cooldown between fetches, in seconds.
    #[must_use]
    pub fn with_cooldown_secs(mut self, secs: u64) -> KeyCache {
        self.cooldown_secs = secs;
        self
    }

    /// Sets the maximum age of a cached set, in seconds.
    #[must_use]
    pub fn with_max_age_secs(mut self, secs: u64) -> KeyCache {
        self.max_age_secs = secs;
        self
    }

    /// The URL this cache holds the set of.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The current set, if one was loaded.
    pub fn keys(&self) -> Option<Arc<JwkSet>> {
        self.lock().current.as_ref().map(|s| Arc::clone(&s.keys))
    }

    /// The raw bytes of the current set, to save for a later [`KeyCache::preload`] (a cold
    /// start without a fetch), with the time they were fetched.
    pub fn export(&self) -> Option<(Arc<[u8]>, UnixTime)> {
        self.lock()
            .current
            .as_ref()
            .map(|s| (Arc::clone(&s.bytes), s.fetched_at))
    }

    /// Loads a set fetched at `fetched_at` (exported earlier, or shipped with the service),
    /// replacing the current one. Like a fetched set, its `oct` members are skipped.
    pub fn preload(&self, bytes: &[u8], fetched_at: UnixTime) -> Result<Arc<JwkSet>, ConfigError> {
        let keys = Arc::new(JwkSet::from_public_json(bytes)?);
        self.lock().current = Some(Snapshot {
            keys: Arc::clone(&keys),
            bytes: bytes.into(),
            fetched_at,
        });
        Ok(keys)
    }

    /// Why the last fetch failed, if it did (cleared by the next successful one).
    pub fn last_failure(&self) -> Option<RefreshError> {
        self.lock().last_failure
    }

    /// How many fetches this cache has started.
    pub fn fetch_count(&self) -> u64 {
        self.lock().fetches
    }

    /// One step of verification against the cached set: the result, or a fetch to run (first
    /// use, an unknown `kid` once the cooldown has passed, a set past its maximum age), or a
    /// fetch in flight to wait for.
    pub fn verify(&self, verifier: &Verifier, token: impl AsRef<[u8]>, now: UnixTime) -> Step<'_> {
        let token = token.as_ref();
        let (keys, fresh) = {
            let state = self.lock();
            match &state.current {
                Some(s) => (Some(Arc::clone(&s.keys)), !self.is_stale(s, now)),
                None => (None, false),
            }
        };
        let Some(keys) = keys else {
            return self.fetch_or(Reason::Empty, now, Err(Error::UnknownKey));
        };
        let result = verifier.verify(token, &keys, now);
        match result {
            Err(Error::UnknownKey) => self.fetch_or(Reason::UnknownKey, now, result),
            _ if !fresh => self.fetch_or(Reason::Stale, now, result),
            _ => Step::Done(result),
        }
    }

    /// Runs [`KeyCache::verify`] to the end, fetching with `fetch` (given the URL) when the
    /// cache asks, and waiting up to `wait` for another caller's fetch.
    pub fn verify_fetching<E>(
        &self,
        verifier: &Verifier,
        token: impl AsRef<[u8]>,
        now: UnixTime,
        wait: Duration,
        mut fetch: impl FnMut(&str) -> Result<std::vec::Vec<u8>, E>,
    ) -> Result<VerifiedToken, Error> {
        let token = token.as_ref();
        // One fetch of our own at most; before it, wait for others' fetches (a bounded number
        // of times: each wait ends with that fetch or the timeout).
        for _ in 0..3 {
            match self.verify(verifier, token, now) {
                Step::Done(result) => return result,
                Step::Fetch(permit) => {
                    match fetch(&self.url) {
                        Ok(bytes) => {
                            let _ = permit.complete(&bytes, now);
                        }
                        Err(_) => permit.fail(now),
                    }
                    break;
                }
                Step::Wait => self.wait_for_fetch(wait),
            }
        }
        match self.keys() {
            Some(keys) => verifier.verify(token, &keys, now),
            None => Err(Error::UnknownKey),
        }
    }

    /// Blocks until the fetch in flight (if any) ends, or `timeout` passes.
    pub fn wait_for_fetch(&self, timeout: Duration) {
        let state = self.lock();
        let generation = state.generation;
        let waited = self.fetched.wait_timeout_while(state, timeout, |s| {
            s.in_flight && s.generation == generation
        });
        drop(waited.unwrap_or_else(PoisonError::into_inner));
    }

    fn is_stale(&self, snapshot: &Snapshot, now: UnixTime) -> bool {
        now.as_secs().saturating_sub(snapshot.fetched_at.as_secs()) >= self.max_age_secs
    }

    /// A fetch for a `kid` this set may not hold yet, if one may start now (no fetch in
    /// flight, and the cooldown since the last one has passed). Used to route a token among
    /// several caches (for example Cognito user pools) before verifying it.
    pub fn begin_fetch(&self, now: UnixTime) -> Option<FetchPermit<'_>> {
        self.try_begin(now).ok()
    }

    /// Starts a fetch if one may start now; otherwise `Wait` (one is in flight) or the result
    /// already in hand.
    fn fetch_or(
        &self,
        reason: Reason,
        now: UnixTime,
        otherwise: Result<VerifiedToken, Error>,
    ) -> Step<'_> {
        match (self.try_begin(now), reason) {
            (Ok(permit), _) => Step::Fetch(permit),
            // Another caller is fetching: a miss waits for it, a stale set keeps serving.
            (Err(Busy::InFlight), Reason::Empty | Reason::UnknownKey) => Step::Wait,
            (Err(_), _) => Step::Done(otherwise),
        }
    }

    fn try_begin(&self, now: UnixTime) -> Result<FetchPermit<'_>, Busy> {
        let mut state = self.lock();
        if state.in_flight {
            return Err(Busy::InFlight);
        }
        let cooled = state.last_attempt.is_none_or(|last| {
            now.as_secs() >= last.as_secs().saturating_add(self.cooldown_secs)
                || now.as_secs() < last.as_secs() // a clock that went back never blocks forever
        });
        if !cooled {
            return Err(Busy::Cooling);
        }
        state.in_flight = true;
        state.last_attempt = Some(now);
        state.fetches = state.fetches.saturating_add(1);
        Ok(FetchPermit {
            cache: self,
            done: false,
        })
    }

    fn finish(&self, bytes: Option<&[u8]>, now: UnixTime) -> Result<Arc<JwkSet>, RefreshError> {
        let parsed = match bytes {
            Some(bytes) => JwkSet::from_public_json(bytes)
                .map(|keys| (Arc::new(keys), bytes))
                .map_err(RefreshError::Invalid),
            None => Err(RefreshError::Fetch),
        };
        let mut state = self.lock();
        state.in_flight = false;
        state.generation = state.generation.wrapping_add(1);
        let result = match parsed {
            Ok((keys, bytes)) => {
                state.current = Some(Snapshot {
                    keys: Arc::clone(&keys),
                    bytes: bytes.into(),
                    fetched_at: now,
                });
                state.last_failure = None;
                Ok(keys)
            }
            Err(error) => {
                state.last_failure = Some(error);
                Err(error)
            }
        };
        drop(state);
        self.fetched.notify_all();
        result
    }

    /// The state, even if another thread panicked while holding the lock: every update
    /// leaves it consistent, so poisoning carries no meaning here.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

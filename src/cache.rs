//! A JWK Set cache for one URL that decides *when* to fetch, and leaves *how* to the caller
//! (sans-IO), following the contract's "Key sets fetched over the network" (`docs/cli.md`).
//!
//! The cache holds the current set behind an `Arc`. Verifying takes the lock only long enough
//! to clone that `Arc`, so readers never wait for a fetch and always see a whole set. A fetch
//! is due on first use, when a token names a `kid` the set does not hold, and when the set is
//! older than its maximum age; every fetch, the first included, starts a cooldown, so a flood
//! of random `kid`s costs at most one fetch per cooldown window. Only one fetch runs at a
//! time: concurrent callers wait for it ([`KeyCache::wait_for_fetch`]) instead of starting
//! their own.
//!
//! Staleness is bounded: a refresh that fails keeps the last good set in use only until it is
//! [`KeyCache::with_max_stale_secs`] past its maximum age; after that, and whenever no set can
//! be had at all, verification stops with [`Error::KeysUnavailable`] — a fault of the key
//! source, never reported as a bad token. A fetched document that is a valid JWK Set with no
//! usable member replaces the set: an issuer that withdraws every key revokes them.
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
//!         Step::Wait => { cache.wait_for_fetch(std::time::Duration::from_secs(5)); }
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
use core::fmt;
use std::string::String;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// Default cooldown between fetches, in seconds: aws-jwt-verify waits 10 s after a `kid`
/// miss before it fetches again; a Cognito key rotation is picked up within that.
pub const DEFAULT_COOLDOWN_SECS: u64 = 10;

/// Default maximum age of a cached set, in seconds (10 minutes, as panva/jose): past it, the
/// set is fetched again.
pub const DEFAULT_MAX_AGE_SECS: u64 = 600;

/// Default time a set stays in use past its maximum age while refreshes fail, in seconds (one
/// hour). Long enough to ride out an identity provider's outage or a network fault (the
/// issuer's keys rotate on a scale of days or weeks); short enough that whoever can block the
/// key fetch keeps a withdrawn, perhaps compromised, key alive for at most 70 minutes in all.
pub const DEFAULT_MAX_STALE_SECS: u64 = 3_600;

/// The current JWK Set of one URL, and when to fetch it again.
pub struct KeyCache {
    url: String,
    cooldown_secs: u64,
    max_age_secs: u64,
    max_stale_secs: u64,
    state: Mutex<State>,
    fetched: Condvar,
}

#[derive(Default)]
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

#[derive(Clone)]
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

/// Why a refresh did not replace the set. The last good set stays in use (within the
/// staleness bound).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RefreshError {
    /// The fetch itself failed (network, status, media type, size, …), as the caller
    /// reported, or the fetch was abandoned (its permit dropped).
    #[error("JWK Set fetch failed")]
    Fetch,
    /// The fetched document is not a JWK Set.
    #[error("fetched document is not a JWK Set: {0}")]
    Invalid(ConfigError),
}

/// The right to run the one fetch in flight. Complete it with the fetched bytes, or report a
/// failure; dropping it unused counts as a failure, so a cancelled fetch never wedges the cache.
#[must_use = "a permit is the caller's turn to fetch"]
pub struct FetchPermit<'c> {
    cache: &'c KeyCache,
    done: bool,
}

impl FetchPermit<'_> {
    /// Installs the fetched JWK Set (its `oct` members skipped: a published set is public)
    /// and returns it. A valid set with no usable member replaces the current one; a document
    /// that is not a JWK Set counts as a failed fetch and keeps the last good set.
    pub fn complete(mut self, bytes: &[u8], now: UnixTime) -> Result<Arc<JwkSet>, RefreshError> {
        self.done = true;
        self.cache.finish(Some(bytes), now)
    }

    /// Reports that the fetch failed; the last good set stays in use (within the staleness
    /// bound).
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

impl fmt::Debug for FetchPermit<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FetchPermit")
            .field("url", &self.cache.url)
            .finish_non_exhaustive()
    }
}

/// How usable the cached set is at some moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Freshness {
    /// Younger than its maximum age.
    Fresh,
    /// Past its maximum age, within the staleness bound: used while a refresh is due.
    Stale,
    /// Past the staleness bound, or no set at all: not used.
    Unusable,
}

impl KeyCache {
    /// An empty cache for the JWK Set at `url`, with the default cooldown, maximum age and
    /// staleness bound.
    pub fn new(url: impl Into<String>) -> KeyCache {
        KeyCache {
            url: url.into(),
            cooldown_secs: DEFAULT_COOLDOWN_SECS,
            max_age_secs: DEFAULT_MAX_AGE_SECS,
            max_stale_secs: DEFAULT_MAX_STALE_SECS,
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

    /// Sets how long past its maximum age a set stays in use while refreshes fail, in
    /// seconds. After that, tokens get [`Error::KeysUnavailable`] until a fetch succeeds.
    #[must_use]
    pub fn with_max_stale_secs(mut self, secs: u64) -> KeyCache {
        self.max_stale_secs = secs;
        self
    }

    /// The URL this cache holds the set of.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The current set, if one was loaded (whatever its age).
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
    /// replacing the current one. Like a fetched set, its `oct` members are skipped, and its
    /// age counts from `fetched_at`, never from now: a preloaded set past the staleness bound
    /// is not used, so a withdrawn key cannot be made fresh again by a restart.
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
    ///
    /// A token that fails the checks before key selection (structure, header, allowlist) gets
    /// its own error and never causes a fetch. After that, [`Error::KeysUnavailable`] is the
    /// answer when no set can be used and the last fetch failed, or when the token's `kid` is
    /// not in the set and the last fetch failed; [`Error::UnknownKey`] only while the set is
    /// known current.
    pub fn verify(&self, verifier: &Verifier, token: impl AsRef<[u8]>, now: UnixTime) -> Step<'_> {
        self.step(verifier, token.as_ref(), now, true)
    }

    /// Runs [`KeyCache::verify`] to the end, fetching with `fetch` (given the URL) when the
    /// cache asks, at most once, and waiting at most `wait` in all for another caller's fetch.
    /// A wait that runs out gives [`Error::KeysUnavailable`]. Blocks the calling thread.
    pub fn verify_fetching<E>(
        &self,
        verifier: &Verifier,
        token: impl AsRef<[u8]>,
        now: UnixTime,
        wait: Duration,
        mut fetch: impl FnMut(&str) -> Result<std::vec::Vec<u8>, E>,
    ) -> Result<VerifiedToken, Error> {
        let token = token.as_ref();
        let deadline = Instant::now().checked_add(wait);
        let mut may_fetch = true;
        loop {
            match self.step(verifier, token, now, may_fetch) {
                Step::Done(result) => return result,
                Step::Fetch(permit) => {
                    match fetch(&self.url) {
                        Ok(bytes) => {
                            let _ = permit.complete(&bytes, now);
                        }
                        Err(_) => permit.fail(now),
                    }
                    may_fetch = false;
                }
                Step::Wait => {
                    let left =
                        deadline.map_or(wait, |d| d.saturating_duration_since(Instant::now()));
                    if left.is_zero() || !self.wait_for_fetch(left) {
                        return Err(Error::KeysUnavailable);
                    }
                }
            }
        }
    }

    /// Blocks until the fetch in flight (if any) ends, or `timeout` passes; `true` when no
    /// fetch is in flight any more.
    pub fn wait_for_fetch(&self, timeout: Duration) -> bool {
        let state = self.lock();
        let generation = state.generation;
        let waited = self.fetched.wait_timeout_while(state, timeout, |s| {
            s.in_flight && s.generation == generation
        });
        let state = waited.map_or_else(|e| e.into_inner().0, |(state, _)| state);
        !(state.in_flight && state.generation == generation)
    }

    /// The decision behind [`KeyCache::verify`]; with `may_fetch` false it never starts a
    /// fetch (a caller whose own fetch just ended settles with what it brought).
    fn step(&self, verifier: &Verifier, token: &[u8], now: UnixTime, may_fetch: bool) -> Step<'_> {
        let (keys, freshness) = {
            let state = self.lock();
            match &state.current {
                Some(s) => (Some(Arc::clone(&s.keys)), self.freshness(s, now)),
                None => (None, Freshness::Unusable),
            }
        };
        let keys = match keys {
            Some(keys) if freshness != Freshness::Unusable => keys,
            _ => {
                // No set to select a key from: the checks before key selection decide first.
                if let Err(error) = verifier.check_before_keys(token) {
                    return Step::Done(Err(error));
                }
                return self.fetch_or(now, may_fetch, || Err(Error::KeysUnavailable));
            }
        };
        let result = verifier.verify(token, &keys, now);
        match result {
            Err(Error::UnknownKey) => self.fetch_or(now, may_fetch, || {
                // The kid is not in the set: trusted only if the set is known current.
                match self.lock().last_failure {
                    Some(_) => Err(Error::KeysUnavailable),
                    None => Err(Error::UnknownKey),
                }
            }),
            _ if freshness == Freshness::Stale => match self.try_begin(now, may_fetch) {
                Ok(permit) => Step::Fetch(permit),
                // A refresh is under way or cooling down: the stale set keeps serving.
                Err(_) => Step::Done(result),
            },
            _ => Step::Done(result),
        }
    }

    fn freshness(&self, snapshot: &Snapshot, now: UnixTime) -> Freshness {
        let age = now.as_secs().saturating_sub(snapshot.fetched_at.as_secs());
        if age < self.max_age_secs {
            Freshness::Fresh
        } else if age < self.max_age_secs.saturating_add(self.max_stale_secs) {
            Freshness::Stale
        } else {
            Freshness::Unusable
        }
    }

    /// A fetch if one may start now, else a wait for the one in flight, else the answer
    /// `settled` gives with what the cache holds.
    fn fetch_or(
        &self,
        now: UnixTime,
        may_fetch: bool,
        settled: impl FnOnce() -> Result<VerifiedToken, Error>,
    ) -> Step<'_> {
        match self.try_begin(now, may_fetch) {
            Ok(permit) => Step::Fetch(permit),
            Err(Busy::InFlight) => Step::Wait,
            Err(Busy::Cooling) => Step::Done(settled()),
        }
    }

    fn try_begin(&self, now: UnixTime, may_fetch: bool) -> Result<FetchPermit<'_>, Busy> {
        let mut state = self.lock();
        if state.in_flight {
            return Err(Busy::InFlight);
        }
        let cooled = state.last_attempt.is_none_or(|last| {
            now.as_secs() >= last.as_secs().saturating_add(self.cooldown_secs)
                || now.as_secs() < last.as_secs() // a clock that went back never blocks forever
        });
        if !cooled || !may_fetch {
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

    /// A fetch for a `kid` this set may not hold yet, if one may start now (no fetch in
    /// flight, and the cooldown since the last one has passed). Used to route a token among
    /// several caches (for example Cognito user pools) before verifying it.
    pub fn begin_fetch(&self, now: UnixTime) -> Option<FetchPermit<'_>> {
        self.try_begin(now, true).ok()
    }

    /// Whether the set can be used at `now` and holds `kid`.
    pub(crate) fn holds_kid(&self, kid: &str, now: UnixTime) -> bool {
        let state = self.lock();
        state.current.as_ref().is_some_and(|s| {
            self.freshness(s, now) != Freshness::Unusable && s.keys.contains_kid(kid)
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

/// Lengths, times and counts only: the set's raw bytes may hold secrets (skipped `oct`
/// members, private members a careless issuer published), so they are never printed.
impl fmt::Debug for KeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        let current = state.current.as_ref();
        f.debug_struct("KeyCache")
            .field("url", &self.url)
            .field("cooldown_secs", &self.cooldown_secs)
            .field("max_age_secs", &self.max_age_secs)
            .field("max_stale_secs", &self.max_stale_secs)
            .field("keys", &current.map(|s| s.keys.keys().len()))
            .field("set_bytes", &current.map(|s| s.bytes.len()))
            .field("fetched_at", &current.map(|s| s.fetched_at))
            .field("in_flight", &state.in_flight)
            .field("last_failure", &state.last_failure)
            .field("fetches", &state.fetches)
            .finish()
    }
}

/// Why a fetch cannot start now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Busy {
    InFlight,
    Cooling,
}

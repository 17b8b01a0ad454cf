//! A JWK Set cache for one URL that decides *when* to fetch, and leaves *how* to the caller
//! (sans-IO, no runtime), following the contract's "Key sets fetched over the network"
//! (`docs/cli.md`).
//!
//! The cache holds the current set behind an `Arc`. Verifying takes the lock only long enough
//! to clone that `Arc`, so readers never wait for a fetch and always see a whole set. A fetch
//! is due on first use, when a token names a `kid` the set does not hold, and when the set
//! nears or passes its maximum age; every fetch, the first included, starts a cooldown, so a
//! flood of random `kid`s costs at most one fetch per cooldown window. Only one fetch runs at
//! a time: concurrent callers wait for it — blocking ([`KeyCache::wait_for_fetch`]) or
//! awaiting ([`KeyCache::fetch_finished`], woken by the fetch's end, so no task ever blocks a
//! thread).
//!
//! Once warm, no request waits for a fetch: a set past its refresh point (shortly before its
//! maximum age) keeps serving, and the verification that notices hands back the refresh to run
//! beside ([`Step::Refresh`], [`Verification::refresh`]). Only a set that nobody used in
//! that window and has passed its maximum age is refetched before use, so that a withdrawn
//! key stops verifying within the maximum age.
//!
//! Staleness is bounded: a refresh that fails keeps the last good set in use only until it is
//! [`KeyCache::with_max_stale_secs`] past its maximum age; after that, and whenever no set can
//! be had at all, verification stops with [`Error::KeysUnavailable`] — a fault of the key
//! source, never reported as a bad token. A fetched document that is a valid JWK Set with no
//! usable member replaces the set: an issuer that withdraws every key revokes them.
//!
//! Times: the key set's ages and the cooldown are whole seconds (`_secs`), compared with the
//! [`UnixTime`] the caller passes, like every time rule of the crate; waits on I/O are
//! [`Duration`]s, as the standard library and runtimes take them.
//!
//! ```
//! use jwtgate::cache::{KeyCache, Step};
//! use jwtgate::{Algorithm, UnixTime, Verifier};
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
//!         Step::Refresh(result, permit) => { let _ = permit.run_blocking(fetch, now); break result? }
//!         Step::Fetch(permit) => { let _ = permit.run_blocking(fetch, now); }
//!         Step::Wait => { cache.wait_for_fetch(std::time::Duration::from_secs(5)); }
//!     }
//! };
//! assert_eq!(verified.header().alg(), Algorithm::Rs256);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::error::{ConfigError, Error};
use crate::jwks::JwkSet;
pub use crate::observe::{KeyEvent, Observer};
use crate::time::UnixTime;
use crate::token::VerifiedToken;
use crate::token_cache::TokenCache;
use crate::verifier::Verifier;
use core::fmt;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};
use std::string::{String, ToString};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};
use std::vec::Vec;

/// The current JWK Set of one URL, and when to fetch it again.
///
/// Cheap to clone: clones share one set, one fetch slot and one cooldown, so several
/// policies (routes with different scopes or groups) verify against one cache and cost one
/// fetch.
#[derive(Clone)]
pub struct KeyCache {
    url: Arc<str>,
    timing: Timing,
    observer: Option<Observer>,
    tokens: Option<Arc<TokenCache>>,
    shared: Arc<Shared>,
}

#[derive(Clone, Copy)]
struct Timing {
    cooldown_secs: u64,
    max_age_secs: u64,
    refresh_ahead_secs: u64,
    max_stale_secs: u64,
}

struct Shared {
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
    last_failure: Option<Failure>,
    /// Fetches started, for callers who watch (and for tests).
    fetches: u64,
    /// Tasks awaiting the fetch in flight.
    wakers: Vec<Waker>,
}

#[derive(Clone)]
struct Snapshot {
    keys: Arc<JwkSet>,
    bytes: Arc<[u8]>,
    fetched_at: UnixTime,
}

#[derive(Clone)]
struct Failure {
    error: RefreshError,
    cause: String,
}

/// What the caller should do next; see [`KeyCache::verify`].
#[derive(Debug)]
#[must_use]
pub enum Step {
    /// Verification finished with this result.
    Done(Result<VerifiedToken, Error>),
    /// Verification finished with this result against a set due for refresh: run the permit
    /// beside (spawn it, or run it after answering); nobody waits for it.
    Refresh(Result<VerifiedToken, Error>, FetchPermit),
    /// Fetch the set from [`KeyCache::url`] with the permit, then verify again.
    Fetch(FetchPermit),
    /// Another caller's fetch is under way: wait for it ([`KeyCache::wait_for_fetch`] or
    /// [`KeyCache::fetch_finished`]), then verify again.
    Wait,
}

/// The outcome of [`KeyCache::verify_async`]: the result, and a refresh of the set to run
/// beside when it is due (spawn it on your runtime; dropping it counts as a failed fetch).
#[derive(Debug)]
#[must_use]
pub struct Verification {
    /// The verification's result.
    pub result: Result<VerifiedToken, Error>,
    /// The refresh to run beside, when the set is due for one.
    pub refresh: Option<FetchPermit>,
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

/// The right to run the one fetch in flight. Run it ([`FetchPermit::run`],
/// [`FetchPermit::run_blocking`]), or hand its result over yourself; dropping it unused counts
/// as a failure, so a cancelled fetch never wedges the cache.
#[must_use = "a permit is the caller's turn to fetch"]
pub struct FetchPermit {
    cache: KeyCache,
    done: bool,
}

impl FetchPermit {
    /// The URL to fetch.
    pub fn url(&self) -> &str {
        &self.cache.url
    }

    /// Runs the fetch with an async `fetch` (given the URL), and installs what it brings.
    /// Cancellation-safe: dropping the future mid-way frees the fetch slot.
    pub async fn run<F, Fut, E>(self, fetch: F, now: UnixTime) -> Result<Arc<JwkSet>, RefreshError>
    where
        F: FnOnce(String) -> Fut,
        Fut: Future<Output = Result<Vec<u8>, E>>,
        E: fmt::Display,
    {
        let outcome = fetch(self.url().to_string()).await;
        self.settle(outcome, now)
    }

    /// Runs the fetch with a blocking `fetch` (given the URL), and installs what it brings.
    pub fn run_blocking<E: fmt::Display>(
        self,
        fetch: impl FnOnce(&str) -> Result<Vec<u8>, E>,
        now: UnixTime,
    ) -> Result<Arc<JwkSet>, RefreshError> {
        let outcome = fetch(self.url());
        self.settle(outcome, now)
    }

    /// Installs the fetched JWK Set (its `oct` members skipped: a published set is public)
    /// and returns it. A valid set with no usable member replaces the current one; a document
    /// that is not a JWK Set counts as a failed fetch and keeps the last good set.
    pub fn complete(mut self, bytes: &[u8], now: UnixTime) -> Result<Arc<JwkSet>, RefreshError> {
        self.done = true;
        self.cache.finish(Ok(bytes), now)
    }

    /// Reports that the fetch failed, and why (kept for the operator: [`KeyCache::last_failure`]
    /// and the observer); the last good set stays in use within the staleness bound.
    pub fn fail(mut self, now: UnixTime, cause: &dyn fmt::Display) {
        self.done = true;
        let _ = self.cache.finish(Err(cause.to_string()), now);
    }

    fn settle<E: fmt::Display>(
        self,
        outcome: Result<Vec<u8>, E>,
        now: UnixTime,
    ) -> Result<Arc<JwkSet>, RefreshError> {
        match outcome {
            Ok(bytes) => self.complete(&bytes, now),
            Err(error) => {
                self.fail(now, &error);
                Err(RefreshError::Fetch)
            }
        }
    }
}

impl Drop for FetchPermit {
    fn drop(&mut self) {
        if !self.done {
            const ABANDONED: &str = "the fetch was abandoned";
            self.cache.end_fetch(|state| {
                state.last_failure = Some(Failure {
                    error: RefreshError::Fetch,
                    cause: ABANDONED.into(),
                });
            });
            self.cache.emit(&KeyEvent::FetchFailed {
                url: &self.cache.url,
                cause: ABANDONED,
            });
        }
    }
}

impl fmt::Debug for FetchPermit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FetchPermit")
            .field("url", &self.url())
            .finish_non_exhaustive()
    }
}

/// Resolves once the fetch in flight when it was made has ended (at once if none was);
/// see [`KeyCache::fetch_finished`].
#[must_use = "futures do nothing unless polled"]
pub struct FetchFinished {
    cache: KeyCache,
    generation: u64,
}

impl Future for FetchFinished {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.cache.lock();
        if !state.in_flight || state.generation != self.generation {
            return Poll::Ready(());
        }
        if !state.wakers.iter().any(|w| w.will_wake(cx.waker())) {
            state.wakers.push(cx.waker().clone());
        }
        Poll::Pending
    }
}

impl fmt::Debug for FetchFinished {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FetchFinished")
            .field("url", &self.cache.url())
            .finish_non_exhaustive()
    }
}

/// How usable the cached set is at some moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Freshness {
    /// Younger than its refresh point.
    Fresh,
    /// Past its refresh point, younger than its maximum age: serving, with a refresh beside.
    Due,
    /// Past its maximum age, within the staleness bound: refetched before use, and used
    /// only while that refetch cannot be had.
    Stale,
    /// Past the staleness bound, or no set at all: not used.
    Unusable,
}

/// What [`KeyCache::step`] may do beyond answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Allowed {
    fetch: bool,
    wait: bool,
}

impl KeyCache {
    /// Default cooldown between fetches, in seconds: aws-jwt-verify waits 10 s after a `kid`
    /// miss before it fetches again; a Cognito key rotation is picked up within that.
    pub const DEFAULT_COOLDOWN_SECS: u64 = 10;

    /// Default maximum age of a cached set, in seconds (10 minutes, as panva/jose).
    pub const DEFAULT_MAX_AGE_SECS: u64 = 600;

    /// Default head start of the refresh before the maximum age, in seconds: a warm cache
    /// refreshes beside the requests from 8 minutes on, so none waits at 10.
    pub const DEFAULT_REFRESH_AHEAD_SECS: u64 = 120;

    /// Default time a set stays in use past its maximum age while refreshes fail, in seconds
    /// (one hour). Long enough to ride out an identity provider's outage or a network fault
    /// (issuers rotate keys over days or weeks); short enough that whoever can block the key
    /// fetch keeps a withdrawn, perhaps compromised, key alive for at most 70 minutes in all.
    pub const DEFAULT_MAX_STALE_SECS: u64 = 3_600;

    /// An empty cache for the JWK Set at `url`, with the default cooldown, maximum age,
    /// refresh head start and staleness bound.
    pub fn new(url: impl Into<String>) -> KeyCache {
        KeyCache {
            url: url.into().into(),
            timing: Timing {
                cooldown_secs: Self::DEFAULT_COOLDOWN_SECS,
                max_age_secs: Self::DEFAULT_MAX_AGE_SECS,
                refresh_ahead_secs: Self::DEFAULT_REFRESH_AHEAD_SECS,
                max_stale_secs: Self::DEFAULT_MAX_STALE_SECS,
            },
            observer: None,
            tokens: None,
            shared: Arc::new(Shared {
                state: Mutex::new(State::default()),
                fetched: Condvar::new(),
            }),
        }
    }

    /// Sets the cooldown between fetches, in seconds.
    #[must_use]
    pub fn with_cooldown_secs(mut self, secs: u64) -> KeyCache {
        self.timing.cooldown_secs = secs;
        self
    }

    /// Sets the maximum age of a cached set, in seconds.
    #[must_use]
    pub fn with_max_age_secs(mut self, secs: u64) -> KeyCache {
        self.timing.max_age_secs = secs;
        self
    }

    /// Sets how long before its maximum age a set is refreshed beside the requests, in
    /// seconds (0: refresh only once the maximum age has passed, still beside the requests).
    #[must_use]
    pub fn with_refresh_ahead_secs(mut self, secs: u64) -> KeyCache {
        self.timing.refresh_ahead_secs = secs;
        self
    }

    /// Sets how long past its maximum age a set stays in use while refreshes fail, in
    /// seconds. After that, tokens get [`Error::KeysUnavailable`] until a fetch succeeds.
    #[must_use]
    pub fn with_max_stale_secs(mut self, secs: u64) -> KeyCache {
        self.timing.max_stale_secs = secs;
        self
    }

    /// Tells `observer` of every fetch and of each `kid` miss the cooldown held back.
    #[must_use]
    pub fn with_observer(
        mut self,
        observer: impl Fn(&KeyEvent<'_>) + Send + Sync + 'static,
    ) -> KeyCache {
        self.observer = Some(Arc::new(observer));
        self
    }

    /// Answers tokens verified before (under the same policy and against the same set) from
    /// `tokens`, skipping their signature check; every other check runs again on each hit.
    /// Several key caches may share one token cache.
    #[must_use]
    pub fn with_token_cache(mut self, tokens: Arc<TokenCache>) -> KeyCache {
        self.tokens = Some(tokens);
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

    /// Why the last fetch failed, if it did (cleared by the next successful one): the kind,
    /// and the fetcher's own error text (it never holds response bytes).
    pub fn last_failure(&self) -> Option<(RefreshError, String)> {
        self.lock()
            .last_failure
            .as_ref()
            .map(|f| (f.error, f.cause.clone()))
    }

    /// How many fetches this cache (and its clones) has started: for metrics and tests.
    pub fn fetch_count(&self) -> u64 {
        self.lock().fetches
    }

    /// One step of verification against the cached set: the result (with a refresh to run
    /// beside when the set is due), or a fetch to run (first use, an unknown `kid` once the
    /// cooldown has passed, a set past the staleness bound), or a fetch in flight to wait for.
    ///
    /// A token that fails the checks before key selection (structure, header, allowlist) gets
    /// its own error and never causes a fetch. After that, [`Error::KeysUnavailable`] is the
    /// answer when no set can be used and the last fetch failed, or when the token's `kid` is
    /// not in the set and the last fetch failed; [`Error::UnknownKey`] only while the set is
    /// known current.
    pub fn verify(&self, verifier: &Verifier, token: impl AsRef<[u8]>, now: UnixTime) -> Step {
        let allowed = Allowed {
            fetch: true,
            wait: true,
        };
        self.step(verifier, token.as_ref(), now, allowed)
    }

    /// Runs [`KeyCache::verify`] to the end with a blocking `fetch` (given the URL): at most
    /// one fetch of its own, and at most `wait` in all for another caller's fetch (a wait that
    /// runs out gives [`Error::KeysUnavailable`]). A refresh that is due runs inline, after
    /// the result is known. Blocks the calling thread: for async code use
    /// [`KeyCache::verify_async`].
    pub fn verify_fetching<E: fmt::Display>(
        &self,
        verifier: &Verifier,
        token: impl AsRef<[u8]>,
        now: UnixTime,
        wait: Duration,
        mut fetch: impl FnMut(&str) -> Result<Vec<u8>, E>,
    ) -> Result<VerifiedToken, Error> {
        let token = token.as_ref();
        let deadline = Instant::now().checked_add(wait);
        let mut allowed = Allowed {
            fetch: true,
            wait: true,
        };
        loop {
            match self.step(verifier, token, now, allowed) {
                Step::Done(result) => return result,
                Step::Refresh(result, permit) => {
                    let _ = permit.run_blocking(&mut fetch, now);
                    return result;
                }
                Step::Fetch(permit) => {
                    let _ = permit.run_blocking(&mut fetch, now);
                    allowed.fetch = false;
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

    /// Runs [`KeyCache::verify`] to the end with an async `fetch` (given the URL), never
    /// blocking a thread: it awaits its own fetch (at most one) or another caller's. A refresh
    /// that is due comes back beside the result, to spawn. Waiting is bounded by the fetches
    /// themselves (give the fetcher its timeouts); cancellation-safe.
    pub async fn verify_async<F, Fut, E>(
        &self,
        verifier: &Verifier,
        token: impl AsRef<[u8]>,
        now: UnixTime,
        fetch: F,
    ) -> Verification
    where
        F: Fn(String) -> Fut,
        Fut: Future<Output = Result<Vec<u8>, E>>,
        E: fmt::Display,
    {
        let token = token.as_ref();
        let mut allowed = Allowed {
            fetch: true,
            wait: true,
        };
        // One fetch of our own, and two waits at most (another caller's fetch, then the one
        // that may follow it), so a chain of others' fetches cannot hold this call forever.
        let mut waits = 0u8;
        loop {
            match self.step(verifier, token, now, allowed) {
                Step::Done(result) => {
                    return Verification {
                        result,
                        refresh: None,
                    }
                }
                Step::Refresh(result, permit) => {
                    return Verification {
                        result,
                        refresh: Some(permit),
                    }
                }
                Step::Fetch(permit) => {
                    let _ = permit.run(&fetch, now).await;
                    allowed.fetch = false;
                }
                Step::Wait => {
                    self.fetch_finished().await;
                    waits = waits.saturating_add(1);
                    allowed.wait = waits < 2;
                }
            }
        }
    }

    /// Blocks until the fetch in flight (if any) ends, or `timeout` passes; `true` when no
    /// fetch is in flight any more. For sync callers; async code awaits
    /// [`KeyCache::fetch_finished`].
    pub fn wait_for_fetch(&self, timeout: Duration) -> bool {
        let state = self.lock();
        let generation = state.generation;
        let waited = self.shared.fetched.wait_timeout_while(state, timeout, |s| {
            s.in_flight && s.generation == generation
        });
        let state = waited.map_or_else(|e| e.into_inner().0, |(state, _)| state);
        !(state.in_flight && state.generation == generation)
    }

    /// A future that resolves once the fetch now in flight (if any) has ended, woken by that
    /// fetch's end: awaiting it never blocks a thread.
    pub fn fetch_finished(&self) -> FetchFinished {
        FetchFinished {
            generation: self.lock().generation,
            cache: self.clone(),
        }
    }

    /// The decision behind [`KeyCache::verify`]. Without `allowed.fetch` it never starts a
    /// fetch (a caller whose own fetch just ended settles with what it brought); without
    /// `allowed.wait` it answers instead of waiting.
    fn step(&self, verifier: &Verifier, token: &[u8], now: UnixTime, allowed: Allowed) -> Step {
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
                return self.fetch_or(now, allowed, || Err(Error::KeysUnavailable));
            }
        };
        let result = match &self.tokens {
            None => verifier.verify(token, &keys, now),
            Some(tokens) => tokens.verify(verifier, token, &keys, now),
        };
        match result {
            Err(Error::UnknownKey) => self.fetch_or(now, allowed, || {
                self.emit(&KeyEvent::KidMissLimited { url: &self.url });
                // The kid is not in the set: the token's fault only if the set is current.
                match self.lock().last_failure {
                    Some(_) => Err(Error::KeysUnavailable),
                    None => Err(Error::UnknownKey),
                }
            }),
            _ if freshness == Freshness::Due => match self.try_begin(now, allowed.fetch) {
                Ok(permit) => Step::Refresh(result, permit),
                // A refresh is under way or cooling down: the set keeps serving.
                Err(_) => Step::Done(result),
            },
            _ if freshness == Freshness::Stale => match self.try_begin(now, allowed.fetch) {
                Ok(permit) => Step::Fetch(permit),
                // The refetch is under way elsewhere, cooling down, or failed: the last good
                // set serves within the staleness bound.
                Err(_) => Step::Done(result),
            },
            _ => Step::Done(result),
        }
    }

    fn freshness(&self, snapshot: &Snapshot, now: UnixTime) -> Freshness {
        let Timing {
            max_age_secs,
            refresh_ahead_secs,
            max_stale_secs,
            ..
        } = self.timing;
        let age = now.as_secs().saturating_sub(snapshot.fetched_at.as_secs());
        if age < max_age_secs.saturating_sub(refresh_ahead_secs) {
            Freshness::Fresh
        } else if age < max_age_secs {
            Freshness::Due
        } else if age < max_age_secs.saturating_add(max_stale_secs) {
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
        allowed: Allowed,
        settled: impl FnOnce() -> Result<VerifiedToken, Error>,
    ) -> Step {
        match self.try_begin(now, allowed.fetch) {
            Ok(permit) => Step::Fetch(permit),
            Err(Busy::InFlight) if allowed.wait => Step::Wait,
            Err(_) => Step::Done(settled()),
        }
    }

    fn try_begin(&self, now: UnixTime, may_fetch: bool) -> Result<FetchPermit, Busy> {
        let mut state = self.lock();
        if state.in_flight {
            return Err(Busy::InFlight);
        }
        let cooled = state.last_attempt.is_none_or(|last| {
            now.as_secs() >= last.as_secs().saturating_add(self.timing.cooldown_secs)
                || now.as_secs() < last.as_secs() // a clock that went back never blocks forever
        });
        if !cooled || !may_fetch {
            return Err(Busy::Cooling);
        }
        state.in_flight = true;
        state.last_attempt = Some(now);
        state.fetches = state.fetches.saturating_add(1);
        drop(state);
        self.emit(&KeyEvent::FetchStarted { url: &self.url });
        Ok(FetchPermit {
            cache: self.clone(),
            done: false,
        })
    }

    /// A fetch for a `kid` this set may not hold yet, if one may start now (no fetch in
    /// flight, and the cooldown since the last one has passed): for routing a token among
    /// several caches before verifying it.
    pub(crate) fn begin_fetch(&self, now: UnixTime) -> Option<FetchPermit> {
        self.try_begin(now, true).ok()
    }

    /// Whether the set can be used at `now` and holds `kid`.
    pub(crate) fn holds_kid(&self, kid: &str, now: UnixTime) -> bool {
        let state = self.lock();
        state.current.as_ref().is_some_and(|s| {
            self.freshness(s, now) != Freshness::Unusable && s.keys.contains_kid(kid)
        })
    }

    /// Whether the set is known current: loaded, and its last fetch did not fail.
    pub(crate) fn is_current(&self) -> bool {
        let state = self.lock();
        state.current.is_some() && state.last_failure.is_none()
    }

    fn finish(
        &self,
        fetched: Result<&[u8], String>,
        now: UnixTime,
    ) -> Result<Arc<JwkSet>, RefreshError> {
        let parsed = match fetched {
            Ok(bytes) => JwkSet::from_public_json(bytes)
                .map(|keys| (Arc::new(keys), bytes))
                .map_err(|error| Failure {
                    error: RefreshError::Invalid(error),
                    cause: error.to_string(),
                }),
            Err(cause) => Err(Failure {
                error: RefreshError::Fetch,
                cause,
            }),
        };
        let mut outcome = None;
        self.end_fetch(|state| {
            outcome = Some(match parsed {
                Ok((keys, bytes)) => {
                    let changed = state.current.as_ref().is_none_or(|s| *s.bytes != *bytes);
                    state.current = Some(Snapshot {
                        keys: Arc::clone(&keys),
                        bytes: bytes.into(),
                        fetched_at: now,
                    });
                    state.last_failure = None;
                    Ok((keys, changed))
                }
                Err(failure) => {
                    state.last_failure = Some(failure.clone());
                    Err(failure)
                }
            });
        });
        match outcome {
            Some(Ok((keys, changed))) => {
                self.emit(&KeyEvent::FetchSucceeded {
                    url: &self.url,
                    keys: keys.keys().len(),
                    changed,
                });
                Ok(keys)
            }
            Some(Err(failure)) => {
                self.emit(&KeyEvent::FetchFailed {
                    url: &self.url,
                    cause: &failure.cause,
                });
                Err(failure.error)
            }
            None => Err(RefreshError::Fetch),
        }
    }

    /// Ends the fetch in flight: applies `update`, then wakes every waiter, blocking or async.
    fn end_fetch(&self, update: impl FnOnce(&mut State)) {
        let mut state = self.lock();
        state.in_flight = false;
        state.generation = state.generation.wrapping_add(1);
        update(&mut state);
        let wakers = core::mem::take(&mut state.wakers);
        drop(state);
        self.shared.fetched.notify_all();
        wakers.into_iter().for_each(Waker::wake);
    }

    fn emit(&self, event: &KeyEvent<'_>) {
        crate::observe::emit(self.observer.as_ref(), event);
    }

    /// The state, even if another thread panicked while holding the lock: every update
    /// leaves it consistent, so poisoning carries no meaning here.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.shared
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
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
            .field("cooldown_secs", &self.timing.cooldown_secs)
            .field("max_age_secs", &self.timing.max_age_secs)
            .field("refresh_ahead_secs", &self.timing.refresh_ahead_secs)
            .field("max_stale_secs", &self.timing.max_stale_secs)
            .field("keys", &current.map(|s| s.keys.keys().len()))
            .field("set_bytes", &current.map(|s| s.bytes.len()))
            .field("fetched_at", &current.map(|s| s.fetched_at))
            .field("in_flight", &state.in_flight)
            .field(
                "last_failure",
                &state.last_failure.as_ref().map(|f| f.error),
            )
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

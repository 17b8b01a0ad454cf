//! A cache of ALB public keys by `kid` that decides *when* to fetch, and leaves *how* to the
//! caller (sans-IO, like [`KeyCache`](crate::KeyCache)).
//!
//! An ALB publishes one key per `kid`, and a `kid`'s key never changes, so a cached key stays
//! until it is the least recently used of more than
//! [`MAX_ALB_KEYS`](crate::limits::MAX_ALB_KEYS). A `kid` not cached is fetched, one fetch at
//! a time (concurrent callers wait for it). A fetch that finds no key (403 or 404), or fails,
//! starts one cooldown shared by every uncached `kid`: a flood of invented `kid`s costs at
//! most one fetch per cooldown. A fetch that finds a key starts none, so a second load
//! balancer's key is not held up by the first's. A `kid` answered 403 or 404 is remembered as
//! absent for the cooldown.
//!
//! ```
//! use jwtgate::alb::{AlbKeyCache, AlbVerifier, KeyAnswer};
//! use jwtgate::UnixTime;
//! use std::time::Duration;
//! # const ARN: &str =
//! #     "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188";
//! let verifier = AlbVerifier::builder([ARN]).build()?;
//! let cache = AlbKeyCache::new("https://public-keys.auth.elb.eu-west-1.amazonaws.com");
//! # let token = "e30.e30.e30";
//! let result = cache.verify_fetching(&verifier, token, UnixTime::now(), Duration::from_secs(5), |url| {
//!     // GET `url` with any HTTP client (with feature `fetch`:
//!     // `HttpsFetcher::new().fetch_alb_key(url).into()`).
//!     let _ = url;
//!     KeyAnswer::Failed
//! });
//! assert_eq!(result.err().map(|e| e.code()), Some("algorithm"));
//! # Ok::<(), jwtgate::ConfigError>(())
//! ```

use super::{key_from_pem, key_url, AlbVerifier};
use crate::cache::KeyCache;
use crate::error::{ConfigError, Error};
use crate::jwk::Jwk;
use crate::limits::MAX_ALB_KEYS;
use crate::time::UnixTime;
use crate::token::VerifiedToken;
use std::string::String;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use std::vec::Vec;

/// What fetching `<keys url>/<kid>` gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyAnswer {
    /// Status 200 with this body (at most 4 KiB, any media type).
    Found(Vec<u8>),
    /// Status 403 or 404: there is no such key.
    Absent,
    /// Anything else: network, another status, a redirect, an oversize body.
    Failed,
}

#[cfg(feature = "fetch")]
impl From<Result<Vec<u8>, crate::fetch::FetchError>> for KeyAnswer {
    fn from(result: Result<Vec<u8>, crate::fetch::FetchError>) -> Self {
        use crate::fetch::FetchError;
        match result {
            Ok(body) => KeyAnswer::Found(body),
            Err(FetchError::Status(403 | 404)) => KeyAnswer::Absent,
            Err(_) => KeyAnswer::Failed,
        }
    }
}

/// The public keys of the load balancers behind one keys URL.
#[derive(Debug)]
pub struct AlbKeyCache {
    keys_url: String,
    cooldown_secs: u64,
    state: Mutex<State>,
    fetched: Condvar,
}

#[derive(Debug, Default)]
struct State {
    /// Cached keys with the tick they were last used at (least recently used goes first).
    keys: Vec<(String, Arc<Jwk>, u64)>,
    tick: u64,
    /// `kid`s answered 403/404, with when that fetch started.
    absent: Vec<(String, UnixTime)>,
    /// A fetch is under way (its permit is alive).
    in_flight: bool,
    /// Bumped whenever a fetch ends, so waiters know theirs has.
    generation: u64,
    /// When the last fetch that found no key started: the shared cooldown runs from here.
    cooling_since: Option<UnixTime>,
    /// Whether the last fetch that found no key failed (rather than answering 403/404).
    last_failed: bool,
    fetches: u64,
}

/// What the caller should do next; see [`AlbKeyCache::verify`].
#[derive(Debug)]
#[must_use]
pub enum AlbStep<'c> {
    /// Verification finished with this result.
    Done(Result<VerifiedToken, Error>),
    /// Fetch [`AlbFetchPermit::url`], hand the answer to the permit, then verify again.
    Fetch(AlbFetchPermit<'c>),
    /// Another caller's fetch is under way: wait for it ([`AlbKeyCache::wait_for_fetch`]),
    /// then verify again.
    Wait,
}

/// The right to run the one fetch in flight, for one `kid`. Dropping it unanswered counts as
/// a failed fetch, so a cancelled fetch never wedges the cache.
#[derive(Debug)]
#[must_use = "a permit is the caller's turn to fetch"]
pub struct AlbFetchPermit<'c> {
    cache: &'c AlbKeyCache,
    kid: String,
    url: String,
    started: UnixTime,
    done: bool,
}

impl AlbFetchPermit<'_> {
    /// The URL to GET: `<keys url>/<kid>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The `kid` being fetched.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// Hands over the answer. A body that is not an ALB public key ([`key_from_pem`]) counts
    /// as a failed fetch, and its error is returned.
    pub fn answer(mut self, answer: KeyAnswer) -> Result<(), ConfigError> {
        self.done = true;
        let outcome = match answer {
            KeyAnswer::Found(body) => key_from_pem(&body).map(Outcome::Key),
            KeyAnswer::Absent => Ok(Outcome::Absent),
            KeyAnswer::Failed => Ok(Outcome::Failed),
        };
        match outcome {
            Ok(outcome) => {
                self.cache.finish(&self.kid, self.started, outcome);
                Ok(())
            }
            Err(error) => {
                self.cache.finish(&self.kid, self.started, Outcome::Failed);
                Err(error)
            }
        }
    }
}

impl Drop for AlbFetchPermit<'_> {
    fn drop(&mut self) {
        if !self.done {
            self.cache.finish(&self.kid, self.started, Outcome::Failed);
        }
    }
}

enum Outcome {
    Key(Jwk),
    Absent,
    Failed,
}

/// Where a `kid` stands.
enum Lookup {
    Key(Arc<Jwk>),
    Refused(Error),
    InFlight,
    Fetch,
}

impl AlbKeyCache {
    /// An empty cache for the keys published under `keys_url` (`<keys_url>/<kid>`), with the
    /// default cooldown of 10 s.
    pub fn new(keys_url: impl Into<String>) -> AlbKeyCache {
        AlbKeyCache {
            keys_url: keys_url.into(),
            cooldown_secs: KeyCache::DEFAULT_COOLDOWN_SECS,
            state: Mutex::new(State::default()),
            fetched: Condvar::new(),
        }
    }

    /// Sets the cooldown after a fetch that found no key, in seconds.
    #[must_use]
    pub fn with_cooldown_secs(mut self, secs: u64) -> AlbKeyCache {
        self.cooldown_secs = secs;
        self
    }

    /// The keys URL, as given.
    pub fn keys_url(&self) -> &str {
        &self.keys_url
    }

    /// How many fetches this cache has started.
    pub fn fetch_count(&self) -> u64 {
        self.lock().fetches
    }

    /// How many keys are cached.
    pub fn len(&self) -> usize {
        self.lock().keys.len()
    }

    /// Whether no key is cached.
    pub fn is_empty(&self) -> bool {
        self.lock().keys.is_empty()
    }

    /// One step of verification: the result, or a fetch to run for the token's `kid`, or a
    /// fetch in flight to wait for. A token refused before the key (structure, header, `alg`,
    /// `kid` syntax) never causes a fetch.
    pub fn verify(
        &self,
        verifier: &AlbVerifier,
        token: impl AsRef<[u8]>,
        now: UnixTime,
    ) -> AlbStep<'_> {
        let token = token.as_ref();
        let kid = match verifier.key_id(token) {
            Ok(kid) => kid,
            Err(error) => return AlbStep::Done(Err(error)),
        };
        match self.lookup(&kid, now, true) {
            Lookup::Key(key) => AlbStep::Done(verifier.verify(token, &key, now)),
            Lookup::Refused(error) => AlbStep::Done(Err(error)),
            Lookup::InFlight => AlbStep::Wait,
            Lookup::Fetch => AlbStep::Fetch(AlbFetchPermit {
                cache: self,
                url: key_url(&self.keys_url, &kid),
                kid,
                started: now,
                done: false,
            }),
        }
    }

    /// Runs [`AlbKeyCache::verify`] to the end, fetching with `fetch` (given the key URL) when
    /// the cache asks, and waiting up to `wait` for another caller's fetch. When the key could
    /// not be had because fetching failed, the error is [`Error::KeysUnavailable`].
    pub fn verify_fetching(
        &self,
        verifier: &AlbVerifier,
        token: impl AsRef<[u8]>,
        now: UnixTime,
        wait: Duration,
        mut fetch: impl FnMut(&str) -> KeyAnswer,
    ) -> Result<VerifiedToken, Error> {
        let token = token.as_ref();
        // One fetch of our own at most; before it, wait for others', `wait` in all.
        let deadline = std::time::Instant::now().checked_add(wait);
        loop {
            match self.verify(verifier, token, now) {
                AlbStep::Done(result) => return result,
                AlbStep::Fetch(permit) => {
                    let answer = fetch(permit.url());
                    let _ = permit.answer(answer);
                    break;
                }
                AlbStep::Wait => {
                    let left = deadline.map_or(wait, |d| {
                        d.saturating_duration_since(std::time::Instant::now())
                    });
                    if left.is_zero() {
                        break;
                    }
                    self.wait_for_fetch(left);
                }
            }
        }
        let kid = verifier.key_id(token)?;
        match self.lookup(&kid, now, false) {
            Lookup::Key(key) => verifier.verify(token, &key, now),
            Lookup::Refused(error) => Err(error),
            // Waited in vain for another caller's fetch.
            Lookup::InFlight | Lookup::Fetch => Err(Error::KeysUnavailable),
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

    /// Where `kid` stands at `now`; with `start`, a fetch that may start is started.
    fn lookup(&self, kid: &str, now: UnixTime, start: bool) -> Lookup {
        let mut state = self.lock();
        let state = &mut *state;
        state.tick = state.tick.wrapping_add(1);
        let tick = state.tick;
        if let Some((_, key, used)) = state.keys.iter_mut().find(|(k, _, _)| k == kid) {
            *used = tick;
            return Lookup::Key(Arc::clone(key));
        }
        let within = |since: UnixTime| {
            // A clock that went back never blocks forever.
            now.as_secs() >= since.as_secs()
                && now.as_secs() < since.as_secs().saturating_add(self.cooldown_secs)
        };
        state.absent.retain(|(_, since)| within(*since));
        if state.absent.iter().any(|(k, _)| k == kid) {
            return Lookup::Refused(Error::UnknownKey);
        }
        if state.in_flight {
            return Lookup::InFlight;
        }
        if state.cooling_since.is_some_and(within) || !start {
            // Known current only if the last fetch that found nothing was a clear 403/404.
            return Lookup::Refused(if state.last_failed {
                Error::KeysUnavailable
            } else {
                Error::UnknownKey
            });
        }
        state.in_flight = true;
        state.fetches = state.fetches.saturating_add(1);
        Lookup::Fetch
    }

    fn finish(&self, kid: &str, started: UnixTime, outcome: Outcome) {
        let mut state = self.lock();
        state.in_flight = false;
        state.generation = state.generation.wrapping_add(1);
        state.tick = state.tick.wrapping_add(1);
        match outcome {
            Outcome::Key(key) => {
                let tick = state.tick;
                state.absent.retain(|(k, _)| k != kid);
                if state.keys.len() >= MAX_ALB_KEYS {
                    let oldest = state
                        .keys
                        .iter()
                        .enumerate()
                        .min_by_key(|(_, (_, _, used))| *used)
                        .map(|(i, _)| i);
                    if let Some(i) = oldest {
                        state.keys.swap_remove(i);
                    }
                }
                state.keys.push((kid.into(), Arc::new(key), tick));
            }
            Outcome::Absent => {
                state.cooling_since = Some(started);
                state.last_failed = false;
                state.absent.retain(|(k, _)| k != kid);
                state.absent.push((kid.into(), started));
            }
            Outcome::Failed => {
                state.cooling_since = Some(started);
                state.last_failed = true;
            }
        }
        drop(state);
        self.fetched.notify_all();
    }

    /// The state, even if another thread panicked while holding the lock: every update
    /// leaves it consistent, so poisoning carries no meaning here.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

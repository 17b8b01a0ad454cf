//! [`Gate`]: one policy over a key source, verifying the bearer token of a request.

use crate::bearer::bearer_token;
use crate::rejection::Rejection;
use http::HeaderMap;
use jwtgate::cognito::Pools;
use jwtgate::{AsyncHttpsFetcher, Error, Issuers, KeyCache, UnixTime, VerifiedToken, Verifier};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// What a fetch function returns: the body fetched, or why not (kept as the cache's
/// `last_failure`, for the operator; never shown to a client).
pub type FetchFuture = Pin<Box<dyn Future<Output = Result<Vec<u8>, String>> + Send>>;

type FetchFn = Arc<dyn Fn(String) -> FetchFuture + Send + Sync>;
type Clock = Arc<dyn Fn() -> UnixTime + Send + Sync>;

/// Verifies the bearer token of a request: a policy over a key source, a fetcher for key
/// sets, a clock, and the answers' details. Cheap to clone.
///
/// Build one per route policy; give them clones of one [`KeyCache`] (or of one
/// [`Issuers`]/[`Pools`]) so that every route verifies against one key set, fetched once.
#[derive(Clone)]
pub struct Gate {
    issuers: Issuers,
    fetch: FetchFn,
    clock: Clock,
    cookie: Option<Arc<str>>,
    scope: Option<Arc<str>>,
    /// The clock of the claims, when it is not the cache's (`with_claims_clock`).
    claims_clock: Option<Clock>,
    /// The one policy and cache of a gate made by `Gate::new`.
    single: Option<(Verifier, KeyCache)>,
}

/// A scope challenge that cannot be written into `WWW-Authenticate`: not one or more
/// RFC 6749 §3.3 scope tokens (printable ASCII other than `"` and `\`) separated by single
/// spaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidScope;

impl fmt::Display for InvalidScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("scope challenge is not a space-separated list of RFC 6749 scope tokens")
    }
}

impl std::error::Error for InvalidScope {}

impl Gate {
    /// Tokens verified by `verifier` against the set of `cache`, fetched over HTTPS
    /// ([`AsyncHttpsFetcher::new`]), at the system clock.
    pub fn new(verifier: Verifier, cache: KeyCache) -> Gate {
        let mut gate =
            Gate::issuers(Issuers::new().with_issuer("", verifier.clone(), cache.clone()));
        gate.single = Some((verifier, cache));
        gate
    }

    /// Tokens of several issuers, each with its own policy and cache, routed by `kid`
    /// ([`Issuers`]).
    pub fn issuers(issuers: Issuers) -> Gate {
        let fetcher = AsyncHttpsFetcher::new();
        Gate {
            issuers,
            fetch: https(fetcher),
            clock: Arc::new(UnixTime::now),
            cookie: None,
            scope: None,
            claims_clock: None,
            single: None,
        }
    }

    /// Tokens of several Amazon Cognito user pools ([`Pools`]).
    pub fn pools(pools: Pools) -> Gate {
        Gate::issuers(pools.into_issuers())
    }

    /// Fetches key sets with this fetcher (for example one that allows loopback HTTP, other
    /// timeouts or a private certificate authority).
    #[must_use]
    pub fn with_fetcher(mut self, fetcher: AsyncHttpsFetcher) -> Gate {
        self.fetch = https(fetcher);
        self
    }

    /// Fetches key sets with any async function of the URL returning the body (another
    /// HTTP client, a test double). It should bound its own time: callers await it.
    #[must_use]
    pub fn with_fetch_fn<F, Fut, E>(mut self, fetch: F) -> Gate
    where
        F: Fn(String) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Vec<u8>, E>> + Send + 'static,
        E: fmt::Display,
    {
        self.fetch = Arc::new(move |url| {
            let fetched = fetch(url);
            Box::pin(async move { fetched.await.map_err(|error| error.to_string()) })
        });
        self
    }

    /// Reads the time from `clock` instead of the system clock, for the claims (`exp`,
    /// `nbf`, `iat`) and the key cache's timers (cooldown, maximum age) alike.
    #[must_use]
    pub fn with_clock(mut self, clock: impl Fn() -> UnixTime + Send + Sync + 'static) -> Gate {
        self.clock = Arc::new(clock);
        self
    }

    /// Reads the time of the claims (`exp`, `nbf`, `iat`) from `clock`, while the key
    /// cache's timers keep the other clock (the system's, or [`Gate::with_clock`]'s): for a
    /// service checking fixed test tokens whose key set still ages, cools down and recovers
    /// in real time.
    ///
    /// For a gate over one cache ([`Gate::new`]), the cache decides on its clock what to
    /// fetch and which keys to use, then the claims are checked at `clock` against the keys it
    /// settled on (verified twice when the two clocks disagree). A gate
    /// over several issuers ([`Gate::issuers`], [`Gate::pools`]) cannot split the clocks:
    /// there `clock` drives both.
    #[must_use]
    pub fn with_claims_clock(
        mut self,
        clock: impl Fn() -> UnixTime + Send + Sync + 'static,
    ) -> Gate {
        self.claims_clock = Some(Arc::new(clock));
        self
    }

    /// Also takes the token from the cookie `name` when the request has no `Authorization:
    /// Bearer` header.
    #[must_use]
    pub fn with_cookie(mut self, name: impl Into<String>) -> Gate {
        self.cookie = Some(name.into().into());
        self
    }

    /// Names `scope` in the challenge of a scope rejection (`Bearer
    /// error="insufficient_scope", scope="<scope>"`): the scope the route's policy requires.
    pub fn with_scope_challenge(mut self, scope: &str) -> Result<Gate, InvalidScope> {
        let valid = !scope.is_empty()
            && scope.split(' ').all(|token| {
                !token.is_empty()
                    && token
                        .bytes()
                        .all(|b| matches!(b, 0x21 | 0x23..=0x5b | 0x5d..=0x7e))
            });
        if !valid {
            return Err(InvalidScope);
        }
        self.scope = Some(scope.into());
        Ok(self)
    }

    /// The issuers (policies and caches) this gate verifies against: to preload, export or
    /// watch a cache.
    pub fn key_source(&self) -> &Issuers {
        &self.issuers
    }

    /// Verifies the bearer token of a request with these headers: `Ok(Some(token))` when it
    /// verifies, `Ok(None)` when the request carries no token, and the rejection otherwise
    /// (bearer syntax, the token's own faults, `keys-unavailable`).
    ///
    /// Never blocks a thread: key fetches are awaited, and a refresh that comes due is
    /// spawned on the current Tokio runtime (run before returning when there is none).
    pub async fn authenticate(
        &self,
        headers: &HeaderMap,
    ) -> Result<Option<VerifiedToken>, Rejection> {
        let Some(token) =
            bearer_token(headers, self.cookie.as_deref()).map_err(|r| self.challenge(r))?
        else {
            return Ok(None);
        };
        self.verify(token).await.map(Some)
    }

    /// Verifies `token` (a compact JWS) under this gate's policy and key source.
    pub async fn verify(&self, token: impl AsRef<[u8]>) -> Result<VerifiedToken, Rejection> {
        let token = token.as_ref();
        let now = (self.clock)();
        let claims_now = self.claims_clock.as_ref().map(|clock| clock());
        // Over several issuers the clocks cannot be split: the claims' clock drives both.
        let cache_now = match &self.single {
            Some(_) => now,
            None => claims_now.unwrap_or(now),
        };
        let fetch = &self.fetch;
        let verification = self
            .issuers
            .verify_async(token, cache_now, |url| fetch(url))
            .await;
        if let Some(refresh) = verification.refresh {
            let fetch = Arc::clone(&self.fetch);
            let run = async move {
                let _ = refresh.run(|url| fetch(url), cache_now).await;
            };
            match tokio::runtime::Handle::try_current() {
                Ok(runtime) => drop(runtime.spawn(run)),
                Err(_) => run.await,
            }
        }
        let result = match (claims_now, &self.single) {
            (Some(claims_now), Some((verifier, cache)))
                if claims_now != cache_now && judged_claims(&verification.result) =>
            {
                // The key and signature were settled at the cache's time; the claims are
                // judged at the claims' time.
                match cache.keys() {
                    Some(keys) => verifier.verify(token, &keys, claims_now),
                    None => verification.result,
                }
            }
            _ => verification.result,
        };
        result.map_err(|error| self.challenge(Rejection::from(error)))
    }

    fn challenge(&self, rejection: Rejection) -> Rejection {
        rejection.with_scope_challenge(self.scope.clone())
    }
}

/// Whether verification reached the claims (step 5 of the contract's order): a verified
/// token, or a rejection of its claims; the keys and the signature were fine.
fn judged_claims(result: &Result<VerifiedToken, Error>) -> bool {
    match result {
        Ok(_) => true,
        Err(error) => matches!(
            error,
            Error::Expired
                | Error::NotYetValid
                | Error::TooOld
                | Error::Issuer
                | Error::Audience
                | Error::TokenUse
                | Error::Group
                | Error::Scope
                | Error::MissingClaim
                | Error::InvalidClaim(_)
        ),
    }
}

fn https(fetcher: AsyncHttpsFetcher) -> FetchFn {
    Arc::new(move |url| {
        let fetcher = fetcher.clone();
        Box::pin(async move { fetcher.fetch(&url).await.map_err(|error| error.to_string()) })
    })
}

impl fmt::Debug for Gate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gate")
            .field("issuers", &self.issuers)
            .field("cookie", &self.cookie)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

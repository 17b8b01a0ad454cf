//! [`Authorizer`]: API Gateway authorizer events in, answers out.

use crate::bearer::{token_from_header, NoToken};
use crate::config::{AuthorizerKind, Config, ConfigError, Policy};
use crate::preload::{preload, PreloadError};
use aws_lambda_events::apigw::{
    ApiGatewayCustomAuthorizerPolicy, ApiGatewayCustomAuthorizerRequest,
    ApiGatewayCustomAuthorizerResponse, ApiGatewayV2CustomAuthorizerSimpleResponse,
    ApiGatewayV2CustomAuthorizerV2Request,
};
use aws_lambda_events::iam::{IamPolicyEffect, IamPolicyStatement};
use jwtgate::cognito::TokenUse;
use jwtgate::{AsyncHttpsFetcher, Error, KeyCache, UnixTime, VerifiedToken, Verifier};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

/// The `context` of an answer: string, number and boolean values only.
pub type Context = Map<String, Value>;

/// What a key set fetch returns: the body, or why not (the cache's `last_failure`).
pub type FetchFuture = Pin<Box<dyn Future<Output = Result<Vec<u8>, String>> + Send>>;

type FetchFn = Arc<dyn Fn(String) -> FetchFuture + Send + Sync>;
type LogFn = Arc<dyn Fn(&LogEvent<'_>) + Send + Sync>;

/// Why an event got no answer. Its `Display` is what the function returns as the error
/// message: exactly `Unauthorized` for [`HandlerError::Unauthorized`] (API Gateway's 401 for a
/// REST API TOKEN authorizer); anything else makes API Gateway answer 500.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum HandlerError {
    /// REST API TOKEN authorizer: the token is missing or invalid.
    Unauthorized,
    /// No usable key set could be had from the key source: a fault of the key source, never
    /// of the token (a Lambda authorizer cannot answer 503, so API Gateway answers 500).
    KeysUnavailable,
    /// The event is not the authorizer event this function is configured for.
    BadEvent(&'static str),
}

impl HandlerError {
    /// A short type name for the function's error (`errorType`).
    pub const fn error_type(&self) -> &'static str {
        match self {
            HandlerError::Unauthorized => "Unauthorized",
            HandlerError::KeysUnavailable => "KeysUnavailable",
            HandlerError::BadEvent(_) => "BadEvent",
        }
    }
}

impl fmt::Display for HandlerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HandlerError::Unauthorized => f.write_str("Unauthorized"),
            HandlerError::KeysUnavailable => {
                f.write_str("keys-unavailable: no usable key set could be had from the key source")
            }
            HandlerError::BadEvent(why) => write!(f, "bad event: {why}"),
        }
    }
}

impl std::error::Error for HandlerError {}

/// What the authorizer reports to its log, once per event that is not allowed. Never holds a
/// byte of the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LogEvent<'a> {
    /// The token is missing or invalid: the reason's code (`missing-token`, `malformed`, or
    /// the core's [`Error::code`]).
    Rejected {
        /// Why.
        code: &'static str,
    },
    /// The token verified, but fails the route's policy (`scope` or `group`).
    Denied {
        /// Why.
        code: &'static str,
        /// The route key the policy was chosen by.
        route: &'a str,
    },
    /// No usable key set: the cache's last fetch failure, when there was one.
    KeysUnavailable {
        /// The fetcher's error text (never response bytes).
        cause: Option<&'a str>,
    },
    /// The event is not the one this function is configured for.
    BadEvent {
        /// Why.
        why: &'static str,
    },
}

impl fmt::Display for LogEvent<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LogEvent::Rejected { code } => write!(f, "jwtgate: rejected: {code}"),
            LogEvent::Denied { code, route } => {
                write!(f, "jwtgate: denied: {code} (route {route:?})")
            }
            LogEvent::KeysUnavailable { cause } => write!(
                f,
                "jwtgate: keys-unavailable: {}",
                cause.unwrap_or("no key set has been fetched")
            ),
            LogEvent::BadEvent { why } => write!(f, "jwtgate: bad event: {why}"),
        }
    }
}

/// The authorizer could not be set up.
#[derive(Debug)]
#[non_exhaustive]
pub enum SetupError {
    /// A setting is wrong.
    Config(ConfigError),
    /// The bundled key set (`JWTGATE_JWKS_FILE`) was refused.
    Preload(PreloadError),
}

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SetupError::Config(error) => error.fmt(f),
            SetupError::Preload(error) => write!(f, "JWTGATE_JWKS_FILE: {error}"),
        }
    }
}

impl std::error::Error for SetupError {}

impl From<ConfigError> for SetupError {
    fn from(error: ConfigError) -> SetupError {
        SetupError::Config(error)
    }
}

impl From<PreloadError> for SetupError {
    fn from(error: PreloadError) -> SetupError {
        SetupError::Preload(error)
    }
}

/// The decision on one token, before it becomes an answer of either kind.
enum Verdict {
    // Boxed: a verified token is far larger than the other verdicts.
    Allow(Box<VerifiedToken>),
    Deny { principal: String },
    Reject,
    KeysUnavailable,
}

/// A configured authorizer: the user pool's policies over one key set cache. Build it once,
/// at the function's start, and give it every event with the time.
///
/// Key set fetches (the first, a refresh, an unknown `kid`) run inside the invocation,
/// awaited and bounded by the fetch timeout: a Lambda function is frozen between events, so
/// nothing runs beside them.
#[derive(Clone)]
pub struct Authorizer {
    kind: AuthorizerKind,
    cache: KeyCache,
    /// Pool, clients, token use and `sub`, without a route's scopes or groups: names the
    /// principal of a Deny.
    base: Verifier,
    default_policy: Verifier,
    routes: Arc<BTreeMap<String, Verifier>>,
    token_use: TokenUse,
    fetch: FetchFn,
    log: Option<LogFn>,
}

impl fmt::Debug for Authorizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authorizer")
            .field("kind", &self.kind)
            .field("cache", &self.cache.url())
            .field("routes", &self.routes.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl Authorizer {
    /// Sets up the authorizer: the verifiers, the key set cache (preloaded from
    /// `config.jwks_file` when given, aged from the bundle's `fetched_at`), and the HTTPS
    /// fetcher. `now` is the time the bundle's date is checked against.
    pub fn new(config: &Config, now: UnixTime) -> Result<Authorizer, SetupError> {
        let pool = &config.pool;
        let mut base = pool.verifier().token_use(config.token_use);
        for client in &config.client_ids {
            base = base.client_id(client.as_str());
        }
        let base = base.require_claim("sub");
        let build = |policy: &Policy| {
            let mut builder = base.clone();
            for scope in &policy.scopes {
                builder = builder.scope(scope.as_str());
            }
            for group in &policy.groups {
                builder = builder.group(group.as_str());
            }
            builder.build().map_err(|_| {
                ConfigError::new(
                    "JWTGATE_SCOPES/JWTGATE_GROUPS",
                    "the policy cannot be built",
                )
            })
        };
        let default_policy = build(&config.policy)?;
        let mut routes = BTreeMap::new();
        for (route, policy) in &config.routes {
            routes.insert(route.clone(), build(policy)?);
        }
        let base = base
            .build()
            .map_err(|_| ConfigError::new("JWTGATE_CLIENT_IDS", "the verifier cannot be built"))?;

        let url = config.jwks_url.clone().unwrap_or_else(|| pool.jwks_url());
        let connect = config.fetch_timeout.min(Duration::from_secs(2));
        let mut fetcher = AsyncHttpsFetcher::new().with_timeouts(connect, config.fetch_timeout);
        if url.starts_with("http://") {
            fetcher = fetcher.allow_loopback_http();
        }
        fetcher.check_url(&url).map_err(|_| {
            ConfigError::new(
                "JWTGATE_JWKS_URL",
                "must be https:// (or http:// to a loopback address), without credentials",
            )
        })?;
        let cache = KeyCache::new(url)
            .with_max_age_secs(config.max_age_secs)
            .with_max_stale_secs(config.max_stale_secs);
        if let Some(path) = &config.jwks_file {
            let bundle = std::fs::read(path).map_err(|_| PreloadError::Read)?;
            preload(&cache, &bundle, now)?;
        }
        Ok(Authorizer {
            kind: config.kind,
            cache,
            base,
            default_policy,
            routes: Arc::new(routes),
            token_use: config.token_use,
            fetch: https(fetcher),
            log: None,
        })
    }

    /// Reports each event that is not allowed to `log` (the example writes them to standard
    /// error, which Lambda sends to CloudWatch Logs).
    #[must_use]
    pub fn with_log(mut self, log: impl Fn(&LogEvent<'_>) + Send + Sync + 'static) -> Authorizer {
        self.log = Some(Arc::new(log));
        self
    }

    /// Fetches key sets with any async function of the URL returning the body, instead of
    /// the HTTPS fetcher. It should bound its own time: the invocation awaits it.
    #[must_use]
    pub fn with_fetch_fn<F, Fut, E>(mut self, fetch: F) -> Authorizer
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

    /// The key set cache: to watch its fetches or its last failure.
    pub fn cache(&self) -> &KeyCache {
        &self.cache
    }

    /// Which authorizer this is.
    pub fn kind(&self) -> AuthorizerKind {
        self.kind
    }

    /// Answers one event, as the Lambda runtime hands it over (JSON), at `now`: the
    /// configured kind's answer, or the error the function returns.
    pub async fn handle(&self, event: Value, now: UnixTime) -> Result<Value, HandlerError> {
        match self.kind {
            AuthorizerKind::Http => {
                let request = self.http_event(event)?;
                let answer = self.authorize_http(&request, now).await?;
                serde_json::to_value(answer)
                    .map_err(|_| HandlerError::BadEvent("the answer cannot be written"))
            }
            AuthorizerKind::Rest => {
                let request = self.token_event(event)?;
                let answer = self.authorize_token(&request, now).await?;
                let mut answer = serde_json::to_value(answer)
                    .map_err(|_| HandlerError::BadEvent("the answer cannot be written"))?;
                // No API key: the member is left out rather than sent as `null`.
                if let Some(members) = answer.as_object_mut() {
                    if members.get("usageIdentifierKey") == Some(&Value::Null) {
                        members.remove("usageIdentifierKey");
                    }
                }
                Ok(answer)
            }
        }
    }

    /// An HTTP API authorizer event, payload format 2.0. Serde's messages are not passed on:
    /// they may quote the event, token included.
    fn http_event(
        &self,
        event: Value,
    ) -> Result<ApiGatewayV2CustomAuthorizerV2Request, HandlerError> {
        const NOT_V2: &str = "not an HTTP API Lambda authorizer event with payload format 2.0 \
            (JWTGATE_AUTHORIZER=http)";
        if !event.is_object() {
            return Err(self.bad_event(NOT_V2));
        }
        if event.get("type").and_then(Value::as_str) == Some("TOKEN") {
            return Err(
                self.bad_event("a REST API TOKEN authorizer event, but JWTGATE_AUTHORIZER=http")
            );
        }
        if event.get("version").and_then(Value::as_str) == Some("1.0") {
            return Err(self.bad_event(
                "payload format 1.0: configure the HTTP API authorizer with payload format 2.0 \
                 and simple responses",
            ));
        }
        let request: ApiGatewayV2CustomAuthorizerV2Request =
            serde_json::from_value(event).map_err(|_| self.bad_event(NOT_V2))?;
        if request.version.as_deref() != Some("2.0") || request.type_.as_deref() != Some("REQUEST")
        {
            return Err(self.bad_event(NOT_V2));
        }
        Ok(request)
    }

    /// A REST API TOKEN authorizer event.
    fn token_event(&self, event: Value) -> Result<ApiGatewayCustomAuthorizerRequest, HandlerError> {
        const NOT_TOKEN: &str = "not a REST API TOKEN authorizer event (JWTGATE_AUTHORIZER=rest)";
        if !event.is_object() {
            return Err(self.bad_event(NOT_TOKEN));
        }
        match event.get("type").and_then(Value::as_str) {
            Some("TOKEN") => {}
            Some("REQUEST") => {
                return Err(self.bad_event(
                    "a REQUEST authorizer event, but JWTGATE_AUTHORIZER=rest answers TOKEN \
                     authorizers only",
                ))
            }
            _ => return Err(self.bad_event(NOT_TOKEN)),
        }
        serde_json::from_value(event).map_err(|_| self.bad_event(NOT_TOKEN))
    }

    /// Answers an HTTP API authorizer event (payload format 2.0) with a simple response:
    /// `isAuthorized: true` and a small context for a valid token that meets the route's
    /// policy; `isAuthorized: false` (API Gateway's 403) for a missing or invalid token and for
    /// a scope or group the route requires; an error when no key set can be had.
    ///
    /// The token is the request's one `Authorization` header: `Bearer <token>` or the bare
    /// token. The route's policy is chosen by the event's `routeKey`.
    pub async fn authorize_http(
        &self,
        request: &ApiGatewayV2CustomAuthorizerV2Request,
        now: UnixTime,
    ) -> Result<ApiGatewayV2CustomAuthorizerSimpleResponse<Context>, HandlerError> {
        let route = request.route_key.as_deref().unwrap_or_default();
        let mut values = request.headers.get_all("authorization").iter();
        let header = match (values.next(), values.next()) {
            (None, _) => Err(NoToken::Missing),
            // Several headers (an array in the event), one token or not: refused.
            (Some(_), Some(_)) => Err(NoToken::Malformed),
            (Some(value), None) => value.to_str().map_err(|_| NoToken::Malformed),
        };
        let verdict = match header.and_then(token_from_header) {
            Ok(token) => self.judge(token, route, now).await,
            Err(no_token) => self.reject(no_token.code()),
        };
        let mut answer = ApiGatewayV2CustomAuthorizerSimpleResponse::<Context>::default();
        match verdict {
            Verdict::Allow(verified) => {
                answer.is_authorized = true;
                answer.context = self.context(&verified);
            }
            Verdict::Deny { .. } | Verdict::Reject => answer.is_authorized = false,
            Verdict::KeysUnavailable => return Err(HandlerError::KeysUnavailable),
        }
        Ok(answer)
    }

    /// Answers a REST API TOKEN authorizer event: an Allow policy for the `methodArn` with
    /// `principalId` = `sub` and a small context for a valid token that meets the route's
    /// policy; a Deny policy (API Gateway's 403) for a verified token that fails the route's
    /// scope or group; the error `Unauthorized` (401) for a missing or invalid token; another
    /// error (500) when no key set can be had.
    ///
    /// `authorizationToken` is the whole header value: `Bearer <token>` or the bare token.
    /// The route's policy is chosen by `METHOD /path` from the `methodArn`.
    pub async fn authorize_token(
        &self,
        request: &ApiGatewayCustomAuthorizerRequest,
        now: UnixTime,
    ) -> Result<ApiGatewayCustomAuthorizerResponse<Context>, HandlerError> {
        let method_arn = request
            .method_arn
            .as_deref()
            .ok_or_else(|| self.bad_event("no `methodArn`"))?;
        let route = route_of_method_arn(method_arn)
            .ok_or_else(|| self.bad_event("`methodArn` is not an execute-api method ARN"))?;
        let verdict = match request
            .authorization_token
            .as_deref()
            .ok_or(NoToken::Missing)
            .and_then(token_from_header)
        {
            Ok(token) => self.judge(token, &route, now).await,
            Err(no_token) => self.reject(no_token.code()),
        };
        let (principal, effect, context) = match verdict {
            Verdict::Allow(verified) => {
                let principal = verified.subject().unwrap_or_default().to_string();
                (principal, IamPolicyEffect::Allow, self.context(&verified))
            }
            Verdict::Deny { principal } => (principal, IamPolicyEffect::Deny, Context::new()),
            Verdict::Reject => return Err(HandlerError::Unauthorized),
            Verdict::KeysUnavailable => return Err(HandlerError::KeysUnavailable),
        };
        let mut statement = IamPolicyStatement::default();
        statement.action = vec!["execute-api:Invoke".to_owned()];
        statement.effect = effect;
        statement.resource = vec![method_arn.to_owned()];
        let mut policy = ApiGatewayCustomAuthorizerPolicy::default();
        policy.version = Some("2012-10-17".to_owned());
        policy.statement = vec![statement];
        let mut answer = ApiGatewayCustomAuthorizerResponse::<Context>::default();
        answer.principal_id = Some(principal);
        answer.policy_document = policy;
        answer.context = context;
        Ok(answer)
    }

    /// Verifies `token` under the route's policy, fetching the key set when the cache says
    /// so; then runs a refresh that came due, awaited, before the answer leaves (the function
    /// is frozen once it has answered).
    async fn judge(&self, token: &str, route: &str, now: UnixTime) -> Verdict {
        let policy = self.routes.get(route).unwrap_or(&self.default_policy);
        let fetch = &self.fetch;
        let verification = self
            .cache
            .verify_async(policy, token, now, |url| fetch(url))
            .await;
        let verdict = match verification.result {
            Ok(verified) => Verdict::Allow(Box::new(verified)),
            Err(Error::KeysUnavailable) => {
                let failure = self.cache.last_failure();
                self.emit(&LogEvent::KeysUnavailable {
                    cause: failure.as_ref().map(|(_, cause)| cause.as_str()),
                });
                Verdict::KeysUnavailable
            }
            Err(error @ (Error::Scope | Error::Group)) => {
                // Everything but the route's scope or group passed: the base policy names
                // the principal of the Deny.
                let principal = self
                    .cache
                    .keys()
                    .and_then(|keys| self.base.verify(token, &keys, now).ok())
                    .and_then(|verified| verified.subject().map(|sub| sub.to_string()));
                match principal {
                    Some(principal) => {
                        self.emit(&LogEvent::Denied {
                            code: error.code(),
                            route,
                        });
                        Verdict::Deny { principal }
                    }
                    None => self.reject(error.code()),
                }
            }
            Err(error) => self.reject(error.code()),
        };
        if let Some(refresh) = verification.refresh {
            let _ = refresh.run(|url| fetch(url), now).await;
        }
        verdict
    }

    /// The answer's context: `sub`, `username`, `token_use`, `scope`, `groups` (joined with
    /// spaces) and `exp`, those the token has; strings and numbers only.
    fn context(&self, verified: &VerifiedToken) -> Context {
        let mut context = Context::new();
        let mut put = |name: &str, value: Option<String>| {
            if let Some(value) = value {
                context.insert(name.to_owned(), Value::String(value));
            }
        };
        let text = |name: &str| verified.claim::<String>(name).ok().flatten();
        put("sub", verified.subject().map(|sub| sub.to_string()));
        put(
            "username",
            match self.token_use {
                TokenUse::Access => text("username"),
                TokenUse::Id => text("cognito:username"),
            },
        );
        put("token_use", text("token_use"));
        put("scope", text("scope"));
        let groups = verified
            .claim::<Vec<String>>("cognito:groups")
            .ok()
            .flatten();
        put("groups", groups.map(|groups| groups.join(" ")));
        if let Some(exp) = verified.expires_at() {
            context.insert("exp".to_owned(), Value::from(exp.secs()));
        }
        context
    }

    fn reject(&self, code: &'static str) -> Verdict {
        self.emit(&LogEvent::Rejected { code });
        Verdict::Reject
    }

    fn bad_event(&self, why: &'static str) -> HandlerError {
        self.emit(&LogEvent::BadEvent { why });
        HandlerError::BadEvent(why)
    }

    fn emit(&self, event: &LogEvent<'_>) {
        if let Some(log) = &self.log {
            log(event);
        }
    }
}

/// `METHOD /path` of an execute-api method ARN
/// (`arn:<partition>:execute-api:<region>:<account>:<api id>/<stage>/<METHOD>/<path>`).
pub fn route_of_method_arn(arn: &str) -> Option<String> {
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(partition), Some("execute-api"), Some(_), Some(_), Some(resource)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    if partition.is_empty() {
        return None;
    }
    let mut segments = resource.splitn(4, '/');
    let (Some(api), Some(stage), Some(method)) =
        (segments.next(), segments.next(), segments.next())
    else {
        return None;
    };
    if api.is_empty() || stage.is_empty() || method.is_empty() {
        return None;
    }
    Some(format!("{method} /{}", segments.next().unwrap_or_default()))
}

fn https(fetcher: AsyncHttpsFetcher) -> FetchFn {
    Arc::new(move |url| {
        let fetcher = fetcher.clone();
        Box::pin(async move { fetcher.fetch(&url).await.map_err(|error| error.to_string()) })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_arns() {
        let route = |arn| route_of_method_arn(arn);
        assert_eq!(
            route("arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/*/GET/").as_deref(),
            Some("GET /")
        );
        assert_eq!(
            route("arn:aws:execute-api:eu-west-1:123456789012:abc/prod/POST/orders/42").as_deref(),
            Some("POST /orders/42")
        );
        assert_eq!(
            route("arn:aws-cn:execute-api:cn-north-1:1:abc/prod/GET").as_deref(),
            Some("GET /")
        );
        for bad in [
            "",
            "allow",
            "arn:aws:lambda:us-west-2:1:function/x",
            "arn:aws:execute-api:us-west-2:1:abc",
            "arn:aws:execute-api:us-west-2:1:abc/prod",
            "arn::execute-api:us-west-2:1:abc/prod/GET/",
            "arn:aws:execute-api:us-west-2:1:/prod/GET/",
        ] {
            assert_eq!(route(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_unauthorized_message_is_exact() {
        assert_eq!(HandlerError::Unauthorized.to_string(), "Unauthorized");
        assert_ne!(HandlerError::KeysUnavailable.to_string(), "Unauthorized");
        assert_ne!(HandlerError::BadEvent("x").to_string(), "Unauthorized");
    }
}

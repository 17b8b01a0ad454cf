//! [`Config`]: the authorizer's settings, from `JWTGATE_*` environment variables.

use jwtgate::cognito::{TokenUse, UserPool};
use jwtgate::KeyCache;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// Which API Gateway authorizer the function answers (`JWTGATE_AUTHORIZER`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthorizerKind {
    /// `http`: an HTTP API Lambda authorizer, payload format 2.0, simple responses
    /// (`isAuthorized`).
    Http,
    /// `rest`: a REST API `TOKEN` authorizer (an IAM policy, or the error `Unauthorized`).
    Rest,
}

/// What a route requires of a verified token beyond the pool, client and token use: one of
/// the `scopes` (when any are named) and one of the `groups` (when any are named).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Accepted OAuth scopes: the token's `scope` must hold one of them.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Accepted Cognito groups: the token's `cognito:groups` must hold one of them.
    #[serde(default)]
    pub groups: Vec<String>,
}

/// The authorizer's settings. [`Config::from_env`] reads them from the environment (the
/// variables are listed in the crate's README); build one by hand for tests.
#[derive(Debug, Clone)]
pub struct Config {
    /// `JWTGATE_AUTHORIZER`: `http` or `rest` (required).
    pub kind: AuthorizerKind,
    /// `JWTGATE_COGNITO_POOL`: the user pool id, such as `eu-west-1_AbCdEf123` (required).
    pub pool: UserPool,
    /// `JWTGATE_CLIENT_IDS`: the accepted app client ids, comma-separated (at least one).
    pub client_ids: Vec<String>,
    /// `JWTGATE_TOKEN_USE`: `access` (the default) or `id`.
    pub token_use: TokenUse,
    /// `JWTGATE_SCOPES` and `JWTGATE_GROUPS` (each space-separated): the policy of every route
    /// that `routes` does not name.
    pub policy: Policy,
    /// `JWTGATE_ROUTES`: per-route policies, a JSON object from route key to policy, such as
    /// `{"GET /admin": {"groups": ["admin"]}}`. A route named here has this policy instead of
    /// the default one. HTTP API: the event's `routeKey`; REST API: `METHOD /path` taken
    /// from the `methodArn` (the request's own path).
    pub routes: BTreeMap<String, Policy>,
    /// `JWTGATE_JWKS_URL`: where to fetch the key set, instead of the pool's own URL
    /// (`https://`, or `http://` to a loopback address).
    pub jwks_url: Option<String>,
    /// `JWTGATE_JWKS_FILE`: a key set bundled at deploy time, preloaded at start
    /// (`{"fetched_at": <unix seconds>, "jwks": {...}}`).
    pub jwks_file: Option<PathBuf>,
    /// `JWTGATE_KEYS_MAX_AGE_SECS`: the maximum age of the key set (default 600).
    pub max_age_secs: u64,
    /// `JWTGATE_KEYS_MAX_STALE_SECS`: how long past its maximum age a set stays in use while
    /// fetches fail (default 3600).
    pub max_stale_secs: u64,
    /// `JWTGATE_FETCH_TIMEOUT_MS`: the whole-request timeout of a key set fetch (default
    /// 5000; the connect timeout is 2000 or this, whichever is shorter).
    pub fetch_timeout: Duration,
}

/// A setting that cannot be used: the variable, and what is wrong with it. Never holds a
/// value read from the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    variable: String,
    problem: &'static str,
}

impl ConfigError {
    pub(crate) fn new(variable: impl Into<String>, problem: &'static str) -> ConfigError {
        ConfigError {
            variable: variable.into(),
            problem,
        }
    }

    /// The variable at fault.
    pub fn variable(&self) -> &str {
        &self.variable
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.variable, self.problem)
    }
}

impl std::error::Error for ConfigError {}

/// Every variable [`Config::from_vars`] reads; any other `JWTGATE_` name is refused, so a
/// misspelt policy never goes unnoticed.
pub const VARIABLES: [&str; 12] = [
    "JWTGATE_AUTHORIZER",
    "JWTGATE_COGNITO_POOL",
    "JWTGATE_CLIENT_IDS",
    "JWTGATE_TOKEN_USE",
    "JWTGATE_SCOPES",
    "JWTGATE_GROUPS",
    "JWTGATE_ROUTES",
    "JWTGATE_JWKS_URL",
    "JWTGATE_JWKS_FILE",
    "JWTGATE_KEYS_MAX_AGE_SECS",
    "JWTGATE_KEYS_MAX_STALE_SECS",
    "JWTGATE_FETCH_TIMEOUT_MS",
];

impl Config {
    /// The default whole-request timeout of a key set fetch.
    pub const DEFAULT_FETCH_TIMEOUT: Duration = Duration::from_secs(5);

    /// Reads the settings from the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        let mut vars = Vec::new();
        for (name, value) in std::env::vars_os() {
            let Some(name) = name.to_str().map(str::to_owned) else {
                continue;
            };
            if !name.starts_with("JWTGATE_") {
                continue;
            }
            let value = value
                .into_string()
                .map_err(|_: OsString| ConfigError::new(&name, "not valid UTF-8"))?;
            vars.push((name, value));
        }
        Config::from_vars(vars)
    }

    /// Reads the settings from these `(name, value)` pairs (other names than `JWTGATE_*` are
    /// ignored; an unknown `JWTGATE_*` name is an error).
    pub fn from_vars<I, K, V>(vars: I) -> Result<Config, ConfigError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let mut found: BTreeMap<String, String> = BTreeMap::new();
        for (name, value) in vars {
            let name = name.into();
            if !name.starts_with("JWTGATE_") {
                continue;
            }
            if !VARIABLES.contains(&name.as_str()) {
                return Err(ConfigError::new(name, "unknown jwtgate variable"));
            }
            found.insert(name, value.into());
        }
        let get = |name: &str| found.get(name).map(String::as_str).map(str::trim);

        let kind = match get("JWTGATE_AUTHORIZER") {
            Some("http") => AuthorizerKind::Http,
            Some("rest") => AuthorizerKind::Rest,
            Some(_) => {
                return Err(ConfigError::new(
                    "JWTGATE_AUTHORIZER",
                    "must be `http` or `rest`",
                ))
            }
            None => return Err(ConfigError::new("JWTGATE_AUTHORIZER", "required")),
        };
        let pool = match get("JWTGATE_COGNITO_POOL") {
            Some(id) => UserPool::parse(id).map_err(|_| {
                ConfigError::new("JWTGATE_COGNITO_POOL", "not a user pool id (region_id)")
            })?,
            None => return Err(ConfigError::new("JWTGATE_COGNITO_POOL", "required")),
        };
        let client_ids: Vec<String> = get("JWTGATE_CLIENT_IDS")
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(str::to_owned)
            .collect();
        if client_ids.is_empty() {
            return Err(ConfigError::new(
                "JWTGATE_CLIENT_IDS",
                "required: one or more app client ids, comma-separated",
            ));
        }
        let token_use = match get("JWTGATE_TOKEN_USE") {
            None | Some("") => TokenUse::Access,
            Some(name) => TokenUse::from_name(name)
                .ok_or_else(|| ConfigError::new("JWTGATE_TOKEN_USE", "must be `access` or `id`"))?,
        };
        let words = |value: Option<&str>| -> Vec<String> {
            value
                .unwrap_or_default()
                .split_ascii_whitespace()
                .map(str::to_owned)
                .collect()
        };
        let policy = Policy {
            scopes: words(get("JWTGATE_SCOPES")),
            groups: words(get("JWTGATE_GROUPS")),
        };
        let routes = match get("JWTGATE_ROUTES") {
            None | Some("") => BTreeMap::new(),
            Some(json) => serde_json::from_str(json).map_err(|_| {
                ConfigError::new(
                    "JWTGATE_ROUTES",
                    r#"not a JSON object of route key to {"scopes": [...], "groups": [...]}"#,
                )
            })?,
        };
        let jwks_url = get("JWTGATE_JWKS_URL")
            .filter(|url| !url.is_empty())
            .map(str::to_owned);
        let jwks_file = get("JWTGATE_JWKS_FILE")
            .filter(|path| !path.is_empty())
            .map(PathBuf::from);
        let number = |name: &str, default: u64| -> Result<u64, ConfigError> {
            match get(name) {
                None | Some("") => Ok(default),
                Some(value) => value
                    .parse()
                    .map_err(|_| ConfigError::new(name, "not a whole number")),
            }
        };
        let max_age_secs = number("JWTGATE_KEYS_MAX_AGE_SECS", KeyCache::DEFAULT_MAX_AGE_SECS)?;
        let max_stale_secs = number(
            "JWTGATE_KEYS_MAX_STALE_SECS",
            KeyCache::DEFAULT_MAX_STALE_SECS,
        )?;
        let timeout_ms = number("JWTGATE_FETCH_TIMEOUT_MS", 5_000)?;
        if !(100..=60_000).contains(&timeout_ms) {
            return Err(ConfigError::new(
                "JWTGATE_FETCH_TIMEOUT_MS",
                "must be between 100 and 60000",
            ));
        }
        Ok(Config {
            kind,
            pool,
            client_ids,
            token_use,
            policy,
            routes,
            jwks_url,
            jwks_file,
            max_age_secs,
            max_stale_secs,
            fetch_timeout: Duration::from_millis(timeout_ms),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Vec<(&'static str, &'static str)> {
        vec![
            ("JWTGATE_AUTHORIZER", "rest"),
            ("JWTGATE_COGNITO_POOL", "eu-west-1_DemoPool1"),
            ("JWTGATE_CLIENT_IDS", " a , b,,"),
            ("PATH", "/bin"),
        ]
    }

    fn with(extra: &[(&'static str, &'static str)]) -> Result<Config, ConfigError> {
        let mut vars = base();
        vars.extend_from_slice(extra);
        Config::from_vars(vars)
    }

    #[test]
    fn defaults() {
        let config = with(&[]).unwrap();
        assert_eq!(config.kind, AuthorizerKind::Rest);
        assert_eq!(config.client_ids, ["a", "b"]);
        assert_eq!(config.token_use, TokenUse::Access);
        assert_eq!(config.policy, Policy::default());
        assert!(config.routes.is_empty());
        assert_eq!(config.max_age_secs, 600);
        assert_eq!(config.max_stale_secs, 3600);
        assert_eq!(config.fetch_timeout, Duration::from_secs(5));
    }

    #[test]
    fn everything() {
        let config = with(&[
            ("JWTGATE_AUTHORIZER", "http"),
            ("JWTGATE_TOKEN_USE", "id"),
            ("JWTGATE_SCOPES", "orders/read  orders/write"),
            ("JWTGATE_GROUPS", "admin"),
            (
                "JWTGATE_ROUTES",
                r#"{"GET /admin": {"groups": ["admin"]}, "GET /orders": {"scopes": ["orders/read"]}}"#,
            ),
            ("JWTGATE_JWKS_URL", "http://127.0.0.1:9/jwks.json"),
            ("JWTGATE_JWKS_FILE", "/var/task/jwks-bundle.json"),
            ("JWTGATE_KEYS_MAX_AGE_SECS", "86400"),
            ("JWTGATE_KEYS_MAX_STALE_SECS", "0"),
            ("JWTGATE_FETCH_TIMEOUT_MS", "1500"),
        ])
        .unwrap();
        assert_eq!(config.kind, AuthorizerKind::Http);
        assert_eq!(config.token_use, TokenUse::Id);
        assert_eq!(config.policy.scopes, ["orders/read", "orders/write"]);
        assert_eq!(config.policy.groups, ["admin"]);
        assert_eq!(config.routes["GET /admin"].groups, ["admin"]);
        assert_eq!(config.routes["GET /orders"].scopes, ["orders/read"]);
        assert_eq!(config.max_age_secs, 86_400);
        assert_eq!(config.max_stale_secs, 0);
        assert_eq!(config.fetch_timeout, Duration::from_millis(1500));
    }

    #[test]
    fn mistakes_name_their_variable() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("JWTGATE_AUTHORIZER", "token")], "JWTGATE_AUTHORIZER"),
            (&[("JWTGATE_COGNITO_POOL", "nope")], "JWTGATE_COGNITO_POOL"),
            (&[("JWTGATE_CLIENT_IDS", " , ")], "JWTGATE_CLIENT_IDS"),
            (&[("JWTGATE_TOKEN_USE", "both")], "JWTGATE_TOKEN_USE"),
            (&[("JWTGATE_SCOPE", "orders/read")], "JWTGATE_SCOPE"),
            (
                &[("JWTGATE_ROUTES", r#"{"GET /": {"scope": []}}"#)],
                "JWTGATE_ROUTES",
            ),
            (&[("JWTGATE_ROUTES", "[]")], "JWTGATE_ROUTES"),
            (
                &[("JWTGATE_KEYS_MAX_AGE_SECS", "-1")],
                "JWTGATE_KEYS_MAX_AGE_SECS",
            ),
            (
                &[("JWTGATE_FETCH_TIMEOUT_MS", "0")],
                "JWTGATE_FETCH_TIMEOUT_MS",
            ),
        ];
        for (extra, variable) in cases {
            let error = with(extra).unwrap_err();
            assert_eq!(error.variable(), *variable, "{extra:?}");
            assert!(error.to_string().starts_with(variable));
        }
        let missing = Config::from_vars([("JWTGATE_COGNITO_POOL", "eu-west-1_X")]).unwrap_err();
        assert_eq!(missing.variable(), "JWTGATE_AUTHORIZER");
    }
}

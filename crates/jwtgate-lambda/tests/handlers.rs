//! Both authorizers driven with AWS's sample events (`tests/fixtures/`, tokens substituted),
//! the key set served over real HTTP on 127.0.0.1 or preloaded from a bundle, at the demo
//! tokens' time.

mod common;

use common::*;
use jwtgate::UnixTime;
use jwtgate_lambda::{Authorizer, Config, HandlerError};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

const METHOD_ARN: &str = "arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/prod/GET/orders";

fn now() -> UnixTime {
    UnixTime::from_secs(NOW)
}

struct Setup {
    authorizer: Authorizer,
    logs: Arc<Mutex<Vec<String>>>,
}

impl Setup {
    fn new(kind: &str, keys_url: &str, extra: &[(&str, &str)]) -> Setup {
        let mut vars = vec![
            ("JWTGATE_AUTHORIZER", kind),
            ("JWTGATE_COGNITO_POOL", POOL),
            (
                "JWTGATE_CLIENT_IDS",
                "another-client,5f1ke2rddnpb3kbvk0hp2ttc0q",
            ),
            ("JWTGATE_JWKS_URL", keys_url),
            ("JWTGATE_FETCH_TIMEOUT_MS", "2000"),
        ];
        vars.extend_from_slice(extra);
        let config = Config::from_vars(vars).unwrap();
        let logs = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&logs);
        let authorizer = Authorizer::new(&config, now())
            .unwrap()
            .with_log(move |event| sink.lock().unwrap().push(event.to_string()));
        Setup { authorizer, logs }
    }

    async fn handle(&self, event: Value) -> Result<Value, HandlerError> {
        self.authorizer.handle(event, now()).await
    }

    /// The log lines since the last call.
    fn logs(&self) -> Vec<String> {
        std::mem::take(&mut *self.logs.lock().unwrap())
    }

    fn fetches(&self) -> u64 {
        self.authorizer.cache().fetch_count()
    }
}

/// The HTTP API sample event with this `Authorization` header (a string, or an array for a
/// header sent several times) and route.
fn http_event(authorization: Option<Value>, route: &str) -> Value {
    let mut event = fixture("example-apigw-v2-custom-authorizer-v2-request.json");
    if let Some(value) = authorization {
        // API Gateway's identity source: the header's value (a string).
        if value.is_string() {
            event["identitySource"] = json!([value.clone()]);
        }
        event["headers"]["authorization"] = value;
    }
    event["routeKey"] = json!(route);
    event["requestContext"]["routeKey"] = json!(route);
    event
}

fn bearer(token: &str) -> Option<Value> {
    Some(json!(format!("Bearer {token}")))
}

/// The REST API TOKEN sample event with this `authorizationToken` (removed for `None`) and
/// the method ARN of `GET /orders`.
fn token_event(authorization: Option<&str>) -> Value {
    let mut event = fixture("example-apigw-custom-auth-request.json");
    match authorization {
        Some(value) => event["authorizationToken"] = json!(value),
        None => {
            event.as_object_mut().unwrap().remove("authorizationToken");
        }
    }
    event["methodArn"] = json!(METHOD_ARN);
    event
}

/// Only strings, numbers and booleans.
fn assert_flat(context: &Value) {
    for (name, value) in context.as_object().unwrap() {
        assert!(
            value.is_string() || value.is_number() || value.is_boolean(),
            "context {name} = {value}"
        );
    }
}

fn assert_no_token_bytes(lines: &[String], tokens: &[&str]) {
    for line in lines {
        for token in tokens {
            for part in token.split('.').filter(|p| p.len() >= 8) {
                assert!(!line.contains(part), "a log line holds token bytes: {line}");
            }
        }
    }
}

fn expected_context() -> Value {
    json!({
        "sub": SUB,
        "username": "demo-user",
        "token_use": "access",
        "scope": "aws.cognito.signin.user.admin openid orders/read",
        "groups": "admin orders",
        "exp": 1_767_229_200u64,
    })
}

fn allow(principal: &str, context: Value) -> Value {
    json!({
        "principalId": principal,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{ "Action": ["execute-api:Invoke"], "Effect": "Allow", "Resource": [METHOD_ARN] }],
        },
        "context": context,
    })
}

fn deny(principal: &str) -> Value {
    let mut answer = allow(principal, json!({}));
    answer["policyDocument"]["Statement"][0]["Effect"] = json!("Deny");
    answer
}

/// Every kind of bad token, with the code it is logged with.
fn bad_tokens() -> Vec<(String, &'static str)> {
    let token = demo_access_token();
    let (header, payload) = {
        let mut parts = token.split('.');
        (parts.next().unwrap(), parts.next().unwrap())
    };
    vec![
        ("not-a-token".to_owned(), "malformed"),
        (format!("{header}.{payload}"), "malformed"),
        (format!("{header}.{payload}.AAAA"), "signature"),
        (access_token_with(&[("exp", Some(json!(NOW)))]), "expired"),
        (
            access_token_with(&[("client_id", Some(json!("someone-else")))]),
            "audience",
        ),
        (
            access_token_with(&[(
                "iss",
                Some(json!(
                    "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other"
                )),
            )]),
            "issuer",
        ),
        (access_token_with(&[("sub", None)]), "missing-claim"),
        (sign_with_kid("no-such-kid", &demo_claims()), "unknown-key"),
        (demo_id_token(), "token-use"),
    ]
}

#[tokio::test]
async fn http_api_simple_responses() {
    let keys = KeyServer::demo();
    let setup = Setup::new("http", &keys.url("/jwks.json"), &[]);
    let token = demo_access_token();

    // Valid: isAuthorized and a small, flat context.
    for header in [
        format!("Bearer {token}"),
        format!("bearer   {token}"),
        token.clone(),
    ] {
        let answer = setup
            .handle(http_event(Some(json!(header)), "GET /orders"))
            .await
            .unwrap();
        assert_eq!(
            answer,
            json!({ "isAuthorized": true, "context": expected_context() })
        );
        assert_flat(&answer["context"]);
    }
    assert_eq!(keys.requests(), 1, "one fetch on first use");
    assert!(setup.logs().is_empty());

    let refused = json!({ "isAuthorized": false, "context": {} });
    // Missing, empty, another scheme, several headers, Bearer without one token.
    for (authorization, code) in [
        (None, "missing-token"),
        (Some(json!("")), "missing-token"),
        (Some(json!("Basic dXNlcjpwYXNzd29yZA==")), "missing-token"),
        (
            Some(json!([
                format!("Bearer {token}"),
                format!("Bearer {token}")
            ])),
            "malformed",
        ),
        (
            Some(json!(format!("Bearer {token},Bearer {token}"))),
            "malformed",
        ),
        (Some(json!("Bearer ")), "malformed"),
        (Some(json!(format!("Bearer {token} {token}"))), "malformed"),
    ] {
        let answer = setup
            .handle(http_event(authorization.clone(), "GET /orders"))
            .await
            .unwrap();
        assert_eq!(answer, refused, "{authorization:?}");
        assert_eq!(setup.logs(), [format!("jwtgate: rejected: {code}")]);
    }

    // Invalid tokens: refused, the reason logged by its code.
    let bad = bad_tokens();
    for (bad_token, code) in &bad {
        let answer = setup
            .handle(http_event(bearer(bad_token), "GET /orders"))
            .await
            .unwrap();
        assert_eq!(answer, refused, "{code}");
        assert_eq!(setup.logs(), [format!("jwtgate: rejected: {code}")]);
    }
    // Within the cooldown of the first fetch, not even the unknown kid costs another.
    assert_eq!(keys.requests(), 1);
    let tokens: Vec<&str> = bad.iter().map(|(t, _)| t.as_str()).collect();
    assert_no_token_bytes(&setup.logs(), &tokens);
}

#[tokio::test]
async fn http_api_scope_group_and_route_policies() {
    let keys = KeyServer::demo();
    let token = demo_access_token();
    let refused = json!({ "isAuthorized": false, "context": {} });

    let scoped = Setup::new(
        "http",
        &keys.url("/jwks.json"),
        &[("JWTGATE_SCOPES", "orders/write")],
    );
    let answer = scoped
        .handle(http_event(bearer(&token), "GET /orders"))
        .await
        .unwrap();
    assert_eq!(answer, refused);
    assert_eq!(
        scoped.logs(),
        [r#"jwtgate: denied: scope (route "GET /orders")"#]
    );

    let grouped = Setup::new(
        "http",
        &keys.url("/jwks.json"),
        &[("JWTGATE_GROUPS", "billing auditors")],
    );
    let answer = grouped
        .handle(http_event(bearer(&token), "GET /orders"))
        .await
        .unwrap();
    assert_eq!(answer, refused);
    assert_eq!(
        grouped.logs(),
        [r#"jwtgate: denied: group (route "GET /orders")"#]
    );

    // Per-route policies, chosen by routeKey; other routes keep the default policy.
    let routed = Setup::new(
        "http",
        &keys.url("/jwks.json"),
        &[
            ("JWTGATE_SCOPES", "orders/read"),
            (
                "JWTGATE_ROUTES",
                r#"{"DELETE /orders/{id}": {"scopes": ["orders/write"]}, "GET /admin": {"groups": ["admin"]}}"#,
            ),
        ],
    );
    for (route, allowed) in [
        ("GET /orders", true),
        ("GET /admin", true),
        ("DELETE /orders/{id}", false),
        ("$default", true),
    ] {
        let answer = routed
            .handle(http_event(bearer(&token), route))
            .await
            .unwrap();
        assert_eq!(answer["isAuthorized"], json!(allowed), "{route}");
    }
    assert_eq!(
        routed.logs(),
        [r#"jwtgate: denied: scope (route "DELETE /orders/{id}")"#]
    );
}

#[tokio::test]
async fn rest_api_token_authorizer() {
    let keys = KeyServer::demo();
    let setup = Setup::new("rest", &keys.url("/jwks.json"), &[]);
    let token = demo_access_token();

    // Valid, with or without the scheme: Allow for the methodArn, principalId = sub.
    for value in [
        format!("Bearer {token}"),
        format!("BEARER  {token}"),
        token.clone(),
    ] {
        let answer = setup.handle(token_event(Some(&value))).await.unwrap();
        assert_eq!(answer, allow(SUB, expected_context()));
        assert_flat(&answer["context"]);
    }
    assert!(setup.logs().is_empty());

    // Missing or invalid: the error `Unauthorized`, exactly (API Gateway's 401).
    let two = format!("Bearer {token}, Bearer {token}");
    let mut cases: Vec<(Option<String>, &str)> = vec![
        (None, "missing-token"),
        (Some(String::new()), "missing-token"),
        (
            Some("Basic dXNlcjpwYXNzd29yZA==".to_owned()),
            "missing-token",
        ),
        (Some(two), "malformed"),
        (Some("Bearer ".to_owned()), "malformed"),
        // The sample event's own token.
        (Some("allow".to_owned()), "malformed"),
    ];
    let bad = bad_tokens();
    for (bad_token, code) in &bad {
        cases.push((Some(format!("Bearer {bad_token}")), code));
    }
    for (value, code) in cases {
        let error = setup
            .handle(token_event(value.as_deref()))
            .await
            .unwrap_err();
        assert_eq!(error, HandlerError::Unauthorized, "{value:?}");
        assert_eq!(error.to_string(), "Unauthorized");
        assert_eq!(setup.logs(), [format!("jwtgate: rejected: {code}")]);
    }
    let tokens: Vec<&str> = bad.iter().map(|(t, _)| t.as_str()).collect();
    assert_no_token_bytes(&setup.logs(), &tokens);

    // Verified, but not the route's scope or group: a Deny policy (403) for the principal.
    for (variable, value, code) in [
        ("JWTGATE_SCOPES", "orders/write", "scope"),
        ("JWTGATE_GROUPS", "billing", "group"),
    ] {
        let setup = Setup::new("rest", &keys.url("/jwks.json"), &[(variable, value)]);
        let answer = setup
            .handle(token_event(Some(&format!("Bearer {token}"))))
            .await
            .unwrap();
        assert_eq!(answer, deny(SUB));
        assert_eq!(
            setup.logs(),
            [format!(r#"jwtgate: denied: {code} (route "GET /orders")"#)]
        );
    }

    // Per-route policies by `METHOD /path` of the methodArn.
    let routed = Setup::new(
        "rest",
        &keys.url("/jwks.json"),
        &[(
            "JWTGATE_ROUTES",
            r#"{"GET /admin": {"groups": ["superusers"]}}"#,
        )],
    );
    let mut event = token_event(Some(&token));
    let admin = "arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/prod/GET/admin";
    event["methodArn"] = json!(admin);
    let answer = routed.handle(event).await.unwrap();
    assert_eq!(answer["policyDocument"]["Statement"][0]["Effect"], "Deny");
    assert_eq!(
        answer["policyDocument"]["Statement"][0]["Resource"],
        json!([admin])
    );
    let answer = routed.handle(token_event(Some(&token))).await.unwrap();
    assert_eq!(answer["policyDocument"]["Statement"][0]["Effect"], "Allow");
}

#[tokio::test]
async fn id_tokens_when_configured() {
    let keys = KeyServer::demo();
    let setup = Setup::new(
        "rest",
        &keys.url("/jwks.json"),
        &[("JWTGATE_TOKEN_USE", "id")],
    );
    let answer = setup
        .handle(token_event(Some(&demo_id_token())))
        .await
        .unwrap();
    assert_eq!(answer["principalId"], SUB);
    assert_eq!(answer["context"]["username"], "demo-user");
    assert_eq!(answer["context"]["token_use"], "id");
    assert!(answer["context"].get("scope").is_none());
    let error = setup
        .handle(token_event(Some(&demo_access_token())))
        .await
        .unwrap_err();
    assert_eq!(error, HandlerError::Unauthorized);
}

#[tokio::test]
async fn keys_unavailable_is_never_a_bad_token() {
    let keys = KeyServer::start(Behaviour::Status(500));
    let token = demo_access_token();
    for kind in ["http", "rest"] {
        let setup = Setup::new(kind, &keys.url("/jwks.json"), &[]);
        let event = match kind {
            "http" => http_event(bearer(&token), "GET /orders"),
            _ => token_event(Some(&format!("Bearer {token}"))),
        };
        let error = setup.handle(event).await.unwrap_err();
        assert_eq!(error, HandlerError::KeysUnavailable, "{kind}");
        assert_ne!(error.to_string(), "Unauthorized");
        assert_eq!(error.error_type(), "KeysUnavailable");
        let logs = setup.logs();
        assert_eq!(logs.len(), 1, "{logs:?}");
        assert!(
            logs[0].starts_with("jwtgate: keys-unavailable: ") && logs[0].contains("500"),
            "the cause is logged: {logs:?}"
        );
        assert_no_token_bytes(&logs, &[&token]);

        // A malformed token is still the token's fault, and costs no fetch.
        let fetches = setup.fetches();
        let event = match kind {
            "http" => http_event(bearer("not-a-token"), "GET /orders"),
            _ => token_event(Some("Bearer not-a-token")),
        };
        let answer = setup.handle(event).await;
        match kind {
            "http" => assert_eq!(answer.unwrap()["isAuthorized"], false),
            _ => assert_eq!(answer.unwrap_err(), HandlerError::Unauthorized),
        }
        assert_eq!(setup.fetches(), fetches);
    }
    // Nothing listening at all: the same.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/jwks.json", closed.local_addr().unwrap());
    drop(closed);
    let setup = Setup::new("rest", &url, &[]);
    let error = setup.handle(token_event(Some(&token))).await.unwrap_err();
    assert_eq!(error, HandlerError::KeysUnavailable);
    assert!(setup.logs()[0].starts_with("jwtgate: keys-unavailable: "));
}

#[tokio::test]
async fn wrong_events_are_clear_errors() {
    let keys = KeyServer::demo();
    let http = Setup::new("http", &keys.url("/jwks.json"), &[]);
    let rest = Setup::new("rest", &keys.url("/jwks.json"), &[]);
    let token = demo_access_token();

    let mut token_with_array = token_event(None);
    token_with_array["authorizationToken"] = json!([token]);
    let mut token_without_arn = token_event(Some(&token));
    token_without_arn
        .as_object_mut()
        .unwrap()
        .remove("methodArn");
    let mut token_with_bad_arn = token_event(Some(&token));
    token_with_bad_arn["methodArn"] = json!("arn:aws:lambda:eu-west-1:1:function:f");
    let mut v2_without_context = http_event(bearer(&token), "GET /orders");
    v2_without_context
        .as_object_mut()
        .unwrap()
        .remove("requestContext");

    let cases: Vec<(&Setup, Value, &str)> = vec![
        (&http, token_event(Some(&token)), "TOKEN authorizer event"),
        (
            &http,
            fixture("example-apigw-v2-custom-authorizer-v1-request.json"),
            "payload format 1.0",
        ),
        (
            &http,
            fixture("example-apigw-custom-auth-request-type-request.json"),
            "payload format 2.0",
        ),
        (&http, v2_without_context, "payload format 2.0"),
        (
            &rest,
            http_event(bearer(&token), "GET /orders"),
            "REQUEST authorizer event",
        ),
        (
            &rest,
            fixture("example-apigw-custom-auth-request-type-request.json"),
            "REQUEST authorizer event",
        ),
        (&rest, token_with_array, "not a REST API TOKEN"),
        (&rest, token_without_arn, "methodArn"),
        (&rest, token_with_bad_arn, "methodArn"),
    ];
    for (setup, event, says) in cases {
        let error = setup.handle(event).await.unwrap_err();
        let HandlerError::BadEvent(why) = error else {
            panic!("{error:?}")
        };
        assert!(why.contains(says), "{why}");
        assert_ne!(error.to_string(), "Unauthorized");
        let logs = setup.logs();
        assert_eq!(logs, [format!("jwtgate: bad event: {why}")]);
        assert_no_token_bytes(&logs, &[&token]);
    }
    for setup in [&http, &rest] {
        for event in [json!(null), json!("TOKEN"), json!([]), json!(42), json!({})] {
            assert!(matches!(
                setup.handle(event).await,
                Err(HandlerError::BadEvent(_))
            ));
        }
    }
    assert_eq!(keys.requests(), 0, "no wrong event causes a fetch");
}

#[tokio::test]
async fn preloaded_set_ages_from_its_recorded_fetch() {
    let keys = KeyServer::start(Behaviour::Status(500));
    let token = demo_access_token();
    let event = || token_event(Some(&token));
    let with_bundle = |fetched_at: u64| {
        let path = bundle_file(fetched_at);
        Setup::new(
            "rest",
            &keys.url("/jwks.json"),
            &[("JWTGATE_JWKS_FILE", path.to_str().unwrap())],
        )
    };

    // Fresh: verified without a fetch.
    let fresh = with_bundle(NOW - 60);
    assert_eq!(
        fresh.handle(event()).await.unwrap(),
        allow(SUB, expected_context())
    );
    assert_eq!((fresh.fetches(), keys.requests()), (0, 0));

    // Due for refresh (past 8 of its 10 minutes): answered, then refreshed inline, awaited,
    // before the handler returns (the function is frozen afterwards).
    keys.set(Behaviour::Json(demo_jwks()));
    let due = with_bundle(NOW - 500);
    assert!(due.handle(event()).await.is_ok());
    assert_eq!((due.fetches(), keys.requests()), (1, 1));
    let (_, fetched_at) = due.authorizer.cache().export().unwrap();
    assert_eq!(fetched_at, now(), "the refresh replaced the bundled set");

    // Past its maximum age: a cold start fetches before verifying; when the fetch fails the
    // bundled set serves within the staleness bound.
    let stale = with_bundle(NOW - 601);
    assert!(stale.handle(event()).await.is_ok());
    assert_eq!((stale.fetches(), keys.requests()), (1, 2));
    keys.set(Behaviour::Status(500));
    let stale = with_bundle(NOW - 601);
    assert!(stale.handle(event()).await.is_ok());
    assert_eq!(stale.fetches(), 1);

    // Past the maximum age plus the staleness bound: never used; the fetch decides.
    let dead = with_bundle(NOW - 600 - 3600);
    assert_eq!(
        dead.handle(event()).await.unwrap_err(),
        HandlerError::KeysUnavailable
    );
    assert_eq!(dead.fetches(), 1);
    keys.set(Behaviour::Json(demo_jwks()));
    let dead = with_bundle(NOW - 600 - 3600);
    assert!(dead.handle(event()).await.is_ok());
    assert_eq!(dead.fetches(), 1);

    // Longer ages by configuration: a day-old bundle is still fresh with a day's maximum age.
    let path = bundle_file(NOW - 80_000);
    let long = Setup::new(
        "rest",
        &keys.url("/jwks.json"),
        &[
            ("JWTGATE_JWKS_FILE", path.to_str().unwrap()),
            ("JWTGATE_KEYS_MAX_AGE_SECS", "86400"),
        ],
    );
    let requests = keys.requests();
    assert!(long.handle(event()).await.is_ok());
    assert_eq!((long.fetches(), keys.requests()), (0, requests));
}

#[test]
fn a_bad_bundle_stops_the_start() {
    let dir = std::env::temp_dir().join(format!("jwtgate-lambda-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bundle.json");
    for (content, says) in [
        (demo_jwks(), "is not {\"fetched_at\""),
        (
            format!(
                r#"{{"fetched_at": {}, "jwks": {}}}"#,
                NOW + 3600,
                demo_jwks()
            ),
            "in the future",
        ),
        (
            r#"{"fetched_at": 1, "jwks": {"keys": 1}}"#.to_owned(),
            "not a usable JWK Set",
        ),
    ] {
        std::fs::write(&path, content).unwrap();
        let config = Config::from_vars([
            ("JWTGATE_AUTHORIZER", "http"),
            ("JWTGATE_COGNITO_POOL", POOL),
            ("JWTGATE_CLIENT_IDS", CLIENT),
            ("JWTGATE_JWKS_FILE", path.to_str().unwrap()),
        ])
        .unwrap();
        let error = Authorizer::new(&config, now()).unwrap_err().to_string();
        assert!(error.starts_with("JWTGATE_JWKS_FILE: "), "{error}");
        assert!(error.contains(says), "{error}");
    }
    let config = Config::from_vars([
        ("JWTGATE_AUTHORIZER", "http"),
        ("JWTGATE_COGNITO_POOL", POOL),
        ("JWTGATE_CLIENT_IDS", CLIENT),
        ("JWTGATE_JWKS_FILE", "/nonexistent/jwks-bundle.json"),
    ])
    .unwrap();
    assert!(Authorizer::new(&config, now()).is_err());
    for url in [
        "http://example.com/jwks.json",
        "ftp://x/",
        "https://user:pw@h/",
    ] {
        let config = Config::from_vars([
            ("JWTGATE_AUTHORIZER", "http"),
            ("JWTGATE_COGNITO_POOL", POOL),
            ("JWTGATE_CLIENT_IDS", CLIENT),
            ("JWTGATE_JWKS_URL", url),
        ])
        .unwrap();
        let error = Authorizer::new(&config, now()).unwrap_err().to_string();
        assert!(error.starts_with("JWTGATE_JWKS_URL"), "{url}: {error}");
    }
}

#[test]
fn the_handler_future_is_send() {
    fn send<T: Send + Sync>(_: &T) {}
    let keys = KeyServer::demo();
    let setup = Setup::new("http", &keys.url("/jwks.json"), &[]);
    send(&setup.authorizer);
    let future = setup.authorizer.handle(json!({}), now());
    fn send_future<F: std::future::Future + Send>(_: &F) {}
    send_future(&future);
}

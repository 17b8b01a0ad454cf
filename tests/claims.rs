//! The contract's time rules at every boundary, through the public API, and what a verified
//! token gives back: header, registered claims, any claim, the caller's own types.

mod common;
use common::*;
use jwtgate::{Algorithm, UnixTime, Verifier};
use serde::Deserialize;

fn at(verifier: &Verifier, payload: &str, now: u64) -> &'static str {
    match verifier.verify(
        token(Algorithm::Hs256, payload),
        &keys(),
        UnixTime::from_secs(now),
    ) {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

fn builder() -> jwtgate::VerifierBuilder {
    Verifier::builder([Algorithm::Hs256])
}

#[test]
fn exp_is_exclusive_and_leeway_extends_it() {
    let v = builder().build().unwrap();
    let p = r#"{"exp":1000}"#;
    assert_eq!(at(&v, p, 999), "ok");
    assert_eq!(at(&v, p, 1000), "expired"); // exp == now is expired
    assert_eq!(at(&v, p, 1001), "expired");
    let lenient = builder().leeway_secs(60).build().unwrap();
    assert_eq!(at(&lenient, p, 1059), "ok");
    assert_eq!(at(&lenient, p, 1060), "expired");
    assert_eq!(at(&v, r#"{"exp":0}"#, 0), "expired");
    assert_eq!(
        at(
            &v,
            r#"{"exp":9223372036854775807}"#,
            9_223_372_036_854_775_806
        ),
        "ok"
    );
    assert_eq!(
        at(&v, r#"{"exp":9223372036854775807}"#, u64::MAX),
        "expired"
    );
}

#[test]
fn fractional_dates_are_compared_exactly() {
    let v = builder().build().unwrap();
    assert_eq!(at(&v, r#"{"exp":1000.5}"#, 1000), "ok");
    assert_eq!(at(&v, r#"{"exp":1000.5}"#, 1001), "expired");
    assert_eq!(at(&v, r#"{"exp":1000.0}"#, 1000), "expired");
    assert_eq!(at(&v, r#"{"exp":1e3}"#, 999), "ok");
    assert_eq!(at(&v, r#"{"exp":1e3}"#, 1000), "expired");
    assert_eq!(at(&v, r#"{"exp":1000.000001}"#, 1000), "ok");
    let nbf = |n: &str| format!(r#"{{"exp":5000,"nbf":{n}}}"#);
    assert_eq!(at(&v, &nbf("1000.5"), 1000), "not-yet-valid");
    assert_eq!(at(&v, &nbf("1000.5"), 1001), "ok");
    assert_eq!(at(&v, &nbf("999.999"), 1000), "ok");
    let aged = builder().max_age_secs(60).build().unwrap();
    let iat = |i: &str| format!(r#"{{"exp":5000,"iat":{i}}}"#);
    assert_eq!(at(&aged, &iat("1000.5"), 1060), "ok");
    assert_eq!(at(&aged, &iat("1000.5"), 1061), "too-old"); // 60.5 > 60
    assert_eq!(at(&aged, &iat("1000"), 1060), "ok");
}

#[test]
fn nbf_and_iat_in_the_future() {
    let v = builder().build().unwrap();
    let p = r#"{"exp":5000,"nbf":1000}"#;
    assert_eq!(at(&v, p, 999), "not-yet-valid");
    assert_eq!(at(&v, p, 1000), "ok"); // nbf == now is valid
    let lenient = builder().leeway_secs(30).build().unwrap();
    assert_eq!(at(&lenient, p, 969), "not-yet-valid");
    assert_eq!(at(&lenient, p, 970), "ok");
    let iat = r#"{"exp":5000,"iat":1000}"#;
    assert_eq!(at(&v, iat, 999), "not-yet-valid");
    assert_eq!(at(&v, iat, 1000), "ok");
    assert_eq!(at(&lenient, iat, 970), "ok");
}

#[test]
fn max_age_boundaries() {
    let v = builder().max_age_secs(300).build().unwrap();
    let p = r#"{"exp":9000,"iat":1000}"#;
    assert_eq!(at(&v, p, 1300), "ok");
    assert_eq!(at(&v, p, 1301), "too-old");
    let lenient = builder().max_age_secs(300).leeway_secs(10).build().unwrap();
    assert_eq!(at(&lenient, p, 1310), "ok");
    assert_eq!(at(&lenient, p, 1311), "too-old");
    assert_eq!(at(&v, r#"{"exp":9000}"#, 1000), "missing-claim");
    let zero = builder().max_age_secs(0).build().unwrap();
    assert_eq!(at(&zero, p, 1000), "ok");
    assert_eq!(at(&zero, p, 1001), "too-old");
}

#[test]
fn exp_can_be_optional_but_is_checked_when_present() {
    let v = builder().allow_missing_exp().build().unwrap();
    assert_eq!(at(&v, "{}", 1000), "ok");
    assert_eq!(at(&v, r#"{"exp":1000}"#, 1000), "expired");
    assert_eq!(at(&v, r#"{"exp":"soon"}"#, 1000), "invalid-claim");
    let required = builder()
        .allow_missing_exp()
        .require_claim("exp")
        .build()
        .unwrap();
    assert_eq!(at(&required, "{}", 1000), "missing-claim");
}

#[test]
fn extreme_clocks_never_overflow() {
    let v = builder()
        .leeway_secs(u64::MAX)
        .max_age_secs(u64::MAX)
        .build()
        .unwrap();
    for now in [0, 1, i64::MAX as u64, u64::MAX] {
        let code = at(
            &v,
            r#"{"exp":9223372036854775807,"iat":0,"nbf":9223372036854775807}"#,
            now,
        );
        assert!(
            ["ok", "expired", "not-yet-valid", "too-old"].contains(&code),
            "{now}: {code}"
        );
    }
}

#[derive(Deserialize)]
struct Borrowed<'a> {
    sub: &'a str,
    #[serde(rename = "cognito:groups")]
    groups: Vec<&'a str>,
    exp: u64,
}

/// The registered claims the check read are kept, escapes and all: the accessors give the
/// unescaped values, a single `aud` is one item, an absent one none.
#[test]
fn registered_claims_are_kept_as_the_check_read_them() {
    let v = Verifier::builder([Algorithm::Hs256])
        .issuer("https://issuer/a")
        .audience("api")
        .build()
        .unwrap();
    let payload = format!(
        r#"{{"iss":"https:\/\/issuer\/a","sub":"\u0062ob","aud":"api","exp":{}}}"#,
        NOW + 60
    );
    let verified = v
        .verify(token(Algorithm::Hs256, &payload), &keys(), now())
        .unwrap();
    assert_eq!(verified.issuer(), Some("https://issuer/a"));
    assert_eq!(verified.subject(), Some("bob"));
    assert_eq!(verified.jwt_id(), None);
    assert_eq!(verified.audience().collect::<Vec<_>>(), vec!["api"]);
    assert_eq!(verified.expires_at().map(|d| d.secs()), Some(NOW + 60));
    assert_eq!(verified.not_before(), None);
    assert_eq!(verified.into_payload(), payload.into_bytes());
    let no_aud = Verifier::builder([Algorithm::Hs256]).build().unwrap();
    let verified = no_aud
        .verify(token(Algorithm::Hs256, &fresh()), &keys(), now())
        .unwrap();
    assert_eq!(verified.audience().count(), 0);
    assert_eq!(verified.subject(), Some("user"));
}

#[test]
fn a_verified_token_gives_its_claims() {
    let v = Verifier::builder([Algorithm::Rs256])
        .audience("api")
        .build()
        .unwrap();
    let payload = format!(
        r#"{{"iss":"https://issuer","sub":"alice","aud":["web","api"],"jti":"j\u00e9","exp":{},"nbf":{NOW},"iat":{}.25,"cognito:groups":["a","b"]}}"#,
        NOW + 60,
        NOW - 1
    );
    let verified = v
        .verify(token(Algorithm::Rs256, &payload), &keys(), now())
        .unwrap();
    assert_eq!(verified.header().alg(), Algorithm::Rs256);
    assert_eq!(verified.header().kid(), Some("rsa-1"));
    assert_eq!(verified.header().typ(), None);
    assert_eq!(verified.issuer(), Some("https://issuer"));
    assert_eq!(verified.subject(), Some("alice"));
    assert_eq!(verified.jwt_id(), Some("jé"));
    assert_eq!(verified.audience().collect::<Vec<_>>(), vec!["web", "api"]);
    assert_eq!(verified.expires_at().map(|d| d.secs()), Some(NOW + 60));
    assert_eq!(verified.not_before().map(|d| d.secs()), Some(NOW));
    let iat = verified.issued_at().unwrap();
    assert_eq!((iat.secs(), iat.has_fraction()), (NOW - 1, true));
    assert_eq!(verified.payload(), payload.as_bytes());

    let claims: Borrowed<'_> = verified.claims().unwrap();
    assert_eq!(
        (claims.sub, claims.groups, claims.exp),
        ("alice", vec!["a", "b"], NOW + 60)
    );
    assert_eq!(verified.claim::<&str>("sub").unwrap(), Some("alice"));
    assert_eq!(
        verified.claim::<Vec<String>>("aud").unwrap(),
        Some(vec!["web".into(), "api".into()])
    );
    assert_eq!(verified.claim::<u64>("absent").unwrap(), None);
    assert!(verified.claim::<u64>("sub").is_err());
    assert!(verified.claims::<Vec<u8>>().is_err());
}

#[test]
fn verify_jws_returns_bytes_that_need_not_be_json() {
    let v = Verifier::builder([Algorithm::EdDsa]).build().unwrap();
    let signed = mint(
        Algorithm::EdDsa,
        Signer::Ed25519,
        r#"{"alg":"EdDSA","kid":"ed-1"}"#,
        "plain text, not JSON",
    );
    let jws = v.verify_jws(&signed, &keys()).unwrap();
    assert_eq!(jws.payload(), b"plain text, not JSON");
    assert_eq!(jws.header().kid(), Some("ed-1"));
    assert_eq!(jws.into_payload(), b"plain text, not JSON".to_vec());
    // Same header, key and signature rules as `verify`.
    let other = mint(
        Algorithm::EdDsa,
        Signer::Ed25519,
        r#"{"alg":"EdDSA","kid":"ed-1","crit":["b64"]}"#,
        "x",
    );
    assert_eq!(
        v.verify_jws(&other, &keys()).unwrap_err().code(),
        "critical-header"
    );
    assert_eq!(
        v.verify(&signed, &keys(), now()).unwrap_err().code(),
        "malformed"
    );
}

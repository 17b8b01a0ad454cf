//! Property tests: invariants over generated inputs rather than chosen examples.
//!
//! - any input: `verify` never panics and answers with one of the contract's codes;
//! - any single changed byte or bit of a valid token is rejected;
//! - widening the leeway never turns an accept into a reject;
//! - the time rules agree with a plain model of the contract over random values;
//! - the claim check and `claims::<T>()` read every NumericDate literal as the same number.

mod common;
use common::*;
use jwtgate::{Algorithm, UnixTime, Verifier};
use proptest::prelude::*;

fn strict() -> Verifier {
    Verifier::builder(Algorithm::ALL)
        .issuer("https://issuer")
        .audience("api")
        .max_age_secs(3600)
        .require_claim("sub")
        .build()
        .unwrap()
}

/// Strings shaped like tokens: segments of Base64URL-ish characters and dots, sometimes valid
/// JSON headers, so that generation reaches past the first checks.
fn token_like() -> impl Strategy<Value = String> {
    let segment = prop_oneof![
        "[A-Za-z0-9_=+/ -]{0,60}",
        Just(b64(br#"{"alg":"HS256","kid":"hs-32"}"#)),
        Just(b64(br#"{"alg":"none"}"#)),
        any::<Vec<u8>>().prop_map(|bytes| b64(&bytes)),
        "\\PC{0,20}".prop_map(|json| b64(json.as_bytes())),
    ];
    prop::collection::vec(segment, 0..5).prop_map(|parts| parts.join("."))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_string_gets_a_contract_code(input in prop_oneof![any::<String>(), token_like()]) {
        let code = match strict().verify(&input, &keys(), now()) {
            Ok(_) => "ok",
            Err(e) => e.code(),
        };
        prop_assert!(is_code(code), "{code}");
    }

    #[test]
    fn any_bytes_get_a_contract_code(input in any::<Vec<u8>>()) {
        let result = strict().verify(&input, &keys(), now());
        prop_assert!(result.is_err());
        prop_assert!(is_code(result.map(|_| ()).unwrap_err().code()));
    }

    #[test]
    fn any_changed_byte_or_bit_is_rejected(
        alg in prop::sample::select(Algorithm::ALL.to_vec()),
        position in any::<prop::sample::Index>(),
        change in 1u8..=255,
        flip_bit in any::<bool>(),
    ) {
        let payload = format!(
            r#"{{"iss":"https://issuer","aud":"api","sub":"s","iat":{NOW},"exp":{}}}"#,
            NOW + 60
        );
        let token = token(alg, &payload);
        prop_assert!(strict().verify(&token, &keys(), now()).is_ok());
        let mut bytes = token.into_bytes();
        let i = position.index(bytes.len());
        if flip_bit {
            bytes[i] ^= 1 << (change % 8);
        } else {
            bytes[i] ^= change;
        }
        prop_assert!(strict().verify(&bytes, &keys(), now()).is_err(), "byte {} of {}", i, alg);
    }

    #[test]
    fn widening_leeway_never_rejects_what_was_accepted(
        exp in 0u64..4000,
        nbf in prop::option::of(0u64..4000),
        iat in prop::option::of(0u64..4000),
        now in 0u64..4000,
        leeway in 0u64..600,
        extra in 0u64..600,
    ) {
        let mut payload = format!(r#"{{"exp":{exp}"#);
        if let Some(nbf) = nbf { payload += &format!(r#","nbf":{nbf}"#); }
        if let Some(iat) = iat { payload += &format!(r#","iat":{iat}"#); }
        payload += "}";
        let token = token(Algorithm::Hs256, &payload);
        let with = |leeway| Verifier::builder([Algorithm::Hs256]).leeway_secs(leeway).max_age_secs(1000).build().unwrap();
        let narrow = with(leeway).verify(&token, &keys(), UnixTime::from_secs(now)).is_ok();
        let wide = with(leeway + extra).verify(&token, &keys(), UnixTime::from_secs(now)).is_ok();
        prop_assert!(!narrow || wide);
    }

    #[test]
    fn time_rules_agree_with_the_contract(
        exp in prop::option::of(0u64..3000),
        nbf in prop::option::of(0u64..3000),
        iat in prop::option::of(0u64..3000),
        half in any::<bool>(),
        now in 0u64..3000,
        leeway in 0u64..100,
        max_age in prop::option::of(0u64..1000),
    ) {
        // Optionally give every present date a fraction of one half.
        let fmt = |v: u64| if half { format!("{v}.5") } else { v.to_string() };
        let value = |v: u64| if half { v as f64 + 0.5 } else { v as f64 };
        let mut members = Vec::new();
        if let Some(v) = exp { members.push(format!(r#""exp":{}"#, fmt(v))); }
        if let Some(v) = nbf { members.push(format!(r#""nbf":{}"#, fmt(v))); }
        if let Some(v) = iat { members.push(format!(r#""iat":{}"#, fmt(v))); }
        let token = token(Algorithm::Hs256, &format!("{{{}}}", members.join(",")));
        let mut builder = Verifier::builder([Algorithm::Hs256]).leeway_secs(leeway);
        if let Some(max_age) = max_age { builder = builder.max_age_secs(max_age); }
        let actual = match builder.build().unwrap().verify(&token, &keys(), UnixTime::from_secs(now)) {
            Ok(_) => "ok",
            Err(e) => e.code(),
        };

        // The contract, written plainly over doubles (all values here are exact in f64).
        let (n, l) = (now as f64, leeway as f64);
        let expected = if exp.is_none() {
            "missing-claim"
        } else if exp.is_some_and(|e| n >= value(e) + l) {
            "expired"
        } else if nbf.is_some_and(|b| n + l < value(b)) || iat.is_some_and(|i| n + l < value(i)) {
            "not-yet-valid"
        } else if max_age.is_some() && iat.is_none() {
            "missing-claim"
        } else if max_age.is_some_and(|m| iat.is_some_and(|i| n - value(i) > m as f64 + l)) {
            "too-old"
        } else {
            "ok"
        };
        prop_assert_eq!(actual, expected);
    }

    /// One reading of numbers: a literal with a fraction or an exponent is the double it
    /// denotes for the claim check (`expires_at`) and for serde (`claims::<f64>`), and an integer
    /// literal is the same integer for both.
    #[test]
    fn claim_check_and_claims_read_numbers_alike(
        int in "[1-9][0-9]{0,9}",
        fraction in prop::option::of("[0-9]{1,40}"),
        exponent in prop::option::of(-30i32..6),
    ) {
        #[derive(serde::Deserialize)]
        struct Exp<T> { exp: T }
        let mut literal = int.clone();
        if let Some(fraction) = &fraction { literal += &format!(".{fraction}"); }
        if let Some(exponent) = exponent { literal += &format!("e{exponent}"); }
        let token = token(Algorithm::Hs256, &format!(r#"{{"exp":{literal}}}"#));
        let verifier = Verifier::builder([Algorithm::Hs256]).build().unwrap();
        // Verified at the epoch, so only a date beyond 2^63 - 1 (invalid-claim) fails.
        let Ok(verified) = verifier.verify(&token, &keys(), UnixTime::from_secs(0)) else {
            let double: f64 = literal.parse().unwrap();
            prop_assert!(double >= 9_223_372_036_854_775_808.0, "{literal}");
            return Ok(());
        };
        let checked = verified.expires_at().unwrap();
        if fraction.is_none() && exponent.is_none() {
            let read: Exp<u64> = verified.claims().unwrap();
            prop_assert_eq!(read.exp, checked.secs(), "{}", literal);
            prop_assert!(!checked.has_fraction());
        } else {
            let read: Exp<f64> = verified.claims().unwrap();
            prop_assert_eq!(read.exp.floor(), checked.secs() as f64, "{}", literal);
            prop_assert_eq!(read.exp.fract() != 0.0, checked.has_fraction(), "{}", literal);
        }
    }

}

/// The example the review found: a long fraction just above a whole second, which the claim
/// check and `claims()` must both read as later than `now`.
#[test]
fn a_fraction_just_above_now_is_read_alike() {
    #[derive(serde::Deserialize)]
    struct Exp {
        exp: f64,
    }
    let token = token(
        Algorithm::Hs256,
        r#"{"exp":1767229199.000000203836218302174}"#,
    );
    let verifier = Verifier::builder([Algorithm::Hs256]).build().unwrap();
    let verified = verifier
        .verify(&token, &keys(), UnixTime::from_secs(1_767_229_199))
        .unwrap();
    let read: Exp = verified.claims().unwrap();
    assert!(read.exp > 1_767_229_199.0, "{}", read.exp);
}

//! AWS Application Load Balancer tokens through the library: `AlbVerifier` with a key in
//! hand (every rejection code in the contract's order), `AlbKeyCache`'s decisions (sans-IO),
//! and the whole path against a real key server on 127.0.0.1 (`tests/common/server.rs`).
#![cfg(feature = "fetch")]

mod common;
use common::alb::*;
use common::server::{Behaviour, Server};
use common::*;
use jwtgate::alb::{key_from_pem, AlbKeyCache, AlbStep, AlbVerifier, KeyAnswer};
use jwtgate::{Algorithm, ConfigError, HttpsFetcher, Jwk, JwkSet, UnixTime, Verifier};
use ring::rand::SystemRandom;
use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
use std::time::Duration;

fn key() -> Jwk {
    key_from_pem(pem().as_bytes()).unwrap()
}

fn verifier() -> AlbVerifier {
    AlbVerifier::builder([ARN]).build().unwrap()
}

/// The code `verifier` gives `token` with the published key, or `"ok"`.
fn code_with(verifier: &AlbVerifier, token: &str) -> &'static str {
    match verifier.verify(token, &key(), now()) {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

fn code(token: &str) -> &'static str {
    code_with(&verifier(), token)
}

#[test]
fn a_token_made_like_an_albs_verifies() {
    let token = alb_token();
    assert_eq!(
        token.matches("==").count(),
        3,
        "all three segments padded: {token}"
    );
    let verified = verifier().verify(&token, &key(), now()).unwrap();
    assert_eq!(verified.header().alg(), Algorithm::Es256);
    assert_eq!(verified.header().kid(), Some(KID));
    assert_eq!(verified.subject(), Some("b4a8f1c2"));
    assert_eq!(verifier().key_id(&token).as_deref(), Ok(KID));
}

#[test]
fn unpadded_and_mixed_segments_verify_too() {
    let header = needing_padding(&usual_header());
    let payload = needing_padding(&payload());
    assert_eq!(code(&mint_with(&header, &payload, unpadded)), "ok");
    // Padded header, unpadded payload and signature: each segment stands alone.
    let signing_input = format!(
        "{}.{}",
        padded(header.as_bytes()),
        unpadded(payload.as_bytes())
    );
    let signature = sign(Algorithm::Es256, Signer::EcP256, signing_input.as_bytes());
    let token = format!("{signing_input}.{}", unpadded(&signature));
    assert_eq!(code(&token), "ok");
}

#[test]
fn the_signing_input_keeps_the_padding() {
    // Signed over the unpadded segments, sent padded: the signature does not cover what was
    // received.
    let header = needing_padding(&usual_header());
    let payload = needing_padding(&payload());
    let signing_input = format!(
        "{}.{}",
        unpadded(header.as_bytes()),
        unpadded(payload.as_bytes())
    );
    let signature = sign(Algorithm::Es256, Signer::EcP256, signing_input.as_bytes());
    let token = format!(
        "{}.{}.{}",
        padded(header.as_bytes()),
        padded(payload.as_bytes()),
        padded(&signature)
    );
    assert_eq!(code(&token), "signature");
}

#[test]
fn outside_alb_mode_padding_stays_malformed() {
    let ec: serde_json::Value = serde_json::from_slice(&read("keys/ec-p256.jwk.json")).unwrap();
    let mut ec = ec.as_object().unwrap().clone();
    ec.insert("kid".into(), KID.into());
    let keys =
        JwkSet::from_json(serde_json::json!({ "keys": [ec] }).to_string().as_bytes()).unwrap();
    let plain = Verifier::builder([Algorithm::Es256]).build().unwrap();
    let result = plain.verify(alb_token(), &keys, now());
    assert_eq!(result.err().map(|e| e.code()), Some("malformed"));
    // The same token unpadded is an ordinary JWS (its header members are only extra).
    let unpadded_token = mint_with(&usual_header(), &payload(), unpadded);
    let verified = plain.verify_jws(unpadded_token, &keys).unwrap();
    assert_eq!(verified.header().kid(), Some(KID));
}

/// Replaces the Base64URL character before a segment's `==` by one with low bits set.
fn non_canonical(segment: &str) -> String {
    const ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let body = segment.strip_suffix("==").expect("two pad characters");
    let last = body.chars().last().unwrap();
    let value = ALPHABET.find(last).unwrap();
    assert_eq!(value & 0x0f, 0);
    let changed = ALPHABET.chars().nth(value | 1).unwrap();
    format!("{}{changed}==", &body[..body.len() - 1])
}

#[test]
fn padding_must_be_exact() {
    let token = alb_token();
    let parts: Vec<&str> = token.split('.').collect();
    let (h, p, s) = (parts[0], parts[1], parts[2]);
    let bad = [
        // Too much padding.
        format!("{h}==.{p}.{s}"),
        format!("{h}.{p}=.{s}"),
        format!("{h}.{p}.{s}="),
        // Too little (one `=` where two are due).
        format!("{}.{p}.{s}", &h[..h.len() - 1]),
        format!("{h}.{p}.{}", &s[..s.len() - 1]),
        // In the wrong place.
        format!("{}=={}.{p}.{s}", &h[..4], &h[4..h.len() - 2]),
        format!("={}.{p}.{s}", &h[..h.len() - 1]),
        // Padding on an unpadded signature of a full quad: 64 bytes never are, so pad a
        // header that is.
        format!("{}=.{p}.{s}", unpadded(b"{\"alg\":\"ES256\"}")),
        // Non-zero trailing bits under the padding.
        format!("{}.{p}.{s}", non_canonical(h)),
        format!("{h}.{}.{s}", non_canonical(p)),
        format!("{h}.{p}.{}", non_canonical(s)),
        // Other alphabets and whitespace stay refused.
        format!("{h}.{p}.{}", s.replacen('=', "\n", 1)),
        format!("{h} .{p}.{s}"),
    ];
    for token in bad {
        assert_eq!(code(&token), "malformed", "{token}");
        assert_eq!(
            verifier().key_id(&token).err().map(|e| e.code()),
            Some("malformed"),
            "{token}"
        );
    }
    assert_eq!(code(&format!("{h}.{p}")), "malformed");
    assert_eq!(code(""), "malformed");
}

#[test]
fn only_es256_is_accepted() {
    for alg in [
        "RS256", "ES384", "HS256", "EdDSA", "PS256", "ES512", "es256",
    ] {
        let header = header_with("alg", Some(&format!("\"{alg}\"")));
        assert_eq!(code(&mint_alb(&header, &payload())), "algorithm", "{alg}");
    }
    for none in [r#""none""#, r#""NONE""#, "null", "256"] {
        let header = header_with("alg", Some(none));
        assert_eq!(code(&mint_alb(&header, &payload())), "algorithm", "{none}");
    }
    assert_eq!(
        code(&mint_alb(&header_with("alg", None), &payload())),
        "algorithm"
    );
}

#[test]
fn kid_syntax_is_checked_before_the_key() {
    let long = "a".repeat(129);
    for kid in [
        "a/b", "../x", "..", "%2e%2e", "a.b", "a b", "a?b", "a_b", &long, "",
    ] {
        let token = mint_alb(&header(kid, NOW + 120), &payload());
        assert_eq!(code(&token), "unknown-key", "{kid}");
        assert_eq!(
            verifier().key_id(&token).err().map(|e| e.code()),
            Some("unknown-key"),
            "{kid}"
        );
    }
    for kid in ["1", "null", "[]"] {
        // Not a string: `malformed`, a header rule of any token.
        let token = mint_alb(&header_with("kid", Some(kid)), &payload());
        assert_eq!(code(&token), "malformed", "{kid}");
    }
    assert_eq!(
        code(&mint_alb(&header_with("kid", None), &payload())),
        "unknown-key"
    );
    let longest = "a".repeat(128);
    assert_eq!(
        verifier()
            .key_id(mint_alb(&header(&longest, NOW + 120), &payload()))
            .as_deref(),
        Ok(longest.as_str())
    );
}

#[test]
fn a_jwk_in_the_header_never_supplies_the_key() {
    // The attacker signs with a key of their own and puts it in the header.
    let rng = SystemRandom::new();
    let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
    let pair =
        EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng).unwrap();
    let point = pair.public_key().as_ref();
    let jwk = format!(
        r#"{{"kty":"EC","crv":"P-256","x":"{}","y":"{}"}}"#,
        unpadded(&point[1..33]),
        unpadded(&point[33..])
    );
    let header = needing_padding(&header_with("jwk", Some(&jwk)));
    let payload = needing_padding(&payload());
    let signing_input = format!(
        "{}.{}",
        padded(header.as_bytes()),
        padded(payload.as_bytes())
    );
    let signature = pair.sign(&rng, signing_input.as_bytes()).unwrap();
    let token = format!("{signing_input}.{}", padded(signature.as_ref()));
    assert_eq!(code(&token), "signature");
    for member in ["jku", "x5u"] {
        let header = header_with(member, Some(r#""https://attacker.example/k""#));
        // Signed by the real key, these are only ignored.
        assert_eq!(code(&mint_alb(&header, &payload)), "ok", "{member}");
    }
}

#[test]
fn header_members_of_the_alb_are_typed() {
    for (member, value) in [
        ("signer", Some("123")),
        ("signer", Some("null")),
        ("signer", Some(&format!("[\"{ARN}\"]") as &str)),
        ("signer", None),
        ("client", Some("{}")),
        ("client", None),
        ("iss", Some("true")),
        ("iss", None),
        ("exp", Some(&format!("\"{}\"", NOW + 120) as &str)),
        ("exp", Some("-1")),
        ("exp", None),
    ] {
        let token = mint_alb(&header_with(member, value), &payload());
        assert_eq!(code(&token), "malformed", "{member}: {value:?}");
    }
    // A fractional header `exp` is a number like any other.
    let fraction = format!("{}.5", NOW + 120);
    assert_eq!(
        code(&mint_alb(&header_with("exp", Some(&fraction)), &payload())),
        "ok"
    );
}

#[test]
fn header_member_types_are_checked_after_the_signature() {
    // Steps 1–2 are those of any token: a bad `signer` with a bad signature is `signature`,
    // with a bad `kid` `unknown-key`, with a bad `alg` `algorithm`.
    let bad_signer = header_with("signer", Some("123"));
    let token = mint_alb(&bad_signer, &payload());
    let tampered = format!("{}A", &token[..token.rfind('.').unwrap() + 1]);
    assert_eq!(code(&tampered), "malformed"); // a one-character signature is not Base64URL
    let forged = {
        let (signing_input, _) = token.rsplit_once('.').unwrap();
        format!("{signing_input}.{}", padded(&[7u8; 64]))
    };
    assert_eq!(code(&forged), "signature");
    let mut object: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&bad_signer).unwrap();
    object.insert("kid".into(), "a/b".into());
    assert_eq!(
        code(&mint_alb(
            &serde_json::Value::Object(object).to_string(),
            &payload()
        )),
        "unknown-key"
    );
}

#[test]
fn other_header_rules_are_those_of_any_token() {
    assert_eq!(
        code(&mint_alb(
            &header_with("crit", Some(r#"["exp"]"#)),
            &payload()
        )),
        "critical-header"
    );
    assert_eq!(
        code(&mint_alb(&header_with("zip", Some(r#""DEF""#)), &payload())),
        "malformed"
    );
    let typed = AlbVerifier::builder([ARN]).typ("JWT").build().unwrap();
    assert_eq!(code_with(&typed, &alb_token()), "ok");
    let other = AlbVerifier::builder([ARN]).typ("at+jwt").build().unwrap();
    assert_eq!(code_with(&other, &alb_token()), "type");
}

#[test]
fn a_wrong_signature_is_signature() {
    let token = alb_token();
    let (signing_input, _) = token.rsplit_once('.').unwrap();
    let other_payload = needing_padding(&payload().replace("b4a8f1c2", "b4a8f1c3"));
    let (header, _) = signing_input.split_once('.').unwrap();
    let swapped = format!(
        "{header}.{}.{}",
        padded(other_payload.as_bytes()),
        token.rsplit_once('.').unwrap().1
    );
    assert_eq!(code(&swapped), "signature");
}

#[test]
fn signer_must_be_an_accepted_load_balancer() {
    assert_eq!(code(&alb_token()), "ok");
    let other = AlbVerifier::builder([OTHER_ARN]).build().unwrap();
    assert_eq!(code_with(&other, &alb_token()), "issuer");
    let both = AlbVerifier::builder([OTHER_ARN])
        .signer(ARN)
        .build()
        .unwrap();
    assert_eq!(code_with(&both, &alb_token()), "ok");
    let signed_by_other = header_with("signer", Some(&format!("\"{OTHER_ARN}\"")));
    assert_eq!(code(&mint_alb(&signed_by_other, &payload())), "issuer");
    // Exact bytes: no case folding, no trailing characters.
    let upper = header_with("signer", Some(&format!("\"{}\"", ARN.to_uppercase())));
    assert_eq!(code(&mint_alb(&upper, &payload())), "issuer");
}

#[test]
fn issuers_apply_to_the_header_and_to_the_payload_if_present() {
    let accepting = AlbVerifier::builder([ARN]).issuer(ISS).build().unwrap();
    assert_eq!(code_with(&accepting, &alb_token()), "ok");
    let other = AlbVerifier::builder([ARN])
        .issuer("https://other.example")
        .build()
        .unwrap();
    assert_eq!(code_with(&other, &alb_token()), "issuer");
    // Header right, payload wrong.
    let payload_other = payload().replace(ISS, "https://other.example");
    assert_eq!(
        code_with(&accepting, &mint_alb(&usual_header(), &payload_other)),
        "issuer"
    );
    // Header wrong, payload right.
    let header_other = header_with("iss", Some("\"https://other.example\""));
    assert_eq!(
        code_with(&accepting, &mint_alb(&header_other, &payload())),
        "issuer"
    );
    // No `iss` in the payload: the header's suffices.
    let no_iss = format!(r#"{{"sub":"u","exp":{}}}"#, NOW + 120);
    assert_eq!(
        code_with(&accepting, &mint_alb(&usual_header(), &no_iss)),
        "ok"
    );
    // Without `--iss`, `iss` is not compared.
    assert_eq!(code(&mint_alb(&header_other, &payload_other)), "ok");
}

#[test]
fn client_ids_are_compared_with_the_header_client_only() {
    let accepting = AlbVerifier::builder([ARN])
        .client_id(CLIENT)
        .build()
        .unwrap();
    assert_eq!(code_with(&accepting, &alb_token()), "ok");
    let other = AlbVerifier::builder([ARN])
        .client_id("other-client")
        .build()
        .unwrap();
    assert_eq!(code_with(&other, &alb_token()), "audience");
    // Cognito's `aud`/`client_id` semantics do not apply: a payload naming the client in
    // `aud` and `client_id` does not help a wrong `client`.
    let cognito_like = format!(
        r#"{{"sub":"u","exp":{},"aud":"other-client","client_id":"other-client","token_use":"id"}}"#,
        NOW + 120
    );
    assert_eq!(
        code_with(&other, &mint_alb(&usual_header(), &cognito_like)),
        "audience"
    );
    // And with the right `client`, a payload `aud` is allowed, since a client is configured.
    assert_eq!(
        code_with(&accepting, &mint_alb(&usual_header(), &cognito_like)),
        "ok"
    );
}

#[test]
fn a_payload_aud_needs_an_audience_or_a_client() {
    let with_aud = format!(r#"{{"sub":"u","exp":{},"aud":"api"}}"#, NOW + 120);
    let token = mint_alb(&usual_header(), &with_aud);
    assert_eq!(code(&token), "audience");
    let audience = AlbVerifier::builder([ARN]).audience("api").build().unwrap();
    assert_eq!(code_with(&audience, &token), "ok");
    let other = AlbVerifier::builder([ARN]).audience("web").build().unwrap();
    assert_eq!(code_with(&other, &token), "audience");
    // `--aud` makes `aud` required, as for any token.
    assert_eq!(code_with(&audience, &alb_token()), "audience");
}

#[test]
fn expiry_comes_from_the_header_and_the_payload() {
    // Header `exp` has passed (`exp == now` is expired).
    assert_eq!(code(&mint_alb(&header(KID, NOW), &payload())), "expired");
    assert_eq!(
        code(&mint_alb(&header(KID, NOW - 1), &payload())),
        "expired"
    );
    assert_eq!(code(&mint_alb(&header(KID, NOW + 1), &payload())), "ok");
    let lenient = AlbVerifier::builder([ARN]).leeway_secs(1).build().unwrap();
    assert_eq!(
        code_with(&lenient, &mint_alb(&header(KID, NOW), &payload())),
        "ok"
    );
    // Payload `exp` has passed while the header's has not.
    let stale = payload().replace(&(NOW + 120).to_string(), &NOW.to_string());
    assert_eq!(code(&mint_alb(&usual_header(), &stale)), "expired");
    // Payload without `exp`: the header's bounds the token.
    let no_exp = r#"{"sub":"u"}"#;
    assert_eq!(code(&mint_alb(&usual_header(), no_exp)), "ok");
    // A payload `exp` of the wrong type is `invalid-claim`.
    let typed = format!(r#"{{"sub":"u","exp":"{}"}}"#, NOW + 120);
    assert_eq!(code(&mint_alb(&usual_header(), &typed)), "invalid-claim");
    // Expiry comes before the signer.
    let both = header_with("signer", Some(&format!("\"{OTHER_ARN}\"")))
        .replace(&(NOW + 120).to_string(), &NOW.to_string());
    assert_eq!(code(&mint_alb(&both, &payload())), "expired");
}

#[test]
fn the_rest_of_the_claim_rules_apply_to_the_payload() {
    let requiring = AlbVerifier::builder([ARN])
        .require_claim("email")
        .build()
        .unwrap();
    assert_eq!(code_with(&requiring, &alb_token()), "ok");
    let missing = AlbVerifier::builder([ARN])
        .require_claim("phone")
        .build()
        .unwrap();
    assert_eq!(code_with(&missing, &alb_token()), "missing-claim");
    let future = format!(r#"{{"sub":"u","nbf":{}}}"#, NOW + 60);
    assert_eq!(code(&mint_alb(&usual_header(), &future)), "not-yet-valid");
    let aged = AlbVerifier::builder([ARN])
        .max_age_secs(60)
        .build()
        .unwrap();
    assert_eq!(code_with(&aged, &alb_token()), "missing-claim");
    let old = format!(r#"{{"sub":"u","iat":{}}}"#, NOW - 61);
    assert_eq!(
        code_with(&aged, &mint_alb(&usual_header(), &old)),
        "too-old"
    );
    let sub = r#"{"sub":5}"#;
    assert_eq!(code(&mint_alb(&usual_header(), sub)), "invalid-claim");
    // The payload is strict JSON once the signature verifies.
    assert_eq!(
        code(&mint_alb(&usual_header(), r#"{"a":1,"a":2}"#)),
        "malformed"
    );
    assert_eq!(code(&mint_alb(&usual_header(), "[]")), "malformed");
}

#[test]
fn alb_keys_are_one_p256_public_key_pem() {
    assert!(key_from_pem(pem().as_bytes()).is_ok());
    for stem in [
        "ec-p384.spki.pem",
        "rsa2048.spki.pem",
        "rsa2048.pkcs1.pem",
        "ed25519.spki.pem",
    ] {
        let pem = read(&format!("keys/{stem}"));
        assert_eq!(
            key_from_pem(&pem).err(),
            Some(ConfigError::AlbKey),
            "{stem}"
        );
    }
    let mut oversize = pem().into_bytes();
    oversize.resize(4097, b'\n');
    assert_eq!(key_from_pem(&oversize).err(), Some(ConfigError::AlbKey));
    let mut at_limit = pem().into_bytes();
    at_limit.resize(4096, b'\n');
    assert!(key_from_pem(&at_limit).is_ok());
    for garbage in [
        &b""[..],
        b"{\"kty\":\"EC\"}",
        b"\xff\xfe",
        &read("keys/ec-p256.spki.der"),
    ] {
        assert_eq!(key_from_pem(garbage).err(), Some(ConfigError::AlbKey));
    }
    // A key of the wrong curve handed in directly does not verify ES256.
    let p384 = Jwk::from_pem(&read_text("keys/ec-p384.spki.pem")).unwrap();
    let result = verifier().verify(alb_token(), &p384, now());
    assert_eq!(result.err().map(|e| e.code()), Some("algorithm"));
}

// ---- The cache's decisions, without a network. ----

fn token_for(kid: &str) -> String {
    mint_alb(&header(kid, NOW + 120), &payload())
}

fn step_code(step: AlbStep<'_>) -> &'static str {
    match step {
        AlbStep::Done(Ok(_)) => "ok",
        AlbStep::Done(Err(e)) => e.code(),
        AlbStep::Fetch(_) => "fetch",
        AlbStep::Wait => "wait",
    }
}

fn at(secs: u64) -> UnixTime {
    UnixTime::from_secs(NOW + secs)
}

#[test]
fn cache_keeps_one_fetch_in_flight() {
    let cache = AlbKeyCache::new("https://keys.example/");
    let verifier = verifier();
    let AlbStep::Fetch(permit) = cache.verify(&verifier, alb_token(), at(0)) else {
        panic!("a cold cache fetches");
    };
    assert_eq!(permit.url(), format!("https://keys.example/{KID}"));
    assert_eq!(permit.kid(), KID);
    assert_eq!(
        step_code(cache.verify(&verifier, alb_token(), at(0))),
        "wait"
    );
    assert_eq!(
        step_code(cache.verify(&verifier, token_for("other"), at(0))),
        "wait"
    );
    permit.answer(KeyAnswer::Found(pem().into_bytes())).unwrap();
    assert_eq!(step_code(cache.verify(&verifier, alb_token(), at(1))), "ok");
    assert_eq!(cache.fetch_count(), 1);
    // A key found starts no cooldown: another load balancer's key is fetched at once.
    assert_eq!(
        step_code(cache.verify(&verifier, token_for("other"), at(1))),
        "fetch"
    );
}

#[test]
fn cache_never_fetches_for_a_token_refused_before_the_key() {
    let cache = AlbKeyCache::new("https://keys.example");
    let verifier = verifier();
    for token in [
        token_for("a/b"),
        token_for(""),
        "not.a.token".into(),
        mint_alb(&header_with("alg", Some("\"RS256\"")), &payload()),
    ] {
        assert!(matches!(
            cache.verify(&verifier, &token, at(0)),
            AlbStep::Done(Err(_))
        ));
    }
    assert_eq!(cache.fetch_count(), 0);
}

#[test]
fn absent_kids_share_one_cooldown_and_are_remembered() {
    let cache = AlbKeyCache::new("https://keys.example").with_cooldown_secs(10);
    let verifier = verifier();
    let AlbStep::Fetch(permit) = cache.verify(&verifier, token_for("gone"), at(0)) else {
        panic!("fetch");
    };
    permit.answer(KeyAnswer::Absent).unwrap();
    assert_eq!(
        step_code(cache.verify(&verifier, token_for("gone"), at(1))),
        "unknown-key"
    );
    // Another unknown kid waits out the same cooldown.
    assert_eq!(
        step_code(cache.verify(&verifier, token_for("new"), at(9))),
        "unknown-key"
    );
    assert_eq!(cache.fetch_count(), 1);
    assert_eq!(
        step_code(cache.verify(&verifier, token_for("new"), at(10))),
        "fetch"
    );
}

#[test]
fn failed_fetches_make_keys_unavailable_for_the_cooldown() {
    let cache = AlbKeyCache::new("https://keys.example").with_cooldown_secs(10);
    let verifier = verifier();
    let AlbStep::Fetch(permit) = cache.verify(&verifier, alb_token(), at(0)) else {
        panic!("fetch");
    };
    permit.answer(KeyAnswer::Failed).unwrap();
    assert_eq!(
        step_code(cache.verify(&verifier, alb_token(), at(5))),
        "keys-unavailable"
    );
    // A permit dropped unanswered counts as a failure too.
    let AlbStep::Fetch(permit) = cache.verify(&verifier, alb_token(), at(10)) else {
        panic!("fetch after the cooldown");
    };
    drop(permit);
    assert_eq!(
        step_code(cache.verify(&verifier, alb_token(), at(11))),
        "keys-unavailable"
    );
    // A body that is not a P-256 key is a failed fetch.
    let AlbStep::Fetch(permit) = cache.verify(&verifier, alb_token(), at(20)) else {
        panic!("fetch after the cooldown");
    };
    let p384 = read("keys/ec-p384.spki.pem");
    assert_eq!(
        permit.answer(KeyAnswer::Found(p384)),
        Err(ConfigError::AlbKey)
    );
    assert_eq!(
        step_code(cache.verify(&verifier, alb_token(), at(21))),
        "keys-unavailable"
    );
    assert_eq!(cache.fetch_count(), 3);
    assert!(cache.is_empty());
}

#[test]
fn cache_holds_at_most_16_keys_least_recently_used_out() {
    let cache = AlbKeyCache::new("https://keys.example");
    let verifier = verifier();
    let fill = |kid: &str, secs: u64| {
        let AlbStep::Fetch(permit) = cache.verify(&verifier, token_for(kid), at(secs)) else {
            panic!("fetch {kid}");
        };
        permit.answer(KeyAnswer::Found(pem().into_bytes())).unwrap();
    };
    for i in 0..16 {
        fill(&format!("kid-{i}"), 0);
    }
    assert_eq!(cache.len(), 16);
    // kid-0 is used again, so kid-1 is now the least recently used.
    assert_eq!(
        step_code(cache.verify(&verifier, token_for("kid-0"), at(1))),
        "ok"
    );
    fill("kid-16", 2);
    assert_eq!(cache.len(), 16);
    assert_eq!(
        step_code(cache.verify(&verifier, token_for("kid-0"), at(3))),
        "ok"
    );
    assert_eq!(
        step_code(cache.verify(&verifier, token_for("kid-16"), at(3))),
        "ok"
    );
    assert_eq!(
        step_code(cache.verify(&verifier, token_for("kid-1"), at(3))),
        "fetch"
    );
}

// ---- Against a real key server on 127.0.0.1. ----

fn fetcher() -> HttpsFetcher {
    HttpsFetcher::new()
        .allow_loopback_http()
        .with_timeouts(Duration::from_millis(500), Duration::from_secs(1))
}

fn fetch_code(cache: &AlbKeyCache, token: &str) -> &'static str {
    let fetcher = fetcher();
    match cache.verify_fetching(&verifier(), token, now(), Duration::from_secs(2), |url| {
        fetcher.fetch_alb_key(url).into()
    }) {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

fn pem_server() -> Server {
    Server::start(Behaviour::Typed("application/octet-stream", pem()))
}

#[test]
fn fetches_the_key_named_by_kid_once() {
    let server = pem_server();
    let cache = AlbKeyCache::new(server.url(""));
    assert_eq!(fetch_code(&cache, &alb_token()), "ok");
    assert_eq!(fetch_code(&cache, &alb_token()), "ok");
    assert_eq!(server.requests(), 1);
    assert_eq!(server.paths(), vec![format!("/{KID}")]);
    // A trailing `/` of the keys URL is not doubled, and any media type is accepted.
    let server = Server::start(Behaviour::Typed("text/plain", pem()));
    let cache = AlbKeyCache::new(server.url("/keys/"));
    assert_eq!(fetch_code(&cache, &alb_token()), "ok");
    assert_eq!(server.paths(), vec![format!("/keys/{KID}")]);
}

#[test]
fn a_bad_kid_or_a_malformed_token_sends_no_request() {
    let server = pem_server();
    let cache = AlbKeyCache::new(server.url(""));
    let long = "a".repeat(129);
    for kid in ["a/b", "..", "%2e", "a.b", &long, ""] {
        assert_eq!(fetch_code(&cache, &token_for(kid)), "unknown-key", "{kid}");
    }
    let token = alb_token();
    assert_eq!(fetch_code(&cache, &format!("{token}=")), "malformed");
    assert_eq!(
        fetch_code(
            &cache,
            &mint_alb(&header_with("alg", Some("\"none\"")), &payload())
        ),
        "algorithm"
    );
    assert_eq!(server.requests(), 0);
}

#[test]
fn a_key_server_saying_no_such_key_is_unknown_key() {
    for status in [404, 403] {
        let server = Server::start(Behaviour::Status(status));
        let cache = AlbKeyCache::new(server.url(""));
        assert_eq!(fetch_code(&cache, &alb_token()), "unknown-key", "{status}");
        // Remembered: no second request within the cooldown.
        assert_eq!(fetch_code(&cache, &alb_token()), "unknown-key", "{status}");
        assert_eq!(server.requests(), 1);
    }
}

#[test]
fn any_other_key_server_failure_is_keys_unavailable() {
    let mut oversize = pem();
    while oversize.len() <= 4096 {
        oversize.push('\n');
    }
    for behaviour in [
        Behaviour::Status(500),
        Behaviour::Status(401),
        Behaviour::Redirect("http://127.0.0.1:9/elsewhere".into()),
        Behaviour::Typed(
            "application/octet-stream",
            read_text("keys/ec-p384.spki.pem"),
        ),
        Behaviour::Typed(
            "application/octet-stream",
            read_text("keys/rsa2048.spki.pem"),
        ),
        Behaviour::Typed("application/octet-stream", oversize),
        Behaviour::Typed("application/octet-stream", "not a key".into()),
        Behaviour::Hang(Duration::from_secs(2)),
    ] {
        let server = Server::start(behaviour.clone());
        let cache = AlbKeyCache::new(server.url(""));
        assert_eq!(
            fetch_code(&cache, &alb_token()),
            "keys-unavailable",
            "{behaviour:?}"
        );
        assert_eq!(server.requests(), 1, "{behaviour:?}");
    }
}

#[test]
fn fetch_alb_key_limits_the_body_to_4_kib() {
    let mut at_limit = pem();
    while at_limit.len() < 4096 {
        at_limit.push('\n');
    }
    let server = Server::start(Behaviour::Typed("binary/octet-stream", at_limit.clone()));
    assert_eq!(
        fetcher().fetch_alb_key(&server.url("/k")).unwrap().len(),
        4096
    );
    at_limit.push('\n');
    server.set(Behaviour::Typed("binary/octet-stream", at_limit));
    assert_eq!(
        fetcher().fetch_alb_key(&server.url("/k")),
        Err(jwtgate::FetchError::TooLarge)
    );
    server.set(Behaviour::Status(404));
    assert_eq!(
        fetcher().fetch_alb_key(&server.url("/k")),
        Err(jwtgate::FetchError::Status(404))
    );
    // The JWK Set fetch keeps its JSON media type rule.
    server.set(Behaviour::Typed("binary/octet-stream", pem()));
    assert_eq!(
        fetcher().fetch(&server.url("/k")),
        Err(jwtgate::FetchError::ContentType)
    );
}

//! JWK Sets and keys: the contract's *Keys* rules (usability, skipping, duplicate kids,
//! selection with and without `kid`) and the DER / PEM / HMAC constructors.

mod common;
use base64ct::Encoding;
use common::*;
use jwtgate::{Algorithm, ConfigError, Jwk, JwkSet, KeyRejected, Malformed, Verifier};
use serde_json::{json, Value};

fn jwk(stem: &str) -> Value {
    serde_json::from_slice(&read(&format!("keys/{stem}.jwk.json"))).unwrap()
}

fn set(keys: Vec<Value>) -> Result<JwkSet, ConfigError> {
    JwkSet::from_json(json!({ "keys": keys }).to_string().as_bytes())
}

fn with(mut key: Value, member: &str, value: Value) -> Value {
    key[member] = value;
    key
}

fn verify(keys: &JwkSet, token: &str) -> &'static str {
    let v = Verifier::builder(Algorithm::ALL)
        .allow_missing_exp()
        .build()
        .unwrap();
    match v.verify(token, keys, now()) {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

#[test]
fn set_level_errors() {
    let bad_json = |s: &str| JwkSet::from_json(s.as_bytes()).unwrap_err();
    assert_eq!(
        bad_json("not json"),
        ConfigError::JwkSetJson(Malformed::Json)
    );
    assert_eq!(
        bad_json("[]"),
        ConfigError::JwkSetJson(Malformed::NotObject)
    );
    assert_eq!(
        bad_json(r#"{"keys":[],"keys":[]}"#),
        ConfigError::JwkSetJson(Malformed::DuplicateMember)
    );
    let dup_inside = format!(
        r#"{{"keys":[{{"kty":"oct","k":"{}","k":"x"}}]}}"#,
        b64(&[1; 32])
    );
    assert_eq!(
        bad_json(&dup_inside),
        ConfigError::JwkSetJson(Malformed::DuplicateMember)
    );
    assert_eq!(bad_json("{}"), ConfigError::JwkSetKeys);
    assert_eq!(bad_json(r#"{"keys":"x"}"#), ConfigError::JwkSetKeys);
    assert_eq!(bad_json(r#"{"keys":{}}"#), ConfigError::JwkSetKeys);
    assert_eq!(bad_json(r#"{"keys":[1]}"#), ConfigError::JwkSetKeys);
    assert_eq!(
        bad_json(r#"{"keys":[{"kty":"oct","k":"AAAA"}, []]}"#),
        ConfigError::JwkSetKeys
    );
    assert_eq!(bad_json(r#"{"keys":[]}"#), ConfigError::NoUsableKey);
    assert_eq!(
        set(vec![json!({"kty":"EC","crv":"P-521","x":"","y":""})]).unwrap_err(),
        ConfigError::NoUsableKey
    );
    let too_big = format!(r#"{{"keys":[],"pad":"{}"}}"#, "a".repeat(1024 * 1024));
    assert_eq!(bad_json(&too_big), ConfigError::JwkSetTooLarge);
}

#[test]
fn unusable_members_are_skipped_with_a_reason() {
    let rsa = jwk("rsa2048");
    let members = vec![
        with(rsa.clone(), "use", json!("enc")),
        with(rsa.clone(), "key_ops", json!(["encrypt"])),
        with(rsa.clone(), "kid", json!(1)),
        with(rsa.clone(), "alg", json!(["RS256"])),
        with(rsa.clone(), "e", json!("AAEAAQ")), // leading zero octet
        with(rsa.clone(), "e", json!("AQ")),     // e = 1
        with(rsa.clone(), "e", json!("Ag")),     // even
        with(rsa.clone(), "n", json!(b64(&[0xc1; 128]))), // 1024 bits
        json!({"kty":"EC","crv":"P-256","x": b64(&[1; 31]),"y": b64(&[1; 32])}),
        json!({"kty":"EC","crv":"secp256k1","x": b64(&[1; 32]),"y": b64(&[1; 32])}),
        json!({"kty":"OKP","crv":"Ed448","x": b64(&[1; 57])}),
        json!({"kty":"OKP","crv":"Ed25519","x": b64(&[1; 31])}),
        json!({"kty":"oct","k": b64(&[1; 31])}),
        json!({"kty":"oct","k": "AAE="}),
        json!({"kty":"RSA-PSS"}),
        rsa.clone(),
    ];
    let keys = set(members).unwrap();
    assert_eq!(keys.keys().len(), 1);
    let reasons: Vec<(usize, KeyRejected)> = keys
        .skipped()
        .iter()
        .map(|s| (s.index(), s.reason()))
        .collect();
    assert_eq!(
        reasons,
        vec![
            (0, KeyRejected::Use),
            (1, KeyRejected::KeyOps),
            (2, KeyRejected::Kid),
            (3, KeyRejected::Alg),
            (4, KeyRejected::RsaExponent),
            (5, KeyRejected::RsaExponent),
            (6, KeyRejected::RsaExponent),
            (7, KeyRejected::RsaModulus),
            (8, KeyRejected::EcPoint),
            (9, KeyRejected::Curve),
            (10, KeyRejected::Curve),
            (11, KeyRejected::Ed25519Key),
            (12, KeyRejected::HmacTooShort),
            (13, KeyRejected::Member),
            (14, KeyRejected::KeyType),
        ]
    );
}

#[test]
fn public_sets_skip_symmetric_keys() {
    let json = all_keys_json();
    let all = JwkSet::from_json(json.as_bytes()).unwrap();
    let public = JwkSet::from_public_json(json.as_bytes()).unwrap();
    assert_eq!(all.keys().len(), 8);
    assert_eq!(public.keys().len(), 5);
    assert!(public.keys().iter().all(|k| k.key_type() != "oct"));
    assert_eq!(public.skipped().len(), 3);
    assert_eq!(
        verify(&public, &token(Algorithm::Hs256, "{}")),
        "unknown-key"
    );
    assert_eq!(verify(&all, &token(Algorithm::Hs256, "{}")), "ok");
}

#[test]
fn duplicate_kids_only_within_one_key_type() {
    let a = with(jwk("rsa2048"), "kid", json!("same"));
    let b = with(jwk("rsa2048b"), "kid", json!("same"));
    assert_eq!(
        set(vec![a.clone(), b]).unwrap_err(),
        ConfigError::DuplicateKid
    );
    // An unusable member does not count.
    let unusable = with(
        with(jwk("rsa2048b"), "kid", json!("same")),
        "use",
        json!("enc"),
    );
    assert!(set(vec![a.clone(), unusable]).is_ok());
    // Different key types may share a kid (RFC 7517 §4.5); the algorithm picks the family.
    let ec = with(jwk("ec-p256"), "kid", json!("same"));
    let oct = json!({"kty":"oct","kid":"same","k": b64(&hmac_secret("hs-32"))});
    let keys = set(vec![a, ec, oct]).unwrap();
    let header = |alg: &str| format!(r#"{{"alg":"{alg}","kid":"same"}}"#);
    let rs = mint(
        Algorithm::Rs256,
        Signer::Rsa("rsa2048"),
        &header("RS256"),
        "{}",
    );
    let es = mint(Algorithm::Es256, Signer::EcP256, &header("ES256"), "{}");
    let hs = mint(
        Algorithm::Hs256,
        Signer::Hmac("hs-32"),
        &header("HS256"),
        "{}",
    );
    let ed = mint(Algorithm::EdDsa, Signer::Ed25519, &header("EdDSA"), "{}");
    assert_eq!(verify(&keys, &rs), "ok");
    assert_eq!(verify(&keys, &es), "ok");
    assert_eq!(verify(&keys, &hs), "ok");
    assert_eq!(verify(&keys, &ed), "algorithm"); // the kid exists, no member fits EdDSA
}

#[test]
fn the_jwk_alg_binds_the_key() {
    let rs256_only = jwk("rsa2048"); // "alg":"RS256"
    let keys = set(vec![rs256_only]).unwrap();
    let header = |alg: &str| format!(r#"{{"alg":"{alg}","kid":"rsa-1"}}"#);
    assert_eq!(
        verify(
            &keys,
            &mint(
                Algorithm::Rs256,
                Signer::Rsa("rsa2048"),
                &header("RS256"),
                "{}"
            )
        ),
        "ok"
    );
    assert_eq!(
        verify(
            &keys,
            &mint(
                Algorithm::Ps256,
                Signer::Rsa("rsa2048"),
                &header("PS256"),
                "{}"
            )
        ),
        "algorithm"
    );
    assert_eq!(
        verify(
            &keys,
            &mint(
                Algorithm::Rs512,
                Signer::Rsa("rsa2048"),
                &header("RS512"),
                "{}"
            )
        ),
        "algorithm"
    );
    let unknown_alg = set(vec![with(jwk("rsa2048"), "alg", json!("RSA-OAEP"))]).unwrap();
    assert_eq!(
        verify(
            &unknown_alg,
            &mint(
                Algorithm::Rs256,
                Signer::Rsa("rsa2048"),
                &header("RS256"),
                "{}"
            )
        ),
        "algorithm"
    );
}

#[test]
fn selection_without_kid_needs_exactly_one_fitting_key() {
    let one = set(vec![jwk("rsa2048")]).unwrap();
    let token = mint(
        Algorithm::Rs256,
        Signer::Rsa("rsa2048"),
        r#"{"alg":"RS256"}"#,
        "{}",
    );
    assert_eq!(verify(&one, &token), "ok");
    let two = set(vec![jwk("rsa2048"), jwk("rsa2048b")]).unwrap();
    assert_eq!(verify(&two, &token), "unknown-key");
    // A second key of another family does not count against RS256.
    let mixed = set(vec![jwk("rsa2048"), jwk("ec-p256")]).unwrap();
    assert_eq!(verify(&mixed, &token), "ok");
    // A token with a kid never falls back to a key without one.
    let no_kid = set(vec![
        json!({"kty":"RSA","n": jwk("rsa2048")["n"],"e":"AQAB"}),
    ])
    .unwrap();
    let named = mint(
        Algorithm::Rs256,
        Signer::Rsa("rsa2048"),
        r#"{"alg":"RS256","kid":"rsa-1"}"#,
        "{}",
    );
    assert_eq!(verify(&no_kid, &named), "unknown-key");
    assert_eq!(verify(&no_kid, &token), "ok");
}

#[test]
fn rsa_sizes_2048_to_4096_verify() {
    for (stem, kid) in [
        ("rsa2048", "rsa-1"),
        ("rsa3072", "rsa-3072"),
        ("rsa4096", "rsa-4096"),
    ] {
        let keys = set(vec![jwk(stem)]).unwrap();
        let token = mint(
            Algorithm::Rs256,
            Signer::Rsa(stem),
            &format!(r#"{{"alg":"RS256","kid":"{kid}"}}"#),
            "{}",
        );
        assert_eq!(verify(&keys, &token), "ok", "{stem}");
    }
}

#[test]
fn an_off_curve_ec_point_fails_as_signature() {
    let mut key = jwk("ec-p256");
    let mut y = base64ct::Base64UrlUnpadded::decode_vec(key["y"].as_str().unwrap()).unwrap();
    y[31] ^= 1;
    key["y"] = json!(b64(&y));
    let keys = set(vec![key]).unwrap();
    let token = mint(
        Algorithm::Es256,
        Signer::EcP256,
        r#"{"alg":"ES256","kid":"ec-256"}"#,
        "{}",
    );
    assert_eq!(verify(&keys, &token), "signature");
}

#[test]
fn keys_from_der_and_pem() {
    let cases: [(&str, Algorithm, Signer); 4] = [
        ("rsa2048", Algorithm::Ps384, Signer::Rsa("rsa2048")),
        ("ec-p256", Algorithm::Es256, Signer::EcP256),
        ("ec-p384", Algorithm::Es384, Signer::EcP384),
        ("ed25519", Algorithm::EdDsa, Signer::Ed25519),
    ];
    for (stem, alg, signer) in cases {
        let from_der = Jwk::from_spki_der(&read(&format!("keys/{stem}.spki.der")))
            .unwrap()
            .with_kid("k");
        let from_pem = Jwk::from_pem(&read_text(&format!("keys/{stem}.spki.pem")))
            .unwrap()
            .with_kid("k");
        let token = mint(
            alg,
            signer,
            &format!(r#"{{"alg":"{}","kid":"k"}}"#, alg.name()),
            "{}",
        );
        assert_eq!(
            verify(&JwkSet::from_keys([from_der]).unwrap(), &token),
            "ok",
            "{stem} DER"
        );
        assert_eq!(
            verify(&JwkSet::from_keys([from_pem]).unwrap(), &token),
            "ok",
            "{stem} PEM"
        );
    }
    let pkcs1 = Jwk::from_pem(&read_text("keys/rsa2048.pkcs1.pem")).unwrap();
    let token = mint(
        Algorithm::Rs256,
        Signer::Rsa("rsa2048"),
        r#"{"alg":"RS256"}"#,
        "{}",
    );
    assert_eq!(verify(&JwkSet::from_keys([pkcs1]).unwrap(), &token), "ok");
    let restricted = Jwk::from_pem(&read_text("keys/rsa2048.pkcs1.pem"))
        .unwrap()
        .with_alg(Algorithm::Ps256);
    let restricted = JwkSet::from_keys([restricted.with_kid("k")]).unwrap();
    // Without kid, no key fits RS256; with the kid, the key is found but does not fit.
    assert_eq!(verify(&restricted, &token), "unknown-key");
    let named = mint(
        Algorithm::Rs256,
        Signer::Rsa("rsa2048"),
        r#"{"alg":"RS256","kid":"k"}"#,
        "{}",
    );
    assert_eq!(verify(&restricted, &named), "algorithm");
}

#[test]
fn der_and_pem_refuse_what_they_do_not_support() {
    let key = |r: Result<Jwk, ConfigError>| r.map(|_| ()).unwrap_err();
    // A private key is not a public key.
    assert_eq!(
        key(Jwk::from_pem(&read_text("keys/rsa2048.pk8.pem"))),
        ConfigError::Key(KeyRejected::Encoding)
    );
    assert_eq!(
        key(Jwk::from_spki_der(&read("keys/rsa2048.pk8.der"))),
        ConfigError::Key(KeyRejected::Encoding)
    );
    // Trailing garbage, truncation.
    let mut der = read("keys/ec-p256.spki.der");
    der.push(0);
    assert_eq!(
        key(Jwk::from_spki_der(&der)),
        ConfigError::Key(KeyRejected::Encoding)
    );
    der.truncate(der.len() - 2);
    assert_eq!(
        key(Jwk::from_spki_der(&der)),
        ConfigError::Key(KeyRejected::Encoding)
    );
    // 1024-bit RSA and P-521 keys are not usable.
    let weak = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDCFENGw33yGihy92pDjZQhl0C36rPJj+CvfSC8+q28hxA161QFNUd13wuCTUcq0Qd2qsBe/2hFyc2DCJJg0h1L78+6Z4UMR7EOcpfdUE9Hf3m/hs+FUR45uBJeDK1HSFHD8bHKD6kv8FPGfJTotc+2xjJwoYi+1hqp1fIekaxsyQIDAQAB";
    let pem = format!("-----BEGIN PUBLIC KEY-----\n{weak}\n-----END PUBLIC KEY-----\n");
    assert_eq!(
        key(Jwk::from_pem(&pem)),
        ConfigError::Key(KeyRejected::RsaModulus)
    );
    assert_eq!(
        key(Jwk::from_pem(
            "-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----"
        )),
        ConfigError::Key(KeyRejected::Encoding)
    );
}

#[test]
fn hmac_secrets() {
    assert_eq!(
        Jwk::hmac(&[7; 31]).map(|_| ()).unwrap_err(),
        ConfigError::Key(KeyRejected::HmacTooShort)
    );
    let key = Jwk::hmac(&hmac_secret("hs-32")).unwrap();
    assert!(
        key.fits(Algorithm::Hs256) && !key.fits(Algorithm::Hs384) && !key.fits(Algorithm::Rs256)
    );
    assert!(!format!("{key:?}").contains(&b64(&hmac_secret("hs-32"))));
    let keys = JwkSet::from_keys([key.with_kid("hs-32")]).unwrap();
    assert_eq!(verify(&keys, &token(Algorithm::Hs256, "{}")), "ok");
    assert_eq!(
        JwkSet::from_keys([]).map(|_| ()).unwrap_err(),
        ConfigError::NoUsableKey
    );
}

#[test]
fn kid_lookup_in_a_large_set() {
    let secret = hmac_secret("hs-32");
    let keys: Vec<Jwk> = (0..2000)
        .map(|i| Jwk::hmac(&secret).unwrap().with_kid(format!("key-{i}")))
        .collect();
    let keys = JwkSet::from_keys(keys).unwrap();
    for i in [0, 1, 999, 1999] {
        let token = mint(
            Algorithm::Hs256,
            Signer::Hmac("hs-32"),
            &format!(r#"{{"alg":"HS256","kid":"key-{i}"}}"#),
            "{}",
        );
        assert_eq!(verify(&keys, &token), "ok", "{i}");
    }
    let missing = mint(
        Algorithm::Hs256,
        Signer::Hmac("hs-32"),
        r#"{"alg":"HS256","kid":"key-2000"}"#,
        "{}",
    );
    assert_eq!(verify(&keys, &missing), "unknown-key");
}

#[test]
fn demo_cognito_set_parses_like_cognitos() {
    let keys = JwkSet::from_json(&read("demo/jwks.json")).unwrap();
    assert_eq!(keys.keys().len(), 2);
    assert!(keys.skipped().is_empty());
    assert!(keys
        .keys()
        .iter()
        .all(|k| k.key_type() == "RSA" && k.fits(Algorithm::Rs256) && !k.fits(Algorithm::Ps256)));
}

#[test]
fn a_public_key_is_never_an_hmac_secret() {
    for encoded in [
        read("keys/rsa2048.spki.pem"),
        read("keys/rsa2048.pkcs1.pem"),
        read("keys/rsa2048.spki.der"),
        read("keys/ec-p256.spki.der"),
        read("keys/ec-p384.spki.pem"),
        read("keys/ed25519.spki.der"),
        read("keys/rsa2048.jwk.json"),
        read("keys/ec-p256.jwk.json"),
    ] {
        assert_eq!(
            Jwk::hmac(&encoded).map(|_| ()).unwrap_err(),
            ConfigError::Key(KeyRejected::HmacPublicKey)
        );
    }
    // PKCS#1 RSAPublicKey DER: the SubjectPublicKeyInfo's BIT STRING content.
    let spki = read("keys/rsa2048.spki.der");
    let pkcs1 = &spki[spki.len() - 270..];
    assert_eq!(pkcs1[0], 0x30);
    assert_eq!(
        Jwk::hmac(pkcs1).map(|_| ()).unwrap_err(),
        ConfigError::Key(KeyRejected::HmacPublicKey)
    );
    // Ordinary secrets, including ones starting with a SEQUENCE tag, are fine.
    assert!(Jwk::hmac(&hmac_secret("hs-64")).is_ok());
    let mut sequence_like = vec![0x30, 0x20];
    sequence_like.extend([0xaa; 32]);
    assert!(Jwk::hmac(&sequence_like).is_ok());
}

/// Every way a person might paste a public key as an HMAC secret is refused, for every real
/// public key of `vectors/keys/`, in SubjectPublicKeyInfo and (RSA) PKCS#1 form.
#[test]
fn a_public_key_in_any_pasted_encoding_is_never_an_hmac_secret() {
    use base64ct::{Base64, Base64Unpadded, Base64Url, Base64UrlUnpadded};
    let refused = |secret: &[u8], what: &str| {
        assert_eq!(
            Jwk::hmac(secret).map(|_| ()).err(),
            Some(ConfigError::Key(KeyRejected::HmacPublicKey)),
            "{what}"
        );
    };
    let mut ders: Vec<(String, Vec<u8>)> = Vec::new();
    for stem in [
        "rsa2048", "rsa2048b", "rsa3072", "rsa4096", "ec-p256", "ec-p384", "ed25519",
    ] {
        ders.push((
            format!("{stem} SPKI"),
            read(&format!("keys/{stem}.spki.der")),
        ));
    }
    for stem in ["rsa2048", "rsa2048b"] {
        let pem = read_text(&format!("keys/{stem}.pkcs1.pem"));
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        ders.push((format!("{stem} PKCS#1"), Base64::decode_vec(&body).unwrap()));
    }
    for (name, der) in &ders {
        refused(der, &format!("{name} DER"));
        let b64 = Base64::encode_string(der);
        let lines = |text: &str, eol: &str| {
            text.as_bytes()
                .chunks(64)
                .map(|c| std::str::from_utf8(c).unwrap())
                .collect::<Vec<_>>()
                .join(eol)
        };
        refused(b64.as_bytes(), &format!("{name} Base64"));
        refused(
            lines(&b64, "\n").as_bytes(),
            &format!("{name} Base64, LF lines"),
        );
        refused(
            lines(&b64, "\r\n").as_bytes(),
            &format!("{name} Base64, CRLF lines"),
        );
        refused(
            Base64Unpadded::encode_string(der).as_bytes(),
            &format!("{name} Base64 unpadded"),
        );
        refused(
            Base64Url::encode_string(der).as_bytes(),
            &format!("{name} Base64URL"),
        );
        refused(
            Base64UrlUnpadded::encode_string(der).as_bytes(),
            &format!("{name} Base64URL unpadded"),
        );
        let hex: String = der.iter().map(|b| format!("{b:02x}")).collect();
        refused(hex.as_bytes(), &format!("{name} hex"));
        refused(hex.to_uppercase().as_bytes(), &format!("{name} HEX"));
        let label = if name.ends_with("PKCS#1") {
            "RSA PUBLIC KEY"
        } else {
            "PUBLIC KEY"
        };
        let pem = format!(
            "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
            lines(&b64, "\n")
        );
        refused(pem.as_bytes(), &format!("{name} PEM"));
        refused(
            format!("\u{feff}{pem}").as_bytes(),
            &format!("{name} PEM after a BOM"),
        );
        refused(
            format!("# issuer key, rotated 2026-01\n{pem}").as_bytes(),
            &format!("{name} PEM after a comment"),
        );
        refused(
            pem.replace('\n', "\r\n").as_bytes(),
            &format!("{name} PEM with CRLF"),
        );
        refused(
            format!("KEY=\"{}\"\n", pem.replace('\n', "\\n")).as_bytes(),
            &format!("{name} PEM quoted in a .env line"),
        );
    }
    for stem in ["rsa2048", "ec-p256", "ec-p384", "ed25519"] {
        let jwk = read(&format!("keys/{stem}.jwk.json"));
        refused(&jwk, &format!("{stem} JWK"));
        let set = format!(r#"{{"keys":[{}]}}"#, String::from_utf8(jwk).unwrap());
        refused(set.as_bytes(), &format!("{stem} JWK Set"));
    }
    refused(&read("keys/all.jwks.json"), "the test JWK Set");
    refused(&read("demo/jwks.json"), "the demo Cognito JWK Set");
}

/// The guard refuses decodings that are public keys, never text for its shape: random
/// secrets written as hex or Base64 (`openssl rand -hex 32`, `-base64 32`) are accepted.
#[test]
fn random_secrets_written_as_hex_or_base64_stay_accepted() {
    use base64ct::{Base64, Base64UrlUnpadded};
    use ring::rand::{SecureRandom, SystemRandom};
    let rng = SystemRandom::new();
    for len in [32usize, 48, 64] {
        for _ in 0..200 {
            let mut secret = vec![0u8; len];
            rng.fill(&mut secret).unwrap();
            let hex: String = secret.iter().map(|b| format!("{b:02x}")).collect();
            for encoded in [
                secret.clone(),
                hex.into_bytes(),
                format!("{}\n", Base64::encode_string(&secret)).into_bytes(),
                Base64UrlUnpadded::encode_string(&secret).into_bytes(),
            ] {
                assert!(Jwk::hmac(&encoded).is_ok(), "{encoded:?}");
            }
        }
    }
    // PEM-looking text whose body is no public key, and JSON that is no public JWK.
    assert!(Jwk::hmac(
        b"-----BEGIN SECRET-----\nc2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0\n-----END SECRET-----"
    )
    .is_ok());
    assert!(Jwk::hmac(br#"{"kty":"oct","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0"}"#).is_ok());
}

/// In a JWK Set read from a file, an `oct` member is judged by the key rules alone: bytes
/// that happen to be a PEM, DER or JSON document are a usable secret like any other.
#[test]
fn oct_members_of_a_set_are_judged_by_the_key_rules_alone() {
    use base64ct::Base64UrlUnpadded;
    for document in [
        read("keys/rsa2048.spki.pem"),
        read("keys/rsa2048.spki.der"),
        read("keys/ec-p256.jwk.json"),
    ] {
        let k = Base64UrlUnpadded::encode_string(&document);
        let set = format!(r#"{{"keys":[{{"kty":"oct","kid":"doc","k":"{k}"}}]}}"#);
        let keys = JwkSet::from_json(set.as_bytes()).unwrap();
        assert_eq!(keys.keys().len(), 1);
        assert!(keys.keys()[0].fits(Algorithm::Hs256));
    }
}

//! One named test per known attack class on JWT verifiers, each citing its public advisory,
//! RFC 8725 (JWT Best Current Practices) section or weakness class. Each asserts the exact
//! rejection code the contract gives.

mod common;
use common::*;
use jwtgate::{Algorithm, ConfigError, Jwk, JwkSet, KeyRejected, UnixTime, Verifier};
use serde::Deserialize;

fn all_algs() -> Verifier {
    Verifier::builder(Algorithm::ALL)
        .allow_missing_exp()
        .build()
        .unwrap()
}

fn code_with(verifier: &Verifier, keys: &JwkSet, token: &str) -> &'static str {
    match verifier.verify(token, keys, now()) {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

fn hmac_token(secret: &[u8], header: &str, payload: &str) -> String {
    let input = format!("{}.{}", b64(header.as_bytes()), b64(payload.as_bytes()));
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret);
    format!(
        "{input}.{}",
        b64(ring::hmac::sign(&key, input.as_bytes()).as_ref())
    )
}

/// `alg: none` in every spelling, unsigned or with any signature.
/// CVE-2015-9235 (node-jsonwebtoken), CVE-2015-2951 (JWT.php); RFC 8725 §2.1, §3.1.
#[test]
fn alg_none_in_every_spelling() {
    let payload = b64(br#"{"sub":"admin"}"#);
    let spellings = [
        "none",
        "None",
        "NONE",
        "nOnE",
        "NoNe",
        "noNE",
        "\\u006eone",
        "\\u004eONE",
    ];
    for spelling in spellings {
        let header = b64(format!(r#"{{"alg":"{spelling}"}}"#).as_bytes());
        for signature in ["", "AAAA", "c2lnbmF0dXJl"] {
            let token = format!("{header}.{payload}.{signature}");
            assert_eq!(
                code(&all_algs(), &token),
                "algorithm",
                "{spelling} {signature:?}"
            );
        }
        let signed = hmac_token(
            &hmac_secret("hs-32"),
            &format!(r#"{{"alg":"{spelling}","kid":"hs-32"}}"#),
            "{}",
        );
        assert_eq!(code(&all_algs(), &signed), "algorithm", "{spelling} signed");
    }
}

/// HS256 "signed" with the verifier's RSA or EC public key as the HMAC secret, in every
/// encoding an attacker might guess. CVE-2016-10555 (jwt-simple), CVE-2016-5431 (php-jose);
/// RFC 8725 §2.1, §3.1.
#[test]
fn hs256_keyed_with_a_public_key() {
    let keys = JwkSet::from_json(&read("keys/all.jwks.json")).unwrap();
    let rsa: serde_json::Value = serde_json::from_slice(&read("keys/rsa2048.jwk.json")).unwrap();
    let modulus =
        <base64ct::Base64UrlUnpadded as base64ct::Encoding>::decode_vec(rsa["n"].as_str().unwrap())
            .unwrap();
    let encodings: Vec<(&str, Vec<u8>)> = vec![
        ("RSA SPKI PEM", read("keys/rsa2048.spki.pem")),
        (
            "RSA SPKI PEM, no final newline",
            read_text("keys/rsa2048.spki.pem")
                .trim_end()
                .as_bytes()
                .to_vec(),
        ),
        ("RSA PKCS#1 PEM", read("keys/rsa2048.pkcs1.pem")),
        ("RSA SPKI DER", read("keys/rsa2048.spki.der")),
        ("RSA raw modulus", modulus),
        ("RSA JWK JSON", read("keys/rsa2048.jwk.json")),
        ("EC SPKI PEM", read("keys/ec-p256.spki.pem")),
        ("EC SPKI DER", read("keys/ec-p256.spki.der")),
        ("EC JWK JSON", read("keys/ec-p256.jwk.json")),
    ];
    let hs_and_rs = Verifier::builder([Algorithm::Hs256, Algorithm::Rs256, Algorithm::Es256])
        .allow_missing_exp()
        .build()
        .unwrap();
    for (name, secret) in &encodings {
        for (kid, expected) in [("rsa-1", "algorithm"), ("ec-256", "algorithm")] {
            let token = hmac_token(
                secret,
                &format!(r#"{{"alg":"HS256","kid":"{kid}"}}"#),
                r#"{"sub":"admin"}"#,
            );
            assert_eq!(
                code_with(&hs_and_rs, &keys, &token),
                expected,
                "{name} as {kid}"
            );
        }
        // Without kid, no key of the set fits HS256 at all.
        let token = hmac_token(secret, r#"{"alg":"HS256"}"#, r#"{"sub":"admin"}"#);
        assert_eq!(
            code_with(&hs_and_rs, &keys, &token),
            "unknown-key",
            "{name} without kid"
        );
    }
    // And a configuration that would make the mistake is refused up front.
    for (name, secret) in &encodings[..4] {
        assert_eq!(
            Jwk::hmac(secret).map(|_| ()).unwrap_err(),
            ConfigError::Key(KeyRejected::HmacPublicKey),
            "{name}"
        );
    }
}

/// A key supplied by the token itself (`jwk`, `jku`, `x5u`, `x5c`) is never used.
/// CVE-2018-0114 (node-jose embedded `jwk`); RFC 8725 §3.10 (do not follow `jku`/`x5u`).
#[test]
fn embedded_jwk_jku_x5u_x5c_are_ignored() {
    use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
    let rng = ring::rand::SystemRandom::new();
    let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
    let attacker =
        EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng).unwrap();
    let point = attacker.public_key().as_ref();
    let jwk = format!(
        r#"{{"kty":"EC","crv":"P-256","x":"{}","y":"{}"}}"#,
        b64(&point[1..33]),
        b64(&point[33..])
    );
    let sign = |header: &str| {
        let input = format!("{}.{}", b64(header.as_bytes()), b64(br#"{"sub":"admin"}"#));
        let sig = attacker.sign(&rng, input.as_bytes()).unwrap();
        format!("{input}.{}", b64(sig.as_ref()))
    };
    let headers = [
        (format!(r#"{{"alg":"ES256","jwk":{jwk}}}"#), "signature"), // selects ec-256: fails
        (
            format!(r#"{{"alg":"ES256","kid":"attacker","jwk":{jwk}}}"#),
            "unknown-key",
        ),
        (
            format!(r#"{{"alg":"ES256","kid":"ec-256","jwk":{jwk}}}"#),
            "signature",
        ),
        (
            r#"{"alg":"ES256","jku":"https://attacker.example/jwks.json"}"#.to_owned(),
            "signature",
        ),
        (
            r#"{"alg":"ES256","x5u":"https://attacker.example/cert.pem"}"#.to_owned(),
            "signature",
        ),
        (
            r#"{"alg":"ES256","kid":"x","x5c":["MIIB"]}"#.to_owned(),
            "unknown-key",
        ),
    ];
    for (header, expected) in headers {
        assert_eq!(code(&all_algs(), &sign(&header)), expected, "{header}");
    }
}

#[derive(Deserialize)]
struct AttackFile {
    vectors: Vec<AttackVector>,
}

#[derive(Deserialize)]
#[allow(dead_code)] // every field is read, some only by the deserializer's strictness
#[serde(deny_unknown_fields)]
struct AttackVector {
    id: String,
    class: String,
    reference: String,
    description: String,
    token: String,
    jwks: serde_json::Value,
    allowed_algs: Vec<String>,
    now: u64,
    expect_code: String,
}

/// Runs the vectors of `vectors/attacks/attacks.json` whose id starts with `prefix` (`es` for
/// the ECDSA ones, `rs`/`e3`/… for RSA) and returns how many ran.
fn run_attack_vectors(select: fn(&str) -> bool) -> usize {
    let file: AttackFile = serde_json::from_slice(&read("attacks/attacks.json")).unwrap();
    let mut run = 0;
    for v in file.vectors.iter().filter(|v| select(&v.id)) {
        let keys = JwkSet::from_json(v.jwks.to_string().as_bytes()).unwrap();
        let algs = v
            .allowed_algs
            .iter()
            .map(|a| Algorithm::from_name(a).unwrap());
        let verifier = Verifier::builder(algs).build().unwrap();
        let actual = match verifier.verify(&v.token, &keys, UnixTime::from_secs(v.now)) {
            Ok(_) => "ok",
            Err(e) => e.code(),
        };
        assert_eq!(actual, v.expect_code, "{} ({})", v.id, v.reference);
        run += 1;
    }
    run
}

/// ECDSA signatures with r = s = 0 ("psychic signatures"), r or s out of range, DER instead
/// of the raw r‖s of RFC 7518 §3.4, wrong lengths, and ES384 naming a P-256 key.
/// CVE-2022-21449 (Java); RFC 7518 §3.4.
#[test]
fn ecdsa_psychic_and_malformed_signatures() {
    let ran = run_attack_vectors(|id| id.starts_with("es"));
    assert_eq!(ran, 13);
    // r = s = 0 minted here as well, for every EC algorithm.
    for alg in [Algorithm::Es256, Algorithm::Es384] {
        let (_, kid) = signer_for(alg);
        let input = format!(
            "{}.{}",
            b64(format!(r#"{{"alg":"{}","kid":"{kid}"}}"#, alg.name()).as_bytes()),
            b64(b"{}")
        );
        let len = if alg == Algorithm::Es256 { 64 } else { 96 };
        assert_eq!(
            code(&all_algs(), &format!("{input}.{}", b64(&vec![0; len]))),
            "signature",
            "{alg}"
        );
    }
}

/// RSA PKCS#1 v1.5 forgeries: DigestInfo without its NULL, trailing garbage, wrong padding,
/// and Bleichenbacher's e = 3 forgery made without the private key.
/// CVE-2006-4339 (OpenSSL e = 3), CVE-2014-1568 (NSS "BERserk"); RFC 8017 §8.2.2.
#[test]
fn rsa_pkcs1_forgeries() {
    let ran = run_attack_vectors(|id| !id.starts_with("es"));
    assert_eq!(ran, 9);
}

/// Registered claims of the wrong JSON type are never coerced or skipped.
/// CVE-2026-25537 class (type-confused `exp`/`nbf`); RFC 7519 §4.1.
#[test]
fn registered_claims_of_the_wrong_type() {
    let v = Verifier::builder([Algorithm::Hs256])
        .issuer("i")
        .build()
        .unwrap();
    for payload in [
        r#"{"exp":"9999999999","iss":"i"}"#,
        r#"{"exp":[9999999999],"iss":"i"}"#,
        r#"{"exp":{"$gt":0},"iss":"i"}"#,
        r#"{"exp":9999999999,"nbf":"0","iss":"i"}"#,
        r#"{"exp":9999999999,"iat":null,"iss":"i"}"#,
        r#"{"exp":9999999999,"iss":["i"]}"#,
        r#"{"exp":9999999999,"iss":"i","sub":123}"#,
        r#"{"exp":-1,"iss":"i"}"#,
        r#"{"exp":1.8446744073709552e19,"iss":"i"}"#,
    ] {
        assert_eq!(
            code(&v, &token(Algorithm::Hs256, payload)),
            "invalid-claim",
            "{payload}"
        );
    }
}

/// `aud` type confusion: only a string or an array of strings is an audience.
/// CVE-2020-26160 (jwt-go `aud` as []string); RFC 7519 §4.1.3.
#[test]
fn aud_type_confusion() {
    let v = loose().audience("api").build().unwrap();
    for payload in [
        r#"{"aud":["api",1]}"#,
        r#"{"aud":[["api"]]}"#,
        r#"{"aud":{"0":"api"}}"#,
        r#"{"aud":null}"#,
        r#"{"aud":true}"#,
    ] {
        assert_eq!(
            code(&v, &token(Algorithm::Hs256, payload)),
            "invalid-claim",
            "{payload}"
        );
    }
    for payload in [r#"{"aud":["other","api"]}"#, r#"{"aud":"api"}"#] {
        assert_eq!(
            code(&v, &token(Algorithm::Hs256, payload)),
            "ok",
            "{payload}"
        );
    }
    for payload in [
        r#"{"aud":[]}"#,
        r#"{"aud":"api "}"#,
        r#"{"aud":"API"}"#,
        r#"{"aud":"ap"}"#,
    ] {
        assert_eq!(
            code(&v, &token(Algorithm::Hs256, payload)),
            "audience",
            "{payload}"
        );
    }
}

/// A bad signature is reported as such, before and instead of any claim error, and the
/// payload is not parsed before the signature verifies.
/// CVE-2024-51744 (golang-jwt error ordering); RFC 8725 §3.1.
#[test]
fn bad_signature_is_reported_before_any_claim_error() {
    let v = Verifier::builder([Algorithm::Hs256])
        .issuer("i")
        .audience("a")
        .build()
        .unwrap();
    let forge =
        |payload: &str| hmac_token(&[0x42; 32], r#"{"alg":"HS256","kid":"hs-32"}"#, payload);
    for payload in [
        r#"{"exp":1}"#,
        r#"{"iss":"x"}"#,
        r#"{"exp":"x"}"#,
        "{",
        r#"{"a":1,"a":2}"#,
        "\u{feff}{}",
    ] {
        assert_eq!(code(&v, &forge(payload)), "signature", "{payload}");
    }
}

/// Inputs meant to exhaust time or memory are refused by cheap checks first.
/// CWE-400 (uncontrolled resource consumption), CWE-674 (uncontrolled recursion).
#[test]
fn many_dots_huge_tokens_deep_json() {
    let v = all_algs();
    let huge = "a".repeat(2 * 1024 * 1024);
    assert_eq!(code(&v, &huge), "malformed");
    assert_eq!(code(&v, &".".repeat(60_000)), "malformed");
    assert_eq!(code(&v, &"a.".repeat(30_000)), "malformed");
    for depth in [128, 10_000] {
        let deep_header = format!(
            r#"{{"alg":"HS256","x":{}{}}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        );
        assert_eq!(
            code(&v, &hmac_token(&hmac_secret("hs-32"), &deep_header, "{}")),
            "malformed",
            "{depth}"
        );
        let deep_payload = format!(
            r#"{{"x":{}{}}}"#,
            r#"{"y":"#.repeat(depth),
            "}".repeat(depth)
        );
        let signed = hmac_token(
            &hmac_secret("hs-32"),
            r#"{"alg":"HS256","kid":"hs-32"}"#,
            &deep_payload,
        );
        assert_eq!(code(&v, &signed), "malformed", "{depth}");
    }
    let wide = format!(
        "{{{}\"end\":0}}",
        (0..3000)
            .map(|i| format!("\"k{i}\":{i},"))
            .collect::<String>()
    );
    assert_eq!(
        code(
            &v,
            &hmac_token(
                &hmac_secret("hs-32"),
                r#"{"alg":"HS256","kid":"hs-32"}"#,
                &wide
            )
        ),
        "ok"
    );
}

/// Base64URL is accepted only in its canonical unpadded form, the signature included, so a
/// token has exactly one spelling (no signature malleability).
/// RFC 7515 §2, RFC 4648 §3.5; CWE-347.
#[test]
fn non_canonical_base64url() {
    let good = token(Algorithm::Hs256, "{}");
    let (h, rest) = good.split_once('.').unwrap();
    let (p, s) = rest.split_once('.').unwrap();
    let last = s.chars().last().unwrap();
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let twin = alphabet
        .chars()
        .nth(alphabet.find(last).unwrap() ^ 1)
        .unwrap();
    for bad in [
        format!("{h}=.{p}.{s}"),
        format!("{h}.{p}.{s}="),
        format!("{h}.{p}.{}{twin}", &s[..s.len() - 1]),
        format!("{h}.{p}.+{}", &s[1..]),
        format!("{h}.{p}.{}/", &s[..s.len() - 1]),
        format!("{h}.{p}.{s} "),
        format!("{h} .{p}.{s}"),
        format!("{h}.{p}.\n{s}"),
    ] {
        assert_eq!(code(&all_algs(), &bad), "malformed", "{bad}");
    }
}

/// Repeated member names, which parsers resolve differently, are refused at any depth.
/// RFC 7515 §4 / RFC 7519 §4 (names MUST be unique); CVE-2017-12973 class (Nimbus JOSE).
#[test]
fn duplicate_members() {
    let secret = hmac_secret("hs-32");
    let cases = [
        (r#"{"alg":"HS256","kid":"hs-32","alg":"none"}"#, "{}"),
        (r#"{"alg":"HS256","kid":"hs-32","\u0061lg":"HS256"}"#, "{}"),
        (
            r#"{"alg":"HS256","kid":"hs-32"}"#,
            r#"{"sub":"user","sub":"admin"}"#,
        ),
        (
            r#"{"alg":"HS256","kid":"hs-32"}"#,
            r#"{"sub":"user","\u0073ub":"admin"}"#,
        ),
        (
            r#"{"alg":"HS256","kid":"hs-32"}"#,
            r#"{"ctx":{"role":"user","role":"admin"}}"#,
        ),
    ];
    for (header, payload) in cases {
        assert_eq!(
            code(&all_algs(), &hmac_token(&secret, header, payload)),
            "malformed",
            "{header} {payload}"
        );
    }
}

/// `crit` names extensions the recipient must understand; none is, so any `crit` is refused.
/// RFC 7515 §4.1.11; RFC 7797 §6 (`b64`).
#[test]
fn crit_is_never_ignored() {
    let secret = hmac_secret("hs-32");
    for crit in [
        r#"["b64"],"b64":false"#,
        r#"["exp"]"#,
        "[]",
        r#""b64""#,
        "{}",
        "0",
    ] {
        let header = format!(r#"{{"alg":"HS256","kid":"hs-32","crit":{crit}}}"#);
        assert_eq!(
            code(&all_algs(), &hmac_token(&secret, &header, "{}")),
            "critical-header",
            "{crit}"
        );
    }
}

/// `kid` values built to inject into a key lookup are only ever compared, never interpreted.
/// RFC 8725 §3.10; CWE-89, CWE-22.
#[test]
fn kid_injection_strings() {
    let secret = hmac_secret("hs-32");
    let long = "k".repeat(40_000);
    for kid in [
        "../../../../dev/null",
        "' OR '1'='1",
        "\\u0000",
        "hs-32\\u0000",
        "HS-32",
        "hs-32 ",
        "*",
        long.as_str(),
    ] {
        let token = hmac_token(
            &secret,
            &format!(r#"{{"alg":"HS256","kid":"{kid}"}}"#),
            "{}",
        );
        let error = all_algs()
            .verify(&token, &keys(), now())
            .map(|_| ())
            .unwrap_err();
        assert_eq!(error.code(), "unknown-key", "{kid}");
        assert!(!error.to_string().contains(kid) || kid.len() < 2);
    }
}

/// HMAC keys shorter than the hash are refused, and an empty key never verifies anything.
/// RFC 7518 §3.2; CVE-2019-7644 class (empty secrets).
#[test]
fn weak_and_empty_hmac_keys() {
    assert_eq!(
        Jwk::hmac(b"").map(|_| ()).unwrap_err(),
        ConfigError::Key(KeyRejected::HmacTooShort)
    );
    assert_eq!(
        Jwk::hmac(b"secret").map(|_| ()).unwrap_err(),
        ConfigError::Key(KeyRejected::HmacTooShort)
    );
    assert_eq!(
        JwkSet::from_json(br#"{"keys":[{"kty":"oct","k":""}]}"#).unwrap_err(),
        ConfigError::NoUsableKey
    );
    let with_weak = JwkSet::from_json(format!(r#"{{"keys":[{{"kty":"oct","kid":"weak","k":"{}"}},{{"kty":"oct","kid":"strong","k":"{}"}}]}}"#, b64(b"secret"), b64(&[7; 32])).as_bytes()).unwrap();
    assert_eq!(with_weak.skipped()[0].reason(), KeyRejected::HmacTooShort);
    let token = hmac_token(b"secret", r#"{"alg":"HS256","kid":"weak"}"#, "{}");
    assert_eq!(code_with(&all_algs(), &with_weak, &token), "unknown-key");
    let empty = hmac_token(b"", r#"{"alg":"HS256","kid":"strong"}"#, "{}");
    assert_eq!(code_with(&all_algs(), &with_weak, &empty), "signature");
}

/// JWE tokens (five segments, or a JWS header with `enc`/`zip`) are not JWS and are refused.
/// RFC 7516 §7.1; RFC 8725 §3.9 (do not confuse token kinds).
#[test]
fn jwe_tokens_are_refused() {
    let jwe_header = b64(br#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#);
    let jwe = format!("{jwe_header}.a2V5.aXY.Y2lwaGVy.dGFn");
    assert_eq!(code(&all_algs(), &jwe), "malformed");
    let secret = hmac_secret("hs-32");
    for header in [
        r#"{"alg":"HS256","kid":"hs-32","enc":"A256GCM"}"#,
        r#"{"alg":"HS256","kid":"hs-32","zip":"DEF"}"#,
    ] {
        assert_eq!(
            code(&all_algs(), &hmac_token(&secret, header, "{}")),
            "malformed",
            "{header}"
        );
    }
    let jwe_as_jws = format!("{jwe_header}.{}.{}", b64(b"{}"), b64(&[0; 32]));
    assert_eq!(code(&all_algs(), &jwe_as_jws), "malformed");
}

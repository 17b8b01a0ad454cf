//! Every rejection code of the contract, each proven by at least one token that earns it,
//! and the contract's order of checks where two failures meet.

mod common;
use base64ct::Encoding;
use common::*;
use jwtgate::cognito::TokenUse;
use jwtgate::{Algorithm, Error, Malformed, Verifier};

fn hs(payload: &str) -> String {
    token(Algorithm::Hs256, payload)
}

fn hs_header(header: &str, payload: &str) -> String {
    mint(Algorithm::Hs256, Signer::Hmac("hs-32"), header, payload)
}

fn err(verifier: &Verifier, token: &str) -> Error {
    verifier
        .verify(token, &keys(), now())
        .map(|_| ())
        .unwrap_err()
}

#[test]
fn malformed_structure() {
    let v = loose().build().unwrap();
    let good = hs(&fresh());
    let (h, rest) = good.split_once('.').unwrap();
    let (p, s) = rest.split_once('.').unwrap();
    let cases: Vec<(String, Malformed)> = vec![
        (String::new(), Malformed::Empty),
        (format!("{h}.{p}"), Malformed::Segments),
        (format!("{h}.{p}.{s}."), Malformed::Segments),
        (format!("{h}.{p}.{s}.{s}"), Malformed::Segments),
        (h.to_owned(), Malformed::Segments),
        (format!("{h}=.{p}.{s}"), Malformed::Base64),
        (format!("{h}.{p}=.{s}"), Malformed::Base64),
        (format!("{h}.{p}.{s}="), Malformed::Base64),
        (
            format!("{h}.{p}.{}", s.replace('-', "+").replace('_', "/")),
            Malformed::Base64,
        ),
        (format!(" {good}"), Malformed::Base64),
        (format!("{good}\n"), Malformed::Base64),
        (format!("{h}.{p}.{s}xx"), Malformed::Base64), // 43 + 2 = 4k+1 characters
        ("é.é.é".to_owned(), Malformed::Base64),
    ];
    for (token, reason) in cases {
        assert_eq!(err(&v, &token), Error::Malformed(reason), "{token:?}");
        assert_eq!(err(&v, &token).code(), "malformed");
    }
    // Non-UTF-8 bytes reach the same check.
    assert_eq!(
        v.verify(b"\xff.\xff.\xff", &keys(), now())
            .map(|_| ())
            .unwrap_err(),
        Error::Malformed(Malformed::Base64)
    );
}

#[test]
fn malformed_non_canonical_trailing_bits_in_the_signature() {
    let v = loose().build().unwrap();
    // An HS256 tag is 32 bytes: 43 characters whose last carries 2 unused bits.
    let good = hs(&fresh());
    let last = good.chars().last().unwrap();
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let pos = alphabet.find(last).unwrap();
    let twin = alphabet.chars().nth(pos ^ 1).unwrap(); // same 4 high bits, low bit set
    let bad = format!("{}{twin}", &good[..good.len() - 1]);
    assert_eq!(err(&v, &bad), Error::Malformed(Malformed::Base64));
}

#[test]
fn malformed_json() {
    let v = loose().build().unwrap();
    let cases = [
        (
            r#"{"alg":"HS256","kid":"hs-32","alg":"HS256"}"#,
            Malformed::DuplicateMember,
        ),
        (
            r#"{"alg":"HS256","kid":"hs-32","\u006bid":"hs-32"}"#,
            Malformed::DuplicateMember,
        ),
        (r#"["HS256"]"#, Malformed::NotObject),
        (r#"{"alg":"HS256",}"#, Malformed::Json),
        ("\u{feff}{\"alg\":\"HS256\"}", Malformed::Json),
        (r#"{"alg":"HS256","x":"\ud800"}"#, Malformed::Json),
        (r#"{"alg":"HS256","x":1e999}"#, Malformed::Json),
        (r#"{"alg":"HS256","kid":7}"#, Malformed::HeaderParameter),
        (
            r#"{"alg":"HS256","kid":"hs-32","typ":null}"#,
            Malformed::HeaderParameter,
        ),
        (
            r#"{"alg":"HS256","kid":"hs-32","cty":["JWT"]}"#,
            Malformed::HeaderParameter,
        ),
        (
            r#"{"alg":"HS256","kid":"hs-32","zip":"DEF"}"#,
            Malformed::Jwe,
        ),
        (
            r#"{"alg":"HS256","kid":"hs-32","enc":"A256GCM"}"#,
            Malformed::Jwe,
        ),
    ];
    for (header, reason) in cases {
        assert_eq!(
            err(&v, &hs_header(header, &fresh())),
            Error::Malformed(reason),
            "{header}"
        );
    }
    let invalid_utf8 = mint_raw(
        Algorithm::Hs256,
        Signer::Hmac("hs-32"),
        b"{\"alg\":\"HS256\",\"x\":\"\xc3\"}",
        b"{}",
    );
    assert_eq!(err(&v, &invalid_utf8), Error::Malformed(Malformed::Json));
    let deep = format!(
        r#"{{"alg":"HS256","kid":"hs-32","x":{}{}}}"#,
        "[".repeat(200),
        "]".repeat(200)
    );
    assert_eq!(
        err(&v, &hs_header(&deep, &fresh())),
        Error::Malformed(Malformed::Json)
    );
}

#[test]
fn malformed_payload_once_the_signature_verifies() {
    let v = loose().build().unwrap();
    let header = r#"{"alg":"HS256","kid":"hs-32"}"#;
    for (payload, reason) in [
        ("", Malformed::Json),
        ("not json", Malformed::Json),
        ("[1]", Malformed::NotObject),
        ("\"claims\"", Malformed::NotObject),
        (r#"{"sub":"a","sub":"b"}"#, Malformed::DuplicateMember),
        (r#"{"x":{"y":1,"y":2}}"#, Malformed::DuplicateMember),
        (r#"{"x":1.7976931348623157e309}"#, Malformed::Json),
    ] {
        assert_eq!(
            err(&v, &hs_header(header, payload)),
            Error::Malformed(reason),
            "{payload}"
        );
    }
    let bom = mint_raw(
        Algorithm::Hs256,
        Signer::Hmac("hs-32"),
        header.as_bytes(),
        "\u{feff}{}".as_bytes(),
    );
    assert_eq!(err(&v, &bom), Error::Malformed(Malformed::Json));
}

#[test]
fn malformed_when_too_large() {
    let v = loose().build().unwrap();
    let padding = "a".repeat(70 * 1024);
    let big = hs(&format!(r#"{{"pad":"{padding}"}}"#));
    assert!(big.len() > 64 * 1024);
    assert_eq!(err(&v, &big), Error::Malformed(Malformed::TooLarge));
    // The limit is configurable up to 1 MiB; tokens up to 64 KiB always pass the size check.
    let roomy = loose().max_token_len(1024 * 1024).build().unwrap();
    assert!(roomy.verify(&big, &keys(), now()).is_ok());
    let exactly = {
        let base = hs(r#"{"pad":""}"#).len();
        hs(&format!(
            r#"{{"pad":"{}"}}"#,
            "a".repeat((64 * 1024 - base) * 3 / 4)
        ))
    };
    assert!(exactly.len() <= 64 * 1024);
    assert!(
        v.verify(&exactly, &keys(), now()).is_ok(),
        "{}",
        exactly.len()
    );
    let over_a_mib = "a".repeat(1024 * 1024 + 1);
    assert_eq!(
        err(&roomy, &over_a_mib),
        Error::Malformed(Malformed::TooLarge)
    );
}

#[test]
fn algorithm() {
    let v = Verifier::builder([Algorithm::Hs256, Algorithm::Rs256])
        .allow_missing_exp()
        .build()
        .unwrap();
    let payload = fresh();
    for header in [
        r#"{"kid":"hs-32"}"#,
        r#"{"alg":null,"kid":"hs-32"}"#,
        r#"{"alg":["HS256"],"kid":"hs-32"}"#,
        r#"{"alg":"none","kid":"hs-32"}"#,
        r#"{"alg":"None"}"#,
        r#"{"alg":"NONE"}"#,
        r#"{"alg":"nOnE"}"#,
        r#"{"alg":"HS384","kid":"hs-48"}"#, // supported, not allowed
        r#"{"alg":"ES512"}"#,               // not supported
        r#"{"alg":"hs256","kid":"hs-32"}"#, // case matters
        r#"{"alg":"RS256","kid":"hs-32"}"#, // allowed, but the key is an HMAC key
        r#"{"alg":"HS256","kid":"rsa-1"}"#, // allowed, but the key is RSA
    ] {
        assert_eq!(
            err(&v, &hs_header(header, &payload)),
            Error::Algorithm,
            "{header}"
        );
    }
    // An unsigned token with an empty signature: `none` is never accepted.
    let unsigned = format!("{}.{}.", b64(br#"{"alg":"none"}"#), b64(payload.as_bytes()));
    assert_eq!(err(&v, &unsigned), Error::Algorithm);
    // HS384 with a 32-byte key is refused even when allowed: the key is too short for it.
    let hs384 = loose().build().unwrap();
    let short = mint(
        Algorithm::Hs384,
        Signer::Hmac("hs-48"),
        r#"{"alg":"HS384","kid":"hs-32"}"#,
        &payload,
    );
    assert_eq!(err(&hs384, &short), Error::Algorithm);
}

#[test]
fn unknown_key() {
    let v = loose().build().unwrap();
    assert_eq!(
        err(&v, &hs_header(r#"{"alg":"HS256","kid":"nope"}"#, &fresh())),
        Error::UnknownKey
    );
    assert_eq!(
        err(&v, &hs_header(r#"{"alg":"HS256","kid":""}"#, &fresh())),
        Error::UnknownKey
    );
    assert_eq!(
        err(
            &v,
            &hs_header(r#"{"alg":"HS256","kid":"../../etc/passwd"}"#, &fresh())
        ),
        Error::UnknownKey
    );
    // Without kid, three oct keys fit HS256: not exactly one.
    assert_eq!(
        err(&v, &hs_header(r#"{"alg":"HS256"}"#, &fresh())),
        Error::UnknownKey
    );
    // Without kid, exactly one key fits HS512: it is selected.
    let hs512 = mint(
        Algorithm::Hs512,
        Signer::Hmac("hs-64"),
        r#"{"alg":"HS512"}"#,
        &fresh(),
    );
    assert!(v.verify(&hs512, &keys(), now()).is_ok());
}

#[test]
fn signature() {
    let v = loose().build().unwrap();
    for alg in Algorithm::ALL {
        let good = token(alg, &fresh());
        let (signing_input, sig) = good.rsplit_once('.').unwrap();
        let mut raw = base64ct::Base64UrlUnpadded::decode_vec(sig).unwrap();
        raw[0] ^= 1;
        assert_eq!(
            err(&v, &format!("{signing_input}.{}", b64(&raw))),
            Error::Signature,
            "{alg}"
        );
        raw[0] ^= 1;
        raw.pop();
        assert_eq!(
            err(&v, &format!("{signing_input}.{}", b64(&raw))),
            Error::Signature,
            "{alg} short"
        );
        assert_eq!(
            err(&v, &format!("{signing_input}.")),
            Error::Signature,
            "{alg} empty"
        );
        // Signed by another key of the right family.
        let (_, kid) = signer_for(alg);
        let other = match alg {
            Algorithm::Hs256 | Algorithm::Hs384 | Algorithm::Hs512 => continue,
            Algorithm::Es256 | Algorithm::Es384 | Algorithm::EdDsa => continue,
            _ => mint(
                alg,
                Signer::Rsa("rsa2048b"),
                &format!(r#"{{"alg":"{}","kid":"{kid}"}}"#, alg.name()),
                &fresh(),
            ),
        };
        assert_eq!(err(&v, &other), Error::Signature, "{alg} other key");
    }
    // A changed payload.
    let good = hs(&fresh());
    let parts: Vec<&str> = good.split('.').collect();
    let forged = format!("{}.{}.{}", parts[0], b64(br#"{"sub":"admin"}"#), parts[2]);
    assert_eq!(err(&v, &forged), Error::Signature);
}

#[test]
fn critical_header() {
    let v = loose().build().unwrap();
    for crit in [r#"["exp"]"#, "[]", r#""b64""#, "null", r#"["b64"]"#] {
        let header = format!(r#"{{"alg":"HS256","kid":"hs-32","crit":{crit}}}"#);
        assert_eq!(
            err(&v, &hs_header(&header, &fresh())),
            Error::CriticalHeader,
            "{crit}"
        );
    }
}

#[test]
fn type_header() {
    let v = loose().typ("JWT").build().unwrap();
    assert_eq!(err(&v, &hs(&fresh())), Error::Type);
    assert_eq!(
        err(
            &v,
            &hs_header(r#"{"alg":"HS256","kid":"hs-32","typ":"at+jwt"}"#, &fresh())
        ),
        Error::Type
    );
    for ok in ["JWT", "jwt", "application/jwt", "APPLICATION/JWT"] {
        let header = format!(r#"{{"alg":"HS256","kid":"hs-32","typ":"{ok}"}}"#);
        assert!(
            v.verify(hs_header(&header, &fresh()), &keys(), now())
                .is_ok(),
            "{ok}"
        );
    }
    // Without a required typ, any string typ passes.
    let any = loose().build().unwrap();
    assert!(any
        .verify(
            hs_header(r#"{"alg":"HS256","kid":"hs-32","typ":"x"}"#, &fresh()),
            &keys(),
            now()
        )
        .is_ok());
}

#[test]
fn expired_not_yet_valid_too_old() {
    let strict = Verifier::builder([Algorithm::Hs256]).build().unwrap();
    assert_eq!(
        err(&strict, &hs(&format!(r#"{{"exp":{NOW}}}"#))),
        Error::Expired
    );
    assert_eq!(
        err(
            &strict,
            &hs(&format!(r#"{{"exp":{},"nbf":{}}}"#, NOW + 10, NOW + 1))
        ),
        Error::NotYetValid
    );
    assert_eq!(
        err(
            &strict,
            &hs(&format!(r#"{{"exp":{},"iat":{}}}"#, NOW + 10, NOW + 1))
        ),
        Error::NotYetValid
    );
    let aged = Verifier::builder([Algorithm::Hs256])
        .max_age_secs(60)
        .build()
        .unwrap();
    assert_eq!(
        err(
            &aged,
            &hs(&format!(r#"{{"exp":{},"iat":{}}}"#, NOW + 10, NOW - 61))
        ),
        Error::TooOld
    );
    assert!(aged
        .verify(
            hs(&format!(r#"{{"exp":{},"iat":{}}}"#, NOW + 10, NOW - 60)),
            &keys(),
            now()
        )
        .is_ok());
}

#[test]
fn issuer() {
    let v = loose()
        .issuer("https://a.example")
        .issuer("https://b.example")
        .build()
        .unwrap();
    assert_eq!(err(&v, &hs(r#"{"sub":"x"}"#)), Error::Issuer);
    for bad in [
        "https://c.example",
        "https://a.example/",
        "HTTPS://A.EXAMPLE",
        "",
    ] {
        assert_eq!(
            err(&v, &hs(&format!(r#"{{"iss":"{bad}"}}"#))),
            Error::Issuer,
            "{bad}"
        );
    }
    assert!(v
        .verify(hs(r#"{"iss":"https://b.example"}"#), &keys(), now())
        .is_ok());
    assert!(v
        .verify(hs(r#"{"iss":"https:\/\/a.example"}"#), &keys(), now())
        .is_ok());
}

#[test]
fn audience() {
    let v = loose().audience("api").build().unwrap();
    for bad in [
        r#"{}"#,
        r#"{"aud":"web"}"#,
        r#"{"aud":[]}"#,
        r#"{"aud":["web","API"]}"#,
    ] {
        assert_eq!(err(&v, &hs(bad)), Error::Audience, "{bad}");
    }
    for ok in [
        r#"{"aud":"api"}"#,
        r#"{"aud":["web","api"]}"#,
        r#"{"aud":"\u0061pi"}"#,
    ] {
        assert!(v.verify(hs(ok), &keys(), now()).is_ok(), "{ok}");
    }
    // RFC 7519 §4.1.3: `aud` present while no audience is configured.
    let none = loose().build().unwrap();
    assert_eq!(err(&none, &hs(r#"{"aud":"api"}"#)), Error::Audience);
    assert_eq!(err(&none, &hs(r#"{"aud":[]}"#)), Error::Audience);
}

#[test]
fn cognito_token_use_client_group_scope() {
    let cognito = |b: jwtgate::VerifierBuilder| {
        b.algorithms([Algorithm::Hs256])
            .allow_missing_exp()
            .build()
            .unwrap()
    };
    let pool = jwtgate::cognito::UserPool::parse("eu-west-1_Pool1").unwrap();
    let iss = pool.issuer();
    let v = cognito(pool.verifier());
    assert_eq!(
        err(&v, &hs(&format!(r#"{{"iss":"{iss}"}}"#))),
        Error::TokenUse
    );
    assert_eq!(
        err(
            &v,
            &hs(&format!(r#"{{"iss":"{iss}","token_use":"refresh"}}"#))
        ),
        Error::TokenUse
    );
    assert!(v
        .verify(
            hs(&format!(r#"{{"iss":"{iss}","token_use":"id"}}"#)),
            &keys(),
            now()
        )
        .is_ok());
    assert_eq!(
        err(
            &v,
            &hs(
                r#"{"iss":"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other","token_use":"id"}"#
            )
        ),
        Error::Issuer
    );

    let access = cognito(pool.verifier().token_use(TokenUse::Access));
    assert_eq!(
        err(
            &access,
            &hs(&format!(r#"{{"iss":"{iss}","token_use":"id"}}"#))
        ),
        Error::TokenUse
    );

    let client = cognito(pool.verifier().client_id("app1"));
    assert!(client
        .verify(
            hs(&format!(
                r#"{{"iss":"{iss}","token_use":"id","aud":"app1"}}"#
            )),
            &keys(),
            now()
        )
        .is_ok());
    assert!(client
        .verify(
            hs(&format!(
                r#"{{"iss":"{iss}","token_use":"access","client_id":"app1"}}"#
            )),
            &keys(),
            now()
        )
        .is_ok());
    for bad in [
        r#""token_use":"id","aud":"app2""#,
        r#""token_use":"id","client_id":"app1""#, // ID tokens name the client in aud
        r#""token_use":"access","aud":"app1""#,   // access tokens name it in client_id
        r#""token_use":"access","client_id":"app2""#,
    ] {
        assert_eq!(
            err(&client, &hs(&format!(r#"{{"iss":"{iss}",{bad}}}"#))),
            Error::Audience,
            "{bad}"
        );
    }
    // Outside the preset, a client id with no or another token_use fails as `audience`.
    let bare = loose().client_id("app1").build().unwrap();
    assert_eq!(err(&bare, &hs(r#"{"client_id":"app1"}"#)), Error::Audience);
    assert_eq!(
        err(&bare, &hs(r#"{"client_id":"app1","token_use":"other"}"#)),
        Error::Audience
    );

    let group = cognito(pool.verifier().group("admin").group("ops"));
    let with = |extra: &str| hs(&format!(r#"{{"iss":"{iss}","token_use":"access"{extra}}}"#));
    assert!(group
        .verify(with(r#","cognito:groups":["users","ops"]"#), &keys(), now())
        .is_ok());
    for bad in [
        "",
        r#","cognito:groups":["users"]"#,
        r#","cognito:groups":"admin""#,
        r#","cognito:groups":["admin",1]"#,
    ] {
        assert_eq!(err(&group, &with(bad)), Error::Group, "{bad}");
    }
    let scope = cognito(pool.verifier().scope("orders/read"));
    assert!(scope
        .verify(with(r#","scope":"openid orders/read""#), &keys(), now())
        .is_ok());
    for bad in [
        "",
        r#","scope":"openid orders/write""#,
        r#","scope":["orders/read"]"#,
        r#","scope":"orders/readx""#,
    ] {
        assert_eq!(err(&scope, &with(bad)), Error::Scope, "{bad}");
    }
}

#[test]
fn missing_claim() {
    let strict = Verifier::builder([Algorithm::Hs256]).build().unwrap();
    assert_eq!(err(&strict, &hs(r#"{"sub":"x"}"#)), Error::MissingClaim); // exp by default
    let required = loose()
        .require_claim("sub")
        .require_claim("tenant")
        .build()
        .unwrap();
    assert_eq!(err(&required, &hs(r#"{"sub":"x"}"#)), Error::MissingClaim);
    assert_eq!(
        err(&required, &hs(r#"{"tenant":"t"}"#)),
        Error::MissingClaim
    );
    assert!(required
        .verify(hs(r#"{"sub":"x","tenant":null}"#), &keys(), now())
        .is_ok());
    let aged = loose().max_age_secs(60).build().unwrap();
    assert_eq!(err(&aged, &hs(r#"{"sub":"x"}"#)), Error::MissingClaim); // iat with max age
}

#[test]
fn invalid_claim() {
    let v = loose().build().unwrap();
    let cases = [
        (r#"{"exp":"1767229200"}"#, jwtgate::Claim::Exp),
        (r#"{"exp":-1}"#, jwtgate::Claim::Exp),
        (r#"{"exp":9223372036854775808}"#, jwtgate::Claim::Exp),
        (r#"{"exp":1e19}"#, jwtgate::Claim::Exp),
        (r#"{"exp":null}"#, jwtgate::Claim::Exp),
        (r#"{"nbf":true}"#, jwtgate::Claim::Nbf),
        (r#"{"iat":[1]}"#, jwtgate::Claim::Iat),
        (r#"{"iss":1}"#, jwtgate::Claim::Iss),
        (r#"{"sub":{}}"#, jwtgate::Claim::Sub),
        (r#"{"jti":7}"#, jwtgate::Claim::Jti),
        (r#"{"aud":1}"#, jwtgate::Claim::Aud),
        (r#"{"aud":["a",1]}"#, jwtgate::Claim::Aud),
        (r#"{"aud":[["a"]]}"#, jwtgate::Claim::Aud),
        (r#"{"token_use":1}"#, jwtgate::Claim::TokenUse),
        (r#"{"client_id":false}"#, jwtgate::Claim::ClientId),
    ];
    for (payload, claim) in cases {
        assert_eq!(
            err(&v, &hs(payload)),
            Error::InvalidClaim(claim),
            "{payload}"
        );
        assert_eq!(err(&v, &hs(payload)).code(), "invalid-claim");
    }
    assert!(v
        .verify(hs(r#"{"exp":9223372036854775807}"#), &keys(), now())
        .is_ok());
}

#[test]
fn order_signature_before_any_payload_problem() {
    let v = Verifier::builder([Algorithm::Hs256])
        .issuer("i")
        .build()
        .unwrap();
    let wrong_key = |payload: &str| {
        mint(
            Algorithm::Hs256,
            Signer::Hmac("hs-48"),
            r#"{"alg":"HS256","kid":"hs-32"}"#,
            payload,
        )
    };
    for payload in [
        "not json",
        r#"{"exp":1,"iss":"x"}"#,
        r#"{"exp":"x"}"#,
        r#"{"a":1,"a":1}"#,
        "",
    ] {
        assert_eq!(err(&v, &wrong_key(payload)), Error::Signature, "{payload}");
    }
}

#[test]
fn order_within_claims() {
    let v = Verifier::builder([Algorithm::Hs256])
        .issuer("i")
        .audience("a")
        .max_age_secs(10)
        .require_claim("x")
        .build()
        .unwrap();
    let old = NOW - 100;
    let future = NOW + 100;
    // Each row breaks every later rule too; the earliest one decides.
    let rows = [
        (r#"{"exp":1,"sub":1}"#.to_owned(), "invalid-claim"),
        (format!(r#"{{"exp":1,"nbf":{future}}}"#), "expired"),
        (
            format!(r#"{{"exp":{future},"nbf":{future},"iat":{old}}}"#),
            "not-yet-valid",
        ),
        (
            format!(r#"{{"exp":{future},"iat":{future}}}"#),
            "not-yet-valid",
        ),
        (
            format!(r#"{{"exp":{future},"iat":{old},"iss":"j"}}"#),
            "too-old",
        ),
        (
            format!(r#"{{"exp":{future},"iat":{NOW},"iss":"j","aud":"b"}}"#),
            "issuer",
        ),
        (
            format!(r#"{{"exp":{future},"iat":{NOW},"iss":"i","aud":"b"}}"#),
            "audience",
        ),
        (
            format!(r#"{{"exp":{future},"iat":{NOW},"iss":"i","aud":"a"}}"#),
            "missing-claim",
        ),
        (
            format!(r#"{{"exp":{future},"iat":{NOW},"iss":"i","aud":"a","x":0}}"#),
            "ok",
        ),
    ];
    for (payload, expected) in rows {
        assert_eq!(code(&v, &hs(&payload)), expected, "{payload}");
    }
}

#[test]
fn order_within_the_header() {
    let v = Verifier::builder([Algorithm::Hs256])
        .typ("JWT")
        .build()
        .unwrap();
    let rows = [
        (
            r#"{"alg":"none","crit":["x"],"kid":1,"zip":"DEF"}"#,
            "algorithm",
        ),
        (
            r#"{"alg":"HS256","crit":["x"],"kid":1,"zip":"DEF"}"#,
            "critical-header",
        ),
        (r#"{"alg":"HS256","kid":1,"zip":"DEF"}"#, "malformed"),
        (
            r#"{"alg":"HS256","kid":"hs-32","typ":"x","zip":"DEF"}"#,
            "type",
        ),
        (
            r#"{"alg":"ES512","kid":"hs-32","typ":"JWT","zip":"DEF"}"#,
            "malformed",
        ),
        (r#"{"alg":"ES512","kid":"nope","typ":"JWT"}"#, "algorithm"),
        (r#"{"alg":"HS256","kid":"nope","typ":"JWT"}"#, "unknown-key"),
    ];
    for (header, expected) in rows {
        assert_eq!(code(&v, &hs_header(header, &fresh())), expected, "{header}");
    }
}

#[test]
fn messages_never_carry_token_bytes() {
    let v = loose().issuer("i").build().unwrap();
    for token in [
        hs(r#"{"iss":"LEAKMARKER"}"#),
        hs_header(r#"{"alg":"LEAKMARKER"}"#, "{}"),
        hs_header(r#"{"alg":"HS256","kid":"LEAKMARKER"}"#, "{}"),
        "LEAKMARKER".to_owned(),
    ] {
        let error = err(&v, &token);
        assert!(!error.to_string().contains("LEAKMARKER"));
        assert!(!format!("{error:?}").contains("LEAKMARKER"));
    }
}

#[test]
fn configuration_errors() {
    use jwtgate::ConfigError;
    assert_eq!(
        Verifier::builder([]).build().unwrap_err(),
        ConfigError::EmptyAllowlist
    );
    assert_eq!(
        loose().max_token_len(1024).build().unwrap_err(),
        ConfigError::TokenLimit
    );
    assert_eq!(
        loose().max_token_len(2 * 1024 * 1024).build().unwrap_err(),
        ConfigError::TokenLimit
    );
    // Any number of required names; a name required twice counts once.
    let many = (0..1000)
        .chain(0..1000)
        .fold(loose(), |b, i| b.require_claim(format!("c{i}")))
        .build()
        .unwrap();
    let all: String = (0..1000)
        .map(|i| format!(r#""c{i}":0"#))
        .collect::<Vec<_>>()
        .join(",");
    assert_eq!(code(&many, &hs(&format!("{{{all}}}"))), "ok");
    let most: String = (0..1000)
        .filter(|&i| i != 637)
        .map(|i| format!(r#""c{i}":0"#))
        .collect::<Vec<_>>()
        .join(",");
    assert_eq!(code(&many, &hs(&format!("{{{most}}}"))), "missing-claim");
    // A repeated name (and an unrequired extra) does not stand in for a missing one.
    let twice = loose()
        .require_claim("a")
        .require_claim("a")
        .require_claim("b")
        .build()
        .unwrap();
    assert_eq!(code(&twice, &hs(r#"{"a":1,"c":2}"#)), "missing-claim");
    assert_eq!(code(&twice, &hs(r#"{"a":1,"b":null}"#)), "ok");
}

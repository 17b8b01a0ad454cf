//! The payload (claims) axis: `exp`/`nbf`/`iat`, `iss`/`aud`, claim types, duplicates,
//! non-object and invalid payloads, nesting.

use super::*;

/// A payload mutation: name, policy, expected divergence, and the payload bytes at `now`.
pub(crate) type PayloadVariant = (&'static str, Policy, Option<Category>, fn(u64) -> Vec<u8>);

pub(crate) fn payload_variants() -> Vec<PayloadVariant> {
    use Category::*;
    use Policy::*;
    fn s(text: String) -> Vec<u8> {
        text.into_bytes()
    }
    vec![
        // Valid tokens.
        ("valid", Plain, None, |n| s(good_claims(n, Plain))),
        ("valid with iss/aud", IssAud, None, |n| {
            s(good_claims(n, IssAud))
        }),
        ("only exp", Plain, None, |n| {
            s(format!(r#"{{"exp":{}}}"#, n + 3600))
        }),
        ("valid, insignificant whitespace", Plain, None, |n| {
            s(format!(
                " \t\r\n{{ \"exp\" : {} ,\n\"sub\":\"user\" }} \n",
                n + 3600
            ))
        }),
        ("valid, non-ASCII and escaped claims", Plain, None, |n| {
            s(format!(
                r#"{{"exp":{},"name":"Zoë \u00e9 \ud83d\ude00 \"q\" \\","x":[1,2.5,-3e2,true,null,{{}}]}}"#,
                n + 3600
            ))
        }),
        ("valid, escaped claim name \\u0065xp", Plain, None, |n| {
            s(format!(r#"{{"\u0065xp":{}}}"#, n + 3600))
        }),
        (
            "valid, number below the double range (1e-400)",
            Plain,
            None,
            |n| s(format!(r#"{{"exp":{},"tiny":1e-400}}"#, n + 3600)),
        ),
        (
            "valid, integer beyond 64 bits in a custom claim",
            Plain,
            None,
            |n| {
                s(format!(
                    r#"{{"exp":{},"big":123456789012345678901234567890}}"#,
                    n + 3600
                ))
            },
        ),
        // exp.
        ("exp = now + 1", Plain, None, |n| {
            s(format!(r#"{{"exp":{}}}"#, n + 1))
        }),
        ("exp = now", Plain, Some(ExpEqualsNow), |n| {
            s(format!(r#"{{"exp":{n}}}"#))
        }),
        ("exp = now - 1", Plain, None, |n| {
            s(format!(r#"{{"exp":{}}}"#, n - 1))
        }),
        ("exp = now - 3600", Plain, None, |n| {
            s(format!(r#"{{"exp":{}}}"#, n - 3600))
        }),
        ("exp missing", Plain, None, |n| {
            s(format!(r#"{{"sub":"user","iat":{n}}}"#))
        }),
        ("exp null", Plain, None, |_| s(r#"{"exp":null}"#.to_owned())),
        ("exp as a string", Plain, None, |n| {
            s(format!(r#"{{"exp":"{}"}}"#, n + 3600))
        }),
        ("exp negative", Plain, None, |_| {
            s(r#"{"exp":-1}"#.to_owned())
        }),
        ("exp -0", Plain, None, |_| s(r#"{"exp":-0}"#.to_owned())),
        ("exp true", Plain, None, |_| s(r#"{"exp":true}"#.to_owned())),
        ("exp in an array", Plain, None, |n| {
            s(format!(r#"{{"exp":[{}]}}"#, n + 3600))
        }),
        ("exp as an object", Plain, None, |n| {
            s(format!(r#"{{"exp":{{"t":{}}}}}"#, n + 3600))
        }),
        ("exp = now + 0.5", Plain, None, |n| {
            s(format!(r#"{{"exp":{n}.5}}"#))
        }),
        ("exp = now + 0.25", Plain, None, |n| {
            s(format!(r#"{{"exp":{n}.25}}"#))
        }),
        ("exp = now - 0.25", Plain, Some(Fraction), |n| {
            s(format!(r#"{{"exp":{}.75}}"#, n - 1))
        }),
        ("exp = now - 0.5", Plain, Some(Fraction), |n| {
            s(format!(r#"{{"exp":{}.5}}"#, n - 1))
        }),
        ("exp = now - 0.75", Plain, None, |n| {
            s(format!(r#"{{"exp":{}.25}}"#, n - 1))
        }),
        (
            "exp = now + 1e-10 (the double is now)",
            Plain,
            Some(ExpEqualsNow),
            |n| s(format!(r#"{{"exp":{n}.0000000001}}"#)),
        ),
        ("nbf = now + 1e-10 (the double is now)", Plain, None, |n| {
            s(format!(r#"{{"nbf":{n}.0000000001,"exp":{}}}"#, n + 3600))
        }),
        ("exp with an exponent (e0)", Plain, None, |n| {
            s(format!(r#"{{"exp":{}e0}}"#, n + 3600))
        }),
        ("exp with .0", Plain, None, |n| {
            s(format!(r#"{{"exp":{}.0}}"#, n + 3600))
        }),
        ("exp = 2^63 - 1", Plain, None, |_| {
            s(r#"{"exp":9223372036854775807}"#.to_owned())
        }),
        ("exp = 2^63", Plain, Some(DateRange), |_| {
            s(r#"{"exp":9223372036854775808}"#.to_owned())
        }),
        ("exp = 2^64 - 1", Plain, Some(DateRange), |_| {
            s(r#"{"exp":18446744073709551615}"#.to_owned())
        }),
        ("exp = 2^64", Plain, None, |_| {
            s(r#"{"exp":18446744073709551616}"#.to_owned())
        }),
        ("exp = 1e19", Plain, Some(DateRange), |_| {
            s(r#"{"exp":1e19}"#.to_owned())
        }),
        ("exp = 1e300", Plain, None, |_| {
            s(r#"{"exp":1e300}"#.to_owned())
        }),
        ("exp = 1e400 (beyond a double)", Plain, None, |_| {
            s(r#"{"exp":1e400}"#.to_owned())
        }),
        // nbf.
        ("nbf = now", Plain, None, |n| {
            s(format!(r#"{{"nbf":{n},"exp":{}}}"#, n + 3600))
        }),
        ("nbf = now + 1", Plain, None, |n| {
            s(format!(r#"{{"nbf":{},"exp":{}}}"#, n + 1, n + 3600))
        }),
        ("nbf = now + 0.25", Plain, Some(Fraction), |n| {
            s(format!(r#"{{"nbf":{n}.25,"exp":{}}}"#, n + 3600))
        }),
        ("nbf = now + 0.5", Plain, None, |n| {
            s(format!(r#"{{"nbf":{n}.5,"exp":{}}}"#, n + 3600))
        }),
        ("nbf = now - 0.5", Plain, None, |n| {
            s(format!(r#"{{"nbf":{}.5,"exp":{}}}"#, n - 1, n + 3600))
        }),
        ("nbf as a string", Plain, None, |n| {
            s(format!(r#"{{"nbf":"{n}","exp":{}}}"#, n + 3600))
        }),
        ("nbf negative", Plain, None, |n| {
            s(format!(r#"{{"nbf":-5,"exp":{}}}"#, n + 3600))
        }),
        ("nbf -0", Plain, None, |n| {
            s(format!(r#"{{"nbf":-0,"exp":{}}}"#, n + 3600))
        }),
        ("nbf null", Plain, None, |n| {
            s(format!(r#"{{"nbf":null,"exp":{}}}"#, n + 3600))
        }),
        // iat.
        ("iat = now", Plain, None, |n| {
            s(format!(r#"{{"iat":{n},"exp":{}}}"#, n + 3600))
        }),
        ("iat = now + 1", Plain, Some(IatFuture), |n| {
            s(format!(r#"{{"iat":{},"exp":{}}}"#, n + 1, n + 3600))
        }),
        ("iat = now + 3600", Plain, Some(IatFuture), |n| {
            s(format!(r#"{{"iat":{},"exp":{}}}"#, n + 3600, n + 7200))
        }),
        ("iat = now + 0.5", Plain, Some(IatFuture), |n| {
            s(format!(r#"{{"iat":{n}.5,"exp":{}}}"#, n + 3600))
        }),
        ("iat as a string", Plain, Some(ClaimType), |n| {
            s(format!(r#"{{"iat":"{n}","exp":{}}}"#, n + 3600))
        }),
        ("iat negative", Plain, Some(ClaimType), |n| {
            s(format!(r#"{{"iat":-1,"exp":{}}}"#, n + 3600))
        }),
        ("iat null", Plain, Some(ClaimType), |n| {
            s(format!(r#"{{"iat":null,"exp":{}}}"#, n + 3600))
        }),
        ("iat = 2^63", Plain, Some(DateRange), |n| {
            s(format!(
                r#"{{"iat":9223372036854775808,"exp":{}}}"#,
                n + 3600
            ))
        }),
        // sub, jti.
        ("sub as a number", Plain, Some(ClaimType), |n| {
            s(format!(r#"{{"sub":42,"exp":{}}}"#, n + 3600))
        }),
        ("sub null", Plain, Some(ClaimType), |n| {
            s(format!(r#"{{"sub":null,"exp":{}}}"#, n + 3600))
        }),
        ("sub as an array", Plain, None, |n| {
            s(format!(r#"{{"sub":["user"],"exp":{}}}"#, n + 3600))
        }),
        ("jti as a number", Plain, Some(ClaimType), |n| {
            s(format!(r#"{{"jti":7,"exp":{}}}"#, n + 3600))
        }),
        ("jti as an object", Plain, Some(ClaimType), |n| {
            s(format!(r#"{{"jti":{{}},"exp":{}}}"#, n + 3600))
        }),
        // iss and aud without a configured issuer or audience.
        ("iss present, no issuer configured", Plain, None, |n| {
            s(format!(r#"{{"iss":"anyone","exp":{}}}"#, n + 3600))
        }),
        (
            "iss as a number, no issuer configured",
            Plain,
            Some(ClaimType),
            |n| s(format!(r#"{{"iss":1,"exp":{}}}"#, n + 3600)),
        ),
        (
            "iss as an array, no issuer configured",
            Plain,
            Some(IssArray),
            |n| s(format!(r#"{{"iss":["anyone"],"exp":{}}}"#, n + 3600)),
        ),
        ("aud present, no audience configured", Plain, None, |n| {
            s(format!(r#"{{"aud":"{AUD}","exp":{}}}"#, n + 3600))
        }),
        ("aud array, no audience configured", Plain, None, |n| {
            s(format!(r#"{{"aud":["{AUD}"],"exp":{}}}"#, n + 3600))
        }),
        ("aud [], no audience configured", Plain, None, |n| {
            s(format!(r#"{{"aud":[],"exp":{}}}"#, n + 3600))
        }),
        (
            "aud as a number, no audience configured",
            Plain,
            Some(ClaimType),
            |n| s(format!(r#"{{"aud":5,"exp":{}}}"#, n + 3600)),
        ),
        (
            "aud null, no audience configured",
            Plain,
            Some(ClaimType),
            |n| s(format!(r#"{{"aud":null,"exp":{}}}"#, n + 3600)),
        ),
        (
            "aud [1], no audience configured",
            Plain,
            Some(ClaimType),
            |n| s(format!(r#"{{"aud":[1],"exp":{}}}"#, n + 3600)),
        ),
        // iss and aud with an accepted issuer and audience.
        ("iss mismatch", IssAud, None, |n| {
            s(format!(
                r#"{{"iss":"https://evil.example","aud":"{AUD}","exp":{}}}"#,
                n + 3600
            ))
        }),
        ("iss missing", IssAud, None, |n| {
            s(format!(r#"{{"aud":"{AUD}","exp":{}}}"#, n + 3600))
        }),
        ("iss null", IssAud, None, |n| {
            s(format!(
                r#"{{"iss":null,"aud":"{AUD}","exp":{}}}"#,
                n + 3600
            ))
        }),
        ("iss as a number", IssAud, None, |n| {
            s(format!(r#"{{"iss":1,"aud":"{AUD}","exp":{}}}"#, n + 3600))
        }),
        (
            "iss as an array holding the issuer",
            IssAud,
            Some(IssArray),
            |n| {
                s(format!(
                    r#"{{"iss":["{ISS}"],"aud":"{AUD}","exp":{}}}"#,
                    n + 3600
                ))
            },
        ),
        ("iss in another case", IssAud, None, |n| {
            s(format!(
                r#"{{"iss":"HTTPS://ISSUER.EXAMPLE","aud":"{AUD}","exp":{}}}"#,
                n + 3600
            ))
        }),
        ("iss with a trailing slash", IssAud, None, |n| {
            s(format!(
                r#"{{"iss":"{ISS}/","aud":"{AUD}","exp":{}}}"#,
                n + 3600
            ))
        }),
        ("iss with escaped slashes", IssAud, None, |n| {
            s(format!(
                r#"{{"iss":"https:\/\/issuer.example","aud":"{AUD}","exp":{}}}"#,
                n + 3600
            ))
        }),
        ("aud mismatch", IssAud, None, |n| {
            s(format!(
                r#"{{"iss":"{ISS}","aud":"api://other","exp":{}}}"#,
                n + 3600
            ))
        }),
        ("aud missing", IssAud, None, |n| {
            s(format!(r#"{{"iss":"{ISS}","exp":{}}}"#, n + 3600))
        }),
        ("aud null", IssAud, None, |n| {
            s(format!(
                r#"{{"iss":"{ISS}","aud":null,"exp":{}}}"#,
                n + 3600
            ))
        }),
        ("aud []", IssAud, None, |n| {
            s(format!(r#"{{"iss":"{ISS}","aud":[],"exp":{}}}"#, n + 3600))
        }),
        ("aud array holding the audience", IssAud, None, |n| {
            s(format!(
                r#"{{"iss":"{ISS}","aud":["api://other","{AUD}"],"exp":{}}}"#,
                n + 3600
            ))
        }),
        ("aud array without the audience", IssAud, None, |n| {
            s(format!(
                r#"{{"iss":"{ISS}","aud":["api://other","api://third"],"exp":{}}}"#,
                n + 3600
            ))
        }),
        (
            "aud array holding the audience and a number",
            IssAud,
            None,
            |n| {
                s(format!(
                    r#"{{"iss":"{ISS}","aud":["{AUD}",1],"exp":{}}}"#,
                    n + 3600
                ))
            },
        ),
        ("aud nested array", IssAud, None, |n| {
            s(format!(
                r#"{{"iss":"{ISS}","aud":[["{AUD}"]],"exp":{}}}"#,
                n + 3600
            ))
        }),
        ("aud as a number", IssAud, None, |n| {
            s(format!(r#"{{"iss":"{ISS}","aud":5,"exp":{}}}"#, n + 3600))
        }),
        ("aud in another case", IssAud, None, |n| {
            s(format!(
                r#"{{"iss":"{ISS}","aud":"API://DIFFERENTIAL","exp":{}}}"#,
                n + 3600
            ))
        }),
        ("aud with escaped slashes", IssAud, None, |n| {
            s(format!(
                r#"{{"iss":"{ISS}","aud":"api:\/\/differential","exp":{}}}"#,
                n + 3600
            ))
        }),
        // Duplicate claims.
        ("duplicate exp", Plain, None, |n| {
            s(format!(r#"{{"exp":{},"exp":{}}}"#, n + 3600, n + 3600))
        }),
        (
            "duplicate exp, second one escaped and expired",
            Plain,
            None,
            |n| s(format!(r#"{{"exp":{},"\u0065xp":{}}}"#, n + 3600, n - 10)),
        ),
        ("duplicate iss", IssAud, None, |n| {
            s(format!(
                r#"{{"iss":"https://evil.example","iss":"{ISS}","aud":"{AUD}","exp":{}}}"#,
                n + 3600
            ))
        }),
        ("duplicate aud", IssAud, None, |n| {
            s(format!(
                r#"{{"iss":"{ISS}","aud":"api://other","aud":"{AUD}","exp":{}}}"#,
                n + 3600
            ))
        }),
        ("duplicate iat", Plain, Some(Duplicate), |n| {
            s(format!(r#"{{"iat":{n},"iat":{n},"exp":{}}}"#, n + 3600))
        }),
        ("duplicate custom claim", Plain, Some(Duplicate), |n| {
            s(format!(
                r#"{{"role":"user","role":"admin","exp":{}}}"#,
                n + 3600
            ))
        }),
        (
            "duplicate custom claim after unescaping",
            Plain,
            Some(Duplicate),
            |n| {
                s(format!(
                    r#"{{"role":"user","r\u006fle":"admin","exp":{}}}"#,
                    n + 3600
                ))
            },
        ),
        (
            "duplicate member in a nested object",
            Plain,
            Some(Duplicate),
            |n| s(format!(r#"{{"ctx":{{"a":1,"a":2}},"exp":{}}}"#, n + 3600)),
        ),
        // Non-object payloads.
        ("payload []", Plain, None, |_| s("[]".to_owned())),
        ("payload a string", Plain, None, |_| {
            s(r#""claims""#.to_owned())
        }),
        ("payload a number", Plain, None, |n| {
            s(format!("{}", n + 3600))
        }),
        ("payload null", Plain, None, |_| s("null".to_owned())),
        ("payload true", Plain, None, |_| s("true".to_owned())),
        ("payload empty", Plain, None, |_| Vec::new()),
        (
            "payload an array [exp, nbf, sub, iss, aud]",
            Plain,
            Some(NonObjectPayload),
            |n| s(format!(r#"[{},{},"user",null,null]"#, n + 3600, n - 60)),
        ),
        (
            "payload an array [exp, nbf, sub, iss, aud] with iss/aud",
            IssAud,
            Some(NonObjectPayload),
            |n| {
                s(format!(
                    r#"[{},{},"user","{ISS}","{AUD}"]"#,
                    n + 3600,
                    n - 60
                ))
            },
        ),
        ("payload an array [exp]", Plain, None, |n| {
            s(format!(r#"[{}]"#, n + 3600))
        }),
        // Invalid JSON and UTF-8.
        ("payload with a trailing comma", Plain, None, |n| {
            s(format!(r#"{{"exp":{},}}"#, n + 3600))
        }),
        ("payload with single quotes", Plain, None, |n| {
            s(format!(r#"{{'exp':{}}}"#, n + 3600))
        }),
        ("payload with an unquoted name", Plain, None, |n| {
            s(format!(r#"{{exp:{}}}"#, n + 3600))
        }),
        ("payload with a comment", Plain, None, |n| {
            s(format!(r#"{{"exp":{} /* c */}}"#, n + 3600))
        }),
        ("payload with NaN", Plain, None, |n| {
            s(format!(r#"{{"exp":{},"x":NaN}}"#, n + 3600))
        }),
        ("payload with a leading zero", Plain, None, |n| {
            s(format!(r#"{{"exp":0{}}}"#, n + 3600))
        }),
        ("payload with a plus sign", Plain, None, |n| {
            s(format!(r#"{{"exp":+{}}}"#, n + 3600))
        }),
        ("payload with trailing garbage", Plain, None, |n| {
            s(format!(r#"{{"exp":{}}} x"#, n + 3600))
        }),
        ("payload of two objects", Plain, None, |n| {
            s(format!(r#"{{"exp":{}}}{{}}"#, n + 3600))
        }),
        ("payload with a byte-order mark", Plain, None, |n| {
            let mut bytes = vec![0xef, 0xbb, 0xbf];
            bytes.extend(format!(r#"{{"exp":{}}}"#, n + 3600).into_bytes());
            bytes
        }),
        ("payload with invalid UTF-8", Plain, None, |n| {
            let mut bytes = format!(r#"{{"exp":{},"name":""#, n + 3600).into_bytes();
            bytes.extend([0xff, b'"', b'}']);
            bytes
        }),
        (
            "payload with an overlong UTF-8 encoding",
            Plain,
            None,
            |n| {
                let mut bytes = format!(r#"{{"exp":{},"name":""#, n + 3600).into_bytes();
                bytes.extend([0xc0, 0xaf, b'"', b'}']);
                bytes
            },
        ),
        (
            "payload with an encoded surrogate (CESU-8)",
            Plain,
            None,
            |n| {
                let mut bytes = format!(r#"{{"exp":{},"name":""#, n + 3600).into_bytes();
                bytes.extend([0xed, 0xa0, 0x80, b'"', b'}']);
                bytes
            },
        ),
        ("payload with a lone surrogate escape", Plain, None, |n| {
            s(format!(r#"{{"exp":{},"name":"\udc00"}}"#, n + 3600))
        }),
        ("payload with a raw control character", Plain, None, |n| {
            s(format!("{{\"exp\":{},\"name\":\"a\u{1}b\"}}", n + 3600))
        }),
        ("payload with 1e400 in a custom claim", Plain, None, |n| {
            s(format!(r#"{{"exp":{},"huge":1e400}}"#, n + 3600))
        }),
        ("payload nested 126 levels", Plain, None, |n| {
            let depth = 126;
            s(format!(
                r#"{{"exp":{},"deep":{}{}}}"#,
                n + 3600,
                "[".repeat(depth - 1),
                "]".repeat(depth - 1)
            ))
        }),
        ("payload nested 127 levels", Plain, None, |n| {
            let depth = 127;
            s(format!(
                r#"{{"exp":{},"deep":{}{}}}"#,
                n + 3600,
                "[".repeat(depth - 1),
                "]".repeat(depth - 1)
            ))
        }),
        ("payload nested 128 levels", Plain, None, |n| {
            let depth = 128;
            s(format!(
                r#"{{"exp":{},"deep":{}{}}}"#,
                n + 3600,
                "[".repeat(depth - 1),
                "]".repeat(depth - 1)
            ))
        }),
        ("payload nested 5000 levels", Plain, None, |n| {
            let depth = 5000;
            s(format!(
                r#"{{"exp":{},"deep":{}{}}}"#,
                n + 3600,
                "[".repeat(depth - 1),
                "]".repeat(depth - 1)
            ))
        }),
        // Size.
        ("token of about 54 KiB", Plain, None, |n| {
            s(format!(
                r#"{{"exp":{},"pad":"{}"}}"#,
                n + 3600,
                "a".repeat(40 * 1024)
            ))
        }),
        ("token of about 80 KiB", Plain, Some(TooLarge), |n| {
            s(format!(
                r#"{{"exp":{},"pad":"{}"}}"#,
                n + 3600,
                "a".repeat(60 * 1024)
            ))
        }),
    ]
}

/// The algorithms that carry the payload axis: every key type and every hash size once (the
/// claim checks come after the signature and do not depend on the algorithm; the other axes
/// run over all twelve).
pub(crate) const PAYLOAD_ALGS: [Algorithm; 6] = [
    Algorithm::Hs512,
    Algorithm::Rs256,
    Algorithm::Ps384,
    Algorithm::Es256,
    Algorithm::Es384,
    Algorithm::EdDsa,
];

/// Every payload mutation, signed correctly, for each of [`PAYLOAD_ALGS`].
pub(crate) fn payload_axis(cases: &mut Vec<Case>) {
    for alg in PAYLOAD_ALGS {
        for (name, policy, expect, body) in payload_variants() {
            let (signer, kid) = signer_for(alg);
            cases.push(case(
                format!("{}: payload: {name}", alg.name()),
                vec![alg],
                policy,
                expect,
                move |now| {
                    Some(mint_raw(
                        alg,
                        signer,
                        std_header(alg, kid).as_bytes(),
                        &body(now),
                    ))
                },
            ));
        }
    }
}

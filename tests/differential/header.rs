//! The header axis: `alg`, `kid`, `typ`, `cty`, `crit`, duplicates, key-locating and JWE
//! parameters, non-object and invalid headers.

use super::*;

/// A header mutation: name, expected divergence, and the header JSON for `(alg, kid)`.
pub(crate) type HeaderVariant = (&'static str, Option<Category>, fn(&str, &str) -> Vec<u8>);

pub(crate) fn header_variants() -> Vec<HeaderVariant> {
    use Category::*;
    fn s(text: String) -> Vec<u8> {
        text.into_bytes()
    }
    vec![
        ("standard", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","typ":"JWT","kid":"{k}"}}"#))
        }),
        ("no typ", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k}"}}"#))
        }),
        ("kid first", None, |a, k| {
            s(format!(r#"{{"kid":"{k}","alg":"{a}"}}"#))
        }),
        ("typ at+jwt", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","typ":"at+jwt","kid":"{k}"}}"#))
        }),
        ("typ application/jwt", None, |a, k| {
            s(format!(
                r#"{{"alg":"{a}","typ":"application/jwt","kid":"{k}"}}"#
            ))
        }),
        ("typ as a number", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","typ":1,"kid":"{k}"}}"#))
        }),
        ("typ null", Some(NullHeaderParam), |a, k| {
            s(format!(r#"{{"alg":"{a}","typ":null,"kid":"{k}"}}"#))
        }),
        ("cty JWT", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","cty":"JWT","kid":"{k}"}}"#))
        }),
        ("cty as an object", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","cty":{{}},"kid":"{k}"}}"#))
        }),
        ("cty null", Some(NullHeaderParam), |a, k| {
            s(format!(r#"{{"alg":"{a}","cty":null,"kid":"{k}"}}"#))
        }),
        ("kid unknown", None, |a, _| {
            s(format!(r#"{{"alg":"{a}","kid":"no-such-key"}}"#))
        }),
        ("kid in another case", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{}"}}"#, k.to_uppercase()))
        }),
        ("kid with a trailing space", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k} "}}"#))
        }),
        ("kid escaped", None, |a, k| {
            let first = k.as_bytes()[0];
            s(format!(
                r#"{{"alg":"{a}","kid":"\u{first:04x}{}"}}"#,
                &k[1..]
            ))
        }),
        ("kid as a number", None, |a, _| {
            s(format!(r#"{{"alg":"{a}","kid":1}}"#))
        }),
        ("kid as an array", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":["{k}"]}}"#))
        }),
        ("kid empty", None, |a, _| {
            s(format!(r#"{{"alg":"{a}","kid":""}}"#))
        }),
        ("kid of a key of another family", None, |a, k| {
            let other = if k == "ed-1" { "hs-64" } else { "ed-1" };
            s(format!(r#"{{"alg":"{a}","kid":"{other}"}}"#))
        }),
        ("alg lower case", None, |a, k| {
            s(format!(r#"{{"alg":"{}","kid":"{k}"}}"#, a.to_lowercase()))
        }),
        ("alg with its first letter's case flipped", None, |a, k| {
            let mut flipped: Vec<char> = a.chars().collect();
            flipped[0] = if flipped[0].is_ascii_uppercase() {
                flipped[0].to_ascii_lowercase()
            } else {
                flipped[0].to_ascii_uppercase()
            };
            let flipped: String = flipped.into_iter().collect();
            s(format!(r#"{{"alg":"{flipped}","kid":"{k}"}}"#))
        }),
        ("alg escaped", None, |a, k| {
            let first = a.as_bytes()[0];
            s(format!(
                r#"{{"alg":"\u{first:04x}{}","kid":"{k}"}}"#,
                &a[1..]
            ))
        }),
        ("alg with a trailing space", None, |a, k| {
            s(format!(r#"{{"alg":"{a} ","kid":"{k}"}}"#))
        }),
        ("alg none", None, |_, k| {
            s(format!(r#"{{"alg":"none","kid":"{k}"}}"#))
        }),
        ("alg None", None, |_, k| {
            s(format!(r#"{{"alg":"None","kid":"{k}"}}"#))
        }),
        ("alg missing", None, |_, k| s(format!(r#"{{"kid":"{k}"}}"#))),
        ("alg null", None, |_, k| {
            s(format!(r#"{{"alg":null,"kid":"{k}"}}"#))
        }),
        ("alg as a number", None, |_, k| {
            s(format!(r#"{{"alg":256,"kid":"{k}"}}"#))
        }),
        ("alg as an array", None, |a, k| {
            s(format!(r#"{{"alg":["{a}"],"kid":"{k}"}}"#))
        }),
        ("alg ES512", None, |_, k| {
            s(format!(r#"{{"alg":"ES512","kid":"{k}"}}"#))
        }),
        ("crit [exp] with exp", Some(Crit), |a, k| {
            s(format!(
                r#"{{"alg":"{a}","kid":"{k}","crit":["exp"],"exp":1}}"#
            ))
        }),
        ("crit []", Some(Crit), |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k}","crit":[]}}"#))
        }),
        ("crit [b64] with b64 true", Some(Crit), |a, k| {
            s(format!(
                r#"{{"alg":"{a}","kid":"{k}","crit":["b64"],"b64":true}}"#
            ))
        }),
        ("crit as a string", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k}","crit":"exp"}}"#))
        }),
        ("zip DEF", Some(JweParams), |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k}","zip":"DEF"}}"#))
        }),
        ("enc A128GCM", Some(JweParams), |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k}","enc":"A128GCM"}}"#))
        }),
        ("zip as a number", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k}","zip":1}}"#))
        }),
        ("duplicate alg", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","alg":"{a}","kid":"{k}"}}"#))
        }),
        ("duplicate alg, none first", None, |a, k| {
            s(format!(r#"{{"alg":"none","alg":"{a}","kid":"{k}"}}"#))
        }),
        ("duplicate kid", None, |a, k| {
            s(format!(
                r#"{{"alg":"{a}","kid":"no-such-key","kid":"{k}"}}"#
            ))
        }),
        ("duplicate extension parameter", Some(Duplicate), |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k}","ext":1,"ext":2}}"#))
        }),
        (
            "duplicate member in a nested object",
            Some(Duplicate),
            |a, k| {
                s(format!(
                    r#"{{"alg":"{a}","kid":"{k}","ext":{{"x":1,"x":2}}}}"#
                ))
            },
        ),
        ("jwk with an attacker's key", None, |a, k| {
            s(format!(
                r#"{{"alg":"{a}","kid":"{k}","jwk":{{"kty":"oct","k":"YXR0YWNrZXItc2VjcmV0LWF0dGFja2VyLXNlY3JldC0hIQ"}}}}"#
            ))
        }),
        ("jwk as a number", Some(IgnoredHeaderParamTypes), |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k}","jwk":5}}"#))
        }),
        ("jku URL", None, |a, k| {
            s(format!(
                r#"{{"alg":"{a}","kid":"{k}","jku":"https://evil.example/jwks.json"}}"#
            ))
        }),
        ("jku as a number", Some(IgnoredHeaderParamTypes), |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k}","jku":5}}"#))
        }),
        ("x5u as an array", Some(IgnoredHeaderParamTypes), |a, k| {
            s(format!(
                r#"{{"alg":"{a}","kid":"{k}","x5u":["https://x"]}}"#
            ))
        }),
        ("x5c array of strings", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k}","x5c":["AAAA"]}}"#))
        }),
        ("x5c as a string", Some(IgnoredHeaderParamTypes), |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k}","x5c":"AAAA"}}"#))
        }),
        ("x5t as a number", Some(IgnoredHeaderParamTypes), |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k}","x5t":1}}"#))
        }),
        (
            "x5t#S256 as a number",
            Some(IgnoredHeaderParamTypes),
            |a, k| s(format!(r#"{{"alg":"{a}","kid":"{k}","x5t#S256":1}}"#)),
        ),
        (
            "url as an array (RFC 8555)",
            Some(IgnoredHeaderParamTypes),
            |a, k| {
                s(format!(
                    r#"{{"alg":"{a}","kid":"{k}","url":["https://x"]}}"#
                ))
            },
        ),
        (
            "nonce as a number (RFC 8555)",
            Some(IgnoredHeaderParamTypes),
            |a, k| s(format!(r#"{{"alg":"{a}","kid":"{k}","nonce":7}}"#)),
        ),
        ("extension parameters", None, |a, k| {
            s(format!(
                r#"{{"alg":"{a}","kid":"{k}","b64":true,"x-custom":{{"n":[1,2]}},"nonce":"n"}}"#
            ))
        }),
        ("insignificant whitespace", None, |a, k| {
            s(format!(
                "\n{{ \"alg\" :\t\"{a}\" , \"kid\" : \"{k}\" }}\r\n"
            ))
        }),
        ("header []", None, |_, _| s("[]".to_owned())),
        ("header a string", None, |a, _| s(format!(r#""{a}""#))),
        ("header {}", None, |_, _| s("{}".to_owned())),
        ("header with a trailing comma", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k}",}}"#))
        }),
        ("header with a byte-order mark", None, |a, k| {
            let mut bytes = vec![0xef, 0xbb, 0xbf];
            bytes.extend(format!(r#"{{"alg":"{a}","kid":"{k}"}}"#).into_bytes());
            bytes
        }),
        ("header with invalid UTF-8", None, |a, k| {
            let mut bytes = format!(r#"{{"alg":"{a}","kid":"{k}","x":""#).into_bytes();
            bytes.extend([0xfe, b'"', b'}']);
            bytes
        }),
        ("header with a lone surrogate escape", None, |a, k| {
            s(format!(r#"{{"alg":"{a}","kid":"{k}","x":"\ud800"}}"#))
        }),
        ("header empty", None, |_, _| Vec::new()),
    ]
}

/// Every header mutation, signed correctly, for every algorithm; plus key selection without
/// `kid` and with a `null` `kid`.
pub(crate) fn header_axis(cases: &mut Vec<Case>) {
    for alg in Algorithm::ALL {
        let (signer, kid) = signer_for(alg);
        for (name, expect, header) in header_variants() {
            cases.push(case(
                format!("{}: header: {name}", alg.name()),
                vec![alg],
                Policy::Plain,
                expect,
                move |now| {
                    Some(mint_raw(
                        alg,
                        signer,
                        &header(alg.name(), kid),
                        good_claims(now, Policy::Plain).as_bytes(),
                    ))
                },
            ));
        }
        // Without kid (or with a null one), jwtgate selects only a key that alone fits.
        let ambiguous = several_keys_fit(alg).then_some(Category::AmbiguousKey);
        cases.push(case(
            format!("{}: header: kid absent", alg.name()),
            vec![alg],
            Policy::Plain,
            ambiguous,
            move |now| {
                Some(mint(
                    alg,
                    signer,
                    &format!(r#"{{"alg":"{}","typ":"JWT"}}"#, alg.name()),
                    &good_claims(now, Policy::Plain),
                ))
            },
        ));
        cases.push(case(
            format!("{}: header: kid null", alg.name()),
            vec![alg],
            Policy::Plain,
            Some(Category::NullHeaderParam),
            move |now| {
                Some(mint(
                    alg,
                    signer,
                    &format!(r#"{{"alg":"{}","kid":null}}"#, alg.name()),
                    &good_claims(now, Policy::Plain),
                ))
            },
        ));
        // Another algorithm of the family in the header, signature by the token's own.
        let sibling = match alg {
            Algorithm::Hs256 => Algorithm::Hs384,
            Algorithm::Hs384 => Algorithm::Hs512,
            Algorithm::Hs512 => Algorithm::Hs256,
            Algorithm::Rs256 => Algorithm::Ps256,
            Algorithm::Rs384 => Algorithm::Rs512,
            Algorithm::Rs512 => Algorithm::Rs256,
            Algorithm::Ps256 => Algorithm::Rs256,
            Algorithm::Ps384 => Algorithm::Ps512,
            Algorithm::Ps512 => Algorithm::Ps384,
            Algorithm::Es256 => Algorithm::Es384,
            _ => Algorithm::Es256,
        };
        for allow in [vec![alg], vec![alg, sibling]] {
            let desc = format!(
                "{}: header: alg {} over a {} signature, allowlist {:?}",
                alg.name(),
                sibling.name(),
                alg.name(),
                allow.iter().map(|a| a.name()).collect::<Vec<_>>()
            );
            cases.push(case(desc, allow, Policy::Plain, None, move |now| {
                let input = format!(
                    "{}.{}",
                    b64(std_header(sibling, kid).as_bytes()),
                    b64(good_claims(now, Policy::Plain).as_bytes())
                );
                let sig = sign(alg, signer, input.as_bytes());
                Some(format!("{input}.{}", b64(&sig)))
            }));
        }
    }
}

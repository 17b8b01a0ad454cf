//! The encoding axis: padding, `+`/`/`, whitespace, trailing bits, segment counts — on the
//! signature as is, and on the header and payload re-signed (the signing-input axis).

use super::*;

/// An encoding mutation of a valid token: name and the mutated token (`None`: not applicable).
pub(crate) type EncodingVariant = (&'static str, fn(&str) -> Option<String>);

pub(crate) fn encoding_variants() -> Vec<EncodingVariant> {
    fn pad(segment: &str) -> Option<String> {
        match segment.len() % 4 {
            0 => None,
            r => Some(format!("{segment}{}", "=".repeat(4 - r))),
        }
    }
    fn standard(segment: &str) -> Option<String> {
        let changed = segment.replace('-', "+").replace('_', "/");
        (changed != segment).then_some(changed)
    }
    vec![
        ("unchanged", |t| Some(t.to_owned())),
        ("signature padded with =", |t| {
            Some(with_segment(t, 2, &pad(parts(t)[2])?))
        }),
        ("signature with one = too many", |t| Some(format!("{t}="))),
        ("signature in the standard alphabet (+ /)", |t| {
            Some(with_segment(t, 2, &standard(parts(t)[2])?))
        }),
        ("all segments standard Base64 with padding", |t| {
            let p = parts(t);
            Some(format!(
                "{}.{}.{}",
                standard_padded(p[0]),
                standard_padded(p[1]),
                standard_padded(p[2])
            ))
        }),
        ("leading space", |t| Some(format!(" {t}"))),
        ("trailing space", |t| Some(format!("{t} "))),
        ("trailing newline", |t| Some(format!("{t}\n"))),
        ("CRLF inside the signature", |t| {
            let p = parts(t);
            let (a, b) = p[2].split_at(10);
            Some(format!("{}.{}.{a}\r\n{b}", p[0], p[1]))
        }),
        ("non-zero trailing bits in the signature", |t| {
            Some(with_segment(t, 2, &with_trailing_bit(parts(t)[2])?))
        }),
        ("one extra character in the signature", |t| {
            Some(format!("{t}A"))
        }),
        ("non-ASCII character in the signature", |t| {
            let p = parts(t);
            Some(format!("{}.{}.{}é", p[0], p[1], p[2]))
        }),
        ("1 segment (header only)", |t| Some(parts(t)[0].to_owned())),
        ("2 segments (no signature)", |t| {
            let p = parts(t);
            Some(format!("{}.{}", p[0], p[1]))
        }),
        ("2 segments (no payload)", |t| {
            let p = parts(t);
            Some(format!("{}.{}", p[0], p[2]))
        }),
        ("4 segments (extra)", |t| Some(format!("{t}.e30"))),
        ("4 segments (trailing dot)", |t| Some(format!("{t}."))),
        ("4 segments (JWE-like, empty key)", |t| {
            let p = parts(t);
            Some(format!("{}..{}.{}", p[0], p[1], p[2]))
        }),
        ("5 segments", |t| Some(format!("{t}.AAAA.AAAA"))),
        ("leading dot", |t| Some(format!(".{t}"))),
        ("empty signature", |t| Some(with_segment(t, 2, ""))),
        ("empty header segment", |t| Some(with_segment(t, 0, ""))),
        ("all segments empty", |_| Some("..".to_owned())),
        ("empty token", |_| Some(String::new())),
        ("header and payload swapped", |t| {
            let p = parts(t);
            Some(format!("{}.{}.{}", p[1], p[0], p[2]))
        }),
    ]
}

/// A mutation of the signed segments (header, payload), re-signed afterwards so that the
/// signature covers the mutated text and only the decoding can refuse it.
pub(crate) type SigningInputVariant = (&'static str, fn(&str, &str) -> Option<(String, String)>);

pub(crate) fn signing_input_variants() -> Vec<SigningInputVariant> {
    fn pad(segment: &str) -> Option<String> {
        match segment.len() % 4 {
            0 => None,
            r => Some(format!("{segment}{}", "=".repeat(4 - r))),
        }
    }
    fn standard(segment: &str) -> Option<String> {
        let changed = segment.replace('-', "+").replace('_', "/");
        (changed != segment).then_some(changed)
    }
    fn insert(segment: &str, at: usize, what: &str) -> String {
        format!("{}{what}{}", &segment[..at], &segment[at..])
    }
    vec![
        ("unchanged", |h, p| Some((h.to_owned(), p.to_owned()))),
        ("header padded with =", |h, p| Some((pad(h)?, p.to_owned()))),
        ("payload padded with =", |h, p| {
            Some((h.to_owned(), pad(p)?))
        }),
        ("header in the standard alphabet (+ /)", |h, p| {
            Some((standard(h)?, p.to_owned()))
        }),
        ("payload in the standard alphabet (+ /)", |h, p| {
            Some((h.to_owned(), standard(p)?))
        }),
        ("payload in standard Base64 with padding", |h, p| {
            Some((h.to_owned(), standard_padded(p)))
        }),
        ("non-zero trailing bits in the header", |h, p| {
            Some((with_trailing_bit(h)?, p.to_owned()))
        }),
        ("non-zero trailing bits in the payload", |h, p| {
            Some((h.to_owned(), with_trailing_bit(p)?))
        }),
        ("space inside the payload", |h, p| {
            Some((h.to_owned(), insert(p, 8, " ")))
        }),
        ("tab inside the header", |h, p| {
            Some((insert(h, 4, "\t"), p.to_owned()))
        }),
        ("newline inside the payload", |h, p| {
            Some((h.to_owned(), insert(p, 12, "\n")))
        }),
        ("NUL inside the payload", |h, p| {
            Some((h.to_owned(), insert(p, 4, "\0")))
        }),
        ("= inside the header", |h, p| {
            Some((insert(h, 8, "=="), p.to_owned()))
        }),
        ("one extra character in the payload", |h, p| {
            Some((h.to_owned(), format!("{p}A")))
        }),
        ("empty payload", |h, _| Some((h.to_owned(), String::new()))),
        ("empty header", |_, p| Some((String::new(), p.to_owned()))),
    ]
}

/// The signed segments of the re-signed encoding axis carry characters that encode to `-`
/// and `_`, so that their standard-alphabet forms differ.
pub(crate) fn signing_input_axis(cases: &mut Vec<Case>) {
    for alg in Algorithm::ALL {
        for (name, mutate) in signing_input_variants() {
            cases.push(case(
                format!("{}: encoding (re-signed): {name}", alg.name()),
                vec![alg],
                Policy::Plain,
                None,
                move |now| {
                    let (signer, kid) = signer_for(alg);
                    let header = format!(
                        r#"{{"alg":"{}","typ":"JWT","kid":"{kid}","x":"??>>??>>~~"}}"#,
                        alg.name()
                    );
                    let payload = format!(
                        r#"{{"sub":"user","q":"??>>??>>~~","iat":{now},"exp":{}}}"#,
                        now + 3600
                    );
                    let (h, p) = mutate(&b64(header.as_bytes()), &b64(payload.as_bytes()))?;
                    let input = format!("{h}.{p}");
                    let signature = sign(alg, signer, input.as_bytes());
                    Some(format!("{input}.{}", b64(&signature)))
                },
            ));
        }
    }
}

pub(crate) fn encoding_axis(cases: &mut Vec<Case>) {
    for alg in Algorithm::ALL {
        for (name, mutate) in encoding_variants() {
            cases.push(case(
                format!("{}: encoding: {name}", alg.name()),
                vec![alg],
                Policy::Plain,
                None,
                move |now| mutate(&good_token(alg, now)),
            ));
        }
    }
}

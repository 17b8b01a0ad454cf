//! The signature and key axis: flipped, truncated and foreign signatures, keys outside the
//! set or under another kid, ECDSA encodings, Ed25519 `S + L`, HMAC secrets across
//! algorithms, HS256 keyed with an RSA public key.

use super::*;

/// A signature mutation: name, expected divergence, and the mutated token.
pub(crate) type SignatureVariant = (
    &'static str,
    Option<Category>,
    fn(Algorithm, &str) -> Option<String>,
);

pub(crate) fn signature_variants() -> Vec<SignatureVariant> {
    vec![
        ("first bit flipped", None, |_, t| {
            let mut sig = signature_of(t);
            sig[0] ^= 0x80;
            Some(with_signature(t, &sig))
        }),
        ("last bit flipped", None, |_, t| {
            let mut sig = signature_of(t);
            *sig.last_mut().unwrap() ^= 1;
            Some(with_signature(t, &sig))
        }),
        ("truncated by one byte", None, |_, t| {
            let sig = signature_of(t);
            Some(with_signature(t, &sig[..sig.len() - 1]))
        }),
        ("truncated to half", None, |_, t| {
            let sig = signature_of(t);
            Some(with_signature(t, &sig[..sig.len() / 2]))
        }),
        ("extended by a zero byte", None, |_, t| {
            let mut sig = signature_of(t);
            sig.push(0);
            Some(with_signature(t, &sig))
        }),
        ("preceded by a zero byte", None, |_, t| {
            let sig = signature_of(t);
            Some(with_signature(t, &[&[0u8][..], &sig].concat()))
        }),
        ("all zero, same length", None, |_, t| {
            Some(with_signature(t, &vec![0; signature_of(t).len()]))
        }),
        ("all 0xff, same length", None, |_, t| {
            Some(with_signature(t, &vec![0xff; signature_of(t).len()]))
        }),
        ("signature of another payload", None, |alg, t| {
            let (signer, _) = signer_for(alg);
            let p = parts(t);
            let other = format!("{}.{}", p[0], b64(br#"{"exp":1}"#));
            Some(with_signature(t, &sign(alg, signer, other.as_bytes())))
        }),
        ("signed by a key outside the set", None, |alg, t| {
            let p = parts(t);
            let input = format!("{}.{}", p[0], p[1]);
            Some(with_signature(
                t,
                &sign_with_stranger(alg, input.as_bytes()),
            ))
        }),
        ("ECDSA as DER", None, |alg, t| {
            matches!(alg, Algorithm::Es256 | Algorithm::Es384)
                .then(|| with_signature(t, &ecdsa_der(&signature_of(t))))
        }),
        ("ECDSA high S (n - s)", None, |alg, t| {
            matches!(alg, Algorithm::Es256 | Algorithm::Es384)
                .then(|| with_signature(t, &high_s(alg, &signature_of(t))))
        }),
        ("ECDSA r and s swapped", None, |alg, t| {
            matches!(alg, Algorithm::Es256 | Algorithm::Es384).then(|| {
                let sig = signature_of(t);
                let (r, s) = sig.split_at(sig.len() / 2);
                with_signature(t, &[s, r].concat())
            })
        }),
        ("ECDSA r = s = 0", None, |alg, t| {
            matches!(alg, Algorithm::Es256 | Algorithm::Es384)
                .then(|| with_signature(t, &vec![0; signature_of(t).len()]))
        }),
        ("ECDSA s = n", None, |alg, t| {
            matches!(alg, Algorithm::Es256 | Algorithm::Es384).then(|| {
                let sig = signature_of(t);
                let (r, _) = sig.split_at(sig.len() / 2);
                let zero = vec![0u8; r.len()];
                with_signature(
                    t,
                    &[r, &high_s(alg, &[&zero[..], &zero[..]].concat())[r.len()..]].concat(),
                )
            })
        }),
        ("Ed25519 S + L", None, |alg, t| {
            (alg == Algorithm::EdDsa)
                .then(|| with_signature(t, &ed25519_s_plus_l(&signature_of(t))))
        }),
    ]
}

pub(crate) fn signature_axis(cases: &mut Vec<Case>) {
    for alg in Algorithm::ALL {
        for (name, expect, mutate) in signature_variants() {
            cases.push(case(
                format!("{}: signature: {name}", alg.name()),
                vec![alg],
                Policy::Plain,
                expect,
                move |now| mutate(alg, &good_token(alg, now)),
            ));
        }
    }
    // Keys: the second RSA key under its own kid, and under the first key's kid.
    for alg in Algorithm::ALL.into_iter().filter(|&a| is_rsa(a)) {
        for (kid, desc) in [
            ("rsa-2", "its own kid"),
            ("rsa-1", "the kid of another key"),
        ] {
            cases.push(case(
                format!("{}: key: second RSA key under {desc}", alg.name()),
                vec![alg],
                Policy::Plain,
                None,
                move |now| {
                    Some(mint(
                        alg,
                        Signer::Rsa("rsa2048b"),
                        &std_header(alg, kid),
                        &good_claims(now, Policy::Plain),
                    ))
                },
            ));
        }
    }
    // Keys: each HMAC secret for each HMAC algorithm, under its own kid.
    for alg in Algorithm::ALL.into_iter().filter(|&a| is_hmac(a)) {
        for (kid, len) in [("hs-32", 32), ("hs-48", 48), ("hs-64", 64)] {
            let hash_len = match alg {
                Algorithm::Hs256 => 32,
                Algorithm::Hs384 => 48,
                _ => 64,
            };
            let expect = (len < hash_len).then_some(Category::ShortHmacKey);
            cases.push(case(
                format!("{}: key: {len}-byte secret {kid}", alg.name()),
                vec![alg],
                Policy::Plain,
                expect,
                move |now| {
                    Some(mint(
                        alg,
                        Signer::Hmac(kid),
                        &std_header(alg, kid),
                        &good_claims(now, Policy::Plain),
                    ))
                },
            ));
        }
    }
    // Algorithm confusion: HS256 keyed with the RSA public key (its JWK text, its SPKI DER,
    // its modulus), naming the RSA key; and an HS256 token naming an HMAC key while only RS256
    // is allowed.
    let rsa_jwk = String::from_utf8(read("keys/rsa2048.jwk.json")).unwrap();
    let spki = read("keys/rsa2048.spki.der");
    let pem = read("keys/rsa2048.spki.pem");
    for (what, secret) in [
        ("JWK text", rsa_jwk.into_bytes()),
        ("SPKI DER", spki),
        ("SPKI PEM", pem),
    ] {
        for allow in [vec![Algorithm::Hs256], vec![Algorithm::Rs256]] {
            let secret = secret.clone();
            let desc = format!(
                "HS256: key confusion: HMAC keyed with the RSA public key's {what}, kid rsa-1, allowlist {}",
                allow[0].name()
            );
            cases.push(case(desc, allow, Policy::Plain, None, move |now| {
                let input = format!(
                    "{}.{}",
                    b64(std_header(Algorithm::Hs256, "rsa-1").as_bytes()),
                    b64(good_claims(now, Policy::Plain).as_bytes())
                );
                let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &secret);
                let tag = ring::hmac::sign(&key, input.as_bytes());
                Some(format!("{input}.{}", b64(tag.as_ref())))
            }));
        }
    }
    cases.push(case(
        "HS256: valid HS256 token while only RS256 is allowed",
        vec![Algorithm::Rs256],
        Policy::Plain,
        None,
        |now| Some(good_token(Algorithm::Hs256, now)),
    ));
    cases.push(case(
        "RS256: valid token under an allowlist of the whole RSA family",
        vec![
            Algorithm::Rs256,
            Algorithm::Rs384,
            Algorithm::Rs512,
            Algorithm::Ps256,
            Algorithm::Ps384,
            Algorithm::Ps512,
        ],
        Policy::Plain,
        None,
        |now| Some(good_token(Algorithm::Rs256, now)),
    ));
}

//! Algorithm families as features (`rsa`, `ecdsa`, `eddsa`, `hmac`): in a build with a family
//! left out, its JWK Set members are skipped as an unsupported key type, its keys are refused,
//! and its `alg` names give `algorithm`; the families built verify as always. The same
//! assertions run in the full build (every family on) and in CI's one-family builds
//! (`cargo test --no-default-features --features std,<family> --test families`).

mod common;
use common::*;
use jwtgate::{Algorithm, ConfigError, Jwk, JwkSet, KeyRejected, Verifier};

fn built(alg: Algorithm) -> bool {
    match alg {
        Algorithm::Hs256 | Algorithm::Hs384 | Algorithm::Hs512 => cfg!(feature = "hmac"),
        Algorithm::Es256 | Algorithm::Es384 => cfg!(feature = "ecdsa"),
        Algorithm::EdDsa => cfg!(feature = "eddsa"),
        _ => cfg!(feature = "rsa"),
    }
}

#[test]
fn each_algorithm_verifies_exactly_when_its_family_is_built() {
    let keys = JwkSet::from_json(all_keys_json().as_bytes()).unwrap();
    for alg in Algorithm::ALL {
        assert_eq!(alg.is_built(), built(alg), "{alg}");
        let verifier = Verifier::builder([alg]).build().unwrap();
        let result = verifier.verify(token(alg, &fresh()), &keys, now());
        match (built(alg), result) {
            (true, Ok(_)) => {}
            (false, Err(e)) => assert_eq!(e.code(), "algorithm", "{alg}"),
            (expected, result) => panic!("{alg}: built {expected}, got {result:?}"),
        }
    }
}

#[test]
fn keys_of_a_family_left_out_are_skipped_or_refused() {
    let keys = JwkSet::from_json(all_keys_json().as_bytes()).unwrap();
    let families = [
        ("oct", cfg!(feature = "hmac")),
        ("RSA", cfg!(feature = "rsa")),
        ("EC", cfg!(feature = "ecdsa")),
        ("OKP", cfg!(feature = "eddsa")),
    ];
    for (kty, on) in families {
        let held = keys.keys().iter().filter(|k| k.key_type() == kty).count();
        assert_eq!(held > 0, on, "{kty}");
    }
    assert!(keys
        .skipped()
        .iter()
        .all(|s| s.reason() == KeyRejected::KeyType));
    let refused = |built: bool, key: Result<Jwk, ConfigError>| {
        matches!(
            (built, key),
            (true, Ok(_)) | (false, Err(ConfigError::Key(KeyRejected::KeyType)))
        )
    };
    assert!(refused(
        cfg!(feature = "hmac"),
        Jwk::hmac(&hmac_secret("hs-32"))
    ));
    assert!(refused(
        cfg!(feature = "rsa"),
        Jwk::from_pem(&read_text("keys/rsa2048.spki.pem"))
    ));
    assert!(refused(
        cfg!(feature = "ecdsa"),
        Jwk::from_spki_der(&read("keys/ec-p256.spki.der"))
    ));
    assert!(refused(
        cfg!(feature = "eddsa"),
        Jwk::from_spki_der(&read("keys/ed25519.spki.der"))
    ));
}

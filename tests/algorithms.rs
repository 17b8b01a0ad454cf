//! Every algorithm verifies a fresh token signed with its test key, and only with it.

mod common;
use common::*;
use jwtgate::{Algorithm, Verifier};

#[test]
fn every_algorithm_verifies_with_its_key() {
    let verifier = loose().build().unwrap();
    for alg in Algorithm::ALL {
        let token = token(alg, &fresh());
        let verified = verifier
            .verify(&token, &keys(), now())
            .unwrap_or_else(|e| panic!("{alg}: {e}"));
        assert_eq!(verified.header().alg(), alg);
        assert_eq!(verified.subject(), Some("user"));
    }
}

#[test]
fn each_algorithm_only_when_allowed() {
    for allowed in Algorithm::ALL {
        let verifier = Verifier::builder([allowed]).build().unwrap();
        for alg in Algorithm::ALL {
            let expected = if alg == allowed { "ok" } else { "algorithm" };
            assert_eq!(
                code(&verifier, &token(alg, &fresh())),
                expected,
                "{allowed} vs {alg}"
            );
        }
    }
}

//! Shared test helpers: the fixed test keys of `vectors/keys/` and a token minter that signs
//! with `ring` (the keys were made once with openssl; see `vectors/keys/README.md`).
#![allow(dead_code)]

pub mod alb;
pub mod bench;
pub mod interleave;
pub mod server;

use base64ct::{Base64UrlUnpadded, Encoding};
use jwtgate::{Algorithm, JwkSet, UnixTime, Verifier};
use ring::rand::SystemRandom;
use ring::signature::{self, EcdsaKeyPair, Ed25519KeyPair, KeyPair, RsaKeyPair};
use std::path::PathBuf;

/// The contract's rejection codes, one per line, copied from `docs/cli.md` ("Rejection codes")
/// into `vectors/codes.txt`: the one oracle the tests and the fuzz targets share. Deliberately
/// not taken from the library, so that a wrong code in the library cannot pass a check
/// against this list.
pub const CODES_TXT: &str = include_str!("../../vectors/codes.txt");

/// Whether `code` is one of the contract's rejection codes.
pub fn is_code(code: &str) -> bool {
    CODES_TXT.lines().any(|line| line == code)
}

/// A fixed `now` for tests: 2026-01-01T00:00:00Z.
pub const NOW: u64 = 1_767_225_600;

pub fn now() -> UnixTime {
    UnixTime::from_secs(NOW)
}

pub fn vectors() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("vectors")
}

pub fn read(relative: &str) -> Vec<u8> {
    std::fs::read(vectors().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

pub fn read_text(relative: &str) -> String {
    String::from_utf8(read(relative)).unwrap()
}

pub fn b64(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}

/// The HMAC secrets of `vectors/keys/hmac.json`, by kid.
pub fn hmac_secret(kid: &str) -> Vec<u8> {
    let set: serde_json::Value = serde_json::from_slice(&read("keys/hmac.json")).unwrap();
    let k = set["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|key| key["kid"] == kid)
        .unwrap()["k"]
        .as_str()
        .unwrap()
        .to_owned();
    Base64UrlUnpadded::decode_vec(&k).unwrap()
}

/// Which private key signs.
#[derive(Clone, Copy, Debug)]
pub enum Signer {
    /// An HMAC secret from `hmac.json` by kid (`hs-32`, `hs-48`, `hs-64`).
    Hmac(&'static str),
    /// An RSA key by file stem (`rsa2048`, `rsa2048b`, `rsa3072`, `rsa4096`).
    Rsa(&'static str),
    EcP256,
    EcP384,
    Ed25519,
}

/// Signs `signing_input` with `alg` and `signer`.
pub fn sign(alg: Algorithm, signer: Signer, signing_input: &[u8]) -> Vec<u8> {
    let rng = SystemRandom::new();
    match signer {
        Signer::Hmac(kid) => {
            let hash = match alg {
                Algorithm::Hs256 => ring::hmac::HMAC_SHA256,
                Algorithm::Hs384 => ring::hmac::HMAC_SHA384,
                Algorithm::Hs512 => ring::hmac::HMAC_SHA512,
                _ => panic!("{alg} is not HMAC"),
            };
            let key = ring::hmac::Key::new(hash, &hmac_secret(kid));
            ring::hmac::sign(&key, signing_input).as_ref().to_vec()
        }
        Signer::Rsa(stem) => {
            let encoding: &'static dyn signature::RsaEncoding = match alg {
                Algorithm::Rs256 => &signature::RSA_PKCS1_SHA256,
                Algorithm::Rs384 => &signature::RSA_PKCS1_SHA384,
                Algorithm::Rs512 => &signature::RSA_PKCS1_SHA512,
                Algorithm::Ps256 => &signature::RSA_PSS_SHA256,
                Algorithm::Ps384 => &signature::RSA_PSS_SHA384,
                Algorithm::Ps512 => &signature::RSA_PSS_SHA512,
                _ => panic!("{alg} is not RSA"),
            };
            let pair = RsaKeyPair::from_pkcs8(&read(&format!("keys/{stem}.pk8.der"))).unwrap();
            let mut sig = vec![0; pair.public().modulus_len()];
            pair.sign(encoding, &rng, signing_input, &mut sig).unwrap();
            sig
        }
        Signer::EcP256 | Signer::EcP384 => {
            let (algorithm, file) = match signer {
                Signer::EcP256 => (
                    &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
                    "keys/ec-p256.pk8.der",
                ),
                _ => (
                    &signature::ECDSA_P384_SHA384_FIXED_SIGNING,
                    "keys/ec-p384.pk8.der",
                ),
            };
            let pair = EcdsaKeyPair::from_pkcs8(algorithm, &read(file), &rng).unwrap();
            pair.sign(&rng, signing_input).unwrap().as_ref().to_vec()
        }
        Signer::Ed25519 => {
            let pair =
                Ed25519KeyPair::from_pkcs8_maybe_unchecked(&read("keys/ed25519.pk8.der")).unwrap();
            assert_eq!(pair.public_key().as_ref().len(), 32);
            pair.sign(signing_input).as_ref().to_vec()
        }
    }
}

/// A compact token with exactly this header and payload JSON text, signed by `signer`.
pub fn mint(alg: Algorithm, signer: Signer, header: &str, payload: &str) -> String {
    mint_raw(alg, signer, header.as_bytes(), payload.as_bytes())
}

pub fn mint_raw(alg: Algorithm, signer: Signer, header: &[u8], payload: &[u8]) -> String {
    let signing_input = format!("{}.{}", b64(header), b64(payload));
    let sig = sign(alg, signer, signing_input.as_bytes());
    format!("{signing_input}.{}", b64(&sig))
}

/// The usual signer and kid for each algorithm, matching [`keys`].
pub fn signer_for(alg: Algorithm) -> (Signer, &'static str) {
    match alg {
        Algorithm::Hs256 => (Signer::Hmac("hs-32"), "hs-32"),
        Algorithm::Hs384 => (Signer::Hmac("hs-48"), "hs-48"),
        Algorithm::Hs512 => (Signer::Hmac("hs-64"), "hs-64"),
        Algorithm::Es256 => (Signer::EcP256, "ec-256"),
        Algorithm::Es384 => (Signer::EcP384, "ec-384"),
        Algorithm::EdDsa => (Signer::Ed25519, "ed-1"),
        _ => (Signer::Rsa("rsa2048"), "rsa-1"),
    }
}

/// One JWK Set with every test key: RSA (`rsa-1`, `rsa-2`), EC (`ec-256`, `ec-384`),
/// Ed25519 (`ed-1`), HMAC (`hs-32`, `hs-48`, `hs-64`). The RSA JWKs say `alg: RS256`, so
/// this set drops that restriction to serve RS*, PS* alike.
pub fn all_keys_json() -> String {
    let public: serde_json::Value = serde_json::from_slice(&read("keys/all.jwks.json")).unwrap();
    let secret: serde_json::Value = serde_json::from_slice(&read("keys/hmac.json")).unwrap();
    let mut keys: Vec<serde_json::Value> = public["keys"].as_array().unwrap().clone();
    for key in &mut keys {
        key.as_object_mut().unwrap().remove("alg");
    }
    keys.extend(secret["keys"].as_array().unwrap().iter().cloned());
    serde_json::json!({ "keys": keys }).to_string()
}

pub fn keys() -> JwkSet {
    JwkSet::from_json(all_keys_json().as_bytes()).unwrap()
}

/// A token for `alg` with the usual key and kid, and these claims.
pub fn token(alg: Algorithm, payload: &str) -> String {
    let (signer, kid) = signer_for(alg);
    mint(
        alg,
        signer,
        &format!(r#"{{"alg":"{}","kid":"{kid}"}}"#, alg.name()),
        payload,
    )
}

/// A verifier allowing every algorithm, with `exp` optional: the loosest policy the crate
/// allows, for tests of one rule at a time.
pub fn loose() -> jwtgate::VerifierBuilder {
    Verifier::builder(Algorithm::ALL).allow_missing_exp()
}

/// A payload valid at [`NOW`] for an hour.
pub fn fresh() -> String {
    format!(r#"{{"sub":"user","iat":{NOW},"exp":{}}}"#, NOW + 3600)
}

/// Verifies with `verifier` and returns the error code, or `"ok"`.
pub fn code(verifier: &Verifier, token: &str) -> &'static str {
    match verifier.verify(token, &keys(), now()) {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

/// Runs the `jwtgate` command; `stdin` is piped when given, otherwise standard input is
/// empty. Returns the exit code, standard output and standard error.
pub fn run_jwtgate(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut command = Command::new(env!("CARGO_BIN_EXE_jwtgate"));
    command
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
    let mut child = command.spawn().expect("spawn jwtgate");
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        // The command may exit (bad usage) before reading; a broken pipe is then expected.
        let _ = pipe.write_all(input.as_bytes());
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().expect("exit code"),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

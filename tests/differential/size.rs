//! The size axis: tokens of exactly 64 KiB, one byte more, and about 54 and 80 KiB.

use super::*;

/// The signature length in bytes of `alg` with its usual key.
pub(crate) fn signature_len(alg: Algorithm) -> usize {
    match alg {
        Algorithm::Hs256 => 32,
        Algorithm::Hs384 => 48,
        Algorithm::Hs512 | Algorithm::Es256 | Algorithm::EdDsa => 64,
        Algorithm::Es384 => 96,
        _ => 256,
    }
}

/// A valid token of exactly `len` bytes, padded with a custom claim (and, when the payload
/// alone cannot reach the length, a custom header parameter).
pub(crate) fn token_of_len(alg: Algorithm, now: u64, len: usize) -> String {
    let b64_len = |n: usize| (4 * n).div_ceil(3);
    let (signer, kid) = signer_for(alg);
    for extra in 0..4 {
        let header = format!(
            r#"{{"alg":"{}","kid":"{kid}","x":"{}"}}"#,
            alg.name(),
            "h".repeat(extra)
        );
        let fixed = b64_len(header.len()) + b64_len(signature_len(alg)) + 2;
        let base = format!(r#"{{"exp":{},"pad":""}}"#, now + 3600);
        for pad in 0..len {
            let total = fixed + b64_len(base.len() + pad);
            if total == len {
                let payload = format!(r#"{{"exp":{},"pad":"{}"}}"#, now + 3600, "a".repeat(pad));
                let token = mint(alg, signer, &header, &payload);
                assert_eq!(token.len(), len);
                return token;
            }
            if total > len {
                break;
            }
        }
    }
    panic!("no token of {len} bytes for {}", alg.name());
}

pub(crate) fn size_axis(cases: &mut Vec<Case>) {
    for alg in Algorithm::ALL {
        for (len, expect) in [(64 * 1024, None), (64 * 1024 + 1, Some(Category::TooLarge))] {
            cases.push(case(
                format!("{}: size: token of exactly {len} bytes", alg.name()),
                vec![alg],
                Policy::Plain,
                expect,
                move |now| Some(token_of_len(alg, now, len)),
            ));
        }
    }
}

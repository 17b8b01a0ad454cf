//! The smallest useful verifier: the demo Cognito RS256 token against its JWK Set, at a fixed
//! time, printing the subject. Built with only the RSA family
//! (`--no-default-features --features std,rsa`), it links no P-256, P-384, Ed25519 or HMAC
//! code: `benches/size/families.sh` checks its symbols and reports its size.

use jwtgate::{Algorithm, JwkSet, UnixTime, Verifier};
use std::process::ExitCode;

fn main() -> ExitCode {
    let keys = JwkSet::from_json(include_bytes!("../vectors/demo/jwks.json"));
    let token = include_str!("../vectors/demo/access-token.jwt").trim();
    let verifier = Verifier::builder([Algorithm::Rs256]).build();
    let (Ok(keys), Ok(verifier)) = (keys, verifier) else {
        return ExitCode::FAILURE;
    };
    match verifier.verify(token, &keys, UnixTime::from_secs(1_767_226_000)) {
        Ok(verified) => {
            println!("{}", verified.subject().unwrap_or_default());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("rejected: {}", error.code());
            ExitCode::FAILURE
        }
    }
}

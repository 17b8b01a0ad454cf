//! jwtgate: key set, policy, verification, claims.
use jwtgate::{Algorithm, JwkSet, UnixTime, Verifier};

fn main() {
    let keys = JwkSet::from_json(include_bytes!("../../../../vectors/demo/jwks.json")).unwrap();
    let token = include_str!("../../../../vectors/demo/access-token.jwt").trim();
    let verifier = Verifier::builder([Algorithm::Rs256]).build().unwrap();
    let verified = verifier.verify(token, &keys, UnixTime::from_secs(1_767_226_000)).unwrap();
    println!("{}", verified.subject().unwrap());
}

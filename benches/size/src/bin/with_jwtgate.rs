//! jwtgate: key set, policy (RS256, the demo pool's issuer, an access token of the demo app
//! client), verification, claims.
use jwtgate::cognito::TokenUse;
use jwtgate::{Algorithm, JwkSet, UnixTime, Verifier};

fn main() {
    let keys = JwkSet::from_json(include_bytes!("../../../../vectors/demo/jwks.json")).unwrap();
    let token = include_str!("../../../../vectors/demo/access-token.jwt").trim();
    let verifier = Verifier::builder([Algorithm::Rs256])
        .issuer("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_DemoPool1")
        .token_use(TokenUse::Access)
        .client_id("5f1ke2rddnpb3kbvk0hp2ttc0q")
        .build()
        .unwrap();
    let verified = verifier
        .verify(token, &keys, UnixTime::from_secs(1_767_226_000))
        .unwrap();
    println!("{}", verified.subject().unwrap());
}

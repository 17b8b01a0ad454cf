//! jsonwebtoken (rust_crypto backend): decoding key from n/e, validation, claims.
use jsonwebtoken::{decode, Algorithm, DecodingKey, Validation};

const N: &str = "s33cdHOWN9s6LWQ8AG97Ffyq2-HH0cEA0abjWX62h5W1dqZboR1Q7XZldo8cINl5z0a4Pr8DCpC5YpWw7v7L7jj4X1E_158yZh4KBNGC5VNvKf2laTCwlR38AVn_7QNGrQlH5xSJSDLGWOZXRkisATae5eUDJ2CS1klamMzzfjPJr6JrkEoAsM841td1Eg3b69gIUOLV2RpuA3RyaVHXP0y2Ob89GhoKfyT7CPdXBCuZX5MRbe-vAAU7FxvlZ9zSMXCfvJU7u57zg_N4yWTU1SqRCJHPJkilEmn2qgTTh9WEyBetGRXtL8jgZjDtvuAk9WZZDMj9GLxPUXDy1bEqBw";

#[derive(serde::Deserialize)]
struct Claims {
    sub: String,
}

fn main() {
    let token = include_str!("../../../../vectors/demo/access-token.jwt").trim();
    let key = DecodingKey::from_rsa_components(N, "AQAB").unwrap();
    let mut validation = Validation::new(Algorithm::RS256);
    validation.validate_exp = false; // it reads the system clock; the demo token has expired
    let data = decode::<Claims>(token, &key, &validation).unwrap();
    println!("{}", data.claims.sub);
}

//! ring alone: the RS256 signature check over the signing input, nothing else checked; the
//! subject is read without a JSON parser.
use base64ct::{Base64UrlUnpadded, Encoding};

const N: &str = "s33cdHOWN9s6LWQ8AG97Ffyq2-HH0cEA0abjWX62h5W1dqZboR1Q7XZldo8cINl5z0a4Pr8DCpC5YpWw7v7L7jj4X1E_158yZh4KBNGC5VNvKf2laTCwlR38AVn_7QNGrQlH5xSJSDLGWOZXRkisATae5eUDJ2CS1klamMzzfjPJr6JrkEoAsM841td1Eg3b69gIUOLV2RpuA3RyaVHXP0y2Ob89GhoKfyT7CPdXBCuZX5MRbe-vAAU7FxvlZ9zSMXCfvJU7u57zg_N4yWTU1SqRCJHPJkilEmn2qgTTh9WEyBetGRXtL8jgZjDtvuAk9WZZDMj9GLxPUXDy1bEqBw";

fn main() {
    let token = include_str!("../../../../vectors/demo/access-token.jwt").trim();
    let (input, signature) = token.rsplit_once('.').unwrap();
    let n = Base64UrlUnpadded::decode_vec(N).unwrap();
    let signature = Base64UrlUnpadded::decode_vec(signature).unwrap();
    ring::signature::RsaPublicKeyComponents {
        n: n.as_slice(),
        e: &[1u8, 0, 1][..],
    }
    .verify(
        &ring::signature::RSA_PKCS1_2048_8192_SHA256,
        input.as_bytes(),
        &signature,
    )
    .unwrap();
    let payload = Base64UrlUnpadded::decode_vec(input.split('.').nth(1).unwrap()).unwrap();
    // No JSON parser: the subject is found by a plain search, as the demo token writes it.
    let (_, rest) = std::str::from_utf8(&payload)
        .unwrap()
        .split_once("\"sub\":\"")
        .unwrap();
    println!("{}", rest.split_once('"').unwrap().0);
}

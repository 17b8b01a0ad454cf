//! Realistic token shapes, shared by the benches (`benches/verify.rs`) and the allocation
//! test (`tests/allocations.rs`): a Cognito user pool's issuer and app client, and the claims
//! of its access and ID tokens, valid at [`NOW`] for an hour. The bench figures and the
//! asserted allocation counts are for these exact bytes: change them only on purpose.

use super::NOW;

/// The issuer of the demo Cognito user pool.
pub const ISSUER: &str = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_DemoPool1";
/// The demo pool's app client id (`client_id` of access tokens, `aud` of ID tokens).
pub const CLIENT: &str = "5f1ke2rddnpb3kbvk0hp2ttc0q";

/// A Cognito access token's claims, about 900 bytes once encoded and signed with RS256.
pub fn cognito_payload() -> String {
    format!(
        r#"{{"sub":"8a6f3c2e-1b4d-4e7a-9c05-3f2d1e8b7a60","cognito:groups":["admin","orders"],"iss":"{ISSUER}","version":2,"client_id":"{CLIENT}","origin_jti":"c3b1e7d2-5a49-4f80-b6e1-2d9a7c4f0e13","event_id":"f0e4a9b7-2c61-4d3e-8a5f-7b1c9d2e6a84","token_use":"access","scope":"aws.cognito.signin.user.admin openid orders/read","auth_time":{NOW},"exp":{},"iat":{NOW},"jti":"4d9e2b7a-8c13-4f6e-a0b5-1e7c3d9f2a56","username":"demo-user"}}"#,
        NOW + 3600
    )
}

/// An ID-token-like payload of about 4 KB: the same claims and 120 groups.
pub fn large_payload() -> String {
    let groups: Vec<String> = (0..120)
        .map(|i| format!(r#""team-{i:03}-members""#))
        .collect();
    format!(
        r#"{{"sub":"8a6f3c2e-1b4d-4e7a-9c05-3f2d1e8b7a60","cognito:groups":[{}],"email_verified":true,"iss":"{ISSUER}","cognito:username":"demo-user","aud":"{CLIENT}","token_use":"id","auth_time":{NOW},"exp":{},"iat":{NOW},"jti":"b7a15c3e-6d28-4e91-8f4a-0c2b9e5d7f31","email":"demo@example.com"}}"#,
        groups.join(","),
        NOW + 3600
    )
}

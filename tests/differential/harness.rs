//! The harness: a corpus entry ([`Case`]), the two verifiers under one policy, and the
//! verdict on each token (agree, a documented divergence, or unexplained).

use super::*;

/// Mints the token of a corpus entry at `now` (Unix seconds), or `None` when the mutation
/// does not apply to this algorithm.
pub(crate) type Make = Box<dyn Fn(u64) -> Option<String>>;

/// One corpus entry.
pub(crate) struct Case {
    pub(crate) desc: String,
    /// The allowlist of both verifiers.
    pub(crate) algs: Vec<Algorithm>,
    pub(crate) policy: Policy,
    /// The documented divergence this entry is expected to show, if any.
    pub(crate) expect: Option<Category>,
    pub(crate) make: Make,
}

pub(crate) fn case(
    desc: impl Into<String>,
    algs: Vec<Algorithm>,
    policy: Policy,
    expect: Option<Category>,
    make: impl Fn(u64) -> Option<String> + 'static,
) -> Case {
    Case {
        desc: desc.into(),
        algs,
        policy,
        expect,
        make: Box::new(make),
    }
}

pub(crate) fn to_jw(alg: Algorithm) -> jw::Algorithm {
    match alg {
        Algorithm::Hs256 => jw::Algorithm::HS256,
        Algorithm::Hs384 => jw::Algorithm::HS384,
        Algorithm::Hs512 => jw::Algorithm::HS512,
        Algorithm::Rs256 => jw::Algorithm::RS256,
        Algorithm::Rs384 => jw::Algorithm::RS384,
        Algorithm::Rs512 => jw::Algorithm::RS512,
        Algorithm::Ps256 => jw::Algorithm::PS256,
        Algorithm::Ps384 => jw::Algorithm::PS384,
        Algorithm::Ps512 => jw::Algorithm::PS512,
        Algorithm::Es256 => jw::Algorithm::ES256,
        Algorithm::Es384 => jw::Algorithm::ES384,
        Algorithm::EdDsa => jw::Algorithm::EdDSA,
        other => panic!("no jsonwebtoken algorithm for {other}"),
    }
}

pub(crate) fn jwtgate_verify(
    keys: &JwkSet,
    algs: &[Algorithm],
    policy: Policy,
    token: &str,
    now: u64,
) -> Result<serde_json::Value, &'static str> {
    let mut builder = Verifier::builder(algs.iter().copied());
    if policy == Policy::IssAud {
        builder = builder.issuer(ISS).audience(AUD);
    }
    let verifier = builder.build().unwrap();
    let verified = verifier
        .verify(token, keys, UnixTime::from_secs(now))
        .map_err(|e| e.code())?;
    Ok(serde_json::from_slice(verified.payload()).expect("jwtgate returned non-JSON claims"))
}

pub(crate) fn family(jwk: &jw::jwk::Jwk) -> Option<jw::AlgorithmFamily> {
    match &jwk.algorithm {
        jw::jwk::AlgorithmParameters::RSA(_) => Some(jw::AlgorithmFamily::Rsa),
        jw::jwk::AlgorithmParameters::EllipticCurve(_) => Some(jw::AlgorithmFamily::Ec),
        jw::jwk::AlgorithmParameters::OctetKeyPair(_) => Some(jw::AlgorithmFamily::Ed),
        jw::jwk::AlgorithmParameters::OctetKey(_) => Some(jw::AlgorithmFamily::Hmac),
        _ => None,
    }
}

/// jsonwebtoken with the same policy; it reads the system clock itself.
pub(crate) fn jsonwebtoken_verify(
    keys: &jw::jwk::JwkSet,
    algs: &[Algorithm],
    policy: Policy,
    token: &str,
) -> Result<serde_json::Value, String> {
    let header = jw::decode_header(token).map_err(|e| format!("header: {:?}", e.kind()))?;
    let mut validation = jw::Validation::new(to_jw(algs[0]));
    validation.algorithms = algs.iter().map(|&a| to_jw(a)).collect();
    validation.leeway = 0;
    validation.reject_tokens_expiring_in_less_than = 0;
    validation.validate_exp = true;
    validation.validate_nbf = true;
    validation.validate_aud = true;
    match policy {
        Policy::Plain => validation.set_required_spec_claims(&["exp"]),
        Policy::IssAud => {
            validation.set_issuer(&[ISS]);
            validation.set_audience(&[AUD]);
            validation.set_required_spec_claims(&["exp", "iss", "aud"]);
        }
    }
    let candidates: Vec<&jw::jwk::Jwk> = match header.kid.as_deref() {
        Some(kid) => keys.find(kid).into_iter().collect(),
        None => keys
            .keys
            .iter()
            .filter(|jwk| family(jwk) == Some(header.alg.family()))
            .collect(),
    };
    if candidates.is_empty() {
        return Err("harness: no key for the header's kid".to_owned());
    }
    let mut last = String::new();
    for jwk in candidates {
        let key = jw::DecodingKey::from_jwk(jwk).map_err(|e| format!("key: {:?}", e.kind()))?;
        match jw::decode::<serde_json::Value>(token, &key, &validation) {
            Ok(data) => return Ok(data.claims),
            Err(e) => last = format!("{:?}", e.kind()),
        }
    }
    Err(last)
}

pub(crate) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// How one token fared.
pub(crate) enum Verdict {
    Agree,
    Documented(Category),
    Unexplained,
}

pub(crate) struct Outcome {
    pub(crate) desc: String,
    pub(crate) jwtgate: Result<serde_json::Value, &'static str>,
    pub(crate) jsonwebtoken: Result<serde_json::Value, String>,
    pub(crate) expect: Option<Category>,
    pub(crate) verdict: Verdict,
}

impl Outcome {
    pub(crate) fn describe(&self) -> String {
        let jwtgate = match &self.jwtgate {
            Ok(_) => "accepts".to_owned(),
            Err(code) => format!("rejects ({code})"),
        };
        let jsonwebtoken = match &self.jsonwebtoken {
            Ok(_) => "accepts".to_owned(),
            Err(kind) => format!("rejects ({kind})"),
        };
        format!(
            "{}: jwtgate {jwtgate}, jsonwebtoken {jsonwebtoken}",
            self.desc
        )
    }
}

pub(crate) fn judge(
    expect: Option<Category>,
    jwtgate: &Result<serde_json::Value, &'static str>,
    jsonwebtoken: &Result<serde_json::Value, String>,
) -> Verdict {
    match (jwtgate, jsonwebtoken) {
        (Ok(ours), Ok(theirs)) => {
            assert_eq!(ours, theirs, "both accept, with different claims");
            Verdict::Agree
        }
        (Err(_), Err(_)) => Verdict::Agree,
        (Err(code), Ok(_)) => match expect {
            Some(category) => match category.stricter() {
                Stricter::Jwtgate(codes) if codes.contains(code) => Verdict::Documented(category),
                _ => Verdict::Unexplained,
            },
            None => Verdict::Unexplained,
        },
        (Ok(_), Err(_)) => match expect {
            Some(category) if category.stricter() == Stricter::Jsonwebtoken => {
                Verdict::Documented(category)
            }
            _ => Verdict::Unexplained,
        },
    }
}

/// Mints and verifies one entry within a single clock second, so that jsonwebtoken's clock
/// and jwtgate's `now` agree. `None` when the mutation does not apply.
pub(crate) fn run(case: &Case, ours: &JwkSet, theirs: &jw::jwk::JwkSet) -> Option<Outcome> {
    for _ in 0..10 {
        let now = unix_now();
        let token = (case.make)(now)?;
        let jwtgate = jwtgate_verify(ours, &case.algs, case.policy, &token, now);
        let jsonwebtoken = jsonwebtoken_verify(theirs, &case.algs, case.policy, &token);
        if unix_now() != now {
            continue; // the clock ticked: jsonwebtoken may have seen another second
        }
        let verdict = judge(case.expect, &jwtgate, &jsonwebtoken);
        return Some(Outcome {
            desc: case.desc.clone(),
            jwtgate,
            jsonwebtoken,
            expect: case.expect,
            verdict,
        });
    }
    panic!("{}: could not verify within one clock second", case.desc);
}

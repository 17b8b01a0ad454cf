//! `jwtgate`: verify one compact JWS/JWT against a JWK Set, as the command-line contract
//! (`docs/cli.md`) fixes.
//!
//! Exit 0 prints the verified payload as one line of JSON; exit 1 prints one
//! `rejected: <code>: <message>` line; exit 2 prints one `error:` line for bad usage or an
//! unusable JWK Set.
// The command's lint wall, as the library's (src/lib.rs); its test module may count and
// convert (`not(test)`), and unwrap, expect, panic and index (`.clippy.toml`).
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::todo,
    clippy::unimplemented,
    clippy::dbg_macro,
    unreachable_pub
)]
#![cfg_attr(
    not(test),
    deny(
        clippy::as_conversions,
        clippy::arithmetic_side_effects,
        clippy::print_stdout,
        clippy::print_stderr
    )
)]

use jwtgate::cognito::{TokenUse, UserPool};
use jwtgate::{Algorithm, JwkSet, UnixTime, Verifier};
use std::ffi::OsString;
use std::io::{Read, Write};
use std::process::ExitCode;

const USAGE: &str = "usage: jwtgate --jwks FILE --alg ALG [--alg ALG]... [OPTIONS] [TOKEN]";

/// The options that take a value.
const VALUED: [&str; 14] = [
    "--jwks",
    "--alg",
    "--iss",
    "--aud",
    "--now",
    "--leeway",
    "--max-age",
    "--require",
    "--typ",
    "--cognito-pool",
    "--client-id",
    "--token-use",
    "--group",
    "--scope",
];

fn main() -> ExitCode {
    match run(std::env::args_os().skip(1).collect()) {
        Ok(Outcome::Valid(payload)) => {
            let mut out = std::io::stdout().lock();
            let written = out
                .write_all(&payload)
                .and_then(|()| out.write_all(b"\n"))
                .and_then(|()| out.flush());
            if written.is_err() {
                return fail(2, "error: cannot write to standard output");
            }
            ExitCode::SUCCESS
        }
        Ok(Outcome::Rejected(error)) => fail(1, &format!("rejected: {}: {}", error.code(), error)),
        Err(message) => fail(2, &format!("error: {message}")),
    }
}

fn fail(code: u8, line: &str) -> ExitCode {
    // Nothing more can be reported if standard error is closed.
    let _ = writeln!(std::io::stderr().lock(), "{line}");
    ExitCode::from(code)
}

enum Outcome {
    Valid(Vec<u8>),
    Rejected(jwtgate::Error),
}

/// The options of the contract, as given.
#[derive(Default)]
struct Options {
    jwks: Option<OsString>,
    jwks_url: Option<String>,
    algs: Vec<Algorithm>,
    issuers: Vec<String>,
    audiences: Vec<String>,
    now: Option<u64>,
    leeway: Option<u64>,
    max_age: Option<u64>,
    required: Vec<String>,
    allow_missing_exp: bool,
    typ: Option<String>,
    pool: Option<String>,
    clients: Vec<String>,
    token_use: Option<TokenUse>,
    groups: Vec<String>,
    scopes: Vec<String>,
    token: Option<OsString>,
    /// `--alb-arn` (feature `fetch`): AWS Application Load Balancer mode.
    alb_arns: Vec<String>,
    alb_keys_url: Option<String>,
    /// `--oidc-issuer` (feature `fetch`): keys found by OpenID Connect discovery.
    oidc_issuer: Option<String>,
}

fn run(args: Vec<OsString>) -> Result<Outcome, String> {
    let options = parse_args(args)?;
    #[cfg(feature = "fetch")]
    if !options.alb_arns.is_empty() {
        return run_alb(options);
    }
    let verifier = build_verifier(&options)?;
    let keys = load_keys(&options)?;
    let token = read_token(options.token)?;
    let now = options.now.map_or_else(UnixTime::now, UnixTime::from_secs);
    Ok(match verifier.verify(token.trim_ascii(), &keys, now) {
        Ok(verified) => Outcome::Valid(compact_json(verified.payload())),
        Err(error) => Outcome::Rejected(error),
    })
}

fn parse_args(args: Vec<OsString>) -> Result<Options, String> {
    let mut options = Options::default();
    let mut args = args.into_iter();
    let mut only_operands = false;
    while let Some(arg) = args.next() {
        if only_operands || !arg.as_encoded_bytes().starts_with(b"-") {
            if options.token.replace(arg).is_some() {
                return Err(format!("more than one token given; {USAGE}"));
            }
            continue;
        }
        let Some(name) = arg.to_str() else {
            let name = quoted(arg.as_encoded_bytes());
            return Err(format!("unknown option {name}; {USAGE}"));
        };
        if name == "--" {
            only_operands = true;
            continue;
        }
        if name == "--allow-missing-exp" {
            options.allow_missing_exp = true;
            continue;
        }
        if cfg!(feature = "fetch") && matches!(name, "--alb-arn" | "--alb-keys-url") {
            let value = args
                .next()
                .and_then(|v| v.into_string().ok())
                .filter(|v| !v.starts_with("--"))
                .ok_or_else(|| format!("{name} needs a value; {USAGE}"))?;
            match name {
                "--alb-arn" => options.alb_arns.push(value),
                _ => once(&mut options.alb_keys_url, name, value)?,
            }
            continue;
        }
        if cfg!(feature = "fetch") && name == "--oidc-issuer" {
            let value = args
                .next()
                .and_then(|v| v.into_string().ok())
                .filter(|v| !v.starts_with("--"))
                .ok_or_else(|| format!("{name} needs a value; {USAGE}"))?;
            once(&mut options.oidc_issuer, name, value)?;
            continue;
        }
        let fetches = cfg!(feature = "fetch") && name == "--jwks-url";
        if !VALUED.contains(&name) && !fetches {
            return Err(format!(
                "unknown option {}; {USAGE}",
                quoted(name.as_bytes())
            ));
        }
        let value = args
            .next()
            .and_then(|v| v.into_string().ok())
            .filter(|v| !v.starts_with("--"))
            .ok_or_else(|| format!("{name} needs a value; {USAGE}"))?;
        match name {
            "--jwks" => once(&mut options.jwks, name, value.into())?,
            "--jwks-url" => once(&mut options.jwks_url, name, value)?,
            "--alg" => options.algs.push(
                Algorithm::from_name(&value)
                    .ok_or_else(|| format!("unsupported algorithm for --alg; {USAGE}"))?,
            ),
            "--iss" => options.issuers.push(value),
            "--aud" => options.audiences.push(value),
            "--now" => once(&mut options.now, name, seconds(name, &value)?)?,
            "--leeway" => once(&mut options.leeway, name, seconds(name, &value)?)?,
            "--max-age" => once(&mut options.max_age, name, seconds(name, &value)?)?,
            "--require" => options.required.push(value),
            "--typ" => once(&mut options.typ, name, value)?,
            "--cognito-pool" => once(&mut options.pool, name, value)?,
            "--client-id" => options.clients.push(value),
            "--token-use" => once(
                &mut options.token_use,
                name,
                TokenUse::from_name(&value).ok_or("--token-use must be `id` or `access`")?,
            )?,
            "--group" => options.groups.push(value),
            "--scope" => options.scopes.push(value),
            _ => {
                return Err(format!(
                    "unknown option {}; {USAGE}",
                    quoted(name.as_bytes())
                ))
            }
        }
    }
    if !options.alb_arns.is_empty() || options.alb_keys_url.is_some() {
        alb_usage(&options)?;
        return Ok(options);
    }
    if let Some(issuer) = &options.oidc_issuer {
        // `--oidc-issuer` is a key source: exclusive with `--jwks` and `--jwks-url`
        // (`--alb-arn` is refused by `alb_usage`). `--cognito-pool` is not a key source: with
        // `--oidc-issuer` it is the Cognito preset, as it is with `--jwks`, keys coming from
        // discovery. `--alg` stays required as for any key source (discovery never chooses
        // algorithms); `--cognito-pool`'s own `RS256` default still applies.
        if options.jwks.is_some() || options.jwks_url.is_some() {
            return Err(format!(
                "--oidc-issuer excludes --jwks and --jwks-url (one key source); {USAGE}"
            ));
        }
        if options.algs.is_empty() && options.pool.is_none() {
            return Err(format!("at least one --alg is required; {USAGE}"));
        }
        // ISSUER is then an accepted issuer: `iss` is required and must equal it or an `--iss`.
        let issuer = issuer.clone();
        options.issuers.push(issuer);
        return Ok(options);
    }
    match (&options.jwks, &options.jwks_url, &options.pool) {
        (Some(_), Some(_), _) => {
            return Err(format!("--jwks and --jwks-url exclude each other; {USAGE}"))
        }
        (Some(_), None, _) | (None, Some(_), _) => {}
        // With the `fetch` feature, a Cognito pool's own JWK Set is fetched.
        (None, None, Some(_)) if cfg!(feature = "fetch") => {}
        (None, None, _) => return Err(format!("--jwks is required; {USAGE}")),
    }
    if options.algs.is_empty() && options.pool.is_none() {
        return Err(format!("at least one --alg is required; {USAGE}"));
    }
    Ok(options)
}

/// An argument as it may appear in the one `error:` line: every C0 control character, DEL
/// and byte that is not UTF-8 written as `\xNN`, so that it can never start a second line.
fn quoted(arg: &[u8]) -> String {
    let mut out = String::with_capacity(arg.len());
    for chunk in arg.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c.is_ascii_control() {
                out.push_str(&format!("\\x{:02X}", u32::from(c)));
            } else {
                out.push(c);
            }
        }
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02X}"));
        }
    }
    out
}

/// ALB mode is a key source of its own, with ES256 only: other key sources, `--alg` and the
/// Cognito options are bad usage with it, and `--alb-keys-url` means nothing without it.
fn alb_usage(options: &Options) -> Result<(), String> {
    if options.alb_arns.is_empty() {
        return Err(format!("--alb-keys-url needs --alb-arn; {USAGE}"));
    }
    let conflicts = [
        ("--alg", !options.algs.is_empty()),
        ("--jwks", options.jwks.is_some()),
        ("--jwks-url", options.jwks_url.is_some()),
        ("--cognito-pool", options.pool.is_some()),
        ("--token-use", options.token_use.is_some()),
        ("--oidc-issuer", options.oidc_issuer.is_some()),
    ];
    match conflicts.iter().find(|(_, given)| *given) {
        Some((name, _)) => Err(format!("{name} cannot be used with --alb-arn; {USAGE}")),
        None => Ok(()),
    }
}

/// A single-valued option given twice is ambiguous, so it is bad usage.
fn once<T>(slot: &mut Option<T>, name: &str, value: T) -> Result<(), String> {
    match slot.replace(value) {
        None => Ok(()),
        Some(_) => Err(format!("{name} given more than once")),
    }
}

/// An unsigned decimal integer up to 2^63 − 1.
fn seconds(name: &str, value: &str) -> Result<u64, String> {
    let bad = || format!("{name} takes an unsigned decimal integer up to 2^63 - 1");
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    value
        .parse::<u64>()
        .ok()
        .filter(|&n| i64::try_from(n).is_ok())
        .ok_or_else(bad)
}

/// Applies the claim options that `Verifier`'s and `AlbVerifier`'s builders both take (the
/// same method names), once for both.
macro_rules! with_claim_options {
    ($builder:expr, $options:expr) => {{
        let (mut builder, options) = ($builder, $options);
        for issuer in &options.issuers {
            builder = builder.issuer(issuer);
        }
        for audience in &options.audiences {
            builder = builder.audience(audience);
        }
        for claim in &options.required {
            builder = builder.require_claim(claim);
        }
        for client in &options.clients {
            builder = builder.client_id(client);
        }
        for group in &options.groups {
            builder = builder.group(group);
        }
        for scope in &options.scopes {
            builder = builder.scope(scope);
        }
        if let Some(leeway) = options.leeway {
            builder = builder.leeway_secs(leeway);
        }
        if let Some(max_age) = options.max_age {
            builder = builder.max_age_secs(max_age);
        }
        if options.allow_missing_exp {
            builder = builder.allow_missing_exp();
        }
        if let Some(typ) = &options.typ {
            builder = builder.typ(typ);
        }
        builder
    }};
}

fn build_verifier(options: &Options) -> Result<Verifier, String> {
    let mut builder = match &options.pool {
        Some(pool) => {
            let pool = UserPool::parse(pool).map_err(|e| format!("--cognito-pool: {e}"))?;
            let builder = pool.verifier();
            if options.algs.is_empty() {
                builder
            } else {
                builder.algorithms(options.algs.iter().copied())
            }
        }
        None => Verifier::builder(options.algs.iter().copied()),
    };
    builder = with_claim_options!(builder, options);
    if let Some(token_use) = options.token_use {
        builder = builder.token_use(token_use);
    }
    builder.build().map_err(|e| e.to_string())
}

/// ALB mode (`--alb-arn`): the configuration is checked before the token is read; the key
/// is fetched for the token's `kid` only once the token passed every check before the key,
/// so a malformed token or a bad `kid` never causes a fetch. A key answered 403/404 is a
/// rejection (`unknown-key`); any other failure to get the key exits 2, quoting nothing
/// fetched.
#[cfg(feature = "fetch")]
fn run_alb(options: Options) -> Result<Outcome, String> {
    use jwtgate::alb::{self, AlbVerifier, LoadBalancerArn};
    let arns = options
        .alb_arns
        .iter()
        .map(|arn| LoadBalancerArn::parse(arn))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("--alb-arn: {e}; {USAGE}"))?;
    let keys_url = match &options.alb_keys_url {
        Some(url) => url.clone(),
        None => LoadBalancerArn::shared_keys_url(&arns).ok_or_else(|| {
            format!("--alb-keys-url is required for these --alb-arn (no default URL for their partition, or several regions); {USAGE}")
        })?,
    };
    let fetcher = jwtgate::HttpsFetcher::new().allow_loopback_http();
    fetcher
        .check_url(&keys_url)
        .map_err(|e| format!("ALB keys URL: {e}"))?;
    let mut builder = AlbVerifier::builder(options.alb_arns.iter().cloned());
    builder = with_claim_options!(builder, &options);
    let verifier = builder.build().map_err(|e| e.to_string())?;
    let token = read_token(options.token)?;
    let token = token.trim_ascii();
    let now = options.now.map_or_else(UnixTime::now, UnixTime::from_secs);
    let kid = match verifier.key_id(token) {
        Ok(kid) => kid,
        Err(error) => return Ok(Outcome::Rejected(error)),
    };
    let key = match fetcher.fetch_alb_key(&alb::key_url(&keys_url, &kid)) {
        Ok(pem) => alb::key_from_pem(&pem).map_err(|e| format!("invalid ALB public key: {e}"))?,
        Err(jwtgate::FetchError::Status(403 | 404)) => {
            return Ok(Outcome::Rejected(jwtgate::Error::UnknownKey))
        }
        Err(e) => return Err(format!("cannot fetch the ALB public key: {e}")),
    };
    Ok(match verifier.verify(token, &key, now) {
        Ok(verified) => Outcome::Valid(compact_json(verified.payload())),
        Err(error) => Outcome::Rejected(error),
    })
}

/// The trusted keys: the `--jwks` file, or (feature `fetch`) the set at `--jwks-url` or the
/// Cognito pool's URL. A fetched set is public, so its `oct` members are skipped.
fn load_keys(options: &Options) -> Result<JwkSet, String> {
    if let Some(path) = &options.jwks {
        let jwks = read_bounded(path, jwtgate::limits::MAX_JWKS_LEN)
            .map_err(|e| format!("cannot read the JWK Set file: {}", e.kind()))?;
        return JwkSet::from_json(&jwks).map_err(|e| format!("invalid JWK Set: {e}"));
    }
    #[cfg(feature = "fetch")]
    if let Some(issuer) = &options.oidc_issuer {
        return discover_keys(issuer);
    }
    fetch_keys(options)
}

/// `--oidc-issuer`: the issuer's discovery document, then the JWK Set at its `jwks_uri`
/// (loopback HTTP only for a loopback HTTP issuer, which `Discovery::parse` enforces). Every
/// failure exits 2 with a message that quotes nothing fetched (nor the issuer given).
#[cfg(feature = "fetch")]
fn discover_keys(issuer: &str) -> Result<JwkSet, String> {
    let fetcher = jwtgate::HttpsFetcher::new().allow_loopback_http();
    let discovery = fetcher
        .discover(issuer)
        .map_err(|e| format!("OpenID Connect discovery failed: {e}"))?;
    let jwks = fetcher
        .fetch(discovery.jwks_uri())
        .map_err(|e| format!("cannot fetch the JWK Set from the discovered jwks_uri: {e}"))?;
    JwkSet::from_public_json(&jwks).map_err(|e| format!("invalid JWK Set: {e}"))
}

#[cfg(feature = "fetch")]
fn fetch_keys(options: &Options) -> Result<JwkSet, String> {
    let url = match (&options.jwks_url, &options.pool) {
        (Some(url), _) => url.clone(),
        (None, Some(pool)) => UserPool::parse(pool)
            .map_err(|e| format!("--cognito-pool: {e}"))?
            .jwks_url(),
        (None, None) => return Err(format!("--jwks is required; {USAGE}")),
    };
    let fetcher = jwtgate::HttpsFetcher::new().allow_loopback_http();
    let jwks = fetcher
        .fetch(&url)
        .map_err(|e| format!("cannot fetch the JWK Set: {e}"))?;
    JwkSet::from_public_json(&jwks).map_err(|e| format!("invalid JWK Set: {e}"))
}

#[cfg(not(feature = "fetch"))]
fn fetch_keys(_: &Options) -> Result<JwkSet, String> {
    Err(format!("--jwks is required; {USAGE}"))
}

/// Reads at most one byte past `limit`, so that an oversized (or endless) file is refused by
/// the library's own size check instead of exhausting memory.
fn read_bounded(path: &OsString, limit: usize) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let limit = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    std::fs::File::open(path)?
        .take(limit)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn read_token(token: Option<OsString>) -> Result<Vec<u8>, String> {
    match token {
        Some(token) => Ok(token.into_encoded_bytes()),
        None => {
            let mut input = Vec::new();
            std::io::stdin()
                .lock()
                .take(
                    u64::try_from(jwtgate::limits::MAX_MAX_TOKEN_LEN)
                        .unwrap_or(u64::MAX)
                        .saturating_mul(4),
                )
                .read_to_end(&mut input)
                .map_err(|e| format!("cannot read the token from standard input: {}", e.kind()))?;
            Ok(input)
        }
    }
}

/// Removes the insignificant whitespace of strict JSON: the same members in the same order,
/// every value (numbers and escapes included) exactly as written.
fn compact_json(json: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for &b in json {
        if in_string {
            out.push(b);
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            in_string = b == b'"';
            out.push(b);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_json_keeps_strings_and_numbers_as_written() {
        let json = b" {\"a b\" : [1.50, 1e3 ,\"x \\\" y\\\\\"],\r\n\t\"c\":{ } } ";
        assert_eq!(
            compact_json(json),
            b"{\"a b\":[1.50,1e3,\"x \\\" y\\\\\"],\"c\":{}}"
        );
    }

    #[test]
    fn quoted_arguments_stay_on_one_line() {
        assert_eq!(quoted(b"--x\nrejected: ok"), "--x\\x0Arejected: ok");
        assert_eq!(quoted(b"--\r\t\x7f\x1b[1m"), "--\\x0D\\x09\\x7F\\x1B[1m");
        assert_eq!(quoted("--größe".as_bytes()), "--größe");
        assert_eq!(quoted(b"--\xff\xc3"), "--\\xFF\\xC3");
    }

    #[test]
    fn seconds_are_unsigned_decimal_up_to_2_pow_63_minus_1() {
        assert_eq!(seconds("--now", "0"), Ok(0));
        assert_eq!(seconds("--now", "9223372036854775807"), Ok(i64::MAX as u64));
        for bad in [
            "",
            "-1",
            "+1",
            "1.0",
            "1e3",
            " 1",
            "9223372036854775808",
            "0x10",
        ] {
            assert!(seconds("--now", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn oidc_issuer_exists_only_with_fetch() {
        let args = ["--oidc-issuer", "https://id.example/", "--alg", "RS256"]
            .map(OsString::from)
            .to_vec();
        let parsed = parse_args(args);
        #[cfg(feature = "fetch")]
        assert!(parsed.is_ok_and(|options| {
            options.oidc_issuer.as_deref() == Some("https://id.example/")
                && options.issuers == ["https://id.example/"]
        }));
        #[cfg(not(feature = "fetch"))]
        assert!(parsed.is_err_and(|message| message.starts_with("unknown option --oidc-issuer")));
    }
}

//! Every size and count limit, named, with the reason for its value.
//!
//! Limits are checked before the work they bound: a token's length before it is split or
//! decoded, a key set's size before keys are imported.

/// Default upper bound on a token's length in bytes (64 KiB).
///
/// The contract fixes that tokens up to 64 KiB are never too large and tokens over 1 MiB
/// always are. Real tokens are 1–5 KiB (a Cognito ID token with many groups is about 4 KiB),
/// so the floor of the allowed range is also the most protective default.
pub const DEFAULT_MAX_TOKEN_LEN: usize = 64 * 1024;

/// The smallest value a caller may configure as the token length limit (64 KiB).
pub const MIN_MAX_TOKEN_LEN: usize = 64 * 1024;

/// The largest value a caller may configure as the token length limit (1 MiB).
pub const MAX_MAX_TOKEN_LEN: usize = 1024 * 1024;

/// JSON nesting depth accepted in headers, payloads and key sets: 127 levels, the top-level
/// object counting as one.
///
/// This is `serde_json`'s own recursion limit (it refuses the 128th level), which bounds the
/// stack used by parsing. The contract requires a documented limit of at most 127.
pub const MAX_JSON_DEPTH: usize = 127;

/// Largest accepted JWK Set document in bytes (1 MiB). Cognito's sets are under 2 KiB; a
/// thousand RSA-4096 keys fit in about 800 KiB.
pub const MAX_JWKS_LEN: usize = 1024 * 1024;

/// Largest accepted OpenID Connect discovery document in bytes (1 MiB), the same bound as a
/// JWK Set: real documents are a few KiB.
pub const MAX_DISCOVERY_LEN: usize = 1024 * 1024;

/// Most members a JWK Set may hold (usable or not). Bounds load time and memory for a set
/// fetched from the network.
pub const MAX_JWKS_KEYS: usize = 10_000;

/// RSA modulus sizes accepted, in bits counted exactly (RFC 7518 §3.3 asks for at least
/// 2048; `ring` verifies up to 8192).
pub const RSA_MIN_BITS: usize = 2048;
/// See [`RSA_MIN_BITS`].
pub const RSA_MAX_BITS: usize = 8192;

/// Smallest `oct` key accepted, in bytes: HS256's hash output (RFC 7518 §3.2). HS384 and
/// HS512 require 48 and 64 bytes.
pub const HMAC_MIN_KEY_LEN: usize = 32;

/// Largest accepted AWS Application Load Balancer public key document in bytes (4 KiB). The
/// ALB publishes one PEM `PUBLIC KEY` per `kid`, about 180 bytes for P-256.
pub const MAX_ALB_KEY_LEN: usize = 4 * 1024;

/// Longest accepted ALB `kid`, in characters (ASCII letters, digits and `-`). The `kid` is
/// the one token value that becomes part of a URL, so it is kept short and plain.
pub const MAX_ALB_KID_LEN: usize = 128;

/// Most ALB public keys an ALB key cache (`alb::AlbKeyCache`) holds; the least recently
/// used is dropped first. An ALB signs with one key at a time, so a few suffice.
pub const MAX_ALB_KEYS: usize = 16;

/// Longest Amazon Cognito user pool id accepted (55 characters, the length AWS documents for
/// `UserPoolId`): the id becomes part of the issuer and key set URLs.
pub const MAX_POOL_ID_LEN: usize = 55;

//! Heap allocations per successful verification, counted (not timed) with a counting global
//! allocator, so the figures are exact and may be asserted.
//!
//! Targets (issue "Performance and constrained deployment"): on a Cognito-shaped token with
//! borrowed claims, at most 2 allocations of our own; HS256 and ES256 at most 2 in total;
//! RS256 at most `ring`'s own internal allocations plus 2.
//!
//! The counter is per thread, so tests running in parallel do not disturb each other.
// A global allocator can only be written with `unsafe impl GlobalAlloc`; this one forwards
// every call unchanged to the system allocator and counts on the side.
#![allow(unsafe_code)]

mod common;
use common::bench::{cognito_payload, CLIENT, ISSUER};
use common::*;
use jwtgate::{Algorithm, UnixTime, Verifier};
use serde::Deserialize;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged; counting
// touches only a const-initialised thread-local `Cell`, which never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made on this thread while `f` runs.
fn count<T>(f: impl FnOnce() -> T) -> (u64, T) {
    let before = ALLOCATIONS.with(Cell::get);
    let value = f();
    (ALLOCATIONS.with(Cell::get) - before, value)
}

/// The claims a service reads, borrowed from the token.
#[derive(Deserialize)]
#[allow(dead_code)]
struct Claims<'a> {
    sub: &'a str,
    username: &'a str,
    scope: &'a str,
    exp: u64,
}

/// Allocations of one whole verification plus reading borrowed claims, after a warm-up.
fn allocations(alg: Algorithm) -> u64 {
    let keys = keys();
    let verifier = Verifier::builder([alg])
        .issuer(ISSUER)
        .client_id(CLIENT)
        .build()
        .unwrap();
    let token = token(alg, &cognito_payload());
    let now = UnixTime::from_secs(NOW + 60);
    let run = || {
        let verified = verifier.verify(&token, &keys, now).unwrap();
        let claims: Claims<'_> = verified.claims().unwrap();
        assert_eq!(claims.username, "demo-user");
    };
    run();
    count(run).0
}

/// `ring`'s own allocations for one RS256 signature check.
fn ring_rs256_allocations() -> u64 {
    let token = token(Algorithm::Rs256, &cognito_payload());
    let (input, sig) = token.rsplit_once('.').unwrap();
    let sig = <base64ct::Base64UrlUnpadded as base64ct::Encoding>::decode_vec(sig).unwrap();
    let jwk: serde_json::Value = serde_json::from_slice(&read("keys/rsa2048.jwk.json")).unwrap();
    let field = |name: &str| {
        <base64ct::Base64UrlUnpadded as base64ct::Encoding>::decode_vec(jwk[name].as_str().unwrap())
            .unwrap()
    };
    let (n, e) = (field("n"), field("e"));
    let check = || {
        ring::signature::RsaPublicKeyComponents { n: &n, e: &e }
            .verify(
                &ring::signature::RSA_PKCS1_2048_8192_SHA256,
                input.as_bytes(),
                &sig,
            )
            .unwrap()
    };
    check();
    count(check).0
}

#[test]
fn hs256_and_es256_allocate_at_most_twice() {
    for alg in [Algorithm::Hs256, Algorithm::Es256, Algorithm::EdDsa] {
        let n = allocations(alg);
        println!("{alg}: {n} allocations per verify");
        assert!(n <= 2, "{alg}: {n}");
    }
}

#[test]
fn rs256_allocates_at_most_rings_own_plus_two() {
    let ring = ring_rs256_allocations();
    for alg in [Algorithm::Rs256, Algorithm::Ps256] {
        let n = allocations(alg);
        println!("{alg}: {n} allocations per verify, ring's own RS256 check: {ring}");
        assert!(n <= ring + 2, "{alg}: {n} > {ring} + 2");
    }
}

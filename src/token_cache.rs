//! A cache of verified tokens, below the signature check's floor: a token seen before under
//! the same policy and the same key set skips its signature check, and nothing else.
//!
//! An entry is found by a keyed hash of the token's signature segment (SipHash with a random
//! key per cache, so an attacker cannot aim tokens at one bucket) and confirmed by comparing
//! the whole token. It is valid only for the policy it was verified under (the verifier's
//! identity, assigned when it was built) and the key set it was verified against (the set's
//! identity: every set loaded or fetched is a new one, so a rotation or a withdrawal ends it,
//! and a key cache never uses a set past its staleness bound). It holds what the checks
//! captured, never a verdict: on every hit the header rules and the whole claim check run
//! again, time first, so a token that has expired since fails exactly as it would on a miss.
//!
//! Bounded in entries and in bytes, in shards that each evict their oldest entries first;
//! hits and misses are counted. The security argument is in `docs/token-cache.md`.

use crate::claims::CapturedClaims;
use crate::error::Error;
use crate::jwks::JwkSet;
use crate::time::UnixTime;
use crate::token::VerifiedToken;
use crate::verifier::Verifier;
use crate::words;
use core::fmt;
use core::hash::BuildHasher;
use std::collections::hash_map::RandomState;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::vec::Vec;

/// Shards: enough that threads verifying different tokens rarely meet on one lock. A power
/// of two, so that the hash's low bits pick one.
const SHARDS: usize = 16;
const _: () = assert!(SHARDS.is_power_of_two());

/// Verified tokens, shared by the key caches that use it (see the module docs).
pub struct TokenCache {
    shards: [OwnLines; SHARDS],
    hasher: RandomState,
    max_entries_per_shard: usize,
    max_bytes_per_shard: usize,
}

/// A shard on cache lines of its own (128 bytes: two 64-byte lines, as adjacent-line
/// prefetchers fetch them in pairs), so that threads working in different shards never write
/// to the same line.
#[repr(align(128))]
#[derive(Default)]
struct OwnLines(Mutex<Shard>);

/// One shard. Its hit and miss counts are kept under its lock, not in counters shared by
/// every thread, which would put all threads back on one cache line.
#[derive(Default)]
struct Shard {
    /// Entries by the keyed hash of their signature segment.
    by_hash: HashMap<u64, Vec<Arc<Entry>>>,
    /// Hashes in insertion order, oldest first, for eviction.
    order: VecDeque<u64>,
    entries: usize,
    bytes: usize,
    hits: u64,
    misses: u64,
}

struct Entry {
    token: Box<[u8]>,
    verifier: u64,
    generation: u64,
    verified: VerifiedToken,
    captured: CapturedClaims,
    weight: usize,
}

/// Where a hit comes from: which policy, and which key set.
#[derive(Debug, Clone, Copy)]
struct Scope<'v> {
    verifier: &'v Verifier,
    generation: u64,
}

impl TokenCache {
    /// Default bound on entries: ten thousand sessions' tokens.
    pub const DEFAULT_MAX_ENTRIES: usize = 10_000;

    /// Default bound on bytes held (tokens, payloads and captured claims): 32 MiB, room for
    /// the default entries at 3 KiB each.
    pub const DEFAULT_MAX_BYTES: usize = 32 * 1024 * 1024;

    /// A cache with the default bounds.
    pub fn new() -> TokenCache {
        TokenCache::with_bounds(Self::DEFAULT_MAX_ENTRIES, Self::DEFAULT_MAX_BYTES)
    }

    /// A cache holding at most `max_entries` tokens and about `max_bytes` bytes.
    pub fn with_bounds(max_entries: usize, max_bytes: usize) -> TokenCache {
        TokenCache {
            shards: core::array::from_fn(|_| OwnLines::default()),
            hasher: RandomState::new(),
            max_entries_per_shard: max_entries.div_ceil(SHARDS).max(1),
            max_bytes_per_shard: max_bytes.div_ceil(SHARDS),
        }
    }

    /// Verifications answered from the cache (the signature check skipped).
    pub fn hits(&self) -> u64 {
        self.sum(|shard| shard.hits)
    }

    /// Verifications that found no entry and checked the signature.
    pub fn misses(&self) -> u64 {
        self.sum(|shard| shard.misses)
    }

    /// Entries held now.
    pub fn len(&self) -> usize {
        self.sum(|shard| shard.entries)
    }

    /// Whether no entry is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes held now, roughly (tokens, payloads and captured claims).
    pub fn bytes(&self) -> usize {
        self.sum(|shard| shard.bytes)
    }

    /// A count summed over the shards, each read under its lock.
    fn sum<N: core::iter::Sum<N>>(&self, count: impl Fn(&Shard) -> N) -> N {
        self.shards.iter().map(|s| count(&lock(&s.0))).sum()
    }

    /// Verifies `token` as [`Verifier::verify`] does, answering a repeat from the cache: a
    /// token verified before by this `verifier` against this very `keys` skips its signature
    /// check, and everything else runs again. For a set held by a [`KeyCache`](crate::KeyCache),
    /// give the key cache this token cache instead (`with_token_cache`).
    pub fn verify(
        &self,
        verifier: &Verifier,
        token: impl AsRef<[u8]>,
        keys: &JwkSet,
        now: UnixTime,
    ) -> Result<VerifiedToken, Error> {
        let token = token.as_ref();
        let scope = Scope {
            verifier,
            generation: keys.id(),
        };
        self.get(scope, token, now).unwrap_or_else(|| {
            let (verified, captured) = verifier.verify_capturing(token, keys, now)?;
            self.insert(scope, token, &verified, captured);
            Ok(verified)
        })
    }

    /// The answer for a token verified before under `scope`, checked again at `now` (every
    /// rule but the signature), or `None` on a miss. An entry that fails now is dropped.
    ///
    /// The shard is locked only to find the entry (an `Arc` is cloned out); the re-check and
    /// the copy of the verified token run unlocked, so threads on one shard wait little.
    fn get(
        &self,
        scope: Scope<'_>,
        token: &[u8],
        now: UnixTime,
    ) -> Option<Result<VerifiedToken, Error>> {
        let hash = self.hash(token)?;
        let entry = {
            let mut shard = lock(self.shard(hash));
            let found = shard.by_hash.get(&hash).and_then(|bucket| {
                bucket
                    .iter()
                    .find(|e| {
                        e.verifier == scope.verifier.id()
                            && e.generation == scope.generation
                            && *e.token == *token
                    })
                    .cloned()
            });
            let counter = if found.is_some() {
                &mut shard.hits
            } else {
                &mut shard.misses
            };
            *counter = counter.saturating_add(1);
            found?
        };
        match scope
            .verifier
            .recheck(entry.verified.header(), &entry.captured, now)
        {
            Ok(()) => Some(Ok(entry.verified.clone())),
            Err(error) => {
                lock(self.shard(hash)).remove(hash, &entry);
                Some(Err(error))
            }
        }
    }

    /// Keeps a token just verified under `scope`, with what its checks captured, evicting the
    /// oldest entries of its shard beyond the bounds.
    fn insert(
        &self,
        scope: Scope<'_>,
        token: &[u8],
        verified: &VerifiedToken,
        captured: CapturedClaims,
    ) {
        let Some(hash) = self.hash(token) else {
            return;
        };
        let weight = token
            .len()
            .saturating_add(verified.payload().len())
            .saturating_add(captured.weight())
            .saturating_add(size_of::<Entry>());
        if weight > self.max_bytes_per_shard {
            return;
        }
        let entry = Entry {
            token: token.into(),
            verifier: scope.verifier.id(),
            generation: scope.generation,
            verified: verified.clone(),
            captured,
            weight,
        };
        let mut shard = lock(self.shard(hash));
        let shard = &mut *shard;
        let bucket = shard.by_hash.entry(hash).or_default();
        if bucket.iter().any(|e| {
            e.verifier == entry.verifier
                && e.generation == entry.generation
                && e.token == entry.token
        }) {
            return;
        }
        bucket.push(Arc::new(entry));
        shard.order.push_back(hash);
        shard.entries = shard.entries.saturating_add(1);
        shard.bytes = shard.bytes.saturating_add(weight);
        while shard.entries > self.max_entries_per_shard || shard.bytes > self.max_bytes_per_shard {
            if !shard.evict_oldest() {
                break;
            }
        }
    }

    /// The keyed hash of the token's signature segment; `None` for a token with no `.`
    /// (it cannot have verified).
    fn hash(&self, token: &[u8]) -> Option<u64> {
        let dot = words::find_last(token, b'.')?;
        Some(self.hasher.hash_one(token.get(dot..)?))
    }

    fn shard(&self, hash: u64) -> &Mutex<Shard> {
        let [first, ..] = &self.shards;
        // SHARDS is a power of two: the low bits pick the shard.
        let [low, ..] = hash.to_le_bytes();
        let low = usize::from(low);
        let index = low & SHARDS.wrapping_sub(1);
        &self.shards.get(index).unwrap_or(first).0
    }
}

impl Shard {
    /// Removes `entry` from the bucket of `hash`, if another thread has not already.
    fn remove(&mut self, hash: u64, entry: &Arc<Entry>) {
        let Some(bucket) = self.by_hash.get_mut(&hash) else {
            return;
        };
        let Some(position) = bucket.iter().position(|e| Arc::ptr_eq(e, entry)) else {
            return;
        };
        bucket.swap_remove(position);
        if bucket.is_empty() {
            self.by_hash.remove(&hash);
        }
        self.entries = self.entries.saturating_sub(1);
        self.bytes = self.bytes.saturating_sub(entry.weight);
        if let Some(position) = self.order.iter().position(|&h| h == hash) {
            self.order.remove(position);
        }
    }

    /// Drops the oldest entry (the first of the oldest hash's bucket); `false` when empty.
    fn evict_oldest(&mut self) -> bool {
        while let Some(hash) = self.order.pop_front() {
            let Some(bucket) = self.by_hash.get_mut(&hash) else {
                continue; // its entries were dropped already (failed a re-check)
            };
            if bucket.is_empty() {
                self.by_hash.remove(&hash);
                continue;
            }
            let removed = bucket.remove(0);
            if bucket.is_empty() {
                self.by_hash.remove(&hash);
            }
            self.entries = self.entries.saturating_sub(1);
            self.bytes = self.bytes.saturating_sub(removed.weight);
            return true;
        }
        false
    }
}

impl Default for TokenCache {
    fn default() -> Self {
        TokenCache::new()
    }
}

/// Counts only: entries hold verified tokens and their claims.
impl fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCache")
            .field("entries", &self.len())
            .field("bytes", &self.bytes())
            .field("hits", &self.hits())
            .field("misses", &self.misses())
            .finish()
    }
}

/// The shard, even if another thread panicked while holding its lock: every update leaves it
/// consistent.
fn lock(shard: &Mutex<Shard>) -> MutexGuard<'_, Shard> {
    shard.lock().unwrap_or_else(PoisonError::into_inner)
}

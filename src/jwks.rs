//! A checked JWK Set (RFC 7517 §5) with constant-time-on-average `kid` lookup.
//!
//! Members that are not usable are skipped, as RFC 7517 §5 recommends, and reported through
//! [`JwkSet::skipped`]; a set with no usable member, or with two usable members of one `kty`
//! sharing a `kid`, is refused.

use crate::alg::Algorithm;
use crate::error::{ConfigError, Error, KeyRejected};
use crate::json;
use crate::jwk::Jwk;
use crate::limits::{MAX_JWKS_KEYS, MAX_JWKS_LEN};
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{Map, Value};

/// A set of usable verification keys, indexed by `kid`.
#[derive(Debug)]
pub struct JwkSet {
    keys: Vec<Jwk>,
    skipped: Vec<Skipped>,
    by_kid: KidIndex,
    /// For each algorithm, the one key that fits it, when exactly one does (selection
    /// without `kid`).
    only_fit: [Option<usize>; Algorithm::ALL.len()],
    /// Unique in the process: the verified-token cache's entries are valid only for the set
    /// they were verified against.
    #[cfg(feature = "std")]
    id: u64,
}

/// A JWK Set member that was skipped as not usable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Skipped {
    index: usize,
    reason: KeyRejected,
}

impl Skipped {
    /// The member's position in the set's `keys` array.
    pub fn index(&self) -> usize {
        self.index
    }

    /// Why it was skipped.
    pub fn reason(&self) -> KeyRejected {
        self.reason
    }
}

/// Which members a set keeps.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kept {
    All,
    /// Skip `oct` members: a set fetched over the network is public, and a symmetric key
    /// anyone can read is no key.
    PublicOnly,
}

/// Whether a set without usable keys is a set or a mistake.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Empty {
    /// Configuration (a file, keys in code): a set that verifies nothing is a mistake.
    Refused,
    /// A fetched set: the issuer withdrew every key we can use.
    Allowed,
}

impl JwkSet {
    /// Parses a JWK Set from strict JSON: an object whose `keys` is an array of objects.
    pub fn from_json(json: &[u8]) -> Result<JwkSet, ConfigError> {
        Self::parse(json, Kept::All)
            .and_then(|(keys, skipped)| Self::index(keys, skipped, Empty::Refused))
    }

    /// A set published by an issuer (fetched from its `jwks_uri`, or preloaded as fetched):
    /// like [`JwkSet::from_json`], but `oct` members are skipped (a published symmetric key
    /// is no secret), and a valid set with no usable member is a set, not an error (an issuer
    /// that withdraws every key revokes them; tokens then get `unknown-key`).
    pub fn from_public_json(json: &[u8]) -> Result<JwkSet, ConfigError> {
        Self::parse(json, Kept::PublicOnly)
            .and_then(|(keys, skipped)| Self::index(keys, skipped, Empty::Allowed))
    }

    /// A set of keys built in code (from [`Jwk::hmac`], [`Jwk::from_pem`], …).
    pub fn from_keys(keys: impl IntoIterator<Item = Jwk>) -> Result<JwkSet, ConfigError> {
        Self::index(keys.into_iter().collect(), Vec::new(), Empty::Refused)
    }

    /// The usable keys, in the set's order.
    pub fn keys(&self) -> &[Jwk] {
        &self.keys
    }

    /// Whether a usable key has this `kid`.
    pub fn contains_kid(&self, kid: &str) -> bool {
        self.by_kid.find(&self.keys, kid).next().is_some()
    }

    /// This set's identity, for the verified-token cache.
    #[cfg(feature = "std")]
    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    /// The members that were skipped, and why (for callers who log it).
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }

    /// Selects the key for a token: by `kid` among the usable keys, the one that fits `alg`;
    /// without `kid`, the only usable key that fits `alg`.
    pub(crate) fn select(&self, kid: Option<&str>, alg: Algorithm) -> Result<&Jwk, Error> {
        match kid {
            Some(kid) => {
                let mut named = self.by_kid.find(&self.keys, kid).peekable();
                if named.peek().is_none() {
                    return Err(Error::UnknownKey);
                }
                named.find(|key| key.fits(alg)).ok_or(Error::Algorithm)
            }
            None => self
                .only_fit
                .get(alg.index())
                .copied()
                .flatten()
                .and_then(|i| self.keys.get(i))
                .ok_or(Error::UnknownKey),
        }
    }

    fn parse(json: &[u8], kept: Kept) -> Result<(Vec<Jwk>, Vec<Skipped>), ConfigError> {
        if json.len() > MAX_JWKS_LEN {
            return Err(ConfigError::JwkSetTooLarge);
        }
        json::parse_object(json, &mut json::Validate)
            .map_err(|e| ConfigError::JwkSetJson(e.into()))?;
        let set: Map<String, Value> = serde_json::from_slice(json)
            .map_err(|_| ConfigError::JwkSetJson(crate::error::Malformed::Json))?;
        let Some(Value::Array(entries)) = set.get("keys") else {
            return Err(ConfigError::JwkSetKeys);
        };
        if entries.len() > MAX_JWKS_KEYS {
            return Err(ConfigError::JwkSetTooLarge);
        }
        let mut keys = Vec::with_capacity(entries.len());
        let mut skipped = Vec::new();
        for (index, entry) in entries.iter().enumerate() {
            let Value::Object(object) = entry else {
                return Err(ConfigError::JwkSetKeys);
            };
            let public_only =
                kept == Kept::PublicOnly && object.get("kty").is_some_and(|kty| kty == "oct");
            let checked = if public_only {
                Err(KeyRejected::KeyType)
            } else {
                Jwk::from_object(object)
            };
            match checked {
                Ok(key) => keys.push(key),
                Err(reason) => skipped.push(Skipped { index, reason }),
            }
        }
        Ok((keys, skipped))
    }

    fn index(keys: Vec<Jwk>, skipped: Vec<Skipped>, empty: Empty) -> Result<JwkSet, ConfigError> {
        if keys.is_empty() && empty == Empty::Refused {
            return Err(ConfigError::NoUsableKey);
        }
        if keys.len() > MAX_JWKS_KEYS {
            return Err(ConfigError::JwkSetTooLarge);
        }
        let by_kid = KidIndex::new(&keys);
        let shares_kid = |key: &Jwk, kid: &str| {
            by_kid
                .find(&keys, kid)
                .filter(|other| other.key_type() == key.key_type())
                .nth(1)
                .is_some()
        };
        if keys
            .iter()
            .any(|key| key.kid().is_some_and(|kid| shares_kid(key, kid)))
        {
            return Err(ConfigError::DuplicateKid);
        }
        let mut only_fit = [None; Algorithm::ALL.len()];
        for (slot, alg) in only_fit.iter_mut().zip(Algorithm::ALL) {
            let mut fitting = keys.iter().enumerate().filter(|(_, key)| key.fits(alg));
            if let (Some((i, _)), None) = (fitting.next(), fitting.next()) {
                *slot = Some(i);
            }
        }
        #[cfg(feature = "std")]
        static NEXT_ID: core::sync::atomic::AtomicU64 = core::sync::atomic::AtomicU64::new(1);
        Ok(JwkSet {
            keys,
            skipped,
            by_kid,
            only_fit,
            #[cfg(feature = "std")]
            id: NEXT_ID.fetch_add(1, core::sync::atomic::Ordering::Relaxed),
        })
    }
}

/// An open-addressing hash index from `kid` to the keys holding it.
///
/// Kids come from trusted configuration, so a fixed hash (FNV-1a) cannot be flooded with
/// collisions by a token; a token's `kid` only probes. The table is at most half full, so a
/// probe ends at an empty slot after a few steps on average.
#[derive(Debug)]
struct KidIndex {
    /// Each slot holds the position of the first key with some kid, plus one; 0 is empty.
    slots: Vec<usize>,
    /// For each key, the position of the next key with the same kid, plus one; 0 ends.
    next: Vec<usize>,
}

impl KidIndex {
    fn new(keys: &[Jwk]) -> KidIndex {
        let size = keys
            .len()
            .saturating_mul(2)
            .checked_next_power_of_two()
            .unwrap_or(usize::MAX)
            .max(2);
        let mut index = KidIndex {
            slots: alloc::vec![0; size],
            next: alloc::vec![0; keys.len()],
        };
        // Insert in reverse, pushing at the head, so each chain lists keys in set order.
        for (i, key) in keys.iter().enumerate().rev() {
            let Some(kid) = key.kid() else { continue };
            let slot = index.probe(keys, kid);
            if let Some(head) = index.slots.get_mut(slot) {
                if let Some(next) = index.next.get_mut(i) {
                    *next = *head;
                }
                *head = i.saturating_add(1);
            }
        }
        index
    }

    /// The slot holding `kid`, or the empty slot where it would go.
    fn probe(&self, keys: &[Jwk], kid: &str) -> usize {
        let mask = self.slots.len().saturating_sub(1);
        let mut slot = fnv1a(kid.as_bytes()) & mask;
        loop {
            match self.slots.get(slot) {
                Some(&head) if head != 0 => {
                    let holder = keys.get(head.saturating_sub(1)).and_then(Jwk::kid);
                    if holder == Some(kid) {
                        return slot;
                    }
                }
                _ => return slot,
            }
            slot = slot.wrapping_add(1) & mask;
        }
    }

    fn find<'k>(&self, keys: &'k [Jwk], kid: &str) -> impl Iterator<Item = &'k Jwk> + use<'k, '_> {
        let head = self.slots.get(self.probe(keys, kid)).copied().unwrap_or(0);
        let next = &self.next;
        core::iter::successors((head != 0).then(|| head.saturating_sub(1)), move |&i| {
            next.get(i)
                .copied()
                .filter(|&n| n != 0)
                .map(|n| n.saturating_sub(1))
        })
        .filter_map(|i| keys.get(i))
    }
}

/// FNV-1a over `bytes`, folded to `usize`.
fn fnv1a(bytes: &[u8]) -> usize {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    hash.to_le_bytes()
        .iter()
        .fold(0usize, |acc, &b| acc.rotate_left(8) ^ usize::from(b))
}

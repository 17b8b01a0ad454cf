//! Byte searches eight bytes at a time ("SWAR": SIMD within a register), for the two scans
//! every token pays for: finding the dots between its segments, and running through the plain
//! characters of a JSON string. Safe code only: each word is read with `from_le_bytes`.
//!
//! The word tricks flag, in each byte lane, whether that byte is zero or below a bound. Lanes
//! above the first flagged one may be flagged wrongly (a borrow runs upwards), so only the
//! lowest flag is read: that one is exact.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of the lowest lane whose byte is zero is exact; higher lanes are not.
fn zero_lanes(word: u64) -> u64 {
    word.wrapping_sub(ONES) & !word & HIGH
}

/// Lanes whose byte equals `byte` (lowest flag exact).
fn lanes_equal(word: u64, byte: u8) -> u64 {
    zero_lanes(word ^ ONES.wrapping_mul(u64::from(byte)))
}

fn word(chunk: &[u8]) -> u64 {
    u64::from_le_bytes(<[u8; 8]>::try_from(chunk).unwrap_or([0; 8]))
}

/// The lane of the lowest flag in `flags` (which is not zero).
fn lowest_lane(flags: u64) -> usize {
    usize::try_from(flags.trailing_zeros() / 8).unwrap_or(0)
}

/// The position of the first `byte` in `bytes`.
pub(crate) fn find(bytes: &[u8], byte: u8) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0usize;
    for chunk in &mut chunks {
        let flags = lanes_equal(word(chunk), byte);
        if flags != 0 {
            return Some(at.saturating_add(lowest_lane(flags)));
        }
        at = at.saturating_add(8);
    }
    let tail = chunks.remainder().iter().position(|&b| b == byte)?;
    Some(at.saturating_add(tail))
}

/// The position of the last `byte` in `bytes`.
pub(crate) fn find_last(bytes: &[u8], byte: u8) -> Option<usize> {
    let mut chunks = bytes.rchunks_exact(8);
    let mut end = bytes.len();
    for chunk in &mut chunks {
        end = end.saturating_sub(8);
        // Reversed, so that the lowest lane is the last byte of the chunk.
        let flags = lanes_equal(word(chunk).swap_bytes(), byte);
        if flags != 0 {
            return end.checked_add(7)?.checked_sub(lowest_lane(flags));
        }
    }
    chunks.remainder().iter().rposition(|&b| b == byte)
}

/// How many bytes at the start of `bytes` need no attention inside a JSON string: none is a
/// quote, a backslash or a control character. Whole words only: a tail shorter than a word
/// is left to the caller's byte loop.
///
/// The three tests share one mask: the quote and the backslash are below 0x80, so each lane
/// of `word ^ quotes` has its top bit where `word` has it, and `!word & HIGH` serves all three.
pub(crate) fn plain_string_run(bytes: &[u8]) -> usize {
    let quotes = ONES.wrapping_mul(u64::from(b'"'));
    let backslashes = ONES.wrapping_mul(u64::from(b'\\'));
    let controls = ONES.wrapping_mul(0x20);
    let mut run = 0usize;
    for chunk in bytes.chunks_exact(8) {
        let word = word(chunk);
        let borrows = (word ^ quotes).wrapping_sub(ONES)
            | (word ^ backslashes).wrapping_sub(ONES)
            | word.wrapping_sub(controls);
        let flags = borrows & !word & HIGH;
        if flags != 0 {
            return run.saturating_add(lowest_lane(flags));
        }
        run = run.saturating_add(8);
    }
    run
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn plain_runs_stop_at_the_first_byte_that_needs_attention() {
        assert_eq!(plain_string_run(b"abcdefgh\"ijklmnopqrstuvwx"), 8);
        assert_eq!(plain_string_run(b"abcdefghijklmnop"), 16);
        assert_eq!(plain_string_run(b"abc"), 0); // shorter than a word: left to the byte loop
        for (i, stop) in [(0, b'"'), (3, b'\\'), (7, 0x1f), (9, 0x00), (15, b'"')] {
            let mut bytes = [b'a'; 24];
            bytes[i] = stop;
            assert_eq!(plain_string_run(&bytes), i, "{stop} at {i}");
        }
        let mut high = [0xc3u8; 16]; // bytes of multi-byte characters never stop a run
        high[12] = b'"';
        assert_eq!(plain_string_run(&high), 12);
    }

    proptest! {
        /// The word searches agree with the byte-at-a-time ones on any bytes; dots are made
        /// common so that most inputs hold several, next to each other and to 0x2d/0x2f.
        #[test]
        fn finds_agree_with_byte_loops(bytes in proptest::collection::vec(
            prop_oneof![Just(b'.'), Just(0x2d_u8), Just(0x2f_u8), Just(0xae_u8), any::<u8>()],
            0..40,
        )) {
            prop_assert_eq!(find(&bytes, b'.'), bytes.iter().position(|&b| b == b'.'));
            prop_assert_eq!(find_last(&bytes, b'.'), bytes.iter().rposition(|&b| b == b'.'));
        }

        #[test]
        fn plain_runs_agree_with_a_byte_loop(bytes in proptest::collection::vec(
            prop_oneof![Just(b'"'), Just(b'\\'), Just(0x1f_u8), Just(0x20_u8), Just(0x5d_u8), any::<u8>()],
            0..40,
        )) {
            let slow = bytes
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .unwrap_or(bytes.len());
            let whole = bytes.len() / 8 * 8;
            prop_assert_eq!(plain_string_run(&bytes), slow.min(whole));
        }
    }
}

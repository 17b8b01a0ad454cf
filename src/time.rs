//! Time: [`UnixTime`] (the caller's clock), [`NumericDate`] (a claim's value) and the
//! contract's time rules, computed exactly.
//!
//! All arithmetic is in `i128`, wide enough that no sum or difference of the values involved
//! (each below 2^64) can overflow. A NumericDate with a fraction is compared as the double it
//! is, never rounded: against whole seconds, `n < d` is `n < ⌈d⌉` and `n > d` is `n > ⌊d⌋`.

use crate::json::Number;

/// A point in time in whole seconds since the Unix epoch, given to every verification:
/// the library never reads a clock on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixTime(u64);

impl UnixTime {
    /// The time `secs` seconds after the epoch.
    pub const fn from_secs(secs: u64) -> UnixTime {
        UnixTime(secs)
    }

    /// Seconds since the epoch.
    pub const fn as_secs(self) -> u64 {
        self.0
    }

    /// The system clock, in whole seconds (0 if the clock is before the epoch).
    #[cfg(feature = "std")]
    pub fn now() -> UnixTime {
        let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
        UnixTime(since.map_or(0, |d| d.as_secs()))
    }
}

/// A NumericDate claim (`exp`, `nbf`, `iat`): a JSON number from 0 to 2^63 − 1, possibly
/// with a fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NumericDate {
    /// ⌊value⌋.
    secs: u64,
    /// Whether the value has a fractional part.
    fraction: bool,
}

impl NumericDate {
    /// Whole seconds since the epoch (the value rounded down).
    pub const fn secs(self) -> u64 {
        self.secs
    }

    /// Whether the claim had a fractional part (which the time rules honour exactly).
    pub const fn has_fraction(self) -> bool {
        self.fraction
    }

    /// The claim value, if it is a number from 0 to 2^63 − 1.
    pub(crate) fn from_number(number: Number) -> Option<NumericDate> {
        match number {
            Number::U64(secs) if i64::try_from(secs).is_ok() => Some(NumericDate {
                secs,
                fraction: false,
            }),
            Number::U64(_) | Number::I64(_) => None,
            Number::F64(value) => {
                split_double(value).map(|(secs, fraction)| NumericDate { secs, fraction })
            }
        }
    }

    fn floor(self) -> i128 {
        i128::from(self.secs)
    }

    fn ceil(self) -> i128 {
        i128::from(self.secs).saturating_add(i128::from(self.fraction))
    }
}

/// `(⌊d⌋, whether d has a fraction)` for `0 ≤ d < 2^63`, read exactly from the double's bits.
fn split_double(d: f64) -> Option<(u64, bool)> {
    const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;
    if !(0.0..TWO_POW_63).contains(&d) {
        return None; // negative, too large, or NaN
    }
    let bits = d.to_bits();
    let biased_exponent = (bits >> 52) & 0x7ff;
    let mantissa = bits & ((1 << 52) - 1);
    if biased_exponent == 0 {
        return Some((0, mantissa != 0)); // zero (either sign) or subnormal
    }
    let significand = mantissa | (1 << 52);
    // value = significand × 2^(biased_exponent − 1075)
    match biased_exponent.checked_sub(1075) {
        Some(up) => Some((significand.checked_shl(u32::try_from(up).ok()?)?, false)),
        None => {
            let down = u32::try_from(1075u64.checked_sub(biased_exponent)?).ok()?;
            if down >= 64 {
                return Some((0, true));
            }
            let floor = significand.checked_shr(down)?;
            let low_bits = significand & (1u64.checked_shl(down)?.checked_sub(1)?);
            Some((floor, low_bits != 0))
        }
    }
}

/// The caller's clock and tolerances, in one place for the time rules.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock {
    now: i128,
    leeway: i128,
}

impl Clock {
    pub(crate) fn new(now: UnixTime, leeway_secs: u64) -> Clock {
        Clock {
            now: i128::from(now.0),
            leeway: i128::from(leeway_secs),
        }
    }

    /// Expired when `now ≥ exp + leeway`.
    pub(crate) fn is_expired(self, exp: NumericDate) -> bool {
        self.now >= exp.ceil().saturating_add(self.leeway)
    }

    /// Not yet valid when `now + leeway < nbf` (and likewise for `iat`).
    pub(crate) fn is_before(self, date: NumericDate) -> bool {
        self.now.saturating_add(self.leeway) < date.ceil()
    }

    /// Too old when `now − iat > max_age + leeway`.
    pub(crate) fn is_older_than(self, iat: NumericDate, max_age_secs: u64) -> bool {
        let limit = i128::from(max_age_secs).saturating_add(self.leeway);
        self.now.saturating_sub(limit) > iat.floor()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(n: Number) -> Option<NumericDate> {
        NumericDate::from_number(n)
    }

    #[test]
    fn numeric_dates_are_0_to_2_pow_63_minus_1() {
        assert_eq!(date(Number::U64(0)).map(NumericDate::secs), Some(0));
        assert_eq!(
            date(Number::U64(i64::MAX as u64)).map(NumericDate::secs),
            Some(i64::MAX as u64)
        );
        assert_eq!(date(Number::U64(1 << 63)), None);
        assert_eq!(date(Number::I64(-1)), None);
        assert_eq!(date(Number::F64(-0.0)).map(NumericDate::secs), Some(0));
        assert_eq!(date(Number::F64(-0.5)), None);
        assert_eq!(date(Number::F64(i64::MAX as f64)), None); // rounds to 2^63
        assert_eq!(date(Number::F64(1e300)), None);
        let just_below = f64::from_bits((i64::MAX as f64).to_bits() - 1);
        assert_eq!(
            date(Number::F64(just_below)).map(NumericDate::secs),
            Some(just_below as u64)
        );
    }

    #[test]
    fn doubles_split_exactly() {
        assert_eq!(split_double(1500.5), Some((1500, true)));
        assert_eq!(split_double(1500.0), Some((1500, false)));
        assert_eq!(split_double(1e3), Some((1000, false)));
        assert_eq!(split_double(0.25), Some((0, true)));
        assert_eq!(split_double(5e-324), Some((0, true)));
        assert_eq!(
            split_double(4503599627370495.5),
            Some((4503599627370495, true))
        );
        assert_eq!(
            split_double(9007199254740993.0),
            Some((9007199254740992, false))
        );
        assert_eq!(split_double(f64::NAN), None);
        for i in 0..2000u32 {
            let d = f64::from(i) * 0.37 + 1.7e9;
            let (floor, fraction) = split_double(d).unwrap();
            assert_eq!(floor as f64, d.floor());
            assert_eq!(fraction, d.fract() != 0.0);
        }
    }

    #[test]
    fn time_rules_at_their_boundaries() {
        let at = |secs| NumericDate {
            secs,
            fraction: false,
        };
        let half = |secs| NumericDate {
            secs,
            fraction: true,
        }; // secs + ½
        let clock = |now, leeway| Clock::new(UnixTime::from_secs(now), leeway);

        // exp: expired when now ≥ exp + leeway.
        assert!(!clock(99, 0).is_expired(at(100)));
        assert!(clock(100, 0).is_expired(at(100)));
        assert!(!clock(109, 10).is_expired(at(100)));
        assert!(clock(110, 10).is_expired(at(100)));
        assert!(!clock(100, 0).is_expired(half(100)));
        assert!(clock(101, 0).is_expired(half(100)));

        // nbf / iat: not yet valid when now + leeway < value.
        assert!(clock(99, 0).is_before(at(100)));
        assert!(!clock(100, 0).is_before(at(100)));
        assert!(!clock(90, 10).is_before(at(100)));
        assert!(clock(89, 10).is_before(at(100)));
        assert!(clock(100, 0).is_before(half(100)));
        assert!(!clock(101, 0).is_before(half(100)));

        // max age: too old when now − iat > max_age + leeway.
        assert!(!clock(160, 0).is_older_than(at(100), 60));
        assert!(clock(161, 0).is_older_than(at(100), 60));
        assert!(!clock(165, 5).is_older_than(at(100), 60));
        assert!(clock(166, 5).is_older_than(at(100), 60));
        assert!(!clock(160, 0).is_older_than(half(100), 60));
        assert!(clock(161, 0).is_older_than(half(100), 60)); // 161 − 100.5 = 60.5 > 60

        // No overflow at the extremes.
        assert!(!clock(u64::MAX, u64::MAX).is_older_than(at(0), u64::MAX));
        assert!(clock(u64::MAX, u64::MAX).is_expired(at(0)));
        assert!(!clock(0, u64::MAX).is_before(at(i64::MAX as u64)));
    }
}

//! ISO 8601 dates as articles carry them (`2024-05-03`, `2024-05-03T17:30`).
//!
//! Every article's published date is written once and read back once per
//! article; chrono's format strings are interpreted at run time, which cost
//! a few thousand instructions a date. The common shapes are written and
//! read here directly, and anything else still goes through chrono, so the
//! results are chrono's.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};

/// `date` as chrono's `%Y-%m-%d` writes it, then `T%H:%M` if `time` is given.
pub fn date_time(date: NaiveDate, time: Option<NaiveTime>) -> String {
    let mut out = String::with_capacity(16);
    let year = date.year();
    if (0..=9999).contains(&year) {
        push_digits(&mut out, year as u32, 4);
        out.push('-');
        push_digits(&mut out, date.month(), 2);
        out.push('-');
        push_digits(&mut out, date.day(), 2);
    } else {
        // Signed and wider years: chrono's own form.
        out.push_str(&date.format("%Y-%m-%d").to_string());
    }
    if let Some(t) = time {
        out.push('T');
        push_digits(&mut out, t.hour(), 2);
        out.push(':');
        push_digits(&mut out, t.minute(), 2);
    }
    out
}

/// The last `width` decimal digits of `n`, zero-padded.
fn push_digits(out: &mut String, n: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = n / 10u32.pow(place) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
}

/// The date at the start of `s` (`2024-05-03`, maybe followed by a time),
/// as chrono's `%Y-%m-%d` reads its first ten bytes.
pub fn date_prefix(s: &str) -> Option<NaiveDate> {
    let head = s.get(..10)?;
    let b = head.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    if b[4] == b'-' && b[7] == b'-' {
        if let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) {
            return NaiveDate::from_ymd_opt(y as i32, m, d);
        }
    }
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chrono_form(date: NaiveDate, time: Option<NaiveTime>) -> String {
        match time {
            Some(t) => format!("{}T{}", date.format("%Y-%m-%d"), t.format("%H:%M")),
            None => date.format("%Y-%m-%d").to_string(),
        }
    }

    #[test]
    fn writes_dates_and_times_as_chrono_does() {
        let d = NaiveDate::from_ymd_opt(2024, 5, 3).unwrap();
        assert_eq!(date_time(d, None), "2024-05-03");
        let t = NaiveTime::from_hms_opt(7, 5, 59).unwrap();
        assert_eq!(date_time(d, Some(t)), "2024-05-03T07:05");
        let far = NaiveDate::from_ymd_opt(12345, 1, 2).unwrap();
        assert_eq!(date_time(far, None), "+12345-01-02");
    }

    proptest! {
        #[test]
        fn writes_every_date_as_chrono_does(
            days in -400_000i32..4_000_000,
            minutes in proptest::option::of(0u32..1440),
        ) {
            let date = NaiveDate::from_num_days_from_ce_opt(days).unwrap();
            let time = minutes.map(|m| NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap());
            prop_assert_eq!(date_time(date, time), chrono_form(date, time));
        }

        #[test]
        fn reads_plain_dates_as_chrono_does(s in "[0-9]{4}-[0-1][0-9]-[0-3][0-9](T[0-9]{2}:[0-9]{2})?") {
            let chrono = NaiveDate::parse_from_str(&s[..10], "%Y-%m-%d").ok();
            prop_assert_eq!(date_prefix(&s), chrono);
        }

        #[test]
        fn reads_dates_as_chrono_does(s in "[0-9+ -]{0,4}[0-9]{0,4}-[0-9]{1,3}-[0-9]{1,3}(T[0-9:]{0,5})?") {
            let chrono = s.get(..10).and_then(|h| NaiveDate::parse_from_str(h, "%Y-%m-%d").ok());
            prop_assert_eq!(date_prefix(&s), chrono);
        }
    }
}

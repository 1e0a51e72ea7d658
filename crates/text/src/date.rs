//! Dates as Vietnamese portals write them.
//!
//! Forms read (any case, on normalized text), always day before month:
//! - `22/11/2023`, `22-11-2023`, `22.11.2023` (one separator kind per date);
//! - `ngày 22 tháng 11 năm 2023`, `ngày 30 tháng 8, 2024`, `mùng 2 tháng 9`;
//! - a weekday or time-of-day in front: `THỨ BA, NGÀY 23 THÁNG 07 NĂM 2024`,
//!   `Thứ sáu, 26/04/2024`, `Sáng 20.5`, `chiều ngày 7/1`;
//! - a time after: `28/03/2023 14:16`, `…, 09:30`, `… lúc 9h30`, `… 11 giờ`;
//! - year-less `07/01`, `Ngày 07/01`, `Sáng 20.5`: the year comes from the
//!   caller's reference date (the article's date), choosing among the
//!   previous, same and next year the one closest to it, so `28/12` in an
//!   article of 5 January is last December. Without a reference they are
//!   not dates. [`DateMatch::year_inferred`] says the year was not written.
//!
//! Validation: days and months must exist (`31/02` is not a date), the year
//! has four digits between 1900 and 2100, and a date may not run on into
//! more digits (`25/10/202` and `22/11/20234` are rejected).
//!
//! [`scan_dates`] is stricter than [`parse_date`] about year-less short
//! forms: `17/22 chỉ tiêu` is a ratio and `20.5` a decimal, so a bare
//! `d/m` is only taken when a date word precedes it (`ngày`, `sáng`,
//! `chiều`, `tối`, `trưa`, `đêm`, `hôm`, `mùng`, a weekday) or when it starts
//! a range closed by a full date (`từ 20/11 đến 22/11/2023`), whose year it
//! then borrows.

use chrono::{Datelike, NaiveDate, NaiveTime};

/// A date (and maybe time) found in text.
#[derive(Debug, Clone, PartialEq)]
pub struct DateMatch {
    pub start: usize,
    pub end: usize,
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    /// True when the year was not written and came from the reference date.
    pub year_inferred: bool,
}

/// Parse one date expression that starts at the beginning of `s`.
/// `end` is the number of bytes consumed.
pub fn parse_date(s: &str, reference: Option<NaiveDate>) -> Option<DateMatch> {
    parse_at(s, reference, false)
}

/// Every date in `text`, in order, with spans (see module docs for what a
/// year-less date needs to be found).
///
/// A date is tried where a token starts with an ASCII digit or a letter of a
/// date word ([`may_start_word`]); every such char begins with a byte
/// [`may_start_byte`] accepts, so the scan jumps from one of those bytes to
/// the next and looks at the char before only there. Each such byte is a
/// char boundary (ASCII, or the lead byte 0xC4 of `đ`/`Đ`). Positions from
/// which no digit can be reached ([`Reach`]) are not tried.
pub fn scan_dates(text: &str, reference: Option<NaiveDate>) -> Vec<DateMatch> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut reach: Option<Reach> = None;
    while let Some(skipped) = bytes[i..].iter().position(|&b| may_start_byte(b)) {
        i += skipped;
        let r = match reach {
            Some(r) if i <= r.digit => r,
            _ => match Reach::from(bytes, i) {
                Some(r) => *reach.insert(r),
                None => break,
            },
        };
        if i < r.open {
            i = r.open;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if at_token(text, i, c) {
            if let Some(mut m) = parse_at(&text[i..], reference, true) {
                m.start += i;
                m.end += i;
                i = m.end;
                out.push(m);
                continue;
            }
        }
        i += c.len_utf8();
    }
    out
}

/// Where a date can start, seen from the next ASCII digit.
///
/// Every date holds a digit where its core begins (`numeric_core` and
/// `words_core` start with `number`), and what [`parse_at`] reads before
/// that core is date words (whose ASCII chars are letters, see
/// `same_letter`), `T2`-style weekdays, spaces, and one `,` `-` `|`. So a
/// date starting at `i` reaches the first ASCII digit at or after `i`
/// through non-ASCII chars, ASCII letters, spaces and `,` `-` `|` only: no
/// digit after `i` means no date from `i` on, and a date cannot start
/// before any other ASCII byte ahead of the digit.
#[derive(Debug, Clone, Copy)]
struct Reach {
    /// The first ASCII digit at or after where this was computed.
    digit: usize,
    /// The first position from which `digit` can be reached.
    open: usize,
}

impl Reach {
    fn from(bytes: &[u8], i: usize) -> Option<Reach> {
        let digit = i + bytes[i..].iter().position(u8::is_ascii_digit)?;
        let blocked = |b: &u8| {
            b.is_ascii() && !b.is_ascii_alphabetic() && !matches!(b, b' ' | b',' | b'-' | b'|')
        };
        let open = bytes[i..digit]
            .iter()
            .rposition(blocked)
            .map_or(i, |k| i + k + 1);
        Some(Reach { digit, open })
    }
}

/// Whether a date may start with `c` at `i`: a digit or date-word letter that
/// begins a token, and not a digit in `29-NQ` style numbering after `d-`.
fn at_token(text: &str, i: usize, c: char) -> bool {
    let bytes = text.as_bytes();
    let prev = text[..i].chars().next_back();
    !prev.is_some_and(|p| p.is_alphanumeric() || p == '/' || p == '.' || p == ':' || p == ',')
        && (c.is_ascii_digit() || may_start_word(c))
        && !(c.is_ascii_digit() && prev == Some('-') && i >= 2 && bytes[i - 2].is_ascii_digit())
}

/// The first byte of every char [`at_token`] can accept: an ASCII digit, an
/// ASCII letter of [`may_start_word`], or 0xC4, which leads `đ` and `Đ`
/// (a byte of 0x80 and up read as a char is U+0080..U+00FF, never a date
/// letter).
fn may_start_byte(b: u8) -> bool {
    b.is_ascii_digit() || b == 0xC4 || may_start_word(char::from(b))
}

fn may_start_word(c: char) -> bool {
    matches!(
        c,
        't' | 'T' | 'c' | 'C' | 'n' | 'N' | 's' | 'S' | 'h' | 'H' | 'đ' | 'Đ' | 'm' | 'M'
    )
}

const WEEKDAYS: [&str; 12] = [
    "hai", "ba", "tư", "năm", "sáu", "bảy", "2", "3", "4", "5", "6", "7",
];
const TIMES_OF_DAY: [&str; 6] = ["sáng", "chiều", "tối", "trưa", "đêm", "hôm"];

fn parse_at(s: &str, reference: Option<NaiveDate>, strict: bool) -> Option<DateMatch> {
    let mut pos = 0;
    let mut context = false;
    if let Some(p) = weekday(s, 0) {
        pos = skip_punct(s, p);
        context = true;
    }
    if let Some(p) = TIMES_OF_DAY.iter().find_map(|w| word(s, pos, w)) {
        pos = skip(s, p);
        context = true;
    }
    if let Some(p) = word(s, pos, "ngày") {
        pos = skip(s, p);
        context = true;
    }
    if let Some(p) = word(s, pos, "mùng").or_else(|| word(s, pos, "mồng")) {
        pos = skip(s, p);
        context = true;
    }
    let core = numeric_core(s, pos).or_else(|| words_core(s, pos))?;
    let (date, year_inferred) = match core.year {
        Some(y) => (NaiveDate::from_ymd_opt(y, core.month, core.day)?, false),
        None if strict && !context => {
            let (date, end) = range_year(s, core.end, core.day, core.month)?;
            return Some(DateMatch {
                start: 0,
                end: core.end.min(end),
                date,
                time: None,
                year_inferred: true,
            });
        }
        None => (resolve(core.day, core.month, reference?)?, true),
    };
    let (time, end) = match time_after(s, core.end) {
        Some((t, e)) => (Some(t), e),
        None => (None, core.end),
    };
    Some(DateMatch {
        start: 0,
        end,
        date,
        time,
        year_inferred,
    })
}

struct Core {
    day: u32,
    month: u32,
    year: Option<i32>,
    end: usize,
}

/// `d/m/yyyy`, `d-m-yyyy`, `d.m.yyyy`, or year-less `d/m`.
fn numeric_core(s: &str, pos: usize) -> Option<Core> {
    let (day, p) = number(s, pos, 1, 2)?;
    let sep = *s.as_bytes().get(p)?;
    if !matches!(sep, b'/' | b'-' | b'.') {
        return None;
    }
    let (month, p) = number(s, p + 1, 1, 2)?;
    valid_day_month(day, month)?;
    let b = s.as_bytes();
    if b.get(p) == Some(&sep) && b.get(p + 1).is_some_and(u8::is_ascii_digit) {
        let (year, e) = number(s, p + 1, 4, 4)?;
        return Some(Core {
            day,
            month,
            year: Some(valid_year(year)?),
            end: e,
        });
    }
    // `20.5` followed by more digits or `1.200` is a number, not a date.
    if b.get(p).is_some_and(|&c| {
        matches!(c, b'/' | b'-' | b'.' | b',') && b.get(p + 1).is_some_and(u8::is_ascii_digit)
    }) {
        return None;
    }
    Some(Core {
        day,
        month,
        year: None,
        end: p,
    })
}

/// `22 tháng 11 năm 2023`, `30 tháng 8, 2024`, `2 tháng 9`.
fn words_core(s: &str, pos: usize) -> Option<Core> {
    let (day, p) = number(s, pos, 1, 2)?;
    let p = word(s, skip(s, p), "tháng")?;
    let (month, p) = number(s, skip(s, p), 1, 2)?;
    valid_day_month(day, month)?;
    let after = skip(s, p);
    let year_at = word(s, after, "năm")
        .map(|q| skip(s, q))
        .or_else(|| (s.as_bytes().get(p) == Some(&b',')).then(|| skip(s, p + 1)))
        .or_else(|| (s.as_bytes().get(p) == Some(&b'/')).then_some(p + 1));
    if let Some(q) = year_at {
        if let Some((year, e)) = number(s, q, 4, 4) {
            return Some(Core {
                day,
                month,
                year: Some(valid_year(year)?),
                end: e,
            });
        }
    }
    Some(Core {
        day,
        month,
        year: None,
        end: p,
    })
}

/// For a bare `d/m` at the start of a range (`20/11 - 22/11/2023`,
/// `20/11 đến 22/11/2023`): the year of the closing date.
fn range_year(s: &str, end: usize, day: u32, month: u32) -> Option<(NaiveDate, usize)> {
    let p = skip(s, end);
    let p = ["-", "–", "đến", "tới"].iter().find_map(|w| {
        if w.len() == 1 || *w == "–" {
            s[p..].starts_with(w).then(|| p + w.len())
        } else {
            word(s, p, w)
        }
    })?;
    let mut q = skip(s, p);
    if let Some(r) = word(s, q, "ngày") {
        q = skip(s, r);
    }
    let close = numeric_core(s, q).or_else(|| words_core(s, q))?;
    let year = close.year?;
    let closing = NaiveDate::from_ymd_opt(year, close.month, close.day)?;
    let date = NaiveDate::from_ymd_opt(year, month, day)
        .filter(|d| *d <= closing)
        .or_else(|| NaiveDate::from_ymd_opt(year - 1, month, day))?;
    Some((date, end))
}

fn valid_day_month(day: u32, month: u32) -> Option<()> {
    ((1..=31).contains(&day)
        && (1..=12).contains(&month)
        && NaiveDate::from_ymd_opt(2024, month, day).is_some())
    .then_some(())
}

fn valid_year(y: u32) -> Option<i32> {
    (1900..=2100).contains(&y).then_some(y as i32)
}

/// Year-less day/month: the year among reference-1..=reference+1 that puts
/// the date closest to the reference.
fn resolve(day: u32, month: u32, reference: NaiveDate) -> Option<NaiveDate> {
    let y = reference.year();
    [y - 1, y, y + 1]
        .into_iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .min_by_key(|d| (*d - reference).num_days().abs())
}

/// A time after the date: `14:16`, `, 09:30`, `- 9h30`, `lúc 9 giờ 30`.
fn time_after(s: &str, pos: usize) -> Option<(NaiveTime, usize)> {
    let mut p = skip(s, pos);
    if matches!(s.as_bytes().get(p), Some(b',' | b'-' | b'|')) {
        p = skip(s, p + 1);
    }
    if let Some(q) = word(s, p, "lúc") {
        p = skip(s, q);
    }
    let (h, q) = number(s, p, 1, 2)?;
    let b = s.as_bytes();
    let (m, end) = if b.get(q) == Some(&b':') {
        number(s, q + 1, 2, 2)?
    } else if matches!(b.get(q), Some(b'h' | b'H'))
        && !b.get(q + 1).is_some_and(|c| c.is_ascii_alphabetic())
    {
        number(s, q + 1, 2, 2).unwrap_or((0, q + 1))
    } else if let Some(r) = word(s, skip(s, q), "giờ") {
        match number(s, skip(s, r), 1, 2) {
            Some((m, e)) => (m, word(s, skip(s, e), "phút").unwrap_or(e)),
            None => (0, r),
        }
    } else {
        return None;
    };
    Some((NaiveTime::from_hms_opt(h, m, 0)?, end))
}

/// `thứ hai`..`thứ bảy`, `thứ 2`..`thứ 7`, `chủ nhật`, `CN`, `T2`..`T7`.
fn weekday(s: &str, pos: usize) -> Option<usize> {
    if let Some(p) = word(s, pos, "thứ") {
        let p = skip(s, p);
        return WEEKDAYS.iter().find_map(|w| word(s, p, w));
    }
    if let Some(p) = word(s, pos, "chủ") {
        return word(s, skip(s, p), "nhật");
    }
    if let Some(p) = word(s, pos, "cn") {
        return Some(p);
    }
    let b = s.as_bytes();
    (matches!(b.get(pos), Some(b't' | b'T'))
        && b.get(pos + 1).is_some_and(|c| (b'2'..=b'7').contains(c))
        && !b.get(pos + 2).is_some_and(u8::is_ascii_alphanumeric))
    .then_some(pos + 2)
}

/// Case-insensitive `w` at `pos`, ending at a word boundary: each char of
/// the text equals the char of `w` or its lower case begins with it, and no
/// letter or digit follows.
///
/// A date is tried at every token that starts with a digit or a date-word
/// letter, and each try asks for a dozen words, nearly all of which differ
/// from the text in an ASCII first char. That case is decided inline (an
/// ASCII char's lower case is `to_ascii_lowercase`), the rest in
/// [`word_at`].
#[inline(always)]
fn word(s: &str, pos: usize, w: &str) -> Option<usize> {
    match (s.as_bytes().get(pos), w.as_bytes().first()) {
        (Some(&b), Some(&wb)) if b.is_ascii() && b != wb && b.to_ascii_lowercase() != wb => None,
        _ => word_at(s, pos, w),
    }
}

/// [`word`] past its first-byte test.
#[inline(never)]
fn word_at(s: &str, pos: usize, w: &str) -> Option<usize> {
    let rest = s.get(pos..)?;
    let mut chars = rest.char_indices();
    for wc in w.chars() {
        let (_, c) = chars.next()?;
        if !same_letter(c, wc) {
            return None;
        }
    }
    let end = chars.next().map_or(rest.len(), |(i, _)| i);
    if rest[end..]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    Some(pos + end)
}

/// `c == wc || c.to_lowercase().next() == Some(wc)`, sparing the Unicode
/// tables where the answer is known: an ASCII char lower-cases to
/// `to_ascii_lowercase`, and a non-ASCII char lower-cases to an ASCII one
/// only for `İ` and `K` (the Kelvin sign; the tests check every char).
fn same_letter(c: char, wc: char) -> bool {
    c == wc
        || if c.is_ascii() {
            c.to_ascii_lowercase() == wc
        } else {
            (!wc.is_ascii() || matches!(c, 'İ' | '\u{212a}')) && c.to_lowercase().next() == Some(wc)
        }
}

/// Up to `max` digits (at least `min`) at `pos`, not followed by another digit.
fn number(s: &str, pos: usize, min: usize, max: usize) -> Option<(u32, usize)> {
    let b = s.as_bytes();
    let mut p = pos;
    let mut v: u32 = 0;
    while p < b.len() && b[p].is_ascii_digit() {
        if p - pos == max {
            return None;
        }
        v = v * 10 + (b[p] - b'0') as u32;
        p += 1;
    }
    (p - pos >= min).then_some((v, p))
}

fn skip(s: &str, mut p: usize) -> usize {
    while s.as_bytes().get(p) == Some(&b' ') {
        p += 1;
    }
    p
}

/// Spaces, then an optional `,` `-` `|`, then spaces.
fn skip_punct(s: &str, p: usize) -> usize {
    let p = skip(s, p);
    if matches!(s.as_bytes().get(p), Some(b',' | b'-' | b'|')) {
        skip(s, p + 1)
    } else {
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn t(h: u32, m: u32) -> Option<NaiveTime> {
        NaiveTime::from_hms_opt(h, m, 0)
    }

    #[test]
    fn full_dates() {
        for s in [
            "22/11/2023",
            "22-11-2023",
            "22.11.2023",
            "ngày 22 tháng 11 năm 2023",
            "ngày 22/11/2023",
            "Ngày 22 tháng 11, 2023",
        ] {
            let m = parse_date(s, None).unwrap_or_else(|| panic!("{s}"));
            assert_eq!(
                (m.date, m.end, m.year_inferred),
                (d(2023, 11, 22), s.len(), false),
                "{s}"
            );
        }
    }

    #[test]
    fn with_weekday_and_time() {
        let s = "THỨ BA, NGÀY 23 THÁNG 07 NĂM 2024 11:52";
        let m = parse_date(s, None).unwrap();
        assert_eq!(
            (m.date, m.time, m.end),
            (d(2024, 7, 23), t(11, 52), s.len())
        );
        let m = parse_date("28/03/2023 14:16 tin", None).unwrap();
        assert_eq!(
            (m.date, m.time, m.end),
            (d(2023, 3, 28), t(14, 16), "28/03/2023 14:16".len())
        );
        let s = "Thứ sáu, 26/04/2024, 09:30";
        let m = parse_date(s, None).unwrap();
        assert_eq!((m.date, m.time, m.end), (d(2024, 4, 26), t(9, 30), s.len()));
        let m = parse_date("22/11/2023 lúc 9h30", None).unwrap();
        assert_eq!(m.time, t(9, 30));
    }

    #[test]
    fn yearless_needs_reference() {
        let r = Some(d(2024, 5, 21));
        for s in ["07/01", "Ngày 07/01", "Sáng 20.5"] {
            assert!(parse_date(s, None).is_none(), "{s}");
            let m = parse_date(s, r).unwrap();
            assert!(m.year_inferred);
            assert_eq!(m.end, s.len());
        }
        assert_eq!(parse_date("Sáng 20.5", r).unwrap().date, d(2024, 5, 20));
        assert_eq!(
            parse_date("ngày 28/12", Some(d(2024, 1, 5))).unwrap().date,
            d(2023, 12, 28)
        );
        assert_eq!(
            parse_date("ngày 7/1", Some(d(2024, 12, 20))).unwrap().date,
            d(2025, 1, 7)
        );
    }

    #[test]
    fn rejects_invalid() {
        for s in [
            "31/02/2023",
            "25/10/202",
            "22/11/20234",
            "32/01/2023",
            "12/13/2023",
            "1.200.000",
            "17 giờ",
        ] {
            assert!(parse_date(s, Some(d(2024, 1, 1))).is_none(), "{s}");
        }
    }

    #[test]
    fn scanning_running_text() {
        let text =
            "Sáng 20.5, tỉnh đạt 17/22 chỉ tiêu; ngày 22/11/2023 họp, tỷ lệ 79.5 và 11/10 lớp.";
        let found: Vec<(&str, NaiveDate)> = scan_dates(text, Some(d(2024, 5, 21)))
            .into_iter()
            .map(|m| (&text[m.start..m.end], m.date))
            .collect();
        assert_eq!(
            found,
            vec![
                ("Sáng 20.5", d(2024, 5, 20)),
                ("ngày 22/11/2023", d(2023, 11, 22))
            ]
        );
        let text = "từ 20/11 đến 22/11/2023";
        let found = scan_dates(text, None);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].date, d(2023, 11, 20));
        assert_eq!(&text[found[0].start..found[0].end], "20/11");
        assert!(scan_dates("Nghị quyết 29-NQ/TW, số 3608/QĐ-BPN&TE năm 2023", None).is_empty());
    }

    /// [`scan_dates`] as it was before the byte-level scan, kept as the
    /// oracle of the differential test.
    mod before {
        use super::super::*;

        pub fn scan_dates(text: &str, reference: Option<NaiveDate>) -> Vec<DateMatch> {
            let mut out = Vec::new();
            let bytes = text.as_bytes();
            let mut i = 0;
            let mut prev: Option<char> = None;
            while i < text.len() {
                let Some(c) = text[i..].chars().next() else {
                    break;
                };
                let at_token = !prev.is_some_and(|p| {
                    p.is_alphanumeric() || p == '/' || p == '.' || p == ':' || p == ','
                }) && (c.is_ascii_digit() || may_start_word(c));
                if at_token
                    && !(c.is_ascii_digit()
                        && prev == Some('-')
                        && i >= 2
                        && bytes[i - 2].is_ascii_digit())
                {
                    if let Some(mut m) = parse_at(&text[i..], reference, true) {
                        m.start += i;
                        m.end += i;
                        i = m.end;
                        prev = text[..i].chars().next_back();
                        out.push(m);
                        continue;
                    }
                }
                prev = Some(c);
                i += c.len_utf8();
            }
            out
        }
    }

    /// Every word [`word`] is asked for, and text that mixes them with their
    /// upper-case forms, digits, separators and chars whose lower case is an
    /// ASCII letter (`İ`, `K` the Kelvin sign).
    const WORDS: [&str; 31] = [
        "hai", "ba", "tư", "năm", "sáu", "bảy", "2", "3", "4", "5", "6", "7", "sáng", "chiều",
        "tối", "trưa", "đêm", "hôm", "ngày", "mùng", "mồng", "thứ", "chủ", "nhật", "cn", "tháng",
        "lúc", "giờ", "phút", "đến", "tới",
    ];

    /// Pieces of [`datey_text`]: whole dates and times, the words around
    /// them in several cases, digits, separators, odd spaces, other letters.
    #[rustfmt::skip]
    const PIECES: &[&str] = &[
        "22/11/2023", "20/11", "7/1", "20.5", "31/02/2023", "22-11-2023", "1.200.000",
        "ngày 22 tháng 11 năm 2023", "30 tháng 8, 2024", "2 tháng 9", "28/12", "11 giờ",
        "Thứ", "THỨ", "thứ", "Ba", "tư", "TƯ", "Chủ nhật", "CN", "T2", "T7", "t8", "Sáng",
        "CHIỀU", "tối", "Trưa", "đêm", "Đêm", "hôm", "Ngày", "NGÀY", "mùng", "Mồng", "tháng",
        "THÁNG", "năm", "NĂM", "lúc", "giờ", "phút", "đến", "tới", "từ", "Đà", "ĐẾN", "İ",
        "\u{212a}", "ſ", "hai", "HAİ", "22", "11", "2023", "20", "5", "07", "1", "31", "02",
        "12", "2024", "1900", "20234", "/", "-", "–", ".", ",", ":", "|", " ", " ", "  ",
        "(", ")", "(22/11/2023)", "Thứ 2,", "thứ hai -", "Chủ nhật |", "Cập nhật:",
        "\u{a0}", "h", "H", "9h30", "14:16", "29-NQ", "a", "x", "é", "ư", "Ă", "\n",
    ];

    /// Pieces joined mostly by a space, sometimes by nothing or punctuation.
    fn datey_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let sep = prop::sample::select(&[" ", " ", " ", "", ", ", "-", " - "][..]);
        prop::collection::vec((prop::sample::select(PIECES), sep), 0..20)
            .prop_map(|v| v.into_iter().flat_map(|(p, s)| [p, s]).collect())
    }

    /// [`same_letter`] is the comparison `word` made before its shortcuts,
    /// for every char of the text against every char of a date word and
    /// every ASCII letter.
    #[test]
    fn same_letter_is_lowercase_equality() {
        // Every ASCII letter too, so a date word added later is covered.
        let mut letters: Vec<char> = WORDS.iter().flat_map(|w| w.chars()).collect();
        letters.extend('a'..='z');
        letters.sort_unstable();
        letters.dedup();
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let lower = c.to_lowercase().next();
            for &wc in &letters {
                assert_eq!(
                    same_letter(c, wc),
                    c == wc || lower == Some(wc),
                    "{c:?} {wc:?}"
                );
            }
        }
    }

    /// The shortcut of [`same_letter`]: which non-ASCII chars lower-case
    /// to an ASCII char.
    #[test]
    fn non_ascii_chars_lowering_to_ascii() {
        let found: Vec<char> = (0x80..=u32::from(char::MAX))
            .filter_map(char::from_u32)
            .filter(|c| c.to_lowercase().next().is_some_and(|l| l.is_ascii()))
            .collect();
        assert_eq!(found, ['İ', '\u{212a}']);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]

        /// The byte-level scan finds what the char-by-char scan found.
        #[test]
        fn scan_dates_agrees_with_char_scan(s in datey_text(), with_reference in proptest::bool::ANY) {
            let reference = with_reference.then(|| d(2024, 5, 21));
            proptest::prop_assert_eq!(scan_dates(&s, reference), before::scan_dates(&s, reference));
        }

        /// The first-byte test of `word` changes no answer, at any position.
        #[test]
        fn word_first_byte_test_changes_nothing(s in datey_text(), at in 0usize..64) {
            let pos = s.char_indices().map(|(i, _)| i).chain([s.len()]).nth(at).unwrap_or(s.len());
            for w in WORDS {
                proptest::prop_assert_eq!(word(&s, pos, w), word_at(&s, pos, w), "{:?} at {} for {}", s, pos, w);
            }
        }
    }
}

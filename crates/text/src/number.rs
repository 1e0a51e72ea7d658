//! Numbers as Vietnamese prose writes them.
//!
//! Digits: `.` groups thousands and `,` marks decimals (`1.234.567`,
//! `79,4`), but English-style `80,000,000` also appears, and `1.5` is
//! written for one and a half. The rules, in order:
//! - several separators of one kind: thousands (`1.234.567`, `80,000,000`);
//!   groups after the first must have exactly three digits, else not a number;
//! - both kinds: the last one, if it occurs once, is the decimal mark
//!   (`1.234,5` and `1,234.5`);
//! - one `,`: decimal (`79,4`, `1,5`);
//! - one `.`: thousands when exactly three digits follow and the leading
//!   group is not `0` (`1.500`, `830.140`), else decimal (`1.5`, `0.75`).
//!
//! Words: `hai`, `mười lăm`, `hai mươi mốt`, `một trăm linh năm`,
//! `hai mươi tư`, `một nghìn hai trăm`, `ba triệu rưỡi`, with the scale words
//! `nghìn`/`ngàn`, `triệu`, `tỷ`/`tỉ` (and `tr` after digits). Colloquial
//! cut-offs (`hai trăm tư` for 240) are not read.
//!
//! `năm` is both "five" and "year". [`scan_numbers`] reads it as five only
//! when it leads a larger number (`năm mươi`, `năm trăm`, `năm triệu`) or
//! counts a following noun (`năm người`); after a number (`3 năm`), after
//! `hằng`/`mỗi`/`các`/`trong`/`cuối`/`tháng`... and before a year or
//! `nay`/`qua`/`học`/`tới`... it is the word "year" and yields nothing.
//! Tokens joined by `/` or `:` (dates, ratios like `17/22`, times, document
//! symbols like `3608/QĐ`) are not numbers for the scanner either: the date
//! scanner and the extraction rules read those.

use std::sync::LazyLock;

use regex::Regex;

/// A number found in running text. The span covers the digits or words and
/// any scale word (`1,5 tỷ` is one match worth 1.5e9).
#[derive(Debug, Clone, PartialEq)]
pub struct NumberMatch {
    pub start: usize,
    pub end: usize,
    pub value: f64,
}

/// An exact decimal: `mantissa / 10^scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Decimal {
    mantissa: u128,
    scale: u32,
}

impl Decimal {
    fn to_f64(self) -> f64 {
        self.mantissa as f64 / 10f64.powi(self.scale as i32)
    }

    /// `self * factor` rounded to the nearest integer.
    fn times(self, factor: u64) -> Option<u64> {
        let p = 10u128.checked_pow(self.scale)?;
        let v = self.mantissa.checked_mul(factor as u128)?;
        u64::try_from((v + p / 2) / p).ok()
    }
}

fn parse_decimal(s: &str) -> Option<Decimal> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.is_empty() || !b[0].is_ascii_digit() || !b[b.len() - 1].is_ascii_digit() {
        return None;
    }
    if !b
        .iter()
        .all(|c| c.is_ascii_digit() || *c == b'.' || *c == b',')
    {
        return None;
    }
    let dots = b.iter().filter(|&&c| c == b'.').count();
    let commas = b.iter().filter(|&&c| c == b',').count();
    let (thousands, decimal) = match (dots, commas) {
        (0, 0) => (None, None),
        (d, 0) if d >= 2 => (Some('.'), None),
        (0, c) if c >= 2 => (Some(','), None),
        (0, 1) => (None, Some(',')),
        (1, 0) => {
            let (head, tail) = s.split_once('.')?;
            if tail.len() == 3 && head != "0" && head.len() <= 3 {
                (Some('.'), None)
            } else {
                (None, Some('.'))
            }
        }
        _ => {
            let last = s.rfind(['.', ','])?;
            let dec = s[last..].chars().next()?;
            let count = if dec == '.' { dots } else { commas };
            if count != 1 {
                return None;
            }
            (Some(if dec == '.' { ',' } else { '.' }), Some(dec))
        }
    };
    let (int_part, frac_part) = match decimal {
        Some(d) => s.split_once(d)?,
        None => (s, ""),
    };
    if let Some(t) = thousands {
        let mut groups = int_part.split(t);
        let first = groups.next()?;
        if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
            return None;
        }
    }
    let mut mantissa: u128 = 0;
    for c in int_part.bytes().chain(frac_part.bytes()) {
        if c.is_ascii_digit() {
            mantissa = mantissa.checked_mul(10)?.checked_add((c - b'0') as u128)?;
        } else if Some(c as char) != thousands {
            return None;
        }
    }
    Some(Decimal {
        mantissa,
        scale: frac_part.len() as u32,
    })
}

/// Parse digits with Vietnamese separators: `1.234.567`, `79,4`, `01`,
/// `80,000,000`, `1.5` (see the module docs for the rules).
pub fn parse_number(s: &str) -> Option<f64> {
    parse_decimal(s).map(Decimal::to_f64)
}

/// Parse a whole, non-negative integer written with digits (`1.200`, `01`)
/// or words (`hai mươi mốt`, `một trăm linh năm`).
pub fn parse_integer(s: &str) -> Option<u64> {
    let t = s.trim();
    if t.starts_with(|c: char| c.is_ascii_digit()) {
        let d = parse_decimal(t)?;
        let p = 10u128.checked_pow(d.scale)?;
        return (d.mantissa % p == 0)
            .then(|| u64::try_from(d.mantissa / p).ok())
            .flatten();
    }
    parse_number_words(t)
}

/// The value of a scale word: `nghìn`/`ngàn` 1e3, `triệu`/`tr` 1e6,
/// `tỷ`/`tỉ` 1e9 (any case).
pub fn scale_word(s: &str) -> Option<u64> {
    match s.trim().to_lowercase().as_str() {
        "nghìn" | "ngàn" | "nghin" | "ngan" => Some(1_000),
        "triệu" | "tr" | "trieu" => Some(1_000_000),
        "tỷ" | "tỉ" | "ty" => Some(1_000_000_000),
        _ => None,
    }
}

/// A number and an optional scale phrase to an integer amount:
/// `("1,5", Some("tỷ"))` -> 1_500_000_000, `("830.140", Some("triệu"))` ->
/// 830_140_000_000, `("1", Some("triệu rưỡi"))` -> 1_500_000,
/// `("2", Some("nghìn tỷ"))` -> 2e12. The number may also be words.
pub fn parse_amount(number: &str, scale: Option<&str>) -> Option<u64> {
    let value = match parse_decimal(number) {
        Some(d) => d,
        None => Decimal {
            mantissa: parse_number_words(number)? as u128,
            scale: 0,
        },
    };
    let Some(scale) = scale else {
        return value.times(1);
    };
    let mut factor: u64 = 1;
    let mut half = false;
    for w in scale.split_whitespace() {
        if half {
            return None;
        }
        if w.to_lowercase() == "rưỡi" {
            half = true;
        } else {
            factor = factor.checked_mul(scale_word(w)?)?;
        }
    }
    if factor == 1 {
        return None;
    }
    let base = value.times(factor)?;
    if half {
        base.checked_add(factor / 2)
    } else {
        Some(base)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    Digit(u64),
    /// `mốt`, `tư`, `lăm`: units only after tens.
    UnitAfterTens(u64),
    Muoi10,
    Muoi,
    Chuc,
    Tram,
    Linh,
    Scale(u64),
    Ruoi,
}

fn word_kind(w: &str) -> Option<Word> {
    if w.len() > 8 {
        return None;
    }
    let lower;
    let w = if w.bytes().any(|b| b.is_ascii_uppercase()) || !w.is_ascii() {
        lower = w.to_lowercase();
        lower.as_str()
    } else {
        w
    };
    Some(match w {
        "không" => Word::Digit(0),
        "một" => Word::Digit(1),
        "hai" => Word::Digit(2),
        "ba" => Word::Digit(3),
        "bốn" => Word::Digit(4),
        "năm" => Word::Digit(5),
        "sáu" => Word::Digit(6),
        "bảy" | "bẩy" => Word::Digit(7),
        "tám" => Word::Digit(8),
        "chín" => Word::Digit(9),
        "mốt" => Word::UnitAfterTens(1),
        "tư" => Word::UnitAfterTens(4),
        "lăm" | "nhăm" => Word::UnitAfterTens(5),
        "mười" => Word::Muoi10,
        "mươi" => Word::Muoi,
        "chục" => Word::Chuc,
        "trăm" => Word::Tram,
        "linh" | "lẻ" => Word::Linh,
        "nghìn" | "ngàn" => Word::Scale(1_000),
        "triệu" => Word::Scale(1_000_000),
        "tỷ" | "tỉ" => Word::Scale(1_000_000_000),
        "rưỡi" => Word::Ruoi,
        _ => return None,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prev {
    Start,
    Digit,
    Unit,
    Muoi10,
    Muoi,
    Chuc,
    Tram,
    Linh,
    Scale,
    Ruoi,
}

/// Parse Vietnamese number words (`hai mươi mốt`, `một nghìn hai trăm`,
/// `ba triệu rưỡi`). Any case; words separated by whitespace.
pub fn parse_number_words(s: &str) -> Option<u64> {
    let words: Vec<Word> = s.split_whitespace().map(word_kind).collect::<Option<_>>()?;
    words_value(&words)
}

fn words_value(words: &[Word]) -> Option<u64> {
    let mut total: u64 = 0;
    let mut group: u64 = 0;
    let mut pending: Option<u64> = None;
    let mut prev = Prev::Start;
    let mut last_scale: u64 = 0;
    let mut big_before = false; // a trăm or scale came before the pending digit
    for &w in words {
        prev = match (w, prev) {
            (Word::Digit(d), Prev::Muoi10 | Prev::Muoi | Prev::Linh) => {
                group += d;
                Prev::Unit
            }
            (Word::UnitAfterTens(d), Prev::Muoi) => {
                group += d;
                Prev::Unit
            }
            (Word::UnitAfterTens(5), Prev::Muoi10) => {
                group += 5;
                Prev::Unit
            }
            (Word::Digit(d), Prev::Start | Prev::Tram | Prev::Scale) => {
                if d == 0 && prev == Prev::Start && words.len() > 1 {
                    return None;
                }
                big_before = prev != Prev::Start;
                pending = Some(d);
                Prev::Digit
            }
            (Word::Muoi10, Prev::Start | Prev::Tram | Prev::Scale) => {
                group += 10;
                Prev::Muoi10
            }
            (Word::Muoi, Prev::Digit) => {
                let d = pending.take().filter(|d| (2..=9).contains(d))?;
                group += d * 10;
                Prev::Muoi
            }
            (Word::Chuc, Prev::Digit) => {
                group += pending.take().filter(|&d| d > 0)? * 10;
                Prev::Chuc
            }
            (Word::Tram, Prev::Digit) if group == 0 => {
                group += pending.take()? * 100;
                Prev::Tram
            }
            (Word::Linh, Prev::Tram | Prev::Scale) => Prev::Linh,
            (
                Word::Scale(s),
                Prev::Digit | Prev::Unit | Prev::Muoi10 | Prev::Muoi | Prev::Chuc | Prev::Tram,
            ) => {
                let g = group + pending.take().unwrap_or(0);
                if g == 0 {
                    return None;
                }
                total = if last_scale != 0 && s > last_scale {
                    total.checked_add(g)?.checked_mul(s)?
                } else {
                    total.checked_add(g.checked_mul(s)?)?
                };
                group = 0;
                last_scale = s;
                Prev::Scale
            }
            (Word::Scale(s), Prev::Scale) if s > last_scale => {
                total = total.checked_mul(s)?;
                last_scale = s;
                Prev::Scale
            }
            (Word::Ruoi, Prev::Scale) => {
                total = total.checked_add(last_scale / 2)?;
                Prev::Ruoi
            }
            (Word::Ruoi, Prev::Tram) => {
                group += 50;
                Prev::Ruoi
            }
            _ => return None,
        };
    }
    match prev {
        Prev::Start | Prev::Linh => None,
        Prev::Digit if big_before => None,
        _ => total.checked_add(group)?.checked_add(pending.unwrap_or(0)),
    }
}

static DIGITS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d[\d.,]*\d|\d|\p{L}+").expect("static regex"));

/// Words before `năm` that make it "year".
const YEAR_BEFORE: [&str; 24] = [
    "hằng", "hàng", "mỗi", "các", "những", "nhiều", "trong", "cuối", "đầu", "giữa", "cả", "suốt",
    "vài", "mấy", "từng", "một", "tháng", "ngày", "sang", "qua", "của", "vào", "năm", "tuổi",
];
/// Words after `năm` that make it "year".
const YEAR_AFTER: [&str; 26] = [
    "nay", "qua", "ngoái", "trước", "sau", "tới", "học", "tài", "đó", "này", "kia", "mới", "ấy",
    "đầu", "cuối", "rồi", "liền", "liên", "tiếp", "sinh", "thứ", "tháng", "ngày", "xưa", "nào",
    "gần",
];

/// Every number in `text`, in order: digits (with a following scale word)
/// and number words (see the module docs for what is left out).
pub fn scan_numbers(text: &str) -> Vec<NumberMatch> {
    let mut out = Vec::new();
    let tokens: Vec<(usize, usize)> = DIGITS
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .collect();
    let mut i = 0;
    while i < tokens.len() {
        let (s, e) = tokens[i];
        if text.as_bytes()[s].is_ascii_digit() {
            i += 1;
            if let Some(m) = digit_number(text, s, e) {
                while i < tokens.len() && tokens[i].0 < m.end {
                    i += 1;
                }
                out.push(m);
            }
        } else {
            i = word_number(text, &tokens, i, &mut out);
        }
    }
    out
}

fn digit_number(text: &str, s: usize, e: usize) -> Option<NumberMatch> {
    let before = text[..s].chars().next_back();
    let before2 = text[..s].chars().rev().nth(1);
    if before.is_some_and(|c| c.is_alphabetic() || c == '/' || c == ':' || c == '_')
        || (before == Some('-') && before2.is_some_and(char::is_alphabetic))
    {
        return None;
    }
    let mut after = text[e..].chars();
    let a1 = after.next();
    let a2 = after.next();
    if matches!(a1, Some('/') | Some(':')) && a2.is_some_and(char::is_alphanumeric) {
        return None;
    }
    let value = parse_decimal(&text[s..e])?;
    if let Some((scale_end, factor, half)) = scale_after(text, e) {
        let base = value.to_f64() * factor as f64;
        let v = if half {
            base + (factor / 2) as f64
        } else {
            base
        };
        return Some(NumberMatch {
            start: s,
            end: scale_end,
            value: v,
        });
    }
    Some(NumberMatch {
        start: s,
        end: e,
        value: value.to_f64(),
    })
}

/// A scale phrase (`tỷ`, `nghìn tỷ`, `triệu rưỡi`, `tr`) right after a
/// number at `pos`: (end, factor, half).
fn scale_after(text: &str, pos: usize) -> Option<(usize, u64, bool)> {
    let mut at = pos;
    let mut factor = 1u64;
    let mut end = pos;
    loop {
        let rest = &text[at..];
        let trimmed = rest.trim_start_matches(' ');
        if trimmed.len() == rest.len() && at != pos {
            break;
        }
        let w_len = trimmed
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(trimmed.len());
        let w = &trimmed[..w_len];
        let w_start = at + (rest.len() - trimmed.len());
        let Some(f) = scale_word(w).filter(|_| !w.is_empty()) else {
            break;
        };
        if w.eq_ignore_ascii_case("tr") && factor != 1 {
            break;
        }
        factor = factor.checked_mul(f)?;
        end = w_start + w_len;
        at = end;
    }
    if factor == 1 {
        return None;
    }
    let rest = &text[end..];
    let trimmed = rest.trim_start_matches(' ');
    let half = trimmed.len() < rest.len()
        && trimmed
            .get(.."rưỡi".len())
            .is_some_and(|w| w.to_lowercase() == "rưỡi")
        && !trimmed["rưỡi".len()..].starts_with(char::is_alphabetic);
    let end = if half {
        end + (rest.len() - trimmed.len()) + "rưỡi".len()
    } else {
        end
    };
    Some((end, factor, half))
}

/// Number words starting at token `i`; pushes matches, returns the next token.
fn word_number(
    text: &str,
    tokens: &[(usize, usize)],
    i: usize,
    out: &mut Vec<NumberMatch>,
) -> usize {
    // Collect the run of number words separated by single spaces.
    let mut run: Vec<Word> = Vec::new();
    let mut j = i;
    while j < tokens.len() {
        let (s, e) = tokens[j];
        if j > i && &text[tokens[j - 1].1..s] != " " {
            break;
        }
        match word_kind(&text[s..e]) {
            Some(w) => run.push(w),
            None => break,
        }
        j += 1;
    }
    if run.is_empty() {
        return i + 1;
    }
    let starter = matches!(run[0], Word::Digit(d) if d > 0) || run[0] == Word::Muoi10;
    if !starter {
        return i + 1;
    }
    // `năm` after tens is "year" (`hai mươi năm`): cut the run there.
    let cut = (1..run.len()).find(|&k| {
        run[k] == Word::Digit(5)
            && matches!(run[k - 1], Word::Muoi | Word::Muoi10)
            && lower(text, tokens[i + k]) == "năm"
    });
    let run = &run[..cut.unwrap_or(run.len())];
    for len in (1..=run.len()).rev() {
        let Some(v) = words_value(&run[..len]) else {
            continue;
        };
        if run[0] == Word::Digit(5)
            && lower(text, tokens[i]) == "năm"
            && !five_not_year(text, tokens, i, len)
        {
            return i + 1;
        }
        out.push(NumberMatch {
            start: tokens[i].0,
            end: tokens[i + len - 1].1,
            value: v as f64,
        });
        return i + len;
    }
    i + 1
}

fn lower(text: &str, (s, e): (usize, usize)) -> String {
    text[s..e].to_lowercase()
}

/// Whether `năm` at token `i`, leading a run of `len` number words, means five.
fn five_not_year(text: &str, tokens: &[(usize, usize)], i: usize, len: usize) -> bool {
    if len > 1 {
        return true; // năm mươi, năm trăm, năm triệu
    }
    let (s, e) = tokens[i];
    let prev_word = (i > 0 && text[tokens[i - 1].1..s].trim().is_empty()).then(|| tokens[i - 1]);
    if let Some(p) = prev_word {
        let w = lower(text, p);
        if text.as_bytes()[p.0].is_ascii_digit()
            || word_kind(&w).is_some()
            || YEAR_BEFORE.contains(&w.as_str())
        {
            return false;
        }
    }
    let gap = tokens.get(i + 1).map(|&(ns, _)| &text[e..ns]);
    match gap {
        Some(" ") => {
            let next = tokens[i + 1];
            if text.as_bytes()[next.0].is_ascii_digit() {
                return false;
            }
            !YEAR_AFTER.contains(&lower(text, next).as_str())
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits() {
        assert_eq!(parse_number("1.234.567"), Some(1234567.0));
        assert_eq!(parse_number("79,4"), Some(79.4));
        assert_eq!(parse_number("01"), Some(1.0));
        assert_eq!(parse_number("80,000,000"), Some(80_000_000.0));
        assert_eq!(parse_number("1.5"), Some(1.5));
        assert_eq!(parse_number("1.25"), Some(1.25));
        assert_eq!(parse_number("1.500"), Some(1500.0));
        assert_eq!(parse_number("830.140"), Some(830140.0));
        assert_eq!(parse_number("0.500"), Some(0.5));
        assert_eq!(parse_number("1.234,5"), Some(1234.5));
        assert_eq!(parse_number("1,234.5"), Some(1234.5));
        for bad in [
            "",
            "1.2.3",
            "12.34.567",
            "1..2",
            ".5",
            "5.",
            "abc",
            "1,2,3",
            "1.234.56",
        ] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn integers_and_words() {
        assert_eq!(parse_integer("1.200"), Some(1200));
        assert_eq!(parse_integer("79,4"), None);
        assert_eq!(parse_integer("hai"), Some(2));
        assert_eq!(parse_integer("mười lăm"), Some(15));
        assert_eq!(parse_integer("Hai mươi mốt"), Some(21));
        assert_eq!(parse_integer("hai mươi tư"), Some(24));
        assert_eq!(parse_integer("một trăm linh năm"), Some(105));
        assert_eq!(parse_integer("một trăm lẻ năm"), Some(105));
        assert_eq!(parse_integer("một nghìn hai trăm"), Some(1200));
        assert_eq!(parse_integer("ba trăm năm mươi sáu"), Some(356));
        assert_eq!(parse_integer("hai triệu ba trăm nghìn"), Some(2_300_000));
        assert_eq!(parse_integer("một nghìn tỷ"), Some(1_000_000_000_000));
        assert_eq!(parse_integer("một trăm rưỡi"), Some(150));
        assert_eq!(parse_integer("ba chục"), Some(30));
        for bad in [
            "mốt",
            "tư",
            "hai hai",
            "mươi",
            "một trăm linh",
            "hai trăm năm",
            "lăm",
            "người",
        ] {
            assert_eq!(parse_integer(bad), None, "{bad}");
        }
    }

    #[test]
    fn amounts() {
        assert_eq!(parse_amount("1,5", Some("tỷ")), Some(1_500_000_000));
        assert_eq!(
            parse_amount("830.140", Some("triệu")),
            Some(830_140_000_000)
        );
        assert_eq!(parse_amount("1", Some("triệu rưỡi")), Some(1_500_000));
        assert_eq!(parse_amount("2", Some("nghìn tỷ")), Some(2_000_000_000_000));
        assert_eq!(parse_amount("79,4", Some("tr")), Some(79_400_000));
        assert_eq!(parse_amount("hai", Some("tỷ")), Some(2_000_000_000));
        assert_eq!(parse_amount("500", None), Some(500));
        assert_eq!(parse_amount("5", Some("người")), None);
        assert_eq!(scale_word("Tỉ"), Some(1_000_000_000));
        assert_eq!(scale_word("ngàn"), Some(1_000));
    }

    fn values(text: &str) -> Vec<(String, f64)> {
        scan_numbers(text)
            .into_iter()
            .map(|m| (text[m.start..m.end].to_string(), m.value))
            .collect()
    }

    #[test]
    fn scanning() {
        let v = values(
            "Năm 2023, tỉnh mở 15 lớp cho 1.200 học viên, đạt 79,4% với kinh phí 1,5 tỷ đồng.",
        );
        assert_eq!(
            v,
            vec![
                ("2023".into(), 2023.0),
                ("15".into(), 15.0),
                ("1.200".into(), 1200.0),
                ("79,4".into(), 79.4),
                ("1,5 tỷ".into(), 1.5e9)
            ]
        );
        let v = values("hỗ trợ hai mươi mốt hộ và năm người, tổng 1 triệu rưỡi");
        assert_eq!(
            v,
            vec![
                ("hai mươi mốt".into(), 21.0),
                ("năm".into(), 5.0),
                ("1 triệu rưỡi".into(), 1.5e6)
            ]
        );
    }

    #[test]
    fn year_is_not_five() {
        for t in [
            "năm 2023",
            "năm nay",
            "hằng năm",
            "3 năm",
            "trong năm qua",
            "Năm học mới",
            "tháng năm",
            "năm.",
        ] {
            assert!(
                values(t).iter().all(|(s, _)| s.to_lowercase() != "năm"),
                "{t}: {:?}",
                values(t)
            );
        }
        assert_eq!(values("năm mươi người"), vec![("năm mươi".into(), 50.0)]);
        assert_eq!(values("hai mươi năm"), vec![("hai mươi".into(), 20.0)]);
    }

    #[test]
    fn skips_dates_symbols_ratios() {
        assert!(values("22/11/2023").is_empty());
        assert!(values("17/22 chỉ tiêu").iter().all(|(_, v)| *v != 17.0));
        assert!(values("Quyết định 3608/QĐ-BPN&TE").is_empty());
        assert!(values("H5N1 COVID-19 lúc 11:52").is_empty());
        assert_eq!(values("12.000m2"), vec![("12.000".into(), 12000.0)]);
        assert_eq!(values("5tr đồng"), vec![("5tr".into(), 5e6)]);
    }
}

//! Article metadata from plain text: title, published, author, province.
//!
//! Portal text arrives with its chrome: a "today" banner, menus, counters,
//! teasers. The title is the headline-shaped line next to a date line (or,
//! failing that, the first headline-shaped line before the body starts); the
//! published date is a labeled date line, a date in the title line, then the
//! nearest date line around the title; the author is the short name-shaped
//! line right after the last body paragraph; the province is the one the
//! text names most (a district counts for its province).

use std::cmp::Ordering;
use std::ops::Range;

use chrono::{NaiveDate, NaiveTime};
use once_cell::sync::Lazy;
use regex::Regex;
use regex_syntax::hir::{Class, HirKind};

use crate::gazetteer::Gazetteer;
use crate::model::ArticleMeta;

/// One line of the body with what we know about it.
#[derive(Debug)]
struct Line<'a> {
    text: &'a str,
    chrome: bool,
    /// The word count (capped, see [`count_words`]), counted when first
    /// asked: the tests read the lines near the top and the bottom, and
    /// counting every paragraph in between was a fifth of metadata time.
    words: std::cell::Cell<Option<usize>>,
    /// Near enough the top for its date to be used ([`DATED_LINES`]).
    datable: bool,
    /// The line's full date, read when first asked: most dated lines are
    /// never asked (a fifth of metadata time went on reading them).
    date: std::cell::OnceCell<Option<Dated>>,
}

impl Line<'_> {
    /// The full date of a short dated line near the top (see [`line_date`]).
    fn date(&self) -> Option<Dated> {
        *self.date.get_or_init(|| {
            (self.datable && self.at_most_words(16) && has_four_digits(self.text))
                .then(|| line_date(self.text))
                .flatten()
        })
    }

    /// `self.words() <= n`, counting no further than `n + 1` words (a
    /// count that stops short of that is the whole count, and is kept).
    fn at_most_words(&self, n: usize) -> bool {
        if let Some(known) = self.words.get() {
            return known <= n;
        }
        let seen = vnfacts_text::space::count_words(self.text, n + 1);
        if seen <= n {
            self.words.set(Some(seen));
        }
        seen <= n
    }

    fn words(&self) -> usize {
        match self.words.get() {
            Some(n) => n,
            None => {
                let n = count_words(self.text);
                self.words.set(Some(n));
                n
            }
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Dated {
    date: NaiveDate,
    time: Option<NaiveTime>,
}

impl Dated {
    fn iso(self) -> String {
        crate::iso::date_time(self.date, self.time)
    }
}

/// Labels that mark the article's own date.
const DATE_LABELS: &[&str] = &[
    "ngày đăng",
    "đăng ngày",
    "ngày cập nhật",
    "cập nhật",
    "cms-publish-date",
    "ngày xuất bản",
    "xuất bản",
    "thời gian đăng",
    "published",
    "posted",
    "ngày ban hành",
];

/// Lines that credit a source rather than name an author.
const CREDIT_PREFIXES: &[&str] = &["theo ", "nguồn", "source", "ảnh", "video", "(ảnh", "clip"];

/// Extract metadata from a normalized body; `chrome` are its chrome ranges.
///
/// Only the fields `known` (what the source gave) lacks are read: source
/// metadata wins field by field, so reading the others would be thrown
/// away, and the province search alone is a sixth of extraction time.
pub fn metadata(text: &str, chrome: &[Range<usize>], known: &ArticleMeta) -> ArticleMeta {
    let mut found = ArticleMeta::default();
    if known.title.is_none() || known.published.is_none() || known.author.is_none() {
        let lines = classify(text, chrome);
        let title_idx = find_title(&lines);
        if known.title.is_none() {
            found.title = title_idx.map(|i| clean_title(lines[i].text));
        }
        if known.published.is_none() {
            found.published = find_published(&lines, title_idx).map(Dated::iso);
        }
        if known.author.is_none() {
            found.author = find_author(&lines).or_else(|| top_byline(&lines, title_idx));
        }
    }
    if known.province.is_none() {
        found.province = province_of(text, chrome);
    }
    found
}

/// Dates are read only where they are used: the head region (at most 20
/// lines), the 10 lines after a title in it, and the lines next to those.
/// Reading every short line of a long article was a fifth of metadata time.
const DATED_LINES: usize = 32;

fn classify<'a>(text: &'a str, chrome: &[Range<usize>]) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    let mut start = 0;
    for raw in vnfacts_text::segment::split_lines(text) {
        let trimmed = raw.trim();
        let in_chrome = chrome.iter().any(|c| c.start <= start && start < c.end);
        let line = Line {
            text: trimmed,
            chrome: in_chrome,
            words: std::cell::Cell::new(None),
            datable: out.len() < DATED_LINES,
            date: std::cell::OnceCell::new(),
        };
        if !trimmed.is_empty() {
            out.push(line);
        }
        start += raw.len() + 1;
    }
    out
}

/// Line tests look at word counts up to 60 only, so counting stops at 61.
const WORDS_SEEN: usize = 61;

/// `split_whitespace().count()`, capped at [`WORDS_SEEN`]: long paragraphs
/// are most of a text, and only the head of each needs counting.
fn count_words(s: &str) -> usize {
    vnfacts_text::space::count_words(s, WORDS_SEEN)
}

/// Four ASCII digits in a row: a full date needs its four-digit year
/// (`vnfacts_text::scan_dates` reads no other), so a line without one has
/// no date [`line_date`] would keep.
fn has_four_digits(s: &str) -> bool {
    let mut run = 0;
    for &b in s.as_bytes() {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        if run == 4 {
            return true;
        }
    }
    false
}

/// A full date (with year) in a short line, with the time next to it if any.
fn line_date(line: &str) -> Option<Dated> {
    let m = vnfacts_text::scan_dates(line, None)
        .into_iter()
        .find(|d| !d.year_inferred)
        .or_else(|| glued_date(line))?;
    let time = m.time.or_else(|| time_near(line, m.start, m.end));
    Some(Dated { date: m.date, time })
}

/// Date lines glue the source name to the date (`Báo Hà Giang20/05/2025`).
fn glued_date(line: &str) -> Option<vnfacts_text::DateMatch> {
    let mut prev = None;
    for (i, c) in line.char_indices() {
        if c.is_ascii_digit() && prev.is_some_and(char::is_alphabetic) {
            if let Some(mut d) =
                vnfacts_text::parse_date(&line[i..], None).filter(|d| !d.year_inferred)
            {
                d.start += i;
                d.end += i;
                return Some(d);
            }
        }
        prev = Some(c);
    }
    None
}

/// A time written next to a date on the same line (`05/10/2021 | 03:57`, `13:21 16/01/2020`).
///
/// The time is the first one [`find_time`] reads after the date, taken when
/// it starts within 8 bytes of it, else the first one before the date, taken
/// when it ends within 4 bytes of it. Hours or minutes written in other
/// scripts' digits give no time (they do not parse as numbers).
fn time_near(line: &str, start: usize, end: usize) -> Option<NaiveTime> {
    let after = line.get(end..)?;
    let before = line.get(..start)?;
    let near_after = find_time(after, 8);
    let near_before = find_time(before, before.len()).filter(|t| before.len() - t.span.end <= 4);
    let t = near_after.or(near_before)?;
    let mut h: u32 = t.hour.parse().ok()?;
    let m: u32 = t.minute.parse().ok()?;
    if let Some(ap) = t.meridiem {
        let ap = ap.to_uppercase();
        if (ap == "PM" || ap == "CH") && h < 12 {
            h += 12;
        }
        if (ap == "AM" || ap == "SA") && h == 12 {
            h = 0;
        }
    }
    NaiveTime::from_hms_opt(h, m, 0)
}

/// A time as the pattern
/// `(?i)\b([01]?\d|2[0-3])\s*[:hg]\s*([0-5]\d)(?:\s*(AM|PM|SA|CH))?\b`
/// reads it: the whole match and its three groups.
///
/// Matched by hand because the regex crate runs its slowest engine over the
/// whole haystack for a Unicode `\b`, which made this a tenth of metadata
/// time. The tests hold it to that regex.
#[derive(Debug, PartialEq)]
struct TimeMatch<'a> {
    span: Range<usize>,
    hour: &'a str,
    minute: &'a str,
    meridiem: Option<&'a str>,
}

/// The leftmost time in `hay`, if it starts at byte `last_start` or before
/// (a leftmost match further on is no match: the caller wants one near).
///
/// A time starts with a `\d` char after a `\b`; the bytes that can begin
/// such a char are few ([`CharClass::may_start`]), so only those are decoded.
fn find_time(hay: &str, last_start: usize) -> Option<TimeMatch<'_>> {
    let bytes = hay.as_bytes();
    let end = bytes.len().min(last_start.saturating_add(1));
    let digits: &CharClass = &DIGITS;
    for (p, _) in bytes[..end]
        .iter()
        .enumerate()
        .filter(|&(_, &b)| digits.may_start(b))
    {
        // An ASCII byte or a lead byte: `p` is a char boundary.
        let Some(c) = hay[p..].chars().next().filter(|&c| is_digit(c)) else {
            continue;
        };
        // `\b` before a digit (a word char): the char before is not one.
        if hay[..p]
            .chars()
            .next_back()
            .is_some_and(regex_syntax::is_word_character)
        {
            continue;
        }
        if let Some(t) = time_at(hay, p, c) {
            return Some(t);
        }
    }
    None
}

/// A time starting with digit `c0` at `p`. The hour alternatives are tried
/// in the regex's order: two digits with a leading `0`/`1`, one digit, then
/// `2[0-3]`; the first whose rest matches wins.
fn time_at(hay: &str, p: usize, c0: char) -> Option<TimeMatch<'_>> {
    let p1 = p + c0.len_utf8();
    let c1 = hay[p1..].chars().next();
    let lead = matches!(c0, '0' | '1')
        .then_some(c1)
        .flatten()
        .filter(|&c| is_digit(c))
        .map(|c| p1 + c.len_utf8());
    let twenty = (c0 == '2' && c1.is_some_and(|c| matches!(c, '0'..='3'))).then_some(p1 + 1);
    [lead, Some(p1), twenty]
        .into_iter()
        .flatten()
        .find_map(|hour_end| after_hour(hay, p, hour_end))
}

/// The rest of a time once the hour spans `start..hour_end`:
/// `\s*[:hg]\s*([0-5]\d)`, then `\s*(AM|PM|SA|CH)` if a word boundary
/// follows it, else a word boundary right after the minutes.
fn after_hour(hay: &str, start: usize, hour_end: usize) -> Option<TimeMatch<'_>> {
    let b = hay.as_bytes();
    let q = skip_spaces(hay, hour_end);
    // Under `(?i)`, `[:hg]` is exactly these (see the tests).
    if !matches!(b.get(q), Some(b':' | b'h' | b'H' | b'g' | b'G')) {
        return None;
    }
    let q = skip_spaces(hay, q + 1);
    if !matches!(b.get(q), Some(b'0'..=b'5')) {
        return None;
    }
    let d = hay[q + 1..].chars().next().filter(|&c| is_digit(c))?;
    let minute_end = q + 1 + d.len_utf8();
    let time = |end: usize, meridiem| TimeMatch {
        span: start..end,
        hour: &hay[start..hour_end],
        minute: &hay[q..minute_end],
        meridiem,
    };
    let r = skip_spaces(hay, minute_end);
    if let Some(e) = meridiem_end(hay, r).filter(|&e| word_ends(hay, e)) {
        return Some(time(e, Some(&hay[r..e])));
    }
    word_ends(hay, minute_end).then(|| time(minute_end, None))
}

/// The end of `AM`, `PM`, `SA` or `CH` at `p`, in any case: under `(?i)`
/// each letter is its two ASCII cases, and `S` also `ſ` (see the tests).
fn meridiem_end(hay: &str, p: usize) -> Option<usize> {
    let mut cs = hay[p..].chars();
    let (a, b) = (cs.next()?, cs.next()?);
    let is = |c: char, upper: char| c.to_ascii_uppercase() == upper || (upper == 'S' && c == 'ſ');
    let pair = |x, y| is(a, x) && is(b, y);
    (pair('A', 'M') || pair('P', 'M') || pair('S', 'A') || pair('C', 'H'))
        .then(|| p + a.len_utf8() + b.len_utf8())
}

/// `\b` after a word char at `p`: the end of `hay`, or a non-word char.
fn word_ends(hay: &str, p: usize) -> bool {
    !hay[p..]
        .chars()
        .next()
        .is_some_and(regex_syntax::is_word_character)
}

/// Past the `\s*` at `p` (`\s` is Unicode `White_Space`, as is
/// `char::is_whitespace`; see the tests).
fn skip_spaces(hay: &str, p: usize) -> usize {
    let rest = &hay[p..];
    p + rest.len() - rest.trim_start_matches(char::is_whitespace).len()
}

/// Unicode `\d`: a decimal digit of any script.
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && DIGITS.contains(c))
}

/// The chars of `\d` as regex-syntax defines them, so that this matcher
/// and a regex agree on every script's digits.
static DIGITS: Lazy<CharClass> = Lazy::new(|| CharClass::of(r"\d"));

/// The chars a one-class pattern matches, as sorted ranges, which
/// 128-char blocks hold any of them (most text chars are in no block of
/// `\d`, and one bit says so), and which bytes begin the UTF-8 of any.
struct CharClass {
    ranges: Vec<(char, char)>,
    blocks: [u64; BLOCK_WORDS],
    leads: [bool; 256],
}

/// Bitmap words for every 128-char block up to `char::MAX`.
const BLOCK_WORDS: usize = (char::MAX as usize >> 7) / 64 + 1;

impl CharClass {
    /// Panics unless `pattern` is a valid pattern for one Unicode class: it
    /// is a constant of this module.
    fn of(pattern: &str) -> CharClass {
        let hir = regex_syntax::parse(pattern).expect("static class pattern");
        let HirKind::Class(Class::Unicode(class)) = hir.kind() else {
            panic!("{pattern} is not a Unicode class");
        };
        let ranges: Vec<(char, char)> = class
            .ranges()
            .iter()
            .map(|r| (r.start(), r.end()))
            .collect();
        let mut blocks = [0; BLOCK_WORDS];
        let mut leads = [false; 256];
        for &(lo, hi) in &ranges {
            for block in (lo as usize >> 7)..=(hi as usize >> 7) {
                blocks[block / 64] |= 1 << (block % 64);
            }
            for c in lo..=hi {
                leads[usize::from(c.encode_utf8(&mut [0; 4]).as_bytes()[0])] = true;
            }
        }
        CharClass {
            ranges,
            blocks,
            leads,
        }
    }

    /// Whether a char of the class can begin with byte `b`.
    fn may_start(&self, b: u8) -> bool {
        self.leads[usize::from(b)]
    }

    fn contains(&self, c: char) -> bool {
        let block = c as usize >> 7;
        self.blocks[block / 64] & (1 << (block % 64)) != 0
            && self
                .ranges
                .binary_search_by(|&(lo, hi)| {
                    if hi < c {
                        Ordering::Less
                    } else if lo > c {
                        Ordering::Greater
                    } else {
                        Ordering::Equal
                    }
                })
                .is_ok()
    }
}

/// A body paragraph: a full sentence of some length, or very long. Headlines
/// run long on portals (40 words is not rare) but do not end with a period.
///
/// The ending is tested first: it says how many words make a body line,
/// and words are counted only that far.
fn is_body(l: &Line) -> bool {
    let end = l.text.trim_end_matches(['”', '"', ')', '»', '\'']);
    match end.ends_with(['.', '!', '?', '…', ':', ';']) {
        true => !l.at_most_words(7),
        false => !l.at_most_words(44),
    }
}

static DOMAIN: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)\b[\w-]+\.(?:vn|com|net|org|gov)\b").expect("static regex"));

/// Names a web site (`baolaocai.vn`). The regex needs a dot, and with its
/// Unicode `\b` it runs on the slow engines over non-ASCII lines: a line
/// without a dot (most headlines) is not handed to it.
fn is_domain(s: &str) -> bool {
    s.contains('.') && DOMAIN.is_match(s)
}

/// Headline-shaped: a few words, no sentence end, not a category label.
fn is_headline(l: &Line) -> bool {
    if l.chrome || !(4..=60).contains(&l.words()) || l.text.ends_with(['.', ':', ';']) {
        return false;
    }
    l.words() > 10
        || l.date().is_none()
            && !is_shouting(l.text)
            && !is_domain(l.text)
            && !is_breadcrumb(l.text)
            && !l
                .text
                .starts_with(|c: char| c.is_ascii_digit() && l.text[1..].starts_with('.'))
}

/// More than three letters, all upper-case (a category label or a shouted byline).
fn is_shouting(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters > 3
}

/// `Trang chủ | Tin tức | Hoạt động`, `Trang chủ > Tin tức`: navigation, not a headline.
fn is_breadcrumb(s: &str) -> bool {
    // Most lines hold no separator at all (`»` is C2 BB): one vectorized
    // search spares setting up three substring searches.
    if memchr::memchr3(b'|', b'>', 0xC2, s.as_bytes()).is_none() {
        return false;
    }
    s.matches(" | ").count() >= 2 || s.matches(" > ").count() >= 1 || s.matches(" » ").count() >= 1
}

/// The region before the first body paragraph (where headlines live).
fn head_region(lines: &[Line]) -> usize {
    lines
        .iter()
        .position(is_body)
        .unwrap_or(lines.len())
        .min(20)
}

fn find_title(lines: &[Line]) -> Option<usize> {
    let head = head_region(lines);
    let near_date = |i: usize| {
        let lo = i.saturating_sub(2);
        let hi = (i + 2).min(lines.len().saturating_sub(1));
        (lo..=hi).any(|j| j != i && lines[j].date().is_some() && !lines[j].chrome)
    };
    let candidates: Vec<usize> = (0..head).filter(|&i| is_headline(&lines[i])).collect();
    candidates
        .iter()
        .copied()
        .find(|&i| near_date(i) || has_trailing_date(lines[i].text))
        .or_else(|| candidates.first().copied())
}

static TRAILING_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"\s*[(\[]?\s*\d{1,2}:\d{2}\s+\d{1,2}/\d{1,2}/\d{4}\s*[)\]]?\s*$|\s*[(\[]\s*\d{1,2}/\d{1,2}/\d{4}[^)\]]*[)\]]\s*$")
        .expect("static regex")
});

fn has_trailing_date(s: &str) -> bool {
    TRAILING_DATE.is_match(s)
}

fn clean_title(s: &str) -> String {
    TRAILING_DATE.replace(s, "").trim().to_string()
}

fn find_published(lines: &[Line], title: Option<usize>) -> Option<Dated> {
    let top = title.map_or(5, |t| t + 10).min(lines.len());
    let labeled = lines[..top]
        .iter()
        .find(|l| l.date().is_some() && has_date_label(l.text));
    if let Some(l) = labeled {
        return l.date();
    }
    let Some(t) = title else {
        return lines
            .iter()
            .take(5)
            .find(|l| !l.chrome && l.words() <= 12)
            .and_then(|l| l.date());
    };
    if has_trailing_date(lines[t].text) {
        let d = vnfacts_text::scan_dates(lines[t].text, None)
            .into_iter()
            .rev()
            .find(|d| !d.year_inferred);
        if let Some(d) = d {
            let time = d.time.or_else(|| time_near(lines[t].text, d.start, d.end));
            return Some(Dated { date: d.date, time });
        }
    }
    let after = lines[t + 1..top].iter().find_map(|l| l.date());
    let before = lines[..t].iter().rev().take(3).find_map(|l| l.date());
    after.or(before)
}

/// A [`DATE_LABELS`] label starts the line or a word of it (after a space).
///
/// Each word start is tried against every label, on one lower-cased copy:
/// a substring search per label cost more than the rest of the test. No
/// label overlaps itself across a space, so trying word starts finds every
/// occurrence a search for the label would have found after a space.
fn has_date_label(line: &str) -> bool {
    let lower = vnfacts_text::lowercase(line);
    let after_spaces = memchr::memchr_iter(b' ', lower.as_bytes()).map(|i| i + 1);
    std::iter::once(0)
        .chain(after_spaces)
        .any(|i| DATE_LABELS.iter().any(|lab| lower[i..].starts_with(lab)))
}

/// The name-shaped line right after the last body paragraph.
fn find_author(lines: &[Line]) -> Option<String> {
    let body_end = lines.iter().rposition(|l| is_body(l) && !l.chrome)?;
    let next = lines.get(body_end + 1)?;
    if next.chrome {
        return None;
    }
    byline(next.text)
}

/// `KHÁNH LINH` -> `Khánh Linh`; `Tin, ảnh: Minh Hà` -> `Minh Hà`; credits are not authors.
fn byline(s: &str) -> Option<String> {
    let mut s = s.trim();
    let lower = s.to_lowercase();
    for lead in [
        "tin, ảnh:",
        "tin và ảnh:",
        "bài, ảnh:",
        "bài và ảnh:",
        "tin:",
        "bài:",
        "tác giả:",
    ] {
        if lower.starts_with(lead) {
            s = s[lead.len()..].trim();
        }
    }
    let lower = s.to_lowercase();
    let words = s.split_whitespace().count();
    let shaped = (1..=7).contains(&words)
        && s.starts_with(char::is_uppercase)
        && !s.ends_with(['.', ':', ';', ',', '?', '!'])
        && !s.contains(':')
        && !s.chars().any(|c| c.is_ascii_digit())
        && !CREDIT_PREFIXES.iter().any(|p| lower.starts_with(p));
    shaped.then(|| title_case_if_shouting(s))
}

/// A byline in the date line under the title: `NGUYỄN THẢO 04/02/2024 17:30`.
fn top_byline(lines: &[Line], title: Option<usize>) -> Option<String> {
    let t = title?;
    let l = lines
        .iter()
        .skip(t + 1)
        .take(3)
        .find(|l| l.date().is_some())?;
    let cut = l.text.find(|c: char| c.is_ascii_digit())?;
    let name = l.text[..cut]
        .trim()
        .trim_end_matches(['-', '|', ','])
        .trim();
    (is_shouting(name) && (2..=4).contains(&name.split_whitespace().count()))
        .then(|| title_case_if_shouting(name))
}

fn title_case_if_shouting(s: &str) -> String {
    if !is_shouting(s) {
        return s.to_string();
    }
    s.split_whitespace()
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(cs.flat_map(char::to_lowercase))
                    .collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The province the text names most; a district counts for its province.
pub fn province_of(text: &str, chrome: &[Range<usize>]) -> Option<String> {
    let g = Gazetteer::embedded().ok()?;
    let mut counts: Vec<(&str, usize, usize)> = Vec::new();
    for m in g.find_in_text(text) {
        if chrome.iter().any(|c| c.start <= m.start && m.start < c.end) {
            continue;
        }
        let name = m.province.name.as_str();
        match counts.iter_mut().find(|(n, _, _)| *n == name) {
            Some(e) => e.1 += 1,
            None => counts.push((name, 1, m.start)),
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
        .map(|(n, _, _)| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pattern [`find_time`] stands for, and [`time_near`] as it was
    /// when it ran that pattern: the oracles of the differential tests.
    mod before {
        use super::*;

        pub static TIME: Lazy<Regex> = Lazy::new(|| {
            Regex::new(r"(?i)\b([01]?\d|2[0-3])\s*[:hg]\s*([0-5]\d)(?:\s*(AM|PM|SA|CH))?\b")
                .expect("static regex")
        });

        pub fn time_near(line: &str, start: usize, end: usize) -> Option<NaiveTime> {
            let after = line.get(end..)?;
            let before = line.get(..start)?;
            let numeric = |c: char| c.is_numeric();
            let starts_near = after.char_indices().take_while(|&(i, _)| i <= 8);
            let near_after = starts_near
                .map(|(_, c)| c)
                .any(numeric)
                .then(|| TIME.captures(after))
                .flatten()
                .filter(|c| c.get(0).is_some_and(|m| m.start() <= 8));
            let near_before = before
                .contains(numeric)
                .then(|| TIME.captures(before))
                .flatten()
                .filter(|c| c.get(0).is_some_and(|m| before.len() - m.end() <= 4));
            let c = near_after.or(near_before)?;
            let mut h: u32 = c.get(1)?.as_str().parse().ok()?;
            let m: u32 = c.get(2)?.as_str().parse().ok()?;
            if let Some(ap) = c.get(3) {
                let ap = ap.as_str().to_uppercase();
                if (ap == "PM" || ap == "CH") && h < 12 {
                    h += 12;
                }
                if (ap == "AM" || ap == "SA") && h == 12 {
                    h = 0;
                }
            }
            NaiveTime::from_hms_opt(h, m, 0)
        }
        /// The label test as it was: a search for each label.
        pub fn has_date_label(line: &str) -> bool {
            let lower = line.to_lowercase();
            DATE_LABELS.iter().any(|lab| {
                lower.starts_with(lab)
                    || lower
                        .match_indices(lab)
                        .any(|(i, _)| lower[..i].ends_with(' '))
            })
        }

        /// The body test as it was: the whole count first.
        pub fn is_body(l: &Line) -> bool {
            let end = l.text.trim_end_matches(['”', '"', ')', '»', '\'']);
            l.words() >= 45 || (l.words() >= 8 && end.ends_with(['.', '!', '?', '…', ':', ';']))
        }
    }

    /// Pieces of [`timey_text`]: times in several spellings, ASCII and other
    /// scripts' digits (`٣`, `５`, `৭`, `𝟘`), numbers that are not `\d`
    /// (`²`, `½`, `Ⅻ`), every `[:hg]` and meridiem letter in both cases and
    /// `ſ`, `K` and the Kelvin sign, spaces in and out of `\s` (NBSP, em
    /// space, U+3000, zero-width space, U+180E), word chars that are not
    /// letters (a combining accent, `‿`, ZWJ, `_`), Vietnamese letters.
    #[rustfmt::skip]
    const TIME_PIECES: &[&str] = &[
        "12:30", "9h30", "23g05", "10 : 45", "2 h 05", "24:00", "19:60", "07H5", "1:5",
        "22/11/2023", " SA", " ch", "PM", "am", "ſa", "Ch", "pM", "CHIỀU", "giờ",
        "0", "1", "2", "3", "5", "6", "9", "0", "1", "2", "٣", "５", "৭", "𝟘", "²", "½", "Ⅻ",
        ":", ":", "h", "H", "g", "G", " ", " ", " ", "\u{a0}", "\t", "\u{2003}", "\u{3000}",
        "\u{200b}", "\u{180e}", "a", "A", "m", "M", "p", "P", "s", "S", "ſ", "c", "C", "x",
        "_", "K", "\u{212a}", "ạ", "ư", "Đ", "Ê", "\u{301}", "‿", "\u{200d}", "/", "-", "|",
        ",", ".", "lúc", "Cập nhật",
    ];

    fn timey_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop::collection::vec(prop::sample::select(TIME_PIECES), 0..30).prop_map(|v| v.concat())
    }

    /// The regex's leftmost match in `hay`, as a [`TimeMatch`].
    fn regex_time(hay: &str) -> Option<TimeMatch<'_>> {
        let c = before::TIME.captures(hay)?;
        let whole = c.get(0)?;
        Some(TimeMatch {
            span: whole.range(),
            hour: c.get(1)?.as_str(),
            minute: c.get(2)?.as_str(),
            meridiem: c.get(3).map(|m| m.as_str()),
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]

        /// The hand matcher finds the regex's leftmost match, with its groups.
        #[test]
        fn find_time_agrees_with_the_regex(s in timey_text()) {
            proptest::prop_assert_eq!(find_time(&s, s.len()), regex_time(&s));
        }

        /// A bound on the start keeps the leftmost match or drops it.
        #[test]
        fn find_time_bounded_start(s in timey_text(), last in 0usize..24) {
            let expected = regex_time(&s).filter(|t| t.span.start <= last);
            proptest::prop_assert_eq!(find_time(&s, last), expected);
        }

        /// `time_near` gives what it gave with the regex, around a date or
        /// any other span.
        #[test]
        fn time_near_agrees_with_the_regex_version(
            head in timey_text(),
            date in proptest::sample::select(&["22/11/2023", "", "12:30", "ngày 5 tháng 3 năm 2024"][..]),
            tail in timey_text(),
        ) {
            let line = format!("{head}{date}{tail}");
            let (start, end) = (head.len(), head.len() + date.len());
            proptest::prop_assert_eq!(
                time_near(&line, start, end),
                before::time_near(&line, start, end)
            );
        }
    }

    /// The char predicates of the matcher against the classes the regex
    /// compiles, over every char. Also: every `\d` char is `is_numeric`, so
    /// the numeric-char test the regex version ran first never hid a match.
    #[test]
    fn time_classes_match_the_regex_classes() {
        let word = CharClass::of(r"\w");
        let space = CharClass::of(r"\s");
        let hg = CharClass::of(r"(?i)[:hg]");
        let letters: Vec<(char, CharClass)> = "AMPSCH"
            .chars()
            .map(|l| (l, CharClass::of(&format!("(?i)[{l}]"))))
            .collect();
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let digit = DIGITS.ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&c));
            assert_eq!(is_digit(c), digit, "{c:?} as \\d");
            let lead = c.encode_utf8(&mut [0; 4]).as_bytes()[0];
            assert!(
                !digit || DIGITS.may_start(lead),
                "{c:?} starts with {lead:#x}"
            );
            assert!(!is_digit(c) || c.is_numeric(), "{c:?} is \\d, not numeric");
            assert_eq!(
                regex_syntax::is_word_character(c),
                word.contains(c),
                "{c:?} as \\w"
            );
            assert_eq!(c.is_whitespace(), space.contains(c), "{c:?} as \\s");
            let hg_by_hand = matches!(c, ':' | 'h' | 'H' | 'g' | 'G');
            assert_eq!(hg_by_hand, hg.contains(c), "{c:?} in (?i)[:hg]");
            for (l, class) in &letters {
                let by_hand = c.to_ascii_uppercase() == *l || (*l == 'S' && c == 'ſ');
                assert_eq!(by_hand, class.contains(c), "{c:?} as (?i){l}");
            }
        }
    }

    /// Trying word starts finds what a search for each label found only if
    /// no label overlaps itself across a space (`ab ab a` for `ab a`).
    #[test]
    fn no_date_label_overlaps_itself_across_a_space() {
        for lab in DATE_LABELS {
            for (k, _) in lab.match_indices(' ') {
                assert!(!lab.starts_with(&lab[k + 1..]), "{lab}");
            }
        }
    }

    /// Words of date lines: every label, in both cases, pieces of them,
    /// and spaces that are and are not ASCII.
    #[rustfmt::skip]
    const LABEL_PIECES: &[&str] = &[
        "Ngày đăng", "đăng ngày", "NGÀY CẬP NHẬT", "cập nhật", "cms-publish-date", "ngày xuất bản",
        "Xuất bản", "thời gian đăng", "Published", "posted", "ngày ban hành", "ngày", "đăng", "cập",
        "nhật", "bản", "xuất", "ban hành", "22/11/2023", ":", "|", "-", " ", " ", "\u{a0}", "\t",
        "x", "ý", "tin", "posted:",
    ];

    proptest::proptest! {
        /// The word-start label test agrees with a search for each label.
        #[test]
        fn date_labels_found_as_a_search_finds_them(
            v in proptest::collection::vec(proptest::sample::select(LABEL_PIECES), 0..12)
        ) {
            let line = v.concat();
            proptest::prop_assert_eq!(has_date_label(&line), before::has_date_label(&line));
        }

        /// Counting only as far as the ending needs gives the old answer.
        #[test]
        fn body_lines_as_before(
            s in "([a-zà-ỹ0-9]{1,3}| {1,2}){0,70}[.!?…:;”\")»' a]{0,3}"
        ) {
            let line = |s| Line { text: s, chrome: false, words: Default::default(), datable: true, date: Default::default() };
            proptest::prop_assert_eq!(is_body(&line(&s)), before::is_body(&line(&s)));
        }
    }

    proptest::proptest! {
        /// A line's short count (the date test's) and its full count agree
        /// with counting the whole line, in either order of asking.
        #[test]
        fn line_word_counts_agree_however_asked(
            s in "([a-zà-ỹ0-9]{1,3}| {1,2}){0,80}",
            n in 0usize..70,
            short_first in proptest::bool::ANY,
        ) {
            let line = Line { text: &s, chrome: false, words: Default::default(), datable: true, date: Default::default() };
            let whole = count_words(&s);
            if short_first {
                proptest::prop_assert_eq!(line.at_most_words(n), whole <= n);
                proptest::prop_assert_eq!(line.words(), whole);
            } else {
                proptest::prop_assert_eq!(line.words(), whole);
                proptest::prop_assert_eq!(line.at_most_words(n), whole <= n);
            }
        }
    }

    proptest::proptest! {
        /// The byte-level counter agrees with `split_whitespace` up to the cap.
        #[test]
        fn count_words_agrees_with_split_whitespace(
            s in "([a-zà-ỹĐ0-9]{1,4}|[ \t\n\r\u{b}\u{c}\u{a0}\u{85}\u{1680}\u{2000}\u{200a}\u{200b}\u{2010}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{1ea1}\u{1681}“–]){0,90}"
        ) {
            proptest::prop_assert_eq!(
                count_words(&s),
                s.split_whitespace().count().min(WORDS_SEEN)
            );
        }
    }

    #[test]
    fn breadcrumbs_by_each_separator() {
        for s in [
            "Trang chủ | Tin tức | Hoạt động",
            "Trang chủ > Tin tức",
            "Trang chủ » Tin tức",
        ] {
            assert!(is_breadcrumb(s), "{s}");
        }
        // `ộ` is E1 BB 99: the byte `»` ends with, in another char.
        for s in [
            "Hội nghị tổng kết",
            "Trang chủ | Tin tức",
            "a>b",
            "Trang chủ «Tin»",
        ] {
            assert!(!is_breadcrumb(s), "{s}");
        }
    }

    /// Fields the source gave are not read; the others come out as they
    /// would with nothing known, for every subset of known fields.
    #[test]
    fn only_missing_fields_are_read() {
        let text = "Trang chủ > Tin tức\nHội nghị tổng kết công tác năm của huyện Văn Bàn\n\
                    Cập nhật: 06/06/2019 09:30\n\nSáng nay, UBND huyện Văn Bàn tổ chức hội nghị \
                    tổng kết với sự tham dự của 120 đại biểu đến từ các xã trong huyện.\nMinh Hà";
        let all = metadata(text, &[], &ArticleMeta::default());
        assert_eq!(
            all.title.as_deref(),
            Some("Hội nghị tổng kết công tác năm của huyện Văn Bàn")
        );
        assert_eq!(all.published.as_deref(), Some("2019-06-06T09:30"));
        assert_eq!(all.province.as_deref(), Some("Lào Cai"));
        assert_eq!(all.author.as_deref(), Some("Minh Hà"));
        let given = || Some("given".to_string());
        for mask in 0..16u8 {
            let bit = |i: u8| mask & (1 << i) != 0;
            let known = ArticleMeta {
                title: if bit(0) { given() } else { None },
                published: if bit(1) { given() } else { None },
                province: if bit(2) { given() } else { None },
                author: if bit(3) { given() } else { None },
                source: None,
            };
            let found = metadata(text, &[], &known);
            let want = |i: u8, v: &Option<String>| if bit(i) { None } else { v.clone() };
            assert_eq!(found.title, want(0, &all.title), "mask {mask}");
            assert_eq!(found.published, want(1, &all.published), "mask {mask}");
            assert_eq!(found.province, want(2, &all.province), "mask {mask}");
            assert_eq!(found.author, want(3, &all.author), "mask {mask}");
        }
    }

    #[test]
    fn time_next_to_a_date_on_either_side() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        let at = |line: &str, date: &str| {
            let start = line.find(date).unwrap();
            time_near(line, start, start + date.len())
        };
        assert_eq!(at("05/10/2021 | 03:57", "05/10/2021"), t(3, 57));
        assert_eq!(at("13:21 16/01/2020", "16/01/2020"), t(13, 21));
        assert_eq!(
            at("Cập nhật 06/06/2019 lúc 9h30 CH", "06/06/2019"),
            t(21, 30)
        );
        assert_eq!(at("Cập nhật: 06/06/2019", "06/06/2019"), None);
        // Too far after the date, or too far before it.
        assert_eq!(at("06/06/2019 - lượt xem 10:30", "06/06/2019"), None);
        assert_eq!(at("10:30 bản tin sáng 06/06/2019", "06/06/2019"), None);
    }

    #[test]
    fn four_digit_runs() {
        assert!(has_four_digits("Cập nhật 06/06/2019"));
        assert!(!has_four_digits("Tổng truy cập: 4.708.857 - 12/3"));
        assert!(line_date("ngày 5 tháng 3 năm 203").is_none());
    }
}

//! The query language, and a parser that survives what people paste.
//!
//! Order of work, each step taking its pieces out of the string:
//! 1. filters `province:`, `source:`, `kind:`, `category:`, `role:`, `doc_type:`,
//!    `url:`, `year:`, `from:`, `to:`, numeric `amount>=…`, `quantity:10..50`,
//!    `percent>…`, and `doc:` (document number);
//! 2. URLs (ignored, reported);
//! 3. document numbers anywhere in the text (`số 3608/QĐ – BPN&TE`, `/2020/ NĐ-CP`, `-BPN&TE`);
//! 4. the rest is free text: words, `"phrases"`, `-excluded` words. It is
//!    re-written with every word quoted before tantivy's lenient parser sees
//!    it, so stray `:`, `(`, `^`, `[` and unbalanced quotes cannot change its
//!    meaning; what was dropped is reported in [`ParsedQuery::ignored`].

use std::ops::Bound;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::{Captures, Regex};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::doc_key::{doc_key, find_doc_refs, DocParts};
use crate::error::QueryError;
use crate::writer::province_key;

/// Numeric fields that take ranges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NumField {
    Quantity,
    Amount,
    Percent,
}

/// One filter, in the index's terms.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "field", rename_all = "snake_case")]
pub enum Filter {
    /// Folded lower-case province key.
    Province {
        value: String,
    },
    Source {
        value: String,
    },
    Kind {
        value: String,
    },
    Category {
        value: String,
    },
    Role {
        value: String,
    },
    DocType {
        value: String,
    },
    Url {
        value: String,
    },
    /// Publication year range, inclusive.
    Year {
        from: Option<i64>,
        to: Option<i64>,
    },
    /// Publication date range, inclusive, as days.
    Published {
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    },
    /// Range on a typed fact value; `f64` holds every u64 we accept exactly up to 2^53.
    Range {
        on: NumField,
        lo: Bound<f64>,
        hi: Bound<f64>,
    },
}

impl Filter {
    /// True for filters about facts: they make a query return facts (unless
    /// articles are asked for, then articles having such facts).
    pub fn is_fact_filter(&self) -> bool {
        matches!(
            self,
            Filter::Kind { .. }
                | Filter::Category { .. }
                | Filter::Role { .. }
                | Filter::DocType { .. }
                | Filter::Range { .. }
        )
    }
}

/// A document number to look up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocQuery {
    /// As typed.
    pub input: String,
    /// Canonical key.
    pub key: String,
    #[serde(skip)]
    pub parts: DocParts,
}

/// Something of the query that was dropped, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ignored {
    pub text: String,
    pub reason: String,
}

/// A query taken apart.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ParsedQuery {
    /// Free text re-written for tantivy's parser (every word quoted); empty when none.
    pub text: String,
    /// Number of positive words and phrases in `text`.
    pub terms: usize,
    pub docs: Vec<DocQuery>,
    pub filters: Vec<Filter>,
    pub ignored: Vec<Ignored>,
}

impl ParsedQuery {
    /// True when nothing constrains the search (match everything).
    pub fn is_empty(&self) -> bool {
        self.text.is_empty() && self.docs.is_empty() && self.filters.is_empty()
    }
}

/// Parse a query. Errors only for a filter value that cannot mean anything
/// (`amount>=lots`); junk elsewhere is dropped and reported.
pub fn parse(input: &str) -> Result<ParsedQuery, QueryError> {
    // NFC only here: full normalization splits `500tr` into `500 tr`, which filters must see whole.
    let input: String = input.nfc().collect();
    let mut q = ParsedQuery::default();
    let mut rest = String::with_capacity(input.len());
    let mut last = 0;
    let mut failure = None;
    for c in FILTER.captures_iter(&input) {
        let Some(whole) = c.get(0) else { continue };
        if failure.is_some() {
            break;
        }
        rest.push_str(&input[last..whole.start()]);
        last = whole.end();
        match filter(&c, &input[whole.end()..], &mut q) {
            Ok(consumed) => last += consumed,
            Err(e) => failure = Some(e),
        }
    }
    if let Some(e) = failure {
        return Err(e);
    }
    rest.push_str(&input[last..]);
    let rest = URL.replace_all(&rest, |c: &Captures| {
        q.ignored.push(Ignored {
            text: c[0].to_string(),
            reason: "a URL (use url:\"…\" to find one article)".into(),
        });
        " "
    });
    let rest = take_doc_refs(&crate::input::norm(&rest), &mut q);
    free_text(&rest, &mut q);
    if q.is_empty() && !input.trim().is_empty() {
        let what: Vec<&str> = q.ignored.iter().map(|i| i.text.as_str()).collect();
        return Err(QueryError::Empty(if what.is_empty() {
            String::new()
        } else {
            format!(" (ignored: {})", what.join(", "))
        }));
    }
    Ok(q)
}

/// Apply one `name op value` filter; returns how many extra bytes after the match it consumed.
fn filter(c: &Captures, after: &str, q: &mut ParsedQuery) -> Result<usize, QueryError> {
    let name = c["name"].to_lowercase();
    let op = &c["op"];
    let quoted = c.name("quoted").map(|m| m.as_str());
    let mut value = quoted
        .or_else(|| c.name("bare").map(|m| m.as_str()))
        .unwrap_or("")
        .to_string();
    let mut consumed = 0;
    let bad = |hint: &'static str, value: &str| QueryError::BadValue {
        field: name.clone(),
        value: value.to_string(),
        hint,
    };
    match (name.as_str(), op) {
        ("doc", ":") => {
            if quoted.is_none() {
                // `doc:3608/QĐ – BPN&TE`: the id may go on past the first space.
                let joined = format!("{value}{after}");
                if let Some(found) = find_doc_refs(&joined)
                    .into_iter()
                    .find(|f| f.range.start == 0)
                {
                    consumed = found.range.end.saturating_sub(value.len());
                    value = joined[..found.range.end].to_string();
                }
            }
            let key = doc_key(&value)
                .ok_or_else(|| bad("a document number such as 3608/QĐ-BPN&TE", &value))?;
            let parts = DocParts::of_key(&key);
            q.docs.push(DocQuery {
                input: value,
                key,
                parts,
            });
        }
        ("province", ":") => {
            if quoted.is_none() {
                // `province:Quảng Ninh`: capitalised words go on the name.
                let more = CAPITALISED.find(after).map_or(0, |m| m.end());
                value.push_str(&after[..more]);
                consumed = more;
            }
            let key = province_key(&value);
            if key.is_empty() {
                return Err(bad("a province name such as \"Quảng Ninh\"", &value));
            }
            q.filters.push(Filter::Province { value: key });
        }
        ("source", ":") => q.filters.push(Filter::Source { value }),
        ("url", ":") => q.filters.push(Filter::Url { value }),
        ("kind", ":") => {
            let v = value.to_lowercase();
            if !KINDS.contains(&v.as_str()) {
                return Err(bad(
                    "one of document, count, participants, money, ratio, period, person",
                    &value,
                ));
            }
            q.filters.push(Filter::Kind { value: v });
        }
        ("category", ":") => q.filters.push(Filter::Category {
            value: value.to_lowercase(),
        }),
        ("role", ":") => q.filters.push(Filter::Role {
            value: value.to_lowercase(),
        }),
        ("doc_type", ":") => q.filters.push(Filter::DocType {
            value: value.to_lowercase(),
        }),
        ("year", _) => {
            let (lo, hi) = range(op, &value, |s| {
                s.parse::<i64>().ok().filter(|y| (1000..=9999).contains(y))
            })
            .ok_or_else(|| {
                bad(
                    "a year or a range: year:2023, year:2021..2023, year>=2020",
                    &value,
                )
            })?;
            q.filters.push(Filter::Year {
                from: inclusive_i(lo, 1),
                to: inclusive_i(hi, -1),
            });
        }
        ("from", ":") => {
            let d = day(&value, false)
                .ok_or_else(|| bad("a date: 2023, 2023-05 or 2023-05-31", &value))?;
            q.filters.push(Filter::Published {
                from: Some(d),
                to: None,
            });
        }
        ("to", ":") => {
            let d = day(&value, true)
                .ok_or_else(|| bad("a date: 2023, 2023-05 or 2023-05-31", &value))?;
            q.filters.push(Filter::Published {
                from: None,
                to: Some(d),
            });
        }
        (field @ ("amount" | "quantity" | "percent"), _) => {
            let on = match field {
                "amount" => NumField::Amount,
                "quantity" => NumField::Quantity,
                _ => NumField::Percent,
            };
            let parse_one = |s: &str| {
                if on == NumField::Percent {
                    parse_percent(s)
                } else {
                    parse_amount(s)
                }
            };
            let (lo, hi) = range(op, &value, parse_one).ok_or_else(|| {
                bad(
                    "a number or range: amount>=500000000, amount>=500tr, quantity:10..50",
                    &value,
                )
            })?;
            q.filters.push(Filter::Range { on, lo, hi });
        }
        _ => {
            return Err(bad(
                "this field takes `:`, e.g. province:\"Quảng Ninh\"",
                op,
            ))
        }
    }
    Ok(consumed)
}

/// `op value` -> bounds: `:N`, `:A..B`, `:A..`, `:..B`, `>=N`, `>N`, `<=N`, `<N`, `=N`.
fn range<T: Copy>(
    op: &str,
    value: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Option<(Bound<T>, Bound<T>)> {
    let one = || parse(value.trim());
    Some(match op {
        ">=" => (Bound::Included(one()?), Bound::Unbounded),
        ">" => (Bound::Excluded(one()?), Bound::Unbounded),
        "<=" => (Bound::Unbounded, Bound::Included(one()?)),
        "<" => (Bound::Unbounded, Bound::Excluded(one()?)),
        _ => match value.split_once("..") {
            Some((a, b)) => {
                let lo = if a.trim().is_empty() {
                    Bound::Unbounded
                } else {
                    Bound::Included(parse(a.trim())?)
                };
                let hi = if b.trim().is_empty() {
                    Bound::Unbounded
                } else {
                    Bound::Included(parse(b.trim())?)
                };
                if matches!((&lo, &hi), (Bound::Unbounded, Bound::Unbounded)) {
                    return None;
                }
                (lo, hi)
            }
            None => {
                let v = one()?;
                (Bound::Included(v), Bound::Included(v))
            }
        },
    })
}

fn inclusive_i(b: Bound<i64>, step: i64) -> Option<i64> {
    match b {
        Bound::Included(v) => Some(v),
        Bound::Excluded(v) => Some(v + step),
        Bound::Unbounded => None,
    }
}

/// `500000000`, `500.000.000`, `500tr`, `1,5 tỷ`, `80 triệu`, `500k`.
pub fn parse_amount(s: &str) -> Option<f64> {
    let s = vnfacts_text::fold(s.trim()).replace(' ', "");
    let (num, scale) = [
        ("trieu", 1e6),
        ("tr", 1e6),
        ("ty", 1e9),
        ("ti", 1e9),
        ("nghin", 1e3),
        ("ngan", 1e3),
        ("k", 1e3),
    ]
    .iter()
    .find_map(|(suffix, scale)| s.strip_suffix(suffix).map(|n| (n, *scale)))
    .unwrap_or((s.as_str(), 1.0));
    let value = if scale > 1.0 {
        num.replace(',', ".").parse::<f64>().ok()? * scale
    } else {
        num.replace(['.', ',', '_'], "").parse::<u64>().ok()? as f64
    };
    (value.is_finite() && value >= 0.0).then_some(value.round())
}

/// `79,4`, `79.4`, `79,4%`.
fn parse_percent(s: &str) -> Option<f64> {
    let v = s
        .trim()
        .trim_end_matches('%')
        .replace(',', ".")
        .parse::<f64>()
        .ok()?;
    v.is_finite().then_some(v)
}

/// `2023` / `2023-05` / `2023-05-31` (also `31/05/2023`); `end` picks the last day of a year or month.
fn day(s: &str, end: bool) -> Option<NaiveDate> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
    {
        return Some(d);
    }
    if let Some((y, m)) = s.split_once('-') {
        let (y, m) = (y.parse::<i32>().ok()?, m.parse::<u32>().ok()?);
        let first = NaiveDate::from_ymd_opt(y, m, 1)?;
        if !end {
            return Some(first);
        }
        let next = if m == 12 {
            NaiveDate::from_ymd_opt(y + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(y, m + 1, 1)?
        };
        return next.pred_opt();
    }
    let y = s
        .parse::<i32>()
        .ok()
        .filter(|y| (1000..=9999).contains(y))?;
    let d = if end {
        NaiveDate::from_ymd_opt(y, 12, 31)?
    } else {
        NaiveDate::from_ymd_opt(y, 1, 1)?
    };
    (d.year() == y).then_some(d)
}

/// Take document numbers out of free text (with a `số` just before them).
fn take_doc_refs(text: &str, q: &mut ParsedQuery) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for found in find_doc_refs(text) {
        let mut start = found.range.start;
        let before = text[last..start].trim_end();
        if let Some(stem) = before
            .strip_suffix("số")
            .or_else(|| before.strip_suffix("Số"))
            .or_else(|| before.strip_suffix("so"))
        {
            if stem.is_empty() || stem.ends_with(char::is_whitespace) {
                start = last + stem.len();
            }
        }
        out.push_str(&text[last..start]);
        out.push(' ');
        last = found.range.end;
        q.docs.push(DocQuery {
            input: text[start..found.range.end].trim().to_string(),
            key: found.key,
            parts: found.parts,
        });
    }
    out.push_str(&text[last..]);
    out
}

/// Words, phrases and exclusions, re-quoted for tantivy.
fn free_text(text: &str, q: &mut ParsedQuery) {
    let text = text.replace(['“', '”', '„', '«', '»'], "\"");
    let mut pieces: Vec<String> = Vec::new();
    let mut chunks = text.split('"').enumerate().peekable();
    let quotes = text.matches('"').count();
    while let Some((i, chunk)) = chunks.next() {
        let is_last = chunks.peek().is_none();
        let in_phrase = i % 2 == 1 && !(is_last && quotes % 2 == 1);
        if i % 2 == 1 && !in_phrase {
            q.ignored.push(Ignored {
                text: "\"".into(),
                reason: "unbalanced quote; the rest is searched as words".into(),
            });
        }
        if in_phrase {
            let phrase = clean_word(chunk);
            if !phrase.is_empty() {
                pieces.push(format!("\"{phrase}\""));
                q.terms += 1;
            }
            continue;
        }
        for word in chunk.split_whitespace() {
            let (neg, body) = match word.strip_prefix('-') {
                Some(b) if b.starts_with(char::is_alphanumeric) => (true, b),
                _ => (false, word.trim_start_matches('+')),
            };
            let cleaned = clean_word(body);
            if cleaned.is_empty() || !cleaned.chars().any(char::is_alphanumeric) {
                if word.chars().any(|c| !c.is_alphanumeric())
                    && !matches!(word, "-" | "–" | "," | "." | ":" | ";" | "/")
                {
                    q.ignored.push(Ignored {
                        text: word.to_string(),
                        reason: "punctuation only".into(),
                    });
                }
                continue;
            }
            if neg {
                pieces.push(format!("-\"{cleaned}\""));
            } else {
                pieces.push(format!("\"{cleaned}\""));
                q.terms += 1;
            }
        }
    }
    if q.terms == 0 && !pieces.is_empty() {
        q.ignored.push(Ignored {
            text: pieces.join(" "),
            reason: "only excluded words; nothing to search for".into(),
        });
        pieces.clear();
    }
    q.text = pieces.join(" ");
}

/// Drop characters tantivy's grammar treats specially inside quotes.
fn clean_word(w: &str) -> String {
    w.chars()
        .filter(|c| !matches!(c, '"' | '\\'))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

const KINDS: [&str; 7] = [
    "document",
    "count",
    "participants",
    "money",
    "ratio",
    "period",
    "person",
];

static FILTER: LazyLock<Regex> = LazyLock::new(|| {
    must(
        r#"(?i)(?:^|\s)(?P<name>province|source|kind|category|role|doc_type|url|year|from|to|doc|amount|quantity|percent)\s*(?P<op>>=|<=|:|>|<|=)\s*(?:"(?P<quoted>[^"]*)"|(?P<bare>[^\s"]+))"#,
    )
});
static URL: LazyLock<Regex> = LazyLock::new(|| must(r"(?i)\b(?:https?://|www\.)\S+"));
static CAPITALISED: LazyLock<Regex> = LazyLock::new(|| must(r"^(?:\s+(?:-\s+)?\p{Lu}[\p{L}.]*)+"));

fn must(pattern: &str) -> Regex {
    match Regex::new(pattern) {
        Ok(re) => re,
        Err(e) => unreachable!("invalid built-in pattern {pattern}: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(q: &ParsedQuery) -> Vec<&str> {
        q.docs.iter().map(|d| d.key.as_str()).collect()
    }

    #[test]
    fn filters_and_ranges() {
        let q = parse(r#"lớp tập huấn province:Quảng Ninh year:2023 kind:count amount>=500tr quantity:10..50"#).unwrap();
        assert_eq!(q.text, r#""lớp" "tập" "huấn""#);
        assert_eq!(
            q.filters[0],
            Filter::Province {
                value: "quang ninh".into()
            }
        );
        assert_eq!(
            q.filters[1],
            Filter::Year {
                from: Some(2023),
                to: Some(2023)
            }
        );
        assert_eq!(
            q.filters[3],
            Filter::Range {
                on: NumField::Amount,
                lo: Bound::Included(5e8),
                hi: Bound::Unbounded
            }
        );
        assert_eq!(
            q.filters[4],
            Filter::Range {
                on: NumField::Quantity,
                lo: Bound::Included(10.0),
                hi: Bound::Included(50.0)
            }
        );
        let q = parse("from:2023-05 to:2023 amount>=500.000.000 percent>79,4").unwrap();
        assert_eq!(
            q.filters[0],
            Filter::Published {
                from: NaiveDate::from_ymd_opt(2023, 5, 1),
                to: None
            }
        );
        assert_eq!(
            q.filters[1],
            Filter::Published {
                from: None,
                to: NaiveDate::from_ymd_opt(2023, 12, 31)
            }
        );
        assert_eq!(
            q.filters[2],
            Filter::Range {
                on: NumField::Amount,
                lo: Bound::Included(5e8),
                hi: Bound::Unbounded
            }
        );
    }

    #[test]
    fn bad_filter_values_are_errors_that_say_what_to_type() {
        let e = parse("amount>=lots").unwrap_err().to_string();
        assert!(e.contains("amount") && e.contains("500000000"), "{e}");
        assert!(parse("year:20x3").is_err());
        assert!(parse("kind:banana").is_err());
        assert!(parse("province:\"\"").is_err());
    }

    #[test]
    fn pasted_junk_survives() {
        let q = parse("số /2020/ NĐ-CP").unwrap();
        assert_eq!(keys(&q), ["2020/ND-CP"]);
        assert_eq!(q.docs[0].parts.year.as_deref(), Some("2020"));
        assert!(q.text.is_empty(), "{:?}", q.text);
        let q = parse("-BPN&TE").unwrap();
        assert_eq!(keys(&q), ["BPN&TE"]);
        let q = parse(r#"xem https://a.gov.vn/tin?id=1 "bình đẳng"#).unwrap();
        assert_eq!(q.text, r#""xem" "bình" "đẳng""#);
        assert_eq!(q.ignored.len(), 2, "{:?}", q.ignored);
        let q = parse("Theo Quyết định số 3608/QĐ-BPN&TE ngày 22/11/2023: (tổ chức) [lớp] ^2 ~")
            .unwrap();
        assert_eq!(keys(&q), ["3608/QD-BPN&TE"]);
        assert!(
            q.text.contains(r#""(tổ""#) && !q.text.contains("số"),
            "{}",
            q.text
        );
        assert!(matches!(parse("/// ---"), Err(QueryError::Empty(_))));
        assert!(parse("").unwrap().is_empty());
    }

    #[test]
    fn doc_prefix_takes_the_whole_id() {
        let q = parse("doc:3608/QĐ – BPN&TE lớp").unwrap();
        assert_eq!(keys(&q), ["3608/QD-BPN&TE"]);
        assert_eq!(q.text, r#""lớp""#);
        let q = parse("doc:3608").unwrap();
        assert_eq!(q.docs[0].parts.number.as_deref(), Some("3608"));
        let q = parse(r#"doc:"Luật Bình đẳng giới""#).unwrap();
        assert_eq!(keys(&q), ["LUAT BINH DANG GIOI"]);
    }

    #[test]
    fn phrases_and_exclusions() {
        let q = parse(r#""bình đẳng giới" -nam nữ"#).unwrap();
        assert_eq!(q.text, r#""bình đẳng giới" -"nam" "nữ""#);
        assert_eq!(q.terms, 2);
        let q = parse("-nam").unwrap_err();
        assert!(matches!(q, QueryError::Empty(_)));
    }
}

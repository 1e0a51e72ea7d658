//! Canonical keys for document numbers ("số và ký hiệu"), forgiving of the ways people type them.
//!
//! People write `3608/QĐ-BPN&TE` as `3608/QD-BPN&TE`, `3608/qđ-bpn&te`,
//! `số 3608/QĐ-BPN&TE`, `3608/QĐ – BPN&TE` or `03608/QĐ-BPN&TE`. All of them
//! reduce to one key, the FACTS.md scoring key: the document `id` folded (no
//! diacritics, `Đ` -> `D`), upper case, dashes unified, no spaces around `/`
//! and `-`, and leading zeros of the number dropped (`08/KH-UBND` = `8/KH-UBND`).
//!
//! The key is split into parts ([`DocParts`]) so that a bare number (`3608`), a
//! bare symbol (`QĐ-BPN&TE`) or an issuer alone (`-BPN&TE`) can be looked up as
//! broader queries.

use std::sync::LazyLock;

use regex::Regex;
use vnfacts_text::fold_char;

/// The canonical key of a document id as written, or `None` when nothing is left
/// after cleaning (empty input, punctuation only).
///
/// ```
/// use vnfacts_index::doc_key;
/// assert_eq!(doc_key("số 3608/qđ – bpn&te").as_deref(), Some("3608/QD-BPN&TE"));
/// assert_eq!(doc_key("08/KH-UBND"), doc_key("8/KH-UBND"));
/// assert_eq!(doc_key("Luật Bình đẳng giới").as_deref(), Some("LUAT BINH DANG GIOI"));
/// ```
pub fn doc_key(id: &str) -> Option<String> {
    let folded: String = id.chars().map(unify_char).collect();
    let folded = strip_number_prefix(folded.trim());
    let tight = TIGHTEN.replace_all(folded, "$1");
    let words: Vec<&str> = tight.split_whitespace().collect();
    let joined = words.join(" ");
    let trimmed = joined.trim_matches(|c: char| !(c.is_alphanumeric() || c == '&'));
    if trimmed.is_empty() {
        return None;
    }
    Some(drop_leading_zeros(trimmed))
}

/// A key split into what a partial query can match.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocParts {
    /// Number without leading zeros (`3608`), when the key has one.
    pub number: Option<String>,
    /// Year between number and symbol (`2007` in `55/2007/CT-UBND`).
    pub year: Option<String>,
    /// The symbol (`QD-BPN&TE`, `NQ/TW` for party documents).
    pub symbol: Option<String>,
    /// Symbol components (`QD`, `BPN&TE`), for issuer-only queries.
    pub parts: Vec<String>,
}

impl DocParts {
    /// Split a canonical key (the output of [`doc_key`]).
    pub fn of_key(key: &str) -> DocParts {
        if key.contains(' ') || !key.chars().any(|c| c.is_ascii_digit()) {
            // A named law or a bare symbol: no number, the whole key is the symbol.
            return DocParts {
                number: None,
                year: None,
                symbol: Some(key.to_string()),
                parts: symbol_parts(key),
            };
        }
        if let Some(c) = PARTY.captures(key) {
            let symbol = c[2].to_string();
            return DocParts {
                number: Some(c[1].to_string()),
                year: None,
                parts: symbol_parts(&symbol),
                symbol: Some(symbol),
            };
        }
        let mut segments = key.split('/').filter(|s| !s.is_empty()).peekable();
        let mut parts = DocParts::default();
        if let Some(first) = segments.peek() {
            if first.chars().all(|c| c.is_ascii_digit()) {
                parts.number = segments.next().map(str::to_string);
            }
        }
        if let Some(seg) = segments.peek() {
            if seg.len() == 4 && seg.chars().all(|c| c.is_ascii_digit()) {
                parts.year = segments.next().map(str::to_string);
            }
        }
        let rest: Vec<&str> = segments.collect();
        if !rest.is_empty() {
            let symbol = rest.join("/");
            parts.parts = symbol_parts(&symbol);
            parts.symbol = Some(symbol);
        }
        parts
    }

    /// True when the key names a whole document (number and symbol, or a law name).
    pub fn is_complete(&self) -> bool {
        self.symbol.is_some()
            && (self.number.is_some() || self.symbol.as_deref().is_some_and(|s| s.contains(' ')))
    }
}

/// A document reference found inside free text, with its byte range there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDoc {
    pub range: std::ops::Range<usize>,
    pub key: String,
    /// What to match: a `/2020/ NĐ-CP` fragment has a year but no number.
    pub parts: DocParts,
}

/// Find document numbers in pasted text: full ids (`số 3608/QĐ – BPN&TE`),
/// year-only fragments (`/2020/ NĐ-CP`), party ids (`29-NQ/TW`), upper-case
/// symbols (`QĐ-BPN&TE`) and dangling issuers (`-BPN&TE`).
pub fn find_doc_refs(text: &str) -> Vec<FoundDoc> {
    let mut out: Vec<FoundDoc> = Vec::new();
    // Year fragments first, or `/2020/ NĐ-CP` would read as document number 2020.
    let patterns = [
        &*YEAR_SYMBOL,
        &*FULL_ID,
        &*PARTY_ID,
        &*BARE_SYMBOL,
        &*DANGLING_ISSUER,
    ];
    for (i, re) in patterns.into_iter().enumerate() {
        for m in re.find_iter(text) {
            let range = m.range();
            if i == 0
                && text[..range.start]
                    .trim_end()
                    .ends_with(|c: char| c.is_ascii_digit())
            {
                continue; // `55/2007/CT-UBND`: a full id, taken by FULL_ID.
            }
            if out
                .iter()
                .any(|f| f.range.start < range.end && range.start < f.range.end)
            {
                continue;
            }
            let Some(key) = doc_key(m.as_str()) else {
                continue;
            };
            let mut parts = DocParts::of_key(&key);
            if i == 0 {
                // `/2020/ NĐ-CP`: the leading number is a year, the document number is missing.
                parts.year = parts.number.take().or(parts.year);
            }
            out.push(FoundDoc { range, key, parts });
        }
    }
    out.sort_by_key(|f| f.range.start);
    out
}

/// Fold a character for keys: no diacritics, upper case, every dash an ASCII hyphen.
fn unify_char(c: char) -> char {
    match c {
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe63}' | '\u{ff0d}' => '-',
        '\u{a0}' => ' ',
        c => {
            let f = fold_char(c);
            f.to_uppercase().next().unwrap_or(f)
        }
    }
}

/// Drop a leading `SỐ` / `SO` / `NO.` / `SỐ:` (already folded to upper case).
fn strip_number_prefix(s: &str) -> &str {
    for prefix in ["SO", "NO."] {
        if let Some(rest) = s.strip_prefix(prefix) {
            let rest_trim = rest.trim_start_matches([' ', ':', '.']);
            let separated = rest_trim.len() < rest.len() || prefix == "NO.";
            if separated && rest_trim.starts_with(|c: char| c.is_ascii_digit() || c == '/') {
                return rest_trim;
            }
        }
    }
    s
}

/// `08/KH-UBND` -> `8/KH-UBND`, `029-NQ/TW` -> `29-NQ/TW`; a lone `0` stays.
fn drop_leading_zeros(key: &str) -> String {
    let digits = key.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return key.to_string();
    }
    let zeros = key
        .bytes()
        .take_while(|&b| b == b'0')
        .count()
        .min(digits - 1);
    key[zeros..].to_string()
}

fn symbol_parts(symbol: &str) -> Vec<String> {
    symbol
        .split(['-', '/', ' '])
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// Spaces around `/` and `-` inside an id (`3608/QĐ – BPN&TE`).
static TIGHTEN: LazyLock<Regex> = LazyLock::new(|| must(r"\s*([/-])\s*"));
/// `29-NQ/TW`: number, hyphen, party symbol.
static PARTY: LazyLock<Regex> = LazyLock::new(|| must(r"^(\d+)-([A-Z&.]+/[A-Z0-9&./-]+)$"));

/// Letters that can start a symbol component (upper and lower, Vietnamese `đ`).
const SYM: &str = r"[\p{L}\d&.]";
/// One more symbol component: glued to a dash (any case), or after a spaced dash
/// (upper case only, so `12/QĐ-UBND - Cổng thông tin` stops before `Cổng`).
const COMP: &str = r"[-–—][\p{L}\d&.]+|\s*[-–—]\s*[A-ZĐ0-9][A-ZĐ0-9&.]*\b";
static FULL_ID: LazyLock<Regex> = LazyLock::new(|| {
    must(&format!(
        r"(?i:(?:\bs[ốo]\s*:?\s*)?)\b\d+\s*/\s*(?:\d{{4}}\s*/\s*)?\p{{L}}{SYM}*(?:{COMP})+(?:/{SYM}+)*"
    ))
});
static PARTY_ID: LazyLock<Regex> =
    LazyLock::new(|| must(r"\b\d+\s*[-–—]\s*[A-ZĐ][A-ZĐ&]*\s*/\s*[A-ZĐ][A-ZĐ0-9&]*\b"));
static YEAR_SYMBOL: LazyLock<Regex> =
    LazyLock::new(|| must(&format!(r"/\s*\d{{4}}\s*/\s*\p{{L}}{SYM}*(?:{COMP})+")));
/// Upper-case only, so that hyphenated words (`Covid-19`, `bình-đẳng`) are not taken.
static BARE_SYMBOL: LazyLock<Regex> =
    LazyLock::new(|| must(r"\b[A-ZĐ][A-ZĐ]{0,5}\s*[-–—]\s*[A-ZĐ][A-ZĐ0-9&.]*[A-ZĐ0-9&]"));
/// `-BPN&TE`, `-UBND` pasted without the rest of the id (a lower-case `-word` stays an exclusion).
static DANGLING_ISSUER: LazyLock<Regex> =
    LazyLock::new(|| must(r"(?:^|\s)[-–—][A-ZĐ][A-ZĐ0-9&]*[A-ZĐ0-9](?:\s|$)"));

/// The patterns above are constants checked by the unit tests, so a failure is a bug here.
fn must(pattern: &str) -> Regex {
    match Regex::new(pattern) {
        Ok(re) => re,
        Err(e) => unreachable!("invalid built-in pattern {pattern}: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_typed_form_gives_one_key() {
        let want = Some("3608/QD-BPN&TE".to_string());
        for form in [
            "3608/QĐ-BPN&TE",
            "3608/QD-BPN&TE",
            "3608/qđ-bpn&te",
            "số 3608/QĐ-BPN&TE",
            "Số: 3608/QĐ-BPN&TE",
            "3608/QĐ–BPN&TE",
            "3608/QĐ – BPN&TE",
            "3608 / QĐ - BPN&TE",
            "03608/QĐ-BPN&TE",
            "3608/QĐ-BPN&TE.",
        ] {
            assert_eq!(doc_key(form), want, "{form}");
        }
        assert_eq!(doc_key("08/KH-UBND"), doc_key("8/KH-UBND"));
        assert_eq!(
            doc_key("55/2007/CT-UBND").as_deref(),
            Some("55/2007/CT-UBND")
        );
        assert_eq!(doc_key("029-NQ/TW").as_deref(), Some("29-NQ/TW"));
        assert_eq!(doc_key("  "), None);
        assert_eq!(doc_key("–/"), None);
        assert_eq!(doc_key("0").as_deref(), Some("0"));
        assert_eq!(
            doc_key("Luật  Bình đẳng giới").as_deref(),
            Some("LUAT BINH DANG GIOI")
        );
    }

    #[test]
    fn keys_split_into_parts() {
        let p = DocParts::of_key("55/2007/CT-UBND");
        assert_eq!(p.number.as_deref(), Some("55"));
        assert_eq!(p.year.as_deref(), Some("2007"));
        assert_eq!(p.symbol.as_deref(), Some("CT-UBND"));
        assert_eq!(p.parts, ["CT", "UBND"]);
        assert!(p.is_complete());
        let p = DocParts::of_key("29-NQ/TW");
        assert_eq!(
            (p.number.as_deref(), p.symbol.as_deref()),
            (Some("29"), Some("NQ/TW"))
        );
        let p = DocParts::of_key("3608");
        assert_eq!(
            (p.number.as_deref(), p.symbol.as_deref()),
            (Some("3608"), None)
        );
        assert!(!p.is_complete());
        let p = DocParts::of_key("QD-BPN&TE");
        assert_eq!((p.number, p.symbol.as_deref()), (None, Some("QD-BPN&TE")));
        // Out of context a leading number is the document number; find_doc_refs knows `/2020/` is a year.
        let p = DocParts::of_key("2020/ND-CP");
        assert_eq!(
            (p.number.as_deref(), p.year, p.symbol.as_deref()),
            (Some("2020"), None, Some("ND-CP"))
        );
    }

    #[test]
    fn finds_references_in_pasted_text() {
        let keys = |t: &str| {
            find_doc_refs(t)
                .into_iter()
                .map(|f| f.key)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            keys("Theo Quyết định số 3608/QĐ – BPN&TE ngày 22/11/2023 về"),
            ["3608/QD-BPN&TE"]
        );
        assert_eq!(keys("số /2020/ NĐ-CP"), ["2020/ND-CP"]);
        assert_eq!(keys("-BPN&TE"), ["BPN&TE"]);
        assert_eq!(
            keys("Nghị quyết 29-NQ/TW và 55/2007/CT-UBND"),
            ["29-NQ/TW", "55/2007/CT-UBND"]
        );
        assert_eq!(keys("văn bản QĐ-BPN&TE"), ["QD-BPN&TE"]);
        assert!(keys("bình đẳng giới, Covid-19, 22/11/2023, 79,4%").is_empty());
    }
}

//! Builders: a rule's captures become one typed fact of its kind.
//!
//! Regexes find the candidates; what a regex cannot express well (where a
//! law's name ends, which title goes with a name, whether `11/10` is a date)
//! is decided here, with the lexicons of the rule files.

use std::ops::Range;

use regex_automata::util::captures::Captures as Slots;
use vnfacts_text::space::{space_starting, MAY_START_SPACE};

use crate::context::Tokens;
use crate::engine::Context;
use crate::lexicon::Lexicons;
use crate::model::*;
use crate::rules::{Kind, Rule};
use crate::{document, person};

/// A built fact and the span it claims (may differ from the regex match).
#[derive(Debug)]
pub struct Built {
    pub value: FactValue,
    pub span: Range<usize>,
}

/// Named captures of one match, borrowed from the text.
pub struct Captures<'a> {
    text: &'a str,
    slots: &'a Slots,
}

impl<'a> Captures<'a> {
    pub fn new(text: &'a str, slots: &'a Slots) -> Self {
        Captures { text, slots }
    }

    /// The text of a named capture, if it took part in the match.
    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.range(name).map(|r| &self.text[r])
    }

    /// The byte range of a named capture.
    ///
    /// A rule has a handful of groups, so comparing their names beats the
    /// hashed lookup of `get_group_by_name` (which was 1.7% of extraction).
    pub fn range(&self, name: &str) -> Option<Range<usize>> {
        let pattern = self.slots.pattern()?;
        let index = self
            .slots
            .group_info()
            .pattern_names(pattern)
            .position(|n| n == Some(name))?;
        self.slots.get_group(index).map(|s| s.range())
    }
}

type BuildResult = Result<Built, String>;

/// Build the fact of `rule`'s kind from one match.
pub fn build(
    rule: &Rule,
    caps: &Captures,
    text: &str,
    span: Range<usize>,
    sentence: Range<usize>,
    lex: &Lexicons,
    ctx: &Context,
) -> BuildResult {
    let m = Match {
        rule,
        caps,
        text,
        span,
        sentence,
        lex,
        ctx,
    };
    match rule.kind {
        Kind::Count => m.count(),
        Kind::Participants => m.participants(),
        Kind::Money => m.money(),
        Kind::Ratio => m.fraction(),
        Kind::Percent => m.percent(),
        Kind::Period => m.period(),
        Kind::Document => document::symbol(&m),
        Kind::PartyDocument => document::party(&m),
        Kind::Law => document::law(&m),
        Kind::PersonHonorific => person::honorific(&m),
        Kind::PersonTitled => person::titled(&m),
    }
}

/// Everything a builder may look at.
pub struct Match<'a> {
    pub rule: &'a Rule,
    pub caps: &'a Captures<'a>,
    pub text: &'a str,
    pub span: Range<usize>,
    pub sentence: Range<usize>,
    pub lex: &'a Lexicons,
    pub ctx: &'a Context,
}

impl Match<'_> {
    /// Text of the sentence before the match.
    pub fn before(&self) -> &str {
        &self.text[self.sentence.start.min(self.span.start)..self.span.start]
    }

    /// Text of the sentence after the match.
    pub fn after(&self) -> &str {
        &self.text[self.span.end..self.sentence.end.max(self.span.end)]
    }

    fn built(&self, value: FactValue) -> BuildResult {
        Ok(Built {
            value,
            span: self.span.clone(),
        })
    }

    fn qualifier(&self) -> Qualifier {
        self.rule
            .fields
            .qualifier
            .or_else(|| self.caps.get("qualifier").map(|q| self.lex.qualifier_of(q)))
            .unwrap_or_default()
    }

    fn quantity(&self) -> Result<u64, String> {
        let q = self.caps.get("quantity").ok_or("no quantity")?;
        let n = parse_quantity(q)
            .ok_or_else(|| format!("quantity {} is not a whole number", quoted(q)))?;
        if q.starts_with(char::is_alphabetic) && !word_number_ok(self.before()) {
            return Err(format!(
                "{} here reads as a span of time, not a number",
                quoted(q)
            ));
        }
        if n == 0 || n > 1_000_000_000 {
            return Err(format!("quantity {n} out of range"));
        }
        // `1.222 nữ/2.402 đảng viên`: the numerator of a ratio, not a count.
        if self.text[self.span.end..].trim_start().starts_with('/') {
            return Err("numerator of a ratio".into());
        }
        Ok(n)
    }

    fn unit(&self) -> String {
        lower_words(self.caps.get("unit").unwrap_or_default())
    }

    fn count(&self) -> BuildResult {
        let quantity = self.quantity()?;
        let category = self.rule.fields.category.unwrap_or(CountCategory::Other);
        self.built(FactValue::Count(Count {
            quantity,
            unit: self.unit(),
            category,
            qualifier: self.qualifier(),
        }))
    }

    fn participants(&self) -> BuildResult {
        let quantity = self.quantity()?;
        let unit = self.unit();
        let role = self.participant_role(&unit);
        let person_times = unit.starts_with("lượt");
        let qualifier = self.qualifier();
        self.built(FactValue::Participants(Participants {
            quantity,
            qualifier,
            role,
            unit,
            person_times,
        }))
    }

    fn participant_role(&self, unit: &str) -> ParticipantRole {
        let by_unit = self
            .lex
            .participant_unit_role
            .iter()
            .find(|(w, _)| w.words.iter().any(|x| unit.contains(x.as_str())));
        if let Some((_, role)) = by_unit {
            return *role;
        }
        self.rule
            .fields
            .participant_role
            .or_else(|| {
                // The near window first, then the wide one. A label within
                // 12 tokens is found the same in a 12-token read as in a
                // 60-token one, and most roles are that near.
                let roles = &self.lex.participant_role;
                let mut before = Tokens::before(self.before(), 12);
                let mut after = Tokens::after(self.after(), 12);
                roles.nearest(&before, &after, 12).or_else(|| {
                    before.widen(60);
                    after.widen(60);
                    roles.nearest(&before, &after, 60)
                })
            })
            .unwrap_or(ParticipantRole::Attendee)
    }

    fn money(&self) -> BuildResult {
        let amount_text = self.caps.get("amount").ok_or("no amount")?;
        let scale = self.caps.get("scale");
        let amount = vnfacts_text::number::parse_amount(amount_text, scale)
            .ok_or_else(|| format!("amount {amount_text:?} {scale:?}"))?;
        if amount == 0 {
            return Err("zero amount".into());
        }
        let currency = match self
            .caps
            .get("currency")
            .and_then(|c| self.lex.currency_of(c))
        {
            Some(c) => c.to_string(),
            None => self
                .rule
                .fields
                .currency
                .clone()
                .unwrap_or_else(|| "VND".into()),
        };
        // A bare `đ` after a small number without scale is rarely money (`5 đ` typos aside).
        let role = self
            .rule
            .fields
            .money_role
            .or_else(|| {
                // As for participants: what lies within 10 tokens is found
                // the same in a 10-token read.
                let roles = &self.lex.money_role;
                let mut before = Tokens::before(self.before(), 10);
                roles
                    .nearest(&before, &Tokens::after(self.after(), 10), 10)
                    // The sentence's topic (`Dự toán ngân sách … là 8.450.000 đồng`).
                    .or_else(|| {
                        before.widen(60);
                        roles.nearest(&before, &Tokens::after("", 0), 60)
                    })
            })
            .unwrap_or(MoneyRole::Other);
        let per = self
            .caps
            .get("per")
            .map(|p| vnfacts_text::lowercase(p.trim()));
        let qualifier = self.qualifier();
        self.built(FactValue::Money(Money {
            amount,
            currency,
            qualifier,
            role,
            per,
        }))
    }

    fn percent(&self) -> BuildResult {
        let p = self.caps.get("percent").ok_or("no percent")?;
        let percent = vnfacts_text::parse_number(&p.replace('.', ",")).ok_or("bad percent")?;
        if percent > 1000.0 {
            return Err("percent out of range".into());
        }
        // `từ 1-1,5%`: a range, not a fact.
        let before = self.text[..self.span.start].trim_end();
        if before
            .strip_suffix(['-', '–'])
            .is_some_and(|b| b.trim_end().ends_with(|c: char| c.is_ascii_digit()))
        {
            return Err("range".into());
        }
        let subject = subject_after(self.after());
        let qualifier = self.qualifier();
        let r = Ratio {
            numerator: None,
            denominator: None,
            percent: Some(percent),
            subject,
            qualifier,
        };
        self.built(FactValue::Ratio(r))
    }

    fn fraction(&self) -> BuildResult {
        let num = self
            .caps
            .get("numerator")
            .and_then(parse_quantity)
            .ok_or("bad numerator")?;
        let den = self
            .caps
            .get("denominator")
            .and_then(parse_quantity)
            .ok_or("bad denominator")?;
        if den == 0 {
            return Err("zero denominator".into());
        }
        // A third part (`18/11/1930`) or a dash (`11/10-…`) makes it a date.
        if self.text[self.span.end..].starts_with(['/', '-'])
            || self.text[..self.span.start].ends_with('/')
        {
            return Err("part of a date".into());
        }
        let subject = self.caps.get("subject").map(str::trim).unwrap_or("");
        let first = subject.split_whitespace().next().unwrap_or("");
        if first.is_empty()
            || first.chars().next().is_some_and(char::is_uppercase)
            || FUNCTION_WORDS.contains(&first)
        {
            return Err(format!(
                "no subject noun after {num}/{den}: a date or a label"
            ));
        }
        let subject = match self.caps.get("nunit") {
            Some(nu) => format!("{}/{}", nu.trim(), subject),
            None => subject.to_string(),
        };
        let qualifier = self.qualifier();
        let r = Ratio {
            numerator: Some(num),
            denominator: Some(den),
            percent: None,
            subject,
            qualifier,
        };
        self.built(FactValue::Ratio(r))
    }

    fn period(&self) -> BuildResult {
        let start: i32 = self
            .caps
            .get("start")
            .and_then(|s| s.parse().ok())
            .ok_or("bad start year")?;
        let end: i32 = self
            .caps
            .get("end")
            .and_then(|s| s.parse().ok())
            .ok_or("bad end year")?;
        if end <= start || end - start > 50 {
            return Err(format!("{start}-{end} is not a span of years"));
        }
        self.built(FactValue::Period(Period { start, end }))
    }
}

/// The words of `s`, lower-cased, one space apart: a key for word lists.
///
/// Word by word into one buffer. The same as lower-casing the joined words:
/// a final sigma looks at its neighbours only up to a space.
pub fn lower_words(s: &str) -> String {
    // Most keys are one word or words one space apart: lower-case them whole.
    if single_spaced(s) {
        return vnfacts_text::lowercase(s);
    }
    let mut out = String::with_capacity(s.len());
    for (i, w) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        vnfacts_text::lowercase_into(w, &mut out);
    }
    out
}

/// `format!("{s:?}")` for the text rejection messages quote (`--explain`
/// shows them), without the per-char Unicode table look-ups of `Debug`
/// when every char is one that `Debug` leaves as it is.
pub fn quoted(s: &str) -> String {
    if !s.chars().all(debug_as_is) {
        return format!("{s:?}");
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    out.push_str(s);
    out.push('"');
    out
}

/// Printable ASCII but `"` and `\`, Vietnamese letters, and general
/// punctuation up to `…`: chars `Debug` does not escape.
fn debug_as_is(c: char) -> bool {
    matches!(c,
        ' '..='~' if c != '"' && c != '\\')
        || matches!(c as u32,
            0xC0..=0xFF | 0x102 | 0x103 | 0x110 | 0x111 | 0x128 | 0x129 | 0x168 | 0x169
                | 0x1A0 | 0x1A1 | 0x1AF | 0x1B0 | 0x1EA0..=0x1EFF | 0x2010..=0x2026)
}

/// Whether `s` is its words joined by single spaces: no space at either end
/// or next to another, no other white space.
fn single_spaced(s: &str) -> bool {
    let b = s.as_bytes();
    let mut after_space = true;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b' ' if after_space => return false,
            b' ' => after_space = true,
            c if MAY_START_SPACE[usize::from(c)] && space_starting(&b[i..]) > 0 => return false,
            _ => after_space = false,
        }
    }
    !after_space
}

/// At most the first `max` bytes of `s`, cut at a char boundary: lower-casing
/// a prefix for a `starts_with` test must not copy the rest of the article.
pub fn head(s: &str, max: usize) -> &str {
    let mut i = max.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    &s[..i]
}

/// The last `max` bytes of `s` or fewer, cut on a char boundary.
pub fn tail(s: &str, max: usize) -> &str {
    let mut i = s.len().saturating_sub(max);
    while !s.is_char_boundary(i) {
        i += 1;
    }
    &s[i..]
}

/// `năm` is five and year: after a number (`3 năm`) or a time word
/// (`hằng năm`, `trong năm`) a number word is not a count.
fn word_number_ok(before: &str) -> bool {
    let prev = before
        .split_whitespace()
        .next_back()
        .unwrap_or("")
        .to_lowercase();
    let prev = prev.trim_matches(|c: char| !c.is_alphanumeric());
    !(prev.chars().next().is_some_and(|c| c.is_ascii_digit()) || TIME_WORDS.contains(&prev))
}

const TIME_WORDS: &[&str] = &[
    "hằng", "hàng", "mỗi", "trong", "cả", "từng", "các", "những", "cuối", "đầu", "giữa", "nhiều",
    "qua", "này", "năm", "thứ", "số", "lần",
];

/// Words that cannot begin the subject of a ratio (they follow dates and labels).
const FUNCTION_WORDS: &[&str] = &[
    "và", "của", "năm", "tại", "là", "với", "cho", "đã", "được", "trong", "từ", "đến", "hoặc",
    "hay", "thì", "này", "lúc", "vào", "các", "những", "sáng", "chiều", "tối", "ngày", "tháng",
    "giờ",
];

/// The noun phrase after a percentage, up to punctuation (for display only).
fn subject_after(after: &str) -> String {
    let end = after
        .find([',', ';', '.', '(', ')', ':', '\n', '“', '"'])
        .unwrap_or(after.len());
    let words: Vec<&str> = after[..end].split_whitespace().take(14).collect();
    words.join(" ")
}

/// A count or quantity: digits (`1.482`, `01`, `15,2`) or words (`mười lăm`),
/// optionally followed by a scale word (`15,2 nghìn` = 15 200).
pub fn parse_quantity(s: &str) -> Option<u64> {
    let s = s.trim();
    let (base, scale) = split_scale(s);
    let value = if base.starts_with(|c: char| c.is_ascii_digit()) {
        vnfacts_text::parse_number(base)?
    } else {
        vnfacts_text::parse_integer(base)? as f64
    };
    let v = (value * scale as f64).round();
    ((0.0..1e15).contains(&v) && (value * scale as f64 - v).abs() < 1e-6).then_some(v as u64)
}

fn split_scale(s: &str) -> (&str, u64) {
    if let Some((head, last)) = s.rsplit_once(char::is_whitespace) {
        if let Some(m) = vnfacts_text::number::scale_word(last) {
            return (head.trim_end(), m);
        }
    }
    (s, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_is_debug() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            for s in [format!("a{c}b"), c.to_string()] {
                assert_eq!(quoted(&s), format!("{s:?}"), "U+{:04X}", c as u32);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn lower_words_is_join_then_lowercase(s in "[a-zA-ZĐđƠƯơưẠ-ỹÀ-ÿΣσς' .:\t\n\u{a0}\u{85}\u{1680}\u{1681}\u{2028}\u{200b}\u{3000}\u{307}]{0,30}") {
            let old = s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
            if single_spaced(&s) {
                proptest::prop_assert_eq!(s.split_whitespace().collect::<Vec<_>>().join(" "), s.clone());
            }
            proptest::prop_assert_eq!(lower_words(&s), old.clone());
            let old_qualifier_key = s.trim().to_lowercase();
            let old_qualifier_key = old_qualifier_key.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(lower_words(&s), old_qualifier_key);
        }
    }

    #[test]
    fn quantities_with_scales() {
        assert_eq!(parse_quantity("1.482"), Some(1482));
        assert_eq!(parse_quantity("01"), Some(1));
        assert_eq!(parse_quantity("15,2 nghìn"), Some(15_200));
        assert_eq!(parse_quantity("70 nghìn"), Some(70_000));
        assert_eq!(parse_quantity("1,5"), None);
    }
}

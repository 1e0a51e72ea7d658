//! One input line -> one article ready to index.
//!
//! Two shapes are accepted on purpose, so the index can be built straight from
//! a crawl or from `vnfacts extract` output:
//! - extract / gold shape: `{"article", "url", "meta": {"title", "published", "province", "author", "source"}, "text", "facts"}`
//! - crawl shape: `{"url", "source", "province", "title", "published", "author", "text", "content_hash"}`
//!
//! Top-level metadata wins over `meta` when both are present. A fact that does
//! not parse (an unknown kind from a newer extractor) is counted and skipped,
//! not fatal for the article.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use serde::Deserialize;
use vnfacts_extract::model::Fact;
use vnfacts_extract::row::ArticleRow;

use crate::error::InputError;

/// An article, normalized and keyed, with its facts.
#[derive(Debug, Clone)]
pub struct InputArticle {
    /// Stable key: URL, else content hash, else the `article` name.
    pub id: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub province: Option<String>,
    pub title: Option<String>,
    pub author: Option<String>,
    pub published: Option<DateTime<FixedOffset>>,
    /// Normalized body (NFC, canonical tone placement).
    pub text: String,
    pub facts: Vec<Fact>,
    /// Facts that did not parse and were skipped.
    pub bad_facts: usize,
    /// A `published` value was present but not a date we understand (kept as no date).
    pub bad_date: bool,
    /// Hash of the input line: unchanged lines are skipped on re-index.
    pub line_hash: u64,
}

/// Only the fields that identify an article (serde skips the rest without building it).
#[derive(Deserialize)]
struct RawKey {
    #[serde(default)]
    article: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    content_hash: Option<String>,
}

impl InputArticle {
    /// The article key and line hash, without normalizing the text: enough to
    /// skip a line that is already indexed unchanged (re-indexing is then I/O bound).
    pub fn key_of(line: &str) -> Result<(String, u64), InputError> {
        let raw: RawKey =
            serde_json::from_str(line).map_err(|e| InputError::Json(e.to_string()))?;
        let clean = |s: Option<String>| s.map(|s| norm(&s)).filter(|s| !s.trim().is_empty());
        let id = clean(raw.url)
            .or_else(|| clean(raw.content_hash))
            .or_else(|| clean(raw.article))
            .ok_or(InputError::NoKey)?;
        Ok((id, fnv1a(line.trim_end().as_bytes())))
    }

    /// Parse one JSON line (either shape).
    pub fn parse(line: &str) -> Result<InputArticle, InputError> {
        let mut raw: ArticleRow<Vec<serde_json::Value>> =
            serde_json::from_str(line).map_err(|e| InputError::Json(e.to_string()))?;
        let meta = raw.take_meta();
        let clean = |s: Option<String>| s.map(|s| norm(&s)).filter(|s| !s.trim().is_empty());
        let url = clean(raw.url);
        let id = url
            .clone()
            .or_else(|| clean(raw.content_hash))
            .or_else(|| clean(raw.article))
            .ok_or(InputError::NoKey)?;
        let published_raw = meta.published;
        let published_raw = published_raw
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let published = published_raw.and_then(parse_published);
        let bad_date = published_raw.is_some() && published.is_none();
        let mut bad_facts = 0;
        let facts = raw
            .facts
            .into_iter()
            .filter_map(|v| match serde_json::from_value::<Fact>(v) {
                Ok(f) => Some(f),
                Err(_) => {
                    bad_facts += 1;
                    None
                }
            })
            .collect();
        let text = raw.text.map(|t| norm(&t)).unwrap_or_default();
        let mut facts: Vec<Fact> = facts;
        fill_sentences(&mut facts, &text);
        Ok(InputArticle {
            id,
            url,
            source: clean(meta.source),
            province: clean(meta.province),
            title: clean(meta.title),
            author: clean(meta.author),
            published,
            text,
            facts,
            bad_facts,
            bad_date,
            line_hash: fnv1a(line.trim_end().as_bytes()),
        })
    }
}

/// Facts without a sentence (gold files, synthetic corpora) get the sentence
/// their offsets point into, so every fact can be cited and searched.
fn fill_sentences(facts: &mut [Fact], text: &str) {
    for f in facts.iter_mut().filter(|f| f.sentence.trim().is_empty()) {
        if f.start < text.len() {
            let r = vnfacts_text::sentence_at(text, f.start);
            if let Some(s) = text.get(r) {
                f.sentence = s.trim().to_string();
            }
        }
    }
}

/// NFC + canonical tone placement, the form the analyzers expect.
pub fn norm(s: &str) -> String {
    vnfacts_text::normalize(s).text
}

/// The article's own date: RFC 3339, or a naive ISO date / date-time taken in
/// Asia/Ho_Chi_Minh (UTC+7, no daylight saving), as FACTS.md specifies.
pub fn parse_published(s: &str) -> Option<DateTime<FixedOffset>> {
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d);
    }
    let vn = FixedOffset::east_opt(7 * 3600)?;
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
            return vn.from_local_datetime(&dt).single();
        }
    }
    let date = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    vn.from_local_datetime(&date.and_hms_opt(0, 0, 0)?).single()
}

/// FNV-1a: a hash stable across Rust releases (std's hasher is not), for line identity.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_shapes() {
        let crawl = r#"{"url":"https://a.gov.vn/1","source":"qn","province":"Quảng Ninh","title":"Tiêu đề","published":"2023-11-22T08:30:00+07:00","author":null,"text":"Hoà bình","content_hash":"abc"}"#;
        let a = InputArticle::parse(crawl).unwrap();
        assert_eq!(a.id, "https://a.gov.vn/1");
        assert_eq!(a.source.as_deref(), Some("qn"));
        assert_eq!(a.text, "Hòa bình");
        let extract = r#"{"article":"x.txt","meta":{"title":"T","published":"2024-07-23T11:52","province":"Hà Nội"},"text":"t","facts":[{"kind":"count","quantity":12,"unit":"lớp","category":"class","text":"12 lớp","start":0,"end":9,"sentence":"s","rule":"r"},{"kind":"alien"}]}"#;
        let a = InputArticle::parse(extract).unwrap();
        assert_eq!(a.id, "x.txt");
        assert_eq!(a.province.as_deref(), Some("Hà Nội"));
        assert_eq!(
            a.published.unwrap().to_rfc3339(),
            "2024-07-23T11:52:00+07:00"
        );
        assert_eq!((a.facts.len(), a.bad_facts), (1, 1));
    }

    #[test]
    fn facts_without_a_sentence_get_the_one_their_span_points_into() {
        let line = r#"{"article":"a","text":"Mở đầu. Đã mở 12 lớp tập huấn.\nDòng sau.","facts":[{"kind":"count","quantity":12,"unit":"lớp","category":"class","text":"12 lớp","span":[18,27]}]}"#;
        let a = InputArticle::parse(line).unwrap();
        assert_eq!(a.facts[0].sentence, "Đã mở 12 lớp tập huấn.");
    }

    #[test]
    fn bad_lines_say_why() {
        assert!(matches!(InputArticle::parse("{"), Err(InputError::Json(_))));
        assert!(matches!(
            InputArticle::parse(r#"{"text":"x"}"#),
            Err(InputError::NoKey)
        ));
        let a = InputArticle::parse(r#"{"url":"u","published":"hôm qua"}"#).unwrap();
        assert!(a.bad_date && a.published.is_none());
        assert_eq!(
            parse_published("2023-11-22").unwrap().to_rfc3339(),
            "2023-11-22T00:00:00+07:00"
        );
    }
}

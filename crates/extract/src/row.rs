//! One line of JSON Lines input, in either shape the tools read:
//! - extract / gold shape: `{"article", "url", "meta": {"title", …}, "text", "facts"}`;
//! - crawl shape: `{"url", "source", "province", "title", "published", "author", "text", "content_hash"}`.
//!
//! `vnfacts extract` and the indexer both read these lines; this is the one
//! place that knows the two shapes. Only the declared fields are read: the
//! rest is skipped by serde without being built. A metadata field that is not
//! a string (`null`, a number) counts as absent rather than failing the line.

use serde::de::IgnoredAny;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::model::ArticleMeta;

/// An input line. `F` is what `facts` is read into: skipped by default,
/// `Vec<serde_json::Value>` for a reader that keeps them.
#[derive(Debug, Deserialize)]
#[serde(bound(deserialize = "F: Deserialize<'de> + Default"))]
pub struct ArticleRow<F = IgnoredAny> {
    #[serde(default, deserialize_with = "string_only")]
    pub article: Option<String>,
    #[serde(default, deserialize_with = "string_only")]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "string_only")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "string_only")]
    pub content_hash: Option<String>,
    #[serde(default, deserialize_with = "string_only")]
    pub text: Option<String>,
    #[serde(default)]
    pub facts: F,
    #[serde(default)]
    meta: Option<Meta>,
    // The crawl shape's metadata, at the top level: the same fields as
    // `Meta`, repeated because `#[serde(flatten)]` would buffer the whole
    // object (gold facts included) before reading it.
    #[serde(default, deserialize_with = "string_only")]
    title: Option<String>,
    #[serde(default, deserialize_with = "string_only")]
    published: Option<String>,
    #[serde(default, deserialize_with = "string_only")]
    province: Option<String>,
    #[serde(default, deserialize_with = "string_only")]
    author: Option<String>,
    #[serde(default, deserialize_with = "string_only")]
    source: Option<String>,
}

/// The `meta` object of the extract shape.
#[derive(Debug, Default, Deserialize)]
struct Meta {
    #[serde(default, deserialize_with = "string_only")]
    title: Option<String>,
    #[serde(default, deserialize_with = "string_only")]
    published: Option<String>,
    #[serde(default, deserialize_with = "string_only")]
    province: Option<String>,
    #[serde(default, deserialize_with = "string_only")]
    author: Option<String>,
    #[serde(default, deserialize_with = "string_only")]
    source: Option<String>,
}

impl<F> ArticleRow<F> {
    /// The metadata, field by field: a top-level field (crawl shape) wins
    /// over the same field under `meta` (extract shape).
    pub fn take_meta(&mut self) -> ArticleMeta {
        let m = self.meta.take().unwrap_or_default();
        ArticleMeta {
            title: self.title.take().or(m.title),
            published: self.published.take().or(m.published),
            province: self.province.take().or(m.province),
            author: self.author.take().or(m.author),
            source: self.source.take().or(m.source),
        }
    }
}

/// A string field; any other JSON value counts as absent.
fn string_only<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_shapes_and_prefers_top_level_metadata() {
        let mut crawl: ArticleRow = serde_json::from_str(
            r#"{"url":"u","title":"T","published":"2024-01-02","author":null,"text":"x","meta":{"title":"M","province":"Huế"}}"#,
        )
        .unwrap();
        let m = crawl.take_meta();
        assert_eq!(m.title.as_deref(), Some("T"));
        assert_eq!(m.province.as_deref(), Some("Huế"));
        assert_eq!(m.author, None);
        let mut gold: ArticleRow<Vec<Value>> = serde_json::from_str(
            r#"{"article":"a.txt","meta":{"title":7,"published":"2024-07-23"},"text":"t","facts":[{"kind":"count"}]}"#,
        )
        .unwrap();
        assert_eq!(gold.facts.len(), 1);
        let m = gold.take_meta();
        assert_eq!(
            (m.title, m.published.as_deref()),
            (None, Some("2024-07-23"))
        );
    }
}

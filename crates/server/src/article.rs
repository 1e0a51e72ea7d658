//! One article by id, with its facts: a direct tantivy lookup on `article_id`
//! (the search API finds articles by content, not by key).

use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};
use vnfacts_index::schema::{Fields, TYPE_ARTICLE, TYPE_FACT};

use crate::error::ApiError;
use crate::state::AppState;

/// Facts shown with one article, at most (a pathological article cannot blow up a response).
const MAX_FACTS: usize = 2_000;

#[derive(Debug, Serialize)]
pub struct ArticleAnswer {
    pub id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub source: Option<String>,
    pub province: Option<String>,
    /// RFC 3339 in Asia/Ho_Chi_Minh.
    pub published: Option<String>,
    pub author: Option<String>,
    /// Normalized text; fact spans are byte offsets into it.
    pub text: String,
    /// FACTS.md shape, each with its `sentence`.
    pub facts: Vec<serde_json::Value>,
}

/// The article with key `id`, or None.
pub fn lookup(state: &AppState, id: &str) -> Result<Option<ArticleAnswer>, ApiError> {
    let f = state.searcher.fields();
    let searcher = state.reader.searcher();
    let of_type = |t: &str| -> Box<dyn Query> {
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, term(f.article_id, id)),
            (Occur::Must, term(f.doc_type, t)),
        ]))
    };
    let found = searcher.search(&*of_type(TYPE_ARTICLE), &DocSetCollector)?;
    let Some(addr) = found.into_iter().min() else {
        return Ok(None);
    };
    let doc: TantivyDocument = searcher.doc(addr)?;
    let mut facts = Vec::new();
    let mut fact_hits: Vec<_> = searcher
        .search(&*of_type(TYPE_FACT), &DocSetCollector)?
        .into_iter()
        .collect();
    fact_hits.sort();
    fact_hits.truncate(MAX_FACTS);
    for a in fact_hits {
        let fd: TantivyDocument = searcher.doc(a)?;
        if let Some(v) = fact_of(f, &fd) {
            facts.push(v);
        }
    }
    facts.sort_by_key(|v| {
        v.pointer("/span/0")
            .and_then(|s| s.as_u64())
            .unwrap_or(u64::MAX)
    });
    Ok(Some(ArticleAnswer {
        id: id.to_string(),
        url: text(&doc, f.url),
        title: text(&doc, f.title),
        source: text(&doc, f.source),
        province: text(&doc, f.province),
        published: published(&doc, f.published),
        author: text(&doc, f.author),
        text: text(&doc, f.body).unwrap_or_default(),
        facts,
    }))
}

/// The stored fact JSON with its sentence put back.
fn fact_of(f: &Fields, d: &TantivyDocument) -> Option<serde_json::Value> {
    let mut v: serde_json::Value = serde_json::from_str(&text(d, f.fact_json)?).ok()?;
    let sentence = text(d, f.sentence).unwrap_or_default();
    v.as_object_mut()?
        .insert("sentence".into(), serde_json::Value::String(sentence));
    Some(v)
}

fn term(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

pub(crate) fn text(d: &TantivyDocument, field: Field) -> Option<String> {
    d.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

pub(crate) fn published(d: &TantivyDocument, field: Field) -> Option<String> {
    let t = d.get_first(field)?.as_datetime()?;
    let vn = chrono::FixedOffset::east_opt(7 * 3600)?;
    let utc = chrono::DateTime::from_timestamp(t.into_timestamp_secs(), 0)?;
    Some(utc.with_timezone(&vn).to_rfc3339())
}

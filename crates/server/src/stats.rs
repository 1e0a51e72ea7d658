//! `GET /api/stats`: what the index holds, for the page's overview and chart.

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::collector::FacetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::Term;
use vnfacts_index::schema::TYPE_FACT;

use crate::error::ApiError;
use crate::state::AppState;

#[derive(Debug, Serialize)]
pub struct Stats {
    pub articles: u64,
    pub facts: u64,
    pub facts_by_kind: BTreeMap<String, u64>,
    /// Facts per province and per publication year.
    pub facts_by_province: BTreeMap<String, u64>,
    pub facts_by_year: BTreeMap<String, u64>,
    /// When the crawl state (DATA/crawl.sqlite) or the articles were last written, RFC 3339 UTC.
    pub last_crawl: Option<String>,
    pub index_bytes: u64,
}

pub fn compute(state: &AppState) -> Result<Stats, ApiError> {
    let summary = vnfacts_index::search::summary(&state.store)?;
    let f = state.searcher.fields();
    let searcher = state.reader.searcher();
    let facts = TermQuery::new(
        Term::from_field_text(f.doc_type, TYPE_FACT),
        IndexRecordOption::Basic,
    );
    let schema = state.store.tantivy().schema();
    let count = |field| -> Result<BTreeMap<String, u64>, ApiError> {
        let mut c = FacetCollector::for_field(schema.get_field_name(field));
        c.add_facet(Facet::root());
        let counts = searcher.search(&facts, &c)?;
        Ok(counts
            .get("/")
            .map(|(facet, n)| (label(facet), n))
            .collect())
    };
    Ok(Stats {
        articles: summary.articles,
        facts: summary.facts,
        facts_by_kind: summary.by_kind,
        facts_by_province: count(f.province_facet)?,
        facts_by_year: count(f.year_facet)?,
        last_crawl: last_crawl(state),
        index_bytes: summary.bytes,
    })
}

/// The last path segment of a facet (`/Quảng Ninh` -> `Quảng Ninh`).
fn label(facet: &Facet) -> String {
    facet
        .to_path()
        .last()
        .map(|s| s.to_string())
        .unwrap_or_default()
}

fn last_crawl(state: &AppState) -> Option<String> {
    let candidates = [
        state.data_dir.join("crawl.sqlite"),
        state.data_dir.join("articles"),
    ];
    let newest = candidates
        .iter()
        .filter_map(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
        .max()?;
    let t: chrono::DateTime<chrono::Utc> = newest.into();
    Some(t.to_rfc3339())
}

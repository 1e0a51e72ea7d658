//! The one schema shared by article and fact documents.
//!
//! An article document and each of its fact documents share `article_id`, so
//! re-indexing or purging an article is one `delete_term`. Fact documents carry
//! the article's metadata (url, title, date, source, province) so a fact hit
//! can be shown, filtered and exported without a second lookup.

use tantivy::schema::{
    DateOptions, DateTimePrecision, FacetOptions, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};

use crate::analyzer::{VI, VI_FOLDED};

/// `type` values.
pub const TYPE_ARTICLE: &str = "article";
pub const TYPE_FACT: &str = "fact";

/// Handles to every field, resolved once.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// `article` or `fact`.
    pub doc_type: Field,
    /// Stable article key (URL, else content hash, else the `article` name).
    pub article_id: Field,
    pub url: Field,
    pub source: Field,
    /// Province as given (stored) and folded lower-case (the filter key).
    pub province: Field,
    pub province_key: Field,
    pub published: Field,
    pub year: Field,
    /// Article title (article documents only, so article text queries never touch facts).
    pub title: Field,
    pub title_folded: Field,
    /// Article body, normalized (article documents only).
    pub body: Field,
    pub body_folded: Field,
    /// Fact: its sentence (stored), and its article's title as searchable context.
    pub sentence: Field,
    pub sentence_folded: Field,
    pub headline: Field,
    pub headline_folded: Field,
    /// Fact: its article's title, stored for display only.
    pub article_title: Field,
    pub author: Field,
    /// Fact kind; on an article, every kind among its facts.
    pub kind: Field,
    /// Document id as written, and the forgiving lookup keys (see `doc_key`).
    pub doc_id: Field,
    pub doc_key: Field,
    pub doc_num: Field,
    pub doc_sym: Field,
    pub doc_part: Field,
    pub quantity: Field,
    pub amount: Field,
    pub percent: Field,
    pub issued: Field,
    pub category: Field,
    pub role: Field,
    pub doc_kind: Field,
    pub province_facet: Field,
    pub kind_facet: Field,
    pub category_facet: Field,
    pub year_facet: Field,
    /// Fact: the fact as JSON (FACTS.md shape).
    pub fact_json: Field,
    /// Article: hash of its input line, to skip unchanged articles on re-index.
    pub line_hash: Field,
    pub fact_count: Field,
}

impl Fields {
    /// Build the schema and its field handles.
    pub fn build() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let key = STRING | STORED | FAST;
        let text = |tokenizer: &str, stored: bool| {
            let indexing = TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions);
            let opts = TextOptions::default().set_indexing_options(indexing);
            if stored {
                opts.set_stored()
            } else {
                opts
            }
        };
        let num = NumericOptions::default()
            .set_indexed()
            .set_stored()
            .set_fast();
        let date = DateOptions::default()
            .set_indexed()
            .set_stored()
            .set_fast()
            .set_precision(DateTimePrecision::Seconds);
        let facet = FacetOptions::default();
        let fields = Fields {
            doc_type: b.add_text_field("type", key.clone()),
            article_id: b.add_text_field("article_id", key.clone()),
            url: b.add_text_field("url", STRING | STORED),
            source: b.add_text_field("source", key.clone()),
            province: b.add_text_field("province", STORED),
            province_key: b.add_text_field("province_key", STRING),
            published: b.add_date_field("published", date.clone()),
            year: b.add_i64_field("year", num.clone()),
            title: b.add_text_field("title", text(VI, true)),
            title_folded: b.add_text_field("title_folded", text(VI_FOLDED, false)),
            body: b.add_text_field("body", text(VI, true)),
            body_folded: b.add_text_field("body_folded", text(VI_FOLDED, false)),
            sentence: b.add_text_field("sentence", text(VI, true)),
            sentence_folded: b.add_text_field("sentence_folded", text(VI_FOLDED, false)),
            headline: b.add_text_field("headline", text(VI, false)),
            headline_folded: b.add_text_field("headline_folded", text(VI_FOLDED, false)),
            article_title: b.add_text_field("article_title", STORED),
            author: b.add_text_field("author", text(VI, true)),
            kind: b.add_text_field("kind", key.clone()),
            doc_id: b.add_text_field("doc_id", STRING | STORED),
            doc_key: b.add_text_field("doc_key", STRING),
            doc_num: b.add_text_field("doc_num", STRING),
            doc_sym: b.add_text_field("doc_sym", STRING),
            doc_part: b.add_text_field("doc_part", STRING),
            quantity: b.add_u64_field("quantity", num.clone()),
            amount: b.add_u64_field("amount", num.clone()),
            percent: b.add_f64_field("percent", num.clone()),
            issued: b.add_date_field("issued", date),
            category: b.add_text_field("category", key.clone()),
            role: b.add_text_field("role", key.clone()),
            doc_kind: b.add_text_field("doc_type", key),
            province_facet: b.add_facet_field("province_facet", facet.clone()),
            kind_facet: b.add_facet_field("kind_facet", facet.clone()),
            category_facet: b.add_facet_field("category_facet", facet.clone()),
            year_facet: b.add_facet_field("year_facet", facet),
            fact_json: b.add_text_field("fact", STORED),
            line_hash: b.add_u64_field(
                "line_hash",
                NumericOptions::default().set_stored().set_fast(),
            ),
            fact_count: b.add_u64_field("fact_count", NumericOptions::default().set_stored()),
        };
        (b.build(), fields)
    }

    /// Resolve the handles on an existing index's schema; `None` if it is not ours.
    pub fn from_schema(schema: &Schema) -> Option<Fields> {
        let (ours, fields) = Fields::build();
        let same = ours.fields().all(|(field, entry)| {
            schema
                .get_field(entry.name())
                .is_ok_and(|f| f == field && schema.get_field_entry(f) == entry)
        });
        same.then_some(fields)
    }
}

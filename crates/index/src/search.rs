//! Running a query: the library API the CLI and the HTTP server share.
//!
//! Two targets. Articles (the default): free text over title and body, with
//! citing sentences attached when the query names a document number. Facts
//! (chosen automatically when a fact-only filter such as `amount>=` or
//! `category:` appears, or asked for): each hit is one fact with its sentence.
//!
//! A document number is looked up on fact documents first (number, symbol,
//! year and issuer parts must match within one fact), which yields the set of
//! citing articles; the main query is then restricted to that set.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Bound;
use std::time::Instant;

use chrono::{DateTime as ChronoDate, FixedOffset, NaiveDate, TimeZone};
use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, DocSetCollector, FacetCollector, FacetCounts, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, EmptyQuery, Occur, Query, QueryParser, RangeQuery, TermQuery,
    TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::{Snippet as TSnippet, SnippetGenerator};
use tantivy::{
    DateTime as TDate, DocAddress, IndexReader, Order, Searcher as TSearcher, TantivyDocument, Term,
};

use crate::error::{IndexError, QueryError};
use crate::query::{self, DocQuery, Filter, Ignored, NumField, ParsedQuery};
use crate::schema::{Fields, TYPE_ARTICLE, TYPE_FACT};
use crate::store::Store;

/// What to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// Facts when the query has a fact-only filter, else articles.
    #[default]
    Auto,
    Articles,
    Facts,
}

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// BM25 for free text; newest first when the query has no free text.
    #[default]
    Relevance,
    Date,
}

/// A search as the CLI and the HTTP API state it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchRequest {
    pub query: String,
    pub target: Target,
    pub sort: Sort,
    pub limit: usize,
    pub offset: usize,
    /// Characters of context in a snippet.
    pub snippet_chars: usize,
    /// Compute facet counts (province, kind, year, category).
    pub facets: bool,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            query: String::new(),
            target: Target::Auto,
            sort: Sort::Relevance,
            limit: 10,
            offset: 0,
            snippet_chars: 200,
            facets: true,
        }
    }
}

/// Text with highlighted byte ranges, and the same as escaped HTML with `<b>`.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
    pub html: String,
}

/// A sentence of an article that cites a looked-up document.
#[derive(Debug, Clone, Serialize)]
pub struct Citation {
    pub doc_id: String,
    pub sentence: String,
}

/// One result.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// BM25 score (None when sorted by date or when nothing was scored).
    pub score: Option<f32>,
    /// `article` or `fact`.
    #[serde(rename = "type")]
    pub doc_type: String,
    pub article_id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub source: Option<String>,
    pub province: Option<String>,
    /// RFC 3339 in Asia/Ho_Chi_Minh.
    pub published: Option<String>,
    pub snippet: Snippet,
    /// The fact (FACTS.md shape), for fact hits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fact: Option<serde_json::Value>,
    /// Citing sentences, when the query looked up a document number.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
}

/// A facet value and how many matching documents have it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// Facet counts over the whole filtered set (not just the page).
#[derive(Debug, Clone, Serialize, Default)]
pub struct Facets {
    pub province: Vec<FacetCount>,
    pub kind: Vec<FacetCount>,
    pub year: Vec<FacetCount>,
    pub category: Vec<FacetCount>,
}

/// What the parser understood, for the user to check.
#[derive(Debug, Clone, Serialize)]
pub struct Interpretation {
    pub text: String,
    pub docs: Vec<DocQuery>,
    pub filters: Vec<Filter>,
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub query: String,
    /// Articles or facts (never `auto`).
    pub target: Target,
    pub total: usize,
    pub offset: usize,
    pub limit: usize,
    pub hits: Vec<Hit>,
    pub facets: Facets,
    pub interpreted: Interpretation,
    pub ignored: Vec<Ignored>,
    /// Things the user should know (e.g. "no article has all the words").
    pub notes: Vec<String>,
    pub took_ms: f64,
}

/// Most citing facts a document lookup gathers (a bare `1` could match everything).
const MAX_CITING_FACTS: usize = 100_000;

/// Searches an opened index. Cheap to share across threads.
pub struct Searcher {
    store: Store,
    reader: IndexReader,
}

/// Free text as a tantivy query, with the field its snippets come from.
struct TextQuery {
    query: Box<dyn Query>,
    snippet_field: Field,
}

impl Searcher {
    pub fn new(store: &Store) -> Result<Searcher, IndexError> {
        Ok(Searcher {
            store: store.clone(),
            reader: store.reader()?,
        })
    }

    /// See new commits (the CLI opens a fresh searcher; a server calls this periodically).
    pub fn reload(&self) -> Result<(), IndexError> {
        self.reader.reload().map_err(|e| self.store.err(e))
    }

    /// Field handles of the index.
    pub fn fields(&self) -> &Fields {
        &self.store.fields
    }

    /// Every document of `target` matching `query`, in index order (for exports).
    pub fn matching(
        &self,
        query: &str,
        target: Target,
    ) -> Result<(TSearcher, Vec<DocAddress>), QueryError> {
        let parsed = query::parse(query)?;
        let searcher = self.reader.searcher();
        let f = &self.store.fields;
        let citing = if parsed.docs.is_empty() {
            None
        } else {
            Some(citing_facts(&searcher, f, &parsed.docs)?)
        };
        let having = articles_having(&searcher, f, target, &parsed)?;
        let mut ignored = Vec::new();
        let text = self.text_query(&parsed, target, true, &mut ignored);
        let q = assemble(
            f,
            target,
            text.as_ref().map(|t| &*t.query),
            &parsed,
            citing.as_ref(),
            having.as_ref(),
        );
        let mut addrs: Vec<DocAddress> = searcher
            .search(&*q, &DocSetCollector)?
            .into_iter()
            .collect();
        addrs.sort();
        Ok((searcher, addrs))
    }

    /// Run a request.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults, QueryError> {
        let started = Instant::now();
        let parsed = query::parse(&req.query)?;
        let searcher = self.reader.searcher();
        let f = &self.store.fields;
        let target = match req.target {
            Target::Auto if parsed.filters.iter().any(Filter::is_fact_filter) => Target::Facts,
            Target::Auto => Target::Articles,
            t => t,
        };
        let mut notes = Vec::new();
        let mut ignored = parsed.ignored.clone();
        let citing = if parsed.docs.is_empty() {
            None
        } else {
            Some(citing_facts(&searcher, f, &parsed.docs)?)
        };
        let having = articles_having(&searcher, f, target, &parsed)?;
        let run = |text: Option<&TextQuery>| -> Result<Collected, QueryError> {
            let q = assemble(
                f,
                target,
                text.map(|t| &*t.query),
                &parsed,
                citing.as_ref(),
                having.as_ref(),
            );
            collect(&searcher, &*q, req, text.is_some())
        };
        let mut text = self.text_query(&parsed, target, true, &mut ignored);
        let mut collected = run(text.as_ref())?;
        if collected.total == 0 && parsed.terms > 1 {
            let any = self.text_query(&parsed, target, false, &mut Vec::new());
            let retry = run(any.as_ref())?;
            if retry.total > 0 {
                notes.push(
                    "no result has all the words; showing results with any of them".to_string(),
                );
                collected = retry;
                text = any;
            }
        }
        let hits = self.hits(
            &searcher,
            &collected.top,
            target,
            text.as_ref(),
            citing.as_ref(),
            req,
        )?;
        Ok(SearchResults {
            query: req.query.clone(),
            target,
            total: collected.total,
            offset: req.offset,
            limit: req.limit,
            hits,
            facets: collected.facets,
            interpreted: Interpretation {
                text: parsed.text.clone(),
                docs: parsed.docs.clone(),
                filters: parsed.filters.clone(),
            },
            ignored,
            notes,
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
        })
    }

    /// Parse the free text over the fields of `target`, in one flavor: words typed
    /// without any diacritic search the folded fields, words with diacritics the
    /// exact ones (`an` then means `an`, not also `án`, `ăn`, `ẩn`). One flavor
    /// instead of both halves the work per word.
    fn text_query(
        &self,
        parsed: &ParsedQuery,
        target: Target,
        all_words: bool,
        ignored: &mut Vec<Ignored>,
    ) -> Option<TextQuery> {
        if parsed.text.is_empty() {
            return None;
        }
        let f = &self.store.fields;
        let folded = parsed
            .text
            .chars()
            .all(|c| vnfacts_text::fold_char(c) == c.to_lowercase().next().unwrap_or(c));
        let (main, context, main_boost, context_boost) = match (target, folded) {
            (Target::Facts, false) => (f.sentence, f.headline, 1.0, 0.5),
            (Target::Facts, true) => (f.sentence_folded, f.headline_folded, 1.0, 0.5),
            (_, false) => (f.body, f.title, 1.0, 2.0),
            (_, true) => (f.body_folded, f.title_folded, 1.0, 2.0),
        };
        let mut parser = QueryParser::for_index(&self.store.index, vec![context, main]);
        parser.set_field_boost(main, main_boost);
        parser.set_field_boost(context, context_boost);
        if all_words {
            parser.set_conjunction_by_default();
        }
        let (query, errors) = parser.parse_query_lenient(&parsed.text);
        ignored.extend(errors.into_iter().map(|e| Ignored {
            text: parsed.text.clone(),
            reason: e.to_string(),
        }));
        Some(TextQuery {
            query,
            snippet_field: main,
        })
    }

    fn hits(
        &self,
        searcher: &TSearcher,
        top: &[(Option<f32>, DocAddress)],
        target: Target,
        text: Option<&TextQuery>,
        citing: Option<&Citing>,
        req: &SearchRequest,
    ) -> Result<Vec<Hit>, QueryError> {
        let f = &self.store.fields;
        let generator = match text {
            Some(t) => {
                let mut g = SnippetGenerator::create(searcher, &*t.query, t.snippet_field)?;
                g.set_max_num_chars(req.snippet_chars);
                Some(g)
            }
            None => None,
        };
        let mut hits = Vec::with_capacity(top.len());
        for &(score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let stored = if target == Target::Facts {
                f.sentence
            } else {
                f.body
            };
            let body = text_of(&doc, stored).unwrap_or_default();
            let fact =
                text_of(&doc, f.fact_json).and_then(|j| crate::writer::fact_from_stored(&j, &body));
            let snippet = match generator.as_ref().map(|g| g.snippet(&body)) {
                Some(s) if !s.highlighted().is_empty() => from_tantivy(s),
                _ => lead_snippet(&body, fact.as_ref(), req.snippet_chars),
            };
            let article_id = text_of(&doc, f.article_id).unwrap_or_default();
            let citations = match (citing, target) {
                (Some(c), Target::Articles) => citations(searcher, f, c, &article_id, &body)?,
                _ => Vec::new(),
            };
            // A pure document lookup: the citing sentence says more than the article's first lines.
            let snippet = match (&generator, citations.first()) {
                (None, Some(c)) => citation_snippet(c),
                _ => snippet,
            };
            hits.push(Hit {
                score,
                doc_type: text_of(&doc, f.doc_type).unwrap_or_default(),
                url: text_of(&doc, f.url),
                title: text_of(&doc, f.title).or_else(|| text_of(&doc, f.article_title)),
                source: text_of(&doc, f.source),
                province: text_of(&doc, f.province),
                published: doc
                    .get_first(f.published)
                    .and_then(|v| v.as_datetime())
                    .and_then(rfc3339_vn),
                article_id,
                snippet,
                fact,
                citations,
            });
        }
        Ok(hits)
    }
}

/// Citing fact documents of a document lookup, grouped by article.
struct Citing {
    /// Citing fact documents per article (empty for articles found by their text only).
    by_article: HashMap<String, Vec<DocAddress>>,
    /// Folded lower-case ids looked for in article text.
    tokens: Vec<String>,
}

fn citing_facts(searcher: &TSearcher, f: &Fields, docs: &[DocQuery]) -> Result<Citing, QueryError> {
    let any: Vec<(Occur, Box<dyn Query>)> = docs
        .iter()
        .map(|d| (Occur::Should, doc_query(f, d)))
        .collect();
    let q = BooleanQuery::new(vec![
        (Occur::Must, term(f.doc_type, TYPE_FACT)),
        (Occur::Must, term(f.kind, "document")),
        (Occur::Must, Box::new(BooleanQuery::new(any))),
    ]);
    let mut addrs: Vec<DocAddress> = searcher.search(&q, &DocSetCollector)?.into_iter().collect();
    addrs.sort();
    addrs.truncate(MAX_CITING_FACTS);
    let mut by_article: HashMap<String, Vec<DocAddress>> = HashMap::new();
    for (addr, id) in article_ids(searcher, &addrs)? {
        by_article.entry(id).or_default().push(addr);
    }
    // Articles whose text has the whole id as one token, though no extracted fact names it.
    let tokens: Vec<String> = docs
        .iter()
        .filter(|d| d.parts.is_complete() && !d.key.contains(' '))
        .map(|d| d.key.to_lowercase())
        .collect();
    if !tokens.is_empty() {
        // Articles only carry body terms, so no type clause is needed.
        let q = one_of(f.body_folded, tokens.iter());
        let mut addrs: Vec<DocAddress> =
            searcher.search(&q, &DocSetCollector)?.into_iter().collect();
        addrs.sort();
        addrs.truncate(MAX_CITING_FACTS);
        for (_, id) in article_ids(searcher, &addrs)? {
            by_article.entry(id).or_default();
        }
    }
    Ok(Citing { by_article, tokens })
}

/// What a fact must have to match one typed document number.
fn doc_query(f: &Fields, d: &DocQuery) -> Box<dyn Query> {
    let p = &d.parts;
    let mut must: Vec<Box<dyn Query>> = Vec::new();
    match (&p.number, &p.symbol) {
        // A named law, or anything with spaces: the whole key.
        (None, Some(s)) if s.contains(' ') => must.push(term(f.doc_key, &d.key)),
        (Some(n), Some(s)) => {
            must.push(term(f.doc_num, n));
            must.push(term(f.doc_sym, s));
        }
        (Some(n), None) => must.push(term(f.doc_num, n)),
        (None, _) => must.extend(p.parts.iter().map(|part| term(f.doc_part, part))),
    }
    if let Some(y) = &p.year {
        must.push(term(f.doc_part, y));
    }
    if must.is_empty() {
        return Box::new(EmptyQuery);
    }
    Box::new(BooleanQuery::intersection(must))
}

/// Articles that have a fact matching every filter (for article results with fact filters).
fn articles_having(
    searcher: &TSearcher,
    f: &Fields,
    target: Target,
    parsed: &ParsedQuery,
) -> Result<Option<HashSet<String>>, QueryError> {
    let fact_only = parsed
        .filters
        .iter()
        .any(|x| x.is_fact_filter() && !matches!(x, Filter::Kind { .. }));
    if target == Target::Facts || !fact_only {
        return Ok(None);
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> =
        vec![(Occur::Must, term(f.doc_type, TYPE_FACT))];
    clauses.extend(
        parsed
            .filters
            .iter()
            .map(|x| (Occur::Must, filter_query(f, x))),
    );
    let mut addrs: Vec<DocAddress> = searcher
        .search(&BooleanQuery::new(clauses), &DocSetCollector)?
        .into_iter()
        .collect();
    addrs.sort();
    addrs.truncate(MAX_CITING_FACTS);
    Ok(Some(
        article_ids(searcher, &addrs)?
            .into_iter()
            .map(|(_, id)| id)
            .collect(),
    ))
}

/// Documents whose `field` is one of `values`. A few hundred direct term lookups
/// beat `TermSetQuery`, which streams the whole term dictionary; past that it wins.
fn one_of<'a>(field: Field, values: impl ExactSizeIterator<Item = &'a String>) -> Box<dyn Query> {
    if values.len() > 512 {
        return Box::new(TermSetQuery::new(
            values.map(|v| Term::from_field_text(field, v)),
        ));
    }
    let any: Vec<(Occur, Box<dyn Query>)> =
        values.map(|v| (Occur::Should, term(field, v))).collect();
    if any.is_empty() {
        return Box::new(EmptyQuery);
    }
    Box::new(BooleanQuery::new(any))
}

/// The full query: type, free text, filters, citing-article restriction.
fn assemble(
    f: &Fields,
    target: Target,
    text: Option<&dyn Query>,
    parsed: &ParsedQuery,
    citing: Option<&Citing>,
    having: Option<&HashSet<String>>,
) -> Box<dyn Query> {
    let type_value = if target == Target::Facts {
        TYPE_FACT
    } else {
        TYPE_ARTICLE
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> =
        vec![(Occur::Must, term(f.doc_type, type_value))];
    if let Some(t) = text {
        clauses.push((Occur::Must, t.box_clone()));
    }
    for filter in &parsed.filters {
        // On articles, fact-only filters act through `having` (articles that have such facts).
        let on_articles = target != Target::Facts;
        if !(on_articles && filter.is_fact_filter() && !matches!(filter, Filter::Kind { .. })) {
            clauses.push((Occur::Must, filter_query(f, filter)));
        }
    }
    if let Some(ids) = having {
        clauses.push((Occur::Must, one_of(f.article_id, ids.iter())));
    }
    if let Some(c) = citing {
        clauses.push((Occur::Must, one_of(f.article_id, c.by_article.keys())));
    }
    if clauses.len() == 1 && text.is_none() {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    Box::new(BooleanQuery::new(clauses))
}

fn filter_query(f: &Fields, filter: &Filter) -> Box<dyn Query> {
    match filter {
        Filter::Province { value } => term(f.province_key, value),
        Filter::Source { value } => term(f.source, value),
        Filter::Kind { value } => term(f.kind, value),
        Filter::Category { value } => term(f.category, value),
        Filter::Role { value } => term(f.role, value),
        Filter::DocType { value } => term(f.doc_kind, value),
        Filter::Url { value } => term(f.url, value),
        Filter::Year { from, to } => Box::new(RangeQuery::new(
            from.map_or(Bound::Unbounded, |y| {
                Bound::Included(Term::from_field_i64(f.year, y))
            }),
            to.map_or(Bound::Unbounded, |y| {
                Bound::Included(Term::from_field_i64(f.year, y))
            }),
        )),
        Filter::Published { from, to } => {
            let at = |d: &NaiveDate, end: bool| {
                let t = if end {
                    d.and_hms_opt(23, 59, 59)
                } else {
                    d.and_hms_opt(0, 0, 0)
                };
                let secs = t.map(|t| t.and_utc().timestamp() - 7 * 3600).unwrap_or(0);
                Term::from_field_date_for_search(f.published, TDate::from_timestamp_secs(secs))
            };
            Box::new(RangeQuery::new(
                from.as_ref()
                    .map_or(Bound::Unbounded, |d| Bound::Included(at(d, false))),
                to.as_ref()
                    .map_or(Bound::Unbounded, |d| Bound::Included(at(d, true))),
            ))
        }
        Filter::Range { on, lo, hi } => {
            let (field, make): (Field, fn(Field, f64) -> Term) = match on {
                NumField::Amount => (f.amount, |fl, v| Term::from_field_u64(fl, v as u64)),
                NumField::Quantity => (f.quantity, |fl, v| Term::from_field_u64(fl, v as u64)),
                NumField::Percent => (f.percent, Term::from_field_f64),
            };
            let b = |bound: &Bound<f64>| match bound {
                Bound::Included(v) => Bound::Included(make(field, *v)),
                Bound::Excluded(v) => Bound::Excluded(make(field, *v)),
                Bound::Unbounded => Bound::Unbounded,
            };
            Box::new(RangeQuery::new(b(lo), b(hi)))
        }
    }
}

fn term(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

struct Collected {
    top: Vec<(Option<f32>, DocAddress)>,
    total: usize,
    facets: Facets,
}

fn collect(
    searcher: &TSearcher,
    q: &dyn Query,
    req: &SearchRequest,
    scored: bool,
) -> Result<Collected, QueryError> {
    let limit = req.limit.max(1);
    let facets = facet_collectors(req.facets);
    let top = TopDocs::with_limit(limit).and_offset(req.offset);
    let by_date = req.sort == Sort::Date || !scored;
    let (top, total, counts) = if by_date {
        let (docs, total, counts) = searcher.search(
            q,
            &(
                top.order_by_fast_field::<TDate>("published", Order::Desc),
                Count,
                facets,
            ),
        )?;
        (
            docs.into_iter().map(|(_, a)| (None, a)).collect(),
            total,
            counts,
        )
    } else {
        let (docs, total, counts) = searcher.search(q, &(top.order_by_score(), Count, facets))?;
        (
            docs.into_iter().map(|(s, a)| (Some(s), a)).collect(),
            total,
            counts,
        )
    };
    let top: Vec<(Option<f32>, DocAddress)> = if req.limit == 0 { Vec::new() } else { top };
    Ok(Collected {
        top,
        total,
        facets: facet_values(counts),
    })
}

type FacetFruit = (
    Option<FacetCounts>,
    Option<FacetCounts>,
    Option<FacetCounts>,
    Option<FacetCounts>,
);

fn facet_collectors(
    on: bool,
) -> (
    Option<FacetCollector>,
    Option<FacetCollector>,
    Option<FacetCollector>,
    Option<FacetCollector>,
) {
    let one = |name: &str| {
        on.then(|| {
            let mut c = FacetCollector::for_field(name);
            c.add_facet("/");
            c
        })
    };
    (
        one("province_facet"),
        one("kind_facet"),
        one("year_facet"),
        one("category_facet"),
    )
}

fn facet_values(counts: FacetFruit) -> Facets {
    let list = |c: Option<FacetCounts>, by_value: bool| {
        let Some(c) = c else { return Vec::new() };
        let mut v: Vec<FacetCount> = c
            .get("/")
            .map(|(facet, count)| FacetCount {
                value: facet
                    .to_path()
                    .last()
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
                count,
            })
            .collect();
        if by_value {
            v.sort_by(|a, b| b.value.cmp(&a.value));
        } else {
            v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        }
        v
    };
    let (province, kind, year, category) = counts;
    Facets {
        province: list(province, false),
        kind: list(kind, false),
        year: list(year, true),
        category: list(category, false),
    }
}

/// `article_id` of each address, read from the fast field.
fn article_ids(
    searcher: &TSearcher,
    addrs: &[DocAddress],
) -> tantivy::Result<Vec<(DocAddress, String)>> {
    let mut out = Vec::with_capacity(addrs.len());
    let mut current: Option<(u32, tantivy::columnar::StrColumn)> = None;
    let mut buf = String::new();
    for &addr in addrs {
        if current
            .as_ref()
            .is_none_or(|(ord, _)| *ord != addr.segment_ord)
        {
            let reader = searcher.segment_reader(addr.segment_ord);
            match reader.fast_fields().str("article_id")? {
                Some(col) => current = Some((addr.segment_ord, col)),
                None => continue,
            }
        }
        let Some((_, col)) = &current else { continue };
        if let Some(ord) = col.term_ords(addr.doc_id).next() {
            buf.clear();
            if col.ord_to_str(ord, &mut buf)? {
                out.push((addr, buf.clone()));
            }
        }
    }
    Ok(out)
}

/// Every article id of a source (for purging).
pub(crate) fn article_ids_of_source(
    searcher: &TSearcher,
    f: &Fields,
    source: &str,
) -> tantivy::Result<Vec<String>> {
    let q =
        BooleanQuery::intersection(vec![term(f.source, source), term(f.doc_type, TYPE_ARTICLE)]);
    let mut addrs: Vec<DocAddress> = searcher.search(&q, &DocSetCollector)?.into_iter().collect();
    addrs.sort();
    Ok(article_ids(searcher, &addrs)?
        .into_iter()
        .map(|(_, id)| id)
        .collect())
}

fn citations(
    searcher: &TSearcher,
    f: &Fields,
    citing: &Citing,
    article_id: &str,
    body: &str,
) -> Result<Vec<Citation>, QueryError> {
    let Some(addrs) = citing.by_article.get(article_id) else {
        return Ok(Vec::new());
    };
    if addrs.is_empty() {
        return Ok(text_citations(body, &citing.tokens));
    }
    let mut out: Vec<Citation> = Vec::new();
    for &addr in addrs.iter().take(5) {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let c = Citation {
            doc_id: text_of(&doc, f.doc_id).unwrap_or_default(),
            sentence: text_of(&doc, f.sentence).unwrap_or_default(),
        };
        if !out
            .iter()
            .any(|o| o.sentence == c.sentence && o.doc_id == c.doc_id)
        {
            out.push(c);
        }
    }
    Ok(out)
}

/// Lines of the body that hold one of the ids (compared folded).
fn text_citations(body: &str, tokens: &[String]) -> Vec<Citation> {
    let mut out = Vec::new();
    for line in body.lines() {
        let folded = vnfacts_text::fold(line);
        for t in tokens {
            if let Some(at) = folded.find(t.as_str()) {
                // Folding maps one char to one char, so char positions line up with the original.
                let start = folded[..at].chars().count();
                let len = t.chars().count();
                let doc_id: String = line.chars().skip(start).take(len).collect();
                out.push(Citation {
                    doc_id,
                    sentence: line.trim().to_string(),
                });
                break;
            }
        }
        if out.len() >= 5 {
            break;
        }
    }
    out
}

fn text_of(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

fn rfc3339_vn(d: TDate) -> Option<String> {
    let vn = FixedOffset::east_opt(7 * 3600)?;
    let utc: ChronoDate<chrono::Utc> = chrono::Utc
        .timestamp_opt(d.into_timestamp_secs(), 0)
        .single()?;
    Some(utc.with_timezone(&vn).to_rfc3339())
}

fn from_tantivy(mut s: TSnippet) -> Snippet {
    let highlights = s.highlighted().iter().map(|r| (r.start, r.end)).collect();
    s.set_snippet_prefix_postfix("<b>", "</b>");
    Snippet {
        text: s.fragment().to_string(),
        highlights,
        html: s.to_html(),
    }
}

/// No query terms to show: the fact's own text in its sentence, or the body's start.
fn lead_snippet(body: &str, fact: Option<&serde_json::Value>, max_chars: usize) -> Snippet {
    let end = body
        .char_indices()
        .nth(max_chars)
        .map_or(body.len(), |(i, _)| i);
    let text = body[..end].to_string();
    let mut highlights = Vec::new();
    if let Some(needle) = fact
        .and_then(|f| f.get("text"))
        .and_then(|t| t.as_str())
        .filter(|t| !t.is_empty())
    {
        if let Some(at) = text.find(needle) {
            highlights.push((at, at + needle.len()));
        }
    }
    let html = highlight_html(&text, &highlights);
    Snippet {
        text,
        highlights,
        html,
    }
}

/// The citing sentence with the document id highlighted.
fn citation_snippet(c: &Citation) -> Snippet {
    let highlights: Vec<(usize, usize)> = find_folded(&c.sentence, &c.doc_id).into_iter().collect();
    Snippet {
        html: highlight_html(&c.sentence, &highlights),
        text: c.sentence.clone(),
        highlights,
    }
}

/// Byte range of `needle` in `hay`, compared folded (`TTR` finds `TTr`, `QD` finds `QĐ`).
/// Folding maps each char to one char, so char positions carry over.
fn find_folded(hay: &str, needle: &str) -> Option<(usize, usize)> {
    if needle.is_empty() {
        return None;
    }
    let fold = |s: &str| {
        s.chars()
            .map(vnfacts_text::fold_char)
            .collect::<Vec<char>>()
    };
    let (h, n) = (fold(hay), fold(needle));
    let at = h.windows(n.len()).position(|w| w == n.as_slice())?;
    let mut bytes = hay
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(hay.len()));
    let start = bytes.nth(at)?;
    let end = bytes.nth(n.len() - 1)?;
    Some((start, end))
}

/// Escaped HTML with `<b>` around the highlights.
pub fn highlight_html(text: &str, highlights: &[(usize, usize)]) -> String {
    let mut html = String::with_capacity(text.len() + 16);
    let mut last = 0;
    for &(s, e) in highlights {
        if s < last || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        escape_into(&mut html, &text[last..s]);
        html.push_str("<b>");
        escape_into(&mut html, &text[s..e]);
        html.push_str("</b>");
        last = e;
    }
    escape_into(&mut html, &text[last..]);
    html
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
}

/// Index-wide counts for `vnfacts index` summaries and the server's status page.
#[derive(Debug, Clone, Serialize)]
pub struct IndexSummary {
    pub articles: u64,
    pub facts: u64,
    pub segments: usize,
    pub bytes: u64,
    pub by_kind: BTreeMap<String, u64>,
}

/// Count what the index holds.
pub fn summary(store: &Store) -> Result<IndexSummary, IndexError> {
    let reader = store.reader()?;
    let s = reader.searcher();
    let f = &store.fields;
    let count = |q: &dyn Query| {
        s.search(q, &Count)
            .map(|c| c as u64)
            .map_err(|e| store.err(e))
    };
    let articles = count(&*term(f.doc_type, TYPE_ARTICLE))?;
    let facts = count(&*term(f.doc_type, TYPE_FACT))?;
    let mut by_kind = BTreeMap::new();
    for k in [
        "document",
        "count",
        "participants",
        "money",
        "ratio",
        "period",
        "person",
    ] {
        let n = count(&BooleanQuery::intersection(vec![
            term(f.doc_type, TYPE_FACT),
            term(f.kind, k),
        ]))?;
        if n > 0 {
            by_kind.insert(k.to_string(), n);
        }
    }
    Ok(IndexSummary {
        articles,
        facts,
        segments: s.segment_readers().len(),
        bytes: store.size_on_disk(),
        by_kind,
    })
}

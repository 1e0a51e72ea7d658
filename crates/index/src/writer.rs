//! Incremental, crash-safe indexing.
//!
//! Every article is an upsert keyed by `article_id`: its article document and
//! all its fact documents are deleted and added again. An article whose input
//! line is byte-identical to the committed one is skipped, so indexing the same
//! files twice changes nothing. Commits happen every `commit_every` articles;
//! after a crash the last commit is what searchers see, and the next run skips
//! everything committed (by line hash) and indexes the rest: that is the resume.

use std::collections::HashMap;

use serde::Serialize;
use tantivy::schema::Facet;
use tantivy::{DateTime as TDate, IndexWriter, TantivyDocument, Term};
use vnfacts_extract::model::{Fact, FactValue};

use crate::doc_key::{doc_key, DocParts};
use crate::error::{IndexError, InputError};
use crate::input::InputArticle;
use crate::schema::{Fields, TYPE_ARTICLE, TYPE_FACT};
use crate::store::Store;

/// What happened to one input line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Added,
    Replaced,
    Unchanged,
}

/// Counts for the summary line.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexStats {
    pub added: u64,
    pub replaced: u64,
    pub unchanged: u64,
    pub rejected: u64,
    pub facts: u64,
    pub bad_facts: u64,
    pub bad_dates: u64,
    pub purged: u64,
    pub commits: u64,
    pub bytes: u64,
}

/// Writer options.
#[derive(Debug, Clone)]
pub struct WriterOptions {
    /// Commit after this many added/replaced articles (crash loses at most this many).
    pub commit_every: u64,
    /// Indexing memory budget in bytes, shared by the writer threads.
    pub memory_budget: usize,
    /// Writer threads (0 = tantivy's default for this machine).
    pub threads: usize,
}

impl Default for WriterOptions {
    fn default() -> Self {
        WriterOptions {
            commit_every: 10_000,
            memory_budget: 256 << 20,
            threads: 0,
        }
    }
}

/// Adds articles to the index.
pub struct Writer {
    store: Store,
    writer: IndexWriter,
    /// Committed or pending article ids with the hash of their line.
    known: HashMap<String, u64>,
    pending: u64,
    options: WriterOptions,
    stats: IndexStats,
}

impl Writer {
    /// Open a writer (takes the index lock; a second writer fails with a clear error).
    pub fn new(store: &Store, options: WriterOptions) -> Result<Writer, IndexError> {
        let writer = if options.threads == 0 {
            store.index.writer(options.memory_budget)
        } else {
            store
                .index
                .writer_with_num_threads(options.threads, options.memory_budget)
        }
        .map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => IndexError::Busy {
                path: store.path.clone(),
            },
            e => store.err(e),
        })?;
        let known = known_articles(store)?;
        Ok(Writer {
            store: store.clone(),
            writer,
            known,
            pending: 0,
            options,
            stats: IndexStats::default(),
        })
    }

    /// Number of articles in the index (committed and pending).
    pub fn article_count(&self) -> usize {
        self.known.len()
    }

    /// Index one JSON line. Bad lines are counted and returned as errors; the caller decides.
    pub fn add_line(&mut self, line: &str) -> Result<Outcome, LineError> {
        self.stats.bytes += line.len() as u64 + 1;
        let article = InputArticle::parse(line).map_err(|e| {
            self.stats.rejected += 1;
            LineError::Input(e)
        })?;
        self.add(article).map_err(LineError::Index)
    }

    /// Index one parsed article.
    pub fn add(&mut self, article: InputArticle) -> Result<Outcome, IndexError> {
        let outcome = match self.known.get(&article.id) {
            Some(&h) if h == article.line_hash => {
                self.stats.unchanged += 1;
                return Ok(Outcome::Unchanged);
            }
            Some(_) => Outcome::Replaced,
            None => Outcome::Added,
        };
        let f = self.store.fields;
        if outcome == Outcome::Replaced {
            self.writer
                .delete_term(Term::from_field_text(f.article_id, &article.id));
            self.stats.replaced += 1;
        } else {
            self.stats.added += 1;
        }
        self.stats.facts += article.facts.len() as u64;
        self.stats.bad_facts += article.bad_facts as u64;
        self.stats.bad_dates += u64::from(article.bad_date);
        for doc in documents(&f, &article) {
            self.writer
                .add_document(doc)
                .map_err(|e| self.store.err(e))?;
        }
        self.known.insert(article.id, article.line_hash);
        self.pending += 1;
        if self.pending >= self.options.commit_every {
            self.commit()?;
        }
        Ok(outcome)
    }

    /// Delete every article (and its facts) of a source; returns how many articles.
    pub fn purge_source(&mut self, source: &str) -> Result<u64, IndexError> {
        let f = self.store.fields;
        let reader = self.store.reader()?;
        let searcher = reader.searcher();
        let ids = crate::search::article_ids_of_source(&searcher, &f, source)
            .map_err(|e| self.store.err(e))?;
        self.writer
            .delete_term(Term::from_field_text(f.source, source));
        for id in &ids {
            self.known.remove(id);
        }
        self.stats.purged += ids.len() as u64;
        self.pending += 1;
        Ok(ids.len() as u64)
    }

    /// Make everything so far durable and searchable.
    pub fn commit(&mut self) -> Result<(), IndexError> {
        if self.pending == 0 {
            return Ok(());
        }
        self.writer.commit().map_err(|e| self.store.err(e))?;
        self.pending = 0;
        self.stats.commits += 1;
        Ok(())
    }

    /// Commit, wait for merges, and return the counts.
    pub fn finish(mut self) -> Result<IndexStats, IndexError> {
        self.commit()?;
        self.writer
            .wait_merging_threads()
            .map_err(|e| self.store.err(e))?;
        Ok(self.stats)
    }

    /// True when this article is indexed with a byte-identical line (see [`InputArticle::key_of`]).
    pub fn is_unchanged(&self, id: &str, line_hash: u64) -> bool {
        self.known.get(id) == Some(&line_hash)
    }

    /// Count a line the caller skipped because [`Writer::is_unchanged`] said so.
    pub fn count_unchanged(&mut self) {
        self.stats.unchanged += 1;
    }

    /// Count a line the caller could not parse (for the summary).
    pub fn reject(&mut self) {
        self.stats.rejected += 1;
    }

    /// Count input bytes read by the caller (for MB/s), when it calls [`Writer::add`] directly.
    pub fn count_bytes(&mut self, bytes: u64) {
        self.stats.bytes += bytes;
    }

    pub fn stats(&self) -> &IndexStats {
        &self.stats
    }
}

/// A line that was not indexed.
#[derive(Debug, thiserror::Error)]
pub enum LineError {
    #[error(transparent)]
    Input(InputError),
    #[error(transparent)]
    Index(IndexError),
}

/// article_id -> line hash of every committed article.
fn known_articles(store: &Store) -> Result<HashMap<String, u64>, IndexError> {
    let reader = store.reader()?;
    let searcher = reader.searcher();
    let mut known = HashMap::new();
    let mut id = String::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let hashes = fast.u64("line_hash").map_err(|e| store.err(e))?;
        let Some(ids) = fast.str("article_id").map_err(|e| store.err(e))? else {
            continue;
        };
        for doc in segment.doc_ids_alive() {
            let Some(hash) = hashes.first(doc) else {
                continue;
            };
            let Some(ord) = ids.term_ords(doc).next() else {
                continue;
            };
            id.clear();
            if ids
                .ord_to_str(ord, &mut id)
                .map_err(|e| store.err(e.into()))?
            {
                known.insert(id.clone(), hash);
            }
        }
    }
    Ok(known)
}

/// The article document followed by one document per fact.
fn documents(f: &Fields, a: &InputArticle) -> Vec<TantivyDocument> {
    let mut article = shared(f, a, TYPE_ARTICLE);
    if let Some(t) = &a.title {
        article.add_text(f.title, t);
        article.add_text(f.title_folded, t);
    }
    article.add_text(f.body, &a.text);
    article.add_text(f.body_folded, &a.text);
    if let Some(author) = &a.author {
        article.add_text(f.author, author);
    }
    article.add_u64(f.line_hash, a.line_hash);
    article.add_u64(f.fact_count, a.facts.len() as u64);
    let mut kinds: Vec<&str> = a.facts.iter().map(|x| x.value.kind()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    for k in kinds {
        article.add_text(f.kind, k);
        article.add_facet(f.kind_facet, Facet::from_path([k]));
    }
    let mut categories: Vec<String> = a
        .facts
        .iter()
        .filter_map(|x| match &x.value {
            FactValue::Count(c) => Some(enum_str(&c.category)),
            _ => None,
        })
        .collect();
    categories.sort_unstable();
    categories.dedup();
    for c in &categories {
        article.add_facet(f.category_facet, Facet::from_path([c]));
    }
    let mut docs = vec![article];
    docs.extend(a.facts.iter().map(|fact| fact_doc(f, a, fact)));
    docs
}

/// Fields every document of the article carries.
fn shared(f: &Fields, a: &InputArticle, doc_type: &str) -> TantivyDocument {
    let mut d = TantivyDocument::new();
    d.add_text(f.doc_type, doc_type);
    d.add_text(f.article_id, &a.id);
    if let Some(u) = &a.url {
        d.add_text(f.url, u);
    }
    if let Some(s) = &a.source {
        d.add_text(f.source, s);
    }
    if let Some(p) = &a.province {
        d.add_text(f.province, p);
        d.add_text(f.province_key, province_key(p));
        // The province as it is since the 2025 reorganization answers the same
        // filter: `province:"Tuyên Quang"` also finds Hà Giang's articles.
        if let Some(new) = vnfacts_extract::gazetteer::Gazetteer::embedded()
            .ok()
            .and_then(|g| g.merged_into(p))
        {
            if province_key(&new.name) != province_key(p) {
                d.add_text(f.province_key, province_key(&new.name));
            }
        }
        d.add_facet(f.province_facet, Facet::from_path([p.as_str()]));
    }
    if let Some(p) = a.published {
        d.add_date(f.published, TDate::from_timestamp_secs(p.timestamp()));
        let year = chrono::Datelike::year(&p);
        d.add_i64(f.year, i64::from(year));
        d.add_facet(f.year_facet, Facet::from_path([year.to_string()]));
    }
    d
}

fn fact_doc(f: &Fields, a: &InputArticle, fact: &Fact) -> TantivyDocument {
    let mut d = shared(f, a, TYPE_FACT);
    let kind = fact.value.kind();
    d.add_text(f.kind, kind);
    d.add_facet(f.kind_facet, Facet::from_path([kind]));
    if let Some(t) = &a.title {
        d.add_text(f.article_title, t);
        d.add_text(f.headline, t);
        d.add_text(f.headline_folded, t);
    }
    let sentence = crate::input::norm(&fact.sentence);
    d.add_text(f.sentence, &sentence);
    d.add_text(f.sentence_folded, &sentence);
    if let Ok(serde_json::Value::Object(mut json)) = serde_json::to_value(fact) {
        // The sentence is stored once, in its own field; `fact_from_stored` puts it back.
        json.remove("sentence");
        d.add_text(f.fact_json, serde_json::Value::Object(json).to_string());
    }
    match &fact.value {
        FactValue::Document(doc) => {
            d.add_text(f.doc_id, &doc.id);
            d.add_text(f.doc_kind, enum_str(&doc.doc_type));
            if let Some(key) = doc_key(&doc.id) {
                add_doc_keys(f, &mut d, &key, doc.year);
            }
            if let Some(issued) = doc.issued.and_then(|i| i.and_hms_opt(0, 0, 0)) {
                d.add_date(
                    f.issued,
                    TDate::from_timestamp_secs(issued.and_utc().timestamp()),
                );
            }
        }
        FactValue::Count(c) => {
            d.add_u64(f.quantity, c.quantity);
            let cat = enum_str(&c.category);
            d.add_facet(f.category_facet, Facet::from_path([cat.as_str()]));
            d.add_text(f.category, cat);
        }
        FactValue::Participants(p) => {
            d.add_u64(f.quantity, p.quantity);
            d.add_text(f.role, enum_str(&p.role));
        }
        FactValue::Money(m) => {
            d.add_u64(f.amount, m.amount);
            d.add_text(f.role, enum_str(&m.role));
        }
        FactValue::Ratio(r) => {
            if let Some(p) = r.percent {
                d.add_f64(f.percent, p);
            }
        }
        FactValue::Period(_) | FactValue::Person(_) => {}
    }
    d
}

/// The fact JSON of a stored fact document, with its sentence put back.
pub(crate) fn fact_from_stored(json: &str, sentence: &str) -> Option<serde_json::Value> {
    let mut v: serde_json::Value = serde_json::from_str(json).ok()?;
    v.as_object_mut()?.insert(
        "sentence".into(),
        serde_json::Value::String(sentence.to_string()),
    );
    Some(v)
}

/// The forgiving lookup keys of one document id.
fn add_doc_keys(f: &Fields, d: &mut TantivyDocument, key: &str, year: Option<i32>) {
    d.add_text(f.doc_key, key);
    let parts = DocParts::of_key(key);
    if let Some(n) = &parts.number {
        d.add_text(f.doc_num, n);
    }
    if let Some(s) = &parts.symbol {
        d.add_text(f.doc_sym, s);
    }
    for p in &parts.parts {
        d.add_text(f.doc_part, p);
    }
    if let Some(y) = parts.year.or_else(|| year.map(|y| y.to_string())) {
        d.add_text(f.doc_part, y);
    }
}

/// Filter key of a province: folded, lower case, single spaces (`Quảng  Ninh` -> `quang ninh`).
pub fn province_key(p: &str) -> String {
    let folded = vnfacts_text::fold(p);
    folded
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The serde (snake_case) name of a fact enum value (`CountCategory::Class` -> `class`).
pub(crate) fn enum_str<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::from("other"),
    }
}

//! Everything the crawl keeps, written in a crash-safe order.
//!
//! For each finished URL: (1) the response goes to the WARC file (complete
//! gzip member, flushed), (2) the article, if any, is appended to the JSON
//! Lines file (unless its URL is already stored), (3) new URLs are queued,
//! (4) one SQLite transaction marks the URL done, records a copy relation
//! and moves the WARC checkpoint past the record. A kill between any two
//! steps is repaired on the next open: torn WARC members and JSON lines are
//! cut, records past the checkpoint whose URL is still `in_flight` are
//! replayed from the archive (no refetch), and only then are the remaining
//! `in_flight` URLs queued again.

use std::path::{Path, PathBuf};

use chrono::{SecondsFormat, Utc};
use url::Url;

use crate::articles::{self, Article, ArticleWriter, ArticlesError};
use crate::dedup::{self, DedupIndex, Match};
use crate::fetch::HttpResponse;
use crate::frontier::{Frontier, FrontierError, Outcome};
use crate::pipeline::{Analysis, Pipeline};
use crate::sources::{Source, SourceSet};
use crate::warc::{self, WarcError, WarcWriter};

/// Why the store failed; always names the file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Frontier(#[from] FrontierError),
    #[error(transparent)]
    Warc(#[from] WarcError),
    #[error(transparent)]
    Articles(#[from] ArticlesError),
}

/// Paths inside the data directory.
#[derive(Debug, Clone)]
pub struct DataPaths {
    pub db: PathBuf,
    pub warc: PathBuf,
    pub articles: PathBuf,
}

impl DataPaths {
    pub fn new(data: &Path) -> DataPaths {
        DataPaths {
            db: data.join("crawl.sqlite"),
            warc: data.join("warc"),
            articles: data.join("articles"),
        }
    }
}

/// Counters of one run.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Counters {
    pub fetched: u64,
    pub articles: u64,
    pub copies: u64,
    pub failed: u64,
    pub replayed: u64,
    pub not_modified: u64,
}

pub struct Store {
    pub frontier: Frontier,
    warc: WarcWriter,
    articles: ArticleWriter,
    dedup: DedupIndex,
    paths: DataPaths,
    pub counters: Counters,
}

/// A finished fetch handed to the store.
pub struct Finished<'a> {
    pub source: &'a Source,
    pub frontier_url: &'a str,
    pub hops: &'a [HttpResponse],
    pub last: &'a HttpResponse,
    pub analysis: &'a Analysis,
    /// `false` marks the URL failed (e.g. 404, binary body).
    pub ok: bool,
    pub error: Option<String>,
    /// The URL was fetched in an earlier run (see `Entry::fetched_before`).
    pub refresh: bool,
}

impl Store {
    /// Open (creating) the data directory, repair what a crash left, replay
    /// archived-but-unrecorded responses.
    pub fn open(
        data: &Path,
        warc_max_bytes: u64,
        sources: &SourceSet,
        pipeline: &Pipeline,
    ) -> Result<Store, StoreError> {
        let paths = DataPaths::new(data);
        std::fs::create_dir_all(data).map_err(|err| WarcError::Io {
            path: data.display().to_string(),
            err,
        })?;
        let frontier = Frontier::open(&paths.db)?;
        if let Some(last) = warc::list_files(&paths.warc).last() {
            let cut = warc::repair(last)?;
            if cut > 0 {
                tracing::warn!(
                    "{}: cut {cut} bytes of a record torn by an interrupted run",
                    last.display()
                );
            }
        }
        let mut dedup = DedupIndex::default();
        for f in articles::list_files(&paths.articles) {
            articles::repair(&f)?;
            for a in articles::read_file(&f)? {
                dedup.insert(&a.url, &a.content_hash, dedup::simhash(&a.text));
            }
        }
        for (url, _) in frontier.copies()? {
            dedup.insert_copy_url(&url);
        }
        let mut store = Store {
            frontier,
            warc: WarcWriter::new(&paths.warc, warc_max_bytes)?,
            articles: ArticleWriter::new(&paths.articles)?,
            dedup,
            paths,
            counters: Counters::default(),
        };
        store.replay(sources, pipeline)?;
        let requeued = store.frontier.recover_in_flight()?;
        if requeued > 0 {
            tracing::info!("{requeued} URL(s) interrupted mid-fetch queued again");
        }
        Ok(store)
    }

    /// Responses archived after the checkpoint whose URL is still in flight
    /// were fetched but not recorded: record them now from the archive.
    fn replay(&mut self, sources: &SourceSet, pipeline: &Pipeline) -> Result<(), StoreError> {
        let files = warc::list_files(&self.paths.warc);
        let checkpoint = self.frontier.checkpoint()?;
        let start_idx = match &checkpoint {
            Some((name, _)) => files
                .iter()
                .position(|f| f.file_name().is_some_and(|n| n.to_string_lossy() == *name))
                .unwrap_or(0),
            None => 0,
        };
        for (i, file) in files.iter().enumerate().skip(start_idx) {
            let offset = match &checkpoint {
                Some((_, off))
                    if i == start_idx
                        && file.file_name().is_some_and(|n| {
                            n.to_string_lossy() == checkpoint.as_ref().map_or("", |c| c.0.as_str())
                        }) =>
                {
                    *off
                }
                _ => 0,
            };
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            for rec in warc::read_warc_from(file, offset) {
                let rec = match rec {
                    Ok(r) => r,
                    Err(e) => {
                        tracing::warn!("replay stopped: {e}");
                        break;
                    }
                };
                let Some(frontier_url) = rec.warc_header(warc::FRONTIER_HEADER).map(str::to_string)
                else {
                    continue;
                };
                if self.frontier.state(&frontier_url)?.as_deref() != Some("in_flight") {
                    continue;
                }
                let Some(entry) = self.frontier.entry(&frontier_url)? else {
                    continue;
                };
                let Some(source) = sources.get(&entry.source) else {
                    continue;
                };
                let Some(resp) = response_from_record(&rec) else {
                    continue;
                };
                let ok = (200..300).contains(&resp.status) || resp.status == 304;
                let analysis = if (200..300).contains(&resp.status) {
                    pipeline.analyze(source, entry.kind, entry.depth, &resp)
                } else {
                    Analysis::default()
                };
                let ok = ok && analysis.rejected.is_none();
                let error = analysis.rejected.clone();
                self.record(
                    &Finished {
                        source,
                        frontier_url: &frontier_url,
                        hops: &[],
                        last: &resp,
                        analysis: &analysis,
                        ok,
                        error,
                        refresh: entry.fetched_before,
                    },
                    Some((name.as_str(), rec.end)),
                )?;
                self.counters.replayed += 1;
            }
        }
        Ok(())
    }

    /// Archive a response that completes nothing (robots.txt, a 5xx before a retry).
    pub fn archive(&mut self, resp: &HttpResponse) -> Result<(), StoreError> {
        self.warc.write_exchange(resp, None)?;
        Ok(())
    }

    /// Archive and record a finished URL (see module docs for the order).
    pub fn finish(&mut self, f: &Finished<'_>) -> Result<(), StoreError> {
        for hop in f.hops {
            self.warc.write_exchange(hop, None)?;
        }
        let pos = self.warc.write_exchange(f.last, Some(f.frontier_url))?;
        self.counters.fetched += 1;
        self.record(f, Some((pos.file.as_str(), pos.end)))
    }

    /// Mark a URL failed without a response to archive (refused, too large...).
    pub fn fail(&mut self, url: &str, status: Option<u16>, error: &str) -> Result<(), StoreError> {
        let outcome = Outcome {
            status,
            error: Some(error.to_string()),
            ..Default::default()
        };
        self.counters.failed += 1;
        Ok(self.frontier.finish(url, false, &outcome, None, None)?)
    }

    fn record(
        &mut self,
        f: &Finished<'_>,
        checkpoint: Option<(&str, u64)>,
    ) -> Result<(), StoreError> {
        let last = f.last;
        let mut outcome = Outcome {
            status: Some(last.status),
            error: f.error.clone(),
            etag: last.header("etag").map(str::to_string),
            last_modified: last.header("last-modified").map(str::to_string),
            ..Default::default()
        };
        if last.status == 304 {
            self.counters.not_modified += 1;
        }
        let mut copy: Option<(String, String, u32)> = None;
        if let Some(a) = &f.analysis.article {
            let hash = dedup::content_hash(&a.text);
            let sim = dedup::simhash(&a.text);
            outcome.content_hash = Some(hash.clone());
            outcome.is_article = true;
            let url = last.url.as_str();
            if !self.dedup.contains_url(url) {
                match self.dedup.find(&hash, sim) {
                    Some(m) => {
                        let (how, d) = match &m {
                            Match::Exact { .. } => ("exact", 0),
                            Match::Near { distance, .. } => ("near", *distance),
                        };
                        copy = Some((m.url().to_string(), how.to_string(), d));
                        self.dedup.insert_copy_url(url);
                        self.counters.copies += 1;
                    }
                    None => {
                        let province = f.source.province.clone();
                        self.articles.append(&Article {
                            url: url.to_string(),
                            source: f.source.id.clone(),
                            province,
                            title: a.title.clone(),
                            published: a.published.clone(),
                            author: a.author.clone(),
                            text: a.text.clone(),
                            content_hash: hash.clone(),
                            fetched_at: last.fetched_at.to_rfc3339_opts(SecondsFormat::Secs, true),
                            copies: Vec::new(),
                        })?;
                        self.dedup.insert(url, &hash, sim);
                        self.counters.articles += 1;
                    }
                }
            }
        }
        let new = self.frontier.enqueue(&f.source.id, &f.analysis.links)?;
        if new > 0 || !f.refresh {
            // A listing that showed nothing new ends its pagination here.
            self.frontier
                .enqueue(&f.source.id, &f.analysis.pagination)?;
        }
        if !f.ok {
            self.counters.failed += 1;
        }
        let copy_ref = copy
            .as_ref()
            .map(|(u, how, d)| (f.source.id.as_str(), u.as_str(), how.as_str(), *d));
        self.frontier
            .finish(f.frontier_url, f.ok, &outcome, copy_ref, checkpoint)?;
        Ok(())
    }

    /// Flush and sync everything, fold copies into articles.
    pub fn close(&mut self) -> Result<usize, StoreError> {
        self.warc.finish()?;
        self.articles.finish()?;
        let copies = self.frontier.copies()?;
        Ok(articles::merge_copies(&self.paths.articles, &copies)?)
    }
}

fn response_from_record(rec: &warc::WarcRecord) -> Option<HttpResponse> {
    Some(HttpResponse {
        url: Url::parse(rec.url.as_deref()?).ok()?,
        status: rec.status?,
        reason: String::new(),
        version: "HTTP/1.1",
        headers: rec.headers.clone(),
        body: rec.body.clone(),
        request_headers: Vec::new(),
        fetched_at: rec.date.unwrap_or_else(Utc::now),
    })
}

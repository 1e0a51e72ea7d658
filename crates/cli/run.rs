//! `vnfacts run`: crawl, extract, index in one go, incrementally.
//!
//! Each stage reads the previous stage's files, so a re-run does only new work:
//! the crawl resumes from DATA/crawl.sqlite, extraction skips articles whose
//! content hash is already in DATA/facts, and the index skips unchanged lines.
//! `vnfacts demo` runs the same [`pipeline`].

use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, BufReader, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde_json::Value;
use vnfacts_crawl::sources::SourceSet;
use vnfacts_crawl::{crawler, CrawlConfig};
use vnfacts_extract::model::ArticleMeta;
use vnfacts_extract::pipeline::{self, Input};
use vnfacts_extract::Extractor;
use vnfacts_index::input::InputArticle;
use vnfacts_index::search::{summary, IndexSummary};
use vnfacts_index::{IndexStats, Store, Writer, WriterOptions};

use crate::Global;

/// Articles extracted in parallel per batch (memory stays flat).
const BATCH: usize = 512;
/// Name of the extraction output inside DATA/facts.
const FACTS_FILE: &str = "facts.jsonl";

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Sources file (see `vnfacts sources check`).
    #[arg(long, default_value = "corpus/sources.toml")]
    pub sources: PathBuf,
    /// Crawl only these source ids (repeatable).
    #[arg(long = "only", value_name = "ID")]
    pub only: Vec<String>,
    /// Fetch at most this many URLs per source in this run.
    #[arg(long, value_name = "N")]
    pub max_pages: Option<u64>,
    /// Delay between requests to one host, overriding the sources file.
    #[arg(long, value_name = "MS")]
    pub delay_ms: Option<u64>,
    /// Allow private, loopback and link-local addresses (local testing only).
    #[arg(long)]
    pub allow_private: bool,
    /// Skip the crawl; extract and index what DATA/articles already holds.
    #[arg(long)]
    pub no_crawl: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let set = if args.no_crawl {
        SourceSet::default()
    } else {
        vnfacts_crawl::sources::load(&args.sources)?
    };
    let mut cfg = CrawlConfig::new(global.data.clone());
    cfg.only = args.only;
    cfg.max_pages_per_source = args.max_pages;
    cfg.delay_override = args.delay_ms.map(Duration::from_millis);
    cfg.fetch.allow_private = args.allow_private;
    if let Some(ua) = set.user_agent.clone() {
        cfg.fetch.user_agent = ua;
    }
    let summary = pipeline(&set, cfg, &global.data, !args.no_crawl)?;
    if args.json {
        println!("{}", serde_json::to_string(&summary)?);
    } else {
        summary.print();
    }
    Ok(ExitCode::SUCCESS)
}

/// What one run did, stage by stage.
#[derive(Debug, Default, serde::Serialize)]
pub struct Summary {
    pub pages_fetched: u64,
    pub articles_crawled: u64,
    pub crawl_seconds: f64,
    /// Articles extracted in this run (new or changed).
    pub extracted: u64,
    /// Facts found in this run, by kind.
    pub new_facts_by_kind: BTreeMap<String, u64>,
    pub index: IndexStats,
    /// What the index holds after the run.
    pub totals: Option<IndexSummary>,
    /// Problems by cause, with counts.
    pub errors: BTreeMap<String, u64>,
}

impl Summary {
    fn error(&mut self, cause: &str) {
        *self.errors.entry(cause.to_string()).or_default() += 1;
    }

    pub fn print(&self) {
        println!(
            "crawl:   {} page(s) fetched, {} new article(s) in {:.1}s",
            self.pages_fetched, self.articles_crawled, self.crawl_seconds
        );
        let new: u64 = self.new_facts_by_kind.values().sum();
        println!(
            "extract: {} article(s) extracted, {} fact(s){}",
            self.extracted,
            new,
            kinds(&self.new_facts_by_kind)
        );
        let s = &self.index;
        println!(
            "index:   {} new, {} replaced, {} unchanged, {} rejected",
            s.added, s.replaced, s.unchanged, s.rejected
        );
        if let Some(t) = &self.totals {
            println!(
                "total:   {} article(s), {} fact(s){}",
                t.articles,
                t.facts,
                kinds(&t.by_kind)
            );
        }
        if self.errors.is_empty() {
            println!("errors:  none");
        } else {
            println!("errors:");
            for (cause, n) in &self.errors {
                println!("  {n:>6}  {cause}");
            }
        }
    }
}

fn kinds(by_kind: &BTreeMap<String, u64>) -> String {
    if by_kind.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
    format!(" ({})", parts.join(", "))
}

/// Crawl (optional), extract, index: the whole job into `data`.
pub fn pipeline(
    set: &SourceSet,
    cfg: CrawlConfig,
    data: &Path,
    crawl: bool,
) -> anyhow::Result<Summary> {
    let mut summary = Summary::default();
    if crawl {
        crawl_stage(set, cfg, &mut summary)?;
    }
    extract_stage(data, &mut summary)?;
    index_stage(data, &mut summary)?;
    Ok(summary)
}

fn crawl_stage(set: &SourceSet, cfg: CrawlConfig, summary: &mut Summary) -> anyhow::Result<()> {
    let frontier_path = cfg.data_dir.join("crawl.sqlite");
    let bar = spinner("crawling");
    let report = crawler::crawl_blocking(set, cfg).context("crawl failed")?;
    bar.finish_and_clear();
    let c = &report.counters;
    summary.pages_fetched = c.fetched;
    summary.articles_crawled = c.articles;
    summary.crawl_seconds = report.elapsed_secs;
    if c.failed > 0 {
        let causes = vnfacts_crawl::frontier::Frontier::open(&frontier_path)
            .and_then(|f| f.failure_causes());
        match causes {
            Ok(causes) if !causes.is_empty() => {
                for (cause, n) in causes {
                    summary.errors.insert(format!("crawl: {cause}"), n);
                }
            }
            _ => {
                summary.errors.insert(
                    "crawl: URL failed (see `vnfacts crawl --status`)".into(),
                    c.failed,
                );
            }
        }
    }
    if report.stopped {
        summary.error("crawl: stopped before the end (run again to resume)");
    }
    Ok(())
}

/// Extract every crawled article not extracted before (by content hash) into DATA/facts.
fn extract_stage(data: &Path, summary: &mut Summary) -> anyhow::Result<()> {
    let facts_dir = data.join("facts");
    std::fs::create_dir_all(&facts_dir)
        .with_context(|| format!("cannot create {}", facts_dir.display()))?;
    let out_path = facts_dir.join(FACTS_FILE);
    let done = extracted_keys(&out_path)?;
    let extractor =
        Extractor::embedded().context("the embedded rules do not load (a broken build)")?;
    let mut out = std::io::BufWriter::new(
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&out_path)
            .with_context(|| format!("cannot open {} for appending", out_path.display()))?,
    );
    let files = vnfacts_crawl::articles::list_files(&data.join("articles"));
    let bar = counter("extracting", "articles");
    let mut batch = Vec::with_capacity(BATCH);
    for file in files {
        let file_name = file.display().to_string();
        let reader = match std::fs::File::open(&file) {
            Ok(f) => BufReader::new(f),
            Err(_) => {
                summary.error("extract: articles file unreadable");
                continue;
            }
        };
        for line in reader.lines() {
            let Ok(line) = line else {
                summary.error("extract: article line not UTF-8");
                continue;
            };
            if line.trim().is_empty() {
                continue;
            }
            let Ok(v) = serde_json::from_str::<Value>(&line) else {
                summary.error("extract: article line not JSON");
                continue;
            };
            let Some((key, input)) = input_of(&v) else {
                summary.error("extract: article without text");
                continue;
            };
            if done.contains(&key) {
                continue;
            }
            batch.push((key, input));
            if batch.len() >= BATCH {
                flush(&extractor, &mut batch, &mut out, summary, &bar)
                    .with_context(|| format!("writing facts of {file_name}"))?;
            }
        }
    }
    flush(&extractor, &mut batch, &mut out, summary, &bar)?;
    out.flush()
        .with_context(|| format!("cannot write {}", out_path.display()))?;
    bar.finish_and_clear();
    Ok(())
}

/// The key (content hash, else URL) and extraction input of a crawled article.
fn input_of(v: &Value) -> Option<(String, Input)> {
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let body = s("text")?;
    let url = s("url");
    let key = s("content_hash").or_else(|| url.clone())?;
    let title = s("title");
    // Headlines carry facts too, so the title goes back on top of the body.
    let text = match &title {
        Some(t) => format!("{t}\n\n{body}"),
        None => body,
    };
    let known = ArticleMeta {
        title,
        published: s("published"),
        province: s("province"),
        author: s("author"),
        source: s("source"),
    };
    let name = url.clone().unwrap_or_else(|| key.clone());
    Some((
        key,
        Input {
            name,
            url,
            text,
            known,
        },
    ))
}

fn flush(
    extractor: &Extractor,
    batch: &mut Vec<(String, Input)>,
    out: &mut impl Write,
    summary: &mut Summary,
    bar: &ProgressBar,
) -> anyhow::Result<()> {
    let done: Vec<(String, Value)> = std::mem::take(batch)
        .into_par_iter()
        .filter_map(|(key, input)| {
            let o = pipeline::process(extractor, input, true, false);
            let mut v = serde_json::to_value(&o.article).ok()?;
            v.as_object_mut()?
                .insert("content_hash".into(), Value::String(key.clone()));
            Some((key, v))
        })
        .collect();
    for (_, v) in done {
        if let Some(facts) = v.get("facts").and_then(Value::as_array) {
            for f in facts {
                let kind = f.get("kind").and_then(Value::as_str).unwrap_or("?");
                *summary
                    .new_facts_by_kind
                    .entry(kind.to_string())
                    .or_default() += 1;
            }
        }
        serde_json::to_writer(&mut *out, &v)?;
        out.write_all(b"\n")?;
        summary.extracted += 1;
        bar.inc(1);
    }
    Ok(())
}

/// Content hashes already in the extraction output (a torn last line is ignored).
fn extracted_keys(path: &Path) -> anyhow::Result<HashSet<String>> {
    let mut keys = HashSet::new();
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(keys),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    for line in BufReader::new(file).lines() {
        let Ok(line) = line else { continue };
        if let Ok(v) = serde_json::from_str::<Value>(&line) {
            if let Some(k) = v.get("content_hash").and_then(Value::as_str) {
                keys.insert(k.to_string());
            }
        }
    }
    Ok(keys)
}

/// Index DATA/facts; unchanged articles are recognised by their line hash and skipped.
fn index_stage(data: &Path, summary: &mut Summary) -> anyhow::Result<()> {
    let store = Store::open_or_create(&data.join("index"))?;
    let mut writer = Writer::new(&store, WriterOptions::default())?;
    let path = data.join("facts").join(FACTS_FILE);
    let bar = counter("indexing", "articles");
    let file =
        std::fs::File::open(&path).with_context(|| format!("cannot read {}", path.display()))?;
    for line in BufReader::new(file).lines() {
        let Ok(line) = line else {
            summary.error("index: facts line not UTF-8");
            continue;
        };
        if line.trim().is_empty() {
            continue;
        }
        bar.inc(1);
        if let Ok((id, hash)) = InputArticle::key_of(&line) {
            if writer.is_unchanged(&id, hash) {
                writer.count_unchanged();
                continue;
            }
        }
        match InputArticle::parse(&line) {
            Ok(article) => {
                writer.add(article)?;
            }
            Err(_) => {
                writer.reject();
                summary.error("index: facts line not understood");
            }
        }
    }
    summary.index = writer.finish()?;
    bar.finish_and_clear();
    summary.totals = Some(summary_of(&store)?);
    Ok(())
}

fn summary_of(store: &Store) -> anyhow::Result<IndexSummary> {
    Ok(summary(store)?)
}

/// A spinner on a terminal, hidden otherwise (logs and pipes stay clean).
fn spinner(stage: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} {elapsed}") {
        bar.set_style(style);
    }
    bar.set_message(stage.to_string());
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

fn counter(stage: &str, unit: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    let template = format!("{{spinner}} {stage} {{pos}} {unit} {{per_sec}} {{elapsed}}");
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

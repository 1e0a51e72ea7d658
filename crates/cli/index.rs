//! `vnfacts index`: build or update DATA/index from articles JSON Lines.

use std::io::{BufRead, BufReader, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use vnfacts_index::input::InputArticle;
use vnfacts_index::search::summary;
use vnfacts_index::{Store, Writer, WriterOptions};

use crate::util::{expand_inputs, Input};
use crate::Global;

/// Lines parsed in parallel before they go to the writer, in order.
const BATCH_LINES: usize = 2_000;
/// Bad lines reported one by one before only counting.
const MAX_WARNINGS: u64 = 10;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// JSON Lines files or directories of them (`-` for stdin); default DATA/articles.
    /// Either shape: `vnfacts extract` output (with facts) or a crawl's articles.
    pub paths: Vec<PathBuf>,
    /// Delete every article of this source (and its facts) first; repeatable.
    #[arg(long = "purge-source", value_name = "ID")]
    pub purge_source: Vec<String>,
    /// Commit after this many new or changed articles (a crash loses at most these).
    #[arg(long, default_value_t = 10_000, value_name = "N")]
    pub commit_every: u64,
    /// Indexing threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Indexing memory budget in MB.
    #[arg(long, default_value_t = 256, value_name = "MB")]
    pub memory_mb: usize,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let dir = global.data.join("index");
    let store = Store::open_or_create(&dir)?;
    let options = WriterOptions {
        commit_every: args.commit_every.max(1),
        memory_budget: args.memory_mb.max(16) << 20,
        threads: args.threads.unwrap_or(0),
    };
    let mut writer = Writer::new(&store, options)?;
    for source in &args.purge_source {
        let n = writer.purge_source(source)?;
        eprintln!("purged {n} article(s) of source {source:?}");
    }
    let inputs = inputs(&args, global)?;
    let total_bytes: u64 = inputs
        .iter()
        .map(|i| match i {
            Input::File(p) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
            Input::Stdin => 0,
        })
        .sum();
    let bar = progress(total_bytes);
    let slow = test_slowdown();
    let started = Instant::now();
    let mut warnings = 0u64;
    for input in &inputs {
        let reader: Box<dyn BufRead> = match input {
            Input::Stdin => Box::new(BufReader::new(std::io::stdin().lock())),
            Input::File(p) => Box::new(BufReader::new(
                std::fs::File::open(p).with_context(|| format!("{}: cannot open", p.display()))?,
            )),
        };
        let mut lines = reader.lines().enumerate();
        loop {
            let mut batch = Vec::with_capacity(BATCH_LINES);
            for (n, line) in lines.by_ref().take(BATCH_LINES) {
                let line = line.with_context(|| {
                    format!("{input}: line {}: cannot read (is it UTF-8 text?)", n + 1)
                })?;
                batch.push((n + 1, line));
            }
            if batch.is_empty() {
                break;
            }
            let known = &writer;
            let parsed: Vec<_> = batch
                .par_iter()
                .map(|(n, line)| (*n, line.len() as u64 + 1, parse_line(line, known)))
                .collect();
            for (n, bytes, result) in parsed {
                bar.inc(bytes);
                match result {
                    None => continue,
                    Some(Ok(Parsed::Unchanged)) => writer.count_unchanged(),
                    Some(Ok(Parsed::Article(article))) => {
                        writer.add(*article)?;
                        if let Some(d) = slow {
                            std::thread::sleep(d);
                        }
                    }
                    Some(Err(e)) => {
                        writer.reject();
                        warnings += 1;
                        if warnings <= MAX_WARNINGS {
                            bar.suspend(|| {
                                eprintln!("warning: {input}: line {n}: {e}; line skipped")
                            });
                        }
                    }
                }
                writer.count_bytes(bytes);
            }
        }
    }
    let stats = writer.finish()?;
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();
    let index = summary(&store)?;
    if warnings > MAX_WARNINGS {
        eprintln!(
            "warning: {} more bad line(s) skipped",
            warnings - MAX_WARNINGS
        );
    }
    let mb = stats.bytes as f64 / 1e6;
    if args.json {
        let out = serde_json::json!({ "run": stats, "seconds": secs, "mb_per_s": mb / secs.max(1e-9), "index": index, "path": dir });
        println!("{out}");
    } else {
        println!(
            "indexed {} line(s) in {secs:.1} s ({mb:.1} MB, {:.1} MB/s): {} new, {} replaced, {} unchanged, {} rejected; {} fact(s){}{}",
            stats.added + stats.replaced + stats.unchanged + stats.rejected,
            mb / secs.max(1e-9),
            stats.added,
            stats.replaced,
            stats.unchanged,
            stats.rejected,
            stats.facts,
            if stats.bad_facts > 0 { format!(", {} unreadable fact(s) skipped", stats.bad_facts) } else { String::new() },
            if stats.bad_dates > 0 { format!(", {} date(s) not understood", stats.bad_dates) } else { String::new() },
        );
        println!(
            "index {}: {} article(s), {} fact(s), {:.1} MB on disk",
            dir.display(),
            index.articles,
            index.facts,
            index.bytes as f64 / 1e6
        );
    }
    Ok(ExitCode::SUCCESS)
}

enum Parsed {
    Article(Box<InputArticle>),
    Unchanged,
}

/// None for a blank line; lines already indexed unchanged are not parsed in full.
fn parse_line(line: &str, writer: &Writer) -> Option<Result<Parsed, vnfacts_index::InputError>> {
    if line.trim().is_empty() {
        return None;
    }
    if let Ok((id, hash)) = InputArticle::key_of(line) {
        if writer.is_unchanged(&id, hash) {
            return Some(Ok(Parsed::Unchanged));
        }
    }
    Some(InputArticle::parse(line).map(|a| Parsed::Article(Box::new(a))))
}

fn inputs(args: &Args, global: &Global) -> anyhow::Result<Vec<Input>> {
    let paths = if args.paths.is_empty() {
        if !args.purge_source.is_empty() {
            return Ok(Vec::new());
        }
        let default = global.data.join("articles");
        if !default.is_dir() {
            bail!("no input: {} does not exist; name JSON Lines files or directories, or run `vnfacts crawl` first", default.display());
        }
        vec![default]
    } else {
        args.paths.clone()
    };
    let mut out = Vec::new();
    for item in expand_inputs(&paths, is_jsonl) {
        match item {
            Ok(i) => out.push(i),
            Err(e) => bail!("{e}"),
        }
    }
    Ok(out)
}

fn is_jsonl(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("jsonl" | "ndjson" | "json")
    )
}

/// A byte-based progress bar on a terminal; hidden otherwise.
fn progress(total: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() || total == 0 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} indexing [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Testing hook: `VNFACTS_INDEX_SLOW_MS` sleeps after each article, so a test
/// can kill the process between two commits. Not for users.
fn test_slowdown() -> Option<Duration> {
    std::env::var("VNFACTS_INDEX_SLOW_MS")
        .ok()?
        .parse()
        .ok()
        .map(Duration::from_millis)
}

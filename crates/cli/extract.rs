//! `vnfacts extract`: articles in, facts out (JSON Lines in the gold shape).
//!
//! Inputs stream in batches; each batch is extracted in parallel with rayon
//! and written in input order, so memory stays flat however large the corpus.

use std::io::{BufRead, BufReader, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use rayon::prelude::*;
use vnfacts_extract::model::ArticleMeta;
use vnfacts_extract::pipeline::{self, Input};
use vnfacts_extract::row::ArticleRow;
use vnfacts_extract::Extractor;

use crate::util::{self, Input as Source};
use crate::Global;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files or directories (.txt, .html, .html.gz, .jsonl, .warc.gz); `-` reads stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Write here instead of stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,
    /// Rule directory replacing the embedded rules (every *.toml in it).
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// Also output the candidates that lost (overlap, veto, no trigger) per article.
    #[arg(long)]
    pub explain: bool,
    /// Leave the normalized body out of the JSON output.
    #[arg(long)]
    pub no_text: bool,
    /// Worker threads (default: all cores).
    #[arg(short = 'j', long)]
    pub threads: Option<usize>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Csv,
    Parquet,
}

/// Load the extractor named by `--rules`, or the embedded one.
pub fn load_extractor(rules: Option<&Path>) -> anyhow::Result<Extractor> {
    match rules {
        Some(dir) => Extractor::from_dir(dir)
            .with_context(|| format!("loading rules from {}", dir.display())),
        None => Extractor::embedded().context("the embedded rules do not load (a broken build)"),
    }
}

/// The extractor, and the tables the first article would otherwise build on
/// its way (the gazetteer), built side by side: start-up is most of a small
/// run.
fn load(args: &Args) -> anyhow::Result<Extractor> {
    let (extractor, ()) = rayon::join(|| load_extractor(args.rules.as_deref()), pipeline::prepare);
    extractor
}

/// Where the output goes (opened once the rules have loaded, so a bad rule
/// directory leaves an existing output file as it was).
fn open_output(args: &Args) -> anyhow::Result<Box<dyn Write + Send>> {
    Ok(match (&args.output, args.format) {
        (Some(p), Format::Jsonl) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        _ => Box::new(std::io::BufWriter::new(std::io::stdout())),
    })
}

/// Articles extracted together (in parallel) before their output is written.
const BATCH: usize = 512;

pub fn run(args: Args, _global: &Global) -> anyhow::Result<ExitCode> {
    if let Some(n) = args.threads {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }
    let extractor = load(&args)?;
    let out = open_output(&args)?;
    let progress = progress_bar();
    let started = Instant::now();
    // Three stages run at once: a reader thread parses inputs into batches,
    // the rayon pool extracts a batch, a writer thread serializes the one
    // before. Reading and writing no longer stall the extraction threads.
    let (stats, read) = std::thread::scope(|scope| {
        let (in_tx, in_rx) = std::sync::mpsc::sync_channel::<Vec<Input>>(2);
        let (out_tx, out_rx) = std::sync::mpsc::sync_channel::<Vec<Extracted>>(2);
        let paths = &args.paths;
        let reader = scope.spawn(move || read_all(paths, &in_tx));
        let (args, progress) = (&args, &progress);
        let writer = scope.spawn(move || write_all(out, args, out_rx, progress));
        for batch in in_rx {
            let outputs: Vec<_> = batch
                .into_par_iter()
                .map(|i| {
                    let name = i.name.clone();
                    guarded(&name, || {
                        pipeline::process(&extractor, i, !args.no_text, args.explain)
                    })
                })
                .collect();
            if out_tx.send(outputs).is_err() {
                break; // the writer failed; its error is reported below
            }
        }
        drop(out_tx);
        let stats = writer
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("the writer thread panicked")));
        let read = reader.join().unwrap_or(ReadStats {
            bytes: 0,
            errors: 1,
        });
        (stats, read)
    });
    let mut stats = stats?;
    stats.bytes = read.bytes;
    stats.errors += read.errors;
    progress.finish_and_clear();
    stats.report(started.elapsed().as_secs_f64());
    Ok(if stats.errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// What the reader saw: body bytes read, inputs it could not read.
struct ReadStats {
    bytes: usize,
    errors: usize,
}

/// Read every input, sending articles on in BATCH-article steps, so a large
/// JSON Lines file or WARC streams instead of loading. An unreadable input is
/// reported and skipped.
fn read_all(paths: &[PathBuf], tx: &std::sync::mpsc::SyncSender<Vec<Input>>) -> ReadStats {
    let mut stats = ReadStats {
        bytes: 0,
        errors: 0,
    };
    let mut batch: Vec<Input> = Vec::with_capacity(BATCH);
    for source in util::expand_inputs(paths, is_article_file) {
        let source = match source {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {e}");
                stats.errors += 1;
                continue;
            }
        };
        let mut stopped = false;
        let read = read_source(&source, &mut |input| {
            stats.bytes += input.text.len();
            batch.push(input);
            if batch.len() >= BATCH
                && tx
                    .send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                    .is_err()
            {
                stopped = true;
                anyhow::bail!("extraction stopped");
            }
            Ok(())
        });
        if stopped {
            return stats;
        }
        if let Err(e) = read {
            eprintln!("error: {source}: {e:#}");
            stats.errors += 1;
        }
    }
    if !batch.is_empty() {
        let _ = tx.send(batch);
    }
    stats
}

/// One article's output, or why it has none.
type Extracted = Result<pipeline::Output, String>;

/// Run `process` on the article `name`, turning a panic into an error for
/// that article alone. A bug that some text trips must not take the whole
/// run down, and with it every article of its batch already extracted.
fn guarded(name: &str, process: impl FnOnce() -> pipeline::Output) -> Extracted {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(process)).map_err(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        format!(
            "{name}: internal error, article skipped ({why}); please report it with the article"
        )
    })
}

/// Write extracted batches in input order; count articles and facts.
fn write_all(
    mut out: Box<dyn Write + Send>,
    args: &Args,
    rx: std::sync::mpsc::Receiver<Vec<Extracted>>,
    progress: &indicatif::ProgressBar,
) -> anyhow::Result<Stats> {
    let mut stats = Stats::default();
    let mut sink = crate::facts_out::Sink::new(args.format, &mut *out, args.output.clone())?;
    for outputs in rx {
        for o in outputs {
            let o = match o {
                Ok(o) => o,
                Err(e) => {
                    eprintln!("error: {e}");
                    stats.errors += 1;
                    progress.inc(1);
                    continue;
                }
            };
            stats.articles += 1;
            for f in &o.article.facts {
                *stats.kinds.entry(f.value.kind()).or_default() += 1;
            }
            sink.write(&o.article, args.explain.then_some(&o.losers[..]))?;
            progress.inc(1);
        }
    }
    sink.finish()?;
    out.flush()?;
    Ok(stats)
}

fn progress_bar() -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let pb = indicatif::ProgressBar::new_spinner();
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} {pos} articles  {per_sec}  {elapsed}")
    {
        pb.set_style(style);
    }
    pb
}

/// Inputs that `extract` understands inside a directory.
pub(crate) fn is_article_file(p: &Path) -> bool {
    let name = p
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_lowercase();
    [
        ".txt", ".html", ".htm", ".html.gz", ".jsonl", ".warc", ".warc.gz",
    ]
    .iter()
    .any(|e| name.ends_with(e))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Text,
    Html,
    Jsonl,
    Warc,
}

fn shape_of(name: &str, head: &[u8]) -> Shape {
    let n = name.to_lowercase();
    if n.ends_with(".warc") || n.ends_with(".warc.gz") {
        Shape::Warc
    } else if n.ends_with(".jsonl") || n.ends_with(".ndjson") {
        Shape::Jsonl
    } else if n.ends_with(".html") || n.ends_with(".htm") || n.ends_with(".html.gz") {
        Shape::Html
    } else {
        let first = head.iter().find(|b| !b.is_ascii_whitespace());
        match first {
            Some(b'{') => Shape::Jsonl,
            Some(b'<') => Shape::Html,
            _ => Shape::Text,
        }
    }
}

/// Read one source, handing each article to `emit`.
pub(crate) fn read_source(
    source: &Source,
    emit: &mut dyn FnMut(Input) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let name = match source {
        Source::Stdin => "stdin".to_string(),
        Source::File(p) => p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    if let Source::File(p) = source {
        let lower = name.to_lowercase();
        if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
            let f = std::fs::File::open(p)?;
            return read_jsonl(BufReader::new(f), &name, emit);
        }
        if lower.ends_with(".warc") || lower.ends_with(".warc.gz") {
            return read_warc(p, emit);
        }
    }
    let bytes = util::read_input(source)?;
    match shape_of(&name, &bytes[..bytes.len().min(64)]) {
        Shape::Jsonl => read_jsonl(BufReader::new(&bytes[..]), &name, emit),
        Shape::Html => emit(from_html(name, None, bytes)?),
        Shape::Warc => anyhow::bail!("WARC from stdin is not supported; pass the file path"),
        Shape::Text => {
            if vnfacts_text::decode::looks_binary(&bytes) {
                anyhow::bail!("looks binary, not text; pass .txt, .html, .jsonl or .warc.gz files");
            }
            let text = vnfacts_text::decode(&bytes, &vnfacts_text::Hints::default()).text;
            emit(Input {
                name,
                text,
                ..Input::default()
            })
        }
    }
}

fn from_html(name: String, url: Option<String>, bytes: Vec<u8>) -> anyhow::Result<Input> {
    let bytes = vnfacts_crawl::page_decode::gunzip_if_gzipped(bytes)?;
    let page = vnfacts_crawl::page_decode::decode_page(&bytes, None);
    let extracted = vnfacts_crawl::content::extract(&page.html);
    let name = name.trim_end_matches(".gz").to_string();
    Ok(page_input(name, url, extracted))
}

/// A content-extracted page as extraction input: the headline is put back on
/// top of the body, because headlines carry facts too.
fn page_input(
    name: String,
    url: Option<String>,
    page: vnfacts_crawl::content::ExtractedPage,
) -> Input {
    let text = match &page.title {
        Some(t) => format!("{t}\n\n{}", page.text),
        None => page.text,
    };
    let known = ArticleMeta {
        title: page.title,
        published: page.published,
        author: page.author,
        ..Default::default()
    };
    Input {
        name,
        url,
        text,
        known,
    }
}

fn read_warc(path: &Path, emit: &mut dyn FnMut(Input) -> anyhow::Result<()>) -> anyhow::Result<()> {
    for rec in vnfacts_crawl::read_warc(path) {
        let rec = rec.with_context(|| format!("reading {}", path.display()))?;
        if rec.record_type != "response" || !rec.status.is_some_and(|s| (200..300).contains(&s)) {
            continue;
        }
        let ctype = rec.header("content-type").map(str::to_string);
        if !ctype.as_deref().is_some_and(|c| c.contains("html")) {
            continue;
        }
        let page = vnfacts_crawl::page_decode::decode_page(&rec.body, ctype.as_deref());
        let extracted = vnfacts_crawl::content::extract(&page.html);
        if extracted.page_type != vnfacts_crawl::content::PageType::Article {
            continue;
        }
        let url = rec.url.clone().unwrap_or_default();
        emit(page_input(url.clone(), Some(url), extracted))?;
    }
    Ok(())
}

/// JSON Lines of articles: the extract/gold shape (`article`, `meta`, `text`)
/// or the crawl shape (`url`, `title`, `published`, … at the top level).
fn read_jsonl(
    mut r: impl BufRead,
    name: &str,
    emit: &mut dyn FnMut(Input) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    // Bytes, not `String` lines, checked once by simdutf8 (several times
    // faster than the standard check serde_json would run on every string
    // it keeps); a line that fails goes to serde_json's own reader, which
    // ignores bad bytes in the fields it skips and names the position of
    // the others.
    let mut line = Vec::new();
    for n in 1.. {
        line.clear();
        let read = r
            .read_until(b'\n', &mut line)
            .with_context(|| format!("{name}:{n}"))?;
        if read == 0 {
            break;
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let row: serde_json::Result<ArticleRow> = match simdutf8::basic::from_utf8(&line) {
            Ok(text) => serde_json::from_str(text),
            Err(_) => serde_json::from_slice(&line),
        };
        let row = row.with_context(|| {
            format!("{name}:{n}: not a JSON object (one article per line expected)")
        })?;
        emit(input_from_row(row, name, n)?)?;
    }
    Ok(())
}

/// An extract or crawl shaped line as an extraction input.
fn input_from_row(mut row: ArticleRow, file: &str, line: usize) -> anyhow::Result<Input> {
    let known = row.take_meta();
    let text = row
        .text
        .with_context(|| format!("{file}:{line}: no \"text\" field"))?;
    let name = row
        .article
        .or_else(|| row.url.clone())
        .or(row.id)
        .unwrap_or_else(|| format!("{file}:{line}"));
    Ok(Input {
        name,
        url: row.url,
        text,
        known,
    })
}

#[derive(Default)]
struct Stats {
    articles: usize,
    bytes: usize,
    errors: usize,
    kinds: std::collections::BTreeMap<&'static str, usize>,
}

impl Stats {
    fn report(&self, secs: f64) {
        let total: usize = self.kinds.values().sum();
        let per: Vec<String> = self.kinds.iter().map(|(k, n)| format!("{k} {n}")).collect();
        let mb = self.bytes as f64 / 1e6;
        eprintln!(
            "{} articles, {} facts ({}), {} errors, {:.1} MB in {:.2}s ({:.1} MB/s)",
            self.articles,
            total,
            per.join(", "),
            self.errors,
            mb,
            secs,
            if secs > 0.0 { mb / secs } else { 0.0 }
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_on_one_article_is_an_error_for_that_article_alone() {
        let err = guarded("a.txt", || panic!("boom")).expect_err("the panic is caught");
        assert!(err.starts_with("a.txt: internal error"), "{err}");
        assert!(err.contains("boom"), "{err}");
        let extractor = Extractor::embedded().expect("embedded rules load");
        let input = Input {
            name: "b.txt".into(),
            url: None,
            text: "Tổ chức 12 lớp tập huấn.".into(),
            known: Default::default(),
        };
        let out = guarded("b.txt", || {
            pipeline::process(&extractor, input, false, false)
        })
        .expect("no panic");
        assert_eq!(out.article.facts.len(), 1);
    }
}

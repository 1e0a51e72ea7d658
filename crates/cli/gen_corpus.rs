//! `vnfacts gen-corpus`: a deterministic synthetic corpus with its gold.
//!
//! Articles are generated in parallel batches and written in index order, so
//! memory stays flat however many are asked for and the output is the same
//! bytes for the same seed on any number of threads.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use rayon::prelude::*;
use vnfacts_extract::synth::Generator;

use crate::Global;

/// Articles generated per parallel batch: enough work per thread, little memory.
const BATCH: u64 = 1024;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Number of articles to write.
    #[arg(long, short = 'n')]
    articles: u64,
    /// Seed: the same seed writes the same bytes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Index of the first article (to extend or slice a corpus).
    #[arg(long, default_value_t = 0)]
    first: u64,
    /// Output: a .jsonl file, or a directory (gets gen-corpus-s<SEED>.jsonl). Default: stdout.
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Also write each article body as DIR/<article>.txt (the gold `article` key).
    #[arg(long)]
    text_dir: Option<PathBuf>,
    /// No summary on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
}

pub fn run(args: Args, _global: &Global) -> anyhow::Result<ExitCode> {
    let generator =
        Generator::new(args.seed).context("the synthetic corpus generator cannot start")?;
    let out: Box<dyn Write> = match &args.output {
        None => Box::new(io::stdout().lock()),
        Some(path) => {
            let file = output_file(path, args.seed)?;
            let handle =
                File::create(&file).with_context(|| format!("cannot create {}", file.display()))?;
            Box::new(handle)
        }
    };
    let mut out = BufWriter::with_capacity(1 << 20, out);
    if let Some(dir) = &args.text_dir {
        fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the text directory {}", dir.display()))?;
    }
    let started = Instant::now();
    let (mut bytes, mut facts) = (0u64, 0u64);
    let end = args.first.saturating_add(args.articles);
    let mut batch_start = args.first;
    while batch_start < end {
        let batch_end = batch_start.saturating_add(BATCH).min(end);
        let lines: Vec<anyhow::Result<(Vec<u8>, usize)>> = (batch_start..batch_end)
            .into_par_iter()
            .map(|i| render(&generator, i, args.text_dir.as_deref()))
            .collect();
        for line in lines {
            let (line, n) = line?;
            bytes += line.len() as u64;
            facts += n as u64;
            match out.write_all(&line) {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
                other => other.context("cannot write the corpus")?,
            }
        }
        batch_start = batch_end;
    }
    match out.flush() {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        other => other.context("cannot write the corpus")?,
    }
    if !args.quiet {
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        eprintln!(
            "gen-corpus: {} articles, {facts} gold facts, {:.1} MB JSON Lines in {secs:.2} s ({:.1} MB/s, seed {})",
            args.articles,
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / secs,
            args.seed
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// One article as a JSON line (and its .txt when asked); returns the fact count too.
fn render(
    generator: &Generator,
    i: u64,
    text_dir: Option<&Path>,
) -> anyhow::Result<(Vec<u8>, usize)> {
    let article = generator.generate(i);
    if let Some(dir) = text_dir {
        let path = dir.join(&article.name);
        fs::write(&path, &article.text)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let mut line = Vec::with_capacity(article.text.len() * 2 + 1024);
    article
        .write_json_line(&mut line)
        .with_context(|| format!("cannot serialize {}", article.name))?;
    Ok((line, article.facts.len()))
}

/// `-o DIR` writes `DIR/gen-corpus-s<SEED>.jsonl`; anything else is the file itself.
fn output_file(path: &Path, seed: u64) -> anyhow::Result<PathBuf> {
    if path.is_dir() {
        return Ok(path.join(format!("gen-corpus-s{seed}.jsonl")));
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    Ok(path.to_path_buf())
}

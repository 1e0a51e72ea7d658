//! `vnfacts`: the thin binary that wires the crates. One module per subcommand.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// jemalloc: facts, tokens and lower-cased windows are many small
/// short-lived strings on every thread; it cut extraction CPU by a tenth
/// against glibc malloc (see the workspace Cargo.toml).
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

mod article;
mod crawl;
mod demo;
mod eval;
mod export;
mod extract;
mod facts_out;
mod gen_corpus;
mod index;
mod normalize;
mod run;
mod search;
mod serve;
mod sources;
mod util;

/// Mine structured facts from Vietnamese government news, and search them.
#[derive(Parser)]
#[command(name = "vnfacts", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

/// Options every subcommand understands.
#[derive(clap::Args, Debug, Clone)]
pub struct Global {
    /// More log output (-v info, -vv debug); RUST_LOG overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Data directory (crawl state, WARC, articles, index).
    #[arg(
        long,
        global = true,
        env = "VNFACTS_DATA",
        default_value = "vnfacts-data"
    )]
    pub data: std::path::PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Crawl the portals of a sources file into DATA/warc and DATA/articles (resumable; --status for counts).
    Crawl(crawl::Args),
    /// Validate (`check`) or list the portal sources file.
    Sources(sources::Args),
    /// Build or update the search index (DATA/index) from articles JSON Lines.
    Index(index::Args),
    /// Search articles and facts: words, "phrases", document numbers, filters.
    Search(search::Args),
    /// Export matching facts as CSV, xlsx, JSON Lines or Parquet.
    Export(export::Args),
    /// Print files as normalized Vietnamese text (NFC, one tone placement, clean spaces).
    Normalize(normalize::Args),
    /// Extract facts and metadata from articles (.txt, .html, .jsonl) as JSON Lines, CSV or Parquet.
    Extract(extract::Args),
    /// Score an extraction against a gold file: precision, recall, F1 per kind.
    Eval(eval::Args),
    /// Content extraction alone on saved pages (.html, .html.gz): one JSON object per page.
    Article(article::Args),
    /// Write a deterministic synthetic corpus of Vietnamese government news with its gold facts (JSON Lines).
    GenCorpus(gen_corpus::Args),
    /// Crawl, extract and index in one go, incrementally, with a closing summary.
    Run(run::Args),
    /// Serve the JSON API and the search page over DATA/index.
    Serve(serve::Args),
    /// The whole job on local fixture portals (no internet), then the search page.
    Demo(demo::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    util::init_logging(cli.global.verbose);
    let result = match cli.command {
        Command::Crawl(args) => crawl::run(args, &cli.global),
        Command::Sources(args) => sources::run(args, &cli.global),
        Command::Index(args) => index::run(args, &cli.global),
        Command::Search(args) => search::run(args, &cli.global),
        Command::Export(args) => export::run(args, &cli.global),
        Command::Normalize(args) => normalize::run(args, &cli.global),
        Command::Extract(args) => extract::run(args, &cli.global),
        Command::Eval(args) => eval::run(args, &cli.global),
        Command::Article(args) => article::run(args, &cli.global),
        Command::GenCorpus(args) => gen_corpus::run(args, &cli.global),
        Command::Run(args) => run::run(args, &cli.global),
        Command::Serve(args) => serve::run(args, &cli.global),
        Command::Demo(args) => demo::run(args, &cli.global),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

//! `vnfacts crawl`: polite, resumable crawl of the portals in a sources file
//! into DATA/warc (raw) and DATA/articles (JSON Lines).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;
use vnfacts_crawl::{crawler, sources, CrawlConfig};

use crate::Global;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Sources file (see `vnfacts sources check`).
    #[arg(long, default_value = "corpus/sources.toml")]
    pub sources: PathBuf,
    /// Crawl only these source ids (repeatable).
    #[arg(long = "only", value_name = "ID")]
    pub only: Vec<String>,
    /// Print per-source counts of the crawl state and exit.
    #[arg(long)]
    pub status: bool,
    /// Print the run report (or --status) as JSON.
    #[arg(long)]
    pub json: bool,
    /// Skip sitemap/feed entries and articles published before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<chrono::NaiveDate>,
    /// Fetch at most this many URLs per source in this run.
    #[arg(long, value_name = "N")]
    pub max_pages: Option<u64>,
    /// Follow links up to this depth from the start pages.
    #[arg(long, default_value_t = 4)]
    pub max_depth: u32,
    /// Sources crawled in parallel (each host still gets one request at a time).
    #[arg(long, default_value_t = 16)]
    pub parallel: usize,
    /// Delay between requests to one host, overriding the sources file
    /// (robots.txt Crawl-delay still wins when longer).
    #[arg(long, value_name = "MS")]
    pub delay_ms: Option<u64>,
    /// Allow private, loopback and link-local addresses (local testing only).
    #[arg(long)]
    pub allow_private: bool,
    /// User-Agent; keep a contact URL in it.
    #[arg(long)]
    pub user_agent: Option<String>,
    /// Request timeout in seconds.
    #[arg(long, default_value_t = 30)]
    pub timeout_secs: u64,
    /// Largest body accepted, in bytes.
    #[arg(long, default_value_t = 10 * 1024 * 1024)]
    pub max_body: usize,
    /// Redirects followed per URL.
    #[arg(long, default_value_t = 5)]
    pub max_redirects: usize,
    /// Attempts per URL (timeouts, 5xx, 429) before it is marked failed.
    #[arg(long, default_value_t = 4)]
    pub max_attempts: u32,
    /// Rotate WARC files at this size (MiB).
    #[arg(long, default_value_t = 1024)]
    pub warc_max_mb: u64,
    /// Fetch finished start pages, sitemaps, feeds and listings again (conditional GET).
    #[arg(long)]
    pub refresh: bool,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    if args.status {
        let rows = crawler::status(&global.data)
            .with_context(|| format!("reading crawl state in {}", global.data.display()))?;
        if rows.is_empty() && !args.json {
            println!(
                "no crawl state in {} (run `vnfacts crawl` first, or pass --data DIR)",
                global.data.display()
            );
        } else {
            print_status(&rows, args.json);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let set = sources::load(&args.sources)?;
    let mut cfg = CrawlConfig::new(global.data.clone());
    cfg.only = args.only;
    cfg.limits.since = args.since;
    cfg.limits.max_depth = args.max_depth;
    cfg.max_pages_per_source = args.max_pages;
    cfg.parallel = args.parallel;
    cfg.delay_override = args.delay_ms.map(Duration::from_millis);
    cfg.fetch.allow_private = args.allow_private;
    if let Some(ua) = args.user_agent.or(set.user_agent.clone()) {
        cfg.fetch.user_agent = ua;
    }
    cfg.fetch.timeout = Duration::from_secs(args.timeout_secs.max(1));
    cfg.fetch.max_body = args.max_body;
    cfg.fetch.max_redirects = args.max_redirects;
    cfg.max_attempts = args.max_attempts.max(1);
    cfg.warc_max_bytes = args.warc_max_mb.max(1) * 1024 * 1024;
    cfg.refresh = args.refresh;
    let report = crawler::crawl_blocking(&set, cfg)?;
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        let c = &report.counters;
        println!(
            "{} fetched, {} articles, {} copies, {} failed, {} not modified, {} replayed from WARC in {:.1}s{}",
            c.fetched,
            c.articles,
            c.copies,
            c.failed,
            c.not_modified,
            c.replayed,
            report.elapsed_secs,
            if report.stopped { " (stopped; run again to resume)" } else { "" }
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn print_status(rows: &[vnfacts_crawl::frontier::SourceStatus], json: bool) {
    if json {
        for r in rows {
            if let Ok(s) = serde_json::to_string(r) {
                println!("{s}");
            }
        }
        return;
    }
    println!(
        "{:<28} {:>8} {:>9} {:>8} {:>7} {:>9} {:>7}",
        "source", "queued", "in_flight", "done", "failed", "articles", "copies"
    );
    for r in rows {
        println!(
            "{:<28} {:>8} {:>9} {:>8} {:>7} {:>9} {:>7}",
            r.source, r.queued, r.in_flight, r.done, r.failed, r.articles, r.copies
        );
    }
}

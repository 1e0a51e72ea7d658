//! Crawl throughput on the fixture server with politeness off, and peak
//! memory with a 100k-URL frontier.
//!
//! `cargo bench -p vnfacts-crawl --bench crawl` (env: BENCH_FRONTIER, default
//! 100000 queued URLs; BENCH_PAGES, default 3000 fetched; BENCH_CONCURRENCY,
//! default 8 requests in flight). Each fetched page goes through the whole
//! path: HTTP, WARC, decode, content extraction, dedup, frontier update.
//! Prints figures; asserts nothing about time.

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

use vnfacts_crawl::fixture_server::FixtureServer;
use vnfacts_crawl::frontier::{Frontier, Kind};
use vnfacts_crawl::{crawl, sources, CrawlConfig};

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Peak resident memory of this process (Linux), in MiB.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// A portal serving one article template under `/gen/` (text varies with the path).
fn write_portal(root: &Path) -> std::io::Result<()> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus/fixtures/portals/sharepoint/Pages/tin-tuc/chuyen-doi-so-1001.aspx");
    let page = std::fs::read_to_string(fixtures)?.replace(
        "<h1 class=\"title-news\">",
        "<h1 class=\"title-news\">{{path}} ",
    );
    let dir = root.join("bench");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("article.html"), page)?;
    std::fs::write(
        dir.join("index.html"),
        "<html><body><a href=\"/gen/0\">0</a></body></html>",
    )?;
    std::fs::write(dir.join("robots.txt"), "User-agent: *\nAllow: /\n")?;
    std::fs::write(
        dir.join("_server.toml"),
        "[[route]]\nprefix = \"/gen/\"\nfile = \"article.html\"\n",
    )
}

fn main() {
    let frontier_size = env_or("BENCH_FRONTIER", 100_000);
    let pages = env_or("BENCH_PAGES", 3000);
    let concurrency = env_or("BENCH_CONCURRENCY", 8);
    let tmp = tempfile::tempdir().expect("temp dir");
    write_portal(tmp.path()).expect("bench portal");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let server = FixtureServer::start(tmp.path()).await.expect("fixture server");
        let base = server.base("bench").expect("bench portal").to_string();
        let host = base.trim_start_matches("http://");
        let toml = format!(
            "[[source]]\nid = \"bench\"\nname = \"bench\"\nprovince = \"Hà Nội\"\nbase_url = \"{base}/\"\nallowed_hosts = [\"{host}\"]\npoliteness = {{ delay_ms = 0, concurrency = {concurrency} }}\n"
        );
        let set = sources::parse(&toml).expect("bench sources");
        let data = tmp.path().join("data");
        std::fs::create_dir_all(&data).expect("data dir");
        let t = Instant::now();
        {
            let mut f = Frontier::open(&data.join("crawl.sqlite")).expect("frontier");
            let urls: Vec<(String, Kind, u32)> = (1..=frontier_size).map(|i| (format!("{base}/gen/{i}"), Kind::Article, 1)).collect();
            for chunk in urls.chunks(10_000) {
                f.enqueue("bench", chunk).expect("enqueue");
            }
        }
        let enqueue_secs = t.elapsed().as_secs_f64();
        let mut cfg = CrawlConfig::new(data.clone());
        cfg.fetch.allow_private = true;
        cfg.delay_override = Some(Duration::ZERO);
        cfg.max_pages_per_source = Some(pages);
        cfg.limits.max_depth = 0;
        let t = Instant::now();
        let report = crawl(&set, cfg, Arc::new(AtomicBool::new(false))).await.expect("crawl");
        let secs = t.elapsed().as_secs_f64();
        let c = &report.counters;
        println!("frontier: {frontier_size} URLs queued in {enqueue_secs:.2}s");
        println!(
            "crawl: {} pages in {secs:.2}s = {:.0} pages/s ({} in flight, politeness off; {} articles, {} copies)",
            c.fetched,
            c.fetched as f64 / secs,
            concurrency,
            c.articles,
            c.copies
        );
        let warc: u64 = vnfacts_crawl::warc::list_files(&data.join("warc")).iter().filter_map(|f| std::fs::metadata(f).ok()).map(|m| m.len()).sum();
        println!("warc: {:.1} MiB for {} responses", warc as f64 / 1048576.0, c.fetched);
        match peak_rss_mib() {
            Some(m) => println!("peak memory (VmHWM, server and crawler in one process): {m:.1} MiB"),
            None => println!("peak memory: unavailable (no /proc/self/status)"),
        }
    });
}

//! `vnfacts demo`: the whole job on this machine, no internet needed.
//!
//! Serves the fixture portals (corpus/fixtures/portals) on 127.0.0.1, runs the
//! same pipeline as `vnfacts run` into a temporary data directory, prints what
//! it found, then serves the search page until Ctrl-C.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context as _};
use vnfacts_crawl::fixture_server::BackgroundServer;
use vnfacts_crawl::CrawlConfig;
use vnfacts_index::{SearchRequest, Searcher, Sort, Store, Target};
use vnfacts_server::{AppState, Limits};

use crate::Global;

/// Where the fixture portals live, relative to the repository root.
const FIXTURES: &str = "corpus/fixtures/portals";

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Stop after printing the findings instead of serving the search page.
    #[arg(long)]
    pub no_serve: bool,
    /// Address of the search page (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:0")]
    pub addr: SocketAddr,
    /// Build into this directory and keep it (default: a temporary directory, removed at the end).
    #[arg(long, value_name = "DIR")]
    pub keep: Option<PathBuf>,
    /// The fixture portals (default: corpus/fixtures/portals of this repository).
    #[arg(long, value_name = "DIR")]
    pub fixtures: Option<PathBuf>,
}

pub fn run(args: Args, _global: &Global) -> anyhow::Result<ExitCode> {
    let fixtures = fixtures_dir(args.fixtures.as_deref())?;
    let (data, temporary) = match &args.keep {
        Some(dir) => (dir.clone(), false),
        None => (
            std::env::temp_dir().join(format!("vnfacts-demo-{}", std::process::id())),
            true,
        ),
    };
    let result = demo(&args, &fixtures, &data);
    if temporary {
        let _ = std::fs::remove_dir_all(&data);
    }
    result
}

fn demo(args: &Args, fixtures: &Path, data: &Path) -> anyhow::Result<ExitCode> {
    std::fs::create_dir_all(data).with_context(|| format!("cannot create {}", data.display()))?;
    let portals = BackgroundServer::start(fixtures, Duration::ZERO)
        .with_context(|| format!("cannot serve the fixture portals in {}", fixtures.display()))?;
    let sources_path = fixtures.join("sources.toml");
    let text = std::fs::read_to_string(&sources_path)
        .with_context(|| format!("cannot read {}", sources_path.display()))?;
    let set = match vnfacts_crawl::sources::parse(&portals.server.fill(&text)) {
        Ok(set) => set,
        Err(problems) => {
            let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
            bail!("{}: {}", sources_path.display(), list.join("; "));
        }
    };
    println!("fixture portals:");
    for (name, base) in portals.server.portals() {
        println!("  {name:<14} {base}");
    }
    println!("data directory: {}", data.display());
    println!();
    let summary = crate::run::pipeline(&set, crawl_config(&set, data), data, true)?;
    summary.print();
    let store = Store::open(&data.join("index"))?;
    let searcher = Searcher::new(&store)?;
    println!();
    print_kind_table(&searcher)?;
    println!();
    print_document_lookup(&searcher)?;
    if args.no_serve {
        return Ok(ExitCode::SUCCESS);
    }
    println!();
    let state = AppState::open(data, Limits::default())?;
    crate::serve::serve(state, args.addr)?;
    Ok(ExitCode::SUCCESS)
}

/// The fixture server is local and ours: no politeness delay, private addresses allowed,
/// short back-off so the fault pages (500, 429) do not hold the demo up.
fn crawl_config(set: &vnfacts_crawl::sources::SourceSet, data: &Path) -> CrawlConfig {
    let mut cfg = CrawlConfig::new(data.to_path_buf());
    cfg.fetch.allow_private = true;
    cfg.delay_override = Some(Duration::ZERO);
    cfg.backoff_base = Duration::from_millis(50);
    cfg.backoff_cap = Duration::from_millis(500);
    cfg.max_retry_after = Duration::from_secs(2);
    cfg.fetch.timeout = Duration::from_secs(5);
    if let Some(ua) = set.user_agent.clone() {
        cfg.fetch.user_agent = ua;
    }
    cfg
}

fn fixtures_dir(given: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(p) = given {
        return Ok(p.to_path_buf());
    }
    let candidates = [
        PathBuf::from(FIXTURES),
        Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURES),
    ];
    match candidates.iter().find(|p| p.join("sources.toml").is_file()) {
        Some(p) => Ok(p.clone()),
        None => bail!(
            "cannot find the fixture portals ({FIXTURES}); run the demo from the repository root or pass --fixtures DIR"
        ),
    }
}

/// Facts by kind with an example of each, from the index.
fn print_kind_table(searcher: &Searcher) -> anyhow::Result<()> {
    let all = searcher.search(&SearchRequest {
        query: String::new(),
        target: Target::Facts,
        limit: 1,
        facets: true,
        ..SearchRequest::default()
    })?;
    println!("{:<14} {:>6}  example", "kind", "facts");
    for k in &all.facets.kind {
        let example = searcher.search(&SearchRequest {
            query: format!("kind:{}", k.value),
            target: Target::Facts,
            limit: 1,
            facets: false,
            ..SearchRequest::default()
        })?;
        let text = example
            .hits
            .first()
            .and_then(|h| h.fact.as_ref())
            .and_then(|f| f.get("text"))
            .and_then(|t| t.as_str())
            .unwrap_or("");
        println!("{:<14} {:>6}  {}", k.value, k.count, clip(text, 60));
    }
    Ok(())
}

/// Look up the document number cited by the most articles, as a journalist would.
fn print_document_lookup(searcher: &Searcher) -> anyhow::Result<()> {
    let docs = searcher.search(&SearchRequest {
        query: "kind:document".into(),
        target: Target::Facts,
        limit: 100,
        facets: false,
        ..SearchRequest::default()
    })?;
    let mut cited: BTreeMap<String, usize> = BTreeMap::new();
    for h in &docs.hits {
        let id = h
            .fact
            .as_ref()
            .and_then(|f| f.get("id"))
            .and_then(|v| v.as_str());
        // Numbered documents only: a law's name is not what people type a lookup for.
        if let Some(id) = id.filter(|id| id.contains('/')) {
            *cited.entry(id.to_string()).or_default() += 1;
        }
    }
    let Some((id, _)) = cited.iter().max_by_key(|(id, n)| (**n, id.len())) else {
        println!("no numbered document found to look up");
        return Ok(());
    };
    let found = searcher.search(&SearchRequest {
        query: format!("doc:\"{id}\""),
        target: Target::Articles,
        sort: Sort::Date,
        limit: 20,
        facets: false,
        ..SearchRequest::default()
    })?;
    println!(
        "document lookup: `vnfacts search 'doc:{id}'` -> {} article(s)",
        found.total
    );
    for h in &found.hits {
        let date = h
            .published
            .as_deref()
            .and_then(|d| d.get(..10))
            .unwrap_or("?");
        println!(
            "  {date}  {}  {}",
            h.province.as_deref().unwrap_or("?"),
            clip(h.title.as_deref().unwrap_or(""), 70)
        );
        if let Some(url) = &h.url {
            println!("      {url}");
        }
        if let Some(c) = h.citations.first() {
            println!("      « {} »", clip(&c.sentence, 110));
        }
    }
    Ok(())
}

fn clip(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        return s;
    }
    let cut: String = s.chars().take(max - 1).collect();
    format!("{cut}…")
}

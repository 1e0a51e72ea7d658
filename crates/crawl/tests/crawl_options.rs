//! Crawl options on the fixture portals: conditional GET on refresh,
//! `--since`, the private-address guard, page budgets, resuming after a stop.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use vnfacts_crawl::articles::{self, Article};
use vnfacts_crawl::fixture_server::FixtureServer;
use vnfacts_crawl::frontier::Frontier;
use vnfacts_crawl::sources::SourceSet;
use vnfacts_crawl::{crawl, sources, CrawlConfig, Report};

fn portals_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/fixtures/portals")
}

fn config(data: &Path, only: &str) -> CrawlConfig {
    let mut cfg = CrawlConfig::new(data.to_path_buf());
    cfg.fetch.allow_private = true;
    cfg.fetch.timeout = Duration::from_secs(2);
    cfg.delay_override = Some(Duration::ZERO);
    cfg.backoff_base = Duration::from_millis(20);
    cfg.only = vec![only.to_string()];
    cfg
}

async fn setup() -> (FixtureServer, SourceSet) {
    let server = FixtureServer::start(&portals_root()).await.unwrap();
    let template = std::fs::read_to_string(portals_root().join("sources.toml")).unwrap();
    let set = sources::parse(&server.fill(&template)).unwrap();
    (server, set)
}

async fn run(set: &SourceSet, cfg: CrawlConfig) -> Report {
    crawl(set, cfg, Arc::new(AtomicBool::new(false)))
        .await
        .unwrap()
}

fn stored(data: &Path) -> Vec<Article> {
    articles::list_files(&data.join("articles"))
        .iter()
        .flat_map(|f| articles::read_file(f).unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refresh_uses_conditional_get() {
    let (server, set) = setup().await;
    let dir = tempfile::tempdir().unwrap();
    let first = run(&set, config(dir.path(), "fx-wordpress")).await;
    assert!(first.counters.articles >= 2, "{first:?}");
    let mut cfg = config(dir.path(), "fx-wordpress");
    cfg.refresh = true;
    let second = run(&set, cfg).await;
    assert!(
        second.counters.not_modified >= 3,
        "start page, listing and feed answered 304: {second:?}"
    );
    assert_eq!(second.counters.articles, 0);
    assert_eq!(
        server.hits("wordpress", "/2024/07/trien-khai-binh-dang-gioi/"),
        1,
        "articles are not refetched"
    );
    assert_eq!(server.hits("wordpress", "/"), 2);
    assert_eq!(stored(dir.path()).len(), first.counters.articles as usize);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn since_skips_older_entries_and_articles() {
    let (_server, set) = setup().await;
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(dir.path(), "fx-liferay");
    cfg.limits.since = chrono::NaiveDate::from_ymd_opt(2024, 9, 1);
    run(&set, cfg).await;
    let arts = stored(dir.path());
    let urls: Vec<&str> = arts.iter().map(|a| a.url.as_str()).collect();
    assert_eq!(urls.len(), 1, "{urls:?}");
    assert!(urls[0].ends_with("/content/nong-thon-moi"), "{urls:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_addresses_refused_without_allow_private() {
    let (server, set) = setup().await;
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(dir.path(), "fx-wordpress");
    cfg.fetch.allow_private = false;
    let report = run(&set, cfg).await;
    assert_eq!(report.counters.fetched, 0);
    let home = format!("{}/", server.base("wordpress").unwrap());
    let f = Frontier::open(&dir.path().join("crawl.sqlite")).unwrap();
    assert_eq!(f.state(&home).unwrap().as_deref(), Some("failed"));
    assert!(f
        .last_error(&home)
        .unwrap()
        .unwrap_or_default()
        .contains("private"));
    assert_eq!(
        server.all_hits().values().sum::<u32>(),
        0,
        "nothing may reach 127.0.0.1"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_budget_then_resume() {
    let (server, set) = setup().await;
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(dir.path(), "fx-sharepoint");
    cfg.max_pages_per_source = Some(3);
    let first = run(&set, cfg).await;
    assert_eq!(first.counters.fetched, 3, "{first:?}");
    let second = run(&set, config(dir.path(), "fx-sharepoint")).await;
    assert!(second.counters.fetched > 0);
    assert_eq!(stored(dir.path()).len(), 4);
    for ((_, path), n) in server.all_hits() {
        if path != "/robots.txt" {
            assert_eq!(n, 1, "{path} fetched {n} times across the two runs");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stop_flag_ends_cleanly_and_resumes() {
    let (_server, set) = setup().await;
    let dir = tempfile::tempdir().unwrap();
    let stop = Arc::new(AtomicBool::new(true));
    let report = crawl(&set, config(dir.path(), "fx-dnn"), stop)
        .await
        .unwrap();
    assert!(report.stopped);
    assert_eq!(report.counters.fetched, 0);
    let f = Frontier::open(&dir.path().join("crawl.sqlite")).unwrap();
    let st = f.status().unwrap();
    assert_eq!(
        st[0].in_flight, 0,
        "nothing left in flight after a clean stop"
    );
    drop(f);
    run(&set, config(dir.path(), "fx-dnn")).await;
    assert_eq!(stored(dir.path()).len(), 2);
    for w in vnfacts_crawl::warc::list_files(&dir.path().join("warc")) {
        assert!(vnfacts_crawl::read_warc(&w).all(|r| r.is_ok()));
    }
}

/// A kill after the WARC record was written but before the URL was marked
/// done: the next run records it from the archive instead of fetching it
/// again, and does not store its article twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn archived_but_unrecorded_responses_are_replayed_not_refetched() {
    let (server, set) = setup().await;
    let dir = tempfile::tempdir().unwrap();
    run(&set, config(dir.path(), "fx-dnn")).await;
    let article = format!(
        "{}/tin-tuc/ArticleID/300/tro-giup-phap-ly",
        server.base("dnn").unwrap()
    );
    let before = stored(dir.path()).len();
    {
        // Rewind the state to "fetched and archived, not yet recorded".
        let db = rusqlite::Connection::open(dir.path().join("crawl.sqlite")).unwrap();
        db.execute(
            "UPDATE urls SET state = 'in_flight' WHERE url = ?1",
            [&article],
        )
        .unwrap();
        db.execute("UPDATE meta SET value = substr(value, 1, instr(value, char(9))) || '0' WHERE key = 'warc_checkpoint'", []).unwrap();
    }
    let hits_before = server.hits("dnn", "/tin-tuc/ArticleID/300/tro-giup-phap-ly");
    let report = run(&set, config(dir.path(), "fx-dnn")).await;
    assert!(report.counters.replayed >= 1, "{report:?}");
    assert_eq!(
        server.hits("dnn", "/tin-tuc/ArticleID/300/tro-giup-phap-ly"),
        hits_before,
        "refetched"
    );
    let f = Frontier::open(&dir.path().join("crawl.sqlite")).unwrap();
    assert_eq!(f.state(&article).unwrap().as_deref(), Some("done"));
    assert_eq!(stored(dir.path()).len(), before, "article stored twice");
}

/// Host names go through the guarded resolver (and keep their port).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn host_names_resolve_through_the_guard() {
    let (server, _) = setup().await;
    let port = server
        .base("dnn")
        .unwrap()
        .rsplit(':')
        .next()
        .unwrap()
        .to_string();
    let toml = format!(
        "[[source]]\nid = \"local\"\nname = \"n\"\nprovince = \"p\"\nbase_url = \"http://localhost:{port}/\"\nallowed_hosts = [\"localhost:{port}\"]\n"
    );
    let set = sources::parse(&toml).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let report = run(&set, config(dir.path(), "local")).await;
    assert!(report.counters.articles >= 2, "{report:?}");
}

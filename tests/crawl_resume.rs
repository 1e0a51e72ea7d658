//! Kill `vnfacts crawl` with SIGKILL mid-crawl, run it again, and check the
//! result is as if it had never been interrupted: every fixture article
//! stored exactly once, every WARC file readable, no response archived
//! twice. Also `sources check` and `crawl --status` end to end.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use vnfacts_crawl::articles;
use vnfacts_crawl::fixture_server::BackgroundServer;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vnfacts"))
}

fn portals() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/fixtures/portals")
}

const PORTALS: [&str; 4] = ["fx-sharepoint", "fx-liferay", "fx-dnn", "fx-wordpress"];

fn crawl_cmd(data: &Path, sources: &Path) -> Command {
    let mut c = bin();
    c.arg("--data")
        .arg(data)
        .arg("crawl")
        .arg("--sources")
        .arg(sources)
        .args(["--allow-private", "--delay-ms", "0", "--timeout-secs", "5"]);
    for p in PORTALS {
        c.args(["--only", p]);
    }
    c.stdout(Stdio::null()).stderr(Stdio::null());
    c
}

fn article_lines(data: &Path) -> usize {
    articles::list_files(&data.join("articles"))
        .iter()
        .map(|f| {
            std::fs::read_to_string(f)
                .map(|s| s.lines().count())
                .unwrap_or(0)
        })
        .sum()
}

/// The fixture portals, served with 40 ms per response so a crawl is slow
/// enough to be interrupted mid-way, and a temp dir holding `sources.toml`
/// pointed at them.
fn slow_portals() -> (BackgroundServer, tempfile::TempDir) {
    let bg = BackgroundServer::start(&portals(), Duration::from_millis(40)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("sources.toml"),
        bg.server
            .fill(&std::fs::read_to_string(portals().join("sources.toml")).unwrap()),
    )
    .unwrap();
    (bg, dir)
}

/// Wait (at most a minute) until the crawl has stored `n` articles.
fn wait_for_articles(data: &Path, n: usize) {
    let start = Instant::now();
    while article_lines(data) < n && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn sigkill_then_resume_stores_everything_once() {
    // Latency per response keeps the crawl slow enough to be killed mid-way.
    let (bg, dir) = slow_portals();
    let (sources, data) = (dir.path().join("sources.toml"), dir.path().join("data"));

    let mut child = crawl_cmd(&data, &sources).spawn().unwrap();
    wait_for_articles(&data, 3);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let before = article_lines(&data);
    assert!(before >= 3, "the crawl stored nothing before the kill");

    let status = crawl_cmd(&data, &sources).status().unwrap();
    assert!(status.success());

    // Every article once.
    let mut stored = Vec::new();
    for f in articles::list_files(&data.join("articles")) {
        stored.extend(articles::read_file(&f).unwrap());
    }
    let mut urls: Vec<&str> = stored.iter().map(|a| a.url.as_str()).collect();
    urls.sort();
    let n = urls.len();
    urls.dedup();
    assert_eq!(n, urls.len(), "an article stored twice: {urls:?}");
    let base = |p: &str| bg.server.base(p).unwrap().to_string();
    let expected = [
        format!(
            "{}/Pages/tin-tuc/binh-dang-gioi-1000.aspx",
            base("sharepoint")
        ),
        format!(
            "{}/Pages/tin-tuc/chuyen-doi-so-1001.aspx",
            base("sharepoint")
        ),
        format!(
            "{}/Pages/tin-tuc/van-hoa-le-hoi-1002.aspx",
            base("sharepoint")
        ),
        format!(
            "{}/Pages/tin-tuc/giao-duc-nghe-nghiep-1003.aspx",
            base("sharepoint")
        ),
        format!(
            "{}/web/guest/tin-tuc/-/asset_publisher/Xk2p/content/phong-chong-thien-tai",
            base("liferay")
        ),
        format!(
            "{}/web/guest/tin-tuc/-/asset_publisher/Xk2p/content/an-toan-giao-thong",
            base("liferay")
        ),
        format!(
            "{}/web/guest/tin-tuc/-/asset_publisher/Xk2p/content/nong-thon-moi",
            base("liferay")
        ),
        format!("{}/tin-tuc/ArticleID/300/tro-giup-phap-ly", base("dnn")),
        format!("{}/tin-tuc/ArticleID/301/y-te-co-so", base("dnn")),
        format!("{}/2024/07/trien-khai-binh-dang-gioi/", base("wordpress")),
        format!("{}/2024/09/nong-thon-moi-nang-cao/", base("wordpress")),
    ];
    for u in &expected {
        let holders: Vec<&str> = stored
            .iter()
            .filter(|a| a.url == *u || a.copies.contains(u))
            .map(|a| a.url.as_str())
            .collect();
        assert_eq!(holders.len(), 1, "{u} held by {holders:?}");
    }
    // 9 distinct texts among the 11 pages (two republished by the district).
    assert_eq!(
        stored.len(),
        9,
        "{:?}",
        stored.iter().map(|a| &a.url).collect::<Vec<_>>()
    );

    // Every WARC file readable, every frontier URL archived at most once.
    let mut completed: HashMap<String, u32> = HashMap::new();
    let files = vnfacts_crawl::warc::list_files(&data.join("warc"));
    assert!(!files.is_empty());
    for f in &files {
        for rec in vnfacts_crawl::read_warc(f) {
            let rec = rec.unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            if let Some(u) = rec.warc_header(vnfacts_crawl::warc::FRONTIER_HEADER) {
                *completed.entry(u.to_string()).or_default() += 1;
            }
        }
    }
    let twice: Vec<_> = completed.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "archived twice: {twice:?}");

    // A third run has nothing left to do.
    let out = bin()
        .arg("--data")
        .arg(&data)
        .args(["crawl", "--status", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 4, "{text}");
    for r in &rows {
        assert_eq!(r["queued"], 0, "{r}");
        assert_eq!(r["in_flight"], 0, "{r}");
    }
}

#[test]
fn sources_check_reports_positions_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "[[source]]\nid = \"a\"\nname = \"x\"\nprovince = \"p\"\nbase_url = \"https://a.gov.vn/\"\nallowed_hosts = [\"a.gov.vn\"]\nstart_pages = [\"https://evil.vn/\"]\nlisting_patterns = [\"(\"]\n",
    )
    .unwrap();
    let out = bin().args(["sources", "check"]).arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "bad.toml:7:16: source \"a\": start_pages: host \"evil.vn\" is not in allowed_hosts"
        ),
        "{err}"
    );
    assert!(
        err.contains("bad.toml:8:21: source \"a\": listing_patterns: bad regex"),
        "{err}"
    );
    let ok = bin()
        .args(["sources", "check", "corpus/sources.toml"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
}

#[test]
fn ctrl_c_stops_cleanly_and_the_next_run_finishes() {
    let (_bg, dir) = slow_portals();
    let (sources, data) = (dir.path().join("sources.toml"), dir.path().join("data"));
    let mut child = crawl_cmd(&data, &sources).spawn().unwrap();
    wait_for_articles(&data, 2);
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "a clean stop exits 0: {status:?}");
    for f in vnfacts_crawl::warc::list_files(&data.join("warc")) {
        assert!(
            vnfacts_crawl::read_warc(&f).all(|r| r.is_ok()),
            "{} not finished",
            f.display()
        );
    }
    let out = bin()
        .arg("--data")
        .arg(&data)
        .args(["crawl", "--status", "--json"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines().all(|l| l.contains("\"in_flight\":0")),
        "{text}"
    );
    assert!(crawl_cmd(&data, &sources).status().unwrap().success());
    let mut stored = Vec::new();
    for f in articles::list_files(&data.join("articles")) {
        stored.extend(articles::read_file(&f).unwrap());
    }
    assert_eq!(stored.len(), 9);
}

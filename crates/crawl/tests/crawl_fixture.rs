//! Crawl of the fixture portals (corpus/fixtures/portals) on 127.0.0.1:
//! discovery, politeness rules, scope, dedup, and one test per fault.
//! One crawl runs once and every test checks its part of the result.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use unicode_normalization::UnicodeNormalization;
use vnfacts_crawl::articles::{self, Article};
use vnfacts_crawl::fixture_server::FixtureServer;
use vnfacts_crawl::frontier::Frontier;
use vnfacts_crawl::{crawl, read_warc, sources, CrawlConfig, Report};

struct Run {
    _dir: tempfile::TempDir,
    data: PathBuf,
    report: Report,
    articles: Vec<Article>,
    hits: HashMap<(String, String), u32>,
    bases: HashMap<String, String>,
}

impl Run {
    fn base(&self, portal: &str) -> &str {
        &self.bases[portal]
    }

    fn hits(&self, portal: &str, path: &str) -> u32 {
        self.hits
            .get(&(portal.to_string(), path.to_string()))
            .copied()
            .unwrap_or(0)
    }

    fn article(&self, url: &str) -> Option<&Article> {
        self.articles.iter().find(|a| a.url == url)
    }

    /// The stored article whose URL or copies include `url`.
    fn group_of(&self, url: &str) -> Option<&Article> {
        self.articles
            .iter()
            .find(|a| a.url == url || a.copies.iter().any(|c| c == url))
    }

    fn state(&self, url: &str) -> Option<String> {
        Frontier::open(&self.data.join("crawl.sqlite"))
            .unwrap()
            .state(url)
            .unwrap()
    }

    fn error(&self, url: &str) -> String {
        Frontier::open(&self.data.join("crawl.sqlite"))
            .unwrap()
            .last_error(url)
            .unwrap()
            .unwrap_or_default()
    }
}

fn portals_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/fixtures/portals")
}

pub fn config(data: &Path) -> CrawlConfig {
    let mut cfg = CrawlConfig::new(data.to_path_buf());
    cfg.fetch.allow_private = true;
    cfg.fetch.timeout = Duration::from_millis(1500);
    cfg.fetch.connect_timeout = Duration::from_secs(1);
    cfg.fetch.max_body = 1024 * 1024;
    cfg.delay_override = Some(Duration::ZERO);
    cfg.backoff_base = Duration::from_millis(50);
    cfg.backoff_cap = Duration::from_millis(200);
    cfg.max_attempts = 3;
    cfg.robots_attempts = 2;
    cfg
}

fn run() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let server = FixtureServer::start(&portals_root()).await.unwrap();
            let template = std::fs::read_to_string(portals_root().join("sources.toml")).unwrap();
            let set = sources::parse(&server.fill(&template)).unwrap();
            let dir = tempfile::tempdir().unwrap();
            let data = dir.path().join("data");
            let report = crawl(&set, config(&data), Arc::new(AtomicBool::new(false)))
                .await
                .unwrap();
            let mut arts = Vec::new();
            for f in articles::list_files(&data.join("articles")) {
                arts.extend(articles::read_file(&f).unwrap());
            }
            let bases = server
                .portals()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            Run {
                _dir: dir,
                data,
                report,
                articles: arts,
                hits: server.all_hits(),
                bases,
            }
        })
    })
}

fn nfc(s: &str) -> String {
    s.nfc().collect()
}

#[test]
fn every_fixture_article_stored_once() {
    let r = run();
    let mut urls: Vec<&str> = r.articles.iter().map(|a| a.url.as_str()).collect();
    urls.sort();
    let n = urls.len();
    urls.dedup();
    assert_eq!(n, urls.len(), "duplicate article URLs: {urls:?}");
    let sp = r.base("sharepoint");
    for slug in [
        "binh-dang-gioi-1000",
        "chuyen-doi-so-1001",
        "van-hoa-le-hoi-1002",
        "giao-duc-nghe-nghiep-1003",
    ] {
        let url = format!("{sp}/Pages/tin-tuc/{slug}.aspx");
        assert!(
            r.group_of(&url).is_some(),
            "missing {url}; report {:?}",
            r.report
        );
    }
    let lf = r.base("liferay");
    for slug in [
        "phong-chong-thien-tai",
        "an-toan-giao-thong",
        "nong-thon-moi",
    ] {
        let url = format!("{lf}/web/guest/tin-tuc/-/asset_publisher/Xk2p/content/{slug}");
        assert!(r.group_of(&url).is_some(), "missing {url}");
    }
    let dnn = r.base("dnn");
    let a = r
        .group_of(&format!("{dnn}/tin-tuc/ArticleID/300/tro-giup-phap-ly"))
        .expect("dnn article via RSS/listing");
    assert_eq!(a.province, "Kon Tum");
    assert!(
        r.group_of(&format!("{dnn}/tin-tuc/ArticleID/301/y-te-co-so"))
            .is_some(),
        "page 2 of the DNN listing (trang-2)"
    );
    for a in &r.articles {
        assert!(
            !a.text.contains("Tổng truy cập") && !a.text.contains("Tìm kiếm tin tức"),
            "chrome in {}: {}",
            a.url,
            a.text
        );
        assert_eq!(a.content_hash.len(), 32);
    }
}

#[test]
fn same_article_at_two_urls_and_on_two_portals() {
    let r = run();
    let wp = r.base("wordpress");
    let sp = r.base("sharepoint");
    let province = format!("{sp}/Pages/tin-tuc/binh-dang-gioi-1000.aspx");
    let district = format!("{wp}/2024/07/trien-khai-binh-dang-gioi/");
    let short = format!("{wp}/?p=101");
    let kept = r.group_of(&province).expect("province article stored");
    let mut group: Vec<&str> = kept.copies.iter().map(String::as_str).collect();
    group.push(&kept.url);
    for u in [&province, &district, &short] {
        assert!(
            group.contains(&u.as_str()),
            "{u} not in one group: {group:?}"
        );
    }
    let lf = r.base("liferay");
    let ntm = r
        .group_of(&format!(
            "{lf}/web/guest/tin-tuc/-/asset_publisher/Xk2p/content/nong-thon-moi"
        ))
        .unwrap();
    assert!(
        ntm.url.contains(&format!("{wp}/")) || ntm.copies.iter().any(|c| c.starts_with(wp)),
        "district copy of the city article: {ntm:?}"
    );
    assert!(r.report.counters.copies >= 3, "{:?}", r.report.counters);
}

#[test]
fn robots_disallow_and_canonical_urls() {
    let r = run();
    assert_eq!(
        r.hits("sharepoint", "/_layouts/15/Authenticate.aspx"),
        0,
        "robots Disallow ignored"
    );
    assert!(r.hits("sharepoint", "/robots.txt") >= 1);
    // utm_* variants and Liferay presentation params collapse to one URL each.
    for ((portal, path), n) in &r.hits {
        assert!(
            !path.contains("utm_")
                && !path.contains("p_p_state")
                && !path.contains("_101_redirect"),
            "fetched non-canonical {portal}{path}"
        );
        if path != "/robots.txt"
            && !path.starts_with("/flaky")
            && !path.starts_with("/busy")
            && !path.starts_with("/slow")
            && !path.starts_with("/loop")
        {
            assert_eq!(*n, 1, "{portal}{path} fetched {n} times");
        }
    }
}

#[test]
fn sitemap_index_rss_and_pagination_discovered() {
    let r = run();
    assert_eq!(r.hits("liferay", "/sitemap_index.xml"), 1);
    assert_eq!(r.hits("liferay", "/sitemap-tin-tuc.xml"), 1);
    assert_eq!(r.hits("dnn", "/rss/tin-tuc.rss"), 1);
    assert_eq!(r.hits("sharepoint", "/Pages/tin-tuc.aspx?Page=2"), 1);
    assert_eq!(r.hits("wordpress", "/tin-tuc/page/2/"), 1);
    assert_eq!(r.hits("dnn", "/tin-tuc/trang-2"), 1);
}

#[test]
fn fault_500_then_200() {
    let r = run();
    let url = format!("{}/flaky", r.base("faults"));
    assert_eq!(r.hits("faults", "/flaky"), 2);
    let a = r.article(&url).expect("article after retry");
    assert!(a.text.contains("chỉ số cải cách hành chính"), "{}", a.text);
}

#[test]
fn fault_429_with_retry_after() {
    let r = run();
    assert_eq!(r.hits("faults", "/busy"), 2);
    let a = r
        .article(&format!("{}/busy", r.base("faults")))
        .expect("article after Retry-After");
    assert!(a.text.contains("1.200 hộ dân"));
}

#[test]
fn fault_response_slower_than_timeout() {
    let r = run();
    let url = format!("{}/slow", r.base("faults"));
    assert_eq!(r.state(&url).as_deref(), Some("failed"));
    assert_eq!(r.hits("faults", "/slow"), 3, "retried up to max_attempts");
    assert!(r.error(&url).contains("timed out"), "{}", r.error(&url));
}

#[test]
fn fault_redirect_loop() {
    let r = run();
    let url = format!("{}/loop-a", r.base("faults"));
    assert_eq!(r.state(&url).as_deref(), Some("failed"));
    assert!(r.error(&url).contains("redirect loop"), "{}", r.error(&url));
    assert_eq!(r.hits("faults", "/loop-a"), 1);
}

#[test]
fn fault_body_over_size_limit() {
    let r = run();
    let url = format!("{}/huge", r.base("faults"));
    assert_eq!(r.state(&url).as_deref(), Some("failed"));
    assert!(r.error(&url).contains("larger than"), "{}", r.error(&url));
}

#[test]
fn fault_binary_served_as_html() {
    let r = run();
    let url = format!("{}/anh.html", r.base("faults"));
    assert_eq!(r.state(&url).as_deref(), Some("failed"));
    assert!(r.error(&url).contains("binary"), "{}", r.error(&url));
    assert!(r.article(&url).is_none());
}

#[test]
fn fault_windows_1258_page() {
    let r = run();
    let a = r
        .article(&format!("{}/cp1258.html", r.base("faults")))
        .expect("windows-1258 article");
    assert!(
        nfc(&a.text).contains("Năng suất lúa hữu cơ đạt 58 tạ mỗi ha"),
        "{}",
        a.text
    );
}

#[test]
fn fault_tcvn3_page() {
    let r = run();
    let a = r
        .article(&format!("{}/tcvn3.html", r.base("faults")))
        .expect("TCVN3 article");
    assert!(
        nfc(&a.text).contains("trợ giúp viên pháp lý đã trực tiếp tư vấn 23 vụ việc"),
        "{}",
        a.text
    );
}

#[test]
fn fault_mojibake_page() {
    let r = run();
    let a = r
        .article(&format!("{}/mojibake.html", r.base("faults")))
        .expect("mojibake article");
    assert!(
        nfc(&a.text).contains("phòng cháy 24/24 giờ tại các khu rừng thông"),
        "{}",
        a.text
    );
    assert!(
        !a.text.contains("Ã") && !a.text.contains("Æ°"),
        "{}",
        a.text
    );
}

#[test]
fn fault_wrong_meta_charset() {
    let r = run();
    let a = r
        .article(&format!("{}/wrong-meta.html", r.base("faults")))
        .expect("article despite a wrong meta charset");
    assert!(
        nfc(&a.text).contains("tổng thu ngân sách nhà nước"),
        "{}",
        a.text
    );
}

#[test]
fn links_to_other_domain_and_private_addresses_not_followed() {
    let r = run();
    for u in [
        "http://example.com/tin/x.html",
        "http://10.0.0.7/admin",
        "http://169.254.169.254/latest/meta-data",
    ] {
        assert_eq!(r.state(u), None, "{u} was queued");
    }
    let other_portal = format!("{}/Pages/tin-tuc.aspx", r.base("sharepoint"));
    // Known (the SharePoint source queued it) but never as a link of the faults portal.
    assert_eq!(
        r.hits("sharepoint", "/Pages/tin-tuc.aspx"),
        1,
        "{other_portal}"
    );
}

#[test]
fn robots_txt_returning_500() {
    let r = run();
    assert_eq!(
        r.hits("robots-broken", "/robots.txt"),
        2,
        "asked again after waiting"
    );
    assert_eq!(
        r.hits("robots-broken", "/"),
        0,
        "pages fetched while robots.txt was unknown"
    );
    let home = format!("{}/", r.base("robots-broken"));
    assert_eq!(
        r.state(&home).as_deref(),
        Some("queued"),
        "left for a later run"
    );
}

#[test]
fn every_response_in_readable_warc() {
    let r = run();
    let files = vnfacts_crawl::warc::list_files(&r.data.join("warc"));
    assert!(!files.is_empty());
    let mut responses = 0;
    for f in files {
        for rec in read_warc(&f) {
            let rec = rec.unwrap();
            if rec.record_type == "response" {
                responses += 1;
            }
        }
    }
    let requests: u32 = r.hits.values().sum();
    // Every answered request is archived; timeouts and aborted bodies are not responses.
    let unanswered = r.hits("faults", "/slow") + r.hits("faults", "/huge");
    assert!(
        responses as u32 >= requests - unanswered,
        "{responses} responses for {requests} requests"
    );
}

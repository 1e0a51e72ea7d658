//! `vnfacts index` end to end: idempotent re-index, replacement, purge, bad
//! lines, and resuming after the process is killed mid-run.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_vnfacts");

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/index/tests/fixtures/articles.jsonl")
}

fn vnfacts(data: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .expect("run vnfacts")
}

fn ok_json(data: &Path, args: &[&str]) -> serde_json::Value {
    let out = vnfacts(data, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn index(data: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["index", "--json"];
    all.extend_from_slice(args);
    ok_json(data, &all)
}

/// Number of articles the index answers for (all articles: empty query).
fn article_count(data: &Path) -> u64 {
    let r = ok_json(data, &["search", "--json", "--limit", "0", "--no-facets"]);
    r["total"].as_u64().unwrap()
}

#[test]
fn indexing_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let fx = fixture();
    let first = index(dir.path(), &[fx.to_str().unwrap()]);
    assert_eq!(first["run"]["added"], 6);
    assert_eq!(first["index"]["articles"], 6);
    assert_eq!(first["index"]["facts"], 15);
    let before = ok_json(dir.path(), &["search", "--json", "bình đẳng giới"]);
    let second = index(dir.path(), &[fx.to_str().unwrap()]);
    assert_eq!(second["run"]["added"], 0);
    assert_eq!(second["run"]["replaced"], 0);
    assert_eq!(second["run"]["unchanged"], 6);
    assert_eq!(second["index"]["articles"], 6);
    assert_eq!(second["index"]["facts"], 15);
    let after = ok_json(dir.path(), &["search", "--json", "bình đẳng giới"]);
    assert_eq!(before["hits"], after["hits"]);
}

#[test]
fn a_changed_article_replaces_the_old_one_and_sources_can_be_purged() {
    let dir = tempfile::tempdir().unwrap();
    let fx = fixture();
    index(dir.path(), &[fx.to_str().unwrap()]);
    let changed = dir.path().join("changed.jsonl");
    let line = r#"{"url":"https://qn.example.gov.vn/tin/3","source":"qn-portal","province":"Quảng Ninh","title":"Bài đã sửa","published":"2024-01-11","text":"Nội dung mới về chuyển đổi số."}"#;
    std::fs::write(&changed, format!("{line}\n")).unwrap();
    let run = index(dir.path(), &[changed.to_str().unwrap()]);
    assert_eq!(run["run"]["replaced"], 1);
    assert_eq!(run["index"]["articles"], 6);
    assert_eq!(
        ok_json(dir.path(), &["search", "--json", "chuyển đổi số"])["total"],
        1
    );
    assert_eq!(
        ok_json(dir.path(), &["search", "--json", "vùng cao"])["total"],
        0
    );

    let purge = index(dir.path(), &["--purge-source", "hn-portal"]);
    assert_eq!(purge["run"]["purged"], 2);
    assert_eq!(purge["index"]["articles"], 4);
    assert_eq!(
        ok_json(
            dir.path(),
            &["search", "--json", "source:hn-portal", "--facts"]
        )["total"],
        0
    );
}

#[test]
fn bad_lines_are_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("mixed.jsonl");
    std::fs::write(&input, "{\"url\":\"u1\",\"text\":\"một\"}\nnot json\n\n{\"text\":\"no key\"}\n{\"url\":\"u2\",\"text\":\"hai\"}\n").unwrap();
    let out = vnfacts(dir.path(), &["index", "--json", input.to_str().unwrap()]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("mixed.jsonl: line 2") && err.contains("mixed.jsonl: line 4"),
        "{err}"
    );
    let run: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(run["run"]["added"], 2);
    assert_eq!(run["run"]["rejected"], 2);
    let missing = vnfacts(dir.path(), &["index", "/no/such/file.jsonl"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/no/such/file.jsonl"));
}

/// A line of a generated article (text we make up here).
fn synthetic(i: usize) -> String {
    let province = ["Quảng Ninh", "Hà Nội"][i % 2];
    serde_json::json!({
        "url": format!("https://example.gov.vn/bai/{i}"),
        "source": "synthetic",
        "province": province,
        "title": format!("Bài số {i} về bình đẳng giới"),
        "published": format!("2023-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
        "text": format!("Hội nghị lần {i} triển khai Kế hoạch số {i}/KH-UBND về bình đẳng giới."),
    })
    .to_string()
}

#[test]
fn a_killed_run_leaves_the_last_commit_searchable_and_the_next_run_completes_it() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("many.jsonl");
    let n = 300;
    let lines: Vec<String> = (0..n).map(synthetic).collect();
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();

    let mut child = Command::new(BIN)
        .arg("--data")
        .arg(dir.path())
        .args([
            "index",
            "--commit-every",
            "10",
            "--threads",
            "1",
            "--memory-mb",
            "20",
            input.to_str().unwrap(),
        ])
        .env("VNFACTS_INDEX_SLOW_MS", "20")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait for a few commits, then kill -9 the indexer between two of them.
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen = 0;
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(150));
        if dir.path().join("index/meta.json").exists() {
            seen = article_count(dir.path());
            if seen >= 30 {
                break;
            }
        }
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(
        !status.success(),
        "the indexer finished before it could be killed; slow it down more"
    );
    let committed = article_count(dir.path());
    assert!(
        committed >= seen && committed < n as u64,
        "committed {committed} of {n}"
    );
    assert_eq!(committed % 10, 0, "only whole commits are visible");
    // The committed part is searchable.
    let hits = ok_json(dir.path(), &["search", "--json", "doc:0/KH-UBND"]);
    assert_eq!(hits["total"], 1, "{hits}");

    let resumed = index(dir.path(), &[input.to_str().unwrap()]);
    assert_eq!(resumed["run"]["unchanged"].as_u64(), Some(committed));
    assert_eq!(resumed["run"]["added"].as_u64(), Some(n as u64 - committed));
    assert_eq!(article_count(dir.path()), n as u64);
}

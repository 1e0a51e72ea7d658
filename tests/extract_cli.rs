//! End-to-end tests of `vnfacts extract` and `vnfacts eval`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vnfacts"))
}

fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if p.join("gold/seeds.jsonl").exists() {
        Some(p)
    } else {
        eprintln!("skipped: ../shared (seeds and gold files) is not beside the checkout");
        None
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/fixtures/articles")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn extracts_a_directory_as_json_lines() {
    let o = bin().arg("extract").arg(fixtures()).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.len() >= 3);
    for a in &lines {
        let text = a["text"].as_str().unwrap();
        for f in a["facts"].as_array().unwrap() {
            let span = f["span"].as_array().unwrap();
            let (s, e) = (
                span[0].as_u64().unwrap() as usize,
                span[1].as_u64().unwrap() as usize,
            );
            assert_eq!(
                &text[s..e],
                f["text"].as_str().unwrap(),
                "offsets cite the normalized text exactly"
            );
        }
    }
    let summary = String::from_utf8_lossy(&o.stderr);
    assert!(
        summary.contains("articles") && summary.contains("MB/s"),
        "{summary}"
    );
}

#[test]
fn a_missing_file_is_reported_and_the_rest_processed() {
    let o = bin()
        .arg("extract")
        .arg("no/such/file.txt")
        .arg(fixtures().join("newspaper.txt"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no/such/file.txt"));
    assert_eq!(stdout(&o).lines().count(), 1);
}

#[test]
fn reads_stdin_and_writes_csv_with_bom() {
    use std::io::Write;
    let mut child = bin()
        .args(["extract", "--format", "csv", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("Sở đã tổ chức 12 lớp tập huấn cho 300 học viên.".as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    let csv = stdout(&o);
    assert!(
        csv.starts_with('\u{feff}'),
        "UTF-8 BOM so Excel reads Vietnamese"
    );
    assert!(csv.contains("lớp tập huấn") && csv.contains("300"), "{csv}");
}

#[test]
fn a_bad_rule_file_names_the_file_and_rule() {
    let dir = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("extractors")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, dir.path().join(f.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        dir.path().join("count.toml"),
        "kind = \"count\"\n[[rule]]\nid = \"count.broken\"\npattern = \"(\"\n",
    )
    .unwrap();
    let o = bin()
        .args(["extract", "--rules"])
        .arg(dir.path())
        .arg(fixtures())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("count.toml") && err.contains("count.broken") && err.contains("regex"),
        "{err}"
    );
}

#[test]
fn eval_agrees_with_score_py() {
    let Some(shared) = shared() else { return };
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("skipped: python3 not found");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for set in ["seeds", "dev"] {
        let pred = dir.path().join(format!("{set}.jsonl"));
        let o = bin()
            .arg("extract")
            .arg(shared.join(set))
            .arg("-o")
            .arg(&pred)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let gold = shared.join(format!("gold/{set}.jsonl"));
        let py = Command::new("python3")
            .arg(shared.join("eval/score.py"))
            .arg(&gold)
            .arg(&pred)
            .arg("--json")
            .output()
            .unwrap();
        let ours = bin()
            .args(["eval", "--json", "--gold"])
            .arg(&gold)
            .arg(&pred)
            .output()
            .unwrap();
        let py: serde_json::Value = serde_json::from_slice(&py.stdout).unwrap();
        let ours: serde_json::Value = serde_json::from_slice(&ours.stdout).unwrap();
        for k in ["kinds", "micro", "attributes", "meta"] {
            assert_eq!(
                py[k], ours[k],
                "{set}: {k} differs between score.py and vnfacts eval"
            );
        }
    }
}

#[test]
fn re_extracts_a_crawl_from_its_warc_files() {
    use vnfacts_crawl::fixture_server::BackgroundServer;
    let portals = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/fixtures/portals");
    let bg = BackgroundServer::start(&portals, std::time::Duration::ZERO).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let sources = dir.path().join("sources.toml");
    std::fs::write(
        &sources,
        bg.server
            .fill(&std::fs::read_to_string(portals.join("sources.toml")).unwrap()),
    )
    .unwrap();
    let data = dir.path().join("data");
    let crawl = bin()
        .arg("--data")
        .arg(&data)
        .args(["crawl", "--sources"])
        .arg(&sources)
        .args([
            "--allow-private",
            "--delay-ms",
            "0",
            "--only",
            "fx-sharepoint",
        ])
        .output()
        .unwrap();
    assert!(
        crawl.status.success(),
        "{}",
        String::from_utf8_lossy(&crawl.stderr)
    );
    let o = bin()
        .arg("extract")
        .arg("--no-text")
        .arg(data.join("warc"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let articles: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        !articles.is_empty(),
        "article pages in the WARC become articles"
    );
    assert!(articles.iter().all(|a| a["article"]
        .as_str()
        .unwrap()
        .starts_with("http://127.0.0.1")));
    assert!(
        articles
            .iter()
            .any(|a| !a["facts"].as_array().unwrap().is_empty()),
        "and yield facts"
    );
}

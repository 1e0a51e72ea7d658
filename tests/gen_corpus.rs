//! `vnfacts gen-corpus`: determinism, shape and self-consistency of the gold.

use std::path::Path;
use std::process::Command;

fn gen(args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_vnfacts"))
        .arg("gen-corpus")
        .arg("--quiet")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run vnfacts: {e}"));
    assert!(
        out.status.success(),
        "gen-corpus failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn lines(bytes: &[u8]) -> Vec<serde_json::Value> {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("output is not UTF-8: {e}"));
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("invalid JSON line ({e}): {l}")))
        .collect()
}

#[test]
fn same_seed_same_bytes_different_seed_different_bytes() {
    let a = gen(&["--articles", "40", "--seed", "7"]);
    let b = gen(&["--articles", "40", "--seed", "7"]);
    let c = gen(&["--articles", "40", "--seed", "8"]);
    assert!(!a.is_empty());
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn slices_match_the_whole() {
    let whole = gen(&["--articles", "30", "--seed", "3"]);
    let head = gen(&["--articles", "10", "--seed", "3"]);
    let tail = gen(&["--articles", "20", "--seed", "3", "--first", "10"]);
    assert_eq!([head, tail].concat(), whole);
}

#[test]
fn lines_are_gold_articles_whose_facts_are_in_the_body() {
    let rows = lines(&gen(&["--articles", "120", "--seed", "11"]));
    assert_eq!(rows.len(), 120);
    let mut kinds = std::collections::BTreeSet::new();
    for row in &rows {
        let name = row["article"].as_str().unwrap_or_default();
        assert!(name.ends_with(".txt"), "{row}");
        let text = row["text"].as_str().unwrap_or_default();
        assert!(
            (800..=9500).contains(&text.len()),
            "{name}: {} bytes",
            text.len()
        );
        for field in ["title", "published", "province"] {
            assert!(
                row["meta"][field].as_str().is_some_and(|s| !s.is_empty()),
                "{name}: meta.{field}"
            );
        }
        let published = row["meta"]["published"].as_str().unwrap_or_default();
        assert!(
            ("2015".."2026").contains(&&published[..4]),
            "{name}: {published}"
        );
        for fact in row["facts"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: no facts array"))
        {
            let kind = fact["kind"].as_str().unwrap_or_default();
            kinds.insert(kind.to_string());
            let surface = fact["text"].as_str().unwrap_or_default();
            assert!(
                !surface.is_empty() && text.contains(surface),
                "{name}: {surface:?} not in body"
            );
            let span = &fact["span"];
            let (s, e) = (
                span[0].as_u64().unwrap_or(0) as usize,
                span[1].as_u64().unwrap_or(0) as usize,
            );
            assert_eq!(text.get(s..e), Some(surface), "{name}: span of {surface:?}");
            match kind {
                "document" => assert!(
                    fact["id"].is_string() && fact["doc_type"].is_string(),
                    "{fact}"
                ),
                "count" => assert!(
                    fact["quantity"].is_u64() && fact["category"].is_string(),
                    "{fact}"
                ),
                "participants" => assert!(
                    fact["quantity"].is_u64() && fact["role"].is_string(),
                    "{fact}"
                ),
                "money" => assert!(
                    fact["amount"].is_u64() && fact["currency"].is_string(),
                    "{fact}"
                ),
                "ratio" => assert!(
                    fact["percent"].is_number() || fact["denominator"].is_u64(),
                    "{fact}"
                ),
                "period" => assert!(fact["start"].as_i64() <= fact["end"].as_i64(), "{fact}"),
                "person" => assert!(fact["name"].is_string(), "{fact}"),
                other => panic!("{name}: unknown kind {other}"),
            }
        }
    }
    assert_eq!(kinds.len(), 7, "{kinds:?}");
}

#[test]
fn text_dir_and_output_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let texts = dir.path().join("texts");
    let out = dir.path().join("gold.jsonl");
    let to_str = |p: &Path| p.to_string_lossy().into_owned();
    let stdout = gen(&[
        "--articles",
        "5",
        "--seed",
        "2",
        "-o",
        &to_str(&out),
        "--text-dir",
        &to_str(&texts),
    ]);
    assert!(stdout.is_empty());
    let rows = lines(&std::fs::read(&out).unwrap_or_default());
    assert_eq!(rows.len(), 5);
    for row in rows {
        let name = row["article"].as_str().unwrap_or_default();
        let body = std::fs::read_to_string(texts.join(name)).unwrap_or_default();
        assert_eq!(Some(body.as_str()), row["text"].as_str(), "{name}");
    }
}

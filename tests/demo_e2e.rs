//! `vnfacts demo --no-serve` end to end: fixture portals on 127.0.0.1 ->
//! crawl -> extract -> index, checked against facts we know the fixture pages
//! state (we wrote them), and re-run to check nothing is duplicated.

use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};

fn demo(data: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_vnfacts"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["demo", "--no-serve", "--keep"])
        .arg(data)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "demo failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn articles(data: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(data.join("facts/facts.jsonl")).unwrap();
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Facts each fixture page states, as (kind, field, value) triples that must
/// all appear among the page's extracted facts.
fn known() -> Vec<(&'static str, &'static str, Vec<Value>)> {
    vec![
        (
            "/tin/binh-dang-gioi-3608.html",
            "Thừa Thiên Huế",
            vec![
                json!({"kind": "document", "id": "3608/QĐ-BPN&TE", "issued": "2023-11-22", "doc_type": "decision"}),
                json!({"kind": "count", "quantity": 12, "category": "class"}),
                json!({"kind": "participants", "quantity": 550, "qualifier": "approx"}),
                json!({"kind": "money", "amount": 80_000_000, "currency": "VND"}),
            ],
        ),
        (
            "/2024/07/trien-khai-binh-dang-gioi/",
            "Bắc Ninh",
            vec![
                json!({"kind": "document", "id": "168/KH-UBND"}),
                json!({"kind": "count", "quantity": 45, "category": "class"}),
                json!({"kind": "participants", "quantity": 2300}),
                json!({"kind": "count", "quantity": 120}),
                json!({"kind": "money", "amount": 3_500_000_000u64}),
                json!({"kind": "ratio", "percent": 20.0}),
            ],
        ),
        (
            "/tin-tuc/ArticleID/300/tro-giup-phap-ly",
            "Kon Tum",
            vec![
                json!({"kind": "participants", "quantity": 150, "qualifier": "more_than"}),
                json!({"kind": "count", "quantity": 23}),
            ],
        ),
        (
            "/Pages/tin-tuc/chuyen-doi-so-1001.aspx",
            "Bắc Ninh",
            vec![
                json!({"kind": "ratio", "percent": 68.4}),
                json!({"kind": "participants", "quantity": 1500}),
            ],
        ),
        (
            "/content/phong-chong-thien-tai",
            "Hà Nội",
            vec![json!({"kind": "participants", "quantity": 18000, "qualifier": "approx"})],
        ),
    ]
}

fn matches(fact: &Value, want: &Value) -> bool {
    want.as_object()
        .unwrap()
        .iter()
        .all(|(k, v)| match (fact.get(k), v) {
            (Some(a), Value::Number(b)) if b.is_f64() => a.as_f64() == b.as_f64(),
            (Some(a), b) => a == b,
            (None, _) => false,
        })
}

#[test]
fn demo_finds_the_fixture_facts_and_reruns_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let first = demo(data);
    let found = articles(data);
    for (suffix, province, wanted) in known() {
        let a = found
            .iter()
            .find(|a| a["url"].as_str().is_some_and(|u| u.ends_with(suffix)))
            .unwrap_or_else(|| panic!("{suffix} was not crawled\n{first}"));
        assert_eq!(a["meta"]["province"], province, "{suffix}");
        let facts = a["facts"].as_array().unwrap();
        for w in wanted {
            assert!(
                facts.iter().any(|f| matches(f, &w)),
                "{suffix}: {w} not among {}",
                serde_json::to_string_pretty(facts).unwrap()
            );
        }
    }
    // What the demo prints: counts, the table of kinds, a document lookup.
    assert!(first.contains("extract:"), "{first}");
    assert!(first.lines().any(|l| l.starts_with("document ")), "{first}");
    assert!(first.contains("document lookup:"), "{first}");
    let n_lines = found.len();
    assert!(n_lines >= 15, "{n_lines} articles");

    let second = demo(data);
    assert_eq!(
        articles(data).len(),
        n_lines,
        "re-run appended facts:\n{second}"
    );
    assert!(second.contains("0 new, 0 replaced"), "{second}");
    let total = |s: &str| {
        s.lines()
            .find(|l| l.starts_with("total:"))
            .map(str::to_string)
    };
    assert_eq!(total(&first), total(&second));
}

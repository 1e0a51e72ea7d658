//! The search API over a small index built from fixtures we wrote
//! (tests/fixtures/articles.jsonl: six articles in both input shapes).

use std::path::Path;

use vnfacts_index::search::{SearchRequest, SearchResults, Searcher, Sort, Target};
use vnfacts_index::{QueryError, Store, Writer, WriterOptions};

struct Fixture {
    _dir: tempfile::TempDir,
    searcher: Searcher,
}

fn fixture() -> Fixture {
    let lines = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles.jsonl"),
    )
    .unwrap();
    index_lines(&lines)
}

/// An index of the given JSON Lines, in a temporary directory.
fn index_lines(lines: &str) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_or_create(dir.path()).unwrap();
    let mut w = Writer::new(
        &store,
        WriterOptions {
            threads: 1,
            memory_budget: 20 << 20,
            ..Default::default()
        },
    )
    .unwrap();
    for line in lines.lines() {
        w.add_line(line).unwrap();
    }
    w.finish().unwrap();
    Fixture {
        searcher: Searcher::new(&store).unwrap(),
        _dir: dir,
    }
}

fn search(fx: &Fixture, q: &str) -> SearchResults {
    fx.searcher
        .search(&SearchRequest {
            query: q.into(),
            limit: 50,
            ..Default::default()
        })
        .unwrap()
}

/// The article URLs of a result, sorted.
fn urls(r: &SearchResults) -> Vec<String> {
    let mut u: Vec<String> = r
        .hits
        .iter()
        .filter_map(|h| h.url.clone())
        .map(|u| u.rsplit('/').next().unwrap().to_string())
        .collect();
    u.sort();
    u.dedup();
    u
}

#[test]
fn every_forgiving_document_form_finds_the_citing_articles() {
    let fx = fixture();
    for q in [
        "3608/QĐ-BPN&TE",
        "3608/QD-BPN&TE",
        "3608/qđ-bpn&te",
        "số 3608/QĐ-BPN&TE",
        "3608/QĐ–BPN&TE",
        "3608/QĐ – BPN&TE",
        "03608/QĐ-BPN&TE",
        "doc:3608/QĐ-BPN&TE",
        "Theo Quyết định số 3608/QĐ-BPN&TE ngày 22/11/2023",
    ] {
        let r = search(&fx, q);
        // Article 1 has the extracted fact; article 3 only has the id in its text.
        assert_eq!(urls(&r), ["1", "3"], "{q}: {:?}", r.interpreted);
        let cited = r
            .hits
            .iter()
            .find(|h| h.url.as_deref().unwrap().ends_with("/1"))
            .unwrap();
        assert!(
            cited.citations[0]
                .sentence
                .contains("Quyết định số 3608/QĐ-BPN&TE"),
            "{q}"
        );
        assert_eq!(cited.citations[0].doc_id, "3608/QĐ-BPN&TE");
        if r.interpreted.text.is_empty() {
            // A pure lookup shows the citing sentence with the id highlighted, however it is cased.
            assert!(
                cited.snippet.html.contains("<b>3608/QĐ-BPN&amp;TE</b>"),
                "{}",
                cited.snippet.html
            );
            let other = r
                .hits
                .iter()
                .find(|h| h.url.as_deref().unwrap().ends_with("/3"))
                .unwrap();
            assert!(
                other.snippet.html.contains("<b>3608/QD-BPN&amp;TE</b>"),
                "{}",
                other.snippet.html
            );
        }
        assert_eq!(cited.source.as_deref(), Some("qn-portal"));
        assert!(cited
            .published
            .as_deref()
            .unwrap()
            .starts_with("2023-11-25T08:30:00+07:00"));
    }
}

#[test]
fn leading_zeros_and_partial_numbers() {
    let fx = fixture();
    assert_eq!(urls(&search(&fx, "08/KH-UBND")), ["2"]);
    assert_eq!(urls(&search(&fx, "8/KH-UBND")), ["2"]);
    // Bare number: broader, both decisions numbered 3608.
    assert_eq!(urls(&search(&fx, "doc:3608")), ["1", "5"]);
    // Bare symbol, or the issuer alone.
    assert_eq!(urls(&search(&fx, "QĐ-BPN&TE")), ["1"]);
    assert_eq!(urls(&search(&fx, "-BPN&TE")), ["1"]);
    assert_eq!(urls(&search(&fx, "doc:QĐ-UBND")), ["5"]);
    // A legal document's year, a party document, a law by name.
    assert_eq!(urls(&search(&fx, "55/2007/CT-UBND")), ["4"]);
    assert_eq!(urls(&search(&fx, "số /2007/ CT-UBND")), ["4"]);
    assert_eq!(urls(&search(&fx, "29-NQ/TW")), ["4"]);
    assert_eq!(urls(&search(&fx, "doc:\"luật bình đẳng giới\"")), ["6"]);
    assert!(search(&fx, "9999/QĐ-BPN&TE").hits.is_empty());
}

#[test]
fn folded_and_phrase_search() {
    let fx = fixture();
    // Article 2 has "giới và sự bình đẳng": the words, not the phrase.
    let phrase = search(&fx, "\"bình đẳng giới\"");
    assert_eq!(urls(&phrase), ["1", "3", "6"]);
    let words = search(&fx, "bình đẳng giới");
    assert!(urls(&words).contains(&"2".to_string()));
    assert_eq!(urls(&search(&fx, "binh dang gioi")), urls(&words));
    assert_eq!(urls(&search(&fx, "\"binh dang gioi\"")), ["1", "3", "6"]);
    // Both tone placements find both spellings: article 2 writes "hoà", article 4 "hòa".
    assert_eq!(urls(&search(&fx, "hoà")), ["2", "4"]);
    assert_eq!(urls(&search(&fx, "hòa")), ["2", "4"]);
    // Numbers stay whole tokens.
    assert_eq!(urls(&search(&fx, "79,4%")), ["4"]);
}

#[test]
fn filters_ranges_and_facets() {
    let fx = fixture();
    let r = search(&fx, "province:\"quang ninh\"");
    assert_eq!(urls(&r), ["1", "3", "5"]);
    assert_eq!(
        urls(&search(&fx, "province:Quảng Ninh year:2023")),
        ["1", "5"]
    );
    assert_eq!(urls(&search(&fx, "source:hn-portal")), ["2", "6"]);
    assert_eq!(urls(&search(&fx, "from:2023-06 to:2023")), ["1", "6"]);
    let money = search(&fx, "amount>=500000000");
    assert_eq!(money.target, Target::Facts);
    assert_eq!(urls(&money), ["2", "5"]);
    assert!(money
        .hits
        .iter()
        .all(|h| h.fact.as_ref().unwrap()["kind"] == "money"));
    assert_eq!(urls(&search(&fx, "amount:500tr..1tỷ")), ["5"]);
    assert_eq!(urls(&search(&fx, "quantity:10..50")), ["1", "4"]);
    assert_eq!(urls(&search(&fx, "kind:count category:class")), ["1"]);
    assert_eq!(urls(&search(&fx, "percent>79")), ["4"]);
    // Fact filters on article results: articles having such a fact.
    let articles = fx
        .searcher
        .search(&SearchRequest {
            query: "amount>=500000000 province:\"Hà Nội\"".into(),
            target: Target::Articles,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        (articles.target, urls(&articles)),
        (Target::Articles, vec!["2".to_string()])
    );
    assert_eq!(search(&fx, "kind:document").target, Target::Facts);
    assert_eq!(search(&fx, "kind:document").total, 6);
    let r = search(&fx, "bình đẳng");
    let qn = r
        .facets
        .province
        .iter()
        .find(|p| p.value == "Quảng Ninh")
        .unwrap();
    assert_eq!(qn.count, 2);
    assert!(r.facets.year.iter().any(|y| y.value == "2023"));
    assert!(r.facets.kind.iter().any(|k| k.value == "document"));
}

#[test]
fn sort_limit_offset() {
    let fx = fixture();
    let by_date = fx
        .searcher
        .search(&SearchRequest {
            query: "province:\"Quảng Ninh\"".into(),
            sort: Sort::Date,
            ..Default::default()
        })
        .unwrap();
    let dates: Vec<_> = by_date
        .hits
        .iter()
        .map(|h| h.published.clone().unwrap())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
    let page = fx
        .searcher
        .search(&SearchRequest {
            query: "province:\"Quảng Ninh\"".into(),
            sort: Sort::Date,
            limit: 1,
            offset: 1,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.total, 3);
    assert_eq!(page.hits.len(), 1);
    assert_eq!(page.hits[0].url, by_date.hits[1].url);
}

#[test]
fn snippets_escape_html_and_highlight_folded_matches() {
    let fx = fixture();
    let r = search(&fx, "tuyên truyền vùng cao");
    let h = &r.hits[0];
    assert!(
        h.snippet.html.contains("&lt;script&gt;") || !h.snippet.html.contains("script"),
        "{}",
        h.snippet.html
    );
    assert!(!h.snippet.html.contains("<script>"));
    assert!(h.snippet.html.contains("<b>"));
    let r = search(&fx, "mien phi");
    assert!(
        r.hits[0]
            .snippet
            .html
            .contains("&lt;b&gt;<b>miễn</b> <b>phí</b>"),
        "{}",
        r.hits[0].snippet.html
    );
}

#[test]
fn junk_is_reported_not_fatal() {
    let fx = fixture();
    let r = search(&fx, "https://qn.example.gov.vn/tin/1 \"bình đẳng");
    assert!(!r.ignored.is_empty());
    assert!(!r.hits.is_empty());
    assert!(matches!(
        fx.searcher.search(&SearchRequest {
            query: "amount>=nhiều".into(),
            ..Default::default()
        }),
        Err(QueryError::BadValue { .. })
    ));
    assert!(matches!(
        fx.searcher.search(&SearchRequest {
            query: "((( ]]] ^^^".into(),
            ..Default::default()
        }),
        Err(QueryError::Empty(_))
    ));
    // A whole sentence where no article has every word falls back to any word.
    let r = search(&fx, "bình đẳng giới ở sao Hỏa");
    assert!(!r.hits.is_empty() && !r.notes.is_empty());
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config { cases: 300, ..Default::default() })]

    /// Whatever is pasted, the search answers or says what is wrong; it never panics.
    #[test]
    fn any_pasted_text_is_survived(q in r#"[ -~àáảãạăằắđêếệôơớưứỳ“”–\n]{0,60}"#) {
        static FX: std::sync::OnceLock<Fixture> = std::sync::OnceLock::new();
        let fx = FX.get_or_init(fixture);
        match fx.searcher.search(&SearchRequest { query: q.clone(), ..Default::default() }) {
            Ok(_) | Err(QueryError::BadValue { .. }) | Err(QueryError::Empty(_)) => {}
            Err(e) => panic!("{q:?}: {e}"),
        }
    }
}

#[test]
fn province_filter_accepts_the_old_and_the_2025_name() {
    let line = r#"{"article": "hg-1", "url": "https://hagiang.example.gov.vn/tin/1", "meta": {"title": "Hà Giang tổ chức tập huấn", "published": "2024-05-20", "province": "Hà Giang"}, "text": "Hà Giang tổ chức 3 lớp tập huấn.", "facts": []}"#;
    let fx = index_lines(line);
    assert_eq!(urls(&search(&fx, r#"province:"Hà Giang""#)), vec!["1"]);
    assert_eq!(
        urls(&search(&fx, r#"province:"Tuyên Quang""#)),
        vec!["1"],
        "Hà Giang is part of Tuyên Quang since 2025"
    );
    assert!(urls(&search(&fx, r#"province:"Hà Nội""#)).is_empty());
}

//! `vnfacts serve` end to end: every endpoint, the error statuses, limits and
//! HTML escaping, against an index built from the fixture portals.

#[path = "server_support/mod.rs"]
mod support;

use support::{enc, fixture_data, Server};

/// One server per test: a static one would outlive the test process (statics are never dropped).
fn server() -> Server {
    Server::start(fixture_data("api"), &[])
}

const DOC: &str = "3608/QĐ-BPN&TE";

#[test]
fn healthz() {
    let s = server();
    let r = s.get("/healthz");
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["status"], "ok");
    assert!(r.json()["documents"].as_u64().unwrap() > 0);
}

#[test]
fn search_without_diacritics_highlights_the_words() {
    let s = server();
    let r = s.get("/api/search?q=binh+dang+gioi&province=Thua+Thien+Hue");
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(v["target"], "articles");
    let hits = v["hits"].as_array().unwrap();
    let hit = hits
        .iter()
        .find(|h| {
            h["url"]
                .as_str()
                .unwrap()
                .ends_with("/tin/binh-dang-gioi-3608.html")
        })
        .unwrap_or_else(|| panic!("article missing: {v}"));
    assert_eq!(hit["province"], "Thừa Thiên Huế");
    let snippet = &hit["snippet"];
    let text = snippet["text"].as_str().unwrap();
    let marked: Vec<&str> = snippet["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &text[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize])
        .collect();
    assert!(
        marked.iter().any(|m| m.eq_ignore_ascii_case("bình")),
        "{marked:?}"
    );
    assert!(marked.contains(&"giới"), "{marked:?}");
    // Filters narrow: only Kon Tum articles, and not this one.
    let kt = s
        .get("/api/search?q=binh+dang+gioi&province=Kon+Tum")
        .json();
    for h in kt["hits"].as_array().unwrap() {
        assert_eq!(h["province"], "Kon Tum", "{h}");
    }
}

#[test]
fn search_facets_and_paging() {
    let s = server();
    let r = s.get("/api/search?q=&limit=2&offset=1&sort=date");
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert!(v["total"].as_u64().unwrap() > 10);
    assert_eq!(v["hits"].as_array().unwrap().len(), 2);
    assert_eq!(v["offset"], 1);
    let provinces: Vec<&str> = v["facets"]["province"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["value"].as_str().unwrap())
        .collect();
    assert!(provinces.contains(&"Bắc Ninh"), "{provinces:?}");
}

#[test]
fn snippets_escape_untrusted_text() {
    let s = server();
    // The fixture article's text holds a literal `<Bình đẳng giới & phát triển bền vững>`.
    let r = s.get(&format!("/api/search?q={}", enc("phát triển bền vững")));
    assert_eq!(r.status, 200);
    let v = r.json();
    let hit = &v["hits"][0];
    let html = hit["snippet"]["html"].as_str().unwrap();
    assert!(html.contains("&amp;"), "{html}");
    assert!(html.contains("&gt;"), "{html}");
    assert!(
        !html.contains("<Bình") && !html.contains("triển bền vững>"),
        "{html}"
    );
    let only_b = html.replace("<b>", "").replace("</b>", "");
    assert!(!only_b.contains('<'), "unescaped < in {html}");
}

#[test]
fn document_lookup_is_forgiving() {
    let s = server();
    for typed in [DOC, "3608/QD-BPN&TE", "3608/qđ-bpn&te", "3608/QĐ–BPN&TE"] {
        let r = s.get(&format!("/api/documents/{}", enc(typed)));
        assert_eq!(r.status, 200, "{typed}: {}", r.text());
        let v = r.json();
        assert_eq!(v["total"], 1, "{typed}: {v}");
        let hit = &v["articles"]["hits"][0];
        assert!(hit["url"]
            .as_str()
            .unwrap()
            .ends_with("/tin/binh-dang-gioi-3608.html"));
        let cites = hit["citations"].as_array().unwrap();
        assert!(
            cites[0]["sentence"].as_str().unwrap().contains(DOC),
            "{hit}"
        );
    }
}

#[test]
fn unknown_ids_are_404_json() {
    let s = server();
    for path in [
        "/api/documents/9999%2FQD-XYZ",
        "/api/articles/http%3A%2F%2Fexample.com%2Fnone",
        "/api/nothing-here",
    ] {
        let r = s.get(path);
        assert_eq!(r.status, 404, "{path}: {}", r.text());
        assert!(r.json()["error"].as_str().unwrap().len() > 5);
        assert!(r
            .header("content-type")
            .unwrap()
            .starts_with("application/json"));
    }
}

#[test]
fn article_by_id_has_text_and_facts_with_spans() {
    let s = server();
    let found = s.get(&format!("/api/documents/{}", enc(DOC))).json();
    let id = found["articles"]["hits"][0]["article_id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = s.get(&format!("/api/articles/{}", enc(&id)));
    assert_eq!(r.status, 200, "{}", r.text());
    let a = r.json();
    assert_eq!(a["id"], id.as_str());
    let text = a["text"].as_str().unwrap();
    assert!(
        text.contains("<Bình đẳng giới & phát triển bền vững>"),
        "stored as text, unescaped"
    );
    let facts = a["facts"].as_array().unwrap();
    let doc = facts
        .iter()
        .find(|f| f["kind"] == "document" && f["id"] == DOC)
        .unwrap();
    let (start, end) = (
        doc["start"].as_u64().unwrap() as usize,
        doc["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[start..end], doc["text"].as_str().unwrap());
    assert!(facts
        .iter()
        .any(|f| f["kind"] == "money" && f["amount"] == 80_000_000));
}

#[test]
fn facts_json_and_downloads() {
    let s = server();
    let r = s.get("/api/facts?kind=money&amount_min=50tr&amount_max=100tr");
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(v["target"], "facts");
    let hits = v["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    for h in hits {
        let amount = h["fact"]["amount"].as_u64().unwrap();
        assert!((50_000_000..=100_000_000).contains(&amount), "{h}");
    }
    let csv = s.get("/api/facts?kind=money&amount_min=50tr&amount_max=100tr&format=csv");
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    assert_eq!(csv.header("x-total-count").unwrap(), v["total"].to_string());
    let text = csv.text();
    assert!(text.lines().next().unwrap().contains("kind"));
    assert_eq!(text.lines().count(), hits.len() + 1, "{text}");
    let jsonl = s.get("/api/facts?kind=document&format=jsonl");
    assert_eq!(jsonl.status, 200);
    for line in jsonl.text().lines() {
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(row["kind"], "document");
    }
    let by_year = s.get("/api/facts?year=2023");
    assert!(by_year.json()["total"].as_u64().unwrap() > 0);
}

#[test]
fn stats_count_what_the_index_holds() {
    let s = server();
    let v = s.get("/api/stats").json();
    let facts = v["facts"].as_u64().unwrap();
    let by_kind: u64 = v["facts_by_kind"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    let by_province: u64 = v["facts_by_province"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(by_kind, facts);
    assert_eq!(by_province, facts);
    assert!(v["articles"].as_u64().unwrap() >= 15);
    assert!(v["facts_by_year"]["2023"].as_u64().unwrap() >= 1);
    assert!(v["last_crawl"].is_string());
}

#[test]
fn bad_queries_are_400_and_long_ones_413() {
    let s = server();
    for path in [
        "/api/search?q=x&limit=abc",
        "/api/search?q=x&limit=0",
        "/api/search?q=x&limit=100000",
        "/api/search?q=x&offset=99999999",
        "/api/search?q=x&sort=sideways",
        "/api/search?q=amount%3E%3Dlots",
        "/api/facts?format=xls",
        "/api/search?q=%FF%FE",
    ] {
        let r = s.get(path);
        assert_eq!(r.status, 400, "{path}: {}", r.text());
        assert!(r.json()["error"].is_string(), "{path}");
    }
    let long = "a".repeat(501);
    let r = s.get(&format!("/api/search?q={long}"));
    assert_eq!(r.status, 413, "{}", r.text());
    let r = s.get(&format!("/api/documents/{long}"));
    assert_eq!(r.status, 413, "{}", r.text());
}

#[test]
fn hostile_input_never_breaks_the_server() {
    let s = server();
    for q in [
        "\"",
        "((((",
        "doc:",
        "year:",
        "-",
        "^~*?",
        "a\u{0}b",
        "province:\"",
        "<script>alert(1)</script>",
        "/// ---",
    ] {
        let r = s.get(&format!("/api/search?q={}", enc(q)));
        assert!(
            r.status == 200 || r.status == 400,
            "{q:?}: {} {}",
            r.status,
            r.text()
        );
        r.json();
    }
    assert_eq!(s.get("/healthz").status, 200);
}

#[test]
fn page_is_embedded_and_guarded() {
    let s = server();
    let r = s.get("/");
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r
        .header("content-security-policy")
        .unwrap()
        .contains("default-src 'self'"));
    let html = r.text();
    assert!(html.contains("lang=\"vi\"") && html.contains("Tìm kiếm"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no CDN"
    );
    let js = s.get("/app.js");
    assert_eq!(js.status, 200);
    assert!(js.header("content-type").unwrap().contains("javascript"));
    assert!(!js.text().contains("innerHTML"));
    assert_eq!(s.get("/style.css").status, 200);
}

#[test]
fn openapi_describes_exactly_the_routes() {
    let s = server();
    let v = s.get("/api/openapi.json").json();
    let mut paths: Vec<&str> = v["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "/api/articles/{id}",
            "/api/documents/{id}",
            "/api/facts",
            "/api/openapi.json",
            "/api/search",
            "/api/stats",
            "/healthz"
        ]
    );
    // Every documented GET answers (with a sample id where one is needed).
    for p in &paths {
        let url = p.replace("{id}", &enc(DOC));
        let r = s.get(&url);
        let documented = v["paths"][*p]["get"]["responses"].as_object().unwrap();
        assert!(
            documented.contains_key(&r.status.to_string()),
            "{url} answered {} which {p} does not document",
            r.status
        );
    }
    // Documented query parameters are the ones the server reads: an unknown value is rejected
    // for the enum ones, accepted for the rest.
    for p in ["/api/search", "/api/facts"] {
        for param in v["paths"][p]["get"]["parameters"].as_array().unwrap() {
            let name = param["name"].as_str().unwrap();
            if param["schema"]["enum"].is_array() && name != "kind" {
                let r = s.get(&format!("{p}?{name}=not-a-value"));
                assert_eq!(r.status, 400, "{p}?{name}: {}", r.text());
            }
        }
    }
}

#[test]
fn read_only_methods() {
    let s = server();
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(s.addr).unwrap();
    write!(
        s,
        "POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    assert!(out.starts_with("HTTP/1.1 405"), "{out}");
}

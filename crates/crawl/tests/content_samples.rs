//! Content extraction and decoding on real saved pages in ../shared/html-samples
//! (skipped with a message when that directory is absent).

use std::path::PathBuf;

use vnfacts_crawl::content::{extract, PageType};
use vnfacts_crawl::page_decode::decode_page;

fn sample(name: &str) -> Option<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/html-samples")
        .join(name);
    match std::fs::read(&path) {
        Ok(bytes) => Some(decode_page(&bytes, None).html),
        Err(e) => {
            eprintln!("skipping: {} not readable ({e})", path.display());
            None
        }
    }
}

#[test]
fn cantho_article_date_is_next_to_the_title() {
    let Some(html) = sample("odp.cantho.gov.vn__blog_dak-lak-csdl-dat-dai.html") else {
        return;
    };
    let p = extract(&html);
    assert_eq!(p.page_type, PageType::Article);
    assert_eq!(p.published.as_deref(), Some("2024-08-30"));
    assert_eq!(
        p.title.as_deref(),
        Some("Đắk Lắk ban hành kế hoạch triển khai CSDL đất đai trên địa bàn tỉnh năm 2022")
    );
    // Numeric character references decoded; the double-escaped &amp;nbsp; too.
    assert!(p.text.contains("kế hoạch 130/KH-UBND"), "{}", p.text);
    assert!(!p.text.contains("&#") && !p.text.contains("&nbsp;"));
    assert!(
        !p.text.contains("Bài viết 004"),
        "sidebar posts kept:\n{}",
        p.text
    );
}

#[test]
fn cantho_second_article() {
    let Some(html) = sample("odp.cantho.gov.vn__blog_ung-dung-thay-the-bhyt.html") else {
        return;
    };
    let p = extract(&html);
    assert_eq!(p.page_type, PageType::Article);
    assert_eq!(p.published.as_deref(), Some("2024-08-30"));
    assert!(p.text.contains("VssID"));
}

#[test]
fn cantho_listing_is_a_listing() {
    let Some(html) = sample("odp.cantho.gov.vn__blog_listing.html") else {
        return;
    };
    assert_eq!(extract(&html).page_type, PageType::Listing);
}

#[test]
fn home_pages_are_never_articles() {
    for name in [
        "odp.cantho.gov.vn__home_browser-saved.html",
        "vpcp.chinhphu.vn__home.html",
        "baotintuc.vn__home__mojibake.html",
        "cafebiz.vn__home__mojibake.html",
        "danviet.vn__home__mojibake.html",
        "laodong.vn__home__mojibake.html",
        "thethaovanhoa.vn__home__mojibake.html",
        "tintaynguyen.com__home__mojibake.html",
    ] {
        let Some(html) = sample(name) else { return };
        assert_ne!(extract(&html).page_type, PageType::Article, "{name}");
    }
}

#[test]
fn mojibake_home_pages_are_repaired() {
    for name in [
        "baotintuc.vn__home__mojibake.html",
        "cafebiz.vn__home__mojibake.html",
        "danviet.vn__home__mojibake.html",
        "laodong.vn__home__mojibake.html",
        "thethaovanhoa.vn__home__mojibake.html",
        "tintaynguyen.com__home__mojibake.html",
    ] {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/html-samples")
            .join(name);
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("skipping: {} not readable", path.display());
            return;
        };
        let raw = String::from_utf8_lossy(&bytes);
        assert!(
            raw.contains("Ã") || raw.contains("Æ°") || raw.contains("á»"),
            "{name}: not mojibake to begin with"
        );
        // Repaired here or already by vnfacts_text's decoder: either way, repaired.
        let page = decode_page(&bytes, None);
        for broken in ["Æ°", "Ä‘", "á»"] {
            assert!(!page.html.contains(broken), "{name}: {broken:?} left");
        }
        let vietnamese = ["ư", "đ", "ệ", "ố"]
            .iter()
            .filter(|w| page.html.contains(**w))
            .count();
        assert_eq!(
            vietnamese, 4,
            "{name}: Vietnamese letters missing after repair"
        );
    }
}

#[test]
fn danviet_keeps_its_numeric_references_intact() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/html-samples/danviet.vn__home__mojibake.html");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("skipping: {} not readable", path.display());
        return;
    };
    let raw = String::from_utf8_lossy(&bytes);
    let refs_before = raw.matches("&#").count();
    let page = decode_page(&bytes, None);
    assert!(
        refs_before > 0,
        "the sample should mix in numeric references"
    );
    assert_eq!(
        page.html.matches("&#").count(),
        refs_before,
        "references must be left to the HTML parser"
    );
}

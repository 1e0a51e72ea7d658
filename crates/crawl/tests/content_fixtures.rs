//! Content extraction on portal pages we wrote ourselves (corpus/fixtures/pages):
//! SharePoint-, Liferay-, DotNetNuke- and WordPress-like articles with the
//! chrome Vietnamese portals carry, a listing and a home page.

use std::path::PathBuf;

use vnfacts_crawl::content::{extract, ExtractedPage, Extractor, PageType, Selectors};
use vnfacts_crawl::page_decode::decode_page;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus/fixtures/pages")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    decode_page(&bytes, None).html
}

fn page(name: &str) -> ExtractedPage {
    extract(&fixture(name))
}

/// Portal chrome that must never reach the article text.
const CHROME: &[&str] = &[
    "Tìm kiếm tin tức",
    "Liên kết website",
    "Liên kết web",
    "Tổng truy cập",
    "Đang truy cập",
    "Lượt truy cập",
    "Mặc định Cỡ chữ",
    "Các tin khác",
    "Tin khác",
    "Tin liên quan",
    "Bài viết liên quan",
    "Trang chủ",
    "Bình luận",
    "Chia sẻ",
    "Cơ quan chủ quản",
    "Bản quyền",
    "23/11/2026",
];

fn assert_no_chrome(p: &ExtractedPage) {
    for c in CHROME {
        assert!(
            !p.text.contains(c),
            "chrome {c:?} left in text:\n{}",
            p.text
        );
    }
}

#[test]
fn sharepoint_article() {
    let p = page("sharepoint_article.html");
    assert_eq!(p.page_type, PageType::Article);
    assert_eq!(
        p.title.as_deref(),
        Some("Hội nghị triển khai nhiệm vụ chuyển đổi số năm 2023")
    );
    // Not the "Thứ Năm, ngày 23/11/2026" banner nor a "Tin mới" sidebar date.
    assert_eq!(p.published.as_deref(), Some("2023-03-28T14:16"));
    assert_eq!(p.author.as_deref(), Some("Minh Anh"));
    assert!(
        p.text.starts_with("Sáng 28/3, Ủy ban nhân dân tỉnh"),
        "{}",
        p.text
    );
    assert!(p.text.contains("tổng kinh phí dự kiến 45 tỷ đồng"));
    assert!(
        !p.text.contains("phòng chống thiên tai"),
        "other news kept:\n{}",
        p.text
    );
    assert_eq!(
        p.text.lines().count(),
        6,
        "one line per paragraph:\n{}",
        p.text
    );
    assert_no_chrome(&p);
}

#[test]
fn liferay_article() {
    let p = page("liferay_article.html");
    assert_eq!(p.page_type, PageType::Article);
    assert_eq!(
        p.title.as_deref(),
        Some("Kỳ họp thứ 7 Hội đồng nhân dân tỉnh khóa XVI thông qua 25 nghị quyết")
    );
    assert_eq!(p.published.as_deref(), Some("2024-07-23T11:52"));
    assert_eq!(p.author.as_deref(), Some("Ngọc Hà"));
    // Headings inside the article stay; the dateline and the title do not repeat.
    assert!(
        p.text.contains("\nGiao chỉ tiêu cho 6 tháng cuối năm\n"),
        "{}",
        p.text
    );
    assert!(!p.text.contains("THỨ BA"), "{}", p.text);
    assert!(!p.text.contains("thông qua 25 nghị quyết\n"), "{}", p.text);
    assert!(
        !p.text.contains("Khai mạc Kỳ họp thứ 7"),
        "related news kept:\n{}",
        p.text
    );
    assert_no_chrome(&p);
}

#[test]
fn dotnetnuke_article_with_br_paragraphs() {
    let p = page("dnn_article.html");
    assert_eq!(p.page_type, PageType::Article);
    assert_eq!(
        p.title.as_deref(),
        Some("Huyện mẫu tổ chức Ngày hội Đại đoàn kết toàn dân tộc")
    );
    assert_eq!(p.published.as_deref(), Some("2023-11-17T08:30"));
    // The bold right-aligned "PV" credit, not the portal named in <meta name="author">.
    assert_eq!(p.author.as_deref(), Some("PV"));
    let paragraphs: Vec<&str> = p.text.lines().collect();
    assert_eq!(paragraphs.len(), 4, "{}", p.text);
    assert!(paragraphs[1].starts_with("Năm 2023, khu dân cư thôn Bình Minh"));
    assert!(!p.text.contains("Xã Đồng Tâm hoàn thành"), "{}", p.text);
    assert_no_chrome(&p);
}

#[test]
fn wordpress_article() {
    let p = page("wordpress_article.html");
    assert_eq!(p.page_type, PageType::Article);
    assert_eq!(
        p.title.as_deref(),
        Some("Xã mẫu ra mắt mô hình \"Camera an ninh\"")
    );
    assert_eq!(p.published.as_deref(), Some("2024-05-06T09:15"));
    assert_eq!(p.author.as_deref(), Some("Trần Văn Bình"));
    assert!(p.text.contains("Góp phần giữ gìn trật tự"));
    assert!(p.text.ends_with("nhờ dữ liệu camera."), "{}", p.text);
    for junk in [
        "Để lại một bình luận",
        "Email của bạn",
        "Facebook",
        "Tập huấn kỹ năng",
        "Họp dân lấy ý kiến",
        "Chuyên mục",
    ] {
        assert!(!p.text.contains(junk), "{junk:?} kept:\n{}", p.text);
    }
    assert_no_chrome(&p);
}

#[test]
fn source_credit_is_not_an_author() {
    let p = page("source_credit_article.html");
    assert_eq!(p.page_type, PageType::Article);
    assert_eq!(
        p.title.as_deref(),
        Some("Đẩy mạnh cải cách thủ tục hành chính trong lĩnh vực đất đai")
    );
    assert_eq!(p.published.as_deref(), Some("2025-02-14T08:05"));
    assert_eq!(p.author, None);
    assert!(!p.text.contains("Cấp giấy chứng nhận"), "{}", p.text);
}

#[test]
fn mojibake_page_is_repaired_before_entities() {
    let p = page("mojibake_article.html");
    assert_eq!(p.page_type, PageType::Article);
    assert_eq!(
        p.title.as_deref(),
        Some("Tuyên truyền phòng chống dịch sốt xuất huyết")
    );
    assert_eq!(p.published.as_deref(), Some("2024-06-07"));
    assert!(
        p.text
            .contains("Người dân được hướng dẫn đậy kín dụng cụ chứa nước"),
        "{}",
        p.text
    );
    assert!(
        !p.text.contains('Ã') && !p.text.contains("Æ°"),
        "{}",
        p.text
    );
}

#[test]
fn listing_is_never_an_article() {
    let p = page("listing.html");
    assert_eq!(p.page_type, PageType::Listing);
    assert_eq!(p.published, None);
}

#[test]
fn home_page_is_never_an_article() {
    let p = page("home.html");
    assert_ne!(p.page_type, PageType::Article);
    assert_eq!(p.published, None);
}

#[test]
fn selectors_override_the_generic_choice() {
    let selectors = Selectors {
        title: Some(".title-news".into()),
        date: Some(".tin-moi .date".into()),
        author: None,
        body: Some(".noidung".into()),
    };
    let extractor = Extractor::with_selectors(&selectors).expect("valid selectors");
    let p = extractor.extract(&fixture("sharepoint_article.html"));
    assert_eq!(p.page_type, PageType::Article);
    // The lead paragraph (outside `.noidung`) is not taken this time.
    assert!(p.text.starts_with("Phát biểu khai mạc"), "{}", p.text);
    assert!(p.text.ends_with("Minh Anh"), "{}", p.text);
    assert_eq!(
        p.title.as_deref(),
        Some("Hội nghị triển khai nhiệm vụ chuyển đổi số năm 2023")
    );
    // The selector wins even when it points at the sidebar: the source said so.
    assert_eq!(p.published.as_deref(), Some("2023-04-15"));
}

#[test]
fn invalid_selector_is_reported_with_its_field() {
    let err = Extractor::with_selectors(&Selectors {
        body: Some("div[".into()),
        ..Selectors::default()
    })
    .expect_err("must not parse");
    let msg = err.to_string();
    assert!(msg.contains("body") && msg.contains("div["), "{msg}");
}

#[test]
fn empty_and_garbage_input_do_not_panic() {
    for html in ["", "<html>", "\u{0}\u{1}binary\u{fffd}", "<p>ngắn</p>"] {
        let p = extract(html);
        assert_ne!(p.page_type, PageType::Article, "{html:?}");
    }
}

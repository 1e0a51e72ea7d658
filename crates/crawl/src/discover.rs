//! Finding URLs: sitemaps (and indexes, gzip too), RSS/Atom feeds, and the
//! links of HTML pages, classified as article, listing (incl. pagination)
//! or other page by the source's patterns and the shapes portals use.

use std::io::Read;
use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate};
use regex::Regex;
use scraper::{Html, Selector};
use url::Url;

use crate::canon;
use crate::frontier::Kind;
use crate::sources::Source;

/// A URL found in a sitemap or feed, with its date when given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub url: Url,
    pub date: Option<NaiveDate>,
}

/// What a sitemap document holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sitemap {
    /// `<sitemapindex>`: more sitemaps.
    Index(Vec<Entry>),
    /// `<urlset>`: pages.
    Urls(Vec<Entry>),
}

/// Maximum decompressed size of a gzip sitemap (the protocol's own limit is 50 MB).
const MAX_GUNZIP: u64 = 64 * 1024 * 1024;

/// Gunzip when the bytes carry the gzip magic (`sitemap.xml.gz`).
pub fn maybe_gunzip(body: &[u8]) -> Option<Vec<u8>> {
    if !body.starts_with(&[0x1f, 0x8b]) {
        return Some(body.to_vec());
    }
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(body)
        .take(MAX_GUNZIP)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

fn xml_text(body: &[u8]) -> Option<String> {
    let bytes = maybe_gunzip(body)?;
    let s = String::from_utf8_lossy(&bytes).into_owned();
    Some(s.trim_start_matches('\u{feff}').to_string())
}

/// Loose date: RFC 3339, RFC 2822, or a leading `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.date_naive());
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.date_naive());
    }
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

/// Parse a sitemap or sitemap index; `None` if it is neither.
pub fn parse_sitemap(body: &[u8], base: &Url) -> Option<Sitemap> {
    let text = xml_text(body)?;
    let doc = roxmltree::Document::parse(&text).ok()?;
    let root = doc.root_element();
    let child = match root.tag_name().name() {
        "sitemapindex" => "sitemap",
        "urlset" => "url",
        _ => return None,
    };
    let entries = root
        .children()
        .filter(|n| n.tag_name().name() == child)
        .filter_map(|n| {
            let text_of = |name: &str| {
                n.descendants()
                    .find(|c| c.tag_name().name() == name)
                    .and_then(|c| c.text())
                    .map(str::trim)
            };
            let url = canon::resolve(base, text_of("loc")?)?;
            let date = text_of("publication_date")
                .or_else(|| text_of("lastmod"))
                .and_then(parse_date);
            Some(Entry { url, date })
        })
        .collect();
    Some(if child == "sitemap" {
        Sitemap::Index(entries)
    } else {
        Sitemap::Urls(entries)
    })
}

/// Items of an RSS 2.0 / RSS 1.0 / Atom feed; `None` if it is not a feed.
pub fn parse_feed(body: &[u8], base: &Url) -> Option<Vec<Entry>> {
    let text = xml_text(body)?;
    let doc = roxmltree::Document::parse(&text).ok()?;
    let root = doc.root_element();
    let (item, atom) = match root.tag_name().name() {
        "rss" | "RDF" => ("item", false),
        "feed" => ("entry", true),
        _ => return None,
    };
    let entries = root
        .descendants()
        .filter(|n| n.tag_name().name() == item)
        .filter_map(|n| {
            let child = |name: &str| n.children().find(|c| c.tag_name().name() == name);
            let href = if atom {
                n.children()
                    .filter(|c| c.tag_name().name() == "link")
                    .find(|c| c.attribute("rel").is_none_or(|r| r == "alternate"))
                    .and_then(|c| c.attribute("href"))
            } else {
                child("link").and_then(|c| c.text())
            };
            let url = canon::resolve(base, href?.trim())?;
            let date = ["pubDate", "published", "updated", "date"]
                .iter()
                .find_map(|d| child(d).and_then(|c| c.text()).and_then(parse_date));
            Some(Entry { url, date })
        })
        .collect();
    Some(entries)
}

/// A link found on an HTML page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub url: Url,
    pub kind: Kind,
}

static A: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("a[href], link[href]").expect("static selector"));
static BASE: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("base[href]").expect("static selector"));
/// `?page=3`, `/trang-3`, `/page/3/` (WordPress), `/trang/3`, `_p3.html`,
/// Liferay's `?_101_cur=3`, DotNetNuke's `/pageindex/3` and `/currentpage/3`.
static PAGINATION_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)([?&](page|trang|pageindex|pagenum|cpage|currentpage)=\d+)|([?&]\w*_cur=\d+)|(/(trang|page)[-/]\d+(/|\.html?|$))|(/(pageindex|currentpage|pagenumber)/\d+)|(_p\d+\.html?$)",
    )
    .expect("static regex")
});
/// Anchor texts of "next page" links on Vietnamese portals.
static NEXT_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(trang sau|tiếp|tiếp theo|sau|next|»|›|>|>>|\d{1,4})\s*$")
        .expect("static regex")
});
/// File types never worth fetching as pages.
static SKIP_EXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\.(jpe?g|png|gif|webp|svg|ico|bmp|tiff?|pdf|docx?|xlsx?|pptx?|zip|rar|7z|gz|tar|mp3|mp4|avi|mov|wmv|flv|exe|msi|apk|css|js|woff2?|ttf)$")
        .expect("static regex")
});
static FEED_HREF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\.rss$|/rss(/|$|\.aspx)|/feed/?$|\.atom$|/rss/[^/]+$)").expect("static regex")
});

/// Whether `url` is a pagination link of a listing.
pub fn is_pagination(url: &Url) -> bool {
    PAGINATION_URL.is_match(&url[url::Position::BeforePath..])
}

/// In-scope links of an HTML page, classified for `source`. Out-of-scope,
/// non-http and non-page links are dropped here.
pub fn page_links(html: &str, page_url: &Url, source: &Source) -> Vec<Link> {
    let doc = Html::parse_document(html);
    let base = doc
        .select(&BASE)
        .next()
        .and_then(|b| b.value().attr("href"))
        .and_then(|h| page_url.join(h).ok())
        .unwrap_or_else(|| page_url.clone());
    let mut out: Vec<Link> = Vec::new();
    for el in doc.select(&A) {
        let Some(href) = el.value().attr("href") else {
            continue;
        };
        let rel = el.value().attr("rel").unwrap_or("").to_ascii_lowercase();
        let ty = el.value().attr("type").unwrap_or("").to_ascii_lowercase();
        if el.value().name() == "link"
            && !(rel.contains("alternate") && (ty.contains("rss") || ty.contains("atom"))
                || rel == "next")
        {
            continue;
        }
        if el
            .value()
            .attr("rel")
            .is_some_and(|r| r.contains("nofollow"))
            && el.value().name() == "a"
        {
            continue;
        }
        let Some(url) = canon::resolve(&base, href) else {
            continue;
        };
        if !source.in_scope(&url) || SKIP_EXT.is_match(url.path()) || url == *page_url {
            continue;
        }
        let text: String = el.text().collect::<String>();
        let kind = if ty.contains("rss") || ty.contains("atom") || FEED_HREF.is_match(url.path()) {
            Kind::Feed
        } else {
            classify(
                source,
                &url,
                rel == "next" || NEXT_TEXT.is_match(&text) && is_pagination(&url),
            )
        };
        if let Some(prev) = out.iter_mut().find(|l| l.url == url) {
            prev.kind = stronger(prev.kind, kind);
        } else {
            out.push(Link { url, kind });
        }
    }
    out
}

fn stronger(a: Kind, b: Kind) -> Kind {
    let rank = |k: Kind| match k {
        Kind::Feed | Kind::Sitemap => 0,
        Kind::Article => 1,
        Kind::Listing | Kind::Start => 2,
        Kind::Page => 3,
    };
    if rank(b) < rank(a) {
        b
    } else {
        a
    }
}

/// Classify an in-scope URL by the source's patterns, then by shape.
pub fn classify(source: &Source, url: &Url, next_link: bool) -> Kind {
    let s = url.as_str();
    if source.article_patterns.iter().any(|r| r.is_match(s)) {
        Kind::Article
    } else if next_link
        || is_pagination(url)
        || source.listing_patterns.iter().any(|r| r.is_match(s))
    {
        Kind::Listing
    } else {
        Kind::Page
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source() -> Source {
        crate::sources::parse(
            r#"[[source]]
id = "t"
name = "T"
province = "P"
base_url = "http://t.gov.vn/"
allowed_hosts = ["t.gov.vn"]
article_patterns = ['/tin/[a-z0-9-]+-\d+\.html$']
listing_patterns = ['/chuyen-muc/']
"#,
        )
        .unwrap()
        .sources
        .remove(0)
    }

    #[test]
    fn sitemaps_and_index() {
        let base = Url::parse("http://t.gov.vn/").unwrap();
        let idx = br#"<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>http://t.gov.vn/s1.xml.gz</loc><lastmod>2024-05-01</lastmod></sitemap></sitemapindex>"#;
        assert!(matches!(parse_sitemap(idx, &base), Some(Sitemap::Index(v)) if v.len() == 1));
        let set = r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc> /tin/a-1.html?utm_source=x </loc><lastmod>2024-05-02T10:00:00+07:00</lastmod></url><url><loc>http://t.gov.vn/b</loc></url></urlset>"#;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, set.as_bytes()).unwrap();
        let gz = gz.finish().unwrap();
        let Some(Sitemap::Urls(v)) = parse_sitemap(&gz, &base) else {
            panic!("gz urlset")
        };
        assert_eq!(v[0].url.as_str(), "http://t.gov.vn/tin/a-1.html");
        assert_eq!(v[0].date, NaiveDate::from_ymd_opt(2024, 5, 2));
        assert_eq!(v[1].date, None);
        assert!(parse_sitemap(b"<html></html>", &base).is_none());
    }

    #[test]
    fn feeds() {
        let base = Url::parse("http://t.gov.vn/").unwrap();
        let rss = br#"<rss version="2.0"><channel><item><title>x</title><link>http://t.gov.vn/tin/x-1.html</link><pubDate>Tue, 23 Jul 2024 11:52:00 +0700</pubDate></item></channel></rss>"#;
        let v = parse_feed(rss, &base).unwrap();
        assert_eq!(v[0].date, NaiveDate::from_ymd_opt(2024, 7, 23));
        let atom = br#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="alternate" href="/tin/y-2.html"/><updated>2024-01-02T00:00:00Z</updated></entry></feed>"#;
        assert_eq!(
            parse_feed(atom, &base).unwrap()[0].url.as_str(),
            "http://t.gov.vn/tin/y-2.html"
        );
    }

    #[test]
    fn pagination_shapes() {
        for u in [
            "http://t.gov.vn/tin-tuc?page=2",
            "http://t.gov.vn/tin-tuc/trang-3",
            "http://t.gov.vn/tin-tuc/page/2/",
            "http://t.gov.vn/web/guest/tin-tuc?_101_cur=2",
            "http://t.gov.vn/tin-tuc/tabid/100/pageindex/4/default.aspx",
            "http://t.gov.vn/chuyen-muc_p2.html",
        ] {
            assert!(is_pagination(&Url::parse(u).unwrap()), "{u}");
        }
        for u in [
            "http://t.gov.vn/?p=101",
            "http://t.gov.vn/tin/trang-chu-moi.html",
            "http://t.gov.vn/page-about",
        ] {
            assert!(!is_pagination(&Url::parse(u).unwrap()), "{u}");
        }
    }

    #[test]
    fn links_classified_and_scoped() {
        let s = source();
        let page = Url::parse("http://t.gov.vn/chuyen-muc/tin-tuc").unwrap();
        let html = r#"<html><head><link rel="alternate" type="application/rss+xml" href="/rss/tin-tuc.rss"></head><body>
            <a href="/tin/hoi-nghi-12.html#x">Hội nghị</a>
            <a href="/chuyen-muc/tin-tuc?page=2">2</a>
            <a href="/chuyen-muc/su-kien/trang-3">Trang sau</a>
            <a href="/gioi-thieu">Giới thiệu</a>
            <a href="http://other.vn/tin/x-1.html">khác</a>
            <a href="http://10.0.0.5/admin">nội bộ</a>
            <a href="/files/qd.pdf">QĐ</a>
            <a href="mailto:a@t.gov.vn">mail</a></body></html>"#;
        let links = page_links(html, &page, &s);
        let got: Vec<(String, Kind)> = links
            .iter()
            .map(|l| {
                (
                    l.url.path().to_string()
                        + l.url
                            .query()
                            .map(|q| format!("?{q}"))
                            .as_deref()
                            .unwrap_or(""),
                    l.kind,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("/rss/tin-tuc.rss".to_string(), Kind::Feed),
                ("/tin/hoi-nghi-12.html".to_string(), Kind::Article),
                ("/chuyen-muc/tin-tuc?page=2".to_string(), Kind::Listing),
                ("/chuyen-muc/su-kien/trang-3".to_string(), Kind::Listing),
                ("/gioi-thieu".to_string(), Kind::Page),
            ]
        );
    }
}

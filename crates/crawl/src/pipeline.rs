//! What one fetched response yields: an article (decode, content
//! extraction) and new URLs (sitemap, feed or page links).
//!
//! Pure and synchronous: the same function serves live crawling and the
//! replay of archived responses after a crash, so both store the same thing.

use std::collections::HashMap;

use chrono::NaiveDate;
use url::Url;

use crate::content::{self, PageType};
use crate::discover::{self, Sitemap};
use crate::fetch::HttpResponse;
use crate::frontier::Kind;
use crate::page_decode;
use crate::sources::{Source, SourceSet};

/// Crawl-wide knobs that shape discovery.
#[derive(Debug, Clone, Default)]
pub struct DiscoveryLimits {
    /// Links are followed from pages up to this depth (start pages are 0).
    pub max_depth: u32,
    /// Sitemap/feed entries and articles dated before this are skipped.
    pub since: Option<NaiveDate>,
}

/// Extracted article fields.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleContent {
    pub title: Option<String>,
    pub published: Option<String>,
    pub author: Option<String>,
    pub text: String,
}

/// What a response yields.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub article: Option<ArticleContent>,
    /// New URLs; pagination links separately (followed only when the page
    /// yields something new, so re-crawled listings stop at known ground).
    pub links: Vec<(String, Kind, u32)>,
    pub pagination: Vec<(String, Kind, u32)>,
    /// Why the body was not usable, if it was not.
    pub rejected: Option<String>,
}

/// Content extractors, one per source (selectors compiled once).
pub struct Pipeline {
    extractors: HashMap<String, content::Extractor>,
    generic: content::Extractor,
    pub limits: DiscoveryLimits,
}

impl Pipeline {
    pub fn new(sources: &SourceSet, limits: DiscoveryLimits) -> Pipeline {
        let mut extractors = HashMap::new();
        for s in &sources.sources {
            let sel = content::Selectors {
                title: s.selectors.title.clone(),
                date: s.selectors.date.clone(),
                author: s.selectors.author.clone(),
                body: s.selectors.body.clone(),
            };
            // Selectors were validated when the sources file was loaded.
            if let Ok(x) = content::Extractor::with_selectors(&sel) {
                extractors.insert(s.id.clone(), x);
            }
        }
        Pipeline {
            extractors,
            generic: content::Extractor::new(),
            limits,
        }
    }

    /// Analyze a 2xx response fetched for a frontier entry of `kind` at `depth`.
    pub fn analyze(
        &self,
        source: &Source,
        kind: Kind,
        depth: u32,
        resp: &HttpResponse,
    ) -> Analysis {
        let ctype = resp.content_type().unwrap_or("").to_ascii_lowercase();
        let body = &resp.body;
        if looks_binary(body) {
            return Analysis {
                rejected: Some(format!("binary content served as {ctype:?}")),
                ..Default::default()
            };
        }
        let xmlish = ctype.contains("xml")
            || ctype.contains("rss")
            || ctype.contains("atom")
            || body.starts_with(&[0x1f, 0x8b])
            || starts_with_xml(body);
        if matches!(kind, Kind::Sitemap | Kind::Feed) || xmlish {
            if let Some(a) = self.xml(source, depth, resp) {
                return a;
            }
            if matches!(kind, Kind::Sitemap | Kind::Feed) || !ctype.contains("html") {
                return Analysis {
                    rejected: Some("not a sitemap or feed".into()),
                    ..Default::default()
                };
            }
        }
        self.html(source, depth, resp)
    }

    fn xml(&self, source: &Source, depth: u32, resp: &HttpResponse) -> Option<Analysis> {
        let since = self.limits.since;
        let fresh = |d: Option<NaiveDate>| since.is_none_or(|s| d.is_none_or(|d| d >= s));
        let mut a = Analysis::default();
        if let Some(sm) = discover::parse_sitemap(&resp.body, &resp.url) {
            match sm {
                Sitemap::Index(entries) => {
                    for e in entries
                        .into_iter()
                        .filter(|e| fresh(e.date) && source.in_scope(&e.url))
                    {
                        a.links.push((e.url.to_string(), Kind::Sitemap, depth));
                    }
                }
                Sitemap::Urls(entries) => {
                    for e in entries
                        .into_iter()
                        .filter(|e| fresh(e.date) && source.in_scope(&e.url))
                    {
                        let k = sitemap_kind(source, &e.url);
                        a.links.push((e.url.to_string(), k, depth + 1));
                    }
                }
            }
            return Some(a);
        }
        let entries = discover::parse_feed(&resp.body, &resp.url)?;
        for e in entries
            .into_iter()
            .filter(|e| fresh(e.date) && source.in_scope(&e.url))
        {
            a.links
                .push((e.url.to_string(), sitemap_kind(source, &e.url), depth + 1));
        }
        Some(a)
    }

    fn html(&self, source: &Source, depth: u32, resp: &HttpResponse) -> Analysis {
        let decoded = page_decode::decode_page(&resp.body, resp.content_type());
        let extractor = self.extractors.get(&source.id).unwrap_or(&self.generic);
        let page = extractor.extract(&decoded.html);
        let mut a = Analysis::default();
        if page.page_type == PageType::Article && !page.text.trim().is_empty() {
            let too_old = match (
                self.limits.since,
                page.published.as_deref().and_then(|p| p.get(..10)),
            ) {
                (Some(since), Some(d)) => {
                    NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok_and(|d| d < since)
                }
                _ => false,
            };
            if !too_old {
                a.article = Some(ArticleContent {
                    title: page.title,
                    published: page.published,
                    author: page.author,
                    text: page.text,
                });
            }
        }
        if depth < self.limits.max_depth {
            for l in discover::page_links(&decoded.html, &resp.url, source) {
                if l.kind == Kind::Listing && discover::is_pagination(&l.url) {
                    // The next page of a listing is the same listing: same depth,
                    // bounded by the page budget and by "nothing new" on refresh.
                    a.pagination.push((l.url.to_string(), l.kind, depth));
                } else {
                    a.links.push((l.url.to_string(), l.kind, depth + 1));
                }
            }
        }
        a
    }
}

fn sitemap_kind(source: &Source, url: &Url) -> Kind {
    match discover::classify(source, url, false) {
        // Sitemap and feed entries are articles unless a pattern says otherwise.
        Kind::Page => Kind::Article,
        k => k,
    }
}

fn starts_with_xml(body: &[u8]) -> bool {
    let head = body
        .iter()
        .skip_while(|b| b.is_ascii_whitespace() || **b == 0xef || **b == 0xbb || **b == 0xbf);
    let head: Vec<u8> = head.take(64).copied().collect();
    let s = String::from_utf8_lossy(&head).to_ascii_lowercase();
    s.starts_with("<?xml")
        || s.starts_with("<rss")
        || s.starts_with("<urlset")
        || s.starts_with("<sitemapindex")
        || s.starts_with("<feed")
}

/// Images, PDFs, archives and other binaries mislabelled as text: NUL bytes
/// or a known magic number at the start.
pub fn looks_binary(body: &[u8]) -> bool {
    const MAGIC: &[&[u8]] = &[
        b"%PDF",
        b"\x89PNG",
        b"GIF8",
        b"\xff\xd8\xff",
        b"PK\x03\x04",
        b"Rar!",
        b"\x7fELF",
        b"MZ",
        b"\xd0\xcf\x11\xe0",
        b"ID3",
        b"OggS",
        b"RIFF",
    ];
    if body.starts_with(&[0x1f, 0x8b]) {
        return false; // gzip sitemaps are handled by the XML path
    }
    MAGIC.iter().any(|m| body.starts_with(m))
        || body.iter().take(1024).filter(|b| **b == 0).count() > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_sniffing() {
        assert!(looks_binary(b"\x89PNG\r\n\x1a\nxxxx"));
        assert!(looks_binary(b"abc\0def"));
        assert!(!looks_binary(
            "<html><body>Xin chào</body></html>".as_bytes()
        ));
    }
}

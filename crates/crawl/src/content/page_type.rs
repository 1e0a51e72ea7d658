//! Article, listing or other: listings and home pages must never become
//! articles, whatever text their teasers carry.

use super::main_text::Analysis;
use super::render::Line;
use super::PageType;

/// What the page says about itself in its metadata.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Signals {
    /// `og:type` article, `article:published_time`, JSON-LD `NewsArticle`...
    pub article_meta: bool,
    /// `og:type` website (home pages and category pages).
    pub website_meta: bool,
    /// A publication date was found near the headline or in metadata.
    pub dated: bool,
}

/// Classify from the rendered main text and the page's teaser links.
pub(crate) fn classify(a: &Analysis<'_>, lines: &[Line], signals: Signals) -> PageType {
    let own: u32 = lines.iter().map(|l| l.chars - l.link_chars).sum();
    let link_only = lines.iter().filter(|l| l.is_link_only() && l.chars >= 10).count();
    let long_paras = lines.iter().filter(|l| l.chars - l.link_chars >= 100).count();
    let teasers = teaser_links(a);
    if link_only >= 4 && link_only * 2 >= long_paras {
        return PageType::Listing;
    }
    let enough = own >= 400 || (own >= 150 && (signals.article_meta || signals.dated)) || (own >= 80 && signals.article_meta && signals.dated);
    if enough && !(signals.website_meta && !signals.dated && long_paras < 2) {
        return PageType::Article;
    }
    if teasers >= 8 {
        PageType::Listing
    } else {
        PageType::Other
    }
}

/// Links anywhere on the page (outside pruned chrome) long enough to be
/// headlines of other pages.
fn teaser_links(a: &Analysis<'_>) -> usize {
    let dom = a.dom;
    (1..dom.nodes.len())
        .filter(|&i| dom.nodes[i].tag == super::dom::Tag::A && !a.excluded[i] && a.stats.text[i] >= 20)
        .count()
}

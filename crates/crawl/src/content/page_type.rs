//! Article, listing or other: listings and home pages must never become
//! articles, whatever text their teasers carry.
//!
//! The evidence is taken from the chosen container *before* it is cleaned
//! (cleaning drops exactly the headline links that betray a listing): a
//! listing is a run of stand-alone links (each a block's whole text, like a
//! teaser headline) at least as many as its real paragraphs.

use super::dom::Tag;
use super::main_text::Analysis;
use super::PageType;

/// What the page says about itself in its metadata.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Signals {
    /// `og:type` article, `article:published_time`, JSON-LD `NewsArticle`...
    pub article_meta: bool,
    /// `og:type` website (home pages and category pages).
    pub website_meta: bool,
    /// A heading matches the page's `og:title`/`<title>`.
    pub headline: bool,
}

/// Counts over a container, before cleaning.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Evidence {
    /// Links of 10+ characters that make 40% or more of their block's text.
    pub solo_links: u32,
    /// Paragraphs with 80+ characters outside links.
    pub long_paras: u32,
    /// How often, in document order, a stand-alone link follows a paragraph
    /// or the reverse: teasers alternate, an article's "related" block
    /// comes in one run.
    pub alternations: u32,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Event {
    Link,
    Para,
}

/// Gather evidence over the given elements (the whole page for `&[0]`).
pub(crate) fn evidence(a: &Analysis<'_>, parts: &[u32]) -> Evidence {
    let dom = a.dom;
    let mut ev = Evidence::default();
    let mut last: Option<Event> = None;
    let mut push = |e: Event, ev: &mut Evidence| {
        match e {
            Event::Link => ev.solo_links += 1,
            Event::Para => ev.long_paras += 1,
        }
        if last.is_some_and(|l| l != e) {
            ev.alternations += 1;
        }
        last = Some(e);
    };
    for &part in parts {
        let (mut chunk, chunk_end) = dom.chunk_range(part);
        let end = dom.nodes[part as usize].end;
        for i in part..=end + 1 {
            let upto = if i <= end {
                dom.nodes[i as usize].chunk_start as usize
            } else {
                chunk_end
            };
            while chunk < upto {
                let p = dom.chunks[chunk].parent as usize;
                if !a.excluded[p] && !a.in_para[p] && !a.in_link[p] && a.chunk_len[chunk] >= 80 {
                    push(Event::Para, &mut ev);
                }
                chunk += 1;
            }
            if i > end {
                break;
            }
            let iu = i as usize;
            if a.excluded[iu] {
                continue;
            }
            match dom.nodes[iu].tag {
                Tag::A if a.stats.text[iu] >= 10 => {
                    let block = block_ancestor(a, i);
                    if a.stats.text[iu] * 5 >= a.stats.text[block as usize] * 2 {
                        push(Event::Link, &mut ev);
                    }
                }
                Tag::P if a.stats.ptext[iu] >= 80 => push(Event::Para, &mut ev),
                _ => {}
            }
        }
    }
    ev
}

fn block_ancestor(a: &Analysis<'_>, mut n: u32) -> u32 {
    let dom = a.dom;
    while n > 0 && !dom.nodes[n as usize].tag.is_block() {
        n = dom.nodes[n as usize].parent;
    }
    n
}

/// Classify from the container's evidence and the text left after cleaning
/// (`own_chars`: non-link characters of the final text).
pub(crate) fn classify(ev: Evidence, own_chars: u32, signals: Signals) -> PageType {
    let strong_article = signals.article_meta && signals.headline && ev.long_paras >= 3;
    let teasers =
        ev.long_paras <= 1 || (ev.alternations >= 6 && ev.solo_links * 2 >= ev.long_paras);
    if ev.solo_links >= 4 && teasers && !strong_article {
        return PageType::Listing;
    }
    let enough =
        own_chars >= 400 || (own_chars >= 150 && (signals.article_meta || signals.headline));
    if enough && !(signals.website_meta && !signals.headline && ev.long_paras < 2) {
        return PageType::Article;
    }
    if ev.solo_links >= 8 {
        PageType::Listing
    } else {
        PageType::Other
    }
}

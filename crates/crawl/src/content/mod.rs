//! HTML page -> article: page type, main text, title, date, author.
//!
//! ```text
//! drop unread markup (strip) -> parse (scraper) -> compact DOM (dom)
//!   -> prune chrome, score blocks (main_text)
//!   -> clean inside the container -> lines (render) -> metadata (meta), page type
//! ```
//!
//! Per-source CSS selectors, when a source has them, replace the generic
//! choice of container, title, date or author; everything else still runs.

mod dom;
mod hints;
mod main_text;
mod meta;
mod page_type;
mod render;
mod strip;

use scraper::{Html, Selector};
use serde::{Deserialize, Serialize};

use dom::Dom;
use main_text::{Analysis, MainText};

/// What kind of page this is. Only `Article` pages carry an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageType {
    Article,
    Listing,
    Other,
}

/// The result of content extraction on one page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtractedPage {
    pub page_type: PageType,
    pub title: Option<String>,
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` (local time as the page writes it).
    pub published: Option<String>,
    pub author: Option<String>,
    /// Main text; one paragraph per line.
    pub text: String,
}

/// Per-source CSS selectors (as written in `corpus/sources.toml`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selectors {
    pub title: Option<String>,
    pub date: Option<String>,
    pub author: Option<String>,
    pub body: Option<String>,
}

/// A selector that does not parse.
#[derive(Debug, thiserror::Error)]
#[error(
    "invalid CSS selector for {field}: {selector:?} ({reason}); fix it in the source's selectors"
)]
pub struct SelectorError {
    pub field: &'static str,
    pub selector: String,
    pub reason: String,
}

#[derive(Debug, Default)]
struct Compiled {
    title: Option<Selector>,
    date: Option<Selector>,
    author: Option<Selector>,
    body: Option<Selector>,
}

impl Compiled {
    fn any(&self) -> bool {
        self.title.is_some() || self.date.is_some() || self.author.is_some() || self.body.is_some()
    }
}

/// Content extractor; build once per source (selectors are compiled here),
/// use for every page.
#[derive(Debug, Default)]
pub struct Extractor {
    selectors: Compiled,
}

impl Extractor {
    /// The generic extractor (no selectors).
    pub fn new() -> Extractor {
        Extractor::default()
    }

    /// An extractor whose given selectors override the generic algorithm.
    pub fn with_selectors(s: &Selectors) -> Result<Extractor, SelectorError> {
        let compile = |field: &'static str,
                       sel: &Option<String>|
         -> Result<Option<Selector>, SelectorError> {
            match sel.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(text) => Selector::parse(text).map(Some).map_err(|e| SelectorError {
                    field,
                    selector: text.to_owned(),
                    reason: e.to_string(),
                }),
            }
        };
        Ok(Extractor {
            selectors: Compiled {
                title: compile("title", &s.title)?,
                date: compile("date", &s.date)?,
                author: compile("author", &s.author)?,
                body: compile("body", &s.body)?,
            },
        })
    }

    /// Extract the page. Never fails: a page without an article is `Other`
    /// or `Listing` with whatever text was found.
    pub fn extract(&self, html: &str) -> ExtractedPage {
        // Selectors may name any attribute; the generic algorithm reads few.
        let strip = if self.selectors.any() {
            strip::Strip::RawText
        } else {
            strip::Strip::Unread
        };
        let doc = Html::parse_document(&strip::strip_unread(html, strip));
        let dom = Dom::build(&doc, self.selectors.any());
        let mut a = Analysis::new(&dom);
        let (main, evidence) = self.find_main(&doc, &mut a);
        let mut lines = main
            .as_ref()
            .map(|m| render::render(&a, &m.parts))
            .unwrap_or_default();
        let mut anchor = meta::title(&a, main.as_ref());
        if let Some(t) = self
            .selectors
            .title
            .as_ref()
            .and_then(|s| selected_text(&doc, s))
        {
            anchor.title = Some(t);
        }
        drop_title_line(&mut lines, anchor.title.as_deref());
        let published = self
            .selectors
            .date
            .as_ref()
            .and_then(|s| selected_date(&doc, s))
            .or_else(|| meta::published(&a, main.as_ref(), &anchor));
        let author = self
            .selectors
            .author
            .as_ref()
            .and_then(|s| selected_text(&doc, s))
            .and_then(|t| meta::clean_credit(&t))
            .or_else(|| meta::author(&a, main.as_ref(), &anchor, &lines));
        let signals = page_type::Signals {
            article_meta: has_article_meta(&dom),
            website_meta: dom
                .head
                .get("og:type")
                .is_some_and(|t| t.eq_ignore_ascii_case("website")),
            headline: anchor.headline,
        };
        let own_chars = lines.iter().map(|l| l.chars - l.link_chars).sum();
        let page_type = page_type::classify(evidence, own_chars, signals);
        // A listing's "date" and "author" belong to its teasers or the site.
        let (published, author) = match page_type {
            PageType::Article => (published, author),
            _ => (None, None),
        };
        ExtractedPage {
            page_type,
            title: anchor.title,
            published,
            author,
            text: final_text(lines),
        }
    }

    /// The article container (selector or generic scoring), cleaned, and the
    /// page-type evidence taken before cleaning.
    fn find_main(
        &self,
        doc: &Html,
        a: &mut Analysis<'_>,
    ) -> (Option<MainText>, page_type::Evidence) {
        let selected = self
            .selectors
            .body
            .as_ref()
            .and_then(|sel| selected_main(doc, a.dom, sel));
        if let Some(m) = selected {
            // The source's selector is trusted; only labelled chrome is cut.
            for &part in &m.parts {
                a.prune_labels(part);
            }
            a.recount();
            let evidence = page_type::evidence(a, &m.parts);
            return (Some(m), evidence);
        }
        let main = main_text::find_main(a);
        let evidence = page_type::evidence(a, main.as_ref().map_or(&[0][..], |m| &m.parts[..]));
        if let Some(m) = &main {
            main_text::clean(a, m);
        }
        (main, evidence)
    }
}

/// Lines to text, without furniture lines, teaser links and datelines.
fn final_text(mut lines: Vec<render::Line>) -> String {
    lines.retain(|l| {
        !hints::is_boilerplate_line(&l.text) && !is_teaser_link(l) && !meta::is_date_line(&l.text)
    });
    lines
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Extract with the generic algorithm.
pub fn extract(html: &str) -> ExtractedPage {
    Extractor::new().extract(html)
}

/// A line that is only a link with a few words: another page's headline.
/// Links written out as addresses are kept (sources, references).
fn is_teaser_link(l: &render::Line) -> bool {
    l.is_link_only()
        && l.chars < 120
        && l.text.contains(' ')
        && !l.text.contains("://")
        && !l.text.contains("www.")
}

/// The headline is reported as `title`, not repeated in the text.
fn drop_title_line(lines: &mut Vec<render::Line>, title: Option<&str>) {
    let Some(title) = title else { return };
    let title = title.trim();
    if let Some(pos) = lines.iter().take(4).position(|l| l.text.trim() == title) {
        lines.remove(pos);
    }
}

fn has_article_meta(dom: &Dom) -> bool {
    let og_article = dom
        .head
        .get("og:type")
        .is_some_and(|t| t.to_ascii_lowercase().contains("article"));
    let published = dom.head.get("article:published_time").is_some();
    let ld = dom.head.json_ld.iter().any(|s| {
        [
            "\"NewsArticle\"",
            "\"Article\"",
            "\"BlogPosting\"",
            "\"ReportageNewsArticle\"",
        ]
        .iter()
        .any(|t| s.contains(t))
    });
    let itemprop = dom
        .nodes
        .iter()
        .any(|n| n.flags & dom::flag::ITEMPROP_BODY != 0);
    og_article || published || ld || itemprop
}

fn selected_main(doc: &Html, dom: &Dom, sel: &Selector) -> Option<MainText> {
    let mut parts: Vec<u32> = Vec::new();
    for el in doc.select(sel) {
        let Some(&idx) = dom.ids.get(&el.id()) else {
            continue;
        };
        if parts.iter().any(|&p| dom.within(idx, p)) {
            continue;
        }
        parts.retain(|&p| !dom.within(p, idx));
        parts.push(idx);
    }
    parts.sort_unstable();
    let top = *parts.first()?;
    Some(MainText { top, parts })
}

fn selected_text(doc: &Html, sel: &Selector) -> Option<String> {
    doc.select(sel)
        .map(|el| dom::collapse_ws(&el.text().collect::<String>()))
        .find(|t| !t.is_empty())
}

fn selected_date(doc: &Html, sel: &Selector) -> Option<String> {
    doc.select(sel).find_map(|el| {
        let v = el.value();
        let attr = v.attr("datetime").or_else(|| v.attr("content"));
        attr.and_then(meta::parse_any_date)
            .or_else(|| meta::parse_any_date(&dom::collapse_ws(&el.text().collect::<String>())))
    })
}

//! Title, publication date and author.
//!
//! Structured metadata (JSON-LD, `<meta>`, `itemprop`) is trusted first; then
//! the page itself: the heading that matches the page title, the short date
//! line nearest that heading, the byline element or the bold/right-aligned
//! closing line. Sidebars and banners are never searched, so a sidebar
//! post's date or the "Thứ Hai, ngày 23/11/2026" banner cannot win.

use once_cell::sync::Lazy;
use regex::Regex;
use serde_json::Value;

use super::dom::{collapse_ws, flag, Dom, Tag};
use super::main_text::{Analysis, MainText};
use super::render::Line;

static ISO_DATE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{2}))?")
        .expect("static regex")
});

static SIDEBAR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(concat!(
        r"sidebar|menu|\bnav|related|tinkhac|tin-khac|lienquan|lien-quan|other|footer|col-right|right-col|",
        r"left-col|col-left|colright|colleft|banner|widget|comment|most|popular|trending|weather|calendar"
    ))
    .expect("static regex")
});

/// Where on the page the headline is, to look for the date and byline near it.
pub(crate) struct Anchor {
    pub title: Option<String>,
    pub title_node: Option<u32>,
    /// The title is a heading that matches `og:title`/`<title>`.
    pub headline: bool,
}

const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "dc.date",
    "dcterms.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "publication_date",
    "citation_publication_date",
    "date",
];

const AUTHOR_KEYS: &[&str] = &[
    "author",
    "article:author",
    "dc.creator",
    "byl",
    "sailthru.author",
    "parsely-author",
];

/// The title: the heading matching `og:title`/`<title>`, else the heading
/// just before or inside the article, else the metadata title.
pub(crate) fn title(a: &Analysis<'_>, main: Option<&MainText>) -> Anchor {
    let dom = a.dom;
    let meta_title = ["og:title", "twitter:title"]
        .iter()
        .find_map(|k| dom.head.get(k))
        .map(collapse_ws)
        .or_else(|| json_ld_str(dom, "headline"));
    let doc_title = dom.head.title.as_deref().map(collapse_ws);
    let headings: Vec<(u32, String)> = (1..dom.nodes.len() as u32)
        .filter(|&i| matches!(dom.nodes[i as usize].tag, Tag::H(1) | Tag::H(2)))
        .filter(|&i| !is_sidebar(dom, i))
        .map(|i| (i, dom.text_of(i)))
        .filter(|(_, t)| t.chars().count() >= 5)
        .collect();
    let site_name = site_name(dom);
    // The site's name in a logo heading is never the title.
    let headings: Vec<(u32, String)> = headings
        .into_iter()
        .filter(|(_, t)| site_name.as_deref() != Some(t.to_lowercase().as_str()))
        .collect();
    let doc_main = doc_title.as_deref().map(strip_site_name);
    let matches_meta = |h: &str| {
        let h = h.to_lowercase();
        let hn = h.chars().count();
        [&meta_title, &doc_main].iter().any(|m| {
            m.as_deref().is_some_and(|m| {
                let m = m.to_lowercase();
                let mn = m.chars().count();
                (m.contains(&h) && hn * 2 >= mn) || (h.contains(&m) && mn >= 10)
            })
        })
    };
    let h1_first = |want_h1: bool| {
        headings
            .iter()
            .filter(|(i, _)| (dom.nodes[*i as usize].tag == Tag::H(1)) == want_h1)
            .find(|(_, t)| matches_meta(t))
            .cloned()
    };
    if let Some((i, t)) = h1_first(true).or_else(|| h1_first(false)) {
        return Anchor {
            title: Some(t),
            title_node: Some(i),
            headline: true,
        };
    }
    if let Some(m) = main {
        let near = headings.iter().rev().find(|(i, _)| {
            dom.nodes[*i as usize].tag == Tag::H(1)
                && (dom.within(*i, m.top) || (*i < m.top && m.top - *i < 200))
        });
        if let Some((i, t)) = near {
            return Anchor {
                title: Some(t.clone()),
                title_node: Some(*i),
                headline: false,
            };
        }
    }
    let title = meta_title.or_else(|| doc_title.map(|t| strip_site_name(&t)));
    let title_node = main.and_then(|m| {
        headings
            .iter()
            .find(|(i, _)| dom.within(*i, m.top))
            .map(|(i, _)| *i)
    });
    Anchor {
        title,
        title_node,
        headline: false,
    }
}

/// The site's own name, lower-cased: `og:site_name`, else the part of
/// `<title>` that [`strip_site_name`] drops.
fn site_name(dom: &Dom) -> Option<String> {
    if let Some(s) = dom.head.get("og:site_name") {
        return Some(collapse_ws(s).to_lowercase());
    }
    let t = collapse_ws(dom.head.title.as_deref()?);
    let main = strip_site_name(&t);
    let rest = t.replace(&main, "");
    let rest = rest.trim_matches(|c: char| c.is_whitespace() || "-|–—:»".contains(c));
    (!rest.is_empty()).then(|| rest.to_lowercase())
}

/// `<title>` minus the site name after ` - `, ` | `, ` – `: keep the longest part.
pub(crate) fn strip_site_name(t: &str) -> String {
    const SEPS: [&str; 6] = [" - ", " | ", " – ", " — ", " :: ", " » "];
    let t = t.trim();
    let last = SEPS
        .iter()
        .filter_map(|s| t.rfind(s).map(|i| (i, s.len())))
        .max();
    let first = SEPS
        .iter()
        .filter_map(|s| t.find(s).map(|i| (i, s.len())))
        .min();
    let (Some((li, _)), Some((fi, flen))) = (last, first) else {
        return t.to_owned();
    };
    // Like Readability: the part before the last separator, unless that is
    // only a name or two ("Cổng TTĐT | Kỳ họp thứ 7...").
    let head = t[..li].trim();
    if head.split_whitespace().count() >= 3 {
        head.to_owned()
    } else {
        t[fi + flen..].trim().to_owned()
    }
}

/// The publication date as `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`.
pub(crate) fn published(
    a: &Analysis<'_>,
    main: Option<&MainText>,
    anchor: &Anchor,
) -> Option<String> {
    let dom = a.dom;
    if let Some(d) = json_ld_str(dom, "datePublished").and_then(|s| parse_any_date(&s)) {
        return Some(d);
    }
    if let Some(d) = DATE_KEYS
        .iter()
        .filter_map(|k| dom.head.get(k))
        .find_map(parse_any_date)
    {
        return Some(d);
    }
    let itemprop = (1..dom.nodes.len()).find(|&i| dom.nodes[i].flags & flag::ITEMPROP_DATE != 0);
    if let Some(i) = itemprop {
        let node = &dom.nodes[i];
        let raw = node
            .datetime
            .as_deref()
            .map(str::to_owned)
            .unwrap_or_else(|| dom.text_of(i as u32));
        if let Some(d) = parse_any_date(&raw) {
            return Some(d);
        }
    }
    if let Some(d) = date_near_headline(a, main, anchor) {
        return Some(d);
    }
    let m = main?;
    (m.top..=dom.nodes[m.top as usize].end)
        .filter(|&i| dom.nodes[i as usize].tag == Tag::Time)
        .find_map(|i| {
            dom.nodes[i as usize]
                .datetime
                .as_deref()
                .and_then(parse_any_date)
        })
}

/// The short date line closest to the headline (after it preferred), outside
/// sidebars and links.
fn date_near_headline(
    a: &Analysis<'_>,
    main: Option<&MainText>,
    anchor: &Anchor,
) -> Option<String> {
    let dom = a.dom;
    let anchor_node = anchor.title_node.or(main.map(|m| m.top))?;
    let at = dom.first_chunk_at_or_after(anchor_node);
    let lo = at.saturating_sub(8);
    let hi = (at + 60).min(dom.chunks.len());
    let mut best: Option<(usize, String)> = None;
    for ci in lo..hi {
        let chunk = &dom.chunks[ci];
        let dist = if ci >= at { ci - at } else { (at - ci) * 3 };
        if best.as_ref().is_some_and(|(d, _)| *d <= dist) {
            continue;
        }
        let text = chunk.text.trim();
        if text.len() < 6 || text.chars().count() > 100 || a.in_link[chunk.parent as usize] {
            continue;
        }
        if is_sidebar(dom, chunk.parent) {
            continue;
        }
        if let Some(d) = first_date(text) {
            best = Some((dist, d));
        }
    }
    best.map(|(_, d)| d)
}

/// Whether `n` sits in a sidebar, menu, related-news box or footer.
fn is_sidebar(dom: &Dom, mut n: u32) -> bool {
    while n > 0 {
        let node = &dom.nodes[n as usize];
        if matches!(node.tag, Tag::Aside | Tag::Nav | Tag::Footer) {
            return true;
        }
        if !node.class.is_empty() && SIDEBAR.is_match(&node.class) {
            return true;
        }
        n = node.parent;
    }
    false
}

/// An ISO-like date (`2024-08-30T10:00:00+07:00`) or any Vietnamese form.
pub(crate) fn parse_any_date(s: &str) -> Option<String> {
    if let Some(c) = ISO_DATE.captures(s) {
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let (y, m, d) = (num(1)? as i32, num(2)?, num(3)?);
        let date = chrono::NaiveDate::from_ymd_opt(y, m, d)?;
        return Some(match (num(4), num(5)) {
            (Some(h), Some(min)) if h < 24 && min < 60 => format!("{date}T{h:02}:{min:02}"),
            _ => date.to_string(),
        });
    }
    first_date(s)
}

fn first_date(text: &str) -> Option<String> {
    let m = vnfacts_text::date::scan_dates(text, None)
        .into_iter()
        .find(|m| !m.year_inferred)?;
    use chrono::{Datelike, Timelike};
    if !(1990..=2100).contains(&m.date.year()) {
        return None;
    }
    Some(match m.time {
        Some(t) => format!("{}T{:02}:{:02}", m.date, t.hour(), t.minute()),
        None => m.date.to_string(),
    })
}

/// A short line that is only a date (the dateline under a headline): most of
/// its characters belong to a date expression.
pub(crate) fn is_date_line(line: &str) -> bool {
    if line.len() > 90 || !line.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    // "Ngày đăng: 28/03/2023 14:16", "Cập nhật: ...": a label, then the date.
    let rest = match line.split_once(':') {
        Some((label, rest))
            if label.chars().count() <= 24 && !label.bytes().any(|b| b.is_ascii_digit()) =>
        {
            rest
        }
        _ => line,
    };
    let rest = rest.trim();
    let dates = vnfacts_text::date::scan_dates(rest, None);
    let covered: usize = dates.iter().map(|m| m.end.saturating_sub(m.start)).sum();
    covered > 0 && covered * 10 >= rest.len() * 6
}

/// The author: structured metadata, a byline element near the headline, or
/// the article's closing credit line.
pub(crate) fn author(
    a: &Analysis<'_>,
    main: Option<&MainText>,
    anchor: &Anchor,
    lines: &[Line],
) -> Option<String> {
    let dom = a.dom;
    if let Some(name) = json_ld_author(dom) {
        return Some(name);
    }
    if let Some(name) = byline_element(a, main, anchor) {
        return Some(name);
    }
    if let Some(name) = closing_line(lines) {
        return Some(name);
    }
    AUTHOR_KEYS
        .iter()
        .filter_map(|k| dom.head.get(k))
        .filter(|v| !v.contains("://") && !v.contains('/') && v.chars().count() <= 80)
        .filter(|v| !is_site_name(dom, v))
        .find_map(clean_credit)
}

/// Portals put their own name in `<meta name="author">`.
fn is_site_name(dom: &Dom, v: &str) -> bool {
    let lower = v.to_lowercase();
    let site = dom.head.get("og:site_name").map(str::to_lowercase);
    let in_title = dom.head.title.as_deref().is_some_and(|t| {
        let t = t.to_lowercase();
        t != strip_site_name(&t) && !strip_site_name(&t).contains(&lower) && t.contains(&lower)
    });
    site.is_some_and(|s| s == lower)
        || in_title
        || [
            "cổng thông tin",
            "trang thông tin",
            "website",
            "portal",
            "ủy ban",
            "ubnd",
            "báo điện tử",
            ".vn",
            ".com",
        ]
        .iter()
        .any(|w| lower.contains(w))
}

fn byline_element(a: &Analysis<'_>, main: Option<&MainText>, anchor: &Anchor) -> Option<String> {
    let dom = a.dom;
    let start = anchor.title_node.or(main.map(|m| m.top))?;
    let end = main.map_or(start + 200, |m| {
        m.parts
            .iter()
            .map(|&p| dom.nodes[p as usize].end)
            .max()
            .unwrap_or(m.top)
    });
    let lo = start.saturating_sub(40);
    (lo.max(1)..=end.min(dom.nodes.len() as u32 - 1))
        .filter(|&i| {
            dom.nodes[i as usize].flags & (flag::ITEMPROP_AUTHOR | flag::AUTHOR_CLASS) != 0
        })
        .filter(|&i| !is_sidebar(dom, i))
        .find_map(|i| {
            let t = dom.text_of(i);
            if t.chars().count() > 80 {
                return None;
            }
            clean_credit(&t)
        })
}

/// The last short line of the article when it reads as a credit: bold or
/// right-aligned, or introduced by "Tin, ảnh:", or a reporter tag like "PV".
/// "Theo X" and "Nguồn: X" name a source, not an author.
fn closing_line(lines: &[Line]) -> Option<String> {
    for line in lines.iter().rev().take(3) {
        let text = line.text.trim();
        let lower = text.to_lowercase();
        if lower.starts_with("theo ") || lower.starts_with("nguồn") || lower.starts_with("(theo")
        {
            continue;
        }
        let words = text.split_whitespace().count();
        if line.chars > 60 || words > 8 || words == 0 {
            return None;
        }
        let emphasized = line.bold_chars * 2 > line.chars || line.right_chars * 2 > line.chars;
        let credit = credit_prefix(text).is_some() || is_reporter_tag(text);
        if !(emphasized || credit) {
            return None;
        }
        let name = clean_credit(text)?;
        if is_reporter_tag(&name) || looks_like_name(&name) {
            return Some(name);
        }
        return None;
    }
    None
}

fn is_reporter_tag(s: &str) -> bool {
    let t = s.trim().trim_end_matches('.');
    matches!(
        t,
        "PV" | "CTV" | "Nhóm PV" | "PV-CTV" | "PV - CTV" | "BTV" | "Nhóm phóng viên"
    )
}

fn looks_like_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 6
        && !s.ends_with('.')
        && words.iter().all(|w| {
            let first = w
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .chars()
                .next();
            first.is_some_and(|c| c.is_uppercase())
        })
}

const CREDIT_PREFIXES: &[&str] = &[
    "tin và ảnh:",
    "tin, ảnh:",
    "tin - ảnh:",
    "bài và ảnh:",
    "bài, ảnh:",
    "bài - ảnh:",
    "tác giả:",
    "người viết:",
    "tin:",
    "bài:",
    "by ",
    "tác giả ",
];

fn credit_prefix(text: &str) -> Option<usize> {
    let lower = text.to_lowercase();
    CREDIT_PREFIXES
        .iter()
        .find(|p| lower.starts_with(**p))
        .map(|p| {
            // Same number of chars in the original text; find its byte offset.
            let n = p.chars().count();
            text.char_indices().nth(n).map_or(text.len(), |(b, _)| b)
        })
}

/// A credit line to a name: prefixes, trailing dates and punctuation removed.
pub(crate) fn clean_credit(text: &str) -> Option<String> {
    let mut t = collapse_ws(text);
    if let Some(cut) = credit_prefix(&t) {
        t = t[cut..].trim().to_owned();
    }
    for sep in [" - ", " | ", " – ", "|", ","] {
        if let Some((head, tail)) = t.split_once(sep) {
            if first_date(tail).is_some()
                || parse_any_date(tail).is_some()
                || tail.chars().any(|c| c.is_ascii_digit())
            {
                t = head.trim().to_owned();
            }
        }
    }
    let t = t
        .trim_matches(|c: char| !c.is_alphanumeric() && c != ')')
        .trim();
    let lower = t.to_lowercase();
    if t.is_empty()
        || t.chars().count() > 60
        || lower.starts_with("theo ")
        || lower.starts_with("nguồn")
    {
        return None;
    }
    Some(t.to_owned())
}

fn json_ld_values<'a>(dom: &'a Dom<'_>) -> impl Iterator<Item = Value> + 'a {
    dom.head
        .json_ld
        .iter()
        .filter_map(|s| serde_json::from_str::<Value>(s).ok())
}

fn find_key<'v>(v: &'v Value, key: &str, depth: u8) -> Option<&'v Value> {
    if depth > 6 {
        return None;
    }
    match v {
        Value::Object(map) => map
            .get(key)
            .or_else(|| map.values().find_map(|x| find_key(x, key, depth + 1))),
        Value::Array(items) => items.iter().find_map(|x| find_key(x, key, depth + 1)),
        _ => None,
    }
}

fn json_ld_str(dom: &Dom, key: &str) -> Option<String> {
    json_ld_values(dom).find_map(|v| {
        find_key(&v, key, 0)
            .and_then(Value::as_str)
            .map(collapse_ws)
    })
}

fn json_ld_author(dom: &Dom) -> Option<String> {
    let name_of = |v: &Value| -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Object(m) => m.get("name").and_then(Value::as_str).map(str::to_owned),
            _ => None,
        }
    };
    json_ld_values(dom).find_map(|v| {
        let author = find_key(&v, "author", 0)?;
        let names: Vec<String> = match author {
            Value::Array(items) => items.iter().filter_map(name_of).collect(),
            other => name_of(other).into_iter().collect(),
        };
        let joined = names
            .iter()
            .map(|n| collapse_ws(n))
            .filter(|n| !n.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        (!joined.is_empty() && !joined.contains("://")).then_some(joined)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        assert_eq!(
            parse_any_date("2024-08-30T10:05:00+07:00").as_deref(),
            Some("2024-08-30T10:05")
        );
        assert_eq!(parse_any_date("2024-08-30").as_deref(), Some("2024-08-30"));
        assert_eq!(parse_any_date("2024-02-30"), None);
    }

    #[test]
    fn site_name() {
        assert_eq!(
            strip_site_name("Hội nghị tổng kết công tác năm 2024 - Cổng TTĐT tỉnh"),
            "Hội nghị tổng kết công tác năm 2024"
        );
        assert_eq!(
            strip_site_name("Cổng TTĐT | Kỳ họp thứ 7 HĐND tỉnh khóa XVI"),
            "Kỳ họp thứ 7 HĐND tỉnh khóa XVI"
        );
        assert_eq!(
            strip_site_name("Tin tức - Sự kiện - Cổng thông tin tỉnh"),
            "Tin tức - Sự kiện"
        );
        assert_eq!(strip_site_name("Trang chủ"), "Trang chủ");
    }

    #[test]
    fn date_lines() {
        assert!(is_date_line("Ngày đăng: 28/03/2023 14:16"));
        assert!(is_date_line("THỨ BA, NGÀY 23 THÁNG 07 NĂM 2024 11:52"));
        assert!(!is_date_line(
            "Ngày 29/6/2022, UBND tỉnh ban hành kế hoạch triển khai CSDL đất đai"
        ));
        assert!(!is_date_line("Minh Anh"));
    }

    #[test]
    fn credits() {
        assert_eq!(
            clean_credit("Tin, ảnh: Ngọc Hà").as_deref(),
            Some("Ngọc Hà")
        );
        assert_eq!(clean_credit("By Jane Doe").as_deref(), Some("Jane Doe"));
        assert_eq!(clean_credit("Theo Báo Chính phủ"), None);
        assert!(is_reporter_tag("PV"));
        assert!(looks_like_name("Minh Anh"));
        assert!(!looks_like_name("được tổ chức vào sáng nay"));
    }
}

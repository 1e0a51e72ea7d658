//! What class names, ids, styles and short labels say about a block.
//!
//! The lists follow Readability's and trafilatura's, plus the names and
//! labels Vietnamese portal platforms (SharePoint, Liferay, DotNetNuke,
//! WordPress, home-grown CMSs) use: `chitiet`, `noidung`, `tinkhac`,
//! `lienket`, "Tìm kiếm tin tức", "Tổng truy cập", "Mặc định Cỡ chữ"...
//! All patterns are compiled once.

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use once_cell::sync::Lazy;
use regex::{Regex, RegexSet};

/// Class/id patterns: bit `i` of [`class_bits`] is pattern `i`. Each is an
/// alternation of literals, optionally anchored (`^`, `$`) or bounded (`\b`)
/// at either end, with `s?` at the end of a literal allowed: that is all
/// [`literals`] has to understand.
const CLASS_PATTERNS: [&str; 7] = [
    // UNLIKELY: chrome, pruned before scoring (unless MAYBE also matches).
    concat!(
        r"-ad-|\bads?\b|ai2html|banner|breadcrumb|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|",
        r"header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|",
        r"supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|navbar|topbar|cookie|newsletter|",
        r"subscribe|sharing|share-|-share|tinkhac|tin-khac|tinlienquan|tin-lien-quan|lienket|lien-ket|weblink|",
        r"binhluan|binh-luan|timkiem|tim-kiem|search|visitor|thongke|thong-ke|truycap|truy-cap|counter|",
        r"fontsize|font-size|toolbar|most-read|mostread|trending|promo|outbrain|taboola|recommend|signup"
    ),
    // MAYBE
    r"and|article|body|column|content|main|shadow|chitiet|chi-tiet|noidung|noi-dung|detail|entry|story",
    // POSITIVE
    concat!(
        r"article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|chitiet|chi-tiet|",
        r"noidung|noi-dung|detail|fulltext|journal|news-content|newscontent"
    ),
    // NEGATIVE
    concat!(
        r"-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|foot|footer|footnote|gdpr|",
        r"masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|",
        r"shopping|tags|tool|widget|menu|nav|tinkhac|tin-khac|lienket|lien-ket|other|relate|binhluan|",
        r"search|timkiem|visitor|counter|thongke|truycap|breadcrumb|social|subscribe|newsletter|byline|",
        r"author|caption|credit"
    ),
    // JUNK: chrome that sits inside article containers (captions, share bars, bylines, ads).
    concat!(
        r"caption|credit|share|sharing|social|related|advert|\bads?\b|\bad-|-ad\b|newsletter|subscri|promo|",
        r"recommend|comment|copyright|disclaimer|\btags?\b|author-bio|bio-box|byline|timestamp|dateline|",
        r"tinkhac|tin-khac|lienquan|lien-quan|binhluan|binh-luan"
    ),
    // AUTHOR
    r"author|byline|tacgia|tac-gia|writer|reporter",
    // DATE
    r"date|time|ngay|publish|posted|created",
];

/// The patterns as a regex set: the reference, and the matcher for class
/// strings that are not ASCII (where `\b` needs Unicode word classes).
static CLASS_SET: Lazy<RegexSet> =
    Lazy::new(|| RegexSet::new(CLASS_PATTERNS).expect("static regex set"));

/// What must be next to a literal for its pattern to match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edge {
    Any,
    /// `\b`
    Word,
    /// `^` on the left, `$` on the right.
    End,
}

/// A literal of [`CLASS_PATTERNS`]: the bit it sets and its edges.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Literal {
    text: String,
    bit: u8,
    left: Edge,
    right: Edge,
}

/// The literals of pattern number `bit`.
fn literals(bit: u8, pattern: &str) -> Vec<Literal> {
    let mut out = Vec::new();
    for piece in pattern.split('|') {
        let (left, piece) = if let Some(p) = piece.strip_prefix('^') {
            (Edge::End, p)
        } else if let Some(p) = piece.strip_prefix("\\b") {
            (Edge::Word, p)
        } else {
            (Edge::Any, piece)
        };
        let (right, piece) = if let Some(p) = piece.strip_suffix('$') {
            (Edge::End, p)
        } else if let Some(p) = piece.strip_suffix("\\b") {
            (Edge::Word, p)
        } else {
            (Edge::Any, piece)
        };
        let texts = match piece.strip_suffix("s?") {
            Some(stem) => vec![stem.to_owned(), format!("{stem}s")],
            None => vec![piece.to_owned()],
        };
        for text in texts {
            out.push(Literal {
                text,
                bit,
                left,
                right,
            });
        }
    }
    out
}

/// All literals in one automaton: one pass over an ASCII class string finds
/// every pattern (a regex set's lazy DFA for overlapping matches was a tenth
/// of the extraction time).
static CLASS_LITERALS: Lazy<(AhoCorasick, Vec<Literal>)> = Lazy::new(|| {
    let lits: Vec<Literal> = CLASS_PATTERNS
        .iter()
        .zip(0u8..)
        .flat_map(|(p, bit)| literals(bit, p))
        .collect();
    let ac = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::DFA))
        .build(lits.iter().map(|l| &l.text))
        .expect("static literals");
    (ac, lits)
});

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether `edge` holds between `before` and `after` (`None`: string edge).
fn edge_holds(edge: Edge, before: Option<u8>, after: Option<u8>) -> bool {
    match edge {
        Edge::Any => true,
        Edge::End => before.is_none() || after.is_none(),
        Edge::Word => before.is_some_and(is_word_byte) != after.is_some_and(is_word_byte),
    }
}

/// Bits of [`class_bits`].
pub(crate) mod class_bit {
    pub const UNLIKELY: u8 = 1;
    pub const MAYBE: u8 = 2;
    pub const POSITIVE: u8 = 4;
    pub const NEGATIVE: u8 = 8;
    pub const JUNK: u8 = 16;
    pub const AUTHOR: u8 = 32;
    pub const DATE: u8 = 64;
}

/// What a lower-cased `class id` string says, from one scan.
pub(crate) fn class_bits(class: &str) -> u8 {
    if class.trim().is_empty() {
        return 0;
    }
    if !class.is_ascii() {
        return regex_class_bits(class);
    }
    let b = class.as_bytes();
    let (ac, lits) = &*CLASS_LITERALS;
    let mut bits = 0u8;
    for m in ac.find_overlapping_iter(class) {
        let lit = &lits[m.pattern().as_usize()];
        let (start, end) = (m.start(), m.end());
        let before = start.checked_sub(1).map(|i| b[i]);
        if edge_holds(lit.left, before, Some(b[start]))
            && edge_holds(lit.right, Some(b[end - 1]), b.get(end).copied())
        {
            bits |= 1 << lit.bit;
        }
    }
    bits
}

fn regex_class_bits(class: &str) -> u8 {
    CLASS_SET
        .matches(class)
        .iter()
        .fold(0u8, |acc, i| acc | (1 << i))
}

/// Class/id weight (±25 like Readability) and whether the names say chrome.
pub(crate) fn class_weight(bits: u8) -> (i16, bool) {
    use class_bit::*;
    let mut w = 0;
    if bits & NEGATIVE != 0 {
        w -= 25;
    }
    if bits & POSITIVE != 0 {
        w += 25;
    }
    (w, bits & UNLIKELY != 0 && bits & MAYBE == 0)
}

static BOILERPLATE_LINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(concat!(
        r"(?i)^(advertisements?|advertising|sponsored( content)?|image \d+ (of|/) ?\d+|\(?(image|photo) credit:.*|",
        r"(photo|image|ảnh|nguồn ảnh): .{0,60}|(related|read more|see more|also read|read also|watch|more):.*|",
        r"don'?t miss|you may also like.*|share this( article| story)?|tags?:?.*|click here.*|",
        r"xem thêm:?.*|đọc thêm:?.*|tin liên quan:?.*|ảnh minh họa\.?|",
        r"(sign up|subscribe|get the latest|follow us|follow @|this slideshow requires).{0,150}|comments?)$"
    ))
    .expect("static regex")
});

/// A short line that is page furniture wherever it appears ("ADVERTISEMENT",
/// "Image 1 of 5", "Related: ...", "Xem thêm: ...").
pub(crate) fn is_boilerplate_line(line: &str) -> bool {
    line.len() <= 200 && BOILERPLATE_LINE.is_match(line.trim())
}

pub(crate) fn is_chrome_role(role: &str) -> bool {
    matches!(
        role.to_ascii_lowercase().as_str(),
        "navigation"
            | "menu"
            | "menubar"
            | "complementary"
            | "banner"
            | "contentinfo"
            | "search"
            | "dialog"
            | "alert"
    )
}

/// Whether a declaration `prop: value...` is in `style` (`prop` and `value`
/// lower case; the style is compared ignoring ASCII case).
fn style_has(style: &str, prop: &str, value: &str) -> bool {
    style.split(';').any(|decl| {
        let mut kv = decl.splitn(2, ':');
        let k = kv.next().unwrap_or("").trim();
        let v = kv.next().unwrap_or("").trim().as_bytes();
        k.eq_ignore_ascii_case(prop)
            && v.len() >= value.len()
            && v[..value.len()].eq_ignore_ascii_case(value.as_bytes())
    })
}

pub(crate) fn style_hidden(style: &str) -> bool {
    style_has(style, "display", "none") || style_has(style, "visibility", "hidden")
}

pub(crate) fn style_right(style: &str) -> bool {
    style_has(style, "text-align", "right")
}

pub(crate) fn style_bold(style: &str) -> bool {
    style_has(style, "font-weight", "bold") || style_has(style, "font-weight", "700")
}

/// Labels of portal chrome blocks: a short block starting with one of them is
/// not article text.
const CHROME_LABELS: &[&str] = &[
    "tìm kiếm tin tức",
    "tìm kiếm",
    "liên kết website",
    "liên kết web",
    "tổng truy cập",
    "tổng lượt truy cập",
    "đang truy cập",
    "đang online",
    "lượt truy cập",
    "số lượt truy cập",
    "trực tuyến:",
    "hôm nay:",
    "mặc định cỡ chữ",
    "cỡ chữ",
    "chia sẻ",
    "in bài viết",
    "in bài",
    "bản in",
    "gửi email",
    "gửi bài viết qua email",
    "quay lại",
    "lượt xem",
    "số lượt xem",
    "từ khóa",
    "từ khoá",
    "tags:",
    "đánh giá bài viết",
    "xem thêm",
    "trở về",
    "về đầu trang",
];

/// Labels after which the rest of an article container is not the article
/// ("Các tin khác", "Tin liên quan", comment forms...).
const TAIL_LABELS: &[&str] = &[
    "các tin khác",
    "các tin đã đưa",
    "tin khác",
    "tin liên quan",
    "bài viết liên quan",
    "bài liên quan",
    "tin cùng chuyên mục",
    "tin cùng loại",
    "tin bài khác",
    "các bài viết khác",
    "bài viết khác",
    "ý kiến bạn đọc",
    "gửi ý kiến",
    "gửi bình luận",
    "viết bình luận",
    "bình luận",
    "ý kiến của bạn",
    "related articles",
    "related stories",
    "related posts",
    "leave a reply",
    "leave a comment",
];

/// What a short label says: chrome to drop, or the start of the tail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Label {
    Chrome,
    Tail,
}

/// Classify a block's text (already whitespace-collapsed) as a chrome label.
pub(crate) fn label(text: &str) -> Option<Label> {
    if text.is_empty() || text.len() > 160 {
        return None;
    }
    let lower = text.to_lowercase();
    let lower = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    let starts = |l: &&str| {
        lower.starts_with(*l)
            && lower[l.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric() || l.ends_with(':'))
    };
    if TAIL_LABELS
        .iter()
        .any(|l| starts(l) && lower.chars().count() < l.chars().count() + 12)
    {
        return Some(Label::Tail);
    }
    if CHROME_LABELS.iter().any(starts) {
        return Some(Label::Chrome);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_names() {
        let w = |c: &str| class_weight(class_bits(c));
        assert!(w("sidebar-left").1);
        assert!(!w("main-content sidebar").1);
        assert!(w("chitiet-noidung").0 > 0);
        assert!(w("tinkhac").0 < 0);
        assert_eq!(w(""), (0, false));
        assert_ne!(class_bits("figure-caption") & class_bit::JUNK, 0);
        assert_ne!(class_bits("post-author") & class_bit::AUTHOR, 0);
    }

    #[test]
    fn literals_cover_every_pattern_piece() {
        for (bit, p) in (0u8..).zip(CLASS_PATTERNS) {
            for lit in literals(bit, p) {
                assert!(
                    !lit.text.is_empty()
                        && lit.text.bytes().all(|b| b.is_ascii_lowercase()
                            || b.is_ascii_digit()
                            || matches!(b, b'-' | b' ')),
                    "pattern {bit}: {lit:?} is not a plain literal"
                );
            }
        }
        let ads = literals(0, r"\bads?\b|^hid ");
        assert_eq!(ads.len(), 3);
        assert_eq!((ads[1].text.as_str(), ads[1].left), ("ads", Edge::Word));
        assert_eq!((ads[2].text.as_str(), ads[2].left), ("hid ", Edge::End));
    }

    #[test]
    fn automaton_agrees_with_the_regex_set() {
        for class in [
            "ads",
            "ad-slot",
            "head-ad",
            "bad-ads",
            "roads",
            "hid",
            "x hid",
            "hid y",
            "a hid b",
            "hidden",
            "tags",
            "tag-list",
            "stags",
            "main-content sidebar",
            "",
            "  ",
        ] {
            assert_eq!(class_bits(class), regex_class_bits(class), "{class:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn automaton_agrees_on_random_classes(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "ad", "ads", "-", " ", "_", "hid", "tag", "s", "x", "1", "share", "body",
                    "main", "content", "date", "comment", "nav", "bad", "menu", "é",
                ]),
                0..8,
            )
        ) {
            let class = parts.concat();
            proptest::prop_assert_eq!(class_bits(&class), regex_class_bits(&class), "{:?}", class);
        }
    }

    #[test]
    fn labels() {
        assert_eq!(label("Các tin khác"), Some(Label::Tail));
        assert_eq!(label("TIN LIÊN QUAN:"), Some(Label::Tail));
        assert_eq!(label("Mặc định Cỡ chữ"), Some(Label::Chrome));
        assert_eq!(label("Tổng truy cập: 1.234.567"), Some(Label::Chrome));
        assert_eq!(label("Tin khác biệt của năm"), None);
        assert_eq!(
            label("Bình luận của chuyên gia về dự thảo luật đất đai sửa đổi năm nay"),
            None
        );
        assert_eq!(label("Chiasẻ"), None);
    }

    #[test]
    fn styles() {
        assert!(style_hidden("color:red; DISPLAY: none"));
        assert!(!style_hidden("display:block"));
        assert!(style_right("text-align: right;"));
        assert!(style_bold("font-weight:bold"));
    }
}

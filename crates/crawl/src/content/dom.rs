//! A compact copy of the parsed page, shaped for scoring.
//!
//! scraper's tree is general; extraction needs per-element statistics (text,
//! link text, paragraphs) and a few attributes, looked up many times. One
//! pass copies the elements that can carry content into a flat arena in
//! document order (so a subtree is a contiguous index range), dropping
//! scripts, styles, forms controls and hidden elements, and collecting the
//! `<head>` metadata on the way.

use std::collections::HashMap;
use std::rc::Rc;

use ego_tree::NodeRef;
use scraper::{Html, Node as HtmlNode};

use super::hints;

/// The tags extraction distinguishes; everything else is `Inline` or `Block`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tag {
    Root,
    Body,
    Div,
    Section,
    Article,
    Main,
    P,
    A,
    H(u8),
    Br,
    Li,
    List,
    Dl,
    Table,
    Tr,
    Td,
    Img,
    Figure,
    Figcaption,
    Nav,
    Header,
    Footer,
    Aside,
    Form,
    Pre,
    Blockquote,
    Bold,
    Time,
    Block,
    Inline,
}

impl Tag {
    fn from_name(name: &str) -> Option<Tag> {
        let tag = match name {
            "body" => Tag::Body,
            "div" => Tag::Div,
            "section" => Tag::Section,
            "article" => Tag::Article,
            "main" => Tag::Main,
            "p" => Tag::P,
            "a" => Tag::A,
            "h1" => Tag::H(1),
            "h2" => Tag::H(2),
            "h3" => Tag::H(3),
            "h4" => Tag::H(4),
            "h5" => Tag::H(5),
            "h6" => Tag::H(6),
            "br" => Tag::Br,
            "li" | "dt" | "dd" => Tag::Li,
            "ul" | "ol" | "menu" => Tag::List,
            "dl" => Tag::Dl,
            "table" => Tag::Table,
            "tr" => Tag::Tr,
            "td" | "th" => Tag::Td,
            "img" => Tag::Img,
            "figure" => Tag::Figure,
            "figcaption" | "caption" => Tag::Figcaption,
            "nav" => Tag::Nav,
            "header" => Tag::Header,
            "footer" => Tag::Footer,
            "aside" => Tag::Aside,
            "form" | "fieldset" => Tag::Form,
            "pre" => Tag::Pre,
            "blockquote" => Tag::Blockquote,
            "b" | "strong" => Tag::Bold,
            "time" => Tag::Time,
            "script" | "style" | "noscript" | "template" | "svg" | "math" | "iframe" | "object"
            | "embed" | "canvas" | "button" | "input" | "select" | "textarea" | "option"
            | "video" | "audio" | "map" | "head" | "link" | "meta" | "title" | "source"
            | "picture" | "dialog" => return None,
            "hr" | "address" | "center" | "thead" | "tbody" | "tfoot" | "html" | "hgroup"
            | "details" | "summary" | "frameset" | "frame" | "legend" => Tag::Block,
            _ => Tag::Inline,
        };
        Some(tag)
    }

    /// Whether the tag starts a new line when rendered.
    pub(crate) fn is_block(self) -> bool {
        !matches!(
            self,
            Tag::A | Tag::Bold | Tag::Time | Tag::Inline | Tag::Img | Tag::Td
        )
    }
}

/// Element flags from attributes.
pub(crate) mod flag {
    pub const RIGHT: u8 = 1;
    pub const BOLD: u8 = 2;
    pub const ITEMPROP_BODY: u8 = 4;
    pub const ITEMPROP_DATE: u8 = 8;
    pub const ITEMPROP_AUTHOR: u8 = 16;
    pub const AUTHOR_CLASS: u8 = 32;
    pub const DATE_CLASS: u8 = 64;
}

/// A child of an element: another element or a text chunk.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Child {
    Elem(u32),
    Text(u32),
}

#[derive(Debug)]
pub(crate) struct Node {
    pub tag: Tag,
    pub parent: u32,
    /// Last index of this element's subtree (document order).
    pub end: u32,
    /// Index of the first text chunk at or after this element's start.
    pub chunk_start: u32,
    pub children: Vec<Child>,
    /// Class/id weight (positive: content-like, negative: chrome-like).
    pub weight: i16,
    /// Class/id says chrome (menus, sidebars, comments...).
    pub unlikely: bool,
    /// Class/id says chrome that sits inside articles (captions, share bars...).
    pub junk: bool,
    pub flags: u8,
    /// `datetime`/`content` attribute of a `<time>` or `itemprop` element.
    pub datetime: Option<Box<str>>,
    /// Lower-cased `class` and `id`, kept for sibling comparison (shared
    /// by the elements that have the same).
    pub class: Rc<str>,
}

/// A run of text (borrowed from the parsed page) and the element that holds it.
#[derive(Debug)]
pub(crate) struct TextChunk<'h> {
    pub parent: u32,
    pub text: &'h str,
}

/// Metadata found in `<head>` (and `<meta>`/JSON-LD anywhere).
#[derive(Debug, Default)]
pub(crate) struct HeadMeta {
    pub title: Option<String>,
    /// `(key, content)`: key is the lower-cased `property`, `name` or `itemprop`.
    pub metas: Vec<(String, String)>,
    pub json_ld: Vec<String>,
}

impl HeadMeta {
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.metas
            .iter()
            .find(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    }
}

pub(crate) struct Dom<'h> {
    pub nodes: Vec<Node>,
    pub chunks: Vec<TextChunk<'h>>,
    pub head: HeadMeta,
    /// scraper node id -> arena index, filled only when selectors need it.
    pub ids: HashMap<ego_tree::NodeId, u32>,
}

impl<'h> Dom<'h> {
    pub(crate) fn build(html: &'h Html, keep_ids: bool) -> Dom<'h> {
        let mut dom = Dom {
            nodes: Vec::with_capacity(1024),
            chunks: Vec::with_capacity(1024),
            head: HeadMeta::default(),
            ids: HashMap::new(),
        };
        dom.nodes.push(Node {
            tag: Tag::Root,
            parent: 0,
            end: 0,
            chunk_start: 0,
            children: Vec::new(),
            weight: 0,
            junk: false,
            unlikely: false,
            flags: 0,
            datetime: None,
            class: "".into(),
        });
        // Class strings repeat a lot (menus, lists); classify and store each once.
        let mut classes = ClassCache::default();
        let mut stack: Vec<(NodeRef<'_, HtmlNode>, u32)> =
            html.tree.root().children().rev().map(|c| (c, 0)).collect();
        while let Some((node, parent)) = stack.pop() {
            match node.value() {
                HtmlNode::Text(t) => {
                    let text: &str = t;
                    if !text.is_empty() {
                        let id = dom.chunks.len() as u32;
                        dom.chunks.push(TextChunk { parent, text });
                        dom.nodes[parent as usize].children.push(Child::Text(id));
                    }
                }
                HtmlNode::Element(el) => {
                    let name = el.name();
                    let Some(tag) = Tag::from_name(name) else {
                        if name == "head" {
                            // Only metadata lives here; walk it without an element.
                            stack.extend(node.children().rev().map(|c| (c, parent)));
                        } else {
                            dom.collect_meta(name, node);
                        }
                        continue;
                    };
                    let attrs = Attrs::of(el);
                    if attrs.is_hidden() {
                        continue;
                    }
                    let id = dom.nodes.len() as u32;
                    dom.nodes.push(new_node(
                        tag,
                        parent,
                        &attrs,
                        dom.chunks.len() as u32,
                        &mut classes,
                    ));
                    dom.nodes[parent as usize].children.push(Child::Elem(id));
                    if keep_ids {
                        dom.ids.insert(node.id(), id);
                    }
                    stack.extend(node.children().rev().map(|c| (c, id)));
                }
                _ => {}
            }
        }
        for i in (1..dom.nodes.len()).rev() {
            let (p, e) = (dom.nodes[i].parent as usize, dom.nodes[i].end.max(i as u32));
            dom.nodes[i].end = e;
            if dom.nodes[p].end < e {
                dom.nodes[p].end = e;
            }
        }
        dom
    }

    fn collect_meta(&mut self, name: &str, node: NodeRef<'_, HtmlNode>) {
        let HtmlNode::Element(el) = node.value() else {
            return;
        };
        match name {
            "title" if self.head.title.is_none() => {
                let text: String = node
                    .children()
                    .filter_map(|c| c.value().as_text().map(|t| &**t))
                    .collect();
                if !text.trim().is_empty() {
                    self.head.title = Some(text);
                }
            }
            "meta" => {
                let key = el
                    .attr("property")
                    .or_else(|| el.attr("name"))
                    .or_else(|| el.attr("itemprop"));
                if let (Some(k), Some(v)) = (key, el.attr("content")) {
                    self.head.metas.push((k.to_ascii_lowercase(), v.to_owned()));
                }
            }
            "script"
                if el
                    .attr("type")
                    .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json")) =>
            {
                let text: String = node
                    .children()
                    .filter_map(|c| c.value().as_text().map(|t| &**t))
                    .collect();
                self.head.json_ld.push(text);
            }
            _ => {}
        }
    }

    /// Whether node `n` lies inside the subtree of `ancestor` (or is it).
    pub(crate) fn within(&self, n: u32, ancestor: u32) -> bool {
        ancestor <= n && n <= self.nodes[ancestor as usize].end
    }

    /// All text of a subtree, whitespace collapsed.
    pub(crate) fn text_of(&self, n: u32) -> String {
        let mut out = String::new();
        for chunk in self.chunks_in(n) {
            out.push_str(chunk.text);
        }
        collapse_ws(&out)
    }

    /// Text chunks of a subtree, in document order. Chunks are appended in
    /// document order as elements are created, so a subtree's chunks lie
    /// between its own start and the start of the element after it.
    pub(crate) fn chunks_in(&self, n: u32) -> &[TextChunk<'h>] {
        let (start, end) = self.chunk_range(n);
        &self.chunks[start..end]
    }

    pub(crate) fn chunk_range(&self, n: u32) -> (usize, usize) {
        let node = &self.nodes[n as usize];
        let start = node.chunk_start as usize;
        let next = node.end as usize + 1;
        let end = self
            .nodes
            .get(next)
            .map_or(self.chunks.len(), |m| m.chunk_start as usize);
        (start, end)
    }

    /// Index of the first chunk at or after the start of element `n`.
    pub(crate) fn first_chunk_at_or_after(&self, n: u32) -> usize {
        self.nodes[n as usize].chunk_start as usize
    }
}

/// The attributes extraction reads, gathered in one pass over the element's.
#[derive(Default)]
struct Attrs<'a> {
    class: Option<&'a str>,
    id: Option<&'a str>,
    role: Option<&'a str>,
    align: Option<&'a str>,
    style: Option<&'a str>,
    itemprop: Option<&'a str>,
    rel: Option<&'a str>,
    datetime: Option<&'a str>,
    content: Option<&'a str>,
    hidden: bool,
}

impl<'a> Attrs<'a> {
    fn of(el: &'a scraper::node::Element) -> Attrs<'a> {
        let mut a = Attrs::default();
        for (name, value) in el.attrs() {
            match name {
                "class" => a.class = Some(value),
                "id" => a.id = Some(value),
                "role" => a.role = Some(value),
                "align" => a.align = Some(value),
                "style" => a.style = Some(value),
                "itemprop" => a.itemprop = Some(value),
                "rel" => a.rel = Some(value),
                "datetime" => a.datetime = Some(value),
                "content" => a.content = Some(value),
                "hidden" => a.hidden = true,
                _ => {}
            }
        }
        a
    }

    fn is_hidden(&self) -> bool {
        self.hidden || self.style.is_some_and(hints::style_hidden)
    }
}

/// Lower-cased `class id` strings of a page with their [`hints::class_bits`].
#[derive(Default)]
struct ClassCache {
    known: HashMap<Rc<str>, u8>,
    empty: Option<Rc<str>>,
    buf: String,
}

impl ClassCache {
    fn get(&mut self, class: Option<&str>, id: Option<&str>) -> (Rc<str>, u8) {
        if class.is_none() && id.is_none() {
            return (self.empty.get_or_insert_with(|| Rc::from("")).clone(), 0);
        }
        self.buf.clear();
        if let Some(c) = class {
            self.buf.push_str(c);
        }
        if let Some(i) = id {
            self.buf.push(' ');
            self.buf.push_str(i);
        }
        self.buf.make_ascii_lowercase();
        if let Some((k, &bits)) = self.known.get_key_value(self.buf.as_str()) {
            return (k.clone(), bits);
        }
        let key: Rc<str> = Rc::from(self.buf.as_str());
        let bits = hints::class_bits(&key);
        self.known.insert(key.clone(), bits);
        (key, bits)
    }
}

fn new_node(
    tag: Tag,
    parent: u32,
    at: &Attrs<'_>,
    chunk_start: u32,
    classes: &mut ClassCache,
) -> Node {
    let (class, bits) = classes.get(at.class, at.id);
    let (weight, unlikely) = hints::class_weight(bits);
    let unlikely = unlikely || at.role.is_some_and(hints::is_chrome_role);
    let mut flags = 0;
    let style = at.style.unwrap_or("");
    if at.align.is_some_and(|a| a.eq_ignore_ascii_case("right")) || hints::style_right(style) {
        flags |= flag::RIGHT;
    }
    if tag == Tag::Bold || hints::style_bold(style) {
        flags |= flag::BOLD;
    }
    let itemprop = at.itemprop.unwrap_or("");
    if itemprop.eq_ignore_ascii_case("articleBody") {
        flags |= flag::ITEMPROP_BODY;
    }
    if itemprop.eq_ignore_ascii_case("datePublished") {
        flags |= flag::ITEMPROP_DATE;
    }
    if itemprop.eq_ignore_ascii_case("author")
        || at.rel.is_some_and(|r| r.eq_ignore_ascii_case("author"))
    {
        flags |= flag::ITEMPROP_AUTHOR;
    }
    if bits & hints::class_bit::AUTHOR != 0 {
        flags |= flag::AUTHOR_CLASS;
    }
    if bits & hints::class_bit::DATE != 0 {
        flags |= flag::DATE_CLASS;
    }
    let datetime = at
        .datetime
        .or(at.content.filter(|_| !itemprop.is_empty()))
        .map(Into::into);
    Node {
        tag,
        parent,
        end: 0,
        chunk_start,
        children: Vec::new(),
        weight,
        junk: bits & hints::class_bit::JUNK != 0,
        unlikely,
        flags,
        datetime,
        class,
    }
}

/// Collapse whitespace runs to one space and trim.
pub(crate) fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

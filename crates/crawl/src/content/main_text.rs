//! Finding the main text: prune chrome, score blocks, pick the container,
//! merge its siblings, clean inside it.
//!
//! The scoring is Readability's (paragraph length and commas credited to the
//! enclosing blocks, damped by link density and class/id hints), with two
//! changes that matter on Vietnamese portals: text written straight into a
//! `<div>`/`<td>` and split by `<br>` counts as paragraphs of that element,
//! and short labelled blocks ("Các tin khác", "Tổng truy cập") are cut.

use super::dom::{Child, Dom, Tag};
use super::hints::{self, Label};

/// Per-element counts over the kept (not pruned) part of a subtree.
pub(crate) struct Stats {
    /// Non-whitespace characters.
    pub text: Vec<u32>,
    /// Non-whitespace characters inside links.
    pub link: Vec<u32>,
    pub commas: Vec<u32>,
    /// Elements of each kind in the subtree, the element itself included.
    pub paras: Vec<u16>,
    pub imgs: Vec<u16>,
    pub items: Vec<u16>,
    pub links: Vec<u16>,
    /// Non-link text in paragraphs (`<p>` and text-only blocks).
    pub ptext: Vec<u32>,
    /// No block children (only text, inline elements and `<br>`).
    pub inline_only: Vec<bool>,
}

impl Stats {
    pub(crate) fn link_density(&self, n: u32) -> f32 {
        let t = self.text[n as usize];
        if t == 0 {
            0.0
        } else {
            self.link[n as usize] as f32 / t as f32
        }
    }
}

/// The page after pruning, with statistics, ready for scoring.
pub(crate) struct Analysis<'a> {
    pub dom: &'a Dom<'a>,
    /// Element dropped (with its subtree).
    pub pruned: Vec<bool>,
    /// Element is pruned or inside a pruned element.
    pub excluded: Vec<bool>,
    pub in_link: Vec<bool>,
    pub in_para: Vec<bool>,
    pub chunk_len: Vec<u32>,
    chunk_commas: Vec<u32>,
    pub stats: Stats,
}

/// Non-whitespace characters and commas in `text` (bytes when ASCII, which
/// most text nodes of a page are: indentation between tags).
fn count_chars(text: &str) -> (u32, u32) {
    let (mut len, mut commas) = (0u32, 0u32);
    if text.is_ascii() {
        for b in text.bytes() {
            if !matches!(b, b'\t'..=b'\r' | b' ') {
                len += 1;
                commas += u32::from(b == b',');
            }
        }
        return (len, commas);
    }
    for ch in text.chars() {
        if !ch.is_whitespace() {
            len += 1;
            if matches!(ch, ',' | '，' | '،') {
                commas += 1;
            }
        }
    }
    (len, commas)
}

impl<'a> Analysis<'a> {
    pub(crate) fn new(dom: &'a Dom<'a>) -> Analysis<'a> {
        let n = dom.nodes.len();
        let mut in_link = vec![false; n];
        let mut in_para = vec![false; n];
        for i in 1..n {
            let (tag, parent) = (dom.nodes[i].tag, dom.nodes[i].parent as usize);
            in_link[i] = tag == Tag::A || in_link[parent];
            in_para[i] = tag == Tag::P || in_para[parent];
        }
        let mut chunk_len = Vec::with_capacity(dom.chunks.len());
        let mut chunk_commas = Vec::with_capacity(dom.chunks.len());
        for c in &dom.chunks {
            let (len, commas) = count_chars(c.text);
            chunk_len.push(len);
            chunk_commas.push(commas);
        }
        let mut a = Analysis {
            dom,
            pruned: vec![false; n],
            excluded: vec![false; n],
            in_link,
            in_para,
            chunk_len,
            chunk_commas,
            stats: empty_stats(n),
        };
        a.recount();
        a.prune_chrome();
        a.recount();
        a
    }

    /// Recompute `excluded` and the statistics after pruning.
    pub(crate) fn recount(&mut self) {
        let dom = self.dom;
        let n = dom.nodes.len();
        for i in 1..n {
            self.excluded[i] = self.pruned[i] || self.excluded[dom.nodes[i].parent as usize];
        }
        let mut s = empty_stats(n);
        for (ci, c) in dom.chunks.iter().enumerate() {
            let p = c.parent as usize;
            if self.excluded[p] {
                continue;
            }
            s.text[p] += self.chunk_len[ci];
            s.commas[p] += self.chunk_commas[ci];
            if self.in_link[p] {
                s.link[p] += self.chunk_len[ci];
            } else if !self.in_para[p] && self.chunk_len[ci] >= 25 {
                // Text run straight in a block (`<br>`-separated portals): a paragraph.
                s.paras[p] += 1;
                s.ptext[p] += self.chunk_len[ci];
            }
        }
        for i in (1..n).rev() {
            if self.excluded[i] {
                continue;
            }
            let node = &dom.nodes[i];
            if node.tag == Tag::P {
                s.paras[i] += 1;
                s.ptext[i] = s.text[i] - s.link[i].min(s.text[i]);
            }
            match node.tag {
                Tag::Img => s.imgs[i] += 1,
                Tag::Li => s.items[i] += 1,
                Tag::A => s.links[i] += 1,
                _ => {}
            }
            let p = node.parent as usize;
            s.text[p] += s.text[i];
            s.link[p] += s.link[i];
            s.commas[p] += s.commas[i];
            s.paras[p] = s.paras[p].saturating_add(s.paras[i]);
            s.imgs[p] = s.imgs[p].saturating_add(s.imgs[i]);
            s.items[p] = s.items[p].saturating_add(s.items[i]);
            s.links[p] = s.links[p].saturating_add(s.links[i]);
            s.ptext[p] += s.ptext[i];
            if node.tag.is_block() && node.tag != Tag::Br {
                s.inline_only[p] = false;
            }
        }
        self.stats = s;
    }

    /// Drop navigation, sidebars, footers, comment blocks and labelled chrome.
    fn prune_chrome(&mut self) {
        let dom = self.dom;
        let body_text = self.stats.text[0].max(1);
        for i in 1..dom.nodes.len() {
            let node = &dom.nodes[i];
            let by_tag = matches!(node.tag, Tag::Nav | Tag::Aside | Tag::Footer | Tag::Header);
            let by_name = node.unlikely
                && !matches!(
                    node.tag,
                    Tag::Body | Tag::Article | Tag::Main | Tag::A | Tag::Td | Tag::Tr | Tag::Table
                )
                && node.flags & super::dom::flag::ITEMPROP_BODY == 0;
            // A wrapper holding most of the page is not chrome, whatever its name says.
            let holds_page = self.stats.text[i] * 2 > body_text && self.stats.paras[i] > 2;
            if (by_tag || by_name) && !holds_page {
                self.pruned[i] = true;
            }
        }
        self.prune_labels(0);
    }

    /// Prune short blocks whose text is a chrome label, inside `within`.
    pub(crate) fn prune_labels(&mut self, within: u32) -> Option<u32> {
        let dom = self.dom;
        let end = dom.nodes[within as usize].end as usize;
        let mut first_tail = None;
        let mut i = within as usize + 1;
        while i <= end {
            let node = &dom.nodes[i];
            if self.excluded[i] || self.pruned[i] {
                i = node.end as usize + 1;
                continue;
            }
            let small = self.stats.text[i] <= 60 && self.stats.text[i] > 0;
            if small && (node.tag.is_block() || node.tag == Tag::Td) {
                match hints::label(&dom.text_of(i as u32)) {
                    Some(Label::Chrome) => {
                        self.pruned[i] = true;
                        i = node.end as usize + 1;
                        continue;
                    }
                    Some(Label::Tail) => {
                        first_tail.get_or_insert(i as u32);
                        i = node.end as usize + 1;
                        continue;
                    }
                    None => {}
                }
            }
            i += 1;
        }
        first_tail
    }
}

fn empty_stats(n: usize) -> Stats {
    Stats {
        text: vec![0; n],
        link: vec![0; n],
        commas: vec![0; n],
        paras: vec![0; n],
        imgs: vec![0; n],
        items: vec![0; n],
        links: vec![0; n],
        ptext: vec![0; n],
        inline_only: vec![true; n],
    }
}

/// The chosen article: the element(s) whose text is the article, in order.
#[derive(Debug, Clone)]
pub(crate) struct MainText {
    /// The top-scoring container.
    pub top: u32,
    /// `top` and the siblings merged with it, in document order.
    pub parts: Vec<u32>,
}

/// Score blocks and pick the article container; `None` when nothing scores.
pub(crate) fn find_main(a: &Analysis<'_>) -> Option<MainText> {
    let dom = a.dom;
    let n = dom.nodes.len();
    let mut score = vec![f32::NAN; n];
    for i in 1..n {
        if a.excluded[i] || !a.dom.nodes[i].tag.is_block() && dom.nodes[i].tag != Tag::Td {
            continue;
        }
        score_paragraphs(a, i as u32, &mut score);
    }
    let finals: Vec<(u32, f32)> = (1..n)
        .filter(|&i| !score[i].is_nan() && !a.excluded[i])
        .map(|i| (i as u32, score[i] * (1.0 - a.stats.link_density(i as u32))))
        .collect();
    let mut final_score = vec![f32::NAN; n];
    for &(i, s) in &finals {
        final_score[i as usize] = s;
    }
    let mut ranked = finals;
    ranked.sort_by(|x, y| y.1.total_cmp(&x.1));
    let &(mut top, top_score) = ranked.first()?;
    if top_score <= 0.0 {
        return None;
    }
    top = common_ancestor_of_peers(dom, &ranked, top, top_score);
    top = climb(dom, &final_score, top);
    let parts = chunk_siblings(a, top).unwrap_or_else(|| merge_siblings(a, &final_score, top));
    Some(MainText { top, parts })
}

fn score_paragraphs(a: &Analysis<'_>, i: u32, score: &mut [f32]) {
    let dom = a.dom;
    let node = &dom.nodes[i as usize];
    let container = match node.tag {
        Tag::P | Tag::Pre | Tag::Blockquote | Tag::Li => node.parent,
        Tag::H(_) | Tag::Root => return,
        _ => i,
    };
    let (mut len, mut commas) = (0u32, 0u32);
    let flush = |len: &mut u32, commas: &mut u32, score: &mut [f32]| {
        if *len >= 25 {
            let s = 1.0 + *commas as f32 + (*len as f32 / 100.0).min(3.0);
            credit(a, container, s, score);
        }
        *len = 0;
        *commas = 0;
    };
    for child in &node.children {
        match *child {
            Child::Text(c) => {
                len += a.chunk_len[c as usize];
                commas += a.chunk_commas[c as usize];
            }
            Child::Elem(e) => {
                if a.excluded[e as usize] {
                    continue;
                }
                let tag = dom.nodes[e as usize].tag;
                if tag == Tag::Br || tag.is_block() {
                    flush(&mut len, &mut commas, score);
                } else {
                    len += a.stats.text[e as usize];
                    commas += a.stats.commas[e as usize];
                }
            }
        }
    }
    flush(&mut len, &mut commas, score);
}

/// Add a paragraph's score to its container and (damped) to 4 more ancestors.
fn credit(a: &Analysis<'_>, container: u32, s: f32, score: &mut [f32]) {
    let dom = a.dom;
    let mut n = container;
    for level in 0..5u32 {
        if n == 0 {
            break;
        }
        let idx = n as usize;
        if score[idx].is_nan() {
            score[idx] = base_score(dom, n);
        }
        let divider = match level {
            0 => 1.0,
            1 => 2.0,
            l => l as f32 * 3.0,
        };
        score[idx] += s / divider;
        n = dom.nodes[idx].parent;
    }
}

fn base_score(dom: &Dom, n: u32) -> f32 {
    let node = &dom.nodes[n as usize];
    let by_tag = match node.tag {
        Tag::Div | Tag::Article | Tag::Main => 5.0,
        Tag::Pre | Tag::Td | Tag::Blockquote => 3.0,
        Tag::List | Tag::Dl | Tag::Li | Tag::Form => -3.0,
        Tag::H(_) => -5.0,
        _ => 0.0,
    };
    let itemprop = if node.flags & super::dom::flag::ITEMPROP_BODY != 0 {
        25.0
    } else {
        0.0
    };
    by_tag + node.weight as f32 + itemprop
}

/// When several near-top candidates share an ancestor, the article is that
/// ancestor (an article split into blocks by ads or images).
fn common_ancestor_of_peers(dom: &Dom, ranked: &[(u32, f32)], top: u32, top_score: f32) -> u32 {
    let peers: Vec<u32> = ranked
        .iter()
        .skip(1)
        .take(4)
        .filter(|&&(_, s)| s >= 0.75 * top_score)
        .map(|&(i, _)| i)
        .collect();
    if peers.len() < 3 {
        return top;
    }
    let mut anc = dom.nodes[top as usize].parent;
    while anc > 0 && dom.nodes[anc as usize].tag != Tag::Body {
        if peers.iter().filter(|&&p| dom.within(p, anc)).count() >= 3 {
            return anc;
        }
        anc = dom.nodes[anc as usize].parent;
    }
    top
}

/// Readability's walk up: a parent that scores higher holds more of the article;
/// a parent with a single child is the same block.
fn climb(dom: &Dom, final_score: &[f32], mut top: u32) -> u32 {
    let mut last = final_score[top as usize];
    let threshold = last / 3.0;
    let mut parent = dom.nodes[top as usize].parent;
    while parent > 0 && dom.nodes[parent as usize].tag != Tag::Body {
        let ps = final_score[parent as usize];
        if !ps.is_nan() {
            if ps < threshold {
                break;
            }
            if ps > last {
                top = parent;
                break;
            }
            last = ps;
        }
        parent = dom.nodes[parent as usize].parent;
    }
    loop {
        let p = dom.nodes[top as usize].parent;
        if p == 0 || dom.nodes[p as usize].tag == Tag::Body {
            break;
        }
        let elems = dom.nodes[p as usize]
            .children
            .iter()
            .filter(|c| matches!(c, Child::Elem(_)))
            .count();
        let has_text = dom.nodes[p as usize].children.iter().any(
            |c| matches!(c, Child::Text(t) if !dom.chunks[*t as usize].text.trim().is_empty()),
        );
        if elems != 1 || has_text {
            break;
        }
        top = p;
    }
    top
}

/// An article cut into chunks by ad rails or layout grids: the ancestor
/// (up to 3 levels up) whose children repeat the class of the child holding
/// `top` and carry paragraphs too. Returns those repeated children, in order.
fn chunk_siblings(a: &Analysis<'_>, top: u32) -> Option<Vec<u32>> {
    let dom = a.dom;
    let s = &a.stats;
    let mut child = top;
    for _ in 0..3 {
        let anc = dom.nodes[child as usize].parent;
        if anc == 0 || matches!(dom.nodes[anc as usize].tag, Tag::Body | Tag::Root) {
            return None;
        }
        let class = &dom.nodes[child as usize].class;
        if !class.trim().is_empty() {
            let same: Vec<u32> = dom.nodes[anc as usize]
                .children
                .iter()
                .filter_map(|c| match *c {
                    Child::Elem(e)
                        if !a.excluded[e as usize] && dom.nodes[e as usize].class == *class =>
                    {
                        Some(e)
                    }
                    _ => None,
                })
                .collect();
            let extra: u32 = same
                .iter()
                .filter(|&&e| e != child)
                .map(|&e| s.ptext[e as usize])
                .sum();
            let low_links = same.iter().all(|&e| s.link_density(e) < 0.3);
            if same.len() > 1 && low_links && extra * 4 >= s.ptext[top as usize] {
                return Some(same);
            }
        }
        child = anc;
    }
    None
}

fn merge_siblings(a: &Analysis<'_>, final_score: &[f32], top: u32) -> Vec<u32> {
    let dom = a.dom;
    let parent = dom.nodes[top as usize].parent;
    let top_score = final_score[top as usize];
    if parent == 0 || top_score.is_nan() {
        return vec![top];
    }
    let threshold = (top_score * 0.2).max(10.0);
    let top_class = &dom.nodes[top as usize].class;
    let mut parts = Vec::new();
    for child in &dom.nodes[parent as usize].children {
        let Child::Elem(s) = *child else { continue };
        if a.excluded[s as usize] {
            continue;
        }
        if s == top {
            parts.push(s);
            continue;
        }
        let node = &dom.nodes[s as usize];
        let bonus = if !top_class.is_empty() && node.class == *top_class {
            top_score * 0.2
        } else {
            0.0
        };
        let fs = final_score[s as usize];
        let by_score = !fs.is_nan() && fs + bonus >= threshold;
        let by_text = matches!(node.tag, Tag::P) && {
            let len = a.stats.text[s as usize];
            let ld = a.stats.link_density(s);
            (len > 80 && ld < 0.25)
                || (len > 0 && len <= 80 && ld == 0.0 && dom.text_of(s).ends_with('.'))
        };
        if by_score || by_text {
            parts.push(s);
        }
    }
    parts
}

/// Remove blocks inside the article that look like chrome: Readability's
/// conditional cleaning (link-dense lists and boxes, image galleries, empty
/// wrappers), headings that are links, and the tail after "Các tin khác".
pub(crate) fn clean(a: &mut Analysis<'_>, main: &MainText) {
    for &part in &main.parts {
        clean_within(a, part);
    }
    a.recount();
    let total: u32 = main.parts.iter().map(|&p| a.stats.text[p as usize]).sum();
    for &part in &main.parts {
        if let Some(tail) = a.prune_labels(part) {
            cut_tail(a, &main.parts, part, tail, total);
        }
    }
    a.recount();
}

fn clean_within(a: &mut Analysis<'_>, root: u32) {
    let dom = a.dom;
    let end = dom.nodes[root as usize].end as usize;
    let mut i = root as usize + 1;
    while i <= end {
        let node = &dom.nodes[i];
        if a.excluded[i] {
            i = node.end as usize + 1;
            continue;
        }
        if should_remove(a, i as u32) {
            a.pruned[i] = true;
            i = node.end as usize + 1;
            continue;
        }
        i += 1;
    }
}

fn should_remove(a: &Analysis<'_>, n: u32) -> bool {
    let dom = a.dom;
    let node = &dom.nodes[n as usize];
    let s = &a.stats;
    let i = n as usize;
    let ld = s.link_density(n);
    // Embedded posts (tweets) are quoted content, not share bars; embedded
    // images only bring captions.
    let embedded_post = node.class.contains("embed") && !node.class.contains("image");
    if node.junk && node.weight <= 0 && !embedded_post {
        return true;
    }
    match node.tag {
        Tag::Figure | Tag::Figcaption => return true,
        Tag::H(_) => return node.weight < 0 || (ld > 0.33 && s.text[i] > 0),
        Tag::Form
        | Tag::Table
        | Tag::List
        | Tag::Div
        | Tag::Section
        | Tag::Aside
        | Tag::Block
        | Tag::Dl => {}
        _ => return false,
    }
    if node.tag != Tag::List && node.tag != Tag::Table && s.inline_only[i] {
        // A text-only div is a paragraph, not a box.
        return ld > 0.5 && s.text[i] < 200;
    }
    if node.weight < 0 && s.commas[i] < 10 {
        return true;
    }
    if s.commas[i] >= 10 {
        return false;
    }
    let paras = s.paras[i] as f32;
    let imgs = s.imgs[i] as f32;
    let items = s.items[i] as f32;
    let text = s.text[i];
    let is_list = node.tag == Tag::List;
    (imgs > 1.0 && paras / imgs < 0.5 && s.ptext[i] < 150)
        || (!is_list && items > paras + 5.0 && ld > 0.2)
        || (text < 25 && (imgs == 0.0 || imgs > 2.0) && s.paras[i] == 0)
        || (node.weight < 25 && ld > 0.2 + if is_list { 0.1 } else { 0.0 })
        || (node.weight >= 25 && ld > 0.5)
}

/// Cut everything from a tail label to the end of the article — if enough
/// article came before it (an early "Tin liên quan" box is only pruned).
fn cut_tail(a: &mut Analysis<'_>, parts: &[u32], part: u32, tail: u32, total: u32) {
    let dom = a.dom;
    let before: u32 = parts
        .iter()
        .take_while(|&&p| p != part)
        .map(|&p| a.stats.text[p as usize])
        .sum::<u32>()
        + (dom.first_chunk_at_or_after(part)..dom.first_chunk_at_or_after(tail))
            .filter(|&c| !a.excluded[dom.chunks[c].parent as usize])
            .map(|c| a.chunk_len[c])
            .sum::<u32>();
    if before * 10 < total * 4 {
        a.pruned[tail as usize] = true;
        return;
    }
    let end = dom.nodes[part as usize].end;
    for j in tail..=end {
        a.pruned[j as usize] = true;
    }
    for &later in parts.iter().skip_while(|&&p| p != part).skip(1) {
        a.pruned[later as usize] = true;
    }
}

#[cfg(test)]
mod tests {
    use super::count_chars;

    proptest::proptest! {
        #[test]
        fn ascii_counting_matches_chars(s in "[ \t\n\x0b\x0c\r,a-z1é，]{0,40}") {
            let reference = s.chars().filter(|c| !c.is_whitespace()).fold((0, 0), |(n, k), c| {
                (n + 1, k + u32::from(matches!(c, ',' | '，' | '،')))
            });
            proptest::prop_assert_eq!(count_chars(&s), reference);
        }
    }
}

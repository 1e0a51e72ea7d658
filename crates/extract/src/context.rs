//! Context windows: the words just before or after a match, inside its sentence.
//!
//! Triggers and vetoes are whole words (or whole word sequences), compared
//! case-insensitively, counted in whitespace tokens so a rule author can say
//! "within 6 words" and mean it.
//!
//! A window is read outward from the match one token at a time, and only
//! as far as asked: most windows hold a few tokens of a long sentence.

use std::ops::Range;

use rustc_hash::FxHashMap;
use vnfacts_text::case::quick_lower;
use vnfacts_text::space::{space_ending_at, space_starting, MAY_END_SPACE, MAY_START_SPACE};

use crate::rules::CompiledWindow;

/// Punctuation stripped from token edges before comparing words.
const EDGE: &[char] = &[
    '(', ')', ',', ';', ':', '.', '“', '”', '"', '\'', '…', '!', '?', '[', ']', '-', '–', '—', '/',
];

/// The ASCII chars of [`EDGE`], by byte.
const EDGE_ASCII: [bool; 128] = {
    let mut table = [false; 128];
    let mut i = 0;
    while i < EDGE.len() {
        if (EDGE[i] as u32) < 128 {
            table[EDGE[i] as usize] = true;
        }
        i += 1;
    }
    table
};

/// The other chars of [`EDGE`] are all `E2 80 xx` in UTF-8: their last bytes.
const EDGE_E2_80: [u8; 5] = [0x93, 0x94, 0x9C, 0x9D, 0xA6];

/// Byte length of the [`EDGE`] char `b` starts with, 0 if none.
#[inline]
fn edge_at_start(b: &[u8]) -> usize {
    match b {
        [x, ..] if *x < 128 && EDGE_ASCII[*x as usize] => 1,
        [0xE2, 0x80, x, ..] if EDGE_E2_80.contains(x) => 3,
        _ => 0,
    }
}

/// Byte length of the [`EDGE`] char `b` ends with, 0 if none.
#[inline]
fn edge_at_end(b: &[u8]) -> usize {
    match b {
        [.., x] if *x < 128 && EDGE_ASCII[*x as usize] => 1,
        [.., 0xE2, 0x80, x] if EDGE_E2_80.contains(x) => 3,
        _ => 0,
    }
}

/// `tok.trim_matches(EDGE)` as a byte range of `tok`, byte by byte:
/// `trim_matches` tries every listed char at both ends.
fn trim_edge(tok: &[u8]) -> (usize, usize) {
    let (mut s, mut e) = (0, tok.len());
    loop {
        match edge_at_start(&tok[s..e]) {
            0 => break,
            k => s += k,
        }
    }
    loop {
        match edge_at_end(&tok[s..e]) {
            0 => break,
            k => e -= k,
        }
    }
    (s, e)
}

/// Feed the lower case of `s` (without `Σ`) to `f`, char by char, exactly
/// as [`str::to_lowercase`] would write it.
#[inline]
fn each_lower(s: &str, mut f: impl FnMut(char) -> bool) -> bool {
    for c in s.chars() {
        let go = match quick_lower(c) {
            Some(l) => f(l),
            None => c.to_lowercase().all(&mut f),
        };
        if !go {
            return false;
        }
    }
    true
}

/// A hash of a string's chars, the same whether they come from a listed
/// (lower-case) word or are made on the fly from a text token: tokens are
/// looked up by the hash of their lower case without writing it anywhere.
#[derive(Clone, Copy)]
struct CharHash(u64);

impl CharHash {
    const SEED: CharHash = CharHash(0);

    #[inline]
    fn add(&mut self, c: char) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(c)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn of_word(w: &str) -> u64 {
        let mut h = CharHash::SEED;
        w.chars().for_each(|c| h.add(c));
        h.0
    }
}

/// The [`CharHash`] of the lower case of `raw`; None if it holds a `Σ`.
#[inline]
fn lower_hash(raw: &str) -> Option<u64> {
    let mut h = CharHash::SEED;
    for c in raw.chars() {
        match quick_lower(c) {
            Some(l) => h.add(l),
            None if c == 'Σ' => return None,
            None => c.to_lowercase().for_each(|l| h.add(l)),
        }
    }
    Some(h.0)
}

/// A token read from a window: where it is in the text read, edge
/// punctuation stripped, and the hash of its lower case.
#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    hash: u64,
    /// It holds a `Σ`: its lower case is made whole, by std.
    sigma: bool,
}

impl Tok {
    /// The token `text[range]` (a whitespace-separated token of a window).
    ///
    /// Edges are stripped before lower-casing rather than after, and the
    /// token is lower-cased alone rather than with its window: the same,
    /// as no char's lower case starts or ends with an edge char, edge chars
    /// are their own lower case, and only a final `Σ` looks at neighbours,
    /// never across whitespace (and edge chars are not cased).
    fn new(text: &str, range: Range<usize>) -> Tok {
        let (s, e) = trim_edge(&text.as_bytes()[range.clone()]);
        let (start, end) = (range.start + s, range.start + e);
        let raw = &text[start..end];
        let (hash, sigma) = match lower_hash(raw) {
            Some(hash) => (hash, false),
            None => (CharHash::of_word(&raw.to_lowercase()), true),
        };
        Tok {
            start,
            end,
            hash,
            sigma,
        }
    }

    /// Whether the token's lower case is `word`.
    fn is(&self, text: &str, word: &Word) -> bool {
        if self.hash != word.hash {
            return false;
        }
        let raw = &text[self.start..self.end];
        if word.is_lower && raw == word.text {
            // Text is mostly lower case already.
            return true;
        }
        if self.sigma {
            return raw.to_lowercase() == word.text;
        }
        let mut w = word.text.chars();
        each_lower(raw, |l| w.next() == Some(l)) && w.next().is_none()
    }
}

/// A listed word (one token of a listed word sequence).
#[derive(Debug, Clone)]
struct Word {
    text: String,
    hash: u64,
    /// `text` is its own lower case, so a token of the same bytes is it.
    is_lower: bool,
}

impl Word {
    fn new(text: &str) -> Word {
        Word {
            text: text.to_string(),
            hash: CharHash::of_word(text),
            is_lower: text.to_lowercase() == text,
        }
    }
}

/// One side of a match: its window text, and the tokens read from it so
/// far, nearest to the match first.
#[derive(Debug, Default)]
struct Side {
    /// The window text, as a range of the text read.
    window: Range<usize>,
    /// Where reading stopped: the tokens read lie between here and the
    /// match. None before the first read.
    at: Option<usize>,
    toks: Vec<Tok>,
}

impl Side {
    /// Start reading `window` anew, unless it is the window already read.
    fn reset(&mut self, window: Range<usize>) {
        if self.window != window {
            self.toks.clear();
            self.at = None;
            self.window = window;
        }
    }

    /// A side for reading `within` tokens of all of `s`, once.
    fn sized(s: &str, within: usize) -> Side {
        Side {
            window: 0..s.len(),
            at: None,
            toks: Vec::with_capacity(limit(within).min(MAX_TOKENS)),
        }
    }

    /// Read the window before a match (which ends the window), backwards,
    /// until `n` tokens are read or the window is used up.
    fn read_before(&mut self, text: &str, n: usize) {
        let (lo, bytes) = (self.window.start, text.as_bytes());
        let mut j = *self.at.get_or_insert(self.window.end);
        // The end of the token being read.
        let mut end: Option<usize> = None;
        while self.toks.len() < n {
            // Most bytes are inside words: step over them without a test.
            let word = j - bytes[lo..j]
                .iter()
                .rev()
                .take_while(|&&b| !MAY_END_SPACE[usize::from(b)])
                .count();
            if word < j {
                end = end.or(Some(j));
                j = word;
            }
            if j == lo {
                // The window starts inside the token being read, if any.
                if let Some(e) = end {
                    self.toks.push(Tok::new(text, lo..e));
                }
                self.at = Some(lo);
                return;
            }
            match space_ending_at(&bytes[lo..j]) {
                0 => {
                    end = end.or(Some(j));
                    j -= 1;
                }
                k => {
                    j -= k;
                    self.at = Some(j);
                    if let Some(e) = end.take() {
                        self.toks.push(Tok::new(text, j + k..e));
                    }
                }
            }
        }
    }

    /// Read the window after a match (which starts the window), forwards,
    /// until `n` tokens are read or the window is used up.
    fn read_after(&mut self, text: &str, n: usize) {
        let (hi, bytes) = (self.window.end, text.as_bytes());
        let mut j = *self.at.get_or_insert(self.window.start);
        // The start of the token being read.
        let mut start: Option<usize> = None;
        while self.toks.len() < n {
            // Most bytes are inside words: step over them without a test.
            let word = j + bytes[j..hi]
                .iter()
                .take_while(|&&b| !MAY_START_SPACE[usize::from(b)])
                .count();
            if word > j {
                start = start.or(Some(j));
                j = word;
            }
            if j == hi {
                // The window ends inside the token being read, if any.
                if let Some(st) = start {
                    self.toks.push(Tok::new(text, st..hi));
                }
                self.at = Some(hi);
                return;
            }
            match space_starting(&bytes[j..hi]) {
                0 => {
                    start = start.or(Some(j));
                    j += 1;
                }
                k => {
                    if let Some(st) = start.take() {
                        self.toks.push(Tok::new(text, st..j));
                    }
                    j += k;
                    self.at = Some(j);
                }
            }
        }
    }
}

/// Up to this many tokens of a window are read without reallocating.
const MAX_TOKENS: usize = 64;

/// The number of tokens a window of `within` holds; 0 has always meant
/// the whole side.
fn limit(within: usize) -> usize {
    match within {
        0 => usize::MAX,
        n => n,
    }
}

/// The tokens of a window, edge punctuation stripped, compared lower-cased.
/// Made once per window and side, then matched against any number of word
/// lists.
#[derive(Debug)]
pub struct Tokens<'a> {
    text: &'a str,
    /// The tokens read so far (nearest the match first), and where reading
    /// stopped: [`Tokens::widen`] goes on from there.
    side: Side,
    /// Tokens before a match are stored nearest first: backwards.
    reversed: bool,
}

impl<'a> Tokens<'a> {
    /// The last `within` tokens of `before`.
    pub fn before(before: &'a str, within: usize) -> Tokens<'a> {
        let mut toks = Tokens {
            text: before,
            side: Side::sized(before, within),
            reversed: true,
        };
        toks.widen(within);
        toks
    }

    /// The first `within` tokens of `after`.
    pub fn after(after: &'a str, within: usize) -> Tokens<'a> {
        let mut toks = Tokens {
            text: after,
            side: Side::sized(after, within),
            reversed: false,
        };
        toks.widen(within);
        toks
    }

    /// Read on to `within` tokens (or the whole side), keeping the tokens
    /// already read: a caller that looks near first and farther only when
    /// nothing is near reads each token once.
    pub fn widen(&mut self, within: usize) {
        let n = limit(within);
        match self.reversed {
            true => self.side.read_before(self.text, n),
            false => self.side.read_after(self.text, n),
        }
    }

    fn view(&self) -> View<'_> {
        View {
            text: self.text,
            toks: &self.side.toks,
            reversed: self.reversed,
        }
    }
}

/// The context windows of the current candidate, read only as far as its
/// rules ask into buffers that live as long as the pass (a window costs no
/// allocation). A trigger and a veto on one side read it once; a side is
/// kept for the next candidate if its window is the same text.
#[derive(Debug, Default)]
pub struct Windows {
    before: Side,
    after: Side,
}

impl Windows {
    /// The windows of the match `span` in `sentence` (ranges of `text`,
    /// which must be the text of every call): before it
    /// `text[sentence.start..span.start]`, after it
    /// `text[span.end..sentence.end]`. A token the match boundary cuts
    /// counts as the part of it on the window's side.
    pub fn around<'a>(
        &'a mut self,
        text: &'a str,
        sentence: Range<usize>,
        span: Range<usize>,
    ) -> Around<'a> {
        self.before
            .reset(sentence.start.min(span.start)..span.start);
        self.after.reset(span.end..sentence.end.max(span.end));
        Around {
            text,
            before: &mut self.before,
            after: &mut self.after,
        }
    }
}

/// The windows on both sides of one match (see [`Windows::around`]).
pub struct Around<'a> {
    text: &'a str,
    before: &'a mut Side,
    after: &'a mut Side,
}

impl Around<'_> {
    /// Whether any word of `window` occurs among the last `within` tokens
    /// before the match: the distance in tokens of the nearest.
    pub fn found_before(&mut self, window: &CompiledWindow) -> Option<usize> {
        let n = limit(window.within);
        self.before.read_before(self.text, n);
        let toks = &self.before.toks;
        let view = View {
            text: self.text,
            toks: &toks[..n.min(toks.len())],
            reversed: true,
        };
        nearest(&view, &window.index, true)
    }

    /// Whether any word of `window` occurs among the first `within` tokens
    /// after the match: the distance in tokens of the nearest.
    pub fn found_after(&mut self, window: &CompiledWindow) -> Option<usize> {
        let n = limit(window.within);
        self.after.read_after(self.text, n);
        let toks = &self.after.toks;
        let view = View {
            text: self.text,
            toks: &toks[..n.min(toks.len())],
            reversed: false,
        };
        nearest(&view, &window.index, false)
    }
}

/// Tokens read from one side, in text order.
struct View<'a> {
    text: &'a str,
    toks: &'a [Tok],
    /// The side before a match, read backwards.
    reversed: bool,
}

impl View<'_> {
    fn len(&self) -> usize {
        self.toks.len()
    }

    fn get(&self, i: usize) -> &Tok {
        match self.reversed {
            true => &self.toks[self.toks.len() - 1 - i],
            false => &self.toks[i],
        }
    }
}

/// Word sequences indexed by the hash of their first token, so a window is
/// checked with one lookup per token instead of one comparison per listed
/// word. Each sequence carries the number of the list it came from (see
/// [`Labels`]).
#[derive(Debug, Clone, Default)]
pub struct WordIndex {
    by_first: FxHashMap<u64, Vec<Firsts>>,
    /// The top byte of every key of `by_first`, as a bit set: most tokens
    /// are turned away by it before the map is probed.
    tops: [u64; 4],
}

/// The sequences starting with one word (several words may share a hash).
#[derive(Debug, Clone)]
struct Firsts {
    first: Word,
    /// The other words of each sequence, and the number of its list.
    rests: Vec<(Vec<Word>, usize)>,
}

impl WordIndex {
    /// Index lower-cased `words` (a word may be several tokens: `tham dự`).
    pub fn new<S: AsRef<str>>(words: &[S]) -> WordIndex {
        let mut index = WordIndex::default();
        index.add(words, 0);
        index
    }

    fn add<S: AsRef<str>>(&mut self, words: &[S], list: usize) {
        for w in words {
            let mut parts = w.as_ref().split_whitespace();
            if let Some(first) = parts.next() {
                let first = Word::new(first);
                let top = (first.hash >> 56) as usize;
                self.tops[top >> 6] |= 1 << (top & 63);
                let same = self.by_first.entry(first.hash).or_default();
                let rest = (parts.map(Word::new).collect(), list);
                match same.iter_mut().find(|f| f.first.text == first.text) {
                    Some(f) => f.rests.push(rest),
                    None => same.push(Firsts {
                        first,
                        rests: vec![rest],
                    }),
                }
            }
        }
    }

    /// Every occurrence in `toks`: (list, first token, end token).
    fn each_match(&self, toks: &View, mut f: impl FnMut(usize, usize, usize)) {
        let n = toks.len();
        for i in 0..n {
            let tok = toks.get(i);
            let top = (tok.hash >> 56) as usize;
            if self.tops[top >> 6] & (1 << (top & 63)) == 0 {
                continue;
            }
            let Some(same) = self.by_first.get(&tok.hash) else {
                continue;
            };
            for firsts in same {
                if !tok.is(toks.text, &firsts.first) {
                    continue;
                }
                for (rest, list) in &firsts.rests {
                    let end = i + 1 + rest.len();
                    if end <= n
                        && rest
                            .iter()
                            .enumerate()
                            .all(|(k, r)| toks.get(i + 1 + k).is(toks.text, r))
                    {
                        f(*list, i, end);
                    }
                }
            }
        }
    }
}

/// Distance in tokens of the nearest occurrence of any word, if any.
fn nearest(toks: &View, index: &WordIndex, from_end: bool) -> Option<usize> {
    let n = toks.len();
    let mut best: Option<usize> = None;
    index.each_match(toks, |_, start, end| {
        let d = if from_end { n - end } else { start };
        best = Some(best.map_or(d, |b: usize| b.min(d)));
    });
    best
}

/// Attribute values with the words that signal them (`[lexicon.role]`),
/// all in one index so a window is read once for every value.
#[derive(Debug, Clone)]
pub struct Labels<T> {
    index: WordIndex,
    labels: Vec<T>,
}

impl<T> Default for Labels<T> {
    fn default() -> Self {
        Labels {
            index: WordIndex::default(),
            labels: Vec::new(),
        }
    }
}

impl<T: Copy> Labels<T> {
    /// Add a value and its (lower-cased) words; earlier values win ties.
    pub fn push<S: AsRef<str>>(&mut self, words: &[S], label: T) {
        self.index.add(words, self.labels.len());
        self.labels.push(label);
    }

    /// The value whose words occur nearest a match, looking `within` tokens
    /// to either side (a word after the match counts one token farther).
    /// `before`/`after` may hold more tokens than `within`: a caller that
    /// widens the window in steps tokenizes it once.
    pub fn nearest(&self, before: &Tokens<'_>, after: &Tokens<'_>, within: usize) -> Option<T> {
        let mut best: Option<(usize, usize)> = None;
        let mut consider = |d: usize, list: usize| {
            if best.is_none_or(|b| (d, list) < b) {
                best = Some((d, list));
            }
        };
        let (before, after) = (before.view(), after.view());
        let n = before.len();
        self.index.each_match(&before, |list, start, end| {
            if start >= n.saturating_sub(within) {
                consider(n - end, list);
            }
        });
        self.index.each_match(&after, |list, start, end| {
            if end <= within {
                consider(start + 1, list);
            }
        });
        best.map(|(_, list)| self.labels[list])
    }
}

#[cfg(test)]
mod reference {
    //! The per-candidate tokenizer this module used to run for every
    //! window, kept as the oracle the window reader is checked against.

    use super::EDGE;

    /// The last `n` whitespace-separated tokens of `s`, as one slice.
    fn last_tokens(s: &str, n: usize) -> &str {
        let mut start = s.len();
        let mut seen = 0;
        let mut in_tok = false;
        for (i, c) in s.char_indices().rev() {
            if c.is_whitespace() {
                if in_tok {
                    seen += 1;
                    in_tok = false;
                    if seen == n {
                        break;
                    }
                }
            } else {
                in_tok = true;
                start = i;
            }
        }
        &s[start..]
    }

    /// The first `n` whitespace-separated tokens of `s`, as one slice.
    fn first_tokens(s: &str, n: usize) -> &str {
        let mut end = 0;
        let mut seen = 0;
        let mut in_tok = false;
        for (i, c) in s.char_indices() {
            if c.is_whitespace() {
                if in_tok {
                    seen += 1;
                    in_tok = false;
                    if seen == n {
                        break;
                    }
                }
            } else {
                in_tok = true;
                end = i + c.len_utf8();
            }
        }
        &s[..end]
    }

    /// Lower-case the whole window, then split it and strip edges.
    fn tokens(s: &str) -> Vec<String> {
        s.to_lowercase()
            .split_whitespace()
            .map(|t| t.trim_matches(EDGE).to_string())
            .collect()
    }

    /// The last `within` tokens of `before`.
    pub fn before(before: &str, within: usize) -> Vec<String> {
        tokens(last_tokens(before, within))
    }

    /// The first `within` tokens of `after`.
    pub fn after(after: &str, within: usize) -> Vec<String> {
        tokens(first_tokens(after, within))
    }

    /// Distance in tokens of the nearest occurrence of any of `words`.
    pub fn nearest(toks: &[String], words: &[String], from_end: bool) -> Option<usize> {
        let mut best = None;
        for w in words {
            let parts: Vec<&str> = w.split_whitespace().collect();
            if parts.is_empty() || parts.len() > toks.len() {
                continue;
            }
            for i in 0..=toks.len() - parts.len() {
                if parts.iter().zip(&toks[i..]).all(|(p, t)| p == t) {
                    let d = match from_end {
                        true => toks.len() - i - parts.len(),
                        false => i,
                    };
                    best = Some(best.map_or(d, |b: usize| b.min(d)));
                }
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn win(words: &[&str], within: usize) -> CompiledWindow {
        CompiledWindow::new(words.iter().map(|s| s.to_string()).collect(), within)
    }

    /// The window before the end of `before`, through [`Windows`].
    fn found_before(before: &str, w: &CompiledWindow) -> Option<usize> {
        let n = before.len();
        Windows::default()
            .around(before, 0..n, n..n)
            .found_before(w)
    }

    /// The window after the start of `after`, through [`Windows`].
    fn found_after(after: &str, w: &CompiledWindow) -> Option<usize> {
        let n = after.len();
        Windows::default().around(after, 0..n, 0..0).found_after(w)
    }

    /// The tokens, lower-cased by std.
    fn strings(toks: &Tokens) -> Vec<String> {
        let v = toks.view();
        let raw = |t: &Tok| v.text[t.start..t.end].to_lowercase();
        (0..v.len()).map(|i| raw(v.get(i))).collect()
    }

    #[test]
    fn multiword_trigger_within_window() {
        let w = win(&["giai đoạn"], 4);
        assert_eq!(
            found_before("Chiến lược giai đoạn 2011-2020 và", &w),
            Some(2)
        );
        assert_eq!(found_before("giai đoạn là một hai ba bốn", &w), None);
    }

    #[test]
    fn whole_words_only() {
        let w = win(&["dự"], 3);
        assert_eq!(found_before("thực hiện dự án", &w), Some(1));
        assert_eq!(found_after("án hỗ trợ", &w), None);
    }

    #[test]
    fn a_cut_token_counts_as_its_part_on_the_window_side() {
        let text = "Theo (Điều 5), khoản";
        let w = win(&["theo"], 1);
        let at = text.find('Đ').unwrap_or(0);
        let end = text.find('5').unwrap_or(0) + 1;
        let mut windows = Windows::default();
        let mut around = windows.around(text, 0..text.len(), at..end);
        // `(` is the nearest token before the match: `theo` is 2 back.
        assert_eq!(around.found_before(&w), None);
        assert_eq!(around.found_before(&win(&["theo"], 2)), Some(1));
        // `),` strips to an empty token, still counted.
        assert_eq!(around.found_after(&win(&["khoản"], 2)), Some(1));
    }

    #[test]
    fn each_lower_agrees_with_std_char_by_char() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if c == 'Σ' {
                continue;
            }
            let mut got = String::new();
            each_lower(c.encode_utf8(&mut [0; 4]), |l| {
                got.push(l);
                true
            });
            assert_eq!(
                got,
                c.to_lowercase().collect::<String>(),
                "U+{:04X}",
                c as u32
            );
        }
    }

    /// What lets edges be stripped before lower-casing (see [`Tok::new`]).
    #[test]
    fn lower_case_neither_makes_nor_unmakes_edge_chars() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let lower: String = c.to_lowercase().collect();
            if EDGE.contains(&c) {
                assert_eq!(lower, c.to_string());
            } else {
                let ends = [lower.chars().next(), lower.chars().next_back()];
                assert!(!ends.iter().flatten().any(|e| EDGE.contains(e)), "{c:?}");
            }
        }
    }

    #[test]
    fn edge_tables_hold_exactly_the_edge_chars() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let s = c.to_string();
            let want = EDGE.contains(&c);
            assert_eq!(edge_at_start(s.as_bytes()) != 0, want, "{c:?}");
            assert_eq!(edge_at_end(s.as_bytes()) != 0, want, "{c:?}");
        }
    }

    fn labels() -> (Labels<u8>, Vec<Vec<&'static str>>) {
        let lists = vec![vec!["học viên", "tham dự"], vec!["giảng viên"], vec!["dự"]];
        let mut l = Labels::default();
        for (i, words) in lists.iter().enumerate() {
            l.push(words, i as u8);
        }
        (l, lists)
    }

    #[test]
    fn nearest_label_prefers_the_closest_then_the_first_listed() {
        let (l, _) = labels();
        let before = Tokens::before("Có giảng viên và học viên", 60);
        let after = Tokens::after("tham dự lớp", 60);
        // `học viên` ends right before the match: distance 0.
        assert_eq!(l.nearest(&before, &after, 12), Some(0));
        let before = Tokens::before("Có giảng viên", 60);
        // `giảng viên` is 0 tokens back, `tham dự` 0 ahead: the word after
        // counts one farther.
        assert_eq!(l.nearest(&before, &after, 12), Some(1));
        let before = Tokens::before("giảng viên, rồi", 60);
        // Both at distance 1: the list given first wins.
        assert_eq!(l.nearest(&before, &after, 12), Some(0));
        assert_eq!(l.nearest(&Tokens::before("", 0), &after, 12), Some(0));
        assert_eq!(
            l.nearest(&Tokens::before("", 0), &Tokens::after("", 0), 12),
            None
        );
    }

    const WORDS: [&str; 8] = ["học", "viên", "giảng", "tham", "dự", "Dự,", "và", "(học"];

    /// Text made of letters that change case (some to a different byte
    /// length: `İ`, `ẞ`, `Σ`), edge punctuation and odd whitespace.
    const TEXT: &str = "[ \t\n\u{a0}\u{2003}\u{85}\u{3000}\u{200b}\u{2010}aĐđƯÀỆxXİẞΣσςΑ(),.“”:/…–—'\"!?\\[\\]1₫€‘-]{0,40}";

    /// Word lists drawn from the tokens of `text` (so windows do hold
    /// them), one or two tokens long, plus words no text has.
    fn words_of(text: &str, picks: &[(usize, bool)]) -> Vec<String> {
        let toks = reference::after(text, 0);
        let mut words = vec!["zz".to_string(), "a zz".to_string()];
        if toks.is_empty() {
            return words;
        }
        for &(i, two) in picks {
            let i = i % toks.len();
            let mut w = toks[i].clone();
            if two && i + 1 < toks.len() {
                w = format!("{w} {}", toks[i + 1]);
            }
            words.push(w);
        }
        words
    }

    proptest::proptest! {
        /// Reading a window token by token gives the tokens of lower-casing
        /// the whole window and then splitting it.
        #[test]
        fn tokens_equal_the_reference(s in TEXT, within in 0usize..10) {
            proptest::prop_assert_eq!(strings(&Tokens::before(&s, within)), reference::before(&s, within));
            proptest::prop_assert_eq!(strings(&Tokens::after(&s, within)), reference::after(&s, within));
        }

        /// Reading a window in two steps gives the tokens of reading it in
        /// one (0, the whole side, is the widest).
        #[test]
        fn widened_tokens_equal_the_reference(s in TEXT, first in 1usize..8, more in 0usize..8) {
            let wide = if more == 0 { 0 } else { first + more };
            let mut before = Tokens::before(&s, first);
            let mut after = Tokens::after(&s, first);
            before.widen(wide);
            after.widen(wide);
            proptest::prop_assert_eq!(strings(&before), reference::before(&s, wide));
            proptest::prop_assert_eq!(strings(&after), reference::after(&s, wide));
        }

        /// A token is found by the hash of its lower case, and checked
        /// against a word char by char: both as std lower-cases it.
        #[test]
        fn token_hash_and_check_follow_std(raw in "[aAĐđƯÀỆxXİẞΣσςΑ1₫€]{0,6}", other in "[aAđĐxσςßΣİ]{0,4}") {
            let tok = Tok::new(&raw, 0..raw.len());
            proptest::prop_assert_eq!(tok.sigma, raw.contains('Σ'));
            let lower = raw.to_lowercase();
            proptest::prop_assert_eq!(tok.hash, CharHash::of_word(&lower));
            proptest::prop_assert!(tok.is(&raw, &Word::new(&lower)));
            proptest::prop_assert_eq!(tok.is(&raw, &Word::new(&other)), other == lower);
            // Same bytes as the token, which may not be lower case.
            proptest::prop_assert_eq!(tok.is(&raw, &Word::new(&raw)), raw == lower);
        }

        #[test]
        fn byte_trim_equals_trim_matches(s in "[ a\u{e2}Đ(),.“”:/…–—'\"!?\\[\\]‘’€-]{0,12}") {
            let (b, e) = trim_edge(s.as_bytes());
            proptest::prop_assert_eq!(&s[b..e], s.trim_matches(EDGE));
        }

        /// Candidate after candidate through one [`Windows`] (so windows
        /// are reused and read further), every answer is that of
        /// tokenizing the candidate's own window text, cut tokens included.
        #[test]
        fn windows_answer_as_each_candidate_alone(
            text in TEXT,
            cands in proptest::collection::vec(
                (proptest::array::uniform4(0usize..64),
                 proptest::collection::vec((proptest::bool::ANY, 0usize..9), 1..5)),
                1..6,
            ),
            picks in proptest::collection::vec((0usize..64, proptest::bool::ANY), 0..4),
        ) {
            let mut at: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            at.push(text.len());
            let words = words_of(&text, &picks);
            let mut windows = Windows::default();
            for ([a, b, c, d], asks) in cands {
                let pair = |x: usize, y: usize| {
                    let (x, y) = (at[x % at.len()], at[y % at.len()]);
                    x.min(y)..x.max(y)
                };
                let (sentence, span) = (pair(a, b), pair(c, d));
                let before = &text[sentence.start.min(span.start)..span.start];
                let after = &text[span.end..sentence.end.max(span.end)];
                let mut around = windows.around(&text, sentence.clone(), span.clone());
                for (is_before, within) in asks {
                    let w = CompiledWindow::new(words.clone(), within);
                    let (got, want) = match is_before {
                        true => (
                            around.found_before(&w),
                            reference::nearest(&reference::before(before, within), &w.words, true),
                        ),
                        false => (
                            around.found_after(&w),
                            reference::nearest(&reference::after(after, within), &w.words, false),
                        ),
                    };
                    proptest::prop_assert_eq!(got, want, "{:?} {:?} {} {}", sentence, span, is_before, within);
                }
            }
        }

        /// Asking a wide tokenization for a narrow window gives what
        /// tokenizing just the narrow window gives, list by list.
        #[test]
        fn narrow_window_from_a_wide_one(
            b in proptest::collection::vec(proptest::sample::select(WORDS.to_vec()), 0..20),
            a in proptest::collection::vec(proptest::sample::select(WORDS.to_vec()), 0..20),
            within in 1usize..15,
        ) {
            let (l, lists) = labels();
            let (b, a) = (b.join(" "), a.join(" "));
            let got = l.nearest(&Tokens::before(&b, 60), &Tokens::after(&a, 60), within);
            let (nb, na) = (Tokens::before(&b, within), Tokens::after(&a, within));
            let mut want: Option<(usize, u8)> = None;
            for (i, words) in lists.iter().enumerate() {
                let idx = WordIndex::new(words);
                let d = [nearest(&nb.view(), &idx, true), nearest(&na.view(), &idx, false).map(|d| d + 1)]
                    .into_iter()
                    .flatten()
                    .min();
                if let Some(d) = d {
                    if want.is_none_or(|(w, _)| d < w) {
                        want = Some((d, i as u8));
                    }
                }
            }
            proptest::prop_assert_eq!(got, want.map(|(_, l)| l));
        }
    }
}

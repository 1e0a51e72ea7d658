//! Context windows: the words just before or after a match, inside its sentence.
//!
//! Triggers and vetoes are whole words (or whole word sequences), compared
//! case-insensitively, counted in whitespace tokens so a rule author can say
//! "within 6 words" and mean it.

use rustc_hash::FxHashMap;

use crate::rules::CompiledWindow;

/// Punctuation stripped from token edges before comparing words.
const EDGE: &[char] = &[
    '(', ')', ',', ';', ':', '.', '“', '”', '"', '\'', '…', '!', '?', '[', ']', '-', '–', '—', '/',
];

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

/// Up to this many tokens of a window are looked at without allocating.
const MAX_TOKENS: usize = 64;

/// The lower-cased tokens of a window, edge punctuation stripped, in reading
/// order. Made once per window and side, then matched against any number
/// of word lists.
pub struct Tokens {
    lower: String,
    /// Byte ranges into `lower`.
    spans: Vec<(u32, u32)>,
}

impl Tokens {
    /// The last `within` tokens of `before`.
    pub fn before(before: &str, within: usize) -> Tokens {
        Tokens::new(last_tokens(before, within), within)
    }

    /// The first `within` tokens of `after`.
    pub fn after(after: &str, within: usize) -> Tokens {
        Tokens::new(first_tokens(after, within), within)
    }

    /// Lower-case and split in one pass (this runs for every candidate).
    fn new(s: &str, within: usize) -> Tokens {
        if s.contains('Σ') {
            return Tokens::new_general(s, within);
        }
        let mut lower = String::with_capacity(s.len());
        let mut spans = Vec::with_capacity(within.min(MAX_TOKENS));
        let mut start: Option<usize> = None;
        for c in s.chars() {
            match (c.is_whitespace(), start) {
                (true, Some(st)) => {
                    spans.push(trimmed_span(&lower, st));
                    start = None;
                }
                (true, None) => {}
                (false, st) => {
                    start = st.or(Some(lower.len()));
                    vnfacts_text::case::push_lower_char(c, &mut lower);
                }
            }
        }
        if let Some(st) = start {
            spans.push(trimmed_span(&lower, st));
        }
        Tokens { lower, spans }
    }

    /// The reference form of [`Tokens::new`]: lower-case the whole window
    /// (a final `Σ` depends on its neighbours), then split it.
    fn new_general(s: &str, within: usize) -> Tokens {
        let lower = vnfacts_text::lowercase(s);
        let base = lower.as_ptr() as usize;
        let mut spans = Vec::with_capacity(within.min(MAX_TOKENS));
        for tok in lower.split_whitespace() {
            let trimmed = tok.trim_matches(EDGE);
            let at = if trimmed.is_empty() {
                tok.as_ptr() as usize - base
            } else {
                trimmed.as_ptr() as usize - base
            };
            spans.push((at as u32, (at + trimmed.len()) as u32));
        }
        Tokens { lower, spans }
    }

    fn get(&self, i: usize) -> &str {
        let (s, e) = self.spans[i];
        &self.lower[s as usize..e as usize]
    }

    fn len(&self) -> usize {
        self.spans.len()
    }
}

/// The span of the token `lower[start..]` without edge punctuation (an
/// all-punctuation token keeps an empty span at its start).
fn trimmed_span(lower: &str, start: usize) -> (u32, u32) {
    let tok = &lower[start..];
    if !may_have_edge(tok.as_bytes()) {
        return (start as u32, lower.len() as u32);
    }
    let trimmed = tok.trim_matches(EDGE);
    let at = match trimmed.is_empty() {
        true => start,
        false => start + (trimmed.as_ptr() as usize - tok.as_ptr() as usize),
    };
    (at as u32, (at + trimmed.len()) as u32)
}

/// Whether `tok` may start or end with an [`EDGE`] char; false is exact.
/// Most tokens are plain words, and `trim_matches` over a char list tries
/// every listed char at both ends.
fn may_have_edge(tok: &[u8]) -> bool {
    // The non-ASCII edge chars are all three bytes, led by 0xE2.
    let plain = |b: u8| b.is_ascii_alphanumeric() || (b >= 0x80 && b != 0xE2);
    let (Some(&first), Some(&last)) = (tok.first(), tok.last()) else {
        return true;
    };
    let last_is_e2_char = last >= 0x80 && tok.len() >= 3 && tok[tok.len() - 3] == 0xE2;
    !plain(first) || !(last.is_ascii_alphanumeric() || (last >= 0x80 && !last_is_e2_char))
}

/// Whether any word of `window` occurs among the last `within` tokens of `before`.
pub fn found_before(before: &str, window: &CompiledWindow) -> Option<usize> {
    let toks = Tokens::before(before, window.within);
    nearest(&toks, &window.index, true)
}

/// Whether any word of `window` occurs among the first `within` tokens of `after`.
pub fn found_after(after: &str, window: &CompiledWindow) -> Option<usize> {
    let toks = Tokens::after(after, window.within);
    nearest(&toks, &window.index, false)
}

/// Word sequences indexed by their first token, so a window is checked with
/// one lookup per token instead of one comparison per listed word. Each
/// sequence carries the number of the list it came from (see [`Labels`]).
#[derive(Debug, Clone, Default)]
pub struct WordIndex {
    by_first: FxHashMap<String, Vec<(Vec<String>, usize)>>,
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
            let mut parts = w.as_ref().split_whitespace().map(str::to_string);
            if let Some(first) = parts.next() {
                let rests = self.by_first.entry(first).or_default();
                rests.push((parts.collect(), list));
            }
        }
    }

    /// Every occurrence in `toks`: (list, first token, end token).
    fn each_match(&self, toks: &Tokens, mut f: impl FnMut(usize, usize, usize)) {
        let n = toks.len();
        for i in 0..n {
            let Some(rests) = self.by_first.get(toks.get(i)) else {
                continue;
            };
            for (rest, list) in rests {
                let end = i + 1 + rest.len();
                if end <= n
                    && rest
                        .iter()
                        .enumerate()
                        .all(|(k, r)| toks.get(i + 1 + k) == r)
                {
                    f(*list, i, end);
                }
            }
        }
    }
}

/// Distance in tokens of the nearest occurrence of any word, if any.
fn nearest(toks: &Tokens, index: &WordIndex, from_end: bool) -> Option<usize> {
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
    pub fn nearest(&self, before: &Tokens, after: &Tokens, within: usize) -> Option<T> {
        let mut best: Option<(usize, usize)> = None;
        let mut consider = |d: usize, list: usize| {
            if best.is_none_or(|b| (d, list) < b) {
                best = Some((d, list));
            }
        };
        let n = before.len();
        self.index.each_match(before, |list, start, end| {
            if start >= n.saturating_sub(within) {
                consider(n - end, list);
            }
        });
        self.index.each_match(after, |list, start, end| {
            if end <= within {
                consider(start + 1, list);
            }
        });
        best.map(|(_, list)| self.labels[list])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn win(words: &[&str], within: usize) -> CompiledWindow {
        CompiledWindow::new(words.iter().map(|s| s.to_string()).collect(), within)
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

    proptest::proptest! {
        /// The one-pass tokenizer gives the tokens of lower-casing the
        /// whole window and then splitting it.
        #[test]
        fn one_pass_tokens_equal_the_general_ones(s in "[ \t\naĐđƯÀỆ(),.“”:/Σ…–—'\"!?\\[\\]x1₫€‘-]{0,30}") {
            let (fast, general) = (Tokens::new(&s, 8), Tokens::new_general(&s, 8));
            let toks = |t: &Tokens| (0..t.len()).map(|i| t.get(i).to_string()).collect::<Vec<_>>();
            proptest::prop_assert_eq!(toks(&fast), toks(&general));
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
                let d = [nearest(&nb, &idx, true), nearest(&na, &idx, false).map(|d| d + 1)]
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

    const WORDS: [&str; 8] = ["học", "viên", "giảng", "tham", "dự", "Dự,", "và", "(học"];

    #[test]
    fn whole_words_only() {
        let w = win(&["dự"], 3);
        assert_eq!(found_before("thực hiện dự án", &w), Some(1));
        assert_eq!(found_after("án hỗ trợ", &w), None);
    }
}

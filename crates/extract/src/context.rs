//! Context windows: the words just before or after a match, inside its sentence.
//!
//! Triggers and vetoes are whole words (or whole word sequences), compared
//! case-insensitively, counted in whitespace tokens so a rule author can say
//! "within 6 words" and mean it.

use std::collections::HashMap;

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

/// The lower-cased tokens of a window, edge punctuation stripped, in reading order.
struct Tokens {
    lower: String,
    /// Byte ranges into `lower`.
    spans: Vec<(u32, u32)>,
}

impl Tokens {
    fn new(s: &str, within: usize) -> Tokens {
        let lower = s.to_lowercase();
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

/// Whether any word of `window` occurs among the last `within` tokens of `before`.
pub fn found_before(before: &str, window: &CompiledWindow) -> Option<usize> {
    let toks = Tokens::new(last_tokens(before, window.within), window.within);
    nearest(&toks, &window.index, true)
}

/// Whether any word of `window` occurs among the first `within` tokens of `after`.
pub fn found_after(after: &str, window: &CompiledWindow) -> Option<usize> {
    let toks = Tokens::new(first_tokens(after, window.within), window.within);
    nearest(&toks, &window.index, false)
}

/// Word sequences indexed by their first token, so a window is checked with
/// one lookup per token instead of one comparison per listed word.
#[derive(Debug, Clone, Default)]
pub struct WordIndex {
    by_first: HashMap<String, Vec<Vec<String>>>,
}

impl WordIndex {
    /// Index lower-cased `words` (a word may be several tokens: `tham dự`).
    pub fn new<S: AsRef<str>>(words: &[S]) -> WordIndex {
        let mut by_first: HashMap<String, Vec<Vec<String>>> = HashMap::new();
        for w in words {
            let mut parts = w.as_ref().split_whitespace().map(str::to_string);
            if let Some(first) = parts.next() {
                by_first.entry(first).or_default().push(parts.collect());
            }
        }
        WordIndex { by_first }
    }
}

/// Distance in tokens of the nearest occurrence of any word, if any.
fn nearest(toks: &Tokens, index: &WordIndex, from_end: bool) -> Option<usize> {
    let n = toks.len();
    let mut best: Option<usize> = None;
    for i in 0..n {
        let Some(rests) = index.by_first.get(toks.get(i)) else {
            continue;
        };
        for rest in rests {
            let end = i + 1 + rest.len();
            if end > n
                || !rest
                    .iter()
                    .enumerate()
                    .all(|(k, r)| toks.get(i + 1 + k) == r)
            {
                continue;
            }
            let d = if from_end { n - end } else { i };
            best = Some(best.map_or(d, |b: usize| b.min(d)));
        }
    }
    best
}

/// The nearest attribute value whose words occur around a match (both sides).
pub fn nearest_label<T: Copy>(
    before: &str,
    after: &str,
    within: usize,
    lexicon: &[(CompiledWindow, T)],
) -> Option<T> {
    let before = Tokens::new(last_tokens(before, within), within);
    let after = Tokens::new(first_tokens(after, within), within);
    let mut best: Option<(usize, T)> = None;
    for (words, label) in lexicon {
        let d = [
            nearest(&before, &words.index, true),
            nearest(&after, &words.index, false).map(|d| d + 1),
        ]
        .into_iter()
        .flatten()
        .min();
        if let Some(d) = d {
            if best.is_none_or(|(b, _)| d < b) {
                best = Some((d, *label));
            }
        }
    }
    best.map(|(_, l)| l)
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

    #[test]
    fn whole_words_only() {
        let w = win(&["dự"], 3);
        assert_eq!(found_before("thực hiện dự án", &w), Some(1));
        assert_eq!(found_after("án hỗ trợ", &w), None);
    }
}

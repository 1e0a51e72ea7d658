//! Context windows: the words just before or after a match, inside its sentence.
//!
//! Triggers and vetoes are whole words (or whole word sequences), compared
//! case-insensitively, counted in whitespace tokens so a rule author can say
//! "within 6 words" and mean it.

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

/// Whether any word of `window` occurs among the last `within` tokens of `before`.
pub fn found_before(before: &str, window: &CompiledWindow) -> Option<usize> {
    let lower = last_tokens(before, window.within).to_lowercase();
    let toks: Vec<&str> = lower.split_whitespace().rev().take(window.within).collect();
    // toks[0] is the token nearest the match; rebuild in reading order.
    let seq: Vec<&str> = toks.iter().rev().map(|t| t.trim_matches(EDGE)).collect();
    nearest(&seq, &window.words, true)
}

/// Whether any word of `window` occurs among the first `within` tokens of `after`.
pub fn found_after(after: &str, window: &CompiledWindow) -> Option<usize> {
    let lower = first_tokens(after, window.within).to_lowercase();
    let seq: Vec<&str> = lower
        .split_whitespace()
        .take(window.within)
        .map(|t| t.trim_matches(EDGE))
        .collect();
    nearest(&seq, &window.words, false)
}

/// Distance in tokens of the nearest occurrence of any word, if any.
fn nearest(seq: &[&str], words: &[String], from_end: bool) -> Option<usize> {
    let mut best: Option<usize> = None;
    for w in words {
        let parts: Vec<&str> = w.split_whitespace().collect();
        if parts.is_empty() || parts.len() > seq.len() {
            continue;
        }
        for i in 0..=seq.len() - parts.len() {
            if seq[i..i + parts.len()] == parts[..] {
                let d = if from_end {
                    seq.len() - (i + parts.len())
                } else {
                    i
                };
                best = Some(best.map_or(d, |b: usize| b.min(d)));
            }
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
    let (before, after) = (last_tokens(before, within), first_tokens(after, within));
    let mut best: Option<(usize, T)> = None;
    for (words, label) in lexicon {
        let w = CompiledWindow {
            words: words.words.clone(),
            within,
        };
        let d = [
            found_before(before, &w),
            found_after(after, &w).map(|d| d + 1),
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
        CompiledWindow {
            words: words.iter().map(|s| s.to_string()).collect(),
            within,
        }
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

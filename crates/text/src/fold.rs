//! Folding for search and lookup: no diacritics, `đ` -> `d`, lower case.
//!
//! People type `binh dang gioi` for `bình đẳng giới` and `QD` for `QĐ`, so
//! search keys are folded on both sides. Folding maps one character to one
//! character (combining marks are dropped), so [`fold_with_offsets`] can
//! point every folded byte back at the original.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use crate::syllable;

/// Fold one character: strip Vietnamese diacritics, `đ`/`Đ` -> `d`, lower case.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if let Some(v) = syllable::vowel(c) {
        return syllable::BASE_ASCII[v.base as usize] as char;
    }
    if c == 'đ' || c == 'Đ' {
        return 'd';
    }
    let lower = c.to_lowercase().next().unwrap_or(c);
    let mut base = None;
    decompose_canonical(lower, |b| {
        if base.is_none() {
            base = Some(b);
        }
    });
    let base = base.unwrap_or(lower);
    // A base may itself have a lower-case form (e.g. from a title-case letter).
    base.to_lowercase().next().unwrap_or(base)
}

/// Fold a whole string (see [`fold_char`]); combining marks are dropped, so
/// decomposed input folds like precomposed input.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !is_combining_mark(c) {
            out.push(fold_char(c));
        }
    }
    out
}

/// Folded text plus, for every byte of it, the byte offset in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    pub text: String,
    /// `offsets[i]` is the source offset of folded byte `i`; one extra entry
    /// at the end holds the source length, so ranges map with `offsets[end]`.
    pub offsets: Vec<usize>,
}

impl Folded {
    /// Source byte range of a folded byte range.
    pub fn original_range(&self, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
        let last = self.offsets.len() - 1;
        let start = self.offsets[r.start.min(last)];
        let end = self.end_of(r.end.min(last));
        start..end.max(start)
    }

    /// Source offset where the folded character ending at `end` ends.
    fn end_of(&self, end: usize) -> usize {
        // The next folded char starts where its source char starts, so the
        // source end of the range is the start of the next source char.
        self.offsets[end]
    }
}

/// [`fold`] that remembers where each folded byte came from.
pub fn fold_with_offsets(s: &str) -> Folded {
    let mut text = String::with_capacity(s.len());
    let mut offsets = Vec::with_capacity(s.len() + 1);
    for (i, c) in s.char_indices() {
        if is_combining_mark(c) {
            continue;
        }
        let f = fold_char(c);
        text.push(f);
        offsets.extend(std::iter::repeat_n(i, f.len_utf8()));
    }
    offsets.push(s.len());
    Folded { text, offsets }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold("Bình Đẳng Giới"), "binh dang gioi");
        assert_eq!(fold("QĐ-BPN&TE"), "qd-bpn&te");
        assert_eq!(fold("NGƯỜI"), "nguoi");
        assert_eq!(fold("Vie\u{323}\u{302}t"), "viet");
        assert_eq!(fold_char('Ữ'), 'u');
        assert_eq!(fold_char('é'), 'e');
        assert_eq!(fold_char('Ç'), 'c');
        assert_eq!(fold_char('ß'), 'ß');
    }

    #[test]
    fn offsets_point_back() {
        let s = "Số 3608/QĐ-BPN&TE của Bộ";
        let f = fold_with_offsets(s);
        assert_eq!(f.text, "so 3608/qd-bpn&te cua bo");
        let at = f.text.find("qd-bpn").unwrap();
        assert_eq!(&s[f.original_range(at..at + 6)], "QĐ-BPN");
        let at = f.text.find("cua").unwrap();
        assert_eq!(&s[f.original_range(at..at + 3)], "của");
        assert_eq!(f.offsets.len(), f.text.len() + 1);
    }
}

//! Where in a text a place name can be found at all.
//!
//! A name counts only when every word of it is capitalized (`Lào Cai`, not
//! `lào cai`), so most of an article, runs of lower-case words, cannot hold
//! one. Folding and matching only the stretches that start at a capital (or
//! a digit: `Quận 1`) and end at the next lower-case word cut the place-name
//! search to a fraction of the text. Each stretch starts a little earlier,
//! by the longest type word (`thành phố`), which may be in any case.

use std::ops::Range;

use std::sync::OnceLock;

use super::blocks::Blocks;
use super::folded::fold_for_match;

/// A letter that is not upper case; a word of a name may not start with one.
pub(super) fn is_lower(c: char) -> bool {
    c.is_alphabetic() && !c.is_uppercase()
}

/// Where a name splits into the words that must each be capitalized.
pub(super) fn splits_words(c: char) -> bool {
    c.is_whitespace() || c == '-' || c == '.'
}

/// What the scan needs to know of one char. No variant is 0, the
/// [`Blocks`] entry for "not in the table".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Class {
    /// [`is_lower`]: after a word split, it ends a stretch.
    Lower = 1,
    /// Not lower case and folds to a letter or digit: a name may start here.
    Name,
    /// [`splits_words`].
    Split,
    Other,
}

fn class(c: char) -> Class {
    if is_lower(c) {
        Class::Lower
    } else if splits_words(c) {
        Class::Split
    } else if fold_for_match(c).is_alphanumeric() {
        Class::Name
    } else {
        Class::Other
    }
}

/// [`class`] of the chars of [`Blocks`]: one table load per char instead
/// of the Unicode tables behind `is_alphabetic` and `is_uppercase`.
fn tables() -> &'static Blocks {
    static TABLES: OnceLock<Blocks> = OnceLock::new();
    TABLES.get_or_init(|| Blocks::new(|c| class(c) as u8))
}

/// The class of the char at `i` (as its `u8`) and the char's length.
#[inline(always)]
fn class_at(tables: &Blocks, text: &str, i: usize) -> (u8, usize) {
    let bytes = text.as_bytes();
    let b = bytes[i];
    if b.is_ascii() {
        // Most of the text: no decoding, no length to work out.
        return (tables.low[b as usize], 1);
    }
    match tables.lookup(bytes, i) {
        (0, _) => {
            let c = text[i..].chars().next().unwrap_or(' ');
            (class(c) as u8, c.len_utf8())
        }
        found => found,
    }
}

/// The type words that may stand before a name (`thành phố `, `tp.`), as
/// much of them as finding a stretch's start needs.
#[derive(Debug, Clone, Default)]
pub(super) struct TypeWords {
    /// Non-space chars of the longest type word, folded.
    chars: usize,
    /// The last word of each, folded, its chars last first (`ohp`, `.pt`).
    ends: Vec<Vec<char>>,
}

impl TypeWords {
    /// From the type words as the patterns hold them (`thanh pho `).
    pub(super) fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> TypeWords {
        let mut types = TypeWords::default();
        for word in words {
            let chars = word.chars().filter(|&c| c != ' ').count();
            types.chars = types.chars.max(chars);
            let last = word.trim_end_matches(' ').rsplit(' ').next().unwrap_or("");
            let end: Vec<char> = last.chars().rev().collect();
            if !end.is_empty() && !types.ends.contains(&end) {
                types.ends.push(end);
            }
        }
        types
    }

    /// Some type word may end right before `at`: the folded word before it
    /// (past any spaces) ends with the last word of one.
    fn may_end_before(&self, text: &str, at: usize) -> bool {
        let mut before = text[..at].chars().rev().map(fold_for_match);
        let mut last = before.next();
        while last == Some(' ') {
            last = before.next();
        }
        let Some(last) = last else {
            return false;
        };
        self.ends.iter().any(|end| {
            end[0] == last
                && end[1..]
                    .iter()
                    .copied()
                    .eq(before.clone().take(end.len() - 1))
        })
    }
}

/// Disjoint byte ranges of `text`, in order, that hold every span whose
/// name part (after one of `types`) starts with a capital or digit and has
/// no word starting lower-case.
pub(super) fn name_windows(text: &str, types: &TypeWords) -> Vec<Range<usize>> {
    let tables = tables();
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while let Some(at) = next_name_start(tables, text, i) {
        let start = start_before(text, at, types, &mut out);
        let end = next_lower_word(tables, text, at);
        out.push(start..end);
        i = end;
    }
    out
}

/// The first char from `i` on that may start a name.
fn next_name_start(tables: &Blocks, text: &str, mut i: usize) -> Option<usize> {
    while i < text.len() {
        let (class, len) = class_at(tables, text, i);
        if class == Class::Name as u8 {
            return Some(i);
        }
        i += len;
    }
    None
}

/// Where the first word after `at` that starts lower-case starts (or the end).
fn next_lower_word(tables: &Blocks, text: &str, at: usize) -> usize {
    let mut after_split = false;
    let mut i = at;
    while i < text.len() {
        let (class, len) = class_at(tables, text, i);
        if class == Class::Lower as u8 && after_split {
            return i;
        }
        after_split = class == Class::Split as u8;
        i += len;
    }
    text.len()
}

/// Where a stretch for a name at `at` starts: at the name, or as far back
/// as the longest type word when one may end right before it. A stretch
/// that would touch the last one in `out` is merged with it (taken out,
/// its start returned).
fn start_before(text: &str, at: usize, types: &TypeWords, out: &mut Vec<Range<usize>>) -> usize {
    let mut start = at;
    if types.may_end_before(text, at) {
        let mut left = types.chars;
        for (i, c) in text[..at].char_indices().rev() {
            if left == 0 {
                break;
            }
            if fold_for_match(c) != ' ' {
                left -= 1;
                start = i;
            }
        }
    }
    match out.last() {
        Some(last) if last.end >= start => {
            let merged = last.start;
            out.pop();
            merged
        }
        _ => start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn windows<'t>(text: &'t str, types: &[&str]) -> Vec<&'t str> {
        name_windows(text, &TypeWords::new(types.iter().copied()))
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn stretches_run_from_a_capital_to_the_next_lower_case_word() {
        let text = "sáng nay tại Hà Nội, UBND huyện Văn Bàn họp về Quận 1 và tp.Huế";
        assert_eq!(
            windows(text, &[]),
            ["Hà Nội, UBND ", "Văn Bàn ", "Quận 1 ", "Huế"]
        );
        assert_eq!(
            windows(text, &["tp."]),
            ["Hà Nội, UBND ", "Văn Bàn ", "Quận 1 ", "tp.Huế"]
        );
        // A type word reaching back to the last stretch merges the two.
        assert_eq!(
            windows(text, &["huyen ", "tp."]),
            ["Hà Nội, UBND huyện Văn Bàn ", "Quận 1 và tp.Huế"]
        );
    }

    #[test]
    fn type_words_are_looked_for_by_their_last_word() {
        let types = TypeWords::new(["thanh pho ", "tp.", "tinh "]);
        assert_eq!(types.chars, 8);
        let ends: Vec<String> = types
            .ends
            .iter()
            .map(|e| e.iter().rev().collect())
            .collect();
        assert_eq!(ends, ["pho", "tp.", "tinh"]);
        let before_hue = |text: &str| types.may_end_before(text, text.rfind("Huế").unwrap());
        for text in ["Thành  Phố Huế", "(TP.Huế", "Tỉnh\u{a0}Huế"] {
            assert!(before_hue(text), "{text}");
        }
        for text in ["phố cổ Huế", "Huế", "tpx Huế", "tp- Huế"] {
            assert!(!before_hue(text), "{text}");
        }
    }

    #[test]
    fn every_char_reads_its_own_class() {
        let tables = tables();
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            let s = c.to_string();
            assert_eq!(
                class_at(tables, &s, 0),
                (class(c) as u8, c.len_utf8()),
                "{c:?}"
            );
        }
    }
}

//! Running text folded for place-name matching, whole or in windows.
//!
//! Folding a whole article (a `String` plus a byte map back to the original)
//! was most of the cost of finding its places, yet every place name the
//! matcher accepts starts, after its type word, with a capital or a digit at
//! a word start. [`Anchors`] finds such word starts with one cheap pass,
//! keeps those whose folded first word begins some pattern's name, and
//! [`FoldedText::window`] folds only a window around each. A window knows
//! the folded characters on both of its sides, so a match inside it is
//! accepted or rejected exactly as in the whole-text fold.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};
use std::ops::Range;
use std::sync::OnceLock;

use vnfacts_text::fold::fold_char;

/// A character as the matcher sees it: [`fold_char`], dashes unified to
/// `-`, whitespace as a plain space.
pub(super) fn fold_match_char(c: char) -> char {
    if c.is_ascii() {
        return fold_ascii(c as u8);
    }
    match fold_char(c) {
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        c if c.is_whitespace() => ' ',
        c => c,
    }
}

/// An ASCII byte folded as [`fold_char`] plus the whitespace rule would.
fn fold_ascii(b: u8) -> char {
    match b {
        b'\t'..=b'\r' | b' ' => ' ',
        b => b.to_ascii_lowercase() as char,
    }
}

/// Text folded for matching (whitespace runs collapsed), with a byte map
/// back to the original; possibly only a window of the original.
pub(super) struct FoldedText<'a> {
    original: &'a str,
    pub(super) text: String,
    /// For each folded byte: the original offset of the char it came from.
    starts: Vec<u32>,
    /// The folded char right before the window in the whole-text fold.
    before: Option<char>,
    /// The folded char right after the window in the whole-text fold.
    after: Option<char>,
}

impl<'a> FoldedText<'a> {
    /// The whole text folded.
    pub(super) fn new(original: &'a str) -> Self {
        Self::window(original, 0..original.len())
    }

    /// The part of the whole-text fold that comes from `range` (char
    /// boundaries of `original`), byte for byte.
    pub(super) fn window(original: &'a str, range: Range<usize>) -> Self {
        let before = original[..range.start]
            .chars()
            .next_back()
            .map(fold_match_char);
        let mut text = String::with_capacity(range.len());
        let mut starts: Vec<u32> = Vec::with_capacity(range.len());
        // A space right before the window swallows spaces at its start,
        // as it does in the whole-text fold.
        let mut last_space = before == Some(' ');
        let bytes = original.as_bytes();
        let mut off = range.start;
        while off < range.end {
            // ASCII needs no char decoding: most of a Vietnamese text is ASCII.
            let b = bytes[off];
            let (f, len) = if b.is_ascii() {
                (fold_ascii(b), 1)
            } else {
                let c = original[off..].chars().next().unwrap_or(' ');
                (fold_match_char(c), c.len_utf8())
            };
            if !(f == ' ' && last_space) {
                text.push(f);
                starts.extend(std::iter::repeat_n(off as u32, f.len_utf8()));
                last_space = f == ' ';
            }
            off += len;
        }
        let mut rest = original[range.end..].chars().map(fold_match_char);
        let after = if last_space {
            rest.find(|&f| f != ' ')
        } else {
            rest.next()
        };
        FoldedText {
            original,
            text,
            starts,
            before,
            after,
        }
    }

    pub(super) fn orig_start(&self, folded: usize) -> usize {
        self.starts
            .get(folded)
            .map_or(self.original.len(), |&s| s as usize)
    }

    /// The original end of the char behind the last folded byte before `folded_end`.
    pub(super) fn orig_end(&self, folded_end: usize) -> usize {
        let Some(&s) = folded_end.checked_sub(1).and_then(|i| self.starts.get(i)) else {
            return 0;
        };
        let s = s as usize;
        s + self.original[s..].chars().next().map_or(0, char::len_utf8)
    }

    /// No letter or digit touches the match on either side.
    pub(super) fn is_boundary(&self, start: usize, end: usize) -> bool {
        let before = match start {
            0 => self.before,
            _ => self.text[..start].chars().next_back(),
        };
        let after = match self.text[end..].chars().next() {
            None => self.after,
            c => c,
        };
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    }
}

/// What the window search knows about the patterns.
#[derive(Debug)]
pub(super) struct Anchors {
    /// The folded first word (letters and digits) of every pattern's name
    /// part, with how far the patterns that start with it reach.
    first_words: HashMap<String, Reach, Fnv>,
    /// Bytes of the longest first word.
    longest_word: usize,
    /// The last word of every type word (`pho` of `thanh pho `, `tp` of `tp.`).
    prefix_words: HashSet<String, Fnv>,
}

/// How far the patterns whose name part starts with one word reach around it.
#[derive(Debug, Default, Clone, Copy)]
struct Reach {
    /// Most folded chars before the name part (the type word).
    prefix: usize,
    /// Most folded chars in the name part.
    name: usize,
    /// Some of the patterns have no type word.
    bare: bool,
}

impl Anchors {
    /// `patterns` with the folded length of each one's type word. None when
    /// some pattern breaks what the window search relies on (a name part
    /// that is empty, does not start with a letter or digit, or is glued to
    /// its type word); the caller then folds the whole text.
    pub(super) fn new<'p>(patterns: impl IntoIterator<Item = (&'p str, usize)>) -> Option<Self> {
        let mut anchors = Anchors {
            first_words: HashMap::default(),
            longest_word: 0,
            prefix_words: HashSet::default(),
        };
        for (pattern, prefix_len) in patterns {
            let (prefix, name) = (pattern.get(..prefix_len)?, pattern.get(prefix_len..)?);
            if !name.starts_with(char::is_alphanumeric)
                || prefix
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
            {
                return None;
            }
            let word_len = name
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(name.len());
            anchors.longest_word = anchors.longest_word.max(word_len);
            let reach = anchors
                .first_words
                .entry(name[..word_len].to_string())
                .or_default();
            reach.prefix = reach.prefix.max(prefix.chars().count());
            reach.name = reach.name.max(name.chars().count());
            reach.bare |= prefix.is_empty();
            if !prefix.is_empty() {
                let last = prefix
                    .rsplit(|c: char| !c.is_alphanumeric())
                    .find(|w| !w.is_empty())?;
                anchors.prefix_words.insert(last.to_string());
            }
        }
        Some(anchors)
    }

    /// Disjoint windows of `text`, in order, that hold every match whose
    /// name part starts with a capital or a digit at a word start.
    ///
    /// Such a name part starts at an anchor: a char that folds to a letter or
    /// digit, is upper case or not a letter, and follows a char that does not
    /// fold to a letter or digit. Its folded first word must be a pattern's.
    pub(super) fn windows(&self, text: &str) -> Vec<Range<usize>> {
        let table = table();
        let bytes = text.as_bytes();
        let mut out: Vec<Range<usize>> = Vec::new();
        let mut word = String::new();
        // End of the last word read: candidates inside it are not word starts.
        let mut read_to = 0;
        for_candidates(bytes, |i| {
            if i < read_to {
                return;
            }
            let (k, _) = class_at(table, bytes, i);
            // A candidate never follows an ASCII letter or digit; a non-ASCII
            // char before it needs a look.
            let anchor = k & ANCHOR != 0
                && (i == 0
                    || bytes[i - 1] < 0x80
                    || text[..i]
                        .chars()
                        .next_back()
                        .is_none_or(|c| class(c) & WORD == 0));
            if !anchor {
                return;
            }
            word.clear();
            let mut j = i;
            while j < bytes.len() {
                let (k, len) = class_at(table, bytes, j);
                if k & WORD == 0 {
                    break;
                }
                if word.len() <= self.longest_word {
                    word.push(folded(k));
                }
                j += len;
            }
            read_to = j;
            self.add_window(text, i, &word, &mut out);
        });
        out
    }

    /// The window around an anchor whose first word is `word`, merged with
    /// the windows it overlaps or touches.
    fn add_window(&self, text: &str, anchor: usize, word: &str, out: &mut Vec<Range<usize>>) {
        let Some(reach) = self.first_words.get(word) else {
            return;
        };
        // A type word ends right before the name, so the word before it is
        // the type word's last one (`tp` of `TP.HCM`, `pho` of `Thành phố Huế`);
        // without one only bare names can match here.
        let typed = self.prefix_words.contains(&word_before(text, anchor));
        if !typed && !reach.bare {
            return;
        }
        let reach_back = if typed { reach.prefix } else { 0 };
        // Counting only non-space chars undercounts the folded chars (a
        // space run folds to one), so the window is never too short.
        let mut start = anchor;
        let mut n = 0;
        for (i, c) in text[..anchor].char_indices().rev() {
            if n >= reach_back {
                break;
            }
            start = i;
            n += usize::from(class(c) & SPACE == 0);
        }
        let mut end = anchor;
        let mut n = 0;
        for (i, c) in text[anchor..].char_indices() {
            if n >= reach.name {
                break;
            }
            end = anchor + i + c.len_utf8();
            n += usize::from(class(c) & SPACE == 0);
        }
        // Reaches differ by word, so a window may also reach back over
        // windows before the last one.
        let mut window = start..end;
        while let Some(last) = out.last() {
            if window.start > last.end {
                break;
            }
            window = window.start.min(last.start)..window.end.max(last.end);
            out.pop();
        }
        out.push(window);
    }
}

/// The folded word (letters and digits) before the one at `at`, maybe empty.
fn word_before(text: &str, at: usize) -> String {
    let is_word = |c: &char| class(*c) & WORD != 0;
    let head = text[..at].trim_end_matches(|c: char| !is_word(&c));
    let start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(c))
        .last()
        .map_or(head.len(), |(i, _)| i);
    head[start..].chars().map(|c| folded(class(c))).collect()
}

/// FNV-1a: first words are a few bytes, where SipHash's setup dominates.
#[derive(Debug, Default, Clone, Copy)]
struct Fnv;

impl BuildHasher for Fnv {
    type Hasher = FnvHasher;
    fn build_hasher(&self) -> FnvHasher {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}

struct FnvHasher(u64);

impl Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// The [`class`] of the char starting at byte `i` of valid UTF-8, and its length.
fn class_at(table: &[u32], bytes: &[u8], i: usize) -> (u32, usize) {
    let b0 = u32::from(bytes[i]);
    if b0 < 0x80 {
        return (table[b0 as usize], 1);
    }
    let cont = |j: usize| u32::from(bytes[i + j] & 0x3F);
    let (u, len) = if b0 < 0xE0 {
        (((b0 & 0x1F) << 6) | cont(1), 2)
    } else if b0 < 0xF0 {
        (((b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3)
    } else {
        (
            ((b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        )
    };
    let k = match table.get(u as usize) {
        Some(&k) => k,
        None => char::from_u32(u).map_or(0, compute_class),
    };
    (k, len)
}

/// Calls `f`, in order, with every offset that may start an anchor: an
/// upper-case ASCII letter, a digit or a UTF-8 lead byte, not right after an
/// ASCII letter or digit. Lower-case ASCII letters, spaces and continuation
/// bytes are most of a text; the tests per 64-byte block have no branches,
/// so the compiler vectorizes them.
fn for_candidates(bytes: &[u8], mut f: impl FnMut(usize)) {
    let may_start = |b: u8| b.wrapping_sub(b'A') < 26 || b.wrapping_sub(b'0') < 10 || b >= 0xC0;
    let alnum = |b: u8| (b | 0x20).wrapping_sub(b'a') < 26 || b.wrapping_sub(b'0') < 10;
    let mut prev_alnum = 0u64;
    for (n, block) in bytes.chunks(64).enumerate() {
        let (mut starts, mut alnums) = (0u64, 0u64);
        for (j, &b) in block.iter().enumerate() {
            starts |= u64::from(may_start(b)) << j;
            alnums |= u64::from(alnum(b)) << j;
        }
        let mut bits = starts & !((alnums << 1) | prev_alnum);
        prev_alnum = (alnums >> (block.len() - 1)) & 1;
        while bits != 0 {
            f(n * 64 + bits.trailing_zeros() as usize);
            bits &= bits - 1;
        }
    }
}

/// [`class`] flag: the char folds to a letter or digit.
const WORD: u32 = 1 << 24;
/// [`class`] flag: a [`WORD`] char that can start a capitalized name
/// (upper case, or not a letter at all).
const ANCHOR: u32 = 1 << 25;
/// [`class`] flag: the char folds to a space.
const SPACE: u32 = 1 << 26;
/// [`class`] bits holding the folded char.
const CHAR_BITS: u32 = (1 << 21) - 1;

/// Chars below this have their [`class`] in a table (ASCII, Latin and the
/// Vietnamese block U+1EA0..U+1EF9).
const TABLE_LEN: u32 = 0x2000;

/// [`class`] of every char below [`TABLE_LEN`], built once.
fn table() -> &'static [u32] {
    static TABLE: OnceLock<Vec<u32>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..TABLE_LEN)
            .map(|u| char::from_u32(u).map_or(0, compute_class))
            .collect()
    })
}

/// The folded char and the flags of `c`.
fn class(c: char) -> u32 {
    match table().get(c as usize) {
        Some(&k) => k,
        None => compute_class(c),
    }
}

fn compute_class(c: char) -> u32 {
    let f = fold_match_char(c);
    let mut k = f as u32;
    if f.is_alphanumeric() {
        k |= WORD;
        if !c.is_alphabetic() || c.is_uppercase() {
            k |= ANCHOR;
        }
    }
    if f == ' ' {
        k |= SPACE;
    }
    k
}

/// The folded char stored in a [`class`].
fn folded(k: u32) -> char {
    char::from_u32(k & CHAR_BITS).unwrap_or(' ')
}

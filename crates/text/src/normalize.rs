//! Canonical form of Vietnamese text, with a map back to the original.
//!
//! What changes, and why:
//! - **NFC.** Windows-1258 and some editors write decomposed letters
//!   (`a` + U+0300); every later stage compares precomposed ones.
//! - **One tone placement: the OLD style.** Articles mix `hoà`/`hòa`,
//!   `uỷ`/`ủy`, `thuỷ`/`thủy`, `khoẻ`/`khỏe`. We put the mark on the first
//!   vowel of `oa`, `oe`, `uy` when they end the syllable (`hòa`, `hòe`,
//!   `thủy`, `ủy`, `khỏe`), which is what most government portals and the
//!   dictionaries use; a closed syllable keeps it on the last vowel
//!   (`hoàng`, `toán`), a quality-marked vowel always wins (`người`,
//!   `tiếng`), and `qu`/`gi` are initials (`quý`, `già`). Only words that
//!   parse as one Vietnamese syllable are touched (`café`, `Hélène` stay).
//!   Search folds diacritics away, so both spellings still find each other.
//! - **Spaces.** NBSP, the U+2000 family, tabs and other odd spaces become
//!   `' '`; zero-width characters and soft hyphens are removed; `\r\n`, `\r`,
//!   U+2028/2029 become `\n`. Newlines are kept: they separate paragraphs and
//!   page chrome lines, and the sentence splitter relies on them.
//! - **Dashes.** Hyphen/dash variants (U+2010..U+2015, U+2212) become `-`
//!   when they join letters or digits (`2011–2020`, `QĐ‑UBND`) or sit between
//!   two digits with single spaces (`2011 – 2020`); a spaced dash between
//!   words is punctuation and stays.
//! - **Lost spaces.** A space is inserted between digits and a following or
//!   preceding word that has a lower-case Vietnamese letter with a diacritic
//!   or `đ` (`và2021-2030` -> `và 2021-2030`, `33người` -> `33 người`).
//!   ASCII-only and all-capital neighbours are left glued, so `12.000m2`,
//!   `H5N1`, `19h30`, `QĐ2`, `3608/QĐ-BPN&TE` survive.
//!
//! The result is idempotent: `normalize(normalize(x).text).text == normalize(x).text`.
//!
//! Offsets: [`Normalized::original_offset`] maps any byte offset of the
//! normalized text to a char boundary of the original, monotonically. The
//! map stores one checkpoint per change, not per byte: unchanged stretches
//! are a single linear segment, and each changed word or character is a
//! "replaced" segment whose every offset maps to the segment's start.

use std::ops::Range;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::syllable;
use crate::word_cache::{Key, WordCache};

/// Normalized text plus the information needed to cite the source exactly.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The canonical text every later stage works on.
    pub text: String,
    /// Checkpoints sorted by `norm` (and by `orig`). Each starts a segment
    /// that runs to the next checkpoint.
    map: Vec<Checkpoint>,
    original_len: usize,
    changes: usize,
}

#[derive(Debug, Clone, Copy)]
struct Checkpoint {
    norm: u32,
    orig: u32,
    /// Copied segment: offsets map linearly. Replaced: all map to `orig`.
    copied: bool,
}

impl Normalized {
    /// Original byte offset for a byte offset of [`Normalized::text`].
    /// Offsets past the end map to the end of the original; offsets inside a
    /// character are rounded down to its start.
    pub fn original_offset(&self, norm: usize) -> usize {
        if norm >= self.text.len() {
            return self.original_len;
        }
        let norm = floor_boundary(&self.text, norm);
        let i = self.segment(norm);
        let cp = self.map[i];
        if cp.copied {
            cp.orig as usize + (norm - cp.norm as usize)
        } else {
            cp.orig as usize
        }
    }

    /// Original byte range covering a range of [`Normalized::text`]: the
    /// smallest stretch of the original that produced it.
    pub fn original_range(&self, norm: Range<usize>) -> Range<usize> {
        let start = self.original_offset(norm.start);
        if norm.end <= norm.start {
            return start..start;
        }
        let end = norm.end.min(self.text.len());
        if end == 0 {
            return start..start; // an empty text
        }
        let last = floor_boundary(&self.text, end - 1);
        let i = self.segment(last);
        let cp = self.map[i];
        let orig_end = if cp.copied {
            cp.orig as usize + (end - cp.norm as usize)
        } else {
            self.map
                .get(i + 1)
                .map_or(self.original_len, |next| next.orig as usize)
        };
        start..orig_end.max(start)
    }

    /// Number of edits made (each replaced, inserted or deleted stretch
    /// counts once). Zero means the input was already canonical.
    pub fn changes(&self) -> usize {
        self.changes
    }

    /// Byte length of the original input.
    pub fn original_len(&self) -> usize {
        self.original_len
    }

    fn segment(&self, norm: usize) -> usize {
        self.map
            .partition_point(|cp| cp.norm as usize <= norm)
            .saturating_sub(1)
    }
}

pub(crate) fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Normalize `input` to the canonical form (see module docs).
///
/// Inputs longer than 4 GiB are not supported by the offset map (u32); the
/// CLI and crawler read single articles, far below that.
pub fn normalize(input: &str) -> Normalized {
    let cache = WordCache::take();
    let (normalized, cache) = normalize_with(input, Some(cache));
    if let Some(cache) = cache {
        cache.give_back();
    }
    normalized
}

/// [`normalize`] with or without a word cache (the tests compare both).
fn normalize_with(input: &str, cache: Option<WordCache>) -> (Normalized, Option<WordCache>) {
    let mut b = Builder::new(input, cache);
    let bytes = input.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        match ASCII_CLASS[byte as usize] {
            Class::High => {
                if b.flags.at(bytes, i) != 0 {
                    let next = b.known_words(i);
                    i = if next > i { next } else { b.word(i, i) };
                    continue;
                }
                let c = char_at(input, i);
                if is_word_char(c) {
                    i = b.word(i, i);
                } else {
                    i = b.symbol(i, c);
                }
            }
            Class::Letter => {
                // An all-ASCII word has no tone to move and is never split
                // from a digit, so it is skipped; one that goes on as a
                // non-ASCII letter (`Vi` of `Việt`) is a word to analyze.
                // Both are told apart from the word's cache key when the
                // word is short enough to have one.
                let next = b.known_words(i);
                if next > i {
                    i = next;
                    continue;
                }
                let start = i;
                if let Some(key) = Key::at(bytes, start) {
                    i = match key.first_non_ascii() {
                        Some(from) => b.word_with_key(start, start + from, key),
                        None => start + key.len(),
                    };
                    // The commonest byte after a word, and no digit: no
                    // need to go round the loop for it.
                    if bytes.get(i) == Some(&b' ') {
                        i += 1;
                    }
                    continue;
                }
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                    i += 1;
                }
                if i < bytes.len() && bytes[i] >= 0x80 {
                    i = b.word(start, i);
                }
            }
            Class::Inert => {
                // Digits and punctuation are copied as they are; only the
                // byte right after a word can need a space.
                if byte.is_ascii_digit() && b.last_word_end == i && b.last_word_viet {
                    b.replace(i, i, " ");
                }
                i += 1;
                while i < bytes.len() && matches!(ASCII_CLASS[bytes[i] as usize], Class::Inert) {
                    i += 1;
                }
            }
            Class::Special => i = b.ascii(i, byte),
        }
    }
    b.finish()
}

/// How the main loop of [`normalize`] treats a byte.
#[derive(Clone, Copy)]
enum Class {
    /// ASCII letters: may start a word.
    Letter,
    /// Digits, punctuation, space, `\n`: never changed by themselves;
    /// digits may get a space before them.
    Inert,
    /// `\r`, tab, VT, FF: see [`Builder::ascii`].
    Special,
    /// The first byte of a non-ASCII character (or a stray continuation
    /// byte, which valid UTF-8 never has here).
    High,
}

static ASCII_CLASS: [Class; 256] = {
    let mut t = [Class::High; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'\r' | b'\t' | 0x0b | 0x0c => Class::Special,
            b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
            _ => Class::Inert,
        };
        b += 1;
    }
    t
};

/// The bytes [`Builder::known_words`] steps over between two words: the
/// [`Class::Inert`] ones but digits (a digit next to a word may need a
/// space, see [`Builder::unchanged_word`]).
static SEPARATOR: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = matches!(ASCII_CLASS[b], Class::Inert) && !(b as u8).is_ascii_digit();
        b += 1;
    }
    t
};

/// Where [`cached_run`] stopped.
struct Run {
    /// The position it got to: the start of a word, or a byte it does not
    /// step over.
    at: usize,
    /// End and `viet` flag of the last word it took, if any.
    last: Option<(usize, bool)>,
    /// The key of the word at `at` and where its first non-ASCII byte is,
    /// when that word was not in the cache.
    missed: Option<(Key, usize)>,
}

/// The words the cache knows from `bytes[i]` on (a word start not after a
/// digit), each followed by separators and then the next word; stops at
/// anything else (see [`Builder::known_words`]). A start at a non-ASCII
/// byte may be no word char at all (`“`): that is no error, since the
/// cache only holds keys that start with a word char.
#[inline(always)]
fn cached_run(bytes: &[u8], mut i: usize, cache: &WordCache) -> Run {
    let mut last = None;
    while let Some((key, space_then_word)) = Key::probe(bytes, i) {
        let viet = if key.has_non_ascii() {
            match cache.get(key) {
                Some(viet) => viet,
                None => {
                    return Run {
                        at: i,
                        last,
                        missed: key.first_non_ascii().map(|from| (key, i + from)),
                    };
                }
            }
        } else {
            false
        };
        let end = i + key.len();
        last = Some((end, viet));
        // The commonest case first: one space, then a word.
        if space_then_word {
            i = end + 1;
            continue;
        }
        i = skip_separators(bytes, end);
        if i == end || !may_start_word(bytes, i) {
            break;
        }
    }
    Run {
        at: i,
        last,
        missed: None,
    }
}

#[inline(always)]
fn skip_separators(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(|&b| SEPARATOR[usize::from(b)]) {
        i += 1;
    }
    i
}

/// An ASCII letter or a non-ASCII byte (which may begin a letter).
#[inline(always)]
fn may_start_word(bytes: &[u8], i: usize) -> bool {
    bytes
        .get(i)
        .is_some_and(|&b| MAY_START_WORD[usize::from(b)])
}

/// See [`may_start_word`].
static MAY_START_WORD: [bool; 256] = {
    let mut t = [true; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphabetic();
        b += 1;
    }
    t
};

/// The character starting at byte `i` of `s` (a char boundary), decoded
/// straight from the bytes: the hot loops call this for every non-ASCII
/// letter.
#[inline]
fn char_at(s: &str, i: usize) -> char {
    let b = s.as_bytes();
    let b0 = b[i] as u32;
    let cont = |k: usize| b.get(i + k).map_or(0, |&x| x as u32 & 0x3f);
    let cp = if b0 < 0x80 {
        b0
    } else if b0 < 0xe0 {
        (b0 & 0x1f) << 6 | cont(1)
    } else if b0 < 0xf0 {
        (b0 & 0x0f) << 12 | cont(1) << 6 | cont(2)
    } else {
        (b0 & 0x07) << 18 | cont(1) << 12 | cont(2) << 6 | cont(3)
    };
    char::from_u32(cp).unwrap_or('\u{fffd}')
}

/// Characters removed outright.
#[inline]
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
    )
}

/// Characters that become a plain space.
#[inline]
pub(crate) fn is_odd_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\u{b}' | '\u{c}' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

#[inline]
pub(crate) fn is_dash(c: char) -> bool {
    matches!(
        c,
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe58}' | '\u{fe63}' | '\u{ff0d}'
    )
}

/// Word characters: letters, combining marks, and the invisibles (so that a
/// zero-width space inside `ho\u{200b}à` cannot hide a tone to move).
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    if GENERAL_PUNCTUATION.contains(&c) {
        // Quotes, dashes, ellipses: common in news text, and slow to rule
        // out with the Unicode tables.
        return is_invisible(c);
    }
    syllable::vowel(c).is_some()
        || c == 'đ'
        || c == 'Đ'
        || is_invisible(c)
        || c.is_alphabetic()
        || is_combining_mark(c)
}

/// A block with no letters and no combining marks.
const GENERAL_PUNCTUATION: std::ops::RangeInclusive<char> = '\u{2000}'..='\u{206f}';

/// Tone placement on each run of Vietnamese letters in `s` (a word that
/// also holds marks or other letters, e.g. `≠thuỷ` after NFC), so the result
/// matches what a second pass sees once the runs are split apart.
fn place_tones_in_runs(s: &str, out: &mut String) -> bool {
    let is_letter =
        |c: char| c.is_ascii_alphabetic() || c == 'đ' || c == 'Đ' || syllable::vowel(c).is_some();
    let mut moved = false;
    let mut rest = s;
    while !rest.is_empty() {
        let run_len = rest.find(|c: char| !is_letter(c)).unwrap_or(rest.len());
        let (run, tail) = rest.split_at(run_len);
        if !run.is_empty() && syllable::place_tone(run, out) {
            moved = true;
        } else {
            out.push_str(run);
        }
        let other_len = tail.find(is_letter).unwrap_or(tail.len());
        out.push_str(&tail[..other_len]);
        rest = &tail[other_len..];
    }
    moved
}

/// NFC and tone placement until neither changes anything (at most a few
/// rounds: each round only composes marks that could not compose before).
fn settle(s: &mut String) {
    for _ in 0..4 {
        let composed: String = s.nfc().collect();
        let mut placed = String::with_capacity(composed.len());
        let moved = place_tones_in_runs(&composed, &mut placed);
        let next = if moved {
            placed.nfc().collect()
        } else {
            composed
        };
        if next == *s {
            return;
        }
        *s = next;
    }
}

/// Whether the first tone of a plain word with no quality-marked vowel is
/// certainly where syllable analysis would leave it, for the two commonest
/// shapes (anything else is analyzed):
/// - closed, `hoàn`, `toán`: a consonant follows the toned vowel, so it
///   ends the vowel nucleus, where a closed syllable keeps the tone (or
///   vowels follow later and the word is no syllable);
/// - open with two vowels, `của`, `tài`: the tone is on the first of them,
///   the old-style place, and no `q`/`g` before it could make the first
///   vowel part of a `qu`/`gi` initial.
///
/// `tone` is the byte range of the toned vowel within `bytes[start..end]`.
fn tone_already_placed(bytes: &[u8], start: usize, end: usize, tone: Range<usize>) -> bool {
    let vowel = |b: u8| b < 0x80 && ASCII_VOWEL[b as usize] != 0;
    let after = &bytes[tone.end..end];
    let closed = match after.first() {
        Some(&b) if b < 0x80 => !vowel(b),
        Some(_) => after.starts_with("đ".as_bytes()) || after.starts_with("Đ".as_bytes()),
        None => false,
    };
    if closed {
        return true;
    }
    let open_two = after.len() == 1 && vowel(after[0]);
    open_two
        && !bytes[start..tone.start].iter().any(|&b| vowel(b))
        && !(tone.start > start && matches!(bytes[tone.start - 1], b'q' | b'Q' | b'g' | b'G'))
}

/// Whether `bytes[start..end]`, with `vowels` non-ASCII vowels, has fewer
/// than two vowels: then there is no other vowel a tone could move to.
fn few_vowels(bytes: &[u8], start: usize, end: usize, vowels: u32) -> bool {
    let ascii_vowels = bytes[start..end]
        .iter()
        .filter(|&&b| b < 0x80 && ASCII_VOWEL[b as usize] != 0)
        .count();
    vowels as usize + ascii_vowels < 2
}

/// ASCII vowel letters (either case) -> 1.
static ASCII_VOWEL: [u8; 128] = {
    let mut t = [0u8; 128];
    let v = b"aeiouyAEIOUY";
    let mut i = 0;
    while i < v.len() {
        t[v[i] as usize] = 1;
        i += 1;
    }
    t
};

struct Builder<'a> {
    src: &'a str,
    out: String,
    map: Vec<Checkpoint>,
    /// Start of the stretch of `src` not yet copied to `out`.
    copy_from: usize,
    changes: usize,
    /// End (in `src`) of the last word and whether it carries Vietnamese
    /// diacritics, for the letter-then-digit split.
    last_word_end: usize,
    last_word_viet: bool,
    scratch: String,
    scratch2: String,
    flags: syllable::FlagTables,
    /// Words known to need no change, see [`crate::word_cache`].
    cache: Option<WordCache>,
}

impl<'a> Builder<'a> {
    fn new(src: &'a str, cache: Option<WordCache>) -> Self {
        Builder {
            src,
            out: String::with_capacity(src.len() + src.len() / 64),
            map: vec![Checkpoint {
                norm: 0,
                orig: 0,
                copied: true,
            }],
            copy_from: 0,
            changes: 0,
            last_word_end: usize::MAX,
            last_word_viet: false,
            scratch: String::new(),
            scratch2: String::new(),
            flags: syllable::FlagTables::get(),
            cache,
        }
    }

    fn flush(&mut self, upto: usize) {
        if upto > self.copy_from {
            self.out.push_str(&self.src[self.copy_from..upto]);
            self.copy_from = upto;
        }
    }

    /// Replace `src[start..end]` by `with` (an insertion when empty range,
    /// a deletion when `with` is empty).
    fn replace(&mut self, start: usize, end: usize, with: &str) {
        self.flush(start);
        if !with.is_empty() {
            self.map.push(Checkpoint {
                norm: self.out.len() as u32,
                orig: start as u32,
                copied: false,
            });
            self.out.push_str(with);
        }
        self.map.push(Checkpoint {
            norm: self.out.len() as u32,
            orig: end as u32,
            copied: true,
        });
        self.copy_from = end;
        self.changes += 1;
    }

    fn finish(mut self) -> (Normalized, Option<WordCache>) {
        self.flush(self.src.len());
        let normalized = Normalized {
            text: self.out,
            map: self.map,
            original_len: self.src.len(),
            changes: self.changes,
        };
        (normalized, self.cache)
    }

    /// An ASCII byte of [`Class::Special`]; returns the next position.
    fn ascii(&mut self, i: usize, byte: u8) -> usize {
        match byte {
            b'\r' => {
                if self.src.as_bytes().get(i + 1) == Some(&b'\n') {
                    self.replace(i, i + 1, "");
                } else {
                    self.replace(i, i + 1, "\n");
                }
                i + 1
            }
            b'\t' | 0x0b | 0x0c => {
                self.replace(i, i + 1, " ");
                i + 1
            }
            _ => i + 1,
        }
    }

    /// A non-ASCII character that is not part of a word.
    fn symbol(&mut self, i: usize, c: char) -> usize {
        let end = i + c.len_utf8();
        if is_odd_space(c) {
            self.replace(i, end, " ");
        } else if matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}') {
            self.replace(i, end, "\n");
        } else if is_dash(c) {
            if self.dash_joins(i, end) {
                self.replace(i, end, "-");
            }
        } else if !matches!(
            unicode_normalization::is_nfc_quick(std::iter::once(c)),
            unicode_normalization::IsNormalized::Yes
        ) {
            let mut s = String::new();
            s.extend(std::iter::once(c).nfc());
            if s.len() != c.len_utf8() || !s.starts_with(c) {
                self.replace(i, end, &s);
            }
        }
        end
    }

    /// Whether a dash at `src[i..end]` joins two tokens. The left side is
    /// read from the output (already normalized), the right side from the
    /// input seen through what normalization will make of it, so that a
    /// second pass decides the same way.
    fn dash_joins(&mut self, i: usize, end: usize) -> bool {
        self.flush(i);
        let mut left = self.out.chars().rev();
        let l1 = left.next();
        let l2 = left.next();
        let mut right = self.src[end..]
            .chars()
            .filter(|&c| !is_invisible(c))
            .map(|c| if is_odd_space(c) { ' ' } else { c });
        let r1 = right.next();
        let r2 = right.next();
        let alnum = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
        let left_ok = l1.is_some_and(|c| c.is_alphanumeric() || is_combining_mark(c));
        let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
        (left_ok && alnum(r1)) || (l1 == Some(' ') && digit(l2) && r1 == Some(' ') && digit(r2))
    }

    /// Words the cache settles, one after another, from the word starting
    /// at `start` on; returns where it stopped (`start` itself when it could not
    /// take even the first word, and the caller goes the general way).
    ///
    /// Why: most of a text is words the cache knows, one separator apart,
    /// and going round the main loop for each word and each separator cost
    /// as much as the lookups. [`cached_run`] takes whatever is common and
    /// simple; a word the cache does not know goes through
    /// [`Builder::scan_word`] like anywhere else, and the rest is left to
    /// the main loop. Only non-digit ASCII separators are stepped over, so
    /// no word taken here follows a digit (which may call for a space; the
    /// first word is checked for it) and no digit after a word is stepped
    /// over (the main loop sees it right after the word).
    #[inline(never)]
    fn known_words(&mut self, start: usize) -> usize {
        let bytes = self.src.as_bytes();
        if start > 0 && bytes[start - 1].is_ascii_digit() {
            return start;
        }
        let mut i = start;
        loop {
            let Some(cache) = &self.cache else {
                return start;
            };
            let run = cached_run(bytes, i, cache);
            if let Some((end, viet)) = run.last {
                self.after_word(end, viet);
            }
            i = run.at;
            let Some((key, from)) = run.missed else {
                return i;
            };
            if bytes[i] >= 0x80 && self.flags.at(bytes, i) == 0 {
                // Maybe no word at all (a quote): the main loop decides.
                return i;
            }
            let end = self.scan_word(i, from, Some(key));
            i = skip_separators(bytes, end);
            if i == end || !may_start_word(bytes, i) {
                return i;
            }
        }
    }

    /// A word (letters, marks, invisibles) starting at `start`; returns its
    /// end. `src[start..from]` are ASCII letters the caller already saw.
    #[inline(always)]
    fn word(&mut self, start: usize, from: usize) -> usize {
        let key = match &self.cache {
            Some(cache) => Key::at(self.src.as_bytes(), start).map(|key| (key, cache.get(key))),
            None => None,
        };
        match key {
            Some((key, Some(viet))) => {
                let end = start + key.len();
                self.unchanged_word(start, end, viet);
                end
            }
            Some((key, None)) => self.scan_word(start, from, Some(key)),
            None => self.scan_word(start, from, None),
        }
    }

    /// [`Builder::word`] when the caller already has the word's cache key.
    #[inline(always)]
    fn word_with_key(&mut self, start: usize, from: usize, key: Key) -> usize {
        match self.cache.as_ref().map(|cache| cache.get(key)) {
            Some(Some(viet)) => {
                let end = start + key.len();
                self.unchanged_word(start, end, viet);
                end
            }
            _ => self.scan_word(start, from, Some(key)),
        }
    }

    /// [`Builder::word`] for a word not in the cache; `key` is its cache
    /// key if it can have one.
    #[inline(never)]
    fn scan_word(&mut self, start: usize, from: usize, key: Option<Key>) -> usize {
        if let Some(key) = key {
            // A word whose tone moves, seen before.
            let mut canon = std::mem::take(&mut self.scratch);
            canon.clear();
            let known = self.cache.as_ref().and_then(|c| c.changed(key));
            let viet = known.map(|changed| {
                canon.push_str(changed.canon);
                changed.viet
            });
            if let Some(viet) = viet {
                let end = start + key.len();
                self.settled_word(start, end, &canon, viet);
                self.scratch = canon;
                return end;
            }
            self.scratch = canon;
        }
        let src = self.src;
        let bytes = src.as_bytes();
        let mut end = from;
        // Only precomposed Vietnamese letters and ASCII, no invisibles.
        let mut plain = true;
        // Tallies that let most words skip syllable analysis, kept as cheap
        // as the letter flags allow:
        // - `seen`, the flags of all letters or-ed: no tone, no analysis;
        // - `vowels`, the non-ASCII ones: a tone can only sit on the wrong
        //   vowel when there are two vowels or more (ASCII vowels are only
        //   counted when that decides);
        // - `tone`, the byte range of the first toned vowel, and
        //   `last_marked`, the start of the last quality-marked one (ê,
        //   ơ...). When they coincide, the tone sits on a marked vowel with
        //   no marked vowel after it, and syllable analysis would leave it
        //   there (the last marked vowel of the nucleus takes the tone, and
        //   a word with vowels elsewhere is no syllable): `người`, `Việt`,
        //   `được`. With no marked vowel at all, [`tone_already_placed`]
        //   settles the common unmarked shapes.
        let mut seen = 0u8;
        let mut vowels = 0u32;
        let mut tone = usize::MAX..usize::MAX;
        let mut last_marked = usize::MAX - 1;
        let flags = self.flags;
        while end < bytes.len() {
            let b = bytes[end];
            if b < 0x80 {
                if !b.is_ascii_alphabetic() {
                    break;
                }
                end += 1;
                continue;
            }
            let f = flags.at(bytes, end);
            if f == 0 {
                let c = char_at(src, end);
                if !is_word_char(c) {
                    break;
                }
                plain = false;
                end += c.len_utf8();
                continue;
            }
            let len = if b < 0xe0 { 2 } else { 3 };
            if f & syllable::TONED != 0 && seen & syllable::TONED == 0 {
                tone = end..end + len;
            }
            if f & syllable::MARKED != 0 {
                last_marked = end;
            }
            seen |= f;
            vowels += u32::from(f & syllable::VOWEL);
            end += len;
        }
        let toned = seen & syllable::TONED != 0;
        let tone_stays = last_marked == tone.start;
        let viet = seen & syllable::LOWER != 0;
        let placed =
            || seen & syllable::MARKED == 0 && tone_already_placed(bytes, start, end, tone.clone());
        if plain && (!toned || tone_stays || placed() || few_vowels(bytes, start, end, vowels)) {
            if let (Some(cache), Some(key)) = (&mut self.cache, key) {
                if start + key.len() == end {
                    cache.insert(key, viet);
                }
            }
            self.unchanged_word(start, end, viet);
            return end;
        }
        let key = key.filter(|key| start + key.len() == end);
        self.analyze_word(start, end, plain, viet, key);
        end
    }

    /// A word [`Builder::word`] could not settle from its tallies: NFC
    /// (unless `plain`) and syllable analysis, then the edits. `key` is
    /// the word's cache key if it has one that covers exactly the word: a
    /// plain word's result depends on its bytes alone, so it is
    /// remembered.
    #[inline(never)]
    fn analyze_word(
        &mut self,
        start: usize,
        end: usize,
        plain: bool,
        mut viet: bool,
        key: Option<Key>,
    ) {
        let src = self.src;
        let word_start = start;
        let mut start = start;
        let leading_mark = || {
            src[start..end]
                .chars()
                .find(|&c| !is_invisible(c))
                .is_some_and(is_combining_mark)
        };
        if !plain && start > 0 && self.copy_from < start && leading_mark() {
            // A mark at the start may compose with the preceding symbol (`=` + U+0338).
            if let Some(prev) = src[..start]
                .chars()
                .next_back()
                .filter(|p| !p.is_whitespace() && !p.is_control())
            {
                start -= prev.len_utf8();
            }
        }
        let word = &src[start..end];
        let mut s = std::mem::take(&mut self.scratch);
        let mut s2 = std::mem::take(&mut self.scratch2);
        s.clear();
        s2.clear();
        let canon: &str = if plain {
            word
        } else {
            s.extend(word.chars().filter(|&c| !is_invisible(c)).nfc());
            &s
        };
        let moved = if plain {
            syllable::place_tone(canon, &mut s2)
        } else {
            let moved = place_tones_in_runs(canon, &mut s2);
            if moved {
                // A base freed of its tone may now compose with a trailing mark.
                settle(&mut s2);
            }
            moved
        };
        let canon = if moved { &s2 } else { canon };
        if !plain || moved {
            viet = canon.chars().any(|c| {
                (c == 'đ') || (!c.is_ascii() && syllable::vowel(c).is_some_and(|v| !v.upper))
            });
        }
        if let (true, Some(key), Some(cache)) = (plain, key, &mut self.cache) {
            if moved {
                cache.insert_changed(key, canon, viet);
            } else {
                cache.insert(key, viet);
            }
        }
        if start == word_start {
            self.settled_word(start, end, canon, viet);
        } else {
            if canon != word {
                self.replace(start, end, canon);
            }
            self.after_word(end, viet);
        }
        self.scratch = s;
        self.scratch2 = s2;
    }

    /// The edits for the word `src[start..end]` whose canonical form is
    /// `canon`: a space before it if it follows a digit and is Vietnamese
    /// (`33người`), and the new spelling.
    fn settled_word(&mut self, start: usize, end: usize, canon: &str, viet: bool) {
        if viet && start > 0 && self.src.as_bytes()[start - 1].is_ascii_digit() {
            self.replace(start, start, " ");
        }
        if canon != &self.src[start..end] {
            self.replace(start, end, canon);
        }
        self.after_word(end, viet);
    }

    /// A word normalization keeps as it is, but which may need a space
    /// before it (`33người`).
    fn unchanged_word(&mut self, start: usize, end: usize, viet: bool) {
        if viet && start > 0 && self.src.as_bytes()[start - 1].is_ascii_digit() {
            self.replace(start, start, " ");
        }
        self.after_word(end, viet);
    }

    fn after_word(&mut self, end: usize, viet: bool) {
        self.last_word_end = end;
        self.last_word_viet = viet;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        normalize(s).text
    }

    /// Everything a [`Normalized`] holds, for exact comparison.
    fn parts(n: &Normalized) -> (String, Vec<(u32, u32, bool)>, usize, usize) {
        let map = n.map.iter().map(|c| (c.norm, c.orig, c.copied)).collect();
        (n.text.clone(), map, n.original_len, n.changes)
    }

    fn uncached(s: &str) -> Normalized {
        normalize_with(s, None).0
    }

    /// Words that repeat (so the cache answers), in both tone placements,
    /// long and short, next to digits and odd characters.
    fn cache_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let word = prop::sample::select(vec![
            "hoà",
            "hòa",
            "HOÀ",
            "thuỷ",
            "thủy",
            "người",
            "ngừơi",
            "Việt",
            "được",
            "của",
            "nghiêng",
            "khuỷu",
            "khoẻ",
            "qúy",
            "gìa",
            "đ",
            "Đ",
            "café",
            "ho\u{300}a",
            "a",
            "Nam",
            "trong",
            "nghiêngnghiêng",
            "trường",
            "Nguyễn",
            "UBND",
            "ThS",
            "và",
            "năm",
            "tháng",
            "Vie\u{323}\u{302}t",
        ]);
        let sep = prop::sample::select(vec![
            " ", " ", " ", "  ", ", ", ".", "\n", "1", "2023", "–", "\u{a0}", "\u{200b}", "\t",
            "=", " “", "” ", " (", "\r\n", "\u{301} ", "ß", "_",
        ]);
        prop::collection::vec((word, sep), 0..40)
            .prop_map(|v| v.into_iter().flat_map(|(w, s)| [w, s]).collect::<String>())
    }

    proptest::proptest! {
        /// The thread's word cache, warmed by every earlier case and by the
        /// first pass over this one, never changes a result: the uncached
        /// run goes word by word through the main loop, so this also holds
        /// [`Builder::known_words`] and the changed-word table to the
        /// general path they bypass.
        #[test]
        fn cached_and_uncached_agree(s in cache_text()) {
            let want = parts(&uncached(&s));
            proptest::prop_assert_eq!(&parts(&normalize(&s)), &want);
            proptest::prop_assert_eq!(&parts(&normalize(&s)), &want);
        }
    }

    #[test]
    fn general_punctuation_has_no_letters_or_marks() {
        for c in GENERAL_PUNCTUATION {
            assert!(!c.is_alphabetic() && !is_combining_mark(c), "{c:?}");
            assert!(syllable::vowel(c).is_none());
        }
    }

    #[test]
    fn a_warm_cache_gives_the_same_result() {
        let s = "Hoà bình, thuỷ lợi, uỷ ban, khoẻ mạnh: có 33người và2021 người Việt. \
                 Hoà bình, thuỷ lợi, uỷ ban, khoẻ mạnh: có 33người và2021 người Việt.";
        let want = parts(&uncached(s));
        for _ in 0..3 {
            assert_eq!(parts(&normalize(s)), want);
        }
        assert_eq!(n(s).matches("33 người").count(), 2);
    }

    #[test]
    fn original_range_of_an_empty_text() {
        assert_eq!(normalize("").original_range(0..1), 0..0);
    }

    #[test]
    fn tone_placement_and_nfc() {
        assert_eq!(
            n("Hoà bình, thuỷ lợi, uỷ ban, khoẻ mạnh"),
            "Hòa bình, thủy lợi, ủy ban, khỏe mạnh"
        );
        assert_eq!(n("ho\u{0061}\u{0300}"), "hòa");
        assert_eq!(n("Vie\u{0323}\u{0302}t Nam"), "Việt Nam");
        assert_eq!(
            n("hoàng hôn, toán học, quý, già"),
            "hoàng hôn, toán học, quý, già"
        );
        assert_eq!(n("café Hélène"), "café Hélène");
    }

    #[test]
    fn spaces_and_lines() {
        assert_eq!(
            n("a\u{a0}b\tc\u{200b}d\r\ne\rf\u{2028}g"),
            "a b cd\ne\nf\ng"
        );
        assert_eq!(n("ho\u{200b}à"), "hòa");
    }

    #[test]
    fn dashes() {
        assert_eq!(n("giai đoạn 2011–2020"), "giai đoạn 2011-2020");
        assert_eq!(n("2011 – 2020"), "2011 - 2020");
        assert_eq!(n("QĐ‑UBND"), "QĐ-UBND");
        assert_eq!(n("Hà Nội – Việt Nam"), "Hà Nội – Việt Nam");
    }

    #[test]
    fn lost_spaces() {
        assert_eq!(n("2011-2020 và2021-2030"), "2011-2020 và 2021-2030");
        assert_eq!(n("có 33người"), "có 33 người");
        for keep in [
            "3608/QĐ-BPN&TE",
            "12.000m2",
            "H5N1",
            "19h30",
            "29-NQ/TW",
            "COVID-19",
            "F0",
            "QĐ2",
        ] {
            assert_eq!(n(keep), keep);
        }
        assert_eq!(n("năm2023có"), "năm 2023 có");
    }

    #[test]
    fn idempotent_on_samples() {
        for s in [
            "và2021–2030 hoà\u{a0}thuỷ",
            "a\u{301}–b",
            "2011\u{200b}–\u{200b}2020",
            "=\u{338}",
            "x\r\n\r\ny",
        ] {
            let once = n(s);
            assert_eq!(n(&once), once, "{s:?}");
        }
        assert_eq!(n("=\u{338}"), "≠");
        for s in ["1HoÀ", "HoÀ1", "2hOà"] {
            let once = n(s);
            assert_eq!(n(&once), once, "{s:?}");
        }
    }

    #[test]
    fn offsets_map_back() {
        let src = "Uỷ\u{a0}ban và2021 hoà";
        let norm = normalize(src);
        assert_eq!(norm.text, "Ủy ban và 2021 hòa");
        let at = norm.text.find("2021").unwrap();
        assert_eq!(&src[norm.original_range(at..at + 4)], "2021");
        let at = norm.text.find("hòa").unwrap();
        assert_eq!(&src[norm.original_range(at..at + "hòa".len())], "hoà");
        assert_eq!(&src[norm.original_range(0..norm.text.len())], src);
        let ban = norm.text.find("ban").unwrap();
        assert_eq!(&src[norm.original_range(ban..ban + 3)], "ban");
        assert_eq!(norm.original_offset(norm.text.len()), src.len());
        assert!(norm.changes() >= 4);
        let plain = normalize("chưa có gì thay đổi");
        assert_eq!(plain.changes(), 0);
        assert_eq!(plain.original_offset(5), 5);
    }
}

//! Where in a text a place name can be found at all.
//!
//! A name counts only when every word of it is capitalized (`Lào Cai`, not
//! `lào cai`) and no letter or digit touches it, so most of an article,
//! runs of lower-case words, cannot hold one. Folding and matching only the
//! stretches that start at a capital (or a digit: `Quận 1`) at a word start
//! and end at the next lower-case word cut the place-name search to a
//! fraction of the text. Each stretch starts a little earlier, by the
//! longest type word (`thành phố`), which may be in any case.
//!
//! Most capitals start no name (`Trong`, `Hội nghị`, `UBND`, `2019`), so a
//! capital opens a stretch only when the text from it reads as a whole
//! name ([`NameWords`]): a few table loads per capital, and a few
//! stretches per article instead of a hundred.
//!
//! Finding the capitals reads the text sixteen bytes at a time ([`swar`]):
//! only a capital, digit or non-ASCII lead byte right after a byte that is
//! no ASCII letter or digit gets a closer look, which reads the exact per-char facts below. The end
//! of a stretch is found while it is folded for the matcher, from the
//! same table entry as the fold.

#[cfg(test)]
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};

use super::blocks::Blocks;
use super::folded::{self, fold_by_table, fold_for_match};
use super::matcher::{PlaceMatcher, RawMatch, Run};
use super::swar;

/// A letter that is not upper case; a word of a name may not start with one.
pub(super) fn is_lower(c: char) -> bool {
    c.is_alphabetic() && !c.is_uppercase()
}

/// Where a name splits into the words that must each be capitalized.
pub(super) fn splits_words(c: char) -> bool {
    c.is_whitespace() || c == '-' || c == '.'
}

/// The char reads as a letter or digit once folded: no such char may
/// touch an accepted name.
pub(super) fn folds_alnum(c: char) -> bool {
    fold_for_match(c).is_alphanumeric()
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
    } else if folds_alnum(c) {
        Class::Name
    } else {
        Class::Other
    }
}

/// The [`Class`] bits of a char's fact.
const CLASS: u8 = 0x07;
/// The fact bit of a char that [`folds_alnum`].
const ALNUM: u8 = 0x08;

/// All the scan needs of a char in one byte, never 0.
fn fact(c: char) -> u8 {
    class(c) as u8 | if folds_alnum(c) { ALNUM } else { 0 }
}

/// [`fact`] of the chars of [`Blocks`]: one table load per char instead
/// of the Unicode tables behind `is_alphabetic` and `is_uppercase`.
fn tables() -> &'static Blocks {
    static TABLES: OnceLock<Blocks> = OnceLock::new();
    TABLES.get_or_init(|| Blocks::new(fact))
}

/// A char's fold and fact in one entry, for the chars of [`Blocks`]: the
/// ASCII byte it folds to (low byte; 0 when it folds to something else,
/// as in the fold's own tables) and its [`fact`] (high byte, never 0, so
/// an entry of 0 is a char the tables do not hold).
fn fold_and_fact() -> &'static Blocks<u16> {
    static TABLES: OnceLock<Blocks<u16>> = OnceLock::new();
    TABLES.get_or_init(|| {
        // From the two tables (built anyway), not from the Unicode tables
        // behind them again.
        let (folds, facts) = (folded::tables(), tables());
        Blocks::new(|c| u16::from(folds.get(c)) | u16::from(facts.get(c)) << 8)
    })
}

/// The fact of the char at `i` and the char's length.
#[inline(always)]
fn fact_at(tables: &Blocks, text: &str, i: usize) -> (u8, usize) {
    let bytes = text.as_bytes();
    let b = bytes[i];
    if b.is_ascii() {
        // Most of the text: no decoding, no length to work out.
        return (tables.low[b as usize], 1);
    }
    match tables.lookup(bytes, i) {
        (0, _) => {
            let c = text[i..].chars().next().unwrap_or(' ');
            (fact(c), c.len_utf8())
        }
        found => found,
    }
}

/// The fact of the char that ends at `i` (`i` > 0, a char boundary).
#[inline(always)]
fn fact_before(tables: &Blocks, text: &str, i: usize) -> u8 {
    let bytes = text.as_bytes();
    let mut start = i - 1;
    // Valid UTF-8: a continuation byte has a lead byte before it.
    while bytes[start] & 0xC0 == 0x80 {
        start -= 1;
    }
    fact_at(tables, text, start).0
}

/// A name may start at `i`: a capital or digit with no letter or digit
/// right before it.
#[inline(always)]
fn starts_name(tables: &Blocks, text: &str, i: usize) -> bool {
    if fact_at(tables, text, i).0 & CLASS != Class::Name as u8 {
        return false;
    }
    match i.checked_sub(1).map(|p| text.as_bytes()[p]) {
        None => true,
        // Most often: no decoding, no walk back to the char's start.
        Some(p) if p.is_ascii() => tables.low[p as usize] & ALNUM == 0,
        Some(_) => fact_before(tables, text, i) & ALNUM == 0,
    }
}

/// A word that starts lower-case starts at `i` (`i` > 0).
#[cfg(test)]
fn starts_lower_word(tables: &Blocks, text: &str, i: usize) -> bool {
    fact_at(tables, text, i).0 & CLASS == Class::Lower as u8
        && fact_before(tables, text, i) & CLASS == Class::Split as u8
}

/// The type words that may stand before a name (`thành phố `, `tp.`), as
/// much of them as finding a stretch's start needs.
#[derive(Debug, Clone)]
pub(super) struct TypeWords {
    /// Non-space chars of the longest type word, folded.
    chars: usize,
    /// Every word of each, folded, its chars last first (`hnaht`, `ohp`,
    /// `.pt`). Not only the last: in `thành Phố Huế` the stretch starts at
    /// `Phố`, after `thành`.
    words: Vec<Vec<char>>,
    /// Per ASCII char, the [`Self::words`] that end in it, as bits (used
    /// up to 64 words): most words are turned away unread.
    by_last: [u64; 128],
}

impl TypeWords {
    /// From the type words as the patterns hold them (`thanh pho `).
    pub(super) fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> TypeWords {
        let mut types = TypeWords {
            chars: 0,
            words: Vec::new(),
            by_last: [0; 128],
        };
        for word in words {
            let chars = word.chars().filter(|&c| c != ' ').count();
            types.chars = types.chars.max(chars);
            for part in word.split(' ') {
                let part: Vec<char> = part.chars().rev().collect();
                if !part.is_empty() && !types.words.contains(&part) {
                    types.words.push(part);
                }
            }
        }
        for (i, word) in types.words.iter().enumerate().take(64) {
            if word[0].is_ascii() {
                types.by_last[word[0] as usize] |= 1 << i;
            }
        }
        types
    }

    /// Some type word may end right before `at` or run over it: the folded
    /// word before it (past any spaces) ends with a word of one.
    fn may_reach(&self, text: &str, at: usize) -> bool {
        let mut before = text[..at].chars().rev().map(fold_by_table);
        let mut last = before.next();
        while last == Some(' ') {
            last = before.next();
        }
        let Some(last) = last else {
            return false;
        };
        let ends_here = |word: &Vec<char>| {
            word[0] == last
                && word[1..]
                    .iter()
                    .copied()
                    .eq(before.clone().take(word.len() - 1))
        };
        if !last.is_ascii() || self.words.len() > 64 {
            return self.words.iter().any(ends_here);
        }
        let mut bits = self.by_last[last as usize];
        while bits != 0 {
            if ends_here(&self.words[bits.trailing_zeros() as usize]) {
                return true;
            }
            bits &= bits - 1;
        }
        false
    }
}

/// What a text is cut by before matching: the type words a stretch reaches
/// back over, and the words a name may start with.
#[derive(Debug, Clone)]
pub(super) struct Stretches {
    pub(super) types: TypeWords,
    pub(super) names: NameWords,
}

/// The names, folded and without type words, as an automaton that reads
/// the text from one capital on. A capital that starts no name opens no
/// stretch, so most capitals (`Trong`, `Hội nghị`, `UBND`, `2019`) cost a
/// few table loads and nothing more: an article has a hundred capitals and
/// a few names.
#[derive(Debug, Clone)]
pub(super) struct NameWords {
    nfa: NFA,
}

impl NameWords {
    /// From the names as the patterns hold them, folded, type words off.
    pub(super) fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<NameWords, String> {
        let mut names: Vec<&str> = names.into_iter().collect();
        names.sort_unstable();
        names.dedup();
        // Stepped by hand from the anchored start: no prefilter to build.
        let nfa = NFA::builder()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(names)
            .map_err(|e| e.to_string())?;
        Ok(NameWords { nfa })
    }

    /// Some name starts at `at`: the text folded from there begins with
    /// one (as the matcher folds it, so a stretch from `at` holds it) and
    /// no letter or digit follows it, as [`Gazetteer::accept`] requires.
    ///
    /// [`Gazetteer::accept`]: super::Gazetteer
    #[inline]
    fn may_start(&self, text: &str, at: usize) -> bool {
        let Ok(mut sid) = self.nfa.start_state(Anchored::Yes) else {
            return true;
        };
        let tables = fold_and_fact();
        let bytes = text.as_bytes();
        let mut last = 0u8;
        let mut j = at;
        while j < bytes.len() {
            let b = bytes[j];
            let (entry, len) = match b.is_ascii() {
                true => (tables.low[b as usize], 1),
                false => tables.lookup(bytes, j),
            };
            let mut buf = [0u8; 4];
            let folded = match entry as u8 {
                0 => general_fold(text, j, &mut buf),
                f => {
                    buf[0] = f;
                    &buf[..1]
                }
            };
            j += len;
            if folded == b" " && last == b' ' {
                continue;
            }
            for &f in folded {
                last = f;
                sid = self.nfa.next_state(Anchored::Yes, sid, f);
                if self.nfa.is_special(sid) {
                    // A name ends here: it counts when no letter or digit
                    // follows (else a longer name may still match).
                    if self.nfa.is_match(sid) && !alnum_at(tables, text, j) {
                        return true;
                    }
                    if self.nfa.is_dead(sid) {
                        return false;
                    }
                }
            }
        }
        false
    }
}

/// The char at `i` [`folds_alnum`] (false at the end of `text`).
#[inline(always)]
fn alnum_at(tables: &Blocks<u16>, text: &str, i: usize) -> bool {
    let bytes = text.as_bytes();
    let Some(&b) = bytes.get(i) else {
        return false;
    };
    let (entry, _) = match b.is_ascii() {
        true => (tables.low[b as usize], 1),
        false => tables.lookup(bytes, i),
    };
    match entry {
        0 => text[i..].chars().next().is_some_and(folds_alnum),
        e => (e >> 8) as u8 & ALNUM != 0,
    }
}

/// [`fold_for_match`] of the char at `i` as UTF-8 in `buf`: the chars the
/// tables do not hold.
#[cold]
fn general_fold<'b>(text: &str, i: usize, buf: &'b mut [u8; 4]) -> &'b [u8] {
    let f = text[i..].chars().next().map_or(' ', fold_for_match);
    f.encode_utf8(buf).as_bytes()
}

/// Every occurrence of `matcher`'s patterns in the stretches of `text`
/// that may hold a name, appended to `out` in the order their ends are
/// reached.
///
/// A stretch runs from a capital or digit that no letter or digit touches
/// and whose word starts some name ([`NameWords`]), reaching back over a
/// type word before it, to the next word that starts lower-case; it goes
/// on with the last one when it would touch it. The fold reads each char
/// of a stretch anyway, so it is also where the stretch's end is found,
/// from the same table entry.
pub(super) fn find_in_stretches(
    text: &str,
    cuts: &Stretches,
    matcher: &PlaceMatcher,
    out: &mut Vec<RawMatch>,
) {
    let Some(mut run) = matcher.run() else {
        return;
    };
    let mut starts = NameStarts::new(text);
    // Where the last stretch ended (none yet).
    let mut end = None;
    while let Some(at) = starts.next() {
        if !cuts.names.may_start(text, at) {
            continue;
        }
        let start = reach_back(text, at, &cuts.types);
        let from = match end {
            Some(end) if start <= end => end,
            _ => {
                run.restart();
                start
            }
        };
        let stop = feed_stretch(&mut run, text, from, at, out);
        starts.skip_to(stop);
        end = Some(stop);
    }
}

/// Feeds `run` the chars from `from` on, up to the first word after the
/// name start `at` that starts lower-case (or the end of `text`), and
/// returns where it stopped.
fn feed_stretch(
    run: &mut Run<'_>,
    text: &str,
    from: usize,
    at: usize,
    out: &mut Vec<RawMatch>,
) -> usize {
    let tables = fold_and_fact();
    let bytes = text.as_bytes();
    let mut j = from;
    // Only chars from `at` on can be the split before a lower-case word.
    let mut after_split = false;
    while j < bytes.len() {
        let b = bytes[j];
        let (entry, len) = match b.is_ascii() {
            true => (tables.low[b as usize], 1),
            false => tables.lookup(bytes, j),
        };
        let class = match entry {
            0 => general_class(text, j),
            e => (e >> 8) as u8 & CLASS,
        };
        if after_split && class == Class::Lower as u8 {
            break;
        }
        after_split = j >= at && class == Class::Split as u8;
        match entry as u8 {
            0 => run.push_char(text, j, len, out),
            f => run.push(f, j, j + len, out),
        }
        j += len;
    }
    j
}

/// The [`Class`] of a char the tables do not hold.
#[cold]
fn general_class(text: &str, i: usize) -> u8 {
    text[i..].chars().next().map_or(Class::Other, class) as u8
}

/// Disjoint byte ranges of `text`, in order, that hold every span whose
/// name part (after one of `types`) starts with a capital or digit that no
/// letter or digit touches, and has no word starting lower-case: the
/// stretches as they were cut before [`find_in_stretches`] found them
/// while matching.
#[cfg(test)]
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

/// Where a name may start ([`starts_name`]), in order. Only a capital,
/// digit or lead byte after a byte that is no ASCII letter or digit can be
/// one.
struct NameStarts<'t> {
    text: &'t str,
    tables: &'static Blocks,
    marks: swar::WordStarts<'t>,
}

impl<'t> NameStarts<'t> {
    fn new(text: &'t str) -> NameStarts<'t> {
        NameStarts {
            text,
            tables: tables(),
            marks: swar::WordStarts::new(text.as_bytes()),
        }
    }

    /// Finds no name start before `i` from now on.
    fn skip_to(&mut self, i: usize) {
        self.marks.skip_to(i);
    }
}

impl Iterator for NameStarts<'_> {
    type Item = usize;

    #[inline(always)]
    fn next(&mut self) -> Option<usize> {
        let (tables, text) = (self.tables, self.text);
        self.marks.find(|&j| starts_name(tables, text, j))
    }
}

/// The first char from `i` on where a name may start ([`starts_name`]).
/// Only a capital, digit or lead byte after a byte that is no ASCII letter
/// or digit can be one.
#[cfg(test)]
fn next_name_start(tables: &Blocks, text: &str, i: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let before = if i == 0 { b' ' } else { bytes[i - 1] };
    swar::find_word_start(bytes, i, before, |j| starts_name(tables, text, j))
}

/// Where the first word after `at` that starts lower-case starts (or the
/// end), as [`name_windows`] found it. Only a lower-case ASCII letter or a lead byte after an ASCII
/// space, dash or dot or a non-ASCII byte can start one.
#[cfg(test)]
fn next_lower_word(tables: &Blocks, text: &str, at: usize) -> usize {
    let marks = |x: u64, p: u64| {
        let may_be_lower = swar::ascii_in(x, b'a', b'z') | swar::lead(x);
        let may_split =
            swar::ascii_in(p, 0, b' ') | swar::ascii_in(p, b'-', b'.') | swar::non_ascii(p);
        may_be_lower & may_split
    };
    // `A` before `at`: the char at `at` starts the stretch, not a word after it.
    swar::find(text.as_bytes(), at, b'A', marks, |j| {
        starts_lower_word(tables, text, j)
    })
    .unwrap_or(text.len())
}

/// Where a stretch for a name at `at` starts: at the name, or as far back
/// as the longest type word when one may end right before it or run over
/// it. A stretch that would touch the last one in `out` is merged with it
/// (taken out, its start returned).
#[cfg(test)]
fn start_before(text: &str, at: usize, types: &TypeWords, out: &mut Vec<Range<usize>>) -> usize {
    let start = reach_back(text, at, types);
    match out.last() {
        Some(last) if last.end >= start => {
            let merged = last.start;
            out.pop();
            merged
        }
        _ => start,
    }
}

/// `at`, or as far back as the longest type word when one may end right
/// before `at` or run over it.
fn reach_back(text: &str, at: usize, types: &TypeWords) -> usize {
    let mut start = at;
    if types.may_reach(text, at) {
        let mut left = types.chars;
        for (i, c) in text[..at].char_indices().rev() {
            if left == 0 {
                break;
            }
            if fold_by_table(c) != ' ' {
                left -= 1;
                start = i;
            }
        }
    }
    start
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
    fn type_words_are_looked_for_by_each_word() {
        let types = TypeWords::new(["thanh pho ", "tp.", "tinh "]);
        assert_eq!(types.chars, 8);
        let words: Vec<String> = types
            .words
            .iter()
            .map(|e| e.iter().rev().collect())
            .collect();
        assert_eq!(words, ["thanh", "pho", "tp.", "tinh"]);
        let before_hue = |text: &str| types.may_reach(text, text.rfind("Huế").unwrap());
        for text in ["Thành  Phố Huế", "(TP.Huế", "Tỉnh\u{a0}Huế", "thành Huế"] {
            assert!(before_hue(text), "{text}");
        }
        for text in ["phố cổ Huế", "Huế", "tpx Huế", "tp- Huế"] {
            assert!(!before_hue(text), "{text}");
        }
        // A stretch starting inside a type word reaches back over all of it.
        let text = "sáng nay thành Phố Huế";
        assert_eq!(windows(text, &["thanh pho "]), ["nay thành Phố Huế"]);
    }

    #[test]
    fn capitals_inside_a_word_start_no_stretch() {
        assert_eq!(windows("xem iPhone và mRNA", &[]), Vec::<&str>::new());
        assert_eq!(windows("“Hà Nội” (Huế) 5/3", &[]), ["Hà Nội” (Huế) 5/3"]);
    }

    #[test]
    fn every_char_reads_its_own_fact() {
        let tables = tables();
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            let s = c.to_string();
            assert_eq!(fact_at(tables, &s, 0), (fact(c), c.len_utf8()), "{c:?}");
            assert_eq!(fact_before(tables, &s, s.len()), fact(c), "{c:?}");
        }
    }

    #[test]
    fn every_char_folds_and_reads_its_fact_in_one_entry() {
        let tables = fold_and_fact();
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            let f = fold_for_match(c);
            let fold = if f.is_ascii() { f as u16 } else { 0 };
            let want = fold | u16::from(fact(c)) << 8;
            let s = c.to_string();
            let (entry, len) = tables.lookup(s.as_bytes(), 0);
            assert_eq!(len, c.len_utf8(), "{c:?}");
            assert!(entry == want || entry == 0 && tables.get(c) == 0, "{c:?}");
        }
    }

    /// Where a name may start from `i` on, one char at a time with no
    /// tables: what [`next_name_start`] finds eight bytes at a time.
    fn next_name_start_by_chars(text: &str, i: usize) -> Option<usize> {
        let mut after_alnum = text[..i].chars().next_back().is_some_and(folds_alnum);
        for (off, c) in text[i..].char_indices() {
            if class(c) == Class::Name && !after_alnum {
                return Some(i + off);
            }
            after_alnum = folds_alnum(c);
        }
        None
    }

    /// The scan for the next lower-case word as it was, one char at a time.
    fn next_lower_word_by_chars(text: &str, at: usize) -> usize {
        let mut after_split = false;
        for (off, c) in text[at..].char_indices() {
            let class = class(c);
            if class == Class::Lower && after_split {
                return at + off;
            }
            after_split = class == Class::Split;
        }
        text.len()
    }

    fn scans_agree_from(text: &str, i: usize) {
        let tables = tables();
        assert_eq!(
            next_name_start(tables, text, i),
            next_name_start_by_chars(text, i),
            "name start in {text:?} from {i}"
        );
        assert_eq!(
            next_lower_word(tables, text, i),
            next_lower_word_by_chars(text, i),
            "lower word in {text:?} from {i}"
        );
    }

    #[test]
    fn every_char_is_scanned_as_one_char_at_a_time() {
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            for text in [
                format!("{c}"),
                format!("x{c}"),
                format!(" {c}"),
                format!("{c}A"),
                format!(" {c}a"),
                format!("A{c} a"),
                format!("A {c}a"),
                format!("0123456789abcd {c}A{c}"),
                format!("0123456789abc {c}A"),
                format!("0123456789ab {c}"),
            ] {
                scans_agree_from(&text, 0);
                name_starts_agree_from(&text, 0);
            }
        }
    }

    /// Text of every kind of char the scans treat apart: ASCII letters,
    /// digits, spaces and punctuation, Vietnamese letters of either case,
    /// two-byte chars, odd spaces and dashes, quotes, NUL, combining marks.
    const MIXED: &str = "([a-zA-Z0-9 \t\n.,;:@\\[`{-]|[à-ỹÀ-Ỹ]|[\u{80}-\u{7ff}]|\
                         [\u{2000}-\u{2070}]|“|”|Đ|đ|ß|\u{0}|a\u{301}|\u{23a}|\u{1d400}){0,40}";

    /// Every name start from `i` on, one char at a time.
    fn name_starts_by_chars(text: &str, mut i: usize) -> Vec<usize> {
        let mut found = Vec::new();
        while let Some(at) = next_name_start_by_chars(text, i) {
            found.push(at);
            i = at + text[at..].chars().next().map_or(1, char::len_utf8);
        }
        found
    }

    /// [`NameStarts`] finds every name start from `i` on, whether it skips
    /// there at once or after handing out the first start.
    fn name_starts_agree_from(text: &str, i: usize) {
        let mut starts = NameStarts::new(text);
        starts.skip_to(i);
        let want = name_starts_by_chars(text, i);
        assert_eq!(starts.collect::<Vec<_>>(), want, "{text:?} from {i}");
        let mut starts = NameStarts::new(text);
        if starts.next().is_some_and(|first| first < i) {
            starts.skip_to(i);
            assert_eq!(starts.collect::<Vec<_>>(), want, "{text:?} on to {i}");
        }
    }

    proptest::proptest! {
        #[test]
        fn scans_agree_with_one_char_at_a_time(text in MIXED) {
            for (i, _) in text.char_indices() {
                scans_agree_from(&text, i);
                name_starts_agree_from(&text, i);
            }
            scans_agree_from(&text, text.len());
            name_starts_agree_from(&text, text.len());
        }

        /// Every place a name may start lies in a stretch that runs on to
        /// that name's next lower-case word and reaches back over its type
        /// word.
        #[test]
        fn every_name_start_is_in_a_stretch(
            text in MIXED,
            types in proptest::collection::vec("thanh pho |tp\\.|tp |tx\\. |a |b\\.", 0..4),
        ) {
            let types = TypeWords::new(types.iter().map(String::as_str));
            let found = name_windows(&text, &types);
            let mut i = 0;
            while let Some(at) = next_name_start_by_chars(&text, i) {
                let end = next_lower_word_by_chars(&text, at);
                let start = reach_back(&text, at, &types);
                proptest::prop_assert!(
                    found.iter().any(|w| w.start <= start && end <= w.end),
                    "{:?} at {} in {:?}", text, at, found
                );
                i = at + text[at..].chars().next().map_or(1, char::len_utf8);
            }
            for pair in found.windows(2) {
                proptest::prop_assert!(pair[0].end < pair[1].start);
            }
        }
    }
}

//! Sentences (to cite a fact) and syllable tokens (for the index), with offsets.
//!
//! Sentence ends: `.`, `!`, `?`, `…` (a run of them, plus closing quotes or
//! brackets) followed by whitespace or the end, and every newline. `;` does
//! not end a sentence. A `.` does not end one when:
//! - it sits inside a token (`1.200`, `TP.HCM`, `v.v`): the next char is not a space;
//! - the word before it is an abbreviation (`TP.`, `Tp.`, `ThS.`, `TS.`,
//!   `PGS.`, `GS.`, `BS.`, `v.v.`, a single capital letter as in `Nguyễn V. A`);
//! - it closes a list number at the start of a sentence (`1.`, `II.`, `a.`);
//! - the next word starts with a lower-case letter (a sentence starts with
//!   a capital, a digit or a quote).
//!
//! Syllables: runs of letters and digits. `.` `,` join digits (`1.200`,
//! `79,4`); `.` also joins letters to a capital (`TP.HCM`); `/`, `-`, `&`,
//! `_` join letters and digits (`3608/QĐ-BPN&TE`, `29-NQ/TW`, `2011-2020`);
//! a `%` after digits stays (`79,4%`). Other punctuation is dropped.

use std::ops::Range;

use crate::sentence_marks::Marks;
use crate::space::{space_ending_at, space_starting, MAY_END_SPACE, MAY_START_SPACE};

/// Abbreviations that end with a dot without ending the sentence (compared
/// without the dot, case-sensitively: `TS.` is an abbreviation, `ts.` is not
/// a thing people write).
pub(crate) const ABBREVIATIONS: [&str; 22] = [
    "TP", "Tp", "tp", "ThS", "Ths", "TS", "PGS", "GS", "BS", "KS", "CN", "NCS", "TT", "Q", "P",
    "TX", "v.v", "vv", "St", "Mr", "Mrs", "Dr",
];

/// Sentence byte ranges of `text`, trimmed of surrounding whitespace, in order.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    // News prose has a sentence every 80 bytes or so: room for them all
    // spares most articles any regrowth.
    let mut out = Vec::with_capacity(text.len() / 64);
    split_text(text, &mut out);
    out
}

/// `text.split('\n')`, with newlines found by a vectorized search: every
/// article is split into lines by several stages.
pub fn split_lines(text: &str) -> impl Iterator<Item = &str> + '_ {
    let mut newlines = memchr::memchr_iter(b'\n', text.as_bytes());
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let from = start?;
        let end = newlines.next();
        start = end.map(|e| e + 1);
        Some(&text[from..end.unwrap_or(text.len())])
    })
}

/// `text.split_inclusive('\n')`, found as [`split_lines`] finds them.
pub fn split_lines_inclusive(text: &str) -> impl Iterator<Item = &str> + '_ {
    let mut newlines = memchr::memchr_iter(b'\n', text.as_bytes());
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = newlines.next().map_or(text.len(), |e| e + 1);
        let line = &text[start..end];
        start = end;
        Some(line)
    })
}

/// Sentences of `text`, lines and all, pushed to `out`.
///
/// Every newline and candidate terminator of the text comes from one
/// vectorized pass ([`Marks`]), with no search restarted per line or per
/// terminator; dots inside numbers and symbols (`1.500.000`, `TP.HCM`) are
/// turned down by a byte test of what follows their run.
fn split_text(text: &str, out: &mut Vec<Range<usize>>) {
    let b = text.as_bytes();
    let mut start = 0;
    // End of the last run of terminators: marks before it were in the run.
    let mut judged = 0;
    for i in Marks::new(b) {
        if i < judged {
            continue;
        }
        match b[i] {
            b'\n' => {
                push_trimmed(text, start, i, out);
                start = i + 1;
                continue;
            }
            0xE2 if !b[i..].starts_with(ELLIPSIS) => continue,
            b'*' | 0x0E => continue,
            _ => {}
        }
        // The whole run of terminators and closing quotes/brackets (a
        // newline is neither: runs stay inside their line).
        let j = i + closing_run(&b[i..]);
        judged = j;
        // A newline is whitespace, as the end of a line should be.
        let followed_by_space = j == b.len() || space_starting(&b[j..]) > 0;
        if followed_by_space && ends_here(text, start, i, j) {
            push_trimmed(text, start, j, out);
            start = j;
        }
    }
    push_trimmed(text, start, b.len(), out);
}

const ELLIPSIS: &[u8] = "…".as_bytes();

/// Byte length of the run of terminators (`.` `!` `?` `…`) and closing
/// quotes/brackets (`"` `'` `)` `]` `”` `’` `»`) at the start of `b` (`b`
/// starts at a char boundary).
#[inline]
fn closing_run(b: &[u8]) -> usize {
    let mut j = 0;
    loop {
        j += match &b[j..] {
            [b'.' | b'!' | b'?' | b'"' | b'\'' | b')' | b']', ..] => 1,
            // `…` U+2026, `”` U+201D, `’` U+2019.
            [0xE2, 0x80, 0xA6 | 0x9D | 0x99, ..] => 3,
            // `»` U+00BB.
            [0xC2, 0xBB, ..] => 2,
            _ => return j,
        };
    }
}

/// Whether terminators at `s[i..j]` close the sentence that began at `start`
/// (on the same line).
fn ends_here(s: &str, start: usize, i: usize, j: usize) -> bool {
    let single_dot = j == i + 1 && s.as_bytes()[i] == b'.';
    if !single_dot {
        return true;
    }
    let before = &s[start..i];
    let word = &before[word_start(before.as_bytes())..];
    // `word` never ends with `.`: a dot before `i` would have begun the run.
    if is_abbreviation(word) {
        return false;
    }
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_uppercase() {
            return false; // an initial: Nguyễn V. A
        }
    }
    if is_list_marker(word) && before.trim().len() == word.len() {
        return false;
    }
    // The next word, on this line: a newline (not lower-case) stops the search.
    let mut next = j;
    loop {
        match space_starting(&s.as_bytes()[next..]) {
            0 => break,
            _ if s.as_bytes()[next] == b'\n' => break,
            n => next += n,
        }
    }
    !s[next..].chars().next().is_some_and(char::is_lowercase)
}

/// Where the last word of `before` starts: after its last whitespace char,
/// `(` or `"` (after the whole char: a no-break space is two bytes), else 0.
/// Bytes from the end, decoding only those that may end non-ASCII whitespace.
fn word_start(before: &[u8]) -> usize {
    let mut e = before.len();
    while let Some(&last) = before[..e].last() {
        let ends_word = match WORD_EDGE[usize::from(last)] {
            Edge::Inside => false,
            Edge::Ends => true,
            Edge::MayEnd => space_ending_at(&before[..e]) > 0,
        };
        if ends_word {
            break;
        }
        e -= 1;
    }
    e
}

/// What a byte says about the end of the char before a word.
#[derive(Clone, Copy)]
enum Edge {
    /// Not the last byte of whitespace, `(` or `"`.
    Inside,
    /// ASCII whitespace, `(` or `"`: the word starts after it.
    Ends,
    /// May be the last byte of a non-ASCII whitespace char: decode to know.
    MayEnd,
}

/// [`Edge`] of every byte, from [`MAY_END_SPACE`].
const WORD_EDGE: [Edge; 256] = {
    let mut edge = [Edge::Inside; 256];
    let mut b = 0;
    while b < 256 {
        edge[b] = match b as u8 {
            0x09..=0x0D | b' ' | b'(' | b'"' => Edge::Ends,
            _ if MAY_END_SPACE[b] => Edge::MayEnd,
            _ => Edge::Inside,
        };
        b += 1;
    }
    edge
};

/// Whether `w` is one of [`ABBREVIATIONS`]; none is longer than 3 bytes,
/// which rules out most words before any comparison.
fn is_abbreviation(w: &str) -> bool {
    w.len() <= 3 && ABBREVIATIONS.contains(&w)
}

pub(crate) fn is_list_marker(w: &str) -> bool {
    !w.is_empty()
        && w.len() <= 4
        && (w.bytes().all(|b| b.is_ascii_digit())
            || w.bytes().all(|b| matches!(b, b'I' | b'V' | b'X'))
            || (w.len() == 1 && w.as_bytes()[0].is_ascii_lowercase()))
}

/// Push `text[start..end]` less surrounding whitespace, unless nothing is
/// left; whitespace is read from bytes (see [`crate::space`]), and only
/// where a byte may begin (or end) it. Inlined: it runs once per sentence.
#[inline(always)]
pub(crate) fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Range<usize>>) {
    let b = &text.as_bytes()[..end];
    let mut from = start;
    while from < end && MAY_START_SPACE[usize::from(b[from])] {
        match space_starting(&b[from..]) {
            0 => break,
            n => from += n,
        }
    }
    let mut to = end;
    while to > from && MAY_END_SPACE[usize::from(b[to - 1])] {
        match space_ending_at(&b[from..to]) {
            0 => break,
            n => to -= n,
        }
    }
    if from < to {
        out.push(from..to);
    }
}

/// The sentence that holds byte `offset`. An offset between sentences gives
/// the next sentence on the same line, else the previous one; an offset on
/// an empty line gives an empty range at `offset`.
pub fn sentence_at(text: &str, offset: usize) -> Range<usize> {
    let offset = offset.min(text.len());
    let line_start = text[..floor(text, offset)].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let mut here = Vec::new();
    split_text(&text[line_start..line_end], &mut here);
    for r in &mut here {
        *r = r.start + line_start..r.end + line_start;
    }
    if let Some(r) = here
        .iter()
        .find(|r| r.contains(&offset) || r.start >= offset)
    {
        return r.clone();
    }
    here.last().cloned().unwrap_or(offset..offset)
}

fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Syllable tokens: runs of letters/digits, numbers and document symbols
/// kept whole (see module docs). Yields byte ranges.
pub fn syllables(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    Syllables { text, at: 0 }
}

struct Syllables<'a> {
    text: &'a str,
    at: usize,
}

fn is_tok(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

impl Iterator for Syllables<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let text = self.text;
        let rest = &text[self.at..];
        let skip = rest.find(is_tok)?;
        let start = self.at + skip;
        let mut end = start;
        let mut has_digit = false;
        let mut chars = text[start..].char_indices().peekable();
        while let Some((k, c)) = chars.next() {
            let pos = start + k;
            if is_tok(c) {
                has_digit |= c.is_ascii_digit();
                end = pos + c.len_utf8();
                continue;
            }
            let prev = text[..pos].chars().next_back();
            let next = chars.peek().map(|&(_, n)| n);
            let joins = match c {
                '.' | ',' => {
                    prev.is_some_and(|p| p.is_ascii_digit())
                        && next.is_some_and(|n| n.is_ascii_digit())
                        || (c == '.'
                            && prev.is_some_and(char::is_alphabetic)
                            && next.is_some_and(char::is_uppercase))
                }
                '/' | '-' | '&' | '_' => prev.is_some_and(is_tok) && next.is_some_and(is_tok),
                '%' => {
                    if prev.is_some_and(|p| p.is_ascii_digit()) && has_digit {
                        end = pos + 1;
                    }
                    false
                }
                _ => false,
            };
            if !joins {
                break;
            }
        }
        self.at = end;
        Some(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(t: &str) -> Vec<&str> {
        sentences(t).into_iter().map(|r| &t[r]).collect()
    }

    #[test]
    fn no_break_space_before_a_dotted_word() {
        // Raw (not normalized) text may keep U+00A0; it used to be cut in half.
        assert_eq!(sents("Ông\u{a0}A. Bà B."), vec!["Ông\u{a0}A. Bà B."]);
        assert_eq!(
            sents("Xong\u{a0}việc. Tiếp"),
            vec!["Xong\u{a0}việc.", "Tiếp"]
        );
        assert_eq!(sentence_at("Xong\u{a0}việc. Tiếp", 3), 0..13);
    }

    #[test]
    fn sentence_ends() {
        assert_eq!(
            sents("Một câu. Hai câu! Ba câu? Bốn… Năm"),
            vec!["Một câu.", "Hai câu!", "Ba câu?", "Bốn…", "Năm"]
        );
        assert_eq!(sents("a; b\nc"), vec!["a; b", "c"]);
        assert_eq!(
            sents("Anh nói: \"Xong.\" Rồi đi."),
            vec!["Anh nói: \"Xong.\"", "Rồi đi."]
        );
    }

    #[test]
    fn no_end_inside_abbreviations_and_numbers() {
        let t = "Tại TP.HCM có 1.200 người, đạt 79,4%. ThS. Nguyễn Văn A và PGS. TS. Trần B dự. Ông về Tp. Huế v.v. rồi nghỉ.";
        assert_eq!(
            sents(t),
            vec![
                "Tại TP.HCM có 1.200 người, đạt 79,4%.",
                "ThS. Nguyễn Văn A và PGS. TS. Trần B dự.",
                "Ông về Tp. Huế v.v. rồi nghỉ."
            ]
        );
        assert_eq!(
            sents("1. Mục tiêu chung. II. Giải pháp"),
            vec!["1. Mục tiêu chung.", "II. Giải pháp"]
        );
    }

    #[test]
    fn abbreviations_fit_the_length_check() {
        assert!(ABBREVIATIONS.iter().all(|a| a.len() <= 3));
        assert!(ABBREVIATIONS.iter().all(|a| is_abbreviation(a)));
        assert!(!is_abbreviation("TPHCM") && !is_abbreviation("tS"));
    }

    #[test]
    fn sentence_at_offset() {
        let t = "Câu một. Câu hai có 3608/QĐ-BPN&TE.\nDòng mới.";
        let at = t.find("3608").unwrap();
        assert_eq!(&t[sentence_at(t, at)], "Câu hai có 3608/QĐ-BPN&TE.");
        assert_eq!(&t[sentence_at(t, t.len())], "Dòng mới.");
        let gap = t.find(". Câu hai").unwrap() + 1;
        assert_eq!(&t[sentence_at(t, gap)], "Câu hai có 3608/QĐ-BPN&TE.");
    }

    #[test]
    fn syllable_tokens() {
        let t = "Đạt 79,4% với 1.200 người (3608/QĐ-BPN&TE, 29-NQ/TW) tại TP.HCM, năm 2011-2020.";
        let toks: Vec<&str> = syllables(t).map(|r| &t[r]).collect();
        assert_eq!(
            toks,
            vec![
                "Đạt",
                "79,4%",
                "với",
                "1.200",
                "người",
                "3608/QĐ-BPN&TE",
                "29-NQ/TW",
                "tại",
                "TP.HCM",
                "năm",
                "2011-2020"
            ]
        );
        let d = "Vie\u{323}\u{302}t";
        assert_eq!(syllables(d).count(), 1);
    }

    /// The splitter before the one-pass search, kept as the oracle for it.
    mod oracle {
        use std::ops::Range;
        use std::sync::LazyLock;

        use super::super::{is_abbreviation, is_list_marker};

        pub fn sentences(text: &str) -> Vec<Range<usize>> {
            let mut out = Vec::new();
            for line in LineIter::new(text) {
                split_line(text, line, &mut out);
            }
            out
        }

        pub fn split_line(text: &str, line: Range<usize>, out: &mut Vec<Range<usize>>) {
            let s = &text[line.clone()];
            let b = s.as_bytes();
            let mut start = 0;
            let mut i = 0;
            let find_ellipsis =
                |from: usize| ELLIPSIS.find(&b[from..]).map_or(b.len(), |k| from + k);
            let mut ellipsis = find_ellipsis(0);
            while i < b.len() {
                if ellipsis < i {
                    ellipsis = find_ellipsis(i);
                }
                let dot = memchr::memchr3(b'.', b'!', b'?', &b[i..]).map_or(b.len(), |k| i + k);
                i = dot.min(ellipsis);
                if i == b.len() {
                    break;
                }
                let j = i + closing_run(&b[i..]);
                let followed_by_space = j == b.len() || s[j..].starts_with(char::is_whitespace);
                if followed_by_space && ends_here(s, start, i, j) {
                    push_trimmed(text, line.start + start, line.start + j, out);
                    start = j;
                }
                i = j.max(i + 1);
            }
            push_trimmed(text, line.start + start, line.end, out);
        }

        struct LineIter<'a> {
            text: &'a str,
            at: usize,
        }

        impl<'a> LineIter<'a> {
            fn new(text: &'a str) -> Self {
                LineIter { text, at: 0 }
            }
        }

        impl Iterator for LineIter<'_> {
            type Item = Range<usize>;
            fn next(&mut self) -> Option<Range<usize>> {
                if self.at >= self.text.len() {
                    return None;
                }
                let start = self.at;
                let end = memchr::memchr(b'\n', &self.text.as_bytes()[start..])
                    .map_or(self.text.len(), |i| start + i);
                self.at = end + 1;
                Some(start..end)
            }
        }

        static ELLIPSIS: LazyLock<memchr::memmem::Finder<'static>> =
            LazyLock::new(|| memchr::memmem::Finder::new("…"));

        fn closing_run(b: &[u8]) -> usize {
            const CLOSERS: [&[u8]; 4] = [
                "…".as_bytes(),
                "”".as_bytes(),
                "’".as_bytes(),
                "»".as_bytes(),
            ];
            let mut j = 0;
            while j < b.len() {
                if matches!(b[j], b'.' | b'!' | b'?' | b'"' | b'\'' | b')' | b']') {
                    j += 1;
                } else if let Some(c) = CLOSERS.iter().find(|c| b[j..].starts_with(c)) {
                    j += c.len();
                } else {
                    break;
                }
            }
            j
        }

        fn ends_here(s: &str, start: usize, i: usize, j: usize) -> bool {
            let single_dot = &s[i..j] == ".";
            if !single_dot {
                return true;
            }
            let before = &s[start..i];
            let word_start = before
                .char_indices()
                .rev()
                .find(|&(_, c)| c.is_whitespace() || c == '(' || c == '"')
                .map_or(0, |(k, c)| k + c.len_utf8());
            let word = &before[word_start..];
            if is_abbreviation(word) || is_abbreviation(word.trim_end_matches('.')) {
                return false;
            }
            let mut chars = word.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                if c.is_uppercase() {
                    return false;
                }
            }
            if before.trim().len() == word.len() && is_list_marker(word) {
                return false;
            }
            let next = s[j..].trim_start().chars().next();
            !next.is_some_and(|c| c.is_lowercase())
        }

        fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Range<usize>>) {
            let piece = &text[start..end];
            let lead = piece.len() - piece.trim_start().len();
            let trail = piece.len() - piece.trim_end().len();
            if lead + trail < piece.len() {
                out.push(start + lead..end - trail);
            }
        }
    }

    /// The pieces sentence ends turn on: abbreviations, initials, list
    /// numbers, numbers with dots, every terminator and closer, chars that
    /// share a lead byte with them, Unicode spaces, cases of next words.
    fn tricky_piece() -> impl proptest::strategy::Strategy<Value = &'static str> {
        proptest::sample::select(vec![
            "TP",
            "TP.",
            "Tp.",
            "TP.HCM",
            "ThS.",
            "TS.",
            "PGS.",
            "v.v.",
            "v.v",
            "vv.",
            "Mrs.",
            "Nguyễn",
            "V.",
            "Đ.",
            "A",
            "ệ.",
            "1.",
            "12.",
            "II.",
            "IV.",
            "a.",
            "b",
            "1.500",
            "1.500,5",
            "1.500.000",
            "79,4%",
            "Một",
            "câu",
            "đây",
            "Ông",
            "ông",
            "x",
            ".",
            "..",
            "!",
            "?",
            "?!",
            "…",
            "…”",
            "”",
            "’",
            "»",
            "\"",
            "'",
            ")",
            "]",
            "(",
            "“",
            "–",
            "‘",
            "\u{2028}",
            "\u{2019}",
            "\u{201c}",
            "©",
            " ",
            " ",
            "  ",
            "\t",
            "\u{a0}",
            "\u{85}",
            "\u{2003}",
            "\u{200a}",
            "\u{200b}",
            "\u{202f}",
            "\u{3000}",
            "\u{1680}",
            "\r",
            "\n",
            "\n\n",
            "*",
            "\u{e}",
            "\u{c}",
        ])
    }

    proptest::proptest! {
        #[test]
        fn sentences_agree_with_the_oracle(
            pieces in proptest::collection::vec(tricky_piece(), 0..80),
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(sentences(&text), oracle::sentences(&text));
        }

        /// Whole-line runs long enough to cross several 16-byte chunks.
        #[test]
        fn sentences_agree_with_the_oracle_on_words(
            words in proptest::collection::vec("[A-Za-zđệƯ]{0,4}[.!?]{0,2}[ \u{a0}]?", 0..60),
        ) {
            let text = words.concat();
            proptest::prop_assert_eq!(sentences(&text), oracle::sentences(&text));
        }
    }

    proptest::proptest! {
        /// The same pieces as std's splits, empty ones included.
        #[test]
        fn line_splits_agree_with_std(s in "[a\\nệ\r ]{0,30}") {
            proptest::prop_assert_eq!(
                split_lines(&s).collect::<Vec<_>>(),
                s.split('\n').collect::<Vec<_>>()
            );
            proptest::prop_assert_eq!(
                split_lines_inclusive(&s).collect::<Vec<_>>(),
                s.split_inclusive('\n').collect::<Vec<_>>()
            );
        }
    }
}

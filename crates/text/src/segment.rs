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
use std::sync::LazyLock;

/// Abbreviations that end with a dot without ending the sentence (compared
/// without the dot, case-sensitively: `TS.` is an abbreviation, `ts.` is not
/// a thing people write).
pub(crate) const ABBREVIATIONS: [&str; 22] = [
    "TP", "Tp", "tp", "ThS", "Ths", "TS", "PGS", "GS", "BS", "KS", "CN", "NCS", "TT", "Q", "P",
    "TX", "v.v", "vv", "St", "Mr", "Mrs", "Dr",
];

/// Sentence byte ranges of `text`, trimmed of surrounding whitespace, in order.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for line in LineIter::new(text) {
        split_line(text, line, &mut out);
    }
    out
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

/// Sentences of one line (no newline inside `line`).
fn split_line(text: &str, line: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[line.clone()];
    let b = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    // Terminators are found with vectorized searches: `.` `!` `?` at each
    // step, the (rare) `…` once and again only after it is passed.
    let find_ellipsis = |from: usize| ELLIPSIS.find(&b[from..]).map_or(b.len(), |k| from + k);
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
        // The whole run of terminators and closing quotes/brackets.
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

static ELLIPSIS: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("…"));

/// Byte length of the run of terminators and closing quotes/brackets at
/// the start of `b` (`b` starts at a char boundary).
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

/// Whether terminators at `s[i..j]` close the sentence that began at `start`.
fn ends_here(s: &str, start: usize, i: usize, j: usize) -> bool {
    let single_dot = &s[i..j] == ".";
    if !single_dot {
        return true;
    }
    let before = &s[start..i];
    // After the char that ends the previous word (a no-break space is
    // two bytes: `rfind(..) + 1` would cut it in half).
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
            return false; // an initial: Nguyễn V. A
        }
    }
    if before.trim().len() == word.len() && is_list_marker(word) {
        return false;
    }
    let next = s[j..].trim_start().chars().next();
    !next.is_some_and(|c| c.is_lowercase())
}

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

pub(crate) fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Range<usize>>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push(start + lead..end - trail);
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
    split_line(text, line_start..line_end, &mut here);
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

//! Running text folded for place-name matching.
//!
//! Place names are matched on folded text (`Hà Nội`, `HÀ NỘI` and `Ha Noi`
//! all read `ha noi`), so every article is folded whole, byte by byte, and
//! streamed into the matcher (no folded copy is kept). That fold was a
//! tenth of all extraction time when each char went through decoding and
//! [`fold_char`]; now the chars Vietnamese text is made of
//! (ASCII, Latin-1 and Latin Extended-A, the `ạ`..`ỹ` block, the
//! General Punctuation spaces and dashes) are one table load each. The
//! tables are filled from [`fold_for_match`] itself, so they cannot drift
//! from it; any other char takes the char-by-char path.

use std::sync::OnceLock;

use vnfacts_text::fold::fold_char;

use super::blocks::Blocks;

/// One char as the place matcher sees it: folded, every dash a `-`, every
/// space a `' '` (runs of spaces are collapsed by [`FoldedText::new`]).
pub(super) fn fold_for_match(c: char) -> char {
    match fold_char(c) {
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        c if c.is_whitespace() => ' ',
        c => c,
    }
}

/// [`fold_for_match`] of the chars of [`Blocks`], as the ASCII byte it
/// folds to; 0 when it folds to something else (or is NUL), which sends the
/// char down the general path.
pub(super) fn tables() -> &'static Blocks {
    static TABLES: OnceLock<Blocks> = OnceLock::new();
    TABLES.get_or_init(|| {
        Blocks::new(|c| {
            let f = fold_for_match(c);
            if f.is_ascii() {
                f as u8
            } else {
                0
            }
        })
    })
}

/// [`fold_for_match`] by one table load for the chars of [`Blocks`].
#[inline(always)]
pub(super) fn fold_by_table(c: char) -> char {
    match tables().get(c) {
        0 => fold_for_match(c),
        b => char::from(b),
    }
}

/// The folded bytes of a text, each with the byte span of the original
/// char it comes from; a space after a space is dropped.
pub(super) struct FoldedBytes<'a> {
    original: &'a str,
    tables: &'static Blocks,
    off: usize,
    last: u8,
    /// The rest of a folded char the tables do not hold (its UTF-8), and
    /// the span of the char it came from.
    pending: [u8; 4],
    pending_at: usize,
    pending_len: usize,
    pending_span: (usize, usize),
}

impl<'a> FoldedBytes<'a> {
    pub(super) fn new(original: &'a str) -> Self {
        FoldedBytes {
            original,
            tables: tables(),
            off: 0,
            last: 0,
            pending: [0; 4],
            pending_at: 0,
            pending_len: 0,
            pending_span: (0, 0),
        }
    }

    /// A char the tables do not hold (or NUL): fold it on its own.
    #[cold]
    fn general(&mut self, len: usize) -> Option<(u8, usize, usize)> {
        let off = self.off;
        self.off += len;
        let c = self.original[off..].chars().next().unwrap_or(' ');
        let f = fold_for_match(c);
        if f == ' ' && self.last == b' ' {
            return self.next();
        }
        let n = f.encode_utf8(&mut self.pending).len();
        self.last = self.pending[n - 1];
        self.pending_at = 1;
        self.pending_len = n;
        self.pending_span = (off, off + len);
        Some((self.pending[0], off, off + len))
    }
}

impl Iterator for FoldedBytes<'_> {
    type Item = (u8, usize, usize);

    #[inline(always)]
    fn next(&mut self) -> Option<(u8, usize, usize)> {
        if self.pending_at < self.pending_len {
            let b = self.pending[self.pending_at];
            self.pending_at += 1;
            return Some((b, self.pending_span.0, self.pending_span.1));
        }
        let bytes = self.original.as_bytes();
        loop {
            let b = *bytes.get(self.off)?;
            // ASCII first, with no lookup of the char's length: most of a
            // Vietnamese text is ASCII.
            let (f, len) = match b.is_ascii() {
                true => (self.tables.low[b as usize], 1),
                false => self.tables.lookup(bytes, self.off),
            };
            if f == 0 {
                return self.general(len);
            }
            let off = self.off;
            self.off += len;
            if f != b' ' || self.last != b' ' {
                self.last = f;
                return Some((f, off, off + len));
            }
        }
    }
}

/// `s` folded as [`FoldedBytes`] folds it: the form names are matched in.
pub(super) fn fold(s: &str) -> String {
    let out: Vec<u8> = FoldedBytes::new(s).map(|(b, _, _)| b).collect();
    // Whole chars were pushed, each encoded as UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fold one char at a time, as it was before the tables: the text
    /// and, per folded byte, the original offset of its char.
    fn char_by_char(original: &str) -> (String, Vec<usize>) {
        let mut text = String::new();
        let mut starts = Vec::new();
        for (off, c) in original.char_indices() {
            let f = fold_for_match(c);
            if f == ' ' && text.ends_with(' ') {
                continue;
            }
            text.push(f);
            starts.extend(std::iter::repeat_n(off, f.len_utf8()));
        }
        (text, starts)
    }

    fn by_tables(original: &str) -> (String, Vec<usize>) {
        let mut starts = Vec::new();
        for (_, start, end) in FoldedBytes::new(original) {
            assert!(original.is_char_boundary(start) && original[start..end].chars().count() == 1);
            starts.push(start);
        }
        (fold(original), starts)
    }

    #[test]
    fn folds_names_spaces_and_dashes() {
        let s = "Tỉnh  HÀ\u{a0}NỘI\t–\u{2003}Quận 1, Đắk Lắk‑Nông ﬁ";
        assert_eq!(fold(s), "tinh ha noi - quan 1, dak lak-nong ﬁ");
        assert_eq!(by_tables(s).1[5], "Tỉnh  ".len());
    }

    #[test]
    fn every_char_folds_by_table_as_by_the_general_path() {
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            assert_eq!(fold_by_table(c), fold_for_match(c), "{c:?}");
        }
    }

    #[test]
    fn every_char_of_the_tables_folds_as_the_general_path() {
        let blocks = [(0u32, 0x800u32), (0x1E00, 0x1F00), (0x2000, 0x2080)];
        for c in blocks
            .iter()
            .flat_map(|&(a, b)| a..b)
            .filter_map(char::from_u32)
        {
            let s = format!("a{c}b");
            assert_eq!(by_tables(&s), char_by_char(&s), "{c:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn tables_agree_with_char_by_char(
            s in "([a-zA-Z0-9 \t\n.,-]|[à-ỹÀ-Ỹ]|[\u{80}-\u{7ff}]|[\u{2000}-\u{2070}]|\u{2212}|[\u{e000}-\u{e010}]|[😀-😂]|\u{0}|a\u{301}|\u{23a}){0,40}"
        ) {
            proptest::prop_assert_eq!(by_tables(&s), char_by_char(&s));
        }
    }
}

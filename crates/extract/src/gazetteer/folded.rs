//! Running text folded for place-name matching, with a byte map back.
//!
//! Place names are matched on folded text (`Hà Nội`, `HÀ NỘI` and `Ha Noi`
//! all read `ha noi`), so every article is folded whole, byte by byte. That
//! fold was a tenth of all extraction time when each char went through
//! decoding and [`fold_char`]; now the chars Vietnamese text is made of
//! (ASCII, Latin-1 and Latin Extended-A, the `ạ`..`ỹ` block, the
//! General Punctuation spaces and dashes) are one table load each. The
//! tables are filled from [`fold_for_match`] itself, so they cannot drift
//! from it; any other char takes the char-by-char path.

use std::sync::OnceLock;

use vnfacts_text::fold::fold_char;

/// Running text folded for matching, with a byte map back to the original.
pub(super) struct FoldedText<'a> {
    original: &'a str,
    pub(super) text: String,
    /// For each folded byte: the original offset of the char it came from.
    starts: Vec<u32>,
}

/// One char as the place matcher sees it: folded, every dash a `-`, every
/// space a `' '` (runs of spaces are collapsed by [`FoldedText::new`]).
fn fold_for_match(c: char) -> char {
    match fold_char(c) {
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        c if c.is_whitespace() => ' ',
        c => c,
    }
}

/// [`fold_for_match`] for the code point blocks of Vietnamese text, as the
/// ASCII byte it folds to; 0 when it folds to something else (or is NUL),
/// which sends the char down the general path.
struct Tables {
    /// U+0000..U+07FF: one- and two-byte UTF-8.
    low: [u8; 0x800],
    /// U+1E00..U+1EFF: Latin Extended Additional (`ạ`..`ỹ`).
    viet: [u8; 0x100],
    /// U+2000..U+207F: General Punctuation (odd spaces, dashes).
    punct: [u8; 0x80],
}

impl Tables {
    fn get() -> &'static Tables {
        static TABLES: OnceLock<Tables> = OnceLock::new();
        TABLES.get_or_init(|| {
            let mut t = Tables {
                low: [0; 0x800],
                viet: [0; 0x100],
                punct: [0; 0x80],
            };
            fill(&mut t.low, 0);
            fill(&mut t.viet, 0x1E00);
            fill(&mut t.punct, 0x2000);
            t
        })
    }

    /// The folded byte of the char at `off` (0: take the general path) and
    /// the char's length. `bytes` is valid UTF-8 and `off` a char boundary,
    /// so a lead byte's continuation bytes are there.
    #[inline]
    fn lookup(&self, bytes: &[u8], off: usize) -> (u8, usize) {
        let b0 = bytes[off];
        let cont = |i: usize| (bytes[off + i] & 0x3F) as usize;
        match b0 {
            0x00..=0x7F => (self.low[b0 as usize], 1),
            0xC0..=0xDF => (self.low[(b0 as usize & 0x1F) << 6 | cont(1)], 2),
            // U+1E00 is E1 B8 80, U+1EFF is E1 BB BF.
            0xE1 if (0xB8..=0xBB).contains(&bytes[off + 1]) => {
                (self.viet[(cont(1) & 0x03) << 6 | cont(2)], 3)
            }
            // U+2000 is E2 80 80, U+207F is E2 81 BF.
            0xE2 if bytes[off + 1] <= 0x81 => (self.punct[(cont(1) & 0x01) << 6 | cont(2)], 3),
            0xE0..=0xEF => (0, 3),
            _ => (0, 4),
        }
    }
}

fn fill(table: &mut [u8], first: u32) {
    for (i, slot) in table.iter_mut().enumerate() {
        let folded = char::from_u32(first + i as u32).map(fold_for_match);
        if let Some(f) = folded.filter(char::is_ascii) {
            *slot = f as u8;
        }
    }
}

impl<'a> FoldedText<'a> {
    pub(super) fn new(original: &'a str) -> Self {
        let tables = Tables::get();
        let bytes = original.as_bytes();
        let mut text: Vec<u8> = Vec::with_capacity(bytes.len());
        let mut starts: Vec<u32> = Vec::with_capacity(bytes.len());
        let mut last = 0u8;
        let mut off = 0;
        while let Some(&b) = bytes.get(off) {
            // ASCII first, with no lookup of the char's length: most of a
            // Vietnamese text is ASCII.
            if b.is_ascii() {
                let f = tables.low[b as usize];
                if f != b' ' || last != b' ' {
                    text.push(f);
                    starts.push(off as u32);
                    last = f;
                }
                off += 1;
                continue;
            }
            let (f, len) = tables.lookup(bytes, off);
            if f != 0 {
                if f != b' ' || last != b' ' {
                    text.push(f);
                    starts.push(off as u32);
                    last = f;
                }
            } else {
                let c = original[off..].chars().next().unwrap_or(' ');
                let f = fold_for_match(c);
                if f != ' ' || last != b' ' {
                    let mut buf = [0; 4];
                    let enc = f.encode_utf8(&mut buf).as_bytes();
                    text.extend_from_slice(enc);
                    starts.extend(std::iter::repeat_n(off as u32, enc.len()));
                    last = enc[enc.len() - 1];
                }
            }
            off += len;
        }
        // Whole chars were pushed, each encoded as UTF-8.
        let text = String::from_utf8(text).unwrap_or_default();
        FoldedText {
            original,
            text,
            starts,
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
        let before = self.text[..start].chars().next_back();
        let after = self.text[end..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fold one char at a time, as it was before the tables.
    fn char_by_char(original: &str) -> (String, Vec<u32>) {
        let mut text = String::new();
        let mut starts = Vec::new();
        for (off, c) in original.char_indices() {
            let f = fold_for_match(c);
            if f == ' ' && text.ends_with(' ') {
                continue;
            }
            text.push(f);
            starts.extend(std::iter::repeat_n(off as u32, f.len_utf8()));
        }
        (text, starts)
    }

    #[test]
    fn folds_names_spaces_and_dashes() {
        let f = FoldedText::new("Tỉnh  HÀ\u{a0}NỘI\t–\u{2003}Quận 1, Đắk Lắk‑Nông ﬁ");
        assert_eq!(f.text, "tinh ha noi - quan 1, dak lak-nong ﬁ");
        assert_eq!(f.orig_start(5), "Tỉnh  ".len());
        assert_eq!(f.orig_end(7), "Tỉnh  HÀ".len());
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
            assert_eq!(
                (FoldedText::new(&s).text, FoldedText::new(&s).starts),
                char_by_char(&s),
                "{c:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn tables_agree_with_char_by_char(
            s in "([a-zA-Z0-9 \t\n.,-]|[à-ỹÀ-Ỹ]|[\u{80}-\u{7ff}]|[\u{2000}-\u{2070}]|\u{2212}|[\u{e000}-\u{e010}]|[😀-😂]|\u{0}|a\u{301}|\u{23a}){0,40}"
        ) {
            let f = FoldedText::new(&s);
            proptest::prop_assert_eq!((f.text, f.starts), char_by_char(&s));
        }
    }
}

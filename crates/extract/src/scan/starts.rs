//! Where a match may start, as far as cheap byte tests tell: a byte that
//! begins a character and some rule's opening pair, not right after an
//! ASCII letter or digit (a match never starts inside a word or a number).
//!
//! This runs over every byte of the text. About one byte in four passes
//! the one-byte test and one in eight the pair test, so testing byte by
//! byte spends most of its time on bytes that could never start anything.
//! On x86-64 sixteen bytes at a time are reduced with SSE2 (always
//! present there) to a bit mask of possible starts, and only those bits
//! are tested exactly; elsewhere, and for the last bytes of a range, the
//! mask is made one byte at a time. Both give the same positions. The
//! engine takes the positions from one iterator per line, so a block is
//! reduced once, not once per position found in it.

use super::Scanner;

/// The positions where a match may start, ascending (see the module doc).
pub struct Starts<'a> {
    scanner: &'a Scanner,
    bytes: &'a [u8],
    block: Block,
    /// Possible starts from `base` on, one bit per byte, to test exactly.
    bits: u32,
    base: usize,
    /// Where the next block begins.
    next: usize,
    /// 1 if the byte before `next` is an ASCII letter or digit.
    carry: u32,
}

impl<'a> Starts<'a> {
    pub(super) fn new(scanner: &'a Scanner, bytes: &'a [u8], from: usize) -> Starts<'a> {
        Starts {
            scanner,
            bytes,
            block: Block::new(scanner),
            bits: 0,
            base: from,
            next: from,
            carry: u32::from(after_word(bytes, from)),
        }
    }
}

impl Iterator for Starts<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        loop {
            while self.bits != 0 {
                let start = self.base + self.bits.trailing_zeros() as usize;
                self.bits &= self.bits - 1;
                if starts_at_char(self.scanner, self.bytes, start) {
                    return Some(start);
                }
            }
            let rest = self.bytes.get(self.next..)?;
            if rest.is_empty() {
                return None;
            }
            let (may, word, len) = match rest.get(..16) {
                Some(chunk) => {
                    let (may, word) = self.block.masks(self.scanner, chunk);
                    (may, word, 16)
                }
                None => {
                    let (may, word) = bytewise_masks(self.scanner, rest);
                    (may, word, rest.len())
                }
            };
            self.bits = may & !(word << 1 | self.carry);
            self.carry = word >> (len - 1) & 1;
            self.base = self.next;
            self.next += len;
        }
    }
}

/// The masks of `Block::masks` for at most sixteen bytes, one byte at a
/// time (`may` is exact here: `can_begin`).
fn bytewise_masks(scanner: &Scanner, chunk: &[u8]) -> (u32, u32) {
    let (mut may, mut word) = (0, 0);
    for (i, &b) in chunk.iter().enumerate() {
        may |= u32::from(scanner.can_begin(b)) << i;
        word |= u32::from(ASCII_WORD[usize::from(b)]) << i;
    }
    (may, word)
}

/// Whether the byte before `from` is an ASCII letter or digit.
fn after_word(bytes: &[u8], from: usize) -> bool {
    from.checked_sub(1)
        .and_then(|i| bytes.get(i))
        .is_some_and(|&b| ASCII_WORD[usize::from(b)])
}

/// The exact test at `start`, left context aside, where the byte is
/// known to begin a character (both masks say so): then a pair some rule
/// begins with implies `can_begin`, and only the last byte of the range
/// needs that test.
#[inline]
fn starts_at_char(scanner: &Scanner, bytes: &[u8], start: usize) -> bool {
    let b = bytes[start];
    match bytes.get(start + 1) {
        Some(&next) => scanner.can_start(b, Some(next)),
        None => scanner.can_begin(b),
    }
}

/// ASCII letters and digits, by byte.
static ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// The tests of one block of sixteen bytes: SSE2 on x86-64, byte by byte
/// elsewhere.
#[cfg(not(target_arch = "x86_64"))]
struct Block;

#[cfg(not(target_arch = "x86_64"))]
impl Block {
    fn new(_: &Scanner) -> Block {
        Block
    }

    #[inline]
    fn masks(&self, scanner: &Scanner, chunk: &[u8]) -> (u32, u32) {
        bytewise_masks(scanner, chunk)
    }
}

#[cfg(target_arch = "x86_64")]
struct Block {
    /// The smallest ASCII byte that can start a match, clamped to 127:
    /// blanks and most punctuation lie below the letters and digits.
    floor: std::arch::x86_64::__m128i,
}

#[cfg(target_arch = "x86_64")]
impl Block {
    fn new(scanner: &Scanner) -> Block {
        Block::with_floor(scanner.ascii_floor)
    }

    fn with_floor(ascii_floor: u8) -> Block {
        use std::arch::x86_64::_mm_set1_epi8;
        // SAFETY: SSE2 is part of the x86-64 baseline.
        let floor = unsafe { _mm_set1_epi8(ascii_floor.min(127) as i8) };
        Block { floor }
    }

    /// Bit `i` of the first mask: byte `i` begins a character and is not
    /// an ASCII byte below the floor (a superset of `Scanner::can_begin`).
    /// Bit `i` of the second: byte `i` is an ASCII letter or digit.
    #[inline]
    fn masks(&self, _: &Scanner, chunk: &[u8]) -> (u32, u32) {
        use std::arch::x86_64::*;
        debug_assert_eq!(chunk.len(), 16);
        // SAFETY: SSE2 is part of the x86-64 baseline, and `chunk` holds
        // the sixteen bytes the unaligned load reads.
        unsafe {
            let v = _mm_loadu_si128(chunk.as_ptr().cast());
            // As signed bytes: ASCII is 0..=127, continuation bytes
            // -128..=-65, lead bytes -64..=-1.
            let begins = _mm_cmpgt_epi8(v, _mm_set1_epi8(-65));
            let ascii = _mm_cmpgt_epi8(v, _mm_set1_epi8(-1));
            let low = _mm_and_si128(ascii, _mm_cmplt_epi8(v, self.floor));
            let may = _mm_andnot_si128(low, begins);
            let digit = _mm_and_si128(
                _mm_cmpgt_epi8(v, _mm_set1_epi8(b'0' as i8 - 1)),
                _mm_cmplt_epi8(v, _mm_set1_epi8(b'9' as i8 + 1)),
            );
            // Non-ASCII stays negative under `| 0x20`.
            let lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
            let letter = _mm_and_si128(
                _mm_cmpgt_epi8(lower, _mm_set1_epi8(b'a' as i8 - 1)),
                _mm_cmplt_epi8(lower, _mm_set1_epi8(b'z' as i8 + 1)),
            );
            let word = _mm_or_si128(digit, letter);
            (
                _mm_movemask_epi8(may) as u32,
                _mm_movemask_epi8(word) as u32,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The exact test at `start`, left context aside, for any byte.
    fn starts(scanner: &Scanner, bytes: &[u8], start: usize) -> bool {
        let b = bytes[start];
        scanner.can_begin(b) && scanner.can_start(b, bytes.get(start + 1).copied())
    }

    /// The reference: every byte tested alone (the engine's walk before
    /// blocks), the first start from `from` on.
    fn by_bytes(scanner: &Scanner, bytes: &[u8], from: usize) -> Option<usize> {
        let mut after_word = after_word(bytes, from);
        for start in from..bytes.len() {
            let b = bytes[start];
            if !after_word && starts(scanner, bytes, start) {
                return Some(start);
            }
            after_word = b.is_ascii_alphanumeric();
        }
        None
    }

    fn scanner() -> Scanner {
        Scanner::new(&[
            r"\d+ lớp",
            r"(?i)khoảng \d+",
            r"Quyết định số",
            r"“[^”]{1,20}”",
            r"(?i)đồng",
        ])
        .unwrap()
    }

    #[test]
    fn ascii_word_is_ascii_alphanumeric() {
        for b in 0..=255u8 {
            assert_eq!(ASCII_WORD[usize::from(b)], b.is_ascii_alphanumeric());
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn block_masks_agree_with_byte_tests_for_every_byte_and_floor() {
        let s = scanner();
        for floor in [0u8, 1, b' ', b'0', b'A', 127, 128, 255] {
            let block = Block::with_floor(floor);
            for b in 0..=255u8 {
                let chunk = [b; 16];
                let (may, word) = block.masks(&s, &chunk);
                let begins = b & 0xC0 != 0x80;
                let below = b < 0x80 && b < floor.min(127);
                let all = |yes: bool| if yes { 0xFFFF } else { 0 };
                assert_eq!(may, all(begins && !below), "byte {b:#x} floor {floor}");
                assert_eq!(word, all(b.is_ascii_alphanumeric()), "{b:#x}");
            }
        }
    }

    #[test]
    fn may_mask_covers_can_begin() {
        let s = scanner();
        for b in 0..=255u8 {
            if s.can_begin(b) {
                assert!(b >= 0x80 || b >= s.ascii_floor, "{b:#x}");
            }
        }
    }

    #[test]
    fn finds_word_starts_only() {
        let s = scanner();
        let text = "abc 12 lớp, x2 khoảng 3 đồng “Quyết định số”";
        let b = text.as_bytes();
        let found: Vec<usize> = Starts::new(&s, b, 0).collect();
        // Pairs only: `đị` and `”` share their first two bytes with `đồ`
        // and `“`; `x2` and `lớp` are skipped (`x`, `l` begin no rule).
        let expect: Vec<usize> = ["12", "khoảng", "3", "đồng", "“", "Quyết", "định", "”"]
            .iter()
            .map(|w| text.find(w).unwrap())
            .collect();
        assert_eq!(found, expect);
    }

    /// Text-like bytes: words, digits, blanks, punctuation and Vietnamese
    /// letters, so that starts are frequent; plus any byte at all.
    fn piece() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            prop::sample::select(vec![
                "khoảng", "Khoảng", "12", "lớp", " ", "\n", ".", ",", "“", "”", "Quyết", "định",
                "số", "đồng", "x", "a1", "ệt", "–", "KH",
            ])
            .prop_map(|s| s.as_bytes().to_vec()),
            any::<u8>().prop_map(|b| vec![b]),
        ]
    }

    proptest! {
        /// The block masks of any sixteen bytes: the same words, and a
        /// superset of the exact `may`.
        #[test]
        fn block_masks_cover_bytewise_masks(chunk in prop::array::uniform16(any::<u8>())) {
            let s = scanner();
            let (may, word) = Block::new(&s).masks(&s, &chunk);
            let (exact, word_exact) = bytewise_masks(&s, &chunk);
            prop_assert_eq!(word, word_exact);
            prop_assert_eq!(exact & !may, 0);
        }

        #[test]
        fn blocks_agree_with_bytes(
            pieces in prop::collection::vec(piece(), 0..80),
            from_pct in 0usize..=100,
            cut_pct in 0usize..=100,
        ) {
            let s = scanner();
            let bytes: Vec<u8> = pieces.concat();
            let end = bytes.len() * cut_pct / 100;
            let hay = &bytes[..end];
            let from = end * from_pct / 100;
            let mut want = Vec::new();
            let mut at = from;
            while let Some(found) = by_bytes(&s, hay, at) {
                want.push(found);
                at = found + 1;
            }
            prop_assert_eq!(Starts::new(&s, hay, from).collect::<Vec<_>>(), want);
        }
    }
}

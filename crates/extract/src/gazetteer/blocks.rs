//! One byte of precomputed fact per char, for the code point blocks
//! Vietnamese text is made of: ASCII, Latin-1 and Latin Extended-A (all of
//! two-byte UTF-8), the `ạ`..`ỹ` block and General Punctuation (odd spaces,
//! dashes). Looking a char up costs one table load and no decoding; any
//! other char, or a 0 entry, sends the caller down its general path.

/// An entry (a byte, or two) per char of the blocks, filled from a
/// function of the char; 0 stands for "not in the table".
pub(super) struct Blocks<T = u8> {
    /// U+0000..U+07FF: one- and two-byte UTF-8.
    pub(super) low: [T; 0x800],
    /// U+1E00..U+1EFF: Latin Extended Additional (`ạ`..`ỹ`).
    viet: [T; 0x100],
    /// U+2000..U+207F: General Punctuation.
    punct: [T; 0x80],
}

impl<T: Copy + Default> Blocks<T> {
    /// Every entry is `fact(char)`, so a table cannot drift from the
    /// function it stands for.
    pub(super) fn new(fact: impl Fn(char) -> T) -> Blocks<T> {
        let mut t = Blocks {
            low: [T::default(); 0x800],
            viet: [T::default(); 0x100],
            punct: [T::default(); 0x80],
        };
        fill(&mut t.low, 0, &fact);
        fill(&mut t.viet, 0x1E00, &fact);
        fill(&mut t.punct, 0x2000, &fact);
        t
    }

    /// The entry of the char at `off` (0 outside the blocks) and the char's
    /// length. `bytes` is valid UTF-8 and `off` a char boundary, so a lead
    /// byte's continuation bytes are there.
    #[inline(always)]
    pub(super) fn lookup(&self, bytes: &[u8], off: usize) -> (T, usize) {
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
            0xE0..=0xEF => (T::default(), 3),
            _ => (T::default(), 4),
        }
    }

    /// The entry of `c` (0 outside the blocks).
    #[inline(always)]
    pub(super) fn get(&self, c: char) -> T {
        let u = c as usize;
        match u {
            0..0x800 => self.low[u],
            0x1E00..0x1F00 => self.viet[u - 0x1E00],
            0x2000..0x2080 => self.punct[u - 0x2000],
            _ => T::default(),
        }
    }
}

fn fill<T>(table: &mut [T], first: u32, fact: &impl Fn(char) -> T) {
    for (i, slot) in table.iter_mut().enumerate() {
        if let Some(c) = char::from_u32(first + i as u32) {
            *slot = fact(c);
        }
    }
}

//! Whitespace (exactly what `char::is_whitespace` accepts) read straight
//! from UTF-8 bytes.
//!
//! Word counts and context windows step through text a byte at a time, and
//! most bytes are inside words: a table says which bytes can start (or end)
//! a whitespace char, and only those are looked at as a whole char, without
//! decoding anything else.

/// The bytes a whitespace char may start with (see [`space_starting`]).
pub const MAY_START_SPACE: [bool; 256] =
    byte_set(&[0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xC2, 0xE1, 0xE2, 0xE3]);

/// The bytes a whitespace char may end with (see [`space_ending_at`]).
pub const MAY_END_SPACE: [bool; 256] = byte_set(&[
    0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
    0x8A, 0x9F, 0xA0, 0xA8, 0xA9, 0xAF,
]);

const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut set = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        set[bytes[i] as usize] = true;
        i += 1;
    }
    set
}

/// Byte length of the whitespace char (`char::is_whitespace`) `b` starts
/// with, 0 if none. `b` is UTF-8 from a char boundary on, or from inside a
/// char (whose remaining bytes match no whitespace char).
#[inline]
pub fn space_starting(b: &[u8]) -> usize {
    match b {
        [0x09..=0x0D | 0x20, ..] => 1,
        [0xC2, 0x85 | 0xA0, ..] => 2,
        [0xE1, 0x9A, 0x80, ..]
        | [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..]
        | [0xE2, 0x81, 0x9F, ..]
        | [0xE3, 0x80, 0x80, ..] => 3,
        _ => 0,
    }
}

/// Byte length of the whitespace char `b` ends with, 0 if none. `b` is
/// UTF-8 up to a char boundary or into a char: a whitespace char's bytes
/// can only match where that char is.
#[inline]
pub fn space_ending_at(b: &[u8]) -> usize {
    match b {
        [.., 0x09..=0x0D | 0x20] => 1,
        [.., 0xC2, 0x85 | 0xA0] => 2,
        [.., 0xE1, 0x9A, 0x80]
        | [.., 0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF]
        | [.., 0xE2, 0x81, 0x9F]
        | [.., 0xE3, 0x80, 0x80] => 3,
        _ => 0,
    }
}

/// `s.split_whitespace().count().min(cap)`, without decoding chars.
///
/// Metadata counts the words of every line of an article (title, byline
/// and body tests read the counts), so this runs over most of the text.
/// On x86_64, 16 bytes at a time: where no byte can start a non-ASCII
/// whitespace char, the words are the non-space bytes that follow a
/// space, counted from two compares and a bit mask; other stretches go a
/// char at a time.
pub fn count_words(s: &str, cap: usize) -> usize {
    let mut words = Words {
        bytes: s.as_bytes(),
        at: 0,
        after_space: true,
        n: 0,
    };
    #[cfg(target_arch = "x86_64")]
    while words.n < cap && words.at + CHUNK + 1 < words.bytes.len() {
        // SAFETY: SSE2 is part of x86_64, and the chunk plus the two bytes
        // after it lie inside `bytes`.
        if !unsafe { words.chunk_sse2() } {
            words.through(words.at + CHUNK, cap);
        }
    }
    words.through(s.len(), cap);
    words.n.min(cap)
}

#[cfg(target_arch = "x86_64")]
const CHUNK: usize = 16;

/// Where a word count has got to.
struct Words<'a> {
    bytes: &'a [u8],
    at: usize,
    /// Whether the byte before `at` ends whitespace (true at the start).
    after_space: bool,
    n: usize,
}

impl Words<'_> {
    /// Count a char at a time until `at` reaches `end` (or passes it, when
    /// a char runs over it), or the count reaches `cap`.
    fn through(&mut self, end: usize, cap: usize) {
        while self.at < end && self.n < cap {
            if !MAY_START_SPACE[usize::from(self.bytes[self.at])] {
                self.n += usize::from(self.after_space);
                self.after_space = false;
                self.at += 1;
                continue;
            }
            let space = space_starting(&self.bytes[self.at..]);
            if space > 0 {
                self.after_space = true;
                self.at += space;
            } else {
                self.n += usize::from(self.after_space);
                self.after_space = false;
                self.at += 1;
            }
        }
    }

    /// Count the 16 bytes at `at` in one go, if no whitespace char other
    /// than ASCII's starts among them; false (nothing done) if one does.
    ///
    /// # Safety
    /// `at + 17 < bytes.len()`: the chunk and the two bytes after it are read.
    #[cfg(target_arch = "x86_64")]
    #[inline]
    unsafe fn chunk_sse2(&mut self) -> bool {
        use std::arch::x86_64::*;
        let p = self.bytes.as_ptr().add(self.at);
        let load = |i: usize| _mm_loadu_si128(p.add(i).cast());
        let (v, next, third) = (load(0), load(1), load(2));
        let eq = |v, b: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8));
        // Bytes from `lo` to `lo + span`: after subtracting `lo`, at most
        // `span` (unsigned).
        let within = |v, lo: u8, span: u8| {
            let d = _mm_sub_epi8(v, _mm_set1_epi8(lo as i8));
            _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(span as i8)), d)
        };
        let and = |a, b| _mm_and_si128(a, b);
        let or = |a, b| _mm_or_si128(a, b);
        // The starts `space_starting` takes, a superset of them where that
        // is simpler: the lead bytes C2, E1, E2 also begin `©`, Vietnamese
        // letters, quotes and dashes, which are counted here.
        let nbsp = and(eq(v, 0xC2), or(eq(next, 0x85), eq(next, 0xA0)));
        let ogham = and(eq(v, 0xE1), eq(next, 0x9A));
        let after_80 = or(within(third, 0x80, 0x0A), within(third, 0xA8, 0x07));
        let general = or(
            and(eq(next, 0x80), after_80),
            and(eq(next, 0x81), eq(third, 0x9F)),
        );
        let wide = or(and(eq(v, 0xE2), general), and(eq(v, 0xE3), eq(next, 0x80)));
        if _mm_movemask_epi8(or(or(nbsp, ogham), wide)) != 0 {
            return false;
        }
        let space = _mm_movemask_epi8(or(eq(v, b' '), within(v, 0x09, 4))) as u32;
        let before = space << 1 | u32::from(self.after_space);
        let starts = !space & before & 0xFFFF;
        self.n += starts.count_ones() as usize;
        self.after_space = space & 0x8000 != 0;
        self.at += CHUNK;
        true
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Every whitespace char, and chars that share its first bytes, at
        /// every offset from a 16-byte chunk's edges.
        #[test]
        fn count_words_agrees_with_split_whitespace(
            s in "([a-zà-ỹĐ0-9]{1,7}|[ \t\n\r\u{b}\u{c}\u{a0}\u{85}\u{1680}\u{2000}\u{200a}\u{200b}\u{2010}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{1ea1}\u{1681}\u{a9}\u{3001}“–]){0,200}",
            cap in prop_oneof![Just(usize::MAX), 0..80usize],
        ) {
            prop_assert_eq!(
                count_words(&s, cap),
                s.split_whitespace().count().min(cap),
            );
        }
    }

    #[test]
    fn byte_whitespace_tests_agree_with_std_for_every_char() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let s = format!("a{c}b");
            let (start, end) = (1, 1 + c.len_utf8());
            let want = if c.is_whitespace() { c.len_utf8() } else { 0 };
            assert_eq!(space_starting(&s.as_bytes()[start..]), want, "{c:?}");
            assert_eq!(space_ending_at(&s.as_bytes()[..end]), want, "{c:?}");
            let bytes = c.to_string().into_bytes();
            if c.is_whitespace() {
                assert!(MAY_START_SPACE[usize::from(bytes[0])], "{c:?}");
                assert!(MAY_END_SPACE[usize::from(bytes[bytes.len() - 1])], "{c:?}");
            }
            // Inside the char, nothing is taken for whitespace.
            for mid in start + 1..end {
                assert_eq!(space_starting(&s.as_bytes()[mid..]), 0, "{c:?}");
                assert_eq!(space_ending_at(&s.as_bytes()[..mid]), 0, "{c:?}");
            }
        }
    }
}

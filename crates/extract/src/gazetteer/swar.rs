//! Eight bytes at a time: finding the few places of a text worth a closer
//! look (a capital at a word start, a lower-case letter after a space)
//! without decoding or looking up the many bytes around them.
//!
//! Where the CPU has SSE2 (every x86-64 does) the marks are made sixteen
//! bytes at a time ([`WordStarts`]); the eight-byte tests below are the
//! portable path and the tests' reference.
//!
//! Each test marks a byte by setting its high bit in a `u64` mask. The
//! tests only narrow the search: the caller confirms every marked byte with
//! the exact per-char facts, so a test may mark more than it needs to,
//! never less.

/// The low seven bits of each byte.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
/// The high bit of each byte.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
const HIGH: u64 = 0x8080_8080_8080_8080;

/// `b` in every byte.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
const fn splat(b: u8) -> u64 {
    b as u64 * 0x0101_0101_0101_0101
}

/// Marks the bytes of `x` that are ASCII and in `lo..=hi`. Each byte's sums
/// stay below 0x100, so no carry crosses into the next byte.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
#[inline(always)]
pub(super) fn ascii_in(x: u64, lo: u8, hi: u8) -> u64 {
    let low = x & LOW7;
    let at_least_lo = low + splat(0x80 - lo);
    let above_hi = low + splat(0x7F - hi);
    at_least_lo & !above_hi & !x & HIGH
}

/// Marks the ASCII letters, either case.
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
#[inline(always)]
pub(super) fn ascii_letter(x: u64) -> u64 {
    ascii_in(x | splat(0x20), b'a', b'z')
}

/// Marks the lead bytes of multi-byte chars (`0xC0..`).
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
#[inline(always)]
pub(super) fn lead(x: u64) -> u64 {
    x & (x << 1) & HIGH
}

/// Marks the bytes that are not ASCII (leads and continuation bytes).
#[cfg(test)]
#[inline(always)]
pub(super) fn non_ascii(x: u64) -> u64 {
    x & HIGH
}

/// The eight bytes from `i`, first byte lowest; zeros past the end.
#[cfg(test)]
#[inline(always)]
fn chunk(bytes: &[u8], i: usize) -> u64 {
    match bytes[i..].first_chunk::<8>() {
        Some(eight) => u64::from_le_bytes(*eight),
        None => last_chunk(&bytes[i..]),
    }
}

/// The fewer than eight bytes at the end, then zeros.
#[cfg(test)]
#[cold]
#[inline(never)]
fn last_chunk(rest: &[u8]) -> u64 {
    let mut buf = [0u8; 8];
    buf[..rest.len()].copy_from_slice(rest);
    u64::from_le_bytes(buf)
}

/// The first offset from `from` on that `marks` marks and `confirm`
/// accepts. `marks(x, p)` sees eight bytes `x` and, byte for byte, the
/// bytes just before them `p` (`before` standing in for the byte before
/// `from`). Bytes past the end read as 0, which `marks` must not mark.
#[cfg(test)]
#[inline(always)]
pub(super) fn find(
    bytes: &[u8],
    from: usize,
    before: u8,
    marks: impl Fn(u64, u64) -> u64,
    mut confirm: impl FnMut(usize) -> bool,
) -> Option<usize> {
    let mut i = from;
    let mut prev = u64::from(before);
    while i < bytes.len() {
        let x = chunk(bytes, i);
        let mut m = marks(x, (x << 8) | prev);
        while m != 0 {
            let j = i + (m.trailing_zeros() / 8) as usize;
            if confirm(j) {
                return Some(j);
            }
            m &= m - 1;
        }
        prev = x >> 56;
        i += 8;
    }
    None
}

/// Marks a byte that may start a name: ASCII `0`..=`Z` (digits and
/// capitals) or a lead byte, after a byte that is no ASCII letter or
/// digit (`p` holds the bytes before those of `x`).
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
#[inline(always)]
pub(super) fn may_start_word(x: u64, p: u64) -> u64 {
    let may_start = ascii_in(x, b'0', b'Z') | lead(x);
    let after_alnum = ascii_in(p, b'0', b'9') | ascii_letter(p);
    may_start & !after_alnum
}

/// [`find`] with [`may_start_word`] marks, sixteen bytes at a time where
/// the CPU has SSE2 (every x86-64 does): the scan [`WordStarts`] replaced.
#[cfg(test)]
#[inline(always)]
pub(super) fn find_word_start(
    bytes: &[u8],
    from: usize,
    before: u8,
    mut confirm: impl FnMut(usize) -> bool,
) -> Option<usize> {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    let (from, before) = {
        let mut i = from;
        let mut prev = before;
        while let Some(sixteen) = bytes.get(i..).and_then(<[u8]>::first_chunk::<16>) {
            // SAFETY: the function only needs SSE2, which this build
            // targets (see the `cfg` above; every x86-64 CPU has it).
            let mut m = unsafe { sse2::may_start_word(sixteen, prev) };
            while m != 0 {
                let j = i + m.trailing_zeros() as usize;
                if confirm(j) {
                    return Some(j);
                }
                m &= m - 1;
            }
            prev = sixteen[15];
            i += 16;
        }
        (i, prev)
    };
    find(bytes, from, before, may_start_word, confirm)
}

/// The bytes that may start a word ([`may_start_word`]) in order, sixteen
/// at a time, with no set-up per word found: a scan that stops at every
/// capital of an article (a hundred or more) must not start afresh at
/// each.
pub(super) struct WordStarts<'a> {
    bytes: &'a [u8],
    /// Where the sixteen bytes `marks` stands for start.
    base: usize,
    /// Bit `k` set: the byte at `base + k` is marked and not yet handed out.
    marks: u32,
}

impl<'a> WordStarts<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> WordStarts<'a> {
        WordStarts {
            bytes,
            base: 0,
            marks: word_start_marks(bytes, 0),
        }
    }

    /// Hands out no mark before `i` from now on.
    #[inline(always)]
    pub(super) fn skip_to(&mut self, i: usize) {
        if i >= self.base + 16 {
            self.base = i;
            self.marks = word_start_marks(self.bytes, i);
        } else if i > self.base {
            self.marks &= u32::MAX << (i - self.base);
        }
    }
}

impl Iterator for WordStarts<'_> {
    type Item = usize;

    #[inline(always)]
    fn next(&mut self) -> Option<usize> {
        while self.marks == 0 {
            self.base += 16;
            if self.base >= self.bytes.len() {
                return None;
            }
            self.marks = word_start_marks(self.bytes, self.base);
        }
        let j = self.base + self.marks.trailing_zeros() as usize;
        self.marks &= self.marks - 1;
        Some(j)
    }
}

/// Bit `k` set: the byte at `i + k` (of the sixteen from `i`) is marked by
/// [`may_start_word`]. Bytes past the end read as 0, which is not marked.
#[inline(always)]
fn word_start_marks(bytes: &[u8], i: usize) -> u32 {
    let before = i
        .checked_sub(1)
        .and_then(|p| bytes.get(p))
        .copied()
        .unwrap_or(b' ');
    let sixteen = match bytes.get(i..).and_then(<[u8]>::first_chunk::<16>) {
        Some(sixteen) => *sixteen,
        None => short_sixteen(bytes.get(i..).unwrap_or_default()),
    };
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    // SAFETY: the function only needs SSE2, which this build targets (see
    // the `cfg` above; every x86-64 CPU has it).
    let marks = unsafe { sse2::may_start_word(&sixteen, before) };
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    let marks = {
        let (lo, hi) = sixteen.split_at(8);
        let half = |h: &[u8]| {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(h);
            u64::from_le_bytes(eight)
        };
        let (lo, hi) = (half(lo), half(hi));
        let bits = |m: u64| (0..8).fold(0u32, |acc, k| acc | ((m >> (8 * k + 7)) as u32 & 1) << k);
        bits(may_start_word(lo, (lo << 8) | u64::from(before)))
            | bits(may_start_word(hi, (hi << 8) | (lo >> 56))) << 8
    };
    marks
}

/// The fewer than sixteen bytes at the end, then zeros.
#[cold]
#[inline(never)]
fn short_sixteen(rest: &[u8]) -> [u8; 16] {
    let mut buf = [0u8; 16];
    buf[..rest.len()].copy_from_slice(rest);
    buf
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_andnot_si128, _mm_cmpeq_epi8, _mm_cvtsi32_si128, _mm_max_epu8, _mm_min_epu8,
        _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_set_epi64x, _mm_slli_si128,
        _mm_sub_epi8,
    };

    /// All-ones in each byte of `v` in `lo..=hi`.
    #[inline]
    #[target_feature(enable = "sse2")]
    fn in_range(v: __m128i, lo: u8, hi: u8) -> __m128i {
        let off = _mm_sub_epi8(v, _mm_set1_epi8(lo as i8));
        _mm_cmpeq_epi8(_mm_min_epu8(off, _mm_set1_epi8((hi - lo) as i8)), off)
    }

    /// One bit per byte of `sixteen` (first byte lowest): as
    /// [`super::may_start_word`] marks it, `before` standing in for the
    /// byte before the first.
    #[inline]
    #[target_feature(enable = "sse2")]
    pub(super) fn may_start_word(sixteen: &[u8; 16], before: u8) -> u32 {
        let (lo, hi) = sixteen.split_at(8);
        let half = |h: &[u8]| {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(h);
            i64::from_le_bytes(eight)
        };
        let x = _mm_set_epi64x(half(hi), half(lo));
        let p = _mm_or_si128(_mm_slli_si128::<1>(x), _mm_cvtsi32_si128(i32::from(before)));
        let lead = _mm_cmpeq_epi8(_mm_max_epu8(x, _mm_set1_epi8(0xC0u8 as i8)), x);
        let may_start = _mm_or_si128(in_range(x, b'0', b'Z'), lead);
        let letter = in_range(_mm_or_si128(p, _mm_set1_epi8(0x20)), b'a', b'z');
        let after_alnum = _mm_or_si128(in_range(p, b'0', b'9'), letter);
        _mm_movemask_epi8(_mm_andnot_si128(after_alnum, may_start)) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_is_marked_as_its_value_says() {
        let ranges = [
            (0x30, 0x39),
            (0x41, 0x5A),
            (0x61, 0x7A),
            (0x00, 0x20),
            (0x2D, 0x2E),
        ];
        for b in 0..=255u8 {
            for (slot, filler) in [(0, 0x00), (3, 0xFF), (7, 0x41), (5, 0x80)] {
                let mut eight = [filler; 8];
                eight[slot] = b;
                let x = u64::from_le_bytes(eight);
                let bit = |m: u64| (m >> (slot * 8 + 7)) & 1 == 1;
                for (lo, hi) in ranges {
                    assert_eq!(bit(ascii_in(x, lo, hi)), (lo..=hi).contains(&b), "{b:#x}");
                }
                assert_eq!(bit(lead(x)), b >= 0xC0, "{b:#x}");
                assert_eq!(bit(ascii_letter(x)), b.is_ascii_alphabetic(), "{b:#x}");
                assert_eq!(bit(non_ascii(x)), b >= 0x80, "{b:#x}");
            }
        }
    }

    /// Every byte before and at every spot of a sixteen-byte run.
    #[test]
    fn word_starts_are_found_as_byte_by_byte() {
        let by_bytes = |bytes: &[u8], before: u8| -> Vec<usize> {
            (0..bytes.len())
                .filter(|&j| {
                    let b = bytes[j];
                    let p = if j == 0 { before } else { bytes[j - 1] };
                    ((b'0'..=b'Z').contains(&b) || b >= 0xC0) && !p.is_ascii_alphanumeric()
                })
                .collect()
        };
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                for len in [2, 17, 33] {
                    let mut bytes = vec![b'a'; len];
                    bytes[len - 2] = a;
                    bytes[len - 1] = b;
                    if len > 16 {
                        bytes[14] = a;
                        bytes[15] = b;
                        bytes[16] = a;
                    }
                    for before in [b' ', a] {
                        let mut found = Vec::new();
                        find_word_start(&bytes, 0, before, |j| {
                            found.push(j);
                            false
                        });
                        assert_eq!(found, by_bytes(&bytes, before), "{a:#x} {b:#x} {len}");
                    }
                }
            }
        }
    }

    #[test]
    fn finds_the_first_confirmed_mark_past_chunk_ends() {
        let text = b"abcdefghijklmnopqrstuvwXyz Q";
        let upper = |x: u64, _| ascii_in(x, b'A', b'Z');
        assert_eq!(find(text, 0, 0, upper, |_| true), Some(23));
        assert_eq!(find(text, 24, 0, upper, |_| true), Some(27));
        assert_eq!(find(text, 0, 0, upper, |j| j > 23), Some(27));
        assert_eq!(find(text, 0, 0, upper, |_| false), None);
        let after_space = |x: u64, p: u64| ascii_in(x, b'A', b'Z') & ascii_in(p, b' ', b' ');
        assert_eq!(find(text, 0, 0, after_space, |_| true), Some(27));
        assert_eq!(find(b"Q", 0, b' ', after_space, |_| true), Some(0));
        assert_eq!(find(b"Q", 0, b'a', after_space, |_| true), None);
    }
}

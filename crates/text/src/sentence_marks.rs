//! Where a text may end a sentence: its `.` `!` `?` and newline bytes and
//! the lead byte (E2) of `…`, found 16 bytes at a time.
//!
//! Sentence splitting reads every article whole, and numbers (`1.500.000`)
//! and symbols (`TP.HCM`) put many dots in it: one pass that yields every
//! candidate costs less than a search restarted per line and after each
//! one. E2 also leads `“”‘’–`, so callers confirm `…` themselves; `*` and
//! the control char 0E come along with `.` and `\n` (one compare finds all
//! four), for callers to pass over.

/// Bytes per chunk: one SSE2 register, one bit each in a mask.
const CHUNK: usize = 16;

/// Bytes per block: four chunks, one bit each in a `u64`, so the loop
/// that hands out marks runs a quarter as often.
const BLOCK: usize = 64;

/// The offsets in `bytes` of `.`, `!`, `?`, `\n`, 0xE2, `*` and 0x0E, in order.
pub(crate) struct Marks<'a> {
    bytes: &'a [u8],
    /// Start of the block the bits describe.
    base: usize,
    /// One bit per mark still to yield from the block at `base`.
    bits: u64,
}

impl<'a> Marks<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Marks {
            bytes,
            base: 0,
            bits: block_marks(bytes, 0),
        }
    }
}

impl Iterator for Marks<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.bits == 0 {
            self.base += BLOCK;
            if self.base >= self.bytes.len() {
                return None;
            }
            self.bits = block_marks(self.bytes, self.base);
        }
        let k = self.bits.trailing_zeros() as usize;
        self.bits &= self.bits - 1;
        Some(self.base + k)
    }
}

/// The marks among the (up to) 64 bytes at `at`, bit `k` for `bytes[at + k]`.
#[inline]
fn block_marks(bytes: &[u8], at: usize) -> u64 {
    let rest = bytes.get(at..).unwrap_or_default();
    match rest.first_chunk::<BLOCK>() {
        Some(block) => block
            .as_chunks::<CHUNK>()
            .0
            .iter()
            .enumerate()
            .fold(0, |m, (k, c)| {
                m | u64::from(full_chunk_marks(c)) << (k * CHUNK)
            }),
        None => (0..rest.len())
            .step_by(CHUNK)
            .fold(0, |m, o| m | u64::from(chunk_marks(bytes, at + o)) << o),
    }
}

/// The marks among the (up to) 16 bytes at `at`, which is inside `bytes`.
#[inline]
fn chunk_marks(bytes: &[u8], at: usize) -> u32 {
    let rest = bytes.get(at..).unwrap_or_default();
    if let Some(chunk) = rest.first_chunk::<CHUNK>() {
        return full_chunk_marks(chunk);
    }
    // The tail: the last 16 bytes, less those already seen, or (in a
    // text shorter than 16) the bytes padded with zeros, not marks.
    match bytes.last_chunk::<CHUNK>() {
        Some(last) => full_chunk_marks(last) >> (CHUNK - rest.len()),
        None => {
            let mut padded = [0u8; CHUNK];
            padded[..rest.len()].copy_from_slice(rest);
            full_chunk_marks(&padded)
        }
    }
}

/// Whether `b` is a mark (see the module docs).
#[cfg(any(not(target_arch = "x86_64"), test))]
fn is_mark(b: u8) -> bool {
    matches!(b, b'.' | b'!' | b'?' | b'\n' | 0xE2 | b'*' | 0x0E)
}

#[cfg(target_arch = "x86_64")]
#[inline]
fn full_chunk_marks(chunk: &[u8; CHUNK]) -> u32 {
    use std::arch::x86_64::*;
    // SAFETY: SSE2 is part of x86_64; the load reads the 16 bytes of `chunk`.
    unsafe {
        let v = _mm_loadu_si128(chunk.as_ptr().cast());
        let eq = |b: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8));
        // `.` (2E) and `\n` (0A) in one compare: both, and only 0E and `*`
        // (0A and 2E with the 04 bit), are 2E once 24 is or-ed in.
        let dot_or_newline =
            _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(0x24)), _mm_set1_epi8(0x2E));
        let m = _mm_or_si128(
            _mm_or_si128(dot_or_newline, eq(b'!')),
            _mm_or_si128(eq(b'?'), eq(0xE2)),
        );
        _mm_movemask_epi8(m) as u32
    }
}

#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn full_chunk_marks(chunk: &[u8; CHUNK]) -> u32 {
    portable_chunk_marks(chunk)
}

/// A byte at a time: other targets, and the test oracle for SSE2.
#[cfg(any(not(target_arch = "x86_64"), test))]
fn portable_chunk_marks(chunk: &[u8; CHUNK]) -> u32 {
    chunk
        .iter()
        .enumerate()
        .filter(|&(_, &b)| is_mark(b))
        .fold(0, |m, (k, _)| m | 1 << k)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Every mark, at every offset from a chunk's edges, among bytes
        /// that are not marks (including every other lead byte).
        #[test]
        fn marks_are_the_mark_bytes(bytes in prop::collection::vec(
            prop_oneof![Just(b'.'), Just(b'!'), Just(b'?'), Just(b'\n'), Just(0xE2), Just(b'*'), Just(0x0E), any::<u8>()],
            0..200,
        )) {
            let want: Vec<usize> = (0..bytes.len()).filter(|&k| is_mark(bytes[k])).collect();
            prop_assert_eq!(Marks::new(&bytes).collect::<Vec<_>>(), want);
        }

        #[test]
        fn full_chunks_agree_with_the_portable_path(chunk in any::<[u8; CHUNK]>()) {
            prop_assert_eq!(full_chunk_marks(&chunk), portable_chunk_marks(&chunk));
        }
    }
}

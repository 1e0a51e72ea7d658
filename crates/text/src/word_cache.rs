//! A per-thread memo of the words normalization leaves as they are.
//!
//! Why: an article is a few hundred distinct syllables said over and over,
//! and nearly all of them are already canonical. Checking a word from its
//! letter flags costs a table lookup and some tallying per letter; finding
//! its end eight bytes at a time and looking its bytes up here costs about
//! as much as one letter. Only words whose every byte decides the outcome
//! are kept: at most 15 bytes (two 8-byte loads; `nghiêng` is 9), ended by an ASCII byte that is not a
//! letter (so the same bytes always end the word at the same place), and
//! left unchanged by the plain-word fast path (see `Builder::word`).
//!
//! Memory is bounded: a fixed table of [`SLOTS`] entries per thread, a new
//! word simply overwrites whatever shared its slot.

use std::cell::RefCell;

/// Table size, a power of two (24 bytes a slot: 96 KiB per thread).
const SLOTS: usize = 4096;
const SLOT_BITS: u32 = SLOTS.trailing_zeros();

/// A word's bytes, zero-padded to 16, and its length (never 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Key {
    lo: u64,
    hi: u64,
    len: u8,
}

impl Key {
    /// The key of the word that would start at `bytes[start]` if it ran to
    /// the first ASCII byte that is not a letter; `None` when there is no
    /// such byte within 15 bytes (a long word, or the end of the
    /// text is near), or it is the first byte.
    #[inline]
    pub(crate) fn at(bytes: &[u8], start: usize) -> Option<Key> {
        let chunk = bytes.get(start..start + 16)?;
        let (lo, hi) = chunk.split_at(8);
        let lo = u64::from_le_bytes(lo.try_into().ok()?);
        let hi = u64::from_le_bytes(hi.try_into().ok()?);
        let t = terminators(lo);
        let key = if t != 0 {
            let len = t.trailing_zeros() / 8;
            Key {
                lo: lo & ((1u64 << (8 * len)) - 1),
                hi: 0,
                len: len as u8,
            }
        } else {
            let t = terminators(hi);
            if t == 0 {
                return None;
            }
            let len = t.trailing_zeros() / 8;
            Key {
                lo,
                hi: hi & ((1u64 << (8 * len)) - 1),
                len: 8 + len as u8,
            }
        };
        (key.len > 0).then_some(key)
    }

    /// Byte length of the word.
    #[inline]
    pub(crate) fn len(self) -> usize {
        self.len as usize
    }

    /// Offset of the first non-ASCII byte of the word, if any.
    #[inline]
    pub(crate) fn first_non_ascii(self) -> Option<usize> {
        let lo = self.lo & HIGH;
        let hi = self.hi & HIGH;
        if lo != 0 {
            Some(lo.trailing_zeros() as usize / 8)
        } else if hi != 0 {
            Some(8 + hi.trailing_zeros() as usize / 8)
        } else {
            None
        }
    }

    #[inline]
    fn slot(self) -> usize {
        let h = (self.lo ^ self.hi.rotate_left(23) ^ u64::from(self.len))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (h >> (64 - SLOT_BITS)) as usize
    }
}

const HIGH: u64 = 0x8080_8080_8080_8080;

/// High bit set in each byte of `x` that is ASCII but not a letter.
#[inline]
fn terminators(x: u64) -> u64 {
    // Each byte below 0x80 with 0x20 set: letters become `a..=z`, and no
    // sum below carries into the next byte.
    let lower = (x & !HIGH) | 0x2020_2020_2020_2020;
    let at_least_a = lower + 0x1f1f_1f1f_1f1f_1f1f; // high bit iff >= 0x61
    let past_z = lower + 0x0505_0505_0505_0505; // high bit iff >= 0x7b
    let letter = at_least_a & !past_z;
    !x & !letter & HIGH
}

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    lo: u64,
    hi: u64,
    /// 0: empty (no key has length 0).
    len: u8,
    viet: bool,
}

/// Words known to be canonical, each with whether it has a lower-case
/// Vietnamese letter (see `Builder::after_word`).
pub(crate) struct WordCache {
    slots: Box<[Slot]>,
}

thread_local! {
    static CACHE: RefCell<Option<WordCache>> = const { RefCell::new(None) };
}

impl WordCache {
    /// This thread's cache (a new one the first time, or if a panic lost
    /// it); hand it back with [`WordCache::give_back`].
    pub(crate) fn take() -> WordCache {
        CACHE
            .try_with(|c| c.borrow_mut().take())
            .ok()
            .flatten()
            .unwrap_or_else(WordCache::new)
    }

    pub(crate) fn give_back(self) {
        // Thread teardown: the cache just goes away.
        let _ = CACHE.try_with(|c| *c.borrow_mut() = Some(self));
    }

    fn new() -> Self {
        WordCache {
            slots: vec![Slot::default(); SLOTS].into_boxed_slice(),
        }
    }

    /// Whether the word is known canonical: `Some(viet)`.
    #[inline]
    pub(crate) fn get(&self, key: Key) -> Option<bool> {
        let s = self.slots[key.slot()];
        (s.len == key.len && s.lo == key.lo && s.hi == key.hi).then_some(s.viet)
    }

    #[inline]
    pub(crate) fn insert(&mut self, key: Key, viet: bool) {
        self.slots[key.slot()] = Slot {
            lo: key.lo,
            hi: key.hi,
            len: key.len,
            viet,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_runs_to_the_first_ascii_non_letter() {
        let text = "người ta, Việt Nam.......";
        let key = Key::at(text.as_bytes(), 0).unwrap();
        assert_eq!(key.len(), "người".len());
        let key = Key::at(text.as_bytes(), "người ta, ".len()).unwrap();
        assert_eq!(key.len(), "Việt".len());
        // No terminator within 16 bytes, or too close to the end.
        assert_eq!(Key::at("nghiêngnghiêngnghiêng ".as_bytes(), 0), None);
        assert_eq!(Key::at("người ta".as_bytes(), 0), None);
        // Letters of both cases and bytes >= 0x80 continue; `@`, `[`, `` ` ``,
        // `{`, digits and spaces end.
        for end in [b'@', b'[', b'`', b'{', b'0', b' ', b'\n', 0x7f, 0] {
            let mut s = b"AzaZ\xc3\xa0".to_vec();
            s.push(end);
            s.extend_from_slice(b"aaaaaaaaaaaaaaaa");
            assert_eq!(Key::at(&s, 0).map(Key::len), Some(6), "{end:#x}");
        }
    }

    #[test]
    fn keys_tell_words_apart() {
        let a = Key::at(b"hoa hoa hoa hoa hoa hoa", 0).unwrap();
        let b = Key::at(b"hoa hoa hoa hoa hoa hoa", 4).unwrap();
        let c = Key::at(b"hoan hoa hoa hoa hoa hoa", 0).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        let mut cache = WordCache::new();
        cache.insert(a, true);
        assert_eq!(cache.get(b), Some(true));
        assert_eq!(cache.get(c), None);
    }
}

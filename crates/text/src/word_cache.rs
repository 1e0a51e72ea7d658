//! A per-thread memo of the words normalization has already settled.
//!
//! Why: an article is a few hundred distinct syllables said over and over,
//! and nearly all of them are already canonical. Checking a word from its
//! letter flags costs a table lookup and some tallying per letter; finding
//! its end sixteen bytes at a time and looking its bytes up here costs about
//! as much as one letter. Only words whose every byte decides the outcome
//! are kept: at most 15 bytes (one 16-byte load; `nghiêng` is 9), ended by an ASCII byte that is not a
//! letter (so the same bytes always end the word at the same place), and
//! made only of ASCII and precomposed Vietnamese letters (a "plain" word,
//! whose canonical form depends on nothing around it).
//!
//! Two tables: [`WordCache::get`] holds the words left as they are (most
//! of them), [`WordCache::changed`] the few whose tone moves (`hoà`,
//! `thuỷ`), with their canonical spelling, so that such a word is not
//! taken apart as a syllable again every time it comes back.
//!
//! Memory is bounded: fixed tables per thread, a new word simply
//! overwrites whatever shared its slot.

use std::cell::RefCell;

/// Table size, a power of two (16 bytes a slot: 64 KiB per thread).
const SLOTS: usize = 4096;
const SLOT_BITS: u32 = SLOTS.trailing_zeros();
/// Slots for changed words, a power of two: there are few such spellings.
const CHANGED_SLOTS: usize = 256;
const CHANGED_BITS: u32 = CHANGED_SLOTS.trailing_zeros();
/// Longest canonical spelling kept for a changed word (a moved tone can
/// make a 15-byte word two bytes longer).
const CANON_MAX: usize = 22;

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
    ///
    /// On x86_64 the 16 bytes are classified in one go with SSE2 (part of
    /// the architecture): this runs for nearly every word of every text.
    #[inline(always)]
    pub(crate) fn at(bytes: &[u8], start: usize) -> Option<Key> {
        Key::probe(bytes, start).map(|(key, _)| key)
    }

    /// [`Key::at`], and whether, within the same 16 bytes, the word is
    /// followed by one space and then an ASCII letter or a non-ASCII byte:
    /// the commonest way to the next word, told from the bytes already
    /// loaded.
    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    pub(crate) fn probe(bytes: &[u8], start: usize) -> Option<(Key, bool)> {
        use std::arch::x86_64::*;
        let chunk = bytes.get(start..)?.get(..16)?;
        // SAFETY: SSE2 is part of x86_64; the loads read the 16 bytes of
        // `chunk` and one of the 17 rows of `KEEP`, unaligned loads both.
        let (word, space, v) = unsafe {
            let v = _mm_loadu_si128(chunk.as_ptr().cast());
            // Letters of either case become 0..=25 (unsigned); every other
            // byte below 0x80 lands above, and so do bytes >= 0x80, which
            // the sign bits count as word bytes.
            let d = _mm_sub_epi8(
                _mm_or_si128(v, _mm_set1_epi8(0x20)),
                _mm_set1_epi8(b'a' as i8),
            );
            let letter = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(25)), d);
            let word = (_mm_movemask_epi8(letter) | _mm_movemask_epi8(v)) as u32;
            let space = _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(b' ' as i8))) as u32;
            (word, space, v)
        };
        let len = (!word).trailing_zeros() as usize;
        if len == 0 || len >= 16 {
            return None;
        }
        // SAFETY: as above; `len` is below 17.
        let (lo, hi) = unsafe {
            let key = _mm_and_si128(v, _mm_loadu_si128(KEEP[len].as_ptr().cast()));
            (
                _mm_cvtsi128_si64(key) as u64,
                _mm_cvtsi128_si64(_mm_unpackhi_epi64(key, key)) as u64,
            )
        };
        // Bit k: byte k is a space and byte k + 1 may start a word.
        let space_then_word = space & (word >> 1);
        let key = Key {
            lo,
            hi,
            len: len as u8,
        };
        Some((key, (space_then_word >> len) & 1 != 0))
    }

    /// [`Key::probe`] from [`Key::at_swar`] and byte tests: the portable
    /// form, and the oracle of the SSE2 one in the tests.
    #[cfg(any(test, not(target_arch = "x86_64")))]
    pub(crate) fn probe_bytewise(bytes: &[u8], start: usize) -> Option<(Key, bool)> {
        let key = Key::at_swar(bytes, start)?;
        let end = start + key.len();
        let next = end + 1;
        let then_word = next < start + 16
            && bytes[end] == b' '
            && bytes
                .get(next)
                .is_some_and(|&b| b >= 0x80 || b.is_ascii_alphabetic());
        Some((key, then_word))
    }

    /// [`Key::at`] eight bytes at a time in plain integers: the portable
    /// form, and the oracle of the SSE2 one in the tests.
    #[cfg(any(test, not(target_arch = "x86_64")))]
    #[inline]
    pub(crate) fn at_swar(bytes: &[u8], start: usize) -> Option<Key> {
        let chunk = bytes.get(start..start.checked_add(16)?)?;
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

    #[cfg(not(target_arch = "x86_64"))]
    #[inline]
    pub(crate) fn probe(bytes: &[u8], start: usize) -> Option<(Key, bool)> {
        Key::probe_bytewise(bytes, start)
    }

    /// Byte length of the word.
    #[inline]
    pub(crate) fn len(self) -> usize {
        self.len as usize
    }

    /// Whether the word has a byte outside ASCII (else normalization
    /// leaves it as it is).
    #[inline]
    pub(crate) fn has_non_ascii(self) -> bool {
        (self.lo | self.hi) & HIGH != 0
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

    /// The first slot of the key's pair in [`WordCache::slots`].
    #[inline]
    fn pair(self) -> usize {
        (self.hash() >> (64 - SLOT_BITS)) as usize & !1
    }

    /// The length needs no hashing: the zero padding already tells keys
    /// of different lengths apart. (`hi` is 0 for most words.)
    #[inline]
    fn hash(self) -> u64 {
        (self.lo ^ self.hi).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }
}

const HIGH: u64 = 0x8080_8080_8080_8080;

/// Row `n`: `n` bytes 0xFF, then zeros (to cut a word's key out of 16
/// loaded bytes).
#[cfg(target_arch = "x86_64")]
static KEEP: [[u8; 16]; 17] = {
    let mut t = [[0u8; 16]; 17];
    let mut n = 0;
    while n < 17 {
        let mut i = 0;
        while i < n {
            t[n][i] = 0xFF;
            i += 1;
        }
        n += 1;
    }
    t
};

/// High bit set in each byte of `x` that is ASCII but not a letter.
#[cfg(any(test, not(target_arch = "x86_64")))]
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

/// A known-canonical word: its key's bytes, with the `viet` flag in the
/// top byte of `hi`, which a key never uses (at most 15 bytes). All zero
/// when empty: a key's first byte is never 0 (a 0 byte ends a word).
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    lo: u64,
    hi: u64,
}

/// The top byte of [`Slot::hi`].
const VIET: u64 = 1 << 56;

/// A word whose tone moves: its key and its canonical spelling.
#[derive(Debug, Clone, Copy)]
struct ChangedSlot {
    key: Key,
    viet: bool,
    canon_len: u8,
    canon: [u8; CANON_MAX],
}

/// What normalization makes of a changed word (see [`WordCache::changed`]).
pub(crate) struct Changed<'a> {
    /// The canonical spelling.
    pub canon: &'a str,
    /// Whether it has a lower-case Vietnamese letter.
    pub viet: bool,
}

/// Words known to be canonical, each with whether it has a lower-case
/// Vietnamese letter (see `Builder::after_word`), and changed words with
/// their canonical spelling.
pub(crate) struct WordCache {
    slots: Box<[Slot; SLOTS]>,
    changed: Box<[Option<ChangedSlot>]>,
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
            slots: Box::new([Slot::default(); SLOTS]),
            changed: vec![None; CHANGED_SLOTS].into_boxed_slice(),
        }
    }

    /// Whether the word is known canonical: `Some(viet)`. A word sits in
    /// one of the two slots of its pair (see [`WordCache::insert`]).
    #[inline]
    pub(crate) fn get(&self, key: Key) -> Option<bool> {
        let at = key.pair();
        let holds = |s: Slot| s.lo == key.lo && s.hi & (VIET - 1) == key.hi;
        let s = self.slots[at];
        if holds(s) {
            return Some(s.hi >= VIET);
        }
        let s = self.slots[at + 1];
        holds(s).then_some(s.hi >= VIET)
    }

    /// Put a word first in its pair, and what was first second: two words
    /// that share a pair (there are a few thousand distinct words and a
    /// few thousand pairs) then do not keep pushing each other out.
    #[inline]
    pub(crate) fn insert(&mut self, key: Key, viet: bool) {
        let at = key.pair();
        self.slots[at + 1] = self.slots[at];
        self.slots[at] = Slot {
            lo: key.lo,
            hi: key.hi | if viet { VIET } else { 0 },
        };
    }

    /// The canonical spelling of a word known to change.
    #[inline]
    pub(crate) fn changed(&self, key: Key) -> Option<Changed<'_>> {
        let slot = self.changed[(key.hash() >> (64 - CHANGED_BITS)) as usize]
            .as_ref()
            .filter(|s| s.key == key)?;
        let canon = std::str::from_utf8(&slot.canon[..usize::from(slot.canon_len)]).ok()?;
        Some(Changed {
            canon,
            viet: slot.viet,
        })
    }

    /// Remember a changed word; spellings too long for a slot are not kept.
    pub(crate) fn insert_changed(&mut self, key: Key, canon: &str, viet: bool) {
        let Some(canon_len) = u8::try_from(canon.len())
            .ok()
            .filter(|&n| usize::from(n) <= CANON_MAX)
        else {
            return;
        };
        let mut bytes = [0; CANON_MAX];
        bytes[..canon.len()].copy_from_slice(canon.as_bytes());
        self.changed[(key.hash() >> (64 - CHANGED_BITS)) as usize] = Some(ChangedSlot {
            key,
            viet,
            canon_len,
            canon: bytes,
        });
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

    proptest::proptest! {
        /// The SSE2 key against the eight-bytes-at-a-time one, from every
        /// start, over the bytes that end words and those that do not
        /// (letter edges `@ [ ` { `, digits, NUL, DEL, UTF-8 bytes), and
        /// what each says follows the word.
        #[test]
        fn sse2_key_agrees_with_swar(
            bytes in proptest::collection::vec(proptest::sample::select(vec![
                b'a', b'z', b'A', b'Z', b'm', b'@', b'[', b'`', b'{', b'0', b'9', b' ',
                b'\n', 0, 0x7f, 0x80, 0xbf, 0xc3, 0xe1, 0xff,
            ]), 0..40),
        ) {
            for start in 0..=bytes.len() + 1 {
                proptest::prop_assert_eq!(Key::at(&bytes, start), Key::at_swar(&bytes, start));
                proptest::prop_assert_eq!(
                    Key::probe(&bytes, start),
                    Key::probe_bytewise(&bytes, start)
                );
            }
        }
    }

    #[test]
    fn slots_keep_the_viet_flag_and_changed_words() {
        let text = b"hoa hoa hoan hoan..................";
        let (a, b) = (Key::at(text, 0).unwrap(), Key::at(text, 8).unwrap());
        let mut cache = WordCache::new();
        cache.insert(a, false);
        cache.insert(b, true);
        assert_eq!((cache.get(a), cache.get(b)), (Some(false), Some(true)));
        assert!(cache.changed(a).is_none());
        cache.insert_changed(a, "hòa", true);
        let changed = cache.changed(a).unwrap();
        assert_eq!((changed.canon, changed.viet), ("hòa", true));
        assert!(cache.changed(b).is_none());
        // Too long to keep: nothing is remembered.
        cache.insert_changed(b, &"x".repeat(CANON_MAX + 1), false);
        assert!(cache.changed(b).is_none());
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

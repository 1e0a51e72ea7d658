//! Vietnamese letters and syllables: the one table the other modules share.
//!
//! A Vietnamese vowel letter is a base (`a ă â e ê i o ô ơ u ư y`) plus at
//! most one of five tone marks. Normalization moves tone marks, folding drops
//! them, and encoding detection counts well-formed syllables, so all three go
//! through [`vowel`] and [`analyze`] instead of re-deriving Unicode
//! decompositions per character.

use std::sync::LazyLock;

/// Vowel bases, indexed by [`Vowel::base`].
pub(crate) const BASES: [char; 12] = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
/// ASCII letter each base folds to.
pub(crate) const BASE_ASCII: [u8; 12] = *b"aaaeeiooouuy";
/// Combining tone marks, indexed by tone - 1: huyền, sắc, hỏi, ngã, nặng.
pub(crate) const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];

pub(crate) const I: u8 = 5;
pub(crate) const U: u8 = 9;

/// A vowel letter taken apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Vowel {
    /// Index into [`BASES`].
    pub base: u8,
    /// 0 = no tone (ngang), 1..=5 = [`TONE_MARKS`].
    pub tone: u8,
    pub upper: bool,
}

impl Vowel {
    /// Whether the base carries a quality mark (ă â ê ô ơ ư).
    pub(crate) fn marked(self) -> bool {
        matches!(self.base, 1 | 2 | 4 | 7 | 8 | 10)
    }
}

struct Tables {
    /// Packed [`Vowel`] for code points below 0x1B1 (0 = not a vowel).
    low: [u8; 0x1B1],
    /// Packed [`Vowel`] for U+1EA0..U+1EFA (Latin Extended Additional).
    ext: [u8; 0x5A],
    /// compose[base][tone][upper]
    compose: [[[char; 2]; 6]; 12],
    /// Bit set of the vowel clusters in [`CLUSTERS`] and [`CLUSTERS3`],
    /// keyed by [`cluster_key`], so a syllable check is one lookup rather
    /// than string comparisons.
    clusters: [u64; 64],
    /// What the word scanner of normalization needs to know about a letter,
    /// as bits ([`VOWEL`], [`TONED`], [`MARKED`], [`LOWER`], [`D`]); 0 for
    /// anything but a precomposed Vietnamese vowel or `đ`/`Đ`. For code
    /// points below 0x1B1 and in U+1EA0..U+1EFA; see [`FlagTables`].
    flags_low: [u8; 0x1B1],
    flags_ext: [u8; 0x5A],
}

/// Bits of the letter flags (see [`FlagTables`]).
pub(crate) const VOWEL: u8 = 1;
pub(crate) const TONED: u8 = 2;
/// A quality-marked vowel (ă â ê ô ơ ư), see [`Vowel::marked`].
pub(crate) const MARKED: u8 = 4;
/// A lower-case vowel, or `đ`.
pub(crate) const LOWER: u8 = 8;
/// `đ` or `Đ`.
pub(crate) const D: u8 = 16;

static TABLES: LazyLock<Tables> = LazyLock::new(build_tables);

fn build_tables() -> Tables {
    use unicode_normalization::UnicodeNormalization;
    let mut t = Tables {
        low: [0; 0x1B1],
        ext: [0; 0x5A],
        compose: [[['a'; 2]; 6]; 12],
        clusters: [0; 64],
        flags_low: [0; 0x1B1],
        flags_ext: [0; 0x5A],
    };
    t.flags_low['đ' as usize] = D | LOWER;
    t.flags_low['Đ' as usize] = D;
    for cluster in CLUSTERS.iter().chain(CLUSTERS3.iter()) {
        let bases = cluster
            .chars()
            .map(|c| BASES.iter().position(|&b| b == c).unwrap_or(0) as u8);
        if let Some(key) = cluster_key(bases) {
            t.clusters[key / 64] |= 1 << (key % 64);
        }
    }
    for (b, &base) in BASES.iter().enumerate() {
        for tone in 0..6u8 {
            let mut s = String::from(base);
            if tone > 0 {
                s.push(TONE_MARKS[tone as usize - 1]);
            }
            let lower = s.nfc().next().unwrap_or(base);
            let upper = lower.to_uppercase().next().unwrap_or(lower);
            for (u, c) in [(false, lower), (true, upper)] {
                t.compose[b][tone as usize][u as usize] = c;
                let packed = 1 + b as u8 + 12 * tone + if u { 0x80 } else { 0 };
                let v = Vowel {
                    base: b as u8,
                    tone,
                    upper: u,
                };
                let flags = VOWEL
                    | if tone > 0 { TONED } else { 0 }
                    | if v.marked() { MARKED } else { 0 }
                    | if u { 0 } else { LOWER };
                let cp = c as usize;
                if cp < 0x1B1 {
                    t.low[cp] = packed;
                    t.flags_low[cp] = flags;
                } else if (0x1EA0..0x1EFA).contains(&cp) {
                    t.ext[cp - 0x1EA0] = packed;
                    t.flags_ext[cp - 0x1EA0] = flags;
                }
            }
        }
    }
    t
}

/// The vowel `c` spells, if it is a (precomposed) Vietnamese vowel letter.
#[inline]
pub(crate) fn vowel(c: char) -> Option<Vowel> {
    let cp = c as usize;
    let packed = if cp < 0x1B1 {
        TABLES.low[cp]
    } else if (0x1EA0..0x1EFA).contains(&cp) {
        TABLES.ext[cp - 0x1EA0]
    } else {
        0
    };
    if packed == 0 {
        return None;
    }
    let v = (packed & 0x7f) - 1;
    Some(Vowel {
        base: v % 12,
        tone: v / 12,
        upper: packed & 0x80 != 0,
    })
}

/// The letter flag tables, fetched once by loops that look up many letters
/// (one lazy-init check instead of one per letter), with a lookup that
/// reads the UTF-8 bytes directly: one table read instead of unpacking a
/// [`Vowel`].
#[derive(Clone, Copy)]
pub(crate) struct FlagTables(&'static Tables);

impl FlagTables {
    pub(crate) fn get() -> Self {
        FlagTables(&TABLES)
    }

    /// Flags of the non-ASCII character starting at `b[i]`. A
    /// flagged letter is 2 bytes long when `b[i] < 0xE0`, else 3.
    #[inline]
    pub(crate) fn at(self, b: &[u8], i: usize) -> u8 {
        match b.get(i..) {
            Some(&[b0, b1, ..]) if b0 < 0xe0 => {
                let cp = ((b0 & 0x1f) as usize) << 6 | (b1 & 0x3f) as usize;
                self.0.flags_low.get(cp).copied().unwrap_or(0)
            }
            Some(&[0xe1, b1, b2, ..]) => {
                let cp = 0x1000 | ((b1 & 0x3f) as usize) << 6 | (b2 & 0x3f) as usize;
                cp.checked_sub(0x1EA0)
                    .and_then(|k| self.0.flags_ext.get(k))
                    .copied()
                    .unwrap_or(0)
            }
            _ => 0,
        }
    }
}

/// The precomposed letter for a vowel.
#[inline]
pub(crate) fn compose(v: Vowel) -> char {
    TABLES.compose[v.base as usize][v.tone as usize][v.upper as usize]
}

/// What [`analyze`] learned about one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Analysis {
    /// The word is a well-formed Vietnamese syllable (initial, vowel
    /// cluster, final, at most one tone).
    pub valid: bool,
    /// Char index of the vowel that carries the tone, if any.
    pub tone_at: Option<usize>,
    /// Char index where canonical (old-style) placement puts the tone.
    pub target: usize,
    /// The word contains a letter outside ASCII (a diacritic or `đ`).
    pub has_diacritic: bool,
}

/// Initial consonants, lower case, `D` standing for `đ`. A `match` on the
/// bytes rather than a list search: this runs for most Vietnamese words.
#[rustfmt::skip]
fn is_initial(s: &[u8]) -> bool {
    matches!(
        s,
        b"" | b"b" | b"c" | b"ch" | b"d" | b"D" | b"g" | b"gh" | b"gi" | b"h" | b"k" | b"kh"
            | b"l" | b"m" | b"n" | b"ng" | b"ngh" | b"nh" | b"p" | b"ph" | b"q" | b"r" | b"s"
            | b"t" | b"th" | b"tr" | b"v" | b"x"
    )
}

/// Final consonants.
fn is_final(s: &[u8]) -> bool {
    matches!(
        s,
        b"" | b"c" | b"ch" | b"m" | b"n" | b"ng" | b"nh" | b"p" | b"t"
    )
}

/// Take a word apart as a Vietnamese syllable. `None` when it has letters
/// outside the Vietnamese alphabet or is too long to be one syllable.
pub(crate) fn analyze(word: &str) -> Option<Analysis> {
    // Longest syllable is 7 letters (nghiêng); 8 leaves room for bad input.
    let mut vowels: [Option<Vowel>; 8] = [None; 8];
    let mut cons = [0u8; 8];
    let mut n = 0;
    let mut has_diacritic = false;
    for c in word.chars() {
        if n == 8 {
            return None;
        }
        if let Some(v) = vowel(c) {
            vowels[n] = Some(v);
            has_diacritic |= !c.is_ascii();
        } else if c.is_ascii_alphabetic() {
            cons[n] = c.to_ascii_lowercase() as u8;
        } else if c == 'đ' || c == 'Đ' {
            cons[n] = b'D';
            has_diacritic = true;
        } else {
            return None;
        }
        n += 1;
    }
    let first = (0..n).find(|&i| vowels[i].is_some());
    let mut tones = (0..n).filter(|&i| vowels[i].is_some_and(|v| v.tone > 0));
    let tone_at = tones.next();
    let many_tones = tones.next().is_some();
    let Some(first) = first else {
        return Some(Analysis {
            valid: false,
            tone_at,
            target: 0,
            has_diacritic,
        });
    };
    let mut end = first;
    while end < n && vowels[end].is_some() {
        end += 1;
    }
    let initial = consonants(&cons[..first]);
    let fin = consonants(&cons[end..n]);
    let mut start = first;
    // `qu` and `gi` (before another vowel) belong to the initial consonant.
    let base_at = |i: usize| vowels[i].map(|v| v.base);
    let qu = initial == Some(b"q") && base_at(start) == Some(U);
    let gi = initial == Some(b"g") && base_at(start) == Some(I);
    if (qu || gi) && end - start >= 2 {
        start += 1;
    }
    let valid_initial = match initial {
        Some(b"q") => start > first,
        Some(s) => is_initial(s),
        None => false,
    };
    let valid_final = fin.is_some_and(is_final);
    let len = end - start;
    let marked = (start..end)
        .rev()
        .find(|&i| vowels[i].is_some_and(|v| v.marked()));
    let target = match (marked, fin) {
        (Some(i), _) => i,
        (None, Some(b"")) if len == 3 => start + 1,
        (None, Some(b"")) => start, // old style: hòa, khỏe, thủy
        (None, _) => end - 1,
    };
    let valid = valid_initial
        && valid_final
        && (1..=3).contains(&len)
        && !many_tones
        && base_ok(&vowels, start, end);
    Some(Analysis {
        valid,
        tone_at,
        target,
        has_diacritic,
    })
}

/// Vowel clusters (nuclei with their glides) Vietnamese syllables have,
/// after `qu`/`gi` are taken off. Loan spellings like `xoong` are left out:
/// they are simply not "well-formed" and are never re-accented.
#[rustfmt::skip]
const CLUSTERS: [&str; 49] = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", //
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "ua", "uâ",
    "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê", //
    "iêu", "oai", "oay", "oeo", "uây", "uôi", "uya", "uyê",
];
const CLUSTERS3: [&str; 4] = ["uyu", "ươi", "ươu", "yêu"];

pub(crate) fn base_ok(vowels: &[Option<Vowel>; 8], start: usize, end: usize) -> bool {
    let bases = vowels[start..end].iter().flatten().map(|v| v.base);
    cluster_key(bases).is_some_and(|key| TABLES.clusters[key / 64] >> (key % 64) & 1 != 0)
}

/// A vowel cluster of at most three bases as a 12-bit number (4 bits per
/// base, base index + 1, so no key is a prefix of another); `None` for an
/// empty or longer cluster, which no syllable has.
fn cluster_key(bases: impl Iterator<Item = u8>) -> Option<usize> {
    let mut key = 0usize;
    let mut len = 0;
    for b in bases {
        len += 1;
        if len > 3 {
            return None;
        }
        key = key << 4 | (b as usize + 1);
    }
    (len > 0).then_some(key)
}

/// The consonant letters, or `None` if a vowel sits among them.
pub(crate) fn consonants(cons: &[u8]) -> Option<&[u8]> {
    cons.iter().all(|&b| b != 0).then_some(cons)
}

/// The canonical (old-style) spelling of `word` if its tone mark sits on the
/// wrong vowel, written into `out`. Returns false (and leaves `out` alone)
/// when nothing needs to move.
pub(crate) fn place_tone(word: &str, out: &mut String) -> bool {
    let Some(a) = analyze(word) else { return false };
    let Some(from) = a.tone_at else { return false };
    if !a.valid || from == a.target {
        return false;
    }
    let mut tone = 0;
    for (i, c) in word.chars().enumerate() {
        if i == from {
            if let Some(v) = vowel(c) {
                tone = v.tone;
            }
        }
    }
    for (i, c) in word.chars().enumerate() {
        let Some(v) = vowel(c) else {
            out.push(c);
            continue;
        };
        let t = if i == a.target {
            tone
        } else if i == from {
            0
        } else {
            v.tone
        };
        out.push(compose(Vowel { tone: t, ..v }));
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(w: &str) -> String {
        let mut s = String::new();
        if place_tone(w, &mut s) {
            s
        } else {
            w.to_string()
        }
    }

    #[test]
    fn vowel_table_round_trips() {
        for (b, &base) in BASES.iter().enumerate() {
            let v = vowel(base).unwrap();
            assert_eq!((v.base as usize, v.tone, v.upper), (b, 0, false));
            for tone in 0..6 {
                for upper in [false, true] {
                    let v = Vowel {
                        base: b as u8,
                        tone,
                        upper,
                    };
                    assert_eq!(vowel(compose(v)), Some(v));
                }
            }
        }
        assert_eq!(
            vowel('ệ'),
            Some(Vowel {
                base: 4,
                tone: 5,
                upper: false
            })
        );
        assert_eq!(
            vowel('Ữ'),
            Some(Vowel {
                base: 10,
                tone: 4,
                upper: true
            })
        );
        assert_eq!(vowel('b'), None);
        assert_eq!(vowel('ü'), None);
    }

    /// Flags of a char through its code point, the way the tables are built.
    fn letter_flags(c: char) -> u8 {
        let cp = c as usize;
        if cp < 0x1B1 {
            TABLES.flags_low[cp]
        } else if (0x1EA0..0x1EFA).contains(&cp) {
            TABLES.flags_ext[cp - 0x1EA0]
        } else {
            0
        }
    }

    #[test]
    fn letter_flags_agree_with_vowels() {
        for cp in 0..0x2000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let f = letter_flags(c);
            match vowel(c) {
                Some(v) => assert_eq!(
                    f,
                    VOWEL
                        | if v.tone > 0 { TONED } else { 0 }
                        | if v.marked() { MARKED } else { 0 }
                        | if v.upper { 0 } else { LOWER },
                    "{c}"
                ),
                None if c == 'đ' => assert_eq!(f, D | LOWER),
                None if c == 'Đ' => assert_eq!(f, D),
                None => assert_eq!(f, 0, "{c}"),
            }
            if !c.is_ascii() {
                let mut buf = [0u8; 4];
                let bytes = c.encode_utf8(&mut buf).as_bytes();
                assert_eq!(FlagTables::get().at(bytes, 0), f, "{c}");
                if f != 0 {
                    assert_eq!(bytes.len(), if bytes[0] < 0xe0 { 2 } else { 3 });
                }
            }
        }
    }

    #[test]
    fn old_style_placement() {
        for (from, to) in [
            ("hoà", "hòa"),
            ("HOÀ", "HÒA"),
            ("uỷ", "ủy"),
            ("thuỷ", "thủy"),
            ("khoẻ", "khỏe"),
            ("hoè", "hòe"),
            ("Hoá", "Hóa"),
            ("toán", "toán"),
            ("hoàng", "hoàng"),
            ("hóang", "hoáng"),
            ("quý", "quý"),
            ("qúy", "quý"),
            ("già", "già"),
            ("gìa", "già"),
            ("gìn", "gìn"),
            ("ngừơi", "người"),
            ("tiếng", "tiếng"),
            ("khuỷu", "khuỷu"),
            ("ngoài", "ngoài"),
            ("ngòai", "ngoài"),
            ("mía", "mía"),
            ("của", "của"),
            ("huỳnh", "huỳnh"),
            ("hủynh", "huỷnh"),
            ("chuyển", "chuyển"),
            ("café", "café"),
            ("Hélène", "Hélène"),
        ] {
            assert_eq!(placed(from), to, "{from}");
        }
    }

    #[test]
    fn validity() {
        for w in [
            "người",
            "nghiêng",
            "Việt",
            "quốc",
            "gì",
            "đường",
            "thủy",
            "khuya",
            "oai",
        ] {
            assert!(analyze(w).unwrap().valid, "{w}");
        }
        for w in [
            "µa", "xyz", "Hélène", "vànày", "hóàng", "Vieọt", "coọng", "hoứa", "xaừ", "Vieảt",
        ] {
            assert!(!analyze(w).is_some_and(|a| a.valid), "{w}");
        }
    }
}

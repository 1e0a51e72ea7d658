//! Legacy Vietnamese font encodings: TCVN3 (ABC), VNI, VIQR, VISCII, and
//! UTF-8 that was decoded as Windows-1252 and encoded again (mojibake).
//!
//! Before Unicode, Vietnamese pages and documents used font encodings: the
//! bytes are Latin-1/Windows-1252 code points that a special font (.VnTime,
//! VNI-Times) draws as Vietnamese letters. Such text reaches us two ways: as
//! raw bytes (an old page or document), or already "decoded" as
//! Windows-1252 inside a UTF-8 page whose CSS names the font (`Ngµy`,
//! `ViÖt Nam`, `nhaø`). The converters here therefore work on text whose
//! characters stand for bytes through Windows-1252 ([`bytes_as_text`] makes
//! such text from raw bytes); characters with no Windows-1252 byte pass
//! through unchanged.
//!
//! Detection ([`detect`]) does not guess from byte statistics: it converts a
//! sample with every candidate and counts words that are well-formed
//! Vietnamese syllables with diacritics, minus words with non-ASCII letters
//! that are not. Real Vietnamese scores high only in the right encoding.
//!
//! Tables: TCVN3 is the VN3 subset of TCVN 5712:1993 (lower-case letters
//! plus the seven unaccented capitals `Ă Â Ê Ô Ơ Ư Đ`; capitals with tones
//! were drawn with a separate "H" font on the lower-case codes, so they
//! decode as lower case). VNI writes a base letter followed by a mark byte
//! (`a` + `ø` = `à`, `e` + `ä` = `ệ`). VISCII (RFC 1456) has all 134 letters,
//! six of them on C0 control codes. VIQR (RFC 1456) is ASCII: `Vie^.t Nam`.

use std::sync::LazyLock;

use crate::syllable::{self, Vowel};

/// A legacy encoding this module converts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    Tcvn3,
    Vni,
    Viqr,
    Viscii,
    /// UTF-8 bytes that were read as Windows-1252 (`Viá»‡t` for `Việt`).
    Mojibake,
}

impl Legacy {
    pub const ALL: [Legacy; 5] = [
        Legacy::Tcvn3,
        Legacy::Vni,
        Legacy::Viqr,
        Legacy::Viscii,
        Legacy::Mojibake,
    ];

    /// Name used in [`crate::Decoded::encoding`].
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3",
            Legacy::Vni => "VNI",
            Legacy::Viqr => "VIQR",
            Legacy::Viscii => "VISCII",
            Legacy::Mojibake => "UTF-8 (double-encoded)",
        }
    }

    /// Convert text in this encoding (Windows-1252 view) to Unicode.
    pub fn convert(self, text: &str) -> String {
        match self {
            Legacy::Tcvn3 => tcvn3_to_unicode(text),
            Legacy::Vni => vni_to_unicode(text),
            Legacy::Viqr => viqr_to_unicode(text),
            Legacy::Viscii => viscii_to_unicode(text),
            Legacy::Mojibake => repair_mojibake(text),
        }
    }
}

/// TCVN3 (VN3): byte -> letter for the bytes that are letters.
#[rustfmt::skip]
pub const TCVN3: [(u8, char); 74] = [
    (0xA1, 'Ă'), (0xA2, 'Â'), (0xA3, 'Ê'), (0xA4, 'Ô'), (0xA5, 'Ơ'), (0xA6, 'Ư'), (0xA7, 'Đ'),
    (0xA8, 'ă'), (0xA9, 'â'), (0xAA, 'ê'), (0xAB, 'ô'), (0xAC, 'ơ'), (0xAD, 'ư'), (0xAE, 'đ'),
    (0xB5, 'à'), (0xB6, 'ả'), (0xB7, 'ã'), (0xB8, 'á'), (0xB9, 'ạ'),
    (0xBB, 'ằ'), (0xBC, 'ẳ'), (0xBD, 'ẵ'), (0xBE, 'ắ'), (0xC6, 'ặ'),
    (0xC7, 'ầ'), (0xC8, 'ẩ'), (0xC9, 'ẫ'), (0xCA, 'ấ'), (0xCB, 'ậ'),
    (0xCC, 'è'), (0xCE, 'ẻ'), (0xCF, 'ẽ'), (0xD0, 'é'), (0xD1, 'ẹ'),
    (0xD2, 'ề'), (0xD3, 'ể'), (0xD4, 'ễ'), (0xD5, 'ế'), (0xD6, 'ệ'),
    (0xD7, 'ì'), (0xD8, 'ỉ'), (0xDC, 'ĩ'), (0xDD, 'í'), (0xDE, 'ị'),
    (0xDF, 'ò'), (0xE1, 'ỏ'), (0xE2, 'õ'), (0xE3, 'ó'), (0xE4, 'ọ'),
    (0xE5, 'ồ'), (0xE6, 'ổ'), (0xE7, 'ỗ'), (0xE8, 'ố'), (0xE9, 'ộ'),
    (0xEA, 'ờ'), (0xEB, 'ở'), (0xEC, 'ỡ'), (0xED, 'ớ'), (0xEE, 'ợ'),
    (0xEF, 'ù'), (0xF1, 'ủ'), (0xF2, 'ũ'), (0xF3, 'ú'), (0xF4, 'ụ'),
    (0xF5, 'ừ'), (0xF6, 'ử'), (0xF7, 'ữ'), (0xF8, 'ứ'), (0xF9, 'ự'),
    (0xFA, 'ỳ'), (0xFB, 'ỷ'), (0xFC, 'ỹ'), (0xFD, 'ý'), (0xFE, 'ỵ'),
];

/// VISCII (RFC 1456): byte -> letter, bytes 0x80..=0xFF in order.
#[rustfmt::skip]
pub const VISCII_HIGH: [char; 128] = [
    'Ạ', 'Ắ', 'Ằ', 'Ặ', 'Ấ', 'Ầ', 'Ẩ', 'Ậ', 'Ẽ', 'Ẹ', 'Ế', 'Ề', 'Ể', 'Ễ', 'Ệ', 'Ố', //
    'Ồ', 'Ổ', 'Ỗ', 'Ộ', 'Ợ', 'Ớ', 'Ờ', 'Ở', 'Ị', 'Ỏ', 'Ọ', 'Ỉ', 'Ủ', 'Ũ', 'Ụ', 'Ỳ', //
    'Õ', 'ắ', 'ằ', 'ặ', 'ấ', 'ầ', 'ẩ', 'ậ', 'ẽ', 'ẹ', 'ế', 'ề', 'ể', 'ễ', 'ệ', 'ố', //
    'ồ', 'ổ', 'ỗ', 'Ỡ', 'Ơ', 'ộ', 'ờ', 'ở', 'ị', 'Ự', 'Ứ', 'Ừ', 'Ử', 'ơ', 'ớ', 'Ư', //
    'À', 'Á', 'Â', 'Ã', 'Ả', 'Ă', 'ẳ', 'ẵ', 'È', 'É', 'Ê', 'Ẻ', 'Ì', 'Í', 'Ĩ', 'ỳ', //
    'Đ', 'ứ', 'Ò', 'Ó', 'Ô', 'ạ', 'ỷ', 'ừ', 'ử', 'Ù', 'Ú', 'ỹ', 'ỵ', 'Ý', 'ỡ', 'ư', //
    'à', 'á', 'â', 'ã', 'ả', 'ă', 'ữ', 'ẫ', 'è', 'é', 'ê', 'ẻ', 'ì', 'í', 'ĩ', 'ỉ', //
    'đ', 'ự', 'ò', 'ó', 'ô', 'õ', 'ỏ', 'ọ', 'ụ', 'ù', 'ú', 'ũ', 'ủ', 'ý', 'ợ', 'Ữ', //
];

/// VISCII letters on C0 control codes.
pub const VISCII_LOW: [(u8, char); 6] = [
    (0x02, 'Ẳ'),
    (0x05, 'Ẵ'),
    (0x06, 'Ẫ'),
    (0x14, 'Ỷ'),
    (0x19, 'Ỹ'),
    (0x1E, 'Ỵ'),
];

/// VNI mark bytes (lower case; upper case is 0x20 less): (byte, quality, tone).
/// Quality 0 = none, 1 = circumflex (a e o), 2 = breve (a). Tones as in
/// [`syllable::TONE_MARKS`] + 1: 1 huyền, 2 sắc, 3 hỏi, 4 ngã, 5 nặng.
#[rustfmt::skip]
pub const VNI_MARKS: [(u8, u8, u8); 17] = [
    (0xF8, 0, 1), (0xF9, 0, 2), (0xFB, 0, 3), (0xF5, 0, 4), (0xEF, 0, 5),
    (0xE2, 1, 0), (0xE0, 1, 1), (0xE1, 1, 2), (0xE5, 1, 3), (0xE3, 1, 4), (0xE4, 1, 5),
    (0xEA, 2, 0), (0xE8, 2, 1), (0xE9, 2, 2), (0xFA, 2, 3), (0xFC, 2, 4), (0xEB, 2, 5),
];

/// VNI single-byte letters (lower case; upper case is 0x20 less).
#[rustfmt::skip]
pub const VNI_SINGLE: [(u8, char, char); 9] = [
    (0xF4, 'ơ', 'Ơ'), (0xF6, 'ư', 'Ư'), (0xF1, 'đ', 'Đ'), (0xED, 'í', 'Í'), (0xEC, 'ì', 'Ì'),
    (0xE6, 'ỉ', 'Ỉ'), (0xF3, 'ĩ', 'Ĩ'), (0xF2, 'ị', 'Ị'), (0xEE, 'ỵ', 'Ỵ'),
];

struct Cp1252 {
    /// Windows-1252 byte -> char (WHATWG: total, undefined bytes to C1).
    to_char: [char; 256],
}

static CP1252: LazyLock<Cp1252> = LazyLock::new(|| {
    let mut to_char = ['\0'; 256];
    for (b, slot) in to_char.iter_mut().enumerate() {
        let byte = [b as u8];
        let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
        *slot = s.chars().next().unwrap_or('\u{fffd}');
    }
    Cp1252 { to_char }
});

/// The Windows-1252 byte a character stands for (C1 controls stand for
/// themselves, as when Latin-1 was used instead).
pub fn cp1252_byte(c: char) -> Option<u8> {
    let cp = c as u32;
    if cp < 0x80 || (0xA0..=0xFF).contains(&cp) || (0x80..=0x9F).contains(&cp) {
        return Some(cp as u8);
    }
    (0x80..0xA0)
        .find(|&b| CP1252.to_char[b] == c)
        .map(|b| b as u8)
}

/// Raw bytes as text whose characters stand for the bytes (Windows-1252).
pub fn bytes_as_text(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| CP1252.to_char[b as usize]).collect()
}

fn tcvn3_table() -> &'static [Option<char>; 256] {
    static T: LazyLock<[Option<char>; 256]> = LazyLock::new(|| {
        let mut t = [None; 256];
        for (b, c) in TCVN3 {
            t[b as usize] = Some(c);
        }
        t
    });
    &T
}

/// TCVN3 (Windows-1252 view) to Unicode.
pub fn tcvn3_to_unicode(text: &str) -> String {
    let t = tcvn3_table();
    text.chars()
        .map(|c| cp1252_byte(c).and_then(|b| t[b as usize]).unwrap_or(c))
        .collect()
}

/// VISCII (Windows-1252 view) to Unicode.
pub fn viscii_to_unicode(text: &str) -> String {
    text.chars()
        .map(|c| match cp1252_byte(c) {
            Some(b) if b >= 0x80 => VISCII_HIGH[b as usize - 0x80],
            Some(b) => VISCII_LOW
                .iter()
                .find(|&&(x, _)| x == b)
                .map_or(c, |&(_, l)| l),
            None => c,
        })
        .collect()
}

fn vni_mark(b: u8) -> Option<(u8, u8)> {
    let lower = if (0xC0..0xE0).contains(&b) {
        b + 0x20
    } else {
        b
    };
    VNI_MARKS.iter().find(|m| m.0 == lower).map(|m| (m.1, m.2))
}

fn vni_single(b: u8) -> Option<char> {
    let (lower, upper) = if (0xC0..0xE0).contains(&b) {
        (b + 0x20, true)
    } else {
        (b, false)
    };
    VNI_SINGLE
        .iter()
        .find(|s| s.0 == lower)
        .map(|s| if upper { s.2 } else { s.1 })
}

/// VNI-Windows (Windows-1252 view) to Unicode.
pub fn vni_to_unicode(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied().and_then(cp1252_byte);
        let base = vni_base(c);
        if let (Some(v), Some(nb)) = (base, next) {
            if let Some((quality, tone)) = vni_mark(nb) {
                if let Some(v) = apply_quality(v, quality) {
                    out.push(syllable::compose(Vowel { tone, ..v }));
                    i += 2;
                    continue;
                }
            }
        }
        match cp1252_byte(c).filter(|&b| b >= 0x80).and_then(vni_single) {
            Some(s) => {
                // ơ/ư may carry a tone mark byte after them.
                let v = syllable::vowel(s);
                match (v, next.and_then(vni_mark)) {
                    (Some(v), Some((0, tone))) if tone > 0 && v.tone == 0 => {
                        out.push(syllable::compose(Vowel { tone, ..v }));
                        i += 2;
                    }
                    _ => {
                        out.push(s);
                        i += 1;
                    }
                }
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// The vowel an ASCII letter starts in VNI.
fn vni_base(c: char) -> Option<Vowel> {
    if !c.is_ascii_alphabetic() {
        return None;
    }
    syllable::vowel(c)
}

fn apply_quality(v: Vowel, quality: u8) -> Option<Vowel> {
    let base = match (v.base, quality) {
        (b, 0) => b,
        (0, 1) => 2, // â
        (0, 2) => 1, // ă
        (3, 1) => 4, // ê
        (6, 1) => 7, // ô
        _ => return None,
    };
    Some(Vowel { base, ..v })
}

/// VIQR (`Vie^.t Nam`, `ddu+o+`) to Unicode. `?` and `.` after a vowel are
/// tone marks only when a letter (or a space and a lower-case word) follows
/// or a quality mark precedes them, so sentence punctuation survives; `\`
/// escapes a mark.
pub fn viqr_to_unicode(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev_letter = i > 0 && chars[i - 1].is_alphabetic();
        if (c == 'd' || c == 'D') && !prev_letter && matches!(chars.get(i + 1), Some('d' | 'D')) {
            out.push(if c == 'D' { 'Đ' } else { 'đ' });
            i += 2;
            continue;
        }
        let Some(mut v) = vni_base(c) else {
            out.push(c);
            i += 1;
            continue;
        };
        let mut j = i + 1;
        let mut quality = false;
        if let Some(&q) = chars.get(j) {
            let nv = match (v.base, q) {
                (0, '^') => Some(2),
                (0, '(') => Some(1),
                (3, '^') => Some(4),
                (6, '^') => Some(7),
                (6, '+' | '*') => Some(8),
                (9, '+' | '*') => Some(10),
                _ => None,
            };
            if let Some(b) = nv {
                v.base = b;
                quality = true;
                j += 1;
            }
        }
        if let Some(&t) = chars.get(j) {
            let tone = match t {
                '`' => 1,
                '\'' => 2,
                '?' => 3,
                '~' => 4,
                '.' => 5,
                _ => 0,
            };
            // A sentence goes on after a space with a lower-case word.
            let letter_after = chars.get(j + 1).is_some_and(|c| c.is_alphabetic())
                || (chars.get(j + 1) == Some(&' ')
                    && chars.get(j + 2).is_some_and(|c| c.is_lowercase()));
            let ambiguous = matches!(t, '?' | '.');
            if tone > 0 && (!ambiguous || letter_after || quality) {
                v.tone = tone;
                j += 1;
            }
        }
        out.push(syllable::compose(v));
        i = j;
        if chars.get(i) == Some(&'\\') && chars.get(i + 1).is_some_and(|c| "^(+*`'?~.".contains(*c))
        {
            i += 1; // escaped mark: drop the backslash, keep the mark
        }
    }
    out
}

/// Undo UTF-8 read as Windows-1252: each run of non-ASCII characters that
/// stand for bytes forming valid UTF-8 is replaced by what they spell.
pub fn repair_mojibake(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run: Vec<u8> = Vec::new();
    let mut run_text = String::new();
    let flush = |run: &mut Vec<u8>, run_text: &mut String, out: &mut String| {
        match std::str::from_utf8(run) {
            Ok(s) if !run.is_empty() => out.push_str(s),
            _ => out.push_str(run_text),
        }
        run.clear();
        run_text.clear();
    };
    for c in text.chars() {
        match cp1252_byte(c).filter(|&b| b >= 0x80) {
            Some(b) => {
                run.push(b);
                run_text.push(c);
            }
            None => {
                flush(&mut run, &mut run_text, &mut out);
                out.push(c);
            }
        }
    }
    flush(&mut run, &mut run_text, &mut out);
    out
}

/// How Vietnamese `text` looks: well-formed syllables with diacritics count
/// +1, words with non-ASCII characters that are not syllables count -1.
/// Words split only at ASCII non-letters, whitespace and typographic
/// punctuation, so mojibake like `tá»©c` stays one (bad) word instead of
/// yielding the syllable `tá`.
pub fn vietnamese_score(text: &str) -> i64 {
    // ASCII whitespace splits words, and all-ASCII pieces hold no word that
    // counts: score only the pieces around non-ASCII bytes.
    let b = text.as_bytes();
    let mut score = 0;
    let mut i = 0;
    while i < b.len() {
        if b.get(i..i + 16).is_some_and(|chunk| chunk.is_ascii()) {
            i += 16;
            continue;
        }
        if b[i].is_ascii() {
            i += 1;
            continue;
        }
        let start = b[..i]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(0, |p| p + 1);
        let end = b[i..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(b.len(), |p| i + p);
        score += score_words(&text[start..end]);
        i = end;
    }
    score
}

fn score_words(text: &str) -> i64 {
    let mut score = 0;
    let split = |c: char| {
        (c.is_ascii() && !c.is_ascii_alphabetic())
            || c.is_whitespace()
            || matches!(c, '“' | '”' | '‘' | '’' | '–' | '—' | '…')
    };
    for word in text.split(split) {
        if word.is_ascii() {
            continue;
        }
        match syllable::analyze(word) {
            Some(a) if a.valid && a.has_diacritic => score += 1,
            _ => score -= 1,
        }
    }
    score
}

/// `vietnamese_score(&viqr_to_unicode(text))`, given `base`, the score of
/// `text`, converting only the whitespace-separated pieces that hold a VIQR
/// mark: the others convert to themselves, and scores add up over pieces.
/// Most pages tried for VIQR are English, with a mark in few pieces if any.
fn viqr_score(text: &str, base: i64) -> i64 {
    let b = text.as_bytes();
    let mut score = base;
    let mut start = 0;
    while start < b.len() {
        if b[start].is_ascii_whitespace() {
            start += 1;
            continue;
        }
        let end = b[start..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(b.len(), |e| start + e);
        if has_viqr_mark(&b[start..end]) {
            // A final `?` or `.` is a tone before " " and a lower-case word:
            // convert with the whitespace and the character after it.
            let context_end = text[end..]
                .char_indices()
                .nth(2)
                .map_or(text.len(), |(i, _)| end + i);
            let converted = viqr_to_unicode(&text[start..context_end]);
            let piece = match converted.rfind(|c: char| c.is_ascii_whitespace()) {
                Some(ws) if context_end > end => &converted[..ws],
                _ => converted.as_str(),
            };
            score += vietnamese_score(piece) - vietnamese_score(&text[start..end]);
        }
        start = end;
    }
    score
}

/// Whether VIQR conversion changes anything in `b`: a vowel followed by a
/// mark, or `dd`.
fn has_viqr_mark(b: &[u8]) -> bool {
    b.windows(2).any(|w| match w[1] {
        b'^' | b'(' | b'+' | b'*' | b'`' | b'\'' | b'?' | b'~' | b'.' => {
            vni_base(w[0] as char).is_some()
        }
        b'd' | b'D' => matches!(w[0], b'd' | b'D'),
        _ => false,
    })
}

/// Whether VIQR is worth trying: letters are (nearly) all ASCII.
fn ascii_letters(text: &str) -> bool {
    let ascii = text.bytes().filter(u8::is_ascii_alphabetic).count();
    let other = if text.is_ascii() {
        0
    } else {
        text.chars()
            .filter(|c| !c.is_ascii() && c.is_alphabetic())
            .count()
    };
    other * 200 <= ascii
}

/// How much of `text` to look at when detecting.
const SAMPLE: usize = 64 * 1024;

/// The legacy encoding `text` (Windows-1252 view, or plain ASCII for VIQR)
/// is written in, if converting it makes clearly more Vietnamese.
pub fn detect(text: &str) -> Option<Legacy> {
    detect_among(text, &Legacy::ALL)
}

/// Like [`detect`], trying only `candidates`.
pub fn detect_among(text: &str, candidates: &[Legacy]) -> Option<Legacy> {
    let mut end = text.len().min(SAMPLE);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    let base = vietnamese_score(sample);
    let mut best: Option<(Legacy, i64)> = None;
    let viqr_possible = ascii_letters(sample);
    for &enc in candidates {
        if enc == Legacy::Viqr && !viqr_possible {
            continue;
        }
        let score = match enc {
            Legacy::Viqr => viqr_score(sample, base),
            _ => vietnamese_score(&enc.convert(sample)),
        };
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((enc, score));
        }
    }
    let (enc, score) = best?;
    // Clearly better: at least 3 more good words and a margin of a quarter.
    (score >= 3 && score - base >= 3 && score - base >= base.abs() / 4).then_some(enc)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENTENCE: &str = "Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc. \
        Ủy ban nhân dân tỉnh Quảng Ninh tổ chức lớp tập huấn về bình đẳng giới cho những người được chọn.";

    /// Encode with the inverse of our own table, to check round trips.
    fn encode_single(text: &str, table: &[(u8, char)]) -> Vec<u8> {
        text.chars()
            .map(|c| {
                if c.is_ascii() {
                    c as u8
                } else {
                    table
                        .iter()
                        .find(|&&(_, l)| l == c)
                        .map(|&(b, _)| b)
                        .unwrap_or_else(|| panic!("no byte for {c}"))
                }
            })
            .collect()
    }

    fn viscii_pairs() -> Vec<(u8, char)> {
        let mut v: Vec<(u8, char)> = VISCII_HIGH
            .iter()
            .enumerate()
            .map(|(i, &c)| (0x80 + i as u8, c))
            .collect();
        v.extend(VISCII_LOW);
        v
    }

    #[test]
    fn tcvn3_known_bytes_and_round_trip() {
        // Hand-checked: "ViÖt" (0xD6 = ệ), "Ngµy" (0xB5 = à), "®­îc" (đ ư ợ).
        assert_eq!(tcvn3_to_unicode("ViÖt Nam"), "Việt Nam");
        assert_eq!(tcvn3_to_unicode(&bytes_as_text(b"Ng\xb5y")), "Ngày");
        assert_eq!(tcvn3_to_unicode(&bytes_as_text(b"\xae\xad\xeec")), "được");
        // Capitals with tones do not exist in TCVN3: write the sentence in lower case.
        let lower = SENTENCE.to_lowercase();
        let bytes = encode_single(&lower, &TCVN3);
        assert_eq!(tcvn3_to_unicode(&bytes_as_text(&bytes)), lower);
        assert_eq!(detect(&bytes_as_text(&bytes)), Some(Legacy::Tcvn3));
    }

    #[test]
    fn viscii_table_is_complete_and_round_trips() {
        let pairs = viscii_pairs();
        let mut letters: Vec<char> = pairs.iter().map(|p| p.1).collect();
        letters.sort();
        letters.dedup();
        assert_eq!(letters.len(), 134);
        assert!(letters
            .iter()
            .all(|&c| syllable::vowel(c).is_some() || c == 'đ' || c == 'Đ'));
        assert_eq!(viscii_to_unicode(&bytes_as_text(b"Vi\xaet")), "Việt");
        let bytes = encode_single(SENTENCE, &pairs);
        assert_eq!(viscii_to_unicode(&bytes_as_text(&bytes)), SENTENCE);
        assert_eq!(detect(&bytes_as_text(&bytes)), Some(Legacy::Viscii));
    }

    /// Our own VNI encoder: base letter + mark byte, the inverse of the tables.
    fn vni_encode(text: &str) -> String {
        let mut out = Vec::new();
        for c in text.chars() {
            if let Some(&(b, _, _)) = VNI_SINGLE.iter().find(|s| s.1 == c) {
                out.push(b);
                continue;
            }
            if let Some(&(b, _, _)) = VNI_SINGLE.iter().find(|s| s.2 == c) {
                out.push(b - 0x20);
                continue;
            }
            let Some(v) = syllable::vowel(c).filter(|_| !c.is_ascii()) else {
                out.push(c as u8);
                continue;
            };
            let (letter, quality) = match v.base {
                0 => ('a', 0),
                1 => ('a', 2),
                2 => ('a', 1),
                3 => ('e', 0),
                4 => ('e', 1),
                5 => ('i', 0),
                6 => ('o', 0),
                7 => ('o', 1),
                9 => ('u', 0),
                11 => ('y', 0),
                8 | 10 => {
                    let horn = if v.base == 8 { 0xF4 } else { 0xF6 };
                    out.push(if v.upper { horn - 0x20 } else { horn });
                    ('\0', 0)
                }
                _ => unreachable!(),
            };
            if letter != '\0' {
                out.push(if v.upper {
                    letter.to_ascii_uppercase() as u8
                } else {
                    letter as u8
                });
            }
            let q = if letter == '\0' { 0 } else { quality };
            if q == 0 && v.tone == 0 {
                continue;
            }
            let mark = VNI_MARKS
                .iter()
                .find(|m| m.1 == q && m.2 == v.tone)
                .unwrap()
                .0;
            out.push(if v.upper { mark - 0x20 } else { mark });
        }
        bytes_as_text(&out)
    }

    #[test]
    fn vni_known_bytes_and_round_trip() {
        assert_eq!(vni_to_unicode("nhaø"), "nhà");
        assert_eq!(vni_to_unicode("Vieät Nam"), "Việt Nam");
        assert_eq!(vni_to_unicode("tröôøng"), "trường");
        assert_eq!(vni_to_unicode("Ñaø Naüng"), "Đà Nẵng");
        assert_eq!(vni_to_unicode("COÄNG HOØA"), "CỘNG HÒA");
        // Our sentence avoids standalone i-with-tone (VNI writes those as one byte).
        let encoded = vni_encode(SENTENCE);
        assert_eq!(vni_to_unicode(&encoded), SENTENCE);
        assert_eq!(detect(&encoded), Some(Legacy::Vni));
    }

    #[test]
    fn viqr_round_trip() {
        assert_eq!(viqr_to_unicode("Vie^.t Nam"), "Việt Nam");
        assert_eq!(viqr_to_unicode("ddu+o+.c DDa`"), "được Đà");
        assert_eq!(viqr_to_unicode("Ha` No^.i. Xong?"), "Hà Nội. Xong?");
        let viqr = "Co^.ng ho`a xa~ ho^.i chu? nghi~a Vie^.t Nam. DDo^.c la^.p - Tu+. do - Ha.nh phu'c. \
            U?y ban nha^n da^n ti?nh Qua?ng Ninh to^? chu+'c lo+'p ta^.p hua^'n ve^` bi`nh dda(?ng gio+'i.";
        let text = viqr_to_unicode(viqr);
        assert!(
            text.starts_with(
                "Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc. Ủy ban"
            ),
            "{text}"
        );
        assert!(text.ends_with("về bình đẳng giới."), "{text}");
        assert_eq!(detect(viqr), Some(Legacy::Viqr));
    }

    proptest::proptest! {
        #[test]
        fn viqr_score_matches_converting_everything(
            text in "[ a-eoyDdA-E^(+*`'?~.\\\n\t\u{e1}\u{1ec7}\u{111}]{0,40}"
        ) {
            let base = vietnamese_score(&text);
            proptest::prop_assert_eq!(
                viqr_score(&text, base),
                vietnamese_score(&viqr_to_unicode(&text))
            );
        }

        #[test]
        fn score_skips_only_ascii_pieces(text in "[ a-eoy.,\n\u{e1}\u{1ec7}\u{111}\u{2019}]{0,60}") {
            proptest::prop_assert_eq!(vietnamese_score(&text), score_words(&text));
        }
    }

    #[test]
    fn viqr_score_converts_only_marked_pieces() {
        let text = "Vie^.t Nam la\\ mo^.t quo^'c gia. Is it? yes. ddu+o+`ng da\u{300}i";
        let base = vietnamese_score(text);
        assert_eq!(
            viqr_score(text, base),
            vietnamese_score(&viqr_to_unicode(text))
        );
        assert!(viqr_score(text, base) - base >= 4, "{base}");
    }

    #[test]
    fn mojibake_repair() {
        let broken = bytes_as_text(SENTENCE.as_bytes());
        assert_eq!(repair_mojibake(&broken), SENTENCE);
        assert_eq!(detect(&broken), Some(Legacy::Mojibake));
    }

    #[test]
    fn unicode_text_is_left_alone() {
        assert_eq!(detect(SENTENCE), None);
        assert_eq!(detect("plain English text without marks."), None);
        assert_eq!(detect("Le café de Hélène est très élégant à Paris."), None);
    }
}

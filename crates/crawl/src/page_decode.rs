//! Page bytes to HTML text: charset decoding, then mojibake repair.
//!
//! Decoding (HTTP header, BOM, `<meta charset>`, detection, legacy Vietnamese
//! encodings) belongs to `vnfacts_text::decode`. What is left here is the
//! damage done *before* the page reached us: UTF-8 that some CMS decoded as
//! Latin-1/windows-1252 and stored again as UTF-8 (`Ã¡` for `á`, `Æ°` for
//! `ư`, `Ä‘` for `đ`). It must be undone on the raw markup, before the HTML
//! parser expands character references: a page may mix mojibake with correct
//! references such as `&#7885;`, and those must stay untouched.

use std::io::Read;

use vnfacts_text::decode::{decode, decode_owned, Hints};

/// Page markup as Unicode, and what was done to get it.
#[derive(Debug, Clone)]
pub struct DecodedPage {
    pub html: String,
    /// Encoding the bytes were decoded from (as reported by `vnfacts_text`).
    pub encoding: String,
    /// Number of double-encoded sequences that were repaired.
    pub mojibake_repaired: usize,
}

/// Why saved page bytes could not be turned into markup.
#[derive(Debug, thiserror::Error)]
pub enum PageDecodeError {
    #[error("the gzip stream is corrupt or truncated; re-save or re-download the page")]
    Gzip(#[source] std::io::Error),
}

/// Decode page bytes (optionally with the HTTP `Content-Type`) to HTML text
/// and repair double-encoded UTF-8.
pub fn decode_page(bytes: &[u8], content_type: Option<&str>) -> DecodedPage {
    repaired(decode(bytes, &html_hints(content_type)))
}

/// [`decode_page`] taking the bytes: UTF-8 pages are not copied.
pub fn decode_page_owned(bytes: Vec<u8>, content_type: Option<&str>) -> DecodedPage {
    repaired(decode_owned(bytes, &html_hints(content_type)))
}

fn html_hints(content_type: Option<&str>) -> Hints<'_> {
    Hints {
        content_type,
        html: true,
    }
}

fn repaired(decoded: vnfacts_text::Decoded) -> DecodedPage {
    let (html, mojibake_repaired) = repair_owned(decoded.text);
    DecodedPage {
        html,
        encoding: decoded.encoding,
        mojibake_repaired,
    }
}

/// Gunzip `bytes` when they start with the gzip magic, else return them as is.
/// Saved pages come as `.html` and `.html.gz`; sniffing beats trusting names.
pub fn gunzip_if_gzipped(bytes: Vec<u8>) -> Result<Vec<u8>, PageDecodeError> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes);
    }
    // The gzip trailer holds the size of the (last member's) data modulo
    // 2^32: a good first guess that saves regrowing and copying the buffer.
    let trailer = bytes
        .len()
        .checked_sub(4)
        .and_then(|at| bytes.get(at..))
        .and_then(|t| <[u8; 4]>::try_from(t).ok())
        .map_or(0, |t| u32::from_le_bytes(t) as usize);
    let guess = trailer.clamp(bytes.len(), bytes.len().saturating_mul(32));
    let mut out = Vec::with_capacity(guess.saturating_add(1));
    flate2::read::MultiGzDecoder::new(bytes.as_slice())
        .read_to_end(&mut out)
        .map_err(PageDecodeError::Gzip)?;
    Ok(out)
}

/// Repair UTF-8 that was decoded as windows-1252/Latin-1 and re-encoded.
///
/// Every non-ASCII character that windows-1252 (or Latin-1, for the C1
/// controls windows-1252 leaves undefined) maps to one byte is turned back
/// into that byte; wherever those bytes form a valid multi-byte UTF-8
/// sequence, the sequence replaces the characters. Anything else (ASCII,
/// genuine Latin-1 text such as `café`, characters outside windows-1252) is
/// kept, so correct text and mojibake can share a page. Applied twice at most,
/// for text that went through the round trip twice. Returns the text and the
/// number of sequences repaired.
pub fn repair_mojibake(text: &str) -> (String, usize) {
    repair_owned(text.to_owned())
}

/// [`repair_mojibake`] on owned text: clean text (nearly every page) comes
/// back without a copy.
fn repair_owned(text: String) -> (String, usize) {
    if !has_mojibake_pair(text.as_bytes()) {
        return (text, 0);
    }
    let (once, n1) = repair_pass(&text);
    if n1 == 0 {
        return (once, 0);
    }
    if !has_mojibake_pair(once.as_bytes()) {
        return (once, n1);
    }
    let (twice, n2) = repair_pass(&once);
    (twice, n1 + n2)
}

/// One pass of repair over text known to hold a mojibake pair.
fn repair_pass(text: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut repaired = 0;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some((decoded, used)) = sequence_at(rest) {
            out.push(decoded);
            repaired += 1;
            rest = &rest[used..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    (out, repaired)
}

/// Fast gate over the UTF-8 bytes: a lead character U+00C2..=U+00F4 (bytes
/// `C3 82..=C3 B4`) directly followed by a character windows-1252 maps into
/// 0x80..=0xBF (`C2 xx`, or the `C5`/`C6`/`CB`/`E2 80`/`E2 84` specials).
fn has_mojibake_pair(b: &[u8]) -> bool {
    let mut i = 0;
    while i + 2 < b.len() {
        // A pair starts with a non-ASCII byte: skip ASCII 16 bytes at a time.
        if b.get(i..i + 16).is_some_and(|chunk| chunk.is_ascii()) {
            i += 16;
            continue;
        }
        if b[i] == 0xC3
            && (0x82..=0xB4).contains(&b[i + 1])
            && matches!(b[i + 2], 0xC2 | 0xC5 | 0xC6 | 0xCB | 0xE2)
        {
            return true;
        }
        i += 1;
    }
    false
}

/// The character a mojibake sequence at the start of `s` stands for, and
/// how many bytes of `s` the sequence spans.
fn sequence_at(s: &str) -> Option<(char, usize)> {
    let mut chars = s.char_indices();
    let (_, first) = chars.next()?;
    let lead = cp1252_byte(first)?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut buf = [lead, 0, 0, 0];
    let mut used = first.len_utf8();
    for slot in buf.iter_mut().take(len).skip(1) {
        let (_, c) = chars.next()?;
        let b = cp1252_byte(c)?;
        if !(0x80..=0xBF).contains(&b) {
            return None;
        }
        *slot = b;
        used += c.len_utf8();
    }
    let decoded = std::str::from_utf8(&buf[..len]).ok()?;
    decoded.chars().next().map(|c| (c, used))
}

/// The single byte windows-1252 (C1 controls: Latin-1) encodes `c` as, for
/// non-ASCII characters only.
fn cp1252_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if (0x80..=0xFF).contains(&u) {
        return Some(u as u8);
    }
    let b = match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Simulate the damage: UTF-8 bytes read as windows-1252, stored as UTF-8.
    fn garble(s: &str) -> String {
        const SPECIALS: &str = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";
        s.bytes()
            .map(|b| {
                let special = SPECIALS.chars().find(|&c| cp1252_byte(c) == Some(b));
                special.unwrap_or(b as char)
            })
            .collect()
    }

    #[test]
    fn repairs_vietnamese_double_encoding() {
        let original = "Đắk Lắk ban hành kế hoạch triển khai CSDL đất đai, ưu tiên người dân";
        let broken = garble(original);
        assert!(broken.contains("Ä‘") || broken.contains("Ä"), "{broken}");
        let (fixed, n) = repair_mojibake(&broken);
        assert_eq!(fixed, original);
        assert!(n > 10);
    }

    #[test]
    fn keeps_numeric_references_and_correct_text() {
        let broken = format!("<p>{} &#7885; café – Hà Nội</p>", garble("Thủ tướng"));
        let (fixed, _) = repair_mojibake(&broken);
        assert_eq!(fixed, "<p>Thủ tướng &#7885; café – Hà Nội</p>");
    }

    #[test]
    fn leaves_clean_text_alone() {
        let clean = "Ủy ban nhân dân tỉnh Kon Tum © 2024 — «tin» · 50°C";
        assert_eq!(repair_mojibake(clean), (clean.to_owned(), 0));
    }

    #[test]
    fn gunzip_passes_plain_bytes_through() {
        assert_eq!(
            gunzip_if_gzipped(b"<html>".to_vec()).ok(),
            Some(b"<html>".to_vec())
        );
        assert!(gunzip_if_gzipped(vec![0x1f, 0x8b, 0, 1, 2]).is_err());
    }
}

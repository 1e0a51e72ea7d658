//! Bytes to text: HTTP header, BOM, `<meta charset>`, else detection.
//!
//! Order of evidence, strongest first: a byte-order mark, the charset of the
//! HTTP `Content-Type`, an HTML `<meta charset>` / `http-equiv` in the first
//! 4 KiB, valid UTF-8, and finally a guess. For bytes that are not UTF-8 the
//! guess compares chardetng's answer, Windows-1258 and the legacy
//! Vietnamese encodings (TCVN3, VNI, VISCII) by how much well-formed
//! Vietnamese each decoding yields (see [`crate::legacy`]).
//!
//! A declared charset is often a lie on old government pages: a page says
//! `iso-8859-1` or `utf-8` while its letters are TCVN3 or VNI glyph codes,
//! or its UTF-8 was double-encoded. So after decoding, the text itself (for
//! HTML, the text outside tags, scripts and styles) is checked with
//! [`crate::legacy::detect_among`] and converted when that clearly gives
//! more Vietnamese. The result is NFC (Windows-1258 and VIQR decode to base
//! letters plus combining marks).
//!
//! Invalid byte sequences never panic: each becomes U+FFFD and is counted
//! in [`Decoded::replaced`].

use encoding_rs::{DecoderResult, Encoding, UTF_8, WINDOWS_1258};
use unicode_normalization::UnicodeNormalization;

use crate::legacy::{self, Legacy};

/// What the caller knows about the bytes.
#[derive(Debug, Default, Clone)]
pub struct Hints<'a> {
    /// The HTTP `Content-Type` header, if any.
    pub content_type: Option<&'a str>,
    /// Whether the bytes are HTML (enables `<meta charset>` sniffing).
    pub html: bool,
}

/// Decoded text and how it was decoded.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    /// Name of the encoding used (`UTF-8`, `windows-1258`, `TCVN3`, ...).
    pub encoding: String,
    /// Number of invalid byte sequences replaced by U+FFFD.
    pub replaced: usize,
}

/// Decode `bytes` to Unicode (see module docs). Never panics.
pub fn decode(bytes: &[u8], hints: &Hints) -> Decoded {
    let (text, encoding, replaced) = decode_declared(bytes, hints);
    finish(text, encoding, replaced, hints)
}

/// [`decode`] taking the bytes: valid UTF-8 (nearly every page) becomes the
/// text without a copy.
pub fn decode_owned(bytes: Vec<u8>, hints: &Hints) -> Decoded {
    let utf8 = Encoding::for_bom(&bytes).is_none()
        && declared_encoding(&bytes, hints).is_none_or(|e| e == UTF_8);
    if !utf8 {
        return decode(&bytes, hints);
    }
    match String::from_utf8(bytes) {
        Ok(text) => finish(text, "UTF-8".to_string(), 0, hints),
        Err(e) => decode(e.as_bytes(), hints),
    }
}

/// NFC and the legacy-encoding check, after charset decoding.
fn finish(text: String, encoding: String, replaced: usize, hints: &Hints) -> Decoded {
    let mut decoded = Decoded {
        text: nfc(text),
        encoding,
        replaced,
    };
    // Legacy encodings show in the text people read; scripts, styles and
    // tag names only dilute it (and look like VIQR: `a'`, `e?`), so for HTML
    // the evidence is the visible text alone.
    let visible;
    let sample = if hints.html {
        visible = visible_text(&decoded.text, SAMPLE);
        visible.as_str()
    } else {
        prefix(&decoded.text, SAMPLE)
    };
    let candidates: &[Legacy] = match worth_detecting(sample) {
        Scope::Nothing => &[],
        Scope::ViqrOnly => &[Legacy::Viqr],
        Scope::All => &Legacy::ALL,
    };
    if !candidates.is_empty() {
        if let Some(enc) = legacy::detect_among(sample, candidates) {
            decoded.text = nfc(enc.convert(&decoded.text));
            decoded.encoding =
                if decoded.encoding == "UTF-8" || enc == Legacy::Viqr || enc == Legacy::Mojibake {
                    enc.name().to_string()
                } else {
                    format!("{} (declared {})", enc.name(), decoded.encoding)
                };
        }
    }
    decoded
}

/// Which legacy encodings `text` may be in.
enum Scope {
    Nothing,
    /// Mostly ASCII with VIQR marks: only VIQR (the font encodings need glyphs).
    ViqrOnly,
    All,
}

/// Which legacy encodings to try: none for plain ASCII without VIQR marks or
/// for text full of real Vietnamese letters with (almost) none of the Latin-1
/// characters legacy glyph codes produce; only VIQR for (nearly) ASCII text.
fn worth_detecting(sample: &str) -> Scope {
    let viqr = || {
        if sample
            .bytes()
            .any(|b| matches!(b, b'^' | b'`' | b'\'' | b'~' | b'?' | b'(' | b'+'))
        {
            Scope::ViqrOnly
        } else {
            Scope::Nothing
        }
    };
    if sample.is_ascii() {
        return viqr();
    }
    // Legacy font text puts a non-ASCII glyph in nearly every syllable; a UTF-8
    // page in English or French with a few curly quotes does not, and must
    // not be "converted" (`you’re` -> `youỖre`).
    let (mut letters, mut non_ascii) = (0usize, 0usize);
    for c in sample.chars() {
        if c.is_ascii() {
            letters += usize::from(c.is_ascii_alphabetic());
        } else {
            non_ascii += 1;
            letters += usize::from(c.is_alphabetic());
        }
    }
    if non_ascii * 25 < letters {
        return viqr();
    }
    let (mut viet, mut odd) = (0usize, 0usize);
    for c in sample.chars().filter(|c| !c.is_ascii()) {
        let cp = c as u32;
        if (0x1EA0..0x1EFA).contains(&cp)
            || matches!(
                c,
                'ă' | 'Ă' | 'đ' | 'Đ' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | 'ĩ' | 'Ĩ' | 'ũ' | 'Ũ'
            )
        {
            viet += 1;
        } else if cp <= 0xFF && cp != 0xA0 && crate::syllable::vowel(c).is_none() {
            odd += 1;
        }
    }
    if viet >= 20 && odd * 10 < viet {
        Scope::Nothing
    } else {
        Scope::All
    }
}

/// How much text legacy detection looks at.
const SAMPLE: usize = 64 * 1024;

/// The first `max` bytes of `text`, cut at a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Up to about `max` bytes of the text outside tags, comments, scripts and
/// styles, one space where markup was. A sample for detection, not a
/// renderer: character references stay as written, and a `<` that opens no
/// tag is kept as text.
fn visible_text(html: &str, max: usize) -> String {
    let mut out = String::with_capacity(max.min(html.len()));
    let mut rest = html;
    while out.len() < max {
        let Some(lt) = rest.find('<') else {
            out.push_str(prefix(rest, max - out.len()));
            break;
        };
        out.push_str(prefix(&rest[..lt], max - out.len()));
        let tag = &rest[lt..];
        let Some(skip) = markup_len(tag) else {
            out.push('<');
            rest = &tag[1..];
            continue;
        };
        if !out.ends_with(' ') {
            out.push(' ');
        }
        rest = &tag[skip..];
    }
    out
}

/// Length of the markup at the start of `s` (which starts with `<`): a
/// comment, a tag, or a `<script>`/`<style>` element with its content.
/// `None` when `<` opens no markup and is text. Always at a character
/// boundary: markup ends with `>` or at the end of `s`.
fn markup_len(s: &str) -> Option<usize> {
    if let Some(body) = s.strip_prefix("<!--") {
        return Some(body.find("-->").map_or(s.len(), |e| 4 + e + 3));
    }
    let b = s.as_bytes();
    match b.get(1) {
        Some(c) if c.is_ascii_alphabetic() || matches!(c, b'/' | b'!' | b'?') => {}
        _ => return None,
    }
    let close = s.find('>').map_or(s.len(), |e| e + 1);
    let name_len = b[1..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    let name = &b[1..1 + name_len];
    for raw in ["script", "style"] {
        if name.eq_ignore_ascii_case(raw.as_bytes()) {
            let body = &s[close..];
            return Some(close + find_closing(body, raw).unwrap_or(body.len()));
        }
    }
    Some(close)
}

/// Offset just past `</name ...>` in `s`, ASCII case-insensitively.
fn find_closing(s: &str, name: &str) -> Option<usize> {
    let mut at = 0;
    while let Some(i) = s[at..].find('<') {
        let start = at + i;
        if s.as_bytes().get(start + 1) != Some(&b'/') {
            at = start + 1;
            continue;
        }
        let after = &s.as_bytes()[start + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            let gt = s[start..].find('>')?;
            return Some(start + gt + 1);
        }
        at = start + 2;
    }
    None
}

/// NFC, cheaply when already NFC: ASCII is skipped 16 bytes at a time, and
/// a starter (combining class 0) that is NFC on its own needs no context.
/// Only from the first combining mark or non-NFC character on does the full
/// quick check run (and the full normalization when that is not a clear yes).
fn nfc(text: String) -> String {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b.get(i..i + 16).is_some_and(|chunk| chunk.is_ascii()) {
            i += 16;
            continue;
        }
        // UTF-8 lead bytes below 0xCC encode code points below U+0300:
        // starters, NFC alone; continuation bytes are skipped the same way.
        if b[i] < 0xCC {
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or('\0');
        if !nfc_starter(c) {
            break;
        }
        i += c.len_utf8();
    }
    if i >= b.len() {
        return text;
    }
    // Everything before `i` is a starter that is NFC alone: the quick check
    // can start at `i`.
    match unicode_normalization::is_nfc_quick(text[i..].chars()) {
        unicode_normalization::IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    }
}

/// Whether `c` has combining class 0 and is NFC whatever surrounds it.
fn nfc_starter(c: char) -> bool {
    // Precomposed Vietnamese vowels, dashes, quotes, bullets, ellipsis and
    // currency signs: the common case, without table look-ups.
    if crate::syllable::vowel(c).is_some() || matches!(c as u32, 0x2010..=0x2027 | 0x20AB | 0x20AC)
    {
        return true;
    }
    unicode_normalization::char::canonical_combining_class(c) == 0
        && unicode_normalization::is_nfc_quick(std::iter::once(c))
            == unicode_normalization::IsNormalized::Yes
}

/// Decode by the strongest declaration, or by detection.
fn decode_declared(bytes: &[u8], hints: &Hints) -> (String, String, usize) {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, replaced) = decode_counting(enc, &bytes[bom..]);
        return (text, enc.name().to_string(), replaced);
    }
    let declared = declared_encoding(bytes, hints);
    if let Some(enc) = declared.filter(|&e| e != UTF_8) {
        let (text, replaced) = decode_counting(enc, bytes);
        return (text, enc.name().to_string(), replaced);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_string(), "UTF-8".to_string(), 0);
    }
    // Mostly UTF-8 with a few broken sequences (a truncated page, a stray
    // byte) stays UTF-8; a page that says UTF-8 but is not gets detection.
    let (text, replaced) = decode_counting(UTF_8, bytes);
    let non_ascii = bytes.iter().filter(|b| !b.is_ascii()).count();
    if replaced.saturating_mul(20) <= non_ascii {
        return (text, "UTF-8".to_string(), replaced);
    }
    detect_bytes(bytes)
}

/// The charset the HTTP header or (for HTML) a `<meta>` declares; UTF-16
/// declarations (wrong for bytes that have no BOM) count as UTF-8.
fn declared_encoding(bytes: &[u8], hints: &Hints) -> Option<&'static Encoding> {
    hints
        .content_type
        .and_then(charset_param)
        .or_else(|| {
            if hints.html {
                meta_charset(bytes)
            } else {
                None
            }
        })
        .map(|enc| {
            if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                UTF_8
            } else {
                enc
            }
        })
}

/// Bytes that are not UTF-8: the decoding with the most Vietnamese.
fn detect_bytes(bytes: &[u8]) -> (String, String, usize) {
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let guess = det.guess(Some(b"vn"), true);
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let mut best = (
        guess.name().to_string(),
        legacy::vietnamese_score(&nfc(decode_counting(guess, sample).0)),
        None,
    );
    if guess != WINDOWS_1258 {
        let s = legacy::vietnamese_score(&nfc(decode_counting(WINDOWS_1258, sample).0));
        if s > best.1 {
            best = (WINDOWS_1258.name().to_string(), s, None);
        }
    }
    let raw = legacy::bytes_as_text(sample);
    for enc in [Legacy::Tcvn3, Legacy::Vni, Legacy::Viscii] {
        let s = legacy::vietnamese_score(&enc.convert(&raw));
        if s > best.1 + 2 {
            best = (enc.name().to_string(), s, Some(enc));
        }
    }
    match best.2 {
        Some(enc) => (enc.convert(&legacy::bytes_as_text(bytes)), best.0, 0),
        None => {
            let enc = Encoding::for_label(best.0.as_bytes()).unwrap_or(guess);
            let (text, replaced) = decode_counting(enc, bytes);
            (text, best.0, replaced)
        }
    }
}

/// Decode, replacing malformed sequences with U+FFFD and counting them.
fn decode_counting(enc: &'static Encoding, bytes: &[u8]) -> (String, usize) {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let cap = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut out = String::with_capacity(cap.min(bytes.len().saturating_mul(3) + 16));
    let mut replaced = 0;
    let mut src = bytes;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(src, &mut out, true);
        src = &src[read..];
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => out.reserve(src.len().saturating_mul(3) + 16),
            DecoderResult::Malformed(_, _) => {
                out.push('\u{fffd}');
                replaced += 1;
            }
        }
    }
    (out, replaced)
}

/// The `charset` parameter of a `Content-Type` value.
pub fn charset_param(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        if !k.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        Encoding::for_label(v.trim().trim_matches(['"', '\'']).as_bytes())
    })
}

/// `<meta charset=...>` or `<meta http-equiv content="...; charset=...">`
/// in the first 4 KiB.
pub fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower = head.to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = find(&lower[at..], b"<meta") {
        let start = at + i;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + 7..];
            let rest = trim_ascii_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_ascii_start(rest);
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let label_end = rest
                    .iter()
                    .position(|b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                    .unwrap_or(rest.len());
                if let Some(enc) = Encoding::for_label(&rest[..label_end]) {
                    return Some(enc);
                }
            }
        }
        at = end.max(start + 5);
    }
    None
}

fn trim_ascii_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Whether `bytes` look like a binary file rather than text: a NUL byte, or
/// more than 10% control bytes, in the first 8 KiB. UTF-16 with a BOM is
/// text. (VISCII puts six letters on control codes, far below 10%.)
pub fn looks_binary(bytes: &[u8]) -> bool {
    if matches!(Encoding::for_bom(bytes), Some((enc, _)) if enc != UTF_8) {
        return false;
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c) || b == 0x7f)
        .count();
    controls * 10 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_english_with_curly_quotes_is_not_legacy() {
        let text =
            "You’re reading the news. It’s a “good” day — isn’t it? We’ve seen what they’re doing.";
        let d = decode(text.as_bytes(), &Hints::default());
        assert_eq!(d.text, text);
        assert_eq!(d.encoding, "UTF-8");
    }

    const TEXT: &str =
        "Ủy ban nhân dân tỉnh tổ chức lớp tập huấn về bình đẳng giới cho cán bộ và người dân.";

    fn dec(bytes: &[u8]) -> Decoded {
        decode(bytes, &Hints::default())
    }

    #[test]
    fn utf8_and_bom() {
        let d = dec(TEXT.as_bytes());
        assert_eq!(
            (d.text.as_str(), d.encoding.as_str(), d.replaced),
            (TEXT, "UTF-8", 0)
        );
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice(TEXT.as_bytes());
        assert_eq!(dec(&with_bom).text, TEXT);
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(TEXT.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let d = dec(&utf16);
        assert_eq!((d.text.as_str(), d.encoding.as_str()), (TEXT, "UTF-16LE"));
    }

    #[test]
    fn windows_1258_is_nfc() {
        // Windows-1258 has precomposed vowels but separate tone marks.
        let split: String = TEXT
            .chars()
            .flat_map(|c| match crate::syllable::vowel(c).filter(|v| v.tone > 0) {
                Some(v) => vec![
                    crate::syllable::compose(crate::syllable::Vowel { tone: 0, ..v }),
                    crate::syllable::TONE_MARKS[v.tone as usize - 1],
                ],
                None => vec![c],
            })
            .collect();
        let (bytes, _, unmappable) = WINDOWS_1258.encode(&split);
        assert!(!unmappable);
        let d = decode(
            &bytes,
            &Hints {
                content_type: Some("text/html; charset=windows-1258"),
                html: false,
            },
        );
        assert_eq!(d.text, TEXT);
        assert_eq!(d.encoding, "windows-1258");
        // Undeclared: detection must find it too.
        assert_eq!(dec(&bytes).text, TEXT);
    }

    #[test]
    fn meta_and_header_hints() {
        let html = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1258\"></head>";
        assert_eq!(meta_charset(html), Some(WINDOWS_1258));
        assert_eq!(meta_charset(b"<meta charset='utf-8'>"), Some(UTF_8));
        assert_eq!(charset_param("text/html; charset=\"UTF-8\""), Some(UTF_8));
        assert_eq!(charset_param("text/html"), None);
    }

    #[test]
    fn invalid_bytes_are_counted() {
        let mut bytes = TEXT.repeat(3).into_bytes();
        bytes.insert(3, 0xFF);
        bytes.push(0xC3);
        let d = decode(
            &bytes,
            &Hints {
                content_type: Some("text/plain; charset=utf-8"),
                html: false,
            },
        );
        assert_eq!(d.replaced, 2);
        assert_eq!(d.text.matches('\u{fffd}').count(), 2);
    }

    #[test]
    fn legacy_raw_bytes_and_glyph_text() {
        // TCVN3 bytes written with our own table (lower case: TCVN3 has no toned capitals).
        let lower = TEXT.to_lowercase();
        let tcvn3: Vec<u8> = lower
            .chars()
            .map(|c| {
                if c.is_ascii() {
                    c as u8
                } else {
                    legacy::TCVN3.iter().find(|p| p.1 == c).unwrap().0
                }
            })
            .collect();
        let d = dec(&tcvn3);
        assert_eq!(
            (d.text.as_str(), d.encoding.as_str()),
            (lower.as_str(), "TCVN3")
        );
        // The same glyph codes inside a UTF-8 page.
        let page = legacy::bytes_as_text(&tcvn3);
        let d = dec(page.as_bytes());
        assert_eq!(
            (d.text.as_str(), d.encoding.as_str()),
            (lower.as_str(), "TCVN3")
        );
        // Double-encoded UTF-8.
        let d = dec(legacy::bytes_as_text(TEXT.as_bytes()).as_bytes());
        assert_eq!(d.text, TEXT);
    }

    #[test]
    fn visible_text_skips_markup_scripts_and_styles() {
        let html = "<html><head><title>Tin mới</title><STYLE>p{x:'a'}</style>\
                    <script>if (a<b) s = '</p>';</SCRIPT ></head><body><!-- <p>no</p> -->\
                    <p class=\"x\">Việt Nam</p>a < b<br/>c</body>";
        assert_eq!(visible_text(html, SAMPLE), " Tin mới Việt Nam a < b c ");
        // Unterminated script or comment: nothing after it is text.
        assert_eq!(visible_text("x<script>var a = 1;", SAMPLE), "x ");
        assert_eq!(visible_text("x<!-- y", SAMPLE), "x ");
        // The sample stops near the limit, on a character boundary.
        let long = "ời ".repeat(100);
        let cut = visible_text(&long, 10);
        assert!(cut.len() <= 10 && long.starts_with(&cut), "{cut:?}");
    }

    #[test]
    fn scripts_do_not_count_as_viqr_evidence() {
        // Markup full of VIQR-looking marks around real Vietnamese text.
        let script = "<script>var a='e?', b=\"o^.\"; f(a+'u+o+')</script>".repeat(200);
        let page = format!("<html><head>{script}</head><body><p>{TEXT}</p></body></html>");
        let d = decode(
            page.as_bytes(),
            &Hints {
                content_type: None,
                html: true,
            },
        );
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.text, page);
    }

    #[test]
    fn owned_bytes_decode_the_same() {
        let html = |charset: &str, body: &[u8]| {
            let mut page =
                format!("<html><head><meta charset=\"{charset}\"></head><body><p>").into_bytes();
            page.extend_from_slice(body);
            page.extend_from_slice(b"</p></body></html>");
            page
        };
        let (cp1258, _, _) = WINDOWS_1258.encode(TEXT);
        let mut broken = TEXT.as_bytes().to_vec();
        broken.insert(5, 0xFF);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(TEXT.as_bytes());
        for bytes in [
            html("utf-8", TEXT.as_bytes()),
            html("windows-1258", &cp1258),
            html("utf-8", &broken),
            bom,
            html("utf-8", legacy::bytes_as_text(TEXT.as_bytes()).as_bytes()),
        ] {
            for hints in [
                Hints {
                    content_type: None,
                    html: true,
                },
                Hints {
                    content_type: Some("text/html; charset=utf-8"),
                    html: true,
                },
                Hints::default(),
            ] {
                let a = decode(&bytes, &hints);
                let b = decode_owned(bytes.clone(), &hints);
                assert_eq!(
                    (a.text, a.encoding, a.replaced),
                    (b.text, b.encoding, b.replaced)
                );
            }
        }
    }

    #[test]
    fn binary_detection() {
        assert!(looks_binary(b"\x7fELF\x02\x01\x01\x00\x00"));
        assert!(looks_binary(&[1, 2, 3, 4, 5, 6, 7, 8, b'a']));
        assert!(!looks_binary(TEXT.as_bytes()));
        assert!(!looks_binary(b""));
    }
}

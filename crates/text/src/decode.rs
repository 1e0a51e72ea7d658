//! Bytes to text: HTTP header, BOM, `<meta charset>`, else detection.

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
pub fn decode(bytes: &[u8], _hints: &Hints) -> Decoded {
    let (text, _, _) = encoding_rs::UTF_8.decode(bytes);
    let replaced = text.matches('\u{fffd}').count();
    Decoded { text: text.into_owned(), encoding: "UTF-8".into(), replaced }
}

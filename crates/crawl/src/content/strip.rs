//! Markup without the parts extraction never reads.
//!
//! Scripts and styles are over half the bytes of a typical portal page, and
//! html5ever tokenizes them character by character only for extraction to
//! throw them away. This scanner empties `<script>` (except JSON-LD, which
//! [`super::meta`] reads), `<style>`, `<noscript>` and `<iframe>` before the
//! page is parsed. The element and its tags stay, so the tree html5ever
//! builds is the same except for the dropped text inside those elements.
//! With [`Strip::Unread`] it also drops attributes nothing reads (links,
//! image sources, `data-*`, event handlers, SVG path data...), the text of
//! comments, and the content of `<svg>`/`<math>` elements whose content
//! stays inside them; the extractor skips those subtrees whole.
//!
//! To know where such an element really starts and ends, the scanner
//! follows the HTML tokenizer wherever it matters: comments, bogus
//! comments, attribute quoting (`<a title="<script>">` is no script), the
//! raw-text and RCDATA elements (`<title>`, `<textarea>`, `<xmp>`, ...),
//! the script-data escape states (`<!--<script>` hides a `</script>`),
//! `<plaintext>`, foreign content (`<svg>`, `<math>`: a `<style>` there is
//! ordinary markup, `<![CDATA[` is a section; HTML tags break out) and the
//! select insertion mode (where `<style>` and `<noscript>` are ignored tags,
//! not raw text). Where the scanner cannot be sure what the parser will do
//! (an unterminated element, a raw-text element inside `<select>`, table
//! tags around foreign content), it stops stripping and keeps the rest of
//! the page as it is. Frameset documents, where the parser ignores scripts
//! altogether, are not special-cased: no text of theirs is read outside
//! `<noframes>`, which is kept.

use std::borrow::Cow;
use std::ops::Range;

/// How much to strip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Strip {
    /// The content of scripts, styles, `<noscript>` and `<iframe>` only:
    /// per-source CSS selectors may name any attribute.
    RawText,
    /// Also unread attributes, comment text and self-contained
    /// `<svg>`/`<math>` content.
    Unread,
}

/// `html` without the parts extraction never reads (see module docs).
/// Borrowed when there is nothing to remove.
pub(crate) fn strip_unread(html: &str, strip: Strip) -> Cow<'_, str> {
    let b = html.as_bytes();
    let mut out = String::new();
    // `html[copied..]` is not yet in `out`.
    let mut copied = 0;
    let mut scan = Scanner {
        drop_attrs: strip == Strip::Unread,
        ..Scanner::default()
    };
    let mut at = 0;
    while let Some(lt) = find_byte(b, at, b'<') {
        match scan.markup(b, lt) {
            Step::Next(next) => at = next,
            Step::Stop => break,
        }
        for range in scan.drops.drain(..) {
            // Ranges come in order and apart; one that is not is kept.
            if range.start < copied {
                debug_assert!(false, "overlapping drop {range:?} before {copied}");
                continue;
            }
            if out.is_empty() {
                out.reserve(html.len());
            }
            out.push_str(&html[copied..range.start]);
            copied = range.end;
        }
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// What to do after one piece of markup (whose removable parts are in
/// [`Scanner::drops`]).
#[derive(Debug, PartialEq, Eq)]
enum Step {
    /// Go on scanning at this offset.
    Next(usize),
    /// Keep the rest of the page as it is (and drop nothing of this piece).
    Stop,
}

/// An open element of foreign content (`<svg>`, `<math>` and what is in
/// them) or an integration point inside one (SVG `<foreignObject>`,
/// `<desc>`, `<title>`; MathML `<mi>`, `<mo>`, `<mn>`, `<ms>`, `<mtext>`),
/// where HTML rules apply again. (`<annotation-xml>`, an integration point
/// or not depending on its `encoding`, stops the scan.)
#[derive(Debug)]
enum Frame {
    Foreign { name: Name, ns: Ns },
    Integration(Name),
}

impl Frame {
    fn name(&self) -> &[u8] {
        match self {
            Frame::Foreign { name, .. } | Frame::Integration(name) => name.as_bytes(),
        }
    }
}

/// Namespace of foreign elements: `<svg>` inside `<math>` is a MathML
/// element, whose `<foreignObject>` is no integration point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    Svg,
    MathMl,
}

#[derive(Debug, Default)]
struct Scanner {
    frames: Vec<Frame>,
    /// A `<select>` was opened and not yet closed.
    in_select: bool,
    drop_attrs: bool,
    /// Where the content of the outermost open `<svg>`/`<math>` starts, while
    /// nothing in it reaches outside (breaks out, holds HTML).
    foreign_run: Option<usize>,
    /// Byte ranges to remove, in order, for the piece just scanned.
    drops: Vec<Range<usize>>,
}

impl Scanner {
    /// Namespace of the current node when it is a foreign element.
    fn foreign(&self) -> Option<Ns> {
        match self.frames.last() {
            Some(Frame::Foreign { ns, .. }) => Some(*ns),
            _ => None,
        }
    }

    /// Handle the markup starting at `lt` (a `<`).
    fn markup(&mut self, b: &[u8], lt: usize) -> Step {
        let rest = &b[lt..];
        if rest.starts_with(b"<!--") {
            let Some(end) = comment_end(b, lt + 4) else {
                return Step::Stop;
            };
            // `<!--...-->` becomes `<!---->`: the comment node stays, empty.
            if self.drop_attrs
                && self.foreign_run.is_none()
                && end >= lt + 7
                && b[end - 3..end] == *b"-->"
                && end - 3 > lt + 4
            {
                self.drops.push(lt + 4..end - 3);
            }
            return Step::Next(end);
        }
        match rest.get(1) {
            Some(b'!') if !self.frames.is_empty() && rest.starts_with(b"<![CDATA[") => {
                if self.foreign().is_none() {
                    // A section if the current node is the integration point,
                    // a bogus comment if it is an HTML element inside it.
                    return Step::Stop;
                }
                find(b, lt + 9, b"]]>").map_or(Step::Stop, |e| Step::Next(e + 3))
            }
            Some(b'!' | b'?') => bogus_comment_end(b, lt + 2),
            Some(b'/') => self.end_tag(b, lt),
            Some(c) if c.is_ascii_alphabetic() => self.start_tag(b, lt),
            _ => Step::Next(lt + 1),
        }
    }

    fn end_tag(&mut self, b: &[u8], lt: usize) -> Step {
        match b.get(lt + 2) {
            Some(c) if c.is_ascii_alphabetic() => {}
            Some(b'>') => return Step::Next(lt + 3),
            Some(_) => return bogus_comment_end(b, lt + 2),
            None => return Step::Stop,
        }
        let (name, after_name) = tag_name(b, lt + 2);
        let Some(tag) = tag_rest(b, after_name, None) else {
            return Step::Stop;
        };
        let name = name.as_bytes();
        let foreign = self.foreign().is_some();
        if !foreign && name == b"select" {
            self.in_select = false;
        }
        if self.in_select && closes_across_frames(name) {
            return Step::Stop;
        }
        if self.frames.is_empty() {
            return Step::Next(tag.end);
        }
        if !foreign {
            // HTML rules inside an integration point close nothing past it,
            // but whether an end tag reaches the integration point itself
            // depends on HTML elements opened inside, which are not tracked;
            // table and template end tags close elements across frames.
            let matches_frame = self.frames.iter().any(|f| f.name() == name);
            if matches_frame || closes_across_frames(name) {
                return Step::Stop;
            }
            return Step::Next(tag.end);
        }
        if matches!(name, b"br" | b"p") {
            self.break_out();
            return Step::Next(tag.end);
        }
        // Foreign rules: close the nearest open foreign element of that name.
        // Walking past an integration point (HTML elements may be open in
        // it) or past the outermost frame (HTML rules take over) is beyond
        // what the scanner knows.
        for pos in (0..self.frames.len()).rev() {
            match &self.frames[pos] {
                Frame::Foreign { name: n, .. } if n.as_bytes() == name => {
                    self.frames.truncate(pos);
                    if self.frames.is_empty() {
                        if let Some(start) = self.foreign_run.take() {
                            self.drops.push(start..lt);
                        }
                    }
                    return Step::Next(tag.end);
                }
                Frame::Foreign { .. } => {}
                Frame::Integration(_) => break,
            }
        }
        Step::Stop
    }

    fn start_tag(&mut self, b: &[u8], lt: usize) -> Step {
        let (name, after_name) = tag_name(b, lt + 1);
        // Inside content about to go whole, its attributes need no dropping.
        let attr_drops = (self.drop_attrs && self.foreign_run.is_none()).then_some(&mut self.drops);
        let Some(tag) = tag_rest(b, after_name, attr_drops) else {
            return Step::Stop;
        };
        if let Some(ns) = self.foreign() {
            let name = name.as_bytes();
            if ns == Ns::MathMl && name == b"annotation-xml" {
                // An HTML integration point or not, depending on its encoding.
                return Step::Stop;
            }
            if !breaks_out(name, &tag.attrs) {
                if !tag.self_closing {
                    if integration_point(ns, name) {
                        self.foreign_run = None;
                        self.frames.push(Frame::Integration(tag_name_owned(name)));
                    } else {
                        self.frames.push(Frame::Foreign {
                            name: tag_name_owned(name),
                            ns,
                        });
                    }
                }
                return Step::Next(tag.end);
            }
            self.break_out();
        }
        if !self.frames.is_empty() && closes_across_frames(name.as_bytes()) {
            // In a table, these close foreign elements around an integration point.
            return Step::Stop;
        }
        self.html_start_tag(b, name, tag)
    }

    /// A start tag the parser handles by HTML rules.
    fn html_start_tag(&mut self, b: &[u8], tag_name: Name, tag: Tag) -> Step {
        let name = tag_name.as_bytes();
        if self.in_select {
            match name {
                // Closes the select and is ignored.
                b"select" => {
                    self.in_select = false;
                    return Step::Next(tag.end);
                }
                // Close the select and are handled as usual.
                b"input" | b"keygen" | b"textarea" => self.in_select = false,
                // Close it or not depending on a table around it; a template
                // has its own insertion mode.
                _ if closes_across_frames(name) => return Step::Stop,
                _ => {}
            }
        }
        match name {
            b"svg" | b"math" if !tag.self_closing && !self.in_select => {
                let ns = if name == b"svg" { Ns::Svg } else { Ns::MathMl };
                if self.frames.is_empty() && self.drop_attrs {
                    self.foreign_run = Some(tag.end);
                }
                self.frames.push(Frame::Foreign { name: tag_name, ns });
                Step::Next(tag.end)
            }
            b"select" => {
                self.in_select = true;
                Step::Next(tag.end)
            }
            b"script" => {
                let Some(close) = script_end(b, tag.end) else {
                    return Step::Stop;
                };
                if !tag.json && close > tag.end {
                    self.drops.push(tag.end..close);
                }
                Step::Next(close)
            }
            b"plaintext" => Step::Stop,
            b"textarea" => text_end(b, tag.end, name).map_or(Step::Stop, Step::Next),
            // Ignored tags in a select: their content is markup, not text.
            _ if self.in_select && raw_text(name) => Step::Stop,
            b"style" | b"noscript" | b"iframe" => match text_end(b, tag.end, name) {
                Some(close) => {
                    if close > tag.end {
                        self.drops.push(tag.end..close);
                    }
                    Step::Next(close)
                }
                None => Step::Stop,
            },
            _ if raw_text(name) => text_end(b, tag.end, name).map_or(Step::Stop, Step::Next),
            _ => Step::Next(tag.end),
        }
    }

    /// An HTML tag inside foreign content closes the foreign elements up to
    /// the nearest integration point (or all of them).
    fn break_out(&mut self) {
        self.foreign_run = None;
        while let Some(Frame::Foreign { .. }) = self.frames.last() {
            self.frames.pop();
        }
    }
}

/// Elements the tokenizer reads as text up to their end tag (besides
/// `<script>` and `<plaintext>`): RAWTEXT and RCDATA.
fn raw_text(name: &[u8]) -> bool {
    matches!(
        name,
        b"style" | b"noscript" | b"iframe" | b"xmp" | b"noembed" | b"noframes" | b"title"
    )
}

/// Tags that can close elements across foreign frames: table structure
/// (in a table insertion mode) and `template`.
fn closes_across_frames(name: &[u8]) -> bool {
    matches!(
        name,
        b"caption"
            | b"col"
            | b"colgroup"
            | b"table"
            | b"tbody"
            | b"td"
            | b"tfoot"
            | b"th"
            | b"thead"
            | b"tr"
            | b"template"
    )
}

fn integration_point(ns: Ns, name: &[u8]) -> bool {
    match ns {
        Ns::Svg => matches!(name, b"foreignobject" | b"desc" | b"title"),
        Ns::MathMl => matches!(name, b"mi" | b"mo" | b"mn" | b"ms" | b"mtext"),
    }
}

/// HTML start tags that end foreign content (HTML spec, "parsing tokens in
/// foreign content").
fn breaks_out(name: &[u8], attrs: &FontAttrs) -> bool {
    match name {
        b"font" => attrs.0,
        b"b" | b"big" | b"blockquote" | b"body" | b"br" | b"center" | b"code" | b"dd" | b"div"
        | b"dl" | b"dt" | b"em" | b"embed" | b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6"
        | b"head" | b"hr" | b"i" | b"img" | b"li" | b"listing" | b"menu" | b"meta" | b"nobr"
        | b"ol" | b"p" | b"pre" | b"ruby" | b"s" | b"small" | b"span" | b"strong" | b"strike"
        | b"sub" | b"sup" | b"table" | b"tt" | b"u" | b"ul" | b"var" => true,
        _ => false,
    }
}

/// Whether a tag has a `color`, `face` or `size` attribute (a `<font>` with
/// one breaks out of foreign content).
#[derive(Debug, Default)]
struct FontAttrs(bool);

/// A tag from its name to its `>`.
#[derive(Debug)]
struct Tag {
    /// Offset just past the `>`.
    end: usize,
    self_closing: bool,
    attrs: FontAttrs,
    /// `type` attribute mentions JSON (JSON-LD scripts are read).
    json: bool,
}

fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// A lower-cased tag name, kept without allocating. Names longer than any
/// the scanner looks for are cut to a prefix no such name has.
#[derive(Debug, Clone, Copy)]
struct Name {
    buf: [u8; 16],
    len: u8,
}

impl Name {
    fn as_bytes(&self) -> &[u8] {
        &self.buf[..usize::from(self.len)]
    }
}

fn tag_name_owned(name: &[u8]) -> Name {
    let mut buf = [0u8; 16];
    let len = name.len().min(16);
    buf[..len].copy_from_slice(&name[..len]);
    Name {
        buf,
        len: len as u8,
    }
}

/// Lower-cased tag name starting at `at`, and the offset after it.
fn tag_name(b: &[u8], at: usize) -> (Name, usize) {
    let len = b[at..]
        .iter()
        .take_while(|&&c| !is_space(c) && c != b'/' && c != b'>')
        .count();
    let mut name = tag_name_owned(&b[at..at + len]);
    if len > 16 {
        // `#` never occurs in the names matched against.
        name.buf[15] = b'#';
    }
    name.buf.make_ascii_lowercase();
    (name, at + len)
}

/// Attributes up to the tag's `>`, as the tokenizer reads them (quotes only
/// count right after `=`), pushing the byte ranges of unread attributes
/// to `drops` when given. `None` when the page ends inside the tag.
fn tag_rest(b: &[u8], mut i: usize, mut drops: Option<&mut Vec<Range<usize>>>) -> Option<Tag> {
    let n = b.len();
    let mut tag = Tag {
        end: 0,
        self_closing: false,
        attrs: FontAttrs::default(),
        json: false,
    };
    loop {
        while i < n && is_space(b[i]) {
            i += 1;
        }
        match *b.get(i)? {
            b'>' => {
                tag.end = i + 1;
                return Some(tag);
            }
            b'/' => {
                i += 1;
                if b.get(i) == Some(&b'>') {
                    tag.end = i + 1;
                    tag.self_closing = true;
                    return Some(tag);
                }
                continue;
            }
            _ => {}
        }
        // Attribute name; its first character may be `=`.
        let name_start = i;
        i += 1;
        while i < n && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name = &b[name_start..i];
        let name_end = i;
        let unread = drops.is_some() && unread_attr(name);
        while i < n && is_space(b[i]) {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            note_attr(&mut tag, name, b"");
            if let Some(d) = drops.as_deref_mut().filter(|_| unread) {
                d.push(name_start..name_end);
            }
            continue;
        }
        i += 1;
        while i < n && is_space(b[i]) {
            i += 1;
        }
        let value = match *b.get(i)? {
            q @ (b'"' | b'\'') => {
                let close = find_byte(b, i + 1, q)?;
                let v = &b[i + 1..close];
                i = close + 1;
                v
            }
            b'>' => {
                note_attr(&mut tag, name, b"");
                if let Some(d) = drops.as_deref_mut().filter(|_| unread) {
                    d.push(name_start..i);
                }
                tag.end = i + 1;
                return Some(tag);
            }
            _ => {
                let start = i;
                while i < n && !is_space(b[i]) && b[i] != b'>' {
                    i += 1;
                }
                &b[start..i]
            }
        };
        note_attr(&mut tag, name, value);
        if let Some(d) = drops.as_deref_mut().filter(|_| unread) {
            d.push(name_start..i);
        }
    }
}

/// Attributes the extractor never reads and the parser decides nothing by:
/// all but those listed (see `dom::Attrs`, `Dom::collect_meta`, and the
/// tree builder's `<input type>`, `<annotation-xml encoding>` and `<font>`).
fn unread_attr(name: &[u8]) -> bool {
    const READ: [&[u8]; 17] = [
        b"class",
        b"id",
        b"role",
        b"align",
        b"style",
        b"itemprop",
        b"rel",
        b"datetime",
        b"content",
        b"hidden",
        b"property",
        b"name",
        b"type",
        b"encoding",
        b"color",
        b"face",
        b"size",
    ];
    !READ.iter().any(|a| name.eq_ignore_ascii_case(a))
}

fn note_attr(tag: &mut Tag, name: &[u8], value: &[u8]) {
    for font in [&b"color"[..], b"face", b"size"] {
        if name.eq_ignore_ascii_case(font) {
            tag.attrs.0 = true;
        }
    }
    if name.eq_ignore_ascii_case(b"type") && contains_ignore_case(value, b"json") {
        tag.json = true;
    }
}

/// End of a comment whose `<!--` ends just before `at`: past `-->`, `--!>`,
/// or the abrupt `<!-->` and `<!--->`. `None` when the page ends inside it.
fn comment_end(b: &[u8], at: usize) -> Option<usize> {
    let rest = &b[at..];
    if rest.starts_with(b">") {
        return Some(at + 1);
    }
    if rest.starts_with(b"->") {
        return Some(at + 2);
    }
    let mut i = at;
    loop {
        let dash = find(b, i, b"--")?;
        match b.get(dash + 2) {
            Some(b'>') => return Some(dash + 3),
            Some(b'!') if b.get(dash + 3) == Some(&b'>') => return Some(dash + 4),
            Some(_) => i = dash + 1,
            None => return None,
        }
    }
}

/// `<!...>`, `<?...>` and `</` + non-letter run to the next `>`.
fn bogus_comment_end(b: &[u8], at: usize) -> Step {
    find_byte(b, at, b'>').map_or(Step::Stop, |e| Step::Next(e + 1))
}

/// Offset of the `<` of the end tag `</name` (followed by a space, `/` or
/// `>`) closing a RAWTEXT/RCDATA element whose content starts at `at`.
fn text_end(b: &[u8], mut at: usize, name: &[u8]) -> Option<usize> {
    loop {
        let lt = find(b, at, b"</")?;
        if closes(b, lt, name) {
            return Some(lt);
        }
        at = lt + 2;
    }
}

/// Whether `</name` plus a delimiter starts at `lt`.
fn closes(b: &[u8], lt: usize, name: &[u8]) -> bool {
    let start = lt + 2;
    let end = start + name.len();
    end < b.len()
        && b[lt + 1] == b'/'
        && b[start..end].eq_ignore_ascii_case(name)
        && (is_space(b[end]) || matches!(b[end], b'/' | b'>'))
}

/// Offset of the `<` of the `</script>` that ends script data starting at
/// `at`, following the script-data escape states: after `<!--`, a
/// `<script>` starts a double-escaped run where `</script>` does not end
/// the script, until `-->`.
fn script_end(b: &[u8], mut at: usize) -> Option<usize> {
    #[derive(PartialEq)]
    enum State {
        Data,
        Escaped,
        DoubleEscaped,
    }
    let mut state = State::Data;
    loop {
        if state == State::Data {
            let lt = find_byte(b, at, b'<')?;
            if closes(b, lt, b"script") {
                return Some(lt);
            }
            if b[lt..].starts_with(b"<!--") {
                state = State::Escaped;
                // The dashes of `<!--` count toward a closing `-->`.
                at = lt + 2;
            } else {
                at = lt + 1;
            }
            continue;
        }
        let i = at + memchr::memchr2(b'<', b'-', b.get(at..)?)?;
        if b[i..].starts_with(b"-->") {
            state = State::Data;
            at = i + 3;
        } else if b[i] == b'-' {
            at = i + 1;
        } else if state == State::Escaped && closes(b, i, b"script") {
            return Some(i);
        } else if state == State::Escaped && opens_script(b, i) {
            state = State::DoubleEscaped;
            at = i + 7;
        } else if state == State::DoubleEscaped && closes(b, i, b"script") {
            state = State::Escaped;
            at = i + 8;
        } else {
            at = i + 1;
        }
    }
}

/// Whether `<script` plus a delimiter starts at `lt`.
fn opens_script(b: &[u8], lt: usize) -> bool {
    let end = lt + 7;
    end < b.len()
        && b[lt + 1..end].eq_ignore_ascii_case(b"script")
        && (is_space(b[end]) || matches!(b[end], b'/' | b'>'))
}

fn find_byte(b: &[u8], at: usize, c: u8) -> Option<usize> {
    memchr::memchr(c, b.get(at..)?).map(|i| at + i)
}

fn find(b: &[u8], at: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(b.get(at..)?, needle).map(|i| at + i)
}

fn contains_ignore_case(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use scraper::{Html, Node};

    fn strip(html: &str) -> String {
        strip_unread(html, Strip::RawText).into_owned()
    }

    fn strip_all(html: &str) -> String {
        strip_unread(html, Strip::Unread).into_owned()
    }

    #[test]
    fn empties_scripts_styles_noscript_and_iframes() {
        assert_eq!(
            strip("<p>a</p><script>var x = 1;</script><style>p{}</style><p>b</p>"),
            "<p>a</p><script></script><style></style><p>b</p>"
        );
        assert_eq!(
            strip("<NOSCRIPT><img src=x></NOSCRIPT><iframe src=y>fallback</iframe>"),
            "<NOSCRIPT></NOSCRIPT><iframe src=y></iframe>"
        );
    }

    #[test]
    fn keeps_json_ld() {
        let html = r#"<script type="application/ld+json">{"headline":"x"}</script>"#;
        assert!(matches!(
            strip_unread(html, Strip::Unread),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn end_tags_need_a_delimiter_and_ignore_case() {
        assert_eq!(
            strip("<script>a</scripts>b</SCRIPT >c"),
            "<script></SCRIPT >c"
        );
        assert_eq!(strip("<style>a</style/>b"), "<style></style/>b");
        assert_eq!(strip("<script>a<xscript>b</script>"), "<script></script>");
    }

    #[test]
    fn close_tag_inside_a_string_ends_the_script() {
        // As in browsers: `</script>` ends the script even inside a JS string.
        assert_eq!(
            strip("<script>s = '</script><p>text</p>';</script>"),
            "<script></script><p>text</p>';</script>"
        );
    }

    #[test]
    fn escaped_script_data() {
        // `<!--<script>` hides the next `</script>` until `-->`.
        assert_eq!(
            strip("<script><!--<script>x</script>y--></script><p>t</p>"),
            "<script></script><p>t</p>"
        );
        // Without a nested `<script>`, `</script>` still ends it.
        assert_eq!(
            strip("<script><!-- a </script><p>t</p>"),
            "<script></script><p>t</p>"
        );
    }

    #[test]
    fn unterminated_script_keeps_the_rest() {
        let html = "<p>a</p><style>b</style><script>var x = '<p>';";
        assert_eq!(strip(html), "<p>a</p><style></style><script>var x = '<p>';");
    }

    #[test]
    fn comments_and_attributes_hide_tags() {
        let html = "<!-- <script> --><p title=\"<script>\">a</p><!--><script>x</script>";
        assert_eq!(
            strip(html),
            "<!-- <script> --><p title=\"<script>\">a</p><!--><script></script>"
        );
        assert_eq!(strip("<!-- <script>x</script>"), "<!-- <script>x</script>");
        // A quote in an unquoted value does not open a string.
        assert_eq!(
            strip("<p a=b\"c><script>x</script>"),
            "<p a=b\"c><script></script>"
        );
    }

    #[test]
    fn raw_text_elements_hide_tags() {
        let html = "<title><script>x</title><textarea></textarea ><script>y</script>";
        assert_eq!(
            strip(html),
            "<title><script>x</title><textarea></textarea ><script></script>"
        );
        assert_eq!(
            strip("<plaintext><script>x</script>"),
            "<plaintext><script>x</script>"
        );
    }

    #[test]
    fn foreign_content_is_markup() {
        // In SVG `<style>` is an ordinary element: nothing stripped.
        let svg = "<svg><style>a</style><![CDATA[<script>]]></svg>";
        assert_eq!(strip(svg), svg);
        // After `</svg>` or an HTML tag that breaks out, HTML rules again.
        assert_eq!(
            strip("<svg><style>a</style></svg><style>b</style>"),
            "<svg><style>a</style></svg><style></style>"
        );
        assert_eq!(
            strip("<math><p><style>b</style>"),
            "<math><p><style></style>"
        );
        // Integration points hold HTML.
        assert_eq!(
            strip("<svg><foreignObject><script>x</script></foreignObject></svg>"),
            "<svg><foreignObject><script></script></foreignObject></svg>"
        );
    }

    #[test]
    fn select_stops_where_unsure() {
        // In a select, `<style>` is an ignored tag and its content markup.
        let html = "<select><style><option>a</option></style></select><style>x</style>";
        assert_eq!(strip(html), html);
        assert_eq!(
            strip("<select><script>x</script></select><style>y</style>"),
            "<select><script></script></select><style></style>"
        );
    }

    #[test]
    fn drops_unread_attributes() {
        assert_eq!(
            strip_all(
                r#"<a href="/x" class=c data-id='1' onclick=f()>t</a><img src=a.jpg alt=b/>"#
            ),
            r#"<a  class=c  >t</a><img  >"#
        );
        // Quoted values end the attribute; an unquoted one takes the `/`.
        assert_eq!(strip_all(r#"<p id="1"href="x"/>"#), r#"<p id="1"/>"#);
        assert_eq!(strip_all("<p href=x/>t"), "<p >t");
        assert_eq!(strip_all("<p href>t"), "<p >t");
        // Attributes the extractor or the parser reads stay.
        let kept =
            r#"<div class=a id=b style="display:none" itemprop=x role=main><input type=hidden>"#;
        assert_eq!(strip_all(kept), kept);
        // Not in end tags, and not at all with `Strip::RawText`.
        assert_eq!(strip_all("</a href=x>"), "</a href=x>");
        assert_eq!(strip("<a href=x>"), "<a href=x>");
    }

    #[test]
    fn drops_self_contained_svg_content() {
        assert_eq!(
            strip_all(r#"<p>a<svg viewBox="0 0 1 1"><g><path d="M0"/></g></svg>b</p>"#),
            r#"<p>a<svg ></svg>b</p>"#
        );
        // HTML inside (an integration point, or a tag that breaks out) stays.
        let html = "<svg><foreignObject><p>t</p></foreignObject></svg>";
        assert_eq!(strip_all(html), html);
        let html = "<svg><g><p>t</p></g></svg>";
        assert_eq!(strip_all(html), html);
        // Unclosed: kept.
        assert_eq!(strip_all("<svg><path/>"), "<svg><path/>");
    }

    #[test]
    fn comments_in_dropped_svg_go_with_it() {
        assert_eq!(
            strip_all("<svg><!-- a --><path/></svg><!-- b -->"),
            "<svg></svg><!---->"
        );
    }

    #[test]
    fn empties_comments() {
        assert_eq!(
            strip_all("a<!-- <p>x</p> -->b<!---->c"),
            "a<!---->b<!---->c"
        );
        assert_eq!(strip_all("<!-- x --!>y"), "<!-- x --!>y");
        assert_eq!(strip("<!-- x -->"), "<!-- x -->");
    }

    /// The parsed tree as lines, without text inside the HTML elements whose
    /// content stripping removes.
    fn tree(html: &str) -> Vec<String> {
        tree_as(html, Strip::RawText)
    }

    /// The parsed tree as lines, without what `drop` may remove: text inside
    /// scripts, styles, `<noscript>` and `<iframe>`, and with
    /// `Strip::Unread` unread attributes and what is inside `<svg>` and
    /// `<math>` (the extractor skips those elements whole).
    fn tree_as(html: &str, strip: Strip) -> Vec<String> {
        let doc = Html::parse_document(html);
        let mut out = Vec::new();
        for edge in doc.tree.root().traverse() {
            let ego_tree::iter::Edge::Open(node) = edge else {
                continue;
            };
            if strip == Strip::Unread
                && node.ancestors().any(|a| {
                    a.value()
                        .as_element()
                        .is_some_and(|el| matches!(el.name(), "svg" | "math"))
                })
            {
                continue;
            }
            let depth = node.ancestors().count();
            match node.value() {
                Node::Text(t) => {
                    let stripped_parent = node
                        .parent()
                        .and_then(|p| p.value().as_element())
                        .is_some_and(|el| {
                            &*el.name.ns == "http://www.w3.org/1999/xhtml"
                                && matches!(el.name(), "script" | "style" | "noscript" | "iframe")
                        });
                    if !stripped_parent {
                        out.push(format!("{depth} text {:?}", &**t));
                    }
                }
                Node::Element(el) => {
                    let mut attrs: Vec<_> = el
                        .attrs()
                        .filter(|(k, _)| strip == Strip::RawText || !unread_attr(k.as_bytes()))
                        .collect();
                    attrs.sort_unstable();
                    out.push(format!("{depth} <{}:{}> {attrs:?}", el.name.ns, el.name()));
                }
                Node::Comment(_) if strip == Strip::Unread => out.push(format!("{depth} comment")),
                Node::Comment(c) => out.push(format!("{depth} comment {:?}", &**c)),
                other => out.push(format!("{depth} {other:?}")),
            }
        }
        out
    }

    const TOKENS: &[&str] = &[
        "<script>",
        "</script>",
        "<SCRIPT type=x>",
        "</script ",
        "</script",
        "<script/>",
        "<script type=\"application/ld+json\">",
        "<style>",
        "</style>",
        "</STYLE>",
        "<noscript>",
        "</noscript>",
        "<iframe>",
        "</iframe>",
        "<!--",
        "-->",
        "--!>",
        "--",
        "<!",
        "<!-",
        ">",
        "<",
        "</",
        "<p>",
        "</p>",
        "<div a=\"",
        "<a b='",
        "\"",
        "'",
        "=",
        " ",
        "\n",
        "-",
        "/",
        "/>",
        "text",
        "é",
        "<svg>",
        "</svg>",
        "<svg/>",
        "<math>",
        "</math>",
        "<foreignObject>",
        "</foreignObject>",
        "<desc>",
        "<mi>",
        "</mi>",
        "<title>",
        "</title>",
        "<textarea>",
        "</textarea>",
        "<select>",
        "</select>",
        "<option>",
        "<input>",
        "<table>",
        "<td>",
        "</td>",
        "<b>",
        "<br>",
        "</br>",
        "<font color=red>",
        "<font>",
        "<![CDATA[",
        "]]>",
        "<plaintext>",
        "<xmp>",
        "</xmp>",
        "<noembed>",
        "</noembed>",
        "<template>",
        "</template>",
        "<?",
        "<head>",
        "</head>",
        "<body>",
        "<annotation-xml encoding=text/html>",
        "<tr>",
        "</table>",
        "</template>",
        "</desc>",
        "<mtext>",
        "<keygen>",
        "<a href=x ",
        "data-a=1",
        " onclick='",
        "<path d=\"M0\"/>",
        "<g>",
        "</g>",
        "<svg viewBox='0'>",
        " src=",
        "<!-- c -->",
        "<math><mi>",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Stripping never panics, and the parsed page is the same except for
        /// text inside scripts, styles, `<noscript>` and `<iframe>`.
        #[test]
        fn only_unread_text_goes(picks in prop::collection::vec(0..TOKENS.len(), 0..40)) {
            let html: String = picks.iter().map(|&i| TOKENS[i]).collect();
            let stripped = strip_unread(&html, Strip::RawText);
            prop_assert_eq!(tree(&html), tree(&stripped), "{:?} -> {:?}", html, stripped);
        }

        /// With attributes dropped, the same holds for what the extractor reads.
        #[test]
        fn only_unread_parts_go(picks in prop::collection::vec(0..TOKENS.len(), 0..40)) {
            let html: String = picks.iter().map(|&i| TOKENS[i]).collect();
            let stripped = strip_unread(&html, Strip::Unread);
            prop_assert_eq!(
                tree_as(&html, Strip::Unread),
                tree_as(&stripped, Strip::Unread),
                "{:?} -> {:?}", html, stripped
            );
        }

        #[test]
        fn never_panics_on_any_text(html in "\\PC{0,200}") {
            let _ = strip_unread(&html, Strip::Unread);
            let _ = strip_unread(&html, Strip::RawText);
        }
    }
}

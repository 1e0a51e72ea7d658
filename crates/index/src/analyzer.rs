//! Vietnamese analyzers, built only from tantivy's stock tokenizer and filters.
//!
//! Two analyzers, registered under stable names so that another program can
//! open and query the index. tantivy-py: `index.register_tokenizer("vi",
//! TextAnalyzerBuilder(Tokenizer.regex(TOKEN_PATTERN)).filter(Filter.remove_long(80))
//! .filter(Filter.lowercase()).build())`, and the same plus `.filter(Filter.ascii_fold())`
//! for `vi_folded`:
//!
//! - [`VI`]: syllable tokens, lower case. Exact Vietnamese; the plain field.
//! - [`VI_FOLDED`]: the same tokens folded (no diacritics, `đ` -> `d`), so
//!   `binh dang gioi` finds `bình đẳng giới`. `AsciiFoldingFilter` folds every
//!   Vietnamese letter but keeps no original, hence a twin field, not a filter
//!   that emits both.
//!
//! Why not `SimpleTokenizer`: it splits on every non-alphanumeric character,
//! so `3608/QĐ-BPN&TE` becomes four tokens and `79,4%` two, and a phrase query
//! for a document number then also matches `3608 ... QĐ`. Tokens here are
//! [`TOKEN_PATTERN`]: runs of letters and digits joined by `/ - & . ,` (and a
//! trailing `%`), kept whole.
//!
//! Why a custom tokenizer ([`VnTokenizer`]) and not the stock `RegexTokenizer`
//! with that pattern: `RegexTokenizer` clones its `Regex` for every text, and a
//! clone starts with an empty lazy-DFA cache, so every field value
//! re-determinizes the Unicode letter classes. Measured: 85% of indexing time,
//! 0.5 MB/s. [`VnTokenizer`] scans the same pattern by hand and yields exactly
//! the tokens `RegexTokenizer::new(TOKEN_PATTERN)` yields (a unit test checks
//! this), so Python users register `Tokenizer.regex(TOKEN_PATTERN)` and get
//! the same index terms.
//!
//! No stop-word filter: after folding, English stop lists delete Vietnamese
//! syllables (`an`, `the`), and Vietnamese function words matter in phrases.
//!
//! Text must be NFC with the canonical tone placement *before* it reaches the
//! tokenizer (decomposed marks are not `\p{L}` and would split syllables); the
//! writer and the query parser run [`vnfacts_text::normalize`] first, and other
//! programs must do the same (Python: `unicodedata.normalize("NFC", s)`).

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, TextAnalyzer, Token, TokenStream, Tokenizer,
};
use tantivy::Index;

/// Name of the plain analyzer (lower case, diacritics kept).
pub const VI: &str = "vi";
/// Name of the folded analyzer (lower case, no diacritics).
pub const VI_FOLDED: &str = "vi_folded";

/// One token: letters/digits, optionally joined by `/ - & . ,` to more
/// letters/digits, optionally ending in `%`. Keeps `3608/QĐ-BPN&TE`, `79,4%`,
/// `1.200`, `TP.HCM`, `2021-2030` whole; punctuation around words is dropped.
/// (`\p{Alphabetic}` or `\p{N}` is exactly Rust's `char::is_alphanumeric`.)
pub const TOKEN_PATTERN: &str = r"[\p{Alphabetic}\p{N}]+(?:[/&.,\-][\p{Alphabetic}\p{N}]+)*%?";

/// Tokens longer than this are junk (base64, run-together URLs) and are skipped.
const MAX_TOKEN_BYTES: usize = 80;

/// The plain analyzer.
pub fn plain() -> TextAnalyzer {
    TextAnalyzer::builder(tokenizer())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .build()
}

/// The folded analyzer.
pub fn folded() -> TextAnalyzer {
    TextAnalyzer::builder(tokenizer())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Register both analyzers on an index (needed after every `Index::open`).
pub fn register(index: &Index) {
    let manager = index.tokenizers();
    manager.register(VI, plain());
    manager.register(VI_FOLDED, folded());
}

fn tokenizer() -> VnTokenizer {
    VnTokenizer::default()
}

/// `char::is_alphanumeric`, with the Latin blocks Vietnamese lives in answered
/// without the Unicode table walk (which was 9% of indexing time).
fn is_word(c: char) -> bool {
    match c {
        '0'..='9' | 'a'..='z' | 'A'..='Z' => true,
        '\u{0}'..='\u{7f}' | '\u{d7}' | '\u{f7}' => false,
        '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}' => true,
        c => c.is_alphanumeric(),
    }
}

/// [`TOKEN_PATTERN`], scanned by hand (see the module docs for why).
#[derive(Clone, Default)]
pub struct VnTokenizer {
    token: Token,
}

impl Tokenizer for VnTokenizer {
    type TokenStream<'a> = VnTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VnTokenStream<'a> {
        self.token.reset();
        VnTokenStream {
            text,
            cursor: 0,
            token: &mut self.token,
        }
    }
}

pub struct VnTokenStream<'a> {
    text: &'a str,
    cursor: usize,
    token: &'a mut Token,
}

impl VnTokenStream<'_> {
    /// End of the run of alphanumerics starting at `from`.
    fn run_end(&self, from: usize) -> usize {
        self.text[from..]
            .char_indices()
            .find(|&(_, c)| !is_word(c))
            .map_or(self.text.len(), |(i, _)| from + i)
    }
}

impl TokenStream for VnTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let rest = &self.text[self.cursor..];
        let Some((skip, _)) = rest.char_indices().find(|&(_, c)| is_word(c)) else {
            self.cursor = self.text.len();
            return false;
        };
        let start = self.cursor + skip;
        let mut end = self.run_end(start);
        // Joiners (all ASCII, one byte) glue on the next run of alphanumerics.
        while let Some(&b) = self.text.as_bytes().get(end) {
            // Test the byte first: `end + 1` is a char boundary only after an ASCII joiner.
            let joiner = matches!(b, b'/' | b'&' | b'.' | b',' | b'-');
            if joiner && self.text[end + 1..].chars().next().is_some_and(is_word) {
                end = self.run_end(end + 1);
            } else {
                break;
            }
        }
        if self.text.as_bytes().get(end) == Some(&b'%') {
            end += 1;
        }
        self.cursor = end;
        self.token.text.clear();
        self.token.text.push_str(&self.text[start..end]);
        self.token.offset_from = start;
        self.token.offset_to = end;
        self.token.position = self.token.position.wrapping_add(1);
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Tokens of `text` through `analyzer` (for tests and diagnostics).
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(t) = stream.next() {
        out.push(t.text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_and_numbers_stay_whole() {
        let t = tokens(
            &mut plain(),
            "Quyết định số 3608/QĐ-BPN&TE, đạt 79,4% (1.200 người) giai đoạn 2021-2030.",
        );
        assert_eq!(
            t,
            [
                "quyết",
                "định",
                "số",
                "3608/qđ-bpn&te",
                "đạt",
                "79,4%",
                "1.200",
                "người",
                "giai",
                "đoạn",
                "2021-2030"
            ]
        );
    }

    #[test]
    fn folded_twin_drops_every_diacritic() {
        let t = tokens(
            &mut folded(),
            "Bình đẳng giới ĐỒNG HÒA hoà Ủy 3608/QĐ-BPN&TE",
        );
        assert_eq!(
            t,
            [
                "binh",
                "dang",
                "gioi",
                "dong",
                "hoa",
                "hoa",
                "uy",
                "3608/qd-bpn&te"
            ]
        );
    }

    #[test]
    fn hand_scanner_equals_the_regex_tokenizer() {
        use tantivy::tokenizer::RegexTokenizer;
        let texts = [
            "Quyết định số 3608/QĐ-BPN&TE, đạt 79,4% (1.200 người) giai đoạn 2021-2030.",
            "a-/b -x- ,,1,2,, 50%% %3 TP.HCM. ... 1/2/ x&&y 1.-2 Ω²³ ①② ٣٤ ǅ z",
            "  ",
            "",
            "đ%",
            "a/b/c-d&e.f,g%h",
            "×÷ À-ɏ Ḁ-ỿ ª º µ",
            "3B–'(q 2021–2030 a–b",
        ];
        for text in texts {
            let mut regex = TextAnalyzer::from(RegexTokenizer::new(TOKEN_PATTERN).unwrap());
            let mut ours = TextAnalyzer::from(VnTokenizer::default());
            let collect = |a: &mut TextAnalyzer| {
                let mut out = Vec::new();
                let mut s = a.token_stream(text);
                while let Some(t) = s.next() {
                    out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
                }
                out
            };
            assert_eq!(collect(&mut ours), collect(&mut regex), "{text:?}");
        }
    }

    proptest::proptest! {
        /// On any text, the hand scanner yields exactly what `RegexTokenizer(TOKEN_PATTERN)` yields.
        #[test]
        fn hand_scanner_matches_the_regex_on_any_text(text in "[ -~àáđĐ–—%²①\u{300}\u{a0}]{0,40}") {
            use tantivy::tokenizer::RegexTokenizer;
            let collect = |a: &mut TextAnalyzer| {
                let mut out = Vec::new();
                let mut s = a.token_stream(&text);
                while let Some(t) = s.next() {
                    out.push((t.text.clone(), t.offset_from, t.offset_to));
                }
                out
            };
            let mut regex = TextAnalyzer::from(RegexTokenizer::new(TOKEN_PATTERN).unwrap());
            let mut ours = TextAnalyzer::from(VnTokenizer::default());
            proptest::prop_assert_eq!(collect(&mut ours), collect(&mut regex));
        }
    }

    #[test]
    fn no_stop_words_are_removed() {
        let t = tokens(&mut folded(), "án thể the an");
        assert_eq!(t, ["an", "the", "the", "an"]);
    }
}

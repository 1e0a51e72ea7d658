//! Vietnamese analyzers, built only from tantivy's stock tokenizer and filters.
//!
//! Two analyzers, registered under stable names so that another program
//! (tantivy-py: `index.register_tokenizer("vi", TextAnalyzerBuilder(
//! Tokenizer.regex(TOKEN_PATTERN)).filter(Filter.lowercase()).build())`, and the
//! same plus `Filter.ascii_fold()` for `vi_folded`) can open and query the index:
//!
//! - [`VI`]: syllable tokens, lower case. Exact Vietnamese; the plain field.
//! - [`VI_FOLDED`]: the same tokens folded (no diacritics, `đ` -> `d`), so
//!   `binh dang gioi` finds `bình đẳng giới`. `AsciiFoldingFilter` folds every
//!   Vietnamese letter but keeps no original, hence a twin field, not a filter
//!   that emits both.
//!
//! Why a regex tokenizer and not `SimpleTokenizer`: the simple tokenizer splits
//! on every non-alphanumeric character, so `3608/QĐ-BPN&TE` becomes four tokens
//! and `79,4%` two, and a phrase query for a document number then also matches
//! `3608 ... QĐ`. [`TOKEN_PATTERN`] keeps runs of letters and digits joined by
//! `/ - & . ,` (and a trailing `%`) whole, which is still a stock tokenizer.
//!
//! No stop-word filter: after folding, English stop lists delete Vietnamese
//! syllables (`an`, `the`), and Vietnamese function words matter in phrases.
//!
//! Text must be NFC with the canonical tone placement *before* it reaches the
//! tokenizer (decomposed marks are not `\p{L}` and would split syllables); the
//! writer and the query parser run [`vnfacts_text::normalize`] first, and other
//! programs must do the same (Python: `unicodedata.normalize("NFC", s)`).

use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, RegexTokenizer, RemoveLongFilter, TextAnalyzer};
use tantivy::Index;

/// Name of the plain analyzer (lower case, diacritics kept).
pub const VI: &str = "vi";
/// Name of the folded analyzer (lower case, no diacritics).
pub const VI_FOLDED: &str = "vi_folded";

/// One token: letters/digits, optionally joined by `/ - & . ,` to more
/// letters/digits, optionally ending in `%`. Keeps `3608/QĐ-BPN&TE`, `79,4%`,
/// `1.200`, `TP.HCM`, `2021-2030` whole; punctuation around words is dropped.
pub const TOKEN_PATTERN: &str = r"[\p{L}\p{N}]+(?:[/&.,\-][\p{L}\p{N}]+)*%?";

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

fn tokenizer() -> RegexTokenizer {
    match RegexTokenizer::new(TOKEN_PATTERN) {
        Ok(t) => t,
        // A constant pattern, checked by the unit tests below.
        Err(e) => unreachable!("built-in token pattern rejected: {e}"),
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
        let t = tokens(&mut plain(), "Quyết định số 3608/QĐ-BPN&TE, đạt 79,4% (1.200 người) giai đoạn 2021-2030.");
        assert_eq!(
            t,
            ["quyết", "định", "số", "3608/qđ-bpn&te", "đạt", "79,4%", "1.200", "người", "giai", "đoạn", "2021-2030"]
        );
    }

    #[test]
    fn folded_twin_drops_every_diacritic() {
        let t = tokens(&mut folded(), "Bình đẳng giới ĐỒNG HÒA hoà Ủy 3608/QĐ-BPN&TE");
        assert_eq!(t, ["binh", "dang", "gioi", "dong", "hoa", "hoa", "uy", "3608/qd-bpn&te"]);
    }

    #[test]
    fn no_stop_words_are_removed() {
        let t = tokens(&mut folded(), "án thể the an");
        assert_eq!(t, ["an", "the", "the", "an"]);
    }
}

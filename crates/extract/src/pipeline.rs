//! One article through the extraction stage: normalize, find chrome,
//! read metadata, extract facts.

use crate::engine::{Context, Extractor, Loser};
use crate::meta;
use crate::model::{Article, ArticleMeta};

/// An article as it arrives: raw text and whatever metadata a source gave.
#[derive(Debug, Clone, Default)]
pub struct Input {
    /// File name or URL: the `article` key of the output and of gold files.
    pub name: String,
    pub url: Option<String>,
    /// Body text, not yet normalized.
    pub text: String,
    /// Metadata known from the source (wins over what the text suggests).
    pub known: ArticleMeta,
}

/// An extracted article plus (with `explain`) the candidates that lost.
#[derive(Debug)]
pub struct Output {
    pub article: Article,
    pub losers: Vec<Loser>,
}

/// Run the extraction stage on one article.
pub fn process(extractor: &Extractor, input: Input, keep_text: bool, explain: bool) -> Output {
    let text = vnfacts_text::normalize(&input.text).text;
    let chrome = extractor.chrome_ranges(&text);
    let found = meta::metadata(&text, &chrome, &input.known);
    let meta = merge(input.known, found);
    let reference = meta.published.as_deref().and_then(reference_date);
    let ctx = Context {
        reference,
        chrome: Some(chrome),
    };
    let extraction = extractor.extract(&text, &ctx, explain);
    let article = Article {
        article: input.name,
        url: input.url,
        meta,
        text: keep_text.then_some(text),
        facts: extraction.facts,
    };
    Output {
        article,
        losers: extraction.losers,
    }
}

/// Build the tables the first article would otherwise build on its way
/// (the gazetteer and its place-name automata, the metadata's patterns),
/// by reading a short text of our own. A caller with a core to spare while
/// it compiles the rules starts the first batch that much sooner.
pub fn prepare() {
    let text = vnfacts_text::normalize(
        "Tin: Nguyễn An\nHội nghị tại huyện Văn Bàn, tỉnh Lào Cai, ngày 12/3/2024 lúc 8h30.",
    )
    .text;
    meta::metadata(&text, &[], &ArticleMeta::default());
}

/// Source metadata wins field by field; the text fills the gaps.
fn merge(known: ArticleMeta, found: ArticleMeta) -> ArticleMeta {
    ArticleMeta {
        title: known.title.or(found.title),
        published: known.published.or(found.published),
        province: known.province.or(found.province),
        author: known.author.or(found.author),
        source: known.source.or(found.source),
    }
}

/// The date part of an ISO date or date-time.
pub fn reference_date(published: &str) -> Option<chrono::NaiveDate> {
    crate::iso::date_prefix(published)
}

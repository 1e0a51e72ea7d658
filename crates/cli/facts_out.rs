//! Where `vnfacts extract` writes: JSON Lines streamed article by article,
//! or the flat facts table of `vnfacts export` (CSV with BOM, Parquet).

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;
use vnfacts_extract::model::Article;
use vnfacts_extract::Loser;
use vnfacts_index::export::{self, FactRow, RowMeta};

use crate::extract::Format;

/// An output in progress.
pub enum Sink<'a> {
    /// One article per line, written as soon as it is extracted. The line
    /// is built in a buffer first: serializing straight into the `dyn
    /// Write` made every key and value a virtual call. sonic-rs writes it,
    /// not serde_json: every fact carries its sentence, and serde_json's
    /// byte-at-a-time string escaping made the one writer thread the cap
    /// on a 2-thread run; sonic-rs escapes 32 bytes at a time and writes
    /// the same bytes (a test below holds it to serde_json's output).
    Jsonl {
        out: &'a mut dyn Write,
        line: Vec<u8>,
    },
    /// Flat fact rows, written as one table at the end (tables need their
    /// column statistics, so they are not streamed).
    Table {
        rows: Vec<FactRow>,
        format: export::Format,
        path: PathBuf,
    },
}

#[derive(Serialize)]
struct WithLosers<'a> {
    #[serde(flatten)]
    article: &'a Article,
    losers: &'a [Loser],
}

impl<'a> Sink<'a> {
    pub fn new(
        format: Format,
        out: &'a mut dyn Write,
        path: Option<PathBuf>,
    ) -> anyhow::Result<Sink<'a>> {
        Ok(match format {
            Format::Jsonl => Sink::Jsonl {
                out,
                line: Vec::new(),
            },
            Format::Csv => Sink::Table {
                rows: Vec::new(),
                format: export::Format::Csv,
                path: path.unwrap_or("-".into()),
            },
            Format::Parquet => {
                let path = path.ok_or_else(|| {
                    anyhow::anyhow!(
                        "--format parquet needs -o FILE (Parquet is not written to a terminal)"
                    )
                })?;
                Sink::Table {
                    rows: Vec::new(),
                    format: export::Format::Parquet,
                    path,
                }
            }
        })
    }

    pub fn write(&mut self, article: &Article, losers: Option<&[Loser]>) -> anyhow::Result<()> {
        match self {
            Sink::Jsonl { out, line } => {
                line.clear();
                match losers {
                    Some(losers) => {
                        sonic_rs::to_writer(&mut *line, &WithLosers { article, losers })?
                    }
                    None => sonic_rs::to_writer(&mut *line, article)?,
                }
                line.push(b'\n');
                out.write_all(line)?;
            }
            Sink::Table { rows, .. } => {
                let meta = row_meta(article);
                rows.extend(article.facts.iter().map(|f| FactRow::new(&meta, f)));
            }
        }
        Ok(())
    }

    pub fn finish(self) -> anyhow::Result<()> {
        if let Sink::Table { rows, format, path } = self {
            export::write(&rows, format, &path)?;
        }
        Ok(())
    }
}

fn row_meta(a: &Article) -> RowMeta {
    RowMeta {
        article_id: a.article.clone(),
        url: a.url.clone(),
        title: a.meta.title.clone(),
        published: a.meta.published.as_deref().and_then(parse_published),
        province: a.meta.province.clone(),
        source: a.meta.source.clone(),
    }
}

/// `2024-07-23T11:52` or `2024-07-23`, in Asia/Ho_Chi_Minh (UTC+7).
fn parse_published(s: &str) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    let tz = chrono::FixedOffset::east_opt(7 * 3600)?;
    let naive = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .ok()
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d")
                .ok()?
                .and_hms_opt(0, 0, 0)
        })?;
    naive.and_local_timezone(tz).single()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use vnfacts_extract::model::{ArticleMeta, Fact, FactValue, Person, Qualifier, Ratio};

    use super::*;

    fn line(article: &Article, losers: Option<&[Loser]>) -> String {
        let mut out = Vec::new();
        let mut sink = Sink::new(Format::Jsonl, &mut out, None).unwrap();
        sink.write(article, losers).unwrap();
        sink.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    fn fact(value: FactValue, text: &str, sentence: &str) -> Fact {
        Fact {
            value,
            text: text.to_string(),
            start: text.len(),
            end: usize::MAX,
            sentence: sentence.to_string(),
            rule: "r".to_string(),
        }
    }

    proptest! {
        /// Any text (control chars, quotes, backslashes, U+2028, astral
        /// chars) and any number come out as serde_json writes them.
        #[test]
        fn lines_are_what_serde_json_writes(
            text in any::<String>(),
            sentence in "[\\x00-\\x{7f}\"\\\\ àÀệỆđĐ\u{2028}\u{2029}\u{1F600}]{0,40}",
            quantity in any::<u64>(),
            percent in any::<f64>().prop_filter("JSON has no NaN or infinity", |p| p.is_finite()),
        ) {
            let ratio = Ratio {
                numerator: Some(quantity),
                denominator: None,
                percent: Some(percent),
                subject: text.clone(),
                qualifier: Qualifier::default(),
            };
            let person = Person { name: sentence.clone(), title: None, honorific: Some(text.clone()) };
            let article = Article {
                article: text.clone(),
                url: None,
                meta: ArticleMeta { title: Some(sentence.clone()), ..ArticleMeta::default() },
                text: Some(text.clone()),
                facts: vec![
                    fact(FactValue::Ratio(ratio), &text, &sentence),
                    fact(FactValue::Person(person), &sentence, &text),
                ],
            };
            let expected = serde_json::to_string(&article).unwrap() + "\n";
            prop_assert_eq!(line(&article, None), expected);
            let loser = Loser {
                rule: sentence.clone(),
                text: text.clone(),
                start: 0,
                end: 1,
                reason: vnfacts_extract::Rejection::Invalid(text.clone()),
            };
            let losers = [loser];
            let expected = serde_json::to_string(&WithLosers { article: &article, losers: &losers })
                .unwrap() + "\n";
            prop_assert_eq!(line(&article, Some(&losers)), expected);
        }
    }
}

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
    /// Write` made every key and value a virtual call.
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
                        serde_json::to_writer(&mut *line, &WithLosers { article, losers })?
                    }
                    None => serde_json::to_writer(&mut *line, article)?,
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

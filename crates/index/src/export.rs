//! The flat facts table, for pandas, R, DuckDB and Excel.
//!
//! One row per fact: the article's url, title, date, province and source, the
//! fact kind, every typed value of every kind in its own column (empty where
//! the kind does not have it), the sentence and a folded copy of it (for
//! diacritic-insensitive filtering in tools that cannot fold). Columns and
//! types are [`COLUMNS`]; every format writes the same table:
//! - CSV: UTF-8 with a BOM, so Excel in a Vietnamese locale opens it without an import dialog;
//! - xlsx: numbers as numbers, dates as dates, header frozen, autofilter on;
//! - JSON Lines: one object per row, nulls omitted;
//! - Parquet: typed columns (INT64, DOUBLE, BOOLEAN, DATE, TIMESTAMP(ms, UTC), UTF8 strings),
//!   written with the `parquet` crate's column writers (no arrow: it compiles much faster).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike};
use serde::Serialize;
use tantivy::schema::Value;
use tantivy::TantivyDocument;
use vnfacts_extract::model::{Fact, FactValue};

use crate::error::{ExportError, QueryError};

use crate::search::{Searcher, Target};
use crate::writer::enum_str;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
    Jsonl,
    Parquet,
}

impl Format {
    /// From a name (`csv`) or a file extension.
    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            "jsonl" | "ndjson" | "json" => Some(Format::Jsonl),
            "parquet" | "pq" => Some(Format::Parquet),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Jsonl => "jsonl",
            Format::Parquet => "parquet",
        }
    }
}

/// Column types of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColType {
    Str,
    I64,
    F64,
    Bool,
    Date,
    Timestamp,
}

/// The table's columns, in order.
pub const COLUMNS: &[(&str, ColType)] = &[
    ("article_url", ColType::Str),
    ("article_id", ColType::Str),
    ("title", ColType::Str),
    ("published", ColType::Timestamp),
    ("province", ColType::Str),
    ("source", ColType::Str),
    ("kind", ColType::Str),
    ("text", ColType::Str),
    ("doc_id", ColType::Str),
    ("doc_type", ColType::Str),
    ("doc_number", ColType::Str),
    ("doc_year", ColType::I64),
    ("doc_symbol", ColType::Str),
    ("issued", ColType::Date),
    ("issuer", ColType::Str),
    ("doc_subject", ColType::Str),
    ("quantity", ColType::I64),
    ("unit", ColType::Str),
    ("category", ColType::Str),
    ("qualifier", ColType::Str),
    ("role", ColType::Str),
    ("person_times", ColType::Bool),
    ("amount", ColType::I64),
    ("currency", ColType::Str),
    ("per", ColType::Str),
    ("numerator", ColType::I64),
    ("denominator", ColType::I64),
    ("percent", ColType::F64),
    ("ratio_subject", ColType::Str),
    ("period_start", ColType::I64),
    ("period_end", ColType::I64),
    ("person_name", ColType::Str),
    ("person_title", ColType::Str),
    ("honorific", ColType::Str),
    ("sentence", ColType::Str),
    ("sentence_folded", ColType::Str),
    ("rule", ColType::Str),
    ("start", ColType::I64),
    ("end", ColType::I64),
];

/// One cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    Str(String),
    I64(i64),
    F64(f64),
    Bool(bool),
    Date(NaiveDate),
    Timestamp(DateTime<FixedOffset>),
    Null,
}

/// One fact as a row of [`COLUMNS`].
#[derive(Debug, Clone, PartialEq)]
pub struct FactRow(pub Vec<Cell>);

impl FactRow {
    /// Build a row from the article metadata and the fact.
    pub fn new(meta: &RowMeta, fact: &Fact) -> FactRow {
        let s = |v: &Option<String>| v.clone().map_or(Cell::Null, Cell::Str);
        let mut row = RowBuilder::default();
        row.set("article_url", s(&meta.url));
        row.set("article_id", Cell::Str(meta.article_id.clone()));
        row.set("title", s(&meta.title));
        row.set(
            "published",
            meta.published.map_or(Cell::Null, Cell::Timestamp),
        );
        row.set("province", s(&meta.province));
        row.set("source", s(&meta.source));
        row.set("kind", Cell::Str(fact.value.kind().to_string()));
        row.set("text", Cell::Str(fact.text.clone()));
        row.set("sentence", Cell::Str(fact.sentence.clone()));
        row.set(
            "sentence_folded",
            Cell::Str(vnfacts_text::fold(&fact.sentence)),
        );
        row.set("rule", Cell::Str(fact.rule.clone()));
        row.set("start", int(fact.start as u64));
        row.set("end", int(fact.end as u64));
        let opt = |v: &Option<String>| v.clone().map_or(Cell::Null, Cell::Str);
        match &fact.value {
            FactValue::Document(d) => {
                row.set("doc_id", Cell::Str(d.id.clone()));
                row.set("doc_type", Cell::Str(enum_str(&d.doc_type)));
                row.set("doc_number", opt(&d.number));
                row.set(
                    "doc_year",
                    d.year.map_or(Cell::Null, |y| Cell::I64(i64::from(y))),
                );
                row.set("doc_symbol", opt(&d.symbol));
                row.set("issued", d.issued.map_or(Cell::Null, Cell::Date));
                row.set("issuer", opt(&d.issuer));
                row.set("doc_subject", opt(&d.subject));
            }
            FactValue::Count(c) => {
                row.set("quantity", int(c.quantity));
                row.set("unit", Cell::Str(c.unit.clone()));
                row.set("category", Cell::Str(enum_str(&c.category)));
                row.set("qualifier", Cell::Str(enum_str(&c.qualifier)));
            }
            FactValue::Participants(p) => {
                row.set("quantity", int(p.quantity));
                row.set("unit", Cell::Str(p.unit.clone()));
                row.set("qualifier", Cell::Str(enum_str(&p.qualifier)));
                row.set("role", Cell::Str(enum_str(&p.role)));
                row.set("person_times", Cell::Bool(p.person_times));
            }
            FactValue::Money(m) => {
                row.set("amount", int(m.amount));
                row.set("currency", Cell::Str(m.currency.clone()));
                row.set("qualifier", Cell::Str(enum_str(&m.qualifier)));
                row.set("role", Cell::Str(enum_str(&m.role)));
                row.set("per", opt(&m.per));
            }
            FactValue::Ratio(r) => {
                row.set("numerator", r.numerator.map_or(Cell::Null, int));
                row.set("denominator", r.denominator.map_or(Cell::Null, int));
                row.set("percent", r.percent.map_or(Cell::Null, Cell::F64));
                row.set("ratio_subject", Cell::Str(r.subject.clone()));
                row.set("qualifier", Cell::Str(enum_str(&r.qualifier)));
            }
            FactValue::Period(p) => {
                row.set("period_start", Cell::I64(i64::from(p.start)));
                row.set("period_end", Cell::I64(i64::from(p.end)));
            }
            FactValue::Person(p) => {
                row.set("person_name", Cell::Str(p.name.clone()));
                row.set("person_title", opt(&p.title));
                row.set("honorific", opt(&p.honorific));
            }
        }
        FactRow(row.cells)
    }
}

/// Article metadata a row repeats.
#[derive(Debug, Clone, Default)]
pub struct RowMeta {
    pub article_id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<DateTime<FixedOffset>>,
    pub province: Option<String>,
    pub source: Option<String>,
}

struct RowBuilder {
    cells: Vec<Cell>,
}

impl Default for RowBuilder {
    fn default() -> Self {
        RowBuilder {
            cells: vec![Cell::Null; COLUMNS.len()],
        }
    }
}

impl RowBuilder {
    fn set(&mut self, name: &str, cell: Cell) {
        if let Some(i) = COLUMNS.iter().position(|(n, _)| *n == name) {
            self.cells[i] = cell;
        }
    }
}

/// u64 values beyond i64 (never seen in practice) saturate rather than wrap.
fn int(v: u64) -> Cell {
    Cell::I64(i64::try_from(v).unwrap_or(i64::MAX))
}

/// Every fact matching `query` (all facts for an empty query), in index order.
pub fn fact_rows(searcher: &Searcher, query: &str) -> Result<Vec<FactRow>, QueryError> {
    let mut rows = Vec::new();
    for_each_row(searcher, query, |row| {
        rows.push(row);
        Ok::<(), QueryError>(())
    })?;
    Ok(rows)
}

/// Call `each` with every fact row matching `query`, one at a time (exports of
/// millions of facts do not hold them all in memory).
pub fn for_each_row<E: From<QueryError>>(
    searcher: &Searcher,
    query: &str,
    mut each: impl FnMut(FactRow) -> Result<(), E>,
) -> Result<usize, E> {
    let (tsearcher, addrs) = searcher.matching(query, Target::Facts)?;
    let f = searcher.fields();
    let mut count = 0;
    for addr in addrs {
        let doc: TantivyDocument = tsearcher.doc(addr).map_err(QueryError::from)?;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let sentence = text(f.sentence).unwrap_or_default();
        let Some(fact) = text(f.fact_json)
            .and_then(|j| crate::writer::fact_from_stored(&j, &sentence))
            .and_then(|v| serde_json::from_value::<Fact>(v).ok())
        else {
            continue;
        };
        let published = doc
            .get_first(f.published)
            .and_then(|v| v.as_datetime())
            .and_then(|d| chrono::DateTime::from_timestamp(d.into_timestamp_secs(), 0))
            .and_then(|d| Some(d.with_timezone(&FixedOffset::east_opt(7 * 3600)?)));
        let meta = RowMeta {
            article_id: text(f.article_id).unwrap_or_default(),
            url: text(f.url),
            title: text(f.article_title),
            published,
            province: text(f.province),
            source: text(f.source),
        };
        each(FactRow::new(&meta, &fact))?;
        count += 1;
    }
    Ok(count)
}

/// Most data rows an xlsx sheet holds.
const XLSX_MAX_ROWS: usize = 1_048_575;
/// Rows per Parquet row group.
const ROW_GROUP: usize = 65_536;

/// Stream every fact matching `query` to `path` (`-` = stdout for CSV and JSON
/// Lines); returns the number of rows written.
pub fn export(
    searcher: &Searcher,
    query: &str,
    format: Format,
    path: &Path,
) -> Result<usize, ExportError> {
    let fail = |message: String| ExportError::Format {
        path: path.to_path_buf(),
        format: format.name(),
        message,
    };
    let io = |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    };
    match format {
        Format::Xlsx => {
            // The xlsx writer keeps the sheet in memory anyway, and a sheet has a row limit.
            let rows = fact_rows(searcher, query)?;
            if rows.len() > XLSX_MAX_ROWS {
                return Err(fail(format!(
                    "{} facts match but a sheet holds {XLSX_MAX_ROWS} rows; narrow the query or export csv/parquet",
                    rows.len()
                )));
            }
            write(&rows, format, path)?;
            Ok(rows.len())
        }
        Format::Parquet => {
            let file = File::create(path).map_err(io)?;
            let mut writer = parquet_writer(file).map_err(|e| fail(e.to_string()))?;
            let mut buf = Vec::with_capacity(ROW_GROUP);
            let n = for_each_row(searcher, query, |row| {
                buf.push(row);
                if buf.len() == ROW_GROUP {
                    write_group(&mut writer, &buf).map_err(|e| fail(e.to_string()))?;
                    buf.clear();
                }
                Ok::<(), ExportError>(())
            })?;
            if !buf.is_empty() || n == 0 {
                write_group(&mut writer, &buf).map_err(|e| fail(e.to_string()))?;
            }
            writer.close().map_err(|e| fail(e.to_string()))?;
            Ok(n)
        }
        Format::Csv | Format::Jsonl => {
            let out: Box<dyn Write> = if path.as_os_str() == "-" {
                Box::new(std::io::stdout().lock())
            } else {
                Box::new(File::create(path).map_err(io)?)
            };
            let mut out = BufWriter::new(out);
            let n = if format == Format::Csv {
                out.write_all("\u{feff}".as_bytes()).map_err(io)?;
                let mut w = csv::Writer::from_writer(&mut out);
                w.write_record(COLUMNS.iter().map(|(n, _)| *n))
                    .map_err(|e| io(e.into()))?;
                let n = for_each_row(searcher, query, |row| {
                    w.write_record(row.0.iter().map(cell_text))
                        .map_err(|e| io(e.into()))
                })?;
                w.flush().map_err(io)?;
                n
            } else {
                for_each_row(searcher, query, |row| {
                    write_jsonl(std::slice::from_ref(&row), &mut out).map_err(io)
                })?
            };
            out.flush().map_err(io)?;
            Ok(n)
        }
    }
}

/// Write `rows` to `path` (`-` = stdout for CSV and JSON Lines).
pub fn write(rows: &[FactRow], format: Format, path: &Path) -> Result<(), ExportError> {
    let fail = |message: String| ExportError::Format {
        path: path.to_path_buf(),
        format: format.name(),
        message,
    };
    let io = |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    };
    match format {
        Format::Xlsx => write_xlsx(rows, path).map_err(|e| fail(e.to_string())),
        Format::Parquet => {
            let file = File::create(path).map_err(io)?;
            write_parquet(rows, file).map_err(|e| fail(e.to_string()))
        }
        Format::Csv | Format::Jsonl => {
            let out: Box<dyn Write> = if path.as_os_str() == "-" {
                Box::new(std::io::stdout().lock())
            } else {
                Box::new(File::create(path).map_err(io)?)
            };
            let mut out = BufWriter::new(out);
            let r = if format == Format::Csv {
                write_csv(rows, &mut out)
            } else {
                write_jsonl(rows, &mut out)
            };
            r.and_then(|()| out.flush()).map_err(io)
        }
    }
}

/// CSV, UTF-8 with BOM, header row, ISO dates.
pub fn write_csv<W: Write>(rows: &[FactRow], out: W) -> std::io::Result<()> {
    let mut out = out;
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS.iter().map(|(n, _)| *n))?;
    for row in rows {
        w.write_record(row.0.iter().map(cell_text))?;
    }
    w.flush()
}

/// One JSON object per row; null cells omitted.
pub fn write_jsonl<W: Write>(rows: &[FactRow], mut out: W) -> std::io::Result<()> {
    for row in rows {
        let obj: serde_json::Map<String, serde_json::Value> = COLUMNS
            .iter()
            .zip(&row.0)
            .filter(|(_, c)| **c != Cell::Null)
            .filter_map(|((n, _), c)| serde_json::to_value(c).ok().map(|v| (n.to_string(), v)))
            .collect();
        serde_json::to_writer(&mut out, &obj)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Str(s) => s.clone(),
        Cell::I64(v) => v.to_string(),
        Cell::F64(v) => v.to_string(),
        Cell::Bool(v) => v.to_string(),
        Cell::Date(d) => d.to_string(),
        Cell::Timestamp(t) => t.to_rfc3339(),
        Cell::Null => String::new(),
    }
}

fn write_xlsx(rows: &[FactRow], path: &Path) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{ExcelDateTime, Format as XFormat, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("facts")?;
    let bold = XFormat::new().set_bold();
    let date_fmt = XFormat::new().set_num_format("yyyy-mm-dd");
    let time_fmt = XFormat::new().set_num_format("yyyy-mm-dd hh:mm");
    for (col, (name, _)) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &bold)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (col, cell) in row.0.iter().enumerate() {
            let col = col as u16;
            match cell {
                Cell::Str(s) => {
                    sheet.write_string(r, col, s)?;
                }
                Cell::I64(v) => {
                    sheet.write_number(r, col, *v as f64)?;
                }
                Cell::F64(v) => {
                    sheet.write_number(r, col, *v)?;
                }
                Cell::Bool(v) => {
                    sheet.write_boolean(r, col, *v)?;
                }
                Cell::Date(d) => {
                    let x =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    sheet.write_datetime_with_format(r, col, &x, &date_fmt)?;
                }
                Cell::Timestamp(t) => {
                    let x =
                        ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8)?
                            .and_hms(t.hour() as u16, t.minute() as u8, t.second() as f64)?;
                    sheet.write_datetime_with_format(r, col, &x, &time_fmt)?;
                }
                Cell::Null => {}
            }
        }
    }
    let last_row = rows.len() as u32;
    sheet.autofilter(0, 0, last_row, COLUMNS.len() as u16 - 1)?;
    sheet.set_freeze_panes(1, 0)?;
    book.save(path)
}

/// Parquet with typed columns, one row group per 64k rows.
pub fn write_parquet<W: Write + Send>(rows: &[FactRow], out: W) -> parquet::errors::Result<()> {
    let mut writer = parquet_writer(out)?;
    for chunk in rows
        .chunks(ROW_GROUP)
        .chain(rows.is_empty().then_some(&rows[..0]))
    {
        write_group(&mut writer, chunk)?;
    }
    writer.close()?;
    Ok(())
}

type ParquetWriter<W> = parquet::file::writer::SerializedFileWriter<W>;

fn parquet_writer<W: Write + Send>(out: W) -> parquet::errors::Result<ParquetWriter<W>> {
    use parquet::basic::Compression;
    use parquet::file::properties::WriterProperties;
    use parquet::schema::parser::parse_message_type;
    let schema = Arc::new(parse_message_type(&parquet_schema())?);
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build(),
    );
    ParquetWriter::new(out, schema, props)
}

/// One row group: every column of `chunk`, typed.
fn write_group<W: Write + Send>(
    writer: &mut ParquetWriter<W>,
    chunk: &[FactRow],
) -> parquet::errors::Result<()> {
    use parquet::column::writer::ColumnWriter;
    use parquet::data_type::ByteArray;
    let mut group = writer.next_row_group()?;
    let mut col = 0;
    while let Some(mut column) = group.next_column()? {
        let cells = || chunk.iter().map(|r| &r.0[col]);
        let defs: Vec<i16> = cells().map(|c| i16::from(*c != Cell::Null)).collect();
        match column.untyped() {
            ColumnWriter::ByteArrayColumnWriter(w) => {
                let v: Vec<ByteArray> = cells()
                    .filter_map(|c| match c {
                        Cell::Str(s) => Some(ByteArray::from(s.as_str())),
                        _ => None,
                    })
                    .collect();
                w.write_batch(&v, Some(&defs), None)?;
            }
            ColumnWriter::Int64ColumnWriter(w) => {
                let v: Vec<i64> = cells()
                    .filter_map(|c| match c {
                        Cell::I64(v) => Some(*v),
                        Cell::Timestamp(t) => Some(t.timestamp_millis()),
                        _ => None,
                    })
                    .collect();
                w.write_batch(&v, Some(&defs), None)?;
            }
            ColumnWriter::Int32ColumnWriter(w) => {
                let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
                let v: Vec<i32> = cells()
                    .filter_map(|c| match c {
                        Cell::Date(d) => Some((*d - epoch).num_days() as i32),
                        _ => None,
                    })
                    .collect();
                w.write_batch(&v, Some(&defs), None)?;
            }
            ColumnWriter::DoubleColumnWriter(w) => {
                let v: Vec<f64> = cells()
                    .filter_map(|c| match c {
                        Cell::F64(v) => Some(*v),
                        _ => None,
                    })
                    .collect();
                w.write_batch(&v, Some(&defs), None)?;
            }
            ColumnWriter::BoolColumnWriter(w) => {
                let v: Vec<bool> = cells()
                    .filter_map(|c| match c {
                        Cell::Bool(v) => Some(*v),
                        _ => None,
                    })
                    .collect();
                w.write_batch(&v, Some(&defs), None)?;
            }
            _ => {
                return Err(parquet::errors::ParquetError::General(format!(
                    "unexpected column type for {}",
                    COLUMNS[col].0
                )))
            }
        }
        column.close()?;
        col += 1;
    }
    group.close()?;
    Ok(())
}

/// The Parquet message type of [`COLUMNS`] (every column optional but `article_id` and `kind`).
pub fn parquet_schema() -> String {
    let mut s = String::from("message facts {\n");
    for (name, t) in COLUMNS {
        let rep = if matches!(*name, "article_id" | "kind") {
            "REQUIRED"
        } else {
            "OPTIONAL"
        };
        let ty = match t {
            ColType::Str => "BYTE_ARRAY",
            ColType::I64 => "INT64",
            ColType::F64 => "DOUBLE",
            ColType::Bool => "BOOLEAN",
            ColType::Date => "INT32",
            ColType::Timestamp => "INT64",
        };
        let logical = match t {
            ColType::Str => " (UTF8)",
            ColType::Date => " (DATE)",
            ColType::Timestamp => " (TIMESTAMP(MILLIS,true))",
            _ => "",
        };
        s.push_str(&format!("  {rep} {ty} {name}{logical};\n"));
    }
    s.push('}');
    s
}

/// Parse-check of the schema and a round trip of the date helpers.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::parse_published;

    fn sample() -> Vec<FactRow> {
        let fact: Fact = serde_json::from_str(
            r#"{"kind":"money","amount":80000000,"currency":"VND","role":"gift","text":"80 triệu đồng","start":3,"end":20,"sentence":"Trao 80 triệu đồng quà","rule":"money.gift"}"#,
        )
        .unwrap();
        let meta = RowMeta {
            article_id: "a".into(),
            url: Some("https://x.vn/a".into()),
            title: Some("Bình đẳng giới".into()),
            published: parse_published("2023-11-25T08:30"),
            province: Some("Quảng Ninh".into()),
            source: None,
        };
        vec![FactRow::new(&meta, &fact)]
    }

    #[test]
    fn csv_has_bom_header_and_typed_text() {
        let mut out = Vec::new();
        write_csv(&sample(), &mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with("\u{feff}article_url,article_id,title,published"));
        assert!(
            s.contains("Bình đẳng giới,2023-11-25T08:30:00+07:00,Quảng Ninh,,money"),
            "{s}"
        );
        assert!(s.contains(",80000000,VND,"));
        assert!(s.contains("trao 80 trieu dong qua"));
    }

    #[test]
    fn parquet_writes_a_readable_file() {
        use parquet::file::reader::{FileReader, SerializedFileReader};
        let mut file = tempfile::tempfile().unwrap();
        write_parquet(&sample(), &mut file).unwrap();
        let reader = SerializedFileReader::new(file).unwrap();
        assert_eq!(reader.metadata().file_metadata().num_rows(), 1);
        assert_eq!(
            reader
                .metadata()
                .file_metadata()
                .schema_descr()
                .num_columns(),
            COLUMNS.len()
        );
    }

    #[test]
    fn jsonl_omits_nulls() {
        let mut out = Vec::new();
        write_jsonl(&sample(), &mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["amount"], 80000000);
        assert!(v.get("quantity").is_none());
        assert_eq!(v["published"], "2023-11-25T08:30:00+07:00");
    }
}

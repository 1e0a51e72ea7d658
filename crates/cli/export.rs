//! `vnfacts export`: the facts matching a query as one flat, typed table.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use vnfacts_index::export::{export, Format};
use vnfacts_index::{ExportError, QueryError, Searcher, Store};

use crate::Global;

/// Export facts (all, or those matching QUERY; same syntax as `vnfacts search`)
/// for pandas, R, DuckDB or Excel: one row per fact, every typed value its own column.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The query (empty: every fact).
    pub query: Vec<String>,
    /// csv (UTF-8 with BOM), xlsx, jsonl or parquet; default from the -o extension.
    #[arg(long, short = 'f', value_parser = ["csv", "xlsx", "jsonl", "parquet"])]
    pub format: Option<String>,
    /// Output file (`-` = stdout, for csv and jsonl).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: PathBuf,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let format = match &args.format {
        Some(name) => Format::from_name(name),
        None => args
            .output
            .extension()
            .and_then(|e| e.to_str())
            .and_then(Format::from_name),
    };
    let Some(format) = format else {
        eprintln!(
            "error: cannot tell the format from {}; add --format csv|xlsx|jsonl|parquet",
            args.output.display()
        );
        return Ok(ExitCode::from(2));
    };
    if args.output.as_os_str() == "-" && matches!(format, Format::Xlsx | Format::Parquet) {
        bail!("xlsx and parquet need a file; give -o FILE");
    }
    let store = Store::open(&global.data.join("index"))?;
    let searcher = Searcher::new(&store)?;
    let n = match export(&searcher, &args.query.join(" "), format, &args.output) {
        Ok(n) => n,
        Err(ExportError::Query(e @ (QueryError::BadValue { .. } | QueryError::Empty(_)))) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(e.into()),
    };
    if args.output.as_os_str() != "-" {
        eprintln!("wrote {n} fact(s) to {}", args.output.display());
    }
    Ok(ExitCode::SUCCESS)
}

//! Typed errors. Messages name the input and say what to do.

use std::path::PathBuf;

/// A line that cannot be indexed.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("not a JSON object: {0}")]
    Json(String),
    #[error("no `url`, `content_hash` or `article` field to identify the article")]
    NoKey,
}

/// Errors of the index as a whole.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("{path}: not a vnfacts index (its schema differs); move it away or pick another --data directory")]
    ForeignIndex { path: PathBuf },
    #[error("{path}: no index yet; build one with `vnfacts index`")]
    Missing { path: PathBuf },
    #[error("{path}: another `vnfacts index` is writing to this index; wait for it to finish")]
    Busy { path: PathBuf },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("index {path}: {source}")]
    Tantivy {
        path: PathBuf,
        source: tantivy::TantivyError,
    },
}

/// A query that cannot be run; the message says what to change.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("bad value for `{field}`: {value:?} ({hint})")]
    BadValue {
        field: String,
        value: String,
        hint: &'static str,
    },
    #[error("the query has nothing to search for{0}")]
    Empty(String),
    #[error("search failed: {0}")]
    Engine(#[from] tantivy::TantivyError),
}

/// Export failures.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: writing {format}: {message}")]
    Format {
        path: PathBuf,
        format: &'static str,
        message: String,
    },
    #[error(transparent)]
    Query(#[from] QueryError),
}

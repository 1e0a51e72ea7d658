//! vnfacts-index: the tantivy index of articles and facts.
//!
//! - [`analyzer`]: the Vietnamese analyzers (`vi`, `vi_folded`), stock tantivy parts only.
//! - [`schema`]: one schema for article and fact documents.
//! - [`doc_key`]: canonical, forgiving keys for document numbers.
//! - [`writer`]: incremental, crash-safe indexing of JSON Lines articles.
//! - [`query`] and [`search`]: the query language and the search API (serde results).
//! - [`export`]: the flat facts table as CSV, xlsx, JSON Lines or Parquet.
//!
//! Nothing here prints; the `vnfacts` binary and the HTTP server present results.

pub mod analyzer;
pub mod doc_key;
pub mod error;
pub mod export;
pub mod input;
pub mod query;
pub mod schema;
pub mod search;
pub mod store;
pub mod writer;

pub use doc_key::doc_key;
pub use error::{ExportError, IndexError, InputError, QueryError};
pub use search::{SearchRequest, SearchResults, Searcher, Sort, Target};
pub use store::Store;
pub use writer::{IndexStats, Outcome, Writer, WriterOptions};

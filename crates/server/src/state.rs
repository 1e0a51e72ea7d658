//! The opened index, shared by every request (cheap to clone).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::IndexReader;
use tokio::sync::Semaphore;
use vnfacts_index::{Searcher, Store};

use crate::error::ServerError;

/// What one request may ask for. The defaults keep one request's work bounded.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Longest `q` (and document id), in characters: 413 beyond.
    pub max_query_chars: usize,
    /// Largest page (`limit`): 400 beyond.
    pub max_page: usize,
    /// Deepest `offset`: 400 beyond (deep pages cost as much as all before them).
    pub max_offset: usize,
    /// Most facts in one CSV/JSON Lines download (the rest is cut, and said so in a header).
    pub max_download_rows: usize,
    /// API requests running at once: 503 beyond.
    pub max_concurrent: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_query_chars: 500,
            max_page: 100,
            max_offset: 10_000,
            max_download_rows: 100_000,
            max_concurrent: 256,
        }
    }
}

/// The index, opened read-only for the server's lifetime.
#[derive(Clone)]
pub struct AppState {
    pub searcher: Arc<Searcher>,
    pub store: Store,
    /// Our own reader for direct lookups (articles by id, stats).
    pub reader: IndexReader,
    pub data_dir: PathBuf,
    pub limits: Limits,
    pub(crate) slots: Arc<Semaphore>,
}

impl AppState {
    /// Open DATA/index; never creates or writes anything.
    pub fn open(data_dir: &Path, limits: Limits) -> Result<AppState, ServerError> {
        let path = data_dir.join("index");
        let err = |source| ServerError::Index {
            path: path.clone(),
            source,
        };
        let store = Store::open(&path).map_err(err)?;
        let searcher = Searcher::new(&store).map_err(err)?;
        let reader = store.reader().map_err(err)?;
        Ok(AppState {
            searcher: Arc::new(searcher),
            store,
            reader,
            data_dir: data_dir.to_path_buf(),
            limits,
            slots: Arc::new(Semaphore::new(limits.max_concurrent.max(1))),
        })
    }

    /// See commits made since (e.g. by a `vnfacts run` next to the server).
    pub fn reload(&self) -> Result<(), vnfacts_index::IndexError> {
        self.searcher.reload()?;
        self.reader
            .reload()
            .map_err(|source| vnfacts_index::IndexError::Tantivy {
                path: self.store.path().to_path_buf(),
                source,
            })
    }
}

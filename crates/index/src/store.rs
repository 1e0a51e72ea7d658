//! Opening the index directory: the tantivy index, its analyzers and field handles.

use std::path::{Path, PathBuf};

use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, ReloadPolicy};

use crate::analyzer;
use crate::error::IndexError;
use crate::schema::Fields;

/// An opened index: what both the writer and the searcher need.
#[derive(Clone)]
pub struct Store {
    pub(crate) index: Index,
    pub(crate) fields: Fields,
    pub(crate) path: PathBuf,
}

impl Store {
    /// Open the index in `dir`, creating it (and the directory) when absent.
    pub fn open_or_create(dir: &Path) -> Result<Store, IndexError> {
        std::fs::create_dir_all(dir).map_err(|source| IndexError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let tant = |source| IndexError::Tantivy {
            path: dir.to_path_buf(),
            source,
        };
        let mmap = MmapDirectory::open(dir).map_err(|e| tant(e.into()))?;
        let (schema, _) = Fields::build();
        let index = Index::open_or_create(mmap, schema).map_err(|e| match e {
            tantivy::TantivyError::SchemaError(_) => IndexError::ForeignIndex {
                path: dir.to_path_buf(),
            },
            e => tant(e),
        })?;
        Store::wrap(index, dir)
    }

    /// Open an existing index for searching.
    pub fn open(dir: &Path) -> Result<Store, IndexError> {
        if !dir.join("meta.json").is_file() {
            return Err(IndexError::Missing {
                path: dir.to_path_buf(),
            });
        }
        let index = Index::open_in_dir(dir).map_err(|source| IndexError::Tantivy {
            path: dir.to_path_buf(),
            source,
        })?;
        Store::wrap(index, dir)
    }

    fn wrap(index: Index, dir: &Path) -> Result<Store, IndexError> {
        let fields =
            Fields::from_schema(&index.schema()).ok_or_else(|| IndexError::ForeignIndex {
                path: dir.to_path_buf(),
            })?;
        analyzer::register(&index);
        Ok(Store {
            index,
            fields,
            path: dir.to_path_buf(),
        })
    }

    /// A reader that sees the last commit (reload it with `reader.reload()`).
    pub fn reader(&self) -> Result<IndexReader, IndexError> {
        self.index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|source| IndexError::Tantivy {
                path: self.path.clone(),
                source,
            })
    }

    /// The directory holding the index.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The tantivy index, for programs that want to go further than this crate.
    pub fn tantivy(&self) -> &Index {
        &self.index
    }

    /// Bytes on disk (all files of the directory).
    pub fn size_on_disk(&self) -> u64 {
        std::fs::read_dir(&self.path)
            .map(|rd| {
                rd.flatten()
                    .filter_map(|e| e.metadata().ok())
                    .filter(|m| m.is_file())
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0)
    }

    pub(crate) fn err(&self, source: tantivy::TantivyError) -> IndexError {
        IndexError::Tantivy {
            path: self.path.clone(),
            source,
        }
    }
}

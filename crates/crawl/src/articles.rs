//! Articles as JSON Lines in `DATA/articles/*.jsonl`.
//!
//! Files are append-only while crawling (one line written and flushed per
//! article, so a kill loses at most a torn last line, cut on the next
//! start). Copies found later are recorded in the frontier database and
//! folded into the kept article's `copies` by [`merge_copies`] at the end of
//! a run (atomic rewrite per file).

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// One stored article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub url: String,
    pub source: String,
    pub province: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub author: Option<String>,
    pub text: String,
    pub content_hash: String,
    pub fetched_at: String,
    /// Other URLs (this or other portals) carrying the same article.
    #[serde(default)]
    pub copies: Vec<String>,
}

/// Why an articles file failed.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {err}")]
pub struct ArticlesError {
    pub path: String,
    #[source]
    pub err: io::Error,
}

fn aerr(path: &Path) -> impl Fn(io::Error) -> ArticlesError + '_ {
    move |err| ArticlesError {
        path: path.display().to_string(),
        err,
    }
}

/// `*.jsonl` files of the articles directory, sorted.
pub fn list_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Cut a torn last line (no trailing newline or not JSON) from `path`.
pub fn repair(path: &Path) -> Result<(), ArticlesError> {
    let bytes = std::fs::read(path).map_err(aerr(path))?;
    let keep = match bytes.iter().rposition(|b| *b == b'\n') {
        Some(i) => i + 1,
        None => 0,
    };
    if keep < bytes.len() {
        let f = OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(aerr(path))?;
        f.set_len(keep as u64).map_err(aerr(path))?;
    }
    Ok(())
}

/// Read every article of `path` (lines that do not parse are skipped with a warning).
pub fn read_file(path: &Path) -> Result<Vec<Article>, ArticlesError> {
    let f = File::open(path).map_err(aerr(path))?;
    let mut out = Vec::new();
    for (n, line) in BufReader::new(f).lines().enumerate() {
        let line = line.map_err(aerr(path))?;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Article>(&line) {
            Ok(a) => out.push(a),
            Err(e) => tracing::warn!(
                "{}:{}: not an article line ({e}); skipped",
                path.display(),
                n + 1
            ),
        }
    }
    Ok(out)
}

/// Appends articles to one file of the run.
pub struct ArticleWriter {
    path: PathBuf,
    file: Option<File>,
}

impl ArticleWriter {
    pub fn new(dir: &Path) -> Result<Self, ArticlesError> {
        std::fs::create_dir_all(dir).map_err(aerr(dir))?;
        let stamp = chrono::Utc::now().format("%Y%m%d%H%M%S");
        let mut path = dir.join(format!("articles-{stamp}.jsonl"));
        let mut n = 1;
        while path.exists() {
            n += 1;
            path = dir.join(format!("articles-{stamp}-{n}.jsonl"));
        }
        Ok(ArticleWriter { path, file: None })
    }

    pub fn append(&mut self, a: &Article) -> Result<(), ArticlesError> {
        if self.file.is_none() {
            let f = OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.path)
                .map_err(aerr(&self.path))?;
            self.file = Some(f);
        }
        let mut line = serde_json::to_vec(a).map_err(|e| ArticlesError {
            path: self.path.display().to_string(),
            err: e.into(),
        })?;
        line.push(b'\n');
        let path = &self.path;
        let f = self.file.as_mut().ok_or_else(|| ArticlesError {
            path: path.display().to_string(),
            err: io::Error::other("not open"),
        })?;
        f.write_all(&line).map_err(aerr(path))?;
        f.flush().map_err(aerr(path))
    }

    pub fn finish(&mut self) -> Result<(), ArticlesError> {
        if let Some(f) = self.file.take() {
            f.sync_all().map_err(aerr(&self.path))?;
        }
        Ok(())
    }
}

/// Fold `(copy_url, kept_url)` relations into the kept articles' `copies`
/// fields, rewriting only files that change. Returns articles updated.
pub fn merge_copies(dir: &Path, copies: &[(String, String)]) -> Result<usize, ArticlesError> {
    let mut by_kept: HashMap<&str, Vec<&str>> = HashMap::new();
    for (copy, kept) in copies {
        by_kept
            .entry(kept.as_str())
            .or_default()
            .push(copy.as_str());
    }
    let mut updated = 0;
    for path in list_files(dir) {
        let mut articles = read_file(&path)?;
        let mut changed = false;
        for a in &mut articles {
            for c in by_kept.get(a.url.as_str()).into_iter().flatten() {
                if !a.copies.iter().any(|x| x == c) && *c != a.url {
                    a.copies.push((*c).to_string());
                    changed = true;
                    updated += 1;
                }
            }
        }
        if changed {
            let tmp = path.with_extension("jsonl.tmp");
            let mut out = io::BufWriter::new(File::create(&tmp).map_err(aerr(&tmp))?);
            for a in &articles {
                serde_json::to_writer(&mut out, a).map_err(|e| ArticlesError {
                    path: tmp.display().to_string(),
                    err: e.into(),
                })?;
                out.write_all(b"\n").map_err(aerr(&tmp))?;
            }
            let f = out.into_inner().map_err(|e| ArticlesError {
                path: tmp.display().to_string(),
                err: e.into_error(),
            })?;
            f.sync_all().map_err(aerr(&tmp))?;
            std::fs::rename(&tmp, &path).map_err(aerr(&path))?;
        }
    }
    Ok(updated)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(url: &str) -> Article {
        Article {
            url: url.into(),
            source: "s".into(),
            province: "Hà Nội".into(),
            title: Some("T".into()),
            published: None,
            author: None,
            text: "x".into(),
            content_hash: "h".into(),
            fetched_at: "2026-01-01T00:00:00Z".into(),
            copies: vec![],
        }
    }

    #[test]
    fn append_repair_merge() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = ArticleWriter::new(dir.path()).unwrap();
        w.append(&art("http://a/1")).unwrap();
        w.append(&art("http://a/2")).unwrap();
        w.finish().unwrap();
        let file = list_files(dir.path()).pop().unwrap();
        let mut f = OpenOptions::new().append(true).open(&file).unwrap();
        f.write_all(b"{\"url\":\"http://a/3\",\"sou").unwrap();
        repair(&file).unwrap();
        assert_eq!(read_file(&file).unwrap().len(), 2);
        let n = merge_copies(dir.path(), &[("http://b/1".into(), "http://a/2".into())]).unwrap();
        assert_eq!(n, 1);
        let back = read_file(&file).unwrap();
        assert_eq!(back[1].copies, vec!["http://b/1".to_string()]);
        assert_eq!(
            merge_copies(dir.path(), &[("http://b/1".into(), "http://a/2".into())]).unwrap(),
            0
        );
    }
}

//! The crawl frontier and fetch log, in SQLite (WAL) at `DATA/crawl.sqlite`.
//!
//! A URL moves `queued -> in_flight -> done | failed` (or back to `queued`
//! for a retry). On open, anything left `in_flight` by a crash is queued
//! again (after the store has replayed what the WARC already holds, see
//! `store`). `meta` keeps the WARC checkpoint: the archive position up to
//! which every record is reflected here.

use std::path::Path;

use chrono::Utc;
use rusqlite::{params, Connection, OptionalExtension};

/// Why the frontier database failed.
#[derive(Debug, thiserror::Error)]
#[error("crawl state {path}: {err} (delete it to start the crawl over)")]
pub struct FrontierError {
    pub path: String,
    #[source]
    pub err: rusqlite::Error,
}

/// What a URL is expected to be; decides parsing and priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Start,
    Sitemap,
    Feed,
    Listing,
    Article,
    Page,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Start => "start",
            Kind::Sitemap => "sitemap",
            Kind::Feed => "feed",
            Kind::Listing => "listing",
            Kind::Article => "article",
            Kind::Page => "page",
        }
    }

    pub fn parse(s: &str) -> Kind {
        match s {
            "start" => Kind::Start,
            "sitemap" => Kind::Sitemap,
            "feed" => Kind::Feed,
            "listing" => Kind::Listing,
            "article" => Kind::Article,
            _ => Kind::Page,
        }
    }

    /// Discovery documents first (they multiply the frontier), then
    /// listings, then articles, then unclassified pages.
    fn priority(self) -> i64 {
        match self {
            Kind::Sitemap | Kind::Feed => 0,
            Kind::Start | Kind::Listing => 1,
            Kind::Article => 2,
            Kind::Page => 3,
        }
    }
}

/// A claimed URL.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: i64,
    pub url: String,
    pub source: String,
    pub kind: Kind,
    pub depth: u32,
    pub attempts: u32,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Fetched in an earlier run (a refresh): its listing pagination is only
    /// followed while pages still show new URLs.
    pub fetched_before: bool,
}

/// Per-source counts for `vnfacts crawl --status`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SourceStatus {
    pub source: String,
    pub queued: u64,
    pub in_flight: u64,
    pub done: u64,
    pub failed: u64,
    pub articles: u64,
    pub copies: u64,
}

/// How a finished fetch is recorded.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub status: Option<u16>,
    pub error: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_hash: Option<String>,
    pub is_article: bool,
}

pub struct Frontier {
    conn: Connection,
    path: String,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS urls (
    id            INTEGER PRIMARY KEY,
    url           TEXT NOT NULL UNIQUE,
    source        TEXT NOT NULL,
    kind          TEXT NOT NULL,
    depth         INTEGER NOT NULL,
    priority      INTEGER NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('queued','in_flight','done','failed')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_status   INTEGER,
    last_error    TEXT,
    etag          TEXT,
    last_modified TEXT,
    content_hash  TEXT,
    is_article    INTEGER NOT NULL DEFAULT 0,
    discovered_at TEXT NOT NULL,
    fetched_at    TEXT
);
CREATE INDEX IF NOT EXISTS urls_next ON urls (source, state, priority, id);
CREATE TABLE IF NOT EXISTS copies (
    url      TEXT PRIMARY KEY,
    source   TEXT NOT NULL,
    copy_of  TEXT NOT NULL,
    how      TEXT NOT NULL,
    distance INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
";

impl Frontier {
    pub fn open(path: &Path) -> Result<Self, FrontierError> {
        let p = path.display().to_string();
        let e = |err| FrontierError {
            path: p.clone(),
            err,
        };
        let conn = Connection::open(path).map_err(e)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(e)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(e)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(e)?;
        conn.execute_batch(SCHEMA).map_err(e)?;
        Ok(Frontier { conn, path: p })
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> FrontierError + '_ {
        |err| FrontierError {
            path: self.path.clone(),
            err,
        }
    }

    /// Add URLs not seen before; returns how many were new.
    pub fn enqueue(
        &mut self,
        source: &str,
        urls: &[(String, Kind, u32)],
    ) -> Result<usize, FrontierError> {
        let now = Utc::now().to_rfc3339();
        let path = self.path.clone();
        let e = |err| FrontierError {
            path: path.clone(),
            err,
        };
        let tx = self.conn.transaction().map_err(e)?;
        let mut n = 0;
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO urls (url, source, kind, depth, priority, state, discovered_at) VALUES (?1, ?2, ?3, ?4, ?5, 'queued', ?6)",
                )
                .map_err(e)?;
            for (url, kind, depth) in urls {
                n += stmt
                    .execute(params![
                        url,
                        source,
                        kind.as_str(),
                        depth,
                        kind.priority(),
                        now
                    ])
                    .map_err(e)?;
            }
        }
        tx.commit().map_err(e)?;
        Ok(n)
    }

    /// Claim the next queued URL of `source` (marks it `in_flight`).
    pub fn claim(&mut self, source: &str) -> Result<Option<Entry>, FrontierError> {
        let sql = "UPDATE urls SET state = 'in_flight', attempts = attempts + 1
                   WHERE id = (SELECT id FROM urls WHERE source = ?1 AND state = 'queued' ORDER BY priority, id LIMIT 1)
                   RETURNING id, url, source, kind, depth, attempts, etag, last_modified, fetched_at IS NOT NULL";
        self.conn
            .query_row(sql, params![source], entry_from_row)
            .optional()
            .map_err(self.err())
    }

    /// Put a claimed URL back (retry later), keeping its attempt count.
    pub fn requeue(
        &mut self,
        id: i64,
        status: Option<u16>,
        error: &str,
    ) -> Result<(), FrontierError> {
        self.conn
            .execute(
                "UPDATE urls SET state = 'queued', last_status = ?2, last_error = ?3 WHERE id = ?1",
                params![id, status, error],
            )
            .map(|_| ())
            .map_err(self.err())
    }

    /// Give a claimed URL back without counting the attempt (stopped, budget).
    pub fn release(&mut self, id: i64) -> Result<(), FrontierError> {
        self.conn
            .execute("UPDATE urls SET state = 'queued', attempts = max(attempts - 1, 0) WHERE id = ?1 AND state = 'in_flight'", params![id])
            .map(|_| ())
            .map_err(self.err())
    }

    /// Record a final outcome, the copy relation if any, and the WARC
    /// checkpoint, in one transaction.
    pub fn finish(
        &mut self,
        url: &str,
        ok: bool,
        outcome: &Outcome,
        copy: Option<(&str, &str, &str, u32)>,
        checkpoint: Option<(&str, u64)>,
    ) -> Result<(), FrontierError> {
        let path = self.path.clone();
        let e = |err| FrontierError {
            path: path.clone(),
            err,
        };
        let tx = self.conn.transaction().map_err(e)?;
        tx.execute(
            "UPDATE urls SET state = ?2, last_status = ?3, last_error = ?4, etag = coalesce(?5, etag),
                    last_modified = coalesce(?6, last_modified), content_hash = coalesce(?7, content_hash),
                    is_article = max(is_article, ?8), fetched_at = ?9 WHERE url = ?1",
            params![
                url,
                if ok { "done" } else { "failed" },
                outcome.status,
                outcome.error,
                outcome.etag,
                outcome.last_modified,
                outcome.content_hash,
                outcome.is_article as i64,
                Utc::now().to_rfc3339()
            ],
        )
        .map_err(e)?;
        if let Some((copy_url, source, copy_of, how, distance)) =
            copy.map(|(a, b, c, d)| (url, a, b, c, d))
        {
            tx.execute(
                "INSERT OR REPLACE INTO copies (url, source, copy_of, how, distance) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![copy_url, source, copy_of, how, distance],
            )
            .map_err(e)?;
        }
        if let Some((file, end)) = checkpoint {
            tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('warc_checkpoint', ?1)",
                params![format!("{file}\t{end}")],
            )
            .map_err(e)?;
        }
        tx.commit().map_err(e)
    }

    /// Only move the WARC checkpoint (records that complete no frontier URL).
    pub fn set_checkpoint(&mut self, file: &str, end: u64) -> Result<(), FrontierError> {
        self.conn
            .execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('warc_checkpoint', ?1)",
                params![format!("{file}\t{end}")],
            )
            .map(|_| ())
            .map_err(self.err())
    }

    pub fn checkpoint(&self) -> Result<Option<(String, u64)>, FrontierError> {
        let v: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'warc_checkpoint'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(self.err())?;
        Ok(v.and_then(|v| {
            let (f, o) = v.split_once('\t')?;
            Some((f.to_string(), o.parse().ok()?))
        }))
    }

    /// State of `url`, if known.
    pub fn state(&self, url: &str) -> Result<Option<String>, FrontierError> {
        self.conn
            .query_row("SELECT state FROM urls WHERE url = ?1", params![url], |r| {
                r.get(0)
            })
            .optional()
            .map_err(self.err())
    }

    /// Last error recorded for `url`, if any.
    pub fn last_error(&self, url: &str) -> Result<Option<String>, FrontierError> {
        self.conn
            .query_row(
                "SELECT last_error FROM urls WHERE url = ?1",
                params![url],
                |r| r.get(0),
            )
            .optional()
            .map(Option::flatten)
            .map_err(self.err())
    }

    /// The entry of `url`, if known.
    pub fn entry(&self, url: &str) -> Result<Option<Entry>, FrontierError> {
        self.conn
            .query_row(
                "SELECT id, url, source, kind, depth, attempts, etag, last_modified, fetched_at IS NOT NULL FROM urls WHERE url = ?1",
                params![url],
                entry_from_row,
            )
            .optional()
            .map_err(self.err())
    }

    /// Crash recovery: `in_flight` back to `queued`. Returns how many.
    pub fn recover_in_flight(&mut self) -> Result<usize, FrontierError> {
        self.conn
            .execute("UPDATE urls SET state = 'queued', attempts = max(attempts - 1, 0) WHERE state = 'in_flight'", [])
            .map_err(self.err())
    }

    /// `--refresh`: queue finished discovery pages again (conditional GET
    /// keeps this cheap); articles are not refetched.
    pub fn requeue_discovery(&mut self, source: Option<&str>) -> Result<usize, FrontierError> {
        self.conn
            .execute(
                "UPDATE urls SET state = 'queued', attempts = 0 WHERE state IN ('done','failed')
                 AND kind IN ('start','sitemap','feed','listing') AND (?1 IS NULL OR source = ?1)",
                params![source],
            )
            .map_err(self.err())
    }

    /// Whether `source` has URLs queued or in flight.
    pub fn pending(&self, source: &str) -> Result<(u64, u64), FrontierError> {
        self.conn
            .query_row(
                "SELECT coalesce(sum(state = 'queued'), 0), coalesce(sum(state = 'in_flight'), 0) FROM urls WHERE source = ?1",
                params![source],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(self.err())
    }

    /// All copy relations `(url, copy_of)`.
    pub fn copies(&self) -> Result<Vec<(String, String)>, FrontierError> {
        let mut stmt = self
            .conn
            .prepare("SELECT url, copy_of FROM copies ORDER BY rowid")
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// Failed URLs counted by cause (`HTTP 404`, `disallowed by robots.txt`,
    /// `redirect loop back to`, …), URLs left out so causes group together.
    pub fn failure_causes(&self) -> Result<Vec<(String, u64)>, FrontierError> {
        let mut stmt = self
            .conn
            .prepare("SELECT coalesce(last_error, 'unknown'), count(*) FROM urls WHERE state = 'failed' GROUP BY 1")
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u64>(1)?)))
            .map_err(self.err())?;
        let mut causes: std::collections::BTreeMap<String, u64> = std::collections::BTreeMap::new();
        for row in rows {
            let (error, n) = row.map_err(self.err())?;
            let cause: Vec<&str> = error
                .split_whitespace()
                .filter(|w| !w.contains("://"))
                .collect();
            *causes.entry(cause.join(" ")).or_default() += n;
        }
        let mut out: Vec<(String, u64)> = causes.into_iter().collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(out)
    }

    /// Per-source counts.
    pub fn status(&self) -> Result<Vec<SourceStatus>, FrontierError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT u.source, sum(state='queued'), sum(state='in_flight'), sum(state='done'), sum(state='failed'),
                        sum(is_article AND state='done'), (SELECT count(*) FROM copies c WHERE c.source = u.source)
                 FROM urls u GROUP BY u.source ORDER BY u.source",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| {
                Ok(SourceStatus {
                    source: r.get(0)?,
                    queued: r.get(1)?,
                    in_flight: r.get(2)?,
                    done: r.get(3)?,
                    failed: r.get(4)?,
                    articles: r.get(5)?,
                    copies: r.get(6)?,
                })
            })
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }
}

/// The columns `id, url, source, kind, depth, attempts, etag, last_modified,
/// fetched_at IS NOT NULL`, in that order, as an [`Entry`].
fn entry_from_row(r: &rusqlite::Row) -> rusqlite::Result<Entry> {
    Ok(Entry {
        id: r.get(0)?,
        url: r.get(1)?,
        source: r.get(2)?,
        kind: Kind::parse(&r.get::<_, String>(3)?),
        depth: r.get(4)?,
        attempts: r.get(5)?,
        etag: r.get(6)?,
        last_modified: r.get(7)?,
        fetched_before: r.get(8)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_group_by_cause_without_urls() {
        let dir = tempfile::tempdir().unwrap();
        let mut f = Frontier::open(&dir.path().join("c.sqlite")).unwrap();
        let urls = ["http://a/1", "http://a/2", "http://a/3"];
        let list: Vec<(String, Kind, u32)> = urls
            .iter()
            .map(|u| (u.to_string(), Kind::Article, 1))
            .collect();
        f.enqueue("s", &list).unwrap();
        let errors = ["HTTP 404", "HTTP 404", "redirect loop back to http://a/1"];
        for (u, e) in urls.iter().zip(errors) {
            let outcome = Outcome {
                error: Some(e.to_string()),
                ..Default::default()
            };
            f.finish(u, false, &outcome, None, None).unwrap();
        }
        let causes = f.failure_causes().unwrap();
        assert_eq!(
            causes,
            vec![
                ("HTTP 404".to_string(), 2),
                ("redirect loop back to".to_string(), 1)
            ]
        );
    }

    #[test]
    fn lifecycle_and_recovery() {
        let dir = tempfile::tempdir().unwrap();
        let mut f = Frontier::open(&dir.path().join("c.sqlite")).unwrap();
        let n = f
            .enqueue(
                "s",
                &[
                    ("http://a/1".into(), Kind::Article, 1),
                    ("http://a/sm".into(), Kind::Sitemap, 0),
                    ("http://a/1".into(), Kind::Article, 1),
                ],
            )
            .unwrap();
        assert_eq!(n, 2);
        let first = f.claim("s").unwrap().unwrap();
        assert_eq!(first.kind, Kind::Sitemap, "discovery first");
        f.finish(
            &first.url,
            true,
            &Outcome {
                status: Some(200),
                ..Default::default()
            },
            None,
            Some(("w.warc.gz", 10)),
        )
        .unwrap();
        let second = f.claim("s").unwrap().unwrap();
        assert!(f.claim("s").unwrap().is_none());
        assert_eq!(f.pending("s").unwrap(), (0, 1));
        drop(f);
        let mut f = Frontier::open(&dir.path().join("c.sqlite")).unwrap();
        assert_eq!(f.recover_in_flight().unwrap(), 1);
        let again = f.claim("s").unwrap().unwrap();
        assert_eq!(again.url, second.url);
        assert_eq!(again.attempts, 1, "a crash does not count as an attempt");
        assert_eq!(f.checkpoint().unwrap(), Some(("w.warc.gz".into(), 10)));
        let st = f.status().unwrap();
        assert_eq!((st[0].done, st[0].in_flight), (1, 1));
    }
}

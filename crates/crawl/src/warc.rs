//! WARC/1.1 archive: writing (one gzip member per record, files rotated by
//! size), reading, and repairing a file torn by a crash.
//!
//! One member per record is what makes a crash cheap: a reader can stop at
//! any record boundary, and a record cut short by `kill -9` is a single
//! incomplete member at the end of the last file, found and truncated by
//! [`repair`] on the next start.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use flate2::write::GzEncoder;
use flate2::Compression;
use sha2::{Digest, Sha256};

use crate::fetch::HttpResponse;

/// Why a WARC file could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum WarcError {
    #[error("{path}: {err}")]
    Io { path: String, err: io::Error },
    #[error("{path}: record at byte {offset} is not valid WARC ({what}); the file may be damaged, run `vnfacts crawl` once to repair a torn end")]
    Format {
        path: String,
        offset: u64,
        what: String,
    },
}

fn io_err(path: &Path) -> impl Fn(io::Error) -> WarcError + '_ {
    move |err| WarcError::Io {
        path: path.display().to_string(),
        err,
    }
}

/// Extension header marking the response that completed a frontier URL
/// (its value is the frontier URL, which may differ after redirects).
pub const FRONTIER_HEADER: &str = "X-Vnfacts-Frontier-URL";

/// Where a record was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordPos {
    pub file: String,
    /// Byte offset just past the record's gzip member.
    pub end: u64,
}

/// Appends records to `DIR/<prefix>-<stamp>-<n>.warc.gz`, starting a new file
/// when the current one passes `max_file_bytes`.
pub struct WarcWriter {
    dir: PathBuf,
    prefix: String,
    max_file_bytes: u64,
    seq: u32,
    current: Option<(PathBuf, File, u64)>,
}

impl WarcWriter {
    pub fn new(dir: &Path, max_file_bytes: u64) -> Result<Self, WarcError> {
        std::fs::create_dir_all(dir).map_err(io_err(dir))?;
        let prefix = format!("vnfacts-{}", Utc::now().format("%Y%m%d%H%M%S"));
        Ok(WarcWriter {
            dir: dir.to_path_buf(),
            prefix,
            max_file_bytes,
            seq: 0,
            current: None,
        })
    }

    /// Archive one exchange as a `request` and a `response` record.
    /// `frontier_url` marks the response that completes that frontier entry.
    pub fn write_exchange(
        &mut self,
        r: &HttpResponse,
        frontier_url: Option<&str>,
    ) -> Result<RecordPos, WarcError> {
        let response_id = record_id();
        let date = r.fetched_at.to_rfc3339_opts(SecondsFormat::Secs, true);
        let mut req = format!(
            "GET {} HTTP/1.1\r\nHost: {}\r\n",
            request_target(&r.url),
            crate::sources::host_key(&r.url)
        );
        for (k, v) in &r.request_headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        let mut extra = vec![("WARC-Concurrent-To".to_string(), response_id.clone())];
        self.write_record(
            "request",
            &r.url,
            &date,
            "application/http;msgtype=request",
            req.as_bytes(),
            &mut extra,
            None,
        )?;

        let mut http = format!("{} {} {}\r\n", r.version, r.status, r.reason).into_bytes();
        for (k, v) in &r.headers {
            // The body is stored decoded: keep the original encoding for the record, not as a live header.
            let k = match k.to_ascii_lowercase().as_str() {
                "content-encoding" => "X-Vnfacts-Original-Content-Encoding".to_string(),
                "transfer-encoding" => "X-Vnfacts-Original-Transfer-Encoding".to_string(),
                "content-length" => "X-Vnfacts-Original-Content-Length".to_string(),
                _ => k.clone(),
            };
            http.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
        }
        http.extend_from_slice(format!("Content-Length: {}\r\n\r\n", r.body.len()).as_bytes());
        http.extend_from_slice(&r.body);
        let mut extra = vec![(
            "WARC-Payload-Digest".to_string(),
            format!("sha256:{}", hex(&Sha256::digest(&r.body))),
        )];
        if let Some(f) = frontier_url {
            extra.push((FRONTIER_HEADER.to_string(), f.to_string()));
        }
        self.write_record(
            "response",
            &r.url,
            &date,
            "application/http;msgtype=response",
            &http,
            &mut extra,
            Some(response_id),
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn write_record(
        &mut self,
        kind: &str,
        url: &url::Url,
        date: &str,
        content_type: &str,
        block: &[u8],
        extra: &mut Vec<(String, String)>,
        id: Option<String>,
    ) -> Result<RecordPos, WarcError> {
        let mut head = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: {}\r\nWARC-Date: {date}\r\nWARC-Target-URI: {url}\r\n",
            id.unwrap_or_else(record_id)
        );
        for (k, v) in extra.drain(..) {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str(&format!(
            "Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        ));
        self.append_member(head.as_bytes(), block)
    }

    fn append_member(&mut self, head: &[u8], block: &[u8]) -> Result<RecordPos, WarcError> {
        let mut gz = GzEncoder::new(
            Vec::with_capacity(block.len() / 3 + 256),
            Compression::default(),
        );
        let member = (|| {
            gz.write_all(head)?;
            gz.write_all(block)?;
            gz.write_all(b"\r\n\r\n")?;
            gz.finish()
        })()
        .map_err(io_err(&self.dir))?;
        if self
            .current
            .as_ref()
            .is_none_or(|(_, _, size)| *size >= self.max_file_bytes)
        {
            self.rotate()?;
        }
        let Some((path, file, size)) = self.current.as_mut() else {
            return Err(WarcError::Io {
                path: self.dir.display().to_string(),
                err: io::Error::other("no open WARC file"),
            });
        };
        // One write of a whole member, then flush: a kill can tear at most this member.
        file.write_all(&member).map_err(io_err(path))?;
        file.flush().map_err(io_err(path))?;
        *size += member.len() as u64;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(RecordPos {
            file: name,
            end: *size,
        })
    }

    fn rotate(&mut self) -> Result<(), WarcError> {
        self.finish_current()?;
        let path = loop {
            self.seq += 1;
            let p = self
                .dir
                .join(format!("{}-{:05}.warc.gz", self.prefix, self.seq));
            if !p.exists() {
                break p;
            }
        };
        let file = OpenOptions::new()
            .create_new(true)
            .append(true)
            .open(&path)
            .map_err(io_err(&path))?;
        self.current = Some((path.clone(), file, 0));
        let info = format!(
            "software: vnfacts-crawl/{}\r\nformat: WARC File Format 1.1\r\n",
            env!("CARGO_PKG_VERSION")
        );
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let date = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
        let head = format!(
            "WARC/1.1\r\nWARC-Type: warcinfo\r\nWARC-Record-ID: {}\r\nWARC-Date: {date}\r\nWARC-Filename: {name}\r\nContent-Type: application/warc-fields\r\nContent-Length: {}\r\n\r\n",
            record_id(),
            info.len()
        );
        self.append_member(head.as_bytes(), info.as_bytes())
            .map(|_| ())
    }

    fn finish_current(&mut self) -> Result<(), WarcError> {
        if let Some((path, file, _)) = self.current.take() {
            file.sync_all().map_err(io_err(&path))?;
        }
        Ok(())
    }

    /// Flush and sync the open file (every member is already complete).
    pub fn finish(&mut self) -> Result<(), WarcError> {
        self.finish_current()
    }
}

impl Drop for WarcWriter {
    fn drop(&mut self) {
        let _ = self.finish_current();
    }
}

fn request_target(u: &url::Url) -> String {
    match u.query() {
        Some(q) => format!("{}?{q}", u.path()),
        None => u.path().to_string(),
    }
}

fn record_id() -> String {
    let a = fastrand::u64(..);
    let b = fastrand::u64(..);
    // RFC 4122 version 4 layout.
    let b = (b & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    let a = (a & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_4000;
    format!(
        "<urn:uuid:{:08x}-{:04x}-{:04x}-{:04x}-{:012x}>",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xffff,
        b >> 48,
        b & 0xffff_ffff_ffff
    )
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One record read back.
#[derive(Debug, Clone)]
pub struct WarcRecord {
    /// `response`, `request`, `warcinfo`...
    pub record_type: String,
    pub url: Option<String>,
    pub date: Option<DateTime<Utc>>,
    pub warc_headers: Vec<(String, String)>,
    /// HTTP status of a `response` record.
    pub status: Option<u16>,
    /// HTTP headers of a `response`/`request` record.
    pub headers: Vec<(String, String)>,
    /// HTTP body of a response; the whole block for other records.
    pub body: Vec<u8>,
    /// Byte offset of the record's gzip member in its file.
    pub offset: u64,
    /// Byte offset just past it.
    pub end: u64,
}

impl WarcRecord {
    pub fn warc_header(&self, name: &str) -> Option<&str> {
        self.warc_headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Iterator over the records of one `.warc.gz` file.
pub struct WarcReader {
    path: PathBuf,
    reader: Option<BufReader<File>>,
    pending: Option<WarcError>,
}

/// Read every record of `path` in order. An unreadable file or a damaged
/// record yields one `Err` and ends the iteration.
pub fn read_warc(path: impl AsRef<Path>) -> WarcReader {
    read_warc_from(path, 0)
}

/// Like [`read_warc`], starting at byte `offset` (a record boundary).
pub fn read_warc_from(path: impl AsRef<Path>, offset: u64) -> WarcReader {
    let path = path.as_ref().to_path_buf();
    let opened = File::open(&path).and_then(|f| {
        let mut r = BufReader::with_capacity(256 * 1024, f);
        r.seek(SeekFrom::Start(offset))?;
        Ok(r)
    });
    match opened {
        Ok(r) => WarcReader {
            path,
            reader: Some(r),
            pending: None,
        },
        Err(err) => WarcReader {
            pending: Some(WarcError::Io {
                path: path.display().to_string(),
                err,
            }),
            path,
            reader: None,
        },
    }
}

impl Iterator for WarcReader {
    type Item = Result<WarcRecord, WarcError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(e) = self.pending.take() {
            return Some(Err(e));
        }
        let reader = self.reader.as_mut()?;
        match next_member(reader) {
            Ok(None) => {
                self.reader = None;
                None
            }
            Ok(Some(Member {
                start: offset,
                end,
                bytes,
            })) => {
                let rec = parse_record(&bytes, offset, end).map_err(|what| WarcError::Format {
                    path: self.path.display().to_string(),
                    offset,
                    what,
                });
                if rec.is_err() {
                    self.reader = None;
                }
                Some(rec)
            }
            Err((offset, err)) => {
                self.reader = None;
                Some(Err(WarcError::Format {
                    path: self.path.display().to_string(),
                    offset,
                    what: format!("truncated or corrupt gzip member: {err}"),
                }))
            }
        }
    }
}

/// One decompressed gzip member and where it lies in the file.
struct Member {
    start: u64,
    end: u64,
    bytes: Vec<u8>,
}

/// Decompress the next gzip member, or `None` at EOF; errors carry the
/// member's start offset.
fn next_member(reader: &mut BufReader<File>) -> Result<Option<Member>, (u64, io::Error)> {
    let start = reader.stream_position().map_err(|e| (0, e))?;
    if reader.fill_buf().map_err(|e| (start, e))?.is_empty() {
        return Ok(None);
    }
    let mut out = Vec::new();
    flate2::bufread::GzDecoder::new(&mut *reader)
        .read_to_end(&mut out)
        .map_err(|e| (start, e))?;
    let end = reader.stream_position().map_err(|e| (start, e))?;
    Ok(Some(Member {
        start,
        end,
        bytes: out,
    }))
}

fn parse_record(bytes: &[u8], offset: u64, end: u64) -> Result<WarcRecord, String> {
    let split = find(bytes, b"\r\n\r\n").ok_or("no end of WARC headers")?;
    let head = std::str::from_utf8(&bytes[..split]).map_err(|_| "WARC headers are not UTF-8")?;
    let mut lines = head.split("\r\n");
    let version = lines.next().unwrap_or("");
    if !version.starts_with("WARC/") {
        return Err(format!("expected a WARC version line, found {version:?}"));
    }
    let warc_headers: Vec<(String, String)> = lines.filter_map(split_header).collect();
    let get = |n: &str| {
        warc_headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(n))
            .map(|(_, v)| v.clone())
    };
    let len: usize = get("Content-Length")
        .and_then(|v| v.parse().ok())
        .ok_or("missing Content-Length")?;
    let block_start = split + 4;
    let block = bytes
        .get(block_start..block_start + len)
        .ok_or("block shorter than Content-Length")?;
    let record_type = get("WARC-Type").unwrap_or_default();
    let date = get("WARC-Date")
        .and_then(|d| DateTime::parse_from_rfc3339(&d).ok())
        .map(|d| d.with_timezone(&Utc));
    let url = get("WARC-Target-URI");
    let is_http = get("Content-Type").is_some_and(|c| c.starts_with("application/http"));
    let (status, headers, body) = if is_http {
        parse_http(block)?
    } else {
        (None, Vec::new(), block.to_vec())
    };
    Ok(WarcRecord {
        record_type,
        url,
        date,
        warc_headers,
        status,
        headers,
        body,
        offset,
        end,
    })
}

#[allow(clippy::type_complexity)]
fn parse_http(block: &[u8]) -> Result<(Option<u16>, Vec<(String, String)>, Vec<u8>), String> {
    let split = find(block, b"\r\n\r\n").ok_or("no end of HTTP headers")?;
    let head = String::from_utf8_lossy(&block[..split]);
    let mut lines = head.split("\r\n");
    let first = lines.next().unwrap_or("");
    let status = if first.starts_with("HTTP/") {
        first.split_whitespace().nth(1).and_then(|s| s.parse().ok())
    } else {
        None
    };
    let headers = lines.filter_map(split_header).collect();
    Ok((status, headers, block[split + 4..].to_vec()))
}

fn split_header(line: &str) -> Option<(String, String)> {
    let (k, v) = line.split_once(':')?;
    Some((k.trim().to_string(), v.trim().to_string()))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Truncate `path` after its last complete, parseable record (a kill can
/// leave half a member). Returns the number of bytes cut.
pub fn repair(path: &Path) -> Result<u64, WarcError> {
    let len = std::fs::metadata(path).map_err(io_err(path))?.len();
    let mut good_end = 0;
    for rec in read_warc(path) {
        match rec {
            Ok(r) => good_end = r.end,
            Err(WarcError::Io { path, err }) => return Err(WarcError::Io { path, err }),
            Err(WarcError::Format { .. }) => break,
        }
    }
    if good_end < len {
        let f = OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(io_err(path))?;
        f.set_len(good_end).map_err(io_err(path))?;
        f.sync_all().map_err(io_err(path))?;
    }
    Ok(len - good_end)
}

/// `*.warc.gz` files of `dir`, sorted by name (= by creation).
pub fn list_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().ends_with(".warc.gz"))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(url: &str, body: &str) -> HttpResponse {
        HttpResponse {
            url: url::Url::parse(url).unwrap(),
            status: 200,
            reason: "OK".into(),
            version: "HTTP/1.1",
            headers: vec![
                ("content-type".into(), "text/html".into()),
                ("content-encoding".into(), "gzip".into()),
            ],
            body: body.as_bytes().to_vec(),
            request_headers: vec![],
            fetched_at: Utc::now(),
        }
    }

    #[test]
    fn write_read_rotate_repair() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = WarcWriter::new(dir.path(), 600).unwrap();
        for i in 0..6 {
            w.write_exchange(
                &response(&format!("http://a.vn/{i}"), &"xin chào ".repeat(20)),
                Some("http://a.vn/"),
            )
            .unwrap();
        }
        w.finish().unwrap();
        drop(w);
        let files = list_files(dir.path());
        assert!(files.len() > 1, "rotated: {files:?}");
        let mut responses = 0;
        for f in &files {
            for r in read_warc(f) {
                let r = r.unwrap();
                if r.record_type == "response" {
                    responses += 1;
                    assert_eq!(r.status, Some(200));
                    assert!(String::from_utf8(r.body.clone())
                        .unwrap()
                        .starts_with("xin chào"));
                    assert_eq!(
                        r.header("content-encoding"),
                        None,
                        "decoded body must not claim gzip"
                    );
                    assert_eq!(r.warc_header(FRONTIER_HEADER), Some("http://a.vn/"));
                }
            }
        }
        assert_eq!(responses, 6);
        // Tear the last file in the middle of its last member.
        let last = files.last().unwrap();
        let len = std::fs::metadata(last).unwrap().len();
        let f = OpenOptions::new().write(true).open(last).unwrap();
        f.set_len(len - 7).unwrap();
        assert!(read_warc(last).any(|r| r.is_err()));
        let cut = repair(last).unwrap();
        assert!(cut > 0);
        assert!(read_warc(last).all(|r| r.is_ok()));
    }
}

//! A local HTTP server for the fixture portals in `corpus/fixtures/portals/`.
//!
//! Each subdirectory is one portal, served on its own `127.0.0.1` port (so
//! robots.txt, politeness and scope work per host, as with real portals).
//! Tests, benches and `vnfacts demo` use it; nothing here contacts the
//! internet.
//!
//! Files map to URLs by path; a query string maps to `__<query>` appended
//! to the file name (`/tin-tuc?page=2` -> `tin-tuc__page=2.html`). In text
//! files, `{{base}}` becomes the portal's own base URL and `{{portal:NAME}}`
//! another portal's. A portal's optional `_server.toml` adds faults and
//! encodings per route:
//!
//! ```toml
//! robots_fail = 2            # robots.txt answers 500 this many times (-1: always)
//! [[route]]
//! path = "/flaky"            # URL path (with ?query if any)
//! prefix = "/gen/"           # or: every path under this prefix ({{path}} filled in)
//! file = "tin/a.html"        # file served (default: from the path)
//! fail = [500]               # statuses answered first, in order, then the file
//! retry_after = "1"          # Retry-After sent with those statuses
//! delay_ms = 3000            # wait before answering
//! redirect = "/loop-b"       # answer 302 to this location
//! size = 3000000             # answer this many bytes of filler, streamed
//! binary = true              # answer PNG bytes
//! encode = "windows-1258"    # or "tcvn3", "mojibake", "utf-8"
//! content_type = "text/html; charset=windows-1258"
//! ```

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderValue, Request, Response, StatusCode};
use axum::Router;
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

/// Why the fixture server could not start.
#[derive(Debug, thiserror::Error)]
pub enum FixtureError {
    #[error("{path}: {err}")]
    Io { path: String, err: std::io::Error },
    #[error("{path}: {err}")]
    Config { path: String, err: toml::de::Error },
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PortalConfig {
    #[serde(default)]
    robots_fail: i64,
    #[serde(default)]
    route: Vec<Route>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Route {
    #[serde(default)]
    path: String,
    /// Serve `file` for every path starting with this (`{{path}}` in the
    /// file becomes the requested path): many pages from one template.
    prefix: Option<String>,
    file: Option<String>,
    #[serde(default)]
    fail: Vec<u16>,
    retry_after: Option<String>,
    delay_ms: Option<u64>,
    redirect: Option<String>,
    size: Option<usize>,
    #[serde(default)]
    binary: bool,
    encode: Option<String>,
    content_type: Option<String>,
}

struct Portal {
    name: String,
    dir: PathBuf,
    cfg: PortalConfig,
    bases: Arc<BTreeMap<String, String>>,
    hits: Arc<Mutex<HashMap<(String, String), u32>>>,
    /// Extra latency on every response (bench/resume tests slow the crawl with it).
    latency: Duration,
}

/// Running fixture portals.
pub struct FixtureServer {
    bases: Arc<BTreeMap<String, String>>,
    hits: Arc<Mutex<HashMap<(String, String), u32>>>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl FixtureServer {
    /// Serve every portal directory under `root`. Must run inside a tokio runtime.
    pub async fn start(root: &Path) -> Result<FixtureServer, FixtureError> {
        Self::start_with_latency(root, Duration::ZERO).await
    }

    /// Like [`start`](Self::start), adding `latency` before every response.
    pub async fn start_with_latency(
        root: &Path,
        latency: Duration,
    ) -> Result<FixtureServer, FixtureError> {
        let io = |p: &Path| {
            let path = p.display().to_string();
            move |err| FixtureError::Io {
                path: path.clone(),
                err,
            }
        };
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
            .map_err(io(root))?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        let mut listeners = Vec::new();
        let mut bases = BTreeMap::new();
        for d in &dirs {
            let name = d
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let l = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .map_err(io(d))?;
            let addr: SocketAddr = l.local_addr().map_err(io(d))?;
            bases.insert(name.clone(), format!("http://{addr}"));
            listeners.push((name, d.clone(), l));
        }
        let bases = Arc::new(bases);
        let hits = Arc::new(Mutex::new(HashMap::new()));
        let mut tasks = Vec::new();
        for (name, dir, listener) in listeners {
            let cfg_path = dir.join("_server.toml");
            let cfg = if cfg_path.exists() {
                let text = std::fs::read_to_string(&cfg_path).map_err(io(&cfg_path))?;
                toml::from_str(&text).map_err(|err| FixtureError::Config {
                    path: cfg_path.display().to_string(),
                    err,
                })?
            } else {
                PortalConfig::default()
            };
            let portal = Arc::new(Portal {
                name,
                dir,
                cfg,
                bases: bases.clone(),
                hits: hits.clone(),
                latency,
            });
            let app = Router::new().fallback(serve).with_state(portal);
            tasks.push(tokio::spawn(async move {
                let _ = axum::serve(listener, app).await;
            }));
        }
        Ok(FixtureServer { bases, hits, tasks })
    }

    /// `http://127.0.0.1:PORT` of a portal.
    pub fn base(&self, portal: &str) -> Option<&str> {
        self.bases.get(portal).map(String::as_str)
    }

    pub fn portals(&self) -> impl Iterator<Item = (&str, &str)> {
        self.bases.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Requests received for `path` (with query) on `portal`.
    pub fn hits(&self, portal: &str, path: &str) -> u32 {
        self.hits
            .lock()
            .map(|h| {
                h.get(&(portal.to_string(), path.to_string()))
                    .copied()
                    .unwrap_or(0)
            })
            .unwrap_or(0)
    }

    /// All requests received, per `(portal, path)`.
    pub fn all_hits(&self) -> HashMap<(String, String), u32> {
        self.hits.lock().map(|h| h.clone()).unwrap_or_default()
    }

    /// Replace `{{portal:NAME}}` (base URL) and `{{host:NAME}}` (`127.0.0.1:PORT`)
    /// in a text, e.g. the fixture sources file.
    pub fn fill(&self, text: &str) -> String {
        fill(text, &self.bases, "")
    }
}

/// A fixture server on its own runtime thread, for callers without one
/// (the CLI's demo, integration tests of the binary).
pub struct BackgroundServer {
    pub server: FixtureServer,
    _rt: tokio::runtime::Runtime,
}

impl BackgroundServer {
    pub fn start(root: &Path, latency: Duration) -> Result<BackgroundServer, FixtureError> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .map_err(|err| FixtureError::Io {
                path: "tokio runtime".into(),
                err,
            })?;
        let server = rt.block_on(FixtureServer::start_with_latency(root, latency))?;
        Ok(BackgroundServer { server, _rt: rt })
    }
}

impl Drop for FixtureServer {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

fn fill(text: &str, bases: &BTreeMap<String, String>, own: &str) -> String {
    let mut out = text.replace("{{base}}", own);
    for (name, base) in bases {
        out = out.replace(&format!("{{{{portal:{name}}}}}"), base);
        out = out.replace(
            &format!("{{{{host:{name}}}}}"),
            base.trim_start_matches("http://"),
        );
    }
    out
}

fn respond(status: StatusCode, ctype: &str, body: impl Into<Body>) -> Response<Body> {
    let mut r = Response::new(body.into());
    *r.status_mut() = status;
    if let Ok(v) = HeaderValue::from_str(ctype) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    r
}

async fn serve(State(p): State<Arc<Portal>>, req: Request<Body>) -> Response<Body> {
    let target = req
        .uri()
        .path_and_query()
        .map(|pq| pq.as_str().to_string())
        .unwrap_or_else(|| "/".into());
    let n = {
        let mut hits = p.hits.lock().unwrap_or_else(|e| e.into_inner());
        let c = hits.entry((p.name.clone(), target.clone())).or_insert(0);
        *c += 1;
        *c
    };
    if !p.latency.is_zero() {
        tokio::time::sleep(p.latency).await;
    }
    if target == "/robots.txt" && (p.cfg.robots_fail < 0 || i64::from(n) <= p.cfg.robots_fail) {
        return respond(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/plain",
            "robots temporarily broken",
        );
    }
    let route = p
        .cfg
        .route
        .iter()
        .find(|r| {
            r.path == target
                || r.prefix
                    .as_ref()
                    .is_some_and(|pre| target.starts_with(pre.as_str()))
        })
        .cloned()
        .unwrap_or_default();
    if let Some(ms) = route.delay_ms {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    if let Some(status) = route.fail.get(n as usize - 1) {
        let mut r = respond(
            StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            "text/html",
            "<h1>Lỗi máy chủ</h1>",
        );
        if let Some(ra) = route
            .retry_after
            .as_deref()
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            r.headers_mut().insert(header::RETRY_AFTER, ra);
        }
        return r;
    }
    if let Some(loc) = &route.redirect {
        let mut r = respond(StatusCode::FOUND, "text/html", "");
        if let Ok(v) = HeaderValue::from_str(&fill(
            loc,
            &p.bases,
            p.bases.get(&p.name).map_or("", String::as_str),
        )) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        return r;
    }
    if let Some(size) = route.size {
        let chunk = Bytes::from(vec![b'a'; 64 * 1024]);
        let chunks = size.div_ceil(chunk.len());
        let stream = futures_util::stream::iter(
            (0..chunks).map(move |_| Ok::<_, std::io::Error>(chunk.clone())),
        );
        return respond(StatusCode::OK, "text/html", Body::from_stream(stream));
    }
    if route.binary {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend((0..4096u32).map(|i| (i * 7 % 251) as u8));
        return respond(
            StatusCode::OK,
            route
                .content_type
                .as_deref()
                .unwrap_or("text/html; charset=utf-8"),
            png,
        );
    }
    let rel = route.file.clone().unwrap_or_else(|| file_for(&target));
    let Some(path) = candidates(&p.dir, &rel).into_iter().find(|c| c.is_file()) else {
        return respond(
            StatusCode::NOT_FOUND,
            "text/html; charset=utf-8",
            "<h1>404 - Không tìm thấy trang</h1>",
        );
    };
    let Ok(bytes) = std::fs::read(&path) else {
        return respond(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/plain",
            "unreadable fixture",
        );
    };
    let ctype = route
        .content_type
        .clone()
        .unwrap_or_else(|| content_type(&path).to_string());
    let own = p.bases.get(&p.name).cloned().unwrap_or_default();
    let body = match std::str::from_utf8(&bytes) {
        Ok(text) => encode(
            &fill(text, &p.bases, &own).replace("{{path}}", &target),
            route.encode.as_deref(),
        ),
        Err(_) => bytes,
    };
    // Validators, so refreshes can be answered 304 Not Modified.
    let etag = format!("\"{:016x}\"", fnv(&body));
    if req
        .headers()
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes())
    {
        let mut r = respond(StatusCode::NOT_MODIFIED, &ctype, Body::empty());
        r.headers_mut().insert(
            header::ETAG,
            HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"0\"")),
        );
        return r;
    }
    let mut r = respond(StatusCode::OK, &ctype, body);
    if let Ok(v) = HeaderValue::from_str(&etag) {
        r.headers_mut().insert(header::ETAG, v);
    }
    r
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn file_for(target: &str) -> String {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut f = path.trim_start_matches('/').to_string();
    if f.is_empty() || f.ends_with('/') {
        f.push_str("index.html");
    }
    if !query.is_empty() {
        f.push_str("__");
        f.push_str(&query.replace('/', "%2F"));
    }
    f
}

fn candidates(dir: &Path, rel: &str) -> Vec<PathBuf> {
    if rel.contains("..") {
        return Vec::new();
    }
    let base = dir.join(rel);
    vec![
        base.clone(),
        PathBuf::from(format!("{}.html", base.display())),
        base.join("index.html"),
    ]
}

fn content_type(path: &Path) -> &'static str {
    let name = path.to_string_lossy().to_ascii_lowercase();
    if name.ends_with("robots.txt") || name.ends_with(".txt") {
        "text/plain; charset=utf-8"
    } else if name.ends_with(".rss")
        || name.contains("rss") && name.ends_with(".xml")
        || name.contains("/feed")
    {
        "application/rss+xml; charset=utf-8"
    } else if name.ends_with(".xml") {
        "application/xml; charset=utf-8"
    } else {
        "text/html; charset=utf-8"
    }
}

/// Re-encode fixture text the way broken or legacy portals serve it.
fn encode(text: &str, how: Option<&str>) -> Vec<u8> {
    match how {
        Some("windows-1258") => encode_1258(text),
        Some("tcvn3") => text.chars().map(tcvn3_byte).collect(),
        Some("mojibake") => {
            // UTF-8 bytes read as windows-1252, stored again as UTF-8.
            let (s, _, _) = encoding_rs::WINDOWS_1252.decode(text.as_bytes());
            s.into_owned().into_bytes()
        }
        _ => text.as_bytes().to_vec(),
    }
}

/// windows-1258 writes tones as combining marks after a base letter that
/// may carry a circumflex, breve or horn: decompose, recompose only those.
fn encode_1258(text: &str) -> Vec<u8> {
    let mut out = String::new();
    for c in text.nfd() {
        if matches!(c, '\u{302}' | '\u{306}' | '\u{31b}') {
            if let Some(base) = out.pop() {
                let composed: String = [base, c].iter().collect::<String>().nfc().collect();
                out.push_str(&composed);
                continue;
            }
        }
        out.push(c);
    }
    let (bytes, _, _) = encoding_rs::WINDOWS_1258.encode(&out);
    bytes.into_owned()
}

/// TCVN3 (ABC) lower-case code points; capitals with tones have no codes
/// in the 1-byte table, so fixtures avoid them.
fn tcvn3_byte(c: char) -> u8 {
    const TABLE: &[(char, u8)] = &[
        ('Ă', 0xA1),
        ('Â', 0xA2),
        ('Ê', 0xA3),
        ('Ô', 0xA4),
        ('Ơ', 0xA5),
        ('Ư', 0xA6),
        ('Đ', 0xA7),
        ('ă', 0xA8),
        ('â', 0xA9),
        ('ê', 0xAA),
        ('ô', 0xAB),
        ('ơ', 0xAC),
        ('ư', 0xAD),
        ('đ', 0xAE),
        ('à', 0xB5),
        ('ả', 0xB6),
        ('ã', 0xB7),
        ('á', 0xB8),
        ('ạ', 0xB9),
        ('ằ', 0xBB),
        ('ẳ', 0xBC),
        ('ẵ', 0xBD),
        ('ắ', 0xBE),
        ('ặ', 0xC6),
        ('ầ', 0xC7),
        ('ẩ', 0xC8),
        ('ẫ', 0xC9),
        ('ấ', 0xCA),
        ('ậ', 0xCB),
        ('è', 0xCC),
        ('ẻ', 0xCE),
        ('ẽ', 0xCF),
        ('é', 0xD0),
        ('ẹ', 0xD1),
        ('ề', 0xD2),
        ('ể', 0xD3),
        ('ễ', 0xD4),
        ('ế', 0xD5),
        ('ệ', 0xD6),
        ('ì', 0xD7),
        ('ỉ', 0xD8),
        ('ĩ', 0xDC),
        ('í', 0xDD),
        ('ị', 0xDE),
        ('ò', 0xDF),
        ('ỏ', 0xE1),
        ('õ', 0xE2),
        ('ó', 0xE3),
        ('ọ', 0xE4),
        ('ồ', 0xE5),
        ('ổ', 0xE6),
        ('ỗ', 0xE7),
        ('ố', 0xE8),
        ('ộ', 0xE9),
        ('ờ', 0xEA),
        ('ở', 0xEB),
        ('ỡ', 0xEC),
        ('ớ', 0xED),
        ('ợ', 0xEE),
        ('ù', 0xEF),
        ('ủ', 0xF1),
        ('ũ', 0xF2),
        ('ú', 0xF3),
        ('ụ', 0xF4),
        ('ừ', 0xF5),
        ('ử', 0xF6),
        ('ữ', 0xF7),
        ('ứ', 0xF8),
        ('ự', 0xF9),
        ('ỳ', 0xFA),
        ('ỷ', 0xFB),
        ('ỹ', 0xFC),
        ('ý', 0xFD),
        ('ỵ', 0xFE),
    ];
    if c.is_ascii() {
        return c as u8;
    }
    TABLE
        .iter()
        .find(|(k, _)| *k == c)
        .map_or(b'?', |(_, b)| *b)
}

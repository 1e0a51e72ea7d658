//! One HTTP fetch: redirects followed by hand, body size capped while
//! streaming, content types filtered, timeouts.
//!
//! Redirects are not left to the client because every hop must pass the
//! source's scope and the private-address rule, loops must be detected, and
//! each hop is a response worth archiving. Retries are *not* done here: the
//! caller owns the per-host clock, so waiting for a retry is a politeness
//! decision (see `crawler`).

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::{
    HeaderMap, CONTENT_LENGTH, CONTENT_TYPE, IF_MODIFIED_SINCE, IF_NONE_MATCH, LOCATION,
    RETRY_AFTER,
};
use url::Url;

use crate::canon;
use crate::guard::{self, GuardedResolver};

/// Default User-Agent: says who we are and where to complain.
pub const DEFAULT_USER_AGENT: &str =
    "vnfacts-crawler/0.1 (+https://github.com/vnfacts/vnfacts; research crawler of public government news)";

/// Fetch limits and identity.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    pub user_agent: String,
    pub connect_timeout: Duration,
    /// Whole request, headers and body.
    pub timeout: Duration,
    pub max_redirects: usize,
    /// Bodies larger than this are aborted mid-stream.
    pub max_body: usize,
    pub allow_private: bool,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            user_agent: DEFAULT_USER_AGENT.to_string(),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_redirects: 5,
            max_body: 10 * 1024 * 1024,
            allow_private: false,
        }
    }
}

/// One HTTP exchange as archived: request line and headers, response status,
/// headers and (decompressed) body.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub url: Url,
    pub status: u16,
    pub reason: String,
    pub version: &'static str,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub request_headers: Vec<(String, String)>,
    pub fetched_at: DateTime<Utc>,
}

impl HttpResponse {
    /// First header value named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn content_type(&self) -> Option<&str> {
        self.header("content-type")
    }

    /// `Retry-After` as a duration (seconds or HTTP date).
    pub fn retry_after(&self) -> Option<Duration> {
        parse_retry_after(self.header(RETRY_AFTER.as_str())?, Utc::now())
    }
}

/// Redirect hops (each a response) and the final response.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub hops: Vec<HttpResponse>,
    pub last: HttpResponse,
}

/// Validators of a previous fetch, sent on refresh.
#[derive(Debug, Clone, Default)]
pub struct Conditional {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A failed fetch and the redirect responses received before it failed
/// (they are still archived).
#[derive(Debug)]
pub struct Failure {
    pub error: FetchError,
    pub hops: Vec<HttpResponse>,
}

/// Why a fetch produced no usable response.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("timed out after {0:?}")]
    Timeout(Duration),
    #[error("network error: {0}")]
    Network(String),
    #[error("refused: {0}")]
    Refused(String),
    #[error("redirect to {0} leaves the source's allowed hosts")]
    OutOfScope(Url),
    #[error("redirect loop back to {0}")]
    RedirectLoop(Url),
    #[error("more than {0} redirects")]
    TooManyRedirects(usize),
    #[error("redirect {status} without a usable Location header")]
    BadRedirect { status: u16 },
    #[error("body larger than the {limit}-byte limit (raise --max-body if this page matters)")]
    TooLarge { limit: usize },
    #[error("content type {0:?} is not HTML, XML or a feed")]
    UnwantedType(String),
}

impl FetchError {
    /// Transient failures worth another attempt later.
    pub fn is_transient(&self) -> bool {
        matches!(self, FetchError::Timeout(_) | FetchError::Network(_))
    }
}

/// Content types we store and parse; anything else is refused before the body.
pub fn wanted_type(content_type: &str) -> bool {
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    mime.is_empty()
        || matches!(
            mime.as_str(),
            "text/html"
                | "application/xhtml+xml"
                | "text/xml"
                | "application/xml"
                | "application/rss+xml"
                | "application/atom+xml"
                | "application/rdf+xml"
                | "text/plain"
                | "application/x-gzip"
                | "application/gzip"
                | "application/octet-stream"
        )
}

/// The HTTP client, shared by all workers (connection pools are per host).
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    cfg: Arc<FetchConfig>,
}

impl Fetcher {
    pub fn new(cfg: FetchConfig) -> Result<Self, FetchError> {
        let client = reqwest::Client::builder()
            .user_agent(cfg.user_agent.clone())
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(cfg.connect_timeout)
            .read_timeout(cfg.timeout)
            .timeout(cfg.timeout)
            .gzip(true)
            .brotli(true)
            .dns_resolver(Arc::new(GuardedResolver {
                allow_private: cfg.allow_private,
            }))
            .build()
            .map_err(|e| FetchError::Network(format!("cannot build HTTP client: {e}")))?;
        Ok(Fetcher {
            client,
            cfg: Arc::new(cfg),
        })
    }

    pub fn config(&self) -> &FetchConfig {
        &self.cfg
    }

    /// GET `url`, following at most `max_redirects` redirects that satisfy
    /// `in_scope`. Non-2xx final statuses are returned as responses.
    pub async fn fetch(
        &self,
        url: &Url,
        cond: Option<&Conditional>,
        in_scope: &(dyn Fn(&Url) -> bool + Sync),
    ) -> Result<Fetched, Failure> {
        let mut hops = Vec::new();
        match self.follow(url, cond, in_scope, &mut hops).await {
            Ok(last) => Ok(Fetched { hops, last }),
            Err(error) => Err(Failure { error, hops }),
        }
    }

    async fn follow(
        &self,
        url: &Url,
        cond: Option<&Conditional>,
        in_scope: &(dyn Fn(&Url) -> bool + Sync),
        hops: &mut Vec<HttpResponse>,
    ) -> Result<HttpResponse, FetchError> {
        let mut seen: HashSet<Url> = HashSet::from([url.clone()]);
        let mut current = url.clone();
        loop {
            if !guard::url_allowed(&current, self.cfg.allow_private) {
                return Err(FetchError::Refused(format!(
                    "{current} is a private, loopback or link-local address"
                )));
            }
            let resp = self
                .once(&current, if hops.is_empty() { cond } else { None })
                .await?;
            if !(300..400).contains(&resp.status) || resp.status == 304 {
                return Ok(resp);
            }
            let next = resp
                .header(LOCATION.as_str())
                .and_then(|l| canon::resolve(&current, l))
                .ok_or(FetchError::BadRedirect {
                    status: resp.status,
                })?;
            hops.push(resp);
            if hops.len() > self.cfg.max_redirects {
                return Err(FetchError::TooManyRedirects(self.cfg.max_redirects));
            }
            if !in_scope(&next) {
                return Err(FetchError::OutOfScope(next));
            }
            if !seen.insert(next.clone()) {
                return Err(FetchError::RedirectLoop(next));
            }
            current = next;
        }
    }

    async fn once(
        &self,
        url: &Url,
        cond: Option<&Conditional>,
    ) -> Result<HttpResponse, FetchError> {
        let mut req = self.client.get(url.clone()).header(
            "Accept",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5",
        );
        if let Some(c) = cond {
            if let Some(e) = &c.etag {
                req = req.header(IF_NONE_MATCH, e);
            }
            if let Some(lm) = &c.last_modified {
                req = req.header(IF_MODIFIED_SINCE, lm);
            }
        }
        let request = req
            .build()
            .map_err(|e| FetchError::Network(e.to_string()))?;
        let mut request_headers = vec![("User-Agent".to_string(), self.cfg.user_agent.clone())];
        request_headers.extend(header_pairs(request.headers()));
        let fetched_at = Utc::now();
        let deadline = self.cfg.timeout;
        let work = async {
            let mut resp = self
                .client
                .execute(request)
                .await
                .map_err(|e| map_err(e, deadline))?;
            let status = resp.status();
            let headers = header_pairs(resp.headers());
            let ctype = resp
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            if status.is_success() && !wanted_type(&ctype) {
                return Err(FetchError::UnwantedType(ctype));
            }
            let limit = self.cfg.max_body;
            let declared = resp
                .headers()
                .get(CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<usize>().ok());
            if declared.is_some_and(|n| n > limit) {
                return Err(FetchError::TooLarge { limit });
            }
            let mut body = Vec::new();
            while let Some(chunk) = resp.chunk().await.map_err(|e| map_err(e, deadline))? {
                if body.len() + chunk.len() > limit {
                    return Err(FetchError::TooLarge { limit });
                }
                body.extend_from_slice(&chunk);
            }
            Ok(HttpResponse {
                url: url.clone(),
                status: status.as_u16(),
                reason: status.canonical_reason().unwrap_or("").to_string(),
                version: "HTTP/1.1",
                headers,
                body,
                request_headers,
                fetched_at,
            })
        };
        match tokio::time::timeout(deadline + Duration::from_millis(250), work).await {
            Ok(r) => r,
            Err(_) => Err(FetchError::Timeout(deadline)),
        }
    }
}

fn header_pairs(h: &HeaderMap) -> Vec<(String, String)> {
    h.iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect()
}

fn map_err(e: reqwest::Error, deadline: Duration) -> FetchError {
    if e.is_timeout() {
        return FetchError::Timeout(deadline);
    }
    // The resolver's refusal travels as the error's source chain.
    let mut chain = e.to_string();
    let mut src = std::error::Error::source(&e);
    while let Some(s) = src {
        chain.push_str(": ");
        chain.push_str(&s.to_string());
        src = s.source();
    }
    if chain.contains("refused, resolves only to private") {
        FetchError::Refused(chain)
    } else {
        FetchError::Network(chain)
    }
}

/// `Retry-After: 120` or `Retry-After: <HTTP-date>`.
pub fn parse_retry_after(v: &str, now: DateTime<Utc>) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when: DateTime<Utc> = httpdate::parse_http_date(v).ok()?.into();
    Some((when - now).to_std().unwrap_or(Duration::ZERO))
}

/// Exponential backoff with full jitter: uniform in `[d/2, d]`, `d = base·2^attempt`
/// capped at `cap`. Jitter keeps many workers from retrying in lockstep.
pub fn backoff(attempt: u32, base: Duration, cap: Duration) -> Duration {
    let d = base.saturating_mul(1u32 << attempt.min(16)).min(cap);
    let half = d / 2;
    half + Duration::from_nanos(fastrand::u64(
        0..=half.as_nanos().min(u64::MAX as u128) as u64,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        let now = Utc::now();
        assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
        let later = httpdate::fmt_http_date((now + chrono::Duration::seconds(10)).into());
        let d = parse_retry_after(&later, now).unwrap();
        assert!(d.as_secs() >= 9 && d.as_secs() <= 10, "{d:?}");
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn backoff_grows_and_caps() {
        let b = Duration::from_millis(100);
        let cap = Duration::from_secs(5);
        for a in 0..10 {
            let d = backoff(a, b, cap);
            let full = b.saturating_mul(1 << a).min(cap);
            assert!(d >= full / 2 && d <= full, "{a}: {d:?}");
        }
    }

    #[test]
    fn content_types() {
        assert!(wanted_type("text/html; charset=windows-1258"));
        assert!(wanted_type("application/rss+xml"));
        assert!(!wanted_type("application/pdf"));
        assert!(!wanted_type("image/jpeg"));
    }
}

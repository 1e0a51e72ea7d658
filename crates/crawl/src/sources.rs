//! The source list (`corpus/sources.toml`): which portals to crawl and how.
//!
//! The file is parsed twice over: first into a raw form that keeps the byte
//! span of every value (so `vnfacts sources check` can say *where* a problem
//! is), then validated into [`Source`], whose URLs, patterns and selectors are
//! already compiled. Code past this module never sees an unchecked source.

use std::collections::HashSet;
use std::fmt;
use std::path::Path;

use regex::Regex;
use serde::Deserialize;
use toml::Spanned;
use url::Url;

/// Politeness knobs of one source (or the file's defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Politeness {
    /// Minimum time between two requests to one host, in milliseconds.
    /// The effective delay is `max(delay_ms, robots Crawl-delay)`.
    pub delay_ms: u64,
    /// Requests in flight at once for this source (1 = one at a time).
    pub concurrency: usize,
}

impl Default for Politeness {
    fn default() -> Self {
        Politeness {
            delay_ms: 2000,
            concurrency: 1,
        }
    }
}

/// Compiled CSS selectors that override the generic content extraction.
#[derive(Debug, Clone, Default)]
pub struct Selectors {
    pub title: Option<String>,
    pub date: Option<String>,
    pub author: Option<String>,
    pub body: Option<String>,
}

/// One validated portal.
#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub name: String,
    /// Province the portal belonged to when its articles were written.
    pub province: String,
    /// Province it belongs to since the 1 July 2025 reorganization, if merged.
    pub merged_into: Option<String>,
    pub base_url: Url,
    /// Lower-case host names (with port when not the default) the crawl may visit.
    pub allowed_hosts: Vec<String>,
    pub start_pages: Vec<Url>,
    pub article_patterns: Vec<Regex>,
    pub listing_patterns: Vec<Regex>,
    pub selectors: Selectors,
    pub politeness: Politeness,
}

impl Source {
    /// Whether `url` is inside this source's scope (http/https on an allowed host).
    pub fn in_scope(&self, url: &Url) -> bool {
        matches!(url.scheme(), "http" | "https")
            && self.allowed_hosts.iter().any(|h| *h == host_key(url))
    }

    /// Every URL the crawl starts from: the base URL, then the start pages.
    pub fn seeds(&self) -> Vec<Url> {
        let mut out = vec![self.base_url.clone()];
        for p in &self.start_pages {
            if !out.contains(p) {
                out.push(p.clone());
            }
        }
        out
    }
}

/// `host` or `host:port` (port only when explicit and not the scheme default),
/// lower-case: the unit of scope and of politeness.
pub fn host_key(url: &Url) -> String {
    let host = url.host_str().unwrap_or("").to_ascii_lowercase();
    match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host,
    }
}

/// All sources of one file plus file-wide defaults.
#[derive(Debug, Clone, Default)]
pub struct SourceSet {
    pub user_agent: Option<String>,
    pub sources: Vec<Source>,
}

impl SourceSet {
    pub fn get(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }
}

/// One thing wrong in a sources file, with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line and column, when known.
    pub line: usize,
    pub column: usize,
    /// Source id the problem belongs to, if any.
    pub source: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.line, self.column)?;
        if let Some(id) = &self.source {
            write!(f, "source \"{id}\": ")?;
        }
        f.write_str(&self.message)
    }
}

/// Why a sources file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum SourcesError {
    #[error("cannot read sources file {path}: {err} (check the path, or pass --sources FILE)")]
    Read { path: String, err: std::io::Error },
    #[error("{path}: {} problem(s):\n{}", problems.len(), render(path, problems))]
    Invalid {
        path: String,
        problems: Vec<Problem>,
    },
}

fn render(path: &str, problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {path}:{p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    defaults: Option<RawDefaults>,
    #[serde(default)]
    source: Vec<Spanned<RawSource>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDefaults {
    user_agent: Option<Spanned<String>>,
    politeness: Option<RawPoliteness>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: Spanned<String>,
    name: Spanned<String>,
    province: Spanned<String>,
    #[serde(default)]
    kind: Option<Spanned<String>>,
    base_url: Spanned<String>,
    allowed_hosts: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    start_pages: Vec<Spanned<String>>,
    #[serde(default)]
    article_patterns: Vec<Spanned<String>>,
    #[serde(default)]
    listing_patterns: Vec<Spanned<String>>,
    #[serde(default)]
    selectors: Option<RawSelectors>,
    #[serde(default)]
    politeness: Option<RawPoliteness>,
    #[serde(default)]
    merged_into: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSelectors {
    title: Option<Spanned<String>>,
    date: Option<Spanned<String>>,
    author: Option<Spanned<String>>,
    body: Option<Spanned<String>>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(deny_unknown_fields)]
struct RawPoliteness {
    delay_ms: Option<u64>,
    concurrency: Option<usize>,
}

/// Source kinds the file may name (informational; used in reports).
const KINDS: &[&str] = &["province", "department", "district", "press", "agency"];

/// Read and validate a sources file.
pub fn load(path: &Path) -> Result<SourceSet, SourcesError> {
    let text = std::fs::read_to_string(path).map_err(|err| SourcesError::Read {
        path: path.display().to_string(),
        err,
    })?;
    parse(&text).map_err(|problems| SourcesError::Invalid {
        path: path.display().to_string(),
        problems,
    })
}

/// Validate sources TOML text; every problem found is returned, in file order.
pub fn parse(text: &str) -> Result<SourceSet, Vec<Problem>> {
    let raw: RawFile = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let (line, column) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
            return Err(vec![Problem {
                line,
                column,
                source: None,
                message: e.message().trim().replace('\n', "; "),
            }]);
        }
    };
    let mut v = Validator {
        text,
        problems: Vec::new(),
    };
    let defaults =
        raw.defaults
            .as_ref()
            .and_then(|d| d.politeness)
            .map_or(Politeness::default(), |p| {
                let d = Politeness::default();
                Politeness {
                    delay_ms: p.delay_ms.unwrap_or(d.delay_ms),
                    concurrency: p.concurrency.unwrap_or(d.concurrency),
                }
            });
    let user_agent = raw.defaults.as_ref().and_then(|d| d.user_agent.as_ref()).map(|ua| {
        if !ua.get_ref().contains("http") {
            v.push(ua.span().start, None, "defaults.user_agent: add a contact URL (http...) so portal admins can reach us");
        }
        ua.get_ref().clone()
    });
    let mut seen: HashSet<String> = HashSet::new();
    let mut sources = Vec::new();
    for raw_source in &raw.source {
        let rs = raw_source.get_ref();
        let id = rs.id.get_ref().clone();
        if !seen.insert(id.clone()) {
            v.push(
                rs.id.span().start,
                Some(&id),
                "duplicate id (ids must be unique; rename one)",
            );
        }
        if let Some(s) = v.source(rs, defaults) {
            sources.push(s);
        }
    }
    if v.problems.is_empty() {
        Ok(SourceSet {
            user_agent,
            sources,
        })
    } else {
        v.problems.sort_by_key(|p| (p.line, p.column));
        Err(v.problems)
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

struct Validator<'a> {
    text: &'a str,
    problems: Vec<Problem>,
}

impl Validator<'_> {
    fn push(&mut self, offset: usize, source: Option<&str>, message: impl Into<String>) {
        let (line, column) = line_col(self.text, offset);
        self.problems.push(Problem {
            line,
            column,
            source: source.map(str::to_string),
            message: message.into(),
        });
    }

    fn source(&mut self, rs: &RawSource, defaults: Politeness) -> Option<Source> {
        let id = rs.id.get_ref().as_str();
        let before = self.problems.len();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        {
            self.push(
                rs.id.span().start,
                Some(id),
                "id: use lower-case ASCII letters, digits, '-' or '_'",
            );
        }
        for (field, value) in [("name", &rs.name), ("province", &rs.province)] {
            if value.get_ref().trim().is_empty() {
                self.push(
                    value.span().start,
                    Some(id),
                    format!("{field}: must not be empty"),
                );
            }
        }
        if let Some(kind) = &rs.kind {
            if !KINDS.contains(&kind.get_ref().as_str()) {
                self.push(
                    kind.span().start,
                    Some(id),
                    format!(
                        "kind: \"{}\" is not one of {}",
                        kind.get_ref(),
                        KINDS.join(", ")
                    ),
                );
            }
        }
        let mut hosts = Vec::new();
        if rs.allowed_hosts.get_ref().is_empty() {
            self.push(
                rs.allowed_hosts.span().start,
                Some(id),
                "allowed_hosts: list at least the base URL's host",
            );
        }
        for h in rs.allowed_hosts.get_ref() {
            let host = h.get_ref().trim().to_ascii_lowercase();
            let ok = !host.is_empty()
                && Url::parse(&format!("http://{host}/"))
                    .ok()
                    .is_some_and(|u| host_key(&u) == host);
            if ok {
                hosts.push(host);
            } else {
                self.push(h.span().start, Some(id), format!("allowed_hosts: \"{}\" is not a host name (write e.g. \"hanoi.gov.vn\", no scheme or path)", h.get_ref()));
            }
        }
        let base_url = self.url(id, "base_url", &rs.base_url, &hosts);
        let start_pages: Vec<Url> = rs
            .start_pages
            .iter()
            .filter_map(|p| self.url(id, "start_pages", p, &hosts))
            .collect();
        let article_patterns = self.regexes(id, "article_patterns", &rs.article_patterns);
        let listing_patterns = self.regexes(id, "listing_patterns", &rs.listing_patterns);
        let selectors = self.selectors(id, rs.selectors.as_ref());
        let politeness = rs.politeness.map_or(defaults, |p| Politeness {
            delay_ms: p.delay_ms.unwrap_or(defaults.delay_ms),
            concurrency: p.concurrency.unwrap_or(defaults.concurrency),
        });
        if politeness.concurrency == 0 {
            self.push(
                rs.id.span().start,
                Some(id),
                "politeness.concurrency: must be at least 1",
            );
        }
        let merged_into = rs.merged_into.as_ref().map(|m| {
            if m.get_ref().trim().is_empty() || m.get_ref() == rs.province.get_ref() {
                self.push(
                    m.span().start,
                    Some(id),
                    "merged_into: name the province it was merged into (not itself)",
                );
            }
            m.get_ref().clone()
        });
        if self.problems.len() > before {
            return None;
        }
        Some(Source {
            id: id.to_string(),
            name: rs.name.get_ref().clone(),
            province: rs.province.get_ref().clone(),
            merged_into,
            base_url: base_url?,
            allowed_hosts: hosts,
            start_pages,
            article_patterns,
            listing_patterns,
            selectors,
            politeness,
        })
    }

    fn url(
        &mut self,
        id: &str,
        field: &str,
        raw: &Spanned<String>,
        hosts: &[String],
    ) -> Option<Url> {
        let at = raw.span().start;
        match Url::parse(raw.get_ref()) {
            Ok(u) if !matches!(u.scheme(), "http" | "https") => {
                self.push(
                    at,
                    Some(id),
                    format!("{field}: \"{}\" must be http or https", raw.get_ref()),
                );
                None
            }
            Ok(u) if u.host_str().is_none() => {
                self.push(
                    at,
                    Some(id),
                    format!("{field}: \"{}\" has no host", raw.get_ref()),
                );
                None
            }
            Ok(u) if !hosts.is_empty() && !hosts.contains(&host_key(&u)) => {
                self.push(
                    at,
                    Some(id),
                    format!(
                        "{field}: host \"{}\" is not in allowed_hosts ({})",
                        host_key(&u),
                        hosts.join(", ")
                    ),
                );
                None
            }
            Ok(u) => Some(u),
            Err(e) => {
                self.push(
                    at,
                    Some(id),
                    format!("{field}: \"{}\" is not a URL ({e})", raw.get_ref()),
                );
                None
            }
        }
    }

    fn regexes(&mut self, id: &str, field: &str, raw: &[Spanned<String>]) -> Vec<Regex> {
        let mut out = Vec::new();
        for r in raw {
            match Regex::new(r.get_ref()) {
                Ok(re) => out.push(re),
                Err(e) => {
                    let first = e
                        .to_string()
                        .lines()
                        .last()
                        .unwrap_or("")
                        .trim()
                        .to_string();
                    self.push(
                        r.span().start,
                        Some(id),
                        format!("{field}: bad regex \"{}\": {first}", r.get_ref()),
                    );
                }
            }
        }
        out
    }

    fn selectors(&mut self, id: &str, raw: Option<&RawSelectors>) -> Selectors {
        let Some(raw) = raw else {
            return Selectors::default();
        };
        let mut check = |field: &str, s: &Option<Spanned<String>>| -> Option<String> {
            let s = s.as_ref()?;
            match scraper::Selector::parse(s.get_ref()) {
                Ok(_) => Some(s.get_ref().clone()),
                Err(_) => {
                    self.push(
                        s.span().start,
                        Some(id),
                        format!(
                            "selectors.{field}: \"{}\" does not parse as a CSS selector",
                            s.get_ref()
                        ),
                    );
                    None
                }
            }
        };
        Selectors {
            title: check("title", &raw.title),
            date: check("date", &raw.date),
            author: check("author", &raw.author),
            body: check("body", &raw.body),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[defaults]
user_agent = "vnfacts/0.1 (+https://example.org/bot)"
politeness = { delay_ms = 0, concurrency = 1 }

[[source]]
id = "hanoi"
name = "Cổng thông tin điện tử Hà Nội"
province = "Hà Nội"
base_url = "https://hanoi.gov.vn/"
allowed_hosts = ["hanoi.gov.vn"]
start_pages = ["https://hanoi.gov.vn/tin-tuc"]
article_patterns = ['-\d+\.htm$']
selectors = { body = "div.content" }
"#;

    #[test]
    fn good_file_parses() {
        let set = parse(GOOD).unwrap();
        assert_eq!(set.sources.len(), 1);
        let s = &set.sources[0];
        assert_eq!(s.politeness.delay_ms, 0);
        assert_eq!(s.seeds().len(), 2);
        assert!(s.in_scope(&Url::parse("http://hanoi.gov.vn/x").unwrap()));
        assert!(!s.in_scope(&Url::parse("https://evil.vn/x").unwrap()));
        assert!(!s.in_scope(&Url::parse("ftp://hanoi.gov.vn/x").unwrap()));
    }

    #[test]
    fn problems_name_line_and_field() {
        let bad = GOOD
            .replace("https://hanoi.gov.vn/tin-tuc", "https://other.vn/tin")
            .replace(r"-\d+\.htm$", "([")
            .replace("div.content", "div..x");
        let problems = parse(&format!("{bad}\n[[source]]\nid = \"hanoi\"\nname = \"x\"\nprovince = \"y\"\nbase_url = \"notaurl\"\nallowed_hosts = [\"a.vn\"]\n")).unwrap_err();
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        let all = text.join("\n");
        assert!(
            all.contains(
                "12:16: source \"hanoi\": start_pages: host \"other.vn\" is not in allowed_hosts"
            ),
            "{all}"
        );
        assert!(all.contains("article_patterns: bad regex"), "{all}");
        assert!(
            all.contains("selectors.body: \"div..x\" does not parse as a CSS selector"),
            "{all}"
        );
        assert!(all.contains("duplicate id"), "{all}");
        assert!(all.contains("base_url: \"notaurl\" is not a URL"), "{all}");
    }

    #[test]
    fn toml_errors_have_positions() {
        let p = parse("[[source]]\nid = \"x\nname = 1\n").unwrap_err();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].line, 2, "{}", p[0]);
    }
}

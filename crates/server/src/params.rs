//! HTTP query parameters, checked and turned into the index's query language
//! (the same language `vnfacts search` speaks), so the API and the CLI agree.

use serde::Deserialize;
use vnfacts_index::{SearchRequest, Sort, Target};

use crate::error::ApiError;
use crate::state::Limits;

/// `GET /api/search` parameters. Every field is a string so a bad number is
/// our 400 with a message, not the extractor's bare rejection.
#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    pub q: Option<String>,
    pub province: Option<String>,
    pub year: Option<String>,
    pub kind: Option<String>,
    pub source: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// `articles` (default `auto`) or `facts`.
    pub target: Option<String>,
    /// `relevance` or `date`.
    pub sort: Option<String>,
    pub limit: Option<String>,
    pub offset: Option<String>,
    /// `false`/`0` skips facet counts.
    pub facets: Option<String>,
}

/// `GET /api/facts` parameters.
#[derive(Debug, Default, Deserialize)]
pub struct FactParams {
    pub q: Option<String>,
    pub kind: Option<String>,
    pub category: Option<String>,
    pub role: Option<String>,
    pub province: Option<String>,
    pub source: Option<String>,
    pub year: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub amount_min: Option<String>,
    pub amount_max: Option<String>,
    pub quantity_min: Option<String>,
    pub quantity_max: Option<String>,
    pub percent_min: Option<String>,
    pub percent_max: Option<String>,
    pub limit: Option<String>,
    pub offset: Option<String>,
    /// `json` (default), `csv` or `jsonl` (the whole selection as a download).
    pub format: Option<String>,
}

/// How `/api/facts` answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactFormat {
    Json,
    Csv,
    Jsonl,
}

impl SearchParams {
    /// The request; no `q` and no filter means every article.
    pub fn request(&self, limits: &Limits) -> Result<SearchRequest, ApiError> {
        let mut q = free_text(self.q.as_deref(), limits)?;
        push_filter(&mut q, "province", self.province.as_deref());
        push_filter(&mut q, "year", self.year.as_deref());
        push_filter(&mut q, "kind", self.kind.as_deref());
        push_filter(&mut q, "source", self.source.as_deref());
        push_filter(&mut q, "from", self.from.as_deref());
        push_filter(&mut q, "to", self.to.as_deref());
        let target = match nonempty(self.target.as_deref()) {
            None | Some("auto") => Target::Auto,
            Some("articles") => Target::Articles,
            Some("facts") => Target::Facts,
            Some(v) => return Err(bad("target", v, "auto, articles or facts")),
        };
        let sort = match nonempty(self.sort.as_deref()) {
            None | Some("relevance") => Sort::Relevance,
            Some("date") => Sort::Date,
            Some(v) => return Err(bad("sort", v, "relevance or date")),
        };
        let facets = match nonempty(self.facets.as_deref()) {
            None | Some("true" | "1") => true,
            Some("false" | "0") => false,
            Some(v) => return Err(bad("facets", v, "true or false")),
        };
        let (limit, offset) = page(self.limit.as_deref(), self.offset.as_deref(), limits)?;
        Ok(SearchRequest {
            query: q.trim().to_string(),
            target,
            sort,
            limit,
            offset,
            snippet_chars: 220,
            facets,
        })
    }
}

impl FactParams {
    /// The query (possibly empty: every fact) and the answer format.
    pub fn query(&self, limits: &Limits) -> Result<(String, FactFormat), ApiError> {
        let mut q = free_text(self.q.as_deref(), limits)?;
        push_filter(&mut q, "kind", self.kind.as_deref());
        push_filter(&mut q, "category", self.category.as_deref());
        push_filter(&mut q, "role", self.role.as_deref());
        push_filter(&mut q, "province", self.province.as_deref());
        push_filter(&mut q, "source", self.source.as_deref());
        push_filter(&mut q, "year", self.year.as_deref());
        push_filter(&mut q, "from", self.from.as_deref());
        push_filter(&mut q, "to", self.to.as_deref());
        for (field, min, max) in [
            ("amount", &self.amount_min, &self.amount_max),
            ("quantity", &self.quantity_min, &self.quantity_max),
            ("percent", &self.percent_min, &self.percent_max),
        ] {
            if let Some(v) = nonempty(min.as_deref()) {
                q.push_str(&format!(" {field}>={}", bare(v)));
            }
            if let Some(v) = nonempty(max.as_deref()) {
                q.push_str(&format!(" {field}<={}", bare(v)));
            }
        }
        let format = match nonempty(self.format.as_deref()) {
            None | Some("json") => FactFormat::Json,
            Some("csv") => FactFormat::Csv,
            Some("jsonl") => FactFormat::Jsonl,
            Some(v) => return Err(bad("format", v, "json, csv or jsonl")),
        };
        Ok((q.trim().to_string(), format))
    }

    pub fn page(&self, limits: &Limits) -> Result<(usize, usize), ApiError> {
        page(self.limit.as_deref(), self.offset.as_deref(), limits)
    }
}

/// The `q` parameter, length-checked (413 beyond the limit).
fn free_text(q: Option<&str>, limits: &Limits) -> Result<String, ApiError> {
    let q = q.unwrap_or("").trim();
    check_len("q", q, limits)?;
    Ok(q.to_string())
}

/// 413 for a text longer than the limit, counted in characters.
pub fn check_len(what: &'static str, s: &str, limits: &Limits) -> Result<(), ApiError> {
    let len = s.chars().count();
    if len > limits.max_query_chars {
        return Err(ApiError::TooLong {
            what,
            len,
            max: limits.max_query_chars,
        });
    }
    Ok(())
}

/// Append `name:"value"`; quotes inside the value would end it early, so they go.
fn push_filter(q: &mut String, name: &str, value: Option<&str>) {
    if let Some(v) = nonempty(value) {
        let v: String = v.chars().filter(|c| *c != '"').collect();
        q.push_str(&format!(" {name}:\"{}\"", v.trim()));
    }
}

/// A numeric bound as one bare token (spaces would split it off the filter).
fn bare(v: &str) -> String {
    v.chars()
        .filter(|c| !c.is_whitespace() && *c != '"')
        .collect()
}

fn nonempty(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|v| !v.is_empty())
}

fn page(
    limit: Option<&str>,
    offset: Option<&str>,
    limits: &Limits,
) -> Result<(usize, usize), ApiError> {
    let limit = number("limit", limit, 10)?;
    let offset = number("offset", offset, 0)?;
    if limit == 0 || limit > limits.max_page {
        return Err(ApiError::BadRequest(format!(
            "`limit` must be between 1 and {}; got {limit}",
            limits.max_page
        )));
    }
    if offset > limits.max_offset {
        return Err(ApiError::BadRequest(format!(
            "`offset` must be at most {}; got {offset} (narrow the query instead)",
            limits.max_offset
        )));
    }
    Ok((limit, offset))
}

fn number(name: &str, v: Option<&str>, default: usize) -> Result<usize, ApiError> {
    match nonempty(v) {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| bad(name, v, "a whole number such as 20")),
    }
}

fn bad(name: &str, value: &str, expected: &str) -> ApiError {
    let shown: String = value.chars().take(40).collect();
    ApiError::BadRequest(format!("bad `{name}`: {shown:?}; expected {expected}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_become_query_language() {
        let p = SearchParams {
            q: Some("bình đẳng giới".into()),
            province: Some("Quảng \"Ninh".into()),
            year: Some("2023".into()),
            ..Default::default()
        };
        let r = p.request(&Limits::default()).unwrap();
        assert_eq!(
            r.query,
            "bình đẳng giới province:\"Quảng Ninh\" year:\"2023\""
        );
        assert_eq!(r.limit, 10);
    }

    #[test]
    fn limits_are_enforced() {
        let l = Limits::default();
        let long = SearchParams {
            q: Some("a".repeat(l.max_query_chars + 1)),
            ..Default::default()
        };
        assert!(matches!(long.request(&l), Err(ApiError::TooLong { .. })));
        let big = SearchParams {
            q: Some("x".into()),
            limit: Some("1000".into()),
            ..Default::default()
        };
        assert!(matches!(big.request(&l), Err(ApiError::BadRequest(_))));
        let nan = SearchParams {
            q: Some("x".into()),
            offset: Some("-1".into()),
            ..Default::default()
        };
        assert!(matches!(nan.request(&l), Err(ApiError::BadRequest(_))));
        // No query at all: everything, newest first.
        assert_eq!(SearchParams::default().request(&l).unwrap().query, "");
    }

    #[test]
    fn fact_ranges() {
        let p = FactParams {
            kind: Some("money".into()),
            amount_min: Some("500 tr".into()),
            format: Some("csv".into()),
            ..Default::default()
        };
        let (q, f) = p.query(&Limits::default()).unwrap();
        assert_eq!(q, "kind:\"money\" amount>=500tr");
        assert_eq!(f, FactFormat::Csv);
    }
}

//! The JSON handlers. Searches run on the blocking pool: tantivy work is CPU
//! bound and must not stall the async workers that accept connections.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use vnfacts_index::export::{fact_rows, write_csv, write_jsonl};
use vnfacts_index::{SearchRequest, SearchResults, Target};

use crate::error::ApiError;
use crate::params::{check_len, FactFormat, FactParams, SearchParams};
use crate::state::AppState;

/// Query-string rejections (e.g. invalid percent-encoding) as our JSON 400.
pub type Q<T> = Result<Query<T>, axum::extract::rejection::QueryRejection>;

fn params<T>(q: Q<T>) -> Result<T, ApiError> {
    q.map(|Query(p)| p)
        .map_err(|e| ApiError::BadRequest(format!("bad query string: {}", e.body_text())))
}

/// Run blocking index work off the async workers.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::Internal(format!("search task failed: {e}")))?
}

/// `GET /api/search`
pub async fn search(State(state): State<AppState>, q: Q<SearchParams>) -> Response {
    let run = async {
        let req = params(q)?.request(&state.limits)?;
        let searcher = state.searcher.clone();
        blocking(move || Ok(searcher.search(&req)?)).await
    };
    match run.await {
        Ok(r) => Json(r).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `GET /api/facts`: a page of facts as JSON, or the whole selection as CSV / JSON Lines.
pub async fn facts(State(state): State<AppState>, q: Q<FactParams>) -> Response {
    match facts_inner(state, q).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

async fn facts_inner(state: AppState, q: Q<FactParams>) -> Result<Response, ApiError> {
    let p = params(q)?;
    let (query, format) = p.query(&state.limits)?;
    let (limit, offset) = p.page(&state.limits)?;
    let searcher = state.searcher.clone();
    if format == FactFormat::Json {
        let req = SearchRequest {
            query,
            target: Target::Facts,
            limit,
            offset,
            ..SearchRequest::default()
        };
        let r = blocking(move || Ok(searcher.search(&req)?)).await?;
        return Ok(Json(r).into_response());
    }
    let max = state.limits.max_download_rows;
    let (body, total) = blocking(move || {
        let mut rows = fact_rows(&searcher, &query)?;
        let total = rows.len();
        rows.truncate(max);
        let mut out = Vec::new();
        let written = match format {
            FactFormat::Csv => write_csv(&rows, &mut out),
            _ => write_jsonl(&rows, &mut out),
        };
        written.map_err(|e| ApiError::Internal(format!("writing the download: {e}")))?;
        Ok((out, total))
    })
    .await?;
    let (ctype, ext) = match format {
        FactFormat::Csv => ("text/csv; charset=utf-8", "csv"),
        _ => ("application/x-ndjson; charset=utf-8", "jsonl"),
    };
    let mut res = (StatusCode::OK, body).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"vnfacts-facts.{ext}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(&total.to_string()) {
        h.insert("x-total-count", v);
    }
    if total > max {
        h.insert("x-truncated", HeaderValue::from_static("true"));
    }
    Ok(res)
}

/// Every article citing a document number.
#[derive(Serialize)]
pub struct DocumentAnswer {
    /// As asked.
    pub id: String,
    /// The canonical key it was looked up by.
    pub key: Option<String>,
    pub total: usize,
    pub articles: SearchResults,
}

/// `GET /api/documents/{id}`: forgiving (`3608/QD-BPN&TE`, `qđ 3608`, any case or spacing).
pub async fn document(
    State(state): State<AppState>,
    Path(id): Path<String>,
    q: Q<SearchParams>,
) -> Response {
    let run = async {
        let p = params(q)?;
        let id = id.trim().to_string();
        check_len("document id", &id, &state.limits)?;
        if id.is_empty() {
            return Err(ApiError::BadRequest(
                "give a document number after /api/documents/".into(),
            ));
        }
        let key = vnfacts_index::doc_key(&id);
        if key.is_none() {
            return Err(ApiError::NotFound(format!(
                "{id:?} does not look like a document number"
            )));
        }
        let (limit, offset) = SearchParams {
            limit: p.limit,
            offset: p.offset,
            ..Default::default()
        }
        .request(&state.limits)
        .map(|r| (r.limit, r.offset))?;
        let quoted: String = id.chars().filter(|c| *c != '"').collect();
        let req = SearchRequest {
            query: format!("doc:\"{quoted}\""),
            target: Target::Articles,
            sort: vnfacts_index::Sort::Date,
            limit,
            offset,
            snippet_chars: 220,
            facets: false,
        };
        let searcher = state.searcher.clone();
        let r = blocking(move || Ok(searcher.search(&req)?)).await?;
        if r.total == 0 {
            return Err(ApiError::NotFound(format!("no article cites {id:?}")));
        }
        Ok(DocumentAnswer {
            id,
            key,
            total: r.total,
            articles: r,
        })
    };
    match run.await {
        Ok(a) => Json(a).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `GET /api/articles/{id}` (the id is the article's URL, percent-encoded, or its hash).
pub async fn article(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let run = async {
        check_len("article id", &id, &state.limits)?;
        let st = state.clone();
        let id2 = id.clone();
        match blocking(move || crate::article::lookup(&st, &id2)).await? {
            Some(a) => Ok(a),
            None => Err(ApiError::NotFound(format!("no article with id {id:?}"))),
        }
    };
    match run.await {
        Ok(a) => Json(a).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `GET /api/stats`
pub async fn stats(State(state): State<AppState>) -> Response {
    match blocking(move || crate::stats::compute(&state)).await {
        Ok(s) => Json(s).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `GET /healthz`: the index answers.
pub async fn healthz(State(state): State<AppState>) -> Response {
    let docs = state.reader.searcher().num_docs();
    Json(serde_json::json!({ "status": "ok", "documents": docs })).into_response()
}

/// Unknown paths: JSON 404 (the page's routes live after `#`, so nothing else is valid).
pub async fn not_found(uri: axum::http::Uri) -> Response {
    let path: String = uri.path().chars().take(200).collect();
    ApiError::NotFound(format!("no such endpoint: {path} (see /api/openapi.json)")).into_response()
}

/// A panic in a handler (a bug) still answers JSON 500, and the server lives on.
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::Internal("unexpected failure while answering; please report it".into())
        .into_response()
}

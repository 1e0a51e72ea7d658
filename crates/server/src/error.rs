//! Errors: [`ServerError`] for starting the server, [`ApiError`] for a request
//! (a JSON body `{"error": message}` with the status that says whose fault it is).

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// Why the server cannot start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error(
        "{path}: cannot open the index: {source}; build it with `vnfacts index` or `vnfacts run`"
    )]
    Index {
        path: PathBuf,
        source: vnfacts_index::IndexError,
    },
    #[error("cannot listen on {addr}: {source}; pick another --addr")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("server stopped: {0}")]
    Serve(std::io::Error),
}

/// A failed request.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{what} is {len} characters long; the limit is {max}")]
    TooLong {
        what: &'static str,
        len: usize,
        max: usize,
    },
    #[error("the server is busy; retry in a moment")]
    Busy,
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::TooLong { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<vnfacts_index::QueryError> for ApiError {
    fn from(e: vnfacts_index::QueryError) -> Self {
        match e {
            vnfacts_index::QueryError::Engine(e) => ApiError::Internal(e.to_string()),
            other => ApiError::BadRequest(other.to_string()),
        }
    }
}

impl From<tantivy::TantivyError> for ApiError {
    fn from(e: tantivy::TantivyError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl From<vnfacts_index::IndexError> for ApiError {
    fn from(e: vnfacts_index::IndexError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(m) = &self {
            tracing::error!("{m}");
        }
        let body = Json(serde_json::json!({ "error": self.to_string() }));
        let mut res = (self.status(), body).into_response();
        if matches!(self, ApiError::Busy) {
            res.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("1"),
            );
        }
        res
    }
}

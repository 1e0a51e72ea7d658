//! vnfacts-server: the read-only HTTP JSON API and the search page over a
//! vnfacts index.
//!
//! - [`state`]: the opened index, shared by every request.
//! - [`params`]: HTTP query parameters turned into the index's query language.
//! - [`api`]: the JSON handlers; [`article`] and [`stats`] read tantivy directly
//!   for what the search API does not cover.
//! - [`page`]: the embedded search page (HTML, CSS, JS, no build step).
//! - [`error`]: JSON errors with the right status.
//!
//! Nothing here prints; `vnfacts serve` and `vnfacts demo` present the URL.

pub mod api;
pub mod article;
pub mod error;
pub mod page;
pub mod params;
pub mod state;
pub mod stats;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;

pub use error::{ApiError, ServerError};
pub use state::{AppState, Limits};

/// Every route of the server: the JSON API under `/api`, the page at `/`.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/api/search", get(api::search))
        .route("/api/facts", get(api::facts))
        .route("/api/documents/*id", get(api::document))
        .route("/api/articles/*id", get(api::article))
        .route("/api/stats", get(api::stats))
        .route("/api/openapi.json", get(page::openapi))
        .route_layer(middleware::from_fn_with_state(state.clone(), admit));
    Router::new()
        .merge(api)
        .route("/healthz", get(api::healthz))
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/style.css", get(page::style))
        .fallback(api::not_found)
        .layer(middleware::from_fn(security_headers))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            api::panic_response,
        ))
        .with_state(state)
}

/// Bounds concurrent API work: a request that finds every slot taken gets 503
/// at once rather than queueing without limit behind slow searches.
async fn admit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Ok(_permit) = Arc::clone(&state.slots).try_acquire_owned() else {
        return ApiError::Busy.into_response();
    };
    next.run(req).await
}

/// Article text is untrusted: the page builds its DOM with textContent, and
/// the CSP forbids inline and foreign scripts should anything slip through.
async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    res
}

/// Bind `addr` (port 0 picks a free one) and return the listener and its address.
pub async fn bind(addr: SocketAddr) -> Result<(TcpListener, SocketAddr), ServerError> {
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| ServerError::Bind { addr, source })?;
    let local = listener
        .local_addr()
        .map_err(|source| ServerError::Bind { addr, source })?;
    Ok((listener, local))
}

/// Serve until `shutdown` resolves, picking up new index commits every few seconds.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let reloader = state.clone();
    let reload = tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(5));
        loop {
            tick.tick().await;
            if let Err(e) = reloader.reload() {
                tracing::warn!("index reload failed: {e}");
            }
        }
    });
    let result = axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(ServerError::Serve);
    reload.abort();
    result
}

/// For callers without a runtime (`vnfacts serve`, `vnfacts demo`): bind, call
/// `on_ready` with the address, serve until Ctrl-C.
pub fn serve_blocking(
    state: AppState,
    addr: SocketAddr,
    on_ready: impl FnOnce(SocketAddr),
) -> Result<(), ServerError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServerError::Serve)?;
    rt.block_on(async move {
        let (listener, local) = bind(addr).await?;
        on_ready(local);
        let ctrl_c = async {
            if tokio::signal::ctrl_c().await.is_err() {
                // No signal handling available: run until killed.
                std::future::pending::<()>().await;
            }
        };
        serve(listener, state, ctrl_c).await
    })
}

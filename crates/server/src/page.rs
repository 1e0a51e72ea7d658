//! The search page: three files embedded in the binary, no build step, no CDN.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

const INDEX_HTML: &str = include_str!("../assets/index.html");
const APP_JS: &str = include_str!("../assets/app.js");
const STYLE_CSS: &str = include_str!("../assets/style.css");
/// Hand-written OpenAPI 3.1 document; `tests/server_openapi.rs` checks it against the routes.
pub const OPENAPI_JSON: &str = include_str!("../assets/openapi.json");

fn asset(body: &'static str, ctype: &'static str) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

pub async fn index() -> Response {
    asset(INDEX_HTML, "text/html; charset=utf-8")
}

pub async fn script() -> Response {
    asset(APP_JS, "text/javascript; charset=utf-8")
}

pub async fn style() -> Response {
    asset(STYLE_CSS, "text/css; charset=utf-8")
}

pub async fn openapi() -> Response {
    asset(OPENAPI_JSON, "application/json")
}

#[cfg(test)]
mod tests {
    #[test]
    fn openapi_is_json() {
        let v: serde_json::Value = serde_json::from_str(super::OPENAPI_JSON).unwrap();
        assert!(v["paths"]["/api/search"].is_object());
    }

    #[test]
    fn page_never_injects_html_from_data() {
        // Untrusted text reaches the DOM only through textContent.
        assert!(!super::APP_JS.contains("innerHTML"));
        assert!(!super::APP_JS.contains("insertAdjacentHTML"));
        assert!(!super::APP_JS.contains("document.write"));
    }
}

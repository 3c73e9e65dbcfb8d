//! The HTTP side: axum routers for the public pages and the JSON API.
//! Handlers parse input into domain types once, ask the journal or the
//! store, and render; they never compute hashes or write rows themselves.

pub mod admin;
pub mod auth;
pub mod committee;
pub mod donations;
pub mod error;
pub mod export;
pub mod i18n;
pub mod policy;
pub mod proofs;
pub mod public;
pub mod receipts;
pub mod session;
pub mod treasurer;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};

use tower_http::limit::RequestBodyLimitLayer;

use crate::config::Config;
use crate::journal::Journal;
use crate::store::Db;

/// Largest request body any route accepts, in bytes (CSV uploads have their own limit).
pub const REQUEST_BODY_BYTES_MAX: usize = 64 * 1024;

/// Largest body of a CSV upload (the file and the form around it), in bytes:
/// about 250,000 typical rows. Larger files go through the CLI.
pub const UPLOAD_BODY_BYTES_MAX: usize = 20 * 1024 * 1024;

/// The routes that take a file upload, with `UPLOAD_BODY_BYTES_MAX`.
pub const UPLOAD_PATHS: &[&str] = &[treasurer::IMPORT_PATH];

/// The largest body a request to `path` may have, in bytes.
pub fn body_bytes_max(path: &str) -> usize {
    if UPLOAD_PATHS.contains(&path) { UPLOAD_BODY_BYTES_MAX } else { REQUEST_BODY_BYTES_MAX }
}

/// Everything a handler may use.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub journal: Journal,
    pub config: Arc<Config>,
    /// The public figures, shared between requests (see `FiguresCache`).
    pub figures: crate::transparency::FiguresCache,
    /// Accounts and committees, for checking API donations (see `DirectoryCache`).
    pub directory: crate::intake::DirectoryCache,
}

/// The whole application, without binding a socket (tests drive it directly).
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(public::router())
        .merge(receipts::router())
        .merge(donations::router())
        .merge(proofs::router())
        .merge(export::router())
        .layer(RequestBodyLimitLayer::new(REQUEST_BODY_BYTES_MAX))
        .merge(dashboard(state.clone()))
        .layer(middleware::from_fn(refuse_nul_in_address))
        .layer(middleware::from_fn(log_request))
        .layer(middleware::from_fn(security_headers))
        .with_state(state)
}

/// The signed-in part: accounts, committees, administration, money.
/// Every route passes the session middleware (language, session, CSRF),
/// which also bounds every body it reads by `body_bytes_max`.
fn dashboard(state: AppState) -> Router<AppState> {
    let forms = Router::new()
        .merge(auth::router())
        .merge(i18n::router())
        .merge(committee::router())
        .merge(admin::router())
        .merge(treasurer::router())
        .layer(RequestBodyLimitLayer::new(REQUEST_BODY_BYTES_MAX));
    let uploads = treasurer::upload_router()
        .layer(DefaultBodyLimit::max(UPLOAD_BODY_BYTES_MAX))
        .layer(RequestBodyLimitLayer::new(UPLOAD_BODY_BYTES_MAX));
    forms.merge(uploads).layer(middleware::from_fn_with_state(state, session::middleware))
}

const SECURITY_HEADERS: &[(&str, &str)] = &[
    (
        "content-security-policy",
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; \
         frame-ancestors 'none'; base-uri 'none'",
    ),
    ("referrer-policy", "no-referrer"),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    ("permissions-policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
];

/// True when form-encoded or raw bytes hold a NUL character (`%00` or a
/// zero byte). No field of the application may hold one, and PostgreSQL
/// cannot store one in text.
pub fn has_nul(bytes: &[u8]) -> bool {
    bytes.contains(&0) || bytes.windows(3).any(|w| w == b"%00")
}

/// The answer to an address that holds a NUL character.
fn nul_refused() -> Response {
    let message = "the request must not contain NUL characters (%00)";
    (axum::http::StatusCode::BAD_REQUEST, message).into_response()
}

/// Refuses an address (path or query) holding a NUL character before any
/// handler can look it up.
async fn refuse_nul_in_address(request: Request, next: Next) -> Response {
    let address = request.uri().path_and_query().map_or("", |p| p.as_str());
    if has_nul(address.as_bytes()) {
        return nul_refused();
    }
    next.run(request).await
}

/// Logs each request at debug level by its route's pattern
/// (`/c/{slug}/claims/{id}`), never its path or query, which may name a
/// claim, a receipt or a committee; bodies and headers are never logged.
async fn log_request(request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map_or("(no route)", |m| m.as_str()).to_string();
    let method = request.method().clone();
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    let elapsed_ms = started.elapsed().as_millis() as u64;
    tracing::debug!(%method, %route, status = response.status().as_u16(), elapsed_ms, "request");
    response
}

/// Adds the security headers to every response.
async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        headers.insert(HeaderName::from_static(name), HeaderValue::from_static(value));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_is_found_raw_or_percent_encoded() {
        assert!(has_nul(b"name=a%00b"));
        assert!(has_nul(b"name=a\0b"));
        assert!(has_nul(b"/c/%00"));
        assert!(!has_nul(b"name=%0A&amount=100.00"));
        assert!(!has_nul(b"/c/maz?next=%2F100"));
    }
}

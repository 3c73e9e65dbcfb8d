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
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;

use crate::config::Config;
use crate::journal::Journal;
use crate::store::Db;

/// Largest request body any route accepts, in bytes (CSV uploads have their own limit).
pub const REQUEST_BODY_BYTES_MAX: usize = 64 * 1024;

/// Everything a handler may use.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub journal: Journal,
    pub config: Arc<Config>,
}

/// The whole application, without binding a socket (tests drive it directly).
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(public::router())
        .merge(dashboard(state.clone()))
        .merge(receipts::router())
        .merge(donations::router())
        .merge(proofs::router())
        .merge(export::router())
        .layer(tower_http::limit::RequestBodyLimitLayer::new(REQUEST_BODY_BYTES_MAX))
        .layer(middleware::from_fn(security_headers))
        .with_state(state)
}

/// The signed-in part: accounts, committees, administration, payouts.
/// Every route passes the session middleware (language, session, CSRF).
fn dashboard(state: AppState) -> Router<AppState> {
    Router::new()
        .merge(auth::router())
        .merge(i18n::router())
        .merge(committee::router())
        .merge(admin::router())
        .merge(treasurer::router())
        .layer(middleware::from_fn_with_state(state, session::middleware))
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

/// Adds the security headers to every response.
async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        headers.insert(HeaderName::from_static(name), HeaderValue::from_static(value));
    }
    response
}

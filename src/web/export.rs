//! Downloads of the accountant's ledger. They reveal no more than the
//! public journal export, so they are public too, served next to it.

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::TryStreamExt;

use super::AppState;
use crate::export::{self, Format};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/export/ledger.hledger", get(hledger))
        .route("/export/ledger.beancount", get(beancount))
}

async fn hledger(State(state): State<AppState>) -> Response {
    download(state, Format::Hledger)
}

async fn beancount(State(state): State<AppState>) -> Response {
    download(state, Format::Beancount)
}

/// Streams the whole ledger, page by page. A failure half-way (a journal
/// that does not verify) breaks the connection, so no tool ever sees a
/// cut-short file as complete: it lacks the closing assertions.
fn download(state: AppState, format: Format) -> Response {
    let chunks = export::ledger_chunks(state.db.pool.clone(), format, None)
        .map_ok(Bytes::from)
        .inspect_err(|error| tracing::error!(%error, "ledger export stopped"));
    let disposition = format!("attachment; filename=\"{}\"", format.file_name());
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        Body::from_stream(chunks),
    )
        .into_response()
}

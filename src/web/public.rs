//! Public pages and the public API: totals, the chain head, the export.

use axum::Json;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::TryStreamExt;
use maud::Markup;
use serde_json::{Value, json};
use strikefund_templates::public::{CurrencyRow, HomeView};

use super::AppState;
use super::error::Result;
use crate::export::ExportError;
use crate::store::read;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/static/app.css", get(stylesheet))
        .route("/api/v1/journal/head", get(journal_head))
        .route("/export/journal.jsonl", get(export_journal))
}

async fn home(State(state): State<AppState>) -> Result<Markup> {
    let head = read::head(&state.db.pool).await?;
    let currencies = read::totals(&state.db.pool, "fund")
        .await?
        .into_iter()
        .map(|t| CurrencyRow {
            currency: t.raised.currency().to_string(),
            raised: t.raised.grouped_text(),
            paid: t.paid.grouped_text(),
            reserved: t.reserved.grouped_text(),
            available: t.available.grouped_text(),
        })
        .collect();
    let view = HomeView {
        currencies,
        workers_supported: read::workers_supported(&state.db.pool).await?,
        head_seq: head.seq,
        head_hash: head.hash.to_hex(),
    };
    Ok(strikefund_templates::public::home(&view))
}

async fn stylesheet() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        strikefund_templates::CSS,
    )
}

async fn journal_head(State(state): State<AppState>) -> Result<Json<Value>> {
    let head = read::head(&state.db.pool).await?;
    Ok(Json(json!({ "seq": head.seq, "hash": head.hash.to_hex() })))
}

/// Every entry in its public form, one JSON object per line, in seq order.
/// Streamed page by page: memory stays flat however long the journal is.
async fn export_journal(State(state): State<AppState>) -> Response {
    let pages = crate::export::entry_pages(state.db.pool.clone(), None).and_then(|entries| async move {
        let mut chunk = String::with_capacity(entries.len() * 400);
        for (entry, hash) in entries {
            let line = entry.export_line(&hash).map_err(|e| ExportError::RowMalformed(e.to_string()))?;
            chunk.push_str(&line);
            chunk.push('\n');
        }
        Ok(Bytes::from(chunk))
    });
    (
        [
            (header::CONTENT_TYPE, "application/x-ndjson; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"journal.jsonl\""),
        ],
        Body::from_stream(pages),
    )
        .into_response()
}

//! Public pages and the public API: totals, the chain head, the export.

use axum::Json;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::TryStreamExt;
use serde_json::{Value, json};
use strikefund_templates::chart::{ChartMonth, ChartView};
use strikefund_templates::layout::PublicChrome;
use strikefund_templates::public::{CheckpointView, CommitteeBlock, CurrencyRow, HomeView};

use super::AppState;
use super::error::Result;
use super::session::{encode_component, request_lang};
use crate::export::ExportError;
use crate::store::read::{self, MonthRow, Totals};
use crate::transparency::{self, PublicTotals};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/static/app.css", get(stylesheet))
        .route("/api/v1/journal/head", get(journal_head))
        .route("/api/v1/totals", get(totals))
        .route("/export/journal.jsonl", get(export_journal))
}

async fn totals(State(state): State<AppState>) -> Result<Response> {
    let snapshot = state.figures.get(&state.db.pool, &state.journal).await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], snapshot.json.clone()).into_response())
}

async fn home(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Result<Response> {
    let snapshot = state.figures.get(&state.db.pool, &state.journal).await?;
    let origin = origin(&headers, state.config.cookie_secure);
    let chrome = public_chrome(&headers, &uri);
    // The page depends only on the figures, the language, the address and the origin.
    let key = format!("{}\n{}\n{origin}", chrome.lang.code(), chrome.here);
    let page = snapshot.rendering(&key, |totals| {
        strikefund_templates::public::home(&home_view(chrome.clone(), totals, &origin)).into_string()
    });
    let page = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response();
    Ok(in_language(&chrome, page))
}

/// The frame of a public page: the visitor's language (the switch's cookie,
/// else Accept-Language, else English) and the address, for the switch.
pub fn public_chrome(headers: &HeaderMap, uri: &Uri) -> PublicChrome {
    let here = encode_component(uri.path_and_query().map_or("/", |p| p.as_str()));
    PublicChrome { lang: request_lang(headers), here }
}

/// Marks a public page with its language, and tells caches that the page
/// depends on the visitor's language choice.
pub fn in_language(chrome: &PublicChrome, mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(chrome.lang.code()));
    headers.insert(header::VARY, HeaderValue::from_static("accept-language, cookie"));
    response
}

/// The address this server was reached at, for the verify command. Only a
/// plain host name and port are echoed; anything else becomes a placeholder.
fn origin(headers: &HeaderMap, secure: bool) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    let plain = !host.is_empty()
        && host.len() <= 255
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b));
    let host = if plain { host } else { "FUND-ADDRESS" };
    let scheme = if secure { "https" } else { "http" };
    format!("{scheme}://{host}")
}

fn currency_rows(rows: &[Totals]) -> Vec<CurrencyRow> {
    rows.iter()
        .map(|t| CurrencyRow {
            currency: t.raised.currency().to_string(),
            raised: t.raised.grouped_text(),
            paid: t.paid.grouped_text(),
            reserved: t.reserved.grouped_text(),
            available: t.available.grouped_text(),
        })
        .collect()
}

/// One chart per currency, months in order.
fn charts(monthly: &[MonthRow]) -> Vec<ChartView> {
    let mut charts: Vec<ChartView> = Vec::new();
    let mut currencies: Vec<&str> = monthly.iter().map(|m| m.donated.currency().code()).collect();
    currencies.sort_unstable();
    currencies.dedup();
    for currency in currencies {
        let months = monthly
            .iter()
            .filter(|m| m.donated.currency().code() == currency)
            .map(|m| ChartMonth {
                month: m.month.clone(),
                donated_minor: m.donated.minor(),
                paid_minor: m.paid.minor(),
                donated: m.donated.grouped_text(),
                paid: m.paid.grouped_text(),
            })
            .collect();
        charts.push(ChartView { currency: currency.to_string(), months });
    }
    charts
}

fn home_view(chrome: PublicChrome, totals: &PublicTotals, origin: &str) -> HomeView {
    HomeView {
        chrome,
        currencies: currency_rows(&totals.fund),
        committees: totals
            .committees
            .iter()
            .map(|c| CommitteeBlock {
                name: c.name.clone(),
                workers_supported: c.paid_workers,
                rows: currency_rows(&c.totals),
            })
            .collect(),
        other_committees: currency_rows(&totals.other_committees),
        workers_supported: totals.workers_supported,
        charts: charts(&totals.monthly),
        head_seq: totals.head.seq,
        head_hash: totals.head.hash.to_hex(),
        checkpoint: totals.checkpoint.as_ref().map(|c| CheckpointView { size: c.size, note: c.note.clone() }),
        verify_command: transparency::verify_command(origin),
    }
}

async fn stylesheet() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        strikefund_templates::CSS,
    )
}

async fn journal_head(State(state): State<AppState>) -> Result<Json<Value>> {
    let head = read::head(&state.db.pool).await?;
    let refused = state.journal.read_only_reason();
    Ok(Json(json!({ "seq": head.seq, "hash": head.hash.to_hex(), "writes_refused": refused })))
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

//! Receipts: a donor checks that their gift was recorded. The receipt code
//! comes from the entry hash, so a receipt reveals nothing that the public
//! journal does not already show.

use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::{Value, json};
use strikefund_templates::i18n::Msg;
use strikefund_templates::layout::PublicChrome;
use strikefund_templates::receipt::{self, ReceiptView};

use super::AppState;
use super::error::{ApiError, Result};
use super::public::{in_language, public_chrome};
use crate::domain::ids::normalize_receipt;
use crate::store::proofs;
use crate::store::read::{self, ReceiptRow};
use strikefund_audit::proof::InclusionProof;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/receipt", get(lookup))
        .route("/receipt/{code}", get(page))
        .route("/api/v1/receipts/{code}", get(api))
}

const CODE_SHAPE: &str = "a receipt code has 12 letters and digits, like 7F3K-92QX-M4TB";

#[derive(Deserialize)]
struct LookupForm {
    code: Option<String>,
}

/// The lookup form on the public page: sends the donor to the receipt's address.
async fn lookup(headers: HeaderMap, uri: Uri, Query(form): Query<LookupForm>) -> Response {
    match form.code.as_deref().and_then(normalize_receipt) {
        Some(code) => Redirect::to(&format!("/receipt/{code}")).into_response(),
        None => not_found(&public_chrome(&headers, &uri), Msg::ReceiptCodeShape),
    }
}

/// The page saying that no receipt has this code, and why. Like every
/// refusal, it does not echo what it refuses: its language switch leads
/// back to the public page, not to the address typed.
fn not_found(chrome: &PublicChrome, why: Msg) -> Response {
    let chrome = PublicChrome { lang: chrome.lang, here: "/".into() };
    let page = receipt::not_found(&chrome, chrome.tr().t(why));
    in_language(&chrome, (StatusCode::NOT_FOUND, page).into_response())
}

async fn find(state: &AppState, code: &str) -> Result<Option<ReceiptRow>, ApiError> {
    let Some(code) = normalize_receipt(code) else {
        return Err(ApiError::BadRequest(CODE_SHAPE.into()));
    };
    Ok(read::receipt(&state.db.pool, &code).await?)
}

async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Path(code): Path<String>,
) -> Result<Response> {
    let chrome = public_chrome(&headers, &uri);
    let row = match find(&state, &code).await {
        Ok(Some(row)) => row,
        Ok(None) => return Ok(not_found(&chrome, Msg::ReceiptUnknown)),
        Err(ApiError::BadRequest(_)) => return Ok(not_found(&chrome, Msg::ReceiptCodeShape)),
        Err(error) => return Err(error),
    };
    let covered = covering_checkpoint(&state, row.seq).await?;
    let view = ReceiptView {
        chrome: chrome.clone(),
        code: row.code,
        amount: row.money.grouped_text(),
        currency: row.money.currency().to_string(),
        day: row.received_on,
        seq: row.seq,
        hash: row.hash.to_hex(),
        reversed_by: row.reversed_by,
        inclusion_proof: covered.as_ref().map(|(_, proof)| proof.hashes.iter().map(|h| h.to_hex()).collect()),
        checkpoint: covered.map(|(note, _)| note),
    };
    Ok(in_language(&chrome, receipt::receipt(&view).into_response()))
}

async fn api(State(state): State<AppState>, Path(code): Path<String>) -> Result<Json<Value>> {
    let row = find(&state, &code).await?.ok_or(ApiError::NotFound)?;
    let covered = covering_checkpoint(&state, row.seq).await?;
    let (checkpoint, proof) = match covered {
        Some((note, proof)) => (Value::String(note), serde_json::to_value(proof).expect("proofs serialize")),
        None => (Value::Null, Value::Null),
    };
    Ok(Json(json!({
        "receipt": row.code,
        "amount": row.money.amount_text(),
        "currency": row.money.currency().code(),
        "day": row.received_on,
        "seq": row.seq,
        "hash": row.hash.to_hex(),
        "reversed": row.reversed_by.is_some(),
        "reversed_by": row.reversed_by,
        // Once a signed checkpoint covers the entry: the note and the proof
        // that the entry is in its tree, for `strikefund-audit inclusion --proof`.
        "checkpoint": checkpoint,
        "inclusion_proof": proof,
    })))
}

/// The latest signed checkpoint and the entry's inclusion proof in its tree,
/// when the checkpoint covers the entry.
async fn covering_checkpoint(state: &AppState, seq: u64) -> Result<Option<(String, InclusionProof)>> {
    let Some((size, note)) = proofs::latest_checkpoint_sized(&state.db.pool).await? else { return Ok(None) };
    if seq > size {
        return Ok(None);
    }
    let proof = proofs::inclusion(&state.db.pool, seq, size)
        .await
        .map_err(|error| ApiError::Internal(error.to_string()))?;
    Ok(Some((note, proof)))
}

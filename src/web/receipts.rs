//! Receipts: a donor checks that their gift was recorded. The receipt code
//! comes from the entry hash, so a receipt reveals nothing that the public
//! journal does not already show.

use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::{Value, json};
use strikefund_templates::receipt::{self, ReceiptView};

use super::AppState;
use super::error::{ApiError, Result};
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
async fn lookup(Query(form): Query<LookupForm>) -> Response {
    match form.code.as_deref().and_then(normalize_receipt) {
        Some(code) => Redirect::to(&format!("/receipt/{code}")).into_response(),
        None => (StatusCode::NOT_FOUND, receipt::not_found(CODE_SHAPE)).into_response(),
    }
}

async fn find(state: &AppState, code: &str) -> Result<Option<ReceiptRow>, ApiError> {
    let Some(code) = normalize_receipt(code) else {
        return Err(ApiError::BadRequest(CODE_SHAPE.into()));
    };
    Ok(read::receipt(&state.db.pool, &code).await?)
}

async fn page(State(state): State<AppState>, Path(code): Path<String>) -> Result<Response> {
    let row = match find(&state, &code).await {
        Ok(Some(row)) => row,
        Ok(None) => {
            let message = "No donation has this receipt code. Check it against your receipt.";
            return Ok((StatusCode::NOT_FOUND, receipt::not_found(message)).into_response());
        }
        Err(ApiError::BadRequest(message)) => {
            return Ok((StatusCode::NOT_FOUND, receipt::not_found(&message)).into_response());
        }
        Err(error) => return Err(error),
    };
    let covered = covering_checkpoint(&state, row.seq).await?;
    let view = ReceiptView {
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
    Ok(receipt::receipt(&view).into_response())
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

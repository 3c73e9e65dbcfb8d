//! The fund's signed checkpoint and Merkle proofs, for anyone to check with
//! `strikefund-audit` or their own implementation of docs/chain-format.md.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use super::AppState;
use super::error::{ApiError, Result};
use crate::store::proofs::{self, ProofError};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/checkpoint", get(checkpoint))
        .route("/api/v1/proof/inclusion", get(inclusion))
        .route("/api/v1/proof/consistency", get(consistency))
}

/// The latest signed checkpoint, exactly as signed (C2SP signed note).
async fn checkpoint(State(state): State<AppState>) -> Result<Response> {
    let Some(note) = proofs::latest_checkpoint(&state.db.pool).await? else {
        let error = json!({ "error": "no checkpoint has been signed yet" });
        return Ok((StatusCode::NOT_FOUND, Json(error)).into_response());
    };
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], note).into_response())
}

/// A required query parameter that must be a positive integer.
fn positive(params: &HashMap<String, String>, name: &str) -> Result<u64> {
    let text = params
        .get(name)
        .ok_or_else(|| ApiError::BadRequest(format!("query parameter `{name}` is required")))?;
    match text.parse::<u64>() {
        Ok(value) if value >= 1 && i64::try_from(value).is_ok() => Ok(value),
        _ => Err(ApiError::BadRequest(format!("query parameter `{name}` must be a positive integer"))),
    }
}

fn proof_error(error: ProofError) -> ApiError {
    if error.is_bad_request() {
        ApiError::Unprocessable(error.to_string())
    } else {
        ApiError::Internal(error.to_string())
    }
}

async fn inclusion(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<strikefund_audit::proof::InclusionProof>> {
    let (seq, size) = (positive(&params, "seq")?, positive(&params, "size")?);
    Ok(Json(proofs::inclusion(&state.db.pool, seq, size).await.map_err(proof_error)?))
}

async fn consistency(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Json<strikefund_audit::proof::ConsistencyProof>> {
    let (from, to) = (positive(&params, "from")?, positive(&params, "to")?);
    Ok(Json(proofs::consistency(&state.db.pool, from, to).await.map_err(proof_error)?))
}

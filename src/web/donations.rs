//! `POST /api/v1/donations`: a bank feed or payment processor records a
//! donation with an API token. The same request again (same
//! `Idempotency-Key`, or else same account + reference) answers with the
//! entry it made the first time, never a second donation.

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::post;
use serde_json::{Map, Value, json};

use super::AppState;
use super::REQUEST_BODY_BYTES_MAX;
use super::error::{ApiError, Result};
use super::policy::{Action, decide};
use crate::intake::{self, DonationProblem, RawDonation};
use crate::journal::command::{NAME_CHARS_MAX, check_text};
use crate::journal::{Actor, Command, Detail};
use crate::store::tokens::{self, ApiToken};

pub fn router() -> Router<AppState> {
    Router::new().route("/api/v1/donations", post(record))
}

/// The client behind a valid `Authorization: Bearer <token>` header.
pub struct ApiClient(pub ApiToken);

impl FromRequestParts<AppState> for ApiClient {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<ApiClient, ApiError> {
        let header = parts.headers.get(header::AUTHORIZATION).and_then(|h| h.to_str().ok());
        let presented = header.and_then(|h| h.strip_prefix("Bearer ")).ok_or(ApiError::Unauthorized)?;
        let token = tokens::authenticate(&state.db.pool, presented.trim()).await?;
        token.map(ApiClient).ok_or(ApiError::Unauthorized)
    }
}

const FIELDS: [&str; 7] = ["amount", "currency", "received_on", "account", "reference", "earmark", "donor"];

/// Reads the JSON body into text fields: a syntax error is 400, a field of
/// the wrong type or an unknown field is 422, naming the field.
fn raw_donation(body: &[u8]) -> Result<RawDonation> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::BadRequest(format!("the body is not valid JSON: {e}")))?;
    let Value::Object(object) = value else {
        return Err(ApiError::BadRequest("the body must be a JSON object".into()));
    };
    if object.keys().any(|k| !FIELDS.contains(&k.as_str())) {
        return Err(ApiError::Unprocessable(DonationProblem::FieldMustBeKnown.to_string()));
    }
    let mut problems = Vec::new();
    let mut text = |field: &'static str, object: &Map<String, Value>| match object.get(field) {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(_) => {
            problems.push(DonationProblem::FieldMustBeText(field));
            String::new()
        }
    };
    let raw = RawDonation {
        amount: text("amount", &object),
        currency: text("currency", &object),
        received_on: text("received_on", &object),
        account: text("account", &object),
        reference: text("reference", &object),
        earmark: text("earmark", &object),
        donor: text("donor", &object),
    };
    if !problems.is_empty() {
        return Err(ApiError::Unprocessable(intake::describe(&problems)));
    }
    Ok(raw)
}

/// The `Idempotency-Key` header, if sent: short printable text.
fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>> {
    let Some(value) = headers.get("idempotency-key") else { return Ok(None) };
    let refuse = || {
        ApiError::Unprocessable(format!(
            "Idempotency-Key: must be 1 to {NAME_CHARS_MAX} printable characters"
        ))
    };
    let key = value.to_str().map_err(|_| refuse())?;
    check_text("Idempotency-Key", key, NAME_CHARS_MAX, true).map_err(|_| refuse())?;
    Ok(Some(key.to_string()))
}

async fn record(
    State(state): State<AppState>,
    ApiClient(token): ApiClient,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Value>)> {
    if !decide(token.role, Action::RecordDonation, false).allowed() {
        return Err(ApiError::Forbidden);
    }
    let body = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge(REQUEST_BODY_BYTES_MAX),
        _ => ApiError::BadRequest("the request body could not be read".into()),
    })?;
    let raw = raw_donation(&body)?;
    let key = idempotency_key(&headers)?;
    let mut input = state
        .directory
        .check(&state.db.pool, &raw, intake::latest_receipt_day())
        .await?
        .map_err(|problems| ApiError::Unprocessable(intake::describe(&problems)))?;
    input.idempotency_key = key;
    let appended = state.journal.submit(Actor::user(&token.id), Command::RecordDonation(input)).await?;
    let entry = appended.last().ok_or_else(|| ApiError::Internal("a donation appends one entry".into()))?;
    let Detail::Donation { receipt } = &appended.detail else {
        return Err(ApiError::Internal("a donation answers with its receipt".into()));
    };
    let status = if appended.replayed { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, Json(json!({ "seq": entry.seq, "hash": entry.hash.to_hex(), "receipt": receipt }))))
}

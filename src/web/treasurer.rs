//! The treasurer's pages: claims waiting to be paid, and the payout form.
//! Payouts may come in installments; the claim is paid when its reserve
//! is used up, and the journal refuses any payout beyond it.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;
use strikefund_templates::app::FieldErrors;
use strikefund_templates::i18n::Msg;
use strikefund_templates::treasurer::{PayoutFormView, PayoutQueueView, PayoutRow, PayoutValues};
use time::OffsetDateTime;

use super::AppState;
use super::committee::done;
use super::i18n::{command_error, parse_amount};
use super::policy::{Action, decide};
use super::session::{PageError, Viewer, require};
use crate::domain::AccountPath;
use crate::domain::claim::PayoutMethod;
use crate::journal::command::{NAME_CHARS_MAX, PayoutInput};
use crate::journal::{Actor, Command};
use crate::store::committees::{self, ClaimInfo, CommitteeInfo};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/treasurer/payouts", get(queue))
        .route("/treasurer/payouts/{claim}", get(form).post(record))
}

async fn queue(State(state): State<AppState>, viewer: Viewer) -> Result<Response, PageError> {
    require(decide(viewer.role(), Action::ViewPayouts, false))?;
    let may_pay = decide(viewer.role(), Action::RecordPayout, false).allowed();
    let mut claims = committees::payable_claims(&state.db.pool).await?;
    let truncated = claims.len() as i64 > committees::QUEUE_ROWS_MAX;
    claims.truncate(committees::QUEUE_ROWS_MAX as usize);
    let mut rows = Vec::with_capacity(claims.len());
    for claim in claims {
        let Some(committee) = committees::by_key(&state.db.pool, &claim.committee).await? else { continue };
        rows.push(PayoutRow {
            claim_href: format!("/c/{}/claims/{}", committee.slug, claim.id),
            pay_href: may_pay.then(|| format!("/treasurer/payouts/{}", claim.id)),
            id: claim.id.clone(),
            committee: committee.name,
            worker: claim.worker.clone(),
            category: claim.category.clone(),
            amount: claim.money.to_string(),
            remaining: claim.remaining().to_string(),
            state: claim.state.clone(),
        });
    }
    let view = PayoutQueueView { chrome: viewer.chrome(), rows, truncated };
    Ok(strikefund_templates::treasurer::queue(&view).into_response())
}

/// A claim the treasurer may pay now, with its committee.
async fn payable(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
) -> Result<(ClaimInfo, CommitteeInfo), PageError> {
    require(decide(viewer.role(), Action::RecordPayout, false))?;
    let claim = committees::claim(&state.db.pool, id).await?.ok_or(PageError::NotFound)?;
    let committee = committees::by_key(&state.db.pool, &claim.committee).await?.ok_or(PageError::NotFound)?;
    Ok((claim, committee))
}

async fn form_page(
    state: &AppState,
    viewer: &Viewer,
    claim: &ClaimInfo,
    committee: &CommitteeInfo,
    values: PayoutValues,
    errors: FieldErrors,
) -> Result<maud::Markup, PageError> {
    let currency = claim.money.currency();
    let view = PayoutFormView {
        chrome: viewer.chrome(),
        claim_href: format!("/c/{}/claims/{}", committee.slug, claim.id),
        id: claim.id.clone(),
        worker: claim.worker.clone(),
        committee: committee.name.clone(),
        amount: claim.money.to_string(),
        remaining: claim.remaining().to_string(),
        currency: currency.to_string(),
        accounts: committees::holding_accounts(&state.db.pool, currency.code()).await?,
        values,
        errors,
    };
    Ok(strikefund_templates::treasurer::payout_form(&view))
}

async fn form(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (claim, committee) = payable(&state, &viewer, &id).await?;
    let values = PayoutValues {
        amount: claim.remaining().amount_text(),
        method: PayoutMethod::BankTransfer.as_str().into(),
        paid_on: OffsetDateTime::now_utc().date().to_string(),
        ..PayoutValues::default()
    };
    Ok(form_page(&state, &viewer, &claim, &committee, values, FieldErrors::default()).await?.into_response())
}

#[derive(Deserialize)]
struct PayoutForm {
    #[serde(default)]
    amount: String,
    #[serde(default)]
    account: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    paid_on: String,
    #[serde(default)]
    reference: String,
}

fn parse_payout(viewer: &Viewer, claim: &ClaimInfo, form: &PayoutForm) -> Result<PayoutInput, FieldErrors> {
    let t = viewer.tr();
    let mut errors = FieldErrors::default();
    let money = parse_amount(t, &form.amount, claim.money.currency(), "amount", &mut errors);
    let account = AccountPath::parse(&form.account).ok().filter(AccountPath::is_holding).or_else(|| {
        errors.add("account", t.t(Msg::ChoiceInvalid));
        None
    });
    let method = PayoutMethod::parse(&form.method).or_else(|| {
        errors.add("method", t.t(Msg::ChoiceInvalid));
        None
    });
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let paid_on = time::Date::parse(form.paid_on.trim(), format)
        .map_err(|_| errors.add("paid_on", t.t(Msg::DateInvalid)))
        .ok();
    if form.reference.chars().count() > NAME_CHARS_MAX {
        errors.add("reference", t.fmt(Msg::FieldTooLong, &[&NAME_CHARS_MAX.to_string()]));
    }
    match (money, account, method, paid_on) {
        (Some(money), Some(account), Some(method), Some(paid_on)) if errors.is_empty() => Ok(PayoutInput {
            claim: claim.id.clone(),
            money,
            account,
            method,
            paid_on,
            reference: form.reference.trim().to_string(),
        }),
        _ => Err(errors),
    }
}

async fn record(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<PayoutForm>,
) -> Result<Response, PageError> {
    let (claim, committee) = payable(&state, &viewer, &id).await?;
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    let errors = match parse_payout(&viewer, &claim, &form) {
        Ok(input) => {
            let money = input.money;
            match state.journal.submit(Actor::user(viewer.user_id()), Command::RecordPayout(input)).await {
                Ok(_) => {
                    let notice = viewer.tr().fmt(Msg::PayoutRecorded, &[&money.to_string()]);
                    return Ok(done(&state, "/treasurer/payouts", &notice));
                }
                Err(error) => {
                    if error.is_conflict() {
                        status = StatusCode::CONFLICT;
                    }
                    let (field, message) = command_error(viewer.tr(), &error);
                    let mut errors = FieldErrors::default();
                    errors.add(field, message);
                    errors
                }
            }
        }
        Err(errors) => errors,
    };
    let values = PayoutValues {
        amount: form.amount.chars().take(32).collect(),
        account: form.account.chars().take(128).collect(),
        method: form.method.chars().take(32).collect(),
        paid_on: form.paid_on.chars().take(16).collect(),
        reference: form.reference.chars().take(NAME_CHARS_MAX).collect(),
    };
    // Re-read the claim: a concurrent payout may have changed what remains.
    let claim = committees::claim(&state.db.pool, &id).await?.unwrap_or(claim);
    let page = form_page(&state, &viewer, &claim, &committee, values, errors).await?;
    Ok((status, page).into_response())
}

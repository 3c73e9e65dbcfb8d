//! Committee pages: the start page, a committee's home and claim queue, a
//! claim with its history and the approve/reject/cancel forms, the new
//! claim form, and members' approval of a proposed member.

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use serde_json::Value;
use strikefund_templates::app::FieldErrors;
use strikefund_templates::committee::{
    BalanceRow, CATEGORIES, ClaimFormValues, ClaimFormView, ClaimRow, ClaimView, CommitteeHomeView,
    CommitteeLink, HistoryRow, PersonView, PrivateView, ProposalRow, STATES, SamePersonRow, StartView,
    denial_label,
};
use strikefund_templates::i18n::Msg;

use super::AppState;
use super::i18n::{command_error, parse_money};
use super::policy::{Action, decide};
use super::session::{PageError, Viewer, notice_cookie, require};
use crate::domain::claim::Category;
use crate::domain::money::CURRENCIES;
use crate::domain::worker::Person;
use crate::domain::{Currency, Money, Slug};
use crate::journal::command::ClaimInput;
use crate::journal::{Actor, Command, Detail};
use crate::privacy::records::{self, PersonOnFile, Unsealed};
use crate::store::committees::{self, ClaimInfo, CommitteeInfo};
use crate::store::{read, settings, users};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/app", get(start))
        .route("/c/{slug}", get(home))
        .route("/c/{slug}/claims", post(submit))
        .route("/c/{slug}/claims/new", get(new_claim))
        .route("/c/{slug}/claims/{id}", get(claim))
        .route("/c/{slug}/claims/{id}/approve", post(approve))
        .route("/c/{slug}/claims/{id}/reject", post(reject))
        .route("/c/{slug}/claims/{id}/cancel", post(cancel))
        .route("/c/{slug}/proposals/{id}/approve", post(approve_member))
}

/// The committee named by `slug`, if the policy lets the viewer do `action` there.
pub async fn committee_for(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    action: Action,
) -> Result<(CommitteeInfo, bool), PageError> {
    let committee = committees::by_slug(&state.db.pool, slug).await?.ok_or(PageError::NotFound)?;
    let member = committees::is_member(&state.db.pool, &committee.key, viewer.user_id()).await?;
    require(decide(viewer.role(), action, member))?;
    Ok((committee, member))
}

/// A claim of `committee`; another committee's claim does not exist here.
async fn claim_of(state: &AppState, committee: &CommitteeInfo, id: &str) -> Result<ClaimInfo, PageError> {
    let claim = committees::claim(&state.db.pool, id).await?;
    claim.filter(|c| c.committee == committee.key).ok_or(PageError::NotFound)
}

pub fn committee_href(committee: &CommitteeInfo) -> String {
    format!("/c/{}", committee.slug)
}

/// Redirects to `to` with a notice for the next page.
pub fn done(state: &AppState, to: &str, notice: &str) -> Response {
    let mut response = Redirect::to(to).into_response();
    response.headers_mut().append(header::SET_COOKIE, notice_cookie(state, notice));
    response
}

async fn start(State(state): State<AppState>, viewer: Viewer) -> Result<Response, PageError> {
    let pool = &state.db.pool;
    let list = if decide(viewer.role(), Action::ViewCommittee, false).allowed() {
        committees::all(pool).await?
    } else {
        committees::of_member(pool, viewer.user_id()).await?
    };
    let mut links = Vec::with_capacity(list.len());
    for committee in list {
        let open_claims = committees::open_claims(pool, &committee.key).await?;
        links.push(CommitteeLink { href: committee_href(&committee), name: committee.name, open_claims });
    }
    let mut shortcuts = Vec::new();
    if decide(viewer.role(), Action::ViewPayouts, false).allowed() {
        shortcuts.push(("/treasurer/payouts".to_string(), Msg::PayoutQueue));
    }
    if decide(viewer.role(), Action::ViewAdmin, false).allowed() {
        shortcuts.push(("/admin".to_string(), Msg::Administration));
    }
    let view = StartView { chrome: viewer.chrome(), committees: links, shortcuts };
    Ok(strikefund_templates::committee::start(&view).into_response())
}

/// A scope's money per currency, formatted for people.
pub async fn balance_rows(state: &AppState, scope: &str) -> Result<Vec<BalanceRow>, sqlx::Error> {
    Ok(read::totals(&state.db.pool, scope)
        .await?
        .into_iter()
        .map(|t| BalanceRow {
            currency: t.available.currency().to_string(),
            // The currency heads the row; the cells hold the figures only.
            available: t.available.grouped_text(),
            reserved: t.reserved.grouped_text(),
            paid: t.paid.grouped_text(),
        })
        .collect())
}

#[derive(Deserialize, Default)]
struct QueueFilter {
    #[serde(default)]
    state: String,
    #[serde(default)]
    category: String,
}

pub fn claim_row(claim: &ClaimInfo, href: String, threshold: u32) -> ClaimRow {
    ClaimRow {
        href,
        id: claim.id.clone(),
        worker: claim.worker.clone(),
        category: claim.category.clone(),
        amount: claim.money.to_string(),
        state: claim.state.clone(),
        approvals: claim.approvals,
        threshold,
    }
}

async fn home(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Query(filter): Query<QueueFilter>,
) -> Result<Response, PageError> {
    let (committee, member) = committee_for(&state, &viewer, &slug, Action::ViewCommittee).await?;
    // Unknown filter values are ignored rather than refused: the form only offers known ones.
    let state_filter = STATES.iter().find(|s| **s == filter.state).copied();
    let category_filter = CATEGORIES.iter().find(|c| **c == filter.category).copied();
    let mut claims =
        committees::claims(&state.db.pool, &committee.key, state_filter, category_filter).await?;
    let truncated = claims.len() as i64 > committees::QUEUE_ROWS_MAX;
    claims.truncate(committees::QUEUE_ROWS_MAX as usize);
    let base = committee_href(&committee);
    let rows =
        claims.iter().map(|c| claim_row(c, format!("{base}/claims/{}", c.id), committee.threshold)).collect();
    let may_approve_members = decide(viewer.role(), Action::ApproveMember, member).allowed();
    let mut proposals = Vec::new();
    for p in committees::open_proposals(&state.db.pool, &committee.key).await? {
        let approved = committees::has_approved_proposal(&state.db.pool, &p.id, viewer.user_id()).await?;
        let approve_action =
            (may_approve_members && !approved).then(|| format!("{base}/proposals/{}/approve", p.id));
        proposals.push(ProposalRow {
            id: p.id,
            username: p.username,
            approvals: p.approvals,
            threshold: committee.threshold,
            approve_action,
        });
    }
    let view = CommitteeHomeView {
        chrome: viewer.chrome(),
        slug: committee.slug.clone(),
        name: committee.name.clone(),
        threshold: committee.threshold,
        balances: balance_rows(&state, &format!("committee:{}", committee.key)).await?,
        state_filter: state_filter.unwrap_or("").to_string(),
        category_filter: category_filter.unwrap_or("").to_string(),
        claims: rows,
        truncated,
        can_submit: decide(viewer.role(), Action::SubmitClaim, member).allowed(),
        proposals,
    };
    Ok(strikefund_templates::committee::committee_home(&view).into_response())
}

/// The amount a history entry moved, from its first posting.
fn moved(body: &Value) -> Option<String> {
    let posting = body.get("postings")?.as_array()?.first()?;
    let currency = Currency::parse(posting.get("currency")?.as_str()?).ok()?;
    let money = Money::parse_journal(posting.get("amount")?.as_str()?, currency).ok()?;
    Some(Money::from_minor(money.minor().abs(), currency).to_string())
}

/// "2020-09-20T10:15:03.000000Z" → "2020-09-20 10:15 UTC".
fn when(at: &str) -> String {
    match at.get(..16) {
        Some(minutes) => format!("{} UTC", minutes.replace('T', " ")),
        None => at.to_string(),
    }
}

async fn history_rows(state: &AppState, claim: &str, names: bool) -> Result<Vec<HistoryRow>, sqlx::Error> {
    let events = committees::history(&state.db.pool, claim).await?;
    let ids: Vec<String> = events.iter().map(|e| e.2.clone()).collect();
    // Usernames are shown to the committee's members; everyone else sees opaque ids.
    let usernames = if names { users::usernames(&state.db.pool, &ids).await? } else { Default::default() };
    Ok(events
        .into_iter()
        .map(|(seq, at, actor, kind, body)| {
            let count = |field: &str| body.get(field).and_then(Value::as_u64).map(|n| n as u32);
            HistoryRow {
                seq: u64::try_from(seq).unwrap_or(0),
                at: when(&at),
                actor: usernames.get(&actor).cloned().unwrap_or(actor),
                reason: body.get("reason").and_then(Value::as_str).map(str::to_string),
                approvals: count("approvals").zip(count("threshold")),
                amount: moved(&body),
                kind,
            }
        })
        .collect())
}

/// What a claim page shows of sealed data: the claim's notes and the
/// worker's details, or why they cannot be shown.
async fn private_view(state: &AppState, claim: &ClaimInfo) -> Result<PrivateView, PageError> {
    let key = state.config.data_key.as_ref();
    let notes = match records::sealed_part(&state.db.pool, key, claim.submitted_seq).await? {
        Unsealed::KeyMissing => return Ok(PrivateView::KeyMissing),
        Unsealed::Unreadable => return Ok(PrivateView::Unreadable),
        Unsealed::Nothing => None,
        Unsealed::Opened(opened) => opened.fields.get("notes").and_then(Value::as_str).map(str::to_string),
    };
    let (person, erased) = match records::person(&state.db.pool, key, &claim.worker).await? {
        PersonOnFile::KeyMissing => return Ok(PrivateView::KeyMissing),
        PersonOnFile::Unreadable => return Ok(PrivateView::Unreadable),
        PersonOnFile::NotOnFile => (None, false),
        PersonOnFile::Erased { .. } => (None, true),
        PersonOnFile::Person(person) => (
            Some(PersonView {
                full_name: person.full_name().to_string(),
                contact: person.contact().to_string(),
                document: person.document().to_string(),
                payment: person.payment().to_string(),
            }),
            false,
        ),
    };
    Ok(PrivateView::Shown { notes, person, erased })
}

/// Other claims for the same person, linked when they are this committee's.
async fn same_person_rows(
    state: &AppState,
    committee: &CommitteeInfo,
    claim: &ClaimInfo,
) -> Result<Vec<SamePersonRow>, PageError> {
    let base = committee_href(committee);
    Ok(records::same_person_claims(&state.db.pool, &claim.id)
        .await?
        .into_iter()
        .map(|other| SamePersonRow {
            href: (other.committee == committee.key).then(|| format!("{base}/claims/{}", other.claim)),
            worker: other.worker,
            category: other.category,
            state: other.state,
        })
        .collect())
}

/// What the viewer typed into a refused form, shown again with the error.
#[derive(Default)]
struct Typed {
    reason: String,
    override_reason: String,
}

/// The claim page, with `errors` from a refused action.
async fn claim_page(
    state: &AppState,
    viewer: &Viewer,
    committee: &CommitteeInfo,
    member: bool,
    id: &str,
    errors: FieldErrors,
    typed: Typed,
) -> Result<maud::Markup, PageError> {
    let claim = claim_of(state, committee, id).await?;
    let role = viewer.role();
    let private = decide(role, Action::ViewPrivateNotes, member).allowed();
    let (private_view, same_person) = if private {
        (private_view(state, &claim).await?, same_person_rows(state, committee, &claim).await?)
    } else {
        (PrivateView::Hidden, Vec::new())
    };
    // The journal decides; the page only offers the reason field when it will be needed.
    let needs_override = claim.category == Category::Dismissal.as_str()
        && same_person.iter().any(|o| o.category == Category::Dismissal.as_str() && o.state != "rejected");
    let submitted_by = if private {
        users::usernames(&state.db.pool, std::slice::from_ref(&claim.submitted_by))
            .await?
            .remove(&claim.submitted_by)
            .unwrap_or_else(|| claim.submitted_by.clone())
    } else {
        claim.submitted_by.clone()
    };
    let open = claim.state == "submitted";
    let payable = matches!(claim.state.as_str(), "approved" | "partially_paid");
    let view = ClaimView {
        chrome: viewer.chrome(),
        committee_href: committee_href(committee),
        committee_name: committee.name.clone(),
        id: claim.id.clone(),
        worker: claim.worker.clone(),
        category: claim.category.clone(),
        amount: claim.money.to_string(),
        paid: claim.paid.to_string(),
        remaining: claim.remaining().to_string(),
        state: claim.state.clone(),
        approvals: claim.approvals,
        threshold: committee.threshold,
        submitted_by,
        private: private_view,
        same_person,
        needs_override,
        override_reason: typed.override_reason,
        history: history_rows(state, &claim.id, private).await?,
        // The submitter sees the button too: a refusal is recorded, not hidden.
        can_approve: open && decide(role, Action::ApproveClaim, member).allowed(),
        can_reject: open && decide(role, Action::RejectClaim, member).allowed(),
        can_cancel: payable && decide(role, Action::CancelClaim, member).allowed(),
        payout_href: (payable && decide(role, Action::RecordPayout, member).allowed())
            .then(|| format!("/treasurer/payouts/{}", claim.id)),
        errors,
        reason: typed.reason,
    };
    Ok(strikefund_templates::committee::claim(&view))
}

async fn claim(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (committee, member) = committee_for(&state, &viewer, &slug, Action::ViewCommittee).await?;
    let page = claim_page(&state, &viewer, &committee, member, &id, FieldErrors::default(), Typed::default())
        .await?;
    Ok(page.into_response())
}

#[derive(Deserialize)]
struct ApproveForm {
    /// Given when the person already has a dismissal grant.
    #[serde(default)]
    override_reason: String,
}

async fn approve(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(form): Form<ApproveForm>,
) -> Result<Response, PageError> {
    let (committee, member) = committee_for(&state, &viewer, &slug, Action::ApproveClaim).await?;
    claim_of(&state, &committee, &id).await?;
    let t = viewer.tr();
    let override_reason = form.override_reason.trim().to_string();
    let command = if override_reason.is_empty() {
        Command::ApproveClaim { claim: id.clone() }
    } else {
        Command::ApproveClaimOverride { claim: id.clone(), reason: override_reason.clone() }
    };
    let href = format!("{}/claims/{id}", committee_href(&committee));
    match state.journal.submit(Actor::user(viewer.user_id()), command).await {
        Ok(appended) => {
            let notice = match appended.detail {
                Detail::Approval { reserved: true, .. } => t.t(Msg::ApprovalReserved).to_string(),
                Detail::Approval { approvals, threshold, .. } => {
                    t.fmt(Msg::ApprovalCounted, &[&approvals.to_string(), &threshold.to_string()])
                }
                Detail::Denied(reason) => t.fmt(Msg::ApprovalDenied, &[t.t(denial_label(reason.as_str()))]),
                _ => String::new(),
            };
            Ok(done(&state, &href, &notice))
        }
        Err(error) => {
            let typed = Typed { override_reason, ..Typed::default() };
            refused(&state, &viewer, &committee, member, &id, &error, typed).await
        }
    }
}

/// The claim page again, with the journal's refusal above the forms.
async fn refused(
    state: &AppState,
    viewer: &Viewer,
    committee: &CommitteeInfo,
    member: bool,
    id: &str,
    error: &crate::journal::CommandError,
    typed: Typed,
) -> Result<Response, PageError> {
    let (field, message) = command_error(viewer.tr(), error);
    let mut errors = FieldErrors::default();
    errors.add(if matches!(field, "reason" | "override_reason") { field } else { "form" }, message);
    let status = if error.is_conflict() { StatusCode::CONFLICT } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = claim_page(state, viewer, committee, member, id, errors, typed).await?;
    Ok((status, page).into_response())
}

#[derive(Deserialize)]
struct ReasonForm {
    #[serde(default)]
    reason: String,
}

async fn reject(
    state: State<AppState>,
    viewer: Viewer,
    path: Path<(String, String)>,
    form: Form<ReasonForm>,
) -> Result<Response, PageError> {
    close_claim(state, viewer, path, form, Action::RejectClaim).await
}

async fn cancel(
    state: State<AppState>,
    viewer: Viewer,
    path: Path<(String, String)>,
    form: Form<ReasonForm>,
) -> Result<Response, PageError> {
    close_claim(state, viewer, path, form, Action::CancelClaim).await
}

/// Rejecting (submitted) or cancelling (approved) a claim, with a sealed reason.
async fn close_claim(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(form): Form<ReasonForm>,
    action: Action,
) -> Result<Response, PageError> {
    let (committee, member) = committee_for(&state, &viewer, &slug, action).await?;
    claim_of(&state, &committee, &id).await?;
    let reason = form.reason.trim().to_string();
    let (command, notice) = if action == Action::RejectClaim {
        (Command::RejectClaim { claim: id.clone(), reason: reason.clone() }, Msg::ClaimRejected)
    } else {
        (Command::CancelClaim { claim: id.clone(), reason: reason.clone() }, Msg::ClaimCancelled)
    };
    match state.journal.submit(Actor::user(viewer.user_id()), command).await {
        Ok(_) => {
            let href = format!("{}/claims/{id}", committee_href(&committee));
            Ok(done(&state, &href, viewer.tr().t(notice)))
        }
        Err(error) => {
            let typed = Typed { reason, ..Typed::default() };
            refused(&state, &viewer, &committee, member, &id, &error, typed).await
        }
    }
}

/// Codes of the currencies a claim or allocation may be in.
pub fn currency_codes() -> Vec<String> {
    CURRENCIES.iter().map(|c| c.code().to_string()).collect()
}

async fn claim_form_view(
    state: &AppState,
    viewer: &Viewer,
    committee: &CommitteeInfo,
    values: ClaimFormValues,
    errors: FieldErrors,
) -> Result<maud::Markup, PageError> {
    let grant = settings::load(&state.db.pool).await?.dismissal_grant;
    let view = ClaimFormView {
        chrome: viewer.chrome(),
        committee_href: committee_href(committee),
        committee_name: committee.name.clone(),
        values,
        currencies: currency_codes(),
        dismissal_grant: grant.to_string(),
        key_missing: state.config.data_key.is_none(),
        errors,
    };
    Ok(strikefund_templates::committee::claim_form(&view))
}

async fn new_claim(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let (committee, _) = committee_for(&state, &viewer, &slug, Action::SubmitClaim).await?;
    let grant = settings::load(&state.db.pool).await?.dismissal_grant;
    let values = ClaimFormValues {
        category: Category::Dismissal.as_str().into(),
        amount: grant.amount_text(),
        currency: grant.currency().to_string(),
        ..ClaimFormValues::default()
    };
    Ok(claim_form_view(&state, &viewer, &committee, values, FieldErrors::default()).await?.into_response())
}

#[derive(Deserialize)]
struct ClaimForm {
    #[serde(default)]
    worker: String,
    #[serde(default)]
    full_name: String,
    #[serde(default)]
    contact: String,
    #[serde(default)]
    document: String,
    #[serde(default)]
    payment: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    notes: String,
}

/// True for a pseudonym of the shape `W-XXXX-XX` (Crockford base32).
pub fn is_pseudonym(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digit = |b: &u8| b.is_ascii_digit() || (b.is_ascii_uppercase() && !b"ILOU".contains(b));
    bytes.len() == 9
        && text.starts_with("W-")
        && bytes[6] == b'-'
        && bytes[2..6].iter().all(digit)
        && bytes[7..9].iter().all(digit)
}

/// Parses the claim form into a command, or says what is wrong where. A
/// claim is for an existing worker (pseudonym) or a new one. A new worker's
/// details are optional (a committee may keep them off the server), but
/// once any is given, the name and the identity document number are needed:
/// without the document number nobody could notice the person claimed twice.
fn parse_claim(viewer: &Viewer, slug: Slug, form: &ClaimForm) -> Result<Command, FieldErrors> {
    let t = viewer.tr();
    let mut errors = FieldErrors::default();
    let worker = form.worker.trim().to_uppercase();
    let details = [&form.full_name, &form.contact, &form.document, &form.payment];
    let mut person = None;
    if !worker.is_empty() && !is_pseudonym(&worker) {
        errors.add("worker", t.t(Msg::PseudonymInvalid));
    } else if !worker.is_empty() && details.iter().any(|d| !d.trim().is_empty()) {
        errors.add("worker", t.t(Msg::WorkerOrNewWorker));
    } else if worker.is_empty() && details.iter().any(|d| !d.trim().is_empty()) {
        match Person::parse(&form.full_name, &form.contact, &form.document, &form.payment) {
            Ok(parsed) => person = Some(parsed),
            Err(error) => {
                let (field, message) = command_error(t, &error.into());
                errors.add(field, message);
            }
        }
    }
    let category = Category::parse(&form.category);
    if category.is_none() {
        errors.add("category", t.t(Msg::ChoiceInvalid));
    }
    let money = parse_money(t, (&form.amount, "amount"), (&form.currency, "currency"), &mut errors);
    match (category, money) {
        (Some(category), Some(money)) if errors.is_empty() => {
            let claim = ClaimInput {
                committee: slug,
                worker: (!worker.is_empty()).then_some(worker),
                category,
                money,
                notes: form.notes.clone(),
            };
            Ok(match person {
                Some(person) => Command::SubmitNewWorkerClaim { claim, person },
                None => Command::SubmitClaim(claim),
            })
        }
        _ => Err(errors),
    }
}

async fn submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<ClaimForm>,
) -> Result<Response, PageError> {
    let (committee, _) = committee_for(&state, &viewer, &slug, Action::SubmitClaim).await?;
    let values = ClaimFormValues {
        worker: form.worker.clone(),
        full_name: form.full_name.clone(),
        contact: form.contact.clone(),
        document: form.document.clone(),
        payment: form.payment.clone(),
        category: form.category.clone(),
        amount: form.amount.clone(),
        currency: form.currency.clone(),
        notes: form.notes.clone(),
    };
    let slug = Slug::parse(&committee.slug).map_err(|e| PageError::Internal(e.to_string()))?;
    let errors = match parse_claim(&viewer, slug, &form) {
        Ok(command) => match state.journal.submit(Actor::user(viewer.user_id()), command).await {
            Ok(appended) => {
                let Detail::Claim { id, .. } = appended.detail else {
                    return Err(PageError::Internal("a submitted claim answers with its id".into()));
                };
                let href = format!("{}/claims/{id}", committee_href(&committee));
                return Ok(done(&state, &href, &viewer.tr().fmt(Msg::ClaimSubmitted, &[&id])));
            }
            Err(error) => {
                let (field, message) = command_error(viewer.tr(), &error);
                let mut errors = FieldErrors::default();
                errors.add(field, message);
                errors
            }
        },
        Err(errors) => errors,
    };
    let page = claim_form_view(&state, &viewer, &committee, values, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

async fn approve_member(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((slug, proposal)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (committee, _) = committee_for(&state, &viewer, &slug, Action::ApproveMember).await?;
    let of = committees::proposal_committee(&state.db.pool, &proposal).await?;
    if of.as_deref() != Some(committee.key.as_str()) {
        return Err(PageError::NotFound);
    }
    let t = viewer.tr();
    let href = committee_href(&committee);
    let command = Command::ApproveMember { proposal };
    let notice = match state.journal.submit(Actor::user(viewer.user_id()), command).await {
        Ok(appended) => match appended.detail {
            Detail::MemberApproval { added: true, .. } => t.t(Msg::MemberAdded).to_string(),
            Detail::MemberApproval { approvals, threshold, .. } => {
                t.fmt(Msg::MemberApproved, &[&approvals.to_string(), &threshold.to_string()])
            }
            _ => String::new(),
        },
        Err(error) => command_error(t, &error).1,
    };
    Ok(done(&state, &href, &notice))
}

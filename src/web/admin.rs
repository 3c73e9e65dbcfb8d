//! The board's pages: committees, members (journaled, with N-of-M approval
//! once a committee is full), allocations from the general fund, users and
//! the fund's settings.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use strikefund_templates::admin::{
    AdminCommitteeView, AdminHomeView, CommitteeSummary, EraseValues, MemberRow, NewCommitteeValues,
    NewUserValues, PendingRow,
};
use strikefund_templates::app::FieldErrors;
use strikefund_templates::i18n::Msg;

use super::AppState;
use super::auth::{PasswordError, USERNAME_CHARS_MAX, hash_password};
use super::committee::{balance_rows, currency_codes, done};
use super::i18n::{command_error, parse_money};
use super::policy::{Action, decide};
use super::session::{PageError, Viewer, require};
use crate::domain::Slug;
use crate::domain::role::Role;
use crate::domain::worker::ErasureReason;
use crate::journal::command::NAME_CHARS_MAX;
use crate::journal::{Actor, Command, Detail};
use crate::store::committees::{self, CommitteeInfo};
use crate::store::settings::{self, Settings};
use crate::store::users;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(home))
        .route("/admin/committees", post(create_committee))
        .route("/admin/users", post(create_user))
        .route("/admin/settings", post(save_settings))
        .route("/admin/committees/{slug}", get(committee))
        .route("/admin/committees/{slug}/members", post(add_member))
        .route("/admin/committees/{slug}/members/{user}/remove", post(remove_member))
        .route("/admin/committees/{slug}/allocations", post(allocate))
        .route("/admin/workers/erase", post(erase_worker))
}

fn allow(viewer: &Viewer, action: Action) -> Result<(), PageError> {
    require(decide(viewer.role(), action, false))
}

/// The forms of the admin home page, with what was typed and what was wrong.
#[derive(Default)]
struct HomeForms {
    committee: NewCommitteeValues,
    committee_errors: FieldErrors,
    user: NewUserValues,
    user_errors: FieldErrors,
    settings_errors: FieldErrors,
    erase: EraseValues,
    erase_errors: FieldErrors,
}

async fn home_page(state: &AppState, viewer: &Viewer, forms: HomeForms) -> Result<maud::Markup, PageError> {
    let pool = &state.db.pool;
    let mut summaries = Vec::new();
    for c in committees::all(pool).await? {
        let members = committees::members(pool, &c.key).await?.len() as u64;
        summaries.push(CommitteeSummary {
            href: format!("/admin/committees/{}", c.slug),
            slug: c.slug,
            name: c.name,
            public: c.public,
            threshold: c.threshold,
            members,
        });
    }
    let settings = settings::load(pool).await?;
    let committee = if forms.committee.threshold.is_empty() {
        NewCommitteeValues { threshold: "2".into(), ..forms.committee }
    } else {
        forms.committee
    };
    let view = AdminHomeView {
        erase: forms.erase,
        erase_errors: forms.erase_errors,
        chrome: viewer.chrome(),
        committees: summaries,
        committee,
        committee_errors: forms.committee_errors,
        user: forms.user,
        user_errors: forms.user_errors,
        general: balance_rows(state, "general").await?,
        totp_required: settings.totp_required,
        grant_amount: settings.dismissal_grant.amount_text(),
        grant_currency: settings.dismissal_grant.currency().to_string(),
        currencies: currency_codes(),
        settings_errors: forms.settings_errors,
    };
    Ok(strikefund_templates::admin::home(&view))
}

async fn home(State(state): State<AppState>, viewer: Viewer) -> Result<Response, PageError> {
    allow(&viewer, Action::ViewAdmin)?;
    Ok(home_page(&state, &viewer, HomeForms::default()).await?.into_response())
}

async fn home_again(state: &AppState, viewer: &Viewer, forms: HomeForms) -> Result<Response, PageError> {
    Ok((StatusCode::UNPROCESSABLE_ENTITY, home_page(state, viewer, forms).await?).into_response())
}

#[derive(Deserialize)]
struct CommitteeForm {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    public: Option<String>,
    #[serde(default)]
    threshold: String,
}

async fn create_committee(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<CommitteeForm>,
) -> Result<Response, PageError> {
    allow(&viewer, Action::ManageCommittees)?;
    let t = viewer.tr();
    let mut errors = FieldErrors::default();
    let slug = Slug::parse(form.slug.trim()).map_err(|_| errors.add("slug", t.t(Msg::SlugInvalid))).ok();
    let threshold = form.threshold.trim().parse::<u32>().ok().filter(|n| (1..=9).contains(n));
    if threshold.is_none() {
        errors.add("threshold", t.t(Msg::ThresholdInvalid));
    }
    let name = form.name.trim().to_string();
    if let (Some(slug), Some(threshold), true) = (slug, threshold, errors.is_empty()) {
        let public = form.public.is_some();
        let command = Command::CreateCommittee { slug: slug.clone(), name, public, threshold };
        match state.journal.submit(Actor::user(viewer.user_id()), command).await {
            Ok(_) => {
                return Ok(done(&state, &format!("/admin/committees/{slug}"), t.t(Msg::CommitteeCreated)));
            }
            Err(error) => {
                let (field, message) = command_error(t, &error);
                errors.add(field, message);
            }
        }
    }
    let committee = NewCommitteeValues {
        slug: form.slug.chars().take(NAME_CHARS_MAX).collect(),
        name: form.name.chars().take(NAME_CHARS_MAX).collect(),
        public: form.public.is_some(),
        threshold: form.threshold.chars().take(4).collect(),
    };
    home_again(&state, &viewer, HomeForms { committee, committee_errors: errors, ..HomeForms::default() })
        .await
}

#[derive(Deserialize)]
struct UserForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
}

/// True for a username of 2 to 64 letters, digits, `.`, `_` or `-`.
pub fn is_username(text: &str) -> bool {
    (2..=USERNAME_CHARS_MAX).contains(&text.chars().count())
        && text.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

async fn create_user(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<UserForm>,
) -> Result<Response, PageError> {
    allow(&viewer, Action::ManageUsers)?;
    let t = viewer.tr();
    let mut errors = FieldErrors::default();
    let username = form.username.trim().to_string();
    if !is_username(&username) {
        errors.add("username", t.t(Msg::FieldRequired));
    } else if users::by_username(&state.db.pool, &username).await?.is_some() {
        errors.add("username", t.t(Msg::UsernameTaken));
    }
    let role = Role::parse(&form.role);
    if role.is_none() {
        errors.add("role", t.t(Msg::ChoiceInvalid));
    }
    let password = form.password.clone();
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| PageError::Internal(e.to_string()))?;
    match &hash {
        Err(PasswordError::PasswordTooShort) => errors.add("password", t.t(Msg::PasswordTooShort)),
        Err(PasswordError::PasswordTooLong) => errors.add("password", t.t(Msg::PasswordTooLong)),
        Err(error) => return Err(PageError::Internal(error.to_string())),
        Ok(_) => {}
    }
    if let (Some(role), Ok(hash), true) = (role, &hash, errors.is_empty()) {
        users::create(&state.db.pool, &username, role, Some(hash)).await?;
        return Ok(done(&state, "/admin", &t.fmt(Msg::UserCreated, &[&username])));
    }
    let user =
        NewUserValues { username: username.chars().take(USERNAME_CHARS_MAX).collect(), role: form.role };
    home_again(&state, &viewer, HomeForms { user, user_errors: errors, ..HomeForms::default() }).await
}

#[derive(Deserialize)]
struct SettingsForm {
    #[serde(default)]
    totp_required: Option<String>,
    #[serde(default)]
    grant_amount: String,
    #[serde(default)]
    grant_currency: String,
}

async fn save_settings(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<SettingsForm>,
) -> Result<Response, PageError> {
    allow(&viewer, Action::ManageSettings)?;
    let t = viewer.tr();
    let mut errors = FieldErrors::default();
    let grant = parse_money(
        t,
        (&form.grant_amount, "grant_amount"),
        (&form.grant_currency, "grant_currency"),
        &mut errors,
    );
    let Some(dismissal_grant) = grant else {
        return home_again(&state, &viewer, HomeForms { settings_errors: errors, ..HomeForms::default() })
            .await;
    };
    let settings = Settings { totp_required: form.totp_required.is_some(), dismissal_grant };
    settings::save(&state.db.pool, &settings).await?;
    Ok(done(&state, "/admin", t.t(Msg::SettingsSaved)))
}

async fn committee_by_slug(state: &AppState, slug: &str) -> Result<CommitteeInfo, PageError> {
    committees::by_slug(&state.db.pool, slug).await?.ok_or(PageError::NotFound)
}

#[derive(Default)]
struct CommitteeForms {
    member_errors: FieldErrors,
    amount: String,
    currency: String,
    allocation_errors: FieldErrors,
}

async fn committee_page(
    state: &AppState,
    viewer: &Viewer,
    committee: &CommitteeInfo,
    forms: CommitteeForms,
) -> Result<maud::Markup, PageError> {
    let pool = &state.db.pool;
    let href = format!("/admin/committees/{}", committee.slug);
    let members = committees::members(pool, &committee.key).await?;
    let pending = committees::open_proposals(pool, &committee.key).await?;
    let candidates = users::with_role(pool, Role::Member)
        .await?
        .into_iter()
        .filter(|u| !members.iter().any(|(id, _)| *id == u.id) && !pending.iter().any(|p| p.user_id == u.id))
        .map(|u| (u.username.clone(), u.username))
        .collect();
    let view = AdminCommitteeView {
        chrome: viewer.chrome(),
        name: committee.name.clone(),
        slug: committee.slug.clone(),
        threshold: committee.threshold,
        balances: balance_rows(state, &format!("committee:{}", committee.key)).await?,
        members: members
            .into_iter()
            .map(|(id, username)| MemberRow {
                username,
                remove_action: format!("{href}/members/{id}/remove"),
            })
            .collect(),
        pending: pending
            .into_iter()
            .map(|p| PendingRow {
                username: p.username,
                approvals: p.approvals,
                threshold: committee.threshold,
            })
            .collect(),
        candidates,
        member_errors: forms.member_errors,
        allocation_amount: forms.amount,
        allocation_currency: if forms.currency.is_empty() { "EUR".into() } else { forms.currency },
        currencies: currency_codes(),
        allocation_errors: forms.allocation_errors,
        href,
    };
    Ok(strikefund_templates::admin::committee(&view))
}

async fn committee(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    allow(&viewer, Action::ViewAdmin)?;
    let committee = committee_by_slug(&state, &slug).await?;
    Ok(committee_page(&state, &viewer, &committee, CommitteeForms::default()).await?.into_response())
}

async fn committee_again(
    state: &AppState,
    viewer: &Viewer,
    committee: &CommitteeInfo,
    forms: CommitteeForms,
) -> Result<Response, PageError> {
    let page = committee_page(state, viewer, committee, forms).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// The committee page again, with a refusal next to the members form.
async fn member_refused(
    state: &AppState,
    viewer: &Viewer,
    committee: &CommitteeInfo,
    field: &'static str,
    message: String,
) -> Result<Response, PageError> {
    let mut member_errors = FieldErrors::default();
    member_errors.add(field, message);
    committee_again(state, viewer, committee, CommitteeForms { member_errors, ..Default::default() }).await
}

#[derive(Deserialize)]
struct MemberForm {
    #[serde(default)]
    username: String,
}

async fn add_member(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<MemberForm>,
) -> Result<Response, PageError> {
    allow(&viewer, Action::ManageMembers)?;
    let committee = committee_by_slug(&state, &slug).await?;
    let t = viewer.tr();
    let user =
        users::by_username(&state.db.pool, form.username.trim()).await?.filter(|u| u.role == Role::Member);
    let Some(user) = user else {
        return member_refused(&state, &viewer, &committee, "username", t.t(Msg::ChoiceInvalid).to_string())
            .await;
    };
    let slug = Slug::parse(&committee.slug).map_err(|e| PageError::Internal(e.to_string()))?;
    let command = Command::AddMember { committee: slug, user_id: user.id };
    let href = format!("/admin/committees/{}", committee.slug);
    match state.journal.submit(Actor::user(viewer.user_id()), command).await {
        Ok(appended) => {
            let notice = match appended.detail {
                Detail::MemberProposed { threshold, .. } => {
                    t.fmt(Msg::MemberProposed, &[&threshold.to_string()])
                }
                _ => t.t(Msg::MemberAdded).to_string(),
            };
            Ok(done(&state, &href, &notice))
        }
        Err(error) => {
            member_refused(&state, &viewer, &committee, "username", command_error(t, &error).1).await
        }
    }
}

async fn remove_member(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((slug, user)): Path<(String, String)>,
) -> Result<Response, PageError> {
    allow(&viewer, Action::ManageMembers)?;
    let committee = committee_by_slug(&state, &slug).await?;
    let slug = Slug::parse(&committee.slug).map_err(|e| PageError::Internal(e.to_string()))?;
    let t = viewer.tr();
    let command = Command::RemoveMember { committee: slug, user_id: user };
    let href = format!("/admin/committees/{}", committee.slug);
    match state.journal.submit(Actor::user(viewer.user_id()), command).await {
        Ok(_) => Ok(done(&state, &href, t.t(Msg::MemberRemoved))),
        Err(error) => member_refused(&state, &viewer, &committee, "form", command_error(t, &error).1).await,
    }
}

#[derive(Deserialize)]
struct AllocationForm {
    #[serde(default)]
    amount: String,
    #[serde(default)]
    currency: String,
}

async fn allocate(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<AllocationForm>,
) -> Result<Response, PageError> {
    allow(&viewer, Action::Allocate)?;
    let committee = committee_by_slug(&state, &slug).await?;
    let t = viewer.tr();
    let mut errors = FieldErrors::default();
    let money = parse_money(t, (&form.amount, "amount"), (&form.currency, "currency"), &mut errors);
    if let Some(money) = money {
        let slug = Slug::parse(&committee.slug).map_err(|e| PageError::Internal(e.to_string()))?;
        let command = Command::Allocate { committee: slug, money };
        match state.journal.submit(Actor::user(viewer.user_id()), command).await {
            Ok(_) => {
                let href = format!("/admin/committees/{}", committee.slug);
                return Ok(done(&state, &href, &t.fmt(Msg::Allocated, &[&money.to_string()])));
            }
            Err(error) => {
                let (field, message) = command_error(t, &error);
                errors.add(if field == "form" { "amount" } else { field }, message);
            }
        }
    }
    let forms = CommitteeForms {
        amount: form.amount.chars().take(32).collect(),
        currency: form.currency.chars().take(10).collect(),
        allocation_errors: errors,
        ..Default::default()
    };
    committee_again(&state, &viewer, &committee, forms).await
}

#[derive(Deserialize)]
struct EraseForm {
    #[serde(default)]
    worker: String,
    #[serde(default)]
    reason: String,
}

/// Erases a worker's personal data, then scrubs the database files.
async fn erase_worker(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<EraseForm>,
) -> Result<Response, PageError> {
    allow(&viewer, Action::EraseWorker)?;
    let t = viewer.tr();
    let mut errors = FieldErrors::default();
    let worker = form.worker.trim().to_uppercase();
    if !super::committee::is_pseudonym(&worker) {
        errors.add("worker", t.t(Msg::PseudonymInvalid));
    }
    let reason = ErasureReason::parse(&form.reason);
    if reason.is_none() {
        errors.add("reason", t.t(Msg::ChoiceInvalid));
    }
    if let (Some(reason), true) = (reason, errors.is_empty()) {
        let command = Command::EraseWorker { worker: worker.clone(), reason };
        match state.journal.submit(Actor::user(viewer.user_id()), command).await {
            Ok(_) => {
                if let Err(error) = crate::privacy::maintenance::scrub_erased(&state.db).await {
                    tracing::warn!(%error, "erased records may remain in the database files until the next scrub");
                }
                return Ok(done(&state, "/admin", &t.fmt(Msg::WorkerErasedDone, &[&worker])));
            }
            Err(error) => {
                let (field, message) = command_error(t, &error);
                errors.add(field, message);
            }
        }
    }
    let erase = EraseValues {
        worker: form.worker.chars().take(16).collect(),
        reason: form.reason.chars().take(32).collect(),
    };
    home_again(&state, &viewer, HomeForms { erase, erase_errors: errors, ..HomeForms::default() }).await
}

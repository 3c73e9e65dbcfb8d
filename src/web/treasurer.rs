//! The treasurer's pages: claims waiting to be paid and the payout form;
//! the money page (holdings, recent money entries); and the forms that
//! record donations (one by one, or a bank's CSV file), currency
//! exchanges, bank fees and reversals. Each form goes through the same code
//! as its API or CLI twin (`intake`, `import`, the journal's commands), so
//! a form accepts and refuses exactly what they do.
//!
//! Payouts may come in installments; the claim is paid when its reserve
//! is used up, and the journal refuses any payout beyond it.

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use strikefund_templates::app::FieldErrors;
use strikefund_templates::i18n::{Msg, Tr};
use strikefund_templates::treasurer::{
    BadLineView, DonationFormView, DonationValues, ExchangeFormView, ExchangeValues, FeeFormView, FeeValues,
    HoldingRow, ImportSummary, ImportView, MoneyHomeView, MovementRow, Payee, PayoutFormView,
    PayoutQueueView, PayoutRow, PayoutValues, ReverseFormView, ReverseValues, SavedDonation,
};
use time::OffsetDateTime;

use super::committee::{currency_codes, done};
use super::i18n::{command_error, parse_amount, parse_money, problem_line, problem_message};
use super::policy::{Action, decide};
use super::session::{
    PageError, SESSION_ABSOLUTE_TIMEOUT_S, Viewer, now_s, random_token, require, size_text,
};
use super::{AppState, UPLOAD_BODY_BYTES_MAX};
use crate::domain::claim::PayoutMethod;
use crate::domain::ids::normalize_receipt;
use crate::domain::transaction::Posting;
use crate::domain::{AccountPath, Money, Slug};
use crate::import::{self, ImportError};
use crate::intake::{self, Directory, RawDonation};
use crate::journal::command::{ExchangeInput, NAME_CHARS_MAX, PayoutInput, TEXT_CHARS_MAX, check_text};
use crate::journal::kind::Kind;
use crate::journal::{Actor, Appended, Command, CommandError, Detail};
use crate::privacy::records::{self, PersonOnFile};
use crate::store::committees::{self, ClaimInfo, CommitteeInfo};
use crate::store::{form_tokens, money};

/// The CSV upload form: the one route that takes a file (see `web::UPLOAD_PATHS`).
pub const IMPORT_PATH: &str = strikefund_templates::treasurer::IMPORT_HREF;

/// Bad lines of an uploaded file listed on the page at most; the count says how many there were.
pub const BAD_LINES_SHOWN_MAX: usize = 1_000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/treasurer", get(money_home))
        .route("/treasurer/payouts", get(queue))
        .route("/treasurer/payouts/{claim}", get(form).post(record))
        .route("/treasurer/donations/new", get(donation_page))
        .route("/treasurer/donations", post(record_donation))
        .route("/treasurer/exchanges/new", get(exchange_page))
        .route("/treasurer/exchanges", post(record_exchange))
        .route("/treasurer/fees/new", get(fee_page))
        .route("/treasurer/fees", post(record_fee))
        .route("/treasurer/reversals/new", get(reverse_page))
        .route("/treasurer/reversals", post(record_reversal))
}

/// The routes that take a file; they get a larger body limit.
pub fn upload_router() -> Router<AppState> {
    Router::new().route(IMPORT_PATH, get(import_page).post(import_upload))
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
    let payee = if decide(viewer.role(), Action::ViewPaymentDetails, false).allowed() {
        match records::person(&state.db.pool, state.config.data_key.as_ref(), &claim.worker).await? {
            PersonOnFile::NotOnFile => Payee::NotShown,
            PersonOnFile::Erased { .. } => Payee::Erased,
            PersonOnFile::KeyMissing => Payee::KeyMissing,
            PersonOnFile::Unreadable => Payee::Unreadable,
            PersonOnFile::Person(person) => Payee::Shown {
                full_name: person.full_name().to_string(),
                payment: person.payment().to_string(),
            },
        }
    } else {
        Payee::NotShown
    };
    let view = PayoutFormView {
        payee,
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
        form_token: new_form_token(state, viewer).await?,
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
    #[serde(default)]
    form_token: String,
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
            match submit_once(&state, &viewer, &form.form_token, Command::RecordPayout(input)).await? {
                Ok(_) => {
                    let notice = viewer.tr().fmt(Msg::PayoutRecorded, &[&money.to_string()]);
                    return Ok(done(&state, "/treasurer/payouts", &notice));
                }
                Err(Refused::AlreadySent) => {
                    status = StatusCode::CONFLICT;
                    let mut errors = FieldErrors::default();
                    errors.add("form", viewer.tr().t(Msg::FormAlreadySent));
                    errors
                }
                Err(Refused::Journal(error)) => {
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

// ---------------------------------------------------------------------------
// The money page.

fn allow(viewer: &Viewer, action: Action) -> Result<(), PageError> {
    require(decide(viewer.role(), action, false))
}

async fn money_home(State(state): State<AppState>, viewer: Viewer) -> Result<Response, PageError> {
    allow(&viewer, Action::ViewMoney)?;
    let pool = &state.db.pool;
    let mut holdings = Vec::new();
    let mut general = Vec::new();
    for holding in money::holdings(pool).await? {
        let currency = holding.money.currency().to_string();
        if holding.account == AccountPath::general_fund().as_str() {
            // The general fund is an envelope: credit balances, shown as what it holds.
            general.push((currency, holding.money.negated().grouped_text()));
        } else {
            holdings.push(HoldingRow {
                account: holding.account,
                currency,
                amount: holding.money.grouped_text(),
            });
        }
    }
    let view = MoneyHomeView {
        chrome: viewer.chrome(),
        may_record: decide(viewer.role(), Action::RecordDonation, false).allowed(),
        holdings,
        general,
        movements: movement_rows(&state, &viewer).await?,
    };
    Ok(strikefund_templates::treasurer::money_home(&view).into_response())
}

/// The latest money entries, with a link to reverse those the viewer may.
async fn movement_rows(state: &AppState, viewer: &Viewer) -> Result<Vec<MovementRow>, PageError> {
    let may_reverse = decide(viewer.role(), Action::Reverse, false).allowed();
    let head = crate::store::read::head(&state.db.pool).await?;
    let movements = money::recent_movements(&state.db.pool, head.seq).await?;
    Ok(movements
        .into_iter()
        .map(|m| {
            let reversible = Kind::parse(&m.kind).is_some_and(Kind::is_reversible);
            MovementRow {
                reverse_href: (may_reverse && reversible && m.reversed_by.is_none())
                    .then(|| format!("/treasurer/reversals/new?seq={}", m.seq)),
                postings: m.postings.iter().flat_map(|t| t.postings()).map(posting_text).collect(),
                seq: m.seq,
                day: m.day,
                kind: m.kind,
                reversed_by: m.reversed_by,
            }
        })
        .collect())
}

fn posting_text(posting: &Posting) -> String {
    let sign = if posting.money.is_positive() { "+" } else { "" };
    format!("{} {sign}{}", posting.account.as_str(), posting.money)
}

// ---------------------------------------------------------------------------
// Shared by the money forms.

/// What the money forms offer to choose from: accounts, currencies, committees.
struct Choices {
    /// Open holding accounts: (account, label with its currencies).
    accounts: Vec<(String, String)>,
    currencies: Vec<String>,
    /// Committees: (slug, display name).
    committees: Vec<(String, String)>,
}

async fn choices(state: &AppState) -> Result<Choices, PageError> {
    let directory = Directory::load(&state.db.pool).await?;
    let accounts = directory
        .accounts()
        .into_iter()
        .map(|(account, held)| (account.to_string(), format!("{account} ({})", held.join(", "))))
        .collect();
    let committees = committees::all(&state.db.pool).await?.into_iter().map(|c| (c.slug, c.name)).collect();
    Ok(Choices { accounts, currencies: currency_codes(), committees })
}

/// At most `max` characters of what was typed, to show it again.
fn kept(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// The status of a form refused by the journal: 409 when it conflicts with
/// the ledger's state, 422 when the input itself is wrong.
fn refusal_status(error: &CommandError) -> StatusCode {
    if error.is_conflict() { StatusCode::CONFLICT } else { StatusCode::UNPROCESSABLE_ENTITY }
}

/// Checks an account chosen in field `field`: open, and holding `currency` when known.
fn check_account(
    t: Tr,
    directory: &Directory,
    text: &str,
    currency: Option<&Money>,
    field: &'static str,
    errors: &mut FieldErrors,
) -> Option<AccountPath> {
    let account = AccountPath::parse(text.trim()).ok().filter(AccountPath::is_holding);
    let Some(account) = account.filter(|a| directory.holds(a.as_str(), None)) else {
        errors.add(field, t.t(Msg::AccountNotOpen));
        return None;
    };
    if let Some(money) = currency
        && !directory.holds(account.as_str(), Some(money.currency().code()))
    {
        errors.add(field, t.fmt(Msg::CurrencyNotHeld, &[account.as_str(), money.currency().code()]));
        return None;
    }
    Some(account)
}

/// A new one-time token for a form the viewer is about to see.
async fn new_form_token(state: &AppState, viewer: &Viewer) -> Result<String, PageError> {
    let token = random_token();
    let now = now_s();
    form_tokens::issue(&state.db.pool, viewer.user_id(), &token, now, now - SESSION_ABSOLUTE_TIMEOUT_S)
        .await?;
    Ok(token)
}

/// Why a form with a one-time token recorded nothing.
enum Refused {
    /// The token was used before (or never issued): the form was sent already.
    AlreadySent,
    Journal(CommandError),
}

/// Submits `command` for the first post of a form only: the form's token is
/// used up first, so a second post of the same form records nothing.
async fn submit_once(
    state: &AppState,
    viewer: &Viewer,
    token: &str,
    command: Command,
) -> Result<Result<Appended, Refused>, PageError> {
    if !form_tokens::consume(&state.db.pool, viewer.user_id(), token).await? {
        return Ok(Err(Refused::AlreadySent));
    }
    Ok(state.journal.submit(Actor::user(viewer.user_id()), command).await.map_err(Refused::Journal))
}

// ---------------------------------------------------------------------------
// One donation.

#[derive(Deserialize, Default)]
struct DonationForm {
    #[serde(default)]
    received_on: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    account: String,
    #[serde(default)]
    reference: String,
    #[serde(default)]
    earmark: String,
    #[serde(default)]
    donor: String,
}

impl DonationForm {
    /// The fields as `intake` reads them, trimmed as a CSV import trims them,
    /// so that a form and a file name the same donation the same way.
    fn raw(&self) -> RawDonation {
        RawDonation {
            received_on: self.received_on.trim().to_string(),
            amount: self.amount.trim().to_string(),
            currency: self.currency.trim().to_string(),
            account: self.account.trim().to_string(),
            reference: self.reference.trim().to_string(),
            earmark: self.earmark.trim().to_string(),
            donor: self.donor.trim().to_string(),
        }
    }

    fn values(&self) -> DonationValues {
        DonationValues {
            received_on: kept(&self.received_on, 16),
            amount: kept(&self.amount, 32),
            currency: kept(&self.currency, 10),
            account: kept(&self.account, 128),
            reference: kept(&self.reference, NAME_CHARS_MAX),
            earmark: kept(&self.earmark, 64),
            donor: kept(&self.donor, NAME_CHARS_MAX),
        }
    }
}

async fn donation_form_page(
    state: &AppState,
    viewer: &Viewer,
    values: DonationValues,
    errors: FieldErrors,
    saved: Option<SavedDonation>,
) -> Result<maud::Markup, PageError> {
    let choices = choices(state).await?;
    let view = DonationFormView {
        chrome: viewer.chrome(),
        values,
        errors,
        currencies: choices.currencies,
        accounts: choices.accounts,
        committees: choices.committees,
        saved,
    };
    Ok(strikefund_templates::treasurer::donation_form(&view))
}

#[derive(Deserialize)]
struct SavedQuery {
    receipt: Option<String>,
    again: Option<String>,
}

/// The donation form; after a donation was recorded, its receipt above it.
async fn donation_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<SavedQuery>,
) -> Result<Response, PageError> {
    allow(&viewer, Action::RecordDonation)?;
    let mut values = DonationValues {
        received_on: OffsetDateTime::now_utc().date().to_string(),
        currency: "EUR".into(),
        ..DonationValues::default()
    };
    let code = query.receipt.as_deref().and_then(normalize_receipt);
    let found = match code {
        Some(code) => crate::store::read::receipt(&state.db.pool, &code).await?,
        None => None,
    };
    let saved = found.map(|row| {
        // The next donation of a statement is most often of the same day and currency.
        values.received_on = row.received_on.clone();
        values.currency = row.money.currency().to_string();
        SavedDonation { receipt: row.code, amount: row.money.to_string(), replayed: query.again.is_some() }
    });
    Ok(donation_form_page(&state, &viewer, values, FieldErrors::default(), saved).await?.into_response())
}

async fn record_donation(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<DonationForm>,
) -> Result<Response, PageError> {
    allow(&viewer, Action::RecordDonation)?;
    let t = viewer.tr();
    let directory = Directory::load(&state.db.pool).await?;
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    let mut errors = FieldErrors::default();
    match intake::check(&form.raw(), &directory, intake::latest_receipt_day()) {
        Ok(input) => {
            let command = Command::RecordDonation(input);
            match state.journal.submit(Actor::user(viewer.user_id()), command).await {
                Ok(appended) => {
                    let Detail::Donation { receipt } = &appended.detail else {
                        return Err(PageError::Internal("a donation answers with its receipt".into()));
                    };
                    let again = if appended.replayed { "&again=1" } else { "" };
                    let to = format!("/treasurer/donations/new?receipt={receipt}{again}");
                    return Ok(Redirect::to(&to).into_response());
                }
                Err(error) => {
                    status = refusal_status(&error);
                    let (field, message) = command_error(t, &error);
                    errors.add(field, message);
                }
            }
        }
        Err(problems) => {
            for problem in problems {
                errors.add(problem.field(), t.t(problem_message(problem)));
            }
        }
    }
    let page = donation_form_page(&state, &viewer, form.values(), errors, None).await?;
    Ok((status, page).into_response())
}

// ---------------------------------------------------------------------------
// A CSV file of donations.

fn import_view(viewer: &Viewer) -> ImportView {
    ImportView {
        chrome: viewer.chrome(),
        size_max: size_text(UPLOAD_BODY_BYTES_MAX),
        errors: FieldErrors::default(),
        summary: None,
        bad_lines: Vec::new(),
        bad_lines_total: 0,
    }
}

async fn import_page(viewer: Viewer) -> Result<Response, PageError> {
    allow(&viewer, Action::ImportDonations)?;
    Ok(strikefund_templates::treasurer::import_form(&import_view(&viewer)).into_response())
}

/// The uploaded file and whether to import it or only check it.
struct Upload {
    file: Vec<u8>,
    dry_run: bool,
}

/// Reads the upload form; None when it carries no file.
async fn read_upload(mut multipart: Multipart) -> Option<Upload> {
    let mut file = None;
    let mut dry_run = true;
    while let Ok(Some(field)) = multipart.next_field().await {
        match field.name() {
            Some("file") => file = Some(field.bytes().await.ok()?.to_vec()),
            Some("mode") => dry_run = field.text().await.ok()? != "import",
            _ => {}
        }
    }
    file.filter(|f| !f.is_empty()).map(|file| Upload { file, dry_run })
}

async fn import_upload(
    State(state): State<AppState>,
    viewer: Viewer,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    allow(&viewer, Action::ImportDonations)?;
    let t = viewer.tr();
    let mut view = import_view(&viewer);
    let upload = match multipart {
        Ok(multipart) => read_upload(multipart).await,
        Err(_) => None,
    };
    let Some(upload) = upload else {
        view.errors.add("file", t.t(Msg::FileRequired));
        return Ok(import_answer(StatusCode::UNPROCESSABLE_ENTITY, &view));
    };
    let actor = Actor::user(viewer.user_id());
    let result =
        import::import(&state.db.pool, &state.journal, &actor, &upload.file, upload.dry_run, &mut |_, _| {})
            .await;
    let status = match result {
        Ok(report) => {
            let summary = ImportSummary {
                dry_run: upload.dry_run,
                rows: report.rows,
                added: report.added,
                already_recorded: report.already_recorded,
            };
            if !upload.dry_run {
                let counts =
                    [report.rows.to_string(), report.added.to_string(), report.already_recorded.to_string()];
                let counts: Vec<&str> = counts.iter().map(String::as_str).collect();
                return Ok(done(&state, IMPORT_PATH, &t.fmt(Msg::ImportDone, &counts)));
            }
            view.summary = Some(summary);
            StatusCode::OK
        }
        Err(error) => import_refused(t, error, &mut view)?,
    };
    Ok(import_answer(status, &view))
}

fn import_answer(status: StatusCode, view: &ImportView) -> Response {
    (status, strikefund_templates::treasurer::import_form(view)).into_response()
}

/// Shows why a file was not imported; every bad line with its problems.
fn import_refused(t: Tr, error: ImportError, view: &mut ImportView) -> Result<StatusCode, PageError> {
    let file_error = match error {
        ImportError::BadLines(lines) => {
            let shown = lines.iter().take(BAD_LINES_SHOWN_MAX);
            view.bad_lines = shown
                .map(|bad| BadLineView {
                    line: bad.line,
                    problems: bad.problems.iter().map(|p| problem_line(t, *p)).collect(),
                })
                .collect();
            view.bad_lines_total = lines.len();
            return Ok(StatusCode::UNPROCESSABLE_ENTITY);
        }
        ImportError::FileTooLarge => t.fmt(Msg::FileTooLarge, &[&size_text(import::IMPORT_FILE_BYTES_MAX)]),
        ImportError::TooManyRows => t.fmt(Msg::FileTooManyRows, &[&import::IMPORT_ROWS_MAX.to_string()]),
        ImportError::NotCsv(detail) => t.fmt(Msg::FileNotCsv, &[&detail]),
        ImportError::HeaderMustNameColumns(detail) => t.fmt(Msg::FileHeaderInvalid, &[&detail]),
        ImportError::Refused { line, error } => {
            let (_, reason) = command_error(t, &error);
            view.errors.add("form", t.fmt(Msg::ImportPartlyRefused, &[&line.to_string(), &reason]));
            return Ok(refusal_status(&error));
        }
        ImportError::Store(error) => return Err(error.into()),
    };
    view.errors.add("file", file_error);
    Ok(StatusCode::UNPROCESSABLE_ENTITY)
}

// ---------------------------------------------------------------------------
// A currency exchange.

#[derive(Deserialize, Default)]
struct ExchangeForm {
    #[serde(default)]
    from_account: String,
    #[serde(default)]
    from_amount: String,
    #[serde(default)]
    from_currency: String,
    #[serde(default)]
    to_account: String,
    #[serde(default)]
    to_amount: String,
    #[serde(default)]
    to_currency: String,
    #[serde(default)]
    committee: String,
    #[serde(default)]
    form_token: String,
}

impl ExchangeForm {
    fn values(&self) -> ExchangeValues {
        ExchangeValues {
            from_account: kept(&self.from_account, 128),
            from_amount: kept(&self.from_amount, 32),
            from_currency: kept(&self.from_currency, 10),
            to_account: kept(&self.to_account, 128),
            to_amount: kept(&self.to_amount, 32),
            to_currency: kept(&self.to_currency, 10),
            committee: kept(&self.committee, 64),
        }
    }
}

async fn exchange_form_page(
    state: &AppState,
    viewer: &Viewer,
    values: ExchangeValues,
    errors: FieldErrors,
) -> Result<maud::Markup, PageError> {
    let choices = choices(state).await?;
    let view = ExchangeFormView {
        chrome: viewer.chrome(),
        form_token: new_form_token(state, viewer).await?,
        values,
        errors,
        currencies: choices.currencies,
        accounts: choices.accounts,
        committees: choices.committees,
    };
    Ok(strikefund_templates::treasurer::exchange_form(&view))
}

async fn exchange_page(State(state): State<AppState>, viewer: Viewer) -> Result<Response, PageError> {
    allow(&viewer, Action::RecordExchange)?;
    let values = ExchangeValues {
        from_currency: "BYN".into(),
        to_currency: "EUR".into(),
        ..ExchangeValues::default()
    };
    Ok(exchange_form_page(&state, &viewer, values, FieldErrors::default()).await?.into_response())
}

/// A committee chosen in field `field`: None for the general fund.
fn check_committee(
    t: Tr,
    directory: &Directory,
    text: &str,
    field: &'static str,
    errors: &mut FieldErrors,
) -> Option<Option<Slug>> {
    if text.trim().is_empty() {
        return Some(None);
    }
    match Slug::parse(text.trim()).ok().filter(|s| directory.has_committee(s.as_str())) {
        Some(slug) => Some(Some(slug)),
        None => {
            errors.add(field, t.t(Msg::ChoiceInvalid));
            None
        }
    }
}

fn parse_exchange(t: Tr, directory: &Directory, form: &ExchangeForm) -> Result<ExchangeInput, FieldErrors> {
    let mut errors = FieldErrors::default();
    let from = parse_money(
        t,
        (&form.from_amount, "from_amount"),
        (&form.from_currency, "from_currency"),
        &mut errors,
    );
    let to = parse_money(t, (&form.to_amount, "to_amount"), (&form.to_currency, "to_currency"), &mut errors);
    let from_account =
        check_account(t, directory, &form.from_account, from.as_ref(), "from_account", &mut errors);
    let to_account = check_account(t, directory, &form.to_account, to.as_ref(), "to_account", &mut errors);
    let committee = check_committee(t, directory, &form.committee, "committee", &mut errors);
    if let (Some(from), Some(to)) = (from, to)
        && from.currency() == to.currency()
    {
        errors.add("to_currency", t.t(Msg::ExchangeSameCurrency));
    }
    match (from, to, from_account, to_account, committee) {
        (Some(from), Some(to), Some(from_account), Some(to_account), Some(committee))
            if errors.is_empty() =>
        {
            Ok(ExchangeInput { from_account, from, to_account, to, committee })
        }
        _ => Err(errors),
    }
}

/// The field of the exchange form a refusal of the journal is about.
fn exchange_field(error: &CommandError, input: &ExchangeInput, field: &'static str) -> &'static str {
    match error {
        CommandError::CurrencyNotHeld { account, .. } | CommandError::AccountNotOpen(account) => {
            if *account == input.from_account.as_str() { "from_account" } else { "to_account" }
        }
        // The money that left is more than the account or the envelope holds.
        CommandError::EnvelopeWouldGoBelowZero { .. } => "from_amount",
        _ if field == "amount" => "from_amount",
        _ => field,
    }
}

async fn record_exchange(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<ExchangeForm>,
) -> Result<Response, PageError> {
    allow(&viewer, Action::RecordExchange)?;
    let t = viewer.tr();
    let directory = Directory::load(&state.db.pool).await?;
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    let errors = match parse_exchange(t, &directory, &form) {
        Ok(input) => {
            let command = Command::Exchange(input.clone());
            let mut errors = FieldErrors::default();
            match submit_once(&state, &viewer, &form.form_token, command).await? {
                Ok(appended) => {
                    let seq = appended.last().map_or(0, |e| e.seq).to_string();
                    return Ok(done(&state, "/treasurer", &t.fmt(Msg::ExchangeRecorded, &[&seq])));
                }
                Err(Refused::AlreadySent) => {
                    status = StatusCode::CONFLICT;
                    errors.add("form", t.t(Msg::FormAlreadySent));
                }
                Err(Refused::Journal(error)) => {
                    status = refusal_status(&error);
                    let (field, message) = command_error(t, &error);
                    errors.add(exchange_field(&error, &input, field), message);
                }
            }
            errors
        }
        Err(errors) => errors,
    };
    let page = exchange_form_page(&state, &viewer, form.values(), errors).await?;
    Ok((status, page).into_response())
}

// ---------------------------------------------------------------------------
// A bank fee.

#[derive(Deserialize, Default)]
struct FeeForm {
    #[serde(default)]
    form_token: String,
    #[serde(default)]
    account: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    currency: String,
}

async fn fee_form_page(
    state: &AppState,
    viewer: &Viewer,
    values: FeeValues,
    errors: FieldErrors,
) -> Result<maud::Markup, PageError> {
    let choices = choices(state).await?;
    let view = FeeFormView {
        chrome: viewer.chrome(),
        form_token: new_form_token(state, viewer).await?,
        values,
        errors,
        currencies: choices.currencies,
        accounts: choices.accounts,
    };
    Ok(strikefund_templates::treasurer::fee_form(&view))
}

async fn fee_page(State(state): State<AppState>, viewer: Viewer) -> Result<Response, PageError> {
    allow(&viewer, Action::RecordFee)?;
    let values = FeeValues { currency: "EUR".into(), ..FeeValues::default() };
    Ok(fee_form_page(&state, &viewer, values, FieldErrors::default()).await?.into_response())
}

async fn record_fee(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<FeeForm>,
) -> Result<Response, PageError> {
    allow(&viewer, Action::RecordFee)?;
    let t = viewer.tr();
    let directory = Directory::load(&state.db.pool).await?;
    let mut errors = FieldErrors::default();
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    let money = parse_money(t, (&form.amount, "amount"), (&form.currency, "currency"), &mut errors);
    let account = check_account(t, &directory, &form.account, money.as_ref(), "account", &mut errors);
    if let (Some(money), Some(account)) = (money, account)
        && errors.is_empty()
    {
        match submit_once(&state, &viewer, &form.form_token, Command::Fee { account, money }).await? {
            Ok(appended) => {
                let seq = appended.last().map_or(0, |e| e.seq).to_string();
                return Ok(done(&state, "/treasurer", &t.fmt(Msg::FeeRecorded, &[&seq])));
            }
            Err(Refused::AlreadySent) => {
                status = StatusCode::CONFLICT;
                errors.add("form", t.t(Msg::FormAlreadySent));
            }
            Err(Refused::Journal(error)) => {
                status = refusal_status(&error);
                let (field, message) = command_error(t, &error);
                let field = if matches!(error, CommandError::EnvelopeWouldGoBelowZero { .. }) {
                    "amount"
                } else {
                    field
                };
                errors.add(field, message);
            }
        }
    }
    let values = FeeValues {
        account: kept(&form.account, 128),
        amount: kept(&form.amount, 32),
        currency: kept(&form.currency, 10),
    };
    let page = fee_form_page(&state, &viewer, values, errors).await?;
    Ok((status, page).into_response())
}

// ---------------------------------------------------------------------------
// A reversal.

#[derive(Deserialize, Default)]
struct ReverseForm {
    #[serde(default)]
    seq: String,
    #[serde(default)]
    reason: String,
}

async fn reverse_form_page(
    state: &AppState,
    viewer: &Viewer,
    values: ReverseValues,
    errors: FieldErrors,
) -> Result<maud::Markup, PageError> {
    let view = ReverseFormView {
        chrome: viewer.chrome(),
        values,
        errors,
        movements: movement_rows(state, viewer).await?,
    };
    Ok(strikefund_templates::treasurer::reverse_form(&view))
}

#[derive(Deserialize)]
struct SeqQuery {
    seq: Option<String>,
}

async fn reverse_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<SeqQuery>,
) -> Result<Response, PageError> {
    allow(&viewer, Action::Reverse)?;
    let seq = query.seq.as_deref().and_then(|s| s.trim().parse::<u64>().ok()).map(|s| s.to_string());
    let values = ReverseValues { seq: seq.unwrap_or_default(), reason: String::new() };
    Ok(reverse_form_page(&state, &viewer, values, FieldErrors::default()).await?.into_response())
}

async fn record_reversal(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<ReverseForm>,
) -> Result<Response, PageError> {
    allow(&viewer, Action::Reverse)?;
    let t = viewer.tr();
    let mut errors = FieldErrors::default();
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    let seq = form.seq.trim().parse::<u64>().ok().filter(|s| *s > 0);
    if seq.is_none() {
        errors.add("seq", t.t(Msg::SeqInvalid));
    }
    if let Err(error) = check_text("reason", &form.reason, TEXT_CHARS_MAX, true) {
        let (field, message) = command_error(t, &error);
        errors.add(field, message);
    }
    if let Some(seq) = seq
        && errors.is_empty()
    {
        let command = Command::Reverse { seq, reason: form.reason.trim().to_string() };
        match state.journal.submit(Actor::user(viewer.user_id()), command).await {
            Ok(appended) => {
                let by = appended.last().map_or(0, |e| e.seq).to_string();
                return Ok(done(
                    &state,
                    "/treasurer",
                    &t.fmt(Msg::ReversalRecorded, &[&seq.to_string(), &by]),
                ));
            }
            Err(error) => {
                status = refusal_status(&error);
                let (field, message) = command_error(t, &error);
                errors.add(field, message);
            }
        }
    }
    let values = ReverseValues { seq: kept(&form.seq, 20), reason: kept(&form.reason, TEXT_CHARS_MAX) };
    let page = reverse_form_page(&state, &viewer, values, errors).await?;
    Ok((status, page).into_response())
}

//! The treasurer's pages: the payout queue and the payout form, the money
//! page, and the forms for donations, CSV imports, exchanges, fees and
//! reversals.

use maud::{Markup, html};

use crate::app::{
    Chrome, FieldErrors, Input, app_page, category_label, csrf_field, form_error, input, method_label,
    select, state_label, textarea,
};
use crate::i18n::{Msg, Tr};

pub struct PayoutRow {
    pub claim_href: String,
    pub pay_href: Option<String>,
    pub id: String,
    pub committee: String,
    pub worker: String,
    pub category: String,
    pub amount: String,
    pub remaining: String,
    pub state: String,
}

pub struct PayoutQueueView {
    pub chrome: Chrome,
    pub rows: Vec<PayoutRow>,
    pub truncated: bool,
}

pub fn queue(view: &PayoutQueueView) -> Markup {
    let t = view.chrome.tr();
    app_page(
        &view.chrome,
        t.t(Msg::PayoutQueue),
        html! {
            h1 { (t.t(Msg::PayoutQueue)) }
            @if view.rows.is_empty() {
                p { (t.t(Msg::NothingToPay)) }
            } @else {
                div.table-wrap {
                    table.payouts {
                        thead { tr {
                            th scope="col" { (t.t(Msg::Claim)) }
                            th scope="col" { (t.t(Msg::Committee)) }
                            th scope="col" { (t.t(Msg::Worker)) }
                            th scope="col" { (t.t(Msg::Category)) }
                            th.num scope="col" { (t.t(Msg::Remaining)) }
                            th scope="col" { (t.t(Msg::State)) }
                            th scope="col" {}
                        } }
                        tbody {
                            @for row in &view.rows {
                                tr data-claim=(row.id) {
                                    td { a href=(row.claim_href) { (row.id) } }
                                    td { (row.committee) }
                                    td { (row.worker) }
                                    td { (t.t(category_label(&row.category))) }
                                    td.num { (row.remaining) " / " (row.amount) }
                                    td { (t.t(state_label(&row.state))) }
                                    td { @if let Some(href) = &row.pay_href { a href=(href) { (t.t(Msg::Pay)) } } }
                                }
                            }
                        }
                    }
                }
                @if view.truncated { p.hint { (t.t(Msg::QueueTruncated)) } }
            }
        },
    )
}

#[derive(Debug, Default, Clone)]
pub struct PayoutValues {
    pub amount: String,
    pub account: String,
    pub method: String,
    pub paid_on: String,
    pub reference: String,
}

pub struct PayoutFormView {
    pub chrome: Chrome,
    pub claim_href: String,
    pub id: String,
    pub worker: String,
    pub committee: String,
    pub amount: String,
    pub remaining: String,
    pub currency: String,
    /// Holding accounts open for the claim's currency.
    pub accounts: Vec<String>,
    /// Whom to pay: the worker's name and payment details, or why not shown.
    pub payee: Payee,
    pub values: PayoutValues,
    pub errors: FieldErrors,
    /// One-time token: a form sent twice (a double tap, a retried request)
    /// records one payout.
    pub form_token: String,
}

/// The worker's name and payment details on the payout form.
pub enum Payee {
    /// Not on file (the committee keeps them), or the viewer may not see them.
    NotShown,
    KeyMissing,
    Unreadable,
    Erased,
    Shown {
        full_name: String,
        payment: String,
    },
}

fn payee(view: &PayoutFormView) -> Markup {
    let t = view.chrome.tr();
    html! {
        @match &view.payee {
            Payee::NotShown => {}
            Payee::KeyMissing => { p.error.key-missing role="status" { (t.t(Msg::DataKeyMissing)) } }
            Payee::Unreadable => { p.error role="status" { (t.t(Msg::PrivateUnreadable)) } }
            Payee::Erased => { p.muted.erased { (t.t(Msg::PersonalDataErased)) } }
            Payee::Shown { full_name, payment } => {
                dl.facts.payee {
                    dt { (t.t(Msg::FullName)) } dd.full-name { (full_name) }
                    @if !payment.is_empty() { dt { (t.t(Msg::PaymentDetails)) } dd.payment { (payment) } }
                }
            }
        }
    }
}

pub const METHODS: &[&str] = &["bank_transfer", "card", "cash", "crypto"];

pub fn payout_form(view: &PayoutFormView) -> Markup {
    let t = view.chrome.tr();
    let v = &view.values;
    let e = &view.errors;
    let accounts: Vec<(String, String)> = view.accounts.iter().map(|a| (a.clone(), a.clone())).collect();
    let methods: Vec<(String, String)> =
        METHODS.iter().map(|m| (m.to_string(), t.t(method_label(m)).to_string())).collect();
    let amount_label = format!("{} ({})", t.t(Msg::Amount), view.currency);
    let amount =
        Input { hint: Some(t.t(Msg::InstallmentHint)), ..Input::text("amount", &amount_label, &v.amount) };
    let paid_on = Input { kind: "date", ..Input::text("paid_on", t.t(Msg::PaidOn), &v.paid_on) };
    let reference = Input {
        hint: Some(t.t(Msg::ReferencePrivate)),
        ..Input::text("reference", t.t(Msg::Reference), &v.reference)
    };
    app_page(
        &view.chrome,
        t.t(Msg::RecordPayout),
        html! {
            p.crumbs { a href="/treasurer/payouts" { (t.t(Msg::PayoutQueue)) } }
            h1 { (t.t(Msg::RecordPayout)) }
            dl.facts {
                dt { (t.t(Msg::Claim)) } dd { a href=(view.claim_href) { (view.id) } }
                dt { (t.t(Msg::Committee)) } dd { (view.committee) }
                dt { (t.t(Msg::Worker)) } dd { (view.worker) }
                dt { (t.t(Msg::Amount)) } dd { (view.amount) }
                dt { (t.t(Msg::Remaining)) } dd.remaining { (view.remaining) }
            }
            (payee(view))
            (form_error(e))
            form.stack method="post" action={ "/treasurer/payouts/" (view.id) } {
                (csrf_field(&view.chrome.csrf))
                (form_token_field(&view.form_token))
                (input(amount, e))
                (select("account", t.t(Msg::PaidFrom), &accounts, &v.account, e))
                (select("method", t.t(Msg::Method), &methods, &v.method, e))
                (input(paid_on, e))
                (input(reference, e))
                button type="submit" class="primary" { (t.t(Msg::RecordPayout)) }
            }
        },
    )
}

/// One holding account's balance in one currency.
pub struct HoldingRow {
    pub account: String,
    pub currency: String,
    pub amount: String,
}

/// One money entry of the journal, as the treasurer's pages list it.
pub struct MovementRow {
    pub seq: u64,
    pub day: String,
    /// The entry's kind code (`donation`, `fee`, …).
    pub kind: String,
    /// Each posting as `account amount currency`, debits positive.
    pub postings: Vec<String>,
    /// The entry that reversed this one, if any.
    pub reversed_by: Option<u64>,
    /// Where to reverse it, when it can be and the viewer may.
    pub reverse_href: Option<String>,
}

pub struct MoneyHomeView {
    pub chrome: Chrome,
    /// Whether the viewer may record money movements (the treasurer).
    pub may_record: bool,
    pub holdings: Vec<HoldingRow>,
    /// The general fund (not yet allocated), per currency: (currency, amount).
    pub general: Vec<(String, String)>,
    pub movements: Vec<MovementRow>,
}

/// The label of a journal entry kind that moves money.
pub fn kind_label(code: &str) -> Msg {
    match code {
        "donation" => Msg::KindDonation,
        "allocation" => Msg::KindAllocation,
        "exchange" => Msg::KindExchange,
        "fee" => Msg::KindFee,
        "payout" => Msg::KindPayout,
        "reversal" => Msg::KindReversal,
        _ => Msg::Unknown,
    }
}

/// The forms the treasurer may open, as links.
fn money_links(t: Tr) -> Markup {
    html! {
        ul.shortcuts {
            li { a href="/treasurer/donations/new" { (t.t(Msg::RecordDonation)) } }
            li { a href=(IMPORT_HREF) { (t.t(Msg::ImportDonations)) } }
            li { a href="/treasurer/exchanges/new" { (t.t(Msg::RecordExchange)) } }
            li { a href="/treasurer/fees/new" { (t.t(Msg::RecordFee)) } }
            li { a href="/treasurer/reversals/new" { (t.t(Msg::ReverseEntry)) } }
            li { a href="/treasurer/payouts" { (t.t(Msg::PayoutQueue)) } }
        }
    }
}

/// Where the CSV upload form is.
pub const IMPORT_HREF: &str = "/treasurer/import";

/// A table of money entries, newest first.
pub fn movements_table(t: Tr, rows: &[MovementRow]) -> Markup {
    html! {
        @if rows.is_empty() {
            p { (t.t(Msg::NoMovements)) }
        } @else {
            div.table-wrap {
                table.movements {
                    thead { tr {
                        th.num scope="col" { (t.t(Msg::Entry)) }
                        th scope="col" { (t.t(Msg::Day)) }
                        th scope="col" { (t.t(Msg::Kind)) }
                        th scope="col" { (t.t(Msg::Postings)) }
                        th scope="col" {}
                    } }
                    tbody {
                        @for row in rows {
                            tr data-seq=(row.seq) {
                                td.num { (row.seq) }
                                td { (row.day) }
                                td { (t.t(kind_label(&row.kind))) }
                                td.postings { @for posting in &row.postings { code { (posting) } br; } }
                                td {
                                    @if let Some(by) = row.reversed_by {
                                        (t.fmt(Msg::ReversedByEntry, &[&by.to_string()]))
                                    } @else if let Some(href) = &row.reverse_href {
                                        a href=(href) { (t.t(Msg::ReverseThis)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub fn money_home(view: &MoneyHomeView) -> Markup {
    let t = view.chrome.tr();
    app_page(
        &view.chrome,
        t.t(Msg::MoneyTitle),
        html! {
            h1 { (t.t(Msg::MoneyTitle)) }
            @if view.may_record { (money_links(t)) }
            h2 { (t.t(Msg::Holdings)) }
            @if view.holdings.is_empty() {
                p { (t.t(Msg::NoHoldings)) }
            } @else {
                div.table-wrap {
                    table.holdings {
                        thead { tr {
                            th scope="col" { (t.t(Msg::MoneyAccount)) }
                            th scope="col" { (t.t(Msg::Currency)) }
                            th.num scope="col" { (t.t(Msg::Balance)) }
                        } }
                        tbody {
                            @for row in &view.holdings {
                                tr data-account=(row.account) data-currency=(row.currency) {
                                    td { code { (row.account) } }
                                    td { (row.currency) }
                                    td.num { (row.amount) }
                                }
                            }
                            @for (currency, amount) in &view.general {
                                tr.general data-currency=(currency) {
                                    td { (t.t(Msg::GeneralFund)) }
                                    td { (currency) }
                                    td.num { (amount) }
                                }
                            }
                        }
                    }
                }
            }
            h2 { (t.t(Msg::RecentMovements)) }
            (movements_table(t, &view.movements))
        },
    )
}

fn back_to_money(t: Tr) -> Markup {
    html! { p.crumbs { a href="/treasurer" { (t.t(Msg::MoneyTitle)) } } }
}

/// What the donation form holds.
#[derive(Debug, Default, Clone)]
pub struct DonationValues {
    pub received_on: String,
    pub amount: String,
    pub currency: String,
    pub account: String,
    pub reference: String,
    pub earmark: String,
    pub donor: String,
}

/// A donation just recorded (or found recorded before), shown above the form.
pub struct SavedDonation {
    pub receipt: String,
    pub amount: String,
    /// True when the same donation had been recorded before: nothing was added.
    pub replayed: bool,
}

pub struct DonationFormView {
    pub chrome: Chrome,
    pub values: DonationValues,
    pub errors: FieldErrors,
    pub currencies: Vec<String>,
    /// Open holding accounts: (account, label with its currencies).
    pub accounts: Vec<(String, String)>,
    /// Committees a donation may be earmarked for: (slug, name).
    pub committees: Vec<(String, String)>,
    pub saved: Option<SavedDonation>,
}

fn options(values: &[String]) -> Vec<(String, String)> {
    values.iter().map(|v| (v.clone(), v.clone())).collect()
}

pub fn donation_form(view: &DonationFormView) -> Markup {
    let t = view.chrome.tr();
    let v = &view.values;
    let e = &view.errors;
    let received_on =
        Input { kind: "date", ..Input::text("received_on", t.t(Msg::ReceivedOn), &v.received_on) };
    let amount =
        Input { hint: Some(t.t(Msg::AmountFormat)), ..Input::text("amount", t.t(Msg::Amount), &v.amount) };
    let reference = Input {
        hint: Some(t.t(Msg::BankReferenceHint)),
        ..Input::text("reference", t.t(Msg::BankReference), &v.reference)
    };
    let donor =
        Input { hint: Some(t.t(Msg::DonorHint)), ..Input::text("donor", t.t(Msg::DonorName), &v.donor) };
    let mut earmarks = vec![(String::new(), t.t(Msg::EarmarkNone).to_string())];
    earmarks.extend(view.committees.iter().cloned());
    app_page(
        &view.chrome,
        t.t(Msg::RecordDonation),
        html! {
            (back_to_money(t))
            h1 { (t.t(Msg::RecordDonation)) }
            @if let Some(saved) = &view.saved {
                @let msg = if saved.replayed { Msg::DonationAlreadyRecorded } else { Msg::DonationRecorded };
                p.notice.saved role="status" {
                    (t.fmt(msg, &[&saved.amount, &saved.receipt])) " "
                    a.receipt href={ "/receipt/" (saved.receipt) } data-receipt=(saved.receipt) { (t.t(Msg::ShowReceipt)) }
                }
            }
            (form_error(e))
            form.stack method="post" action="/treasurer/donations" {
                (csrf_field(&view.chrome.csrf))
                (input(received_on, e))
                (input(amount, e))
                (select("currency", t.t(Msg::Currency), &options(&view.currencies), &v.currency, e))
                (select("account", t.t(Msg::ReceivedInto), &view.accounts, &v.account, e))
                (input(reference, e))
                (select("earmark", t.t(Msg::Earmark), &earmarks, &v.earmark, e))
                (input(donor, e))
                button type="submit" class="primary" { (t.t(Msg::RecordDonation)) }
            }
        },
    )
}

/// What an import did or would do.
pub struct ImportSummary {
    pub dry_run: bool,
    pub rows: usize,
    pub added: usize,
    pub already_recorded: usize,
}

/// A bad line of an uploaded file: its number and each problem as `field: reason`.
pub struct BadLineView {
    pub line: u64,
    pub problems: Vec<String>,
}

pub struct ImportView {
    pub chrome: Chrome,
    /// The largest upload, for people (`20 MB`).
    pub size_max: String,
    pub errors: FieldErrors,
    pub summary: Option<ImportSummary>,
    /// The first bad lines of a refused file.
    pub bad_lines: Vec<BadLineView>,
    /// How many bad lines the file has (more than `bad_lines` when there are many).
    pub bad_lines_total: usize,
}

pub fn import_form(view: &ImportView) -> Markup {
    let t = view.chrome.tr();
    let e = &view.errors;
    let file_error = e.get("file");
    app_page(
        &view.chrome,
        t.t(Msg::ImportTitle),
        html! {
            (back_to_money(t))
            h1 { (t.t(Msg::ImportTitle)) }
            p.hint { (t.t(Msg::ImportExplain)) }
            @if let Some(summary) = &view.summary {
                @let counts = [summary.rows.to_string(), summary.added.to_string(), summary.already_recorded.to_string()];
                @let counts: Vec<&str> = counts.iter().map(String::as_str).collect();
                @if summary.dry_run {
                    p.notice.preview role="status" { (t.fmt(Msg::ImportPreview, &counts)) }
                    @if summary.added > 0 { p { (t.t(Msg::ImportChooseAgain)) } }
                } @else {
                    p.notice role="status" { (t.fmt(Msg::ImportDone, &counts)) }
                }
            }
            @if !view.bad_lines.is_empty() {
                p.error role="alert" { (t.fmt(Msg::ImportBadLines, &[&view.bad_lines_total.to_string()])) }
                @if view.bad_lines_total > view.bad_lines.len() {
                    p.hint { (t.fmt(Msg::BadLinesTruncated, &[&view.bad_lines.len().to_string()])) }
                }
                div.table-wrap {
                    table.bad-lines {
                        thead { tr { th.num scope="col" { (t.t(Msg::Line)) } th scope="col" { (t.t(Msg::Problem)) } } }
                        tbody {
                            @for bad in &view.bad_lines {
                                tr data-line=(bad.line) {
                                    td.num { (bad.line) }
                                    td { @for (i, problem) in bad.problems.iter().enumerate() { @if i > 0 { "; " } (problem) } }
                                }
                            }
                        }
                    }
                }
            }
            (form_error(e))
            form.stack method="post" action=(IMPORT_HREF) enctype="multipart/form-data" {
                (csrf_field(&view.chrome.csrf))
                div.field {
                    label for="file" { (t.fmt(Msg::CsvFile, &[&view.size_max])) }
                    input id="file" name="file" type="file" accept=".csv,text/csv" required
                        aria-invalid=[file_error.map(|_| "true")]
                        aria-describedby=[file_error.map(|_| "file-error")];
                    @if let Some(message) = file_error { p.error id="file-error" { (message) } }
                }
                div.buttons {
                    button type="submit" name="mode" value="preview" { (t.t(Msg::CheckOnly)) }
                    " "
                    button type="submit" name="mode" value="import" class="primary" { (t.t(Msg::ImportNow)) }
                }
            }
        },
    )
}

/// The hidden one-time token of a form that records a movement.
fn form_token_field(token: &str) -> Markup {
    html! { input type="hidden" name="form_token" value=(token); }
}

/// What the exchange form holds.
#[derive(Debug, Default, Clone)]
pub struct ExchangeValues {
    pub from_account: String,
    pub from_amount: String,
    pub from_currency: String,
    pub to_account: String,
    pub to_amount: String,
    pub to_currency: String,
    pub committee: String,
}

pub struct ExchangeFormView {
    pub chrome: Chrome,
    /// The form's one-time token: a second post of the same form records nothing.
    pub form_token: String,
    pub values: ExchangeValues,
    pub errors: FieldErrors,
    pub currencies: Vec<String>,
    pub accounts: Vec<(String, String)>,
    pub committees: Vec<(String, String)>,
}

pub fn exchange_form(view: &ExchangeFormView) -> Markup {
    let t = view.chrome.tr();
    let v = &view.values;
    let e = &view.errors;
    let currencies = options(&view.currencies);
    let mut envelopes = vec![(String::new(), t.t(Msg::GeneralFund).to_string())];
    envelopes.extend(view.committees.iter().cloned());
    let envelope_hint = t.t(Msg::ExchangeEnvelopeHint);
    app_page(
        &view.chrome,
        t.t(Msg::RecordExchange),
        html! {
            (back_to_money(t))
            h1 { (t.t(Msg::RecordExchange)) }
            (form_error(e))
            form.stack method="post" action="/treasurer/exchanges" {
                (csrf_field(&view.chrome.csrf))
                (form_token_field(&view.form_token))
                fieldset {
                    legend { (t.t(Msg::ExchangeFrom)) }
                    (select("from_account", t.t(Msg::MoneyAccount), &view.accounts, &v.from_account, e))
                    (input(Input::text("from_amount", t.t(Msg::Amount), &v.from_amount), e))
                    (select("from_currency", t.t(Msg::Currency), &currencies, &v.from_currency, e))
                }
                fieldset {
                    legend { (t.t(Msg::ExchangeTo)) }
                    (select("to_account", t.t(Msg::MoneyAccount), &view.accounts, &v.to_account, e))
                    (input(Input::text("to_amount", t.t(Msg::Amount), &v.to_amount), e))
                    (select("to_currency", t.t(Msg::Currency), &currencies, &v.to_currency, e))
                }
                (select("committee", t.t(Msg::ExchangeEnvelope), &envelopes, &v.committee, e))
                p.hint { (envelope_hint) }
                button type="submit" class="primary" { (t.t(Msg::RecordExchange)) }
            }
        },
    )
}

/// What the fee form holds.
#[derive(Debug, Default, Clone)]
pub struct FeeValues {
    pub account: String,
    pub amount: String,
    pub currency: String,
}

pub struct FeeFormView {
    pub chrome: Chrome,
    /// The form's one-time token: a second post of the same form records nothing.
    pub form_token: String,
    pub values: FeeValues,
    pub errors: FieldErrors,
    pub currencies: Vec<String>,
    pub accounts: Vec<(String, String)>,
}

pub fn fee_form(view: &FeeFormView) -> Markup {
    let t = view.chrome.tr();
    let v = &view.values;
    let e = &view.errors;
    app_page(
        &view.chrome,
        t.t(Msg::RecordFee),
        html! {
            (back_to_money(t))
            h1 { (t.t(Msg::RecordFee)) }
            p.hint { (t.t(Msg::FeeExplain)) }
            (form_error(e))
            form.stack method="post" action="/treasurer/fees" {
                (csrf_field(&view.chrome.csrf))
                (form_token_field(&view.form_token))
                (select("account", t.t(Msg::FeeAccount), &view.accounts, &v.account, e))
                (input(Input::text("amount", t.t(Msg::Amount), &v.amount), e))
                (select("currency", t.t(Msg::Currency), &options(&view.currencies), &v.currency, e))
                button type="submit" class="primary" { (t.t(Msg::RecordFee)) }
            }
        },
    )
}

/// What the reversal form holds.
#[derive(Debug, Default, Clone)]
pub struct ReverseValues {
    pub seq: String,
    pub reason: String,
}

pub struct ReverseFormView {
    pub chrome: Chrome,
    pub values: ReverseValues,
    pub errors: FieldErrors,
    /// Recent money entries, to find the one to reverse.
    pub movements: Vec<MovementRow>,
}

pub fn reverse_form(view: &ReverseFormView) -> Markup {
    let t = view.chrome.tr();
    let v = &view.values;
    let e = &view.errors;
    let seq = Input { kind: "number", ..Input::text("seq", t.t(Msg::EntrySeq), &v.seq) };
    app_page(
        &view.chrome,
        t.t(Msg::ReverseEntry),
        html! {
            (back_to_money(t))
            h1 { (t.t(Msg::ReverseEntry)) }
            p.hint { (t.t(Msg::ReverseExplain)) }
            (form_error(e))
            form.stack method="post" action="/treasurer/reversals" {
                (csrf_field(&view.chrome.csrf))
                (input(seq, e))
                (textarea("reason", t.t(Msg::Reason), &v.reason, Some(t.t(Msg::ReasonPrivate)), e))
                button type="submit" class="danger" { (t.t(Msg::ReverseEntry)) }
            }
            h2 { (t.t(Msg::RecentMovements)) }
            (movements_table(t, &view.movements))
        },
    )
}

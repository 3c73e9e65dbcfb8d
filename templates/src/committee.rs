//! Committee pages: the start page, a committee's home with its claim
//! queue, a claim with its history, and the new claim form.

use maud::{Markup, html};

use crate::app::{
    Chrome, FieldErrors, Input, app_page, button_form, category_label, csrf_field, form_error, input, select,
    state_label, textarea,
};
use crate::i18n::Msg;

/// A committee in a list.
pub struct CommitteeLink {
    pub href: String,
    pub name: String,
    pub open_claims: u64,
}

pub struct StartView {
    pub chrome: Chrome,
    pub committees: Vec<CommitteeLink>,
    /// Links to the role's other pages (payout queue, administration).
    pub shortcuts: Vec<(String, Msg)>,
}

/// The first page after logging in.
pub fn start(view: &StartView) -> Markup {
    let t = view.chrome.tr();
    app_page(
        &view.chrome,
        t.t(Msg::Start),
        html! {
            h1 { (t.t(Msg::Committees)) }
            @if view.committees.is_empty() {
                p { (t.t(Msg::NoCommittees)) }
            }
            ul.cards {
                @for committee in &view.committees {
                    li {
                        a href=(committee.href) { (committee.name) }
                        " · " (t.fmt(Msg::OpenClaimsCount, &[&committee.open_claims.to_string()]))
                    }
                }
            }
            @if !view.shortcuts.is_empty() {
                ul.shortcuts {
                    @for (href, label) in &view.shortcuts {
                        li { a href=(href) { (t.t(*label)) } }
                    }
                }
            }
        },
    )
}

/// A committee's money in one currency, formatted for people.
pub struct BalanceRow {
    pub currency: String,
    pub available: String,
    pub reserved: String,
    pub paid: String,
}

/// A claim in a queue.
pub struct ClaimRow {
    pub href: String,
    pub id: String,
    pub worker: String,
    pub category: String,
    pub amount: String,
    pub state: String,
    pub approvals: u32,
    pub threshold: u32,
}

/// A proposal to add a member, waiting for approvals.
pub struct ProposalRow {
    pub id: String,
    pub username: String,
    pub approvals: u32,
    pub threshold: u32,
    /// Where this viewer posts an approval, when they may.
    pub approve_action: Option<String>,
}

pub struct CommitteeHomeView {
    pub chrome: Chrome,
    pub slug: String,
    pub name: String,
    pub threshold: u32,
    pub balances: Vec<BalanceRow>,
    pub state_filter: String,
    pub category_filter: String,
    pub claims: Vec<ClaimRow>,
    /// The queue was cut at its page size.
    pub truncated: bool,
    pub can_submit: bool,
    pub proposals: Vec<ProposalRow>,
}

/// The money table of a committee.
pub fn balances_table(chrome: &Chrome, rows: &[BalanceRow]) -> Markup {
    let t = chrome.tr();
    html! {
        @if rows.is_empty() {
            p { (t.t(Msg::NoMoneyYet)) }
        } @else {
            div.table-wrap {
                table.balances {
                    thead { tr {
                        th scope="col" { (t.t(Msg::Currency)) }
                        th.num scope="col" { (t.t(Msg::Available)) }
                        th.num scope="col" { (t.t(Msg::Reserved)) }
                        th.num scope="col" { (t.t(Msg::Paid)) }
                    } }
                    tbody {
                        @for row in rows {
                            tr data-currency=(row.currency) {
                                th scope="row" { (row.currency) }
                                td.num.available { (row.available) }
                                td.num.reserved { (row.reserved) }
                                td.num.paid { (row.paid) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn filter_options(chrome: &Chrome, codes: &[&str], label: fn(&str) -> Msg) -> Vec<(String, String)> {
    let t = chrome.tr();
    let mut options = vec![(String::new(), t.t(Msg::All).to_string())];
    options.extend(codes.iter().map(|c| (c.to_string(), t.t(label(c)).to_string())));
    options
}

/// Every claim state code, in the order of a claim's life.
pub const STATES: &[&str] = &["submitted", "approved", "partially_paid", "paid", "rejected", "cancelled"];

/// Every category code.
pub const CATEGORIES: &[&str] =
    &["dismissal", "hardship", "legal_aid", "medical", "fines", "children", "other"];

/// The claim queue table.
pub fn claims_table(chrome: &Chrome, claims: &[ClaimRow]) -> Markup {
    let t = chrome.tr();
    html! {
        @if claims.is_empty() {
            p { (t.t(Msg::NoClaims)) }
        } @else {
            div.table-wrap {
                table.claims {
                    thead { tr {
                        th scope="col" { (t.t(Msg::Claim)) }
                        th scope="col" { (t.t(Msg::Worker)) }
                        th scope="col" { (t.t(Msg::Category)) }
                        th.num scope="col" { (t.t(Msg::Amount)) }
                        th scope="col" { (t.t(Msg::State)) }
                    } }
                    tbody {
                        @for claim in claims {
                            tr data-claim=(claim.id) {
                                td { a href=(claim.href) { (claim.id) } }
                                td { (claim.worker) }
                                td { (t.t(category_label(&claim.category))) }
                                td.num { (claim.amount) }
                                td.state {
                                    (t.t(state_label(&claim.state)))
                                    @if claim.state == "submitted" {
                                        " (" (claim.approvals) "/" (claim.threshold) ")"
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

pub fn committee_home(view: &CommitteeHomeView) -> Markup {
    let t = view.chrome.tr();
    let csrf = &view.chrome.csrf;
    let no_errors = FieldErrors::default();
    app_page(
        &view.chrome,
        &view.name,
        html! {
            h1 { (view.name) }
            p.lead { (t.fmt(Msg::ThresholdExplain, &[&view.threshold.to_string()])) }
            section aria-labelledby="money" {
                h2 id="money" { (t.t(Msg::Money)) }
                (balances_table(&view.chrome, &view.balances))
            }
            @if view.can_submit {
                p { a.button href={ "/c/" (view.slug) "/claims/new" } { (t.t(Msg::NewClaim)) } }
            }
            @if !view.proposals.is_empty() {
                section aria-labelledby="proposals" {
                    h2 id="proposals" { (t.t(Msg::MemberProposals)) }
                    ul {
                        @for proposal in &view.proposals {
                            li {
                                (proposal.username) " · " (proposal.approvals) "/" (proposal.threshold) " "
                                @if let Some(action) = &proposal.approve_action {
                                    (button_form(action, csrf, t.t(Msg::ApproveMember), "small"))
                                }
                            }
                        }
                    }
                }
            }
            section aria-labelledby="queue" {
                h2 id="queue" { (t.t(Msg::Claims)) }
                form.filters method="get" action={ "/c/" (view.slug) } {
                    (select("state", t.t(Msg::State), &filter_options(&view.chrome, STATES, state_label), &view.state_filter, &no_errors))
                    (select("category", t.t(Msg::Category), &filter_options(&view.chrome, CATEGORIES, category_label), &view.category_filter, &no_errors))
                    button type="submit" { (t.t(Msg::Filter)) }
                }
                (claims_table(&view.chrome, &view.claims))
                @if view.truncated { p.hint { (t.t(Msg::QueueTruncated)) } }
            }
        },
    )
}

/// One entry of a claim's history.
pub struct HistoryRow {
    pub seq: u64,
    pub at: String,
    pub actor: String,
    pub kind: String,
    /// Why an approval was refused (a denial reason code).
    pub reason: Option<String>,
    /// Approvals so far, for approvals: (count, threshold).
    pub approvals: Option<(u32, u32)>,
    /// The amount moved, for reservations, payouts and releases.
    pub amount: Option<String>,
}

pub struct ClaimView {
    pub chrome: Chrome,
    pub committee_href: String,
    pub committee_name: String,
    pub id: String,
    pub worker: String,
    pub category: String,
    pub amount: String,
    pub paid: String,
    pub remaining: String,
    pub state: String,
    pub approvals: u32,
    pub threshold: u32,
    pub submitted_by: String,
    /// The notes and the worker's details, for those who may read them.
    pub private: PrivateView,
    /// Other claims for the same person, for those who may read private data.
    pub same_person: Vec<SamePersonRow>,
    /// Approving needs an override reason (another dismissal grant).
    pub needs_override: bool,
    pub override_reason: String,
    pub history: Vec<HistoryRow>,
    pub can_approve: bool,
    pub can_reject: bool,
    pub can_cancel: bool,
    pub payout_href: Option<String>,
    pub errors: FieldErrors,
    pub reason: String,
}

/// A worker's private details, as typed.
pub struct PersonView {
    pub full_name: String,
    pub contact: String,
    pub document: String,
    pub payment: String,
}

/// What a claim page shows of sealed data.
pub enum PrivateView {
    /// The viewer may not read private data.
    Hidden,
    /// The server runs without its data key.
    KeyMissing,
    /// The loaded key does not open the records.
    Unreadable,
    Shown {
        notes: Option<String>,
        person: Option<PersonView>,
        /// The worker's details were erased.
        erased: bool,
    },
}

/// Another claim for the same person.
pub struct SamePersonRow {
    pub worker: String,
    pub category: String,
    pub state: String,
    /// A link when the claim is in the viewer's committee; another
    /// committee's claim is named by pseudonym and state only.
    pub href: Option<String>,
}

fn kind_label(kind: &str) -> Msg {
    match kind {
        "claim_submitted" => Msg::EventSubmitted,
        "claim_approval" => Msg::EventApproval,
        "claim_approval_denied" => Msg::EventApprovalDenied,
        "claim_approved" => Msg::EventReserved,
        "claim_rejected" => Msg::EventRejected,
        "claim_cancelled" => Msg::EventCancelled,
        "payout" => Msg::EventPayout,
        "reversal" => Msg::EventReversal,
        _ => Msg::Unknown,
    }
}

/// The sentence for a denial reason code.
pub fn denial_label(reason: &str) -> Msg {
    match reason {
        "submitter_cannot_approve" => Msg::DeniedSubmitter,
        "already_approved" => Msg::DeniedAlreadyApproved,
        "claim_not_open" => Msg::DeniedNotOpen,
        "not_a_member" => Msg::DeniedNotAMember,
        "duplicate_needs_override" => Msg::DeniedDuplicate,
        _ => Msg::Unknown,
    }
}

fn history(view: &ClaimView) -> Markup {
    let t = view.chrome.tr();
    html! {
        ol.history {
            @for row in &view.history {
                li class=(row.kind) data-seq=(row.seq) {
                    strong { (t.t(kind_label(&row.kind))) }
                    @if let Some((count, threshold)) = row.approvals { " " (count) "/" (threshold) }
                    @if let Some(amount) = &row.amount { " · " (amount) }
                    @if let Some(reason) = &row.reason { " · " span.denied { (t.t(denial_label(reason))) } }
                    br;
                    small { (row.at) " · " (row.actor) " · #" (row.seq) }
                }
            }
        }
    }
}

fn claim_facts(view: &ClaimView) -> Markup {
    let t = view.chrome.tr();
    html! {
        dl.facts {
            dt { (t.t(Msg::State)) } dd.state { (t.t(state_label(&view.state))) }
            dt { (t.t(Msg::Worker)) } dd { (view.worker) }
            dt { (t.t(Msg::Category)) } dd { (t.t(category_label(&view.category))) }
            dt { (t.t(Msg::Amount)) } dd { (view.amount) }
            dt { (t.t(Msg::Approvals)) } dd.approvals { (view.approvals) "/" (view.threshold) }
            dt { (t.t(Msg::Paid)) } dd.paid { (view.paid) }
            dt { (t.t(Msg::Remaining)) } dd { (view.remaining) }
            dt { (t.t(Msg::SubmittedBy)) } dd { (view.submitted_by) }
            @if let PrivateView::Shown { notes: Some(notes), .. } = &view.private {
                dt { (t.t(Msg::Notes)) } dd.notes { (notes) }
            }
        }
    }
}

/// The worker's details, or why they cannot be shown.
fn private_details(view: &ClaimView) -> Markup {
    let t = view.chrome.tr();
    html! {
        @match &view.private {
            PrivateView::Hidden => {}
            PrivateView::KeyMissing => { p.error.key-missing role="status" { (t.t(Msg::DataKeyMissing)) } }
            PrivateView::Unreadable => { p.error role="status" { (t.t(Msg::PrivateUnreadable)) } }
            PrivateView::Shown { erased: true, .. } => { p.muted.erased { (t.t(Msg::PersonalDataErased)) } }
            PrivateView::Shown { person: Some(person), .. } => {
                section.personal aria-labelledby="personal" {
                    h2 id="personal" { (t.t(Msg::PersonalData)) }
                    dl.facts {
                        dt { (t.t(Msg::FullName)) } dd.full-name { (person.full_name) }
                        dt { (t.t(Msg::DocumentNumber)) } dd.document { (person.document) }
                        @if !person.contact.is_empty() { dt { (t.t(Msg::ContactDetails)) } dd.contact { (person.contact) } }
                        @if !person.payment.is_empty() { dt { (t.t(Msg::PaymentDetails)) } dd.payment { (person.payment) } }
                    }
                }
            }
            PrivateView::Shown { .. } => {}
        }
    }
}

/// The warning that the same person has other claims.
fn same_person(view: &ClaimView) -> Markup {
    let t = view.chrome.tr();
    html! {
        @if !view.same_person.is_empty() {
            section.same-person role="alert" aria-labelledby="same-person" {
                h2.warning id="same-person" { (t.t(Msg::SamePersonWarning)) }
                p { (t.t(Msg::SamePersonExplain)) }
                ul {
                    @for row in &view.same_person {
                        li data-worker=(row.worker) data-state=(row.state) {
                            @match &row.href {
                                Some(href) => { a href=(href) { (row.worker) } }
                                None => { (row.worker) }
                            }
                            ": " (t.t(category_label(&row.category))) ", " (t.t(state_label(&row.state)))
                            " (" (t.t(if row.href.is_some() { Msg::ThisCommittee } else { Msg::AnotherCommittee })) ")"
                        }
                    }
                }
            }
        }
    }
}

fn claim_actions(view: &ClaimView) -> Markup {
    let t = view.chrome.tr();
    let csrf = &view.chrome.csrf;
    let base = format!("{}/claims/{}", view.committee_href, view.id);
    html! {
        @if view.can_approve && view.needs_override {
            form.stack method="post" action={ (base) "/approve" } {
                (csrf_field(csrf))
                (textarea("override_reason", t.t(Msg::OverrideReason), &view.override_reason, Some(t.t(Msg::OverrideHint)), &view.errors))
                button type="submit" class="primary" { (t.t(Msg::Approve)) }
            }
        } @else if view.can_approve {
            (button_form(&format!("{base}/approve"), csrf, t.t(Msg::Approve), "primary"))
        }
        @if let Some(href) = &view.payout_href {
            p { a.button href=(href) { (t.t(Msg::RecordPayout)) } }
        }
        @if view.can_reject || view.can_cancel {
            @let (action, label) = if view.can_reject {
                (format!("{base}/reject"), t.t(Msg::Reject))
            } else {
                (format!("{base}/cancel"), t.t(Msg::CancelClaim))
            };
            form.stack method="post" action=(action) {
                (csrf_field(csrf))
                (textarea("reason", t.t(Msg::Reason), &view.reason, Some(t.t(Msg::ReasonPrivate)), &view.errors))
                button type="submit" class="danger" { (label) }
            }
        }
    }
}

pub fn claim(view: &ClaimView) -> Markup {
    let t = view.chrome.tr();
    app_page(
        &view.chrome,
        &view.id,
        html! {
            p.crumbs { a href=(view.committee_href) { (view.committee_name) } }
            h1 { (t.t(Msg::Claim)) " " (view.id) }
            (form_error(&view.errors))
            (same_person(view))
            (claim_facts(view))
            (private_details(view))
            section.actions { (claim_actions(view)) }
            h2 { (t.t(Msg::History)) }
            (history(view))
        },
    )
}

/// What the new claim form holds. New private worker fields go here and in
/// `claim_form`, one line each.
#[derive(Debug, Default, Clone)]
pub struct ClaimFormValues {
    pub worker: String,
    pub full_name: String,
    pub contact: String,
    pub document: String,
    pub payment: String,
    pub category: String,
    pub amount: String,
    pub currency: String,
    pub notes: String,
}

pub struct ClaimFormView {
    pub chrome: Chrome,
    pub committee_href: String,
    pub committee_name: String,
    pub values: ClaimFormValues,
    pub currencies: Vec<String>,
    /// The dismissal grant, e.g. "1,500.00 EUR", for the hint.
    pub dismissal_grant: String,
    /// The server runs without its data key: personal data cannot be recorded.
    pub key_missing: bool,
    pub errors: FieldErrors,
}

pub fn claim_form(view: &ClaimFormView) -> Markup {
    let t = view.chrome.tr();
    let v = &view.values;
    let categories: Vec<(String, String)> =
        CATEGORIES.iter().map(|c| (c.to_string(), t.t(category_label(c)).to_string())).collect();
    let currencies: Vec<(String, String)> = view.currencies.iter().map(|c| (c.clone(), c.clone())).collect();
    let worker = Input {
        hint: Some(t.t(Msg::WorkerHint)),
        ..Input::text("worker", t.t(Msg::WorkerPseudonym), &v.worker)
    };
    let grant_hint = t.fmt(Msg::AmountHint, &[&view.dismissal_grant]);
    let amount = Input { hint: Some(&grant_hint), ..Input::text("amount", t.t(Msg::Amount), &v.amount) };
    app_page(
        &view.chrome,
        t.t(Msg::NewClaim),
        html! {
            p.crumbs { a href=(view.committee_href) { (view.committee_name) } }
            h1 { (t.t(Msg::NewClaim)) }
            (form_error(&view.errors))
            @if view.key_missing { p.error.key-missing role="status" { (t.t(Msg::DataKeyMissing)) } }
            form.stack method="post" action={ (view.committee_href) "/claims" } {
                (csrf_field(&view.chrome.csrf))
                (input(worker, &view.errors))
                fieldset.new-worker {
                    legend { (t.t(Msg::NewWorker)) }
                    p.hint { (t.t(Msg::NewWorkerHint)) }
                    (input(Input::text("full_name", t.t(Msg::FullName), &v.full_name), &view.errors))
                    (input(Input::text("document", t.t(Msg::DocumentNumber), &v.document), &view.errors))
                    (input(Input::text("contact", t.t(Msg::ContactDetails), &v.contact), &view.errors))
                    (input(Input::text("payment", t.t(Msg::PaymentDetails), &v.payment), &view.errors))
                }
                (select("category", t.t(Msg::Category), &categories, &v.category, &view.errors))
                (input(amount, &view.errors))
                (select("currency", t.t(Msg::Currency), &currencies, &v.currency, &view.errors))
                (textarea("notes", t.t(Msg::Notes), &v.notes, Some(t.t(Msg::NotesPrivate)), &view.errors))
                button type="submit" class="primary" { (t.t(Msg::SubmitClaim)) }
            }
        },
    )
}

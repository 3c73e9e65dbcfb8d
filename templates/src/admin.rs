//! The fund board's pages: committees, members, allocations, users, settings.

use maud::{Markup, html};

use crate::app::{
    Chrome, FieldErrors, Input, app_page, button_form, csrf_field, form_error, input, role_label, select,
};
use crate::committee::{BalanceRow, balances_table};
use crate::i18n::Msg;

pub struct CommitteeSummary {
    pub href: String,
    pub slug: String,
    pub name: String,
    pub public: bool,
    pub threshold: u32,
    pub members: u64,
}

#[derive(Debug, Default, Clone)]
pub struct NewCommitteeValues {
    pub slug: String,
    pub name: String,
    pub public: bool,
    pub threshold: String,
}

#[derive(Debug, Default, Clone)]
pub struct NewUserValues {
    pub username: String,
    pub role: String,
}

/// What was typed into the erasure form.
#[derive(Debug, Default, Clone)]
pub struct EraseValues {
    pub worker: String,
    pub reason: String,
}

/// Every erasure reason code, in the order the form offers them.
pub const ERASURE_REASONS: &[&str] =
    &["worker_request", "no_longer_needed", "safety_risk", "entered_by_mistake"];

fn erasure_label(code: &str) -> Msg {
    match code {
        "worker_request" => Msg::ErasureWorkerRequest,
        "no_longer_needed" => Msg::ErasureNoLongerNeeded,
        "safety_risk" => Msg::ErasureSafetyRisk,
        "entered_by_mistake" => Msg::ErasureEnteredByMistake,
        _ => Msg::Unknown,
    }
}

pub struct AdminHomeView {
    pub erase: EraseValues,
    pub erase_errors: FieldErrors,
    pub chrome: Chrome,
    pub committees: Vec<CommitteeSummary>,
    pub committee: NewCommitteeValues,
    pub committee_errors: FieldErrors,
    pub user: NewUserValues,
    pub user_errors: FieldErrors,
    pub general: Vec<BalanceRow>,
    pub totp_required: bool,
    pub grant_amount: String,
    pub grant_currency: String,
    pub currencies: Vec<String>,
    pub settings_errors: FieldErrors,
}

fn committees_table(view: &AdminHomeView) -> Markup {
    let t = view.chrome.tr();
    html! {
        div.table-wrap {
            table {
                thead { tr {
                    th scope="col" { (t.t(Msg::Committee)) }
                    th scope="col" { (t.t(Msg::Public)) }
                    th.num scope="col" { (t.t(Msg::Threshold)) }
                    th.num scope="col" { (t.t(Msg::Members)) }
                } }
                tbody {
                    @for c in &view.committees {
                        tr {
                            td { a href=(c.href) { (c.name) } br; small { (c.slug) } }
                            td { (t.t(if c.public { Msg::Yes } else { Msg::No })) }
                            td.num { (c.threshold) }
                            td.num { (c.members) }
                        }
                    }
                }
            }
        }
    }
}

fn new_committee_form(view: &AdminHomeView) -> Markup {
    let t = view.chrome.tr();
    let v = &view.committee;
    let e = &view.committee_errors;
    html! {
        form.stack method="post" action="/admin/committees" {
            (csrf_field(&view.chrome.csrf))
            (form_error(e))
            (input(Input { hint: Some(t.t(Msg::SlugHint)), ..Input::text("slug", t.t(Msg::Slug), &v.slug) }, e))
            (input(Input::text("name", t.t(Msg::DisplayName), &v.name), e))
            (input(Input { kind: "number", ..Input::text("threshold", t.t(Msg::Threshold), &v.threshold) }, e))
            div.field.check {
                input id="public" type="checkbox" name="public" value="1" checked[v.public];
                label for="public" { (t.t(Msg::PublicExplain)) }
            }
            button type="submit" { (t.t(Msg::CreateCommittee)) }
        }
    }
}

fn new_user_form(view: &AdminHomeView) -> Markup {
    let t = view.chrome.tr();
    let e = &view.user_errors;
    let roles: Vec<(String, String)> = ["member", "treasurer", "auditor", "admin"]
        .iter()
        .map(|r| (r.to_string(), t.t(role_label(r)).to_string()))
        .collect();
    let password = Input {
        kind: "password",
        autocomplete: "new-password",
        hint: Some(t.t(Msg::PasswordRules)),
        ..Input::text("password", t.t(Msg::InitialPassword), "")
    };
    html! {
        form.stack method="post" action="/admin/users" {
            (csrf_field(&view.chrome.csrf))
            (form_error(e))
            (input(Input::text("username", t.t(Msg::Username), &view.user.username), e))
            (select("role", t.t(Msg::Role), &roles, &view.user.role, e))
            (input(password, e))
            button type="submit" { (t.t(Msg::CreateUser)) }
        }
    }
}

fn settings_form(view: &AdminHomeView) -> Markup {
    let t = view.chrome.tr();
    let e = &view.settings_errors;
    let currencies: Vec<(String, String)> = view.currencies.iter().map(|c| (c.clone(), c.clone())).collect();
    html! {
        form.stack method="post" action="/admin/settings" {
            (csrf_field(&view.chrome.csrf))
            (form_error(e))
            div.field.check {
                input id="totp_required" type="checkbox" name="totp_required" value="1" checked[view.totp_required];
                label for="totp_required" { (t.t(Msg::RequireSecondFactor)) }
            }
            (input(Input::text("grant_amount", t.t(Msg::DismissalGrant), &view.grant_amount), e))
            (select("grant_currency", t.t(Msg::Currency), &currencies, &view.grant_currency, e))
            button type="submit" { (t.t(Msg::Save)) }
        }
    }
}

fn erase_form(view: &AdminHomeView) -> Markup {
    let t = view.chrome.tr();
    let e = &view.erase_errors;
    let reasons: Vec<(String, String)> =
        ERASURE_REASONS.iter().map(|r| (r.to_string(), t.t(erasure_label(r)).to_string())).collect();
    let worker = Input {
        hint: Some(t.t(Msg::EraseHint)),
        ..Input::text("worker", t.t(Msg::Worker), &view.erase.worker)
    };
    html! {
        form.stack method="post" action="/admin/workers/erase" {
            (csrf_field(&view.chrome.csrf))
            (form_error(e))
            (input(worker, e))
            (select("reason", t.t(Msg::ErasureReasonLabel), &reasons, &view.erase.reason, e))
            button type="submit" class="danger" { (t.t(Msg::Erase)) }
        }
    }
}

pub fn home(view: &AdminHomeView) -> Markup {
    let t = view.chrome.tr();
    app_page(
        &view.chrome,
        t.t(Msg::Administration),
        html! {
            h1 { (t.t(Msg::Administration)) }
            h2 { (t.t(Msg::GeneralFund)) }
            (balances_table(&view.chrome, &view.general))
            h2 { (t.t(Msg::Committees)) }
            (committees_table(view))
            h2 { (t.t(Msg::CreateCommittee)) }
            (new_committee_form(view))
            h2 { (t.t(Msg::CreateUser)) }
            (new_user_form(view))
            h2 { (t.t(Msg::Settings)) }
            (settings_form(view))
            h2 { (t.t(Msg::EraseWorker)) }
            (erase_form(view))
        },
    )
}

pub struct MemberRow {
    pub username: String,
    pub remove_action: String,
}

pub struct PendingRow {
    pub username: String,
    pub approvals: u32,
    pub threshold: u32,
}

pub struct AdminCommitteeView {
    pub chrome: Chrome,
    pub href: String,
    pub name: String,
    pub slug: String,
    pub threshold: u32,
    pub balances: Vec<BalanceRow>,
    pub members: Vec<MemberRow>,
    pub pending: Vec<PendingRow>,
    /// Users with the member role who are not members yet: (username, label).
    pub candidates: Vec<(String, String)>,
    pub member_errors: FieldErrors,
    pub allocation_amount: String,
    pub allocation_currency: String,
    pub currencies: Vec<String>,
    pub allocation_errors: FieldErrors,
}

pub fn committee(view: &AdminCommitteeView) -> Markup {
    let t = view.chrome.tr();
    let csrf = &view.chrome.csrf;
    let currencies: Vec<(String, String)> = view.currencies.iter().map(|c| (c.clone(), c.clone())).collect();
    let ae = &view.allocation_errors;
    app_page(
        &view.chrome,
        &view.name,
        html! {
            p.crumbs { a href="/admin" { (t.t(Msg::Administration)) } }
            h1 { (view.name) }
            p.lead { (view.slug) " · " (t.fmt(Msg::ThresholdExplain, &[&view.threshold.to_string()])) }
            (balances_table(&view.chrome, &view.balances))
            h2 { (t.t(Msg::Allocate)) }
            form.stack method="post" action={ (view.href) "/allocations" } {
                (csrf_field(csrf))
                (form_error(ae))
                (input(Input::text("amount", t.t(Msg::Amount), &view.allocation_amount), ae))
                (select("currency", t.t(Msg::Currency), &currencies, &view.allocation_currency, ae))
                button type="submit" { (t.t(Msg::Allocate)) }
            }
            h2 { (t.t(Msg::Members)) }
            ul {
                @for member in &view.members {
                    li { (member.username) " " (button_form(&member.remove_action, csrf, t.t(Msg::Remove), "small danger")) }
                }
            }
            @if !view.pending.is_empty() {
                h3 { (t.t(Msg::MemberProposals)) }
                ul {
                    @for p in &view.pending { li { (p.username) " · " (p.approvals) "/" (p.threshold) } }
                }
            }
            (form_error(&view.member_errors))
            @if view.candidates.is_empty() {
                p.hint { (t.t(Msg::NoCandidates)) }
            } @else {
                form.stack method="post" action={ (view.href) "/members" } {
                    (csrf_field(csrf))
                    (select("username", t.t(Msg::AddMember), &view.candidates, "", &view.member_errors))
                    p.hint { (t.fmt(Msg::AddMemberExplain, &[&view.threshold.to_string()])) }
                    button type="submit" { (t.t(Msg::AddMember)) }
                }
            }
        },
    )
}

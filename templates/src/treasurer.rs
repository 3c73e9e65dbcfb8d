//! The treasurer's pages: the payout queue and the payout form.

use maud::{Markup, html};

use crate::app::{
    Chrome, FieldErrors, Input, app_page, category_label, csrf_field, form_error, input, method_label,
    select, state_label,
};
use crate::i18n::Msg;

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
    pub values: PayoutValues,
    pub errors: FieldErrors,
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
            (form_error(e))
            form.stack method="post" action={ "/treasurer/payouts/" (view.id) } {
                (csrf_field(&view.chrome.csrf))
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

//! The public transparency page, in the visitor's language.

use maud::{Markup, html};

use crate::chart::{ChartView, chart};
use crate::i18n::{Msg, Tr};
use crate::layout::{PublicChrome, page};

/// One currency's public figures, already formatted for people.
pub struct CurrencyRow {
    pub currency: String,
    pub raised: String,
    pub paid: String,
    pub reserved: String,
    pub available: String,
}

/// A committee shown on its own (public, with enough workers paid).
pub struct CommitteeBlock {
    pub name: String,
    pub workers_supported: u64,
    pub rows: Vec<CurrencyRow>,
}

/// The latest signed checkpoint.
pub struct CheckpointView {
    pub size: u64,
    pub note: String,
}

pub struct HomeView {
    pub chrome: PublicChrome,
    pub currencies: Vec<CurrencyRow>,
    pub committees: Vec<CommitteeBlock>,
    /// Committees not shown on their own, added up.
    pub other_committees: Vec<CurrencyRow>,
    pub workers_supported: u64,
    pub charts: Vec<ChartView>,
    pub head_seq: u64,
    pub head_hash: String,
    pub checkpoint: Option<CheckpointView>,
    pub verify_command: String,
}

fn totals_table(t: Tr, rows: &[CurrencyRow]) -> Markup {
    html! {
        div.table-wrap {
            table.totals {
                thead { tr {
                    th { (t.t(Msg::Currency)) }
                    th.num { (t.t(Msg::Raised)) }
                    th.num { (t.t(Msg::PaidOut)) }
                    th.num { (t.t(Msg::Reserved)) }
                    th.num { (t.t(Msg::Available)) }
                } }
                tbody {
                    @for row in rows {
                        tr data-currency=(row.currency) {
                            th scope="row" { (row.currency) }
                            td.num.raised { (row.raised) }
                            td.num.paid { (row.paid) }
                            td.num.reserved { (row.reserved) }
                            td.num.available { (row.available) }
                        }
                    }
                }
            }
        }
    }
}

fn committees(t: Tr, view: &HomeView) -> Markup {
    html! {
        section {
            h2 { (t.t(Msg::StrikeCommittees)) }
            p.muted { (t.t(Msg::CommitteesExplain)) }
            @for committee in &view.committees {
                h3 { (committee.name) }
                p.muted { (t.t(Msg::WorkersSupported)) " " (committee.workers_supported) }
                (totals_table(t, &committee.rows))
            }
            @if !view.other_committees.is_empty() {
                h3 { (t.t(Msg::OtherCommittees)) }
                (totals_table(t, &view.other_committees))
            }
        }
    }
}

fn books(t: Tr, view: &HomeView) -> Markup {
    html! {
        section {
            h2 { (t.t(Msg::TheBooks)) }
            p { (t.t(Msg::JournalHead)) " " strong { (view.head_seq) } }
            p.hash { code { (view.head_hash) } }
            @match &view.checkpoint {
                Some(checkpoint) => {
                    p { (t.fmt(Msg::CheckpointCovers, &[&checkpoint.size.to_string()])) }
                    pre.note { (checkpoint.note) }
                }
                None => p.muted { (t.t(Msg::NoCheckpointYet)) }
            }
            p { a href="/export/journal.jsonl" { (t.t(Msg::PublicJournal)) } }
            p { (t.t(Msg::VerifyIt)) }
            pre.command { code { (view.verify_command) } }
        }
    }
}

fn receipt_lookup(t: Tr) -> Markup {
    html! {
        section {
            h2 { (t.t(Msg::CheckYourDonation)) }
            form.lookup method="get" action="/receipt" {
                label for="code" { (t.t(Msg::ReceiptCode)) }
                input #code name="code" type="text" inputmode="text" autocomplete="off" placeholder="7F3K-92QX-M4TB" maxlength="20" required;
                button type="submit" { (t.t(Msg::LookUp)) }
            }
        }
    }
}

pub fn home(view: &HomeView) -> Markup {
    let t = view.chrome.tr();
    page(
        &view.chrome,
        t.t(Msg::PublicTitle),
        html! {
            h1 { (t.t(Msg::WhereMoneyGoes)) }
            p.lead { (t.t(Msg::PublicLead)) }
            section {
                h2 { (t.t(Msg::Totals)) }
                @if view.currencies.is_empty() {
                    p { (t.t(Msg::NoDonationsYet)) }
                } @else {
                    (totals_table(t, &view.currencies))
                }
                p { (t.t(Msg::WorkersSupported)) " " strong.workers { (view.workers_supported) } }
            }
            @if !view.charts.is_empty() {
                section {
                    h2 { (t.t(Msg::MonthByMonth)) }
                    @for chart_view in &view.charts { (chart(chart_view, t)) }
                }
            }
            (committees(t, view))
            (receipt_lookup(t))
            (books(t, view))
        },
    )
}

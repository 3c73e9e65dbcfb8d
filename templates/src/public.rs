//! The public transparency page.

use maud::{Markup, html};

use crate::chart::{ChartView, chart};
use crate::layout::page;

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

fn totals_table(rows: &[CurrencyRow]) -> Markup {
    html! {
        div.table-wrap {
            table.totals {
                thead { tr { th { "Currency" } th.num { "Raised" } th.num { "Paid out" } th.num { "Reserved" } th.num { "Available" } } }
                tbody {
                    @for row in rows {
                        tr {
                            th scope="row" { (row.currency) }
                            td.num { (row.raised) }
                            td.num { (row.paid) }
                            td.num { (row.reserved) }
                            td.num { (row.available) }
                        }
                    }
                }
            }
        }
    }
}

fn committees(view: &HomeView) -> Markup {
    html! {
        section {
            h2 { "Strike committees" }
            p.muted { "Committees decide who receives support. A committee is listed by name once it has supported at least five workers; smaller committees, and those that asked not to be named, are counted together." }
            @for committee in &view.committees {
                h3 { (committee.name) }
                p.muted { "Workers supported: " (committee.workers_supported) }
                (totals_table(&committee.rows))
            }
            @if !view.other_committees.is_empty() {
                h3 { "Other committees" }
                (totals_table(&view.other_committees))
            }
        }
    }
}

fn books(view: &HomeView) -> Markup {
    html! {
        section {
            h2 { "The books" }
            p { "Journal head: entry " strong { (view.head_seq) } }
            p.hash { code { (view.head_hash) } }
            @match &view.checkpoint {
                Some(checkpoint) => {
                    p { "Latest signed checkpoint, covering the first " strong { (checkpoint.size) } " entries:" }
                    pre.note { (checkpoint.note) }
                }
                None => p.muted { "No signed checkpoint yet." }
            }
            p { a href="/export/journal.jsonl" { "Public journal (JSON lines)" } }
            p { "Verify it:" }
            pre.command { code { (view.verify_command) } }
        }
    }
}

fn receipt_lookup() -> Markup {
    html! {
        section {
            h2 { "Check your donation" }
            form.lookup method="get" action="/receipt" {
                label for="code" { "Receipt code" }
                input #code name="code" type="text" inputmode="text" autocomplete="off" placeholder="7F3K-92QX-M4TB" maxlength="20" required;
                button type="submit" { "Look up" }
            }
        }
    }
}

pub fn home(view: &HomeView) -> Markup {
    page(
        "Solidarity fund",
        html! {
            h1 { "Where the money goes" }
            p.lead { "Donations received, support paid to workers dismissed or repressed for striking, and what is still available. Recipients are shown by count only." }
            section {
                h2 { "Totals" }
                @if view.currencies.is_empty() {
                    p { "No donations recorded yet." }
                } @else {
                    (totals_table(&view.currencies))
                }
                p { "Workers supported: " strong { (view.workers_supported) } }
            }
            @if !view.charts.is_empty() {
                section {
                    h2 { "Month by month" }
                    @for view in &view.charts { (chart(view)) }
                }
            }
            (committees(view))
            (receipt_lookup())
            (books(view))
        },
    )
}

//! The public transparency page.

use maud::{Markup, html};

use crate::layout::page;

/// One currency's public figures, already formatted for people.
pub struct CurrencyRow {
    pub currency: String,
    pub raised: String,
    pub paid: String,
    pub reserved: String,
    pub available: String,
}

pub struct HomeView {
    pub currencies: Vec<CurrencyRow>,
    pub workers_supported: u64,
    pub head_seq: u64,
    pub head_hash: String,
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
                    div.table-wrap {
                        table.totals {
                            thead { tr { th { "Currency" } th.num { "Raised" } th.num { "Paid out" } th.num { "Reserved" } th.num { "Available" } } }
                            tbody {
                                @for row in &view.currencies {
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
                p { "Workers supported: " strong { (view.workers_supported) } }
            }
            section {
                h2 { "The books" }
                p { "Journal head: entry " strong { (view.head_seq) } }
                p.hash { code { (view.head_hash) } }
                p { a href="/export/journal.jsonl" { "Public journal (JSON lines)" } }
                p { "Verify it: " code { "strikefund-audit verify --file journal.jsonl" } }
            }
        },
    )
}

//! A donor's receipt: what the journal recorded for their donation, and how
//! to check it without trusting the server.

use maud::{Markup, html};

use crate::layout::page;

/// What the receipt shows. `checkpoint` and `inclusion_proof` are filled
/// once a signed checkpoint covers the donation.
pub struct ReceiptView {
    pub code: String,
    pub amount: String,
    pub currency: String,
    pub day: String,
    pub seq: u64,
    pub hash: String,
    /// The entry that reversed the donation, if one did.
    pub reversed_by: Option<u64>,
    /// The signed checkpoint covering the entry (C2SP signed note).
    pub checkpoint: Option<String>,
    /// The RFC 6962 inclusion proof of the entry in that checkpoint's tree, one hash per line.
    pub inclusion_proof: Option<Vec<String>>,
}

pub fn receipt(view: &ReceiptView) -> Markup {
    page(
        "Receipt",
        html! {
            h1 { "Receipt " (view.code) }
            @if let Some(by) = view.reversed_by {
                p.warning { "This donation was reversed by journal entry " (by) "." }
            }
            dl.receipt {
                dt { "Amount" } dd { (view.amount) " " (view.currency) }
                dt { "Received on" } dd { (view.day) }
                dt { "Journal entry" } dd { (view.seq) }
                dt { "Entry hash" } dd.hash { code { (view.hash) } }
            }
            section {
                h2 { "Check it yourself" }
                @match (&view.checkpoint, &view.inclusion_proof) {
                    (Some(checkpoint), Some(proof)) => {
                        p { "Signed checkpoint covering this entry:" }
                        pre.note { (checkpoint) }
                        p { "Inclusion proof:" }
                        pre.command { @for hash in proof { (hash) "\n" } }
                        p { "Check it with " code { "strikefund-audit inclusion" } "." }
                    }
                    _ => {
                        p { "No signed checkpoint covers this entry yet. Meanwhile, find entry " (view.seq) " with this hash in the " a href="/export/journal.jsonl" { "public journal" } "." }
                    }
                }
            }
        },
    )
}

/// The answer when no donation has the code.
pub fn not_found(message: &str) -> Markup {
    page(
        "Receipt not found",
        html! {
            h1 { "Receipt not found" }
            p { (message) }
            p { a href="/" { "Back to the fund's totals" } }
        },
    )
}

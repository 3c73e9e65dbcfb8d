//! A donor's receipt: what the journal recorded for their donation, and how
//! to check it without trusting the server; in the visitor's language.

use maud::{Markup, html};

use crate::i18n::Msg;
use crate::layout::{PublicChrome, page};

/// What the receipt shows. `checkpoint` and `inclusion_proof` are filled
/// once a signed checkpoint covers the donation.
pub struct ReceiptView {
    pub chrome: PublicChrome,
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
    let t = view.chrome.tr();
    let heading = t.fmt(Msg::ReceiptHeading, &[&view.code]);
    page(
        &view.chrome,
        &heading,
        html! {
            h1 { (heading) }
            @if let Some(by) = view.reversed_by {
                p.warning { (t.fmt(Msg::ReceiptReversed, &[&by.to_string()])) }
            }
            dl.receipt {
                dt { (t.t(Msg::Amount)) } dd.amount { (view.amount) " " (view.currency) }
                dt { (t.t(Msg::ReceivedOn)) } dd { (view.day) }
                dt { (t.t(Msg::JournalEntry)) } dd { (view.seq) }
                dt { (t.t(Msg::EntryHash)) } dd.hash { code { (view.hash) } }
            }
            section {
                h2 { (t.t(Msg::CheckItYourself)) }
                @match (&view.checkpoint, &view.inclusion_proof) {
                    (Some(checkpoint), Some(proof)) => {
                        p { (t.t(Msg::CheckpointCoveringEntry)) }
                        pre.note { (checkpoint) }
                        p { (t.t(Msg::InclusionProof)) }
                        pre.command { @for hash in proof { (hash) "\n" } }
                        p { (t.t(Msg::CheckItWith)) " " code { "strikefund-audit inclusion" } }
                    }
                    _ => {
                        p { (t.fmt(Msg::NotCoveredYet, &[&view.seq.to_string()])) }
                        p { a href="/export/journal.jsonl" { (t.t(Msg::PublicJournal)) } }
                    }
                }
            }
        },
    )
}

/// The answer when no donation has the code; `message` is already translated.
pub fn not_found(chrome: &PublicChrome, message: &str) -> Markup {
    let t = chrome.tr();
    page(
        chrome,
        t.t(Msg::ReceiptNotFound),
        html! {
            h1 { (t.t(Msg::ReceiptNotFound)) }
            p { (message) }
            p { a href="/" { (t.t(Msg::BackToTotals)) } }
        },
    )
}

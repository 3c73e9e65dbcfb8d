//! Beancount syntax: `open` and `commodity` directives, transactions with
//! metadata, and `balance` directives with zero tolerance.
//!
//! Account names: Beancount wants each component to start with a capital
//! letter or a digit, so each segment's first letter is capitalized
//! (`equity:funds:committee:c-4f9a02bc` becomes
//! `Equity:Funds:Committee:C-4f9a02bc`). Chain account names are lowercase
//! only, so lowercasing gives the chain name back: the mapping is one-to-one.

use time::Date;

use super::ledger::{Assertion, Tag, TagValue, Transaction, posting_line};
use strikefund_audit::ledger::format_minor;

pub fn header() -> String {
    "; strikefund journal, exported for Beancount (see docs/ledger-export.md).\n\
     ; One transaction per journal entry that moves money, dated by the entry's\n\
     ; `at` (UTC); its seq and hash metadata name the entry in /export/journal.jsonl.\n\
     ; Balance directives state the balances recomputed from the verified chain\n\
     ; at the end of every day that has a checkpoint entry, and at the end.\n\
     option \"title\" \"strikefund journal\"\n"
        .to_string()
}

/// The Beancount name of a chain account: `assets:bank:lt-main` → `Assets:Bank:Lt-main`.
pub fn account_name(account: &str) -> String {
    let segments: Vec<String> = account
        .split(':')
        .map(|segment| {
            let mut chars = segment.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect();
    segments.join(":")
}

pub fn commodity(date: Date, currency: &str, out: &mut String) {
    out.push_str(&format!("{date} commodity {currency}\n"));
}

pub fn open(date: Date, account: &str, out: &mut String) {
    out.push_str(&format!("{date} open {}\n", account_name(account)));
}

fn metadata(tags: &[Tag], out: &mut String) {
    for tag in tags {
        let value = match &tag.value {
            TagValue::Text(text) => format!("\"{text}\""),
            TagValue::Number(number) => number.to_string(),
            TagValue::Date(date) => date.to_string(),
        };
        out.push_str(&format!("  {}: {value}\n", tag.name));
    }
}

pub fn transaction(transaction: &Transaction, out: &mut String) {
    out.push_str(&format!("\n{} * \"{}\"\n", transaction.date, transaction.kind));
    metadata(&transaction.tags, out);
    for posting in &transaction.postings {
        let amount = format_minor(posting.minor, posting.digits);
        posting_line("  ", &account_name(&posting.account), &amount, &posting.currency, out);
        out.push('\n');
    }
}

/// One `balance` directive per account and currency. The explicit `~ 0.00`
/// tolerance makes the check exact: without it Beancount lets a balance be
/// one minor unit off.
pub fn assertion(assertion: &Assertion, out: &mut String) {
    out.push('\n');
    for balance in &assertion.balances {
        let directive = format!("{} balance {}", assertion.date, account_name(&balance.account));
        let amount =
            format!("{} ~ {}", format_minor(balance.minor, balance.digits), format_minor(0, balance.digits));
        posting_line("", &directive, &amount, &balance.currency, out);
        out.push('\n');
        metadata(&assertion.tags, out);
    }
}

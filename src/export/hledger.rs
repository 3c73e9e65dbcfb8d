//! hledger syntax: declarations, transactions with tags, and balance
//! assertions on zero-amount postings (hledger attaches assertions to
//! postings, and checks them in date order, then file order).

use time::Date;

use super::ledger::{Assertion, Tag, TagValue, Transaction, posting_line};
use strikefund_audit::ledger::format_minor;

pub fn header() -> String {
    "; strikefund journal, exported for hledger (see docs/ledger-export.md).\n\
     ; One transaction per journal entry that moves money, dated by the entry's\n\
     ; `at` (UTC); its seq and hash tags name the entry in /export/journal.jsonl.\n\
     ; Balance assertions state the balances recomputed from the verified chain\n\
     ; at every checkpoint entry and at the end.\n\
     decimal-mark .\n"
        .to_string()
}

/// A commodity symbol: bare when it is letters only, quoted otherwise.
fn symbol(currency: &str) -> String {
    if currency.bytes().all(|b| b.is_ascii_alphabetic()) {
        currency.to_string()
    } else {
        format!("\"{currency}\"")
    }
}

/// `commodity 1000.00 EUR`: declares the currency and its exact decimals.
pub fn commodity(currency: &str, digits: u32, out: &mut String) {
    let example = format_minor(1000 * 10i128.pow(digits), digits);
    // hledger wants a decimal mark in the example even without decimals.
    let mark = if digits == 0 { "." } else { "" };
    out.push_str(&format!("commodity {example}{mark} {}\n", symbol(currency)));
}

/// hledger's account type letter, so that `hledger bs` knows each account.
fn account_type(account: &str) -> &'static str {
    match account.split(':').next() {
        Some("assets") => "A",
        Some("liabilities") => "L",
        Some("income") => "R",
        Some("expenses") => "X",
        _ => "E",
    }
}

pub fn account(account: &str, out: &mut String) {
    out.push_str(&format!("account {account}  ; type: {}\n", account_type(account)));
}

fn tag_text(tag: &Tag) -> String {
    match &tag.value {
        TagValue::Text(text) => format!("{}:{text}", tag.name),
        TagValue::Number(number) => format!("{}:{number}", tag.name),
        TagValue::Date(date) => format!("{}:{date}", tag.name),
    }
}

fn first_line(date: Date, description: &str, tags: &[Tag], out: &mut String) {
    let tags: Vec<String> = tags.iter().map(tag_text).collect();
    out.push_str(&format!("\n{date} * {description}  ; {}\n", tags.join(", ")));
}

pub fn transaction(transaction: &Transaction, out: &mut String) {
    first_line(transaction.date, &transaction.kind, &transaction.tags, out);
    for posting in &transaction.postings {
        let amount = format_minor(posting.minor, posting.digits);
        posting_line("    ", &posting.account, &amount, &symbol(&posting.currency), out);
        out.push('\n');
    }
}

/// A transaction of zero postings, each asserting one account's balance in
/// one currency (`=` checks that currency only, leaving the others).
pub fn assertion(assertion: &Assertion, out: &mut String) {
    first_line(assertion.date, assertion.description, &assertion.tags, out);
    for balance in &assertion.balances {
        let symbol = symbol(&balance.currency);
        let zero = format_minor(0, balance.digits);
        posting_line("    ", &balance.account, &zero, &symbol, out);
        out.push_str(&format!(" = {} {symbol}\n", format_minor(balance.minor, balance.digits)));
    }
}

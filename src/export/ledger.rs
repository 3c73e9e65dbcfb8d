//! Converts journal entries into a plain-text accounting journal that
//! hledger or Beancount accept with their strict checks. Pure: entries in,
//! text out, no I/O. The entries are verified as they pass (every link,
//! hash and ledger rule, with `strikefund_audit`'s ChainVerifier), and the
//! balances that verifier recomputes are what the balance assertions state,
//! so the accounting tool checks its own sums against the auditor's.
//!
//! What a line of the output means is documented in docs/ledger-export.md.

use std::collections::BTreeSet;

use serde_json::Value;
use strikefund_audit::ledger::{Posting, postings_of};
use strikefund_audit::verify::{ChainVerifier, Finding};
use strikefund_audit::{Entry, Hash};
use time::Date;

use super::{beancount, hledger};

/// Longest metadata value carried into the ledger, in bytes: ids,
/// pseudonyms, hashes, dates and numbers are all far shorter.
pub const TAG_VALUE_BYTES_MAX: usize = 64;

/// Body fields carried as tags (hledger) or metadata (Beancount). Only
/// opaque ids, pseudonyms, dates and numbers: free text such as a donor's
/// display name stays in the public journal and out of the accountant's file.
const CARRIED_FIELDS: &[&str] =
    &["received_on", "paid_on", "committee", "claim", "worker", "method", "reverses", "size"];

/// The entry kind whose balances are asserted.
const CHECKPOINT_KIND: &str = "checkpoint";

/// Which plain-text accounting tool the export is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Hledger,
    Beancount,
}

impl Format {
    /// The name of the downloaded file.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Hledger => "ledger.hledger",
            Format::Beancount => "ledger.beancount",
        }
    }

    /// The comments and options the file starts with.
    pub fn header(self) -> String {
        match self {
            Format::Hledger => hledger::header(),
            Format::Beancount => beancount::header(),
        }
    }
}

/// Why an export stopped. Nothing is exported past a problem.
#[derive(Debug, thiserror::Error)]
pub enum LedgerExportError {
    #[error("the journal does not verify, so it is not exported: {0}")]
    ChainMustVerify(Finding),
    #[error("entry {seq}: at must start with a date YYYY-MM-DD")]
    AtMustStartWithADate { seq: u64 },
    #[error("entry {seq}: {field} must be an identifier, a date or a number to be exported")]
    FieldMustBeIdentifier { seq: u64, field: String },
}

/// The value of one tag or metadata field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagValue {
    /// Letters, digits, `-` and `_` only, so that no syntax needs escaping.
    Text(String),
    Number(u64),
    Date(Date),
}

/// One tag (hledger) or metadata field (Beancount).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub name: &'static str,
    pub value: TagValue,
}

/// One money-moving entry, as both syntaxes write it.
#[derive(Debug)]
pub struct Transaction {
    pub date: Date,
    /// The entry's kind, the transaction's description.
    pub kind: String,
    pub tags: Vec<Tag>,
    pub postings: Vec<Posting>,
}

/// One account's balance in one currency, debit positive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Balance {
    pub account: String,
    pub currency: String,
    pub minor: i128,
    /// The currency's decimals.
    pub digits: u32,
}

/// The balances after entry `after_seq`, to be asserted on `date`.
#[derive(Debug)]
pub struct Assertion {
    pub date: Date,
    /// Tags naming what the balances belong to (a checkpoint entry, or the end).
    pub tags: Vec<Tag>,
    pub description: &'static str,
    pub balances: Vec<Balance>,
}

/// A ledger export in progress: feed it the journal's entries in order.
pub struct LedgerExport {
    format: Format,
    verifier: ChainVerifier,
    accounts: BTreeSet<String>,
    commodities: BTreeSet<String>,
    /// Date of the last entry pushed.
    day: Option<Date>,
    /// Beancount asserts at the start of a day: a checkpoint's balances are
    /// asserted on the next day, once every entry of its own day is in.
    pending_day_end: bool,
    /// True when money moved after the balances were last asserted.
    moved_since_assertion: bool,
    transactions: u64,
}

impl LedgerExport {
    pub fn new(format: Format) -> LedgerExport {
        LedgerExport {
            format,
            verifier: ChainVerifier::default(),
            accounts: BTreeSet::new(),
            commodities: BTreeSet::new(),
            day: None,
            pending_day_end: false,
            moved_since_assertion: false,
            transactions: 0,
        }
    }

    /// Entries pushed so far (the last seq).
    pub fn entries(&self) -> u64 {
        self.verifier.size()
    }

    /// Transactions written so far.
    pub fn transactions(&self) -> u64 {
        self.transactions
    }

    /// Verifies the next entry and appends its text to `out`.
    pub fn push(&mut self, entry: &Entry, hash: &Hash, out: &mut String) -> Result<(), LedgerExportError> {
        let date = entry_date(entry)?;
        if self.day.is_some_and(|day| day < date) {
            // Before this entry's postings count: the day before ends here.
            self.end_of_day(out);
        }
        self.verifier.push(entry, hash).map_err(LedgerExportError::ChainMustVerify)?;
        self.day = Some(date);
        let postings = postings_of(&entry.body).expect("the verifier has just read these postings");
        if !postings.is_empty() {
            let transaction = Transaction {
                date,
                kind: identifier(entry, "kind", &entry.kind)?,
                tags: tags(entry, hash)?,
                postings,
            };
            self.write_transaction(&transaction, out);
        }
        if entry.kind == CHECKPOINT_KIND {
            self.assert_checkpoint(entry, hash, date, out)?;
        }
        Ok(())
    }

    /// Ends the export: asserts the balances after the last entry (unless a
    /// checkpoint just did) and says where the export stopped.
    pub fn finish(mut self, out: &mut String) {
        if self.moved_since_assertion {
            match self.format {
                Format::Hledger => {
                    let date = self.day.expect("money moved, so an entry was pushed");
                    let tags = vec![
                        Tag { name: "after_seq", value: TagValue::Number(self.entries()) },
                        Tag { name: "head", value: TagValue::Text(self.verifier.head().to_hex()) },
                    ];
                    self.write_assertion(date, tags, "closing balances", out);
                }
                Format::Beancount => self.pending_day_end = true,
            }
        }
        self.end_of_day(out);
        out.push_str(&format!(
            "\n; end of export: entries 1 to {}, head hash {}, {} transactions\n",
            self.entries(),
            self.verifier.head().to_hex(),
            self.transactions
        ));
    }

    fn write_transaction(&mut self, transaction: &Transaction, out: &mut String) {
        let mut declarations = String::new();
        for posting in &transaction.postings {
            if self.commodities.insert(posting.currency.clone()) {
                match self.format {
                    Format::Hledger => {
                        hledger::commodity(&posting.currency, posting.digits, &mut declarations)
                    }
                    Format::Beancount => {
                        beancount::commodity(transaction.date, &posting.currency, &mut declarations)
                    }
                }
            }
            if self.accounts.insert(posting.account.clone()) {
                match self.format {
                    Format::Hledger => hledger::account(&posting.account, &mut declarations),
                    Format::Beancount => {
                        beancount::open(transaction.date, &posting.account, &mut declarations)
                    }
                }
            }
        }
        if !declarations.is_empty() {
            out.push('\n');
            out.push_str(&declarations);
        }
        match self.format {
            Format::Hledger => hledger::transaction(transaction, out),
            Format::Beancount => beancount::transaction(transaction, out),
        }
        self.transactions += 1;
        self.moved_since_assertion = true;
    }

    fn assert_checkpoint(
        &mut self,
        entry: &Entry,
        hash: &Hash,
        date: Date,
        out: &mut String,
    ) -> Result<(), LedgerExportError> {
        match self.format {
            Format::Hledger => {
                let tags = tags(entry, hash)?;
                self.write_assertion(date, tags, CHECKPOINT_KIND, out);
            }
            Format::Beancount => self.pending_day_end = true,
        }
        Ok(())
    }

    /// Beancount: asserts, at the start of the next day, the balances of a
    /// day that had a checkpoint (or ends the export).
    fn end_of_day(&mut self, out: &mut String) {
        if !std::mem::take(&mut self.pending_day_end) {
            return;
        }
        let day = self.day.expect("a pending assertion follows an entry");
        let next = day.next_day().expect("journal dates are far from the end of time");
        let tags = vec![Tag { name: "after_seq", value: TagValue::Number(self.entries()) }];
        self.write_assertion(next, tags, "balances", out);
    }

    fn write_assertion(&mut self, date: Date, tags: Vec<Tag>, description: &'static str, out: &mut String) {
        let ledger = &self.verifier.ledger;
        let balances = ledger
            .balances()
            .into_iter()
            .map(|(account, currency, minor)| {
                let digits = ledger.digits_of(currency).unwrap_or(0);
                Balance { account: account.to_string(), currency: currency.to_string(), minor, digits }
            })
            .collect();
        let assertion = Assertion { date, tags, description, balances };
        match self.format {
            Format::Hledger => hledger::assertion(&assertion, out),
            Format::Beancount => beancount::assertion(&assertion, out),
        }
        self.moved_since_assertion = false;
    }
}

/// The UTC date of an entry's `at`.
fn entry_date(entry: &Entry) -> Result<Date, LedgerExportError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    entry
        .at
        .get(..10)
        .and_then(|day| Date::parse(day, format).ok())
        .ok_or(LedgerExportError::AtMustStartWithADate { seq: entry.seq })
}

/// True for text every syntax can carry unquoted and unescaped.
pub fn is_identifier(text: &str) -> bool {
    (1..=TAG_VALUE_BYTES_MAX).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn identifier(entry: &Entry, field: &str, text: &str) -> Result<String, LedgerExportError> {
    if is_identifier(text) {
        Ok(text.to_string())
    } else {
        Err(LedgerExportError::FieldMustBeIdentifier { seq: entry.seq, field: field.to_string() })
    }
}

/// The tags of an entry: seq, hash, actor, then the carried body fields.
fn tags(entry: &Entry, hash: &Hash) -> Result<Vec<Tag>, LedgerExportError> {
    let mut tags = vec![
        Tag { name: "seq", value: TagValue::Number(entry.seq) },
        Tag { name: "hash", value: TagValue::Text(hash.to_hex()) },
        Tag { name: "actor", value: TagValue::Text(identifier(entry, "actor", &entry.actor)?) },
    ];
    for name in CARRIED_FIELDS {
        let Some(value) = entry.body.get(*name) else { continue };
        tags.push(Tag { name, value: tag_value(entry, name, value)? });
    }
    Ok(tags)
}

fn tag_value(entry: &Entry, name: &str, value: &Value) -> Result<TagValue, LedgerExportError> {
    let refused = || LedgerExportError::FieldMustBeIdentifier { seq: entry.seq, field: name.to_string() };
    match value {
        Value::Number(number) => number.as_u64().map(TagValue::Number).ok_or_else(refused),
        Value::String(text) if name.ends_with("_on") => {
            let format = time::macros::format_description!("[year]-[month]-[day]");
            Date::parse(text, format).map(TagValue::Date).map_err(|_| refused())
        }
        Value::String(text) => identifier(entry, name, text).map(TagValue::Text),
        _ => Err(refused()),
    }
}

/// One posting line: the account, at least two spaces, the amount and the
/// currency, aligned so that the file reads as columns.
pub fn posting_line(indent: &str, account: &str, amount: &str, currency: &str, out: &mut String) {
    const AMOUNT_COLUMN: usize = 64;
    let pad = AMOUNT_COLUMN.saturating_sub(indent.len() + account.len() + amount.len()).max(2);
    out.push_str(&format!("{indent}{account}{:pad$}{amount} {currency}", ""));
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn entry(seq: u64, prev: Hash, at: &str, kind: &str, body: Value) -> (Entry, Hash) {
        let body = body.as_object().expect("an object").clone();
        let entry =
            Entry { seq, prev, at: at.into(), actor: "system".into(), kind: kind.into(), body, sealed: None };
        let hash = entry.compute_hash().expect("hashable");
        (entry, hash)
    }

    /// A donation, then a checkpoint on the same day.
    fn small_chain() -> Vec<(Entry, Hash)> {
        let donation = json!({"received_on": "2020-08-20", "donor": "Ола", "postings": [
            {"account": "assets:bank:lt-main", "currency": "EUR", "amount": "1500.00"},
            {"account": "equity:funds:general", "currency": "EUR", "amount": "-1500.00"},
        ]});
        let first = entry(1, Hash::ZERO, "2021-03-01T10:00:00.000000Z", "donation", donation);
        let checkpoint = json!({"origin": "fund", "size": 1, "root": "x", "note": "y"});
        let second = entry(2, first.1, "2021-03-01T11:00:00.000000Z", "checkpoint", checkpoint);
        vec![first, second]
    }

    fn export(format: Format, chain: &[(Entry, Hash)]) -> Result<String, LedgerExportError> {
        let mut export = LedgerExport::new(format);
        let mut text = String::new();
        for (entry, hash) in chain {
            export.push(entry, hash, &mut text)?;
        }
        export.finish(&mut text);
        Ok(text)
    }

    #[test]
    fn hledger_text_declares_tags_and_asserts_at_the_checkpoint() {
        let chain = small_chain();
        let (h1, h2) = (chain[0].1.to_hex(), chain[1].1.to_hex());
        let expected = format!(
            "\ncommodity 1000.00 EUR\n\
             account assets:bank:lt-main  ; type: A\n\
             account equity:funds:general  ; type: E\n\
             \n2021-03-01 * donation  ; seq:1, hash:{h1}, actor:system, received_on:2020-08-20\n\
             \x20   assets:bank:lt-main                                  1500.00 EUR\n\
             \x20   equity:funds:general                                -1500.00 EUR\n\
             \n2021-03-01 * checkpoint  ; seq:2, hash:{h2}, actor:system, size:1\n\
             \x20   assets:bank:lt-main                                     0.00 EUR = 1500.00 EUR\n\
             \x20   equity:funds:general                                    0.00 EUR = -1500.00 EUR\n\
             \n; end of export: entries 1 to 2, head hash {h2}, 1 transactions\n"
        );
        assert_eq!(export(Format::Hledger, &chain).unwrap(), expected);
    }

    #[test]
    fn beancount_text_asserts_at_the_start_of_the_next_day_with_zero_tolerance() {
        let chain = small_chain();
        let h1 = chain[0].1.to_hex();
        let text = export(Format::Beancount, &chain).unwrap();
        let expected_start = format!(
            "\n2021-03-01 commodity EUR\n\
             2021-03-01 open Assets:Bank:Lt-main\n\
             2021-03-01 open Equity:Funds:General\n\
             \n2021-03-01 * \"donation\"\n  seq: 1\n  hash: \"{h1}\"\n  actor: \"system\"\n  received_on: 2020-08-20\n\
             \x20 Assets:Bank:Lt-main                                    1500.00 EUR\n\
             \x20 Equity:Funds:General                                  -1500.00 EUR\n\
             \n2021-03-02 balance Assets:Bank:Lt-main            1500.00 ~ 0.00 EUR\n  after_seq: 2\n"
        );
        assert!(text.starts_with(&expected_start), "{text}");
        assert!(text.contains("2021-03-02 balance Equity:Funds:General"), "{text}");
        assert!(!text.contains("Ола"), "free text stays out");
    }

    #[test]
    fn beancount_names_capitalize_each_segment_one_to_one() {
        for (chain, beancount) in [
            ("assets:bank:lt-main", "Assets:Bank:Lt-main"),
            ("equity:funds:committee:c-4f9a02bc", "Equity:Funds:Committee:C-4f9a02bc"),
            ("liabilities:payable:2020-strike", "Liabilities:Payable:2020-strike"),
        ] {
            assert_eq!(beancount::account_name(chain), beancount);
            assert_eq!(beancount.to_lowercase(), chain);
        }
    }

    #[test]
    fn a_broken_chain_is_not_exported() {
        let mut chain = small_chain();
        chain[0].0.body["postings"][0]["amount"] = json!("1600.00");
        let error = export(Format::Hledger, &chain).unwrap_err();
        assert!(error.to_string().starts_with("the journal does not verify"), "{error}");
    }

    #[test]
    fn a_field_that_needs_escaping_is_refused() {
        let body = json!({"claim": "K-1\" ; x", "postings": [
            {"account": "assets:bank:lt-main", "currency": "EUR", "amount": "1.00"},
            {"account": "equity:funds:general", "currency": "EUR", "amount": "-1.00"},
        ]});
        let chain = [entry(1, Hash::ZERO, "2021-03-01T10:00:00.000000Z", "donation", body)];
        let error = export(Format::Beancount, &chain).unwrap_err();
        assert_eq!(
            error.to_string(),
            "entry 1: claim must be an identifier, a date or a number to be exported"
        );
    }
}

//! A ledger transaction: postings that sum to zero in every currency.
//! It can only be constructed balanced.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::account::AccountPath;
use super::money::{Currency, Money};

/// Most postings in one transaction.
pub const POSTINGS_PER_TRANSACTION_MAX: usize = 16;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    pub account: AccountPath,
    /// Debit positive, credit negative.
    pub money: Money,
}

impl Posting {
    pub fn new(account: AccountPath, money: Money) -> Posting {
        Posting { account, money }
    }

    pub fn to_json(&self) -> Value {
        json!({
            "account": self.account.as_str(),
            "currency": self.money.currency().code(),
            "amount": self.money.amount_text(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransactionError {
    #[error("a transaction needs 2 to {POSTINGS_PER_TRANSACTION_MAX} postings")]
    PostingCountOutOfRange,
    #[error("a posting amount must not be zero")]
    PostingMustNotBeZero,
    #[error("postings must balance: {currency} is off by {off}")]
    PostingsMustBalance { currency: Currency, off: String },
    #[error("posting sum overflowed")]
    Overflow,
}

/// A balanced set of postings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transaction {
    postings: Vec<Posting>,
}

impl Transaction {
    pub fn new(postings: Vec<Posting>) -> Result<Transaction, TransactionError> {
        if !(2..=POSTINGS_PER_TRANSACTION_MAX).contains(&postings.len()) {
            return Err(TransactionError::PostingCountOutOfRange);
        }
        let mut sums: BTreeMap<Currency, i64> = BTreeMap::new();
        for posting in &postings {
            if posting.money.minor() == 0 {
                return Err(TransactionError::PostingMustNotBeZero);
            }
            let sum = sums.entry(posting.money.currency()).or_default();
            *sum = sum.checked_add(posting.money.minor()).ok_or(TransactionError::Overflow)?;
        }
        if let Some((currency, off)) = sums.into_iter().find(|(_, sum)| *sum != 0) {
            let off = Money::from_minor(off, currency).amount_text();
            return Err(TransactionError::PostingsMustBalance { currency, off });
        }
        Ok(Transaction { postings })
    }

    /// Two postings moving `money` (positive) from `from` (credited) to `to` (debited).
    pub fn transfer(
        to: AccountPath,
        from: AccountPath,
        money: Money,
    ) -> Result<Transaction, TransactionError> {
        Transaction::new(vec![Posting::new(to, money), Posting::new(from, money.negated())])
    }

    pub fn postings(&self) -> &[Posting] {
        &self.postings
    }

    /// The mirror image, which undoes this transaction.
    pub fn reversed(&self) -> Transaction {
        let postings =
            self.postings.iter().map(|p| Posting::new(p.account.clone(), p.money.negated())).collect();
        Transaction { postings }
    }

    pub fn to_json(&self) -> Value {
        Value::Array(self.postings.iter().map(Posting::to_json).collect())
    }

    /// Reads the postings of a journal entry body back into a transaction.
    pub fn from_json(value: &Value) -> Option<Transaction> {
        let items = value.as_array()?;
        let postings = items
            .iter()
            .map(|item| {
                let account = AccountPath::parse(item.get("account")?.as_str()?).ok()?;
                let currency = Currency::parse(item.get("currency")?.as_str()?).ok()?;
                let money = Money::parse_journal(item.get("amount")?.as_str()?, currency).ok()?;
                Some(Posting::new(account, money))
            })
            .collect::<Option<Vec<_>>>()?;
        Transaction::new(postings).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur(text: &str) -> Money {
        Money::parse(text, Currency::parse("EUR").unwrap()).unwrap()
    }

    #[test]
    fn a_balanced_transfer_is_built_and_reversed() {
        let bank = AccountPath::parse("assets:bank:lt-main").unwrap();
        let tx = Transaction::transfer(bank, AccountPath::general_fund(), eur("100")).unwrap();
        assert_eq!(tx.postings()[0].money.amount_text(), "100.00");
        assert_eq!(tx.postings()[1].money.amount_text(), "-100.00");
        assert_eq!(tx.reversed().reversed(), tx);
        assert_eq!(Transaction::from_json(&tx.to_json()), Some(tx));
    }

    #[test]
    fn unbalanced_postings_cannot_be_constructed() {
        let bank = AccountPath::parse("assets:bank:lt-main").unwrap();
        let error = Transaction::new(vec![
            Posting::new(bank, eur("110")),
            Posting::new(AccountPath::general_fund(), eur("100").negated()),
        ])
        .unwrap_err();
        assert_eq!(error.to_string(), "postings must balance: EUR is off by 10.00");
    }

    #[test]
    fn each_currency_must_balance_on_its_own() {
        let usd = Money::parse("100", Currency::parse("USD").unwrap()).unwrap();
        let bank = AccountPath::parse("assets:bank:lt-main").unwrap();
        let error = Transaction::new(vec![
            Posting::new(bank, eur("100")),
            Posting::new(AccountPath::general_fund(), usd.negated()),
        ]);
        assert!(matches!(error, Err(TransactionError::PostingsMustBalance { .. })));
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    fn posting() -> impl Strategy<Value = Posting> {
        let accounts = [
            "assets:bank:lt-main",
            "equity:funds:general",
            "equity:funds:committee:maz",
            "liabilities:payable:maz",
        ];
        (
            prop::sample::select(accounts.to_vec()),
            prop::sample::select(vec!["EUR", "USD", "BYN"]),
            -100_000i64..100_000,
        )
            .prop_map(|(account, currency, minor)| {
                Posting::new(
                    AccountPath::parse(account).unwrap(),
                    Money::from_minor(minor, Currency::parse(currency).unwrap()),
                )
            })
    }

    proptest! {
        /// A transaction is constructed exactly when it is well-formed and balances per currency.
        #[test]
        fn construction_succeeds_iff_balanced(postings in prop::collection::vec(posting(), 0..8)) {
            let mut sums: BTreeMap<Currency, i64> = BTreeMap::new();
            for posting in &postings {
                *sums.entry(posting.money.currency()).or_default() += posting.money.minor();
            }
            let well_formed = postings.len() >= 2 && postings.iter().all(|p| p.money.minor() != 0);
            let balanced = sums.values().all(|sum| *sum == 0);
            prop_assert_eq!(Transaction::new(postings).is_ok(), well_formed && balanced);
        }

        /// What the writer accepts as balanced, the auditor reads back as
        /// balanced, and the JSON form gives back the same transaction.
        #[test]
        fn the_auditor_reads_every_accepted_transaction_as_balanced(postings in prop::collection::vec(posting(), 0..8)) {
            let Ok(transaction) = Transaction::new(postings) else { return Ok(()) };
            let json = transaction.to_json();
            prop_assert_eq!(Transaction::from_json(&json), Some(transaction.clone()));
            let mut body = serde_json::Map::new();
            body.insert("postings".into(), json);
            let read = strikefund_audit::ledger::postings_of(&body).unwrap();
            prop_assert_eq!(read.len(), transaction.postings().len());
            let mut sums: BTreeMap<String, i128> = BTreeMap::new();
            for posting in read {
                *sums.entry(posting.currency).or_default() += posting.minor;
            }
            prop_assert!(sums.values().all(|sum| *sum == 0), "{:?}", sums);
        }

        #[test]
        fn a_balanced_transaction_and_its_reversal_cancel_out(minor in 1i64..1_000_000_000, split in 1i64..1_000) {
            let eur = Currency::parse("EUR").unwrap();
            let part = minor.min(split);
            let mut postings = vec![Posting::new(AccountPath::parse("assets:bank:lt-main").unwrap(), Money::from_minor(minor, eur))];
            postings.push(Posting::new(AccountPath::general_fund(), Money::from_minor(-part, eur)));
            if minor > part {
                postings.push(Posting::new(AccountPath::committee_fund("maz"), Money::from_minor(part - minor, eur)));
            }
            let transaction = Transaction::new(postings).unwrap();
            let reversed = transaction.reversed();
            for (a, b) in transaction.postings().iter().zip(reversed.postings()) {
                prop_assert_eq!(a.money.minor() + b.money.minor(), 0);
            }
            prop_assert_eq!(Transaction::from_json(&transaction.to_json()), Some(transaction));
        }
    }
}

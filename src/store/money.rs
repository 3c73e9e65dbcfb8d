//! What the treasurer's money page reads: the holding accounts' balances
//! and the latest money entries of the journal. Both are bounded: balances
//! have one row per account and currency, and the journal is read only in
//! a window of its last entries, by primary key.

use serde_json::Value;
use sqlx::AnyPool;

use crate::domain::transaction::Transaction;
use crate::domain::{Currency, Money};

/// Journal entries looked at for the list of recent money entries: the
/// newest ones only, so the page reads a bounded number of rows however
/// long the journal is.
pub const RECENT_ENTRIES_WINDOW: u64 = 48;

/// Money entries listed at most.
pub const RECENT_MOVEMENTS_MAX: i64 = 20;

/// One balance: an account in one currency, debits positive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holding {
    pub account: String,
    pub money: Money,
}

/// The balances of every holding account and of the general fund, by account then currency.
pub async fn holdings(pool: &AnyPool) -> Result<Vec<Holding>, sqlx::Error> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT account, currency, minor FROM balances \
         WHERE account LIKE 'assets:%' OR account = 'equity:funds:general' ORDER BY account, currency",
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(account, currency, minor)| {
            let currency = Currency::parse(&currency).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
            Ok(Holding { account, money: Money::from_minor(minor, currency) })
        })
        .collect()
}

/// A journal entry that moves money.
#[derive(Debug, Clone)]
pub struct Movement {
    pub seq: u64,
    /// `YYYY-MM-DD` of the entry's time.
    pub day: String,
    pub kind: String,
    pub postings: Option<Transaction>,
    /// The reversal entry that undid it, if one did.
    pub reversed_by: Option<u64>,
}

/// The latest money entries (donations, allocations, exchanges, fees,
/// payouts, reversals) among the last `RECENT_ENTRIES_WINDOW` entries, newest first.
pub async fn recent_movements(pool: &AnyPool, head_seq: u64) -> Result<Vec<Movement>, sqlx::Error> {
    let after = head_seq.saturating_sub(RECENT_ENTRIES_WINDOW) as i64;
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT seq, at, kind, body FROM journal WHERE seq > $1 \
         AND kind IN ('donation', 'allocation', 'exchange', 'fee', 'payout', 'reversal') \
         ORDER BY seq DESC LIMIT $2",
    )
    .bind(after)
    .bind(RECENT_MOVEMENTS_MAX)
    .fetch_all(pool)
    .await?;
    let oldest = rows.last().map_or(i64::MAX, |row| row.0);
    let reversals: Vec<(i64, i64)> = sqlx::query_as("SELECT seq, by_seq FROM reversals WHERE seq >= $1")
        .bind(oldest)
        .fetch_all(pool)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(seq, at, kind, body)| {
            let body: Option<Value> = serde_json::from_str(&body).ok();
            Movement {
                seq: seq as u64,
                day: at.chars().take(10).collect(),
                kind,
                postings: body.as_ref().and_then(|b| b.get("postings")).and_then(Transaction::from_json),
                reversed_by: reversals.iter().find(|(s, _)| *s == seq).map(|(_, by)| *by as u64),
            }
        })
        .collect())
}

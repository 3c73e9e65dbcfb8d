//! Read-only queries for pages, the API and the CLI. Every one of them is an
//! index lookup or reads a bounded projection: none scans the journal.

use sqlx::AnyPool;
use strikefund_audit::Hash;

use crate::domain::{Currency, Money};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadView {
    pub seq: u64,
    pub hash: Hash,
}

pub async fn head(pool: &AnyPool) -> Result<HeadView, sqlx::Error> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM chain_head WHERE id = 1").fetch_optional(pool).await?;
    Ok(match row {
        Some((seq, hash)) => HeadView {
            seq: seq as u64,
            hash: hash.parse().map_err(|_| sqlx::Error::Protocol("chain head hash".into()))?,
        },
        None => HeadView { seq: 0, hash: Hash::ZERO },
    })
}

/// The four public figures of one scope in one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub raised: Money,
    pub paid: Money,
    pub reserved: Money,
    pub available: Money,
}

/// Totals of one scope (`fund`, `general`, `committee:<key>`), per currency,
/// in currency order.
pub async fn totals(pool: &AnyPool, scope: &str) -> Result<Vec<Totals>, sqlx::Error> {
    let rows: Vec<(String, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT currency, raised, paid, reserved, available FROM totals WHERE scope = $1 ORDER BY currency",
    )
    .bind(scope)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(currency, raised, paid, reserved, available)| {
            money_row(&currency, [raised, paid, reserved, available])
        })
        .collect()
}

/// Number of distinct workers who received at least one payout.
pub async fn workers_supported(pool: &AnyPool) -> Result<u64, sqlx::Error> {
    let count: Option<i64> =
        sqlx::query_scalar("SELECT value FROM counters WHERE name = 'workers_supported'")
            .fetch_optional(pool)
            .await?;
    Ok(count.unwrap_or(0) as u64)
}

fn money_row(currency: &str, minors: [i64; 4]) -> Result<Totals, sqlx::Error> {
    let currency = Currency::parse(currency).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    let [raised, paid, reserved, available] = minors.map(|minor| Money::from_minor(minor, currency));
    Ok(Totals { raised, paid, reserved, available })
}

/// Every row of the `totals` projection: (scope, totals), by scope then currency.
/// The table has one row per scope and currency, however long the journal.
pub async fn all_totals(pool: &AnyPool) -> Result<Vec<(String, Totals)>, sqlx::Error> {
    let rows: Vec<(String, String, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT scope, currency, raised, paid, reserved, available FROM totals ORDER BY scope, currency",
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(scope, currency, raised, paid, reserved, available)| {
            Ok((scope, money_row(&currency, [raised, paid, reserved, available])?))
        })
        .collect()
}

/// A committee as the public side may know it: its ledger key, and its name
/// only when it is public.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitteeRow {
    pub key: String,
    pub public: bool,
    pub name: Option<String>,
    pub paid_workers: u64,
}

pub async fn committees(pool: &AnyPool) -> Result<Vec<CommitteeRow>, sqlx::Error> {
    let rows: Vec<(String, i64, i64, Option<String>)> = sqlx::query_as(
        "SELECT c.key, c.public, c.paid_workers, n.name FROM committees c \
         LEFT JOIN committee_names n ON n.key = c.key ORDER BY c.key",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(key, public, paid_workers, name)| CommitteeRow {
            key,
            public: public != 0,
            name: name.filter(|_| public != 0),
            paid_workers: paid_workers.max(0) as u64,
        })
        .collect())
}

/// Donations and payouts of one month in one currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthRow {
    /// `YYYY-MM`.
    pub month: String,
    pub donated: Money,
    pub paid: Money,
}

/// The `monthly` projection, by month then currency: one row per month and currency.
pub async fn monthly(pool: &AnyPool) -> Result<Vec<MonthRow>, sqlx::Error> {
    let rows: Vec<(String, String, i64, i64)> =
        sqlx::query_as("SELECT month, currency, donated, paid FROM monthly ORDER BY month, currency")
            .fetch_all(pool)
            .await?;
    rows.into_iter()
        .map(|(month, currency, donated, paid)| {
            let currency = Currency::parse(&currency).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
            let (donated, paid) = (Money::from_minor(donated, currency), Money::from_minor(paid, currency));
            Ok(MonthRow { month, donated, paid })
        })
        .collect()
}

/// A signed checkpoint: the tree of the first `size` entries, signed in `note`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointRow {
    pub size: u64,
    pub seq: u64,
    pub note: String,
}

pub async fn latest_checkpoint(pool: &AnyPool) -> Result<Option<CheckpointRow>, sqlx::Error> {
    let row: Option<(i64, i64, String)> = sqlx::query_as(
        "SELECT size, seq, note FROM checkpoints WHERE size = (SELECT MAX(size) FROM checkpoints)",
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(size, seq, note)| CheckpointRow { size: size as u64, seq: seq as u64, note }))
}

/// What a donor's receipt shows: nothing that is not already in the public journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptRow {
    pub code: String,
    pub seq: u64,
    pub hash: Hash,
    pub money: Money,
    pub received_on: String,
    /// The seq of the reversal entry that undid the donation, if one did.
    pub reversed_by: Option<u64>,
}

/// The donation with this (normalized) receipt code: two primary-key lookups.
pub async fn receipt(pool: &AnyPool, code: &str) -> Result<Option<ReceiptRow>, sqlx::Error> {
    let row: Option<(i64, String, i64, String, Option<i64>, String)> = sqlx::query_as(
        "SELECT d.seq, d.currency, d.minor, d.received_on, d.reversed_seq, j.hash \
         FROM donations d JOIN journal j ON j.seq = d.seq WHERE d.receipt = $1",
    )
    .bind(code)
    .fetch_optional(pool)
    .await?;
    let Some((seq, currency, minor, received_on, reversed_by, hash)) = row else { return Ok(None) };
    let currency = Currency::parse(&currency).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    Ok(Some(ReceiptRow {
        code: code.to_string(),
        seq: seq as u64,
        hash: hash.parse().map_err(|_| sqlx::Error::Protocol("journal hash".into()))?,
        money: Money::from_minor(minor, currency),
        received_on,
        reversed_by: reversed_by.map(|s| s as u64),
    }))
}

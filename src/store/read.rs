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
            let currency = Currency::parse(&currency).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
            Ok(Totals {
                raised: Money::from_minor(raised, currency),
                paid: Money::from_minor(paid, currency),
                reserved: Money::from_minor(reserved, currency),
                available: Money::from_minor(available, currency),
            })
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

//! The append-only journal: a hash chain of entries, each linked to the one
//! before, written by a single writer together with the projections derived
//! from it. Only this module writes journal rows.

pub mod command;
pub mod decide;
pub mod kind;
pub mod projector;
pub mod rows;
pub mod writer;

pub use command::{Actor, Appended, Command, CommandError, Detail, EntryRef};
pub use kind::Kind;
pub use writer::{Journal, JournalStats};

use std::collections::BTreeMap;

use sqlx::{AnyConnection, Executor};
use strikefund_audit::ledger::{AccountClass, account_class};
use strikefund_audit::verify::ChainVerifier;

use crate::store::Db;
use projector::{Cache, Deltas, JournalRow, PROJECTION_TABLES};

/// Entries read per query when replaying or checking the journal.
pub const REPLAY_PAGE_ENTRIES: i64 = 2_000;

/// Entries at the tail of the chain re-verified on every start.
pub const STARTUP_TAIL_ENTRIES: i64 = 1_000;

/// Reads entries with seq in `(after, after + REPLAY_PAGE_ENTRIES]`.
pub async fn read_page(
    executor: impl Executor<'_, Database = sqlx::Any>,
    after: i64,
    limit: i64,
) -> Result<Vec<JournalRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT seq, prev, hash, at, actor, kind, body, sealed FROM journal \
         WHERE seq > $1 ORDER BY seq LIMIT $2",
    )
    .bind(after)
    .bind(limit)
    .fetch_all(executor)
    .await
}

/// Empties every projection and replays the whole journal into them, in one
/// transaction, verifying the chain as it goes. Returns the number of entries.
pub async fn rebuild_projections(db: &Db) -> Result<u64, String> {
    let mut tx = db.begin_append().await.map_err(|e| e.to_string())?;
    for table in PROJECTION_TABLES {
        let sql = format!("DELETE FROM {table}");
        sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut *tx).await.map_err(|e| e.to_string())?;
    }
    let mut cache = Cache::default();
    let mut deltas = Deltas::default();
    let mut verifier = ChainVerifier::default();
    let mut after = 0i64;
    loop {
        let rows = read_page(&mut *tx, after, REPLAY_PAGE_ENTRIES).await.map_err(|e| e.to_string())?;
        let Some(last) = rows.last() else { break };
        after = last.seq;
        for row in rows {
            let (entry, hash) = row.into_entry()?;
            verifier.push(&entry, &hash).map_err(|finding| finding.to_string())?;
            projector::project(&entry, &hash, &mut tx, &mut cache, &mut deltas)
                .await
                .map_err(|e| e.to_string())?;
        }
        projector::flush(&mut tx, &cache, &mut deltas).await.map_err(|e| e.to_string())?;
    }
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(cache.head.seq)
}

/// What `startup_check` tells the operator to run when projections are wrong.
const REPAIR_HINT: &str = "run `strikefund repair --rebuild-projections`";

/// The startup check: the projections are at the journal's head, the tail of
/// the chain links and hashes correctly, and the balances table keeps the
/// ledger's invariants. It reads a bounded number of rows, whatever the
/// length of the journal (the full comparison of every balance with the
/// journal is `strikefund-audit balances --db`). Returns why writes must be
/// refused, or None when all is well.
pub async fn startup_check(db: &Db) -> Result<Option<String>, sqlx::Error> {
    // Holding the append lock, the check sees one state of the database even
    // when other processes are appending.
    let mut tx = db.begin_append().await?;
    let problem = match chain_problem(&mut tx).await? {
        Some(problem) => Some(problem),
        None => balances_problem(&mut tx).await?,
    };
    tx.rollback().await?;
    Ok(problem)
}

/// The head and the tail of the chain.
async fn chain_problem(conn: &mut AnyConnection) -> Result<Option<String>, sqlx::Error> {
    let journal_head: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM journal WHERE seq = (SELECT MAX(seq) FROM journal)")
            .fetch_optional(&mut *conn)
            .await?;
    let projected: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM chain_head WHERE id = 1").fetch_optional(&mut *conn).await?;
    if journal_head != projected {
        let journal = journal_head.map_or(0, |h| h.0);
        let projections = projected.map_or(0, |h| h.0);
        return Ok(Some(format!(
            "projections are at seq {projections} but the journal is at seq {journal}; {REPAIR_HINT}"
        )));
    }
    let Some((head, _)) = journal_head else { return Ok(None) };
    let start = (head - STARTUP_TAIL_ENTRIES).max(0);
    let rows = read_page(&mut *conn, start, STARTUP_TAIL_ENTRIES + 1).await?;
    let mut previous: Option<strikefund_audit::Hash> = None;
    for row in rows {
        let seq = row.seq;
        let (entry, claimed) = match row.into_entry() {
            Ok(parsed) => parsed,
            Err(reason) => return Ok(Some(reason)),
        };
        let computed = entry.compute_hash().ok();
        if computed != Some(claimed) {
            return Ok(Some(format!(
                "journal entry {seq} does not match its hash: the database was altered"
            )));
        }
        if previous.is_some_and(|p| p != entry.prev) {
            return Ok(Some(format!(
                "journal entry {seq} does not link to the entry before: the database was altered"
            )));
        }
        previous = Some(claimed);
    }
    Ok(None)
}

/// The balances table against the ledger's invariants: each currency sums
/// to zero (every entry balances), no holding is below zero and no envelope
/// above zero. An edited balance row breaks the first.
async fn balances_problem(conn: &mut AnyConnection) -> Result<Option<String>, sqlx::Error> {
    let rows: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT account, currency, minor FROM balances").fetch_all(&mut *conn).await?;
    let stored: BTreeMap<(String, String), i128> =
        rows.into_iter().filter(|r| r.2 != 0).map(|(a, c, m)| ((a, c), i128::from(m))).collect();
    let problem = balance_invariant_problem(&stored);
    Ok(problem.map(|p| format!("the balances table is wrong: {p}; {REPAIR_HINT}")))
}

/// The first broken balance invariant, if any.
fn balance_invariant_problem(balances: &BTreeMap<(String, String), i128>) -> Option<String> {
    let mut sums: BTreeMap<&str, i128> = BTreeMap::new();
    for ((account, currency), minor) in balances {
        *sums.entry(currency).or_default() += minor;
        let crosses = match account_class(account) {
            Ok(AccountClass::Holding) => *minor < 0,
            Ok(AccountClass::Envelope) => *minor > 0,
            Ok(AccountClass::Unbounded) => false,
            Err(reason) => return Some(format!("account {account:?}: {reason}")),
        };
        if crosses {
            return Some(format!("{account} is overdrawn in {currency}"));
        }
    }
    let (currency, sum) = sums.into_iter().find(|(_, sum)| *sum != 0)?;
    Some(format!("the {currency} balances sum to {sum} minor units instead of zero"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn balances(rows: &[(&str, &str, i128)]) -> BTreeMap<(String, String), i128> {
        rows.iter().map(|(a, c, m)| ((a.to_string(), c.to_string()), *m)).collect()
    }

    #[test]
    fn balance_invariants_catch_an_edited_row() {
        let good = [
            ("assets:bank:lt-main", "EUR", 10_000),
            ("equity:funds:general", "EUR", -4_000),
            ("equity:funds:committee:maz", "EUR", -6_000),
        ];
        assert_eq!(balance_invariant_problem(&balances(&good)), None);
        let mut edited = good;
        edited[0].2 = 15_000;
        assert_eq!(
            balance_invariant_problem(&balances(&edited)).as_deref(),
            Some("the EUR balances sum to 5000 minor units instead of zero")
        );
        let overdrawn = [("assets:bank:lt-main", "EUR", -100), ("equity:funds:general", "EUR", 100)];
        assert_eq!(
            balance_invariant_problem(&balances(&overdrawn)).as_deref(),
            Some("assets:bank:lt-main is overdrawn in EUR")
        );
    }
}

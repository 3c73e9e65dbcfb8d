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

use sqlx::Executor;
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

/// The startup check: the tail of the chain links and hashes correctly, and
/// the projections are at the journal's head. Returns why writes must be
/// refused, or None when all is well.
pub async fn startup_check(db: &Db) -> Result<Option<String>, sqlx::Error> {
    let journal_head: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&db.pool)
            .await?;
    let projected: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM chain_head WHERE id = 1").fetch_optional(&db.pool).await?;
    if journal_head != projected {
        let journal = journal_head.map_or(0, |h| h.0);
        let projections = projected.map_or(0, |h| h.0);
        return Ok(Some(format!(
            "projections are at seq {projections} but the journal is at seq {journal}; \
             run `strikefund repair --rebuild-projections`"
        )));
    }
    let Some((head, _)) = journal_head else { return Ok(None) };
    let start = (head - STARTUP_TAIL_ENTRIES).max(0);
    let rows = read_page(&db.pool, start, STARTUP_TAIL_ENTRIES + 1).await?;
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

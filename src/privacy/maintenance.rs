//! Keeping personal data unrecoverable where it must be: the data key
//! matches the database, plaintext left by older versions is sealed, erased
//! records leave no copy in the database file or its write-ahead log, and
//! backups are checked before anyone relies on them.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;
use sqlx::{AnyConnection, ConnectOptions, Connection, Executor};
use strikefund_audit::verify::ChainVerifier;

use super::{DataKey, entry_worker, seal_record};
use crate::journal::projector::load_entry;
use crate::store::{Backend, Db};

/// Legacy plaintext records sealed per round at startup.
pub const LEGACY_RECORDS_PER_ROUND: i64 = 1_000;

/// Attempts at a full WAL checkpoint after an erasure (readers may hold it back).
pub const CHECKPOINT_ATTEMPTS_MAX: u32 = 50;

/// The settings row holding the data key's fingerprint (never the key).
const KEY_ID_SETTING: &str = "data_key_id";

/// Checks that `key` is the key this database's private data is sealed
/// with, remembering its fingerprint on first use: a wrong key file would
/// otherwise seal new records that the right key cannot open.
pub async fn check_data_key(db: &Db, key: &DataKey) -> Result<(), String> {
    let stored: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE name = $1")
        .bind(KEY_ID_SETTING)
        .fetch_optional(&db.pool)
        .await
        .map_err(|e| e.to_string())?;
    match stored {
        Some(id) if id == key.id() => Ok(()),
        Some(id) => Err(format!(
            "the data key given (fingerprint {}) is not the one this database's private data is sealed with \
             (fingerprint {id}): give the fund's data key file",
            key.id()
        )),
        None => {
            sqlx::query("INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
                .bind(KEY_ID_SETTING)
                .bind(key.id())
                .execute(&db.pool)
                .await
                .map_err(|e| e.to_string())?;
            Ok(())
        }
    }
}

/// Moves the plaintext `private_records` of databases created before
/// personal data was encrypted into `sealed_records`, encrypted, and deletes
/// them. Returns how many were moved.
pub async fn seal_legacy_records(db: &Db, key: &DataKey) -> Result<u64, sqlx::Error> {
    let mut moved = 0u64;
    loop {
        let mut tx = db.begin_append().await?;
        let rows: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT seq, salt, payload FROM private_records ORDER BY seq LIMIT $1")
                .bind(LEGACY_RECORDS_PER_ROUND)
                .fetch_all(&mut *tx)
                .await?;
        if rows.is_empty() {
            tx.commit().await?;
            return Ok(moved);
        }
        for (seq, salt, payload) in rows {
            let sealed = seal_legacy_row(&mut tx, key, seq, &salt, &payload).await?;
            sqlx::query("INSERT INTO sealed_records (seq, worker, sealed) VALUES ($1, $2, $3)")
                .bind(seq)
                .bind(sealed.0)
                .bind(sealed.1)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM private_records WHERE seq = $1").bind(seq).execute(&mut *tx).await?;
            moved += 1;
        }
        tx.commit().await?;
    }
}

/// The worker and the encrypted record of one legacy row.
async fn seal_legacy_row(
    conn: &mut AnyConnection,
    key: &DataKey,
    seq: i64,
    salt: &str,
    payload: &str,
) -> Result<(Option<String>, String), sqlx::Error> {
    let corrupt = |what: &str| sqlx::Error::Protocol(format!("private record {seq}: {what}"));
    let (entry, _) =
        load_entry(conn, u64::try_from(seq).unwrap_or(0)).await?.ok_or_else(|| corrupt("no entry"))?;
    let salt: strikefund_audit::Hash = salt.parse().map_err(|_| corrupt("malformed salt"))?;
    let fields: Value = serde_json::from_str(payload).map_err(|_| corrupt("malformed payload"))?;
    if strikefund_audit::seal::commitment(&salt.0, &fields).ok() != entry.sealed {
        tracing::error!(seq, "a private record does not match its entry's sealed commitment");
    }
    let worker = entry_worker(conn, &entry).await?;
    Ok((worker, seal_record(key, entry.seq, &salt.0, &fields)))
}

/// After an erasure: makes sure no copy of the deleted records is left in
/// the database files. SQLite zeroes deleted content (`secure_delete`,
/// set on every connection); a full checkpoint then copies the zeroed pages
/// into the database file and truncates the write-ahead log, which still
/// held the pages as they were. PostgreSQL rewrites the two tables
/// (`VACUUM FULL`), so no dead row versions remain in them.
pub async fn scrub_erased(db: &Db) -> Result<(), String> {
    match db.backend {
        Backend::Sqlite => {
            for _ in 0..CHECKPOINT_ATTEMPTS_MAX {
                let (busy, _, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
                    .fetch_one(&db.pool)
                    .await
                    .map_err(|e| e.to_string())?;
                if busy == 0 {
                    return Ok(());
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err("readers kept the write-ahead log busy: run `strikefund worker scrub` when the server is idle".into())
        }
        Backend::Postgres => {
            wait_for_older_snapshots(db).await?;
            // One statement each: several in one query run as one transaction,
            // where VACUUM is not allowed.
            for sql in ["VACUUM (FULL) sealed_records", "VACUUM (FULL) worker_identities"] {
                sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&db.pool).await.map_err(|e| e.to_string())?;
            }
            Ok(())
        }
    }
}

/// Longest wait for transactions older than an erasure, in 100 ms steps.
pub const SNAPSHOT_WAITS_MAX: u32 = 300;

/// Waits until no snapshot taken before now is open, in any database of
/// the server. `VACUUM FULL` keeps a deleted row while an older snapshot
/// might still see it (an `ANALYZE` by autovacuum, a long report; in
/// practice also some in other databases), so it must run after they end to
/// leave no copy of the erased records.
async fn wait_for_older_snapshots(db: &Db) -> Result<(), String> {
    let mark: String = sqlx::query_scalar("SELECT CAST(pg_snapshot_xmax(pg_current_snapshot()) AS TEXT)")
        .fetch_one(&db.pool)
        .await
        .map_err(|e| e.to_string())?;
    for _ in 0..SNAPSHOT_WAITS_MAX {
        let older: i64 = sqlx::query_scalar(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM pg_stat_activity \
             WHERE pid <> pg_backend_pid() AND backend_xmin IS NOT NULL \
             AND age(backend_xmin) > age(xid(CAST($1 AS xid8)))",
        )
        .bind(&mark)
        .fetch_one(&db.pool)
        .await
        .map_err(|e| e.to_string())?;
        if older == 0 {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err("a transaction older than the erasure is still open: run `strikefund worker scrub` when it ended"
        .into())
}

/// The SQLite file a `sqlite://` URL names.
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

/// A chain read back from a database file: its length and head hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub entries: u64,
    pub head: String,
}

/// Verifies every entry of the SQLite database at `path`, opened read-only.
pub async fn verify_sqlite_file(path: &Path) -> Result<Verified, String> {
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}?mode=ro", path.display());
    let options: sqlx::any::AnyConnectOptions = url.parse().map_err(|e: sqlx::Error| e.to_string())?;
    let mut conn = options.disable_statement_logging().connect().await.map_err(|e| e.to_string())?;
    let mut verifier = ChainVerifier::default();
    let mut after = 0i64;
    let mut head = strikefund_audit::Hash::ZERO;
    loop {
        let rows = crate::journal::read_page(&mut conn, after, crate::journal::REPLAY_PAGE_ENTRIES)
            .await
            .map_err(|e| e.to_string())?;
        let Some(last) = rows.last() else { break };
        after = last.seq;
        for row in rows {
            let (entry, hash) = row.into_entry()?;
            verifier.push(&entry, &hash).map_err(|finding| finding.to_string())?;
            head = hash;
        }
    }
    let _ = conn.close().await;
    Ok(Verified { entries: u64::try_from(after).unwrap_or(0), head: head.to_hex() })
}

/// Writes a consistent copy of the database to `out` (mode 0600, never over
/// an existing file) and verifies it. SQLite only: `VACUUM INTO` copies the
/// live pages, so free pages and the write-ahead log are not carried over.
pub async fn backup_sqlite(db: &Db, out: &Path) -> Result<Verified, String> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(out).map_err(|e| format!("{}: {e} (a backup never overwrites a file)", out.display()))?;
    let target = out.display().to_string();
    let copied = db.pool.execute(sqlx::query("VACUUM INTO $1").bind(target)).await;
    if let Err(error) = copied {
        let _ = std::fs::remove_file(out);
        return Err(format!("the backup failed: {error}"));
    }
    verify_sqlite_file(out).await.map_err(|e| format!("the backup does not verify: {e}"))
}

/// Restores a SQLite backup as the database at `url` (which must not exist
/// yet), then opens, migrates and verifies it.
pub async fn restore_sqlite(backup: &Path, url: &str) -> Result<Verified, String> {
    let target = sqlite_path(url).ok_or("restore needs --db sqlite://FILE naming the new database file")?;
    let before = verify_sqlite_file(backup).await.map_err(|e| format!("{}: {e}", backup.display()))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(&target)
        .map_err(|e| format!("{}: {e} (restore never overwrites a database)", target.display()))?;
    let mut source = std::fs::File::open(backup).map_err(|e| format!("{}: {e}", backup.display()))?;
    std::io::copy(&mut source, &mut file).map_err(|e| format!("{}: {e}", target.display()))?;
    file.sync_all().map_err(|e| e.to_string())?;
    let db = Db::open(url).await.map_err(|e| e.to_string())?;
    let problem = crate::journal::startup_check(&db).await.map_err(|e| e.to_string())?;
    db.close().await;
    if let Some(problem) = problem {
        return Err(format!("the restored database does not check: {problem}"));
    }
    let after = verify_sqlite_file(&target).await?;
    if after != before {
        return Err("the restored database differs from the backup".into());
    }
    Ok(after)
}

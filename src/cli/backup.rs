//! `strikefund backup FILE` and `strikefund restore FILE --db URL`.
//!
//! A backup holds personal data only as it is in the database: sealed with
//! the data key, which a backup never contains. Keep the key file backed up
//! separately, or the backup's personal data is lost with it.

use std::path::Path;

use crate::privacy::maintenance::{self, Verified};
use crate::store::{Backend, Db};

const POSTGRES_GUIDANCE: &str = "back up PostgreSQL with its own tools: \
    pg_dump --format=custom --file FILE DBURL (Debian package postgresql-client), \
    and restore into an empty database with pg_restore --dbname DBURL FILE";

fn report(what: &str, file: &Path, verified: &Verified) {
    println!(
        "{what} {}: {} entries, head {}; check it with strikefund-audit verify --db sqlite://{}",
        file.display(),
        verified.entries,
        verified.head,
        file.display()
    );
}

pub async fn backup(fund: &super::Fund, out: &Path) -> Result<(), String> {
    match Backend::of_url(&fund.db) {
        Some(Backend::Sqlite) => {
            let db = Db::open(&fund.db).await.map_err(|e| e.to_string())?;
            let result = maintenance::backup_sqlite(&db, out).await;
            db.close().await;
            report("backup written to", out, &result?);
            Ok(())
        }
        Some(Backend::Postgres) => pg_dump(&fund.db, out),
        None => Err("database URL must start with sqlite:// or postgres://".into()),
    }
}

/// Runs `pg_dump` when it is installed; otherwise says how to back up.
fn pg_dump(url: &str, out: &Path) -> Result<(), String> {
    let installed =
        std::process::Command::new("pg_dump").arg("--version").output().is_ok_and(|o| o.status.success());
    if !installed {
        return Err(format!("pg_dump is not installed: {POSTGRES_GUIDANCE}"));
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(out).map_err(|e| format!("{}: {e} (a backup never overwrites a file)", out.display()))?;
    let status = std::process::Command::new("pg_dump")
        .args(["--format=custom", "--no-owner", "--file"])
        .arg(out)
        .arg(url)
        .status()
        .map_err(|e| format!("pg_dump: {e}"))?;
    if !status.success() {
        let _ = std::fs::remove_file(out);
        return Err(format!("pg_dump failed ({status})"));
    }
    println!(
        "backup written to {} by pg_dump; restore it with pg_restore --dbname DBURL FILE",
        out.display()
    );
    Ok(())
}

pub async fn restore(fund: &super::Fund, file: &Path) -> Result<(), String> {
    match Backend::of_url(&fund.db) {
        Some(Backend::Sqlite) => {
            let verified = maintenance::restore_sqlite(file, &fund.db).await?;
            println!(
                "restored {} into {}: {} entries, head {}; check it with strikefund-audit verify --db {}",
                file.display(),
                fund.db,
                verified.entries,
                verified.head,
                fund.db
            );
            Ok(())
        }
        Some(Backend::Postgres) => Err(format!("restore is for SQLite: {POSTGRES_GUIDANCE}")),
        None => Err("database URL must start with sqlite:// or postgres://".into()),
    }
}

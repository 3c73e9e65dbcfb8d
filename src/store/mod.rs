//! Persistence: one connection pool over SQLite or PostgreSQL through sqlx's
//! `Any` driver, so every query is written once and runs on both. Queries use
//! `$1` placeholders, integer minor units and text, which both dialects share.
//!
//! Only `journal` writes journal rows and projections; the rest of the
//! program reads through the functions here.

pub mod committees;
pub mod form_tokens;
pub mod money;
pub mod proofs;
pub mod read;
pub mod sessions;
pub mod settings;
pub mod tokens;
pub mod users;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, ConnectOptions, Executor, Transaction};

/// Connections in the pool; the single writer takes one of them.
pub const CONNECTIONS_MAX: u32 = 16;

/// How long a query waits for a locked SQLite database before failing.
pub const SQLITE_BUSY_TIMEOUT_MS: u32 = 15_000;

/// Key of the PostgreSQL advisory lock that serializes journal appends
/// across server processes ("sfjr" in ASCII).
pub const APPEND_LOCK_KEY: i64 = 0x7366_6a72;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database URL must start with sqlite:// or postgres://")]
    UrlUnsupported,
    #[error("cannot open the database: {0}")]
    Open(sqlx::Error),
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Query(#[from] sqlx::Error),
}

/// The database, whichever backend it is.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}

/// Adds `mode=rwc` to a SQLite URL so that the file is created on first start.
fn sqlite_url_creating(url: &str) -> String {
    if url.contains("mode=") || url.contains(":memory:") {
        url.to_string()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

impl Db {
    /// Opens (creating a SQLite file if needed) and migrates the database.
    pub async fn open(url: &str) -> Result<Db, StoreError> {
        let db = Db::connect(url).await?;
        db.migrate().await?;
        Ok(db)
    }

    /// Opens the database without migrating it.
    pub async fn connect(url: &str) -> Result<Db, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of_url(url).ok_or(StoreError::UrlUnsupported)?;
        let url = match backend {
            Backend::Sqlite => sqlite_url_creating(url),
            Backend::Postgres => url.to_string(),
        };
        let options =
            AnyConnectOptions::from_str(&url).map_err(StoreError::Open)?.disable_statement_logging();
        let pool = AnyPoolOptions::new()
            .max_connections(CONNECTIONS_MAX)
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |connection, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        connection
                            .execute(sqlx::AssertSqlSafe(format!(
                                "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; \
                                 PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; \
                                 PRAGMA secure_delete = ON; PRAGMA temp_store = MEMORY; \
                                 PRAGMA cache_size = -32768;"
                            )))
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(StoreError::Open)?;
        if backend == Backend::Sqlite {
            // WAL lets readers (the public page, exports) run while the writer commits.
            pool.execute("PRAGMA journal_mode = WAL").await.map_err(StoreError::Open)?;
        }
        Ok(Db { pool, backend })
    }

    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self.backend {
            Backend::Sqlite => sqlx::migrate!("migrations/sqlite").run(&self.pool).await?,
            Backend::Postgres => sqlx::migrate!("migrations/postgres").run(&self.pool).await?,
        }
        Ok(())
    }

    /// Begins the transaction of one journal batch, holding the append lock:
    /// `BEGIN IMMEDIATE` on SQLite, an advisory lock on PostgreSQL, so that
    /// several processes appending to one database still form one chain.
    pub async fn begin_append(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => {
                let mut tx = self.pool.begin().await?;
                sqlx::query("SELECT 1 FROM pg_advisory_xact_lock($1)")
                    .bind(APPEND_LOCK_KEY)
                    .execute(&mut *tx)
                    .await?;
                Ok(tx)
            }
        }
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

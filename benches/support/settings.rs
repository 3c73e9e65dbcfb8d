//! What the append benchmarks share: their settings from the environment and
//! fresh PostgreSQL databases. Included by `benches/journal_append.rs` and
//! `benches/peer.rs`.

use std::str::FromStr;

use sqlx::migrate::MigrateDatabase;

/// `name` from the environment, or `default` when unset or not a number.
pub fn env_number<T: FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The PostgreSQL server to measure on, from `STRIKEFUND_TEST_POSTGRES_URL`.
pub fn postgres_server() -> Option<String> {
    let server = std::env::var("STRIKEFUND_TEST_POSTGRES_URL").ok();
    if server.is_none() {
        println!("postgres  skipped: set STRIKEFUND_TEST_POSTGRES_URL to measure it");
    }
    server
}

/// Creates a new, empty database on `server` named after `label`; returns its URL.
pub async fn fresh_postgres(server: &str, label: &str) -> String {
    sqlx::any::install_default_drivers();
    let base = server.rsplit_once('/').map_or(server, |(base, _)| base);
    let url = format!("{base}/strikefund_bench_{label}_{}", uuid::Uuid::new_v4().simple());
    sqlx::Any::create_database(&url).await.expect("the benchmark's database is created");
    url
}

/// Drops a database made by `fresh_postgres`.
pub async fn drop_postgres(url: &str) {
    let _ = sqlx::Any::drop_database(url).await;
}

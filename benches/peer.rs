//! The same appends through the peer library `doubleentry` (crates.io), on
//! the same machine and backends, as a side-by-side reference for
//! `benches/journal_append.rs` and the HTTP figures of `scripts/bench.sh`:
//! APPENDS two-posting donations (bank account debited, general fund
//! credited, EUR 25.00, each with its own idempotency key) from CLIENTS
//! concurrent tokio tasks into one ledger, on a SQLite file (the library's
//! own settings: WAL, `synchronous = FULL`) and, when
//! `STRIKEFUND_TEST_POSTGRES_URL` is set, a fresh PostgreSQL database.
//!
//! Run: `cargo bench --bench peer` (`APPENDS=N`, `CLIENTS=N` to change the load).

use std::time::Instant;

#[path = "support/settings.rs"]
mod settings;

use doubleentry::prelude::*;
use doubleentry::store::{SqlStore, Store};

const BANK: &str = "Assets:Bank:LtMain";
const FUND: &str = "Equity:Funds:General";

async fn books<S: Store<2> + Clone + Send + Sync + 'static>(store: S) -> Ledger<S> {
    let books = Ledger::new(store, LedgerId::new("strikefund.example/peer").unwrap()).await.unwrap();
    let on = date!("2020-01-01");
    books.declare_currency(EUR, 2, on).await.unwrap();
    books.open(BANK, AccountKind::Asset, on).await.unwrap();
    books.open(FUND, AccountKind::Equity, on).await.unwrap();
    books.define_months(2020, 1..=12).await.unwrap();
    books
}

fn donation(n: u64) -> Entry {
    let amount = Amount::from_minor(25_00).unwrap();
    Entry::new(format!("BENCH-{n:08}"), date!("2020-09-01"))
        .debit(BANK, amount, EUR)
        .credit(FUND, amount, EUR)
}

/// Appends per second from `clients` tasks; a transient store error (a busy
/// SQLite file) is retried with the same key, which can never book twice.
async fn measure<S: Store<2> + Clone + Send + Sync + 'static>(
    books: Ledger<S>,
    appends: u64,
    clients: u64,
) -> f64 {
    let start = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|client| {
            let books = books.clone();
            tokio::spawn(async move {
                let mut n = client;
                while n < appends {
                    loop {
                        match books.record(donation(n)).await {
                            Ok(_) => break,
                            Err(error) if error.is_transient() => tokio::task::yield_now().await,
                            Err(error) => panic!("doubleentry refused an append: {error}"),
                        }
                    }
                    n += clients;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    appends as f64 / start.elapsed().as_secs_f64()
}

#[tokio::main]
async fn main() {
    let appends = settings::env_number("APPENDS", 20_000u64);
    let clients = settings::env_number("CLIENTS", 64u64);
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("peer.db").display());
    let store = SqlStore::sqlite(&url).await.expect("doubleentry opens SQLite");
    let rate = measure(books(store).await, appends, clients).await;
    println!("sqlite    appends={appends} clients={clients} doubleentry={rate:>9.0}/s");
    if let Some(server) = settings::postgres_server() {
        let url = settings::fresh_postgres(&server, "peer").await;
        let store = SqlStore::postgres(&url).await.expect("doubleentry opens PostgreSQL");
        let rate = measure(books(store).await, appends, clients).await;
        println!("postgres  appends={appends} clients={clients} doubleentry={rate:>9.0}/s");
        settings::drop_postgres(&url).await;
    }
}

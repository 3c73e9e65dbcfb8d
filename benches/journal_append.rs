//! Appends per second through the single journal writer, on SQLite and (when
//! `STRIKEFUND_TEST_POSTGRES_URL` is set) PostgreSQL, next to the floor: the
//! same number of rows inserted into a plain table in the same batch sizes,
//! without hashing, validation or projections.
//!
//! Run: `cargo bench --bench journal_append` (`APPENDS=N`, `CLIENTS=N` to change the load).

use std::time::Instant;

#[path = "support/floor.rs"]
mod floor;
#[path = "support/settings.rs"]
mod settings;
use strikefund::domain::{AccountPath, Currency, Money};
use strikefund::journal::command::DonationInput;
use strikefund::journal::{Actor, Command};

fn donation(n: usize) -> Command {
    Command::RecordDonation(DonationInput {
        money: Money::parse("25.00", Currency::parse("EUR").unwrap()).unwrap(),
        received_on: time::macros::date!(2020 - 09 - 01),
        account: AccountPath::parse("assets:bank:lt-main").unwrap(),
        earmark: None,
        reference: format!("BENCH-{n:08}"),
        donor: None,
        idempotency_key: None,
    })
}

struct Measured {
    appends_per_s: f64,
    mean_batch: f64,
}

async fn measure_writer(url: &str, appends: usize, clients: usize) -> Measured {
    let state = strikefund::server::prepare(url, bench_config()).await.expect("server starts");
    let eur = Currency::parse("EUR").unwrap();
    let account = AccountPath::parse("assets:bank:lt-main").unwrap();
    state
        .journal
        .submit(Actor::system(), Command::OpenAccount { account, currencies: vec![eur] })
        .await
        .unwrap();
    let stats_before = state.journal.stats();
    let start = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..clients {
        let journal = state.journal.clone();
        tasks.push(tokio::spawn(async move {
            let mut n = client;
            while n < appends {
                journal.submit(Actor::system(), donation(n)).await.expect("append succeeds");
                n += clients;
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let elapsed = start.elapsed();
    let stats = state.journal.stats();
    let batches = (stats.batches - stats_before.batches).max(1);
    let entries = stats.entries - stats_before.entries;
    state.db.close().await;
    Measured {
        appends_per_s: appends as f64 / elapsed.as_secs_f64(),
        mean_batch: entries as f64 / batches as f64,
    }
}

async fn run(backend: &str, writer_url: &str, floor_url: &str, appends: usize, clients: usize) {
    let writer = measure_writer(writer_url, appends, clients).await;
    let batch = writer.mean_batch.round().max(1.0) as usize;
    let floor = floor::measure_floor(floor_url, appends, batch).await;
    println!(
        "{backend:<9} appends={appends} clients={clients} writer={:>9.0}/s mean_batch={:>6.1} floor={:>9.0}/s ratio={:.2}",
        writer.appends_per_s,
        writer.mean_batch,
        floor,
        floor / writer.appends_per_s
    );
}

#[tokio::main]
async fn main() {
    let appends = settings::env_number("APPENDS", 20_000);
    let clients = settings::env_number("CLIENTS", 64);
    let dir = tempfile::tempdir().unwrap();
    let writer_url = format!("sqlite://{}", dir.path().join("writer.db").display());
    let floor_url = format!("sqlite://{}", dir.path().join("floor.db").display());
    run("sqlite", &writer_url, &floor_url, appends, clients).await;
    if let Some(server) = settings::postgres_server() {
        let writer_url = settings::fresh_postgres(&server, "w").await;
        let floor_url = settings::fresh_postgres(&server, "f").await;
        run("postgres", &writer_url, &floor_url, appends, clients).await;
        settings::drop_postgres(&writer_url).await;
        settings::drop_postgres(&floor_url).await;
    }
}

/// The benchmark's fund seals donors' references: it needs a data key (kept in memory).
fn bench_config() -> strikefund::config::Config {
    let data_key = Some(strikefund::privacy::DataKey::generate());
    strikefund::config::Config { data_key, ..Default::default() }
}

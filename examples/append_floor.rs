//! The raw floor for `scripts/bench.sh`: ROWS rows inserted into a plain
//! table in transactions of BATCH rows, on a fresh SQLite file or a fresh
//! PostgreSQL database (created if missing, dropped afterwards). Prints rows per second.
//!
//! `cargo run --release --example append_floor -- sqlite:///tmp/floor.db 20000 64`

#[path = "../benches/support/floor.rs"]
mod floor;

use sqlx::migrate::MigrateDatabase;

#[tokio::main]
async fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let [url, rows, batch] = arguments.as_slice() else {
        eprintln!("usage: append_floor DATABASE_URL ROWS BATCH");
        std::process::exit(2);
    };
    let (Ok(rows), Ok(batch)) = (rows.parse::<usize>(), batch.parse::<usize>()) else {
        eprintln!("append_floor: ROWS and BATCH are whole numbers");
        std::process::exit(2);
    };
    sqlx::any::install_default_drivers();
    let postgres = url.starts_with("postgres");
    if postgres && !sqlx::Any::database_exists(url).await.expect("PostgreSQL answers") {
        sqlx::Any::create_database(url).await.expect("the floor's database is created");
    }
    let rate = floor::measure_floor(url, rows, batch).await;
    if postgres {
        let _ = sqlx::Any::drop_database(url).await;
    }
    println!("{rate:.0}");
}

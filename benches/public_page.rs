//! Benchmark: the public page `/` and `GET /api/v1/totals` at a small and a
//! large journal. Builds each ledger through the real journal writer (the
//! demo fund, then donations over the demo's nine months in four currencies),
//! serves it on a loopback port, and measures with a Rust HTTP client in the
//! same run: sequential latencies (median, p99) and throughput with
//! concurrent clients. The page must not slow down as the journal grows.
//!
//! cargo bench --bench public_page
//! STRIKEFUND_BENCH_SIZES=1000,1000000 (default) sets the journal sizes.

use std::time::{Duration, Instant};

use strikefund::config::Config;
use strikefund::domain::{AccountPath, Currency, Money};
use strikefund::journal::command::DonationInput;
use strikefund::journal::{Actor, Command};
use time::{Date, Month};

/// Sequential requests measured per path, after the warm-up.
const SEQUENTIAL_REQUESTS: usize = 2_000;
/// Requests per concurrent client in the throughput run.
const CONCURRENT_REQUESTS_PER_CLIENT: usize = 500;
const CONCURRENT_CLIENTS: usize = 8;
const WARMUP_REQUESTS: usize = 200;
/// Days over which the bench's donations are spread.
const DAYS_SPANNED: usize = 250;
/// Donations handed to the writer at once while building the ledger.
const BUILD_CHUNK: usize = 8_192;

const SOURCES: [(&str, &str, &str); 4] = [
    ("assets:bank:lt-main", "EUR", "25.00"),
    ("assets:bank:us-main", "USD", "50.00"),
    ("assets:bank:pl-main", "PLN", "100.00"),
    ("assets:cash:vilnius", "BYN", "200.00"),
];

fn donation(n: usize) -> Command {
    let (account, currency, amount) = SOURCES[n % SOURCES.len()];
    // The same nine months as the demo at every size: the page then shows
    // the same number of months, and only the journal's length differs.
    let start = Date::from_calendar_date(2020, Month::August, 17).expect("valid date");
    let received_on = start + time::Duration::days((n % DAYS_SPANNED) as i64);
    Command::RecordDonation(DonationInput {
        money: Money::parse(amount, Currency::parse(currency).expect("currency")).expect("amount"),
        received_on,
        account: AccountPath::parse(account).expect("account"),
        earmark: None,
        reference: format!("BENCH-{n:08}"),
        donor: None,
        idempotency_key: None,
    })
}

/// A fund of `entries` journal entries (at least the demo's).
async fn build(url: &str, entries: u64) -> strikefund::web::AppState {
    let state = strikefund::server::prepare(url, bench_config()).await.expect("the app starts");
    strikefund::demo::load(&state).await.expect("demo loads");
    let started = Instant::now();
    let mut head = strikefund::store::read::head(&state.db.pool).await.expect("head").seq;
    let mut n = 0;
    while head < entries {
        let count = ((entries - head) as usize).min(BUILD_CHUNK);
        let commands = (n..n + count).map(donation).collect();
        for result in state.journal.submit_many(&Actor::system(), commands).await {
            result.expect("bench donation is recorded");
        }
        n += count;
        head += count as u64;
    }
    let rate = n as f64 / started.elapsed().as_secs_f64().max(1e-9);
    eprintln!("built {head} entries ({n} donations at {rate:.0} per second)");
    state
}

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * fraction).round() as usize]
}

struct Measured {
    median: Duration,
    p99: Duration,
    per_second: f64,
}

async fn measure(client: &reqwest::Client, url: &str) -> Measured {
    for _ in 0..WARMUP_REQUESTS {
        let response = client.get(url).send().await.expect("request");
        assert!(response.status().is_success());
        response.bytes().await.expect("body");
    }
    let mut latencies = Vec::with_capacity(SEQUENTIAL_REQUESTS);
    for _ in 0..SEQUENTIAL_REQUESTS {
        let started = Instant::now();
        let response = client.get(url).send().await.expect("request");
        response.bytes().await.expect("body");
        latencies.push(started.elapsed());
    }
    latencies.sort_unstable();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CONCURRENT_CLIENTS {
        let (client, url) = (client.clone(), url.to_string());
        tasks.push(tokio::spawn(async move {
            for _ in 0..CONCURRENT_REQUESTS_PER_CLIENT {
                client.get(&url).send().await.expect("request").bytes().await.expect("body");
            }
        }));
    }
    for task in tasks {
        task.await.expect("client task");
    }
    let total = (CONCURRENT_CLIENTS * CONCURRENT_REQUESTS_PER_CLIENT) as f64;
    Measured {
        median: percentile(&latencies, 0.5),
        p99: percentile(&latencies, 0.99),
        per_second: total / started.elapsed().as_secs_f64(),
    }
}

#[tokio::main]
async fn main() {
    let sizes = std::env::var("STRIKEFUND_BENCH_SIZES").unwrap_or_else(|_| "1000,1000000".into());
    let sizes: Vec<u64> = sizes.split(',').map(|s| s.trim().parse().expect("a journal size")).collect();
    println!("| entries | path | median | p99 | req/s ({CONCURRENT_CLIENTS} clients) |");
    println!("|---:|---|---:|---:|---:|");
    let mut medians = Vec::new();
    for size in sizes {
        let dir = tempfile::tempdir().expect("temporary directory");
        let url = format!("sqlite://{}", dir.path().join("bench.db").display());
        let state = build(&url, size).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = format!("http://{}", listener.local_addr().expect("address"));
        tokio::spawn(strikefund::server::serve(state.clone(), listener));
        let client = reqwest::Client::new();
        for path in ["/", "/api/v1/totals"] {
            let m = measure(&client, &format!("{address}{path}")).await;
            println!(
                "| {size} | {path} | {:.3} ms | {:.3} ms | {:.0} |",
                m.median.as_secs_f64() * 1e3,
                m.p99.as_secs_f64() * 1e3,
                m.per_second
            );
            medians.push((size, path, m.median));
        }
    }
    if let (Some(small), Some(large)) = (medians.first(), medians.iter().rev().find(|m| m.1 == "/")) {
        let ratio = large.2.as_secs_f64() / small.2.as_secs_f64();
        println!("\nmedian of / at {} entries is {ratio:.2}x its median at {} entries", large.0, small.0);
    }
}

/// The benchmark's fund seals donors' references: it needs a data key (kept in memory).
fn bench_config() -> Config {
    let data_key = Some(strikefund::privacy::DataKey::generate());
    Config { data_key, ..Default::default() }
}

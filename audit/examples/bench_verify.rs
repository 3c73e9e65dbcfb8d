//! Benchmark: `strikefund-audit verify --file` over a generated export,
//! against the physical floor measured in the same run: plain SHA-256 over
//! the same canonical bytes, one thread, from memory.
//!
//!     scripts/bench-audit.sh            # builds in release mode and runs this
//!     bench_verify BINARY [ENTRIES]     # ENTRIES defaults to 1,000,000
//!
//! Not a test: it asserts nothing and prints the figures for BENCHMARKS.md.

use std::io::{BufWriter, Write};
use std::process::Command;
use std::time::Instant;

use serde_json::{Value, json};
use strikefund_audit::entry::DOMAIN_PREFIX;
use strikefund_audit::{Entry, Hash};

/// Committees in the generated fund, so balances live in many accounts.
const COMMITTEES: usize = 40;
const ENTRIES_DEFAULT: u64 = 1_000_000;
/// Runs of each, alternating; the best and the median are reported (on a
/// shared machine the best is the least disturbed run).
const RUNS: usize = 5;

fn posting(account: &str, amount: &str) -> Value {
    json!({"account": account, "currency": "EUR", "amount": amount})
}

fn pair(debit: &str, credit: &str, amount: &str) -> Value {
    json!([posting(debit, amount), posting(credit, &format!("-{amount}"))])
}

/// The body of entry `seq`: a repeating cycle of donation, allocation,
/// claim, approval and payout that keeps every balance valid.
fn body(seq: u64) -> (&'static str, Value) {
    let (round, step) = ((seq - 1) / 5, (seq - 1) % 5);
    let committee = format!("c-{:08x}", round % COMMITTEES as u64);
    let bank = format!("assets:bank:b{}", round % 3);
    let fund = format!("equity:funds:committee:{committee}");
    let payable = format!("liabilities:payable:{committee}");
    let claim = format!("K-{round:04X}-{:04X}", round % 9973);
    let worker = format!("W-{:04X}-{:02}", round % 65521, round % 97);
    match step {
        0 => (
            "donation",
            json!({"postings": pair(&bank, "equity:funds:general", "100.00"), "received_on": "2021-03-04"}),
        ),
        1 => (
            "allocation",
            json!({"committee": committee, "postings": pair("equity:funds:general", &fund, "80.00")}),
        ),
        2 => (
            "claim_submitted",
            json!({"claim": claim, "committee": committee, "worker": worker, "category": "dismissal", "amount": "50.00", "currency": "EUR"}),
        ),
        3 => ("claim_approved", json!({"claim": claim, "postings": pair(&fund, &payable, "50.00")})),
        _ => (
            "payout",
            json!({"claim": claim, "worker": worker, "method": "bank_transfer", "paid_on": "2021-03-05", "postings": pair(&payable, &bank, "50.00")}),
        ),
    }
}

/// Writes the export and returns every entry's canonical bytes, concatenated, with offsets.
fn generate(path: &std::path::Path, entries: u64) -> (Vec<u8>, Vec<usize>) {
    let mut out = BufWriter::new(std::fs::File::create(path).unwrap());
    let (mut canonical, mut offsets) = (Vec::new(), vec![0]);
    let mut prev = Hash::ZERO;
    for seq in 1..=entries {
        let (kind, body) = body(seq);
        let entry = Entry {
            seq,
            prev,
            at: format!(
                "2021-03-04T{:02}:{:02}:{:02}.{:06}Z",
                seq / 3_600_000 % 24,
                seq / 60_000 % 60,
                seq / 1000 % 60,
                seq % 1000
            ),
            actor: if seq % 5 == 0 { "system".into() } else { format!("u-{:08x}", seq % 50) },
            kind: kind.into(),
            body: body.as_object().unwrap().clone(),
            sealed: (kind == "payout" || kind == "claim_submitted")
                .then(|| Hash::sha256(&[&seq.to_be_bytes()])),
        };
        let bytes = entry.canonical_bytes().unwrap();
        let hash = strikefund_audit::entry::hash_canonical(&bytes);
        canonical.extend_from_slice(&bytes);
        offsets.push(canonical.len());
        writeln!(out, "{}", entry.export_line(&hash).unwrap()).unwrap();
        prev = hash;
    }
    out.flush().unwrap();
    (canonical, offsets)
}

/// The floor: SHA-256 of prefix and canonical bytes of every entry, one thread.
fn floor(canonical: &[u8], offsets: &[usize]) -> (f64, Hash) {
    let start = Instant::now();
    let mut last = Hash::ZERO;
    for window in offsets.windows(2) {
        last = Hash::sha256(&[DOMAIN_PREFIX, &canonical[window[0]..window[1]]]);
    }
    (start.elapsed().as_secs_f64(), last)
}

/// CPU seconds (user + system) of this process and of its waited-for
/// children, from /proc/self/stat (Linux; zero elsewhere). Wall-clock time
/// on a machine shared with other work understates both; CPU time does not.
fn cpu_seconds() -> (f64, f64) {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return (0.0, 0.0) };
    let fields: Vec<f64> =
        stat.rsplit(')').next().unwrap_or("").split_whitespace().map(|f| f.parse().unwrap_or(0.0)).collect();
    // After the command name: utime, stime, cutime, cstime are fields 12..=15 (0-based), in ticks of 1/100 s.
    let ticks = |index: usize| fields.get(index).copied().unwrap_or(0.0) / 100.0;
    (ticks(11) + ticks(12), ticks(13) + ticks(14))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let binary = args.next().expect("usage: bench_verify BINARY [ENTRIES]");
    let entries: u64 = args.next().map_or(ENTRIES_DEFAULT, |n| n.parse().expect("ENTRIES is a number"));
    // STRIKEFUND_BENCH_DIR keeps the generated export there (for profiling).
    let kept = std::env::var_os("STRIKEFUND_BENCH_DIR").map(std::path::PathBuf::from);
    let dir = kept
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join(format!("strikefund-bench-{}", std::process::id())));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("journal.jsonl");
    let (canonical, offsets) = generate(&path, entries);
    let file_bytes = std::fs::metadata(&path).unwrap().len();
    println!("entries: {entries}; export {file_bytes} bytes; canonical bytes {}", canonical.len());
    let (mut floors, mut runs, mut floor_cpu, mut verify_cpu) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let before = cpu_seconds();
        let (seconds, last) = floor(&canonical, &offsets);
        std::hint::black_box(last);
        let between = cpu_seconds();
        floors.push(seconds);
        floor_cpu.push(between.0 - before.0);
        let start = Instant::now();
        let status = Command::new(&binary).args(["verify", "--file"]).arg(&path).output().unwrap();
        runs.push(start.elapsed().as_secs_f64());
        verify_cpu.push(cpu_seconds().1 - between.1);
        assert!(status.status.success(), "verify failed: {}", String::from_utf8_lossy(&status.stdout));
    }
    let best = |times: &[f64]| times.iter().copied().fold(f64::INFINITY, f64::min);
    let median = |times: &[f64]| {
        let mut sorted = times.to_vec();
        sorted.sort_by(f64::total_cmp);
        sorted[sorted.len() / 2]
    };
    let (floor_s, verify_s) = (best(&floors), best(&runs));
    let rate = |seconds: f64| entries as f64 / seconds;
    let mb_per_s = canonical.len() as f64 / floor_s / 1e6;
    println!(
        "floor  (SHA-256 of canonical bytes, 1 thread): {floor_s:.3} s wall, {:.0} entries/s, {mb_per_s:.0} MB/s; CPU {:.2} s",
        rate(floor_s),
        best(&floor_cpu)
    );
    println!(
        "verify (strikefund-audit verify --file, whole process): {verify_s:.3} s wall, {:.0} entries/s; CPU {:.2} s (all threads)",
        rate(verify_s),
        best(&verify_cpu)
    );
    println!(
        "ratio verify/floor: {:.2}x wall-clock, {:.2}x CPU time (best of {RUNS} each)",
        verify_s / floor_s,
        best(&verify_cpu) / best(&floor_cpu)
    );
    println!(
        "medians of {RUNS}: floor {:.3} s, verify {:.3} s, ratio {:.2}x wall-clock",
        median(&floors),
        median(&runs),
        median(&runs) / median(&floors)
    );
    println!(
        "cores: {}; load average: {}",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        std::fs::read_to_string("/proc/loadavg").unwrap_or_default().trim()
    );
    if kept.is_none() {
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

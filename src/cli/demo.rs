//! `strikefund demo [--entries N]`: the demo fund, grown for benchmarks.

use std::io::IsTerminal;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use crate::demo;

pub async fn run(fund: &super::Fund, entries: u64) -> Result<(), String> {
    let state = fund.with_demo_key()?.open().await?;
    let bar = if std::io::stderr().is_terminal() {
        let style = ProgressStyle::with_template("{bar:40} {pos}/{len} entries, {per_sec}, {eta} left")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        ProgressBar::new(entries).with_style(style)
    } else {
        ProgressBar::hidden()
    };
    let started = Instant::now();
    let head = demo::grow(&state, entries, |head| bar.set_position(head)).await.map_err(|e| e.to_string())?;
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    println!("the journal has {head} entries ({seconds:.1} s)");
    state.db.close().await;
    Ok(())
}

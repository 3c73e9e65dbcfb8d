//! `strikefund donations import FILE.csv [--dry-run]`.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};

use crate::import::{self, IMPORT_FILE_BYTES_MAX, ImportError};
use crate::journal::Actor;

#[derive(Debug, Subcommand)]
pub enum DonationsCommand {
    /// Import donations from a CSV file (columns received_on, amount,
    /// currency, account, reference, earmark, donor). All or nothing; rows
    /// already recorded (same account and reference) are skipped.
    Import {
        file: PathBuf,
        /// Check every row and say what would be imported, without recording anything.
        #[arg(long)]
        dry_run: bool,
    },
}

pub async fn run(fund: &super::Fund, command: DonationsCommand) -> Result<(), String> {
    let DonationsCommand::Import { file, dry_run } = command;
    let size = std::fs::metadata(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?.len();
    if size > IMPORT_FILE_BYTES_MAX as u64 {
        return Err(ImportError::FileTooLarge.to_string());
    }
    let bytes = std::fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let state = fund.open().await?;
    let bar = progress_bar();
    let mut progress = |done: u64, total: u64| {
        bar.set_length(total);
        bar.set_position(done);
    };
    let result =
        import::import(&state.db.pool, &state.journal, &Actor::system(), &bytes, dry_run, &mut progress)
            .await;
    bar.finish_and_clear();
    match result {
        Ok(report) => {
            let verb = if dry_run { "would import" } else { "imported" };
            println!(
                "{} rows: {verb} {}, already recorded {}",
                report.rows, report.added, report.already_recorded
            );
            Ok(())
        }
        Err(ImportError::BadLines(lines)) => {
            for line in &lines {
                eprintln!("{line}");
            }
            Err(ImportError::BadLines(lines).to_string())
        }
        Err(error) => Err(error.to_string()),
    }
}

/// A progress bar on a terminal; nothing when the output goes elsewhere.
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let style = ProgressStyle::with_template("{bar:40} {pos}/{len} rows, {per_sec}, {eta} left")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    ProgressBar::new(0).with_style(style)
}

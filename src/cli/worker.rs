//! `strikefund worker inspect|erase|scrub`: an authorised inspection of a
//! worker's sealed data, and erasure (crypto-shredding).

use clap::Subcommand;

use crate::domain::worker::ErasureReason;
use crate::journal::{Actor, Command};
use crate::privacy::{maintenance, records};

#[derive(Debug, Subcommand)]
pub enum WorkerCommand {
    /// Print a worker's sealed data as JSON: for each entry about the worker,
    /// its `sealed` commitment with the salt and fields behind it (check one
    /// with `strikefund-audit unseal-check`). Needs --data-key.
    Inspect {
        /// The worker's pseudonym, e.g. W-7F3K-92.
        worker: String,
        /// Only this entry.
        #[arg(long)]
        seq: Option<u64>,
    },
    /// Erase a worker's private data: the sealed records of every entry about
    /// the worker and the identity digest are deleted, and an `erasure` entry
    /// is appended. Every hash stays valid. Needs no data key.
    Erase {
        worker: String,
        /// worker_request, no_longer_needed, safety_risk or entered_by_mistake.
        #[arg(long)]
        reason: String,
    },
    /// Make sure erased records leave no copy in the database files (done
    /// by `erase`; run again if it reported that readers kept it busy).
    Scrub,
    /// Check every sealed record against its entry's commitment: finds
    /// records deleted without an erasure, swapped or altered. Needs --data-key.
    Check,
}

fn pseudonym(text: &str) -> String {
    text.trim().to_uppercase()
}

pub async fn run(fund: &super::Fund, command: WorkerCommand) -> Result<(), String> {
    match command {
        WorkerCommand::Inspect { worker, seq } => {
            let key = fund.data_key()?.ok_or(records::InspectError::KeyMissing.to_string())?;
            let state = fund.open().await?;
            let report = records::inspect(&state.db.pool, Some(&key), &pseudonym(&worker), seq).await;
            state.db.close().await;
            let report = report.map_err(|e| e.to_string())?;
            println!("{}", serde_json::to_string_pretty(&report).expect("JSON"));
            Ok(())
        }
        WorkerCommand::Erase { worker, reason } => {
            let reason = ErasureReason::parse(reason.trim()).ok_or_else(|| {
                let names: Vec<&str> = ErasureReason::ALL.iter().map(|r| r.as_str()).collect();
                format!("--reason must be one of {}", names.join(", "))
            })?;
            let state = fund.open().await?;
            let worker = pseudonym(&worker);
            let command = Command::EraseWorker { worker: worker.clone(), reason };
            let result = super::report(state.journal.submit(Actor::system(), command).await);
            let scrubbed = match result {
                Ok(()) => maintenance::scrub_erased(&state.db).await,
                Err(error) => Err(error),
            };
            state.db.close().await;
            scrubbed?;
            println!("the private data of {worker} is erased");
            Ok(())
        }
        WorkerCommand::Check => {
            let key = fund
                .data_key()?
                .ok_or("the data key is needed to check sealed records: give --data-key FILE")?;
            let db = crate::store::Db::open(&fund.db).await.map_err(|e| e.to_string())?;
            let report = records::check_sealed(&db.pool, &key).await;
            db.close().await;
            let report = report.map_err(|e| e.to_string())?;
            for problem in &report.problems {
                println!("{problem}");
            }
            println!(
                "{} sealed records match their entries, {} were erased, {} problems",
                report.matching,
                report.erased,
                report.problems.len()
            );
            if report.problems.is_empty() {
                Ok(())
            } else {
                Err("sealed records do not match the journal".into())
            }
        }
        WorkerCommand::Scrub => {
            let db = crate::store::Db::open(&fund.db).await.map_err(|e| e.to_string())?;
            let result = maintenance::scrub_erased(&db).await;
            db.close().await;
            result
        }
    }
}

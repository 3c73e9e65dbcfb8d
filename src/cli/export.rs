//! `strikefund export --format hledger|beancount [--until SEQ] FILE`: the
//! books for an accountant's plain-text accounting tool.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use futures_util::StreamExt;

use crate::export::{self, Format};
use crate::store::{Db, read};

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The accounting tool the file is for.
    #[arg(long, value_enum)]
    pub format: Format,
    /// Export entries 1 to SEQ only: the books as they stood after entry SEQ.
    #[arg(long, value_name = "SEQ", value_parser = clap::value_parser!(u64).range(1..))]
    pub until: Option<u64>,
    /// The file to write, or `-` for standard output. A file is replaced
    /// only once the export is complete.
    pub file: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportCommandError {
    #[error("cannot open the database: {0}")]
    Open(#[from] crate::store::StoreError),
    #[error("cannot read the journal's head: {0}")]
    Head(sqlx::Error),
    #[error("--until {until} is past the end of the journal, which ends at seq {head}")]
    UntilMustBeInTheJournal { until: u64, head: u64 },
    #[error(transparent)]
    Export(#[from] export::ExportError),
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
}

/// Writes the export, then tells the operator what it holds (on standard
/// error, so that `-` leaves standard output to the ledger).
pub async fn run(db_url: &str, args: &ExportArgs) -> Result<(), ExportCommandError> {
    let db = Db::connect(db_url).await?;
    let head = read::head(&db.pool).await.map_err(ExportCommandError::Head)?.seq;
    if let Some(until) = args.until.filter(|until| *until > head) {
        return Err(ExportCommandError::UntilMustBeInTheJournal { until, head });
    }
    let last = args.until.unwrap_or(head);
    let chunks = export::ledger_chunks(db.pool.clone(), args.format, args.until);
    if args.file.as_os_str() == "-" {
        write_chunks(chunks, std::io::stdout().lock(), Path::new("standard output")).await?;
    } else {
        write_file(chunks, &args.file).await?;
    }
    db.close().await;
    eprintln!("exported entries 1 to {last} to {}", args.file.display());
    Ok(())
}

/// Writes to `FILE.partial`, then renames it over `FILE`: an interrupted or
/// failed export never leaves a file that looks complete.
async fn write_file(
    chunks: impl futures_util::Stream<Item = Result<String, export::ExportError>>,
    path: &Path,
) -> Result<(), ExportCommandError> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let failed = |source| ExportCommandError::Write { path: path.display().to_string(), source };
    let file = File::create(&partial).map_err(failed)?;
    let written = write_chunks(chunks, BufWriter::new(file), path).await;
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
        return written;
    }
    std::fs::rename(&partial, path).map_err(failed)
}

async fn write_chunks(
    chunks: impl futures_util::Stream<Item = Result<String, export::ExportError>>,
    mut out: impl Write,
    path: &Path,
) -> Result<(), ExportCommandError> {
    let failed = |source| ExportCommandError::Write { path: path.display().to_string(), source };
    let mut chunks = std::pin::pin!(chunks);
    while let Some(chunk) = chunks.next().await {
        out.write_all(chunk?.as_bytes()).map_err(failed)?;
    }
    out.flush().map_err(failed)
}

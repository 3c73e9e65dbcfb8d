//! Signed checkpoints: the fund's Ed25519 key file, signing on demand, and
//! signing automatically while the server runs.
//!
//! The key file holds one line, the signer key in the format of the Go
//! `golang.org/x/mod/sumdb/note` package (`PRIVATE+KEY+<name>+<id>+<base64>`),
//! readable only by its owner. It lives outside the database: whoever holds
//! the database alone can rewrite the chain but cannot sign a checkpoint.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use strikefund_audit::note::Signer;

use crate::journal::{Actor, Command, CommandError, Detail, Journal};
use crate::store::Db;
use crate::store::proofs::latest_checkpoint_seq;

/// Longest key file read, in bytes.
pub const KEY_FILE_BYTES_MAX: u64 = 4 * 1024;

/// Default time between automatic checkpoints.
pub const CHECKPOINT_INTERVAL_S_DEFAULT: u64 = 3_600;

#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    #[error("{path} already exists: refusing to overwrite a key file")]
    MustNotExist { path: String },
    #[error("{path} must be readable by its owner only (chmod 600 {path})")]
    MustBePrivate { path: String },
    #[error("{path} is larger than {KEY_FILE_BYTES_MAX} bytes: not a key file")]
    TooLarge { path: String },
    #[error("{path}: {reason}")]
    Malformed { path: String, reason: String },
    #[error("no random bytes from the operating system: {0}")]
    Random(String),
    #[error("{path}: {error}")]
    Io { path: String, error: std::io::Error },
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> KeyFileError + '_ {
    move |error| KeyFileError::Io { path: path.display().to_string(), error }
}

/// Generates a new key named `name`, writes it to `path` (mode 0600, never
/// over an existing file) and returns the signer.
pub fn generate_key_file(path: &Path, name: &str) -> Result<Signer, KeyFileError> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| KeyFileError::Random(e.to_string()))?;
    let signer = Signer::from_seed(name, &seed)
        .map_err(|e| KeyFileError::Malformed { path: path.display().to_string(), reason: e.to_string() })?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|error| match error.kind() {
        std::io::ErrorKind::AlreadyExists => KeyFileError::MustNotExist { path: path.display().to_string() },
        _ => io_error(path)(error),
    })?;
    writeln!(file, "{}", signer.to_key_string()).map_err(io_error(path))?;
    file.sync_all().map_err(io_error(path))?;
    Ok(signer)
}

/// Reads a key file written by `generate_key_file`.
pub fn read_key_file(path: &Path) -> Result<Signer, KeyFileError> {
    let display = path.display().to_string();
    let metadata = std::fs::metadata(path).map_err(io_error(path))?;
    #[cfg(unix)]
    if std::os::unix::fs::PermissionsExt::mode(&metadata.permissions()) & 0o077 != 0 {
        return Err(KeyFileError::MustBePrivate { path: display });
    }
    if metadata.len() > KEY_FILE_BYTES_MAX {
        return Err(KeyFileError::TooLarge { path: display });
    }
    let text = std::fs::read_to_string(path).map_err(io_error(path))?;
    Signer::parse(text.trim()).map_err(|e| KeyFileError::Malformed { path: display, reason: e.to_string() })
}

/// Signs a checkpoint of the whole journal now; returns the signed note.
pub async fn sign(journal: &Journal, signer: Arc<Signer>) -> Result<String, CommandError> {
    let appended = journal.submit(Actor::system(), Command::Checkpoint { signer }).await?;
    match appended.detail {
        Detail::Checkpoint { note, .. } => Ok(note),
        _ => unreachable!("a checkpoint command answers with its note"),
    }
}

/// Signs a checkpoint every `interval` when the journal grew since the last one.
pub fn spawn_auto_signer(db: Db, journal: Journal, signer: Arc<Signer>, interval: Duration) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if let Err(error) = sign_if_moved(&db, &journal, &signer).await {
                tracing::error!(%error, "automatic checkpoint failed");
            }
        }
    });
}

async fn sign_if_moved(db: &Db, journal: &Journal, signer: &Arc<Signer>) -> Result<(), String> {
    let head = crate::store::read::head(&db.pool).await.map_err(|e| e.to_string())?.seq;
    let last = latest_checkpoint_seq(&db.pool).await.map_err(|e| e.to_string())?;
    if head == 0 || head == last {
        return Ok(());
    }
    sign(journal, Arc::clone(signer)).await.map_err(|e| e.to_string())?;
    tracing::info!(size = head, "checkpoint signed");
    Ok(())
}

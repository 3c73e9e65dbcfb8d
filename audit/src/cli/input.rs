//! Reading what the commands are given: keys, signed checkpoints, proofs,
//! and the journal itself (file or database) with a progress bar on a terminal.

use std::fs::File;
use std::io::IsTerminal;
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};
use strikefund_audit::note::{Checkpoint, NoteError, Verifier};
use strikefund_audit::source::{Observer, Seen, Stop, verify_file};
use strikefund_audit::verify::{ChainVerifier, Finding, Problem};

use super::Source;

/// Largest key, checkpoint or proof file read, in bytes.
pub const SMALL_FILE_BYTES_MAX: u64 = 1 << 20;

pub fn read_small_file(path: &Path) -> Result<String, String> {
    let read = || -> std::io::Result<String> {
        let file = File::open(path)?;
        if file.metadata()?.len() > SMALL_FILE_BYTES_MAX {
            return Err(std::io::Error::other(format!("larger than {SMALL_FILE_BYTES_MAX} bytes")));
        }
        std::io::read_to_string(file)
    };
    read().map_err(|error| format!("cannot read {}: {error}", path.display()))
}

/// A verifier key given as the key string itself or as a file holding it.
pub fn verifier_key(text: &str) -> Result<Verifier, String> {
    if let Ok(key) = Verifier::parse(text) {
        return Ok(key);
    }
    let path = Path::new(text);
    if path.is_file() {
        let contents = read_small_file(path)?;
        return Verifier::parse(contents.trim()).map_err(|e| format!("{}: {e}", path.display()));
    }
    Verifier::parse(text).map_err(|e| format!("--key: {e}"))
}

/// A signed checkpoint: Ok(Ok) when it verifies, Ok(Err) when its signature
/// is a finding, Err when it cannot be read at all.
pub fn signed_checkpoint(path: &Path, key: &Verifier) -> Result<Result<Checkpoint, Finding>, String> {
    let note = read_small_file(path)?;
    match Checkpoint::open(&note, key) {
        Ok(checkpoint) => Ok(Ok(checkpoint)),
        Err(error @ (NoteError::SignatureMissing(_) | NoteError::SignatureInvalid(_))) => {
            let reason = format!("{}: bad signature: {error}", path.display());
            Ok(Err(Finding { seq: None, problem: Problem::Checkpoint(reason) }))
        }
        Err(error) => Err(format!("{}: {error}", path.display())),
    }
}

/// Exactly one source of the journal.
pub enum Journal<'a> {
    File(&'a Path),
    Db(&'a str),
}

impl Source {
    pub fn journal(&self) -> Result<Journal<'_>, String> {
        match (&self.file, &self.db) {
            (Some(file), None) => Ok(Journal::File(file)),
            (None, Some(db)) => Ok(Journal::Db(db)),
            (Some(_), Some(_)) => Err("give either --file or --db, not both".into()),
            (None, None) => Err("give the journal to read: --file FILE or --db URL".into()),
        }
    }

    pub fn is_given(&self) -> bool {
        self.file.is_some() || self.db.is_some()
    }
}

/// What streaming a journal gave.
pub struct Streamed {
    pub finding: Option<Finding>,
    /// The server's balances table, read in the same snapshot, when asked for.
    pub server_balances: Option<Vec<(String, String, i64)>>,
}

struct WithProgress<'a, O> {
    inner: &'a mut O,
    bar: ProgressBar,
}

impl<O: Observer> Observer for WithProgress<'_, O> {
    fn entry(&mut self, seen: &Seen<'_>, verifier: &ChainVerifier) -> Result<(), Finding> {
        self.inner.entry(seen, verifier)
    }

    fn progress(&mut self, done: u64) {
        self.bar.set_position(done);
    }
}

/// A progress bar on a terminal; nothing otherwise.
fn progress_bar(total: u64, counts_bytes: bool) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let template = if counts_bytes {
        "{elapsed_precise} [{bar:40}] {bytes}/{total_bytes} ({bytes_per_sec})"
    } else {
        "{elapsed_precise} [{bar:40}] {pos}/{len} entries ({per_sec})"
    };
    let style = ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar());
    ProgressBar::new(total).with_style(style)
}

/// Streams the journal through `verifier` and `observer`.
pub fn stream(
    source: &Source,
    verifier: &mut ChainVerifier,
    observer: &mut impl Observer,
    with_server_balances: bool,
) -> Result<Streamed, String> {
    match source.journal()? {
        Journal::File(path) => {
            let file = File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
            let total = file.metadata().map(|m| m.len()).unwrap_or(0);
            let bar = progress_bar(total, true);
            let mut observer = WithProgress { inner: observer, bar: bar.clone() };
            let result = verify_file(file, verifier, &mut observer);
            bar.finish_and_clear();
            let finding = stopped(result)?;
            Ok(Streamed { finding, server_balances: None })
        }
        Journal::Db(url) => stream_db(url, verifier, observer, with_server_balances),
    }
}

fn stopped(result: Result<(), Stop>) -> Result<Option<Finding>, String> {
    match result {
        Ok(()) => Ok(None),
        Err(Stop::Finding(finding)) => Ok(Some(finding)),
        Err(Stop::Unreadable(message)) => Err(message),
    }
}

fn stream_db(
    url: &str,
    verifier: &mut ChainVerifier,
    observer: &mut impl Observer,
    with_server_balances: bool,
) -> Result<Streamed, String> {
    use strikefund_audit::source::db::DbJournal;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start: {e}"))?;
    runtime.block_on(async {
        let mut journal = DbJournal::open(url).await.map_err(unreadable)?;
        let bar = progress_bar(journal.count().await.map_err(unreadable)?, false);
        let mut observer = WithProgress { inner: observer, bar: bar.clone() };
        let finding = stopped(journal.verify(verifier, &mut observer).await)?;
        bar.finish_and_clear();
        let server_balances = match with_server_balances && finding.is_none() {
            true => Some(journal.balances().await.map_err(unreadable)?),
            false => None,
        };
        journal.close().await;
        Ok(Streamed { finding, server_balances })
    })
}

fn unreadable(stop: Stop) -> String {
    match stop {
        Stop::Unreadable(message) => message,
        Stop::Finding(finding) => finding.to_string(),
    }
}

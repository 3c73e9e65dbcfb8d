//! The admin command line: each module holds the arguments and the work of
//! one group of commands; `main.rs` only lists them and dispatches.

pub mod backup;
pub mod checkpoint;
pub mod demo;
pub mod donations;
pub mod export;
pub mod ledger;
pub mod repair;
pub mod token;
pub mod user;
pub mod worker;

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::journal::{Appended, CommandError};
use crate::privacy::DataKey;
use crate::web::AppState;

/// Where an admin command finds the fund: the database, and the data key
/// file for commands that seal or read personal data.
#[derive(Debug, Clone)]
pub struct Fund {
    pub db: String,
    pub data_key: Option<PathBuf>,
}

impl Fund {
    /// The data key, when a key file was given.
    pub fn data_key(&self) -> Result<Option<DataKey>, String> {
        self.data_key.as_deref().map(read_data_key).transpose()
    }

    /// Opens and migrates the database and starts a journal writer, as the server does.
    pub async fn open(&self) -> Result<AppState, String> {
        let config = Config { data_key: self.data_key()?, ..Config::default() };
        crate::server::prepare(&self.db, config).await.map_err(|e| e.to_string())
    }

    /// The demo needs no setup: without `--data-key` it keeps its key in
    /// `demo_data_key_path` (created on first use).
    pub fn with_demo_key(&self) -> Result<Fund, String> {
        let data_key = match &self.data_key {
            Some(path) => path.clone(),
            None => {
                let path = demo_data_key_path(&self.db);
                DataKey::read_or_create_file(&path).map_err(|e| e.to_string())?;
                tracing::info!(path = %path.display(), "demo data key in use");
                path
            }
        };
        Ok(Fund { db: self.db.clone(), data_key: Some(data_key) })
    }
}

/// Reads a data key file, saying which flag it came from when it fails.
pub fn read_data_key(path: &Path) -> Result<DataKey, String> {
    DataKey::read_file(path).map_err(|e| format!("--data-key: {e}"))
}

/// Where the demo keeps its data key when none is given: beside a SQLite
/// database (`strikefund.db` → `strikefund.db.data-key`), else
/// `strikefund-demo.data-key` in the working directory.
pub fn demo_data_key_path(db_url: &str) -> PathBuf {
    match crate::privacy::maintenance::sqlite_path(db_url) {
        Some(db) => {
            let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
            name.push(".data-key");
            db.with_file_name(name)
        }
        None => PathBuf::from("strikefund-demo.data-key"),
    }
}

/// One line per entry appended: `appended seq 42 <hash>`.
pub fn report(result: Result<Appended, CommandError>) -> Result<(), String> {
    let appended = result.map_err(|e| e.to_string())?;
    for entry in &appended.entries {
        println!("appended seq {} {}", entry.seq, entry.hash.to_hex());
    }
    Ok(())
}

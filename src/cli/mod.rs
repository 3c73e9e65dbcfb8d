//! The admin command line: each module holds the arguments and the work of
//! one group of commands; `main.rs` only lists them and dispatches.

pub mod checkpoint;
pub mod demo;
pub mod donations;
pub mod export;
pub mod ledger;
pub mod token;
pub mod user;

use crate::config::Config;
use crate::journal::{Appended, CommandError};
use crate::web::AppState;

/// Opens and migrates the database and starts a journal writer, as the server does.
pub async fn open(db_url: &str) -> Result<AppState, String> {
    crate::server::prepare(db_url, Config::default()).await.map_err(|e| e.to_string())
}

/// One line per entry appended: `appended seq 42 <hash>`.
pub fn report(result: Result<Appended, CommandError>) -> Result<(), String> {
    let appended = result.map_err(|e| e.to_string())?;
    for entry in &appended.entries {
        println!("appended seq {} {}", entry.seq, entry.hash.to_hex());
    }
    Ok(())
}

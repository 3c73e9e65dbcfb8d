//! `strikefund keygen` and `strikefund checkpoint`: the fund's signing key
//! and signed checkpoints (docs/chain-format.md, section 6).

use std::path::Path;
use std::sync::Arc;

use crate::checkpoints;
use crate::config::Config;
use crate::server;

/// Writes a new signing key to `out` and prints its verifier key, which the
/// fund publishes so that anyone can check its checkpoints.
pub fn keygen(out: &Path, name: &str) -> Result<(), String> {
    let signer = checkpoints::generate_key_file(out, name).map_err(|e| e.to_string())?;
    eprintln!("signing key written to {} (keep it outside the database, and backed up)", out.display());
    println!("{}", signer.verifier());
    Ok(())
}

/// Writes a new data key to `path`. It is printed nowhere: the fund keeps
/// the file (and a copy offline); losing it loses all sealed personal data.
pub fn keygen_data_key(path: &Path) -> Result<(), String> {
    let key = crate::privacy::DataKey::generate_file(path).map_err(|e| e.to_string())?;
    eprintln!(
        "data key written to {} (fingerprint {}): keep it outside the database and its backups, \
         with a copy offline; without it no sealed personal data can be read",
        path.display(),
        key.id()
    );
    Ok(())
}

/// Appends a `checkpoint` entry signed with the key in `key_file` and prints the signed note.
pub async fn checkpoint(db_url: &str, key_file: &Path) -> Result<(), String> {
    let signer = checkpoints::read_key_file(key_file).map_err(|e| e.to_string())?;
    let state = server::prepare(db_url, Config::default()).await.map_err(|e| e.to_string())?;
    let note = checkpoints::sign(&state.journal, Arc::new(signer)).await.map_err(|e| e.to_string());
    state.db.close().await;
    print!("{}", note?);
    Ok(())
}

/// The key for automatic checkpoints; its name must be the fund's name,
/// since that is the origin line every checkpoint is signed under.
pub fn signer_for(key_file: &Path, fund_name: &str) -> Result<Arc<strikefund_audit::note::Signer>, String> {
    let signer = checkpoints::read_key_file(key_file).map_err(|e| e.to_string())?;
    if signer.name() != fund_name {
        return Err(format!(
            "the key in {} is named {:?} but the fund is named {fund_name:?}: give --fund-name {:?}",
            key_file.display(),
            signer.name(),
            signer.name()
        ));
    }
    Ok(Arc::new(signer))
}

//! `strikefund repair --rebuild-projections`: empties every projection and
//! replays the journal into it, verifying the chain on the way, then records
//! the repair as a `repair` entry so that the chain says it happened.

use crate::journal::{self, Actor, Command, Journal};
use crate::store::Db;

pub async fn rebuild_projections(db_url: &str) -> Result<(), String> {
    let db = Db::open(db_url).await.map_err(|e| e.to_string())?;
    let before = journal::startup_check(&db).await.map_err(|e| e.to_string())?;
    match &before {
        Some(reason) => eprintln!("found: {reason}"),
        None => eprintln!("the startup check found nothing wrong; rebuilding anyway"),
    }
    let through = journal::rebuild_projections(&db)
        .await
        .map_err(|reason| format!("cannot rebuild the projections: {reason}"))?;
    let writer = Journal::start(db.clone(), None, None);
    let appended = writer
        .submit(Actor::system(), Command::RecordRepair { through })
        .await
        .map_err(|e| format!("projections rebuilt, but the repair entry was not recorded: {e}"))?;
    if let Some(problem) = journal::startup_check(&db).await.map_err(|e| e.to_string())? {
        return Err(format!("projections rebuilt, but the check still fails: {problem}"));
    }
    db.close().await;
    let entry = appended.last().ok_or("the repair entry was not appended")?;
    println!(
        "projections rebuilt from entries 1 to {through}; recorded as entry {} {}",
        entry.seq,
        entry.hash.to_hex()
    );
    Ok(())
}

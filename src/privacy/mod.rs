//! Privacy of the people paid. A list of recipients is a persecution list,
//! so personal data lives only in sealed records encrypted with the fund's
//! data key (a file outside the database); the chain holds pseudonyms and
//! commitments; identity digests are keyed, so a database alone reveals no
//! one; and erasure deletes a worker's records while every hash stays valid.
//! See docs/threat-model.md.

pub mod key;
pub mod maintenance;
pub mod records;

pub use key::DataKey;

use serde_json::{Value, json};
use sqlx::AnyConnection;
use strikefund_audit::{Entry, Hash};

use crate::journal::Kind;
use crate::journal::projector::load_entry;

/// The associated data a sealed record is encrypted under: the record is
/// bound to its entry, so a ciphertext copied to another row does not open.
pub fn record_context(seq: u64) -> Vec<u8> {
    format!("strikefund-sealed-record-v1\n{seq}").into_bytes()
}

/// Encrypts an entry's salt and private fields: the text stored in
/// `sealed_records.sealed`.
pub fn seal_record(key: &DataKey, seq: u64, salt: &[u8; 32], fields: &Value) -> String {
    let record = json!({"fields": fields, "salt": Hash(*salt).to_hex()});
    let canonical = zeroize::Zeroizing::new(strikefund_audit::jcs::to_canonical(&record).expect("no floats"));
    key.seal(&record_context(seq), &canonical)
}

/// The worker an entry concerns, if any: named in its body, or the worker
/// of the claim it names, or of the payout it reverses. Sealed records are
/// stored under it, so that erasing the worker finds them all.
pub async fn entry_worker(conn: &mut AnyConnection, entry: &Entry) -> Result<Option<String>, sqlx::Error> {
    let original;
    let body = if Kind::parse(&entry.kind) == Some(Kind::Reversal) {
        let Some(reverses) = entry.body.get("reverses").and_then(Value::as_u64) else { return Ok(None) };
        let Some((loaded, _)) = load_entry(&mut *conn, reverses).await? else { return Ok(None) };
        original = loaded;
        &original.body
    } else {
        &entry.body
    };
    if let Some(worker) = body.get("worker").and_then(Value::as_str) {
        return Ok(Some(worker.to_string()));
    }
    let Some(claim) = body.get("claim").and_then(Value::as_str) else { return Ok(None) };
    sqlx::query_scalar("SELECT worker FROM claims WHERE id = $1").bind(claim).fetch_optional(&mut *conn).await
}

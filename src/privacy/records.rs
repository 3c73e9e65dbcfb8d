//! Reading sealed data back: every read of personal data goes through here,
//! and says plainly when it cannot be shown (no key loaded, erased, or a
//! record the key does not open).

use serde_json::{Value, json};
use sqlx::AnyPool;

use super::{DataKey, record_context};
use crate::domain::worker::Person;

/// Most sealed records `inspect` prints for one worker.
pub const INSPECT_ENTRIES_MAX: i64 = 1_000;

/// Most claims of the same person a claim page lists.
pub const SAME_PERSON_CLAIMS_MAX: i64 = 50;

/// An entry's private part, opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    /// The salt, 64 hex digits.
    pub salt: String,
    pub fields: Value,
}

/// What can be read of sealed data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unsealed {
    /// Nothing is sealed there (or it was erased).
    Nothing,
    /// The server runs without its data key.
    KeyMissing,
    /// The data key does not open the record: another key, or an altered row.
    Unreadable,
    Opened(Opened),
}

fn seq_i64(seq: u64) -> i64 {
    i64::try_from(seq).unwrap_or(i64::MAX)
}

/// Decrypts a stored record of entry `seq`.
pub fn open_record(key: &DataKey, seq: u64, sealed: &str) -> Unsealed {
    let Ok(plaintext) = key.open(&record_context(seq), sealed) else {
        tracing::warn!(seq, "a sealed record does not open with the loaded data key");
        return Unsealed::Unreadable;
    };
    let Ok(record) = serde_json::from_slice::<Value>(&plaintext) else { return Unsealed::Unreadable };
    match (record.get("salt").and_then(Value::as_str), record.get("fields")) {
        (Some(salt), Some(fields)) => {
            Unsealed::Opened(Opened { salt: salt.to_string(), fields: fields.clone() })
        }
        _ => Unsealed::Unreadable,
    }
}

/// The private part behind entry `seq`'s `sealed` commitment.
pub async fn sealed_part(pool: &AnyPool, key: Option<&DataKey>, seq: u64) -> Result<Unsealed, sqlx::Error> {
    let sealed: Option<String> = sqlx::query_scalar("SELECT sealed FROM sealed_records WHERE seq = $1")
        .bind(seq_i64(seq))
        .fetch_optional(pool)
        .await?;
    Ok(match (sealed, key) {
        (None, _) => Unsealed::Nothing,
        (Some(_), None) => Unsealed::KeyMissing,
        (Some(sealed), Some(key)) => open_record(key, seq, &sealed),
    })
}

/// A worker's private details as far as they can be shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonOnFile {
    /// The worker was registered without details (or is unknown).
    NotOnFile,
    /// The details were erased by entry `seq`.
    Erased {
        seq: u64,
    },
    KeyMissing,
    Unreadable,
    Person(Person),
}

/// A worker's details: sealed with the claim that first named the worker.
pub async fn person(
    pool: &AnyPool,
    key: Option<&DataKey>,
    pseudonym: &str,
) -> Result<PersonOnFile, sqlx::Error> {
    let row: Option<(i64, Option<i64>)> = sqlx::query_as(
        "SELECT w.first_seq, e.seq FROM workers w LEFT JOIN erasures e ON e.pseudonym = w.pseudonym \
         WHERE w.pseudonym = $1",
    )
    .bind(pseudonym)
    .fetch_optional(pool)
    .await?;
    let Some((first_seq, erased)) = row else { return Ok(PersonOnFile::NotOnFile) };
    Ok(match sealed_part(pool, key, u64::try_from(first_seq).unwrap_or(0)).await? {
        Unsealed::Nothing => match erased {
            Some(seq) => PersonOnFile::Erased { seq: u64::try_from(seq).unwrap_or(0) },
            None => PersonOnFile::NotOnFile,
        },
        Unsealed::KeyMissing => PersonOnFile::KeyMissing,
        Unsealed::Unreadable => PersonOnFile::Unreadable,
        Unsealed::Opened(opened) => match opened.fields.get("worker").and_then(Person::from_fields) {
            Some(person) => PersonOnFile::Person(person),
            None => PersonOnFile::NotOnFile,
        },
    })
}

/// Another claim for the same person: same pseudonym, or a worker whose
/// identity document has the same keyed digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SamePerson {
    pub claim: String,
    pub worker: String,
    /// The committee's ledger key.
    pub committee: String,
    pub category: String,
    pub state: String,
}

/// The other claims for the person claim `claim` is for, oldest first.
/// Needs no key: digests are compared, never recomputed.
pub async fn same_person_claims(pool: &AnyPool, claim: &str) -> Result<Vec<SamePerson>, sqlx::Error> {
    let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT c.id, c.worker, c.committee, c.category, c.state FROM claims c \
         JOIN claims this ON this.id = $1 \
         WHERE c.id <> $1 AND (c.worker = this.worker OR c.worker IN (SELECT o.pseudonym \
             FROM worker_identities w JOIN worker_identities o ON o.digest = w.digest \
             WHERE w.pseudonym = this.worker)) \
         ORDER BY c.submitted_seq LIMIT $2",
    )
    .bind(claim)
    .bind(SAME_PERSON_CLAIMS_MAX)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(claim, worker, committee, category, state)| SamePerson {
            claim,
            worker,
            committee,
            category,
            state,
        })
        .collect())
}

#[derive(Debug, thiserror::Error)]
pub enum InspectError {
    #[error("no worker {0}")]
    WorkerUnknown(String),
    #[error("the data key is needed to inspect private data: give --data-key FILE")]
    KeyMissing,
    #[error("entry {0}'s record does not open with this data key")]
    Unreadable(u64),
    #[error(transparent)]
    Store(#[from] sqlx::Error),
}

/// Everything sealed about one worker, for an authorised inspection: each
/// entry's `sealed` commitment with the salt and fields behind it, which
/// `strikefund-audit unseal-check` checks. `only_seq` picks one entry.
pub async fn inspect(
    pool: &AnyPool,
    key: Option<&DataKey>,
    pseudonym: &str,
    only_seq: Option<u64>,
) -> Result<Value, InspectError> {
    let key = key.ok_or(InspectError::KeyMissing)?;
    let known: Option<String> = sqlx::query_scalar("SELECT pseudonym FROM workers WHERE pseudonym = $1")
        .bind(pseudonym)
        .fetch_optional(pool)
        .await?;
    if known.is_none() {
        return Err(InspectError::WorkerUnknown(pseudonym.chars().take(16).collect()));
    }
    let rows: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(
        "SELECT s.seq, s.sealed, j.kind, j.sealed FROM sealed_records s JOIN journal j ON j.seq = s.seq \
         WHERE s.worker = $1 AND ($2 < 0 OR s.seq = $2) ORDER BY s.seq LIMIT $3",
    )
    .bind(pseudonym)
    .bind(only_seq.map_or(-1, seq_i64))
    .bind(INSPECT_ENTRIES_MAX)
    .fetch_all(pool)
    .await?;
    let mut entries = Vec::with_capacity(rows.len());
    for (seq, sealed, kind, commitment) in rows {
        let seq = u64::try_from(seq).unwrap_or(0);
        let Unsealed::Opened(opened) = open_record(key, seq, &sealed) else {
            return Err(InspectError::Unreadable(seq));
        };
        let canonical =
            strikefund_audit::jcs::to_canonical(&opened.fields).map_err(|_| InspectError::Unreadable(seq))?;
        let canonical = String::from_utf8(canonical).map_err(|_| InspectError::Unreadable(seq))?;
        entries.push(json!({
            "seq": seq, "kind": kind, "sealed": commitment, "salt": opened.salt, "fields": opened.fields,
            "fields_jcs": canonical,
        }));
    }
    let erased: Option<i64> = sqlx::query_scalar("SELECT seq FROM erasures WHERE pseudonym = $1")
        .bind(pseudonym)
        .fetch_optional(pool)
        .await?;
    let person = match person(pool, Some(key), pseudonym).await? {
        PersonOnFile::Person(person) => person.to_fields(),
        _ => Value::Null,
    };
    Ok(json!({"worker": pseudonym, "erased_by": erased, "person": person, "entries": entries}))
}

/// Sealed records read per query by `check_sealed`.
pub const CHECK_PAGE_ENTRIES: i64 = 1_000;

/// What `check_sealed` found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SealedCheck {
    /// Entries whose sealed record opened and matched the commitment.
    pub matching: u64,
    /// Entries whose record was deleted by an erasure of their worker.
    pub erased: u64,
    /// Problems, one sentence each, naming the entry's seq.
    pub problems: Vec<String>,
}

/// Checks every entry that has a `sealed` commitment against its sealed
/// record: the record exists (or its worker was erased after the entry),
/// opens with the key, and its salt and fields give the commitment. Finds
/// records deleted, swapped or altered behind the server's back.
pub async fn check_sealed(pool: &AnyPool, key: &DataKey) -> Result<SealedCheck, sqlx::Error> {
    let mut report = SealedCheck::default();
    let mut after = 0i64;
    loop {
        let rows: Vec<(i64, String, Option<String>)> = sqlx::query_as(
            "SELECT j.seq, j.sealed, s.sealed FROM journal j LEFT JOIN sealed_records s ON s.seq = j.seq \
             WHERE j.sealed IS NOT NULL AND j.seq > $1 ORDER BY j.seq LIMIT $2",
        )
        .bind(after)
        .bind(CHECK_PAGE_ENTRIES)
        .fetch_all(pool)
        .await?;
        let Some(last) = rows.last() else { return Ok(report) };
        after = last.0;
        for (seq, commitment, record) in rows {
            let seq = u64::try_from(seq).unwrap_or(0);
            match record {
                Some(record) => check_one(key, seq, &commitment, &record, &mut report),
                None if erased_after(pool, seq).await? => report.erased += 1,
                None => report
                    .problems
                    .push(format!("entry {seq}: its sealed record is missing and no erasure explains it")),
            }
        }
    }
}

/// True when entry `seq` concerns a worker whose data was erased after it.
async fn erased_after(pool: &AnyPool, seq: u64) -> Result<bool, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let Some((entry, _)) = crate::journal::projector::load_entry(&mut conn, seq).await? else {
        return Ok(false);
    };
    let Some(worker) = super::entry_worker(&mut conn, &entry).await? else { return Ok(false) };
    let erased: Option<i64> = sqlx::query_scalar("SELECT seq FROM erasures WHERE pseudonym = $1")
        .bind(worker)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(erased.is_some_and(|by| u64::try_from(by).unwrap_or(0) > seq))
}

fn check_one(key: &DataKey, seq: u64, commitment: &str, record: &str, report: &mut SealedCheck) {
    let Unsealed::Opened(opened) = open_record(key, seq, record) else {
        report.problems.push(format!("entry {seq}: its sealed record does not open with this data key"));
        return;
    };
    let salt: Option<strikefund_audit::Hash> = opened.salt.parse().ok();
    let computed = salt.and_then(|salt| strikefund_audit::seal::commitment(&salt.0, &opened.fields).ok());
    if computed.map(|h| h.to_hex()).as_deref() == Some(commitment) {
        report.matching += 1;
    } else {
        report.problems.push(format!("entry {seq}: its sealed record does not match the entry's commitment"));
    }
}

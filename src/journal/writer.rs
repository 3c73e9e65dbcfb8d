//! The single journal writer. Every append goes through one task that takes
//! a batch of requests, decides each in order against the state left by the
//! ones before, hashes and links the entries, writes them with their
//! projections in one database transaction, commits, and only then answers.
//! An answer is therefore never given for anything that is not durable.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde_json::{Map, Value};
use sqlx::AnyConnection;
use strikefund_audit::ledger::{AccountClass, account_class};
use strikefund_audit::{Entry, Hash};
use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot};

use super::command::{Actor, Appended, Command, CommandError, Detail, EntryRef};
use super::decide::{self, Decision, Plan, SideWrite};
use super::projector::{self, Cache, Deltas, ProjectError};
use super::rows::Cell;
use crate::domain::Money;
use crate::privacy::DataKey;
use crate::store::Db;

/// Most requests committed in one database transaction.
pub const BATCH_SIZE_MAX: usize = 512;

/// Most requests waiting for the writer; senders wait beyond this.
pub const QUEUE_DEPTH_MAX: usize = 8_192;

/// How long a request waits for its answer before the caller gives up
/// (the request may still be committed; a retry with the same key is safe).
pub const ANSWER_TIMEOUT_S: u64 = 60;

struct Request {
    actor: Actor,
    command: Command,
    reply: oneshot::Sender<Result<Appended, CommandError>>,
}

/// A handle to the writer task. Cheap to clone.
#[derive(Clone)]
pub struct Journal {
    sender: mpsc::Sender<Request>,
    read_only: Option<Arc<str>>,
    stats: Arc<Counters>,
}

/// What the writer has committed since it started.
#[derive(Debug, Default)]
struct Counters {
    batches: AtomicU64,
    entries: AtomicU64,
}

/// A snapshot of the writer's counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JournalStats {
    /// Database transactions committed.
    pub batches: u64,
    /// Entries appended in them.
    pub entries: u64,
}

/// Why a batch could not be committed. Nothing in it was written.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error(transparent)]
    Store(#[from] sqlx::Error),
    #[error(transparent)]
    Project(#[from] ProjectError),
    #[error("invariant broken: {0}")]
    Invariant(String),
}

impl Journal {
    /// Starts the writer task on `db`. When `read_only` holds a reason, every
    /// command is refused with it (the startup check found a problem).
    /// Without a data key, commands that would store private data are refused.
    pub fn start(db: Db, read_only: Option<String>, data_key: Option<DataKey>) -> Journal {
        let (sender, receiver) = mpsc::channel(QUEUE_DEPTH_MAX);
        let stats = Arc::new(Counters::default());
        let writer = Writer { db, cache: None, stats: stats.clone(), data_key };
        tokio::spawn(writer.run(receiver));
        Journal { sender, read_only: read_only.map(Arc::from), stats }
    }

    pub fn stats(&self) -> JournalStats {
        JournalStats {
            batches: self.stats.batches.load(Ordering::Relaxed),
            entries: self.stats.entries.load(Ordering::Relaxed),
        }
    }

    /// The reason writes are refused, if they are.
    pub fn read_only_reason(&self) -> Option<String> {
        self.read_only.as_deref().map(str::to_string)
    }

    /// Appends what `command` decides, or says why not.
    pub async fn submit(&self, actor: Actor, command: Command) -> Result<Appended, CommandError> {
        if let Some(reason) = self.read_only_reason() {
            return Err(CommandError::ReadOnly(reason));
        }
        let (reply, answer) = oneshot::channel();
        let request = Request { actor, command, reply };
        self.sender.send(request).await.map_err(|_| CommandError::Unavailable)?;
        await_answer(answer).await
    }

    /// Appends what each command decides, in the order given, and answers in
    /// that order. Every command is queued before any answer is awaited, so
    /// the writer takes them in full batches (one transaction per batch)
    /// instead of one transaction per command.
    pub async fn submit_many(
        &self,
        actor: &Actor,
        commands: Vec<Command>,
    ) -> Vec<Result<Appended, CommandError>> {
        if let Some(reason) = self.read_only_reason() {
            return commands.iter().map(|_| Err(CommandError::ReadOnly(reason.clone()))).collect();
        }
        let mut answers = Vec::with_capacity(commands.len());
        for command in commands {
            let (reply, answer) = oneshot::channel();
            let request = Request { actor: actor.clone(), command, reply };
            // A closed channel drops the request; its answer then reports Unavailable.
            let _ = self.sender.send(request).await;
            answers.push(answer);
        }
        let mut results = Vec::with_capacity(answers.len());
        for answer in answers {
            results.push(await_answer(answer).await);
        }
        results
    }
}

async fn await_answer(
    answer: oneshot::Receiver<Result<Appended, CommandError>>,
) -> Result<Appended, CommandError> {
    match tokio::time::timeout(Duration::from_secs(ANSWER_TIMEOUT_S), answer).await {
        Ok(Ok(result)) => result,
        _ => Err(CommandError::Unavailable),
    }
}

struct Writer {
    db: Db,
    /// None after a failed batch: reloaded from the database before the next one.
    cache: Option<Cache>,
    stats: Arc<Counters>,
    /// Encrypts sealed parts and computes identity digests; never stored.
    data_key: Option<DataKey>,
}

impl Writer {
    async fn run(mut self, mut receiver: mpsc::Receiver<Request>) {
        while let Some(first) = receiver.recv().await {
            let mut batch = vec![first];
            while batch.len() < BATCH_SIZE_MAX {
                match receiver.try_recv() {
                    Ok(request) => batch.push(request),
                    Err(_) => break,
                }
            }
            self.process(batch).await;
        }
    }

    async fn process(&mut self, batch: Vec<Request>) {
        let (calls, replies): (Vec<_>, Vec<_>) =
            batch.into_iter().map(|r| ((r.actor, r.command), r.reply)).unzip();
        match self.commit(&calls).await {
            Ok(results) => {
                for (reply, result) in replies.into_iter().zip(results) {
                    let _ = reply.send(result);
                }
            }
            Err(error) if calls.len() > 1 => {
                // One request may have hit a database constraint: retry each on
                // its own so the others are not refused because of it.
                tracing::warn!(%error, batch = calls.len(), "batch failed; retrying one by one");
                self.cache = None;
                for (call, reply) in calls.into_iter().zip(replies) {
                    let result = match self.commit(std::slice::from_ref(&call)).await {
                        Ok(mut results) => results.pop().expect("one result per request"),
                        Err(error) => {
                            tracing::error!(%error, command = call.1.name(), "append failed");
                            self.cache = None;
                            Err(CommandError::Unavailable)
                        }
                    };
                    let _ = reply.send(result);
                }
            }
            Err(error) => {
                tracing::error!(%error, command = calls[0].1.name(), "append failed");
                self.cache = None;
                for reply in replies {
                    let _ = reply.send(Err(CommandError::Unavailable));
                }
            }
        }
    }

    /// Decides and writes a batch in one transaction; on any error nothing is written.
    async fn commit(
        &mut self,
        calls: &[(Actor, Command)],
    ) -> Result<Vec<Result<Appended, CommandError>>, BatchError> {
        let mut tx = self.db.begin_append().await?;
        let result = self.decide_and_write(&mut tx, calls).await;
        match result {
            Ok(results) => {
                tx.commit().await.inspect_err(|_| self.cache = None)?;
                let entries: usize = results
                    .iter()
                    .filter_map(|r| r.as_ref().ok())
                    .filter(|a| !a.replayed)
                    .map(|a| a.entries.len())
                    .sum();
                self.stats.batches.fetch_add(1, Ordering::Relaxed);
                self.stats.entries.fetch_add(entries as u64, Ordering::Relaxed);
                Ok(results)
            }
            Err(error) => {
                self.cache = None;
                Err(error)
            }
        }
    }

    async fn decide_and_write(
        &mut self,
        conn: &mut AnyConnection,
        calls: &[(Actor, Command)],
    ) -> Result<Vec<Result<Appended, CommandError>>, BatchError> {
        let head: Option<i64> =
            sqlx::query_scalar("SELECT seq FROM chain_head WHERE id = 1").fetch_optional(&mut *conn).await?;
        let head = head.unwrap_or(0) as u64;
        if self.cache.as_ref().is_none_or(|cache| cache.head.seq != head) {
            // First batch, a failed one before, or another process appended.
            self.cache = Some(projector::load_cache(conn).await?);
        }
        let cache = self.cache.as_mut().expect("cache was just loaded");
        let mut deltas = Deltas::default();
        let keys: Vec<String> = calls
            .iter()
            .filter_map(|(_, command)| match command {
                Command::RecordDonation(input) => Some(decide::donation_digests(input).key_digest),
                _ => None,
            })
            .collect();
        if keys.len() > 1 {
            deltas.rows.prefetch_idempotency(conn, keys).await?;
        }
        let mut results = Vec::with_capacity(calls.len());
        for (actor, command) in calls {
            let mut reader = decide::Reader { conn: &mut *conn, cache: &mut *cache, deltas: &mut deltas };
            let decision = match decide::decide(command, actor, &mut reader).await {
                Ok(decision) => decision,
                Err(decide::DecideError::Command(error)) => {
                    results.push(Err(error));
                    continue;
                }
                Err(decide::DecideError::Store(error)) => return Err(error.into()),
            };
            let plan = match decision {
                Decision::Existing(appended) => {
                    results.push(Ok(appended));
                    continue;
                }
                Decision::Append(plan) => plan,
            };
            if let Err(error) = check_postings(&plan, &mut reader).await? {
                results.push(Err(error));
                continue;
            }
            let data_key = match (&self.data_key, plan.needs_data_key()) {
                (None, true) => {
                    results.push(Err(CommandError::DataKeyMissing));
                    continue;
                }
                (key, _) => key.as_ref(),
            };
            results.push(Ok(apply(plan, actor, conn, cache, &mut deltas, data_key).await?));
        }
        projector::flush(conn, cache, &mut deltas).await?;
        Ok(results)
    }
}

/// The journal's timestamp format: RFC 3339, UTC, microseconds.
const AT_FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

/// The time to stamp on the next entry: now, but never before the head.
fn next_at(head_at: &str) -> String {
    let text = OffsetDateTime::now_utc().format(AT_FORMAT).expect("UTC time formats");
    if text.as_str() < head_at { head_at.to_string() } else { text }
}

/// Checks, before anything is written, that the plan's postings keep every
/// holding account and envelope at or above zero and touch only open accounts.
async fn check_postings(
    plan: &Plan,
    reader: &mut decide::Reader<'_>,
) -> Result<Result<(), CommandError>, sqlx::Error> {
    let mut overlay: std::collections::HashMap<(String, String), i64> = Default::default();
    for new in &plan.entries {
        let Some(postings) = new.body.get("postings") else { continue };
        let Some(transaction) = crate::domain::Transaction::from_json(postings) else {
            unreachable!("plans carry postings built from a Transaction");
        };
        for posting in transaction.postings() {
            let account = posting.account.as_str();
            let currency = posting.money.currency();
            let class = account_class(account).expect("AccountPath is valid");
            if class == AccountClass::Holding {
                let held = reader.cache.accounts.get(account);
                match held {
                    None => return Ok(Err(CommandError::AccountNotOpen(account.to_string()))),
                    Some(set) if !set.contains(currency.code()) => {
                        let account = account.to_string();
                        return Ok(Err(CommandError::CurrencyNotHeld { account, currency }));
                    }
                    Some(_) => {}
                }
            }
            let key = (account.to_string(), currency.code().to_string());
            let current = match overlay.get(&key) {
                Some(minor) => *minor,
                None => reader.balance(account, currency).await?,
            };
            let next = current + posting.money.minor();
            overlay.insert(key, next);
            let (available, needed, crosses) = match class {
                AccountClass::Holding => (current, -posting.money.minor(), next < 0),
                AccountClass::Envelope => (-current, posting.money.minor(), next > 0),
                AccountClass::Unbounded => (0, 0, false),
            };
            if crosses {
                return Ok(Err(CommandError::EnvelopeWouldGoBelowZero {
                    account: account.to_string(),
                    available: Money::from_minor(available, currency),
                    needed: Money::from_minor(needed, currency),
                }));
            }
        }
    }
    Ok(Ok(()))
}

/// Appends the plan's entries and side records. Errors abort the batch.
/// `data_key` is present whenever the plan needs it (checked by the caller).
async fn apply(
    plan: Plan,
    actor: &Actor,
    conn: &mut AnyConnection,
    cache: &mut Cache,
    deltas: &mut Deltas,
    data_key: Option<&DataKey>,
) -> Result<Appended, BatchError> {
    let mut refs = Vec::with_capacity(plan.entries.len());
    for new in plan.entries {
        let entry = Entry {
            seq: cache.head.seq + 1,
            prev: cache.head.hash,
            at: next_at(&cache.head.at),
            actor: actor.as_str().to_string(),
            kind: new.kind.as_str().to_string(),
            body: new.body,
            sealed: new.sealed.as_ref().map(|s| s.commitment),
        };
        let hash = entry.compute_hash().map_err(|e| BatchError::Invariant(e.to_string()))?;
        deltas.rows.journal(journal_row(&entry, &hash)?);
        projector::project(&entry, &hash, conn, cache, deltas).await?;
        if let Some(sealed) = new.sealed {
            let key = data_key.ok_or_else(|| BatchError::Invariant("sealing without a data key".into()))?;
            let worker = crate::privacy::entry_worker(conn, &entry).await?;
            let record = crate::privacy::seal_record(key, entry.seq, &sealed.salt, &sealed.fields);
            deltas.rows.sealed_record(vec![
                Cell::Int(entry.seq as i64),
                Cell::MaybeText(worker),
                Cell::Text(record),
            ]);
        }
        refs.push(EntryRef { seq: entry.seq, hash });
    }
    for side in plan.side {
        write_side(conn, side, &refs, deltas, data_key).await?;
    }
    let detail = match plan.detail {
        Detail::Donation { .. } => {
            let hash = refs.last().expect("a donation has an entry").hash;
            Detail::Donation { receipt: crate::domain::ids::receipt_code(&hash) }
        }
        other => other,
    };
    Ok(Appended { entries: refs, replayed: false, detail })
}

/// The `journal` row of an entry; the body is stored as its canonical JSON.
fn journal_row(entry: &Entry, hash: &Hash) -> Result<Vec<Cell>, BatchError> {
    let body = strikefund_audit::jcs::to_canonical(&Value::Object(entry.body.clone()))
        .map_err(|e| BatchError::Invariant(e.to_string()))?;
    Ok(vec![
        Cell::Int(entry.seq as i64),
        Cell::Text(entry.prev.to_hex()),
        Cell::Text(hash.to_hex()),
        Cell::Text(entry.at.clone()),
        Cell::Text(entry.actor.clone()),
        Cell::Text(entry.kind.clone()),
        Cell::Text(String::from_utf8(body).expect("canonical JSON is UTF-8")),
        Cell::MaybeText(entry.sealed.map(|h| h.to_hex())),
    ])
}

async fn write_side(
    conn: &mut AnyConnection,
    side: SideWrite,
    refs: &[EntryRef],
    deltas: &mut Deltas,
    data_key: Option<&DataKey>,
) -> Result<(), BatchError> {
    match side {
        SideWrite::CommitteeName { key, slug, name } => {
            sqlx::query("INSERT INTO committee_names (key, slug, name) VALUES ($1, $2, $3)")
                .bind(key)
                .bind(slug)
                .bind(name)
                .execute(&mut *conn)
                .await?;
        }
        SideWrite::Idempotency { key_digest, request_digest } => {
            let seq = refs.last().expect("idempotent commands append").seq;
            deltas.rows.idempotency(key_digest, request_digest, seq as i64);
        }
        SideWrite::Identity { pseudonym, document } => {
            let key = data_key.ok_or_else(|| BatchError::Invariant("a digest without a data key".into()))?;
            sqlx::query("INSERT INTO worker_identities (pseudonym, digest) VALUES ($1, $2)")
                .bind(pseudonym)
                .bind(key.identity_digest(&document))
                .execute(&mut *conn)
                .await?;
        }
        SideWrite::Erase { pseudonym } => {
            // Rows of this batch not yet written would escape the DELETE.
            deltas.rows.write(conn).await?;
            for sql in [
                "DELETE FROM sealed_records WHERE worker = $1",
                "DELETE FROM worker_identities WHERE pseudonym = $1",
            ] {
                sqlx::query(sql).bind(&pseudonym).execute(&mut *conn).await?;
            }
        }
    }
    Ok(())
}

/// Builds the body of an entry from key-value pairs.
pub fn body(pairs: impl IntoIterator<Item = (&'static str, Value)>) -> Map<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

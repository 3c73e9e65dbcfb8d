//! Projections: the tables derived from the journal alone (balances, totals,
//! claims, the Merkle tree, …). The writer applies each new entry here in the
//! same transaction as the entry; `rebuild` replays the whole journal through
//! the same code, so the two can never disagree.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Map, Value};
use sqlx::AnyConnection;
use strikefund_audit::merkle::Frontier;
use strikefund_audit::{Entry, Hash};

use super::kind::Kind;
use super::rows::{Cell, PendingRows};
use crate::domain::claim::{ClaimState, state_after_payout};
use crate::domain::ids::receipt_code;

/// Every table that `rebuild` empties and refills from the journal.
pub const PROJECTION_TABLES: &[&str] = &[
    "chain_head",
    "merkle_nodes",
    "balances",
    "totals",
    "monthly",
    "accounts",
    "committees",
    "members",
    "member_proposals",
    "member_proposal_approvals",
    "donations",
    "claims",
    "claim_approvals",
    "claim_events",
    "workers",
    "workers_paid",
    "reversals",
    "checkpoints",
    "counters",
    "erasures",
];

/// The chain head as the writer knows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Head {
    pub seq: u64,
    pub hash: Hash,
    pub at: String,
}

/// What the writer keeps in memory between batches. It is dropped and
/// reloaded whenever a batch fails or another process moved the head.
#[derive(Debug, Default)]
pub struct Cache {
    pub head: Head,
    pub frontier: Frontier,
    /// (account, currency) → balance in minor units, debit positive.
    pub balances: HashMap<(String, String), i64>,
    /// Holding account → currencies it is open for.
    pub accounts: HashMap<String, BTreeSet<String>>,
}

/// Per-batch changes kept in memory and written once at the end of a batch.
#[derive(Debug, Default)]
pub struct Deltas {
    dirty_balances: BTreeSet<(String, String)>,
    /// (scope, currency) → [raised, paid, reserved, available].
    totals: BTreeMap<(String, String), [i64; 4]>,
    /// (month, currency) → [donated, paid].
    monthly: BTreeMap<(String, String), [i64; 2]>,
    head_changed: bool,
    /// Rows written with one multi-row INSERT per table at the end of the batch.
    pub rows: PendingRows,
}

const RAISED: usize = 0;
const PAID: usize = 1;
const RESERVED: usize = 2;
const AVAILABLE: usize = 3;

#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error(transparent)]
    Store(#[from] sqlx::Error),
    #[error("entry {seq} is not what the projections expect: {reason}")]
    Corrupt { seq: u64, reason: String },
}

fn corrupt(entry: &Entry, reason: impl Into<String>) -> ProjectError {
    ProjectError::Corrupt { seq: entry.seq, reason: reason.into() }
}

fn text<'a>(entry: &'a Entry, field: &str) -> Result<&'a str, ProjectError> {
    entry.body.get(field).and_then(Value::as_str).ok_or_else(|| corrupt(entry, format!("no {field}")))
}

fn seq_i64(seq: u64) -> i64 {
    i64::try_from(seq).expect("seq fits in i64")
}

/// A posting as the projections need it.
struct Flow {
    account: String,
    currency: String,
    minor: i64,
}

fn flows(entry: &Entry) -> Result<Vec<Flow>, ProjectError> {
    let postings = strikefund_audit::ledger::postings_of(&entry.body).map_err(|e| corrupt(entry, e))?;
    postings
        .into_iter()
        .map(|p| {
            let minor = i64::try_from(p.minor).map_err(|_| corrupt(entry, "amount overflows"))?;
            Ok(Flow { account: p.account, currency: p.currency, minor })
        })
        .collect()
}

/// Current balance, loading it into the cache on first use.
pub async fn balance(
    conn: &mut AnyConnection,
    cache: &mut Cache,
    account: &str,
    currency: &str,
) -> Result<i64, sqlx::Error> {
    let key = (account.to_string(), currency.to_string());
    if let Some(minor) = cache.balances.get(&key) {
        return Ok(*minor);
    }
    let minor: Option<i64> =
        sqlx::query_scalar("SELECT minor FROM balances WHERE account = $1 AND currency = $2")
            .bind(account)
            .bind(currency)
            .fetch_optional(&mut *conn)
            .await?;
    let minor = minor.unwrap_or(0);
    cache.balances.insert(key, minor);
    Ok(minor)
}

impl Deltas {
    fn add_total(&mut self, scope: &str, currency: &str, column: usize, minor: i64) {
        let row = self.totals.entry((scope.to_string(), currency.to_string())).or_default();
        row[column] += minor;
    }

    fn add_monthly(&mut self, day: &str, currency: &str, column: usize, minor: i64) {
        let month = day.get(..7).unwrap_or(day).to_string();
        self.monthly.entry((month, currency.to_string())).or_default()[column] += minor;
    }
}

/// The totals scope of an envelope account, if it is one.
fn envelope_scope(account: &str) -> Option<(String, usize)> {
    if account == "equity:funds:general" {
        return Some(("general".into(), AVAILABLE));
    }
    if let Some(key) = account.strip_prefix("equity:funds:committee:") {
        return Some((format!("committee:{key}"), AVAILABLE));
    }
    account.strip_prefix("liabilities:payable:").map(|key| (format!("committee:{key}"), RESERVED))
}

/// Applies one entry to every projection.
pub async fn project(
    entry: &Entry,
    hash: &Hash,
    conn: &mut AnyConnection,
    cache: &mut Cache,
    deltas: &mut Deltas,
) -> Result<(), ProjectError> {
    if entry.seq != cache.head.seq + 1 || entry.prev != cache.head.hash {
        return Err(corrupt(entry, "does not extend the chain head"));
    }
    for node in cache.frontier.append(hash) {
        deltas.rows.merkle_node(vec![
            Cell::Int(i64::from(node.level)),
            Cell::Int(seq_i64(node.index)),
            Cell::Text(node.hash.to_hex()),
        ]);
    }
    let flows = flows(entry)?;
    for flow in &flows {
        let current = balance(conn, cache, &flow.account, &flow.currency).await?;
        let key = (flow.account.clone(), flow.currency.clone());
        cache.balances.insert(key.clone(), current + flow.minor);
        deltas.dirty_balances.insert(key);
        if let Some((scope, column)) = envelope_scope(&flow.account) {
            deltas.add_total(&scope, &flow.currency, column, -flow.minor);
            deltas.add_total("fund", &flow.currency, column, -flow.minor);
        }
    }
    let kind = Kind::parse(&entry.kind).ok_or_else(|| corrupt(entry, "unknown kind"))?;
    project_kind(kind, entry, hash, &flows, conn, deltas).await?;
    if kind == Kind::AccountOpened {
        let account = text(entry, "account")?.to_string();
        let currencies = entry.body.get("currencies").and_then(Value::as_array).into_iter().flatten();
        let held = cache.accounts.entry(account).or_default();
        held.extend(currencies.filter_map(Value::as_str).map(str::to_string));
    }
    cache.head = Head { seq: entry.seq, hash: *hash, at: entry.at.clone() };
    deltas.head_changed = true;
    Ok(())
}

async fn project_kind(
    kind: Kind,
    entry: &Entry,
    hash: &Hash,
    flows: &[Flow],
    conn: &mut AnyConnection,
    deltas: &mut Deltas,
) -> Result<(), ProjectError> {
    let seq = seq_i64(entry.seq);
    match kind {
        Kind::AccountOpened => {
            let account = text(entry, "account")?;
            let currencies = entry.body.get("currencies").and_then(Value::as_array);
            for currency in currencies.ok_or_else(|| corrupt(entry, "no currencies"))? {
                let currency = currency.as_str().ok_or_else(|| corrupt(entry, "bad currency"))?;
                sqlx::query("INSERT INTO accounts (account, currency, opened_seq) VALUES ($1, $2, $3)")
                    .bind(account)
                    .bind(currency)
                    .bind(seq)
                    .execute(&mut *conn)
                    .await?;
            }
        }
        Kind::CommitteeCreated => {
            let public = entry.body.get("public").and_then(Value::as_bool).unwrap_or(false);
            let threshold = entry.body.get("threshold").and_then(Value::as_i64).unwrap_or(2);
            sqlx::query(
                "INSERT INTO committees (key, public, threshold, created_seq) VALUES ($1, $2, $3, $4)",
            )
            .bind(text(entry, "committee")?)
            .bind(i64::from(public))
            .bind(threshold)
            .bind(seq)
            .execute(&mut *conn)
            .await?;
        }
        Kind::MemberAdded => {
            sqlx::query("INSERT INTO members (committee, user_id, added_seq) VALUES ($1, $2, $3)")
                .bind(text(entry, "committee")?)
                .bind(text(entry, "member")?)
                .bind(seq)
                .execute(&mut *conn)
                .await?;
            if let Some(proposal) = entry.body.get("proposal").and_then(Value::as_str) {
                sqlx::query("UPDATE member_proposals SET state = 'accepted' WHERE id = $1")
                    .bind(proposal)
                    .execute(&mut *conn)
                    .await?;
            }
        }
        Kind::MemberProposed => {
            sqlx::query(
                "INSERT INTO member_proposals (id, committee, user_id, state, approvals, proposed_seq) \
                 VALUES ($1, $2, $3, 'open', 0, $4)",
            )
            .bind(text(entry, "proposal")?)
            .bind(text(entry, "committee")?)
            .bind(text(entry, "member")?)
            .bind(seq)
            .execute(&mut *conn)
            .await?;
        }
        Kind::MemberApproval => {
            let proposal = text(entry, "proposal")?;
            sqlx::query("INSERT INTO member_proposal_approvals (proposal, user_id, seq) VALUES ($1, $2, $3)")
                .bind(proposal)
                .bind(&entry.actor)
                .bind(seq)
                .execute(&mut *conn)
                .await?;
            sqlx::query("UPDATE member_proposals SET approvals = approvals + 1 WHERE id = $1")
                .bind(proposal)
                .execute(&mut *conn)
                .await?;
        }
        Kind::MemberRemoved => {
            sqlx::query("DELETE FROM members WHERE committee = $1 AND user_id = $2")
                .bind(text(entry, "committee")?)
                .bind(text(entry, "member")?)
                .execute(&mut *conn)
                .await?;
        }
        Kind::Donation => project_donation(entry, hash, flows, deltas)?,
        Kind::Allocation => {
            for flow in flows.iter().filter(|f| f.minor < 0) {
                if let Some((scope, _)) = envelope_scope(&flow.account) {
                    deltas.add_total(&scope, &flow.currency, RAISED, -flow.minor);
                }
            }
        }
        Kind::ClaimSubmitted => project_claim_submitted(entry, conn).await?,
        Kind::ClaimApproval => {
            let claim = text(entry, "claim")?;
            sqlx::query("INSERT INTO claim_approvals (claim, user_id, seq) VALUES ($1, $2, $3)")
                .bind(claim)
                .bind(&entry.actor)
                .bind(seq)
                .execute(&mut *conn)
                .await?;
            sqlx::query("UPDATE claims SET approvals = approvals + 1, updated_seq = $2 WHERE id = $1")
                .bind(claim)
                .bind(seq)
                .execute(&mut *conn)
                .await?;
            claim_event(conn, claim, seq).await?;
        }
        Kind::ClaimApprovalDenied => claim_event(conn, text(entry, "claim")?, seq).await?,
        Kind::ClaimApproved => set_claim_state(entry, conn, ClaimState::Approved).await?,
        Kind::ClaimRejected => set_claim_state(entry, conn, ClaimState::Rejected).await?,
        Kind::ClaimCancelled => set_claim_state(entry, conn, ClaimState::Cancelled).await?,
        Kind::Payout => project_payout(entry, flows, conn, deltas, 1, seq).await?,
        Kind::Reversal => project_reversal(entry, conn, deltas).await?,
        Kind::Checkpoint => {
            let size = entry.body.get("size").and_then(Value::as_i64);
            sqlx::query("INSERT INTO checkpoints (size, seq, note) VALUES ($1, $2, $3)")
                .bind(size.ok_or_else(|| corrupt(entry, "no size"))?)
                .bind(seq)
                .bind(text(entry, "note")?)
                .execute(&mut *conn)
                .await?;
        }
        Kind::Erasure => {
            sqlx::query(
                "INSERT INTO erasures (pseudonym, seq) VALUES ($1, $2) \
                 ON CONFLICT (pseudonym) DO UPDATE SET seq = excluded.seq",
            )
            .bind(text(entry, "worker")?)
            .bind(seq)
            .execute(&mut *conn)
            .await?;
        }
        Kind::Exchange | Kind::Fee | Kind::Repair => {}
    }
    Ok(())
}

async fn claim_event(conn: &mut AnyConnection, claim: &str, seq: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO claim_events (claim, seq) VALUES ($1, $2)")
        .bind(claim)
        .bind(seq)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn set_claim_state(
    entry: &Entry,
    conn: &mut AnyConnection,
    state: ClaimState,
) -> Result<(), ProjectError> {
    let claim = text(entry, "claim")?;
    let seq = seq_i64(entry.seq);
    sqlx::query("UPDATE claims SET state = $2, updated_seq = $3 WHERE id = $1")
        .bind(claim)
        .bind(state.as_str())
        .bind(seq)
        .execute(&mut *conn)
        .await?;
    claim_event(conn, claim, seq).await?;
    Ok(())
}

fn project_donation(
    entry: &Entry,
    hash: &Hash,
    flows: &[Flow],
    deltas: &mut Deltas,
) -> Result<(), ProjectError> {
    let asset = flows.iter().find(|f| f.minor > 0).ok_or_else(|| corrupt(entry, "no debit"))?;
    let received_on = text(entry, "received_on")?;
    let committee = entry.body.get("committee").and_then(Value::as_str);
    let donor = entry.body.get("donor").and_then(Value::as_str);
    deltas.rows.donation(vec![
        Cell::Int(seq_i64(entry.seq)),
        Cell::Text(receipt_code(hash)),
        Cell::Text(asset.account.clone()),
        Cell::Text(asset.currency.clone()),
        Cell::Int(asset.minor),
        Cell::Text(received_on.to_string()),
        Cell::MaybeText(committee.map(str::to_string)),
        Cell::MaybeText(donor.map(str::to_string)),
    ]);
    record_raised(deltas, committee, &asset.currency, received_on, asset.minor);
    Ok(())
}

fn record_raised(deltas: &mut Deltas, committee: Option<&str>, currency: &str, day: &str, minor: i64) {
    deltas.add_total("fund", currency, RAISED, minor);
    let scope = committee.map_or_else(|| "general".to_string(), |key| format!("committee:{key}"));
    deltas.add_total(&scope, currency, RAISED, minor);
    deltas.add_monthly(day, currency, 0, minor);
}

async fn project_claim_submitted(entry: &Entry, conn: &mut AnyConnection) -> Result<(), ProjectError> {
    let claim = text(entry, "claim")?;
    let worker = text(entry, "worker")?;
    let currency = text(entry, "currency")?;
    let (amount, _) =
        strikefund_audit::ledger::parse_amount(text(entry, "amount")?).map_err(|e| corrupt(entry, e))?;
    let amount = i64::try_from(amount).map_err(|_| corrupt(entry, "amount overflows"))?;
    let seq = seq_i64(entry.seq);
    sqlx::query(
        "INSERT INTO claims (id, committee, worker, category, currency, amount, state, submitted_by, \
         submitted_seq, updated_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
    )
    .bind(claim)
    .bind(text(entry, "committee")?)
    .bind(worker)
    .bind(text(entry, "category")?)
    .bind(currency)
    .bind(amount)
    .bind(ClaimState::Submitted.as_str())
    .bind(&entry.actor)
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    let known: Option<i64> = sqlx::query_scalar("SELECT first_seq FROM workers WHERE pseudonym = $1")
        .bind(worker)
        .fetch_optional(&mut *conn)
        .await?;
    if known.is_none() {
        sqlx::query("INSERT INTO workers (pseudonym, first_seq) VALUES ($1, $2)")
            .bind(worker)
            .bind(seq)
            .execute(&mut *conn)
            .await?;
    }
    claim_event(conn, claim, seq).await?;
    Ok(())
}

/// A payout (`sign` = 1), or its reversal (`sign` = -1) recorded by entry `event_seq`.
async fn project_payout(
    entry: &Entry,
    flows: &[Flow],
    conn: &mut AnyConnection,
    deltas: &mut Deltas,
    sign: i64,
    event_seq: i64,
) -> Result<(), ProjectError> {
    let claim = text(entry, "claim")?;
    let payable = flows
        .iter()
        .find(|f| f.account.starts_with("liabilities:payable:"))
        .ok_or_else(|| corrupt(entry, "no payable posting"))?;
    let paid = payable.minor.abs() * sign;
    let row: Option<(i64, i64, String, String)> =
        sqlx::query_as("SELECT amount, paid, committee, worker FROM claims WHERE id = $1")
            .bind(claim)
            .fetch_optional(&mut *conn)
            .await?;
    let (amount, paid_before, committee, worker) = row.ok_or_else(|| corrupt(entry, "unknown claim"))?;
    let paid_after = paid_before + paid;
    let state = if paid_after == 0 { ClaimState::Approved } else { state_after_payout(paid_after, amount) };
    let seq = event_seq;
    sqlx::query("UPDATE claims SET paid = $2, state = $3, updated_seq = $4 WHERE id = $1")
        .bind(claim)
        .bind(paid_after)
        .bind(state.as_str())
        .bind(seq)
        .execute(&mut *conn)
        .await?;
    claim_event(conn, claim, seq).await?;
    deltas.add_total("fund", &payable.currency, PAID, paid);
    deltas.add_total(&format!("committee:{committee}"), &payable.currency, PAID, paid);
    let day = entry.body.get("paid_on").and_then(Value::as_str).unwrap_or(&entry.at);
    deltas.add_monthly(day, &payable.currency, 1, paid);
    if sign > 0 {
        count_paid_worker(conn, &committee, &worker).await?;
    }
    Ok(())
}

/// Counts each worker once per committee and once in the fund, on their first payout.
async fn count_paid_worker(
    conn: &mut AnyConnection,
    committee: &str,
    worker: &str,
) -> Result<(), sqlx::Error> {
    let seen: Option<String> =
        sqlx::query_scalar("SELECT pseudonym FROM workers_paid WHERE committee = $1 AND pseudonym = $2")
            .bind(committee)
            .bind(worker)
            .fetch_optional(&mut *conn)
            .await?;
    if seen.is_some() {
        return Ok(());
    }
    sqlx::query("INSERT INTO workers_paid (committee, pseudonym) VALUES ($1, $2)")
        .bind(committee)
        .bind(worker)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE committees SET paid_workers = paid_workers + 1 WHERE key = $1")
        .bind(committee)
        .execute(&mut *conn)
        .await?;
    let first_payout = sqlx::query("UPDATE workers SET paid = 1 WHERE pseudonym = $1 AND paid = 0")
        .bind(worker)
        .execute(&mut *conn)
        .await?
        .rows_affected()
        == 1;
    if first_payout {
        sqlx::query(
            "INSERT INTO counters (name, value) VALUES ('workers_supported', 1) \
             ON CONFLICT (name) DO UPDATE SET value = counters.value + 1",
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Reads one journal entry back from the database.
pub async fn load_entry(conn: &mut AnyConnection, seq: u64) -> Result<Option<(Entry, Hash)>, sqlx::Error> {
    let row: Option<JournalRow> =
        sqlx::query_as("SELECT seq, prev, hash, at, actor, kind, body, sealed FROM journal WHERE seq = $1")
            .bind(seq_i64(seq))
            .fetch_optional(&mut *conn)
            .await?;
    row.map(JournalRow::into_entry).transpose().map_err(|e| sqlx::Error::Decode(e.into()))
}

/// One row of the `journal` table.
#[derive(Debug, sqlx::FromRow)]
pub struct JournalRow {
    pub seq: i64,
    pub prev: String,
    pub hash: String,
    pub at: String,
    pub actor: String,
    pub kind: String,
    pub body: String,
    pub sealed: Option<String>,
}

impl JournalRow {
    pub fn into_entry(self) -> Result<(Entry, Hash), String> {
        let bad = |field: &str| format!("journal row {} has a malformed {field}", self.seq);
        let body: Map<String, Value> = serde_json::from_str(&self.body).map_err(|_| bad("body"))?;
        let sealed = match &self.sealed {
            Some(text) => Some(text.parse().map_err(|_| bad("sealed"))?),
            None => None,
        };
        let entry = Entry {
            seq: u64::try_from(self.seq).map_err(|_| bad("seq"))?,
            prev: self.prev.parse().map_err(|_| bad("prev"))?,
            at: self.at,
            actor: self.actor,
            kind: self.kind,
            body,
            sealed,
        };
        let hash = self.hash.parse().map_err(|_| bad("hash"))?;
        Ok((entry, hash))
    }
}

async fn project_reversal(
    entry: &Entry,
    conn: &mut AnyConnection,
    deltas: &mut Deltas,
) -> Result<(), ProjectError> {
    let reverses = entry.body.get("reverses").and_then(Value::as_u64);
    let reverses = reverses.ok_or_else(|| corrupt(entry, "no reverses"))?;
    // The entry reversed may still be among the batch's pending rows.
    deltas.rows.write(conn).await?;
    sqlx::query("INSERT INTO reversals (seq, by_seq) VALUES ($1, $2)")
        .bind(seq_i64(reverses))
        .bind(seq_i64(entry.seq))
        .execute(&mut *conn)
        .await?;
    let (original, _) =
        load_entry(conn, reverses).await?.ok_or_else(|| corrupt(entry, "reverses nothing"))?;
    let original_flows = flows(&original)?;
    match Kind::parse(&original.kind) {
        Some(Kind::Donation) => {
            let asset = original_flows.iter().find(|f| f.minor > 0);
            let asset = asset.ok_or_else(|| corrupt(entry, "donation without debit"))?;
            let committee = original.body.get("committee").and_then(Value::as_str);
            let day = original.body.get("received_on").and_then(Value::as_str).unwrap_or(&original.at);
            record_raised(deltas, committee, &asset.currency, day, -asset.minor);
            sqlx::query("UPDATE donations SET reversed_seq = $2 WHERE seq = $1")
                .bind(seq_i64(reverses))
                .bind(seq_i64(entry.seq))
                .execute(&mut *conn)
                .await?;
        }
        Some(Kind::Allocation) => {
            for flow in original_flows.iter().filter(|f| f.minor < 0) {
                if let Some((scope, _)) = envelope_scope(&flow.account) {
                    deltas.add_total(&scope, &flow.currency, RAISED, flow.minor);
                }
            }
        }
        Some(Kind::Payout) => {
            let event_seq = seq_i64(entry.seq);
            project_payout(&original, &original_flows, conn, deltas, -1, event_seq).await?;
        }
        _ => {}
    }
    Ok(())
}

/// Writes the batch's accumulated changes: balances, totals, monthly sums, head.
pub async fn flush(conn: &mut AnyConnection, cache: &Cache, deltas: &mut Deltas) -> Result<(), sqlx::Error> {
    deltas.rows.write(conn).await?;
    for key in std::mem::take(&mut deltas.dirty_balances) {
        let minor = cache.balances.get(&key).copied().unwrap_or(0);
        sqlx::query(
            "INSERT INTO balances (account, currency, minor) VALUES ($1, $2, $3) \
             ON CONFLICT (account, currency) DO UPDATE SET minor = excluded.minor",
        )
        .bind(&key.0)
        .bind(&key.1)
        .bind(minor)
        .execute(&mut *conn)
        .await?;
    }
    for ((scope, currency), row) in std::mem::take(&mut deltas.totals) {
        sqlx::query(
            "INSERT INTO totals (scope, currency, raised, paid, reserved, available) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (scope, currency) DO UPDATE SET \
             raised = totals.raised + excluded.raised, paid = totals.paid + excluded.paid, \
             reserved = totals.reserved + excluded.reserved, \
             available = totals.available + excluded.available",
        )
        .bind(scope)
        .bind(currency)
        .bind(row[RAISED])
        .bind(row[PAID])
        .bind(row[RESERVED])
        .bind(row[AVAILABLE])
        .execute(&mut *conn)
        .await?;
    }
    for ((month, currency), row) in std::mem::take(&mut deltas.monthly) {
        sqlx::query(
            "INSERT INTO monthly (month, currency, donated, paid) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (month, currency) DO UPDATE SET donated = monthly.donated + excluded.donated, \
             paid = monthly.paid + excluded.paid",
        )
        .bind(month)
        .bind(currency)
        .bind(row[0])
        .bind(row[1])
        .execute(&mut *conn)
        .await?;
    }
    if std::mem::take(&mut deltas.head_changed) {
        sqlx::query(
            "INSERT INTO chain_head (id, seq, hash, at) VALUES (1, $1, $2, $3) \
             ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, at = excluded.at",
        )
        .bind(seq_i64(cache.head.seq))
        .bind(cache.head.hash.to_hex())
        .bind(&cache.head.at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Loads the writer's cache from the projections: head, Merkle frontier, open accounts.
pub async fn load_cache(conn: &mut AnyConnection) -> Result<Cache, ProjectError> {
    let head: Option<(i64, String, String)> =
        sqlx::query_as("SELECT seq, hash, at FROM chain_head WHERE id = 1")
            .fetch_optional(&mut *conn)
            .await?;
    let head = match head {
        None => Head::default(),
        Some((seq, hash, at)) => Head {
            seq: u64::try_from(seq)
                .map_err(|_| ProjectError::Corrupt { seq: 0, reason: "head seq".into() })?,
            hash: hash.parse().map_err(|_| ProjectError::Corrupt { seq: 0, reason: "head hash".into() })?,
            at,
        },
    };
    let frontier = load_frontier(conn, head.seq).await?;
    let mut accounts: HashMap<String, BTreeSet<String>> = HashMap::new();
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT account, currency FROM accounts").fetch_all(&mut *conn).await?;
    for (account, currency) in rows {
        accounts.entry(account).or_default().insert(currency);
    }
    Ok(Cache { head, frontier, balances: HashMap::new(), accounts })
}

async fn load_frontier(conn: &mut AnyConnection, size: u64) -> Result<Frontier, ProjectError> {
    let mut nodes = Vec::new();
    for (level, index) in Frontier::coordinates(size) {
        let hash = if level == 0 {
            let seq = seq_i64(index + 1);
            let text: Option<String> = sqlx::query_scalar("SELECT hash FROM journal WHERE seq = $1")
                .bind(seq)
                .fetch_optional(&mut *conn)
                .await?;
            text.and_then(|t| t.parse::<Hash>().ok()).map(|h| strikefund_audit::merkle::leaf_hash(&h))
        } else {
            let text: Option<String> =
                sqlx::query_scalar("SELECT hash FROM merkle_nodes WHERE level = $1 AND idx = $2")
                    .bind(i64::from(level))
                    .bind(seq_i64(index))
                    .fetch_optional(&mut *conn)
                    .await?;
            text.and_then(|t| t.parse().ok())
        };
        let reason = format!("Merkle node ({level}, {index}) is missing");
        nodes.push(hash.ok_or(ProjectError::Corrupt { seq: size, reason })?);
    }
    Frontier::from_nodes(size, nodes)
        .ok_or(ProjectError::Corrupt { seq: size, reason: "frontier has the wrong shape".into() })
}

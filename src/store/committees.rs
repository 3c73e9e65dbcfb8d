//! Read queries for the committee dashboard: committees, members,
//! proposals, claims and their history. Each is an index lookup or a
//! bounded page; views get what these return, never the pool.

use serde_json::Value;
use sqlx::AnyPool;

use crate::domain::{Currency, Money};

/// Most claims one queue page lists.
pub const QUEUE_ROWS_MAX: i64 = 200;

/// Most entries a claim's history shows.
pub const HISTORY_ROWS_MAX: i64 = 500;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitteeInfo {
    /// The key used on the chain (the slug if public, an opaque id if not).
    pub key: String,
    pub slug: String,
    pub name: String,
    pub public: bool,
    pub threshold: u32,
}

type CommitteeRow = (String, String, String, i64, i64);

fn committee_of((key, slug, name, public, threshold): CommitteeRow) -> CommitteeInfo {
    CommitteeInfo { key, slug, name, public: public != 0, threshold: u32::try_from(threshold).unwrap_or(0) }
}

const COMMITTEE_COLUMNS: &str = "SELECT c.key, n.slug, n.name, c.public, c.threshold \
     FROM committees c JOIN committee_names n ON n.key = c.key";

pub async fn by_slug(pool: &AnyPool, slug: &str) -> Result<Option<CommitteeInfo>, sqlx::Error> {
    let row: Option<CommitteeRow> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!("{COMMITTEE_COLUMNS} WHERE n.slug = $1")))
            .bind(slug)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(committee_of))
}

pub async fn by_key(pool: &AnyPool, key: &str) -> Result<Option<CommitteeInfo>, sqlx::Error> {
    let row: Option<CommitteeRow> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!("{COMMITTEE_COLUMNS} WHERE c.key = $1")))
            .bind(key)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(committee_of))
}

pub async fn all(pool: &AnyPool) -> Result<Vec<CommitteeInfo>, sqlx::Error> {
    let rows: Vec<CommitteeRow> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!("{COMMITTEE_COLUMNS} ORDER BY n.name")))
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().map(committee_of).collect())
}

/// The committees `user_id` is a member of.
pub async fn of_member(pool: &AnyPool, user_id: &str) -> Result<Vec<CommitteeInfo>, sqlx::Error> {
    let rows: Vec<CommitteeRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{COMMITTEE_COLUMNS} JOIN members m ON m.committee = c.key WHERE m.user_id = $1 ORDER BY n.name"
    )))
    .bind(user_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(committee_of).collect())
}

pub async fn is_member(pool: &AnyPool, key: &str, user_id: &str) -> Result<bool, sqlx::Error> {
    let found: Option<String> =
        sqlx::query_scalar("SELECT user_id FROM members WHERE committee = $1 AND user_id = $2")
            .bind(key)
            .bind(user_id)
            .fetch_optional(pool)
            .await?;
    Ok(found.is_some())
}

/// Members of a committee: (user id, username), by username.
pub async fn members(pool: &AnyPool, key: &str) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.id, u.username FROM members m JOIN users u ON u.id = m.user_id \
         WHERE m.committee = $1 ORDER BY u.username",
    )
    .bind(key)
    .fetch_all(pool)
    .await
}

pub async fn open_claims(pool: &AnyPool, key: &str) -> Result<u64, sqlx::Error> {
    let count: i64 = sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM claims WHERE committee = $1 AND state = 'submitted'",
    )
    .bind(key)
    .fetch_one(pool)
    .await?;
    Ok(u64::try_from(count).unwrap_or(0))
}

/// An open proposal to add a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalInfo {
    pub id: String,
    pub committee: String,
    pub user_id: String,
    pub username: String,
    pub approvals: u32,
}

pub async fn open_proposals(pool: &AnyPool, key: &str) -> Result<Vec<ProposalInfo>, sqlx::Error> {
    let rows: Vec<(String, String, String, String, i64)> = sqlx::query_as(
        "SELECT p.id, p.committee, p.user_id, u.username, p.approvals FROM member_proposals p \
         JOIN users u ON u.id = p.user_id WHERE p.committee = $1 AND p.state = 'open' ORDER BY p.proposed_seq",
    )
    .bind(key)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, committee, user_id, username, approvals)| ProposalInfo {
            id,
            committee,
            user_id,
            username,
            approvals: u32::try_from(approvals).unwrap_or(0),
        })
        .collect())
}

pub async fn has_approved_proposal(
    pool: &AnyPool,
    proposal: &str,
    user_id: &str,
) -> Result<bool, sqlx::Error> {
    let found: Option<String> = sqlx::query_scalar(
        "SELECT user_id FROM member_proposal_approvals WHERE proposal = $1 AND user_id = $2",
    )
    .bind(proposal)
    .bind(user_id)
    .fetch_optional(pool)
    .await?;
    Ok(found.is_some())
}

pub async fn proposal_committee(pool: &AnyPool, proposal: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT committee FROM member_proposals WHERE id = $1")
        .bind(proposal)
        .fetch_optional(pool)
        .await
}

/// A claim as the dashboard shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimInfo {
    pub id: String,
    pub committee: String,
    pub worker: String,
    pub category: String,
    pub money: Money,
    pub paid: Money,
    pub state: String,
    pub approvals: u32,
    pub submitted_by: String,
    pub submitted_seq: u64,
}

impl ClaimInfo {
    pub fn remaining(&self) -> Money {
        Money::from_minor(self.money.minor() - self.paid.minor(), self.money.currency())
    }
}

type ClaimRow = (String, String, String, String, String, i64, i64, String, i64, String, i64);

const CLAIM_COLUMNS: &str = "SELECT id, committee, worker, category, currency, amount, paid, state, approvals, \
     submitted_by, submitted_seq FROM claims";

fn claim_of(row: ClaimRow) -> Result<ClaimInfo, sqlx::Error> {
    let (id, committee, worker, category, currency, amount, paid, state, approvals, submitted_by, seq) = row;
    let currency = Currency::parse(&currency).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    Ok(ClaimInfo {
        id,
        committee,
        worker,
        category,
        money: Money::from_minor(amount, currency),
        paid: Money::from_minor(paid, currency),
        state,
        approvals: u32::try_from(approvals).unwrap_or(0),
        submitted_by,
        submitted_seq: u64::try_from(seq).unwrap_or(0),
    })
}

pub async fn claim(pool: &AnyPool, id: &str) -> Result<Option<ClaimInfo>, sqlx::Error> {
    let row: Option<ClaimRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{CLAIM_COLUMNS} WHERE id = $1")))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.map(claim_of).transpose()
}

/// A committee's claims, newest first, optionally of one state and category.
/// Returns at most `QUEUE_ROWS_MAX + 1` rows so the caller can tell it was cut.
pub async fn claims(
    pool: &AnyPool,
    key: &str,
    state: Option<&str>,
    category: Option<&str>,
) -> Result<Vec<ClaimInfo>, sqlx::Error> {
    let rows: Vec<ClaimRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{CLAIM_COLUMNS} WHERE committee = $1 AND ($2 = '' OR state = $2) AND ($3 = '' OR category = $3) \
         ORDER BY submitted_seq DESC LIMIT $4"
    )))
    .bind(key)
    .bind(state.unwrap_or(""))
    .bind(category.unwrap_or(""))
    .bind(QUEUE_ROWS_MAX + 1)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(claim_of).collect()
}

/// Claims with money reserved and not yet paid, oldest first, across committees.
pub async fn payable_claims(pool: &AnyPool) -> Result<Vec<ClaimInfo>, sqlx::Error> {
    let rows: Vec<ClaimRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{CLAIM_COLUMNS} WHERE state IN ('approved', 'partially_paid') ORDER BY submitted_seq LIMIT $1"
    )))
    .bind(QUEUE_ROWS_MAX + 1)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(claim_of).collect()
}

/// The journal entries of a claim, oldest first: (seq, at, actor, kind, body).
pub async fn history(
    pool: &AnyPool,
    claim: &str,
) -> Result<Vec<(i64, String, String, String, Value)>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
        "SELECT j.seq, j.at, j.actor, j.kind, j.body FROM claim_events e JOIN journal j ON j.seq = e.seq \
         WHERE e.claim = $1 ORDER BY j.seq LIMIT $2",
    )
    .bind(claim)
    .bind(HISTORY_ROWS_MAX)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(seq, at, actor, kind, body)| {
            let body = serde_json::from_str(&body).map_err(|e| sqlx::Error::Decode(e.into()))?;
            Ok((seq, at, actor, kind, body))
        })
        .collect()
}

/// Holding accounts (`assets:…`) open for `currency`.
pub async fn holding_accounts(pool: &AnyPool, currency: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT account FROM accounts WHERE currency = $1 AND account LIKE 'assets:%' ORDER BY account",
    )
    .bind(currency)
    .fetch_all(pool)
    .await
}

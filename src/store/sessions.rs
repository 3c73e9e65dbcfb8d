//! Server-side sessions and failed-login records. The cookie carries a
//! random id; only its SHA-256 is stored, so a copy of the database does
//! not let anyone log in.

use sqlx::AnyPool;

/// What a session has proved so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Fully logged in.
    Full,
    /// The password was right; the TOTP code is still to be given.
    Totp,
    /// The fund requires a second factor this user has not set up yet.
    Enroll,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Full => "full",
            Stage::Totp => "totp",
            Stage::Enroll => "enroll",
        }
    }

    pub fn parse(text: &str) -> Option<Stage> {
        [Stage::Full, Stage::Totp, Stage::Enroll].into_iter().find(|s| s.as_str() == text)
    }
}

/// A stored session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub id_digest: String,
    pub user_id: String,
    pub csrf: String,
    pub stage: Stage,
    pub totp_pending: Option<String>,
    pub created_at: i64,
    pub seen_at: i64,
}

type Row = (String, String, String, String, Option<String>, i64, i64);

pub async fn insert(pool: &AnyPool, row: &SessionRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (id_digest, user_id, csrf, stage, totp_pending, created_at, seen_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&row.id_digest)
    .bind(&row.user_id)
    .bind(&row.csrf)
    .bind(row.stage.as_str())
    .bind(&row.totp_pending)
    .bind(row.created_at)
    .bind(row.seen_at)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn find(pool: &AnyPool, id_digest: &str) -> Result<Option<SessionRow>, sqlx::Error> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT id_digest, user_id, csrf, stage, totp_pending, created_at, seen_at \
         FROM sessions WHERE id_digest = $1",
    )
    .bind(id_digest)
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(|(id_digest, user_id, csrf, stage, totp_pending, created_at, seen_at)| {
        Some(SessionRow {
            id_digest,
            user_id,
            csrf,
            stage: Stage::parse(&stage)?,
            totp_pending,
            created_at,
            seen_at,
        })
    }))
}

pub async fn touch(pool: &AnyPool, id_digest: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET seen_at = $2 WHERE id_digest = $1")
        .bind(id_digest)
        .bind(now)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn set_totp_pending(pool: &AnyPool, id_digest: &str, secret: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET totp_pending = $2 WHERE id_digest = $1")
        .bind(id_digest)
        .bind(secret)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn delete(pool: &AnyPool, id_digest: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE id_digest = $1").bind(id_digest).execute(pool).await?;
    Ok(())
}

/// Ends every session of a user (after a password change).
pub async fn delete_for_user(pool: &AnyPool, user_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(pool).await?;
    Ok(())
}

/// Deletes sessions idle or alive for too long, and failures out of the window.
pub async fn prune(
    pool: &AnyPool,
    idle_before: i64,
    created_before: i64,
    failures_before: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE seen_at < $1 OR created_at < $2")
        .bind(idle_before)
        .bind(created_before)
        .execute(pool)
        .await?;
    sqlx::query("DELETE FROM login_failures WHERE at < $1").bind(failures_before).execute(pool).await?;
    Ok(())
}

pub async fn record_failure(pool: &AnyPool, scope: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO login_failures (scope, at) VALUES ($1, $2)")
        .bind(scope)
        .bind(now)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn failures_since(pool: &AnyPool, scope: &str, since: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM login_failures WHERE scope = $1 AND at >= $2")
        .bind(scope)
        .bind(since)
        .fetch_one(pool)
        .await
}

pub async fn clear_failures(pool: &AnyPool, scope: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE scope = $1").bind(scope).execute(pool).await?;
    Ok(())
}

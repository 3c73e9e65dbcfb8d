//! Users: off-chain records. Only their opaque ids appear in the journal.

use sqlx::AnyPool;
use time::OffsetDateTime;

use crate::domain::ids;
use crate::domain::role::Role;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub username: String,
    pub role: Role,
}

/// Creates a user and returns it; the username must be unused.
pub async fn create(
    pool: &AnyPool,
    username: &str,
    role: Role,
    password_hash: Option<&str>,
) -> Result<User, sqlx::Error> {
    let id = ids::new_user_id();
    let now = OffsetDateTime::now_utc().unix_timestamp().to_string();
    sqlx::query(
        "INSERT INTO users (id, username, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(username)
    .bind(role.as_str())
    .bind(password_hash)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(User { id, username: username.to_string(), role })
}

pub async fn by_username(pool: &AnyPool, username: &str) -> Result<Option<User>, sqlx::Error> {
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT id, username, role FROM users WHERE username = $1")
            .bind(username)
            .fetch_optional(pool)
            .await?;
    Ok(row.and_then(|(id, username, role)| Some(User { id, username, role: Role::parse(&role)? })))
}

/// What logging in needs to know about a user.
pub struct Credentials {
    pub user: User,
    pub password_hash: Option<String>,
    /// Base32 TOTP secret, when the user set up a second factor.
    pub totp_secret: Option<String>,
}

type CredentialsRow = (String, String, String, Option<String>, Option<String>);

fn credentials_of(row: Option<CredentialsRow>) -> Option<Credentials> {
    let (id, username, role, password_hash, totp_secret) = row?;
    let user = User { id, username, role: Role::parse(&role)? };
    Some(Credentials { user, password_hash, totp_secret })
}

pub async fn credentials(pool: &AnyPool, username: &str) -> Result<Option<Credentials>, sqlx::Error> {
    let row = sqlx::query_as(
        "SELECT id, username, role, password_hash, totp_secret FROM users WHERE username = $1",
    )
    .bind(username)
    .fetch_optional(pool)
    .await?;
    Ok(credentials_of(row))
}

pub async fn credentials_by_id(pool: &AnyPool, id: &str) -> Result<Option<Credentials>, sqlx::Error> {
    let row =
        sqlx::query_as("SELECT id, username, role, password_hash, totp_secret FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?;
    Ok(credentials_of(row))
}

pub async fn set_password_hash(pool: &AnyPool, id: &str, password_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
        .bind(id)
        .bind(password_hash)
        .execute(pool)
        .await?;
    Ok(())
}

/// Turns on the second factor with `secret`, `step` being the code just accepted.
pub async fn set_totp(pool: &AnyPool, id: &str, secret: &str, step: u64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET totp_secret = $2, totp_last_step = $3 WHERE id = $1")
        .bind(id)
        .bind(secret)
        .bind(i64::try_from(step).unwrap_or(i64::MAX))
        .execute(pool)
        .await?;
    Ok(())
}

/// Records that the TOTP code of time step `step` was used. False when that
/// step (or a later one) was already used: a code is accepted only once,
/// even by two server processes at the same moment.
pub async fn accept_totp_step(pool: &AnyPool, id: &str, step: u64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE users SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2")
        .bind(id)
        .bind(i64::try_from(step).unwrap_or(i64::MAX))
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Usernames of users with `role`, by username.
pub async fn with_role(pool: &AnyPool, role: Role) -> Result<Vec<User>, sqlx::Error> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT id, username FROM users WHERE role = $1 ORDER BY username")
            .bind(role.as_str())
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().map(|(id, username)| User { id, username, role }).collect())
}

/// Usernames of the given ids (unknown ids are left out).
pub async fn usernames(
    pool: &AnyPool,
    ids: &[String],
) -> Result<std::collections::HashMap<String, String>, sqlx::Error> {
    let mut names = std::collections::HashMap::new();
    for id in ids {
        if names.contains_key(id) {
            continue;
        }
        let name: Option<String> = sqlx::query_scalar("SELECT username FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?;
        if let Some(name) = name {
            names.insert(id.clone(), name);
        }
    }
    Ok(names)
}

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

//! API tokens for machine clients such as a bank feed. A token is shown once,
//! when created; the database keeps only the SHA-256 of its secret, so a
//! leaked database or backup does not let anyone post donations. The token's
//! opaque id (`t-3f9a2c71`) is the `actor` of what it records.

use sqlx::AnyPool;
use strikefund_audit::Hash;
use subtle::ConstantTimeEq;
use time::OffsetDateTime;

use crate::domain::ids;
use crate::domain::role::Role;
use crate::journal::command::{CommandError, NAME_CHARS_MAX, check_text};

/// What every token starts with, so that scanners can spot a leaked one.
pub const TOKEN_PREFIX: &str = "sft_";

/// Random bytes in a token's secret.
pub const SECRET_BYTES: usize = 32;

/// A token as the server knows it: never its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: String,
    pub name: String,
    pub role: Role,
}

/// A token just created, with the text to hand to the client (shown once).
#[derive(Debug)]
pub struct NewToken {
    pub token: ApiToken,
    pub text: String,
}

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("token name: {0}")]
    NameInvalid(CommandError),
    #[error("a token named {0:?} already exists")]
    NameTaken(String),
    #[error("database error: {0}")]
    Store(#[from] sqlx::Error),
}

fn secret_hash(secret: &str) -> String {
    Hash::sha256(&[b"strikefund-api-token-v1\n", secret.as_bytes()]).to_hex()
}

/// Creates a token; its text is returned once and never stored.
pub async fn create(pool: &AnyPool, name: &str, role: Role) -> Result<NewToken, TokenError> {
    check_text("name", name, NAME_CHARS_MAX, true).map_err(TokenError::NameInvalid)?;
    let taken: Option<String> = sqlx::query_scalar("SELECT id FROM api_tokens WHERE name = $1")
        .bind(name)
        .fetch_optional(pool)
        .await?;
    if taken.is_some() {
        return Err(TokenError::NameTaken(name.to_string()));
    }
    let id_hex = hex(&ids::random_bytes::<4>());
    let secret = hex(&ids::random_bytes::<SECRET_BYTES>());
    let id = format!("t-{id_hex}");
    let now = OffsetDateTime::now_utc().unix_timestamp().to_string();
    sqlx::query(
        "INSERT INTO api_tokens (id, name, role, secret_hash, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(name)
    .bind(role.as_str())
    .bind(secret_hash(&secret))
    .bind(now)
    .execute(pool)
    .await?;
    let token = ApiToken { id, name: name.to_string(), role };
    Ok(NewToken { token, text: format!("{TOKEN_PREFIX}{id_hex}_{secret}") })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The token a client presented, if it is valid and not revoked. The secret
/// is compared in constant time, so response timing reveals nothing of it.
pub async fn authenticate(pool: &AnyPool, presented: &str) -> Result<Option<ApiToken>, sqlx::Error> {
    let Some((id_hex, secret)) = presented.strip_prefix(TOKEN_PREFIX).and_then(|t| t.split_once('_')) else {
        return Ok(None);
    };
    if id_hex.len() != 8 || !id_hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let id = format!("t-{id_hex}");
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT name, role, secret_hash FROM api_tokens WHERE id = $1 AND revoked = 0")
            .bind(&id)
            .fetch_optional(pool)
            .await?;
    let Some((name, role, stored)) = row else { return Ok(None) };
    let matches: bool = secret_hash(secret).as_bytes().ct_eq(stored.as_bytes()).into();
    Ok(match (matches, Role::parse(&role)) {
        (true, Some(role)) => Some(ApiToken { id, name, role }),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_stored_hashed_under_their_own_domain() {
        let hash = secret_hash("abc");
        assert_eq!(hash.len(), 64);
        assert_ne!(hash, Hash::sha256(&[b"abc"]).to_hex());
    }
}

//! One-time form tokens: a money form that has no natural key (an exchange,
//! a fee) carries one, and only the first post that presents it may record
//! anything. A double click or a resent form then records its movement once.
//! Only the SHA-256 of a token is stored.

use sqlx::AnyPool;
use strikefund_audit::Hash;

fn digest(token: &str) -> String {
    Hash::sha256(&[b"strikefund-form-token-v1\n", token.as_bytes()]).to_hex()
}

/// Stores a new token for `user_id`, issued at `now_s`, and forgets the
/// tokens issued before `expired_before_s` (forms nobody sent).
pub async fn issue(
    pool: &AnyPool,
    user_id: &str,
    token: &str,
    now_s: i64,
    expired_before_s: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM form_tokens WHERE created_at < $1").bind(expired_before_s).execute(pool).await?;
    sqlx::query("INSERT INTO form_tokens (digest, user_id, created_at) VALUES ($1, $2, $3)")
        .bind(digest(token))
        .bind(user_id)
        .bind(now_s)
        .execute(pool)
        .await?;
    Ok(())
}

/// Uses up `user_id`'s token: true for the first caller only (the delete is
/// atomic, so of two concurrent posts exactly one gets true).
pub async fn consume(pool: &AnyPool, user_id: &str, token: &str) -> Result<bool, sqlx::Error> {
    let deleted = sqlx::query("DELETE FROM form_tokens WHERE digest = $1 AND user_id = $2")
        .bind(digest(token))
        .bind(user_id)
        .execute(pool)
        .await?;
    Ok(deleted.rows_affected() == 1)
}

//! Fund-wide settings the board changes (off the chain): whether a second
//! factor is mandatory, and the default dismissal grant.

use sqlx::AnyPool;

use crate::domain::{Currency, Money};

/// The default dismissal grant: three average monthly wages in 2020.
pub const DISMISSAL_GRANT_DEFAULT: (&str, &str) = ("1500.00", "EUR");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub totp_required: bool,
    pub dismissal_grant: Money,
}

async fn get(pool: &AnyPool, name: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT value FROM settings WHERE name = $1").bind(name).fetch_optional(pool).await
}

async fn set(pool: &AnyPool, name: &str, value: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO settings (name, value) VALUES ($1, $2) \
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
    )
    .bind(name)
    .bind(value)
    .execute(pool)
    .await?;
    Ok(())
}

fn default_grant() -> Money {
    let (amount, currency) = DISMISSAL_GRANT_DEFAULT;
    Money::parse(amount, Currency::parse(currency).expect("known currency")).expect("valid amount")
}

/// Parses a stored grant, "1500.00 EUR".
fn parse_grant(text: &str) -> Option<Money> {
    let (amount, currency) = text.split_once(' ')?;
    Money::parse(amount, Currency::parse(currency).ok()?).ok()
}

pub async fn load(pool: &AnyPool) -> Result<Settings, sqlx::Error> {
    let totp_required = get(pool, "totp_required").await?.as_deref() == Some("1");
    let grant = get(pool, "dismissal_grant").await?;
    let dismissal_grant = grant.as_deref().and_then(parse_grant).unwrap_or_else(default_grant);
    Ok(Settings { totp_required, dismissal_grant })
}

pub async fn save(pool: &AnyPool, settings: &Settings) -> Result<(), sqlx::Error> {
    set(pool, "totp_required", if settings.totp_required { "1" } else { "0" }).await?;
    let grant = format!("{} {}", settings.dismissal_grant.amount_text(), settings.dismissal_grant.currency());
    set(pool, "dismissal_grant", &grant).await
}

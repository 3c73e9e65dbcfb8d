//! Account paths of the fund's chart of accounts (hledger-compatible names),
//! and the names of committees in the ledger.

use std::fmt;

use strikefund_audit::ledger::{AccountClass, account_class};

/// Longest committee slug or ledger key, in bytes.
pub const SLUG_BYTES_MAX: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    #[error("account {0:?} is not a valid account path")]
    AccountMalformed(String),
    #[error(
        "account {0:?} is not in the chart of accounts (assets:bank:<id>, assets:cash:<id>, \
         assets:crypto:<id>, equity:funds:general, equity:funds:committee:<id>, \
         liabilities:payable:<id>, equity:conversion)"
    )]
    AccountNotInChart(String),
    #[error("{0:?} must be 2 to 40 lowercase letters, digits or dashes, starting with a letter or digit")]
    SlugMalformed(String),
}

fn truncated(text: &str) -> String {
    text.chars().take(SLUG_BYTES_MAX * 3).collect()
}

/// A committee's name in URLs and CSV files: `belaruskali`, `grodno-azot`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(String);

impl Slug {
    pub fn parse(text: &str) -> Result<Slug, AccountError> {
        let ok = (2..=SLUG_BYTES_MAX).contains(&text.len())
            && text.bytes().next().is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if ok { Ok(Slug(text.to_string())) } else { Err(AccountError::SlugMalformed(truncated(text))) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Slug({})", self.0)
    }
}

/// A validated account path such as `assets:bank:lt-main`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountPath(String);

impl AccountPath {
    pub fn parse(text: &str) -> Result<AccountPath, AccountError> {
        account_class(text).map_err(|_| AccountError::AccountMalformed(truncated(text)))?;
        let segments: Vec<&str> = text.split(':').collect();
        let in_chart = matches!(
            segments.as_slice(),
            ["assets", "bank" | "cash" | "crypto", _]
                | ["equity", "funds", "general"]
                | ["equity", "funds", "committee", _]
                | ["liabilities", "payable", _]
                | ["equity", "conversion"]
        );
        if !in_chart {
            return Err(AccountError::AccountNotInChart(truncated(text)));
        }
        Ok(AccountPath(text.to_string()))
    }

    /// Donor money not yet given to a committee.
    pub fn general_fund() -> AccountPath {
        AccountPath("equity:funds:general".into())
    }

    /// Money a committee may still approve.
    pub fn committee_fund(committee: &str) -> AccountPath {
        AccountPath(format!("equity:funds:committee:{committee}"))
    }

    /// Approved claims of a committee not yet paid.
    pub fn payable(committee: &str) -> AccountPath {
        AccountPath(format!("liabilities:payable:{committee}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Where money physically is (`assets:…`): must be opened with its currencies.
    pub fn is_holding(&self) -> bool {
        matches!(account_class(&self.0), Ok(AccountClass::Holding))
    }

    /// An envelope (`equity:funds:…`, `liabilities:…`) whose credit balance must stay ≥ 0.
    pub fn is_envelope(&self) -> bool {
        matches!(account_class(&self.0), Ok(AccountClass::Envelope))
    }
}

impl fmt::Display for AccountPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for AccountPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AccountPath({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_accounts_parse() {
        for ok in [
            "assets:bank:lt-main",
            "assets:cash:vilnius",
            "equity:funds:general",
            "equity:funds:committee:maz",
            "equity:funds:committee:c-4f9a",
            "liabilities:payable:maz",
            "equity:conversion",
        ] {
            assert!(AccountPath::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn accounts_outside_the_chart_are_refused() {
        assert!(matches!(AccountPath::parse("assets:vault:x"), Err(AccountError::AccountNotInChart(_))));
        assert!(matches!(AccountPath::parse("assets:bank:"), Err(AccountError::AccountMalformed(_))));
        assert!(matches!(AccountPath::parse("ASSETS:bank:x"), Err(AccountError::AccountMalformed(_))));
        assert!(AccountPath::parse("equity:funds:general:extra").is_err());
    }

    #[test]
    fn slugs_are_checked() {
        assert!(Slug::parse("grodno-azot").is_ok());
        assert!(Slug::parse("-x").is_err());
        assert!(Slug::parse("a").is_err());
        assert!(Slug::parse("Maz").is_err());
        assert!(Slug::parse("maz; drop table").is_err());
    }
}

//! Donations as they arrive from outside (the JSON API, a CSV file, a form):
//! text fields, checked against the fund's open accounts and committees and
//! turned into a `DonationInput` once, or refused with every problem found,
//! each naming its field. The checks never echo the values they refuse, so
//! a bank reference or a donor's name cannot leak into an error message.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::sync::{Arc, RwLock};

use sqlx::AnyPool;
use time::{Date, OffsetDateTime};

use crate::domain::money::MoneyError;
use crate::domain::{AccountPath, Currency, Money, Slug};
use crate::journal::command::{CommandError, DonationInput, NAME_CHARS_MAX, check_text};

/// How far ahead of UTC the earliest time zone is, in hours: a donation
/// received "today" anywhere on Earth is not in the future.
pub const TIMEZONE_AHEAD_OF_UTC_HOURS_MAX: i64 = 14;

/// The fields of one donation, as text. Empty optional fields mean "none".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawDonation {
    pub received_on: String,
    pub amount: String,
    pub currency: String,
    pub account: String,
    pub reference: String,
    pub earmark: String,
    pub donor: String,
}

/// Why a donation cannot be recorded. `reason` is the short text shown to
/// the treasurer (and the one `donations-bad.expected.tsv` lists).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DonationProblem {
    ColumnsMustMatchHeader,
    FieldMustBeText(&'static str),
    FieldMustBeKnown,
    DateRequired,
    DateMustBeValid,
    DateMustNotBeInFuture,
    AmountRequired,
    AmountMustBeDecimal,
    AmountMustNotBeNegative,
    AmountMustNotBeZero,
    AmountDecimalsMustFitCurrency,
    AmountMustNotExceedMax,
    CurrencyMustBeKnown,
    AccountMustBeOpen,
    AccountMustHoldCurrency,
    ReferenceRequired,
    ReferenceMustBeShortText,
    EarmarkMustBeCommittee,
    DonorMustBeShortText,
    ReferenceMustNotBeReusedWithOtherDetails,
}

impl DonationProblem {
    /// The field the problem is about.
    pub fn field(self) -> &'static str {
        use DonationProblem::*;
        match self {
            ColumnsMustMatchHeader => "columns",
            FieldMustBeText(field) => field,
            FieldMustBeKnown => "body",
            DateRequired | DateMustBeValid | DateMustNotBeInFuture => "received_on",
            AmountRequired
            | AmountMustBeDecimal
            | AmountMustNotBeNegative
            | AmountMustNotBeZero
            | AmountDecimalsMustFitCurrency
            | AmountMustNotExceedMax => "amount",
            CurrencyMustBeKnown => "currency",
            AccountMustBeOpen | AccountMustHoldCurrency => "account",
            ReferenceRequired | ReferenceMustBeShortText | ReferenceMustNotBeReusedWithOtherDetails => {
                "reference"
            }
            EarmarkMustBeCommittee => "earmark",
            DonorMustBeShortText => "donor",
        }
    }

    /// What is wrong, in a few words.
    pub fn reason(self) -> &'static str {
        use DonationProblem::*;
        match self {
            ColumnsMustMatchHeader => "wrong number of columns",
            FieldMustBeText(_) => "must be a string",
            FieldMustBeKnown => "unknown field",
            DateRequired => "missing date",
            DateMustBeValid => "invalid date",
            DateMustNotBeInFuture => "date in the future",
            AmountRequired => "missing amount",
            AmountMustBeDecimal => "malformed amount",
            AmountMustNotBeNegative => "negative amount",
            AmountMustNotBeZero => "zero amount",
            AmountDecimalsMustFitCurrency => "too many decimals",
            AmountMustNotExceedMax => "amount too large",
            CurrencyMustBeKnown => "unknown currency",
            AccountMustBeOpen => "unknown account",
            AccountMustHoldCurrency => "currency not held by account",
            ReferenceRequired => "missing reference",
            ReferenceMustBeShortText => "reference too long or has control characters",
            EarmarkMustBeCommittee => "unknown committee",
            DonorMustBeShortText => "donor name too long or has control characters",
            ReferenceMustNotBeReusedWithOtherDetails => "reference already used for a different donation",
        }
    }

    /// A hint of what is expected, for the API's messages.
    fn hint(self) -> &'static str {
        use DonationProblem::*;
        match self {
            DateRequired | DateMustBeValid => " (YYYY-MM-DD)",
            AmountRequired | AmountMustBeDecimal | AmountMustNotBeNegative | AmountMustNotBeZero => {
                " (a positive decimal such as 100.00)"
            }
            FieldMustBeKnown => {
                " (expected amount, currency, received_on, account, reference, earmark, donor)"
            }
            _ => "",
        }
    }
}

impl fmt::Display for DonationProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}{}", self.field(), self.reason(), self.hint())
    }
}

/// Every problem of one donation, joined for a message.
pub fn describe(problems: &[DonationProblem]) -> String {
    problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

/// The open holding accounts (with their currencies) and the committee slugs:
/// what a donation may name. Both are small, so they are read whole.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    accounts: HashMap<String, BTreeSet<String>>,
    committees: HashSet<String>,
}

impl Directory {
    /// A directory of the given holding accounts (each with its currencies)
    /// and committee slugs, without a database.
    pub fn with(accounts: &[(&str, &[&str])], committees: &[&str]) -> Directory {
        let accounts = accounts
            .iter()
            .map(|(account, currencies)| {
                (account.to_string(), currencies.iter().map(|c| c.to_string()).collect())
            })
            .collect();
        Directory { accounts, committees: committees.iter().map(|c| c.to_string()).collect() }
    }

    pub async fn load(pool: &AnyPool) -> Result<Directory, sqlx::Error> {
        let mut directory = Directory::default();
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT account, currency FROM accounts").fetch_all(pool).await?;
        for (account, currency) in rows {
            directory.accounts.entry(account).or_default().insert(currency);
        }
        let slugs: Vec<String> =
            sqlx::query_scalar("SELECT slug FROM committee_names").fetch_all(pool).await?;
        directory.committees.extend(slugs);
        Ok(directory)
    }
}

impl Directory {
    /// The open holding accounts, in order, each with the currencies it holds.
    pub fn accounts(&self) -> Vec<(&str, Vec<&str>)> {
        let mut accounts: Vec<(&str, Vec<&str>)> = self
            .accounts
            .iter()
            .filter(|(account, _)| account.starts_with("assets:"))
            .map(|(account, held)| (account.as_str(), held.iter().map(String::as_str).collect()))
            .collect();
        accounts.sort_unstable();
        accounts
    }

    /// Whether `account` is open and holds `currency` (any currency when None).
    pub fn holds(&self, account: &str, currency: Option<&str>) -> bool {
        self.accounts.get(account).is_some_and(|held| currency.is_none_or(|c| held.contains(c)))
    }

    /// Whether a committee has this slug.
    pub fn has_committee(&self, slug: &str) -> bool {
        self.committees.contains(slug)
    }
}

/// The directory as last read, shared between API requests so that a
/// donation costs no directory query. Accounts and committees are only ever
/// added, never removed, so a cached directory can only lack something new:
/// a donation it refuses is checked again against a fresh one, and the
/// answer is always the one a fresh directory gives.
#[derive(Clone, Default)]
pub struct DirectoryCache {
    current: Arc<RwLock<Option<Arc<Directory>>>>,
}

impl DirectoryCache {
    /// `check` against the cached directory, or a fresh one when that refuses.
    pub async fn check(
        &self,
        pool: &AnyPool,
        raw: &RawDonation,
        latest_day: Date,
    ) -> Result<Result<DonationInput, Vec<DonationProblem>>, sqlx::Error> {
        let cached = self.current.read().expect("directory lock").clone();
        if let Some(directory) = cached
            && let Ok(input) = check(raw, &directory, latest_day)
        {
            return Ok(Ok(input));
        }
        let fresh = Arc::new(Directory::load(pool).await?);
        *self.current.write().expect("directory lock") = Some(fresh.clone());
        Ok(check(raw, &fresh, latest_day))
    }
}

/// The latest day a donation may have been received on, now.
pub fn latest_receipt_day() -> Date {
    (OffsetDateTime::now_utc() + time::Duration::hours(TIMEZONE_AHEAD_OF_UTC_HOURS_MAX)).date()
}

/// Checks every field and builds the donation, or returns every problem.
/// `latest_day` is the last day that is not in the future.
pub fn check(
    raw: &RawDonation,
    directory: &Directory,
    latest_day: Date,
) -> Result<DonationInput, Vec<DonationProblem>> {
    let mut problems = Vec::new();
    let received_on = keep(&mut problems, received_on(&raw.received_on, latest_day));
    let currency =
        keep(&mut problems, Currency::parse(&raw.currency).map_err(|_| DonationProblem::CurrencyMustBeKnown));
    let money = match currency {
        Some(currency) => keep(&mut problems, amount(&raw.amount, currency)),
        None if raw.amount.is_empty() => keep(&mut problems, Err(DonationProblem::AmountRequired)),
        None => None,
    };
    let account = keep(&mut problems, account(&raw.account, currency, directory));
    keep(&mut problems, reference(&raw.reference));
    let earmark = keep(&mut problems, earmark(&raw.earmark, directory));
    let donor = keep(&mut problems, donor(&raw.donor));
    match (received_on, money, account, earmark, donor) {
        (Some(received_on), Some(money), Some(account), Some(earmark), Some(donor))
            if problems.is_empty() =>
        {
            Ok(DonationInput {
                money,
                received_on,
                account,
                earmark,
                reference: raw.reference.clone(),
                donor,
                idempotency_key: None,
            })
        }
        _ => Err(problems),
    }
}

fn keep<T>(problems: &mut Vec<DonationProblem>, result: Result<T, DonationProblem>) -> Option<T> {
    result.map_err(|problem| problems.push(problem)).ok()
}

fn received_on(text: &str, latest_day: Date) -> Result<Date, DonationProblem> {
    if text.is_empty() {
        return Err(DonationProblem::DateRequired);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let day = Date::parse(text, format).map_err(|_| DonationProblem::DateMustBeValid)?;
    if day > latest_day {
        return Err(DonationProblem::DateMustNotBeInFuture);
    }
    Ok(day)
}

fn amount(text: &str, currency: Currency) -> Result<Money, DonationProblem> {
    if text.is_empty() {
        return Err(DonationProblem::AmountRequired);
    }
    if let Some(magnitude) = text.strip_prefix('-') {
        // A well-formed negative amount gets its own reason: it is usually a
        // refund or a transfer out, which is not a donation.
        return Err(match Money::parse(magnitude, currency) {
            Ok(_) => DonationProblem::AmountMustNotBeNegative,
            Err(error) => amount_problem(&error),
        });
    }
    let money = Money::parse(text, currency).map_err(|error| amount_problem(&error))?;
    if !money.is_positive() {
        return Err(DonationProblem::AmountMustNotBeZero);
    }
    Ok(money)
}

fn amount_problem(error: &MoneyError) -> DonationProblem {
    match error {
        MoneyError::AmountTooManyDecimals { .. } => DonationProblem::AmountDecimalsMustFitCurrency,
        MoneyError::AmountTooLarge(_) | MoneyError::Overflow(_) => DonationProblem::AmountMustNotExceedMax,
        _ => DonationProblem::AmountMustBeDecimal,
    }
}

fn account(
    text: &str,
    currency: Option<Currency>,
    directory: &Directory,
) -> Result<AccountPath, DonationProblem> {
    let path = AccountPath::parse(text).map_err(|_| DonationProblem::AccountMustBeOpen)?;
    let held = directory.accounts.get(path.as_str()).ok_or(DonationProblem::AccountMustBeOpen)?;
    match currency {
        Some(currency) if !held.contains(currency.code()) => Err(DonationProblem::AccountMustHoldCurrency),
        _ => Ok(path),
    }
}

fn reference(text: &str) -> Result<(), DonationProblem> {
    check_text("reference", text, NAME_CHARS_MAX, true).map_err(|error| match error {
        CommandError::TextRequired(_) => DonationProblem::ReferenceRequired,
        _ => DonationProblem::ReferenceMustBeShortText,
    })
}

fn earmark(text: &str, directory: &Directory) -> Result<Option<Slug>, DonationProblem> {
    if text.is_empty() {
        return Ok(None);
    }
    let slug = Slug::parse(text).map_err(|_| DonationProblem::EarmarkMustBeCommittee)?;
    if !directory.committees.contains(slug.as_str()) {
        return Err(DonationProblem::EarmarkMustBeCommittee);
    }
    Ok(Some(slug))
}

fn donor(text: &str) -> Result<Option<String>, DonationProblem> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    check_text("donor", text, NAME_CHARS_MAX, true).map_err(|_| DonationProblem::DonorMustBeShortText)?;
    Ok(Some(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directory() -> Directory {
        let mut directory = Directory::default();
        directory.accounts.insert("assets:bank:lt-main".into(), ["EUR".to_string()].into());
        directory.committees.insert("maz".into());
        directory
    }

    fn raw(amount: &str) -> RawDonation {
        RawDonation {
            received_on: "2020-09-01".into(),
            amount: amount.into(),
            currency: "EUR".into(),
            account: "assets:bank:lt-main".into(),
            reference: "REF-1".into(),
            earmark: String::new(),
            donor: String::new(),
        }
    }

    fn latest() -> Date {
        Date::from_calendar_date(2021, time::Month::January, 1).unwrap()
    }

    fn problems(raw: &RawDonation) -> Vec<&'static str> {
        check(raw, &directory(), latest()).unwrap_err().into_iter().map(DonationProblem::reason).collect()
    }

    #[test]
    fn a_good_donation_is_anonymous_unless_named() {
        let input = check(&raw("10.5"), &directory(), latest()).unwrap();
        assert_eq!(input.money.amount_text(), "10.50");
        assert_eq!(input.donor, None);
        assert_eq!(input.earmark, None);
    }

    #[test]
    fn amounts_are_refused_with_their_reason() {
        assert_eq!(problems(&raw("-50.00")), ["negative amount"]);
        assert_eq!(problems(&raw("0.00")), ["zero amount"]);
        assert_eq!(problems(&raw("10.005")), ["too many decimals"]);
        assert_eq!(problems(&raw("1,500.00")), ["malformed amount"]);
        assert_eq!(problems(&raw("")), ["missing amount"]);
        assert_eq!(problems(&raw("2000000000")), ["amount too large"]);
    }

    #[test]
    fn every_problem_of_a_row_is_listed_and_names_its_field() {
        let mut bad = raw("10.00");
        bad.received_on = "2021-01-02".into();
        bad.currency = "XYZ".into();
        bad.reference = String::new();
        bad.earmark = "nonexistent".into();
        let found = check(&bad, &directory(), latest()).unwrap_err();
        assert_eq!(
            describe(&found),
            "received_on: date in the future; currency: unknown currency; reference: missing reference; \
             earmark: unknown committee"
        );
    }

    #[test]
    fn accounts_must_be_open_for_the_currency() {
        let mut bad = raw("10.00");
        bad.currency = "USD".into();
        assert_eq!(problems(&bad), ["currency not held by account"]);
        bad.account = "assets:bank:nowhere".into();
        assert_eq!(problems(&bad), ["unknown account"]);
    }
}

//! Money movements of the board and the treasurer: allocations to
//! committees, currency exchanges, bank fees, and reversals of mistakes.

use clap::Args;

use crate::domain::{AccountPath, Currency, Money, Slug};
use crate::journal::command::ExchangeInput;
use crate::journal::{Actor, Command};

/// Give money from the general fund to a committee.
#[derive(Debug, Args)]
pub struct AllocateArgs {
    /// The committee's slug.
    #[arg(long)]
    committee: String,
    /// Amount, e.g. 1500.00.
    amount: String,
    /// Currency code, e.g. EUR.
    currency: String,
}

/// Record a currency exchange between two holding accounts.
#[derive(Debug, Args)]
pub struct ExchangeArgs {
    /// The account the money left, e.g. assets:cash:vilnius.
    #[arg(long)]
    from_account: String,
    /// What left it: AMOUNT CURRENCY, e.g. 3000.00 BYN.
    #[arg(long, required = true, num_args = 2, value_names = ["AMOUNT", "CURRENCY"])]
    from: Vec<String>,
    /// The account the money arrived in.
    #[arg(long)]
    to_account: String,
    /// What arrived: AMOUNT CURRENCY, e.g. 1000.00 EUR.
    #[arg(long, required = true, num_args = 2, value_names = ["AMOUNT", "CURRENCY"])]
    to: Vec<String>,
    /// The committee whose money was exchanged (default: the general fund).
    #[arg(long)]
    committee: Option<String>,
}

/// Record a bank or processor fee, paid from the general fund.
#[derive(Debug, Args)]
pub struct FeeArgs {
    /// The account the fee was taken from.
    #[arg(long)]
    account: String,
    amount: String,
    currency: String,
}

/// Undo a donation, allocation, exchange, fee or payout with a reversal entry.
#[derive(Debug, Args)]
pub struct ReverseArgs {
    /// The seq of the entry to undo.
    seq: u64,
    /// Why (kept private, sealed: never in the public journal).
    #[arg(long)]
    reason: String,
}

fn money(amount: &str, currency: &str) -> Result<Money, String> {
    let currency = Currency::parse(currency).map_err(|e| e.to_string())?;
    Money::parse(amount, currency).map_err(|e| e.to_string())
}

fn pair(values: &[String]) -> Result<Money, String> {
    match values {
        [amount, currency] => money(amount, currency),
        _ => Err("give an amount and a currency, e.g. 1000.00 EUR".into()),
    }
}

fn slug(text: &str) -> Result<Slug, String> {
    Slug::parse(text).map_err(|e| e.to_string())
}

fn account(text: &str) -> Result<AccountPath, String> {
    AccountPath::parse(text).map_err(|e| e.to_string())
}

/// Parses the arguments into a command before touching the database.
pub fn allocate(args: AllocateArgs) -> Result<Command, String> {
    Ok(Command::Allocate { committee: slug(&args.committee)?, money: money(&args.amount, &args.currency)? })
}

pub fn exchange(args: ExchangeArgs) -> Result<Command, String> {
    Ok(Command::Exchange(ExchangeInput {
        from_account: account(&args.from_account)?,
        from: pair(&args.from)?,
        to_account: account(&args.to_account)?,
        to: pair(&args.to)?,
        committee: args.committee.as_deref().map(slug).transpose()?,
    }))
}

pub fn fee(args: FeeArgs) -> Result<Command, String> {
    Ok(Command::Fee { account: account(&args.account)?, money: money(&args.amount, &args.currency)? })
}

pub fn reverse(args: ReverseArgs) -> Result<Command, String> {
    Ok(Command::Reverse { seq: args.seq, reason: args.reason })
}

/// Submits one command as `system` and prints the entries it appended.
pub async fn submit(fund: &super::Fund, command: Result<Command, String>) -> Result<(), String> {
    let command = command?;
    let state = fund.open().await?;
    super::report(state.journal.submit(Actor::system(), command).await)
}

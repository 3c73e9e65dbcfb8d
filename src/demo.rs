//! A realistic demo fund, loaded into an empty database by `serve --demo`:
//! the accounts and committees of the sample data, donations in four
//! currencies over nine months, allocations, claims in every state, payouts,
//! a currency exchange and a reversal. Deterministic: the same every time.

use time::{Date, Duration, Month};

use crate::domain::claim::{Category, PayoutMethod};
use crate::domain::role::Role;
use crate::domain::worker::Person;
use crate::domain::{AccountPath, Currency, Money, Slug};
use crate::journal::command::{ClaimInput, DonationInput, ExchangeInput, PayoutInput};
use crate::journal::{Actor, Command, CommandError, Detail};
use crate::store::users;
use crate::web::AppState;

/// The accounts of the sample data and the currencies each holds.
pub const ACCOUNTS: &[(&str, &[&str])] = &[
    ("assets:bank:lt-main", &["EUR"]),
    ("assets:bank:pl-main", &["PLN", "EUR"]),
    ("assets:bank:us-main", &["USD"]),
    ("assets:cash:vilnius", &["EUR", "BYN"]),
];

/// The committees of the sample data: slug, display name, public.
pub const COMMITTEES: &[(&str, &str, bool)] = &[
    ("belaruskali", "Belaruskali strike committee", true),
    ("grodno-azot", "Grodno Azot strike committee", true),
    ("maz", "MAZ strike committee", true),
    ("mtz", "MTZ strike committee", true),
    ("belteleradio", "Belteleradio strike committee", true),
    ("hrodna-medics", "Hrodna medics (not public)", false),
];

/// The password of every demo user. Demo data only: never use it for real.
pub const DEMO_PASSWORD: &str = "solidarity-demo";

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("demo data could not be recorded: {0}")]
    Command(#[from] CommandError),
    #[error("demo data could not be stored: {0}")]
    Store(#[from] sqlx::Error),
}

/// A small deterministic generator, so the demo is the same on every machine.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn money(amount: &str, currency: &str) -> Money {
    Money::parse(amount, Currency::parse(currency).expect("demo currency")).expect("demo amount")
}

fn slug(text: &str) -> Slug {
    Slug::parse(text).expect("demo slug")
}

fn account(text: &str) -> AccountPath {
    AccountPath::parse(text).expect("demo account")
}

/// The hash of DEMO_PASSWORD, computed once per process: argon2 is slow on
/// purpose, and every demo user shares the demo password anyway.
fn demo_password_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| crate::web::auth::hash_password(DEMO_PASSWORD).expect("the demo password hashes"))
}

/// A demo user's id; creates the user on first use, with the demo password.
pub async fn demo_user(state: &AppState, username: &str, role: Role) -> Result<String, DemoError> {
    if let Some(user) = users::by_username(&state.db.pool, username).await? {
        return Ok(user.id);
    }
    let hash = tokio::task::spawn_blocking(demo_password_hash).await.expect("hashing does not panic");
    Ok(users::create(&state.db.pool, username, role, Some(hash)).await?.id)
}

/// Loads the demo fund if the journal is empty. Returns false when it was not.
pub async fn load(state: &AppState) -> Result<bool, DemoError> {
    if crate::store::read::head(&state.db.pool).await?.seq > 0 {
        return Ok(false);
    }
    let system = Actor::system();
    let journal = &state.journal;
    for (path, currencies) in ACCOUNTS {
        let currencies = currencies.iter().map(|c| Currency::parse(c).expect("demo")).collect();
        journal.submit(system.clone(), Command::OpenAccount { account: account(path), currencies }).await?;
    }
    demo_user(state, "admin", Role::Admin).await?;
    demo_user(state, "treasurer", Role::Treasurer).await?;
    demo_user(state, "auditor", Role::Auditor).await?;
    let mut members = Vec::new();
    for (committee, name, public) in COMMITTEES {
        let command = Command::CreateCommittee {
            slug: slug(committee),
            name: name.to_string(),
            public: *public,
            threshold: 2,
        };
        journal.submit(system.clone(), command).await?;
        let mut ids = Vec::new();
        for n in 1..=3 {
            let id = demo_user(state, &format!("{committee}-{n}"), Role::Member).await?;
            let command = Command::AddMember { committee: slug(committee), user_id: id.clone() };
            journal.submit(system.clone(), command).await?;
            ids.push(id);
        }
        members.push((*committee, ids));
    }
    donations(state).await?;
    allocations(state).await?;
    for (committee, ids) in &members {
        claims(state, committee, ids).await?;
    }
    let exchange = ExchangeInput {
        from_account: account("assets:cash:vilnius"),
        from: money("3000.00", "BYN"),
        to_account: account("assets:bank:lt-main"),
        to: money("1000.00", "EUR"),
        committee: None,
    };
    journal.submit(system.clone(), Command::Exchange(exchange)).await?;
    journal
        .submit(
            system.clone(),
            Command::Fee { account: account("assets:bank:lt-main"), money: money("12.50", "EUR") },
        )
        .await?;
    Ok(true)
}

/// 360 donations from August 2020 to April 2021 in EUR, USD, PLN and BYN.
async fn donations(state: &AppState) -> Result<(), DemoError> {
    let mut dice = Dice(0x5eed_2020);
    let start = Date::from_calendar_date(2020, Month::August, 17).expect("valid date");
    let names = ["Jonas P.", "Ола з Варшавы", "Kari Nordmann", "Сяргей, Вільнюс", "Anna K."];
    let mut last_seq = 0;
    for n in 0..360u64 {
        let (path, currency, base) = match dice.below(10) {
            0..=3 => ("assets:bank:lt-main", "EUR", [20, 50, 100, 250, 1500]),
            4..=5 => ("assets:bank:us-main", "USD", [25, 50, 100, 500, 2000]),
            6..=7 => ("assets:bank:pl-main", "PLN", [50, 100, 200, 500, 1500]),
            8 => ("assets:cash:vilnius", "BYN", [100, 200, 500, 1000, 3000]),
            _ => ("assets:cash:vilnius", "EUR", [10, 20, 50, 100, 200]),
        };
        let whole = base[dice.below(5) as usize];
        let cents = if dice.below(4) == 0 { dice.below(100) } else { 0 };
        let earmark = match dice.below(6) {
            0 => Some(COMMITTEES[dice.below(5) as usize].0),
            _ => None,
        };
        let donor = (dice.below(5) == 0).then(|| names[dice.below(5) as usize].to_string());
        let input = DonationInput {
            money: money(&format!("{whole}.{cents:02}"), currency),
            received_on: start + Duration::days((n * 250 / 360) as i64),
            account: account(path),
            earmark: earmark.map(slug),
            reference: format!("DEMO-{n:05}"),
            donor,
            idempotency_key: None,
        };
        let appended = state.journal.submit(Actor::system(), Command::RecordDonation(input)).await?;
        last_seq = appended.last().map_or(last_seq, |e| e.seq);
    }
    // A donation recorded twice by mistake, corrected by a reversal.
    let duplicate = DonationInput {
        money: money("250.00", "EUR"),
        received_on: start + Duration::days(40),
        account: account("assets:bank:lt-main"),
        earmark: None,
        reference: "DEMO-DUPLICATE".into(),
        donor: None,
        idempotency_key: None,
    };
    let appended = state.journal.submit(Actor::system(), Command::RecordDonation(duplicate)).await?;
    let seq = appended.last().expect("donation entry").seq;
    let reason = "bank statement listed the transfer twice".to_string();
    state.journal.submit(Actor::system(), Command::Reverse { seq, reason }).await?;
    Ok(())
}

/// The board gives each committee money from the general fund.
async fn allocations(state: &AppState) -> Result<(), DemoError> {
    let plan: &[(&str, &str, &str)] = &[
        ("belaruskali", "9500.00", "EUR"),
        ("grodno-azot", "9500.00", "EUR"),
        ("maz", "9500.00", "EUR"),
        ("mtz", "4600.00", "EUR"),
        ("belteleradio", "3100.00", "EUR"),
        ("hrodna-medics", "3100.00", "EUR"),
        ("belaruskali", "2000.00", "USD"),
        ("maz", "1500.00", "USD"),
        ("grodno-azot", "1000.00", "PLN"),
    ];
    for (committee, amount, currency) in plan {
        let command = Command::Allocate { committee: slug(committee), money: money(amount, currency) };
        state.journal.submit(Actor::system(), command).await?;
    }
    Ok(())
}

/// Claims in every state for one committee, approved by two members who did
/// not submit them, paid by the treasurer in one or two installments.
async fn claims(state: &AppState, committee: &str, members: &[String]) -> Result<(), DemoError> {
    let paid_count = match committee {
        "belaruskali" | "grodno-azot" | "maz" => 5,
        "mtz" => 2,
        _ => 1,
    };
    let treasurer = Actor::user(&demo_user(state, "treasurer", Role::Treasurer).await?);
    let (submitter, first, second) =
        (Actor::user(&members[0]), Actor::user(&members[1]), Actor::user(&members[2]));
    let paid_on = Date::from_calendar_date(2020, Month::September, 20).expect("valid date");
    let claims_so_far = std::cell::Cell::new(0usize);
    let submit = async |category: Category, amount: &str| -> Result<String, DemoError> {
        let claim = ClaimInput {
            committee: slug(committee),
            worker: None,
            category,
            money: money(amount, "EUR"),
            notes: "Demo claim: details are held by the committee.".into(),
        };
        let n = claims_so_far.replace(claims_so_far.get() + 1);
        let person = demo_person(committee, n, category);
        let command = Command::SubmitNewWorkerClaim { claim, person };
        let appended = state.journal.submit(submitter.clone(), command).await?;
        match appended.detail {
            Detail::Claim { id, .. } => Ok(id),
            _ => unreachable!("a submitted claim answers with its id"),
        }
    };
    let approve = async |claim: &str| -> Result<(), DemoError> {
        for approver in [&first, &second] {
            let command = Command::ApproveClaim { claim: claim.to_string() };
            state.journal.submit(approver.clone(), command).await?;
        }
        Ok(())
    };
    let pay = async |claim: &str, amount: &str, days: i64| -> Result<(), DemoError> {
        let input = PayoutInput {
            claim: claim.to_string(),
            money: money(amount, "EUR"),
            account: account("assets:bank:lt-main"),
            method: PayoutMethod::BankTransfer,
            paid_on: paid_on + Duration::days(days),
            reference: format!("DEMO-PAYOUT-{claim}"),
        };
        state.journal.submit(treasurer.clone(), Command::RecordPayout(input)).await?;
        Ok(())
    };
    for n in 0..paid_count {
        let claim = submit(Category::Dismissal, "1500.00").await?;
        approve(&claim).await?;
        pay(&claim, "1500.00", n * 25).await?;
    }
    let partial = submit(Category::LegalAid, "800.00").await?;
    approve(&partial).await?;
    pay(&partial, "300.00", 120).await?;
    let approved = submit(Category::Medical, "450.00").await?;
    approve(&approved).await?;
    let waiting = submit(Category::Hardship, "400.00").await?;
    state.journal.submit(first.clone(), Command::ApproveClaim { claim: waiting.clone() }).await?;
    submit(Category::Children, "200.00").await?;
    let rejected = submit(Category::Fines, "5000.00").await?;
    let reason = "Covered by another fund.".to_string();
    state.journal.submit(first.clone(), Command::RejectClaim { claim: rejected, reason }).await?;
    let cancelled = submit(Category::Other, "300.00").await?;
    approve(&cancelled).await?;
    let reason = "The worker asked to withdraw the claim.".to_string();
    state.journal.submit(first.clone(), Command::CancelClaim { claim: cancelled, reason }).await?;
    Ok(())
}

/// A made-up worker for the demo: fictional name, a document number that is
/// plainly not real, a fake IBAN. MTZ's children claim is for the same
/// person as MAZ's first dismissal grant (document number written
/// differently), so the demo shows the duplicate warning.
fn demo_person(committee: &str, n: usize, category: Category) -> Person {
    const FIRST: &[&str] = &["Aliaksandr", "Volha", "Siarhei", "Hanna", "Dzmitry", "Tatsiana", "Mikalai"];
    const LAST: &[&str] = &["Demo-Kavaliou", "Demo-Novik", "Demo-Shved", "Demo-Lis", "Demo-Bondar"];
    let (document, first, last) = if committee == "mtz" && category == Category::Children {
        ("demo maz 0".to_string(), FIRST[0], LAST[0])
    } else {
        let seed = committee.len() * 7 + n;
        (format!("DEMO-{committee}-{n}"), FIRST[seed % FIRST.len()], LAST[n % LAST.len()])
    };
    let payment = format!("LT00 DEMO {:04} {n:04}", committee.len());
    Person::parse(&format!("{first} {last}"), "demo contact", &document, &payment).expect("demo person")
}

/// Donations recorded per round of `grow`.
const GROW_DONATIONS_PER_ROUND: u64 = 4_000;

/// Claims per committee per round of `grow` (each is five entries: submitted,
/// two approvals, approved, paid).
const GROW_CLAIMS_PER_COMMITTEE: u64 = 20;

/// Entries one round of `grow` appends: its donations, an allocation per
/// committee, and five entries per claim.
const GROW_ROUND_ENTRIES: u64 =
    GROW_DONATIONS_PER_ROUND + COMMITTEES.len() as u64 * (1 + 5 * GROW_CLAIMS_PER_COMMITTEE);

/// Grows the fund with realistic activity until the journal has exactly
/// `entries` entries (it is left alone when it already has as many): mostly
/// donations in four currencies, allocations, and claims that are
/// submitted, approved by two other members and paid. A last round shorter
/// than a full one keeps about a tenth of its entries for claims.
/// Loads the demo fund first when the journal is empty. `on_round` is told
/// the head after each round (for a progress bar).
pub async fn grow(state: &AppState, entries: u64, mut on_round: impl FnMut(u64)) -> Result<u64, DemoError> {
    load(state).await?;
    let mut members = Vec::new();
    for (committee, _, _) in COMMITTEES {
        let mut ids = Vec::new();
        for n in 1..=3 {
            ids.push(demo_user(state, &format!("{committee}-{n}"), Role::Member).await?);
        }
        members.push((*committee, ids));
    }
    let treasurer = Actor::user(&demo_user(state, "treasurer", Role::Treasurer).await?);
    let mut dice = Dice(0x9e37_79b9_7f4a_7c15);
    let mut round = 0u64;
    let mut head = crate::store::read::head(&state.db.pool).await?.seq;
    while head < entries {
        round += 1;
        let remaining = entries - head;
        let committees = COMMITTEES.len() as u64;
        let claims = if remaining >= GROW_ROUND_ENTRIES {
            GROW_CLAIMS_PER_COMMITTEE
        } else {
            remaining / (committees * 5 * 10)
        };
        let claim_entries = if claims == 0 { 0 } else { committees * (1 + 5 * claims) };
        let donations = remaining.min(GROW_ROUND_ENTRIES) - claim_entries;
        grow_donations(state, &mut dice, round, donations).await?;
        if claims > 0 {
            let allocations = COMMITTEES
                .iter()
                .map(|(committee, _, _)| {
                    let amount = format!("{}.00", claims * 300);
                    Command::Allocate { committee: slug(committee), money: money(&amount, "EUR") }
                })
                .collect();
            first_error(state.journal.submit_many(&Actor::system(), allocations).await)?;
            grow_claims(state, &members, &treasurer, round, claims).await?;
        }
        head = crate::store::read::head(&state.db.pool).await?.seq;
        on_round(head);
    }
    Ok(head)
}

fn first_error(results: Vec<Result<crate::journal::Appended, CommandError>>) -> Result<(), DemoError> {
    results.into_iter().find_map(Result::err).map_or(Ok(()), |error| Err(error.into()))
}

async fn grow_donations(state: &AppState, dice: &mut Dice, round: u64, count: u64) -> Result<(), DemoError> {
    let start = Date::from_calendar_date(2020, Month::August, 17).expect("valid date");
    let mut commands = Vec::with_capacity(count as usize);
    for n in 0..count {
        let (path, currency) = match dice.below(10) {
            0..=3 => ("assets:bank:lt-main", "EUR"),
            4..=5 => ("assets:bank:us-main", "USD"),
            6..=7 => ("assets:bank:pl-main", "PLN"),
            8 => ("assets:cash:vilnius", "BYN"),
            _ => ("assets:bank:pl-main", "EUR"),
        };
        let whole = [10, 20, 25, 50, 100, 250, 500][dice.below(7) as usize];
        let earmark = (dice.below(8) == 0).then(|| COMMITTEES[dice.below(5) as usize].0);
        commands.push(Command::RecordDonation(DonationInput {
            money: money(&format!("{whole}.{:02}", dice.below(100)), currency),
            received_on: start + Duration::days(dice.below(250) as i64),
            account: account(path),
            earmark: earmark.map(slug),
            reference: format!("GROW-{round:06}-{n:05}"),
            donor: None,
            idempotency_key: None,
        }));
    }
    first_error(state.journal.submit_many(&Actor::system(), commands).await)
}

async fn grow_claims(
    state: &AppState,
    members: &[(&str, Vec<String>)],
    treasurer: &Actor,
    round: u64,
    claims_per_committee: u64,
) -> Result<(), DemoError> {
    let paid_on = Date::from_calendar_date(2021, Month::January, 10).expect("valid date");
    let mut payouts = Vec::new();
    for (committee, ids) in members {
        let submissions = (0..claims_per_committee)
            .map(|_| {
                Command::SubmitClaim(ClaimInput {
                    committee: slug(committee),
                    worker: None,
                    category: Category::Hardship,
                    money: money("300.00", "EUR"),
                    notes: String::new(),
                })
            })
            .collect();
        let mut claims = Vec::new();
        for result in state.journal.submit_many(&Actor::user(&ids[0]), submissions).await {
            match result?.detail {
                Detail::Claim { id, .. } => claims.push(id),
                _ => unreachable!("a submitted claim answers with its id"),
            }
        }
        for approver in &ids[1..] {
            let approvals =
                claims.iter().map(|claim| Command::ApproveClaim { claim: claim.clone() }).collect();
            first_error(state.journal.submit_many(&Actor::user(approver), approvals).await)?;
        }
        payouts.extend(claims.into_iter().map(|claim| {
            Command::RecordPayout(PayoutInput {
                reference: format!("GROW-PAYOUT-{round}-{claim}"),
                claim,
                money: money("300.00", "EUR"),
                account: account("assets:bank:lt-main"),
                method: PayoutMethod::BankTransfer,
                paid_on: paid_on + Duration::days((round % 100) as i64),
            })
        }));
    }
    first_error(state.journal.submit_many(treasurer, payouts).await)
}

//! The accountant's export: the real hledger and Beancount accept it with
//! their strict checks, and every balance they compute agrees to the minor
//! unit with the auditor's recomputation from /export/journal.jsonl and with
//! the server's balances table.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use strikefund::domain::Currency;
use strikefund::export::{Format, LedgerExport, beancount_account_name};
use strikefund::journal::command::DonationInput;
use strikefund::journal::{Appended, Command, CommandError};
use strikefund_audit::entry::parse_line;
use strikefund_audit::note::Signer;
use strikefund_audit::verify::ChainVerifier;
use tokio::process::Command as Process;

use crate::both_backends;
use crate::helpers::{TestApp, build};

/// (account, currency) → balance in minor units, debit positive; zero balances left out.
type Balances = BTreeMap<(String, String), i128>;

const FORMATS: [Format; 2] = [Format::Hledger, Format::Beancount];

fn signer() -> Arc<Signer> {
    Arc::new(Signer::from_seed("strikefund", &[7; 32]).unwrap())
}

async fn checkpoint(app: &TestApp) -> u64 {
    app.submit(Command::Checkpoint { signer: signer() }).await.unwrap().last().unwrap().seq
}

fn donation(reference: &str, amount: &str, currency: &str, account: &str) -> Command {
    Command::RecordDonation(DonationInput {
        money: build::money(amount, currency),
        received_on: build::date("2021-03-01"),
        account: build::account(account),
        earmark: None,
        reference: reference.into(),
        donor: None,
        idempotency_key: None,
    })
}

/// Runs a program and returns whether it succeeded, with everything it printed.
async fn run(program: &str, args: &[&str]) -> (bool, String) {
    let output = Process::new(program).args(args).output().await.unwrap_or_else(|error| {
        panic!("{program} runs (.ci/run installs it): {error}");
    });
    let text =
        format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

/// `strikefund export` as an operator runs it.
async fn export_cli(app: &TestApp, args: &[&str]) -> (bool, String) {
    let mut all = vec!["--db", app.db.url.as_str(), "export"];
    all.extend_from_slice(args);
    run(env!("CARGO_BIN_EXE_strikefund"), &all).await
}

/// Exports with the CLI into `dir` and returns the file.
async fn export_file(app: &TestApp, format: Format, until: Option<u64>, dir: &Path) -> PathBuf {
    let path = dir.join(format.file_name());
    let until = until.map(|seq| seq.to_string());
    let mut args = vec!["--format", format_name(format), path.to_str().unwrap()];
    if let Some(until) = &until {
        args.extend(["--until", until.as_str()]);
    }
    let (succeeded, output) = export_cli(app, &args).await;
    assert!(succeeded, "strikefund export: {output}");
    path
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Hledger => "hledger",
        Format::Beancount => "beancount",
    }
}

/// Checks a file with the format's own tool, strictly.
async fn check(format: Format, path: &Path) -> (bool, String) {
    let path = path.to_str().unwrap();
    match format {
        Format::Hledger => run("hledger", &["-f", path, "check", "-s", "ordereddates"]).await,
        Format::Beancount => run("bean-check", &[path]).await,
    }
}

/// A decimal as the tools print it (`-1500.00`, `1E-8`), in minor units.
fn minor_units(text: &str, digits: u32) -> i128 {
    let text = text.trim();
    let number = Decimal::from_str(text).or_else(|_| Decimal::from_scientific(text)).unwrap();
    let scaled = number * Decimal::from(10i64.pow(digits));
    assert!(scaled.fract().is_zero(), "{text} has more than {digits} decimals");
    scaled.to_i128().unwrap()
}

fn non_zero(balances: impl IntoIterator<Item = ((String, String), i128)>) -> Balances {
    balances.into_iter().filter(|(_, minor)| *minor != 0).collect()
}

/// Every balance as `hledger balance` computes it from the file.
async fn hledger_balances(path: &Path, decimals: &BTreeMap<String, u32>) -> Balances {
    // -I: `hledger check` has checked the assertions already.
    let args = [
        "-f",
        path.to_str().unwrap(),
        "-I",
        "balance",
        "--flat",
        "-E",
        "--layout=bare",
        "-O",
        "csv",
        "--no-total",
    ];
    let (succeeded, output) = run("hledger", &args).await;
    assert!(succeeded, "hledger balance: {output}");
    let rows = output.lines().skip(1).map(|line| {
        // Three quoted fields, none of which can hold a comma or a quote.
        let fields: Vec<&str> = line.split(',').map(|field| field.trim_matches('"')).collect();
        assert_eq!(fields.len(), 3, "{line}");
        let digits = decimals.get(fields[1]).copied().unwrap_or(0);
        ((fields[0].to_string(), fields[1].to_string()), minor_units(fields[2], digits))
    });
    non_zero(rows)
}

/// Every balance as Beancount sums the file's postings, under chain names.
async fn beancount_balances(path: &Path, decimals: &BTreeMap<String, u32>) -> Balances {
    // str() keeps every digit: bean-query otherwise rounds numbers for display.
    let query = "SELECT account, currency, str(sum(number)) AS total GROUP BY account, currency";
    let (succeeded, output) = run("bean-query", &["-f", "csv", path.to_str().unwrap(), query]).await;
    assert!(succeeded, "bean-query: {output}");
    let rows = output.lines().skip(1).map(|line| {
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        assert_eq!(fields.len(), 3, "{line}");
        let account = fields[0].to_lowercase();
        assert_eq!(beancount_account_name(&account), fields[0], "the name mapping is one-to-one");
        let digits = decimals.get(fields[1]).copied().unwrap_or(0);
        let total = fields[2].strip_prefix("Decimal('").and_then(|t| t.strip_suffix("')"));
        let total = total.unwrap_or_else(|| panic!("a Decimal: {line}"));
        ((account, fields[1].to_string()), minor_units(total, digits))
    });
    non_zero(rows)
}

/// Every balance as the format's own tool computes it from the file.
async fn tool_balances(format: Format, path: &Path, decimals: &BTreeMap<String, u32>) -> Balances {
    match format {
        Format::Hledger => hledger_balances(path, decimals).await,
        Format::Beancount => beancount_balances(path, decimals).await,
    }
}

/// The auditor's view: the public export verified and its balances recomputed.
async fn audited(app: &TestApp, until: Option<u64>) -> ChainVerifier {
    let text = app.get_text("/export/journal.jsonl").await;
    let mut verifier = ChainVerifier::default();
    for line in text.lines().take(until.map_or(usize::MAX, |seq| seq as usize)) {
        let (entry, hash) = parse_line(line).expect("well-formed line");
        verifier.push(&entry, &hash).expect("the chain verifies");
    }
    verifier
}

fn decimals_of(verifier: &ChainVerifier) -> BTreeMap<String, u32> {
    let ledger = &verifier.ledger;
    let currencies = ledger.balances().into_iter().map(|(_, currency, _)| currency.to_string());
    currencies
        .map(|currency| {
            let digits = ledger.digits_of(&currency).unwrap();
            (currency, digits)
        })
        .collect()
}

fn ledger_balances(verifier: &ChainVerifier) -> Vec<((String, String), i128)> {
    let balances = verifier.ledger.balances().into_iter();
    balances.map(|(account, currency, minor)| ((account.to_string(), currency.to_string()), minor)).collect()
}

async fn server_balances(app: &TestApp) -> Balances {
    let rows: Vec<(String, String, i64)> = sqlx::query_as("SELECT account, currency, minor FROM balances")
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    non_zero(rows.into_iter().map(|(account, currency, minor)| ((account, currency), i128::from(minor))))
}

/// Fails with the balances that differ, if any.
fn assert_same(computed: &Balances, expected: &Balances, tool: &str) {
    let keys: std::collections::BTreeSet<_> = computed.keys().chain(expected.keys()).collect();
    let differ: Vec<String> = keys
        .into_iter()
        .filter(|key| computed.get(key) != expected.get(key))
        .map(|key| format!("{key:?}: {tool} {:?}, auditor {:?}", computed.get(key), expected.get(key)))
        .collect();
    assert!(differ.is_empty(), "{tool} disagrees with the auditor:\n{}", differ.join("\n"));
}

/// Exports the whole journal in both formats, has both tools check the
/// files, and compares every balance with the auditor's and the server's.
/// Returns the texts of the two files.
async fn export_check_and_compare(app: &TestApp, dir: &Path) -> Vec<String> {
    let verifier = audited(app, None).await;
    let expected = non_zero(ledger_balances(&verifier));
    assert_eq!(server_balances(app).await, expected, "the server's balances are the auditor's");
    let decimals = decimals_of(&verifier);
    let mut texts = Vec::new();
    for format in FORMATS {
        let path = export_file(app, format, None, dir).await;
        let (accepted, output) = check(format, &path).await;
        assert!(accepted, "{format:?} refuses the export: {output}");
        let computed = tool_balances(format, &path, &decimals).await;
        assert_same(&computed, &expected, &format!("{format:?}"));
        texts.push(std::fs::read_to_string(&path).unwrap());
    }
    texts
}

both_backends!(the_demo_fund_opens_in_hledger_and_beancount_and_agrees_to_the_cent, |app| async move {
    app.load_demo().await;
    let first = checkpoint(&app).await;
    app.submit(donation("EXPORT-1", "70.01", "EUR", "assets:bank:lt-main")).await.unwrap();
    let second = checkpoint(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let texts = export_check_and_compare(&app, dir.path()).await;
    let (hledger, beancount) = (&texts[0], &texts[1]);
    // The browser downloads are the same files as the CLI writes.
    assert_eq!(&app.get_text("/export/ledger.hledger").await, hledger);
    assert_eq!(&app.get_text("/export/ledger.beancount").await, beancount);
    // Both checkpoints assert balances in hledger; Beancount asserts the day's end.
    for seq in [first, second] {
        assert!(hledger.contains(&format!("* checkpoint  ; seq:{seq}, hash:")), "checkpoint {seq}");
    }
    let asserts_general = |l: &str| l.starts_with("    equity:funds:general ") && l.contains(" 0.00 EUR = -");
    assert!(hledger.lines().any(asserts_general), "hledger asserts the general fund");
    assert!(beancount.contains(&format!("after_seq: {second}")));
    assert!(beancount.contains(" balance Equity:Funds:General "));
    assert!(hledger.contains("received_on:2020-08-17") && beancount.contains("received_on: 2020-08-17"));
    assert!(hledger.contains("worker:W-") && beancount.contains("paid_on: 2020-09-20"));
    // Nothing private: no references, notes, reasons, usernames, donor or hidden committee names.
    for text in [hledger, beancount] {
        for private in [
            "DEMO-",
            "EXPORT-1",
            "Demo claim",
            "Covered by another fund",
            "withdraw",
            "bank statement",
            "Jonas",
            "Hrodna medics",
            "hrodna-medics",
            "treasurer",
            "admin",
        ] {
            assert!(!text.contains(private), "the export reveals {private:?}");
        }
    }
});

both_backends!(a_changed_amount_breaks_the_balance_assertions_in_both_tools, |app| async move {
    app.small_fund("100.00").await;
    checkpoint(&app).await;
    let dir = tempfile::tempdir().unwrap();
    for format in FORMATS {
        let path = export_file(&app, format, None, dir.path()).await;
        let text = std::fs::read_to_string(&path).unwrap();
        // Still a balanced transaction, but not what the chain says.
        let edited =
            text.replacen(" 100.00 EUR\n", " 100.01 EUR\n", 1).replacen("-100.00 EUR\n", "-100.01 EUR\n", 1);
        assert_ne!(edited, text);
        std::fs::write(&path, edited).unwrap();
        let (accepted, output) = check(format, &path).await;
        assert!(!accepted, "{format:?} accepts a changed amount");
        assert!(output.to_lowercase().contains("balance"), "{format:?}: {output}");
    }
});

both_backends!(an_export_until_a_seq_holds_the_books_as_they_stood_then, |app| async move {
    app.small_fund("100.00").await;
    let until = checkpoint(&app).await;
    let command = Command::Allocate { committee: build::slug("maz"), money: build::money("60.00", "EUR") };
    app.submit(command).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let verifier = audited(&app, Some(until)).await;
    let expected = non_zero(ledger_balances(&verifier));
    let path = export_file(&app, Format::Hledger, Some(until), dir.path()).await;
    assert!(check(Format::Hledger, &path).await.0);
    assert_eq!(hledger_balances(&path, &decimals_of(&verifier)).await, expected);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("allocation"), "entries after --until are left out");
    assert!(text.contains(&format!("entries 1 to {until},")));
});

both_backends!(bad_export_arguments_are_refused_and_write_nothing, |app| async move {
    app.small_fund("100.00").await;
    let head = app.head_seq().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.hledger");
    let file = path.to_str().unwrap();
    let past = (head + 1).to_string();
    let (succeeded, output) = export_cli(&app, &["--format", "hledger", "--until", &past, file]).await;
    assert!(!succeeded);
    let expected = format!("--until {past} is past the end of the journal, which ends at seq {head}");
    assert!(output.contains(&expected), "{output}");
    for args in [["--format", "excel", file], ["--until", "0", file]] {
        let (succeeded, output) = export_cli(&app, &args).await;
        assert!(!succeeded, "{args:?}");
        assert!(output.contains("--format") || output.contains("--until"), "{output}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no file was written");
});

/// Builds a chain by hand: entries on three days, checkpoints in the middle
/// of a day, so that Beancount's start-of-day balance checks are exercised.
fn chain_over_three_days() -> Vec<(strikefund_audit::Entry, strikefund_audit::Hash)> {
    let donation = serde_json::json!({"received_on": "2021-02-27", "postings": [
        {"account": "assets:crypto:cold-1", "currency": "BTC", "amount": "0.00012345"},
        {"account": "equity:funds:general", "currency": "BTC", "amount": "-0.00012345"},
    ]});
    let allocation = serde_json::json!({"committee": "c-4f9a02bc", "postings": [
        {"account": "equity:funds:general", "currency": "BTC", "amount": "0.00010000"},
        {"account": "equity:funds:committee:c-4f9a02bc", "currency": "BTC", "amount": "-0.00010000"},
    ]});
    let checkpoint = serde_json::json!({"origin": "strikefund", "size": 0, "root": "", "note": ""});
    let plan = [
        ("2021-03-01T10:00:00.000000Z", "donation", &donation),
        ("2021-03-01T11:00:00.000000Z", "checkpoint", &checkpoint),
        ("2021-03-01T12:00:00.000000Z", "allocation", &allocation),
        ("2021-03-02T09:00:00.000000Z", "donation", &donation),
        ("2021-03-02T10:00:00.000000Z", "checkpoint", &checkpoint),
        ("2021-03-04T10:00:00.000000Z", "allocation", &allocation),
    ];
    let mut prev = strikefund_audit::Hash::ZERO;
    let mut chain = Vec::new();
    for (index, (at, kind, body)) in plan.into_iter().enumerate() {
        let entry = strikefund_audit::Entry {
            seq: index as u64 + 1,
            prev,
            at: at.into(),
            actor: "system".into(),
            kind: kind.into(),
            body: body.as_object().unwrap().clone(),
            sealed: None,
        };
        let hash = entry.compute_hash().unwrap();
        prev = hash;
        chain.push((entry, hash));
    }
    chain
}

#[tokio::test]
async fn checkpoints_within_a_day_are_asserted_exactly_by_both_tools() {
    let chain = chain_over_three_days();
    let mut verifier = ChainVerifier::default();
    for (entry, hash) in &chain {
        verifier.push(entry, hash).unwrap();
    }
    let expected = non_zero(ledger_balances(&verifier));
    let decimals = decimals_of(&verifier);
    let dir = tempfile::tempdir().unwrap();
    for format in FORMATS {
        let mut export = LedgerExport::new(format);
        let mut text = format.header();
        for (entry, hash) in &chain {
            export.push(entry, hash, &mut text).unwrap();
        }
        export.finish(&mut text);
        let path = dir.path().join(format.file_name());
        std::fs::write(&path, &text).unwrap();
        let (accepted, output) = check(format, &path).await;
        assert!(accepted, "{format:?}: {output}\n{text}");
        let computed = tool_balances(format, &path, &decimals).await;
        assert_same(&computed, &expected, &format!("{format:?}"));
        if format == Format::Beancount {
            // After the first day (with its last allocation), after the second, and at the end.
            for (day, btc) in
                [("2021-03-02", "0.00002345"), ("2021-03-03", "0.00014690"), ("2021-03-05", "0.00004690")]
            {
                let line = format!("{day} balance Equity:Funds:General");
                let found =
                    text.lines().find(|l| l.starts_with(&line)).unwrap_or_else(|| panic!("{line}\n{text}"));
                assert!(found.contains(&format!("-{btc} ~ 0.00000000 BTC")), "{found}");
            }
        }
    }
}

/// Entries in the large fund.
const LARGE_FUND_ENTRIES: u64 = 100_000;

/// Requests in flight while building it: enough to keep the writer's batches full.
const IN_FLIGHT_MAX: usize = 2_048;

/// Submits commands concurrently, so that the single writer batches them.
async fn submit_all(app: &TestApp, commands: impl Iterator<Item = (Option<String>, Command)>) {
    use futures_util::StreamExt;
    let journal = app.state.journal.clone();
    let results: Vec<Result<Appended, CommandError>> = futures_util::stream::iter(commands)
        .map(|(user, command)| {
            let journal = journal.clone();
            async move {
                let actor = user.map_or_else(strikefund::journal::Actor::system, |id| {
                    strikefund::journal::Actor::user(&id)
                });
                journal.submit(actor, command).await
            }
        })
        .buffer_unordered(IN_FLIGHT_MAX)
        .collect()
        .await;
    for result in results {
        result.expect("every command of the large fund is accepted");
    }
}

both_backends!(a_fund_of_100000_entries_opens_in_both_tools_and_agrees_to_the_cent, |app| async move {
    let started = std::time::Instant::now();
    build_large_fund(&app).await;
    let head = app.head_seq().await;
    assert!(head >= LARGE_FUND_ENTRIES, "the fund has {head} entries");
    eprintln!("built {head} entries in {:?}", started.elapsed());
    let dir = tempfile::tempdir().unwrap();
    export_check_and_compare(&app, dir.path()).await;
    eprintln!("exported, checked and compared in {:?} in all", started.elapsed());
});

/// The large fund: donations in three currencies, allocations to ten
/// committees (three of them not public), claims submitted, approved twice
/// and paid, and a checkpoint after each phase.
async fn build_large_fund(app: &TestApp) {
    let fund = app.small_fund("100.00").await;
    let currencies = |codes: &[&str]| codes.iter().map(|c| Currency::parse(c).unwrap()).collect();
    for (account, codes) in [("assets:bank:us-main", &["USD"][..]), ("assets:crypto:cold-1", &["BTC"][..])] {
        let command =
            Command::OpenAccount { account: build::account(account), currencies: currencies(codes) };
        app.submit(command).await.unwrap();
    }
    let mut committees = vec!["maz".to_string()];
    for n in 0..9 {
        let slug = format!("plant-{n}");
        let command = Command::CreateCommittee {
            slug: build::slug(&slug),
            name: slug.clone(),
            public: n % 3 != 0,
            threshold: 2,
        };
        app.submit(command).await.unwrap();
        committees.push(slug);
    }
    let donations = (0..39_000u64).map(|n| {
        let (amount, currency, account) = match n % 4 {
            0 | 1 => (format!("{}.{:02}", 20 + n % 480, n % 100), "EUR", "assets:bank:lt-main"),
            2 => (format!("{}.{:02}", 25 + n % 900, (n * 7) % 100), "USD", "assets:bank:us-main"),
            _ => (format!("0.{:08}", 100_000 + n * 37), "BTC", "assets:crypto:cold-1"),
        };
        (None, donation(&format!("LARGE-{n}"), &amount, currency, account))
    });
    submit_all(app, donations).await;
    checkpoint(app).await;
    // maz gets EUR 800,000 in all, enough for every claim below.
    let allocations = (0..40_000u64).map(|n| {
        let committee = &committees[(n % 10) as usize];
        let (amount, currency) = match n % 4 {
            0 | 1 if committee == "maz" => ("400.00", "EUR"),
            0 | 1 => ("30.00", "EUR"),
            2 => ("5.00", "USD"),
            _ => ("0.00002000", "BTC"),
        };
        (None, Command::Allocate { committee: build::slug(committee), money: build::money(amount, currency) })
    });
    submit_all(app, allocations).await;
    checkpoint(app).await;
    claim_cycles(app, &fund.members, 4_000).await;
    let head = app.head_seq().await;
    let rest = (head + 1..LARGE_FUND_ENTRIES)
        .map(|n| (None, donation(&format!("TOP-{n}"), "1.00", "EUR", "assets:bank:lt-main")));
    submit_all(app, rest).await;
    checkpoint(app).await;
}

/// `count` claims, each submitted, approved twice and paid, all at once.
async fn claim_cycles(app: &TestApp, members: &[String], count: u64) {
    use futures_util::StreamExt;
    use strikefund::domain::claim::{Category, PayoutMethod};
    use strikefund::journal::command::{ClaimInput, PayoutInput};
    use strikefund::journal::{Actor, Detail};
    let journal = app.state.journal.clone();
    let cycle = |n: u64| {
        let journal = journal.clone();
        let members = members.to_vec();
        async move {
            let input = ClaimInput {
                committee: build::slug("maz"),
                worker: None,
                category: Category::Dismissal,
                money: build::money("150.00", "EUR"),
                notes: String::new(),
            };
            let appended = journal.submit(Actor::user(&members[0]), Command::SubmitClaim(input)).await?;
            let Detail::Claim { id, .. } = appended.detail else {
                unreachable!("a claim answers with its id")
            };
            for approver in &members[1..3] {
                journal.submit(Actor::user(approver), Command::ApproveClaim { claim: id.clone() }).await?;
            }
            let amount = if n.is_multiple_of(3) { "70.50" } else { "150.00" };
            let payout = PayoutInput {
                claim: id,
                money: build::money(amount, "EUR"),
                account: build::account("assets:bank:lt-main"),
                method: PayoutMethod::BankTransfer,
                paid_on: build::date("2021-03-02"),
                reference: format!("LARGE-PAYOUT-{n}"),
            };
            journal.submit(Actor::system(), Command::RecordPayout(payout)).await
        }
    };
    let results: Vec<Result<Appended, CommandError>> =
        futures_util::stream::iter(0..count).map(cycle).buffer_unordered(IN_FLIGHT_MAX).collect().await;
    for result in results {
        result.expect("every claim of the large fund goes through");
    }
}

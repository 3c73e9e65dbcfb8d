//! The core journal: chain integrity, append-only storage, single writer,
//! overdraft refusal, projections.

use std::process::Command as Process;

use strikefund::journal::{Command, CommandError};
use strikefund_audit::entry::parse_line;
use strikefund_audit::verify::ChainVerifier;

use crate::both_backends;
use crate::helpers::build::donation;
use crate::helpers::{Backend, TestApp, build};

/// Verifies an export with the audit library and returns the verifier.
fn verify_export(text: &str) -> ChainVerifier {
    let mut verifier = ChainVerifier::default();
    for line in text.lines() {
        let (entry, hash) = parse_line(line).expect("well-formed line");
        verifier.push(&entry, &hash).expect("the chain verifies");
    }
    verifier
}

both_backends!(demo_export_verifies_with_an_independent_implementation, |app| async move {
    app.load_demo().await;
    let dir = tempfile::tempdir().unwrap();
    let export = app.export_to(dir.path()).await;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/audit/tests/independent/verify_chain.py");
    let output = Process::new("python3").arg(script).arg(&export).output().expect("python3 runs");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "independent verifier: {stdout}");
    let head = app.get_json("/api/v1/journal/head").await;
    let first_line = stdout.lines().next().unwrap();
    assert_eq!(first_line, format!("ok {} {}", head["seq"], head["hash"].as_str().unwrap()));
    // Every balance the independent verifier recomputed is the one the server holds.
    let mut compared = 0;
    for line in stdout.lines().skip(1) {
        let parts: Vec<&str> = line.split(' ').collect();
        let (account, currency, amount) = (parts[1], parts[2], parts[3]);
        let money = strikefund::domain::Money::parse_journal(
            amount,
            strikefund::domain::Currency::parse(currency).unwrap(),
        );
        let expected = money.map(|m| m.minor()).unwrap_or(0);
        assert_eq!(app.balance(account, currency).await, expected, "{account} {currency}");
        compared += 1;
    }
    assert!(compared >= 10, "the demo fund has many accounts, compared {compared}");
    let verifier = verify_export(&std::fs::read_to_string(&export).unwrap());
    assert_eq!(verifier.size(), head["seq"].as_u64().unwrap());
});

both_backends!(an_edited_export_fails_the_independent_verifier, |app| async move {
    app.small_fund("100.00").await;
    let dir = tempfile::tempdir().unwrap();
    let export = app.export_to(dir.path()).await;
    let text = std::fs::read_to_string(&export).unwrap();
    let edited = text.replacen("\"amount\":\"100.00\"", "\"amount\":\"1000.00\"", 1);
    assert_ne!(text, edited, "the export holds the donation");
    std::fs::write(&export, edited).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/audit/tests/independent/verify_chain.py");
    let output = Process::new("python3").arg(script).arg(&export).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("hash mismatch"), "{stdout}");
});

/// Runs a statement through the database's own command-line client.
fn run_cli_sql(app: &TestApp, sql: &str) -> (bool, String) {
    let output = match app.db.backend {
        Backend::Sqlite => Process::new("sqlite3").arg(app.db.path.as_ref().unwrap()).arg(sql).output(),
        Backend::Postgres => {
            Process::new("psql").args([app.db.url.as_str(), "-v", "ON_ERROR_STOP=1", "-c", sql]).output()
        }
    }
    .expect("the database's command-line client is installed");
    let text =
        format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

both_backends!(journal_rows_cannot_be_updated_or_deleted, |app| async move {
    app.small_fund("100.00").await;
    let before = app.get_text("/export/journal.jsonl").await;
    for sql in [
        "UPDATE journal SET actor = 'mallory' WHERE seq = 1",
        "DELETE FROM journal WHERE seq = 2",
        "DELETE FROM journal",
    ] {
        let (succeeded, output) = run_cli_sql(&app, sql);
        assert!(!succeeded, "{sql} must fail");
        assert!(output.contains("append-only"), "{sql}: {output}");
        let error = sqlx::query(sql).execute(&app.state.db.pool).await.unwrap_err();
        assert!(error.to_string().contains("append-only"), "{error}");
    }
    if app.db.backend == Backend::Postgres {
        let (succeeded, output) = run_cli_sql(&app, "TRUNCATE journal");
        assert!(!succeeded && output.contains("append-only"), "{output}");
    }
    assert_eq!(app.get_text("/export/journal.jsonl").await, before);
});

both_backends!(an_overdraft_is_refused_and_nothing_is_written, |app| async move {
    app.small_fund("100.00").await;
    let head = app.head_seq().await;
    let command = Command::Allocate { committee: build::slug("maz"), money: build::money("150.00", "EUR") };
    let error = app.submit(command).await.unwrap_err();
    assert_eq!(error.to_string(), "equity:funds:general: available 100.00 EUR, needed 150.00 EUR");
    assert!(matches!(error, CommandError::EnvelopeWouldGoBelowZero { .. }));
    assert_eq!(app.head_seq().await, head);
    assert_eq!(app.balance("equity:funds:committee:maz", "EUR").await, 0);
    assert_eq!(app.balance("equity:funds:general", "EUR").await, -10_000);
});

both_backends!(unknown_accounts_and_currencies_are_refused, |app| async move {
    app.small_fund("100.00").await;
    let head = app.head_seq().await;
    let mut input = match donation("X-1", "10.00") {
        Command::RecordDonation(input) => input,
        _ => unreachable!(),
    };
    input.account = build::account("assets:bank:nowhere");
    let error = app.submit(Command::RecordDonation(input.clone())).await.unwrap_err();
    assert_eq!(error.to_string(), "account assets:bank:nowhere is not open");
    input.account = build::account("assets:bank:lt-main");
    input.money = build::money("10.00", "USD");
    let error = app.submit(Command::RecordDonation(input)).await.unwrap_err();
    assert_eq!(error.to_string(), "account assets:bank:lt-main does not hold USD");
    assert_eq!(app.head_seq().await, head);
});

both_backends!(concurrent_appends_form_one_gapless_chain, |app| async move {
    app.small_fund("100.00").await;
    let before = app.head_seq().await;
    let mut tasks = Vec::new();
    for n in 0..200 {
        let journal = app.state.journal.clone();
        tasks.push(tokio::spawn(async move {
            let actor = strikefund::journal::Actor::system();
            journal.submit(actor, donation(&format!("C-{n}"), "1.00")).await
        }));
    }
    let mut seqs = Vec::new();
    for task in tasks {
        seqs.push(task.await.unwrap().unwrap().last().unwrap().seq);
    }
    seqs.sort_unstable();
    let expected: Vec<u64> = (before + 1..=before + 200).collect();
    assert_eq!(seqs, expected);
    let verifier = verify_export(&app.get_text("/export/journal.jsonl").await);
    assert_eq!(verifier.size(), before + 200);
    assert_eq!(app.balance("assets:bank:lt-main", "EUR").await, 10_000 + 200 * 100);
});

both_backends!(two_writers_on_one_database_form_one_chain, |app| async move {
    app.small_fund("100.00").await;
    let before = app.head_seq().await;
    // A second server process on the same database: its own writer and cache.
    let other = strikefund::server::prepare(&app.db.url, app.db.config()).await.unwrap();
    let mut tasks = Vec::new();
    for n in 0..120 {
        let journal = if n % 2 == 0 { app.state.journal.clone() } else { other.journal.clone() };
        tasks.push(tokio::spawn(async move {
            let actor = strikefund::journal::Actor::system();
            journal.submit(actor, donation(&format!("W-{n}"), "1.00")).await
        }));
    }
    for task in tasks {
        task.await.unwrap().expect("every append succeeds");
    }
    let verifier = verify_export(&app.get_text("/export/journal.jsonl").await);
    assert_eq!(verifier.size(), before + 120);
    let recomputed = verifier.ledger.balance_text("assets:bank:lt-main", "EUR").unwrap();
    assert_eq!(recomputed, "220.00");
    assert_eq!(app.balance("assets:bank:lt-main", "EUR").await, 22_000);
});

/// Every projection table, as sorted text, for comparisons.
async fn projection_snapshot(app: &TestApp) -> Vec<String> {
    let mut out = Vec::new();
    let queries = [
        "SELECT account || ' ' || currency || ' ' || CAST(minor AS TEXT) FROM balances",
        "SELECT scope || ' ' || currency || ' ' || CAST(raised AS TEXT) || ' ' || CAST(paid AS TEXT) || ' ' \
         || CAST(reserved AS TEXT) || ' ' || CAST(available AS TEXT) FROM totals",
        "SELECT id || ' ' || state || ' ' || CAST(paid AS TEXT) || ' ' || CAST(approvals AS TEXT) FROM claims",
        "SELECT CAST(level AS TEXT) || ' ' || CAST(idx AS TEXT) || ' ' || hash FROM merkle_nodes",
        "SELECT receipt || ' ' || CAST(minor AS TEXT) FROM donations",
        "SELECT month || ' ' || currency || ' ' || CAST(donated AS TEXT) || ' ' || CAST(paid AS TEXT) FROM monthly",
        "SELECT key || ' ' || CAST(paid_workers AS TEXT) FROM committees",
        "SELECT name || ' ' || CAST(value AS TEXT) FROM counters",
        "SELECT CAST(seq AS TEXT) || ' ' || hash FROM chain_head",
    ];
    for sql in queries {
        let mut rows: Vec<String> = sqlx::query_scalar(sql).fetch_all(&app.state.db.pool).await.unwrap();
        rows.sort();
        out.push(rows.join("\n"));
    }
    out
}

both_backends!(projections_rebuild_to_the_same_figures, |app| async move {
    app.load_demo().await;
    let before = projection_snapshot(&app).await;
    let replayed = strikefund::journal::rebuild_projections(&app.state.db).await.unwrap();
    assert_eq!(replayed, app.head_seq().await);
    assert_eq!(projection_snapshot(&app).await, before);
});

both_backends!(a_tampered_journal_makes_the_server_refuse_writes, |app| async move {
    app.small_fund("100.00").await;
    let sql = match app.db.backend {
        Backend::Sqlite => {
            "DROP TRIGGER journal_no_update; UPDATE journal SET body = replace(body, '100.00', '900.00');"
        }
        Backend::Postgres => {
            "ALTER TABLE journal DISABLE TRIGGER journal_no_update_or_delete; \
                              UPDATE journal SET body = replace(body, '100.00', '900.00');"
        }
    };
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&app.state.db.pool).await.unwrap();
    let restarted = strikefund::server::prepare(&app.db.url, app.db.config()).await.unwrap();
    let reason = restarted.journal.read_only_reason().expect("writes are refused");
    assert!(reason.contains("does not match its hash"), "{reason}");
    let error = restarted
        .journal
        .submit(strikefund::journal::Actor::system(), donation("AFTER", "1.00"))
        .await
        .unwrap_err();
    assert!(matches!(error, CommandError::ReadOnly(_)));
});

both_backends!(the_same_donation_sent_concurrently_is_recorded_once, |app| async move {
    app.small_fund("100.00").await;
    let before = app.head_seq().await;
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let journal = app.state.journal.clone();
        tasks.push(tokio::spawn(async move {
            journal.submit(strikefund::journal::Actor::system(), donation("SAME-REF", "7.00")).await
        }));
    }
    let mut seqs = std::collections::BTreeSet::new();
    let mut fresh = 0;
    for task in tasks {
        let appended = task.await.unwrap().unwrap();
        seqs.insert(appended.last().unwrap().seq);
        fresh += usize::from(!appended.replayed);
    }
    assert_eq!(fresh, 1, "exactly one request wrote the donation");
    assert_eq!(seqs.into_iter().collect::<Vec<_>>(), vec![before + 1]);
    assert_eq!(app.head_seq().await, before + 1);
    let mut changed = match donation("SAME-REF", "8.00") {
        Command::RecordDonation(input) => input,
        _ => unreachable!(),
    };
    changed.donor = None;
    let error = app.submit(Command::RecordDonation(changed)).await.unwrap_err();
    assert_eq!(error, CommandError::ExistsWithDifferentBody);
});

both_backends!(concurrent_allocations_beyond_the_general_fund_never_overdraw_it, |app| async move {
    app.small_fund("100.00").await;
    // Two writers, as two server processes on one database would have.
    let other = strikefund::server::prepare(&app.db.url, app.db.config()).await.unwrap();
    let mut tasks = Vec::new();
    for n in 0..24 {
        let journal = if n % 2 == 0 { app.state.journal.clone() } else { other.journal.clone() };
        let command =
            Command::Allocate { committee: build::slug("maz"), money: build::money("10.00", "EUR") };
        tasks.push(tokio::spawn(async move {
            journal.submit(strikefund::journal::Actor::system(), command).await
        }));
    }
    let mut allocated = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => allocated += 1,
            Err(CommandError::EnvelopeWouldGoBelowZero { account, .. }) => {
                assert_eq!(account, "equity:funds:general");
            }
            Err(other) => panic!("unexpected {other}"),
        }
    }
    assert_eq!(allocated, 10, "exactly what the general fund holds is allocated");
    assert_eq!(app.balance("equity:funds:general", "EUR").await, 0);
    assert_eq!(app.balance("equity:funds:committee:maz", "EUR").await, -10_000);
    let verifier = verify_export(&app.get_text("/export/journal.jsonl").await);
    assert_eq!(verifier.ledger.balance_text("equity:funds:general", "EUR").unwrap(), "0.00");
});

both_backends!(stale_projections_make_the_server_refuse_writes_until_rebuilt, |app| async move {
    app.small_fund("100.00").await;
    let head = app.head_seq().await;
    // The projections one entry behind the journal, as if a write of the
    // projections had been lost.
    sqlx::query(
        "UPDATE chain_head SET seq = seq - 1, hash = (SELECT hash FROM journal WHERE seq = $1) WHERE id = 1",
    )
    .bind(head as i64 - 1)
    .execute(&app.state.db.pool)
    .await
    .unwrap();
    let restarted = strikefund::server::prepare(&app.db.url, app.db.config()).await.unwrap();
    let reason = restarted.journal.read_only_reason().expect("writes are refused");
    let expected = format!("projections are at seq {} but the journal is at seq {head}", head - 1);
    assert!(reason.contains(&expected), "{reason}");
    strikefund::cli::repair::rebuild_projections(&app.db.url).await.unwrap();
    let repaired = strikefund::server::prepare(&app.db.url, app.db.config()).await.unwrap();
    assert_eq!(repaired.journal.read_only_reason(), None);
    let appended = repaired
        .journal
        .submit(strikefund::journal::Actor::system(), donation("AFTER", "1.00"))
        .await
        .unwrap();
    assert_eq!(appended.last().unwrap().seq, head + 2, "the repair entry, then the donation");
    let kind: String = sqlx::query_scalar("SELECT kind FROM journal WHERE seq = $1")
        .bind(head as i64 + 1)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(kind, "repair");
});

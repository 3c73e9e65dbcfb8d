//! Claims through the journal: N-of-M approval, reservation, payouts,
//! cancellation, and what stays out of the public journal.

use strikefund::domain::claim::{Category, DenialReason, PayoutMethod};
use strikefund::journal::command::{ClaimInput, PayoutInput};
use strikefund::journal::{Command, CommandError, Detail};

use crate::both_backends;
use crate::helpers::{TestApp, build};

async fn submit_claim(app: &TestApp, submitter: &str, amount: &str, notes: &str) -> String {
    let input = ClaimInput {
        committee: build::slug("maz"),
        worker: None,
        category: Category::Dismissal,
        money: build::money(amount, "EUR"),
        notes: notes.into(),
    };
    match app.submit_as(submitter, Command::SubmitClaim(input)).await.unwrap().detail {
        Detail::Claim { id, .. } => id,
        other => panic!("unexpected {other:?}"),
    }
}

fn approve(claim: &str) -> Command {
    Command::ApproveClaim { claim: claim.into() }
}

fn payout(claim: &str, amount: &str) -> Command {
    Command::RecordPayout(PayoutInput {
        claim: claim.into(),
        money: build::money(amount, "EUR"),
        account: build::account("assets:bank:lt-main"),
        method: PayoutMethod::BankTransfer,
        paid_on: build::date("2020-10-01"),
        reference: "PAYOUT-REF".into(),
    })
}

async fn fund_committee(app: &TestApp, amount: &str) {
    let command = Command::Allocate { committee: build::slug("maz"), money: build::money(amount, "EUR") };
    app.submit(command).await.unwrap();
}

both_backends!(the_submitter_cannot_approve_and_the_refusal_is_journaled, |app| async move {
    let fund = app.small_fund("3000.00").await;
    fund_committee(&app, "3000.00").await;
    let claim = submit_claim(&app, &fund.members[0], "1500.00", "").await;
    let before = app.head_seq().await;
    let answer = app.submit_as(&fund.members[0], approve(&claim)).await.unwrap();
    assert_eq!(answer.detail, Detail::Denied(DenialReason::SubmitterCannotApprove));
    assert_eq!(app.head_seq().await, before + 1);
    let export = app.get_text("/export/journal.jsonl").await;
    let last = export.lines().last().unwrap();
    assert!(last.contains("\"kind\":\"claim_approval_denied\""), "{last}");
    assert!(last.contains("submitter_cannot_approve"), "{last}");
    assert_eq!(app.balance("liabilities:payable:maz", "EUR").await, 0);
});

both_backends!(the_second_distinct_approval_reserves_the_money, |app| async move {
    let fund = app.small_fund("3000.00").await;
    fund_committee(&app, "3000.00").await;
    let claim = submit_claim(&app, &fund.members[0], "1500.00", "").await;
    let first = app.submit_as(&fund.members[1], approve(&claim)).await.unwrap();
    assert_eq!(first.detail, Detail::Approval { approvals: 1, threshold: 2, reserved: false });
    let again = app.submit_as(&fund.members[1], approve(&claim)).await.unwrap();
    assert_eq!(again.detail, Detail::Denied(DenialReason::AlreadyApproved));
    let second = app.submit_as(&fund.members[2], approve(&claim)).await.unwrap();
    assert_eq!(second.detail, Detail::Approval { approvals: 2, threshold: 2, reserved: true });
    assert_eq!(app.balance("liabilities:payable:maz", "EUR").await, -150_000);
    assert_eq!(app.balance("equity:funds:committee:maz", "EUR").await, -150_000);
});

both_backends!(an_approval_the_envelope_cannot_cover_changes_nothing, |app| async move {
    let fund = app.small_fund("3000.00").await;
    fund_committee(&app, "1200.00").await;
    let claim = submit_claim(&app, &fund.members[0], "1500.00", "").await;
    app.submit_as(&fund.members[1], approve(&claim)).await.unwrap();
    let before = app.head_seq().await;
    let error = app.submit_as(&fund.members[2], approve(&claim)).await.unwrap_err();
    assert_eq!(error.to_string(), "equity:funds:committee:maz: available 1,200.00 EUR, needed 1,500.00 EUR");
    assert_eq!(app.head_seq().await, before);
    let approvals: i64 = sqlx::query_scalar("SELECT approvals FROM claims WHERE id = $1")
        .bind(&claim)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(approvals, 1);
});

both_backends!(many_concurrent_approvals_reserve_exactly_once, |app| async move {
    let fund = app.small_fund("3000.00").await;
    fund_committee(&app, "3000.00").await;
    let claim = submit_claim(&app, &fund.members[0], "1500.00", "").await;
    let mut tasks = Vec::new();
    for n in 0..64 {
        let journal = app.state.journal.clone();
        let approver = fund.members[1 + n % 2].clone();
        let claim = claim.clone();
        tasks.push(tokio::spawn(async move {
            journal.submit(strikefund::journal::Actor::user(&approver), approve(&claim)).await
        }));
    }
    let mut reserved = 0;
    for task in tasks {
        if let Detail::Approval { reserved: true, .. } = task.await.unwrap().unwrap().detail {
            reserved += 1;
        }
    }
    assert_eq!(reserved, 1);
    assert_eq!(app.balance("liabilities:payable:maz", "EUR").await, -150_000);
});

both_backends!(payouts_use_up_the_reserve_and_never_exceed_it, |app| async move {
    let fund = app.small_fund("3000.00").await;
    fund_committee(&app, "3000.00").await;
    let claim = submit_claim(&app, &fund.members[0], "1500.00", "").await;
    app.submit_as(&fund.members[1], approve(&claim)).await.unwrap();
    app.submit_as(&fund.members[2], approve(&claim)).await.unwrap();
    // Two concurrent payouts that together exceed the reserve: one succeeds.
    let (a, b) = tokio::join!(app.submit(payout(&claim, "1000.00")), app.submit(payout(&claim, "1000.00")));
    let (ok, refused): (Vec<_>, Vec<_>) = [a, b].into_iter().partition(Result::is_ok);
    assert_eq!(ok.len(), 1);
    let error = refused.into_iter().next().unwrap().unwrap_err();
    assert_eq!(
        error.to_string(),
        "a payout of 1,000.00 EUR exceeds what remains reserved for the claim (500.00 EUR)"
    );
    app.submit(payout(&claim, "500.00")).await.unwrap();
    let state: String = sqlx::query_scalar("SELECT state FROM claims WHERE id = $1")
        .bind(&claim)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(state, "paid");
    assert_eq!(app.balance("liabilities:payable:maz", "EUR").await, 0);
    assert_eq!(app.balance("assets:bank:lt-main", "EUR").await, 300_000 - 150_000);
    let error = app.submit(payout(&claim, "1.00")).await.unwrap_err();
    assert!(matches!(error, CommandError::ClaimInWrongState { .. }));
});

both_backends!(cancelling_releases_what_is_still_reserved, |app| async move {
    let fund = app.small_fund("3000.00").await;
    fund_committee(&app, "3000.00").await;
    let claim = submit_claim(&app, &fund.members[0], "1500.00", "").await;
    app.submit_as(&fund.members[1], approve(&claim)).await.unwrap();
    app.submit_as(&fund.members[2], approve(&claim)).await.unwrap();
    app.submit(payout(&claim, "400.00")).await.unwrap();
    let command = Command::CancelClaim { claim: claim.clone(), reason: "worker withdrew".into() };
    app.submit_as(&fund.members[1], command).await.unwrap();
    assert_eq!(app.balance("liabilities:payable:maz", "EUR").await, 0);
    assert_eq!(app.balance("equity:funds:committee:maz", "EUR").await, -(300_000 - 40_000));
    let totals = strikefund::store::read::totals(&app.state.db.pool, "fund").await.unwrap();
    assert_eq!(totals[0].paid.amount_text(), "400.00");
    assert_eq!(totals[0].reserved.amount_text(), "0.00");
});

both_backends!(private_notes_and_references_stay_out_of_the_export, |app| async move {
    let fund = app.small_fund("3000.00").await;
    fund_committee(&app, "3000.00").await;
    let claim =
        submit_claim(&app, &fund.members[0], "1500.00", "CANARY-NOTES-7731 fired on 2020-08-14").await;
    app.submit_as(&fund.members[1], approve(&claim)).await.unwrap();
    app.submit_as(&fund.members[2], approve(&claim)).await.unwrap();
    app.submit(payout(&claim, "1500.00")).await.unwrap();
    let export = app.get_text("/export/journal.jsonl").await;
    for canary in ["CANARY-NOTES-7731", "PAYOUT-REF", "SMALL-FUND-1", "maz-1"] {
        assert!(!export.contains(canary), "{canary} leaked into the export");
    }
    let submitted = export.lines().find(|l| l.contains("claim_submitted")).unwrap();
    assert!(!submitted.contains("\"sealed\":null"), "the notes are committed to: {submitted}");
});

both_backends!(concurrent_payouts_from_two_writers_pay_a_reserve_once, |app| async move {
    let fund = app.small_fund("3000.00").await;
    fund_committee(&app, "3000.00").await;
    let claim = submit_claim(&app, &fund.members[0], "1500.00", "").await;
    app.submit_as(&fund.members[1], approve(&claim)).await.unwrap();
    app.submit_as(&fund.members[2], approve(&claim)).await.unwrap();
    // Two writers, as two server processes on one database would have; twelve
    // payouts of 500.00 against a reserve of 1,500.00.
    let other = strikefund::server::prepare(&app.db.url, app.db.config()).await.unwrap();
    let mut tasks = Vec::new();
    for n in 0..12 {
        let journal = if n % 2 == 0 { app.state.journal.clone() } else { other.journal.clone() };
        let command = payout(&claim, "500.00");
        tasks.push(tokio::spawn(async move {
            journal.submit(strikefund::journal::Actor::system(), command).await
        }));
    }
    let mut paid = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => paid += 1,
            Err(CommandError::PayoutExceedsReserve { .. } | CommandError::ClaimInWrongState { .. }) => {}
            Err(other) => panic!("unexpected {other}"),
        }
    }
    assert_eq!(paid, 3, "the reserve is paid out exactly once");
    assert_eq!(app.balance("liabilities:payable:maz", "EUR").await, 0);
    assert_eq!(app.balance("assets:bank:lt-main", "EUR").await, 300_000 - 150_000);
    let (code, report) = crate::audit::audit_report(&["verify", "--db", &app.db.url]);
    assert_eq!(code, 0, "{report}");
});

//! The privacy check: personal data seeded with recognisable canaries
//! (worker notes, anonymous donors' references, payout references, reasons,
//! usernames, a private committee's name, a token's name) appears in no
//! public page, no API response and not in the public export.

use serde_json::json;
use strikefund::domain::claim::{Category, PayoutMethod};
use strikefund::domain::role::Role;
use strikefund::journal::command::{ClaimInput, DonationInput, PayoutInput};
use strikefund::journal::{Command, Detail};

use crate::both_backends;
use crate::helpers::{TestApp, build};

const CANARY: &str = "canary";

async fn claim(app: &TestApp, committee: &str, members: &[String], amount: &str) -> String {
    let input = ClaimInput {
        committee: build::slug(committee),
        worker: None,
        category: Category::Dismissal,
        money: build::money(amount, "EUR"),
        notes: "Canary-Notes: Ivan Canaryenko, passport MP-CANARY-1, +375 29 000 CANARY".into(),
    };
    let Detail::Claim { id, .. } =
        app.submit_as(&members[0], Command::SubmitClaim(input)).await.unwrap().detail
    else {
        unreachable!()
    };
    id
}

async fn approve(app: &TestApp, members: &[String], claim: &str) {
    for member in &members[1..] {
        app.submit_as(member, Command::ApproveClaim { claim: claim.into() }).await.unwrap();
    }
}

/// A fund with every kind of private data, each carrying the canary.
async fn seed(app: &TestApp) -> Vec<String> {
    app.sample_fund().await;
    let private = Command::CreateCommittee {
        slug: build::slug("canary-medics"),
        name: "Canary medics committee".into(),
        public: false,
        threshold: 2,
    };
    app.submit(private).await.unwrap();
    let mut members = Vec::new();
    for n in 1..=3 {
        let user = strikefund::store::users::create(
            &app.state.db.pool,
            &format!("canary-user-{n}"),
            Role::Member,
            None,
        )
        .await
        .unwrap();
        for committee in ["maz", "canary-medics"] {
            let command = Command::AddMember { committee: build::slug(committee), user_id: user.id.clone() };
            app.submit(command).await.unwrap();
        }
        members.push(user.id);
    }
    let mut receipts = Vec::new();
    for (n, earmark) in [None, Some("canary-medics"), None].into_iter().enumerate() {
        let input = DonationInput {
            money: build::money("5000.00", "EUR"),
            received_on: build::date("2020-09-01"),
            account: build::account("assets:bank:lt-main"),
            earmark: earmark.map(build::slug),
            reference: format!("CANARY-BANK-REF-{n} from Anonymous Canary Donor"),
            donor: None,
            idempotency_key: None,
        };
        let answer = app.submit(Command::RecordDonation(input)).await.unwrap();
        let Detail::Donation { receipt } = answer.detail else { unreachable!() };
        receipts.push(receipt);
    }
    let token = app.token("canary-bank-feed", Role::Treasurer).await;
    let body = json!({"amount": "25.00", "currency": "EUR", "received_on": "2020-09-02",
        "account": "assets:bank:lt-main", "reference": "CANARY-FEED-REF", "earmark": "canary-medics", "donor": null});
    let (_, posted) = app.post_donation(Some(&token), Some("canary-key"), body.to_string()).await;
    receipts.push(posted["receipt"].as_str().unwrap().to_string());
    let csv = "received_on,amount,currency,account,reference,earmark,donor\r\n\
               2020-09-03,7.00,EUR,assets:bank:lt-main,CANARY-CSV-REF,,\r\n";
    app.import(csv.as_bytes(), false).await.unwrap();
    for committee in ["maz", "canary-medics"] {
        let command =
            Command::Allocate { committee: build::slug(committee), money: build::money("4000.00", "EUR") };
        app.submit(command).await.unwrap();
        let paid = claim(app, committee, &members, "1500.00").await;
        approve(app, &members, &paid).await;
        let payout = PayoutInput {
            claim: paid,
            money: build::money("1500.00", "EUR"),
            account: build::account("assets:bank:lt-main"),
            method: PayoutMethod::BankTransfer,
            paid_on: build::date("2020-10-01"),
            reference: "CANARY-PAYOUT-REF IBAN LT00 CANARY".into(),
        };
        let payout_seq = app.submit(Command::RecordPayout(payout)).await.unwrap().last().unwrap().seq;
        let reason = "Canary reversal: paid to the wrong account".to_string();
        app.submit(Command::Reverse { seq: payout_seq, reason }).await.unwrap();
        let rejected = claim(app, committee, &members, "100.00").await;
        let reason = "Canary rejection: worker already helped".to_string();
        app.submit_as(&members[1], Command::RejectClaim { claim: rejected, reason }).await.unwrap();
        let cancelled = claim(app, committee, &members, "100.00").await;
        approve(app, &members, &cancelled).await;
        let reason = "Canary cancellation: worker emigrated".to_string();
        app.submit_as(&members[1], Command::CancelClaim { claim: cancelled, reason }).await.unwrap();
    }
    receipts
}

both_backends!(no_personal_data_reaches_any_public_output, |app| async move {
    let receipts = seed(&app).await;
    let mut outputs = Vec::new();
    let mut paths = vec![
        "/".to_string(),
        "/api/v1/totals".to_string(),
        "/api/v1/journal/head".to_string(),
        "/export/journal.jsonl".to_string(),
        "/static/app.css".to_string(),
        "/receipt/canary".to_string(),
        "/api/v1/receipts/canary".to_string(),
    ];
    for receipt in &receipts {
        paths.push(format!("/receipt/{receipt}"));
        paths.push(format!("/api/v1/receipts/{receipt}"));
    }
    for path in &paths {
        let response = app.get(path).await;
        let headers = format!("{:?}", response.headers());
        outputs.push((path.clone(), headers + &response.text().await.unwrap()));
    }
    // Refusals must not echo what they refuse either.
    let token = app.token("feed-2", Role::Treasurer).await;
    let refused = json!({"amount": "1.001", "currency": "CANARY", "received_on": "canary", "account": "assets:bank:canary",
        "reference": "CANARY\u{1}", "earmark": "canary-nowhere", "donor": "Canary \u{1}"});
    let (status, answer) = app.post_donation(Some(&token), None, refused.to_string()).await;
    assert_eq!(status, reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    outputs.push(("refused donation".into(), answer.to_string()));
    let export = &outputs.iter().find(|(p, _)| p == "/export/journal.jsonl").unwrap().1;
    assert!(export.lines().count() > 40, "the export holds the seeded entries");
    assert!(export.contains("\"sealed\":\"") && export.contains("\"kind\":\"payout\""));
    for (path, text) in &outputs {
        assert!(!text.to_lowercase().contains(CANARY), "{path} leaks a canary: {text}");
    }
});

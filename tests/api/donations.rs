//! The donations API: tokens, idempotency, validation, receipts.

use reqwest::StatusCode;
use serde_json::{Value, json};
use strikefund::domain::role::Role;
use strikefund::journal::Command;

use crate::both_backends;
use crate::helpers::TestApp;

fn body(amount: &str, currency: &str, reference: &str) -> String {
    json!({
        "amount": amount,
        "currency": currency,
        "received_on": "2020-08-20",
        "account": "assets:bank:lt-main",
        "earmark": null,
        "reference": reference,
        "donor": null,
    })
    .to_string()
}

async fn with_token(app: &TestApp) -> String {
    app.sample_fund().await;
    app.token("bank-feed", Role::Treasurer).await
}

both_backends!(the_same_donation_posted_twice_is_one_entry, |app| async move {
    let token = with_token(&app).await;
    let before = app.head_seq().await;
    let (status, first) = app.post_donation(Some(&token), Some("k-1"), body("100.00", "EUR", "R-1")).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(first["seq"], json!(before + 1));
    assert_eq!(first["hash"].as_str().unwrap().len(), 64);
    assert_eq!(first["receipt"].as_str().unwrap().len(), 14);
    let (status, again) = app.post_donation(Some(&token), Some("k-1"), body("100.00", "EUR", "R-1")).await;
    assert_eq!((status, &again), (StatusCode::OK, &first));
    assert_eq!(app.head_seq().await, before + 1);
    assert_eq!(app.donation_count().await, 1);
    // The same key with a different body is a conflict, and records nothing.
    let (status, error) = app.post_donation(Some(&token), Some("k-1"), body("200.00", "EUR", "R-1")).await;
    assert_eq!(status, StatusCode::CONFLICT, "{error}");
    assert_eq!(error["error"], "this key was already used for a different request");
    // Without a key, account + reference identify the donation.
    let (status, _) = app.post_donation(Some(&token), None, body("5.00", "EUR", "R-2")).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = app.post_donation(Some(&token), None, body("5.00", "EUR", "R-2")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.head_seq().await, before + 2);
    // The token's opaque id is the entry's actor: never its name.
    let export = app.get_text("/export/journal.jsonl").await;
    let last = export.lines().last().unwrap();
    assert!(last.contains("\"actor\":\"t-"), "{last}");
    assert!(!export.contains("bank-feed") && !export.contains("R-1"));
});

both_backends!(bad_donations_are_refused_naming_the_field, |app| async move {
    let token = with_token(&app).await;
    let before = app.head_seq().await;
    let with = |field: &str, value: Value| {
        let mut object: Value = serde_json::from_str(&body("10.00", "EUR", "R-X")).unwrap();
        object[field] = value;
        object.to_string()
    };
    let cases: Vec<(String, StatusCode, &str)> = vec![
        (with("currency", json!("XYZ")), StatusCode::UNPROCESSABLE_ENTITY, "currency: unknown currency"),
        (with("amount", json!("10.005")), StatusCode::UNPROCESSABLE_ENTITY, "amount: too many decimals"),
        (with("amount", json!("0.00")), StatusCode::UNPROCESSABLE_ENTITY, "amount: zero amount"),
        (with("amount", json!("-5.00")), StatusCode::UNPROCESSABLE_ENTITY, "amount: negative amount"),
        (with("amount", json!(10.5)), StatusCode::UNPROCESSABLE_ENTITY, "amount: must be a string"),
        (
            with("account", json!("assets:bank:nowhere")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "account: unknown account",
        ),
        (
            with("earmark", json!("nonexistent")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "earmark: unknown committee",
        ),
        (
            with("received_on", json!("2999-01-01")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "received_on: date in the future",
        ),
        (
            with("received_on", json!("2020-13-01")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "received_on: invalid date",
        ),
        (with("reference", json!("")), StatusCode::UNPROCESSABLE_ENTITY, "reference: missing reference"),
        (with("refernce", json!("x")), StatusCode::UNPROCESSABLE_ENTITY, "body: unknown field"),
        ("{\"amount\": \"10.00\",".to_string(), StatusCode::BAD_REQUEST, "not valid JSON"),
        ("[1, 2]".to_string(), StatusCode::BAD_REQUEST, "must be a JSON object"),
    ];
    for (request, expected, message) in cases {
        let (status, answer) = app.post_donation(Some(&token), None, request.clone()).await;
        assert_eq!(status, expected, "{}: {answer}", &request[..request.len().min(80)]);
        let error = answer["error"].as_str().unwrap_or_default();
        assert!(error.contains(message), "{error:?} should contain {message:?}");
    }
    // The server closes the connection after refusing an oversized body, so
    // that request gets a client of its own (no pooled connection is reused).
    let oversized = format!("{{\"reference\": \"{}\"}}", "x".repeat(70_000));
    let response = reqwest::Client::new()
        .post(app.url("/api/v1/donations"))
        .bearer_auth(&token)
        .body(oversized)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let good = body("10.00", "EUR", "R-Y");
    let (status, _) = app.post_donation(None, None, good.clone()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let last = if token.ends_with('0') { '1' } else { '0' };
    let forged = format!("{}{last}", &token[..token.len() - 1]);
    let (status, _) = app.post_donation(Some(&forged), None, good.clone()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = app.post_donation(Some("sft_nothing"), None, good.clone()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let auditor = app.token("read-only", Role::Auditor).await;
    let (status, _) = app.post_donation(Some(&auditor), None, good).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) =
        app.post_donation(Some(&token), Some(&"k".repeat(200)), body("1.00", "EUR", "R-Z")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.head_seq().await, before, "nothing was recorded");
});

both_backends!(only_the_hash_of_a_token_is_stored, |app| async move {
    let token = app.token("bank-feed", Role::Treasurer).await;
    let secret = token.rsplit('_').next().unwrap();
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT secret_hash FROM api_tokens").fetch_all(&app.state.db.pool).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].contains(secret) && !token.contains(&stored[0]));
    let error = strikefund::store::tokens::create(&app.state.db.pool, "bank-feed", Role::Treasurer).await;
    assert_eq!(error.unwrap_err().to_string(), "a token named \"bank-feed\" already exists");
});

both_backends!(a_receipt_shows_the_donation_and_whether_it_was_reversed, |app| async move {
    let token = with_token(&app).await;
    let (_, posted) = app.post_donation(Some(&token), None, body("1500.00", "EUR", "R-1")).await;
    let code = posted["receipt"].as_str().unwrap().to_string();
    let receipt = app.get_json(&format!("/api/v1/receipts/{code}")).await;
    assert_eq!(receipt["amount"], "1500.00");
    assert_eq!(receipt["currency"], "EUR");
    assert_eq!(receipt["day"], "2020-08-20");
    assert_eq!(receipt["seq"], posted["seq"]);
    assert_eq!(receipt["hash"], posted["hash"]);
    assert_eq!(receipt["reversed"], false);
    assert!(receipt["checkpoint"].is_null() && receipt["inclusion_proof"].is_null(), "no checkpoint yet");
    // Donors may type the code in lower case, with spaces.
    let typed = code.to_lowercase().replace('-', " ");
    let page = app.get_text(&format!("/receipt/{typed}")).await;
    assert!(page.contains("1,500.00") && page.contains(posted["hash"].as_str().unwrap()), "{page}");
    let seq = posted["seq"].as_u64().unwrap();
    app.submit(Command::Reverse { seq, reason: "sent twice".into() }).await.unwrap();
    let receipt = app.get_json(&format!("/api/v1/receipts/{code}")).await;
    assert_eq!(receipt["reversed"], true);
    assert_eq!(receipt["reversed_by"], json!(seq + 1));
    assert!(app.get_text(&format!("/receipt/{code}")).await.contains("was reversed"));
    let lookup = app.get(&format!("/receipt?code={typed}")).await;
    assert_eq!(lookup.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.get("/api/v1/receipts/0000-0000-0000").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.get("/api/v1/receipts/nonsense").await.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.get("/receipt/0000-0000-0000").await.status(), StatusCode::NOT_FOUND);
});

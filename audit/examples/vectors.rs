//! Prints the test vectors of docs/chain-format.md from this implementation.

use serde_json::json;
use strikefund_audit::{Entry, Hash};

fn main() {
    let first = Entry {
        seq: 1,
        prev: Hash::ZERO,
        at: "2020-08-20T09:00:00.000000Z".into(),
        actor: "system".into(),
        kind: "committee_created".into(),
        body: json!({"committee": "maz", "name": "MAZ strike committee", "public": true, "threshold": 2})
            .as_object()
            .unwrap()
            .clone(),
        sealed: None,
    };
    let first_hash = first.compute_hash().unwrap();
    let second = Entry {
        seq: 2,
        prev: first_hash,
        at: "2020-08-20T09:15:00.000000Z".into(),
        actor: "system".into(),
        kind: "donation".into(),
        body: json!({
            "postings": [
                {"account": "assets:bank:lt-main", "currency": "EUR", "amount": "1500.00"},
                {"account": "equity:funds:general", "currency": "EUR", "amount": "-1500.00"}
            ],
            "received_on": "2020-08-20",
            "donor": "Ола з Варшавы \"Салідарнасць\""
        })
        .as_object()
        .unwrap()
        .clone(),
        sealed: Some(Hash::sha256(&[b"example private part"])),
    };
    let second_hash = second.compute_hash().unwrap();
    let third = Entry {
        seq: 3,
        prev: second_hash,
        at: "2020-08-21T17:30:05.250000Z".into(),
        actor: "u-3f9a2c71".into(),
        kind: "claim_approval_denied".into(),
        body: json!({"claim": "K-7F3K-92QX", "reason": "submitter_cannot_approve", "note\u{1}": "tab\there"})
            .as_object()
            .unwrap()
            .clone(),
        sealed: None,
    };
    for entry in [first, second, third] {
        let canonical = String::from_utf8(entry.canonical_bytes().unwrap()).unwrap();
        println!("canonical: {canonical}");
        println!("hash: {}", entry.compute_hash().unwrap());
    }
}

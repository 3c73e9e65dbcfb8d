//! The people paid: personal data is sealed at rest (database file, its WAL,
//! backups, a PostgreSQL dump) and readable with the data key; one person
//! claimed through two committees is noticed; a second dismissal grant needs
//! an override reason; erasure shreds a worker and keeps the books; without
//! the data key nothing personal is written and the pages say why.

use std::path::Path;
use std::process::Command as Process;

use reqwest::StatusCode;
use serde_json::Value;
use strikefund::config::Config;
use strikefund::domain::claim::{Category, PayoutMethod};
use strikefund::domain::role::Role;
use strikefund::domain::worker::Person as Details;
use strikefund::journal::command::{ClaimInput, PayoutInput};
use strikefund::journal::{Command, CommandError, Detail};

use crate::audit::audit_binary;
use crate::both_backends;
use crate::helpers::{Backend, TestApp, TestDb, build, spawn_app_with};
use crate::web::{Person, claim_id, entries_of_kind, people};

/// Personal data of the canary worker: each must never appear in clear.
const CANARIES: &[&str] =
    &["Canarina Zhukava", "CANARY77", "CANARY 0000 9999", "Canary notes", "CANARY-PAYOUT"];

fn canary_person() -> Details {
    Details::parse("Canarina Zhukava", "+375 29 CANARY", "MP CANARY77", "LT12 CANARY 0000 9999").unwrap()
}

/// Runs the `strikefund` binary on the app's database, with its data key when `with_key`.
fn strikefund(app: &TestApp, with_key: bool, args: &[&str]) -> (bool, String, String) {
    let mut command = Process::new(env!("CARGO_BIN_EXE_strikefund"));
    command
        .arg("--db")
        .arg(&app.db.url)
        .args(args)
        .env("STRIKEFUND_LOG", "warn")
        .env_remove("STRIKEFUND_DATA_KEY");
    if with_key {
        command.arg("--data-key").arg(&app.db.data_key_path);
    }
    let output = command.output().expect("the binary runs");
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    (output.status.success(), text(output.stdout), text(output.stderr))
}

/// `strikefund-audit verify --db`: exit code and output.
fn audit_verify(url: &str) -> (i32, String) {
    let output = Process::new(audit_binary()).args(["verify", "--db", url]).output().unwrap();
    let text =
        format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.code().unwrap(), text)
}

/// Tables and indexes that hold sealed data or digests.
const PRIVATE_RELATIONS: &[&str] = &[
    "sealed_records",
    "sealed_records_pkey",
    "worker_identities",
    "worker_identities_pkey",
    "worker_identities_by_digest",
];

/// The PostgreSQL files of the private tables and their indexes, after a
/// checkpoint wrote every changed page, when this process may read them
/// (the server runs on this machine); empty otherwise.
async fn postgres_relation_files(app: &TestApp) -> Vec<u8> {
    let pool = &app.state.db.pool;
    sqlx::query("CHECKPOINT").execute(pool).await.unwrap();
    let dir: String =
        sqlx::query_scalar("SELECT current_setting('data_directory')").fetch_one(pool).await.unwrap();
    let mut bytes = Vec::new();
    for relation in PRIVATE_RELATIONS {
        let path: String = sqlx::query_scalar("SELECT pg_relation_filepath($1)")
            .bind(relation)
            .fetch_one(pool)
            .await
            .unwrap();
        match std::fs::read(Path::new(&dir).join(&path)) {
            Ok(more) => bytes.extend(more),
            Err(error) => eprintln!("cannot read {relation}'s file ({error}): checking the dump only"),
        }
    }
    bytes
}

/// The database as an attacker who copied it would see it: the SQLite file
/// and its write-ahead log, or a plain `pg_dump` of the PostgreSQL database
/// and the files of its private tables.
async fn raw_database(app: &TestApp) -> Vec<u8> {
    match app.db.backend {
        Backend::Sqlite => {
            let path = app.db.path.as_ref().unwrap();
            let mut bytes = std::fs::read(path).unwrap();
            let wal = path.with_file_name(format!("{}-wal", path.file_name().unwrap().to_string_lossy()));
            if let Ok(more) = std::fs::read(&wal) {
                bytes.extend(more);
            }
            bytes
        }
        Backend::Postgres => {
            let output = Process::new("pg_dump")
                .args(["--format=plain", "--data-only", &app.db.url])
                .output()
                .expect("pg_dump runs (.ci/run installs postgresql-client)");
            assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
            let mut bytes = output.stdout;
            bytes.extend(postgres_relation_files(app).await);
            bytes
        }
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

async fn allocate(app: &TestApp, committee: &str, amount: &str) {
    let command = Command::Allocate { committee: build::slug(committee), money: build::money(amount, "EUR") };
    app.submit(command).await.unwrap();
}

/// Committee `slug` (public, threshold 2) with members `<slug>-1` … `<slug>-3`.
async fn committee(app: &TestApp, slug: &str) -> Vec<String> {
    let command = Command::CreateCommittee {
        slug: build::slug(slug),
        name: format!("{slug} committee"),
        public: true,
        threshold: 2,
    };
    app.submit(command).await.unwrap();
    let mut members = Vec::new();
    for n in 1..=3 {
        let user =
            strikefund::store::users::create(&app.state.db.pool, &format!("{slug}-{n}"), Role::Member, None)
                .await
                .unwrap();
        app.submit(Command::AddMember { committee: build::slug(slug), user_id: user.id.clone() })
            .await
            .unwrap();
        members.push(user.id);
    }
    members
}

fn dismissal(committee: &str, notes: &str) -> ClaimInput {
    ClaimInput {
        committee: build::slug(committee),
        worker: None,
        category: Category::Dismissal,
        money: build::money("1500.00", "EUR"),
        notes: notes.into(),
    }
}

/// Submits a claim for a new worker with `person`; returns (claim, pseudonym).
async fn new_worker_claim(
    app: &TestApp,
    submitter: &str,
    claim: ClaimInput,
    person: Details,
) -> (String, String) {
    let answer = app.submit_as(submitter, Command::SubmitNewWorkerClaim { claim, person }).await.unwrap();
    let Detail::Claim { id, worker } = answer.detail else { unreachable!("a claim answers with its id") };
    (id, worker)
}

async fn approve(app: &TestApp, members: &[String], claim: &str) {
    for member in &members[1..] {
        let answer = app.submit_as(member, Command::ApproveClaim { claim: claim.into() }).await.unwrap();
        assert!(!matches!(answer.detail, Detail::Denied(_)), "{:?}", answer.detail);
    }
}

async fn pay(app: &TestApp, claim: &str, reference: &str) {
    let payout = PayoutInput {
        claim: claim.into(),
        money: build::money("1500.00", "EUR"),
        account: build::account("assets:bank:lt-main"),
        method: PayoutMethod::BankTransfer,
        paid_on: build::date("2020-10-01"),
        reference: reference.into(),
    };
    app.submit(Command::RecordPayout(payout)).await.unwrap();
}

/// The canary worker, approved and paid through maz; returns (claim, pseudonym).
async fn canary_worker(app: &TestApp) -> (String, String) {
    let fund = app.small_fund("10000.00").await;
    allocate(app, "maz", "6000.00").await;
    let claim = dismissal("maz", "Canary notes: dismissed after the strike meeting");
    let (claim, worker) = new_worker_claim(app, &fund.members[0], claim, canary_person()).await;
    approve(app, &fund.members, &claim).await;
    pay(app, &claim, "CANARY-PAYOUT-REF").await;
    (claim, worker)
}

both_backends!(personal_data_is_sealed_at_rest_and_readable_with_the_key, |app| async move {
    let (_, worker) = canary_worker(&app).await;
    let raw = raw_database(&app).await;
    assert!(contains(&raw, &worker), "the search sees the database's contents (the public pseudonym)");
    for canary in CANARIES {
        assert!(!contains(&raw, canary), "{canary} is in the database in clear");
    }
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("backup.db");
    let (ok, stdout, stderr) = strikefund(&app, false, &["backup", &backup.display().to_string()]);
    if app.db.backend == Backend::Sqlite {
        assert!(ok, "{stdout}{stderr}");
        let bytes = std::fs::read(&backup).unwrap();
        assert!(contains(&bytes, &worker), "the backup holds the journal");
        for canary in CANARIES {
            assert!(!contains(&bytes, canary), "{canary} is in the backup in clear");
        }
    } else {
        assert!(ok, "pg_dump makes the PostgreSQL backup: {stdout}{stderr}");
        assert!(std::fs::metadata(&backup).unwrap().len() > 0);
    }
    // With the data key, an authorised inspection reads it all back.
    let (ok, stdout, stderr) = strikefund(&app, true, &["worker", "inspect", &worker]);
    assert!(ok, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["person"]["full_name"], "Canarina Zhukava");
    assert_eq!(report["person"]["document"], "MP CANARY77");
    assert_eq!(report["person"]["payment"], "LT12 CANARY 0000 9999");
    let entries = report["entries"].as_array().unwrap();
    let kinds: Vec<&str> = entries.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["claim_submitted", "payout"]);
    assert_eq!(entries[0]["fields"]["notes"], "Canary notes: dismissed after the strike meeting");
    assert_eq!(entries[1]["fields"]["reference"], "CANARY-PAYOUT-REF");
    // Without the key, the same command says what is missing.
    let (ok, _, stderr) = strikefund(&app, false, &["worker", "inspect", &worker]);
    assert!(!ok && stderr.contains("--data-key"), "{stderr}");
});

both_backends!(an_inspection_passes_unseal_check_and_a_changed_field_fails_it, |app| async move {
    let (_, worker) = canary_worker(&app).await;
    let (ok, stdout, stderr) = strikefund(&app, true, &["worker", "inspect", &worker]);
    assert!(ok, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for entry in report["entries"].as_array().unwrap() {
        let fields = dir.path().join(format!("fields-{}.json", entry["seq"]));
        let canonical = entry["fields_jcs"].as_str().unwrap();
        assert_eq!(serde_json::from_str::<Value>(canonical).unwrap(), entry["fields"]);
        std::fs::write(&fields, canonical).unwrap();
        let check = |fields: &Path| {
            let output = Process::new(audit_binary())
                .args(["unseal-check", "--sealed", entry["sealed"].as_str().unwrap()])
                .args(["--salt", entry["salt"].as_str().unwrap(), "--fields"])
                .arg(fields)
                .output()
                .unwrap();
            (output.status.code().unwrap(), String::from_utf8_lossy(&output.stdout).to_string())
        };
        let (code, out) = check(&fields);
        assert_eq!(code, 0, "entry {}: {out}", entry["seq"]);
        let mut changed = entry["fields"].clone();
        let first = changed.as_object_mut().unwrap().values_mut().next().unwrap();
        *first = Value::String("someone else".into());
        std::fs::write(&fields, changed.to_string()).unwrap();
        assert_eq!(check(&fields).0, 1, "a changed field no longer matches the commitment");
    }
});

/// Two committees, maz and mtz, with members who can log in, and money.
async fn two_committees(app: &TestApp) -> (Vec<String>, Vec<String>) {
    let maz = app.small_fund("20000.00").await.members;
    let mtz = committee(app, "mtz").await;
    allocate(app, "maz", "6000.00").await;
    allocate(app, "mtz", "6000.00").await;
    people(app).await;
    (maz, mtz)
}

/// Submits the new-claim form as `username` for a new worker; returns the claim id.
async fn submit_form(app: &TestApp, username: &str, name: &str, document: &str, notes: &str) -> String {
    let slug = username.split('-').next().unwrap();
    let mut person = Person::new(app);
    person.login(username).await;
    person.get(&format!("/c/{slug}/claims/new")).await;
    let fields = [
        ("worker", ""),
        ("full_name", name),
        ("document", document),
        ("contact", ""),
        ("payment", "LT00 0000 1111"),
        ("category", "dismissal"),
        ("amount", "1500.00"),
        ("currency", "EUR"),
        ("notes", notes),
    ];
    let page = person.post(&format!("/c/{slug}/claims"), &fields).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    claim_id(page.redirected_to())
}

async fn worker_of(app: &TestApp, claim: &str) -> String {
    sqlx::query_scalar("SELECT worker FROM claims WHERE id = $1")
        .bind(claim)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

both_backends!(one_document_written_differently_in_two_committees_is_noticed, |app| async move {
    two_committees(&app).await;
    let at_maz = submit_form(&app, "maz-1", "Ivan Dubl", "MP 1234567", "maz private notes").await;
    let at_mtz = submit_form(&app, "mtz-1", "Ivan Dubl", "mp-1234567", "mtz private notes").await;
    let other = submit_form(&app, "mtz-1", "Pavel Other", "MP 7654321", "").await;
    let (maz_worker, mtz_worker) = (worker_of(&app, &at_maz).await, worker_of(&app, &at_mtz).await);
    assert_ne!(maz_worker, mtz_worker, "each committee's claim made its own pseudonym");

    let mut approver = Person::new(&app);
    approver.login("mtz-2").await;
    let page = approver.get(&format!("/c/mtz/claims/{at_mtz}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("The same person may have other claims"), "{}", page.body);
    assert!(page.body.contains(&format!("data-worker=\"{maz_worker}\"")), "{}", page.body);
    assert!(page.body.contains("another committee") && page.body.contains("waiting for approval"));
    assert!(!page.body.contains("maz private notes"), "another committee's notes stay hidden");
    assert!(!page.body.contains(&at_maz), "another committee's claim is named by pseudonym only");
    assert!(page.body.contains("mtz private notes") && page.body.contains("Ivan Dubl"), "own data is shown");
    assert!(page.body.contains("name=\"override_reason\""), "a second dismissal grant will need a reason");

    let mut maz_member = Person::new(&app);
    maz_member.login("maz-2").await;
    let page = maz_member.get(&format!("/c/maz/claims/{at_maz}")).await;
    assert!(page.body.contains(&format!("data-worker=\"{mtz_worker}\"")), "both sides are warned");
    let page = approver.get(&format!("/c/mtz/claims/{other}")).await;
    assert!(!page.body.contains("The same person may have other claims"), "a different document: no warning");
    // The auditor reads claims but neither personal data nor the link between them.
    let mut auditor = Person::new(&app);
    auditor.login("auditor").await;
    let page = auditor.get(&format!("/c/mtz/claims/{at_mtz}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("Ivan Dubl") && !page.body.contains(&maz_worker), "{}", page.body);
});

both_backends!(a_second_dismissal_grant_needs_a_journaled_override_reason, |app| async move {
    let (maz, _) = two_committees(&app).await;
    let first = submit_form(&app, "maz-1", "Olga Dubl", "KH 0000001", "").await;
    approve(&app, &maz, &first).await;
    let second = submit_form(&app, "mtz-1", "Olga Dubl", "kh0000001", "").await;
    let mut approver = Person::new(&app);
    approver.login("mtz-2").await;
    approver.get(&format!("/c/mtz/claims/{second}")).await;
    let denied_before = entries_of_kind(&app, "claim_approval_denied").await;
    let page = approver.post(&format!("/c/mtz/claims/{second}/approve"), &[("override_reason", "  ")]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        entries_of_kind(&app, "claim_approval_denied").await,
        denied_before + 1,
        "the refusal is journaled"
    );
    let page = approver.get(&format!("/c/mtz/claims/{second}")).await;
    assert!(page.body.contains("already has a dismissal grant"), "{}", page.body);
    assert!(page.body.contains("duplicate_needs_override") || page.body.contains("Approval refused"));

    let reason = "Fired twice: a second plant after the first dismissal";
    let page =
        approver.post(&format!("/c/mtz/claims/{second}/approve"), &[("override_reason", reason)]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let mut third = Person::new(&app);
    third.login("mtz-3").await;
    third.get(&format!("/c/mtz/claims/{second}")).await;
    third.post(&format!("/c/mtz/claims/{second}/approve"), &[("override_reason", reason)]).await;
    assert_eq!(crate::web::claim_state(&app, &second).await, "approved");
    let rows: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT j.body, j.sealed FROM journal j JOIN claim_events e ON e.seq = j.seq \
         WHERE e.claim = $1 AND j.kind = 'claim_approval' ORDER BY j.seq",
    )
    .bind(&second)
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), 2);
    for (body, sealed) in &rows {
        let body: Value = serde_json::from_str(body).unwrap();
        assert_eq!(body["override"], "duplicate_dismissal");
        assert!(sealed.is_some(), "the reason is sealed with the approval");
    }
    let export = app.get_text("/export/journal.jsonl").await;
    assert!(!export.contains("Fired twice"), "the reason is never in the public journal");
    // The first grant's approvals needed no override.
    let denied: i64 = sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM journal j JOIN claim_events e ON e.seq = j.seq \
         WHERE e.claim = $1 AND j.kind = 'claim_approval_denied'",
    )
    .bind(&first)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(denied, 0);
});

/// The public totals without the chain head, which every entry moves.
async fn public_totals(app: &TestApp) -> Value {
    let mut totals = app.get_json("/api/v1/totals").await;
    let object = totals.as_object_mut().unwrap();
    object.remove("head");
    object.remove("checkpoint");
    totals
}

both_backends!(erasure_shreds_the_worker_and_keeps_the_books, |app| async move {
    let (claim, worker) = canary_worker(&app).await;
    let maz = strikefund::store::committees::members(&app.state.db.pool, "maz").await.unwrap();
    let kept_claim = dismissal("maz", "Kept notes");
    let kept_person = Details::parse("Kept Person", "", "KP 1", "LT99").unwrap();
    let (_, kept) = new_worker_claim(&app, &maz[0].0, kept_claim, kept_person).await;
    let totals = public_totals(&app).await;
    let balances_before: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT account, currency, minor FROM balances ORDER BY account, currency")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
    let secrets: Vec<String> = sqlx::query_scalar(
        "SELECT sealed FROM sealed_records WHERE worker = $1 \
         UNION ALL SELECT digest FROM worker_identities WHERE pseudonym = $1",
    )
    .bind(&worker)
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(secrets.len(), 3, "the claim's and the payout's records, and the identity digest");
    let raw = raw_database(&app).await;
    for secret in &secrets {
        assert!(contains(&raw, &secret[..40]), "the search finds the records before erasure");
    }
    if app.db.backend == Backend::Postgres {
        let files = postgres_relation_files(&app).await;
        if !files.is_empty() {
            assert!(
                contains(&files, &secrets[0][..40]),
                "the table's own file holds the record before erasure"
            );
        }
    }

    // Erasure needs no data key: the records are deleted, not read.
    let (ok, stdout, stderr) =
        strikefund(&app, false, &["worker", "erase", &worker, "--reason", "worker_request"]);
    assert!(ok, "{stdout}{stderr}");
    let raw = raw_database(&app).await;
    for (n, secret) in secrets.iter().enumerate() {
        let files = if app.db.backend == Backend::Postgres {
            postgres_relation_files(&app).await
        } else {
            Vec::new()
        };
        assert!(
            !contains(&raw, &secret[..40]),
            "erased record {n} is still in the database files (in the table files: {})",
            contains(&files, &secret[..40])
        );
    }
    let (code, output) = audit_verify(&app.db.url);
    assert_eq!(code, 0, "the chain still verifies: {output}");
    assert_eq!(public_totals(&app).await, totals, "public totals unchanged");
    let balances_after: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT account, currency, minor FROM balances ORDER BY account, currency")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(balances_after, balances_before, "balances unchanged");
    let export = app.get_text("/export/journal.jsonl").await;
    let erasure = export.lines().last().unwrap();
    assert!(erasure.contains("\"kind\":\"erasure\"") && erasure.contains(&worker), "{erasure}");
    assert!(erasure.contains("\"reason\":\"worker_request\""));

    let (ok, stdout, stderr) = strikefund(&app, true, &["worker", "inspect", &worker]);
    assert!(ok, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["person"], Value::Null);
    assert_eq!(report["entries"], serde_json::json!([]));
    assert!(report["erased_by"].is_u64());
    let (ok, stdout, _) = strikefund(&app, true, &["worker", "inspect", &kept]);
    assert!(ok && stdout.contains("Kept Person"), "other workers keep their data");

    people(&app).await;
    let mut member = Person::new(&app);
    member.login("maz-2").await;
    let page = member.get(&format!("/c/maz/claims/{claim}")).await;
    assert!(page.body.contains("personal data was erased"), "{}", page.body);
    let again = ClaimInput { worker: Some(worker.clone()), ..dismissal("maz", "") };
    let refused = app.submit_as(&maz[0].0, Command::SubmitClaim(again)).await.unwrap_err();
    assert_eq!(refused, CommandError::WorkerErased(worker.clone()));
    let twice =
        Command::EraseWorker { worker, reason: strikefund::domain::worker::ErasureReason::SafetyRisk };
    assert!(matches!(app.submit(twice).await.unwrap_err(), CommandError::WorkerAlreadyErased(_)));
});

both_backends!(without_the_data_key_nothing_personal_is_written_and_pages_say_so, |app| async move {
    let db = TestDb::create(app.db.backend).await.unwrap();
    let keyless = spawn_app_with(Config::default(), db).await;
    let eur = strikefund::domain::Currency::parse("EUR").unwrap();
    let account = build::account("assets:bank:lt-main");
    keyless.submit(Command::OpenAccount { account, currencies: vec![eur] }).await.unwrap();
    let members = committee(&keyless, "maz").await;
    let before = keyless.head_seq().await;
    let refused = keyless
        .submit_as(
            &members[0],
            Command::SubmitNewWorkerClaim { claim: dismissal("maz", ""), person: canary_person() },
        )
        .await
        .unwrap_err();
    assert_eq!(refused, CommandError::DataKeyMissing);
    let notes =
        keyless.submit_as(&members[0], Command::SubmitClaim(dismissal("maz", "notes"))).await.unwrap_err();
    assert_eq!(notes, CommandError::DataKeyMissing);
    assert!(refused.to_string().contains("--data-key"), "{refused}");
    assert_eq!(keyless.head_seq().await, before, "nothing was written");
    // Claims without private data still work, and so do public pages.
    let answer = keyless.submit_as(&members[0], Command::SubmitClaim(dismissal("maz", ""))).await.unwrap();
    let Detail::Claim { id, .. } = answer.detail else { unreachable!() };
    assert_eq!(keyless.get("/api/v1/totals").await.status(), StatusCode::OK);
    people(&keyless).await;
    let mut member = Person::new(&keyless);
    member.login("maz-2").await;
    let form = member.get("/c/maz/claims/new").await;
    assert!(form.body.contains("The data key is not loaded"), "{}", form.body);
    let page = member.get(&format!("/c/maz/claims/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("The data key is not loaded"), "nothing sealed: nothing missing");
    let fields = [
        ("worker", ""),
        ("full_name", "Ivan"),
        ("document", "MP1"),
        ("category", "dismissal"),
        ("amount", "100"),
        ("currency", "EUR"),
        ("notes", ""),
    ];
    let page = member.post("/c/maz/claims", &fields).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("The data key is not loaded"), "{}", page.body);

    // A claim sealed by a server with the key shows the notice on a keyless one.
    let (sealed_claim, _) = {
        app.small_fund("100.00").await;
        let members = strikefund::store::committees::members(&app.state.db.pool, "maz").await.unwrap();
        new_worker_claim(&app, &members[0].0, dismissal("maz", "n"), canary_person()).await
    };
    let same_db = strikefund::server::prepare(&app.db.url, Config::default()).await.unwrap();
    let view = strikefund::privacy::records::sealed_part(&same_db.db.pool, None, 1).await.unwrap();
    assert_eq!(view, strikefund::privacy::records::Unsealed::Nothing, "entry 1 seals nothing");
    let claim = strikefund::store::committees::claim(&same_db.db.pool, &sealed_claim).await.unwrap().unwrap();
    let view =
        strikefund::privacy::records::sealed_part(&same_db.db.pool, None, claim.submitted_seq).await.unwrap();
    assert_eq!(view, strikefund::privacy::records::Unsealed::KeyMissing);
});

both_backends!(another_data_key_is_refused_at_start, |app| async move {
    app.small_fund("100.00").await;
    let other = Config { data_key: Some(strikefund::privacy::DataKey::generate()), ..Config::default() };
    let error = strikefund::server::prepare(&app.db.url, other).await.err().expect("refused");
    assert!(error.to_string().contains("is not the one this database"), "{error}");
    strikefund::server::prepare(&app.db.url, app.db.config()).await.expect("its own key is accepted");
});

both_backends!(plaintext_records_of_older_databases_are_sealed_at_start, |app| async move {
    app.small_fund("100.00").await;
    let pool = &app.state.db.pool;
    let (seq, sealed): (i64, String) =
        sqlx::query_as("SELECT seq, sealed FROM sealed_records").fetch_one(pool).await.unwrap();
    let key = app.db.config().data_key.unwrap();
    let opened = strikefund::privacy::records::open_record(&key, seq as u64, &sealed);
    let strikefund::privacy::records::Unsealed::Opened(opened) = opened else { panic!("{opened:?}") };
    // As a database written before personal data was encrypted holds it.
    sqlx::query("INSERT INTO private_records (seq, salt, payload) VALUES ($1, $2, $3)")
        .bind(seq)
        .bind(&opened.salt)
        .bind(opened.fields.to_string())
        .execute(pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM sealed_records").execute(pool).await.unwrap();
    let restarted = strikefund::server::prepare(&app.db.url, app.db.config()).await.unwrap();
    let left: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM private_records")
        .fetch_one(&restarted.db.pool)
        .await
        .unwrap();
    assert_eq!(left, 0, "no plaintext is left");
    let view =
        strikefund::privacy::records::sealed_part(&restarted.db.pool, Some(&key), seq as u64).await.unwrap();
    let strikefund::privacy::records::Unsealed::Opened(again) = view else { panic!("{view:?}") };
    assert_eq!(again, opened, "the same salt and fields, now encrypted");
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_backup_restores_into_a_database_that_verifies() {
    let app = crate::helpers::spawn_app(Backend::Sqlite).await.unwrap();
    canary_worker(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("fund-backup.db");
    let (ok, stdout, stderr) = strikefund(&app, false, &["backup", &backup.display().to_string()]);
    assert!(ok, "{stdout}{stderr}");
    let (again, _, stderr) = strikefund(&app, false, &["backup", &backup.display().to_string()]);
    assert!(!again && stderr.contains("never overwrites"), "{stderr}");
    let restored = format!("sqlite://{}", dir.path().join("restored.db").display());
    let output = Process::new(env!("CARGO_BIN_EXE_strikefund"))
        .args(["restore", &backup.display().to_string(), "--db", &restored])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let (code, text) = audit_verify(&restored);
    assert_eq!(code, 0, "{text}");
    let restored_head =
        strikefund::privacy::maintenance::verify_sqlite_file(&dir.path().join("restored.db")).await.unwrap();
    assert_eq!(restored_head.entries, app.head_seq().await);
    // Restoring over an existing database is refused.
    let output = Process::new(env!("CARGO_BIN_EXE_strikefund"))
        .args(["restore", &backup.display().to_string(), "--db", &restored])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("never overwrites"));
}

both_backends!(the_treasurer_sees_whom_to_pay_and_nothing_more, |app| async move {
    let fund = app.small_fund("10000.00").await;
    allocate(&app, "maz", "3000.00").await;
    let claim = dismissal("maz", "Canary notes: evidence");
    let (claim, _) = new_worker_claim(&app, &fund.members[0], claim, canary_person()).await;
    approve(&app, &fund.members, &claim).await;
    people(&app).await;
    let mut treasurer = Person::new(&app);
    treasurer.login("treasurer").await;
    let page = treasurer.get(&format!("/treasurer/payouts/{claim}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Canarina Zhukava") && page.body.contains("LT12 CANARY 0000 9999"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("CANARY77") && !page.body.contains("Canary notes"), "only whom to pay");
    let page = treasurer.get(&format!("/c/maz/claims/{claim}")).await;
    assert!(!page.body.contains("Canarina"), "the claim page shows the treasurer no personal data");
    let mut auditor = Person::new(&app);
    auditor.login("auditor").await;
    let page = auditor.get("/treasurer/payouts").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("Canarina"));
});

both_backends!(the_board_erases_a_worker_from_the_admin_page, |app| async move {
    let (_, worker) = canary_worker(&app).await;
    people(&app).await;
    let mut auditor = Person::new(&app);
    auditor.login("auditor").await;
    auditor.get("/admin").await;
    let page = auditor.post("/admin/workers/erase", &[("worker", &worker), ("reason", "safety_risk")]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "only the board erases");
    let mut admin = Person::new(&app);
    admin.login("admin").await;
    let home = admin.get("/admin").await;
    assert!(home.body.contains("action=\"/admin/workers/erase\""), "{}", home.body);
    for (fields, expect) in [
        ([("worker", "W-0000-00"), ("reason", "safety_risk")], "no worker with this pseudonym"),
        ([("worker", "Ivan"), ("reason", "safety_risk")], "A pseudonym looks like"),
        ([("worker", worker.as_str()), ("reason", "bored")], "Choose one of the options"),
    ] {
        let page = admin.post("/admin/workers/erase", &fields).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(page.body.contains(expect), "{fields:?}: {}", page.body);
    }
    assert_eq!(entries_of_kind(&app, "erasure").await, 0, "refusals change nothing");
    let lower = worker.to_lowercase();
    let page = admin.post("/admin/workers/erase", &[("worker", &lower), ("reason", "safety_risk")]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(entries_of_kind(&app, "erasure").await, 1);
    let left: i64 =
        sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM sealed_records WHERE worker = $1")
            .bind(&worker)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(left, 0);
    let notice = admin.get("/admin").await;
    assert!(notice.body.contains(&format!("The personal data of {worker} is erased")), "{}", notice.body);
    let again = admin.post("/admin/workers/erase", &[("worker", &worker), ("reason", "safety_risk")]).await;
    assert!(again.body.contains("already erased"), "{}", again.body);
    let (code, output) = audit_verify(&app.db.url);
    assert_eq!(code, 0, "{output}");
});

both_backends!(the_sealed_check_finds_records_deleted_or_swapped_behind_the_servers_back, |app| async move {
    let (_, worker) = canary_worker(&app).await;
    let (ok, stdout, stderr) = strikefund(&app, true, &["worker", "check"]);
    assert!(ok, "{stdout}{stderr}");
    assert!(stdout.contains("3 sealed records match their entries, 0 were erased, 0 problems"), "{stdout}");
    let (ok, _, stderr) = strikefund(&app, false, &["worker", "check"]);
    assert!(!ok && stderr.contains("--data-key"), "{stderr}");
    let (ok, _, _) = strikefund(&app, false, &["worker", "erase", &worker, "--reason", "no_longer_needed"]);
    assert!(ok);
    let (ok, stdout, _) = strikefund(&app, true, &["worker", "check"]);
    assert!(
        ok && stdout.contains("1 sealed records match their entries, 2 were erased, 0 problems"),
        "{stdout}"
    );

    // An insider deletes one record and moves another onto a second entry.
    let fund = strikefund::store::committees::members(&app.state.db.pool, "maz").await.unwrap();
    let (claim, _) = new_worker_claim(&app, &fund[0].0, dismissal("maz", "notes"), canary_person()).await;
    let reason = "no longer needed".to_string();
    app.submit_as(&fund[1].0, Command::RejectClaim { claim: claim.clone(), reason }).await.unwrap();
    let pool = &app.state.db.pool;
    let seqs: Vec<i64> =
        sqlx::query_scalar("SELECT seq FROM sealed_records ORDER BY seq").fetch_all(pool).await.unwrap();
    assert_eq!(seqs.len(), 3, "the donation's, and the new claim's and its rejection's");
    sqlx::query("DELETE FROM sealed_records WHERE seq = $1").bind(seqs[0]).execute(pool).await.unwrap();
    sqlx::query("UPDATE sealed_records SET sealed = (SELECT sealed FROM sealed_records WHERE seq = $1) WHERE seq = $2")
        .bind(seqs[1])
        .bind(seqs[2])
        .execute(pool)
        .await
        .unwrap();
    let (ok, stdout, _) = strikefund(&app, true, &["worker", "check"]);
    assert!(!ok, "{stdout}");
    assert!(stdout.contains(&format!("entry {}: its sealed record is missing", seqs[0])), "{stdout}");
    assert!(stdout.contains(&format!("entry {}: its sealed record does not open", seqs[2])), "{stdout}");
});

//! The auditor against a live server: checkpoints the server signs verify
//! with `strikefund-audit` (over the database and over the export) and with
//! an independent implementation; its proofs verify; a database tampered
//! with behind the server's back is caught.

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output};
use std::sync::{Arc, OnceLock};

use serde_json::Value;
use strikefund::checkpoints;
use strikefund_audit::note::{Checkpoint, Signer, Verifier};
use strikefund_audit::proof::{ConsistencyProof, InclusionProof};

use crate::both_backends;
use crate::helpers::{Backend, TestApp};

/// The fund name the test apps run under (Config::default()).
const ORIGIN: &str = "strikefund";

/// The `strikefund-audit` binary: beside this test's own directory in the
/// workspace target dir (`cargo test --workspace` builds it); built on
/// demand when only this test binary was built.
pub fn audit_binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let exe = std::env::current_exe().expect("the test executable");
        let profile_dir = exe.parent().and_then(Path::parent).expect("target/<profile>/deps/..");
        let binary = profile_dir.join(format!("strikefund-audit{}", std::env::consts::EXE_SUFFIX));
        if !binary.exists() {
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            let status = Process::new(cargo)
                .args(["build", "-p", "strikefund-audit", "--bin", "strikefund-audit"])
                .status()
                .expect("cargo runs");
            assert!(status.success() && binary.exists(), "cannot build {}", binary.display());
        }
        binary
    })
}

fn audit(args: &[&str]) -> Output {
    Process::new(audit_binary()).arg("--json").args(args).output().expect("strikefund-audit runs")
}

/// Exit code and JSON report.
pub(crate) fn audit_report(args: &[&str]) -> (i32, Value) {
    let output = audit(args);
    let stdout = String::from_utf8_lossy(&output.stdout);
    (output.status.code().unwrap(), serde_json::from_str(&stdout).unwrap_or(Value::Null))
}

fn test_signer() -> Arc<Signer> {
    Arc::new(Signer::from_seed(ORIGIN, &[0x5a; 32]).unwrap())
}

/// Signs a checkpoint through the journal and returns the note as served.
async fn sign(app: &TestApp, signer: &Arc<Signer>) -> String {
    let note = checkpoints::sign(&app.state.journal, Arc::clone(signer)).await.unwrap();
    let response = app.get("/api/v1/checkpoint").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/plain; charset=utf-8");
    assert_eq!(response.text().await.unwrap(), note, "the endpoint serves exactly the signed note");
    note
}

fn write(dir: &Path, name: &str, contents: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path.display().to_string()
}

both_backends!(a_server_checkpoint_verifies_over_the_database_and_the_export, |app| async move {
    app.load_demo().await;
    let signer = test_signer();
    let note = sign(&app, &signer).await;
    let dir = tempfile::tempdir().unwrap();
    let note_file = write(dir.path(), "checkpoint.note", &note);
    let key = signer.verifier().to_string();
    let export = app.export_to(dir.path()).await.display().to_string();
    for source in [["--db", app.db.url.as_str()], ["--file", export.as_str()]] {
        let args = [&["verify"], &source[..], &["--checkpoint", &note_file, "--key", &key]].concat();
        let (code, report) = audit_report(&args);
        assert_eq!(code, 0, "{source:?}: {report}");
        assert_eq!(report["entries"].as_u64(), Some(app.head_seq().await));
        assert_eq!(report["checkpoint_entries"], 1);
    }
    let (code, report) = audit_report(&["balances", "--db", &app.db.url]);
    assert_eq!(code, 0, "{report}");
    assert!(report["balances"].as_array().unwrap().len() >= 10);
    assert_eq!(report["mismatches"], serde_json::json!([]));
});

both_backends!(server_proofs_verify_against_signed_checkpoints, |app| async move {
    app.small_fund("100.00").await;
    let signer = test_signer();
    let verifier = signer.verifier();
    let old = Checkpoint::open(&sign(&app, &signer).await, &verifier).unwrap();
    app.small_fund_more().await;
    let new_note = sign(&app, &signer).await;
    let new = Checkpoint::open(&new_note, &verifier).unwrap();
    let export = app.get_text("/export/journal.jsonl").await;
    let hashes: Vec<String> = export
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap()["hash"].as_str().unwrap().to_string())
        .collect();
    for seq in 1..=new.size {
        let proof: InclusionProof = serde_json::from_value(
            app.get_json(&format!("/api/v1/proof/inclusion?seq={seq}&size={}", new.size)).await,
        )
        .unwrap();
        assert_eq!(proof.entry_hash.to_hex(), hashes[seq as usize - 1]);
        assert_eq!(proof.root, new.root);
        assert!(proof.verifies(&proof.entry_hash, &new.root), "seq {seq}");
    }
    let path = format!("/api/v1/proof/consistency?from={}&to={}", old.size, new.size);
    let proof: ConsistencyProof = serde_json::from_value(app.get_json(&path).await).unwrap();
    assert_eq!((proof.old_root, proof.new_root), (old.root, new.root));
    assert!(proof.verifies(&old.root, &new.root));

    // The same proofs through the binary: a donor's receipt, and the consistency of two checkpoints.
    let dir = tempfile::tempdir().unwrap();
    let key = verifier.to_string();
    let old_file = write(dir.path(), "old.note", &app.note_at(old.size).await);
    let new_file = write(dir.path(), "new.note", &new_note);
    let proof_file = write(dir.path(), "consistency.json", &app.get_text(&path).await);
    let (code, report) =
        audit_report(&["consistency", &old_file, &new_file, "--key", &key, "--proof", &proof_file]);
    assert_eq!(code, 0, "{report}");
    let (code, report) =
        audit_report(&["consistency", &old_file, &new_file, "--key", &key, "--db", &app.db.url]);
    assert_eq!(code, 0, "{report}");
    let seq = 4;
    let receipt = app.get_text(&format!("/api/v1/proof/inclusion?seq={seq}&size={}", new.size)).await;
    let receipt_file = write(dir.path(), "inclusion.json", &receipt);
    let entry_hash = &hashes[seq - 1];
    let args = ["inclusion", "--seq", "4", "--checkpoint", &new_file, "--key", &key];
    let (code, report) =
        audit_report(&[&args[..], &["--proof", &receipt_file, "--entry-hash", entry_hash]].concat());
    assert_eq!(code, 0, "{report}");
    let (code, report) = audit_report(&[&args[..], &["--db", &app.db.url]].concat());
    assert_eq!(code, 0, "{report}");
});

both_backends!(bad_proof_parameters_get_a_clear_client_error, |app| async move {
    app.small_fund("100.00").await;
    let head = app.head_seq().await;
    let cases = [
        ("/api/v1/proof/inclusion?size=3", 400, "`seq` is required"),
        ("/api/v1/proof/inclusion?seq=abc&size=3", 400, "`seq` must be a positive integer"),
        ("/api/v1/proof/inclusion?seq=0&size=3", 400, "`seq` must be a positive integer"),
        ("/api/v1/proof/inclusion?seq=-1&size=3", 400, "`seq` must be a positive integer"),
        ("/api/v1/proof/inclusion?seq=4&size=3", 422, "seq 4 must not exceed size 3"),
        ("/api/v1/proof/inclusion?seq=1&size=999", 422, "size 999 is beyond the journal"),
        ("/api/v1/proof/inclusion?seq=1&size=99999999999999999999", 400, "`size` must be a positive integer"),
        ("/api/v1/proof/consistency?from=3", 400, "`to` is required"),
        ("/api/v1/proof/consistency?from=5&to=3", 422, "from 5 must not exceed to 3"),
        ("/api/v1/proof/consistency?from=1&to=999", 422, "to 999 is beyond the journal"),
    ];
    for (path, status, message) in cases {
        let response = app.get(path).await;
        assert_eq!(response.status().as_u16(), status, "{path}");
        let body: Value = response.json().await.unwrap();
        assert!(body["error"].as_str().unwrap().contains(message), "{path}: {body}");
    }
    let response = app.get("/api/v1/checkpoint").await;
    assert_eq!(response.status(), 404, "no checkpoint yet");
    assert_eq!(app.head_seq().await, head);
});

/// Runs SQL through the database's own command-line client, as someone with
/// the database but without the server would.
pub(crate) fn tamper(app: &TestApp, sql: &str) {
    let output = match app.db.backend {
        Backend::Sqlite => Process::new("sqlite3").arg(app.db.path.as_ref().unwrap()).arg(sql).output(),
        Backend::Postgres => {
            Process::new("psql").args([&app.db.url, "-v", "ON_ERROR_STOP=1", "-c", sql]).output()
        }
    }
    .expect("the database's command-line client is installed");
    assert!(output.status.success(), "{sql}: {}", String::from_utf8_lossy(&output.stderr));
}

pub(crate) fn unlock_journal(app: &TestApp) -> &'static str {
    match app.db.backend {
        Backend::Sqlite => "DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete;",
        Backend::Postgres => "ALTER TABLE journal DISABLE TRIGGER journal_no_update_or_delete;",
    }
}

both_backends!(a_live_database_edited_behind_the_servers_back_is_caught, |app| async move {
    app.small_fund("100.00").await;
    app.small_fund_more().await;
    let donation_seq = app.seq_of_first("donation").await;
    assert_eq!(audit_report(&["verify", "--db", &app.db.url]).0, 0);
    let sql = format!(
        "{} UPDATE journal SET body = replace(body, '100.00', '900.00') WHERE seq = {donation_seq};",
        unlock_journal(&app)
    );
    tamper(&app, &sql);
    let (code, report) = audit_report(&["verify", "--db", &app.db.url]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["finding"]["seq"].as_u64(), Some(donation_seq));
    assert!(report["finding"]["reason"].as_str().unwrap().starts_with("hash mismatch"), "{report}");
});

both_backends!(a_live_database_with_a_deleted_entry_is_caught, |app| async move {
    app.small_fund("100.00").await;
    app.small_fund_more().await;
    tamper(&app, &format!("{} DELETE FROM journal WHERE seq = 3;", unlock_journal(&app)));
    let (code, report) = audit_report(&["verify", "--db", &app.db.url]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["finding"]["seq"], 3);
    assert!(report["finding"]["reason"].as_str().unwrap().starts_with("gap"), "{report}");
});

both_backends!(a_rewritten_chain_is_caught_by_an_earlier_checkpoint, |app| async move {
    app.small_fund("100.00").await;
    let signer = test_signer();
    let note = sign(&app, &signer).await;
    app.small_fund_more().await;
    let dir = tempfile::tempdir().unwrap();
    let note_file = write(dir.path(), "checkpoint.note", &note);
    // Someone with the database, without the key, rewrites the chain from
    // seq 1 on: every hash and link is recomputed and consistent again.
    let mut entries: Vec<(strikefund_audit::Entry, strikefund_audit::Hash)> = app
        .get_text("/export/journal.jsonl")
        .await
        .lines()
        .map(|line| strikefund_audit::entry::parse_line(line).unwrap())
        .collect();
    entries[0].0.at = "2020-01-01T00:00:00.000000Z".into();
    let mut prev = strikefund_audit::Hash::ZERO;
    let mut sql = unlock_journal(&app).to_string();
    for (entry, hash) in &mut entries {
        entry.prev = prev;
        *hash = entry.compute_hash().unwrap();
        prev = *hash;
        sql.push_str(&format!(
            "UPDATE journal SET at = '{}', prev = '{}', hash = '{}' WHERE seq = {};",
            entry.at, entry.prev, hash, entry.seq
        ));
    }
    tamper(&app, &sql);
    let key = signer.verifier().to_string();
    // Every hash and link holds; only the checkpoint entry, which commits to
    // the old tree, no longer fits.
    let (code, report) = audit_report(&["verify", "--db", &app.db.url]);
    assert_eq!(code, 1, "{report}");
    assert!(report["finding"]["reason"].as_str().unwrap().contains("has the wrong root"), "{report}");
    let (code, report) =
        audit_report(&["verify", "--db", &app.db.url, "--checkpoint", &note_file, "--key", &key]);
    assert_eq!(code, 1, "{report}");
    assert!(report["finding"]["reason"].as_str().unwrap().contains("checkpoint"), "{report}");
});

both_backends!(an_edited_balances_table_is_reported, |app| async move {
    app.small_fund("100.00").await;
    tamper(&app, "UPDATE balances SET minor = 90000 WHERE account = 'assets:bank:lt-main';");
    let (code, report) = audit_report(&["balances", "--db", &app.db.url]);
    assert_eq!(code, 1, "{report}");
    let mismatches = report["mismatches"].as_array().unwrap();
    assert_eq!(mismatches.len(), 1, "{report}");
    assert_eq!(mismatches[0]["account"], "assets:bank:lt-main");
    assert_eq!(
        (mismatches[0]["journal"].as_str(), mismatches[0]["server"].as_str()),
        (Some("100.00"), Some("900.00"))
    );
    // The chain itself is intact.
    assert_eq!(audit_report(&["verify", "--db", &app.db.url]).0, 0);
});

both_backends!(an_independent_implementation_verifies_the_checkpoint_and_a_proof, |app| async move {
    app.load_demo().await;
    let signer = test_signer();
    let note = sign(&app, &signer).await;
    let size = Checkpoint::open(&note, &signer.verifier()).unwrap().size;
    let dir = tempfile::tempdir().unwrap();
    let export = app.export_to(dir.path()).await.display().to_string();
    let note_file = write(dir.path(), "checkpoint.note", &note);
    let seq = size / 2;
    let proof = app.get_text(&format!("/api/v1/proof/inclusion?seq={seq}&size={size}")).await;
    let proof_file = write(dir.path(), "inclusion.json", &proof);
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/audit/tests/independent/verify_checkpoint.py");
    let key = signer.verifier().to_string();
    let run = |note: &str| {
        Process::new("python3")
            .args([script, &export, note, &key, &proof_file])
            .output()
            .expect("python3 runs")
    };
    let output = run(&note_file);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains(&format!("ok checkpoint {ORIGIN} {size}")), "{stdout}");
    assert!(stdout.contains(&format!("ok inclusion {seq}")), "{stdout}");
    // A note whose size was edited no longer carries a valid signature.
    let forged = write(
        dir.path(),
        "forged.note",
        &note.replacen(&format!("\n{size}\n"), &format!("\n{}\n", size - 1), 1),
    );
    let output = run(&forged);
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stdout));
});

#[test]
fn keygen_writes_a_private_key_once_and_checkpoint_signs_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let key_file = dir.path().join("fund.key");
    let db = format!("sqlite://{}", dir.path().join("fund.db").display());
    let strikefund = |args: &[&str]| {
        Process::new(env!("CARGO_BIN_EXE_strikefund")).args(["--db", &db]).args(args).output().unwrap()
    };
    let key_path = key_file.display().to_string();
    let output = strikefund(&["keygen", "--out", &key_path, "--name", "example.org/fund"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let verifier_text = String::from_utf8(output.stdout).unwrap();
    let verifier = Verifier::parse(verifier_text.trim()).expect("keygen prints the verifier key");
    assert_eq!(verifier.name(), "example.org/fund");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let again = strikefund(&["keygen", "--out", &key_path]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("refusing to overwrite"));
    assert_eq!(Verifier::parse(verifier_text.trim()).unwrap().to_string(), verifier.to_string(), "unchanged");

    let output = strikefund(&["checkpoint", "--key", &key_path]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let note = String::from_utf8(output.stdout).unwrap();
    let checkpoint = Checkpoint::open(&note, &verifier).expect("the printed note verifies");
    assert_eq!(checkpoint.size, 0, "an empty journal");
    let (code, report) = audit_report(&["verify", "--db", &db, "--key", verifier_text.trim()]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["checkpoint_entries"], 1);

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let output = strikefund(&["checkpoint", "--key", &key_path]);
        assert!(!output.status.success());
        assert!(String::from_utf8_lossy(&output.stderr).contains("chmod 600"));
    }
}

impl TestApp {
    /// A few more entries after `small_fund`: another donation and an allocation.
    pub async fn small_fund_more(&self) {
        use strikefund::journal::Command;
        use strikefund::journal::command::DonationInput;
        let donation = DonationInput {
            money: crate::helpers::build::money("25.00", "EUR"),
            received_on: crate::helpers::build::date("2020-08-21"),
            account: crate::helpers::build::account("assets:bank:lt-main"),
            earmark: None,
            reference: "SMALL-FUND-2".into(),
            donor: None,
            idempotency_key: None,
        };
        self.submit(Command::RecordDonation(donation)).await.unwrap();
        let allocation = Command::Allocate {
            committee: crate::helpers::build::slug("maz"),
            money: crate::helpers::build::money("60.00", "EUR"),
        };
        self.submit(allocation).await.unwrap();
    }

    /// The signed note of the checkpoint at `size`.
    pub async fn note_at(&self, size: u64) -> String {
        sqlx::query_scalar("SELECT note FROM checkpoints WHERE size = $1")
            .bind(size as i64)
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap()
    }

    /// The seq of the first entry of a kind.
    pub async fn seq_of_first(&self, kind: &str) -> u64 {
        let seq: i64 = sqlx::query_scalar("SELECT MIN(seq) FROM journal WHERE kind = $1")
            .bind(kind)
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap();
        seq as u64
    }
}

both_backends!(a_donor_verifies_a_receipt_without_trusting_the_server, |app| async move {
    app.small_fund("100.00").await;
    let code: String = sqlx::query_scalar("SELECT receipt FROM donations ORDER BY seq LIMIT 1")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let before = app.get_json(&format!("/api/v1/receipts/{code}")).await;
    assert!(before["checkpoint"].is_null() && before["inclusion_proof"].is_null(), "{before}");
    let signer = test_signer();
    let note = sign(&app, &signer).await;
    let receipt = app.get_json(&format!("/api/v1/receipts/{code}")).await;
    assert_eq!(receipt["checkpoint"].as_str().unwrap(), note);
    let proof: InclusionProof = serde_json::from_value(receipt["inclusion_proof"].clone()).unwrap();
    assert_eq!(proof.seq, receipt["seq"].as_u64().unwrap());
    // What the donor holds: the receipt (hash, seq, proof) and the fund's published key.
    let verifier = signer.verifier();
    let checkpoint = Checkpoint::open(&note, &verifier).unwrap();
    let entry_hash = receipt["hash"].as_str().unwrap();
    assert!(proof.verifies(&entry_hash.parse().unwrap(), &checkpoint.root));
    let dir = tempfile::tempdir().unwrap();
    let note_file = write(dir.path(), "checkpoint.note", &note);
    let proof_file = write(dir.path(), "proof.json", &receipt["inclusion_proof"].to_string());
    let key = verifier.to_string();
    let seq = proof.seq.to_string();
    let args =
        ["inclusion", "--seq", &seq, "--checkpoint", &note_file, "--key", &key, "--proof", &proof_file];
    let (exit, report) = audit_report(&[&args[..], &["--entry-hash", entry_hash]].concat());
    assert_eq!(exit, 0, "{report}");
    // A receipt for another entry's hash does not verify with this proof.
    let (exit, _) = audit_report(&[&args[..], &["--entry-hash", &"0".repeat(64)]].concat());
    assert_eq!(exit, 1);
    let page = app.get_text(&format!("/receipt/{code}")).await;
    assert!(page.contains(&proof.hashes[0].to_hex()), "the page shows the proof");
});

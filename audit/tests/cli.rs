//! Acceptance tests: the real `strikefund-audit` binary against the fixtures
//! in tests/fixtures/ (written by `cargo run -p strikefund-audit --example
//! fixtures`). Exit codes: 0 clean, 1 finding, 2 could not run.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn fixture(path: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    root.join(path).display().to_string()
}

fn key() -> String {
    fixture("key.pub")
}

/// Runs the binary with `--json` and returns its exit code and report.
fn audit(args: &[&str]) -> (i32, Value) {
    let output = Command::new(env!("CARGO_BIN_EXE_strikefund-audit"))
        .arg("--json")
        .args(args)
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let report = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    (output.status.code().expect("exited"), report)
}

fn verify(case: &str) -> (i32, Value) {
    audit(&["verify", "--file", &fixture(&format!("{case}/journal.jsonl"))])
}

fn verify_with_checkpoint(case: &str, checkpoint: &str) -> (i32, Value) {
    let journal = fixture(&format!("{case}/journal.jsonl"));
    audit(&["verify", "--file", &journal, "--checkpoint", &fixture(checkpoint), "--key", &key()])
}

/// Asserts a finding (exit 1) at `seq` whose reason starts with `reason`.
fn assert_finding((code, report): (i32, Value), seq: Option<u64>, reason: &str) {
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["status"], "finding");
    assert_eq!(report["finding"]["seq"].as_u64(), seq, "{report}");
    let found = report["finding"]["reason"].as_str().unwrap();
    assert!(found.starts_with(reason), "expected {reason:?}, found {found:?}");
}

#[test]
fn the_clean_journal_verifies() {
    let (code, report) = verify("clean");
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["status"], "clean");
    assert_eq!(report["entries"], 12);
    assert_eq!(report["checkpoint_entries"], 1);
}

#[test]
fn the_clean_journal_matches_its_signed_checkpoints() {
    for checkpoint in ["clean/checkpoint-12.note", "clean/checkpoint-8.note"] {
        let (code, report) = verify_with_checkpoint("clean", checkpoint);
        assert_eq!(code, 0, "{checkpoint}: {report}");
    }
}

#[test]
fn an_edited_amount_is_a_hash_mismatch() {
    assert_finding(verify("edited-amount"), Some(4), "hash mismatch");
}

#[test]
fn a_deleted_entry_is_a_gap() {
    assert_finding(verify("deleted-middle"), Some(6), "gap: expected seq 6, found 7");
}

#[test]
fn an_inserted_entry_is_a_duplicate_seq() {
    assert_finding(verify("inserted-entry"), Some(7), "duplicate seq");
}

#[test]
fn swapped_entries_break_the_link() {
    assert_finding(verify("swapped-entries"), Some(6), "broken link");
}

#[test]
fn unbalanced_postings_are_found() {
    assert_finding(verify("unbalanced"), Some(4), "unbalanced EUR by 10.00");
}

#[test]
fn an_overdrawn_envelope_is_found() {
    assert_finding(verify("overdrawn"), Some(7), "overdrawn equity:funds:committee:maz");
}

#[test]
fn a_malformed_line_is_found_with_its_line_number() {
    assert_finding(verify("malformed-line"), None, "malformed line 3: not JSON");
}

#[test]
fn a_truncated_journal_is_caught_only_by_the_checkpoint() {
    assert_eq!(verify("truncated").0, 0);
    assert_finding(
        verify_with_checkpoint("truncated", "clean/checkpoint-12.note"),
        Some(10),
        "checkpoint: the chain ends at seq 9",
    );
    // The older checkpoint (size 8) is still covered by what is left.
    assert_eq!(verify_with_checkpoint("truncated", "clean/checkpoint-8.note").0, 0);
}

#[test]
fn a_recomputed_chain_passes_plain_verify_but_not_the_checkpoint() {
    assert_eq!(verify("recomputed").0, 0);
    // The checkpoint entry inside the journal no longer carries a valid signature.
    assert_finding(
        verify_with_checkpoint("recomputed", "clean/checkpoint-12.note"),
        Some(9),
        "checkpoint: this checkpoint entry has a bad note",
    );
    // Against the older checkpoint too, the rewritten checkpoint entry at seq 9 gives it away.
    let journal = fixture("recomputed/journal.jsonl");
    let args = ["verify", "--file", &journal, "--checkpoint", &fixture("clean/checkpoint-8.note")];
    let (code, report) = audit(&args);
    assert_eq!(code, 2, "--checkpoint needs --key: {report}");
    let (_, report) = audit(&[&args[..], &["--key", &key()]].concat());
    assert_eq!(report["finding"]["seq"], 9, "{report}");
}

#[test]
fn a_forged_checkpoint_signature_is_a_finding() {
    assert_finding(
        verify_with_checkpoint("recomputed", "forged-signature/checkpoint.note"),
        None,
        "checkpoint:",
    );
    let (_, report) = verify_with_checkpoint("clean", "forged-signature/checkpoint.note");
    assert!(report["finding"]["reason"].as_str().unwrap().contains("bad signature"), "{report}");
}

#[test]
fn unreadable_input_cannot_run() {
    let (code, report) = audit(&["verify", "--file", &fixture("no-such-case/journal.jsonl")]);
    assert_eq!(code, 2);
    assert_eq!(report["status"], "error");
    assert_eq!(audit(&["verify", "--file", &fixture("clean")]).0, 2, "a directory");
    assert_eq!(audit(&["verify"]).0, 2, "no source");
    assert_eq!(audit(&["verify", "--db", "mysql://nowhere"]).0, 2);
    let journal = fixture("clean/journal.jsonl");
    let bad_key = [
        "verify",
        "--file",
        &journal,
        "--checkpoint",
        &fixture("clean/checkpoint-12.note"),
        "--key",
        "nonsense",
    ];
    assert_eq!(audit(&bad_key).0, 2);
    assert_eq!(audit(&["no-such-command"]).0, 2);
}

#[test]
fn consistency_between_checkpoints_is_proven_from_the_journal() {
    let (old, new) = (fixture("clean/checkpoint-8.note"), fixture("clean/checkpoint-12.note"));
    let (code, report) =
        audit(&["consistency", &old, &new, "--key", &key(), "--file", &fixture("clean/journal.jsonl")]);
    assert_eq!(code, 0, "{report}");
    assert_eq!((report["from"].as_u64(), report["to"].as_u64()), (Some(8), Some(12)));
    // The other way round is not append-only.
    let (code, _) =
        audit(&["consistency", &new, &old, "--key", &key(), "--file", &fixture("clean/journal.jsonl")]);
    assert_eq!(code, 1);
    // A rewritten journal cannot connect the two.
    let recomputed = fixture("recomputed/journal.jsonl");
    let (code, _) = audit(&["consistency", &old, &new, "--key", &key(), "--file", &recomputed]);
    assert_eq!(code, 1);
}

#[test]
fn a_consistency_proof_file_is_checked_against_both_checkpoints() {
    let (old, new) = (fixture("clean/checkpoint-8.note"), fixture("clean/checkpoint-12.note"));
    let (_, report) =
        audit(&["consistency", &old, &new, "--key", &key(), "--file", &fixture("clean/journal.jsonl")]);
    let dir = tempfile::tempdir().unwrap();
    let proof = dir.path().join("proof.json");
    let write_proof = |hashes: &Value| {
        let proof_json = serde_json::json!({"from": 8, "to": 12, "old_root": "00".repeat(32), "new_root": "00".repeat(32), "hashes": hashes});
        std::fs::write(&proof, proof_json.to_string()).unwrap();
    };
    write_proof(&report["hashes"]);
    let path = proof.display().to_string();
    assert_eq!(audit(&["consistency", &old, &new, "--key", &key(), "--proof", &path]).0, 0);
    let mut wrong = report["hashes"].clone();
    wrong[0] = Value::String("11".repeat(32));
    write_proof(&wrong);
    assert_eq!(audit(&["consistency", &old, &new, "--key", &key(), "--proof", &path]).0, 1);
}

#[test]
fn inclusion_is_proven_from_the_journal_and_from_a_receipt() {
    let checkpoint = fixture("clean/checkpoint-12.note");
    let journal = fixture("clean/journal.jsonl");
    for seq in ["1", "4", "12"] {
        let (code, report) = audit(&[
            "inclusion",
            "--seq",
            seq,
            "--checkpoint",
            &checkpoint,
            "--key",
            &key(),
            "--file",
            &journal,
        ]);
        assert_eq!(code, 0, "{report}");
    }
    assert_eq!(
        audit(&[
            "inclusion",
            "--seq",
            "13",
            "--checkpoint",
            &checkpoint,
            "--key",
            &key(),
            "--file",
            &journal
        ])
        .0,
        2
    );
    let recomputed = fixture("recomputed/journal.jsonl");
    assert_eq!(
        audit(&[
            "inclusion",
            "--seq",
            "2",
            "--checkpoint",
            &checkpoint,
            "--key",
            &key(),
            "--file",
            &recomputed
        ])
        .0,
        1
    );

    // A donor with only the receipt: the entry hash and the proof.
    let (_, report) =
        audit(&["inclusion", "--seq", "4", "--checkpoint", &checkpoint, "--key", &key(), "--file", &journal]);
    let entry_hash = std::fs::read_to_string(&journal).unwrap().lines().nth(3).map(|line| {
        let value: Value = serde_json::from_str(line).unwrap();
        value["hash"].as_str().unwrap().to_string()
    });
    let entry_hash = entry_hash.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let proof = dir.path().join("proof.json");
    let proof_json = serde_json::json!({"seq": 4, "size": 12, "entry_hash": entry_hash, "root": "00".repeat(32), "hashes": report["hashes"]});
    std::fs::write(&proof, proof_json.to_string()).unwrap();
    let path = proof.display().to_string();
    let receipt = |hash: &str| {
        audit(&[
            "inclusion",
            "--seq",
            "4",
            "--checkpoint",
            &checkpoint,
            "--key",
            &key(),
            "--proof",
            &path,
            "--entry-hash",
            hash,
        ])
        .0
    };
    assert_eq!(receipt(&entry_hash), 0);
    assert_eq!(receipt(&"ab".repeat(32)), 1, "another entry is not in the tree at seq 4");
    assert_eq!(receipt("not-hex"), 2);
}

#[test]
fn balances_are_recomputed_from_the_export() {
    let (code, report) = audit(&["balances", "--file", &fixture("clean/journal.jsonl")]);
    assert_eq!(code, 0, "{report}");
    let balances = report["balances"].as_array().unwrap();
    let find = |account: &str| balances.iter().find(|b| b["account"] == account).unwrap()["amount"].clone();
    assert_eq!(find("assets:bank:lt-main"), "990.00");
    assert_eq!(find("equity:funds:general"), "-290.00");
    assert_eq!(find("equity:funds:committee:maz"), "-700.00");
    assert_eq!(find("liabilities:payable:maz"), "0.00");
    assert_finding(
        audit(&["balances", "--file", &fixture("unbalanced/journal.jsonl")]),
        Some(4),
        "unbalanced",
    );
}

#[test]
fn a_sealed_commitment_is_checked_against_salt_and_fields() {
    let salt = [7u8; 32];
    let fields = serde_json::json!({"name": "Ivan", "iban": "LT00 0000"});
    let sealed = strikefund_audit::seal::commitment(&salt, &fields).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fields.json");
    std::fs::write(&path, fields.to_string()).unwrap();
    let path = path.display().to_string();
    let salt_hex = strikefund_audit::Hash(salt).to_hex();
    let (code, report) =
        audit(&["unseal-check", "--sealed", &sealed.to_hex(), "--salt", &salt_hex, "--fields", &path]);
    assert_eq!(code, 0, "{report}");
    assert!(!report.to_string().contains("Ivan"), "personal data never appears in the report");
    let other = strikefund_audit::Hash([8; 32]).to_hex();
    assert_eq!(
        audit(&["unseal-check", "--sealed", &sealed.to_hex(), "--salt", &other, "--fields", &path]).0,
        1
    );
    assert_eq!(audit(&["unseal-check", "--sealed", "xyz", "--salt", &salt_hex, "--fields", &path]).0, 2);
}

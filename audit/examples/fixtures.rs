//! Writes the acceptance-test fixtures in audit/tests/fixtures/: a small clean
//! journal signed with a fixed test key, and copies of it tampered with in
//! every way the auditor must catch. Deterministic: running it again gives
//! the same bytes.
//!
//!     cargo run -p strikefund-audit --example fixtures

use std::fs;
use std::path::Path;

use serde_json::{Value, json};
use strikefund_audit::merkle::MemoryTree;
use strikefund_audit::note::{Checkpoint, Signer};
use strikefund_audit::{Entry, Hash};

/// The test fund's name, the origin of its checkpoints and the key name.
const ORIGIN: &str = "strikefund.example/test-fund";
/// The fixed test key. Never use a fixed seed for a real fund.
const TEST_SEED: [u8; 32] = [0x42; 32];
/// The key a forger uses: same name, different key.
const FORGER_SEED: [u8; 32] = [0x66; 32];

fn posting(account: &str, amount: &str) -> Value {
    json!({"account": account, "currency": "EUR", "amount": amount})
}

fn pair(debit: &str, credit: &str, amount: &str) -> Value {
    json!([posting(debit, amount), posting(credit, &format!("-{amount}"))])
}

/// The bodies of the clean journal, seq 1 to 12 (seq 9 is a checkpoint, filled in later).
fn bodies() -> Vec<(&'static str, Value)> {
    let bank = "assets:bank:lt-main";
    vec![
        ("account_opened", json!({"account": bank, "currencies": ["EUR"]})),
        (
            "committee_created",
            json!({"committee": "maz", "public": true, "threshold": 2, "name": "MAZ strike committee"}),
        ),
        (
            "donation",
            json!({"postings": pair(bank, "equity:funds:general", "1500.00"), "received_on": "2020-08-20"}),
        ),
        (
            "donation",
            json!({"postings": pair(bank, "equity:funds:general", "250.00"), "received_on": "2020-08-21"}),
        ),
        (
            "allocation",
            json!({"committee": "maz", "postings": pair("equity:funds:general", "equity:funds:committee:maz", "1000.00")}),
        ),
        (
            "claim_submitted",
            json!({"claim": "K-7F3K-92QX", "committee": "maz", "worker": "W-7F3K-92", "category": "dismissal", "amount": "800.00", "currency": "EUR"}),
        ),
        (
            "claim_approved",
            json!({"claim": "K-7F3K-92QX", "postings": pair("equity:funds:committee:maz", "liabilities:payable:maz", "800.00")}),
        ),
        (
            "payout",
            json!({"claim": "K-7F3K-92QX", "worker": "W-7F3K-92", "method": "bank_transfer", "paid_on": "2020-08-25", "postings": pair("liabilities:payable:maz", bank, "800.00")}),
        ),
        ("checkpoint", json!({})),
        (
            "donation",
            json!({"postings": pair(bank, "equity:funds:general", "40.00"), "received_on": "2020-08-26"}),
        ),
        (
            "allocation",
            json!({"committee": "maz", "postings": pair("equity:funds:general", "equity:funds:committee:maz", "500.00")}),
        ),
        (
            "claim_submitted",
            json!({"claim": "K-9H2M-41TB", "committee": "maz", "worker": "W-9H2M-41", "category": "detention", "amount": "1500.00", "currency": "EUR"}),
        ),
    ]
}

fn entry(seq: u64, kind: &str, body: Value) -> Entry {
    Entry {
        seq,
        prev: Hash::ZERO,
        at: format!("2020-08-{:02}T09:{:02}:00.000000Z", 20 + seq / 4, seq),
        actor: if seq.is_multiple_of(3) { "system".into() } else { "u-3f9a2c71".into() },
        kind: kind.into(),
        body: body.as_object().expect("bodies are objects").clone(),
        sealed: (kind == "payout").then(|| Hash::sha256(&[b"sealed payout details"])),
    }
}

/// The body of a checkpoint entry over the tree of `tree`, signed with `note_signatures`
/// (the signature block of an earlier note, when a forger recomputes without the key).
fn checkpoint_body(tree: &MemoryTree, signer: &Signer, keep_signatures_of: Option<&str>) -> Value {
    let size = tree.size();
    let checkpoint =
        Checkpoint { origin: ORIGIN.into(), size, root: tree.root_at(size).expect("size is in the tree") };
    let text = checkpoint.to_text();
    let note = match keep_signatures_of {
        None => signer.sign(&text).expect("the checkpoint text is a note text"),
        Some(old) => format!("{text}\n{}", &old[old.rfind("\n\n").expect("a signed note") + 2..]),
    };
    let root = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, checkpoint.root.0);
    json!({"origin": ORIGIN, "size": size, "root": root, "note": note})
}

/// Links and hashes entries from `from` (1-based seq) on, filling in checkpoint bodies.
fn relink(entries: &mut [(Entry, Hash)], from: u64, signer: &Signer, forge: bool) {
    let mut tree = MemoryTree::default();
    let mut prev = Hash::ZERO;
    for (entry, hash) in entries.iter_mut() {
        if entry.seq >= from {
            entry.prev = prev;
            if entry.kind == "checkpoint" {
                let old = entry.body.get("note").and_then(Value::as_str).map(str::to_string);
                let body = checkpoint_body(&tree, signer, if forge { old.as_deref() } else { None });
                entry.body = body.as_object().unwrap().clone();
            }
            *hash = entry.compute_hash().expect("fixtures have no floats");
        }
        tree.push(hash);
        prev = *hash;
    }
}

fn clean(signer: &Signer) -> Vec<(Entry, Hash)> {
    let mut entries: Vec<(Entry, Hash)> = bodies()
        .into_iter()
        .zip(1..)
        .map(|((kind, body), seq)| (entry(seq, kind, body), Hash::ZERO))
        .collect();
    relink(&mut entries, 1, signer, false);
    entries
}

fn lines(entries: &[(Entry, Hash)]) -> String {
    entries.iter().map(|(entry, hash)| entry.export_line(hash).unwrap() + "\n").collect()
}

fn signed_checkpoint(entries: &[(Entry, Hash)], signer: &Signer) -> String {
    let mut tree = MemoryTree::default();
    entries.iter().for_each(|(_, hash)| tree.push(hash));
    let checkpoint =
        Checkpoint { origin: ORIGIN.into(), size: tree.size(), root: tree.root_at(tree.size()).unwrap() };
    signer.sign(&checkpoint.to_text()).unwrap()
}

fn write(dir: &Path, case: &str, name: &str, contents: &str) {
    let case_dir = dir.join(case);
    fs::create_dir_all(&case_dir).unwrap();
    fs::write(case_dir.join(name), contents).unwrap();
}

fn set_amount(entry: &mut Entry, amount: &str) {
    let postings = entry.body.get_mut("postings").unwrap().as_array_mut().unwrap();
    postings[0]["amount"] = json!(amount);
    postings[1]["amount"] = json!(format!("-{amount}"));
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let signer = Signer::from_seed(ORIGIN, &TEST_SEED).unwrap();
    let forger = Signer::from_seed(ORIGIN, &FORGER_SEED).unwrap();
    let clean = clean(&signer);
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("key.pub"), format!("{}\n", signer.verifier())).unwrap();
    write(&dir, "clean", "journal.jsonl", &lines(&clean));
    write(&dir, "clean", "checkpoint-8.note", clean[8].0.body["note"].as_str().unwrap());
    write(&dir, "clean", "checkpoint-12.note", &signed_checkpoint(&clean, &signer));

    // An amount edited in place: seq 4 no longer hashes to its hash.
    let mut edited = clean.clone();
    set_amount(&mut edited[3].0, "2500.00");
    write(&dir, "edited-amount", "journal.jsonl", &lines(&edited));

    // Seq 6 removed: a gap.
    let mut deleted = clean.clone();
    deleted.remove(5);
    write(&dir, "deleted-middle", "journal.jsonl", &lines(&deleted));

    // A well-formed entry slipped in after seq 5: the old seq 6 comes again at 7.
    let mut inserted = clean.clone();
    let mut fake = entry(
        6,
        "donation",
        json!({"postings": pair("assets:bank:lt-main", "equity:funds:general", "5.00"), "received_on": "2020-08-22"}),
    );
    fake.prev = clean[4].1;
    let fake_hash = fake.compute_hash().unwrap();
    inserted.insert(5, (fake, fake_hash));
    write(&dir, "inserted-entry", "journal.jsonl", &lines(&inserted));

    // Seq 6 and 7 swapped, renumbered to keep seq gapless: the link at 6 breaks.
    let mut swapped = clean.clone();
    swapped.swap(5, 6);
    swapped[5].0.seq = 6;
    swapped[6].0.seq = 7;
    write(&dir, "swapped-entries", "journal.jsonl", &lines(&swapped));

    // The last three entries cut off: a valid prefix, caught only by the checkpoint at size 12.
    write(&dir, "truncated", "journal.jsonl", &lines(&clean[..9]));

    // Seq 4 edited and the whole chain recomputed after it, without the key:
    // every hash and link checks out, the signed checkpoints do not.
    let mut recomputed = clean.clone();
    set_amount(&mut recomputed[3].0, "2500.00");
    relink(&mut recomputed, 4, &signer, true);
    write(&dir, "recomputed", "journal.jsonl", &lines(&recomputed));

    // The same rewrite, with a checkpoint "signed" under the fund's name by another key.
    write(&dir, "forged-signature", "checkpoint.note", &signed_checkpoint(&recomputed, &forger));

    // Entries that hash correctly but break the ledger rules.
    let mut unbalanced = clean.clone();
    unbalanced[3].0.body["postings"][0]["amount"] = json!("260.00");
    relink(&mut unbalanced, 4, &signer, false);
    write(&dir, "unbalanced", "journal.jsonl", &lines(&unbalanced));
    let mut overdrawn = clean.clone();
    set_amount(&mut overdrawn[6].0, "8000.00");
    relink(&mut overdrawn, 7, &signer, false);
    write(&dir, "overdrawn", "journal.jsonl", &lines(&overdrawn));

    // A line that is not JSON.
    let text = lines(&clean);
    let broken: Vec<&str> = text.lines().collect();
    let malformed = format!("{}\n{}\n{{\"seq\":3,\n{}\n", broken[0], broken[1], broken[3..].join("\n"));
    write(&dir, "malformed-line", "journal.jsonl", &malformed);
    println!("fixtures written to {}", dir.display());
}

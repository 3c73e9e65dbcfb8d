//! The commands. Each returns a `Report`; none writes anywhere but stdout/stderr.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Map, Value, json};
use strikefund_audit::Hash;
use strikefund_audit::ledger::format_minor;
use strikefund_audit::merkle::{consistency_ranges, inclusion_ranges, verify_consistency, verify_inclusion};
use strikefund_audit::note::{Checkpoint, Verifier};
use strikefund_audit::proof::{ConsistencyProof, InclusionProof};
use strikefund_audit::source::{NoObserver, Observer, Seen};
use strikefund_audit::verify::{ChainVerifier, Finding, Problem};

use super::input::{self, read_small_file, signed_checkpoint, verifier_key};
use super::{Report, Source};

/// Unwraps a step, or returns the report of a tool that could not run.
macro_rules! or_fail {
    ($name:expr, $result:expr) => {
        match $result {
            Ok(value) => value,
            Err(message) => return Report::failed($name, message),
        }
    };
}

/// Unwraps a signed checkpoint, or returns the report of its bad signature.
macro_rules! signed_or_report {
    ($name:expr, $path:expr, $key:expr) => {
        match or_fail!($name, signed_checkpoint($path, $key)) {
            Ok(checkpoint) => checkpoint,
            Err(finding) => return Report::new($name).finding(&finding),
        }
    };
}

fn checkpoint_finding(seq: u64, reason: String) -> Finding {
    Finding { seq: Some(seq), problem: Problem::Checkpoint(reason) }
}

/// Checks the `checkpoint` entries met on the way: each must commit to the
/// tree of the entries before it and, when the key is given, be signed by it.
struct EmbeddedCheckpoints<'a> {
    key: Option<&'a Verifier>,
    count: u64,
}

impl Observer for EmbeddedCheckpoints<'_> {
    fn entry(&mut self, seen: &Seen<'_>, _: &ChainVerifier) -> Result<(), Finding> {
        let Some(root) = seen.root_before else { return Ok(()) };
        self.count += 1;
        check_checkpoint_entry(seen.seq, &seen.body.to_map(), &root, self.key)
            .map_err(|reason| checkpoint_finding(seen.seq, format!("this checkpoint entry {reason}")))
    }
}

fn check_checkpoint_entry(
    seq: u64,
    body: &Map<String, Value>,
    root: &Hash,
    key: Option<&Verifier>,
) -> Result<(), String> {
    let size = seq - 1;
    if body.get("size").and_then(Value::as_u64) != Some(size) {
        return Err(format!("has the wrong size: it must be {size}, the number of entries before it"));
    }
    if body.get("root").and_then(Value::as_str) != Some(BASE64.encode(root.0).as_str()) {
        return Err("has the wrong root: it is not the tree hash of the entries before it".into());
    }
    let note = body.get("note").and_then(Value::as_str).ok_or("has no note")?;
    let origin = body.get("origin").and_then(Value::as_str).ok_or("has no origin")?;
    if let Some(key) = key.filter(|key| key.name() == origin) {
        let signed = Checkpoint::open(note, key).map_err(|error| format!("has a bad note: {error}"))?;
        if signed.size != size || signed.root != *root {
            return Err("has a note that signs another tree than the one before it".into());
        }
    }
    Ok(())
}

/// The chain's tree at the checkpoint's size must be the signed one.
fn match_checkpoint(verifier: &ChainVerifier, checkpoint: &Checkpoint) -> Result<(), Finding> {
    if verifier.size() < checkpoint.size {
        let reason = format!(
            "the chain ends at seq {} but the signed checkpoint covers {} entries: entries were removed",
            verifier.size(),
            checkpoint.size
        );
        return Err(checkpoint_finding(verifier.size() + 1, reason));
    }
    if verifier.watch.roots.get(&checkpoint.size) != Some(&checkpoint.root) {
        let reason = format!(
            "the Merkle root of the first {} entries differs from the signed checkpoint: the chain was rewritten",
            checkpoint.size
        );
        return Err(checkpoint_finding(checkpoint.size, reason));
    }
    Ok(())
}

fn summarize(report: &mut Report, verifier: &ChainVerifier) {
    let root = BASE64.encode(verifier.frontier.root().0);
    report
        .field("entries", json!(verifier.size()))
        .field("head", json!(verifier.head().to_hex()))
        .field("root", json!(root));
}

fn clean_chain_line(verifier: &ChainVerifier) -> String {
    format!(
        "ok: {} entries verified; head {}; Merkle root {}",
        verifier.size(),
        verifier.head(),
        BASE64.encode(verifier.frontier.root().0)
    )
}

pub fn verify(source: &Source, checkpoint: Option<PathBuf>, key: Option<String>) -> Report {
    const NAME: &str = "verify";
    let key = or_fail!(NAME, key.as_deref().map(verifier_key).transpose());
    let signed = match (&checkpoint, &key) {
        (Some(path), Some(key)) => Some(signed_or_report!(NAME, path, key)),
        _ => None,
    };
    let mut verifier = ChainVerifier::default();
    if let Some(signed) = &signed {
        verifier.watch.want_root(signed.size);
    }
    let mut observer = EmbeddedCheckpoints { key: key.as_ref(), count: 0 };
    let streamed = or_fail!(NAME, input::stream(source, &mut verifier, &mut observer, false));
    let mut report = Report::new(NAME);
    summarize(&mut report, &verifier);
    report.field("checkpoint_entries", json!(observer.count));
    if let Some(finding) = streamed.finding {
        return report.finding(&finding);
    }
    report.line(clean_chain_line(&verifier));
    if let Some(signed) = &signed {
        if let Err(finding) = match_checkpoint(&verifier, signed) {
            return report.finding(&finding);
        }
        report
            .line(format!("ok: matches the checkpoint signed by {} at size {}", signed.origin, signed.size));
        report.field("checkpoint", json!({"origin": signed.origin, "size": signed.size}));
    }
    report
}

pub fn consistency(old: &Path, new: &Path, key: &str, source: &Source, proof: Option<PathBuf>) -> Report {
    const NAME: &str = "consistency";
    let key = or_fail!(NAME, verifier_key(key));
    let old = signed_or_report!(NAME, old, &key);
    let new = signed_or_report!(NAME, new, &key);
    let mut report = Report::new(NAME);
    report.field("from", json!(old.size)).field("to", json!(new.size));
    if old.size > new.size {
        let reason =
            format!("the old checkpoint (size {}) is larger than the new one ({})", old.size, new.size);
        return report.finding(&Finding { seq: None, problem: Problem::Checkpoint(reason) });
    }
    let proof = match (proof, source.is_given()) {
        (Some(path), false) => or_fail!(NAME, read_consistency_proof(&path, &old, &new)),
        (None, true) => match consistency_from_chain(source, &old, &new, &mut report) {
            Ok(Ok(proof)) => proof,
            Ok(Err(finding)) => return report.finding(&finding),
            Err(message) => return Report::failed(NAME, message),
        },
        _ => return Report::failed(NAME, "give the journal (--file or --db) or a --proof, one of them"),
    };
    report.field("hashes", json!(proof));
    if !verify_consistency(old.size, new.size, &old.root, &new.root, &proof) {
        let reason =
            "the new checkpoint does not extend the old one: the consistency proof fails".to_string();
        return report.finding(&checkpoint_finding(old.size, reason));
    }
    report.line(format!("ok: the checkpoint at size {} extends the one at size {}", new.size, old.size));
    report
}

fn read_consistency_proof(path: &Path, old: &Checkpoint, new: &Checkpoint) -> Result<Vec<Hash>, String> {
    let text = read_small_file(path)?;
    let proof: ConsistencyProof = serde_json::from_str(&text)
        .map_err(|e| format!("{}: not a consistency proof: {e}", path.display()))?;
    if (proof.from, proof.to) != (old.size, new.size) {
        return Err(format!(
            "the proof is from size {} to {}, the checkpoints are at {} and {}",
            proof.from, proof.to, old.size, new.size
        ));
    }
    Ok(proof.hashes)
}

/// Reads the chain, checks it matches both checkpoints, and builds the proof from it.
fn consistency_from_chain(
    source: &Source,
    old: &Checkpoint,
    new: &Checkpoint,
    report: &mut Report,
) -> Result<Result<Vec<Hash>, Finding>, String> {
    let ranges = consistency_ranges(old.size, new.size);
    let mut verifier = ChainVerifier::default();
    verifier.watch.want_root(old.size);
    verifier.watch.want_root(new.size);
    verifier.watch.want_ranges(&ranges);
    let streamed = input::stream(source, &mut verifier, &mut NoObserver, false)?;
    summarize(report, &verifier);
    if let Some(finding) = streamed.finding {
        return Ok(Err(finding));
    }
    if let Err(finding) = match_checkpoint(&verifier, new) {
        return Ok(Err(finding));
    }
    if let Err(mut finding) = match_checkpoint(&verifier, old) {
        finding.problem = Problem::Checkpoint(format!(
            "the new checkpoint does not extend the old one: the journal's first {} entries, \
             which the new checkpoint covers, are not what the old checkpoint signed",
            old.size
        ));
        return Ok(Err(finding));
    }
    Ok(Ok(verifier.watch.hashes_of(&ranges).expect("every node of the proof went past")))
}

pub fn inclusion(
    seq: u64,
    checkpoint: &Path,
    key: &str,
    source: &Source,
    receipt: Option<(PathBuf, String)>,
) -> Report {
    const NAME: &str = "inclusion";
    let key = or_fail!(NAME, verifier_key(key));
    let signed = signed_or_report!(NAME, checkpoint, &key);
    if seq == 0 || seq > signed.size {
        let message =
            format!("seq {seq} is not covered by the checkpoint, which covers seq 1 to {}", signed.size);
        return Report::failed(NAME, message);
    }
    let mut report = Report::new(NAME);
    report.field("seq", json!(seq)).field("size", json!(signed.size));
    let verified = match (receipt, source.is_given()) {
        (Some((path, entry_hash)), false) => {
            or_fail!(NAME, inclusion_from_receipt(seq, &signed, &path, &entry_hash))
        }
        (None, true) => match inclusion_from_chain(seq, &signed, source, &mut report) {
            Ok(Ok(verified)) => verified,
            Ok(Err(finding)) => return report.finding(&finding),
            Err(message) => return Report::failed(NAME, message),
        },
        _ => return Report::failed(NAME, "give the journal (--file or --db) or --proof with --entry-hash"),
    };
    if !verified {
        let reason = format!("entry {seq} is not in the tree of the checkpoint at size {}", signed.size);
        return report.finding(&checkpoint_finding(seq, reason));
    }
    report.line(format!(
        "ok: entry {seq} is in the tree of the checkpoint signed by {} at size {}",
        signed.origin, signed.size
    ));
    report
}

fn inclusion_from_receipt(
    seq: u64,
    signed: &Checkpoint,
    path: &Path,
    entry_hash: &str,
) -> Result<bool, String> {
    let entry_hash: Hash = entry_hash.parse().map_err(|e| format!("--entry-hash: {e}"))?;
    let text = read_small_file(path)?;
    let proof: InclusionProof = serde_json::from_str(&text)
        .map_err(|e| format!("{}: not an inclusion proof: {e}", path.display()))?;
    if (proof.seq, proof.size) != (seq, signed.size) {
        return Err(format!(
            "the proof is for seq {} at size {}, not seq {seq} at the checkpoint's size {}",
            proof.seq, proof.size, signed.size
        ));
    }
    Ok(proof.verifies(&entry_hash, &signed.root))
}

fn inclusion_from_chain(
    seq: u64,
    signed: &Checkpoint,
    source: &Source,
    report: &mut Report,
) -> Result<Result<bool, Finding>, String> {
    let index = seq - 1;
    let ranges = inclusion_ranges(index, signed.size);
    let leaf: Range<u64> = index..seq;
    let mut verifier = ChainVerifier::default();
    verifier.watch.want_root(signed.size);
    verifier.watch.want_ranges(&ranges);
    verifier.watch.want_ranges(std::slice::from_ref(&leaf));
    let streamed = input::stream(source, &mut verifier, &mut NoObserver, false)?;
    summarize(report, &verifier);
    if let Some(finding) = streamed.finding {
        return Ok(Err(finding));
    }
    if let Err(finding) = match_checkpoint(&verifier, signed) {
        return Ok(Err(finding));
    }
    let proof = verifier.watch.hashes_of(&ranges).expect("every node of the proof went past");
    let leaf = verifier.watch.nodes[&(0, index)];
    report.field("leaf", json!(leaf.to_hex())).field("hashes", json!(proof));
    Ok(Ok(verify_inclusion(index, signed.size, &leaf, &proof, &signed.root)))
}

pub fn balances(source: &Source) -> Report {
    const NAME: &str = "balances";
    let mut verifier = ChainVerifier::default();
    let streamed = or_fail!(NAME, input::stream(source, &mut verifier, &mut NoObserver, true));
    let mut report = Report::new(NAME);
    summarize(&mut report, &verifier);
    if let Some(finding) = streamed.finding {
        return report.finding(&finding);
    }
    let ledger = &verifier.ledger;
    let amount = |currency: &str, minor: i128| format_minor(minor, ledger.digits_of(currency).unwrap_or(0));
    let mut listed = Vec::new();
    for (account, currency, minor) in ledger.balances() {
        report.line(format!("{account} {currency} {}", amount(currency, minor)));
        listed.push(json!({"account": account, "currency": currency, "amount": amount(currency, minor)}));
    }
    report.field("balances", json!(listed));
    let Some(server) = streamed.server_balances else { return report };
    let mut compared: BTreeMap<(String, String), (i128, i128)> = BTreeMap::new();
    for (account, currency, minor) in ledger.balances() {
        compared.entry((account.to_string(), currency.to_string())).or_default().0 = minor;
    }
    for (account, currency, minor) in server {
        compared.entry((account, currency)).or_default().1 = i128::from(minor);
    }
    let mut mismatches = Vec::new();
    for ((account, currency), (journal, table)) in compared.into_iter().filter(|(_, (j, t))| j != t) {
        let (journal, table) = (amount(&currency, journal), amount(&currency, table));
        report.line(format!(
            "MISMATCH {account} {currency}: the journal gives {journal}, the server's balances table says {table}"
        ));
        mismatches
            .push(json!({"account": account, "currency": currency, "journal": journal, "server": table}));
    }
    report.field("mismatches", json!(mismatches));
    if mismatches.is_empty() {
        report.line("ok: the server's balances table matches the journal");
        report
    } else {
        let reason = format!("{} balances differ from the journal", mismatches.len());
        report.finding(&Finding { seq: None, problem: Problem::BalancesTable(reason) })
    }
}

pub fn unseal_check(sealed: &str, salt: &str, fields: &Path) -> Report {
    const NAME: &str = "unseal-check";
    let sealed: Hash = or_fail!(NAME, sealed.parse().map_err(|e| format!("--sealed: {e}")));
    let salt: Hash =
        or_fail!(NAME, salt.parse().map_err(|_| "--salt must be 64 lowercase hex digits".to_string()));
    let text = if fields == Path::new("-") {
        or_fail!(
            NAME,
            std::io::read_to_string(std::io::stdin()).map_err(|e| format!("cannot read standard input: {e}"))
        )
    } else {
        or_fail!(NAME, read_small_file(fields))
    };
    let value: Value =
        or_fail!(NAME, serde_json::from_str(&text).map_err(|e| format!("--fields: not JSON: {e}")));
    if !value.is_object() {
        return Report::failed(NAME, "--fields must hold a JSON object");
    }
    let commitment = or_fail!(
        NAME,
        strikefund_audit::seal::commitment(&salt.0, &value).map_err(|e| format!("--fields: {e}"))
    );
    let mut report = Report::new(NAME);
    if commitment == sealed {
        report.line("ok: the private fields and salt match the sealed commitment");
        report
    } else {
        let reason = "the private fields and salt do not match the sealed commitment".to_string();
        report.finding(&Finding { seq: None, problem: Problem::SealMismatch(reason) })
    }
}

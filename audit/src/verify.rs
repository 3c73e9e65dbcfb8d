//! Verifies a journal entry by entry, in one pass and constant memory
//! (apart from the balances): gapless seq, every `prev` link, every hash,
//! timestamps never going backwards, and the ledger rules.

use std::fmt;

use crate::entry::{Entry, Hash};
use crate::ledger::{Ledger, LedgerFinding};
use crate::merkle::Frontier;

/// What is wrong, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The seq of the entry at fault, when it has one.
    pub seq: Option<u64>,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Malformed { line: u64, reason: String },
    Gap { expected: u64, found: u64 },
    DuplicateSeq { expected: u64, found: u64 },
    BrokenLink,
    HashMismatch,
    TimeWentBackwards,
    Ledger(LedgerFinding),
    Checkpoint(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Malformed { line, reason } => write!(f, "malformed line {line}: {reason}"),
            Problem::Gap { expected, found } => {
                write!(f, "gap: expected seq {expected}, found {found}")
            }
            Problem::DuplicateSeq { expected, found } => {
                write!(f, "duplicate seq: expected seq {expected}, found {found} again")
            }
            Problem::BrokenLink => f.write_str("broken link: prev is not the hash of the entry before"),
            Problem::HashMismatch => f.write_str("hash mismatch: the entry does not hash to its hash"),
            Problem::TimeWentBackwards => f.write_str("time went backwards: at is before the entry before"),
            Problem::Ledger(finding) => write!(f, "{finding}"),
            Problem::Checkpoint(reason) => write!(f, "checkpoint: {reason}"),
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.seq {
            Some(seq) => write!(f, "seq {seq}: {}", self.problem),
            None => write!(f, "{}", self.problem),
        }
    }
}

/// Walks a chain from seq 1, one entry at a time.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    next_seq: u64,
    prev: Hash,
    last_at: String,
    pub ledger: Ledger,
    pub frontier: Frontier,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        ChainVerifier {
            next_seq: 1,
            prev: Hash::ZERO,
            last_at: String::new(),
            ledger: Ledger::default(),
            frontier: Frontier::default(),
        }
    }
}

impl ChainVerifier {
    /// Number of entries verified so far.
    pub fn size(&self) -> u64 {
        self.next_seq - 1
    }

    /// Hash of the last entry verified (the chain head).
    pub fn head(&self) -> Hash {
        self.prev
    }

    /// Checks the next entry against everything before it.
    pub fn push(&mut self, entry: &Entry, claimed: &Hash) -> Result<(), Finding> {
        let at_fault = |problem| Finding { seq: Some(entry.seq), problem };
        if entry.seq > self.next_seq {
            let problem = Problem::Gap { expected: self.next_seq, found: entry.seq };
            return Err(Finding { seq: Some(self.next_seq), problem });
        }
        if entry.seq < self.next_seq {
            let problem = Problem::DuplicateSeq { expected: self.next_seq, found: entry.seq };
            return Err(Finding { seq: Some(self.next_seq), problem });
        }
        if entry.prev != self.prev {
            return Err(at_fault(Problem::BrokenLink));
        }
        let computed = entry.compute_hash().map_err(|error| {
            let reason = error.to_string();
            at_fault(Problem::Malformed { line: entry.seq, reason })
        })?;
        if computed != *claimed {
            return Err(at_fault(Problem::HashMismatch));
        }
        if entry.at < self.last_at {
            return Err(at_fault(Problem::TimeWentBackwards));
        }
        self.ledger.apply(&entry.body).map_err(|f| at_fault(Problem::Ledger(f)))?;
        self.frontier.append(&computed);
        self.prev = computed;
        self.last_at.clone_from(&entry.at);
        self.next_seq += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn chain(n: u64) -> Vec<(Entry, Hash)> {
        let mut prev = Hash::ZERO;
        let mut out = Vec::new();
        for seq in 1..=n {
            let body = json!({"postings": [
                {"account": "assets:bank:lt-main", "currency": "EUR", "amount": "10.00"},
                {"account": "equity:funds:general", "currency": "EUR", "amount": "-10.00"},
            ]});
            let entry = Entry {
                seq,
                prev,
                at: format!("2020-08-20T10:00:{:02}.000000Z", seq),
                actor: "system".into(),
                kind: "donation".into(),
                body: body.as_object().unwrap().clone(),
                sealed: None,
            };
            let hash = entry.compute_hash().unwrap();
            prev = hash;
            out.push((entry, hash));
        }
        out
    }

    fn verify(entries: &[(Entry, Hash)]) -> Result<ChainVerifier, Finding> {
        let mut verifier = ChainVerifier::default();
        for (entry, hash) in entries {
            verifier.push(entry, hash)?;
        }
        Ok(verifier)
    }

    #[test]
    fn a_clean_chain_verifies_and_sums_up() {
        let verifier = verify(&chain(5)).unwrap();
        assert_eq!(verifier.size(), 5);
        assert_eq!(verifier.ledger.balance_text("assets:bank:lt-main", "EUR").unwrap(), "50.00");
    }

    #[test]
    fn an_edited_entry_is_a_hash_mismatch_at_its_seq() {
        let mut entries = chain(5);
        entries[2].0.body["postings"][0]["amount"] = json!("11.00");
        let finding = verify(&entries).unwrap_err();
        assert_eq!(finding.seq, Some(3));
        assert_eq!(finding.problem, Problem::HashMismatch);
    }

    #[test]
    fn a_deleted_entry_is_a_gap() {
        let mut entries = chain(5);
        entries.remove(1);
        let finding = verify(&entries).unwrap_err();
        assert_eq!(finding.problem, Problem::Gap { expected: 2, found: 3 });
        assert_eq!(finding.to_string(), "seq 2: gap: expected seq 2, found 3");
    }

    #[test]
    fn a_rehashed_edit_breaks_the_next_link() {
        let mut entries = chain(5);
        entries[2].0.body["postings"][0]["amount"] = json!("11.00");
        entries[2].0.body["postings"][1]["amount"] = json!("-11.00");
        entries[2].1 = entries[2].0.compute_hash().unwrap();
        let finding = verify(&entries).unwrap_err();
        assert_eq!(finding.seq, Some(4));
        assert_eq!(finding.problem, Problem::BrokenLink);
    }
}

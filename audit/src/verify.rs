//! Verifies a journal entry by entry, in one pass and constant memory
//! (apart from the balances): gapless seq, every `prev` link, every hash,
//! timestamps never going backwards, and the ledger rules.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::ops::Range;

use crate::entry::{Entry, Hash};
use crate::ledger::{Ledger, LedgerFinding, PostingRef, posting_refs};
use crate::merkle::{Frontier, empty_root, leaf_hash, range_hash, range_nodes};

/// What is wrong, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The seq of the entry at fault, when it has one.
    pub seq: Option<u64>,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Malformed {
        line: u64,
        reason: String,
    },
    /// A database row that is not a well-formed entry.
    MalformedRow {
        reason: String,
    },
    Gap {
        expected: u64,
        found: u64,
    },
    DuplicateSeq {
        expected: u64,
        found: u64,
    },
    BrokenLink,
    HashMismatch,
    TimeWentBackwards,
    Ledger(LedgerFinding),
    Checkpoint(String),
    /// The server's own balance tables disagree with the journal.
    BalancesTable(String),
    /// A `sealed` commitment does not match the private fields given.
    SealMismatch(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Malformed { line, reason } => write!(f, "malformed line {line}: {reason}"),
            Problem::MalformedRow { reason } => write!(f, "malformed row: {reason}"),
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
            Problem::BalancesTable(reason) => write!(f, "balances table: {reason}"),
            Problem::SealMismatch(reason) => write!(f, "seal: {reason}"),
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

/// One entry as the sequential checks need it: what it claims, and what was
/// recomputed from it (possibly on another thread).
#[derive(Debug, Clone)]
pub struct Step<'a> {
    pub seq: u64,
    pub prev: Hash,
    pub at: &'a str,
    pub claimed: Hash,
    /// The recomputed hash, or why the entry cannot be hashed.
    pub computed: Result<Hash, String>,
    /// The entry's postings, or why they are malformed.
    pub postings: Result<&'a [PostingRef<'a>], String>,
    /// The Merkle leaf hash of `computed`, if already computed.
    pub leaf: Option<Hash>,
    /// Whether `at` is not before the `at` of the entry before, if that was
    /// already compared (by whoever read both). When given, the verifier does
    /// not keep `at`: the caller hands it over with `set_last_at` before a
    /// step that does not say.
    pub in_order: Option<bool>,
}

/// Tree hashes a command needs, remembered while the chain streams past:
/// the roots at chosen sizes and chosen nodes (of proofs). O(log n) memory.
#[derive(Debug, Clone, Default)]
pub struct TreeWatch {
    root_sizes: BTreeSet<u64>,
    coordinates: HashSet<(u32, u64)>,
    /// size → Merkle tree hash of the first `size` entries.
    pub roots: HashMap<u64, Hash>,
    /// (level, index) → node hash; level 0 are leaf hashes.
    pub nodes: HashMap<(u32, u64), Hash>,
}

impl TreeWatch {
    /// Remember the tree hash at `size`.
    pub fn want_root(&mut self, size: u64) {
        if size == 0 {
            self.roots.insert(0, empty_root());
        } else {
            self.root_sizes.insert(size);
        }
    }

    /// Remember the nodes that make up these proof ranges.
    pub fn want_ranges(&mut self, ranges: &[Range<u64>]) {
        self.coordinates.extend(ranges.iter().flat_map(range_nodes));
    }

    /// The tree hashes of proof ranges, once every node of them went past.
    pub fn hashes_of(&self, ranges: &[Range<u64>]) -> Option<Vec<Hash>> {
        ranges.iter().map(|range| range_hash(range, &self.nodes)).collect()
    }

    fn observe(&mut self, frontier: &mut Frontier, leaf: Hash) {
        let index = frontier.size();
        if self.coordinates.is_empty() {
            frontier.append_leaf(leaf, |_| {});
        } else {
            let (coordinates, nodes) = (&self.coordinates, &mut self.nodes);
            if coordinates.contains(&(0, index)) {
                nodes.insert((0, index), leaf);
            }
            frontier.append_leaf(leaf, |node| {
                if coordinates.contains(&(node.level, node.index)) {
                    nodes.insert((node.level, node.index), node.hash);
                }
            });
        }
        if self.root_sizes.contains(&frontier.size()) {
            self.roots.insert(frontier.size(), frontier.root());
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
    pub watch: TreeWatch,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        ChainVerifier {
            next_seq: 1,
            prev: Hash::ZERO,
            last_at: String::new(),
            ledger: Ledger::default(),
            frontier: Frontier::default(),
            watch: TreeWatch::default(),
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
        let postings = posting_refs(&entry.body);
        let step = Step {
            seq: entry.seq,
            prev: entry.prev,
            at: &entry.at,
            claimed: *claimed,
            computed: entry.compute_hash().map_err(|error| error.to_string()),
            postings: postings.as_deref().map_err(Clone::clone),
            leaf: None,
            in_order: None,
        };
        self.push_step(&step)
    }

    /// Checks the next entry, given what was recomputed from it.
    pub fn push_step(&mut self, step: &Step<'_>) -> Result<(), Finding> {
        let at_fault = |problem| Finding { seq: Some(step.seq), problem };
        if step.seq > self.next_seq {
            let problem = Problem::Gap { expected: self.next_seq, found: step.seq };
            return Err(Finding { seq: Some(self.next_seq), problem });
        }
        if step.seq < self.next_seq {
            let problem = Problem::DuplicateSeq { expected: self.next_seq, found: step.seq };
            return Err(Finding { seq: Some(self.next_seq), problem });
        }
        if step.prev != self.prev {
            return Err(at_fault(Problem::BrokenLink));
        }
        let computed = step
            .computed
            .clone()
            .map_err(|reason| at_fault(Problem::Malformed { line: step.seq, reason }))?;
        if computed != step.claimed {
            return Err(at_fault(Problem::HashMismatch));
        }
        if !step.in_order.unwrap_or_else(|| step.at >= self.last_at.as_str()) {
            return Err(at_fault(Problem::TimeWentBackwards));
        }
        let postings = step
            .postings
            .clone()
            .map_err(|reason| at_fault(Problem::Ledger(LedgerFinding::MalformedPostings(reason))))?;
        self.ledger.apply_postings(postings).map_err(|f| at_fault(Problem::Ledger(f)))?;
        self.watch.observe(&mut self.frontier, step.leaf.unwrap_or_else(|| leaf_hash(&computed)));
        self.prev = computed;
        if step.in_order.is_none() {
            self.set_last_at(step.at);
        }
        self.next_seq += 1;
        Ok(())
    }

    /// The `at` of the last entry verified, when its step did not carry it.
    pub fn set_last_at(&mut self, at: &str) {
        self.last_at.clear();
        self.last_at.push_str(at);
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

//! Merkle proofs and signed checkpoints, read from the database.
//!
//! A proof needs O(log n) tree nodes. They are planned first with the
//! audit crate's range functions, then fetched in two queries: inner nodes
//! (level >= 1) from `merkle_nodes`, leaves from `journal.hash`. Nothing is
//! scanned, so a proof costs the same at a thousand entries as at a million.

use std::collections::HashMap;
use std::ops::Range;

use sqlx::AnyPool;
use strikefund_audit::Hash;
use strikefund_audit::merkle::{consistency_ranges, inclusion_ranges, leaf_hash, range_hash, range_nodes};
use strikefund_audit::proof::{ConsistencyProof, InclusionProof};

use super::read;

/// Why a proof cannot be given.
#[derive(Debug, thiserror::Error)]
pub enum ProofError {
    #[error("{name} must be at least 1")]
    MustBePositive { name: &'static str },
    #[error("{name} {size} is beyond the journal, which has {head} entries")]
    SizeMustNotExceedJournal { name: &'static str, size: u64, head: u64 },
    #[error("seq {seq} must not exceed size {size}")]
    SeqMustNotExceedSize { seq: u64, size: u64 },
    #[error("from {from} must not exceed to {to}")]
    FromMustNotExceedTo { from: u64, to: u64 },
    #[error("the Merkle tree is missing node ({level}, {index}): the projections need a rebuild")]
    NodeMissing { level: u32, index: u64 },
    #[error(transparent)]
    Store(#[from] sqlx::Error),
}

impl ProofError {
    /// True when the request was wrong, false when the server is.
    pub fn is_bad_request(&self) -> bool {
        !matches!(self, ProofError::NodeMissing { .. } | ProofError::Store(_))
    }
}

async fn check_size(pool: &AnyPool, name: &'static str, size: u64) -> Result<(), ProofError> {
    if size == 0 {
        return Err(ProofError::MustBePositive { name });
    }
    let head = read::head(pool).await?.seq;
    if size > head {
        return Err(ProofError::SizeMustNotExceedJournal { name, size, head });
    }
    Ok(())
}

/// Proof that entry `seq` is in the tree of the first `size` entries.
pub async fn inclusion(pool: &AnyPool, seq: u64, size: u64) -> Result<InclusionProof, ProofError> {
    if seq == 0 {
        return Err(ProofError::MustBePositive { name: "seq" });
    }
    check_size(pool, "size", size).await?;
    if seq > size {
        return Err(ProofError::SeqMustNotExceedSize { seq, size });
    }
    let path = inclusion_ranges(seq - 1, size);
    let whole = 0..size;
    let nodes = fetch(pool, [&path[..], std::slice::from_ref(&whole)].concat().as_slice(), &[seq]).await?;
    let entry_hash = nodes.entry_hashes[&seq];
    Ok(InclusionProof {
        seq,
        size,
        entry_hash,
        root: nodes.hash_of(&whole)?,
        hashes: path.iter().map(|range| nodes.hash_of(range)).collect::<Result<_, _>>()?,
    })
}

/// Proof that the tree of the first `to` entries extends that of the first `from`.
pub async fn consistency(pool: &AnyPool, from: u64, to: u64) -> Result<ConsistencyProof, ProofError> {
    if from == 0 {
        return Err(ProofError::MustBePositive { name: "from" });
    }
    if from > to {
        return Err(ProofError::FromMustNotExceedTo { from, to });
    }
    check_size(pool, "to", to).await?;
    let proof = consistency_ranges(from, to);
    let (old, new) = (0..from, 0..to);
    let nodes = fetch(pool, &[&proof[..], &[old.clone(), new.clone()]].concat(), &[]).await?;
    Ok(ConsistencyProof {
        from,
        to,
        old_root: nodes.hash_of(&old)?,
        new_root: nodes.hash_of(&new)?,
        hashes: proof.iter().map(|range| nodes.hash_of(range)).collect::<Result<_, _>>()?,
    })
}

/// The nodes fetched for one proof.
struct Nodes {
    by_coordinate: HashMap<(u32, u64), Hash>,
    /// seq → entry hash, for the entries asked for.
    entry_hashes: HashMap<u64, Hash>,
}

impl Nodes {
    fn hash_of(&self, range: &Range<u64>) -> Result<Hash, ProofError> {
        range_hash(range, &self.by_coordinate).ok_or_else(|| {
            let missing = range_nodes(range).into_iter().find(|c| !self.by_coordinate.contains_key(c));
            let (level, index) = missing.unwrap_or((0, range.start));
            ProofError::NodeMissing { level, index }
        })
    }
}

fn bad_hash(what: &str) -> ProofError {
    ProofError::Store(sqlx::Error::Protocol(format!("{what} is not a hash")))
}

/// Fetches every node the ranges are made of, plus the entry hashes of `seqs`:
/// one query for leaves, one for inner nodes.
async fn fetch(pool: &AnyPool, ranges: &[Range<u64>], seqs: &[u64]) -> Result<Nodes, ProofError> {
    let mut coordinates: Vec<(u32, u64)> = ranges.iter().flat_map(range_nodes).collect();
    coordinates.sort_unstable();
    coordinates.dedup();
    let (leaves, inner): (Vec<_>, Vec<_>) = coordinates.into_iter().partition(|(level, _)| *level == 0);
    let mut leaf_seqs: Vec<u64> =
        leaves.iter().map(|(_, index)| index + 1).chain(seqs.iter().copied()).collect();
    leaf_seqs.sort_unstable();
    leaf_seqs.dedup();
    let mut nodes = Nodes { by_coordinate: HashMap::new(), entry_hashes: HashMap::new() };
    for (seq, hash) in fetch_entry_hashes(pool, &leaf_seqs).await? {
        nodes.by_coordinate.insert((0, seq - 1), leaf_hash(&hash));
        nodes.entry_hashes.insert(seq, hash);
    }
    if let Some(missing) = seqs.iter().find(|seq| !nodes.entry_hashes.contains_key(seq)) {
        return Err(ProofError::NodeMissing { level: 0, index: missing - 1 });
    }
    nodes.by_coordinate.extend(fetch_inner(pool, &inner).await?);
    Ok(nodes)
}

async fn fetch_entry_hashes(pool: &AnyPool, seqs: &[u64]) -> Result<Vec<(u64, Hash)>, ProofError> {
    if seqs.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=seqs.len()).map(|n| format!("${n}")).collect();
    let sql = format!("SELECT seq, hash FROM journal WHERE seq IN ({})", placeholders.join(", "));
    let mut query = sqlx::query_as::<_, (i64, String)>(sqlx::AssertSqlSafe(sql));
    for seq in seqs {
        query = query.bind(i64::try_from(*seq).expect("seq fits in i64"));
    }
    let rows = query.fetch_all(pool).await?;
    rows.into_iter()
        .map(|(seq, hash)| Ok((seq as u64, hash.parse().map_err(|_| bad_hash("journal.hash"))?)))
        .collect()
}

async fn fetch_inner(
    pool: &AnyPool,
    coordinates: &[(u32, u64)],
) -> Result<Vec<((u32, u64), Hash)>, ProofError> {
    if coordinates.is_empty() {
        return Ok(Vec::new());
    }
    let terms: Vec<String> = (0..coordinates.len())
        .map(|n| format!("(level = ${} AND idx = ${})", 2 * n + 1, 2 * n + 2))
        .collect();
    let sql = format!("SELECT level, idx, hash FROM merkle_nodes WHERE {}", terms.join(" OR "));
    let mut query = sqlx::query_as::<_, (i64, i64, String)>(sqlx::AssertSqlSafe(sql));
    for (level, index) in coordinates {
        query = query.bind(i64::from(*level)).bind(i64::try_from(*index).expect("index fits in i64"));
    }
    let rows = query.fetch_all(pool).await?;
    rows.into_iter()
        .map(|(level, index, hash)| {
            let coordinate = (level as u32, index as u64);
            Ok((coordinate, hash.parse().map_err(|_| bad_hash("merkle_nodes.hash"))?))
        })
        .collect()
}

/// The latest signed checkpoint note, if one was ever signed.
pub async fn latest_checkpoint(pool: &AnyPool) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT note FROM checkpoints WHERE size = (SELECT MAX(size) FROM checkpoints)")
        .fetch_optional(pool)
        .await
}

/// The size and note of the latest signed checkpoint, if one was ever signed.
pub async fn latest_checkpoint_sized(pool: &AnyPool) -> Result<Option<(u64, String)>, sqlx::Error> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT size, note FROM checkpoints WHERE size = (SELECT MAX(size) FROM checkpoints)")
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(size, note)| (size.max(0) as u64, note)))
}

/// The seq of the latest checkpoint entry (0 when there is none).
pub async fn latest_checkpoint_seq(pool: &AnyPool) -> Result<u64, sqlx::Error> {
    let seq: Option<i64> =
        sqlx::query_scalar("SELECT seq FROM checkpoints WHERE size = (SELECT MAX(size) FROM checkpoints)")
            .fetch_optional(pool)
            .await?;
    Ok(seq.unwrap_or(0).max(0) as u64)
}

//! The RFC 6962 / RFC 9162 Merkle tree over entry hashes.
//!
//! Leaf `i` (0-based) is entry `seq = i + 1`; its leaf hash is
//! `SHA-256(0x00 || entry hash)`, an inner node is
//! `SHA-256(0x01 || left || right)`, and the tree of `n` leaves is split at
//! the largest power of two below `n`, exactly as RFC 9162 §2.1.1 says.
//!
//! A node is named by `(level, index)`: the perfect subtree of `2^level`
//! leaves starting at leaf `index << level`. Proofs are planned as lists of
//! leaf ranges first, so a caller can fetch every stored node it needs in one
//! query and then assemble the proof without further I/O.

use std::collections::HashMap;
use std::ops::Range;

use crate::entry::{Hash, sha256_padded};

/// `SHA-256(0x00 || entry hash)`.
pub fn leaf_hash(entry_hash: &Hash) -> Hash {
    // 33 bytes, then 0x80, zeros, and the length in bits (264) in the last two bytes.
    let mut block = [0u8; 64];
    block[1..33].copy_from_slice(&entry_hash.0);
    block[33] = 0x80;
    block[62] = 0x01;
    block[63] = 0x08;
    sha256_padded(&[block])
}

/// `SHA-256(0x01 || left || right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    // 65 bytes over two blocks, then 0x80, zeros, and the length in bits (520).
    let mut blocks = [[0u8; 64]; 2];
    blocks[0][0] = 0x01;
    blocks[0][1..33].copy_from_slice(&left.0);
    blocks[0][33..64].copy_from_slice(&right.0[..31]);
    blocks[1][0] = right.0[31];
    blocks[1][1] = 0x80;
    blocks[1][62] = 0x02;
    blocks[1][63] = 0x08;
    sha256_padded(&blocks)
}

/// The root of the empty tree: SHA-256 of nothing.
pub fn empty_root() -> Hash {
    Hash::sha256(&[])
}

/// The roots of the perfect subtrees along the right edge of a tree of
/// `size` leaves (its "compact range"). Appending a leaf and computing the
/// root are both O(log size).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Frontier {
    size: u64,
    /// Left to right, largest subtree first; one per set bit of `size`.
    nodes: Vec<Hash>,
}

/// An inner node completed by an append, to be stored for later proofs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredNode {
    pub level: u32,
    pub index: u64,
    pub hash: Hash,
}

impl Frontier {
    /// Rebuilds a frontier from the hashes at `Frontier::coordinates(size)`.
    pub fn from_nodes(size: u64, nodes: Vec<Hash>) -> Option<Frontier> {
        (nodes.len() == size.count_ones() as usize).then_some(Frontier { size, nodes })
    }

    /// Which `(level, index)` nodes make up the frontier of a tree of `size` leaves.
    pub fn coordinates(size: u64) -> Vec<(u32, u64)> {
        let mut out = Vec::new();
        let mut offset = 0u64;
        for level in (0..64).rev() {
            if size & (1u64 << level) != 0 {
                out.push((level, offset >> level));
                offset += 1u64 << level;
            }
        }
        out
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    pub fn nodes(&self) -> &[Hash] {
        &self.nodes
    }

    /// Appends the leaf of one entry hash; returns the inner nodes this completed.
    pub fn append(&mut self, entry_hash: &Hash) -> Vec<StoredNode> {
        let mut completed = Vec::new();
        self.append_leaf(leaf_hash(entry_hash), |node| completed.push(node));
        completed
    }

    /// Appends a leaf hash (`leaf_hash` of an entry hash) and hands each
    /// inner node it completes to `completed`, without allocating.
    pub fn append_leaf(&mut self, leaf: Hash, mut completed: impl FnMut(StoredNode)) {
        let mut hash = leaf;
        let mut index = self.size;
        let mut level = 0;
        while index & 1 == 1 {
            let left = self.nodes.pop().expect("a set bit of size has a frontier node");
            hash = node_hash(&left, &hash);
            level += 1;
            index >>= 1;
            completed(StoredNode { level, index, hash });
        }
        self.nodes.push(hash);
        self.size += 1;
    }

    /// The Merkle tree hash of all leaves appended so far.
    pub fn root(&self) -> Hash {
        let mut nodes = self.nodes.iter().rev();
        let Some(last) = nodes.next() else {
            return empty_root();
        };
        nodes.fold(*last, |right, left| node_hash(left, &right))
    }
}

fn largest_power_of_two_below(n: u64) -> u64 {
    debug_assert!(n > 1);
    1u64 << (63 - (n - 1).leading_zeros())
}

/// The leaf ranges whose tree hashes form the inclusion proof of leaf `index`
/// in the tree of `size` leaves, in proof order (RFC 9162 §2.1.3.1).
pub fn inclusion_ranges(index: u64, size: u64) -> Vec<Range<u64>> {
    fn walk(index: u64, range: Range<u64>, out: &mut Vec<Range<u64>>) {
        let n = range.end - range.start;
        if n <= 1 {
            return;
        }
        let split = range.start + largest_power_of_two_below(n);
        if index < split {
            walk(index, range.start..split, out);
            out.push(split..range.end);
        } else {
            walk(index, split..range.end, out);
            out.push(range.start..split);
        }
    }
    let mut out = Vec::new();
    if index < size {
        walk(index, 0..size, &mut out);
    }
    out
}

/// The leaf ranges whose tree hashes form the consistency proof from a tree
/// of `old_size` leaves to one of `new_size` (RFC 9162 §2.1.4.1).
pub fn consistency_ranges(old_size: u64, new_size: u64) -> Vec<Range<u64>> {
    fn walk(m: u64, range: Range<u64>, complete: bool, out: &mut Vec<Range<u64>>) {
        let n = range.end - range.start;
        if m == n {
            if !complete {
                out.push(range);
            }
            return;
        }
        let k = largest_power_of_two_below(n);
        let split = range.start + k;
        if m <= k {
            walk(m, range.start..split, complete, out);
            out.push(split..range.end);
        } else {
            walk(m - k, split..range.end, false, out);
            out.push(range.start..split);
        }
    }
    let mut out = Vec::new();
    if old_size > 0 && old_size < new_size {
        walk(old_size, 0..new_size, true, &mut out);
    }
    out
}

/// The perfect subtrees `(level, index)` that make up a proof range, largest first.
/// Every range a proof uses starts at a multiple of its own size's highest bit.
pub fn range_nodes(range: &Range<u64>) -> Vec<(u32, u64)> {
    let mut out = Vec::new();
    let mut start = range.start;
    let size = range.end - range.start;
    for level in (0..64).rev() {
        if size & (1u64 << level) != 0 {
            debug_assert_eq!(start % (1u64 << level), 0, "proof ranges are aligned");
            out.push((level, start >> level));
            start += 1u64 << level;
        }
    }
    out
}

/// Assembles the tree hash of a range from its perfect subtrees.
pub fn range_hash(range: &Range<u64>, nodes: &HashMap<(u32, u64), Hash>) -> Option<Hash> {
    let hashes: Vec<Hash> =
        range_nodes(range).iter().map(|coordinate| nodes.get(coordinate).copied()).collect::<Option<_>>()?;
    let mut iter = hashes.iter().rev();
    let last = *iter.next()?;
    Some(iter.fold(last, |right, left| node_hash(left, &right)))
}

/// Verifies an inclusion proof (RFC 9162 §2.1.3.2).
pub fn verify_inclusion(index: u64, size: u64, leaf: &Hash, proof: &[Hash], root: &Hash) -> bool {
    if index >= size {
        return false;
    }
    let (mut f, mut s) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            r = node_hash(p, &r);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        f >>= 1;
        s >>= 1;
    }
    s == 0 && r == *root
}

/// Verifies a consistency proof between two tree heads (RFC 9162 §2.1.4.2).
pub fn verify_consistency(
    old_size: u64,
    new_size: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> bool {
    if old_size > new_size {
        return false;
    }
    if old_size == new_size {
        return proof.is_empty() && old_root == new_root;
    }
    if old_size == 0 {
        return proof.is_empty();
    }
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if old_size.is_power_of_two() {
        path.push(*old_root);
    }
    path.extend_from_slice(proof);
    let Some((first, rest)) = path.split_first() else {
        return false;
    };
    let (mut f, mut s) = (old_size - 1, new_size - 1);
    while f & 1 == 1 {
        f >>= 1;
        s >>= 1;
    }
    let (mut fr, mut sr) = (*first, *first);
    for c in rest {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        f >>= 1;
        s >>= 1;
    }
    s == 0 && fr == *old_root && sr == *new_root
}

/// Every node of a tree held in memory, for tools that have all leaves
/// (the auditor reading a whole export).
#[derive(Debug, Clone, Default)]
pub struct MemoryTree {
    /// levels[0] are leaf hashes; levels[l][i] is node (l, i).
    levels: Vec<Vec<Hash>>,
}

impl MemoryTree {
    pub fn push(&mut self, entry_hash: &Hash) {
        if self.levels.is_empty() {
            self.levels.push(Vec::new());
        }
        self.levels[0].push(leaf_hash(entry_hash));
        let mut level = 0;
        while self.levels[level].len().is_multiple_of(2) {
            let row = &self.levels[level];
            let parent = node_hash(&row[row.len() - 2], &row[row.len() - 1]);
            if self.levels.len() == level + 1 {
                self.levels.push(Vec::new());
            }
            self.levels[level + 1].push(parent);
            level += 1;
        }
    }

    pub fn size(&self) -> u64 {
        self.levels.first().map_or(0, |leaves| leaves.len() as u64)
    }

    fn node(&self, level: u32, index: u64) -> Option<Hash> {
        self.levels.get(level as usize)?.get(index as usize).copied()
    }

    fn hashes_of(&self, ranges: &[Range<u64>]) -> Option<Vec<Hash>> {
        let mut nodes = HashMap::new();
        for range in ranges {
            for (level, index) in range_nodes(range) {
                nodes.insert((level, index), self.node(level, index)?);
            }
        }
        ranges.iter().map(|range| range_hash(range, &nodes)).collect()
    }

    /// The root of the tree of the first `size` leaves.
    pub fn root_at(&self, size: u64) -> Option<Hash> {
        if size == 0 {
            return Some(empty_root());
        }
        if size > self.size() {
            return None;
        }
        let whole = 0..size;
        self.hashes_of(std::slice::from_ref(&whole)).map(|hashes| hashes[0])
    }

    pub fn inclusion_proof(&self, index: u64, size: u64) -> Option<Vec<Hash>> {
        if size > self.size() {
            return None;
        }
        self.hashes_of(&inclusion_ranges(index, size))
    }

    pub fn consistency_proof(&self, old_size: u64, new_size: u64) -> Option<Vec<Hash>> {
        if new_size > self.size() {
            return None;
        }
        self.hashes_of(&consistency_ranges(old_size, new_size))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaves_and_nodes_are_the_plain_sha256_of_their_bytes() {
        for n in 0u8..=255 {
            let a = Hash([n; 32]);
            let b = Hash::sha256(&[&[n, n.wrapping_mul(7)]]);
            assert_eq!(leaf_hash(&a), Hash::sha256(&[&[0x00], &a.0]));
            assert_eq!(node_hash(&a, &b), Hash::sha256(&[&[0x01], &a.0, &b.0]));
            assert_eq!(node_hash(&b, &a), Hash::sha256(&[&[0x01], &b.0, &a.0]));
        }
    }

    fn entry_hashes(n: u64) -> Vec<Hash> {
        (0..n).map(|i| Hash::sha256(&[&i.to_be_bytes()])).collect()
    }

    /// RFC 9162 §2.1.1 taken literally, as the reference.
    fn reference_root(leaves: &[Hash]) -> Hash {
        match leaves.len() {
            0 => empty_root(),
            1 => leaf_hash(&leaves[0]),
            n => {
                let k = largest_power_of_two_below(n as u64) as usize;
                node_hash(&reference_root(&leaves[..k]), &reference_root(&leaves[k..]))
            }
        }
    }

    #[test]
    fn frontier_root_matches_the_rfc_definition() {
        let hashes = entry_hashes(70);
        let mut frontier = Frontier::default();
        assert_eq!(frontier.root(), reference_root(&[]));
        for n in 1..=70 {
            frontier.append(&hashes[n - 1]);
            assert_eq!(frontier.root(), reference_root(&hashes[..n]), "size {n}");
        }
    }

    #[test]
    fn frontier_rebuilds_from_its_stored_nodes() {
        let hashes = entry_hashes(45);
        let mut frontier = Frontier::default();
        let mut tree = MemoryTree::default();
        for hash in &hashes {
            frontier.append(hash);
            tree.push(hash);
        }
        let nodes = Frontier::coordinates(45)
            .into_iter()
            .map(|(level, index)| tree.node(level, index).unwrap())
            .collect();
        assert_eq!(Frontier::from_nodes(45, nodes).unwrap(), frontier);
    }

    #[test]
    fn completed_nodes_match_the_memory_tree() {
        let hashes = entry_hashes(33);
        let mut frontier = Frontier::default();
        let mut tree = MemoryTree::default();
        for hash in &hashes {
            tree.push(hash);
            for node in frontier.append(hash) {
                assert_eq!(tree.node(node.level, node.index), Some(node.hash));
            }
        }
    }

    #[test]
    fn every_inclusion_proof_verifies_and_a_wrong_leaf_fails() {
        let hashes = entry_hashes(37);
        let mut tree = MemoryTree::default();
        hashes.iter().for_each(|h| tree.push(h));
        for size in 1..=37u64 {
            let root = tree.root_at(size).unwrap();
            assert_eq!(root, reference_root(&hashes[..size as usize]));
            for index in 0..size {
                let proof = tree.inclusion_proof(index, size).unwrap();
                let leaf = leaf_hash(&hashes[index as usize]);
                assert!(verify_inclusion(index, size, &leaf, &proof, &root), "{index} in {size}");
                let wrong = leaf_hash(&Hash::ZERO);
                assert!(!verify_inclusion(index, size, &wrong, &proof, &root));
                assert!(!verify_inclusion(index + 1, size, &leaf, &proof, &root) || size == 1);
            }
        }
    }

    #[test]
    fn every_consistency_proof_verifies_and_a_forked_tree_fails() {
        let hashes = entry_hashes(37);
        let mut tree = MemoryTree::default();
        hashes.iter().for_each(|h| tree.push(h));
        let mut forked = hashes.clone();
        forked[3] = Hash::ZERO;
        for new_size in 1..=37u64 {
            for old_size in 1..=new_size {
                let proof = tree.consistency_proof(old_size, new_size).unwrap();
                let old_root = tree.root_at(old_size).unwrap();
                let new_root = tree.root_at(new_size).unwrap();
                assert!(
                    verify_consistency(old_size, new_size, &old_root, &new_root, &proof),
                    "{old_size} -> {new_size}"
                );
                if old_size > 3 {
                    let forked_old = reference_root(&forked[..old_size as usize]);
                    assert!(!verify_consistency(old_size, new_size, &forked_old, &new_root, &proof));
                }
            }
        }
    }
}

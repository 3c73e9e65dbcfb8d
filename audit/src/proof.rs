//! The JSON form of Merkle proofs, as the server returns them and the
//! auditor reads them (docs/chain-format.md, section 6). Hashes are hex.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::entry::Hash;
use crate::merkle::{leaf_hash, verify_consistency, verify_inclusion};

impl Serialize for Hash {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for Hash {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Hash, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Proof that entry `seq` is leaf `seq - 1` of the tree of the first `size` entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InclusionProof {
    pub seq: u64,
    pub size: u64,
    /// The entry's hash (the leaf is `SHA-256(0x00 || entry_hash)`).
    pub entry_hash: Hash,
    /// The tree hash at `size`, as the server computed it; a verifier
    /// compares with the root of a signed checkpoint instead of trusting it.
    pub root: Hash,
    /// The RFC 9162 inclusion path, leaf to root.
    pub hashes: Vec<Hash>,
}

impl InclusionProof {
    /// Whether the proof shows `entry_hash` at `seq` under `root`.
    pub fn verifies(&self, entry_hash: &Hash, root: &Hash) -> bool {
        self.seq >= 1 && verify_inclusion(self.seq - 1, self.size, &leaf_hash(entry_hash), &self.hashes, root)
    }
}

/// Proof that the tree of the first `to` entries extends the tree of the first `from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsistencyProof {
    pub from: u64,
    pub to: u64,
    pub old_root: Hash,
    pub new_root: Hash,
    /// The RFC 9162 consistency proof.
    pub hashes: Vec<Hash>,
}

impl ConsistencyProof {
    /// Whether the proof shows that `new_root` extends `old_root`.
    pub fn verifies(&self, old_root: &Hash, new_root: &Hash) -> bool {
        verify_consistency(self.from, self.to, old_root, new_root, &self.hashes)
    }
}

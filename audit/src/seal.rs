//! Commitments to private data: an entry's `sealed` field.
//!
//! `sealed = SHA-256("strikefund-seal-v1\n" || salt || JCS(private fields))`
//! with a random 32-byte salt kept off the chain. Whoever holds the salt and
//! the fields (an authorised inspection) can check the commitment; without
//! the salt nobody can test guesses against it.

use serde_json::Value;

use crate::entry::Hash;
use crate::jcs::{self, CanonicalError};

pub const SEAL_PREFIX: &[u8] = b"strikefund-seal-v1\n";

/// The commitment to `fields` under `salt`.
pub fn commitment(salt: &[u8; 32], fields: &Value) -> Result<Hash, CanonicalError> {
    let canonical = jcs::to_canonical(fields)?;
    Ok(Hash::sha256(&[SEAL_PREFIX, salt, &canonical]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_commitment_depends_on_salt_and_every_field() {
        let fields = json!({"name": "A", "notes": "B"});
        let base = commitment(&[1; 32], &fields).unwrap();
        assert_eq!(base, commitment(&[1; 32], &json!({"notes": "B", "name": "A"})).unwrap());
        assert_ne!(base, commitment(&[2; 32], &fields).unwrap());
        assert_ne!(base, commitment(&[1; 32], &json!({"name": "A", "notes": "C"})).unwrap());
    }
}

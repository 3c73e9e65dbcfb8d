//! The test vectors in docs/chain-format.md are produced by this crate:
//! the spec, the writer and the verifier cannot drift apart.

use serde_json::Value;
use strikefund_audit::entry::parse_value;
use strikefund_audit::verify::ChainVerifier;
use strikefund_audit::{Hash, jcs};

fn vectors() -> Vec<(String, String)> {
    let doc = include_str!("../../docs/chain-format.md");
    let mut out = Vec::new();
    let mut rest = doc;
    while let Some(start) = rest.find("canonical:\n```text\n") {
        let after = &rest[start + "canonical:\n```text\n".len()..];
        let end = after.find("\n```\nhash: `").expect("a hash follows the canonical bytes");
        let canonical = after[..end].to_string();
        let hash_start = end + "\n```\nhash: `".len();
        let hash = after[hash_start..hash_start + 64].to_string();
        out.push((canonical, hash));
        rest = &after[hash_start..];
    }
    out
}

#[test]
fn the_spec_has_at_least_three_vectors() {
    assert!(vectors().len() >= 3);
}

#[test]
fn every_vector_is_canonical_and_hashes_as_documented() {
    let mut verifier = ChainVerifier::default();
    for (canonical, hash) in vectors() {
        let mut value: Value = serde_json::from_str(&canonical).unwrap();
        // Re-canonicalizing the parsed entry gives exactly the documented bytes.
        assert_eq!(String::from_utf8(jcs::to_canonical(&value).unwrap()).unwrap(), canonical);
        value.as_object_mut().unwrap().insert("hash".into(), Value::String(hash.clone()));
        let (entry, claimed) = parse_value(value).unwrap();
        assert_eq!(entry.compute_hash().unwrap().to_hex(), hash);
        assert_eq!(claimed, hash.parse::<Hash>().unwrap());
        verifier.push(&entry, &claimed).expect("the vectors form a valid chain");
    }
    assert_eq!(verifier.size(), 3);
}

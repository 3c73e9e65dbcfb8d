//! Property tests of the canonical encoding and the entry hash: whatever the
//! content, encoding is stable, parsing gives back the same entry, and any
//! single-byte change of an exported line is caught.

use proptest::prelude::*;
use serde_json::{Map, Value};
use strikefund_audit::entry::{Entry, Hash, parse_line};
use strikefund_audit::jcs;
use strikefund_audit::line::scan_line;
use strikefund_audit::verify::ChainVerifier;

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-(1i64 << 53) + 1..(1i64 << 53)).prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::String),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..6)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

fn entry() -> impl Strategy<Value = Entry> {
    (
        1u64..1_000_000,
        any::<[u8; 32]>(),
        "[a-z_]{1,20}",
        "u-[0-9a-f]{8}|system",
        prop::collection::btree_map("[a-z_]{1,8}", json_value(), 0..5),
        prop::option::of(any::<[u8; 32]>()),
    )
        .prop_map(|(seq, prev, kind, actor, body, sealed)| Entry {
            seq,
            prev: Hash(prev),
            at: "2020-08-20T10:00:00.000000Z".into(),
            actor,
            kind,
            body: body.into_iter().collect::<Map<String, Value>>(),
            sealed: sealed.map(Hash),
        })
}

proptest! {
    #[test]
    fn canonical_encoding_is_a_fixed_point(value in json_value()) {
        let once = jcs::to_canonical(&value).unwrap();
        let parsed: Value = serde_json::from_slice(&once).unwrap();
        prop_assert_eq!(&parsed, &value);
        prop_assert_eq!(jcs::to_canonical(&parsed).unwrap(), once);
    }

    #[test]
    fn an_exported_line_parses_back_to_the_same_entry(entry in entry()) {
        let hash = entry.compute_hash().unwrap();
        let line = entry.export_line(&hash).unwrap();
        let (parsed, claimed) = parse_line(&line).unwrap();
        prop_assert_eq!(claimed, hash);
        prop_assert_eq!(parsed.compute_hash().unwrap(), hash);
        prop_assert_eq!(parsed, entry);
    }

    /// Changing any byte of an exported line either breaks it, or is caught
    /// by the verifier, or is only another spelling of the very same entry
    /// (such as `\u001F` for `\u001f`): no change of content goes unnoticed.
    #[test]
    fn any_single_byte_change_of_a_line_is_caught(
        entry in entry(),
        position in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        let entry = Entry { seq: 1, prev: Hash::ZERO, ..entry };
        let hash = entry.compute_hash().unwrap();
        prop_assume!(ChainVerifier::default().push(&entry, &hash).is_ok());
        let mut bytes = entry.export_line(&hash).unwrap().into_bytes();
        let index = position.index(bytes.len());
        prop_assume!(bytes[index] != byte);
        bytes[index] = byte;
        let Ok(text) = String::from_utf8(bytes) else { return Ok(()) };
        if let Ok((changed, claimed)) = parse_line(&text) {
            let accepted = ChainVerifier::default().push(&changed, &claimed).is_ok();
            prop_assert!(!accepted || (changed == entry && claimed == hash), "{} was accepted", text);
        }
    }

    #[test]
    fn the_hash_is_the_hash_of_the_canonical_bytes(entry in entry()) {
        let canonical = entry.canonical_bytes().unwrap();
        prop_assert_eq!(strikefund_audit::entry::hash_canonical(&canonical), entry.compute_hash().unwrap());
        let mut changed = canonical.clone();
        let last = changed.len() - 2;
        changed[last] ^= 1;
        prop_assert_ne!(strikefund_audit::entry::hash_canonical(&changed), entry.compute_hash().unwrap());
    }

    /// The fast path (a canonical line read without a JSON tree) and the
    /// full parser agree on every line the fast path accepts, changed or not.
    #[test]
    fn the_line_scanner_agrees_with_the_parser(
        entry in entry(),
        change in prop::option::of((any::<prop::sample::Index>(), any::<u8>())),
    ) {
        let hash = entry.compute_hash().unwrap();
        let mut bytes = entry.export_line(&hash).unwrap().into_bytes();
        if let Some((position, byte)) = change {
            let index = position.index(bytes.len());
            bytes[index] = byte;
        }
        let Ok(text) = String::from_utf8(bytes) else { return Ok(()) };
        if let Some(view) = scan_line(&text) {
            let (parsed, claimed) = parse_line(&text).expect("a line the scanner reads, the parser reads");
            prop_assert_eq!(view.seq, parsed.seq);
            prop_assert_eq!(view.prev(), Some(parsed.prev));
            prop_assert_eq!(view.claimed(), Some(claimed));
            prop_assert!(claimed.hex_matches(view.claimed_hex));
            prop_assert_eq!(view.kind, parsed.kind.as_str());
            prop_assert_eq!(view.compute_hash(), parsed.compute_hash().unwrap());
            prop_assert_eq!(text, parsed.export_line(&claimed).unwrap(), "a scanned line is canonical");
        }
    }
}

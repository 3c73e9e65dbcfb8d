//! A journal entry in its public form, its canonical bytes and its hash.
//!
//! `hash = SHA-256("strikefund-journal-v1\n" || JCS(entry without "hash"))`,
//! see docs/chain-format.md.

use std::fmt;
use std::str::FromStr;

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::jcs::{self, CanonicalError};

/// Prefix hashed before every entry, so an entry hash can never be confused
/// with the hash of any other kind of document.
pub const DOMAIN_PREFIX: &[u8] = b"strikefund-journal-v1\n";

/// Longest accepted line in an export, so a hostile file cannot exhaust memory.
pub const LINE_BYTES_MAX: usize = 1 << 20;

/// Longest `actor` and `kind`.
pub const NAME_BYTES_MAX: usize = 64;

/// Longest message `Hash::sha256` pads on the stack, in 64-byte blocks.
const MESSAGE_BLOCKS_ON_STACK: usize = 16;

/// SHA-256's initial state (FIPS 180-4 §5.3.3).
const SHA256_INITIAL: [u32; 8] =
    [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/// SHA-256 of a message whose padded blocks are given, straight through the
/// compression function in one call, without the general-purpose hasher's
/// buffering (which costs as much as a block for a Merkle leaf or node).
pub(crate) fn sha256_padded(blocks: &[[u8; 64]]) -> Hash {
    let mut state = SHA256_INITIAL;
    sha2::block_api::compress256(&mut state, blocks);
    let mut out = [0u8; 32];
    for (bytes, word) in out.chunks_exact_mut(4).zip(state) {
        bytes.copy_from_slice(&word.to_be_bytes());
    }
    Hash(out)
}

/// A SHA-256 digest, written as 64 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Hash(pub [u8; 32]);

impl Hash {
    /// The `prev` of entry 1.
    pub const ZERO: Hash = Hash([0; 32]);

    /// SHA-256 of `parts` one after the other. A message of up to
    /// `MESSAGE_BLOCKS_ON_STACK` blocks (every entry of an ordinary journal)
    /// is padded on the stack and goes through the compression function in
    /// one call: the general-purpose hasher compresses each part's blocks in
    /// a call of their own and buffers the blocks between parts.
    pub fn sha256(parts: &[&[u8]]) -> Hash {
        let length: usize = parts.iter().map(|part| part.len()).sum();
        // The message, the 0x80 byte and the 8-byte length, in whole blocks.
        let blocks = (length + 9).div_ceil(64);
        if blocks > MESSAGE_BLOCKS_ON_STACK {
            let mut hasher = Sha256::new();
            for part in parts {
                hasher.update(part);
            }
            return Hash(hasher.finalize().into());
        }
        let mut padded = [[0u8; 64]; MESSAGE_BLOCKS_ON_STACK];
        let bytes = padded.as_flattened_mut();
        let mut at = 0;
        for part in parts {
            bytes[at..at + part.len()].copy_from_slice(part);
            at += part.len();
        }
        bytes[at] = 0x80;
        let bits = 8 * length as u64;
        bytes[64 * blocks - 8..64 * blocks].copy_from_slice(&bits.to_be_bytes());
        sha256_padded(&padded[..blocks])
    }

    /// The hash in lowercase hex, on the stack.
    fn hex_digits(&self) -> [u8; 64] {
        let mut hex = [0u8; 64];
        for (eight, four) in hex.chunks_exact_mut(8).zip(self.0.chunks_exact(4)) {
            let four = four.try_into().expect("four bytes");
            eight.copy_from_slice(&crate::swar::hex_of(four).to_le_bytes());
        }
        hex
    }

    /// Whether `text` is this hash in lowercase hex, without decoding it.
    pub fn hex_matches(&self, text: &str) -> bool {
        text.as_bytes() == self.hex_digits()
    }

    pub fn to_hex(&self) -> String {
        String::from_utf8(self.hex_digits().to_vec()).expect("hex digits are ASCII")
    }
}

impl fmt::Display for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hash({})", self.to_hex())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a hash must be 64 lowercase hex digits")]
pub struct HashMustBeLowercaseHex;

/// Value of each byte as a lowercase hex digit, 0xff for every other byte.
const HEX_DIGITS: [u8; 256] = {
    let mut table = [0xff; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = match byte as u8 {
            digit @ b'0'..=b'9' => digit - b'0',
            digit @ b'a'..=b'f' => digit - b'a' + 10,
            _ => 0xff,
        };
        byte += 1;
    }
    table
};

impl FromStr for Hash {
    type Err = HashMustBeLowercaseHex;

    fn from_str(text: &str) -> Result<Hash, HashMustBeLowercaseHex> {
        let bytes = text.as_bytes();
        if bytes.len() != 64 {
            return Err(HashMustBeLowercaseHex);
        }
        // Branch-free over the 64 digits: the auditor parses three hashes per entry.
        let mut out = [0u8; 32];
        let mut invalid = 0u8;
        for (index, pair) in bytes.chunks_exact(2).enumerate() {
            let (high, low) = (HEX_DIGITS[usize::from(pair[0])], HEX_DIGITS[usize::from(pair[1])]);
            invalid |= high | low;
            out[index] = (high << 4) | (low & 0x0f);
        }
        if invalid & 0xf0 != 0 {
            return Err(HashMustBeLowercaseHex);
        }
        Ok(Hash(out))
    }
}

/// One journal entry in its public form (everything but its own hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub seq: u64,
    pub prev: Hash,
    pub at: String,
    pub actor: String,
    pub kind: String,
    pub body: Map<String, Value>,
    pub sealed: Option<Hash>,
}

impl Entry {
    /// The public form as a JSON object, without `hash`.
    pub fn to_value(&self) -> Value {
        let mut map = Map::new();
        map.insert("seq".into(), Value::from(self.seq));
        map.insert("prev".into(), Value::String(self.prev.to_hex()));
        map.insert("at".into(), Value::String(self.at.clone()));
        map.insert("actor".into(), Value::String(self.actor.clone()));
        map.insert("kind".into(), Value::String(self.kind.clone()));
        map.insert("body".into(), Value::Object(self.body.clone()));
        map.insert("sealed".into(), self.sealed.map_or(Value::Null, |h| Value::String(h.to_hex())));
        Value::Object(map)
    }

    /// JCS(entry without "hash"): the bytes that are hashed after the prefix.
    pub fn canonical_bytes(&self) -> Result<Vec<u8>, CanonicalError> {
        jcs::to_canonical(&self.to_value())
    }

    pub fn compute_hash(&self) -> Result<Hash, CanonicalError> {
        Ok(hash_canonical(&self.canonical_bytes()?))
    }

    /// One line of the public export: the canonical form with `hash` added.
    pub fn export_line(&self, hash: &Hash) -> Result<String, CanonicalError> {
        let mut value = self.to_value();
        if let Value::Object(map) = &mut value {
            map.insert("hash".into(), Value::String(hash.to_hex()));
        }
        let bytes = jcs::to_canonical(&value)?;
        Ok(String::from_utf8(bytes).expect("canonical JSON is UTF-8"))
    }
}

/// The entry hash of already-canonical bytes.
pub fn hash_canonical(canonical: &[u8]) -> Hash {
    Hash::sha256(&[DOMAIN_PREFIX, canonical])
}

/// Why a line of an export is not a well-formed entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MalformedEntry {
    #[error("not JSON: {0}")]
    NotJson(String),
    #[error("an entry must be a JSON object")]
    MustBeObject,
    #[error("field \"{0}\" is missing")]
    MissingField(&'static str),
    #[error("unknown field \"{0}\"")]
    UnknownField(String),
    #[error("field \"{0}\" has the wrong type or format")]
    BadField(&'static str),
    #[error("line longer than {LINE_BYTES_MAX} bytes")]
    LineTooLong,
    #[error("{0}")]
    NotCanonical(#[from] CanonicalError),
}

const FIELDS: [&str; 8] = ["seq", "prev", "at", "actor", "kind", "body", "sealed", "hash"];

/// Whether `actor` is one: 1 to `NAME_BYTES_MAX` bytes, no control character.
pub fn is_actor(actor: &str) -> bool {
    // Printable ASCII (nearly every actor) holds no control character.
    let printable = actor.bytes().all(|b| (0x20..0x7f).contains(&b));
    let control = !printable && actor.chars().any(char::is_control);
    !actor.is_empty() && actor.len() <= NAME_BYTES_MAX && !control
}

/// Parses one line of the public export into the entry and the hash it claims.
pub fn parse_line(line: &str) -> Result<(Entry, Hash), MalformedEntry> {
    if line.len() > LINE_BYTES_MAX {
        return Err(MalformedEntry::LineTooLong);
    }
    let value: Value = serde_json::from_str(line).map_err(|e| MalformedEntry::NotJson(e.to_string()))?;
    parse_value(value)
}

/// Parses an entry (with its `hash`) from a JSON value.
pub fn parse_value(value: Value) -> Result<(Entry, Hash), MalformedEntry> {
    let Value::Object(mut map) = value else {
        return Err(MalformedEntry::MustBeObject);
    };
    if let Some(unknown) = map.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(MalformedEntry::UnknownField(unknown.clone()));
    }
    let mut take = |name: &'static str| map.remove(name).ok_or(MalformedEntry::MissingField(name));
    let seq = take("seq")?.as_u64().filter(|s| *s >= 1).ok_or(MalformedEntry::BadField("seq"))?;
    let prev = parse_hash(take("prev")?, "prev")?;
    let at = parse_string(take("at")?, "at")?;
    let actor = parse_string(take("actor")?, "actor")?;
    let kind = parse_string(take("kind")?, "kind")?;
    let Value::Object(body) = take("body")? else {
        return Err(MalformedEntry::BadField("body"));
    };
    let sealed = match take("sealed")? {
        Value::Null => None,
        other => Some(parse_hash(other, "sealed")?),
    };
    let hash = parse_hash(take("hash")?, "hash")?;
    if !is_utc_timestamp(&at) {
        return Err(MalformedEntry::BadField("at"));
    }
    if !is_name(&kind) {
        return Err(MalformedEntry::BadField("kind"));
    }
    if !is_actor(&actor) {
        return Err(MalformedEntry::BadField("actor"));
    }
    let entry = Entry { seq, prev, at, actor, kind, body, sealed };
    Ok((entry, hash))
}

fn parse_string(value: Value, field: &'static str) -> Result<String, MalformedEntry> {
    match value {
        Value::String(text) => Ok(text),
        _ => Err(MalformedEntry::BadField(field)),
    }
}

fn parse_hash(value: Value, field: &'static str) -> Result<Hash, MalformedEntry> {
    parse_string(value, field)?.parse().map_err(|_| MalformedEntry::BadField(field))
}

/// `kind` is lowercase ASCII letters and underscores.
pub fn is_name(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= NAME_BYTES_MAX
        && text.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, the RFC 3339 UTC form the journal uses.
pub fn is_utc_timestamp(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() < 20 || bytes.len() > 30 || bytes[bytes.len() - 1] != b'Z' {
        return false;
    }
    // Fixed positions, checked without branches: every entry has one.
    let digits =
        |range: std::ops::Range<usize>| bytes[range].iter().fold(true, |ok, b| ok & b.is_ascii_digit());
    let head_ok = digits(0..4)
        & (bytes[4] == b'-')
        & digits(5..7)
        & (bytes[7] == b'-')
        & digits(8..10)
        & (bytes[10] == b'T')
        & digits(11..13)
        & (bytes[13] == b':')
        & digits(14..16)
        & (bytes[16] == b':')
        & digits(17..19);
    let fraction_ok =
        bytes.len() == 20 || (bytes.len() >= 22 && bytes[19] == b'.' && digits(20..bytes.len() - 1));
    head_ok && fraction_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    proptest::proptest! {
        /// Padded on the stack or not, in one part or several: the digest
        /// is that of the general-purpose hasher over the concatenation.
        #[test]
        fn sha256_of_parts_is_sha256_of_their_concatenation(
            parts in proptest::collection::vec(proptest::collection::vec(proptest::num::u8::ANY, 0..400), 0..5),
        ) {
            let whole: Vec<u8> = parts.concat();
            let slices: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
            proptest::prop_assert_eq!(Hash::sha256(&slices), Hash(Sha256::digest(&whole).into()));
        }
    }

    proptest::proptest! {
        #[test]
        fn actors_are_checked_as_the_plain_rule_says(actor in "(\\PC|\\p{Cc}){0,70}") {
            let plain = !actor.is_empty() && actor.len() <= NAME_BYTES_MAX && !actor.chars().any(char::is_control);
            proptest::prop_assert_eq!(is_actor(&actor), plain);
        }
    }

    #[test]
    fn sha256_is_right_at_every_padding_boundary() {
        let bytes: Vec<u8> = (0..=255u8).cycle().take(64 * MESSAGE_BLOCKS_ON_STACK + 130).collect();
        for length in 0..bytes.len() {
            let (a, b) = bytes[..length].split_at(length / 3);
            assert_eq!(Hash::sha256(&[a, b]), Hash(Sha256::digest(&bytes[..length]).into()), "{length}");
        }
        // FIPS 180-4 example: "abc".
        assert_eq!(
            Hash::sha256(&[b"a", b"bc"]).to_hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    fn sample() -> Entry {
        Entry {
            seq: 1,
            prev: Hash::ZERO,
            at: "2020-08-20T10:00:00.000000Z".into(),
            actor: "system".into(),
            kind: "committee_created".into(),
            body: json!({"committee": "maz", "public": true, "threshold": 2}).as_object().unwrap().clone(),
            sealed: None,
        }
    }

    #[test]
    fn hash_round_trips_through_hex() {
        let hash = Hash::sha256(&[b"abc"]);
        assert_eq!(hash.to_hex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(hash.to_hex().parse::<Hash>().unwrap(), hash);
        assert!("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD".parse::<Hash>().is_err());
    }

    #[test]
    fn export_line_parses_back_to_the_same_entry() {
        let entry = sample();
        let hash = entry.compute_hash().unwrap();
        let line = entry.export_line(&hash).unwrap();
        let (parsed, claimed) = parse_line(&line).unwrap();
        assert_eq!(parsed, entry);
        assert_eq!(claimed, hash);
    }

    #[test]
    fn any_change_changes_the_hash() {
        let entry = sample();
        let mut other = sample();
        other.body.insert("threshold".into(), json!(3));
        assert_ne!(entry.compute_hash().unwrap(), other.compute_hash().unwrap());
    }

    #[test]
    fn unknown_and_missing_fields_are_malformed() {
        let entry = sample();
        let hash = entry.compute_hash().unwrap();
        let mut value: Value = serde_json::from_str(&entry.export_line(&hash).unwrap()).unwrap();
        value.as_object_mut().unwrap().insert("extra".into(), json!(1));
        assert_eq!(parse_value(value.clone()).unwrap_err(), MalformedEntry::UnknownField("extra".into()));
        let map = value.as_object_mut().unwrap();
        map.remove("extra");
        map.remove("actor");
        assert_eq!(parse_value(value).unwrap_err(), MalformedEntry::MissingField("actor"));
    }

    #[test]
    fn timestamps_must_be_utc() {
        assert!(is_utc_timestamp("2020-08-20T10:00:00Z"));
        assert!(is_utc_timestamp("2020-08-20T10:00:00.123456Z"));
        assert!(!is_utc_timestamp("2020-08-20T10:00:00+03:00"));
        assert!(!is_utc_timestamp("2020-08-20 10:00:00Z"));
        assert!(!is_utc_timestamp("2020-08-20T10:00:00.Z"));
    }
}

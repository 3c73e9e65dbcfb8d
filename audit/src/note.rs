//! Signed checkpoints in the C2SP formats used by transparency logs:
//! `tlog-checkpoint` (origin, tree size, base64 root) wrapped in a
//! `signed-note` with an Ed25519 signature.
//!
//! Key strings follow the same conventions, so the Go `note` package and
//! other C2SP tools read them as they are:
//! - verifier key: `<name>+<key id hex>+<base64(0x01 || public key)>`
//! - signer key: `PRIVATE+KEY+<name>+<key id hex>+<base64(0x01 || seed)>`
//!
//! where key id = the first 4 bytes of `SHA-256(name || "\n" || 0x01 || public key)`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};

use crate::entry::Hash;

/// The signature-algorithm byte for Ed25519 in C2SP signed notes.
pub const ALGORITHM_ED25519: u8 = 0x01;

/// Longest note accepted, in bytes.
pub const NOTE_BYTES_MAX: usize = 16 * 1024;

/// Most signature lines read from one note.
pub const SIGNATURES_MAX: usize = 16;

const SIGNATURE_PREFIX: &str = "\u{2014} ";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("key name must be non-empty and contain no spaces, newlines or '+'")]
    KeyNameMalformed,
    #[error("key string is malformed: {0}")]
    KeyMalformed(&'static str),
    #[error("note is malformed: {0}")]
    NoteMalformed(&'static str),
    #[error("checkpoint is malformed: {0}")]
    CheckpointMalformed(&'static str),
    #[error("no signature by key {0} on the note")]
    SignatureMissing(String),
    #[error("the signature by key {0} does not verify")]
    SignatureInvalid(String),
}

fn key_name_ok(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(|c| c.is_whitespace() || c == '+' || c.is_control())
}

/// First 4 bytes of SHA-256(name || "\n" || 0x01 || public key).
pub fn key_id(name: &str, public_key: &[u8; 32]) -> [u8; 4] {
    let digest = Hash::sha256(&[name.as_bytes(), b"\n", &[ALGORITHM_ED25519], public_key]);
    [digest.0[0], digest.0[1], digest.0[2], digest.0[3]]
}

fn hex4(bytes: [u8; 4]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Splits `name+idhex+base64` into the name, the written key id and the key bytes.
fn parse_key_parts(text: &str) -> Result<(String, String, [u8; 32]), NoteError> {
    let mut parts = text.trim().splitn(3, '+');
    let (Some(name), Some(id), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(NoteError::KeyMalformed("expected name+id+key"));
    };
    if !key_name_ok(name) {
        return Err(NoteError::KeyNameMalformed);
    }
    let decoded = BASE64.decode(key).map_err(|_| NoteError::KeyMalformed("key is not base64"))?;
    let Some((&ALGORITHM_ED25519, key_bytes)) = decoded.split_first() else {
        return Err(NoteError::KeyMalformed("not an Ed25519 key"));
    };
    let key_bytes: [u8; 32] =
        key_bytes.try_into().map_err(|_| NoteError::KeyMalformed("key must be 32 bytes"))?;
    Ok((name.to_string(), id.to_string(), key_bytes))
}

/// A public key that verifies signed notes.
#[derive(Debug, Clone)]
pub struct Verifier {
    name: String,
    id: [u8; 4],
    key: VerifyingKey,
}

impl Verifier {
    pub fn parse(text: &str) -> Result<Verifier, NoteError> {
        let (name, written_id, bytes) = parse_key_parts(text)?;
        let key = VerifyingKey::from_bytes(&bytes)
            .map_err(|_| NoteError::KeyMalformed("not a valid Ed25519 public key"))?;
        let id = key_id(&name, &bytes);
        if written_id != hex4(id) {
            return Err(NoteError::KeyMalformed("key id does not match the key"));
        }
        Ok(Verifier { name, id, key })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Checks the note's signature by this key and returns the signed text.
    pub fn open<'a>(&self, note: &'a str) -> Result<&'a str, NoteError> {
        let (text, signatures) = split_note(note)?;
        let mut found = false;
        for line in signatures.lines().take(SIGNATURES_MAX) {
            let rest = line
                .strip_prefix(SIGNATURE_PREFIX)
                .ok_or(NoteError::NoteMalformed("signature line must start with an em dash"))?;
            let (name, signature) = rest
                .split_once(' ')
                .ok_or(NoteError::NoteMalformed("signature line must be name and signature"))?;
            if name != self.name {
                continue;
            }
            let decoded =
                BASE64.decode(signature).map_err(|_| NoteError::NoteMalformed("signature is not base64"))?;
            if decoded.len() != 4 + 64 || decoded[..4] != self.id {
                continue;
            }
            found = true;
            let signature = Signature::from_slice(&decoded[4..])
                .map_err(|_| NoteError::SignatureInvalid(self.name.clone()))?;
            if self.key.verify_strict(text.as_bytes(), &signature).is_ok() {
                return Ok(text);
            }
        }
        if found {
            Err(NoteError::SignatureInvalid(self.name.clone()))
        } else {
            Err(NoteError::SignatureMissing(self.name.clone()))
        }
    }
}

impl std::fmt::Display for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut key = vec![ALGORITHM_ED25519];
        key.extend_from_slice(self.key.as_bytes());
        write!(f, "{}+{}+{}", self.name, hex4(self.id), BASE64.encode(key))
    }
}

/// A private key that signs notes. Keep it outside the database.
pub struct Signer {
    name: String,
    id: [u8; 4],
    key: SigningKey,
}

impl Signer {
    /// A signer from a 32-byte Ed25519 seed (generate it with a CSPRNG).
    pub fn from_seed(name: &str, seed: &[u8; 32]) -> Result<Signer, NoteError> {
        if !key_name_ok(name) {
            return Err(NoteError::KeyNameMalformed);
        }
        let key = SigningKey::from_bytes(seed);
        let id = key_id(name, key.verifying_key().as_bytes());
        Ok(Signer { name: name.to_string(), id, key })
    }

    pub fn parse(text: &str) -> Result<Signer, NoteError> {
        let rest = text
            .trim()
            .strip_prefix("PRIVATE+KEY+")
            .ok_or(NoteError::KeyMalformed("signer key must start with PRIVATE+KEY+"))?;
        let (name, written_id, seed) = parse_key_parts(rest)?;
        let signer = Signer::from_seed(&name, &seed)?;
        if written_id != hex4(signer.id) {
            return Err(NoteError::KeyMalformed("key id does not match the key"));
        }
        Ok(signer)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The signer key string, for the key file.
    pub fn to_key_string(&self) -> String {
        let mut seed = vec![ALGORITHM_ED25519];
        seed.extend_from_slice(&self.key.to_bytes());
        format!("PRIVATE+KEY+{}+{}+{}", self.name, hex4(self.id), BASE64.encode(seed))
    }

    pub fn verifier(&self) -> Verifier {
        Verifier { name: self.name.clone(), id: self.id, key: self.key.verifying_key() }
    }

    /// Signs `text` (which must end in a newline) and returns the signed note.
    pub fn sign(&self, text: &str) -> Result<String, NoteError> {
        check_text(text)?;
        let signature = self.key.sign(text.as_bytes());
        let mut blob = self.id.to_vec();
        blob.extend_from_slice(&signature.to_bytes());
        Ok(format!("{text}\n{SIGNATURE_PREFIX}{} {}\n", self.name, BASE64.encode(blob)))
    }
}

fn check_text(text: &str) -> Result<(), NoteError> {
    if text.is_empty() || !text.ends_with('\n') {
        return Err(NoteError::NoteMalformed("text must end with a newline"));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(NoteError::NoteMalformed("text must not contain control characters"));
    }
    if text.contains("\n\n") {
        return Err(NoteError::NoteMalformed("text must not contain a blank line"));
    }
    Ok(())
}

/// Splits a signed note into its text (with final newline) and signature block.
fn split_note(note: &str) -> Result<(&str, &str), NoteError> {
    if note.len() > NOTE_BYTES_MAX {
        return Err(NoteError::NoteMalformed("note is too long"));
    }
    let split = note.rfind("\n\n").ok_or(NoteError::NoteMalformed("no signature block"))?;
    let (text, signatures) = (&note[..split + 1], &note[split + 2..]);
    check_text(text)?;
    if signatures.is_empty() || !signatures.ends_with('\n') {
        return Err(NoteError::NoteMalformed("signature block must end with a newline"));
    }
    Ok((text, signatures))
}

/// A C2SP `tlog-checkpoint`: which tree the log commits to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub origin: String,
    pub size: u64,
    pub root: Hash,
}

impl Checkpoint {
    /// The note text: origin, size and base64 root, one per line.
    pub fn to_text(&self) -> String {
        format!("{}\n{}\n{}\n", self.origin, self.size, BASE64.encode(self.root.0))
    }

    /// Parses a checkpoint note text (extension lines after the third are allowed and ignored).
    pub fn parse_text(text: &str) -> Result<Checkpoint, NoteError> {
        check_text(text)?;
        let mut lines = text.lines();
        let origin = lines.next().filter(|o| !o.is_empty());
        let origin = origin.ok_or(NoteError::CheckpointMalformed("origin line is empty"))?;
        let size_text = lines.next().ok_or(NoteError::CheckpointMalformed("no size line"))?;
        let size_ok = !size_text.is_empty()
            && size_text.bytes().all(|b| b.is_ascii_digit())
            && (size_text == "0" || !size_text.starts_with('0'));
        let size = size_ok
            .then(|| size_text.parse().ok())
            .flatten()
            .ok_or(NoteError::CheckpointMalformed("size must be a decimal number"))?;
        let root_text = lines.next().ok_or(NoteError::CheckpointMalformed("no root line"))?;
        let root: [u8; 32] = BASE64
            .decode(root_text)
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or(NoteError::CheckpointMalformed("root must be 32 bytes of base64"))?;
        Ok(Checkpoint { origin: origin.to_string(), size, root: Hash(root) })
    }

    /// Verifies a signed checkpoint note and parses it.
    pub fn open(note: &str, verifier: &Verifier) -> Result<Checkpoint, NoteError> {
        let text = verifier.open(note)?;
        let checkpoint = Checkpoint::parse_text(text)?;
        if checkpoint.origin != verifier.name() {
            return Err(NoteError::CheckpointMalformed("origin differs from the key name"));
        }
        Ok(checkpoint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> Signer {
        Signer::from_seed("example.org/fund", &[7u8; 32]).unwrap()
    }

    #[test]
    fn a_signed_checkpoint_opens_with_its_key() {
        let signer = signer();
        let checkpoint = Checkpoint { origin: "example.org/fund".into(), size: 42, root: Hash([9; 32]) };
        let note = signer.sign(&checkpoint.to_text()).unwrap();
        let verifier = Verifier::parse(&signer.verifier().to_string()).unwrap();
        assert_eq!(Checkpoint::open(&note, &verifier).unwrap(), checkpoint);
    }

    #[test]
    fn key_strings_round_trip() {
        let signer = signer();
        let again = Signer::parse(&signer.to_key_string()).unwrap();
        assert_eq!(again.verifier().to_string(), signer.verifier().to_string());
        let mut wrong_id = signer.verifier().to_string();
        wrong_id.replace_range(17..19, if &wrong_id[17..19] == "00" { "11" } else { "00" });
        assert!(Verifier::parse(&wrong_id).is_err());
    }

    #[test]
    fn an_edited_checkpoint_fails() {
        let signer = signer();
        let checkpoint = Checkpoint { origin: "example.org/fund".into(), size: 42, root: Hash([9; 32]) };
        let note = signer.sign(&checkpoint.to_text()).unwrap().replace("\n42\n", "\n43\n");
        let error = Checkpoint::open(&note, &signer.verifier()).unwrap_err();
        assert_eq!(error, NoteError::SignatureInvalid("example.org/fund".into()));
    }

    #[test]
    fn a_signature_by_another_key_is_missing() {
        let other = Signer::from_seed("example.org/fund", &[8u8; 32]).unwrap();
        let checkpoint = Checkpoint { origin: "example.org/fund".into(), size: 1, root: Hash([1; 32]) };
        let note = other.sign(&checkpoint.to_text()).unwrap();
        let error = Checkpoint::open(&note, &signer().verifier()).unwrap_err();
        assert_eq!(error, NoteError::SignatureMissing("example.org/fund".into()));
    }
}

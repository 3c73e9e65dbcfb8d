//! The fund's data key: a 32-byte secret in a file outside the database,
//! from which two keys are derived, one to encrypt personal data
//! (XChaCha20-Poly1305) and one to compute identity digests (HMAC-SHA256).
//!
//! The file holds one line, `strikefund-data-key-v1 <base64 of 32 bytes>`,
//! and must be readable by its owner only. Whoever holds the database alone
//! reads no personal data and cannot test guesses of a document number.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::checkpoints::{KEY_FILE_BYTES_MAX, KeyFileError};
use crate::domain::ids::random_bytes;

/// The first word of a data key file: names the format and its version.
pub const DATA_KEY_PREFIX: &str = "strikefund-data-key-v1";

/// Bytes of the random nonce in front of every ciphertext.
pub const NONCE_BYTES: usize = 24;

/// Why sealed data could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error("sealed data is not valid base64")]
    Malformed,
    #[error("the data key does not open this record: another key sealed it, or the database was altered")]
    WrongKeyOrAltered,
}

/// The data key, loaded. Cheap to clone; never printed.
#[derive(Clone)]
pub struct DataKey(Arc<Keys>);

struct Keys {
    encryption: Zeroizing<[u8; 32]>,
    identity: Zeroizing<[u8; 32]>,
    /// A fingerprint of the key, safe to store and show: HMAC of a label.
    id: String,
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DataKey({})", self.0.id)
    }
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes keys of any length");
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

impl DataKey {
    /// Derives the working keys from the 32-byte secret of a key file.
    pub fn from_secret(secret: &[u8; 32]) -> DataKey {
        let derive =
            |label: &str| Zeroizing::new(hmac(secret, &[b"strikefund-data-key-v1\n", label.as_bytes()]));
        let id = derive("key-id");
        DataKey(Arc::new(Keys {
            encryption: derive("encryption"),
            identity: derive("identity-digest"),
            id: strikefund_audit::Hash(*id).to_hex()[..16].to_string(),
        }))
    }

    /// A new random key, kept in memory only.
    pub fn generate() -> DataKey {
        DataKey::from_secret(&Zeroizing::new(random_bytes::<32>()))
    }

    /// The key's fingerprint: 16 hex digits, the same for the same key file.
    pub fn id(&self) -> &str {
        &self.0.id
    }

    /// `HMAC-SHA256(identity key, normalized document number)`, hex: equal
    /// for the same document, and useless to whoever lacks the key file.
    pub fn identity_digest(&self, normalized_document: &str) -> String {
        strikefund_audit::Hash(hmac(&*self.0.identity, &[normalized_document.as_bytes()])).to_hex()
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new_from_slice(&*self.0.encryption).expect("32-byte key")
    }

    /// Encrypts `plaintext` bound to `context` (which record it is: a record
    /// moved to another row no longer opens). Returns base64(nonce || ciphertext).
    pub fn seal(&self, context: &[u8], plaintext: &[u8]) -> String {
        let nonce = random_bytes::<NONCE_BYTES>();
        let ciphertext = self
            .cipher()
            .encrypt(&XNonce::from(nonce), Payload { msg: plaintext, aad: context })
            .expect("encryption of a bounded record does not fail");
        let mut out = Vec::with_capacity(NONCE_BYTES + ciphertext.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ciphertext);
        BASE64.encode(out)
    }

    /// Decrypts what `seal` returned for the same `context`.
    pub fn open(&self, context: &[u8], sealed: &str) -> Result<Zeroizing<Vec<u8>>, OpenError> {
        let bytes = BASE64.decode(sealed).map_err(|_| OpenError::Malformed)?;
        if bytes.len() < NONCE_BYTES {
            return Err(OpenError::Malformed);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_BYTES);
        let nonce: [u8; NONCE_BYTES] = nonce.try_into().expect("split at the nonce size");
        self.cipher()
            .decrypt(&XNonce::from(nonce), Payload { msg: ciphertext, aad: context })
            .map(Zeroizing::new)
            .map_err(|_| OpenError::WrongKeyOrAltered)
    }

    /// Writes a new random key to `path` (mode 0600, never over an existing file).
    pub fn generate_file(path: &Path) -> Result<DataKey, KeyFileError> {
        let secret = Zeroizing::new(random_bytes::<32>());
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let display = path.display().to_string();
        let io = |error: std::io::Error| KeyFileError::Io { path: display.clone(), error };
        let mut file = options.open(path).map_err(|error| match error.kind() {
            std::io::ErrorKind::AlreadyExists => KeyFileError::MustNotExist { path: display.clone() },
            _ => io(error),
        })?;
        let line = Zeroizing::new(format!("{DATA_KEY_PREFIX} {}\n", BASE64.encode(*secret)));
        file.write_all(line.as_bytes()).map_err(io)?;
        file.sync_all().map_err(io)?;
        Ok(DataKey::from_secret(&secret))
    }

    /// Reads a key file written by `generate_file`; refuses one that others may read.
    pub fn read_file(path: &Path) -> Result<DataKey, KeyFileError> {
        let display = path.display().to_string();
        let io = |error: std::io::Error| KeyFileError::Io { path: display.clone(), error };
        let metadata = std::fs::metadata(path).map_err(io)?;
        #[cfg(unix)]
        if std::os::unix::fs::PermissionsExt::mode(&metadata.permissions()) & 0o077 != 0 {
            return Err(KeyFileError::MustBePrivate { path: display });
        }
        if metadata.len() > KEY_FILE_BYTES_MAX {
            return Err(KeyFileError::TooLarge { path: display });
        }
        let text = Zeroizing::new(std::fs::read_to_string(path).map_err(io)?);
        let malformed =
            |reason: &str| KeyFileError::Malformed { path: display.clone(), reason: reason.into() };
        let encoded =
            text.trim().strip_prefix(DATA_KEY_PREFIX).and_then(|rest| rest.strip_prefix(' ')).ok_or_else(
                || malformed(&format!("not a data key file (it must start with {DATA_KEY_PREFIX})")),
            )?;
        let secret =
            Zeroizing::new(BASE64.decode(encoded.trim()).map_err(|_| malformed("the key is not base64"))?);
        let secret: &[u8; 32] =
            secret.as_slice().try_into().map_err(|_| malformed("the key must be 32 bytes"))?;
        Ok(DataKey::from_secret(secret))
    }

    /// Reads `path` if it exists, else creates it: the demo's zero-setup key.
    pub fn read_or_create_file(path: &Path) -> Result<DataKey, KeyFileError> {
        if path.exists() { DataKey::read_file(path) } else { DataKey::generate_file(path) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_records_open_only_with_the_same_key_and_context() {
        let key = DataKey::from_secret(&[7; 32]);
        let sealed = key.seal(b"record 1", b"Ivan");
        assert!(!sealed.contains("Ivan"));
        assert_ne!(sealed, key.seal(b"record 1", b"Ivan"), "a fresh nonce every time");
        assert_eq!(key.open(b"record 1", &sealed).unwrap().as_slice(), b"Ivan");
        assert_eq!(key.open(b"record 2", &sealed).unwrap_err(), OpenError::WrongKeyOrAltered);
        let other = DataKey::from_secret(&[8; 32]);
        assert_eq!(other.open(b"record 1", &sealed).unwrap_err(), OpenError::WrongKeyOrAltered);
        assert_eq!(key.open(b"record 1", "not base64!").unwrap_err(), OpenError::Malformed);
    }

    #[test]
    fn identity_digests_depend_on_the_key_and_the_number() {
        let key = DataKey::from_secret(&[7; 32]);
        let digest = key.identity_digest("MP1234567");
        assert_eq!(digest.len(), 64);
        assert_eq!(digest, DataKey::from_secret(&[7; 32]).identity_digest("MP1234567"));
        assert_ne!(digest, key.identity_digest("MP1234568"));
        assert_ne!(digest, DataKey::from_secret(&[8; 32]).identity_digest("MP1234567"));
        assert_ne!(key.id(), DataKey::from_secret(&[8; 32]).id());
        assert!(!format!("{key:?}").contains("7, 7"));
    }

    #[test]
    fn key_files_are_private_written_once_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data.key");
        let written = DataKey::generate_file(&path).unwrap();
        assert_eq!(DataKey::read_file(&path).unwrap().id(), written.id());
        assert!(matches!(DataKey::generate_file(&path), Err(KeyFileError::MustNotExist { .. })));
        assert_eq!(DataKey::read_or_create_file(&path).unwrap().id(), written.id());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            assert!(matches!(DataKey::read_file(&path), Err(KeyFileError::MustBePrivate { .. })));
        }
        let bad = dir.path().join("bad.key");
        std::fs::write(&bad, "PRIVATE+KEY+x\n").unwrap();
        #[cfg(unix)]
        std::fs::set_permissions(&bad, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
        assert!(matches!(DataKey::read_file(&bad), Err(KeyFileError::Malformed { .. })));
    }
}

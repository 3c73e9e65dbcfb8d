//! Random identifiers and receipt codes. None is derived from personal data.

use strikefund_audit::Hash;

/// Crockford's base32: no I, L, O or U, so codes survive being read aloud.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Fills a buffer from the operating system's CSPRNG.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system's random source is available");
    bytes
}

fn base32_digits(mut value: u64, count: usize) -> String {
    let mut out = vec![b'0'; count];
    for slot in out.iter_mut().rev() {
        *slot = CROCKFORD[(value & 31) as usize];
        value >>= 5;
    }
    String::from_utf8(out).expect("alphabet is ASCII")
}

fn random_u64() -> u64 {
    u64::from_le_bytes(random_bytes::<8>())
}

/// A worker's public pseudonym, e.g. `W-7F3K-92`.
pub fn new_pseudonym() -> String {
    let digits = base32_digits(random_u64(), 6);
    format!("W-{}-{}", &digits[..4], &digits[4..])
}

/// A claim's id, e.g. `K-7F3K-92QX`.
pub fn new_claim_id() -> String {
    let digits = base32_digits(random_u64(), 8);
    format!("K-{}-{}", &digits[..4], &digits[4..])
}

/// A membership proposal's id, e.g. `P-7F3K-92QX`.
pub fn new_proposal_id() -> String {
    let digits = base32_digits(random_u64(), 8);
    format!("P-{}-{}", &digits[..4], &digits[4..])
}

/// An opaque ledger key for a committee that is not public, e.g. `c-4f9a02bc`.
pub fn new_committee_key() -> String {
    format!("c-{:08x}", random_u64() as u32)
}

/// An opaque user id, as it appears as `actor` in the journal, e.g. `u-3f9a2c71`.
pub fn new_user_id() -> String {
    format!("u-{:08x}", random_u64() as u32)
}

/// A donation's receipt code, derived from its entry hash: `7F3K-92QX-M4TB`.
/// 60 bits, so codes do not collide in any fund's lifetime.
pub fn receipt_code(hash: &Hash) -> String {
    let mut prefix = [0u8; 8];
    prefix.copy_from_slice(&hash.0[..8]);
    let digits = base32_digits(u64::from_be_bytes(prefix) >> 4, 12);
    format!("{}-{}-{}", &digits[..4], &digits[4..8], &digits[8..])
}

/// Normalizes a receipt code as a donor may type it: case, spaces, dashes,
/// and the letters Crockford maps to digits.
pub fn normalize_receipt(text: &str) -> Option<String> {
    let mut digits = String::with_capacity(12);
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '-') {
        let c = match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        };
        if !CROCKFORD.contains(&(c as u8)) || !c.is_ascii() {
            return None;
        }
        digits.push(c);
    }
    (digits.len() == 12).then(|| format!("{}-{}-{}", &digits[..4], &digits[4..8], &digits[8..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonyms_have_the_documented_shape() {
        let pseudonym = new_pseudonym();
        assert_eq!(pseudonym.len(), 9);
        assert!(pseudonym.starts_with("W-"));
        assert_ne!(new_pseudonym(), new_pseudonym());
    }

    #[test]
    fn receipt_codes_come_from_the_hash_and_normalize() {
        let hash = Hash::sha256(&[b"x"]);
        let code = receipt_code(&hash);
        assert_eq!(code.len(), 14);
        assert_eq!(code, receipt_code(&hash));
        assert_eq!(normalize_receipt(&code.to_lowercase().replace('-', " ")), Some(code.clone()));
        assert_eq!(normalize_receipt("short"), None);
        assert_eq!(normalize_receipt("UUUU-UUUU-UUUU"), None);
    }
}

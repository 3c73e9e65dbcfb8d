//! Eight bytes at a time in a `u64` ("SIMD within a register"), without
//! `unsafe`: the few byte tests the auditor runs on every line.
//!
//! A word holds bytes in file order, the first byte lowest (little-endian
//! load). A test answers with the high bit (0x80) of each byte it holds for.

/// 0x01 in every byte.
pub const ONES: u64 = 0x0101_0101_0101_0101;
/// 0x80 in every byte: the flag bits.
pub const HIGHS: u64 = ONES * 0x80;
const LOWS: u64 = ONES * 0x7f;

/// The eight bytes at `start`.
#[inline(always)]
pub fn load(bytes: &[u8], start: usize) -> u64 {
    u64::from_le_bytes(bytes[start..start + 8].try_into().expect("eight bytes"))
}

/// Flags the bytes equal to `byte`; exact for every byte (no carries).
#[inline(always)]
pub fn equal(word: u64, byte: u8) -> u64 {
    let zeros = word ^ (ONES * u64::from(byte));
    !(((zeros & LOWS) + LOWS) | zeros) & HIGHS
}

/// Flags the bytes in `lo..=hi` (both below 0x80); exact for bytes below
/// 0x80, meaningless in a word with any byte of 0x80 or more.
#[inline(always)]
pub fn between(word: u64, lo: u8, hi: u8) -> u64 {
    // Wrapping: a byte of 0x80 or more borrows across bytes (and out of the
    // word); the result is then meaningless, as said, but not an overflow.
    (word | HIGHS).wrapping_sub(ONES * u64::from(lo))
        & ((ONES * u64::from(hi)) | HIGHS).wrapping_sub(word)
        & HIGHS
}

/// How many bytes are flagged.
#[inline(always)]
pub fn count(flags: u64) -> usize {
    // At most eight flags, one per byte: summed into the top byte.
    ((flags >> 7).wrapping_mul(ONES) >> 56) as usize
}

/// Calls `word_of(word, present)` for each word of `bytes`; the last word
/// holds the tail in its low bytes, and `present` flags the bytes that are
/// `bytes`' own.
#[inline(always)]
pub fn words(bytes: &[u8], mut word_of: impl FnMut(u64, u64)) {
    let (whole, tail) = (bytes.len() / 8, bytes.len() % 8);
    for index in 0..whole {
        word_of(load(bytes, 8 * index), HIGHS);
    }
    if tail > 0 {
        let unused = 8 * (8 - tail);
        let word = if whole > 0 {
            // The last eight bytes, shifted so that only the tail remains.
            load(bytes, bytes.len() - 8) >> unused
        } else {
            let mut padded = [0u8; 8];
            padded[..tail].copy_from_slice(bytes);
            u64::from_le_bytes(padded)
        };
        word_of(word, HIGHS >> unused);
    }
}

/// Four bytes in lowercase hex: eight digits, the first lowest (as `load`
/// reads them), each byte's high nibble before its low one.
#[inline(always)]
pub fn hex_of(four: [u8; 4]) -> u64 {
    // Byte i moves to bytes 2i and 2i+1 of the word...
    let word = u64::from(u32::from_le_bytes(four));
    let word = (word | (word << 16)) & 0x0000_ffff_0000_ffff;
    let word = (word | (word << 8)) & 0x00ff_00ff_00ff_00ff;
    // ...its high nibble into byte 2i, its low nibble into byte 2i+1.
    let nibbles = ((word >> 4) & (ONES * 0x0f)) | ((word & (ONES * 0x0f)) << 8);
    // A nibble of 10 or more gets 0x10 from adding 6; digits from `0`, letters from `a`.
    let letters = ((nibbles + ONES * 0x06) & (ONES * 0x10)) >> 4;
    nibbles + ONES * u64::from(b'0') + letters * u64::from(b'a' - b'0' - 10)
}

/// Whether every byte is a lowercase hex digit (`0-9`, `a-f`).
pub fn is_lowercase_hex(bytes: &[u8]) -> bool {
    let mut bad = 0;
    words(bytes, |word, present| {
        let digit = between(word, b'0', b'9') | between(word, b'a', b'f');
        bad |= (word & HIGHS) | (present & !digit);
    });
    bad == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags_of(bytes: &[u8; 8], test: impl Fn(u8) -> bool) -> u64 {
        bytes.iter().enumerate().filter(|(_, b)| test(**b)).map(|(i, _)| 0x80u64 << (8 * i)).sum()
    }

    proptest::proptest! {
        #[test]
        fn tests_agree_with_byte_by_byte(bytes in proptest::array::uniform8(0u8..=255), byte in 0u8..0x80) {
            let word = u64::from_le_bytes(bytes);
            proptest::prop_assert_eq!(equal(word, byte), flags_of(&bytes, |b| b == byte));
            // Any word at all, even where the answer means nothing: no overflow.
            std::hint::black_box(between(word, b'0', b'9') | between(word, b'a', b'z'));
            if bytes.iter().all(|b| *b < 0x80) {
                let digit = |b: u8| b.is_ascii_digit();
                proptest::prop_assert_eq!(between(word, b'0', b'9'), flags_of(&bytes, digit));
                proptest::prop_assert_eq!(count(equal(word, byte)), bytes.iter().filter(|b| **b == byte).count());
            }
        }

        #[test]
        fn hex_is_written_as_format_writes_it(four in proptest::array::uniform4(0u8..=255)) {
            let expected: String = four.iter().map(|b| format!("{b:02x}")).collect();
            proptest::prop_assert_eq!(hex_of(four).to_le_bytes().to_vec(), expected.into_bytes());
        }

        #[test]
        fn hex_is_recognised(text in "[0-9a-fA-Z\u{e9}]{0,70}") {
            let plain = text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
            proptest::prop_assert_eq!(is_lowercase_hex(text.as_bytes()), plain);
        }
    }
}

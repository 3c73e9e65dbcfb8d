//! Reading one export line without building a JSON tree.
//!
//! The export writes each entry in its canonical form (JCS, `hash` included),
//! so in the common case the bytes to hash are the line itself without its
//! `,"hash":"…"` member. `scan_line` checks that a line is exactly canonical
//! and returns borrowed views of its fields. A line that is not (any JSON
//! the format allows but writes differently) gives `None`, and the caller
//! reads it the slow way with `entry::parse_line`, which recomputes JCS from
//! the parsed object: both ways give the same hash for a canonical line.
//!
//! This is what lets the auditor verify at close to the speed of SHA-256.

use crate::entry::{DOMAIN_PREFIX, Hash, is_actor, is_name, is_utc_timestamp};
use crate::jcs::{DEPTH_MAX, INTEGER_MAGNITUDE_MAX};
use crate::ledger::{PostingRef, check_posting_but_account, check_posting_count};
use crate::swar::{HIGHS, ONES, is_lowercase_hex, load};

/// The fields of a canonical export line, borrowed from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineView<'a> {
    pub seq: u64,
    /// `prev` and `hash` as written, 64 characters each. They are checked to
    /// be lowercase hex only when read (`prev()`, `claimed()`) or compared
    /// with a known hash (`Hash::hex_matches`), which costs less than decoding.
    pub prev_hex: &'a str,
    pub claimed_hex: &'a str,
    pub at: &'a str,
    pub actor: &'a str,
    pub kind: &'a str,
    /// `sealed` as written: 64 lowercase hex digits (checked, not decoded).
    pub sealed_hex: Option<&'a str>,
    /// The body object, canonical JSON text.
    pub body: &'a str,
    /// The `postings` array of the body, if it has one.
    pub postings: Option<&'a str>,
    /// Whether the postings (if any) are all written in the plain canonical
    /// shape and valid but for their accounts, which the ledger checks
    /// (`check_posting_but_account`); `scan_prefix` then handed them to its caller.
    pub plain: bool,
    /// The canonical form of the entry without `hash`, as two pieces of the line.
    pub canonical: [&'a str; 2],
}

impl<'a> LineView<'a> {
    /// `prev`, if it is lowercase hex.
    pub fn prev(&self) -> Option<Hash> {
        self.prev_hex.parse().ok()
    }

    /// The `sealed` commitment, if the entry has one.
    pub fn sealed(&self) -> Option<Hash> {
        self.sealed_hex.and_then(|hex| hex.parse().ok())
    }

    /// The hash the line claims, if it is lowercase hex.
    pub fn claimed(&self) -> Option<Hash> {
        self.claimed_hex.parse().ok()
    }

    /// `SHA-256("strikefund-journal-v1\n" || JCS(entry without hash))`, without copying.
    pub fn compute_hash(&self) -> Hash {
        Hash::sha256(&[DOMAIN_PREFIX, self.canonical[0].as_bytes(), self.canonical[1].as_bytes()])
    }

    /// The postings, when every one is written in the plain canonical shape
    /// `{"account":"…","amount":"…","currency":"…"}` and valid but for the
    /// accounts (the ledger checks those). `None` means "read the body the
    /// slow way" (which then says what is wrong).
    pub fn plain_postings(&self) -> Option<Vec<PostingRef<'a>>> {
        let Some(mut rest) = self.postings else { return Some(Vec::new()) };
        let mut out = Vec::with_capacity(4);
        read_plain_postings(&mut rest, &mut out)?;
        rest.is_empty().then_some(out)
    }
}

/// Reads a postings array off the front of `rest` when every posting is
/// written `{"account":"…","amount":"…","currency":"…"}` with a valid
/// amount and currency (accounts are left to the ledger), appending them to
/// `out`. Such an array is canonical JSON as it stands: the three names are
/// sorted, and strings without escapes or control characters are written as
/// JCS writes them. `None` (with `out` as it was) means "read it the general
/// way".
fn read_plain_postings<'a>(rest: &mut &'a str, out: &mut Vec<PostingRef<'a>>) -> Option<()> {
    let before = out.len();
    let read = (|| {
        let mut text = rest.strip_prefix('[')?;
        loop {
            let account = plain_member(&mut text, "{\"account\":\"")?;
            let amount = plain_member(&mut text, ",\"amount\":\"")?;
            let currency = plain_member(&mut text, ",\"currency\":\"")?;
            text = text.strip_prefix('}')?;
            // The ledger checks each account the first time it sees one.
            out.push(check_posting_but_account(account, currency, amount).ok()?);
            match text.as_bytes().first()? {
                b',' => text = &text[1..],
                b']' => break,
                _ => return None,
            }
        }
        check_posting_count(out.len() - before).ok()?;
        *rest = &text[1..];
        Some(())
    })();
    if read.is_none() {
        out.truncate(before);
    }
    read
}

/// Takes `prefix` (ending in an opening quote), a string without escapes and
/// its closing quote off the front of `rest`; returns the string.
/// Inlined so that the comparison with the constant `prefix` is a few loads.
#[inline(always)]
fn plain_member<'a>(rest: &mut &'a str, prefix: &str) -> Option<&'a str> {
    if rest.as_bytes().get(..prefix.len())? != prefix.as_bytes() {
        return None;
    }
    let after = &rest[prefix.len()..];
    let end = plain_run(after.as_bytes());
    if after.as_bytes().get(end) != Some(&b'"') {
        return None;
    }
    *rest = &after[end + 1..];
    Some(&after[..end])
}

/// The length of the plain string contents at the start of `bytes`: up to
/// the first `"`, `\\` or control character. Eight bytes at a time (SWAR):
/// most of a line is string contents, in short strings.
fn plain_run(bytes: &[u8]) -> usize {
    // The lowest flag of each test is exact (only bytes above a match can be
    // flagged falsely), so the lowest flag of all three is the first special byte.
    let has_zero = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS;
    let mut at = 0;
    while at + 8 <= bytes.len() {
        let word = load(bytes, at);
        let special = has_zero(word ^ (ONES * u64::from(b'"')))
            | has_zero(word ^ (ONES * u64::from(b'\\')))
            | (word.wrapping_sub(ONES * 0x20) & !word & HIGHS);
        if special != 0 {
            return at + (special.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    at + bytes[at..].iter().position(|b| STRING_SPECIAL[usize::from(*b)]).unwrap_or(bytes.len() - at)
}

/// The line's fields if it is exactly the canonical form of a well-formed entry.
pub fn scan_line(line: &str) -> Option<LineView<'_>> {
    scan_prefix(line, &mut Vec::new())
        .filter(|(view, length)| *length == line.len() && view.prev().is_some() && view.claimed().is_some())
        .map(|(view, _)| view)
}

/// Like `scan_line` for the first line of `text` (up to a line feed or the
/// end); also returns the line's length. Saves finding the line's end first.
/// Unlike `scan_line`, `prev` and `hash` are only checked to be 64
/// characters long: the caller compares or decodes them (`Hash::hex_matches`,
/// `LineView::prev`, `LineView::claimed`), whichever is cheaper.
/// Plain postings (`LineView::plain`) are appended to `postings`, read once.
pub fn scan_prefix<'a>(text: &'a str, postings: &mut Vec<PostingRef<'a>>) -> Option<(LineView<'a>, usize)> {
    let line = text;
    let mut scanner =
        Scanner { text, bytes: text.as_bytes(), pos: 0, postings: None, plain: true, out: postings };
    scanner.literal("{\"actor\":")?;
    let actor = scanner.plain_string()?;
    scanner.literal(",\"at\":")?;
    let at = scanner.plain_string()?;
    scanner.literal(",\"body\":")?;
    let body_start = scanner.pos;
    scanner.object(1, true)?;
    let body = &line[body_start..scanner.pos];
    let hash_start = scanner.pos;
    scanner.literal(",\"hash\":")?;
    let claimed_hex = scanner.hash_text()?;
    let hash_end = scanner.pos;
    scanner.literal(",\"kind\":")?;
    let kind = scanner.plain_string()?;
    scanner.literal(",\"prev\":")?;
    let prev_hex = scanner.hash_text()?;
    scanner.literal(",\"sealed\":")?;
    let sealed_hex = match scanner.literal("null") {
        Some(()) => None,
        None => Some(scanner.hash_text().filter(|hex| is_lowercase_hex(hex.as_bytes()))?),
    };
    scanner.literal(",\"seq\":")?;
    let seq = scanner.integer()?;
    scanner.literal("}")?;
    let ends = matches!(scanner.peek(), None | Some(b'\n'));
    let well_formed = ends && seq >= 1 && is_utc_timestamp(at) && is_name(kind) && is_actor(actor);
    let length = scanner.pos;
    let view = LineView {
        seq: u64::try_from(seq).ok()?,
        prev_hex,
        claimed_hex,
        at,
        actor,
        kind,
        sealed_hex,
        body,
        postings: scanner.postings,
        plain: scanner.plain,
        canonical: [&line[..hash_start], &line[hash_end..length]],
    };
    well_formed.then_some((view, length))
}

/// Bytes that end a run of plain string contents: `"`, `\\` and control characters.
const STRING_SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = true;
        byte += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

struct Scanner<'a, 'o> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// The body's `postings` member, seen while scanning the body.
    postings: Option<&'a str>,
    /// Whether the body's postings, if any, were read into `out`.
    plain: bool,
    out: &'o mut Vec<PostingRef<'a>>,
}

impl<'a> Scanner<'a, '_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Inlined so that the comparison with the constant `expected` is a few loads.
    #[inline(always)]
    fn literal(&mut self, expected: &str) -> Option<()> {
        let found = self.bytes.get(self.pos..self.pos + expected.len())?;
        (found == expected.as_bytes()).then(|| self.pos += expected.len())
    }

    /// Skips string contents up to the next `"`, `\\` or control character.
    fn skip_plain(&mut self) {
        self.pos += plain_run(&self.bytes[self.pos..]);
    }

    /// A string of 64 bytes (a hash in hex), taken without looking inside:
    /// the callers compare it with a hash's hex or decode it, and either
    /// refuses anything but lowercase hex digits.
    fn hash_text(&mut self) -> Option<&'a str> {
        self.literal("\"")?;
        let text = self.text.get(self.pos..self.pos + 64)?;
        self.pos += 64;
        self.literal("\"")?;
        Some(text)
    }

    /// A string without escapes; returns its contents.
    fn plain_string(&mut self) -> Option<&'a str> {
        let (contents, escaped) = self.string()?;
        (!escaped).then_some(contents)
    }

    /// A canonically written string; returns its raw contents and whether it has escapes.
    /// Inlined: nearly every string is one run up to its closing quote.
    #[inline(always)]
    fn string(&mut self) -> Option<(&'a str, bool)> {
        self.literal("\"")?;
        let start = self.pos;
        self.skip_plain();
        if self.peek() == Some(b'"') {
            self.pos += 1;
            return Some((&self.text[start..self.pos - 1], false));
        }
        self.string_rest(start)
    }

    /// The rest of a string that starts at `start` and does not end at `pos`.
    #[inline(never)]
    fn string_rest(&mut self, start: usize) -> Option<(&'a str, bool)> {
        let mut escaped = false;
        loop {
            let byte = self.peek()?;
            self.pos += 1;
            match byte {
                b'"' => return Some((&self.text[start..self.pos - 1], escaped)),
                b'\\' => {
                    escaped = true;
                    self.escape()?;
                }
                0x00..=0x1f => return None,
                _ => {}
            }
            self.skip_plain();
        }
    }

    /// The escapes JCS writes: `\" \\ \b \t \n \f \r`, and `\u00xx` (lowercase)
    /// for the other control characters only.
    fn escape(&mut self) -> Option<()> {
        let byte = self.peek()?;
        self.pos += 1;
        match byte {
            b'"' | b'\\' | b'b' | b't' | b'n' | b'f' | b'r' => Some(()),
            b'u' => {
                let hex = self.bytes.get(self.pos..self.pos + 4)?;
                self.pos += 4;
                let digit = |b: u8| matches!(b, b'0'..=b'9' | b'a'..=b'f');
                let value = u8::from_str_radix(std::str::from_utf8(&hex[2..]).ok()?, 16).ok()?;
                let short_form = matches!(value, 0x08 | 0x09 | 0x0a | 0x0c | 0x0d);
                (hex[..2] == *b"00" && hex.iter().all(|b| digit(*b)) && value < 0x20 && !short_form)
                    .then_some(())
            }
            _ => None,
        }
    }

    /// An integer as JCS writes it: no leading zeros, no `-0`, within ±(2^53 - 1).
    fn integer(&mut self) -> Option<i64> {
        let negative = self.literal("-").is_some();
        let rest = &self.bytes[self.pos..];
        let digits = &rest[..rest.iter().position(|b| !b.is_ascii_digit()).unwrap_or(rest.len())];
        self.pos += digits.len();
        let shape_ok = !digits.is_empty() && digits.len() <= 16 && (digits == b"0" || digits[0] != b'0');
        let fraction_follows = matches!(self.peek(), Some(b'.' | b'e' | b'E'));
        if !shape_ok || fraction_follows || (negative && digits == b"0") {
            return None;
        }
        // At most 16 digits: no overflow in u64.
        let magnitude = digits.iter().fold(0u64, |sum, b| sum * 10 + u64::from(b - b'0'));
        if magnitude > INTEGER_MAGNITUDE_MAX {
            return None;
        }
        let magnitude = i64::try_from(magnitude).ok()?;
        Some(if negative { -magnitude } else { magnitude })
    }

    fn value(&mut self, depth: usize) -> Option<()> {
        if depth > DEPTH_MAX {
            return None;
        }
        match self.peek()? {
            b'{' => self.object(depth, false),
            b'[' => self.array(depth),
            b'"' => self.string().map(|_| ()),
            b't' => self.literal("true"),
            b'f' => self.literal("false"),
            b'n' => self.literal("null"),
            _ => self.integer().map(|_| ()),
        }
    }

    fn array(&mut self, depth: usize) -> Option<()> {
        self.literal("[")?;
        if self.literal("]").is_some() {
            return Some(());
        }
        loop {
            self.value(depth + 1)?;
            if self.literal("]").is_some() {
                return Some(());
            }
            self.literal(",")?;
        }
    }

    /// An object whose member names are unique and sorted as JCS sorts them.
    fn object(&mut self, depth: usize, is_body: bool) -> Option<()> {
        self.literal("{")?;
        if self.literal("}").is_some() {
            return Some(());
        }
        let mut previous: Option<(&'a str, bool)> = None;
        loop {
            let name = self.string()?;
            if previous.is_some_and(|before| !sorted_before(before, name)) {
                return None;
            }
            previous = Some(name);
            self.literal(":")?;
            let value_start = self.pos;
            if is_body && name == ("postings", false) {
                let mut rest = &self.text[value_start..];
                if read_plain_postings(&mut rest, self.out).is_some() {
                    self.pos = self.text.len() - rest.len();
                } else {
                    self.plain = false;
                    self.value(depth + 1)?;
                }
                self.postings = Some(&self.text[value_start..self.pos]);
            } else {
                self.value(depth + 1)?;
            }
            if self.literal("}").is_some() {
                return Some(());
            }
            self.literal(",")?;
        }
    }
}

/// Whether member name `a` sorts strictly before `b` in UTF-16 code unit
/// order, as RFC 8785 requires. Names are raw (still escaped) contents.
fn sorted_before(a: (&str, bool), b: (&str, bool)) -> bool {
    // UTF-8 byte order is code point order, which is UTF-16 order except
    // between U+E000..U+FFFF and supplementary characters: their lead bytes
    // (0xEE and up) differ, so only a first difference there needs decoding.
    if !a.1 && !b.1 {
        match a.0.bytes().zip(b.0.bytes()).find(|(x, y)| x != y) {
            None => return a.0.len() < b.0.len(),
            Some((x, y)) if x < 0xee && y < 0xee => return x < y,
            Some(_) => {}
        }
    }
    let decode = |(text, escaped): (&str, bool)| -> Option<String> {
        if escaped { serde_json::from_str(&format!("\"{text}\"")).ok() } else { Some(text.to_string()) }
    };
    match (decode(a), decode(b)) {
        (Some(a), Some(b)) => a.encode_utf16().lt(b.encode_utf16()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::{Entry, parse_line};
    use serde_json::json;

    fn entry(body: serde_json::Value, actor: &str) -> Entry {
        Entry {
            seq: 7,
            prev: Hash([3; 32]),
            at: "2020-08-20T10:00:00.000000Z".into(),
            actor: actor.into(),
            kind: "donation".into(),
            body: body.as_object().unwrap().clone(),
            sealed: Some(Hash([5; 32])),
        }
    }

    fn line_of(entry: &Entry) -> String {
        entry.export_line(&entry.compute_hash().unwrap()).unwrap()
    }

    #[test]
    fn a_canonical_line_hashes_like_the_parsed_entry() {
        let bodies = [
            json!({"postings": [
                {"account": "assets:bank:lt-main", "currency": "EUR", "amount": "1500.00"},
                {"account": "equity:funds:general", "currency": "EUR", "amount": "-1500.00"}],
                "received_on": "2020-08-20", "donor": "Ола \"С\"\n\u{1}\u{7f}"}),
            json!({"\u{fb01}": 1, "\u{1f600}": [true, false, null, -3, {}, []], "a\tb": {"z": "\\"}}),
            json!({}),
        ];
        for body in bodies {
            let entry = entry(body, "u-3f9a2c71");
            let line = line_of(&entry);
            let view = scan_line(&line).expect("the export line is canonical");
            let (parsed, claimed) = parse_line(&line).unwrap();
            assert_eq!(view.compute_hash(), parsed.compute_hash().unwrap());
            assert_eq!(view.claimed(), Some(claimed));
            assert!(claimed.hex_matches(view.claimed_hex) && parsed.prev.hex_matches(view.prev_hex));
            assert_eq!(
                (view.seq, view.prev(), view.sealed()),
                (parsed.seq, Some(parsed.prev), parsed.sealed)
            );
            assert_eq!((view.at, view.kind, view.actor), (&*parsed.at, &*parsed.kind, &*parsed.actor));
        }
    }

    #[test]
    fn plain_postings_are_read_without_a_tree() {
        let entry = entry(
            json!({"postings": [
                {"account": "assets:bank:lt-main", "currency": "EUR", "amount": "10.00"},
                {"account": "equity:funds:general", "currency": "EUR", "amount": "-10.00"}]}),
            "system",
        );
        let line = line_of(&entry);
        let postings = scan_line(&line).unwrap().plain_postings().unwrap();
        assert_eq!(postings.len(), 2);
        assert_eq!(
            (postings[1].account, postings[1].minor, postings[1].digits),
            ("equity:funds:general", -1000, 2)
        );
        let odd = line.replace("\"amount\":\"10.00\"", "\"amount\":10");
        assert_eq!(scan_line(&odd).unwrap().plain_postings(), None);
    }

    #[test]
    fn anything_not_canonical_is_left_to_the_slow_path() {
        let line = line_of(&entry(json!({"a": 1, "b": "x"}), "system"));
        assert!(scan_line(&line).is_some());
        let variants = [
            line.replace("{\"a\":1,\"b\":\"x\"}", "{\"b\":\"x\",\"a\":1}"),
            line.replace("{\"a\":1,", "{\"a\": 1,"),
            line.replace("\"a\":1", "\"a\":1.0"),
            line.replace("\"a\":1", "\"a\":01"),
            line.replace("\"a\":1", "\"a\":-0"),
            line.replace("\"a\":1", "\"a\":9007199254740992"),
            line.replace("\"b\":\"x\"", "\"b\":\"\\u0078\""),
            line.replace("\"b\":\"x\"", "\"b\":\"\\/\""),
            line.replace("\"b\":\"x\"", "\"b\":\"\\u000A\""),
            line.replace("{\"a\":1,\"b\":\"x\"}", "{\"a\":1,\"a\":2}"),
            line.replace("\"actor\":\"system\"", "\"actor\":\"sys\\\"tem\""),
            format!("{line} "),
            line.replace(",\"seq\":7", ",\"seq\":7,\"x\":1"),
            line.replace(",\"seq\":7", ",\"seq\":0"),
        ];
        for variant in variants {
            assert_ne!(variant, line);
            assert_eq!(scan_line(&variant), None, "{variant}");
        }
        let sorted_escape = line.replace("{\"a\":1,\"b\":\"x\"}", "{\"a\":1,\"b\":\"\\u001f\\n\"}");
        assert!(scan_line(&sorted_escape).is_some());
    }
}

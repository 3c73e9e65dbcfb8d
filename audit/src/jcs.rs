//! RFC 8785 JSON Canonicalization Scheme, restricted to the values a journal
//! entry may hold: null, booleans, integers, strings, arrays and objects.
//!
//! Floating-point numbers are refused rather than canonicalized: money is
//! written as decimal strings, and a float anywhere in an entry is a bug in
//! whoever wrote it.

use serde_json::Value;

/// The largest integer JSON can carry exactly (2^53 - 1), as RFC 8785 requires.
pub const INTEGER_MAGNITUDE_MAX: u64 = (1 << 53) - 1;

/// Nesting deeper than this is refused, so that hostile input cannot exhaust the stack.
pub const DEPTH_MAX: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CanonicalError {
    #[error("numbers must be integers (amounts are decimal strings), found {0}")]
    NumberMustBeInteger(String),
    #[error("integers must lie within ±(2^53 - 1), found {0}")]
    IntegerOutOfRange(String),
    #[error("JSON must not nest deeper than {DEPTH_MAX} levels")]
    NestingTooDeep,
}

/// Appends the canonical form of `value` to `out`.
pub fn write_canonical(out: &mut Vec<u8>, value: &Value) -> Result<(), CanonicalError> {
    write_value(out, value, 0)
}

/// The canonical form of `value` as bytes.
pub fn to_canonical(value: &Value) -> Result<Vec<u8>, CanonicalError> {
    let mut out = Vec::with_capacity(256);
    write_canonical(&mut out, value)?;
    Ok(out)
}

fn write_value(out: &mut Vec<u8>, value: &Value, depth: usize) -> Result<(), CanonicalError> {
    if depth > DEPTH_MAX {
        return Err(CanonicalError::NestingTooDeep);
    }
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(number) => write_integer(out, number)?,
        Value::String(text) => write_string(out, text),
        Value::Array(items) => {
            out.push(b'[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                write_value(out, item, depth + 1)?;
            }
            out.push(b']');
        }
        Value::Object(map) => {
            // RFC 8785 sorts member names by their UTF-16 code units, which
            // differs from UTF-8 byte order for characters above U+FFFF.
            let mut members: Vec<(&String, &Value)> = map.iter().collect();
            members.sort_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
            out.push(b'{');
            for (index, (name, item)) in members.into_iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                write_string(out, name);
                out.push(b':');
                write_value(out, item, depth + 1)?;
            }
            out.push(b'}');
        }
    }
    Ok(())
}

fn write_integer(out: &mut Vec<u8>, number: &serde_json::Number) -> Result<(), CanonicalError> {
    let text = number.to_string();
    let magnitude = if let Some(value) = number.as_u64() {
        value
    } else if let Some(value) = number.as_i64() {
        value.unsigned_abs()
    } else {
        return Err(CanonicalError::NumberMustBeInteger(text));
    };
    if magnitude > INTEGER_MAGNITUDE_MAX {
        return Err(CanonicalError::IntegerOutOfRange(text));
    }
    out.extend_from_slice(text.as_bytes());
    Ok(())
}

/// RFC 8785 string escaping: `"` and `\` escaped, the control characters
/// U+0000..U+001F as `\b \t \n \f \r` or `\u00xx` (lowercase hex), and every
/// other character written as itself in UTF-8.
fn write_string(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    for character in text.chars() {
        match character {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\u{08}' => out.extend_from_slice(b"\\b"),
            '\t' => out.extend_from_slice(b"\\t"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\u{0c}' => out.extend_from_slice(b"\\f"),
            '\r' => out.extend_from_slice(b"\\r"),
            c if (c as u32) < 0x20 => {
                out.extend_from_slice(format!("\\u{:04x}", c as u32).as_bytes());
            }
            c => {
                let mut buffer = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
            }
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn canonical(value: Value) -> String {
        String::from_utf8(to_canonical(&value).unwrap()).unwrap()
    }

    #[test]
    fn members_are_sorted_and_whitespace_removed() {
        let value = json!({"b": 1, "a": [true, null, "x"], "c": {"z": -2, "y": "é"}});
        assert_eq!(canonical(value), r#"{"a":[true,null,"x"],"b":1,"c":{"y":"é","z":-2}}"#);
    }

    #[test]
    fn sorting_uses_utf16_code_units() {
        // U+1F600 (surrogates D83D DE00) sorts before U+FB01 in UTF-16, after it in UTF-8.
        let value = json!({"\u{fb01}": 1, "\u{1f600}": 2});
        assert_eq!(canonical(value), "{\"\u{1f600}\":2,\"\u{fb01}\":1}");
    }

    #[test]
    fn control_characters_are_escaped_in_lowercase_hex() {
        let value = json!("a\u{1f}b\n\"\\\u{7f}\u{2028}");
        assert_eq!(canonical(value), "\"a\\u001fb\\n\\\"\\\\\u{7f}\u{2028}\"");
    }

    #[test]
    fn floats_are_refused() {
        let error = to_canonical(&json!({"amount": 1.5})).unwrap_err();
        assert_eq!(error, CanonicalError::NumberMustBeInteger("1.5".into()));
    }

    #[test]
    fn integers_beyond_two_to_the_53_are_refused() {
        let error = to_canonical(&json!(9_007_199_254_740_992u64)).unwrap_err();
        assert!(matches!(error, CanonicalError::IntegerOutOfRange(_)));
        assert_eq!(canonical(json!(9_007_199_254_740_991u64)), "9007199254740991");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let mut value = json!(1);
        for _ in 0..40 {
            value = json!([value]);
        }
        assert_eq!(to_canonical(&value).unwrap_err(), CanonicalError::NestingTooDeep);
    }
}

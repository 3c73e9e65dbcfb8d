//! The people the fund pays: their private details (never on the chain, kept
//! sealed and encrypted), the normal form of an identity document number
//! used to spot one person claimed twice, and why a person's data is erased.

use serde_json::{Map, Value, json};

use super::claim::text_enum;

/// Longest full name, in characters.
pub const FULL_NAME_CHARS_MAX: usize = 120;

/// Longest contact or payment details, in characters.
pub const DETAILS_CHARS_MAX: usize = 200;

/// Longest identity document number as typed, in characters.
pub const DOCUMENT_CHARS_MAX: usize = 40;

/// Why a person's private details are unusable, naming the form field.
/// Never carries the value: a refusal must not echo personal data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PersonError {
    #[error("{0} must not be empty")]
    Required(&'static str),
    #[error("{field} must be at most {max} characters")]
    TooLong { field: &'static str, max: usize },
    #[error("{0} must not contain control characters")]
    ControlCharacters(&'static str),
    #[error("document must be letters and digits (spaces and dashes are ignored)")]
    DocumentInvalid,
}

impl PersonError {
    /// The form field the error is about.
    pub fn field(&self) -> &'static str {
        match self {
            PersonError::Required(field)
            | PersonError::TooLong { field, .. }
            | PersonError::ControlCharacters(field) => field,
            PersonError::DocumentInvalid => "document",
        }
    }
}

/// A worker's private details. Debug never prints them.
#[derive(Clone, PartialEq, Eq)]
pub struct Person {
    full_name: String,
    contact: String,
    document: String,
    payment: String,
}

impl std::fmt::Debug for Person {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Person(sealed)")
    }
}

fn checked(field: &'static str, text: &str, max: usize, required: bool) -> Result<String, PersonError> {
    let text = text.trim();
    if required && text.is_empty() {
        return Err(PersonError::Required(field));
    }
    if text.chars().count() > max {
        return Err(PersonError::TooLong { field, max });
    }
    if text.chars().any(char::is_control) {
        return Err(PersonError::ControlCharacters(field));
    }
    Ok(text.to_string())
}

impl Person {
    /// Checks the details as typed into the form fields `full_name`,
    /// `contact`, `document` and `payment`. A name and an identity document
    /// number are required: without the document number the fund could not
    /// notice the same person claimed through two committees.
    pub fn parse(
        full_name: &str,
        contact: &str,
        document: &str,
        payment: &str,
    ) -> Result<Person, PersonError> {
        let person = Person {
            full_name: checked("full_name", full_name, FULL_NAME_CHARS_MAX, true)?,
            contact: checked("contact", contact, DETAILS_CHARS_MAX, false)?,
            document: checked("document", document, DOCUMENT_CHARS_MAX, true)?,
            payment: checked("payment", payment, DETAILS_CHARS_MAX, false)?,
        };
        normalize_document(&person.document).ok_or(PersonError::DocumentInvalid)?;
        Ok(person)
    }

    pub fn full_name(&self) -> &str {
        &self.full_name
    }

    pub fn contact(&self) -> &str {
        &self.contact
    }

    pub fn document(&self) -> &str {
        &self.document
    }

    pub fn payment(&self) -> &str {
        &self.payment
    }

    /// The document number in its normal form (see `normalize_document`).
    pub fn normalized_document(&self) -> String {
        normalize_document(&self.document).expect("checked by parse")
    }

    /// The private fields as sealed: empty optional fields are left out.
    pub fn to_fields(&self) -> Value {
        let mut fields = Map::new();
        fields.insert("full_name".into(), json!(self.full_name));
        fields.insert("document".into(), json!(self.document));
        if !self.contact.is_empty() {
            fields.insert("contact".into(), json!(self.contact));
        }
        if !self.payment.is_empty() {
            fields.insert("payment".into(), json!(self.payment));
        }
        Value::Object(fields)
    }

    /// Reads sealed fields back (None when they are not a person's).
    pub fn from_fields(fields: &Value) -> Option<Person> {
        let get = |name: &str| fields.get(name).and_then(Value::as_str).unwrap_or("").to_string();
        let person = Person {
            full_name: get("full_name"),
            contact: get("contact"),
            document: get("document"),
            payment: get("payment"),
        };
        (!person.full_name.is_empty()).then_some(person)
    }
}

/// An identity document number in normal form: upper case, without spaces
/// or dashes, so that `MP 1234567`, `mp-1234567` and `MP1234567` are one
/// number. None when nothing but letters and digits remains.
pub fn normalize_document(text: &str) -> Option<String> {
    let normal: String =
        text.chars().filter(|c| !c.is_whitespace() && *c != '-').flat_map(char::to_uppercase).collect();
    (!normal.is_empty() && normal.chars().all(char::is_alphanumeric)).then_some(normal)
}

text_enum! {
    /// Why a worker's private data was erased; journaled in the `erasure` entry.
    ErasureReason {
        WorkerRequest => "worker_request",
        NoLongerNeeded => "no_longer_needed",
        SafetyRisk => "safety_risk",
        EnteredByMistake => "entered_by_mistake",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_numbers_written_differently_are_one_number() {
        let normal = Some("MP1234567".to_string());
        assert_eq!(normalize_document("MP 1234567"), normal);
        assert_eq!(normalize_document("mp-1234567"), normal);
        assert_eq!(normalize_document(" m p - 1 2 3 4 5 6 7 "), normal);
        assert_eq!(normalize_document("кв 123"), Some("КВ123".to_string()));
        assert_eq!(normalize_document(" - "), None);
        assert_eq!(normalize_document("MP/1234567"), None);
    }

    #[test]
    fn a_person_needs_a_name_and_a_document_and_errors_name_the_field() {
        let person = Person::parse(" Ivan ", "", "MP 1", "LT00 0000").unwrap();
        assert_eq!(person.full_name(), "Ivan");
        assert_eq!(
            person.to_fields(),
            json!({"full_name": "Ivan", "document": "MP 1", "payment": "LT00 0000"})
        );
        assert_eq!(Person::from_fields(&person.to_fields()), Some(person.clone()));
        assert_eq!(format!("{person:?}"), "Person(sealed)");
        assert_eq!(Person::parse("", "", "MP1", "").unwrap_err().field(), "full_name");
        assert_eq!(Person::parse("Ivan", "", " ", "").unwrap_err().field(), "document");
        assert_eq!(Person::parse("Ivan", "", "MP/1", "").unwrap_err(), PersonError::DocumentInvalid);
        assert_eq!(Person::parse("Ivan", "\u{7}", "MP1", "").unwrap_err().field(), "contact");
        let long = "x".repeat(DETAILS_CHARS_MAX + 1);
        let error = Person::parse("Ivan", "", "MP1", &long).unwrap_err();
        assert_eq!(error, PersonError::TooLong { field: "payment", max: DETAILS_CHARS_MAX });
        assert!(!error.to_string().contains('x'), "the message does not echo the value");
    }
}

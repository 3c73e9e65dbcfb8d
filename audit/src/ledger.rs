//! Recomputes every account balance from the postings in the journal and
//! checks the two ledger rules: every entry balances per currency, and no
//! account that holds money or an envelope ever crosses zero.
//!
//! Amounts are kept as integers of minor units (i128), never as floats.

use foldhash::HashMap;

use serde_json::{Map, Value};

/// A posting set with more postings than this is malformed.
pub const POSTINGS_PER_ENTRY_MAX: usize = 64;

/// Longest account path, in bytes.
pub const ACCOUNT_BYTES_MAX: usize = 128;

/// Most segments in an account path.
pub const ACCOUNT_SEGMENTS_MAX: usize = 6;

/// Most digits after the decimal point any currency may use.
pub const CURRENCY_DIGITS_MAX: u32 = 8;

/// Most digits before the decimal point.
pub const INTEGER_DIGITS_MAX: usize = 15;

/// How an account's balance is bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountClass {
    /// `assets:…`: money the fund holds; its balance (debit positive) must never go below zero.
    Holding,
    /// `equity:funds:…` and `liabilities:…`: envelopes; their credit balance must never go below zero.
    Envelope,
    /// Everything else (`equity:conversion`, `expenses:…`, `income:…`): unbounded.
    Unbounded,
}

/// Parses an account path and tells its class, or says why it is not one.
pub fn account_class(account: &str) -> Result<AccountClass, String> {
    if account.len() > ACCOUNT_BYTES_MAX {
        return Err(format!("account longer than {ACCOUNT_BYTES_MAX} bytes"));
    }
    let (colons, well_formed) = account_shape(account.as_bytes());
    let segments = 1 + colons;
    if !(2..=ACCOUNT_SEGMENTS_MAX).contains(&segments) {
        return Err(format!("account {account:?} must have 2 to {ACCOUNT_SEGMENTS_MAX} segments"));
    }
    if !well_formed {
        return Err(format!("account {account:?} has a malformed segment"));
    }
    // Well formed with two segments or more: the top level ends at a colon.
    let class = if account.starts_with("assets:") {
        AccountClass::Holding
    } else if account.starts_with("liabilities:") {
        AccountClass::Envelope
    } else if let Some(rest) = account.strip_prefix("equity:") {
        if rest == "funds" || rest.starts_with("funds:") {
            AccountClass::Envelope
        } else {
            AccountClass::Unbounded
        }
    } else if account.starts_with("expenses:") || account.starts_with("income:") {
        AccountClass::Unbounded
    } else {
        return Err(format!("account {account:?} has an unknown top level"));
    };
    Ok(class)
}

/// Counts the colons of an account path and tells whether its segments
/// are well formed: non-empty runs of a-z, 0-9 and `-`, each starting with
/// a letter or digit. Eight bytes at a time (SWAR): the auditor checks two
/// accounts per entry, and a byte-by-byte loop cost as much as hashing them.
fn account_shape(bytes: &[u8]) -> (usize, bool) {
    use crate::swar::{HIGHS, between, count, equal, words};
    let (mut colons, mut bad, mut after_colon) = (0, 0u64, 0x80u64);
    words(bytes, |word, present| {
        // Bytes of 0x80 and up are refused, and would upset `between`.
        bad |= word & HIGHS;
        let letter = between(word, b'a', b'z') | between(word, b'0', b'9');
        let colon = equal(word, b':') & present;
        let hyphen = equal(word, b'-') & present;
        bad |= present & !(letter | colon | hyphen);
        bad |= ((colon << 8) | after_colon) & present & !letter;
        after_colon = colon >> 56;
        colons += count(colon);
    });
    (colons, bad == 0 && !bytes.is_empty() && bytes.last() != Some(&b':'))
}

/// A currency code: 3 to 10 uppercase ASCII letters or digits, starting with a letter.
pub fn is_currency_code(code: &str) -> bool {
    (3..=10).contains(&code.len())
        && code.as_bytes()[0].is_ascii_uppercase()
        && code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Parses a decimal amount string into minor units and the number of decimals written.
pub fn parse_amount(text: &str) -> Result<(i128, u32), String> {
    let bad = || format!("amount {text:?} is not a decimal string");
    let digits = text.strip_prefix('-').unwrap_or(text).as_bytes();
    let point = digits.iter().position(|b| *b == b'.');
    let (whole, fraction) = match point {
        Some(point) => (&digits[..point], &digits[point + 1..]),
        None => (digits, &[][..]),
    };
    let whole_ok =
        !whole.is_empty() && whole.len() <= INTEGER_DIGITS_MAX && (whole.len() == 1 || whole[0] != b'0');
    let fraction_ok =
        fraction.len() <= CURRENCY_DIGITS_MAX as usize && (point.is_none() || !fraction.is_empty());
    if !whole_ok || !fraction_ok {
        return Err(bad());
    }
    // At most 15 and 8 digits: no overflow in u64. A second point or any
    // other byte is not a digit, and stops the fold.
    let value = |part: &[u8]| {
        part.iter().try_fold(0u64, |sum, byte| {
            let digit = byte.wrapping_sub(b'0');
            (digit < 10).then(|| sum * 10 + u64::from(digit))
        })
    };
    let (negative, fraction_len) = (digits.len() < text.len(), fraction.len());
    let (Some(whole), Some(fraction)) = (value(whole), value(fraction)) else { return Err(bad()) };
    let magnitude = i128::from(whole) * 10i128.pow(fraction_len as u32) + i128::from(fraction);
    if magnitude == 0 {
        return Err(format!("amount {text:?} is zero"));
    }
    let sign = if negative { -1 } else { 1 };
    Ok((sign * magnitude, fraction_len as u32))
}

/// Writes minor units as a decimal string with `digits` decimals.
pub fn format_minor(minor: i128, digits: u32) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let magnitude = minor.unsigned_abs();
    if digits == 0 {
        return format!("{sign}{magnitude}");
    }
    let scale = 10u128.pow(digits);
    format!("{sign}{}.{:0width$}", magnitude / scale, magnitude % scale, width = digits as usize)
}

/// One posting as read from an entry body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    pub account: String,
    pub currency: String,
    pub minor: i128,
    pub digits: u32,
}

/// One checked posting that borrows its names from the entry it was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostingRef<'a> {
    pub account: &'a str,
    pub currency: &'a str,
    pub minor: i128,
    pub digits: u32,
}

impl PostingRef<'_> {
    pub fn to_owned(&self) -> Posting {
        Posting {
            account: self.account.to_string(),
            currency: self.currency.to_string(),
            minor: self.minor,
            digits: self.digits,
        }
    }
}

/// Checks the three fields of one posting.
pub fn check_posting<'a>(
    account: &'a str,
    currency: &'a str,
    amount: &str,
) -> Result<PostingRef<'a>, String> {
    account_class(account)?;
    check_posting_but_account(account, currency, amount)
}

/// Checks the currency and amount of one posting, not its account: for
/// callers that hand the posting to `Ledger::apply_postings` only if every
/// other field of the entry is valid, since the ledger checks each account
/// the first time it sees it and refuses it with the same reason
/// `check_posting` gives. A journal names a few hundred accounts in a
/// million postings; checking each once saves the auditor a tenth of its
/// work besides hashing.
pub fn check_posting_but_account<'a>(
    account: &'a str,
    currency: &'a str,
    amount: &str,
) -> Result<PostingRef<'a>, String> {
    if !is_currency_code(currency) {
        return Err(format!("currency {currency:?} is not a currency code"));
    }
    let (minor, digits) = parse_amount(amount)?;
    Ok(PostingRef { account, currency, minor, digits })
}

/// Checks the number of postings of one entry.
pub fn check_posting_count(count: usize) -> Result<(), String> {
    if (2..=POSTINGS_PER_ENTRY_MAX).contains(&count) {
        Ok(())
    } else {
        Err(format!("an entry must have 2 to {POSTINGS_PER_ENTRY_MAX} postings"))
    }
}

/// Reads `body.postings`, if the entry has any; checks each posting's form.
pub fn postings_of(body: &Map<String, Value>) -> Result<Vec<Posting>, String> {
    Ok(posting_refs(body)?.iter().map(PostingRef::to_owned).collect())
}

/// Like `postings_of`, borrowing the names from `body`.
pub fn posting_refs(body: &Map<String, Value>) -> Result<Vec<PostingRef<'_>>, String> {
    let Some(value) = body.get("postings") else {
        return Ok(Vec::new());
    };
    let Value::Array(items) = value else {
        return Err("postings must be a list".into());
    };
    check_posting_count(items.len())?;
    items.iter().map(parse_posting).collect()
}

fn parse_posting(item: &Value) -> Result<PostingRef<'_>, String> {
    let Value::Object(map) = item else {
        return Err("a posting must be an object".into());
    };
    if map.len() != 3 {
        return Err("a posting has exactly account, currency and amount".into());
    }
    let field = |name: &str| {
        map.get(name)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("posting field {name:?} must be a string"))
    };
    check_posting(field("account")?, field("currency")?, field("amount")?)
}

/// A ledger finding: the journal breaks a ledger rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerFinding {
    #[error("malformed postings: {0}")]
    MalformedPostings(String),
    #[error("{currency} written with {found} decimals, earlier with {expected}")]
    InconsistentDecimals { currency: String, expected: u32, found: u32 },
    #[error("unbalanced {currency} by {by}")]
    Unbalanced { currency: String, by: String },
    #[error("overdrawn {account} ({currency} balance would be {balance})")]
    Overdrawn { account: String, currency: String, balance: String },
}

/// Balances of every account, per currency, recomputed from postings.
///
/// Kept as (account, currency) → slot in a list of balances, so that
/// applying an entry looks each posting up once, by `&str`, and allocates
/// only for pairs never seen before: the auditor applies a million entries
/// a second through here. The map is seeded at random (foldhash), so a
/// journal cannot be written to make its lookups slow.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    accounts: HashMap<Box<str>, Account>,
    /// Balances in minor units, debit positive.
    balances: Vec<i128>,
    /// The number of decimals of each balance's currency, by slot (always
    /// that in `decimals`): one look-up fewer per posting than asking it.
    slot_digits: Vec<u32>,
    /// currency → number of decimals it is written with.
    decimals: HashMap<Box<str>, u32>,
}

/// An account the ledger has seen.
#[derive(Debug, Clone)]
struct Account {
    class: AccountClass,
    /// (currency, slot in `balances`) for each currency it holds.
    held: Vec<(Box<str>, usize)>,
}

impl Account {
    /// Where its balance in `currency` is kept, if it was ever posted to in it.
    fn slot(&self, currency: &str) -> Option<usize> {
        self.held.iter().find(|(c, _)| &**c == currency).map(|(_, slot)| *slot)
    }
}

/// A posting's account class and balance slot (`None`: a pair never posted to).
type Found = (AccountClass, Option<usize>);

impl Ledger {
    /// Applies the postings of one entry body, after checking them. On a
    /// finding the ledger is left as it was.
    pub fn apply(&mut self, body: &Map<String, Value>) -> Result<(), LedgerFinding> {
        let postings = posting_refs(body).map_err(LedgerFinding::MalformedPostings)?;
        self.apply_postings(&postings)
    }

    /// Applies postings checked by `check_posting` or
    /// `check_posting_but_account`: an account never seen before is checked
    /// first, and a malformed one is a `MalformedPostings` finding with the
    /// reason `check_posting` gives. On a finding the ledger is left as it
    /// was. An entry has at most `POSTINGS_PER_ENTRY_MAX` postings, so the
    /// quadratic scans are short.
    pub fn apply_postings(&mut self, postings: &[PostingRef<'_>]) -> Result<(), LedgerFinding> {
        if postings.is_empty() {
            return Ok(());
        }
        // Readers check the count too; the look-ups below hold at most `POSTINGS_PER_ENTRY_MAX`.
        check_posting_count(postings.len()).map_err(LedgerFinding::MalformedPostings)?;
        if let [from, to] = postings
            && from.currency == to.currency
            && from.account != to.account
            && from.minor + to.minor == 0
        {
            // Nearly every entry: one amount between two accounts. The same
            // checks as below, without comparing every posting with every other.
            let found = [self.find(from)?, self.find(to)?];
            self.check_decimals(postings, &found)?;
            for ((class, slot), posting) in found.iter().zip(postings) {
                let balance = slot.map_or(0, |slot| self.balances[slot]) + posting.minor;
                self.check_crossing(posting, *class, balance)?;
            }
            for ((class, slot), posting) in found.iter().zip(postings) {
                match slot {
                    Some(slot) => self.balances[*slot] += posting.minor,
                    None => self.open(posting, *class),
                }
            }
            return Ok(());
        }
        // Each posting's class and slot, looked up once.
        let mut found: [Found; POSTINGS_PER_ENTRY_MAX] =
            [(AccountClass::Unbounded, None); POSTINGS_PER_ENTRY_MAX];
        for (found, posting) in found.iter_mut().zip(postings) {
            *found = self.find(posting)?;
        }
        self.check_decimals(postings, &found)?;
        for (index, posting) in postings.iter().enumerate() {
            let earlier = postings[..index].iter().any(|p| p.currency == posting.currency);
            let sum: i128 =
                postings[index..].iter().filter(|p| p.currency == posting.currency).map(|p| p.minor).sum();
            if !earlier && sum != 0 {
                return Err(LedgerFinding::Unbalanced {
                    currency: posting.currency.to_string(),
                    by: format_minor(sum.abs(), posting.digits),
                });
            }
        }
        for (index, posting) in postings.iter().enumerate() {
            let same = |p: &PostingRef<'_>| p.account == posting.account && p.currency == posting.currency;
            if postings[..index].iter().any(same) {
                continue;
            }
            let moved: i128 = postings[index..].iter().filter(|p| same(p)).map(|p| p.minor).sum();
            let (class, slot) = found[index];
            self.check_crossing(posting, class, slot.map_or(0, |slot| self.balances[slot]) + moved)?;
        }
        for ((class, slot), posting) in found.iter().zip(postings) {
            // A pair opened by an earlier posting of this entry has a slot by now.
            match slot.or_else(|| self.slot(posting.account, posting.currency)) {
                Some(slot) => self.balances[slot] += posting.minor,
                None => self.open(posting, *class),
            }
        }
        Ok(())
    }

    /// The class and slot of `posting`'s account; an account never seen
    /// before is checked here (see `check_posting_but_account`).
    fn find(&self, posting: &PostingRef<'_>) -> Result<Found, LedgerFinding> {
        match self.accounts.get(posting.account) {
            Some(account) => Ok((account.class, account.slot(posting.currency))),
            None => Ok((account_class(posting.account).map_err(LedgerFinding::MalformedPostings)?, None)),
        }
    }

    /// Whether `balance`, the balance `posting`'s account would have, crosses zero.
    fn check_crossing(
        &self,
        posting: &PostingRef<'_>,
        class: AccountClass,
        balance: i128,
    ) -> Result<(), LedgerFinding> {
        let crosses = match class {
            AccountClass::Holding => balance < 0,
            AccountClass::Envelope => balance > 0,
            AccountClass::Unbounded => false,
        };
        if crosses {
            return Err(LedgerFinding::Overdrawn {
                account: posting.account.to_string(),
                currency: posting.currency.to_string(),
                balance: format_minor(balance, posting.digits),
            });
        }
        Ok(())
    }

    /// Every posting of a currency uses the same number of decimals, here and before.
    /// `found` holds the postings' classes and slots (see `find`).
    fn check_decimals(&self, postings: &[PostingRef<'_>], found: &[Found]) -> Result<(), LedgerFinding> {
        for ((index, posting), (_, slot)) in postings.iter().enumerate().zip(found) {
            let known = match slot {
                Some(slot) => Some(self.slot_digits[*slot]),
                None => self.decimals.get(posting.currency).copied(),
            };
            let expected = match known {
                Some(digits) => digits,
                None => postings[..index]
                    .iter()
                    .find(|p| p.currency == posting.currency)
                    .map_or(posting.digits, |p| p.digits),
            };
            if expected != posting.digits {
                return Err(LedgerFinding::InconsistentDecimals {
                    currency: posting.currency.to_string(),
                    expected,
                    found: posting.digits,
                });
            }
        }
        Ok(())
    }

    /// Where the balance of `account` in `currency` is kept, if it was ever posted to.
    fn slot(&self, account: &str, currency: &str) -> Option<usize> {
        self.accounts.get(account)?.slot(currency)
    }

    /// Opens the balance of a pair never posted to with its first posting;
    /// `class` is that of its account.
    fn open(&mut self, posting: &PostingRef<'_>, class: AccountClass) {
        if !self.decimals.contains_key(posting.currency) {
            self.decimals.insert(posting.currency.into(), posting.digits);
        }
        let account = match self.accounts.get_mut(posting.account) {
            Some(account) => account,
            None => {
                self.accounts.entry(posting.account.into()).or_insert(Account { class, held: Vec::new() })
            }
        };
        account.held.push((posting.currency.into(), self.balances.len()));
        self.balances.push(posting.minor);
        self.slot_digits.push(posting.digits);
    }

    /// Balance of one account in one currency in minor units (0 if never posted to).
    pub fn balance(&self, account: &str, currency: &str) -> i128 {
        self.slot(account, currency).map_or(0, |slot| self.balances[slot])
    }

    /// Number of decimals a currency is written with, if it was seen.
    pub fn digits_of(&self, currency: &str) -> Option<u32> {
        self.decimals.get(currency).copied()
    }

    /// Balance of one account in one currency as a decimal string.
    pub fn balance_text(&self, account: &str, currency: &str) -> Option<String> {
        let slot = self.slot(account, currency)?;
        Some(format_minor(self.balances[slot], self.digits_of(currency).unwrap_or(0)))
    }

    /// Every (account, currency, balance in minor units), sorted by account then currency.
    pub fn balances(&self) -> Vec<(&str, &str, i128)> {
        let mut out: Vec<(&str, &str, i128)> = self
            .accounts
            .iter()
            .flat_map(|(name, account)| {
                account.held.iter().map(move |(c, slot)| (&**name, &**c, self.balances[*slot]))
            })
            .collect();
        out.sort_unstable();
        out
    }

    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(postings: Value) -> Map<String, Value> {
        json!({ "postings": postings }).as_object().unwrap().clone()
    }

    fn posting(account: &str, currency: &str, amount: &str) -> Value {
        json!({"account": account, "currency": currency, "amount": amount})
    }

    /// The rule `parse_amount` implements, in separate passes.
    fn parse_amount_plainly(text: &str) -> Result<(i128, u32), String> {
        let bad = || format!("amount {text:?} is not a decimal string");
        let (negative, digits) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            _ => (false, text),
        };
        let (whole, fraction) = match digits.bytes().position(|b| b == b'.') {
            Some(dot) => (&digits[..dot], Some(&digits[dot + 1..])),
            None => (digits, None),
        };
        let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        let whole_ok = !whole.is_empty()
            && whole.len() <= INTEGER_DIGITS_MAX
            && all_digits(whole)
            && (whole == "0" || !whole.starts_with('0'));
        let fraction = fraction.unwrap_or_default();
        let fraction_ok = all_digits(fraction)
            && fraction.len() <= CURRENCY_DIGITS_MAX as usize
            && (digits.len() == whole.len() || !fraction.is_empty());
        if !whole_ok || !fraction_ok {
            return Err(bad());
        }
        // At most 15 + 8 digits: no overflow in i128.
        let magnitude =
            whole.bytes().chain(fraction.bytes()).fold(0i128, |sum, b| sum * 10 + i128::from(b - b'0'));
        if magnitude == 0 {
            return Err(format!("amount {text:?} is zero"));
        }
        let sign = if negative { -1 } else { 1 };
        Ok((sign * magnitude, fraction.len() as u32))
    }

    proptest::proptest! {
        #[test]
        fn amounts_parse_as_the_plain_rule(
            text in proptest::prop_oneof!["-?(0|[1-9][0-9]{0,16})(\\.[0-9]{0,10})?", "-?[0-9.]{0,26}|[0-9.+e -]{0,6}"]
        ) {
            proptest::prop_assert_eq!(parse_amount(&text), parse_amount_plainly(&text));
        }
    }

    /// The ledger rules, plainly: every currency sums to zero, and no
    /// holding or envelope account crosses zero once the entry is applied.
    fn apply_plainly(
        balances: &mut std::collections::BTreeMap<(String, String), i128>,
        postings: &[Posting],
    ) -> Result<(), ()> {
        let mut after = balances.clone();
        let mut sums = std::collections::BTreeMap::new();
        for p in postings {
            *sums.entry(&p.currency).or_insert(0) += p.minor;
            *after.entry((p.account.clone(), p.currency.clone())).or_insert(0) += p.minor;
        }
        if sums.values().any(|sum| *sum != 0) {
            return Err(());
        }
        for p in postings {
            let balance = after[&(p.account.clone(), p.currency.clone())];
            match account_class(&p.account).unwrap() {
                AccountClass::Holding if balance < 0 => return Err(()),
                AccountClass::Envelope if balance > 0 => return Err(()),
                _ => {}
            }
        }
        *balances = after;
        Ok(())
    }

    proptest::proptest! {
        #[test]
        fn the_ledger_applies_the_rules_plainly(
            entries in proptest::collection::vec(
                proptest::collection::vec((0usize..4, 0usize..2, -3i128..=3), 2..4), 1..40)
        ) {
            let accounts = ["assets:bank:a", "equity:funds:general", "expenses:fees", "liabilities:payable:maz"];
            let (mut ledger, mut plain) = (Ledger::default(), std::collections::BTreeMap::new());
            for entry in entries {
                let postings: Vec<Posting> = entry
                    .iter()
                    .filter(|(_, _, minor)| *minor != 0)
                    .map(|(account, currency, minor)| Posting {
                        account: accounts[*account].into(),
                        currency: ["EUR", "USD"][*currency].into(),
                        minor: *minor,
                        digits: 2,
                    })
                    .collect();
                let refs: Vec<PostingRef<'_>> = postings
                    .iter()
                    .map(|p| check_posting(&p.account, &p.currency, &format_minor(p.minor, 2)).unwrap())
                    .collect();
                let result = ledger.apply_postings(&refs);
                proptest::prop_assert_eq!(result.is_ok(), apply_plainly(&mut plain, &postings).is_ok());
                for ((account, currency), balance) in &plain {
                    proptest::prop_assert_eq!(ledger.balance(account, currency), *balance);
                }
            }
        }
    }

    #[test]
    fn amounts_parse_exactly() {
        assert_eq!(parse_amount("1500.00"), Ok((150000, 2)));
        assert_eq!(parse_amount("-0.01"), Ok((-1, 2)));
        assert_eq!(parse_amount("7"), Ok((7, 0)));
        for bad in ["", "-", "1.", ".5", "01.00", "1e3", "+1.00", "1,00", "0.00", " 1.00"] {
            assert!(parse_amount(bad).is_err(), "{bad:?} should be refused");
        }
        assert_eq!(format_minor(-150000, 2), "-1500.00");
        assert_eq!(format_minor(5, 2), "0.05");
    }

    #[test]
    fn balanced_postings_move_balances() {
        let mut ledger = Ledger::default();
        ledger
            .apply(&body(json!([
                posting("assets:bank:lt-main", "EUR", "100.00"),
                posting("equity:funds:general", "EUR", "-100.00"),
            ])))
            .unwrap();
        assert_eq!(ledger.balance_text("assets:bank:lt-main", "EUR").unwrap(), "100.00");
        assert_eq!(ledger.balance_text("equity:funds:general", "EUR").unwrap(), "-100.00");
    }

    #[test]
    fn unbalanced_postings_are_a_finding() {
        let mut ledger = Ledger::default();
        let finding = ledger
            .apply(&body(json!([
                posting("assets:bank:lt-main", "EUR", "110.00"),
                posting("equity:funds:general", "EUR", "-100.00"),
            ])))
            .unwrap_err();
        assert_eq!(finding.to_string(), "unbalanced EUR by 10.00");
        assert!(ledger.is_empty());
    }

    #[test]
    fn envelope_crossing_zero_is_a_finding() {
        let mut ledger = Ledger::default();
        let finding = ledger
            .apply(&body(json!([
                posting("equity:funds:committee:maz", "EUR", "100.00"),
                posting("liabilities:payable:maz", "EUR", "-100.00"),
            ])))
            .unwrap_err();
        assert!(finding.to_string().starts_with("overdrawn equity:funds:committee:maz"));
    }

    /// The rule `account_shape` implements, one byte at a time.
    fn account_shape_plainly(account: &str) -> (usize, bool) {
        let segments: Vec<&str> = account.split(':').collect();
        let well_formed = segments.iter().all(|segment| {
            segment.bytes().next().is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                && segment.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        });
        (segments.len() - 1, well_formed)
    }

    #[test]
    fn account_shape_sees_segments_across_words() {
        for account in ["abcdefg:-x", "abcdefg::x", "abcdefghijklmno:-", "abcdefg:x"] {
            assert_eq!(account_shape(account.as_bytes()), account_shape_plainly(account), "{account}");
        }
    }

    proptest::proptest! {
        #[test]
        fn account_shape_is_the_plain_rule(
            account in proptest::prop_oneof!["[az09:\\-]{0,40}", "[az09:\\-A_\u{e9}\u{ff}]{0,40}"]
        ) {
            proptest::prop_assert_eq!(account_shape(account.as_bytes()), account_shape_plainly(&account));
        }
    }

    #[test]
    fn accounts_are_checked() {
        assert_eq!(account_class("assets:bank:lt-main"), Ok(AccountClass::Holding));
        assert_eq!(account_class("equity:funds:general"), Ok(AccountClass::Envelope));
        assert_eq!(account_class("equity:conversion"), Ok(AccountClass::Unbounded));
        assert!(account_class("assets").is_err());
        assert!(account_class("Assets:bank").is_err());
        assert!(account_class("assets::x").is_err());
        assert!(account_class("wages:x").is_err());
    }
}

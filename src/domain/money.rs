//! Money: an exact decimal amount in a currency that says how many decimals
//! it may have. Amounts with more decimals than their currency allows are
//! refused, never rounded.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

/// Largest amount of one posting, in whole units of any currency. Keeps every
/// sum of minor units far inside i64, even for currencies with 8 decimals.
pub const AMOUNT_UNITS_MAX: i64 = 1_000_000_000;

/// A currency the fund can hold, with its number of minor-unit digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency {
    code: &'static str,
    digits: u32,
}

/// Every currency the fund accepts: ISO 4217 codes with their minor units,
/// and the crypto assets solidarity funds received.
pub const CURRENCIES: &[Currency] = &[
    Currency { code: "EUR", digits: 2 },
    Currency { code: "USD", digits: 2 },
    Currency { code: "BYN", digits: 2 },
    Currency { code: "PLN", digits: 2 },
    Currency { code: "GBP", digits: 2 },
    Currency { code: "UAH", digits: 2 },
    Currency { code: "CHF", digits: 2 },
    Currency { code: "CZK", digits: 2 },
    Currency { code: "SEK", digits: 2 },
    Currency { code: "NOK", digits: 2 },
    Currency { code: "RUB", digits: 2 },
    Currency { code: "BTC", digits: 8 },
    Currency { code: "USDT", digits: 6 },
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("unknown currency {0:?}")]
    CurrencyUnknown(String),
    #[error("amount {0:?} is not a decimal number like 1500.00")]
    AmountMalformed(String),
    #[error("amount {amount} has more than {digits} decimals, which {currency} allows")]
    AmountTooManyDecimals { amount: String, currency: &'static str, digits: u32 },
    #[error("amount must be positive")]
    AmountMustBePositive,
    #[error("amount must not exceed {AMOUNT_UNITS_MAX} {0}")]
    AmountTooLarge(&'static str),
    #[error("amounts in {0} and {1} cannot be combined")]
    CurrencyMismatch(&'static str, &'static str),
    #[error("arithmetic overflow in {0}")]
    Overflow(&'static str),
}

impl Currency {
    pub fn parse(code: &str) -> Result<Currency, MoneyError> {
        CURRENCIES
            .iter()
            .find(|c| c.code == code)
            .copied()
            .ok_or_else(|| MoneyError::CurrencyUnknown(code.chars().take(16).collect()))
    }

    pub fn code(self) -> &'static str {
        self.code
    }

    /// Digits after the decimal point (2 for EUR, 8 for BTC).
    pub fn digits(self) -> u32 {
        self.digits
    }

    fn scale(self) -> i64 {
        10i64.pow(self.digits)
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

impl FromStr for Currency {
    type Err = MoneyError;
    fn from_str(code: &str) -> Result<Currency, MoneyError> {
        Currency::parse(code)
    }
}

/// An exact amount of one currency. The amount is always written with
/// exactly the currency's digits; it may be negative (a credit posting).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

impl Money {
    /// Parses a user-written amount such as `1500`, `1500.5` or `1500.00`.
    /// Refuses signs, exponents, separators and excess decimals.
    pub fn parse(text: &str, currency: Currency) -> Result<Money, MoneyError> {
        let malformed = || MoneyError::AmountMalformed(text.chars().take(32).collect());
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let shape_ok = !whole.is_empty()
            && whole.len() <= 15
            && whole.bytes().all(|b| b.is_ascii_digit())
            && fraction.bytes().all(|b| b.is_ascii_digit())
            && (text.contains('.') != fraction.is_empty());
        if !shape_ok {
            return Err(malformed());
        }
        let amount = Decimal::from_str_exact(text).map_err(|_| malformed())?;
        Money::from_decimal(amount, currency)
    }

    /// An exact decimal in `currency`; refuses more decimals than it allows,
    /// even trailing zeros (`10.500 EUR` is refused: it was written wrong).
    pub fn from_decimal(amount: Decimal, currency: Currency) -> Result<Money, MoneyError> {
        if amount.scale() > currency.digits {
            return Err(MoneyError::AmountTooManyDecimals {
                amount: amount.to_string(),
                currency: currency.code,
                digits: currency.digits,
            });
        }
        if amount.abs() > Decimal::from(AMOUNT_UNITS_MAX) {
            return Err(MoneyError::AmountTooLarge(currency.code));
        }
        let mut scaled = amount;
        scaled.rescale(currency.digits);
        let minor = i64::try_from(scaled.mantissa()).map_err(|_| MoneyError::Overflow("amount"))?;
        Ok(Money { minor, currency })
    }

    pub fn from_minor(minor: i64, currency: Currency) -> Money {
        Money { minor, currency }
    }

    pub fn zero(currency: Currency) -> Money {
        Money { minor: 0, currency }
    }

    pub fn minor(self) -> i64 {
        self.minor
    }

    pub fn currency(self) -> Currency {
        self.currency
    }

    pub fn amount(self) -> Decimal {
        Decimal::new(self.minor, self.currency.digits)
    }

    pub fn is_positive(self) -> bool {
        self.minor > 0
    }

    pub fn negated(self) -> Money {
        Money { minor: -self.minor, currency: self.currency }
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::CurrencyMismatch(self.currency.code, other.currency.code));
        }
        let minor = self.minor.checked_add(other.minor).ok_or(MoneyError::Overflow("sum"))?;
        Ok(Money { minor, currency: self.currency })
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::CurrencyMismatch(self.currency.code, other.currency.code));
        }
        let minor = self.minor.checked_sub(other.minor).ok_or(MoneyError::Overflow("difference"))?;
        Ok(Money { minor, currency: self.currency })
    }

    /// The amount as the journal writes it: exactly the currency's digits, no separators.
    pub fn amount_text(self) -> String {
        strikefund_audit::ledger::format_minor(i128::from(self.minor), self.currency.digits)
    }

    /// The amount for people: thousands separated by commas, e.g. `1,200.00`.
    pub fn grouped_text(self) -> String {
        let plain = strikefund_audit::ledger::format_minor(
            i128::from(self.minor.unsigned_abs()),
            self.currency.digits,
        );
        let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, ""));
        let mut grouped = String::new();
        for (index, digit) in whole.chars().enumerate() {
            if index > 0 && (whole.len() - index) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(digit);
        }
        let sign = if self.minor < 0 { "-" } else { "" };
        if fraction.is_empty() { format!("{sign}{grouped}") } else { format!("{sign}{grouped}.{fraction}") }
    }

    /// Parses an amount as written in the journal (sign allowed, exact digits).
    pub fn parse_journal(text: &str, currency: Currency) -> Result<Money, MoneyError> {
        let (minor, digits) = strikefund_audit::ledger::parse_amount(text)
            .map_err(|_| MoneyError::AmountMalformed(text.chars().take(32).collect()))?;
        if digits != currency.digits {
            return Err(MoneyError::AmountMalformed(text.chars().take(32).collect()));
        }
        let minor = i64::try_from(minor).map_err(|_| MoneyError::Overflow("amount"))?;
        Ok(Money { minor, currency })
    }

    /// Scale factor between whole units and minor units.
    pub fn units_scale(currency: Currency) -> i64 {
        currency.scale()
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount_text(), self.currency.code)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.grouped_text(), self.currency.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur() -> Currency {
        Currency::parse("EUR").unwrap()
    }

    #[test]
    fn amounts_parse_to_exact_minor_units() {
        assert_eq!(Money::parse("1500", eur()).unwrap().minor(), 150_000);
        assert_eq!(Money::parse("1500.5", eur()).unwrap().minor(), 150_050);
        assert_eq!(Money::parse("0.01", eur()).unwrap().amount_text(), "0.01");
        let btc = Currency::parse("BTC").unwrap();
        assert_eq!(Money::parse("0.00000001", btc).unwrap().minor(), 1);
    }

    #[test]
    fn too_many_decimals_are_refused_not_rounded() {
        let error = Money::parse("10.005", eur()).unwrap_err();
        assert_eq!(error.to_string(), "amount 10.005 has more than 2 decimals, which EUR allows");
        assert!(Money::parse("10.500", eur()).is_err());
        assert_eq!(Money::parse("10.5", eur()).unwrap().amount_text(), "10.50");
    }

    #[test]
    fn malformed_amounts_are_refused() {
        for bad in ["", "-5", "+5", "1e3", "1,000.00", "1_000", " 5", "5.", ".5", "NaN", "0x10"] {
            assert!(Money::parse(bad, eur()).is_err(), "{bad:?} must be refused");
        }
        assert!(matches!(Money::parse("1000000000.01", eur()), Err(MoneyError::AmountTooLarge("EUR"))));
    }

    #[test]
    fn unknown_currencies_are_refused() {
        assert!(matches!(Currency::parse("XXX"), Err(MoneyError::CurrencyUnknown(_))));
        assert!(Currency::parse("eur").is_err());
    }

    #[test]
    fn grouping_is_for_people_and_plain_text_for_the_journal() {
        let money = Money::parse("1200", eur()).unwrap();
        assert_eq!(money.to_string(), "1,200.00 EUR");
        assert_eq!(money.negated().amount_text(), "-1200.00");
        assert_eq!(Money::parse("999", eur()).unwrap().grouped_text(), "999.00");
        assert_eq!(Money::parse("1234567.5", eur()).unwrap().grouped_text(), "1,234,567.50");
    }

    #[test]
    fn different_currencies_do_not_add() {
        let usd = Currency::parse("USD").unwrap();
        let error = Money::parse("1", eur()).unwrap().checked_add(Money::parse("1", usd).unwrap());
        assert_eq!(error, Err(MoneyError::CurrencyMismatch("EUR", "USD")));
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    fn currency() -> impl Strategy<Value = Currency> {
        prop::sample::select(CURRENCIES.to_vec())
    }

    proptest! {
        #[test]
        fn journal_text_round_trips(minor in -(AMOUNT_UNITS_MAX * 100)..(AMOUNT_UNITS_MAX * 100), currency in currency()) {
            let money = Money::from_minor(minor, currency);
            prop_assert_eq!(Money::parse_journal(&money.amount_text(), currency).ok().filter(|_| minor != 0), (minor != 0).then_some(money));
        }

        #[test]
        fn user_text_round_trips_for_positive_amounts(minor in 1i64..(AMOUNT_UNITS_MAX * 100), currency in currency()) {
            let money = Money::from_minor(minor, currency);
            prop_assert_eq!(Money::parse(&money.amount_text(), currency), Ok(money));
        }

        #[test]
        fn an_extra_decimal_is_always_refused(minor in 0i64..1_000_000_000, digit in 0u32..10, currency in currency()) {
            let text = format!("{}{digit}", Money::from_minor(minor, currency).amount_text());
            let text = if currency.digits() == 0 { format!("{text}.{digit}") } else { text };
            prop_assert!(
                matches!(Money::parse(&text, currency), Err(MoneyError::AmountTooManyDecimals { .. })),
                "{} accepted", text
            );
        }

        #[test]
        fn parsing_never_panics(text in "\\PC{0,40}", currency in currency()) {
            let _ = Money::parse(&text, currency);
            let _ = Money::parse_journal(&text, currency);
        }

        /// Arithmetic is checked over the whole range: an exact result or
        /// an overflow error, never a panic or a wrapped value.
        #[test]
        fn arithmetic_is_exact_or_refused(a in any::<i64>(), b in any::<i64>(), currency in currency()) {
            let (x, y) = (Money::from_minor(a, currency), Money::from_minor(b, currency));
            prop_assert_eq!(x.checked_add(y).ok().map(Money::minor), a.checked_add(b));
            prop_assert_eq!(x.checked_sub(y).ok().map(Money::minor), a.checked_sub(b));
        }

        /// Parsing agrees with integer arithmetic on the written digits:
        /// accepted exactly when the decimals fit the currency, never rounded.
        #[test]
        fn parsing_is_exact_integer_arithmetic(
            whole in 0i64..2 * AMOUNT_UNITS_MAX,
            fraction in "[0-9]{0,10}",
            currency in currency(),
        ) {
            let text = if fraction.is_empty() { whole.to_string() } else { format!("{whole}.{fraction}") };
            let parsed = Money::parse(&text, currency);
            let digits = currency.digits() as usize;
            if fraction.len() > digits {
                prop_assert!(matches!(parsed, Err(MoneyError::AmountTooManyDecimals { .. })), "{} accepted", text);
            } else if whole > AMOUNT_UNITS_MAX || (whole == AMOUNT_UNITS_MAX && fraction.bytes().any(|b| b != b'0')) {
                prop_assert!(parsed.is_err(), "{} accepted", text);
            } else {
                let padded = format!("{fraction:0<digits$}");
                let fraction_minor: i64 = if padded.is_empty() { 0 } else { padded.parse().unwrap() };
                let expected = whole * currency.scale() + fraction_minor;
                prop_assert_eq!(parsed.map(Money::minor), Ok(expected), "{}", text);
            }
        }

        #[test]
        fn grouped_text_is_the_amount_with_separators(minor in any::<i64>(), currency in currency()) {
            let money = Money::from_minor(minor, currency);
            prop_assert_eq!(money.grouped_text().replace(',', ""), money.amount_text());
        }

        #[test]
        fn addition_is_exact_and_reversible(a in -1_000_000_000_000i64..1_000_000_000_000, b in -1_000_000_000_000i64..1_000_000_000_000, currency in currency()) {
            let (x, y) = (Money::from_minor(a, currency), Money::from_minor(b, currency));
            let sum = x.checked_add(y).unwrap();
            prop_assert_eq!(sum.minor(), a + b);
            prop_assert_eq!(sum.checked_sub(y).unwrap(), x);
        }
    }
}

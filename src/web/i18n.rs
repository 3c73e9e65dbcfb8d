//! The language switch, and the journal's refusals in the viewer's language.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;
use strikefund_templates::app::state_label;
use strikefund_templates::i18n::{Lang, Msg, Tr};

use super::AppState;
use super::session::{LANG_COOKIE, local_path, set_cookie};
use strikefund_templates::app::FieldErrors;

use crate::domain::money::MoneyError;
use crate::domain::worker::PersonError;
use crate::domain::{Currency, Money};
use crate::intake::DonationProblem;
use crate::journal::CommandError;

/// How long the language choice is remembered, in seconds (one year).
pub const LANG_COOKIE_MAX_AGE_S: i64 = 365 * 24 * 60 * 60;

pub fn router() -> Router<AppState> {
    Router::new().route("/lang/{code}", get(switch))
}

#[derive(Deserialize)]
struct Next {
    #[serde(default)]
    next: String,
}

/// Remembers the chosen language and goes back to the page it was chosen on.
async fn switch(State(state): State<AppState>, Path(code): Path<String>, Query(q): Query<Next>) -> Response {
    let lang = Lang::parse(&code).unwrap_or_default();
    let mut response = Redirect::to(&local_path(&q.next)).into_response();
    let cookie = set_cookie(&state, LANG_COOKIE, lang.code(), Some(LANG_COOKIE_MAX_AGE_S));
    response.headers_mut().append(header::SET_COOKIE, cookie);
    response
}

/// A refusal of the journal as a sentence for the viewer, and the form
/// field it is about (None: about the form as a whole).
pub fn command_error(t: Tr, error: &CommandError) -> (&'static str, String) {
    use CommandError as E;
    let text = match error {
        E::EnvelopeWouldGoBelowZero { available, needed, .. } => {
            t.fmt(Msg::EnvelopeShort, &[&available.to_string(), &needed.to_string()])
        }
        E::PayoutExceedsReserve { remaining, requested } => {
            return (
                "amount",
                t.fmt(Msg::PayoutExceedsReserve, &[&requested.to_string(), &remaining.to_string()]),
            );
        }
        E::ClaimInWrongState { found } => t.fmt(Msg::ClaimWrongState, &[t.t(state_label(found.as_str()))]),
        E::AlreadyMember => t.t(Msg::AlreadyMember).to_string(),
        E::AlreadyProposed => t.t(Msg::AlreadyProposed).to_string(),
        E::ProposalAlreadyApproved => t.t(Msg::ProposalAlreadyApproved).to_string(),
        E::ProposalNotOpen => t.t(Msg::ProposalNotOpen).to_string(),
        E::NotAMember => t.t(Msg::NotAMember).to_string(),
        E::WorkerUnknown(_) => return ("worker", t.t(Msg::WorkerUnknown).to_string()),
        E::WorkerErased(_) => return ("worker", t.t(Msg::WorkerErased).to_string()),
        E::WorkerAlreadyErased(_) => return ("worker", t.t(Msg::AlreadyErased).to_string()),
        E::WorkerGivenTwice => return ("worker", t.t(Msg::WorkerOrNewWorker).to_string()),
        E::Person(error) => return (error.field(), person_error(t, error)),
        E::DataKeyMissing => t.t(Msg::DataKeyMissing).to_string(),
        E::CommitteeExists(_) => return ("slug", t.t(Msg::CommitteeExists).to_string()),
        E::ThresholdOutOfRange => return ("threshold", t.t(Msg::ThresholdInvalid).to_string()),
        E::TextRequired(field) => return (field, t.t(Msg::FieldRequired).to_string()),
        E::TextTooLong { field, max } => return (field, t.fmt(Msg::FieldTooLong, &[&max.to_string()])),
        E::TextHasControlCharacters(field) => return (field, t.t(Msg::FieldControlChars).to_string()),
        E::Money(error) => return ("amount", money_error(t, error)),
        E::CurrencyNotHeld { account, currency } => {
            return ("account", t.fmt(Msg::CurrencyNotHeld, &[account, currency.code()]));
        }
        E::AccountNotOpen(_) => return ("account", t.t(Msg::AccountNotOpen).to_string()),
        E::EntryUnknown(_) => return ("seq", t.t(Msg::EntryUnknown).to_string()),
        E::NotReversible(_) => return ("seq", t.t(Msg::NotReversible).to_string()),
        E::AlreadyReversed(_) => return ("seq", t.t(Msg::AlreadyReversed).to_string()),
        E::ExchangeSameCurrency => return ("to_currency", t.t(Msg::ExchangeSameCurrency).to_string()),
        E::ExistsWithDifferentBody => {
            return (
                "reference",
                t.t(problem_message(DonationProblem::ReferenceMustNotBeReusedWithOtherDetails)).to_string(),
            );
        }
        E::ReadOnly(_) | E::Unavailable => t.t(Msg::ReadOnly).to_string(),
        other => t.fmt(Msg::CommandFailed, &[&other.to_string()]),
    };
    ("form", text)
}

/// A worker's detail that could not be used, as a sentence for the viewer.
pub fn person_error(t: Tr, error: &PersonError) -> String {
    match error {
        PersonError::Required(_) => t.t(Msg::FieldRequired).to_string(),
        PersonError::TooLong { max, .. } => t.fmt(Msg::FieldTooLong, &[&max.to_string()]),
        PersonError::ControlCharacters(_) => t.t(Msg::FieldControlChars).to_string(),
        PersonError::DocumentInvalid => t.t(Msg::DocumentInvalid).to_string(),
    }
}

/// Why a donation cannot be recorded, in the viewer's words. In English the
/// message is the problem's `reason`, as the CLI prints it.
pub fn problem_message(problem: DonationProblem) -> Msg {
    use DonationProblem as P;
    match problem {
        P::ColumnsMustMatchHeader => Msg::ProblemColumns,
        P::FieldMustBeText(_) => Msg::ProblemNotText,
        P::FieldMustBeKnown => Msg::ProblemUnknownField,
        P::DateRequired => Msg::ProblemDateMissing,
        P::DateMustBeValid => Msg::ProblemDateInvalid,
        P::DateMustNotBeInFuture => Msg::ProblemDateFuture,
        P::AmountRequired => Msg::ProblemAmountMissing,
        P::AmountMustBeDecimal => Msg::ProblemAmountMalformed,
        P::AmountMustNotBeNegative => Msg::ProblemAmountNegative,
        P::AmountMustNotBeZero => Msg::ProblemAmountZero,
        P::AmountDecimalsMustFitCurrency => Msg::ProblemAmountDecimals,
        P::AmountMustNotExceedMax => Msg::ProblemAmountTooLarge,
        P::CurrencyMustBeKnown => Msg::ProblemCurrencyUnknown,
        P::AccountMustBeOpen => Msg::ProblemAccountUnknown,
        P::AccountMustHoldCurrency => Msg::ProblemCurrencyNotHeld,
        P::ReferenceRequired => Msg::ProblemReferenceMissing,
        P::ReferenceMustBeShortText => Msg::ProblemReferenceInvalid,
        P::EarmarkMustBeCommittee => Msg::ProblemCommitteeUnknown,
        P::DonorMustBeShortText => Msg::ProblemDonorInvalid,
        P::ReferenceMustNotBeReusedWithOtherDetails => Msg::ProblemReferenceReused,
    }
}

/// One problem as `field: reason`, as the CLI lists a bad line's problems.
pub fn problem_line(t: Tr, problem: DonationProblem) -> String {
    format!("{}: {}", problem.field(), t.t(problem_message(problem)))
}

/// An amount that could not be read, as a sentence for the viewer.
pub fn money_error(t: Tr, error: &MoneyError) -> String {
    match error {
        MoneyError::AmountTooManyDecimals { digits, .. } => t.fmt(Msg::AmountInvalid, &[&digits.to_string()]),
        MoneyError::AmountMustBePositive => t.t(Msg::AmountMustBePositive).to_string(),
        MoneyError::AmountTooLarge(_) => t.t(Msg::AmountTooLarge).to_string(),
        MoneyError::CurrencyUnknown(_) => t.t(Msg::ChoiceInvalid).to_string(),
        _ => t.fmt(Msg::AmountInvalid, &["2"]),
    }
}

/// Parses a positive amount typed into field `field`; on error, says so next to it.
pub fn parse_amount(
    t: Tr,
    text: &str,
    currency: Currency,
    field: &'static str,
    errors: &mut FieldErrors,
) -> Option<Money> {
    match Money::parse(text.trim(), currency) {
        Ok(money) if money.is_positive() => Some(money),
        Ok(_) => {
            errors.add(field, t.t(Msg::AmountMustBePositive));
            None
        }
        Err(error) => {
            errors.add(field, money_error(t, &error));
            None
        }
    }
}

/// Parses an amount and the currency chosen beside it (fields `amount_field`, `currency_field`).
pub fn parse_money(
    t: Tr,
    (amount, amount_field): (&str, &'static str),
    (currency, currency_field): (&str, &'static str),
    errors: &mut FieldErrors,
) -> Option<Money> {
    match Currency::parse(currency) {
        Ok(currency) => parse_amount(t, amount, currency, amount_field, errors),
        Err(_) => {
            errors.add(currency_field, t.t(Msg::ChoiceInvalid));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every problem, so that a new one cannot be left untranslated.
    const PROBLEMS: &[DonationProblem] = &[
        DonationProblem::ColumnsMustMatchHeader,
        DonationProblem::FieldMustBeText("amount"),
        DonationProblem::FieldMustBeKnown,
        DonationProblem::DateRequired,
        DonationProblem::DateMustBeValid,
        DonationProblem::DateMustNotBeInFuture,
        DonationProblem::AmountRequired,
        DonationProblem::AmountMustBeDecimal,
        DonationProblem::AmountMustNotBeNegative,
        DonationProblem::AmountMustNotBeZero,
        DonationProblem::AmountDecimalsMustFitCurrency,
        DonationProblem::AmountMustNotExceedMax,
        DonationProblem::CurrencyMustBeKnown,
        DonationProblem::AccountMustBeOpen,
        DonationProblem::AccountMustHoldCurrency,
        DonationProblem::ReferenceRequired,
        DonationProblem::ReferenceMustBeShortText,
        DonationProblem::EarmarkMustBeCommittee,
        DonationProblem::DonorMustBeShortText,
        DonationProblem::ReferenceMustNotBeReusedWithOtherDetails,
    ];

    #[test]
    fn donation_problems_read_in_english_exactly_as_the_cli_prints_them() {
        for problem in PROBLEMS {
            assert_eq!(Tr(Lang::En).t(problem_message(*problem)), problem.reason(), "{problem:?}");
            let line = problem_line(Tr(Lang::En), *problem);
            assert!(problem.to_string().starts_with(&line), "{line} vs {problem}");
        }
    }

    #[test]
    fn donation_problems_are_translated() {
        for problem in PROBLEMS {
            for lang in [Lang::Be, Lang::Ru] {
                assert_ne!(Tr(lang).t(problem_message(*problem)), problem.reason(), "{problem:?} in {lang}");
            }
        }
    }
}

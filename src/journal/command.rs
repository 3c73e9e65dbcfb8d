//! What can be asked of the journal, what it answers, and why it refuses.

use std::sync::Arc;

use strikefund_audit::Hash;
use strikefund_audit::note::Signer;
use time::Date;

use crate::domain::account::AccountError;
use crate::domain::claim::{Category, ClaimState, DenialReason, PayoutMethod};
use crate::domain::money::MoneyError;
use crate::domain::transaction::TransactionError;
use crate::domain::worker::{ErasureReason, Person, PersonError};
use crate::domain::{AccountPath, Currency, Money, Slug};

/// Longest free text (notes, reasons, references), in characters.
pub const TEXT_CHARS_MAX: usize = 2_000;

/// Longest display name (committee name, public donor name), in characters.
pub const NAME_CHARS_MAX: usize = 120;

/// Largest approval threshold a committee may set.
pub const THRESHOLD_MAX: u32 = 9;

/// Who asks: a user id (`u-…`), or `system` for the CLI and the server itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor(String);

impl Actor {
    pub fn system() -> Actor {
        Actor("system".into())
    }

    pub fn user(id: &str) -> Actor {
        Actor(id.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_system(&self) -> bool {
        self.0 == "system"
    }
}

#[derive(Debug, Clone)]
pub struct DonationInput {
    pub money: Money,
    pub received_on: Date,
    pub account: AccountPath,
    pub earmark: Option<Slug>,
    /// The bank or processor reference: private, sealed, used to spot re-imports.
    pub reference: String,
    /// A public display name, only when the donor asked to be named.
    pub donor: Option<String>,
    pub idempotency_key: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ClaimInput {
    pub committee: Slug,
    /// An existing worker's pseudonym, or None for a new worker.
    pub worker: Option<String>,
    pub category: Category,
    pub money: Money,
    /// Private notes and evidence: sealed, never in the journal in clear.
    pub notes: String,
}

#[derive(Debug, Clone)]
pub struct PayoutInput {
    pub claim: String,
    pub money: Money,
    pub account: AccountPath,
    pub method: PayoutMethod,
    pub paid_on: Date,
    /// Private payment reference: sealed.
    pub reference: String,
}

#[derive(Debug, Clone)]
pub struct ExchangeInput {
    pub from_account: AccountPath,
    pub from: Money,
    pub to_account: AccountPath,
    pub to: Money,
    /// The envelope whose money is exchanged; the general fund when None.
    pub committee: Option<Slug>,
}

#[derive(Clone)]
pub enum Command {
    OpenAccount {
        account: AccountPath,
        currencies: Vec<Currency>,
    },
    CreateCommittee {
        slug: Slug,
        name: String,
        public: bool,
        threshold: u32,
    },
    AddMember {
        committee: Slug,
        user_id: String,
    },
    RemoveMember {
        committee: Slug,
        user_id: String,
    },
    /// An existing member approves the proposal to add a member.
    ApproveMember {
        proposal: String,
    },
    RecordDonation(DonationInput),
    Allocate {
        committee: Slug,
        money: Money,
    },
    SubmitClaim(ClaimInput),
    /// A claim for a worker not seen before, with their private details:
    /// sealed with the claim, and their identity digest kept to spot the
    /// same person claimed through another committee.
    SubmitNewWorkerClaim {
        claim: ClaimInput,
        person: Person,
    },
    ApproveClaim {
        claim: String,
    },
    /// An approval of a claim for a person who already has a dismissal
    /// grant: the approver's reason is sealed with the approval entry.
    ApproveClaimOverride {
        claim: String,
        reason: String,
    },
    RejectClaim {
        claim: String,
        reason: String,
    },
    CancelClaim {
        claim: String,
        reason: String,
    },
    RecordPayout(PayoutInput),
    Exchange(ExchangeInput),
    Fee {
        account: AccountPath,
        money: Money,
    },
    Reverse {
        seq: u64,
        reason: String,
    },
    Checkpoint {
        signer: Arc<Signer>,
    },
    /// Records that the projections were rebuilt from entries 1 to `through`.
    RecordRepair {
        through: u64,
    },
    /// Deletes a worker's private data and identity digest (crypto-shredding)
    /// and journals that it happened; every hash stays valid.
    EraseWorker {
        worker: String,
        reason: ErasureReason,
    },
}

impl Command {
    /// A short name for logs; never carries the command's data.
    pub fn name(&self) -> &'static str {
        match self {
            Command::OpenAccount { .. } => "open_account",
            Command::CreateCommittee { .. } => "create_committee",
            Command::AddMember { .. } => "add_member",
            Command::RemoveMember { .. } => "remove_member",
            Command::ApproveMember { .. } => "approve_member",
            Command::RecordDonation(_) => "record_donation",
            Command::Allocate { .. } => "allocate",
            Command::SubmitClaim(_) => "submit_claim",
            Command::SubmitNewWorkerClaim { .. } => "submit_new_worker_claim",
            Command::ApproveClaim { .. } => "approve_claim",
            Command::ApproveClaimOverride { .. } => "approve_claim_override",
            Command::RejectClaim { .. } => "reject_claim",
            Command::CancelClaim { .. } => "cancel_claim",
            Command::RecordPayout(_) => "record_payout",
            Command::Exchange(_) => "exchange",
            Command::Fee { .. } => "fee",
            Command::Reverse { .. } => "reverse",
            Command::Checkpoint { .. } => "checkpoint",
            Command::RecordRepair { .. } => "record_repair",
            Command::EraseWorker { .. } => "erase_worker",
        }
    }
}

/// A journal entry that was appended (or found, for an idempotent replay).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryRef {
    pub seq: u64,
    pub hash: Hash,
}

/// What a command produced beyond its entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    None,
    Donation {
        receipt: String,
    },
    Committee {
        key: String,
    },
    Claim {
        id: String,
        worker: String,
    },
    Approval {
        approvals: u32,
        threshold: u32,
        reserved: bool,
    },
    /// The committee is full: adding the member waits for `threshold` approvals.
    MemberProposed {
        proposal: String,
        threshold: u32,
    },
    /// A member approved a proposal; `added` when it reached the threshold.
    MemberApproval {
        approvals: u32,
        threshold: u32,
        added: bool,
    },
    /// The attempt was refused and the refusal journaled.
    Denied(DenialReason),
    Checkpoint {
        size: u64,
        note: String,
    },
}

/// The answer to a command that was carried out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appended {
    pub entries: Vec<EntryRef>,
    /// True when the same request had already been recorded and nothing new was written.
    pub replayed: bool,
    pub detail: Detail,
}

impl Appended {
    /// The last entry written (or found).
    pub fn last(&self) -> Option<EntryRef> {
        self.entries.last().copied()
    }
}

/// Why a command was refused. Nothing was written, except for
/// `Detail::Denied` outcomes, which are not errors.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Money(#[from] MoneyError),
    #[error(transparent)]
    Account(#[from] AccountError),
    #[error(transparent)]
    Transaction(#[from] TransactionError),
    #[error("account {0} is not open")]
    AccountNotOpen(String),
    #[error("account {account} does not hold {currency}")]
    CurrencyNotHeld { account: String, currency: Currency },
    #[error("account {account} is already open for {currency}")]
    AccountAlreadyOpen { account: String, currency: Currency },
    #[error("{account}: available {available}, needed {needed}")]
    EnvelopeWouldGoBelowZero { account: String, available: Money, needed: Money },
    #[error("no committee {0:?}")]
    CommitteeUnknown(String),
    #[error("a committee {0:?} already exists")]
    CommitteeExists(String),
    #[error("approval threshold must be between 1 and {THRESHOLD_MAX}")]
    ThresholdOutOfRange,
    #[error("no user {0:?}")]
    UserUnknown(String),
    #[error("that user is already a member of this committee")]
    AlreadyMember,
    #[error("only members of the committee can do this")]
    NotAMember,
    #[error("that user is already proposed as a member of this committee")]
    AlreadyProposed,
    #[error("no membership proposal {0:?}")]
    ProposalUnknown(String),
    #[error("the membership proposal is no longer open")]
    ProposalNotOpen,
    #[error("you have already approved this membership proposal")]
    ProposalAlreadyApproved,
    #[error("no worker {0:?}")]
    WorkerUnknown(String),
    #[error("worker {0}'s private data was erased: a new claim needs a new worker")]
    WorkerErased(String),
    #[error("worker {0}'s private data was already erased")]
    WorkerAlreadyErased(String),
    #[error("give either an existing worker's pseudonym or a new worker's details, not both")]
    WorkerGivenTwice,
    #[error(transparent)]
    Person(#[from] PersonError),
    #[error(
        "the data key is not loaded (start with --data-key FILE): private data cannot be sealed, so nothing was recorded"
    )]
    DataKeyMissing,
    #[error("no claim {0:?}")]
    ClaimUnknown(String),
    #[error("the claim is {found}, so this cannot be done")]
    ClaimInWrongState { found: ClaimState },
    #[error("a payout of {requested} exceeds what remains reserved for the claim ({remaining})")]
    PayoutExceedsReserve { remaining: Money, requested: Money },
    #[error("the payout must be in the claim's currency, {0}")]
    PayoutCurrencyMismatch(Currency),
    #[error("this key was already used for a different request")]
    ExistsWithDifferentBody,
    #[error("no journal entry {0}")]
    EntryUnknown(u64),
    #[error("entries of kind {0} cannot be reversed")]
    NotReversible(String),
    #[error("entry {0} was already reversed")]
    AlreadyReversed(u64),
    #[error("{field} must be at most {max} characters")]
    TextTooLong { field: &'static str, max: usize },
    #[error("{0} must not be empty")]
    TextRequired(&'static str),
    #[error("{0} must not contain control characters")]
    TextHasControlCharacters(&'static str),
    #[error("the two sides of an exchange must be in different currencies")]
    ExchangeSameCurrency,
    #[error("the journal is read-only: {0}")]
    ReadOnly(String),
    #[error("the journal is not available; nothing was recorded")]
    Unavailable,
}

impl CommandError {
    /// True when the request was well-formed but conflicts with the ledger's
    /// state (HTTP 409), false when the input itself is wrong (HTTP 422).
    pub fn is_conflict(&self) -> bool {
        matches!(
            self,
            CommandError::EnvelopeWouldGoBelowZero { .. }
                | CommandError::CommitteeExists(_)
                | CommandError::AlreadyMember
                | CommandError::AlreadyProposed
                | CommandError::ProposalNotOpen
                | CommandError::ProposalAlreadyApproved
                | CommandError::AccountAlreadyOpen { .. }
                | CommandError::ClaimInWrongState { .. }
                | CommandError::PayoutExceedsReserve { .. }
                | CommandError::ExistsWithDifferentBody
                | CommandError::AlreadyReversed(_)
                | CommandError::WorkerAlreadyErased(_)
        )
    }
}

/// Checks free text at the edge: bounded length, no control characters
/// except newlines and tabs in multi-line fields.
pub fn check_text(field: &'static str, text: &str, max: usize, required: bool) -> Result<(), CommandError> {
    if required && text.trim().is_empty() {
        return Err(CommandError::TextRequired(field));
    }
    if text.chars().count() > max {
        return Err(CommandError::TextTooLong { field, max });
    }
    if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r') {
        return Err(CommandError::TextHasControlCharacters(field));
    }
    Ok(())
}

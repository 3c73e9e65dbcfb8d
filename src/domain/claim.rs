//! Claims for support and the rules that move them between states.
//!
//! submitted → approved (when N distinct members other than the submitter
//! approved) → partially_paid → paid; submitted → rejected; approved or
//! partially_paid → cancelled (releases what is still reserved).

macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant,)* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)* }
            }

            pub fn parse(text: &str) -> Option<$name> {
                match text { $($text => Some($name::$variant),)* _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use text_enum;

text_enum! {
    /// Where a claim is in its life.
    ClaimState {
        Submitted => "submitted",
        Approved => "approved",
        PartiallyPaid => "partially_paid",
        Paid => "paid",
        Rejected => "rejected",
        Cancelled => "cancelled",
    }
}

text_enum! {
    /// What the support is for.
    Category {
        Dismissal => "dismissal",
        Hardship => "hardship",
        LegalAid => "legal_aid",
        Medical => "medical",
        Fines => "fines",
        Children => "children",
        Other => "other",
    }
}

text_enum! {
    /// Why an approval attempt was refused; journaled as `claim_approval_denied`.
    DenialReason {
        SubmitterCannotApprove => "submitter_cannot_approve",
        AlreadyApproved => "already_approved",
        ClaimNotOpen => "claim_not_open",
        NotAMember => "not_a_member",
        DuplicateNeedsOverride => "duplicate_needs_override",
    }
}

text_enum! {
    /// How a payout reached the worker.
    PayoutMethod {
        BankTransfer => "bank_transfer",
        Card => "card",
        Cash => "cash",
        Crypto => "crypto",
    }
}

impl DenialReason {
    /// The sentence shown to the member whose attempt was refused.
    pub fn explanation(self) -> &'static str {
        match self {
            DenialReason::SubmitterCannotApprove => "the member who submitted a claim cannot approve it",
            DenialReason::AlreadyApproved => "you have already approved this claim",
            DenialReason::ClaimNotOpen => "the claim is no longer waiting for approval",
            DenialReason::NotAMember => "only members of the claim's committee can approve it",
            DenialReason::DuplicateNeedsOverride => {
                "this person already has a dismissal grant; approving another needs an override reason"
            }
        }
    }
}

impl ClaimState {
    /// States in which money is reserved and payouts may be recorded.
    pub fn is_payable(self) -> bool {
        matches!(self, ClaimState::Approved | ClaimState::PartiallyPaid)
    }
}

/// What the approval of one member does to a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalDecision {
    Denied(DenialReason),
    /// Counted; `approvals` of `threshold` so far.
    Counted {
        approvals: u32,
    },
    /// This approval reaches the threshold: the money is reserved.
    Reaches {
        approvals: u32,
    },
}

/// The facts an approval decision depends on.
#[derive(Debug, Clone, Copy)]
pub struct ApprovalFacts {
    pub state: ClaimState,
    pub approver_is_member: bool,
    pub approver_is_submitter: bool,
    pub approver_already_approved: bool,
    /// The person already has a dismissal grant and no override reason was given.
    pub needs_override: bool,
    pub approvals_so_far: u32,
    pub threshold: u32,
}

pub fn decide_approval(facts: ApprovalFacts) -> ApprovalDecision {
    if facts.state != ClaimState::Submitted {
        return ApprovalDecision::Denied(DenialReason::ClaimNotOpen);
    }
    if !facts.approver_is_member {
        return ApprovalDecision::Denied(DenialReason::NotAMember);
    }
    if facts.approver_is_submitter {
        return ApprovalDecision::Denied(DenialReason::SubmitterCannotApprove);
    }
    if facts.approver_already_approved {
        return ApprovalDecision::Denied(DenialReason::AlreadyApproved);
    }
    if facts.needs_override {
        return ApprovalDecision::Denied(DenialReason::DuplicateNeedsOverride);
    }
    let approvals = facts.approvals_so_far + 1;
    if approvals >= facts.threshold {
        ApprovalDecision::Reaches { approvals }
    } else {
        ApprovalDecision::Counted { approvals }
    }
}

/// The state after a payout of `paid_after` out of `amount`.
pub fn state_after_payout(paid_after: i64, amount: i64) -> ClaimState {
    if paid_after >= amount { ClaimState::Paid } else { ClaimState::PartiallyPaid }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> ApprovalFacts {
        ApprovalFacts {
            state: ClaimState::Submitted,
            approver_is_member: true,
            approver_is_submitter: false,
            approver_already_approved: false,
            needs_override: false,
            approvals_so_far: 0,
            threshold: 2,
        }
    }

    #[test]
    fn the_submitter_cannot_approve() {
        let decision = decide_approval(ApprovalFacts { approver_is_submitter: true, ..facts() });
        assert_eq!(decision, ApprovalDecision::Denied(DenialReason::SubmitterCannotApprove));
    }

    #[test]
    fn the_nth_distinct_approval_reaches_the_threshold() {
        assert_eq!(decide_approval(facts()), ApprovalDecision::Counted { approvals: 1 });
        let second = ApprovalFacts { approvals_so_far: 1, ..facts() };
        assert_eq!(decide_approval(second), ApprovalDecision::Reaches { approvals: 2 });
    }

    #[test]
    fn approving_twice_or_after_approval_is_denied() {
        let twice = ApprovalFacts { approver_already_approved: true, ..facts() };
        assert_eq!(decide_approval(twice), ApprovalDecision::Denied(DenialReason::AlreadyApproved));
        let closed = ApprovalFacts { state: ClaimState::Approved, ..facts() };
        assert_eq!(decide_approval(closed), ApprovalDecision::Denied(DenialReason::ClaimNotOpen));
        let outsider = ApprovalFacts { approver_is_member: false, ..facts() };
        assert_eq!(decide_approval(outsider), ApprovalDecision::Denied(DenialReason::NotAMember));
    }

    #[test]
    fn a_second_dismissal_grant_without_an_override_reason_is_denied() {
        let duplicate = ApprovalFacts { needs_override: true, ..facts() };
        assert_eq!(
            decide_approval(duplicate),
            ApprovalDecision::Denied(DenialReason::DuplicateNeedsOverride)
        );
        let by_submitter = ApprovalFacts { approver_is_submitter: true, ..duplicate };
        assert_eq!(
            decide_approval(by_submitter),
            ApprovalDecision::Denied(DenialReason::SubmitterCannotApprove),
            "the other rules come first"
        );
    }

    #[test]
    fn payouts_complete_a_claim_when_the_reserve_is_used_up() {
        assert_eq!(state_after_payout(50_000, 150_000), ClaimState::PartiallyPaid);
        assert_eq!(state_after_payout(150_000, 150_000), ClaimState::Paid);
    }

    #[test]
    fn names_round_trip() {
        for state in ClaimState::ALL {
            assert_eq!(ClaimState::parse(state.as_str()), Some(*state));
        }
        for category in Category::ALL {
            assert_eq!(Category::parse(category.as_str()), Some(*category));
        }
    }
}

//! The kinds of journal entries. The strings are part of the chain format.

use std::fmt;

macro_rules! kinds {
    ($($variant:ident => $text:literal,)*) => {
        /// What a journal entry records.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Kind { $($variant,)* }

        impl Kind {
            pub const ALL: &'static [Kind] = &[$(Kind::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Kind::$variant => $text,)* }
            }

            pub fn parse(text: &str) -> Option<Kind> {
                match text { $($text => Some(Kind::$variant),)* _ => None }
            }
        }
    };
}

kinds! {
    AccountOpened => "account_opened",
    CommitteeCreated => "committee_created",
    MemberAdded => "member_added",
    MemberRemoved => "member_removed",
    MemberProposed => "member_proposed",
    MemberApproval => "member_approval",
    Donation => "donation",
    Allocation => "allocation",
    ClaimSubmitted => "claim_submitted",
    ClaimApproval => "claim_approval",
    ClaimApprovalDenied => "claim_approval_denied",
    ClaimApproved => "claim_approved",
    ClaimRejected => "claim_rejected",
    ClaimCancelled => "claim_cancelled",
    Payout => "payout",
    Exchange => "exchange",
    Fee => "fee",
    Reversal => "reversal",
    Erasure => "erasure",
    Checkpoint => "checkpoint",
    Repair => "repair",
}

impl Kind {
    /// Kinds whose money movement a `reversal` entry may undo.
    pub fn is_reversible(self) -> bool {
        matches!(self, Kind::Donation | Kind::Allocation | Kind::Exchange | Kind::Fee | Kind::Payout)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_and_is_a_chain_name() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(*kind));
            assert!(strikefund_audit::entry::is_name(kind.as_str()));
        }
    }
}

//! Who may do what: the one place where authorization is decided. Handlers
//! ask `decide` with the viewer's role, the action, and whether the viewer
//! is a member of the committee concerned; they never test roles themselves.
//!
//! - Members act only within their own committees; another committee's
//!   pages and claims do not exist for them (404), so URLs reveal nothing.
//! - The board (admin) manages committees, members, users, allocations and
//!   settings, and reads everything; it does not approve claims.
//! - The treasurer records the money that comes in and goes out: payouts,
//!   donations (one by one or from a bank's CSV file), currency exchanges,
//!   bank fees, and reversals of mistakes; and reads every committee. Of
//!   personal data it sees only whom a payout goes to (name and payment
//!   details).
//! - The board does not record money movements other than allocations: it
//!   decides where the fund's money goes, the treasurer records what the
//!   bank shows. Keeping the two apart means one account cannot both invent
//!   a donation and hand it to a committee, nor quietly reverse an entry.
//!   The board and the auditor see the treasurer's pages (read only). API
//!   tokens follow the same rules as the users of their role.
//! - The auditor reads everything and changes nothing; private notes and
//!   references are never shown to the auditor.
//! - Anonymous visitors are sent to the login page before any of this.

use crate::domain::role::Role;

/// Everything a signed-in user can ask to see or do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// A committee's home page and its claims.
    ViewCommittee,
    /// A claim's private notes (sealed data).
    ViewPrivateNotes,
    SubmitClaim,
    ApproveClaim,
    RejectClaim,
    CancelClaim,
    /// Approve the proposal to add a member to the committee.
    ApproveMember,
    /// The payout queue.
    ViewPayouts,
    /// Whom a payout goes to: the worker's name and payment details.
    ViewPaymentDetails,
    RecordPayout,
    /// The treasurer's money page: holdings and recent money movements.
    ViewMoney,
    /// Record one donation (form or API).
    RecordDonation,
    /// Import donations from a CSV file.
    ImportDonations,
    /// Record a currency exchange.
    RecordExchange,
    /// Record a bank or processor fee.
    RecordFee,
    /// Reverse a money entry with a reversal entry.
    Reverse,
    /// The administration pages.
    ViewAdmin,
    ManageCommittees,
    ManageMembers,
    ManageUsers,
    Allocate,
    ManageSettings,
    /// Erase a worker's personal data (crypto-shredding).
    EraseWorker,
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::ViewCommittee,
        Action::ViewPrivateNotes,
        Action::SubmitClaim,
        Action::ApproveClaim,
        Action::RejectClaim,
        Action::CancelClaim,
        Action::ApproveMember,
        Action::ViewPayouts,
        Action::ViewPaymentDetails,
        Action::RecordPayout,
        Action::ViewMoney,
        Action::RecordDonation,
        Action::ImportDonations,
        Action::RecordExchange,
        Action::RecordFee,
        Action::Reverse,
        Action::ViewAdmin,
        Action::ManageCommittees,
        Action::ManageMembers,
        Action::ManageUsers,
        Action::Allocate,
        Action::ManageSettings,
        Action::EraseWorker,
    ];

    /// Actions that concern one committee: the viewer's membership matters.
    pub fn is_committee_scoped(self) -> bool {
        matches!(
            self,
            Action::ViewCommittee
                | Action::ViewPrivateNotes
                | Action::SubmitClaim
                | Action::ApproveClaim
                | Action::RejectClaim
                | Action::CancelClaim
                | Action::ApproveMember
        )
    }
}

/// The answer to "may this viewer do this?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allow,
    /// The viewer may see this but not do it (HTTP 403).
    Forbidden,
    /// For this viewer the thing does not exist (HTTP 404).
    NotFound,
}

impl Verdict {
    pub fn allowed(self) -> bool {
        self == Verdict::Allow
    }
}

/// Decides one action. `member` says whether the viewer is a member of the
/// committee concerned (false when the action concerns no committee).
pub fn decide(role: Role, action: Action, member: bool) -> Verdict {
    use Action::*;
    match (role, action) {
        // Members: their own committees only; other committees do not exist.
        (Role::Member, action) if action.is_committee_scoped() => {
            if member {
                Verdict::Allow
            } else {
                Verdict::NotFound
            }
        }
        (Role::Member, _) => Verdict::Forbidden,
        // Everyone else reads committees and claims, without private notes.
        (_, ViewCommittee) => Verdict::Allow,
        (_, ViewPrivateNotes) => Verdict::Forbidden,
        (_, SubmitClaim | ApproveClaim | RejectClaim | CancelClaim | ApproveMember) => Verdict::Forbidden,
        (Role::Treasurer | Role::Auditor | Role::Admin, ViewPayouts) => Verdict::Allow,
        (Role::Treasurer, RecordPayout | ViewPaymentDetails) => Verdict::Allow,
        (_, ViewPaymentDetails) => Verdict::Forbidden,
        (_, RecordPayout) => Verdict::Forbidden,
        (Role::Treasurer | Role::Auditor | Role::Admin, ViewMoney) => Verdict::Allow,
        (Role::Treasurer, RecordDonation | ImportDonations | RecordExchange | RecordFee | Reverse) => {
            Verdict::Allow
        }
        (_, RecordDonation | ImportDonations | RecordExchange | RecordFee | Reverse) => Verdict::Forbidden,
        (Role::Admin | Role::Auditor, ViewAdmin) => Verdict::Allow,
        (_, ViewAdmin) => Verdict::Forbidden,
        (
            Role::Admin,
            ManageCommittees | ManageMembers | ManageUsers | Allocate | ManageSettings | EraseWorker,
        ) => Verdict::Allow,
        (_, ManageCommittees | ManageMembers | ManageUsers | Allocate | ManageSettings | EraseWorker) => {
            Verdict::Forbidden
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_act_in_their_own_committee_and_cannot_see_others() {
        for action in Action::ALL.iter().filter(|a| a.is_committee_scoped()) {
            assert_eq!(decide(Role::Member, *action, true), Verdict::Allow, "{action:?}");
            assert_eq!(decide(Role::Member, *action, false), Verdict::NotFound, "{action:?}");
        }
        assert_eq!(decide(Role::Member, Action::RecordPayout, true), Verdict::Forbidden);
        assert_eq!(decide(Role::Member, Action::ViewAdmin, false), Verdict::Forbidden);
    }

    #[test]
    fn the_auditor_reads_everything_and_does_nothing() {
        for action in Action::ALL {
            let verdict = decide(Role::Auditor, *action, false);
            let reads = matches!(
                action,
                Action::ViewCommittee | Action::ViewPayouts | Action::ViewMoney | Action::ViewAdmin
            );
            assert_eq!(verdict.allowed(), reads, "{action:?}");
        }
        assert_eq!(decide(Role::Auditor, Action::ViewPrivateNotes, true), Verdict::Forbidden);
    }

    #[test]
    fn only_the_treasurer_pays_and_only_the_board_administers() {
        for role in Role::ALL {
            assert_eq!(decide(*role, Action::RecordPayout, true).allowed(), *role == Role::Treasurer);
            let payee = decide(*role, Action::ViewPaymentDetails, false).allowed();
            assert_eq!(payee, *role == Role::Treasurer, "{role:?}");
            assert_eq!(decide(*role, Action::Allocate, false).allowed(), *role == Role::Admin);
            assert_eq!(decide(*role, Action::ManageMembers, false).allowed(), *role == Role::Admin);
            assert_eq!(decide(*role, Action::EraseWorker, false).allowed(), *role == Role::Admin);
        }
    }

    #[test]
    fn only_the_treasurer_records_money_and_the_board_reads_it() {
        let records = [
            Action::RecordDonation,
            Action::ImportDonations,
            Action::RecordExchange,
            Action::RecordFee,
            Action::Reverse,
        ];
        for role in Role::ALL {
            for action in records {
                assert_eq!(
                    decide(*role, action, false).allowed(),
                    *role == Role::Treasurer,
                    "{role:?} {action:?}"
                );
            }
            assert_eq!(decide(*role, Action::ViewMoney, false).allowed(), *role != Role::Member, "{role:?}");
        }
    }
}

//! Who may do what: the one place where authorization is decided. Handlers
//! ask `decide` with the viewer's role, the action, and whether the viewer
//! is a member of the committee concerned; they never test roles themselves.
//!
//! - Members act only within their own committees; another committee's
//!   pages and claims do not exist for them (404), so URLs reveal nothing.
//! - The board (admin) manages committees, members, users, allocations and
//!   settings, and reads everything; it does not approve claims.
//! - The treasurer records payouts and reads every committee.
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
    RecordPayout,
    /// The administration pages.
    ViewAdmin,
    ManageCommittees,
    ManageMembers,
    ManageUsers,
    Allocate,
    ManageSettings,
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
        Action::RecordPayout,
        Action::ViewAdmin,
        Action::ManageCommittees,
        Action::ManageMembers,
        Action::ManageUsers,
        Action::Allocate,
        Action::ManageSettings,
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
        (Role::Treasurer, RecordPayout) => Verdict::Allow,
        (_, RecordPayout) => Verdict::Forbidden,
        (Role::Admin | Role::Auditor, ViewAdmin) => Verdict::Allow,
        (_, ViewAdmin) => Verdict::Forbidden,
        (Role::Admin, ManageCommittees | ManageMembers | ManageUsers | Allocate | ManageSettings) => {
            Verdict::Allow
        }
        (_, ManageCommittees | ManageMembers | ManageUsers | Allocate | ManageSettings) => Verdict::Forbidden,
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
            let reads = matches!(action, Action::ViewCommittee | Action::ViewPayouts | Action::ViewAdmin);
            assert_eq!(verdict.allowed(), reads, "{action:?}");
        }
        assert_eq!(decide(Role::Auditor, Action::ViewPrivateNotes, true), Verdict::Forbidden);
    }

    #[test]
    fn only_the_treasurer_pays_and_only_the_board_administers() {
        for role in Role::ALL {
            assert_eq!(decide(*role, Action::RecordPayout, true).allowed(), *role == Role::Treasurer);
            assert_eq!(decide(*role, Action::Allocate, false).allowed(), *role == Role::Admin);
            assert_eq!(decide(*role, Action::ManageMembers, false).allowed(), *role == Role::Admin);
        }
    }
}

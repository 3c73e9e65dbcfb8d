//! What a user of the fund may be.

use super::claim::text_enum;

text_enum! {
    /// A user's role. Members act within their committees; the policy module
    /// in `web` decides what each role may do.
    Role {
        Admin => "admin",
        Treasurer => "treasurer",
        Member => "member",
        Auditor => "auditor",
    }
}

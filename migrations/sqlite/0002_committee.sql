-- Accounts, sessions and committee membership proposals.

-- A user's second factor: the TOTP secret (base32) and the last time step
-- accepted, so that one code is never accepted twice.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;

-- Server-side sessions. The cookie holds a random id; the database holds
-- only its SHA-256, so a copy of the database cannot be used to log in.
-- stage: 'full', 'totp' (the second factor is still to be given) or
-- 'enroll' (a second factor must be set up first). Times in Unix seconds.
CREATE TABLE sessions (
    id_digest TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    csrf TEXT NOT NULL,
    stage TEXT NOT NULL,
    totp_pending TEXT,
    created_at INTEGER NOT NULL,
    seen_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Failed logins, per account (digest of the username) and per IP address,
-- kept in the database so that every server process sees them.
CREATE TABLE login_failures (
    scope TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX login_failures_by_scope ON login_failures (scope, at);

-- Fund-wide settings changed by the board (not on the chain).
CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Projection: proposals to add a member to a committee that already has as
-- many members as its threshold; N existing members must approve.
CREATE TABLE member_proposals (
    id TEXT PRIMARY KEY,
    committee TEXT NOT NULL,
    user_id TEXT NOT NULL,
    state TEXT NOT NULL,
    approvals INTEGER NOT NULL DEFAULT 0,
    proposed_seq INTEGER NOT NULL
);
CREATE INDEX member_proposals_by_committee ON member_proposals (committee, state);

CREATE TABLE member_proposal_approvals (
    proposal TEXT NOT NULL,
    user_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (proposal, user_id)
);

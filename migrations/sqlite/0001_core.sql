-- The journal: one row per entry, append-only. The public form of an entry
-- is rebuilt from these columns; body holds the canonical JSON of the body.
CREATE TABLE journal (
    seq INTEGER PRIMARY KEY,
    prev TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    sealed TEXT
);

CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN
    SELECT RAISE(ABORT, 'journal is append-only: UPDATE refused');
END;

CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN
    SELECT RAISE(ABORT, 'journal is append-only: DELETE refused');
END;

-- Projections: derived from the journal alone, written in the same
-- transaction as the entries, rebuildable by `strikefund repair`.

CREATE TABLE chain_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL,
    at TEXT NOT NULL
);

-- Inner nodes (level >= 1) of the RFC 6962 Merkle tree over entry hashes.
CREATE TABLE merkle_nodes (
    level INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (level, idx)
);

CREATE TABLE balances (
    account TEXT NOT NULL,
    currency TEXT NOT NULL,
    minor INTEGER NOT NULL,
    PRIMARY KEY (account, currency)
);

-- scope: 'fund', 'general' or 'committee:<key>'; amounts in minor units, natural signs.
CREATE TABLE totals (
    scope TEXT NOT NULL,
    currency TEXT NOT NULL,
    raised INTEGER NOT NULL DEFAULT 0,
    paid INTEGER NOT NULL DEFAULT 0,
    reserved INTEGER NOT NULL DEFAULT 0,
    available INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, currency)
);

CREATE TABLE monthly (
    month TEXT NOT NULL,
    currency TEXT NOT NULL,
    donated INTEGER NOT NULL DEFAULT 0,
    paid INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (month, currency)
);

CREATE TABLE accounts (
    account TEXT NOT NULL,
    currency TEXT NOT NULL,
    opened_seq INTEGER NOT NULL,
    PRIMARY KEY (account, currency)
);

CREATE TABLE committees (
    key TEXT PRIMARY KEY,
    public INTEGER NOT NULL,
    threshold INTEGER NOT NULL,
    created_seq INTEGER NOT NULL,
    paid_workers INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE members (
    committee TEXT NOT NULL,
    user_id TEXT NOT NULL,
    added_seq INTEGER NOT NULL,
    PRIMARY KEY (committee, user_id)
);

CREATE TABLE donations (
    seq INTEGER PRIMARY KEY,
    receipt TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL,
    currency TEXT NOT NULL,
    minor INTEGER NOT NULL,
    received_on TEXT NOT NULL,
    committee TEXT,
    donor TEXT,
    reversed_seq INTEGER
);

CREATE TABLE claims (
    id TEXT PRIMARY KEY,
    committee TEXT NOT NULL,
    worker TEXT NOT NULL,
    category TEXT NOT NULL,
    currency TEXT NOT NULL,
    amount INTEGER NOT NULL,
    paid INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL,
    approvals INTEGER NOT NULL DEFAULT 0,
    submitted_by TEXT NOT NULL,
    submitted_seq INTEGER NOT NULL,
    updated_seq INTEGER NOT NULL
);
CREATE INDEX claims_by_committee ON claims (committee, state, submitted_seq);
CREATE INDEX claims_by_worker ON claims (worker);
CREATE INDEX claims_by_state ON claims (state, submitted_seq);

CREATE TABLE claim_approvals (
    claim TEXT NOT NULL,
    user_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (claim, user_id)
);

-- Every entry that concerns a claim, for its history page.
CREATE TABLE claim_events (
    claim TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (claim, seq)
);

CREATE TABLE workers (
    pseudonym TEXT PRIMARY KEY,
    first_seq INTEGER NOT NULL,
    paid INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE workers_paid (
    committee TEXT NOT NULL,
    pseudonym TEXT NOT NULL,
    PRIMARY KEY (committee, pseudonym)
);

-- Fund-wide counts, so that public pages never count rows.
CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);

-- Entries undone by a reversal entry.
CREATE TABLE reversals (
    seq INTEGER PRIMARY KEY,
    by_seq INTEGER NOT NULL
);

CREATE TABLE checkpoints (
    size INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL,
    note TEXT NOT NULL
);

-- Records kept off the chain: not derivable from the journal, written in the
-- same transaction as the entry they belong to.

CREATE TABLE committee_names (
    key TEXT PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    password_hash TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE idempotency (
    key_digest TEXT PRIMARY KEY,
    request_digest TEXT NOT NULL,
    seq INTEGER NOT NULL
);

-- The private part behind an entry's `sealed` commitment.
CREATE TABLE private_records (
    seq INTEGER PRIMARY KEY,
    salt TEXT NOT NULL,
    payload TEXT NOT NULL
);

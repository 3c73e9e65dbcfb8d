-- The journal: one row per entry, append-only. The public form of an entry
-- is rebuilt from these columns; body holds the canonical JSON of the body.
CREATE TABLE journal (
    seq BIGINT PRIMARY KEY,
    prev TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    sealed TEXT
);

CREATE FUNCTION journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'journal is append-only: % refused', TG_OP;
END;
$$;

CREATE TRIGGER journal_no_update_or_delete BEFORE UPDATE OR DELETE ON journal
    FOR EACH ROW EXECUTE FUNCTION journal_append_only();

CREATE TRIGGER journal_no_truncate BEFORE TRUNCATE ON journal
    FOR EACH STATEMENT EXECUTE FUNCTION journal_append_only();

-- Projections: derived from the journal alone, written in the same
-- transaction as the entries, rebuildable by `strikefund repair`.

CREATE TABLE chain_head (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    at TEXT NOT NULL
);

-- Inner nodes (level >= 1) of the RFC 6962 Merkle tree over entry hashes.
CREATE TABLE merkle_nodes (
    level BIGINT NOT NULL,
    idx BIGINT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (level, idx)
);

CREATE TABLE balances (
    account TEXT NOT NULL,
    currency TEXT NOT NULL,
    minor BIGINT NOT NULL,
    PRIMARY KEY (account, currency)
);

-- scope: 'fund', 'general' or 'committee:<key>'; amounts in minor units, natural signs.
CREATE TABLE totals (
    scope TEXT NOT NULL,
    currency TEXT NOT NULL,
    raised BIGINT NOT NULL DEFAULT 0,
    paid BIGINT NOT NULL DEFAULT 0,
    reserved BIGINT NOT NULL DEFAULT 0,
    available BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, currency)
);

CREATE TABLE monthly (
    month TEXT NOT NULL,
    currency TEXT NOT NULL,
    donated BIGINT NOT NULL DEFAULT 0,
    paid BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (month, currency)
);

CREATE TABLE accounts (
    account TEXT NOT NULL,
    currency TEXT NOT NULL,
    opened_seq BIGINT NOT NULL,
    PRIMARY KEY (account, currency)
);

CREATE TABLE committees (
    key TEXT PRIMARY KEY,
    public BIGINT NOT NULL,
    threshold BIGINT NOT NULL,
    created_seq BIGINT NOT NULL,
    paid_workers BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE members (
    committee TEXT NOT NULL,
    user_id TEXT NOT NULL,
    added_seq BIGINT NOT NULL,
    PRIMARY KEY (committee, user_id)
);

CREATE TABLE donations (
    seq BIGINT PRIMARY KEY,
    receipt TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL,
    currency TEXT NOT NULL,
    minor BIGINT NOT NULL,
    received_on TEXT NOT NULL,
    committee TEXT,
    donor TEXT,
    reversed_seq BIGINT
);

CREATE TABLE claims (
    id TEXT PRIMARY KEY,
    committee TEXT NOT NULL,
    worker TEXT NOT NULL,
    category TEXT NOT NULL,
    currency TEXT NOT NULL,
    amount BIGINT NOT NULL,
    paid BIGINT NOT NULL DEFAULT 0,
    state TEXT NOT NULL,
    approvals BIGINT NOT NULL DEFAULT 0,
    submitted_by TEXT NOT NULL,
    submitted_seq BIGINT NOT NULL,
    updated_seq BIGINT NOT NULL
);
CREATE INDEX claims_by_committee ON claims (committee, state, submitted_seq);
CREATE INDEX claims_by_worker ON claims (worker);
CREATE INDEX claims_by_state ON claims (state, submitted_seq);

CREATE TABLE claim_approvals (
    claim TEXT NOT NULL,
    user_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    PRIMARY KEY (claim, user_id)
);

-- Every entry that concerns a claim, for its history page.
CREATE TABLE claim_events (
    claim TEXT NOT NULL,
    seq BIGINT NOT NULL,
    PRIMARY KEY (claim, seq)
);

CREATE TABLE workers (
    pseudonym TEXT PRIMARY KEY,
    first_seq BIGINT NOT NULL,
    paid BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE workers_paid (
    committee TEXT NOT NULL,
    pseudonym TEXT NOT NULL,
    PRIMARY KEY (committee, pseudonym)
);

-- Fund-wide counts, so that public pages never count rows.
CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);

-- Entries undone by a reversal entry.
CREATE TABLE reversals (
    seq BIGINT PRIMARY KEY,
    by_seq BIGINT NOT NULL
);

CREATE TABLE checkpoints (
    size BIGINT PRIMARY KEY,
    seq BIGINT NOT NULL,
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
    seq BIGINT NOT NULL
);

-- The private part behind an entry's `sealed` commitment.
CREATE TABLE private_records (
    seq BIGINT PRIMARY KEY,
    salt TEXT NOT NULL,
    payload TEXT NOT NULL
);

-- API tokens for machine clients (a bank feed posting donations). Only the
-- SHA-256 of the secret is stored: the token itself is shown once, at creation.
-- Records kept off the chain; the token's id is the `actor` of what it records.
CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked BIGINT NOT NULL DEFAULT 0
);

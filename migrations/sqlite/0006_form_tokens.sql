-- One-time tokens of the money forms that have no natural key (exchange,
-- fee): a form page issues one, and the first post that carries it uses it
-- up, so a double-clicked or resent form records its movement once. Only
-- the SHA-256 of the token is stored. Records kept off the chain; rows
-- older than a session's lifetime are pruned when new ones are issued.
CREATE TABLE form_tokens (
    digest TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX form_tokens_created_at ON form_tokens (created_at);

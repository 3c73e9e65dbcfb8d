-- Personal data at rest: encrypted with the fund's data key, which is kept
-- in a file outside the database (see src/privacy/).

-- The private part behind an entry's `sealed` commitment: base64 of a random
-- nonce and the XChaCha20-Poly1305 ciphertext of {"fields": …, "salt": …},
-- bound to the entry's seq. `worker` is the pseudonym the entry concerns, so
-- that erasing a worker finds every record to delete. Replaces the
-- plaintext `private_records`, whose rows are moved here, encrypted, the
-- first time the server starts with a data key.
CREATE TABLE sealed_records (
    seq INTEGER PRIMARY KEY,
    worker TEXT,
    sealed TEXT NOT NULL
);
CREATE INDEX sealed_records_by_worker ON sealed_records (worker);

-- HMAC-SHA256 of a worker's normalized identity document number under a key
-- derived from the data key: equal digests are the same person.
CREATE TABLE worker_identities (
    pseudonym TEXT PRIMARY KEY,
    digest TEXT NOT NULL
);
CREATE INDEX worker_identities_by_digest ON worker_identities (digest);

-- Projection: workers whose private data was erased, and by which entry.
CREATE TABLE erasures (
    pseudonym TEXT PRIMARY KEY,
    seq INTEGER NOT NULL
);

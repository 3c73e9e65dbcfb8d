//! Integration tests over HTTP and the journal, on SQLite and PostgreSQL.

mod helpers;

mod claims;
mod export;
mod journal;

//! Integration tests over HTTP and the journal, on SQLite and PostgreSQL.

mod helpers;

mod audit;
mod claims;
mod journal;

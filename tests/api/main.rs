//! Integration tests over HTTP and the journal, on SQLite and PostgreSQL.

mod helpers;

mod claims;
mod donations;
mod import;
mod journal;
mod privacy;
mod public;

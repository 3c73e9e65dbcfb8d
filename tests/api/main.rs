//! Integration tests over HTTP and the journal, on SQLite and PostgreSQL.

mod helpers;
mod web;

mod audit;
mod auth;
mod authorization;
mod claims;
mod dashboard;
mod donations;
mod export;
mod hardening;
mod hostile;
mod import;
mod journal;
mod privacy;
mod processes;
mod public;
mod scaling;
mod treasurer;
mod workers;

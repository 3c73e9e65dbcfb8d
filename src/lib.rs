//! strikefund: a ledger for strike solidarity funds.
//!
//! Donors give; strike committees decide which dismissed or repressed
//! workers get support; the fund pays them; anyone can check that the books
//! were never rewritten. See docs/ for the chain format and the threat model.

pub mod checkpoints;
pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod export;
pub mod import;
pub mod intake;
pub mod journal;
pub mod privacy;
pub mod server;
pub mod store;
pub mod transparency;
pub mod web;

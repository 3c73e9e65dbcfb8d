//! The strikefund journal format, and the means to verify it.
//!
//! This crate is the single definition of the chain: the server hashes with
//! it, and the auditor verifies with it. It depends on nothing of the server.
//! The format is specified in docs/chain-format.md; this code follows it.

#![allow(clippy::module_name_repetitions)]

pub mod entry;
pub mod jcs;
pub mod ledger;
pub mod line;
pub mod merkle;
pub mod note;
pub mod proof;
pub mod seal;
pub mod source;
pub mod swar;
pub mod verify;

pub use entry::{Entry, Hash};

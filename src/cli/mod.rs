//! The admin commands of the `strikefund` binary. `main.rs` only parses
//! flags and calls these; each returns a message for the operator on error.

pub mod checkpoint;

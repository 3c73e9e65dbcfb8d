//! The admin commands beside `serve`: each parses its flags into a struct
//! here and runs against the database; `main.rs` only dispatches.

pub mod export;

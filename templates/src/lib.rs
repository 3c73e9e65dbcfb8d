//! strikefund's HTML views: maud functions of small view-model structs.
//! This crate knows nothing of the database; it renders what it is given.
//! No view emits a script: pages work without JavaScript.

pub mod chart;
pub mod layout;
pub mod public;
pub mod receipt;

/// The one stylesheet, served at `/static/app.css`.
pub const CSS: &str = include_str!("app.css");

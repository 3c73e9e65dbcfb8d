//! strikefund's HTML views: maud functions of small view-model structs.
//! This crate knows nothing of the database; it renders what it is given.
//! No view emits a script: pages work without JavaScript.

pub mod admin;
pub mod app;
pub mod auth;
pub mod chart;
pub mod committee;
pub mod i18n;
pub mod layout;
pub mod public;
pub mod receipt;
pub mod treasurer;

/// The one stylesheet, served at `/static/app.css`.
pub const CSS: &str = include_str!("app.css");

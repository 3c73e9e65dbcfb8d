//! Settings of a running server, read once at start.

use crate::privacy::DataKey;

/// How the server runs. Built by `main` from flags and environment.
#[derive(Debug, Clone)]
pub struct Config {
    /// The fund's name: the origin line of its signed checkpoints.
    pub fund_name: String,
    /// Mark session cookies `Secure` (set when served over TLS).
    pub cookie_secure: bool,
    /// The fund's data key (`--data-key`): seals and opens personal data.
    /// Without it the server serves public pages and audits, and refuses
    /// every write that carries personal data.
    pub data_key: Option<DataKey>,
}

impl Default for Config {
    fn default() -> Config {
        Config { fund_name: "strikefund".into(), cookie_secure: false, data_key: None }
    }
}

//! Settings of a running server, read once at start.

/// How the server runs. Built by `main` from flags and environment.
#[derive(Debug, Clone)]
pub struct Config {
    /// The fund's name: the origin line of its signed checkpoints.
    pub fund_name: String,
    /// Mark session cookies `Secure` (set when served over TLS).
    pub cookie_secure: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config { fund_name: "strikefund".into(), cookie_secure: false }
    }
}

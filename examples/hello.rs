//! The framework floor for `scripts/bench.sh`: a trivial axum handler on the
//! same runtime settings as the server, answering a fixed short body.
//!
//! `cargo run --release --example hello -- 127.0.0.1:18090`

use axum::Router;
use axum::routing::get;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listen = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:18090".to_string());
    let app = Router::new().route("/", get(|| async { "hello" }));
    let listener = tokio::net::TcpListener::bind(&listen).await?;
    axum::serve(listener, app).await
}

//! The `strikefund` command: the server and the fund's admin tools.
//! This file only reads flags, sets up logging and calls into the library.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use strikefund::config::Config;
use strikefund::{demo, server};
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(name = "strikefund", version, about = "A ledger for strike solidarity funds")]
struct Cli {
    /// Database URL: sqlite://FILE (created on first start) or postgres://…
    #[arg(long, global = true, env = "STRIKEFUND_DB", default_value = "sqlite://strikefund.db")]
    db: String,
    #[command(subcommand)]
    command: Commands,
}

#[derive(Subcommand)]
enum Commands {
    /// Run the web server.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "STRIKEFUND_LISTEN", default_value = "127.0.0.1:8080")]
        listen: String,
        /// Load a realistic demo fund into an empty database first.
        #[arg(long)]
        demo: bool,
        /// The fund's name: the origin of its signed checkpoints.
        #[arg(long, env = "STRIKEFUND_FUND_NAME", default_value = "strikefund")]
        fund_name: String,
        /// Mark session cookies Secure (set this when served over HTTPS).
        #[arg(long)]
        cookie_secure: bool,
    },
    /// Create or update the database schema, then exit.
    Migrate,
    /// Write the books for hledger or Beancount (see docs/ledger-export.md).
    Export(strikefund::cli::export::ExportArgs),
}

fn init_tracing() {
    let filter = EnvFilter::try_from_env("STRIKEFUND_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
}

#[tokio::main]
async fn main() -> ExitCode {
    init_tracing();
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("strikefund: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Commands::Serve { listen, demo: with_demo, fund_name, cookie_secure } => {
            let config = Config { fund_name, cookie_secure };
            let state = server::prepare(&cli.db, config).await.map_err(|e| e.to_string())?;
            if with_demo {
                if demo::load(&state).await.map_err(|e| e.to_string())? {
                    tracing::info!(
                        password = demo::DEMO_PASSWORD,
                        "demo fund loaded; demo users share this password"
                    );
                } else {
                    tracing::info!("the journal is not empty: demo data not loaded");
                }
            }
            let listener = tokio::net::TcpListener::bind(&listen)
                .await
                .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
            server::serve(state, listener).await.map_err(|e| e.to_string())
        }
        Commands::Migrate => {
            let db = strikefund::store::Db::open(&cli.db).await.map_err(|e| e.to_string())?;
            db.close().await;
            println!("database is up to date");
            Ok(())
        }
        Commands::Export(args) => {
            strikefund::cli::export::run(&cli.db, &args).await.map_err(|e| e.to_string())
        }
    }
}

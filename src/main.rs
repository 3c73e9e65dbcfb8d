//! The `strikefund` command: the server and the fund's admin tools.
//! This file only reads flags, sets up logging and calls into the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use strikefund::config::Config;
use strikefund::{checkpoints, cli as admin, demo, server};
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(name = "strikefund", version, about = "A ledger for strike solidarity funds")]
struct Cli {
    /// Database URL: sqlite://FILE (created on first start) or postgres://…
    #[arg(long, global = true, env = "STRIKEFUND_DB", default_value = "sqlite://strikefund.db")]
    db: String,
    /// The fund's data key file (see `keygen --data-key`): seals and opens
    /// personal data. Never stored in the database.
    #[arg(long, global = true, env = "STRIKEFUND_DATA_KEY", value_name = "FILE")]
    data_key: Option<PathBuf>,
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
        /// Load a realistic demo fund into an empty database first. Without
        /// --data-key, the demo keeps its data key beside the SQLite file.
        #[arg(long)]
        demo: bool,
        /// The fund's name: the origin of its signed checkpoints.
        #[arg(long, env = "STRIKEFUND_FUND_NAME", default_value = "strikefund")]
        fund_name: String,
        /// Mark session cookies Secure (set this when served over HTTPS).
        #[arg(long)]
        cookie_secure: bool,
        /// Sign checkpoints automatically with this key file (see `keygen`).
        #[arg(long, env = "STRIKEFUND_CHECKPOINT_KEY", value_name = "FILE")]
        checkpoint_key: Option<PathBuf>,
        /// Seconds between automatic checkpoints (signed only when the journal grew).
        #[arg(long, default_value_t = checkpoints::CHECKPOINT_INTERVAL_S_DEFAULT, value_parser = clap::value_parser!(u64).range(1..))]
        checkpoint_interval_s: u64,
    },
    /// Generate the fund's Ed25519 checkpoint signing key (--out; prints the
    /// verifier key to publish), or with --data-key FILE the data key.
    Keygen {
        /// Where to write the signing key (mode 0600; never overwritten).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The key's name: the fund's name, the origin of its checkpoints.
        #[arg(long, value_name = "ORIGIN", env = "STRIKEFUND_FUND_NAME", default_value = "strikefund")]
        name: String,
    },
    /// Sign a checkpoint of the journal now; prints the signed note.
    Checkpoint {
        /// The key file written by `keygen`.
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
    },
    /// Create or update the database schema, then exit.
    Migrate,
    /// Rebuild what is derived from the journal, after the startup check refused writes.
    Repair {
        /// Empty every projection (balances, totals, claims, …) and replay the
        /// journal into it, verifying the chain; recorded as a `repair` entry.
        #[arg(long, required = true)]
        rebuild_projections: bool,
    },
    /// Load the demo fund, and grow it to a large fund for benchmarks.
    Demo {
        /// Grow the journal to at least this many entries.
        #[arg(long, default_value_t = 0)]
        entries: u64,
    },
    /// Write the books for hledger or Beancount (see docs/ledger-export.md).
    Export(admin::export::ExportArgs),
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// API tokens for machine clients (a bank feed).
    Token {
        #[command(subcommand)]
        command: admin::token::TokenCommand,
    },
    /// Donations: import a bank's CSV export.
    Donations {
        #[command(subcommand)]
        command: admin::donations::DonationsCommand,
    },
    /// Give money from the general fund to a committee.
    Allocate(admin::ledger::AllocateArgs),
    /// Record a currency exchange between two holding accounts.
    Exchange(admin::ledger::ExchangeArgs),
    /// Record a bank fee, paid from the general fund.
    Fee(admin::ledger::FeeArgs),
    /// Undo an earlier entry with a reversal that references it.
    Reverse(admin::ledger::ReverseArgs),
    /// Workers' private data: inspect (with --data-key) or erase.
    Worker {
        #[command(subcommand)]
        command: admin::worker::WorkerCommand,
    },
    /// Write a verified copy of the database to FILE (SQLite; PostgreSQL: pg_dump).
    Backup {
        #[arg(value_name = "FILE")]
        out: PathBuf,
    },
    /// Restore a SQLite backup as a new database (--db sqlite://NEW-FILE) and verify it.
    Restore {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user; the password is read from standard input.
    Add {
        #[arg(long)]
        username: String,
        /// admin, treasurer, member or auditor.
        #[arg(long)]
        role: String,
        /// Make the new member a member of this committee (journaled).
        #[arg(long)]
        committee: Option<String>,
        /// Read the password from standard input (required: never pass it as an argument).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
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
    let fund = admin::Fund { db: cli.db.clone(), data_key: cli.data_key.clone() };
    match cli.command {
        Commands::Serve {
            listen,
            demo: with_demo,
            fund_name,
            cookie_secure,
            checkpoint_key,
            checkpoint_interval_s,
        } => {
            let signer =
                checkpoint_key.map(|key| admin::checkpoint::signer_for(&key, &fund_name)).transpose()?;
            let fund = if with_demo { fund.with_demo_key()? } else { fund };
            let config = Config { fund_name, cookie_secure, data_key: fund.data_key()? };
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
            if let Some(signer) = signer {
                let interval = std::time::Duration::from_secs(checkpoint_interval_s);
                checkpoints::spawn_auto_signer(state.db.clone(), state.journal.clone(), signer, interval);
            }
            let listener = tokio::net::TcpListener::bind(&listen)
                .await
                .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
            server::serve(state, listener).await.map_err(|e| e.to_string())
        }
        Commands::User { command: UserCommand::Add { username, role, committee, password_stdin: _ } } => {
            let password =
                admin::user::read_password(&mut std::io::stdin().lock()).map_err(|e| e.to_string())?;
            let request = admin::user::AddUser { username, role, committee };
            let message = admin::user::add(&cli.db, request, password).await.map_err(|e| e.to_string())?;
            println!("{message}");
            Ok(())
        }
        Commands::Keygen { out: Some(out), name } => admin::checkpoint::keygen(&out, &name),
        Commands::Keygen { out: None, .. } => match &cli.data_key {
            Some(path) => admin::checkpoint::keygen_data_key(path),
            None => {
                Err("keygen needs --out FILE (checkpoint signing key) or --data-key FILE (data key)".into())
            }
        },
        Commands::Checkpoint { key } => admin::checkpoint::checkpoint(&cli.db, &key).await,
        Commands::Demo { entries } => admin::demo::run(&fund, entries).await,
        Commands::Migrate => {
            let db = strikefund::store::Db::open(&cli.db).await.map_err(|e| e.to_string())?;
            db.close().await;
            println!("database is up to date");
            Ok(())
        }
        Commands::Repair { rebuild_projections: _ } => admin::repair::rebuild_projections(&cli.db).await,
        Commands::Token { command } => admin::token::run(&cli.db, command).await,
        Commands::Donations { command } => admin::donations::run(&fund, command).await,
        Commands::Allocate(args) => admin::ledger::submit(&fund, admin::ledger::allocate(args)).await,
        Commands::Exchange(args) => admin::ledger::submit(&fund, admin::ledger::exchange(args)).await,
        Commands::Fee(args) => admin::ledger::submit(&fund, admin::ledger::fee(args)).await,
        Commands::Reverse(args) => admin::ledger::submit(&fund, admin::ledger::reverse(args)).await,
        Commands::Worker { command } => admin::worker::run(&fund, command).await,
        Commands::Backup { out } => admin::backup::backup(&fund, &out).await,
        Commands::Restore { file } => admin::backup::restore(&fund, &file).await,
        Commands::Export(args) => admin::export::run(&cli.db, &args).await.map_err(|e| e.to_string()),
    }
}

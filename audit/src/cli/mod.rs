//! The command line: arguments, the report every command returns, and how
//! it is printed (plain text, or one JSON object with `--json`).

mod commands;
mod input;

use std::path::PathBuf;

use clap::{Args as ClapArgs, Parser, Subcommand};
use serde_json::{Map, Value, json};
use strikefund_audit::verify::Finding;

#[derive(Parser)]
#[command(
    name = "strikefund-audit",
    version,
    about = "Verifies a strikefund journal: hash chain, signed checkpoints, Merkle proofs, balances"
)]
pub struct Args {
    /// Print one machine-readable JSON report on standard output.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// Where the journal is read from.
#[derive(ClapArgs, Debug, Clone)]
pub struct Source {
    /// The public export (`/export/journal.jsonl`), one entry per line.
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// The server's database, opened read-only: sqlite://FILE or postgres://…
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Check the whole chain: seq, links, hashes, balances; optionally against a signed checkpoint.
    Verify {
        #[command(flatten)]
        source: Source,
        /// A signed checkpoint (as served at /api/v1/checkpoint) the chain must match.
        #[arg(long, value_name = "FILE", requires = "key")]
        checkpoint: Option<PathBuf>,
        /// The fund's verifier key (`name+id+base64`), or a file holding it.
        #[arg(long, value_name = "PUBKEY")]
        key: Option<String>,
    },
    /// Prove that a newer signed checkpoint extends an older one (the log is append-only).
    Consistency {
        /// The older signed checkpoint.
        old: PathBuf,
        /// The newer signed checkpoint.
        new: PathBuf,
        #[arg(long, value_name = "PUBKEY")]
        key: String,
        #[command(flatten)]
        source: Source,
        /// A consistency proof as returned by /api/v1/proof/consistency, instead of the journal.
        #[arg(long, value_name = "FILE")]
        proof: Option<PathBuf>,
    },
    /// Prove that entry SEQ is in the tree of a signed checkpoint.
    Inclusion {
        #[arg(long)]
        seq: u64,
        #[arg(long, value_name = "FILE")]
        checkpoint: PathBuf,
        #[arg(long, value_name = "PUBKEY")]
        key: String,
        #[command(flatten)]
        source: Source,
        /// An inclusion proof as returned by /api/v1/proof/inclusion (a donor's receipt), instead of the journal.
        #[arg(long, value_name = "FILE", requires = "entry_hash")]
        proof: Option<PathBuf>,
        /// The entry's hash, from the receipt (with --proof).
        #[arg(long, value_name = "HEX", requires = "proof")]
        entry_hash: Option<String>,
    },
    /// Recompute every account balance; with --db also compare with the server's balances table.
    Balances {
        #[command(flatten)]
        source: Source,
    },
    /// Check an entry's `sealed` commitment against its private fields and salt.
    UnsealCheck {
        /// The entry's `sealed` value (64 hex digits).
        #[arg(long, value_name = "HEX")]
        sealed: String,
        /// The salt kept with the private record (64 hex digits).
        #[arg(long, value_name = "HEX")]
        salt: String,
        /// A file with the private fields as a JSON object (`-` for standard input).
        #[arg(long, value_name = "FILE")]
        fields: PathBuf,
    },
}

pub fn run(command: Command) -> Report {
    match command {
        Command::Verify { source, checkpoint, key } => commands::verify(&source, checkpoint, key),
        Command::Consistency { old, new, key, source, proof } => {
            commands::consistency(&old, &new, &key, &source, proof)
        }
        Command::Inclusion { seq, checkpoint, key, source, proof, entry_hash } => {
            commands::inclusion(seq, &checkpoint, &key, &source, proof.zip(entry_hash))
        }
        Command::Balances { source } => commands::balances(&source),
        Command::UnsealCheck { sealed, salt, fields } => commands::unseal_check(&sealed, &salt, &fields),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Clean,
    Finding,
    Failed,
}

/// What a command found: lines for people, fields for `--json`.
#[derive(Debug)]
pub struct Report {
    command: &'static str,
    status: Status,
    lines: Vec<String>,
    fields: Map<String, Value>,
}

impl Report {
    pub fn new(command: &'static str) -> Report {
        Report { command, status: Status::Clean, lines: Vec::new(), fields: Map::new() }
    }

    /// The tool could not run: exit 2.
    pub fn failed(command: &'static str, message: impl Into<String>) -> Report {
        let message = message.into();
        let mut report = Report::new(command);
        report.status = Status::Failed;
        report.fields.insert("error".into(), json!(message));
        report.lines.push(format!("could not run: {message}"));
        report
    }

    pub fn line(&mut self, text: impl Into<String>) -> &mut Report {
        self.lines.push(text.into());
        self
    }

    pub fn field(&mut self, name: &str, value: Value) -> &mut Report {
        self.fields.insert(name.into(), value);
        self
    }

    /// Records a finding: exit 1. The first finding is the one reported as `finding`.
    pub fn finding(mut self, finding: &Finding) -> Report {
        self.status = Status::Finding;
        self.lines.push(format!("FINDING {finding}"));
        if !self.fields.contains_key("finding") {
            self.fields
                .insert("finding".into(), json!({"seq": finding.seq, "reason": finding.problem.to_string()}));
        }
        self
    }

    pub fn exit_code(&self) -> u8 {
        match self.status {
            Status::Clean => 0,
            Status::Finding => 1,
            Status::Failed => 2,
        }
    }

    pub fn print(&self, json: bool) {
        if json {
            let mut fields = self.fields.clone();
            fields.insert("command".into(), json!(self.command));
            let status = match self.status {
                Status::Clean => "clean",
                Status::Finding => "finding",
                Status::Failed => "error",
            };
            fields.insert("status".into(), json!(status));
            println!("{}", Value::Object(fields));
        } else if self.status == Status::Failed {
            for line in &self.lines {
                eprintln!("strikefund-audit: {line}");
            }
        } else {
            for line in &self.lines {
                println!("{line}");
            }
        }
    }
}

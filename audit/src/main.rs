//! `strikefund-audit`: checks a strikefund journal without trusting the server.
//!
//! Exit codes: 0 all good, 1 a finding (tamper, mismatch, bad signature),
//! 2 the tool could not run (unreadable input, bad arguments).

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    let json = args.json;
    let report = cli::run(args.command);
    report.print(json);
    ExitCode::from(report.exit_code())
}

//! `strikefund token create`: API tokens for machine clients.

use clap::Subcommand;

use crate::domain::role::Role;
use crate::store::tokens;

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token and print it once; only its hash is kept.
    Create {
        /// A name to tell tokens apart, e.g. bank-feed.
        #[arg(long)]
        name: String,
        /// What the token may do: treasurer (record donations) or admin.
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| {
        let roles: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
        format!("must be one of {}", roles.join(", "))
    })
}

pub async fn run(db_url: &str, command: TokenCommand) -> Result<(), String> {
    match command {
        TokenCommand::Create { name, role } => {
            let db = crate::store::Db::open(db_url).await.map_err(|e| e.to_string())?;
            let created = tokens::create(&db.pool, &name, role).await.map_err(|e| e.to_string())?;
            db.close().await;
            eprintln!(
                "token {} ({}, {}) created; it is shown only now, store it safely:",
                created.token.name, created.token.id, created.token.role
            );
            println!("{}", created.text);
            Ok(())
        }
    }
}

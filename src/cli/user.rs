//! `strikefund user add --username U --role R [--committee SLUG] --password-stdin`:
//! creates a user (the first admin, or anyone before the web pages exist).
//! The password is read from standard input, never from the command line,
//! where other users of the machine and shell history would see it.

use std::io::{BufRead, Read};

use crate::config::Config;
use crate::domain::Slug;
use crate::domain::role::Role;
use crate::journal::{Actor, Command, Detail};
use crate::store::users;
use crate::web::admin::is_username;
use crate::web::auth::{PASSWORD_CHARS_MAX, hash_password};

/// What `user add` was asked to do.
pub struct AddUser {
    pub username: String,
    pub role: String,
    pub committee: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum UserCliError {
    #[error("username must be 2 to 64 letters, digits, '.', '_' or '-'")]
    UsernameMalformed,
    #[error("role must be one of admin, treasurer, member, auditor")]
    RoleUnknown,
    #[error("--committee is only for members")]
    CommitteeOnlyForMembers,
    #[error(transparent)]
    Slug(#[from] crate::domain::account::AccountError),
    #[error("a user with this username already exists")]
    UsernameTaken,
    #[error("could not read the password from standard input: {0}")]
    Stdin(std::io::Error),
    #[error(transparent)]
    Password(#[from] crate::web::auth::PasswordError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Prepare(#[from] crate::server::PrepareError),
    #[error("database error: {0}")]
    Query(#[from] sqlx::Error),
    #[error("the user was created but could not join the committee: {0}")]
    Membership(crate::journal::CommandError),
}

/// Reads one line (the password) from `input`, without its line ending.
pub fn read_password(input: &mut impl BufRead) -> Result<String, UserCliError> {
    let mut line = String::new();
    input
        .by_ref()
        .take(PASSWORD_CHARS_MAX as u64 * 4 + 2)
        .read_line(&mut line)
        .map_err(UserCliError::Stdin)?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

/// Creates the user; with `--committee`, adds them as a member (journaled).
/// Returns what to tell the operator.
pub async fn add(db_url: &str, request: AddUser, password: String) -> Result<String, UserCliError> {
    if !is_username(&request.username) {
        return Err(UserCliError::UsernameMalformed);
    }
    let role = Role::parse(&request.role).ok_or(UserCliError::RoleUnknown)?;
    let committee = request.committee.as_deref().map(Slug::parse).transpose()?;
    if committee.is_some() && role != Role::Member {
        return Err(UserCliError::CommitteeOnlyForMembers);
    }
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| UserCliError::Stdin(std::io::Error::other(e)))??;
    let state = crate::server::prepare(db_url, Config::default()).await?;
    if users::by_username(&state.db.pool, &request.username).await?.is_some() {
        return Err(UserCliError::UsernameTaken);
    }
    let user = users::create(&state.db.pool, &request.username, role, Some(&hash)).await?;
    let mut message = format!("created user {} ({}) with id {}", user.username, role, user.id);
    if let Some(committee) = committee {
        let command = Command::AddMember { committee: committee.clone(), user_id: user.id.clone() };
        let appended =
            state.journal.submit(Actor::system(), command).await.map_err(UserCliError::Membership)?;
        if let Detail::MemberProposed { .. } = appended.detail {
            message.push_str(&format!("; proposed as a member of {committee}"));
        } else {
            message.push_str(&format!("; member of {committee}"));
        }
    }
    state.db.close().await;
    Ok(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_one_line_of_standard_input() {
        let mut input = std::io::Cursor::new(b"correct horse battery\r\nsecond line".to_vec());
        assert_eq!(read_password(&mut input).unwrap(), "correct horse battery");
    }
}

//! Logging in and out, the second factor, and password changes.
//!
//! Passwords are hashed with argon2id. Failed logins are recorded in the
//! database per account and per IP address, so that several server
//! processes throttle together; a wrong TOTP code counts as a failure too.

use std::net::SocketAddr;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use axum::extract::{ConnectInfo, FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use strikefund_audit::Hash;
use strikefund_templates::app::{FieldErrors, role_label};
use strikefund_templates::auth::{AccountView, EnrollView, LoginView, TotpView};
use strikefund_templates::i18n::Msg;

use super::AppState;
use super::session::{
    Ctx, LOGIN_COOKIE, PageError, SESSION_COOKIE, Viewer, clear_cookie, cookie, local_path, notice_cookie,
    now_s, random_token, set_cookie, start_session,
};
use crate::domain::ids;
use crate::store::sessions::{self, Stage};
use crate::store::{settings, users};

/// Failures counted over this window, in seconds.
pub const THROTTLE_WINDOW_S: i64 = 15 * 60;

/// Failed attempts on one account within the window before it is locked.
pub const FAILURES_PER_ACCOUNT_MAX: i64 = 5;

/// Failed attempts from one IP address within the window before it is refused.
pub const FAILURES_PER_IP_MAX: i64 = 30;

/// Shortest and longest password, in characters.
pub const PASSWORD_CHARS_MIN: usize = 12;
pub const PASSWORD_CHARS_MAX: usize = 1024;

/// Longest username, in characters.
pub const USERNAME_CHARS_MAX: usize = 64;

/// The fund's name in authenticator apps.
const TOTP_ISSUER: &str = "strikefund";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_page).post(login))
        .route("/login/totp", get(totp_page).post(totp))
        .route("/logout", post(logout))
        .route("/account", get(account_page))
        .route("/account/password", post(change_password))
        .route("/account/totp", get(enroll_page).post(enroll))
}

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("the password must have at least {PASSWORD_CHARS_MIN} characters")]
    PasswordTooShort,
    #[error("the password must have at most {PASSWORD_CHARS_MAX} characters")]
    PasswordTooLong,
    #[error("the password could not be hashed")]
    HashFailed,
}

/// Checks a new password's length.
pub fn check_new_password(password: &str) -> Result<(), PasswordError> {
    let chars = password.chars().count();
    if chars < PASSWORD_CHARS_MIN {
        return Err(PasswordError::PasswordTooShort);
    }
    if chars > PASSWORD_CHARS_MAX {
        return Err(PasswordError::PasswordTooLong);
    }
    Ok(())
}

/// Hashes a password with argon2id (a PHC string with its own random salt).
pub fn hash_password(password: &str) -> Result<String, PasswordError> {
    check_new_password(password)?;
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|_| PasswordError::HashFailed)
}

/// Verified when a user has no password hash, so that an unknown username
/// costs the same time as a known one.
const STAND_IN_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c3RyaWtlZnVuZC1kdW1teQ$0000000000000000000000000000000000000000000";

/// True when `password` matches the stored hash. Without a stored hash
/// (the user cannot log in) the stand-in hash is checked, so that both take
/// the same time and do not tell which usernames exist.
pub fn verify_password(password: &str, stored: Option<&str>) -> bool {
    let hash =
        PasswordHash::new(stored.unwrap_or(STAND_IN_HASH)).or_else(|_| PasswordHash::new(STAND_IN_HASH));
    let Ok(hash) = hash else { return false };
    Argon2::default().verify_password(password.as_bytes(), &hash).is_ok() && stored.is_some()
}

async fn verify_blocking(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || verify_password(&password, stored.as_deref())).await.unwrap_or(false)
}

fn account_scope(username: &str) -> String {
    let digest = Hash::sha256(&[b"strikefund-login-v1\n", username.to_lowercase().as_bytes()]);
    format!("user:{}", digest.to_hex())
}

/// The throttling scope of an address. Stored as a digest: the database
/// should not keep a list of where committee members log in from.
fn ip_scope(address: Option<SocketAddr>) -> String {
    let ip = address.map_or_else(|| "unknown".to_string(), |a| a.ip().to_string());
    format!("ip:{}", Hash::sha256(&[b"strikefund-login-ip-v1\n", ip.as_bytes()]).to_hex())
}

/// True when the account or the address failed too often lately.
async fn throttled(state: &AppState, scopes: &[(String, i64)]) -> Result<bool, sqlx::Error> {
    let since = now_s() - THROTTLE_WINDOW_S;
    for (scope, max) in scopes {
        if sessions::failures_since(&state.db.pool, scope, since).await? >= *max {
            return Ok(true);
        }
    }
    Ok(false)
}

async fn record_failure(state: &AppState, scopes: &[(String, i64)]) -> Result<(), sqlx::Error> {
    for (scope, _) in scopes {
        sessions::record_failure(&state.db.pool, scope, now_s()).await?;
    }
    Ok(())
}

/// The peer's address, when the server was started with connect info.
pub struct Peer(pub Option<SocketAddr>);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Peer, Self::Rejection> {
        Ok(Peer(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(address)| *address)))
    }
}

#[derive(Deserialize, Default)]
struct NextQuery {
    #[serde(default)]
    next: String,
}

async fn login_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<NextQuery>,
) -> Response {
    let token = cookie(&headers, LOGIN_COOKIE).filter(|t| t.len() == 64).unwrap_or_else(random_token);
    let mut chrome = ctx.chrome();
    chrome.csrf = token.clone();
    let view = LoginView {
        chrome,
        username: String::new(),
        next: local_path(&q.next),
        errors: FieldErrors::default(),
    };
    let mut response = strikefund_templates::auth::login(&view).into_response();
    response.headers_mut().append(header::SET_COOKIE, set_cookie(&state, LOGIN_COOKIE, &token, Some(3600)));
    response
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

fn login_failed(ctx: &Ctx, form: &LoginForm, status: StatusCode, message: Msg) -> Response {
    let mut chrome = ctx.chrome();
    chrome.csrf = form.csrf.clone();
    let mut errors = FieldErrors::default();
    errors.add("form", ctx.tr().t(message));
    let username: String = form.username.chars().take(USERNAME_CHARS_MAX).collect();
    let view = LoginView { chrome, username, next: local_path(&form.next), errors };
    (status, strikefund_templates::auth::login(&view)).into_response()
}

async fn login(
    State(state): State<AppState>,
    ctx: Ctx,
    Peer(peer): Peer,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    let username = form.username.trim();
    let scopes = [(account_scope(username), FAILURES_PER_ACCOUNT_MAX), (ip_scope(peer), FAILURES_PER_IP_MAX)];
    if throttled(&state, &scopes).await? {
        return Ok(login_failed(&ctx, &form, StatusCode::TOO_MANY_REQUESTS, Msg::TooManyAttempts));
    }
    let credentials = if username.chars().count() <= USERNAME_CHARS_MAX {
        users::credentials(&state.db.pool, username).await?
    } else {
        None
    };
    let stored = credentials.as_ref().and_then(|c| c.password_hash.clone());
    let password: String = form.password.chars().take(PASSWORD_CHARS_MAX).collect();
    let Some(credentials) = credentials.filter(|_| stored.is_some()) else {
        verify_blocking(password, None).await;
        record_failure(&state, &scopes).await?;
        return Ok(login_failed(&ctx, &form, StatusCode::UNAUTHORIZED, Msg::LoginFailed));
    };
    if !verify_blocking(password, stored).await {
        record_failure(&state, &scopes).await?;
        return Ok(login_failed(&ctx, &form, StatusCode::UNAUTHORIZED, Msg::LoginFailed));
    }
    sessions::clear_failures(&state.db.pool, &scopes[0].0).await?;
    let required = settings::load(&state.db.pool).await?.totp_required;
    let stage = match (&credentials.totp_secret, required) {
        (Some(_), _) => Stage::Totp,
        (None, true) => Stage::Enroll,
        (None, false) => Stage::Full,
    };
    end_current_session(&state, &ctx).await?;
    let cookie = start_session(&state, &credentials.user.id, stage).await?;
    let to = match stage {
        Stage::Full => local_path(&form.next),
        Stage::Totp => "/login/totp".to_string(),
        Stage::Enroll => "/account/totp".to_string(),
    };
    let mut response = Redirect::to(&to).into_response();
    response.headers_mut().append(header::SET_COOKIE, cookie);
    response.headers_mut().append(header::SET_COOKIE, clear_cookie(&state, LOGIN_COOKIE));
    Ok(response)
}

async fn end_current_session(state: &AppState, ctx: &Ctx) -> Result<(), sqlx::Error> {
    if let Some(session) = &ctx.session {
        sessions::delete(&state.db.pool, &session.row.id_digest).await?;
    }
    Ok(())
}

/// The session of a request that has given its password but maybe not its code.
fn pending(ctx: &Ctx, stage: Stage) -> Result<super::session::Session, PageError> {
    match &ctx.session {
        Some(session) if session.row.stage == stage => Ok(session.clone()),
        Some(session) if session.row.stage == Stage::Full => Err(PageError::Redirect("/app".into())),
        _ => Err(PageError::Login(String::new())),
    }
}

async fn totp_page(ctx: Ctx) -> Result<Response, PageError> {
    pending(&ctx, Stage::Totp)?;
    let view = TotpView { chrome: ctx.chrome(), errors: FieldErrors::default() };
    Ok(strikefund_templates::auth::totp(&view).into_response())
}

#[derive(Deserialize)]
struct CodeForm {
    #[serde(default)]
    code: String,
}

fn totp_of(secret: &str) -> Option<totp_rs::Totp> {
    let secret = totp_rs::Secret::try_from_base32(secret).ok()?;
    totp_rs::Builder::new().with_secret(secret).build().ok()
}

/// The time step of `code` if it is valid for `secret` now (±1 step).
fn check_code(secret: &str, code: &str) -> Option<u64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).take(8).collect();
    let totp = totp_of(secret)?;
    totp.check(&code, u64::try_from(now_s()).ok()?)
}

fn code_refused(ctx: &Ctx, status: StatusCode, message: Msg) -> Response {
    let mut errors = FieldErrors::default();
    errors.add("code", ctx.tr().t(message));
    let view = TotpView { chrome: ctx.chrome(), errors };
    (status, strikefund_templates::auth::totp(&view)).into_response()
}

async fn totp(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<CodeForm>,
) -> Result<Response, PageError> {
    let session = pending(&ctx, Stage::Totp)?;
    let credentials = users::credentials_by_id(&state.db.pool, session.user_id()).await?;
    let Some(credentials) = credentials else { return Err(PageError::Login(String::new())) };
    let scopes = [(account_scope(&credentials.user.username), FAILURES_PER_ACCOUNT_MAX)];
    if throttled(&state, &scopes).await? {
        return Ok(code_refused(&ctx, StatusCode::TOO_MANY_REQUESTS, Msg::TooManyAttempts));
    }
    let step = credentials.totp_secret.as_deref().and_then(|secret| check_code(secret, &form.code));
    let accepted = match step {
        Some(step) => users::accept_totp_step(&state.db.pool, session.user_id(), step).await?,
        None => false,
    };
    if !accepted {
        record_failure(&state, &scopes).await?;
        return Ok(code_refused(&ctx, StatusCode::UNAUTHORIZED, Msg::TotpWrong));
    }
    // A new session id at every step up in privilege.
    sessions::delete(&state.db.pool, &session.row.id_digest).await?;
    let cookie = start_session(&state, session.user_id(), Stage::Full).await?;
    let mut response = Redirect::to("/app").into_response();
    response.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(response)
}

async fn logout(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    end_current_session(&state, &ctx).await?;
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().append(header::SET_COOKIE, clear_cookie(&state, SESSION_COOKIE));
    Ok(response)
}

fn account_view(viewer: &Viewer, has_totp: bool, errors: FieldErrors) -> AccountView {
    AccountView {
        chrome: viewer.chrome(),
        username: viewer.session.username.clone(),
        role: role_label(viewer.role().as_str()),
        has_totp,
        errors,
    }
}

async fn account_page(State(state): State<AppState>, viewer: Viewer) -> Result<Response, PageError> {
    let credentials = users::credentials_by_id(&state.db.pool, viewer.user_id()).await?;
    let has_totp = credentials.is_some_and(|c| c.totp_secret.is_some());
    Ok(strikefund_templates::auth::account(&account_view(&viewer, has_totp, FieldErrors::default()))
        .into_response())
}

#[derive(Deserialize)]
struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    repeat: String,
}

async fn change_password(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<PasswordForm>,
) -> Result<Response, PageError> {
    let t = viewer.tr();
    let credentials = users::credentials_by_id(&state.db.pool, viewer.user_id()).await?;
    let Some(credentials) = credentials else { return Err(PageError::Login(String::new())) };
    let has_totp = credentials.totp_secret.is_some();
    let scopes = [(account_scope(&credentials.user.username), FAILURES_PER_ACCOUNT_MAX)];
    let mut errors = FieldErrors::default();
    if throttled(&state, &scopes).await? {
        errors.add("current", t.t(Msg::TooManyAttempts));
    } else if !verify_blocking(
        form.current.chars().take(PASSWORD_CHARS_MAX).collect(),
        credentials.password_hash,
    )
    .await
    {
        record_failure(&state, &scopes).await?;
        errors.add("current", t.t(Msg::PasswordWrong));
    }
    match check_new_password(&form.new) {
        Err(PasswordError::PasswordTooShort) => errors.add("new", t.t(Msg::PasswordTooShort)),
        Err(_) => errors.add("new", t.t(Msg::PasswordTooLong)),
        Ok(()) if form.new != form.repeat => errors.add("repeat", t.t(Msg::PasswordsDiffer)),
        Ok(()) => {}
    }
    if !errors.is_empty() {
        let page = strikefund_templates::auth::account(&account_view(&viewer, has_totp, errors));
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let new = form.new.clone();
    let hash = tokio::task::spawn_blocking(move || hash_password(&new))
        .await
        .map_err(|e| PageError::Internal(e.to_string()))?
        .map_err(|e| PageError::Internal(e.to_string()))?;
    users::set_password_hash(&state.db.pool, viewer.user_id(), &hash).await?;
    // Whoever else held a session with the old password loses it.
    sessions::delete_for_user(&state.db.pool, viewer.user_id()).await?;
    let cookie = start_session(&state, viewer.user_id(), Stage::Full).await?;
    let mut response = Redirect::to("/account").into_response();
    response.headers_mut().append(header::SET_COOKIE, cookie);
    response.headers_mut().append(header::SET_COOKIE, notice_cookie(&state, t.t(Msg::PasswordChanged)));
    Ok(response)
}

/// A session that may set up a second factor: a full one, or one that must.
fn enrolling(ctx: &Ctx) -> Result<super::session::Session, PageError> {
    match &ctx.session {
        Some(session) if matches!(session.row.stage, Stage::Full | Stage::Enroll) => Ok(session.clone()),
        Some(_) => Err(PageError::Redirect("/login/totp".into())),
        None => Err(PageError::Login(ctx.here.clone())),
    }
}

async fn enroll_page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    let session = enrolling(&ctx)?;
    let secret = session
        .row
        .totp_pending
        .clone()
        .unwrap_or_else(|| totp_rs::Secret::from(ids::random_bytes::<20>()).to_base32());
    if session.row.totp_pending.is_none() {
        sessions::set_totp_pending(&state.db.pool, &session.row.id_digest, &secret).await?;
    }
    Ok(enroll_view(&ctx, &session, secret, FieldErrors::default(), StatusCode::OK))
}

fn enroll_view(
    ctx: &Ctx,
    session: &super::session::Session,
    secret: String,
    errors: FieldErrors,
    status: StatusCode,
) -> Response {
    let label = super::session::encode_component(&format!("{TOTP_ISSUER}:{}", session.username));
    let url = format!("otpauth://totp/{label}?secret={secret}&issuer={TOTP_ISSUER}");
    let view = EnrollView {
        chrome: ctx.chrome(),
        secret,
        url,
        required: session.row.stage == Stage::Enroll,
        errors,
    };
    (status, strikefund_templates::auth::enroll(&view)).into_response()
}

async fn enroll(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<CodeForm>,
) -> Result<Response, PageError> {
    let session = enrolling(&ctx)?;
    let Some(secret) = session.row.totp_pending.clone() else {
        return Err(PageError::Redirect("/account/totp".into()));
    };
    let Some(step) = check_code(&secret, &form.code) else {
        let mut errors = FieldErrors::default();
        errors.add("code", ctx.tr().t(Msg::TotpWrong));
        return Ok(enroll_view(&ctx, &session, secret, errors, StatusCode::UNPROCESSABLE_ENTITY));
    };
    users::set_totp(&state.db.pool, session.user_id(), &secret, step).await?;
    sessions::delete(&state.db.pool, &session.row.id_digest).await?;
    let cookie = start_session(&state, session.user_id(), Stage::Full).await?;
    let mut response = Redirect::to("/account").into_response();
    response.headers_mut().append(header::SET_COOKIE, cookie);
    response.headers_mut().append(header::SET_COOKIE, notice_cookie(&state, ctx.tr().t(Msg::TotpEnabled)));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_against_their_argon2id_hash_only() {
        let hash = hash_password("correct-horse-battery").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct-horse-battery", Some(&hash)));
        assert!(!verify_password("correct-horse-batterY", Some(&hash)));
        assert!(!verify_password("correct-horse-battery", None), "no hash, no login");
        assert!(matches!(hash_password("short"), Err(PasswordError::PasswordTooShort)));
    }

    #[test]
    fn the_stand_in_hash_is_a_real_argon2id_hash() {
        // An unknown username must cost a full verification, like a known one.
        assert!(PasswordHash::new(STAND_IN_HASH).is_ok());
    }
}

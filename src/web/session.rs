//! Sessions, CSRF and the request context of signed-in pages.
//!
//! One middleware runs before every dashboard route: it picks the language,
//! loads the session from its cookie (expiring idle and old sessions),
//! refuses a POST without the session's CSRF token, sends anonymous
//! visitors to the login page, and renders page errors in the viewer's
//! language. Handlers then take `Ctx` (anyone) or `Viewer` (logged in).

use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use strikefund_audit::Hash;
use strikefund_templates::app::{Chrome, NavLink, UserChrome, error_page};
use strikefund_templates::i18n::{Lang, Msg, Tr};
use subtle::ConstantTimeEq;
use time::OffsetDateTime;

use super::AppState;
use super::policy::{Action, decide};
use crate::domain::ids;
use crate::domain::role::Role;
use crate::store::sessions::{self, SessionRow, Stage};
use crate::store::users;

/// A session ends after this long without a request, in seconds.
pub const SESSION_IDLE_TIMEOUT_S: i64 = 30 * 60;

/// A session ends this long after login, whatever happens, in seconds.
pub const SESSION_ABSOLUTE_TIMEOUT_S: i64 = 12 * 60 * 60;

/// A session's last-seen time is written at most this often, in seconds.
pub const SESSION_TOUCH_INTERVAL_S: i64 = 60;

pub const SESSION_COOKIE: &str = "sf_session";
/// The token of the login form, before there is a session.
pub const LOGIN_COOKIE: &str = "sf_login";
pub const LANG_COOKIE: &str = "sf_lang";
/// A one-line notice for the next page, set when a form succeeded.
pub const NOTICE_COOKIE: &str = "sf_notice";

/// Longest notice carried in the notice cookie, in bytes.
pub const NOTICE_BYTES_MAX: usize = 200;

pub fn now_s() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// A new random token, URL- and cookie-safe.
pub fn random_token() -> String {
    Hash(ids::random_bytes::<32>()).to_hex()
}

fn digest(token: &str) -> String {
    Hash::sha256(&[b"strikefund-session-v1\n", token.as_bytes()]).to_hex()
}

/// The value of cookie `name` in the request's headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, Secure when configured.
pub fn set_cookie(state: &AppState, name: &str, value: &str, max_age_s: Option<i64>) -> HeaderValue {
    let mut text = format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict");
    if let Some(age) = max_age_s {
        text.push_str(&format!("; Max-Age={age}"));
    }
    if state.config.cookie_secure {
        text.push_str("; Secure");
    }
    HeaderValue::from_str(&text).expect("cookie values are hex or ASCII")
}

pub fn clear_cookie(state: &AppState, name: &str) -> HeaderValue {
    set_cookie(state, name, "", Some(0))
}

/// The signed-in user of a request.
#[derive(Debug, Clone)]
pub struct Session {
    pub row: SessionRow,
    pub username: String,
    pub role: Role,
}

impl Session {
    pub fn user_id(&self) -> &str {
        &self.row.user_id
    }
}

/// What every dashboard handler knows about its request.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub lang: Lang,
    pub session: Option<Session>,
    /// The path and query, percent-encoded, for the language switch and login.
    pub here: String,
    pub notice: Option<String>,
}

impl Ctx {
    pub fn tr(&self) -> Tr {
        Tr(self.lang)
    }

    pub fn chrome(&self) -> Chrome {
        let user = self
            .session
            .as_ref()
            .filter(|s| s.row.stage == Stage::Full)
            .map(|s| UserChrome { username: s.username.clone(), nav: navigation(s.role) });
        Chrome {
            lang: self.lang,
            user,
            csrf: self.session.as_ref().map(|s| s.row.csrf.clone()).unwrap_or_default(),
            here: self.here.clone(),
            notice: self.notice.clone(),
        }
    }
}

/// The main navigation of a role: the pages the policy lets it see.
fn navigation(role: Role) -> Vec<NavLink> {
    let mut nav = vec![NavLink { href: "/app".into(), label: Msg::Committees }];
    if decide(role, Action::ViewMoney, false).allowed() {
        nav.push(NavLink { href: "/treasurer".into(), label: Msg::Money });
    }
    if decide(role, Action::ViewPayouts, false).allowed() {
        nav.push(NavLink { href: "/treasurer/payouts".into(), label: Msg::PayoutQueue });
    }
    if decide(role, Action::ViewAdmin, false).allowed() {
        nav.push(NavLink { href: "/admin".into(), label: Msg::Administration });
    }
    nav.push(NavLink { href: "/account".into(), label: Msg::Account });
    nav
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Ctx, PageError> {
        parts.extensions.get::<Ctx>().cloned().ok_or(PageError::Internal("no request context".into()))
    }
}

/// A fully logged-in user (password and, if set up, the second factor).
#[derive(Debug, Clone)]
pub struct Viewer {
    pub ctx: Ctx,
    pub session: Session,
}

impl Viewer {
    pub fn role(&self) -> Role {
        self.session.role
    }

    pub fn user_id(&self) -> &str {
        self.session.user_id()
    }

    pub fn chrome(&self) -> Chrome {
        self.ctx.chrome()
    }

    pub fn tr(&self) -> Tr {
        self.ctx.tr()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Viewer, PageError> {
        let ctx = Ctx::from_request_parts(parts, state).await?;
        let Some(session) = ctx.session.clone() else { return Err(PageError::Login(ctx.here)) };
        match session.row.stage {
            Stage::Full => Ok(Viewer { ctx, session }),
            Stage::Totp => Err(PageError::Redirect("/login/totp".into())),
            Stage::Enroll => Err(PageError::Redirect("/account/totp".into())),
        }
    }
}

/// Why a page could not be shown; rendered in the viewer's language by the middleware.
#[derive(Debug, Clone)]
pub enum PageError {
    NotFound,
    Forbidden,
    /// Not logged in: go to the login page, then back to this path.
    Login(String),
    Redirect(String),
    CsrfRefused,
    /// The request body is larger than the route accepts, in bytes.
    TooLarge(usize),
    /// A form field holds a NUL character, which no field may hold.
    NulRefused,
    Unavailable(String),
    Internal(String),
}

impl From<sqlx::Error> for PageError {
    fn from(error: sqlx::Error) -> PageError {
        PageError::Internal(error.to_string())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match &self {
            PageError::Login(next) => return Redirect::to(&format!("/login?next={next}")).into_response(),
            PageError::Redirect(to) => return Redirect::to(to).into_response(),
            PageError::Internal(cause) => tracing::error!(%cause, "page failed"),
            _ => {}
        }
        let status = match self {
            PageError::NotFound => StatusCode::NOT_FOUND,
            PageError::Forbidden | PageError::CsrfRefused => StatusCode::FORBIDDEN,
            PageError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            PageError::NulRefused => StatusCode::BAD_REQUEST,
            PageError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(self);
        response
    }
}

/// Turns a verdict of the policy into a page error.
pub fn require(verdict: super::policy::Verdict) -> Result<(), PageError> {
    match verdict {
        super::policy::Verdict::Allow => Ok(()),
        super::policy::Verdict::Forbidden => Err(PageError::Forbidden),
        super::policy::Verdict::NotFound => Err(PageError::NotFound),
    }
}

fn render_error(ctx: &Ctx, error: &PageError) -> maud::Markup {
    let t = ctx.tr();
    let chrome = ctx.chrome();
    match error {
        PageError::NotFound => error_page(&chrome, Msg::NotFound, t.t(Msg::NotFoundExplain)),
        PageError::Forbidden => error_page(&chrome, Msg::Forbidden, t.t(Msg::ForbiddenExplain)),
        PageError::CsrfRefused => error_page(&chrome, Msg::BadForm, t.t(Msg::CsrfRefused)),
        PageError::TooLarge(bytes) => {
            error_page(&chrome, Msg::TooLarge, &t.fmt(Msg::TooLargeExplain, &[&size_text(*bytes)]))
        }
        PageError::NulRefused => error_page(&chrome, Msg::FormRefused, t.t(Msg::NulRefused)),
        PageError::Unavailable(_) => error_page(&chrome, Msg::ServerError, t.t(Msg::ReadOnly)),
        _ => error_page(&chrome, Msg::ServerError, t.t(Msg::ServerErrorExplain)),
    }
}

/// A size in bytes for people: `20 MB`, `64 KB`.
pub fn size_text(bytes: usize) -> String {
    const MB: usize = 1024 * 1024;
    if bytes >= MB { format!("{} MB", bytes / MB) } else { format!("{} KB", bytes.div_ceil(1024)) }
}

/// Percent-encodes a path and query for use inside a query parameter.
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// A local path to go back to: starts with one `/`, no scheme, no host.
pub fn local_path(next: &str) -> String {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && next.len() <= 512
        && next.chars().all(|c| !c.is_control());
    if ok { next.to_string() } else { "/app".to_string() }
}

pub fn request_lang(headers: &HeaderMap) -> Lang {
    if let Some(lang) = cookie(headers, LANG_COOKIE).as_deref().and_then(Lang::parse) {
        return lang;
    }
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    Lang::negotiate(accept)
}

/// Loads the session named by the cookie, if it is alive.
async fn load_session(state: &AppState, headers: &HeaderMap) -> Result<Option<Session>, sqlx::Error> {
    let Some(token) = cookie(headers, SESSION_COOKIE) else { return Ok(None) };
    let Some(row) = sessions::find(&state.db.pool, &digest(&token)).await? else { return Ok(None) };
    let now = now_s();
    if now - row.seen_at > SESSION_IDLE_TIMEOUT_S || now - row.created_at > SESSION_ABSOLUTE_TIMEOUT_S {
        sessions::delete(&state.db.pool, &row.id_digest).await?;
        return Ok(None);
    }
    if now - row.seen_at > SESSION_TOUCH_INTERVAL_S {
        sessions::touch(&state.db.pool, &row.id_digest, now).await?;
    }
    let Some(credentials) = users::credentials_by_id(&state.db.pool, &row.user_id).await? else {
        return Ok(None);
    };
    Ok(Some(Session { row, username: credentials.user.username, role: credentials.user.role }))
}

/// Starts a new session for `user_id` (never reusing an old id: no fixation)
/// and returns its cookie.
pub async fn start_session(
    state: &AppState,
    user_id: &str,
    stage: Stage,
) -> Result<HeaderValue, sqlx::Error> {
    let token = random_token();
    let now = now_s();
    let row = SessionRow {
        id_digest: digest(&token),
        user_id: user_id.to_string(),
        csrf: random_token(),
        stage,
        totp_pending: None,
        created_at: now,
        seen_at: now,
    };
    sessions::insert(&state.db.pool, &row).await?;
    sessions::prune(
        &state.db.pool,
        now - SESSION_IDLE_TIMEOUT_S,
        now - SESSION_ABSOLUTE_TIMEOUT_S,
        now - super::auth::THROTTLE_WINDOW_S,
    )
    .await?;
    Ok(set_cookie(state, SESSION_COOKIE, &token, None))
}

#[derive(serde::Deserialize)]
struct CsrfField {
    #[serde(default)]
    csrf: String,
}

/// Whether the request carries a file upload (`multipart/form-data`).
fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"))
}

/// The `csrf` field of a `multipart/form-data` body, or "" when it has none.
async fn multipart_token(headers: &HeaderMap, bytes: Bytes) -> String {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let Ok(boundary) = multer::parse_boundary(content_type) else { return String::new() };
    let stream = futures_util::stream::once(async move { Ok::<Bytes, std::convert::Infallible>(bytes) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("csrf") {
            return field.text().await.unwrap_or_default();
        }
    }
    String::new()
}

/// The CSRF token a form carried; the body is put back for the handler.
/// A body over `bytes_max` is refused before any handler runs.
async fn form_token(request: Request, bytes_max: usize) -> Result<(String, Request), PageError> {
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, bytes_max).await.map_err(|_| PageError::TooLarge(bytes_max))?;
    let token = if is_multipart(&parts.headers) {
        multipart_token(&parts.headers, bytes.clone()).await
    } else {
        if super::has_nul(&bytes) {
            return Err(PageError::NulRefused);
        }
        let field: CsrfField =
            serde_urlencoded::from_bytes(&bytes).unwrap_or(CsrfField { csrf: String::new() });
        field.csrf
    };
    Ok((token, Request::from_parts(parts, Body::from(bytes))))
}

fn same_token(expected: &str, given: &str) -> bool {
    // Constant time: how much of a guess matches does not show in the timing.
    !expected.is_empty() && bool::from(expected.as_bytes().ct_eq(given.as_bytes()))
}

/// Paths that take a POST before there is a full session.
fn is_login_path(path: &str) -> bool {
    path == "/login"
}

fn read_notice(headers: &HeaderMap) -> Option<String> {
    let raw = cookie(headers, NOTICE_COOKIE)?;
    let bytes = base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, raw).ok()?;
    String::from_utf8(bytes).ok().filter(|n| n.len() <= NOTICE_BYTES_MAX * 4)
}

/// A `Set-Cookie` carrying a notice for the next page.
pub fn notice_cookie(state: &AppState, notice: &str) -> HeaderValue {
    let text: String = notice.chars().take(NOTICE_BYTES_MAX).collect();
    let value = base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, text);
    set_cookie(state, NOTICE_COOKIE, &value, Some(60))
}

/// The dashboard middleware (see the module comment).
pub async fn middleware(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let headers = request.headers().clone();
    let lang = request_lang(&headers);
    let path = request.uri().path().to_string();
    let here = encode_component(request.uri().path_and_query().map_or("/", |p| p.as_str()));
    let session = match load_session(&state, &headers).await {
        Ok(session) => session,
        Err(error) => return PageError::from(error).into_response(),
    };
    let notice = if request.method() == Method::GET { read_notice(&headers) } else { None };
    let ctx = Ctx { lang, session, here, notice: notice.clone() };
    if request.method() == Method::POST {
        let expected = match (&ctx.session, is_login_path(&path)) {
            (_, true) => cookie(&headers, LOGIN_COOKIE).unwrap_or_default(),
            (Some(session), false) => session.row.csrf.clone(),
            (None, false) => return Redirect::to("/login").into_response(),
        };
        let (given, rebuilt) = match form_token(request, super::body_bytes_max(&path)).await {
            Ok(pair) => pair,
            Err(error) => return finish(&ctx, error.into_response()),
        };
        if !same_token(&expected, &given) {
            return finish(&ctx, PageError::CsrfRefused.into_response());
        }
        request = rebuilt;
    }
    request.extensions_mut().insert(ctx.clone());
    let mut response = next.run(request).await;
    // Signed-in pages hold private data: no cache may keep them.
    response.headers_mut().entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    if notice.is_some() && response.status() == StatusCode::OK {
        response.headers_mut().append(header::SET_COOKIE, clear_cookie(&state, NOTICE_COOKIE));
    }
    finish(&ctx, response)
}

/// Renders a page error left by a handler, in the viewer's language.
fn finish(ctx: &Ctx, response: Response) -> Response {
    let Some(error) = response.extensions().get::<PageError>().cloned() else { return response };
    let status = response.status();
    let mut page = (status, render_error(ctx, &error)).into_response();
    page.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    page
}

//! A browser-like HTTP client for the dashboard: its own cookie jar, the
//! CSRF token read from the last page, form posts, and small helpers to
//! read pages.

use std::sync::Arc;

use reqwest::StatusCode;
use reqwest::cookie::{CookieStore, Jar};
use strikefund::domain::role::Role;

use crate::helpers::TestApp;

/// The password of every user the tests create.
pub const PASSWORD: &str = "correct-horse-battery";

/// One person at one browser.
pub struct Person {
    pub client: reqwest::Client,
    pub jar: Arc<Jar>,
    pub base: String,
    pub csrf: String,
}

/// A response read whole.
pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub body: String,
}

impl Page {
    pub fn redirected_to(&self) -> &str {
        self.location.as_deref().unwrap_or("")
    }
}

/// The value of `name="csrf" value="…"` in a page, if any.
pub fn csrf_of(body: &str) -> Option<String> {
    let at = body.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    Some(body[at..].split('"').next()?.to_string())
}

impl Person {
    pub fn new(app: &TestApp) -> Person {
        Person::with_language(app, "en")
    }

    /// A person at a server started apart from the test app (the real binary).
    pub fn at(base: &str) -> Person {
        let mut person = Person::new_unconnected("en");
        person.base = base.to_string();
        person
    }

    pub fn with_language(app: &TestApp, accept_language: &str) -> Person {
        let mut person = Person::new_unconnected(accept_language);
        person.base = app.address.clone();
        person
    }

    fn new_unconnected(accept_language: &str) -> Person {
        let jar = Arc::new(Jar::default());
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("accept-language", accept_language.parse().unwrap());
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_provider(jar.clone())
            .default_headers(headers)
            .build()
            .unwrap();
        Person { client, jar, base: String::new(), csrf: String::new() }
    }

    async fn read(&mut self, response: reqwest::Response) -> Page {
        let status = response.status();
        let location = response.headers().get("location").map(|v| v.to_str().unwrap().to_string());
        let body = response.text().await.unwrap();
        if let Some(token) = csrf_of(&body) {
            self.csrf = token;
        }
        Page { status, location, body }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let response = self.client.get(format!("{}{path}", self.base)).send().await.unwrap();
        self.read(response).await
    }

    /// Posts a form with the CSRF token of the last page read.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let mut form: Vec<(&str, &str)> = vec![("csrf", &self.csrf)];
        form.extend_from_slice(fields);
        let form: Vec<(String, String)> =
            form.into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        self.post_raw(path, &form).await
    }

    /// Posts exactly these fields (no CSRF token added).
    pub async fn post_raw(&mut self, path: &str, form: &[(String, String)]) -> Page {
        let response = self.client.post(format!("{}{path}", self.base)).form(form).send().await.unwrap();
        self.read(response).await
    }

    /// Posts a form on a connection of its own, with this person's cookies:
    /// for bodies the server refuses and then closes the connection on.
    /// None when the connection was closed before the answer could be read
    /// (the server stops reading an oversized body).
    pub async fn post_alone(&mut self, path: &str, form: &[(String, String)]) -> Option<Page> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_provider(self.jar.clone())
            .build()
            .unwrap();
        let response = client.post(format!("{}{path}", self.base)).form(form).send().await.ok()?;
        Some(self.read(response).await)
    }

    /// Posts a body that is already form-encoded (or deliberately broken).
    pub async fn post_encoded(&mut self, path: &str, body: String) -> Page {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        self.read(response).await
    }

    /// Uploads a file as a browser's file form does (`multipart/form-data`):
    /// `fields` as text parts, then the file as part `file`.
    pub async fn upload(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, Vec<u8>)>,
    ) -> Page {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in fields {
            form = form.text(name.to_string(), value.to_string());
        }
        if let Some((name, bytes)) = file {
            let part = reqwest::multipart::Part::bytes(bytes)
                .file_name(name.to_string())
                .mime_str("text/csv")
                .unwrap();
            form = form.part("file", part);
        }
        let response = self.client.post(format!("{}{path}", self.base)).multipart(form).send().await.unwrap();
        self.read(response).await
    }

    /// Logs in with `username` and the tests' password; panics unless it works.
    pub async fn login(&mut self, username: &str) {
        self.login_with(username, PASSWORD).await;
    }

    pub async fn login_with(&mut self, username: &str, password: &str) {
        let page = self.try_login(username, password).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "login as {username}: {}", page.body);
        let start = self.get(page.redirected_to()).await;
        assert_eq!(start.status, StatusCode::OK, "{}", start.body);
    }

    pub async fn try_login(&mut self, username: &str, password: &str) -> Page {
        self.get("/login").await;
        self.post("/login", &[("username", username), ("password", password), ("next", "/app")]).await
    }

    /// The session cookie's value, if the browser holds one.
    pub fn session_cookie(&self) -> Option<String> {
        let url = self.base.parse().unwrap();
        let header = self.jar.cookies(&url)?;
        header
            .to_str()
            .unwrap()
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(k, _)| *k == "sf_session")
            .map(|(_, v)| v.to_string())
    }
}

/// Creates a user with the tests' password.
pub async fn user(app: &TestApp, username: &str, role: Role) -> String {
    let hash = strikefund::web::auth::hash_password(PASSWORD).unwrap();
    strikefund::store::users::create(&app.state.db.pool, username, role, Some(&hash)).await.unwrap().id
}

/// Gives the small fund's members the tests' password, and adds an admin,
/// a treasurer and an auditor. Returns the members' usernames.
pub async fn people(app: &TestApp) {
    let hash = strikefund::web::auth::hash_password(PASSWORD).unwrap();
    sqlx::query("UPDATE users SET password_hash = $1").bind(&hash).execute(&app.state.db.pool).await.unwrap();
    for (username, role) in
        [("admin", Role::Admin), ("treasurer", Role::Treasurer), ("auditor", Role::Auditor)]
    {
        strikefund::store::users::create(&app.state.db.pool, username, role, Some(&hash)).await.unwrap();
    }
}

/// The claim id in a redirect to `/c/<slug>/claims/<id>`.
pub fn claim_id(location: &str) -> String {
    location.rsplit('/').next().unwrap().to_string()
}

/// The number of journal entries of `kind`.
pub async fn entries_of_kind(app: &TestApp, kind: &str) -> i64 {
    sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM journal WHERE kind = $1")
        .bind(kind)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

/// A claim's state as the projections hold it.
pub async fn claim_state(app: &TestApp, claim: &str) -> String {
    sqlx::query_scalar("SELECT state FROM claims WHERE id = $1")
        .bind(claim)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

/// The one-time token of the form on a page.
pub fn form_token_of(body: &str) -> String {
    let marker = "name=\"form_token\" value=\"";
    let at = body.find(marker).expect("the form has a one-time token") + marker.len();
    body[at..].split('"').next().unwrap().to_string()
}

/// Opens the payout form of `claim` and sends it with `fields`, as a browser
/// does: with the session's CSRF token and the form's one-time token.
pub async fn send_payout(treasurer: &mut Person, claim: &str, fields: &[(&str, &str)]) -> (Page, String) {
    let path = format!("/treasurer/payouts/{claim}");
    let form = treasurer.get(&path).await;
    let token = form_token_of(&form.body);
    let mut fields = fields.to_vec();
    fields.push(("form_token", &token));
    (treasurer.post(&path, &fields).await, token)
}

//! Accounts and sessions over HTTP: login, cookies, session rotation,
//! logout, throttling, the second factor, password change, and the
//! `strikefund user add` command.

use std::io::Write;
use std::process::{Command as Process, Stdio};

use reqwest::StatusCode;
use strikefund::domain::role::Role;

use crate::both_backends;
use crate::helpers::Backend;
use crate::web::{PASSWORD, Person, user};

both_backends!(anonymous_visitors_are_sent_to_the_login_page, |app| async move {
    let mut person = Person::new(&app);
    for path in ["/app", "/c/maz", "/admin", "/treasurer/payouts", "/account"] {
        let page = person.get(path).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
        assert!(page.redirected_to().starts_with("/login?next="), "{path}: {}", page.redirected_to());
    }
});

both_backends!(logging_in_sets_a_strict_http_only_cookie_and_a_new_session_each_time, |app| async move {
    user(&app, "ola", Role::Member).await;
    let mut person = Person::new(&app);
    person.get("/login").await;
    let response = person
        .client
        .post(format!("{}/login", person.base))
        .form(&[
            ("csrf", person.csrf.as_str()),
            ("username", "ola"),
            ("password", PASSWORD),
            ("next", "/account"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], "/account");
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("sf_session="))
        .expect("a session cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(!cookie.contains("Secure"), "not Secure without --cookie-secure");
    let first = person.session_cookie().unwrap();
    assert_eq!(person.get("/account").await.status, StatusCode::OK);
    // Logging in again gives a new session id and ends the old one.
    person.login("ola").await;
    let second = person.session_cookie().unwrap();
    assert_ne!(first, second);
    let stale = sqlx::query_scalar::<_, i64>("SELECT CAST(COUNT(*) AS BIGINT) FROM sessions")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(stale, 1, "the old session was deleted");
    // Only the digest of the id is stored.
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT id_digest FROM sessions").fetch_all(&app.state.db.pool).await.unwrap();
    assert!(!stored.contains(&second));
    // Logging out ends the session.
    person.get("/account").await;
    let out = person.post("/logout", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(person.get("/account").await.status, StatusCode::SEE_OTHER);
});

both_backends!(wrong_passwords_are_refused_and_then_throttled_per_account, |app| async move {
    user(&app, "ola", Role::Member).await;
    let mut person = Person::new(&app);
    let unknown = person.try_login("nobody", PASSWORD).await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert!(unknown.body.contains("Wrong username or password."));
    for _ in 0..5 {
        let page = person.try_login("ola", "not-the-password").await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
        assert!(!page.body.contains("not-the-password"), "the password is never echoed");
    }
    let locked = person.try_login("ola", PASSWORD).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS, "even the right password waits");
    assert!(locked.body.contains("Too many failed attempts"));
    // The throttle lives in the database, where every server process sees it.
    let failures: i64 =
        sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM login_failures WHERE scope LIKE 'user:%'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert!(failures >= 5);
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT scope FROM login_failures").fetch_all(&app.state.db.pool).await.unwrap();
    assert!(stored.iter().all(|s| !s.contains("ola")), "usernames are not stored with failures");
});

both_backends!(failed_logins_are_throttled_per_ip_address, |app| async move {
    let mut person = Person::new(&app);
    for n in 0..30 {
        let page = person.try_login(&format!("guess-{n}"), "wrong-password-1").await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    }
    let page = person.try_login("guess-31", "wrong-password-1").await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
});

fn code_for(secret: &str, offset_steps: i64) -> String {
    let secret = totp_rs::Secret::try_from_base32(secret).unwrap();
    let totp = totp_rs::Builder::new().with_secret(secret).build().unwrap();
    let now = time::OffsetDateTime::now_utc().unix_timestamp() + offset_steps * 30;
    totp.generate(now as u64).to_string()
}

fn secret_on(page: &str) -> String {
    let at = page.find("<p class=\"secret\"><code>").unwrap() + "<p class=\"secret\"><code>".len();
    page[at..].split('<').next().unwrap().to_string()
}

both_backends!(a_second_factor_is_asked_once_set_up_and_a_code_works_once, |app| async move {
    user(&app, "ola", Role::Member).await;
    let mut person = Person::new(&app);
    person.login("ola").await;
    let enroll = person.get("/account/totp").await;
    let secret = secret_on(&enroll.body);
    let wrong = person.post("/account/totp", &[("code", "000000")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("id=\"code-error\""));
    let enrolment_code = code_for(&secret, -1);
    let on = person.post("/account/totp", &[("code", &enrolment_code)]).await;
    assert_eq!(on.status, StatusCode::SEE_OTHER, "{}", on.body);
    person.get("/account").await;
    person.post("/logout", &[]).await;

    let page = person.try_login("ola", PASSWORD).await;
    assert_eq!(page.redirected_to(), "/login/totp");
    assert_eq!(person.get("/app").await.redirected_to(), "/login/totp", "no page before the code");
    person.get("/login/totp").await;
    let replayed = person.post("/login/totp", &[("code", &enrolment_code)]).await;
    assert_eq!(replayed.status, StatusCode::UNAUTHORIZED, "the enrolment code cannot be used again");
    let ok = person.post("/login/totp", &[("code", &code_for(&secret, 0))]).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert_eq!(person.get("/app").await.status, StatusCode::OK);
});

both_backends!(the_board_can_make_the_second_factor_mandatory, |app| async move {
    crate::web::people(&app).await;
    user(&app, "ola", Role::Member).await;
    let mut admin = Person::new(&app);
    admin.login("admin").await;
    admin.get("/admin").await;
    let saved = admin
        .post(
            "/admin/settings",
            &[("totp_required", "1"), ("grant_amount", "1500.00"), ("grant_currency", "EUR")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let mut person = Person::new(&app);
    let page = person.try_login("ola", PASSWORD).await;
    assert_eq!(page.redirected_to(), "/account/totp");
    assert_eq!(person.get("/app").await.redirected_to(), "/account/totp");
    let enroll = person.get("/account/totp").await;
    assert!(enroll.body.contains("The fund requires a second factor"));
    let secret = secret_on(&enroll.body);
    let on = person.post("/account/totp", &[("code", &code_for(&secret, 0))]).await;
    assert_eq!(on.status, StatusCode::SEE_OTHER);
    assert_eq!(person.get("/app").await.status, StatusCode::OK);
});

both_backends!(changing_the_password_ends_other_sessions, |app| async move {
    user(&app, "ola", Role::Member).await;
    let (mut phone, mut laptop) = (Person::new(&app), Person::new(&app));
    phone.login("ola").await;
    laptop.login("ola").await;
    phone.get("/account").await;
    let short = phone
        .post("/account/password", &[("current", PASSWORD), ("new", "short"), ("repeat", "short")])
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.body.contains("id=\"new-error\""));
    let new = "a-new-long-password";
    let wrong = phone
        .post("/account/password", &[("current", "nope-nope-nope"), ("new", new), ("repeat", new)])
        .await;
    assert!(wrong.body.contains("id=\"current-error\""));
    let changed =
        phone.post("/account/password", &[("current", PASSWORD), ("new", new), ("repeat", new)]).await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER);
    assert_eq!(phone.get("/account").await.status, StatusCode::OK, "this session goes on");
    assert_eq!(laptop.get("/account").await.status, StatusCode::SEE_OTHER, "the other one ended");
    assert_eq!(Person::new(&app).try_login("ola", PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    Person::new(&app).login_with("ola", new).await;
});

both_backends!(user_add_reads_the_password_from_standard_input, |app| async move {
    let binary = env!("CARGO_BIN_EXE_strikefund");
    let db = match app.db.backend {
        Backend::Sqlite => app.db.url.clone(),
        Backend::Postgres => app.db.url.clone(),
    };
    app.small_fund("100.00").await;
    let mut child = Process::new(binary)
        .args([
            "--db",
            &db,
            "user",
            "add",
            "--username",
            "vera",
            "--role",
            "member",
            "--committee",
            "maz",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"vera-has-a-long-password\n").unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).contains("member of maz"));
    Person::new(&app).login_with("vera", "vera-has-a-long-password").await;
    let export = app.get_text("/export/journal.jsonl").await;
    assert!(!export.contains("vera"), "usernames stay off the chain");
    // No password in argv: the flag is required and takes no value.
    let refused = Process::new(binary)
        .args(["--db", &db, "user", "add", "--username", "x1", "--role", "member", "--password", "secret"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
});

both_backends!(idle_and_old_sessions_end, |app| async move {
    user(&app, "ola", Role::Member).await;
    let pool = &app.state.db.pool;
    let mut person = Person::new(&app);
    person.login("ola").await;
    let idle = strikefund::web::session::SESSION_IDLE_TIMEOUT_S + 1;
    sqlx::query("UPDATE sessions SET seen_at = seen_at - $1").bind(idle).execute(pool).await.unwrap();
    assert_eq!(person.get("/account").await.status, StatusCode::SEE_OTHER, "idle too long");
    person.login("ola").await;
    let old = strikefund::web::session::SESSION_ABSOLUTE_TIMEOUT_S + 1;
    sqlx::query("UPDATE sessions SET created_at = created_at - $1").bind(old).execute(pool).await.unwrap();
    assert_eq!(person.get("/account").await.status, StatusCode::SEE_OTHER, "alive too long");
    let left: i64 =
        sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM sessions").fetch_one(pool).await.unwrap();
    assert_eq!(left, 0, "ended sessions are deleted");
});

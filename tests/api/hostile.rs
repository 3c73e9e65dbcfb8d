//! Hostile input on every form and API field: empty, huge, control
//! characters, markup, SQL, broken percent-encoding and broken UTF-8. The
//! server answers each with a 4xx and a message, or saves the value as text;
//! never a 5xx, and a saved value is shown escaped wherever it appears.

use reqwest::StatusCode;
use strikefund::journal::Command;
use strikefund::web::session::encode_component;

use crate::both_backends;
use crate::helpers::{TestApp, build};
use crate::web::{PASSWORD, Page, Person, claim_id, people};

const SCRIPT: &str = "<script>alert(1)</script>";

/// Longest value sent in a URL: servers refuse much longer heads outright.
const URL_VALUE_BYTES_MAX: usize = 8 * 1024;

/// The values every field is tried with, by name.
fn hostile_values() -> Vec<(&'static str, String)> {
    vec![
        ("empty", String::new()),
        ("blank", "   \t ".into()),
        ("huge", "A".repeat(1024 * 1024)),
        ("long", "é".repeat(5_000)),
        ("control", "a\u{0}b\u{7}c\u{1b}[31m\u{202e}d\r\ne".into()),
        ("script", SCRIPT.into()),
        ("sql", "'; DROP TABLE journal; --".into()),
        ("unicode", "Ола 🌍 \u{fffd}\u{200b}".into()),
        ("number-like", "-1e308".into()),
    ]
}

/// Bodies that are not well-formed `application/x-www-form-urlencoded`
/// text, with `FIELD` standing for the field under test.
const BROKEN_ENCODINGS: [&str; 4] = ["FIELD=%ZZ%", "FIELD=%FF%FE%80", "FIELD=a%00b", "FIELD&&==&FIELD=%"];

fn assert_safe(what: &str, page: &Page) {
    assert!(page.status.as_u16() < 500, "{what}: {} {}", page.status, page.body);
    assert!(!page.body.contains(SCRIPT), "{what}: the markup is shown unescaped");
}

/// A form, its page (read first for the CSRF token) and its default fields.
struct Form {
    page: String,
    action: String,
    fields: Vec<(&'static str, String)>,
}

impl Form {
    fn new(page: &str, action: &str, fields: &[(&'static str, &str)]) -> Form {
        let fields = fields.iter().map(|(k, v)| (*k, v.to_string())).collect();
        Form { page: page.into(), action: action.into(), fields }
    }
}

/// Tries every field of `form` with every hostile value and broken encoding.
/// `unique` makes a field's default value unique per attempt (slugs, usernames).
/// The value of the hidden input `name` on a page, if any.
fn hidden_value(body: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let at = body.find(&marker)? + marker.len();
    Some(body[at..].split('"').next()?.to_string())
}

/// The form's one-time token, when it has one: read afresh before each post.
async fn one_time_token(person: &mut Person, form: &Form) -> Vec<(String, String)> {
    if !form.fields.iter().any(|(key, _)| *key == "form_token") {
        return Vec::new();
    }
    let page = person.get(&form.page).await;
    vec![("form_token".into(), hidden_value(&page.body, "form_token").expect("a form token"))]
}

async fn attack(person: &mut Person, form: &Form, unique: &[&str], counter: &mut u32) {
    person.get(&form.page).await;
    for (field, _) in &form.fields {
        for (name, value) in hostile_values() {
            *counter += 1;
            let token = one_time_token(person, form).await;
            let mut fields: Vec<(String, String)> = vec![("csrf".into(), person.csrf.clone())];
            for (key, default) in &form.fields {
                if *key == "form_token" && key != field {
                    fields.extend(token.iter().cloned());
                    continue;
                }
                let text = if key == field {
                    value.clone()
                } else if unique.contains(key) {
                    format!("{default}{counter}")
                } else {
                    default.clone()
                };
                fields.push((key.to_string(), text));
            }
            let what = format!("POST {} {field}={name}", form.action);
            if name == "huge" {
                // Refused with 413, or the connection closed while the body
                // was still being sent; the server answers the next request.
                if let Some(page) = person.post_alone(&form.action, &fields).await {
                    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE, "{what}");
                }
                assert_safe(&what, &person.get(&form.page).await);
                continue;
            }
            let page = person.post_raw(&form.action, &fields).await;
            assert_safe(&what, &page);
        }
        for broken in BROKEN_ENCODINGS {
            let csrf = serde_urlencoded::to_string([("csrf", &person.csrf)]).unwrap();
            let body = format!("{csrf}&{}", broken.replace("FIELD", field));
            let page = person.post_encoded(&form.action, body).await;
            assert_safe(&format!("POST {} {field}: {broken}", form.action), &page);
        }
    }
}

/// A fund with a submitted claim, an approved one and an open proposal.
async fn fund(app: &TestApp) -> (String, String) {
    app.small_fund("5000.00").await;
    let command = Command::Allocate { committee: build::slug("maz"), money: build::money("3000.00", "EUR") };
    app.submit(command).await.unwrap();
    people(app).await;
    let mut member = Person::new(app);
    member.login("maz-1").await;
    let mut claims = Vec::new();
    for _ in 0..2 {
        member.get("/c/maz/claims/new").await;
        let fields = [
            ("worker", ""),
            ("category", "dismissal"),
            ("amount", "100.00"),
            ("currency", "EUR"),
            ("notes", ""),
        ];
        claims.push(claim_id(member.post("/c/maz/claims", &fields).await.redirected_to()));
    }
    for approver in ["maz-2", "maz-3"] {
        let mut person = Person::new(app);
        person.login(approver).await;
        person.get(&format!("/c/maz/claims/{}", claims[1])).await;
        person.post(&format!("/c/maz/claims/{}/approve", claims[1]), &[]).await;
    }
    (claims[0].clone(), claims[1].clone())
}

async fn logged_in(app: &TestApp, username: &str) -> Person {
    let mut person = Person::new(app);
    person.login(username).await;
    person
}

both_backends!(every_form_field_survives_hostile_values, |app| async move {
    let (open, approved) = fund(&app).await;
    let mut counter = 0;
    let mut admin = logged_in(&app, "admin").await;
    let admin_forms = [
        (
            Form::new(
                "/admin",
                "/admin/committees",
                &[("slug", "h"), ("name", "H"), ("public", "on"), ("threshold", "2")],
            ),
            &["slug"][..],
        ),
        (
            Form::new(
                "/admin",
                "/admin/users",
                &[("username", "h-user-"), ("role", "member"), ("password", "a-long-enough-password")],
            ),
            &["username"][..],
        ),
        (
            Form::new("/admin", "/admin/settings", &[("grant_amount", "1500.00"), ("grant_currency", "EUR")]),
            &[][..],
        ),
        (
            Form::new("/admin/committees/maz", "/admin/committees/maz/members", &[("username", "nobody")]),
            &[][..],
        ),
        (
            Form::new(
                "/admin/committees/maz",
                "/admin/committees/maz/allocations",
                &[("amount", "1.00"), ("currency", "EUR")],
            ),
            &[][..],
        ),
    ];
    for (form, unique) in &admin_forms {
        attack(&mut admin, form, unique, &mut counter).await;
    }
    let mut member = logged_in(&app, "maz-1").await;
    let claim_fields = [
        ("worker", ""),
        ("full_name", "Ivan Ivanov"),
        ("contact", "+375 29 000 00 00"),
        ("document", "MP1234567"),
        ("payment", "LT00 0000 0000 0000 0000"),
        ("category", "dismissal"),
        ("amount", "10.00"),
        ("currency", "EUR"),
        ("notes", ""),
    ];
    attack(&mut member, &Form::new("/c/maz/claims/new", "/c/maz/claims", &claim_fields), &[], &mut counter)
        .await;
    let password_fields =
        [("current", PASSWORD), ("new", "another-long-password-9"), ("repeat", "a-different-password-9")];
    attack(&mut member, &Form::new("/account", "/account/password", &password_fields), &[], &mut counter)
        .await;
    attack(
        &mut member,
        &Form::new("/account/totp", "/account/totp", &[("code", "123456")]),
        &[],
        &mut counter,
    )
    .await;
    let mut second = logged_in(&app, "maz-2").await;
    let claim_page = format!("/c/maz/claims/{open}");
    for action in ["reject", "cancel"] {
        let form = Form::new(&claim_page, &format!("{claim_page}/{action}"), &[("reason", "r")]);
        attack(&mut second, &form, &[], &mut counter).await;
    }
    let mut treasurer = logged_in(&app, "treasurer").await;
    let payout = format!("/treasurer/payouts/{approved}");
    let payout_fields = [
        ("form_token", ""),
        ("amount", "1.00"),
        ("account", "assets:bank:lt-main"),
        ("method", "card"),
        ("paid_on", "2020-10-01"),
        ("reference", "R"),
    ];
    attack(&mut treasurer, &Form::new(&payout, &payout, &payout_fields), &[], &mut counter).await;
    let donation_fields = [
        ("received_on", "2020-08-20"),
        ("amount", "1.00"),
        ("currency", "EUR"),
        ("account", "assets:bank:lt-main"),
        ("reference", "HOSTILE-FORM-"),
        ("earmark", ""),
        ("donor", ""),
    ];
    let form = Form::new("/treasurer/donations/new", "/treasurer/donations", &donation_fields);
    attack(&mut treasurer, &form, &["reference"], &mut counter).await;
    let exchange_fields = [
        ("form_token", ""),
        ("from_account", "assets:bank:lt-main"),
        ("from_amount", "1.00"),
        ("from_currency", "EUR"),
        ("to_account", "assets:bank:lt-main"),
        ("to_amount", "1.00"),
        ("to_currency", "EUR"),
        ("committee", ""),
    ];
    let form = Form::new("/treasurer/exchanges/new", "/treasurer/exchanges", &exchange_fields);
    attack(&mut treasurer, &form, &[], &mut counter).await;
    let fee_fields =
        [("form_token", ""), ("account", "assets:bank:lt-main"), ("amount", "0.01"), ("currency", "EUR")];
    attack(
        &mut treasurer,
        &Form::new("/treasurer/fees/new", "/treasurer/fees", &fee_fields),
        &[],
        &mut counter,
    )
    .await;
    let reverse_fields = [("seq", "999999"), ("reason", "r")];
    let form = Form::new("/treasurer/reversals/new", "/treasurer/reversals", &reverse_fields);
    attack(&mut treasurer, &form, &[], &mut counter).await;
    let erase_fields = [("worker", "W-0000-00"), ("reason", "request")];
    attack(&mut admin, &Form::new("/admin", "/admin/workers/erase", &erase_fields), &[], &mut counter).await;
    // The login form last: failed logins are throttled afterwards.
    let mut stranger = Person::new(&app);
    let login_fields = [("username", "maz-1"), ("password", "not-the-password"), ("next", "/app")];
    attack(&mut stranger, &Form::new("/login", "/login", &login_fields), &[], &mut counter).await;

    // Whatever was saved is shown escaped on every page that shows it.
    let pages =
        ["/admin", "/admin/committees/maz", "/c/maz", &claim_page, "/treasurer/payouts", &payout, "/app"];
    for path in pages {
        let page = admin.get(path).await;
        assert_safe(path, &page);
    }
    let page = app.get_text("/").await;
    assert!(!page.contains(SCRIPT), "the public page shows the markup unescaped");
    // JSON and text carry the name as data, never as a page a browser renders.
    for path in
        ["/api/v1/totals", "/export/journal.jsonl", "/export/ledger.hledger", "/export/ledger.beancount"]
    {
        let response = app.get(path).await;
        assert!(response.status().is_success(), "{path}: {}", response.status());
        let content_type = response.headers()["content-type"].to_str().unwrap().to_string();
        assert!(!content_type.contains("html"), "{path}: {content_type}");
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    }
    let names: Vec<String> =
        sqlx::query_scalar("SELECT name FROM committee_names").fetch_all(&app.state.db.pool).await.unwrap();
    assert!(names.iter().any(|n| n == SCRIPT), "markup in a committee name is legitimate text, saved as is");
    let admin_page = admin.get("/admin").await;
    assert!(admin_page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "and shown escaped");
});

/// The donation API's fields, each tried with every hostile value.
const DONATION_FIELDS: [&str; 7] =
    ["amount", "currency", "received_on", "account", "reference", "earmark", "donor"];

fn donation_json(field: &str, value: serde_json::Value, n: u32) -> String {
    let mut body = serde_json::json!({
        "amount": "1.00", "currency": "EUR", "received_on": "2020-08-20",
        "account": "assets:bank:lt-main", "earmark": null, "reference": format!("H-{n}"), "donor": null,
    });
    body[field] = value;
    body.to_string()
}

/// Posts a donation on a connection of its own (see `Person::post_alone`).
async fn post_alone(app: &TestApp, token: &str, body: String) -> (StatusCode, serde_json::Value) {
    let response = reqwest::Client::new()
        .post(app.url("/api/v1/donations"))
        .bearer_auth(token)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or_default())
}

both_backends!(every_donation_api_field_survives_hostile_values, |app| async move {
    app.small_fund("100.00").await;
    let token = app.token("hostile-feed", strikefund::domain::role::Role::Treasurer).await;
    let mut n = 0;
    let mut saved_markup = Vec::new();
    for field in DONATION_FIELDS {
        let mut values: Vec<(String, serde_json::Value)> = hostile_values()
            .into_iter()
            .map(|(name, v)| (name.to_string(), serde_json::Value::String(v)))
            .collect();
        values.extend([
            ("number".to_string(), serde_json::json!(1.5)),
            ("object".to_string(), serde_json::json!({"a": [1]})),
            ("list".to_string(), serde_json::json!(["1.00"])),
            ("bool".to_string(), serde_json::json!(true)),
        ]);
        for (name, value) in values {
            n += 1;
            let body = donation_json(field, value, n);
            let (status, answer) = if name == "huge" {
                post_alone(&app, &token, body).await
            } else {
                app.post_donation(Some(&token), None, body).await
            };
            let what = format!("{field}={name}");
            assert!(status.as_u16() < 500, "{what}: {status} {answer}");
            if name == "huge" {
                assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{what}");
            } else if !status.is_success() {
                let message = answer["error"].as_str().unwrap_or_default();
                assert!(!message.is_empty(), "{what}: a message says why");
                assert!(
                    !message.contains(SCRIPT) && !message.contains("DROP TABLE"),
                    "{what}: no echo: {message}"
                );
            } else if name == "script" {
                saved_markup.push(answer["receipt"].as_str().unwrap().to_string());
            }
        }
    }
    // Bodies that are not a donation at all.
    let nested = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let broken: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("not JSON", b"amount=1.00".to_vec()),
        ("invalid UTF-8", b"{\"amount\": \"\xff\xfe\"}".to_vec()),
        ("a list", b"[]".to_vec()),
        ("deeply nested", nested.into_bytes()[..60_000].to_vec()),
        ("unknown field", br#"{"amount":"1.00","sql":"'; DROP TABLE journal; --"}"#.to_vec()),
        ("duplicate field", br#"{"amount":"1.00","amount":"2.00"}"#.to_vec()),
    ];
    for (name, body) in broken {
        let (status, answer) = app.post_donation(Some(&token), None, body).await;
        assert!(status.is_client_error(), "{name}: {status} {answer}");
    }
    for (name, key) in [
        ("script", SCRIPT.to_string()),
        ("sql", "'; DROP TABLE journal; --".into()),
        ("long", "k".repeat(10_000)),
    ] {
        n += 1;
        let body = donation_json("amount", "1.00".into(), n);
        let (status, answer) = app.post_donation(Some(&token), Some(&key), body).await;
        assert!(status.as_u16() < 500, "Idempotency-Key {name}: {status} {answer}");
    }
    for (name, token) in [("empty", String::new()), ("script", SCRIPT.into()), ("long", "sft_".repeat(4_000))]
    {
        let (status, _) =
            app.post_donation(Some(&token), None, donation_json("amount", "1.00".into(), 0)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "token {name}");
    }
    // A donor name with markup is a legitimate public name, shown escaped.
    for receipt in saved_markup {
        let page = app.get_text(&format!("/receipt/{receipt}")).await;
        assert!(!page.contains(SCRIPT), "the receipt page shows the markup unescaped");
    }
    let page = app.get_text("/").await;
    assert!(!page.contains(SCRIPT));
});

both_backends!(every_url_parameter_survives_hostile_values, |app| async move {
    app.small_fund("100.00").await;
    people(&app).await;
    let mut admin = logged_in(&app, "admin").await;
    let mut anonymous = Person::new(&app);
    let templates = [
        "/receipt?code={x}",
        "/receipt/{x}",
        "/api/v1/receipts/{x}",
        "/api/v1/proof/inclusion?seq={x}&size=1",
        "/api/v1/proof/inclusion?seq=1&size={x}",
        "/api/v1/proof/consistency?from={x}&to=1",
        "/api/v1/proof/consistency?from=1&to={x}",
        "/lang/{x}",
        "/login?next={x}",
        "/export/ledger.hledger?until={x}",
        "/export/ledger.beancount?until={x}",
        "/c/{x}",
        "/c/maz/claims/{x}",
        "/admin/committees/{x}",
        "/treasurer/payouts/{x}",
        "/{x}",
    ];
    let mut values: Vec<(String, String)> = hostile_values()
        .into_iter()
        .filter(|(_, v)| v.len() <= URL_VALUE_BYTES_MAX)
        .map(|(name, v)| (name.to_string(), encode_component(&v)))
        .collect();
    values.push(("long".into(), "9".repeat(URL_VALUE_BYTES_MAX)));
    for raw in ["%ZZ", "%FF%FE%80", "%00", "..%2F..%2Fetc%2Fpasswd", "-1", "18446744073709551616"] {
        values.push((raw.to_string(), raw.to_string()));
    }
    for template in templates {
        for (name, value) in &values {
            let path = template.replace("{x}", value);
            for person in [&mut admin, &mut anonymous] {
                let page = person.get(&path).await;
                assert_safe(&format!("GET {template} {name}"), &page);
            }
        }
    }
});

both_backends!(token_names_from_the_command_line_are_checked, |app| async move {
    for (name, ok) in [("", false), ("a\u{7}b", false), (&"n".repeat(10_000)[..], false), (SCRIPT, true)] {
        let output = crate::processes::cli(&app, &["token", "create", "--name", name, "--role", "treasurer"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.success(), ok, "token name {name:?}: {stderr}");
        if !ok {
            assert!(stderr.contains("name"), "the error names the field: {stderr}");
        }
    }
});

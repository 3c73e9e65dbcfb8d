//! Hardening: the security headers on every response (pages, API, exports,
//! redirects, errors and 404s), no inline script or style in any page, and
//! no session id that was known before login is valid after it.

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::both_backends;
use crate::helpers::TestApp;
use crate::web::{PASSWORD, Person, people};

fn assert_hardened(what: &str, headers: &HeaderMap) {
    let header = |name: &str| headers.get(name).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let csp = header("content-security-policy");
    for directive in ["default-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"]
    {
        assert!(csp.contains(directive), "{what}: CSP {csp:?} lacks {directive}");
    }
    assert!(!csp.contains("script-src") && !csp.contains("unsafe-"), "{what}: CSP {csp:?} allows scripts");
    assert_eq!(header("referrer-policy"), "no-referrer", "{what}");
    assert_eq!(header("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(header("x-frame-options"), "DENY", "{what}");
}

/// Every GET route, with parameters that exist, that do not, and that are malformed.
fn paths(claim: &str, receipt: &str) -> Vec<String> {
    let fixed = [
        "/",
        "/static/app.css",
        "/api/v1/journal/head",
        "/api/v1/totals",
        "/export/journal.jsonl",
        "/export/ledger.hledger",
        "/export/ledger.beancount",
        "/api/v1/checkpoint",
        "/api/v1/proof/inclusion?seq=1&size=2",
        "/api/v1/proof/inclusion?seq=x",
        "/api/v1/proof/consistency?from=1&to=2",
        "/api/v1/proof/consistency?from=3&to=1",
        "/receipt?code=nothing",
        "/receipt/AAAA-BBBB-CCCC",
        "/api/v1/receipts/AAAA-BBBB-CCCC",
        "/lang/be",
        "/login",
        "/login/totp",
        "/account",
        "/account/totp",
        "/app",
        "/c/maz",
        "/c/nowhere",
        "/c/maz/claims/new",
        "/c/maz/claims/C-NONE",
        "/admin",
        "/admin/committees/maz",
        "/admin/committees/nowhere",
        "/treasurer/payouts",
        "/treasurer/payouts/C-NONE",
        "/no/such/page",
        "/static/missing.js",
    ];
    let mut paths: Vec<String> = fixed.iter().map(|p| p.to_string()).collect();
    paths.extend([
        format!("/c/maz/claims/{claim}"),
        format!("/treasurer/payouts/{claim}"),
        format!("/receipt/{receipt}"),
        format!("/api/v1/receipts/{receipt}"),
    ]);
    paths
}

async fn fund(app: &TestApp) -> (String, String) {
    app.small_fund("100.00").await;
    people(app).await;
    let mut member = Person::new(app);
    member.login("maz-1").await;
    member.get("/c/maz/claims/new").await;
    let fields =
        [("worker", ""), ("category", "dismissal"), ("amount", "1.00"), ("currency", "EUR"), ("notes", "")];
    let claim = crate::web::claim_id(member.post("/c/maz/claims", &fields).await.redirected_to());
    let receipt: String = sqlx::query_scalar("SELECT receipt FROM donations LIMIT 1")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    (claim, receipt)
}

both_backends!(every_response_carries_the_security_headers, |app| async move {
    let (claim, receipt) = fund(&app).await;
    let mut people_at_browsers = Vec::new();
    for username in [None, Some("maz-1"), Some("treasurer"), Some("admin"), Some("auditor")] {
        let mut person = Person::new(&app);
        if let Some(username) = username {
            person.login(username).await;
        }
        people_at_browsers.push((username.unwrap_or("anonymous"), person));
    }
    let mut statuses = std::collections::BTreeSet::new();
    for path in paths(&claim, &receipt) {
        for (who, person) in &mut people_at_browsers {
            let response = person.client.get(format!("{}{path}", person.base)).send().await.unwrap();
            let what = format!("GET {path} as {who}: {}", response.status());
            assert!(response.status().as_u16() < 500, "{what}");
            statuses.insert(response.status().as_u16());
            assert_hardened(&what, response.headers());
            let html =
                response.headers().get("content-type").is_some_and(|c| c.to_str().unwrap().contains("html"));
            let body = response.text().await.unwrap();
            if html {
                for inline in ["<script", " style=", " onload=", " onclick=", "javascript:"] {
                    assert!(!body.contains(inline), "{what}: the page has {inline}");
                }
            }
        }
    }
    for expected in [200, 303, 400, 403, 404] {
        assert!(statuses.contains(&expected), "a {expected} was among the responses checked: {statuses:?}");
    }
    // Refusals of writes: no CSRF token, a wrong method, an oversized body,
    // no API token, bad JSON.
    let client = reqwest::Client::new();
    let requests = [
        client.post(app.url("/admin/committees")).form(&[("slug", "x")]),
        client.post(app.url("/login")).form(&[("username", "x")]),
        client.delete(app.url("/")),
        client.put(app.url("/api/v1/donations")),
        client.post(app.url("/api/v1/donations")).body("{}"),
        client.post(app.url("/api/v1/donations")).bearer_auth("sft_00000000_00").body("{"),
    ];
    for request in requests {
        let response = request.send().await.unwrap();
        assert_hardened(&format!("a refused write: {}", response.status()), response.headers());
    }
    let oversized =
        reqwest::Client::new().post(app.url("/login")).body("x".repeat(100_000)).send().await.unwrap();
    assert_eq!(oversized.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_hardened("an oversized body", oversized.headers());
});

both_backends!(no_session_id_known_before_login_is_valid_after_it, |app| async move {
    app.small_fund("100.00").await;
    people(&app).await;
    // An attacker plants a session id of their choosing in the victim's browser.
    let planted = "a".repeat(64);
    let mut victim = Person::new(&app);
    let url: reqwest::Url = app.address.parse().unwrap();
    victim.jar.add_cookie_str(&format!("sf_session={planted}; Path=/"), &url);
    let page = victim.get("/login").await;
    assert_eq!(page.status, StatusCode::OK);
    let before_login = victim.session_cookie();
    victim.login("maz-1").await;
    let after_login = victim.session_cookie().expect("a session");
    assert_ne!(Some(after_login.clone()), before_login);
    assert_ne!(after_login, planted);
    // Neither the planted id nor the id of an earlier session is valid.
    let mut earlier = Person::new(&app);
    earlier.login("maz-1").await;
    let earlier_id = earlier.session_cookie().unwrap();
    earlier.login("maz-1").await;
    for stale in [planted, earlier_id] {
        let response = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
            .get(app.url("/account"))
            .header("cookie", format!("sf_session={stale}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "an old or planted id opens no session");
    }
    // The victim's own session works, and a second login replaces it.
    assert_eq!(victim.get("/account").await.status, StatusCode::OK);
    victim.login_with("maz-1", PASSWORD).await;
    assert_ne!(victim.session_cookie().unwrap(), after_login);
});

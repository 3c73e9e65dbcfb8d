//! No request path and no start-up path scans the journal or any table that
//! grows with the ledger. Two independent checks on a grown fund:
//! - SQLite: the query plan of every SQL statement in the program's source
//!   (`EXPLAIN QUERY PLAN`) searches by index, never scans a growing table;
//! - PostgreSQL: after every page, API answer and a restart, the server's own
//!   statistics show no sequential scan of the journal and a bounded number
//!   of journal rows fetched per request.

use std::path::Path;

use strikefund::demo;

use crate::both_backends;
use crate::helpers::{Backend, TestApp};
use crate::web::Person;

/// Tables whose size grows with the ledger (entries, claims, donations…).
const GROWING_TABLES: &[&str] = &[
    "journal",
    "merkle_nodes",
    "donations",
    "sealed_records",
    "worker_identities",
    "erasures",
    "idempotency",
    "claims",
    "claim_approvals",
    "claim_events",
    "workers",
    "workers_paid",
    "reversals",
    "checkpoints",
    "member_proposals",
    "member_proposal_approvals",
];

/// Entries in the grown fund.
const GROWN_ENTRIES: u64 = 5_000;

/// Journal rows a single request may read through an index (a proof reads
/// O(log n) of them, a page of the export reads its page).
const JOURNAL_ROWS_PER_REQUEST_MAX: i64 = 64;

/// Every SQL string literal passed to `sqlx::query*` in `src/`, with its file.
fn sql_in_source() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for item in std::fs::read_dir(dir).unwrap() {
            let path = item.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for sql in string_literals_after(&text, &["query(", "query_as(", "query_scalar("]) {
                    out.push((path.display().to_string(), sql));
                }
            }
        }
    }
    out
}

/// The string literal that directly follows any of `openers` (skipping
/// turbofish and whitespace), with Rust escapes and line continuations undone.
fn string_literals_after(text: &str, openers: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for opener in openers {
        let name = &opener[..opener.len() - 1];
        let mut rest = text;
        while let Some(at) = rest.find(name) {
            rest = &rest[at + name.len()..];
            let mut tail = rest;
            if let Some(after) = tail.strip_prefix("::<") {
                let Some(close) = after.find(">(") else { continue };
                tail = &after[close + 1..];
            }
            let Some(after) = tail.strip_prefix('(') else { continue };
            let Some(literal) = after.trim_start().strip_prefix('"') else { continue };
            let mut sql = String::new();
            let mut chars = literal.chars();
            while let Some(c) = chars.next() {
                match c {
                    '"' => break,
                    '\\' => match chars.next() {
                        Some('\n') => {
                            let skipped: String = chars.clone().take_while(|c| c.is_whitespace()).collect();
                            for _ in 0..skipped.chars().count() {
                                chars.next();
                            }
                        }
                        Some('n') => sql.push('\n'),
                        Some(other) => sql.push(other),
                        None => break,
                    },
                    other => sql.push(other),
                }
            }
            found.push(sql);
        }
    }
    found
}

async fn grown_fund(app: &TestApp) {
    demo::grow(&app.state, GROWN_ENTRIES, |_| {}).await.unwrap();
    let hash = strikefund::web::auth::hash_password(crate::web::PASSWORD).unwrap();
    sqlx::query("UPDATE users SET password_hash = $1").bind(hash).execute(&app.state.db.pool).await.unwrap();
    let signer =
        std::sync::Arc::new(strikefund_audit::note::Signer::from_seed("strikefund", &[0x33; 32]).unwrap());
    strikefund::checkpoints::sign(&app.state.journal, signer).await.unwrap();
}

/// Requests every kind of page and API answer a visitor, a member, the
/// treasurer, the board and an auditor can ask for; returns how many.
async fn sweep(app: &TestApp) -> i64 {
    let head = app.head_seq().await;
    let (claim, committee): (String, String) = sqlx::query_as(
        "SELECT c.id, n.slug FROM claims c JOIN committee_names n ON n.key = c.committee \
                        WHERE n.slug = 'maz' ORDER BY c.submitted_seq DESC LIMIT 1",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    let receipt: String =
        sqlx::query_scalar("SELECT receipt FROM donations WHERE seq = (SELECT MAX(seq) FROM donations)")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    let public = [
        "/".to_string(),
        "/api/v1/totals".into(),
        "/api/v1/journal/head".into(),
        "/api/v1/checkpoint".into(),
        format!("/api/v1/proof/inclusion?seq={}&size={}", head / 2, head - 1),
        format!("/api/v1/proof/consistency?from={}&to={}", head / 3, head - 1),
        format!("/receipt/{receipt}"),
        format!("/api/v1/receipts/{receipt}"),
    ];
    let mut requests = 0;
    for path in &public {
        let response = app.get(path).await;
        assert!(response.status().is_success(), "{path}: {}", response.status());
        requests += 1;
    }
    let pages: [(&str, Vec<String>); 4] = [
        (
            "maz-2",
            vec![
                "/app".into(),
                format!("/c/{committee}"),
                format!("/c/{committee}/claims/{claim}"),
                format!("/c/{committee}/claims/new"),
            ],
        ),
        (
            "treasurer",
            vec![
                "/treasurer/payouts".into(),
                format!("/c/{committee}"),
                "/treasurer".into(),
                "/treasurer/donations/new".into(),
                "/treasurer/import".into(),
                "/treasurer/exchanges/new".into(),
                "/treasurer/fees/new".into(),
                "/treasurer/reversals/new".into(),
            ],
        ),
        ("admin", vec!["/admin".into(), format!("/admin/committees/{committee}")]),
        ("auditor", vec!["/app".into(), format!("/c/{committee}/claims/{claim}")]),
    ];
    for (username, paths) in pages {
        let mut person = Person::new(app);
        person.login(username).await;
        for path in paths {
            let page = person.get(&path).await;
            assert_eq!(page.status, reqwest::StatusCode::OK, "{username} {path}");
            requests += 1;
        }
    }
    requests
}

both_backends!(no_request_or_start_scans_what_grows_with_the_ledger, |app| async move {
    grown_fund(&app).await;
    match app.db.backend {
        Backend::Sqlite => {
            let statements = sql_in_source();
            assert!(statements.len() > 50, "found only {} statements", statements.len());
            let mut scans = Vec::new();
            for (file, sql) in statements {
                if sql.contains("pg_") {
                    continue;
                }
                let parameters = (1..=40).filter(|n| sql.contains(&format!("${n}"))).count();
                let mut query = sqlx::query_as::<_, (i64, i64, i64, String)>(sqlx::AssertSqlSafe(format!(
                    "EXPLAIN QUERY PLAN {sql}"
                )));
                for _ in 0..parameters {
                    query = query.bind(None::<String>);
                }
                let plan = query
                    .fetch_all(&app.state.db.pool)
                    .await
                    .unwrap_or_else(|e| panic!("{file}: {sql}: {e}"));
                for (_, _, _, detail) in plan {
                    let scanned = detail.strip_prefix("SCAN ").map(|t| t.split(' ').next().unwrap_or(""));
                    if scanned.is_some_and(|table| GROWING_TABLES.contains(&table)) {
                        scans.push(format!("{file}: {sql} → {detail}"));
                    }
                }
            }
            assert!(scans.is_empty(), "statements that scan a growing table:\n{}", scans.join("\n"));
            assert!(sweep(&app).await > 10);
        }
        Backend::Postgres => {
            sqlx::raw_sql("ANALYZE").execute(&app.state.db.pool).await.unwrap();
            sqlx::query("SELECT pg_stat_reset()").execute(&app.state.db.pool).await.unwrap();
            let requests = sweep(&app).await;
            // A restart: the startup check and the writer's cache load.
            let restarted = strikefund::server::prepare(&app.db.url, Default::default()).await.unwrap();
            assert!(restarted.journal.read_only_reason().is_none());
            restarted
                .journal
                .submit(
                    strikefund::journal::Actor::system(),
                    strikefund::journal::Command::Allocate {
                        committee: crate::helpers::build::slug("maz"),
                        money: crate::helpers::build::money("1.00", "EUR"),
                    },
                )
                .await
                .unwrap();
            // Each backend reports its statistics when it goes idle, within
            // PostgreSQL's idle interval (10 s); closing the restarted
            // server's pool makes its backends report at exit.
            restarted.db.pool.close().await;
            let mut waited = 0;
            let (seq_scans, seq_rows, index_rows) = loop {
                sqlx::query("SELECT pg_stat_clear_snapshot()").execute(&app.state.db.pool).await.unwrap();
                let counts: (i64, i64, i64) = sqlx::query_as(
                    "SELECT CAST(COALESCE(seq_scan, 0) AS BIGINT), CAST(COALESCE(seq_tup_read, 0) AS BIGINT), \
                     CAST(COALESCE(idx_tup_fetch, 0) AS BIGINT) FROM pg_stat_user_tables WHERE relname = 'journal'",
                )
                .fetch_one(&app.state.db.pool)
                .await
                .unwrap();
                if counts.2 >= strikefund::journal::STARTUP_TAIL_ENTRIES || waited >= 15 {
                    break counts;
                }
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                waited += 1;
            };
            assert_eq!((seq_scans, seq_rows), (0, 0), "the journal was scanned");
            // The start-up check re-hashes a bounded tail; requests read a few rows each.
            let bound =
                strikefund::journal::STARTUP_TAIL_ENTRIES + 1 + requests * JOURNAL_ROWS_PER_REQUEST_MAX;
            assert!(index_rows <= bound, "{index_rows} journal rows read by {requests} requests and a start");
            assert!(index_rows >= strikefund::journal::STARTUP_TAIL_ENTRIES, "the statistics were collected");
        }
    }
});

//! The real `strikefund` binary as separate processes: killed with SIGKILL
//! under sustained donation traffic and restarted, two servers and several
//! admin commands writing to one database at once, the startup check with
//! `strikefund repair`, and what the server writes to its log.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command as Process, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::audit::{audit_report, tamper};
use crate::both_backends;
use crate::helpers::TestApp;

/// Longest wait for a started server to listen, in seconds.
const START_TIMEOUT_S: u64 = 60;
/// Longest wait for one HTTP answer, in seconds.
const REQUEST_TIMEOUT_S: u64 = 30;
/// Checks of the log, 50 ms apart, before a line is taken to be missing.
const LOG_WAIT_STEPS: u32 = 200;

/// A `strikefund serve` process on a port of its choosing, with its log.
pub struct Server {
    child: Child,
    pub base: String,
    log: Arc<Mutex<Vec<String>>>,
}

/// Removes terminal colour sequences (`ESC [ … letter`) from a log line.
fn strip_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

impl Server {
    /// Starts the binary on the app's database, with its data key and the
    /// log filter `log`, and waits until it listens.
    pub async fn start(app: &TestApp, log: &str) -> Server {
        let mut child = Process::new(env!("CARGO_BIN_EXE_strikefund"))
            .args(["--db", &app.db.url, "serve", "--listen", "127.0.0.1:0"])
            .arg("--data-key")
            .arg(&app.db.data_key_path)
            .env("STRIKEFUND_LOG", log)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the strikefund binary starts");
        let stderr = child.stderr.take().expect("stderr is piped");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let (address_sender, address) = std::sync::mpsc::channel();
        let kept = Arc::clone(&lines);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                let line = strip_ansi(&line);
                if line.contains("serving")
                    && let Some(rest) = line.split("address=").nth(1)
                {
                    let _ = address_sender.send(rest.split_whitespace().next().unwrap_or("").to_string());
                }
                kept.lock().unwrap().push(line);
            }
        });
        let waited =
            tokio::task::spawn_blocking(move || address.recv_timeout(Duration::from_secs(START_TIMEOUT_S)))
                .await
                .unwrap();
        let Ok(address) = waited else {
            let _ = child.kill();
            panic!("the server did not start: {}", lines.lock().unwrap().join("\n"));
        };
        Server { child, base: format!("http://{address}"), log: lines }
    }

    /// Kills the process with SIGKILL: no shutdown, no flushing, no goodbye.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Everything the process wrote to stderr so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    /// The log once it holds `needle` (the server writes a request's line
    /// after answering, so the line may come a moment after the answer).
    pub async fn log_with(&self, needle: &str) -> String {
        for _ in 0..LOG_WAIT_STEPS {
            let log = self.log();
            if log.contains(needle) {
                return log;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the log never held {needle:?}:\n{}", self.log());
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn head(&self) -> Value {
        let response = http().get(self.url("/api/v1/journal/head")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

fn http() -> reqwest::Client {
    reqwest::Client::builder().timeout(Duration::from_secs(REQUEST_TIMEOUT_S)).build().unwrap()
}

/// Runs an admin command of the real binary on the app's database, with its data key.
pub fn cli(app: &TestApp, args: &[&str]) -> Output {
    cli_on(&app.db.url, &app.db.data_key_path, args)
}

/// Runs an admin command of the real binary on `db_url` with the data key file `data_key`.
pub fn cli_on(db_url: &str, data_key: &Path, args: &[&str]) -> Output {
    Process::new(env!("CARGO_BIN_EXE_strikefund"))
        .arg("--db")
        .arg(db_url)
        .arg("--data-key")
        .arg(data_key)
        .args(args)
        .env("STRIKEFUND_LOG", "warn")
        .output()
        .expect("the strikefund binary runs")
}

/// A new API token for a bank feed, made with `strikefund token create`.
pub fn cli_token(app: &TestApp, name: &str) -> String {
    let output = cli(app, &["token", "create", "--name", name, "--role", "treasurer"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

/// A donation of 1.00 EUR whose bank reference is `reference`.
fn donation_body(reference: &str, earmark: Option<&str>) -> String {
    json!({
        "amount": "1.00", "currency": "EUR", "received_on": "2020-08-20",
        "account": "assets:bank:lt-main", "earmark": earmark, "reference": reference, "donor": null,
    })
    .to_string()
}

/// Posts a donation; the status and JSON answer, or None when no answer came.
async fn post_donation(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    key: &str,
    body: String,
) -> Option<(StatusCode, Value)> {
    let response = client
        .post(format!("{base}/api/v1/donations"))
        .bearer_auth(token)
        .header("idempotency-key", key)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .ok()?;
    let status = response.status();
    let body = response.json().await.ok()?;
    Some((status, body))
}

/// The seq of an answer that recorded (201) or found (200) a donation.
fn seq_of(answer: &(StatusCode, Value)) -> u64 {
    answer.1["seq"].as_u64().unwrap_or_else(|| panic!("no seq in {answer:?}"))
}

/// The number of journal entries of `kind`.
async fn entries_of_kind(app: &TestApp, kind: &str) -> u64 {
    crate::web::entries_of_kind(app, kind).await as u64
}

/// `strikefund-audit verify --db` and `balances --db` both find nothing.
fn assert_audit_passes(app: &TestApp) {
    let (code, report) = audit_report(&["verify", "--db", &app.db.url]);
    assert_eq!(code, 0, "verify: {report}");
    let (code, report) = audit_report(&["balances", "--db", &app.db.url]);
    assert_eq!(code, 0, "the balances table differs from the journal: {report}");
}

/// Concurrent clients posting donations during a crash round.
const CRASH_CLIENTS: usize = 8;
/// Requests one client sends at most before the kill stops it.
const CRASH_REQUESTS_PER_CLIENT_MAX: usize = 2_000;
/// Kill and restart rounds per backend.
const CRASH_ROUNDS: usize = 3;
/// The kill comes this long after traffic starts, plus a random part.
const KILL_DELAY_MIN_MS: u64 = 250;
const KILL_DELAY_RANDOM_MS: u64 = 1_000;

/// One donation request and the seq it was acknowledged with, if it was.
#[derive(Debug, Clone)]
struct Sent {
    key: String,
    acked: Option<u64>,
}

/// Sends donations one after another until the server stops answering.
async fn crash_client(base: String, token: String, prefix: String, stop: Arc<AtomicBool>) -> Vec<Sent> {
    let client = http();
    let mut sent = Vec::new();
    for n in 0..CRASH_REQUESTS_PER_CLIENT_MAX {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let key = format!("{prefix}-{n}");
        match post_donation(&client, &base, &token, &key, donation_body(&key, None)).await {
            Some(answer) if answer.0 == StatusCode::CREATED => {
                sent.push(Sent { key, acked: Some(seq_of(&answer)) });
            }
            Some(answer) => panic!("{key}: a live server answered {answer:?}"),
            None => {
                // No answer: the request may or may not have been recorded.
                sent.push(Sent { key, acked: None });
                break;
            }
        }
    }
    sent
}

/// Retries every request with its key; returns the seq each one has now,
/// and how many unacknowledged ones had been recorded before the kill.
/// Acknowledged requests must answer 200 with the seq they were acknowledged with.
async fn retry_all(base: &str, token: &str, sent: &[Sent]) -> (BTreeMap<String, u64>, usize) {
    let mut tasks = Vec::new();
    for chunk in sent.chunks(sent.len().div_ceil(CRASH_CLIENTS).max(1)) {
        let (chunk, base, token) = (chunk.to_vec(), base.to_string(), token.to_string());
        tasks.push(tokio::spawn(async move {
            let client = http();
            let (mut seqs, mut recorded_unanswered) = (Vec::new(), 0);
            for request in chunk {
                let body = donation_body(&request.key, None);
                let answer = post_donation(&client, &base, &token, &request.key, body).await;
                let answer = answer.unwrap_or_else(|| panic!("{}: no answer after the restart", request.key));
                let seq = seq_of(&answer);
                match request.acked {
                    Some(acked) => {
                        assert_eq!(
                            answer.0,
                            StatusCode::OK,
                            "{}: acknowledged, then {answer:?}",
                            request.key
                        );
                        assert_eq!(seq, acked, "{}: the same seq as acknowledged", request.key);
                    }
                    None => {
                        let status = answer.0;
                        assert!(
                            status == StatusCode::CREATED || status == StatusCode::OK,
                            "{}: {answer:?}",
                            request.key
                        );
                        recorded_unanswered += usize::from(status == StatusCode::OK);
                    }
                }
                seqs.push((request.key, seq));
            }
            (seqs, recorded_unanswered)
        }));
    }
    let (mut seqs, mut recorded_unanswered) = (BTreeMap::new(), 0);
    for task in tasks {
        let (chunk, recorded) = task.await.unwrap();
        seqs.extend(chunk);
        recorded_unanswered += recorded;
    }
    (seqs, recorded_unanswered)
}

fn random_delay() -> Duration {
    let [a, b] = strikefund::domain::ids::random_bytes::<2>();
    let random = u64::from(u16::from_le_bytes([a, b])) % KILL_DELAY_RANDOM_MS;
    Duration::from_millis(KILL_DELAY_MIN_MS + random)
}

both_backends!(a_server_killed_under_load_loses_and_doubles_nothing, |app| async move {
    app.sample_fund().await;
    let token = cli_token(&app, "crash-feed");
    let before = entries_of_kind(&app, "donation").await;
    let mut all: Vec<Sent> = Vec::new();
    for round in 0..CRASH_ROUNDS {
        let mut server = Server::start(&app, "info").await;
        assert_eq!(server.head().await["writes_refused"], Value::Null, "{}", server.log());
        let stop = Arc::new(AtomicBool::new(false));
        let clients: Vec<_> = (0..CRASH_CLIENTS)
            .map(|client| {
                let prefix = format!("crash-{round}-{client}");
                tokio::spawn(crash_client(server.base.clone(), token.clone(), prefix, Arc::clone(&stop)))
            })
            .collect();
        tokio::time::sleep(random_delay()).await;
        server.kill();
        stop.store(true, Ordering::Relaxed);
        let mut sent = Vec::new();
        for client in clients {
            sent.extend(client.await.unwrap());
        }
        let acked = sent.iter().filter(|s| s.acked.is_some()).count();
        eprintln!("round {round}: {acked} acknowledged, {} unanswered at the kill", sent.len() - acked);
        assert!(acked > 0, "round {round}: traffic reached the server");

        // Restarted, the startup check passes and every request is there once.
        let server = Server::start(&app, "info").await;
        assert_eq!(server.head().await["writes_refused"], Value::Null, "{}", server.log());
        all.extend(sent);
        let (seqs, recorded_unanswered) = retry_all(&server.base, &token, &all).await;
        eprintln!(
            "round {round}: {recorded_unanswered} unanswered requests had been recorded before the kill"
        );
        let distinct: BTreeSet<u64> = seqs.values().copied().collect();
        assert_eq!(distinct.len(), all.len(), "round {round}: one entry per request");
        let recorded = entries_of_kind(&app, "donation").await;
        assert_eq!(recorded, before + all.len() as u64, "round {round}: no donation lost or doubled");
        // Every request, retried again, is found and not recorded again.
        let acked: Vec<Sent> =
            all.iter().map(|s| Sent { key: s.key.clone(), acked: Some(seqs[&s.key]) }).collect();
        retry_all(&server.base, &token, &acked).await;
        assert_eq!(entries_of_kind(&app, "donation").await, recorded);
        all = acked;
    }
    assert_audit_passes(&app);
    let expected = 100 * all.len() as i64;
    assert_eq!(app.balance("assets:bank:lt-main", "EUR").await, expected);
});

both_backends!(two_servers_and_concurrent_allocations_keep_one_chain, |app| async move {
    app.small_fund("100.00").await;
    let token = cli_token(&app, "two-servers");
    let servers = [Server::start(&app, "info").await, Server::start(&app, "info").await];
    // Six allocations of 30.00 from a general fund of 100.00, each by its own
    // process, while both servers take earmarked donations.
    let allocations: Vec<_> = (0..6)
        .map(|_| {
            let (url, key) = (app.db.url.clone(), app.db.data_key_path.clone());
            tokio::task::spawn_blocking(move || {
                cli_on(&url, &key, &["allocate", "--committee", "maz", "30.00", "EUR"])
            })
        })
        .collect();
    let mut donors = Vec::new();
    for client in 0..8 {
        let (base, token) = (servers[client % 2].base.clone(), token.clone());
        donors.push(tokio::spawn(async move {
            let http = http();
            let mut seqs = Vec::new();
            for n in 0..25 {
                let key = format!("two-{client}-{n}");
                let answer =
                    post_donation(&http, &base, &token, &key, donation_body(&key, Some("maz"))).await;
                let answer = answer.expect("an answer");
                assert_eq!(answer.0, StatusCode::CREATED, "{answer:?}");
                seqs.push(seq_of(&answer));
            }
            seqs
        }));
    }
    let mut seqs = BTreeSet::new();
    for donor in donors {
        seqs.extend(donor.await.unwrap());
    }
    assert_eq!(seqs.len(), 200, "every donation has its own seq");
    let mut allocated = 0;
    for allocation in allocations {
        let output = allocation.await.unwrap();
        if output.status.success() {
            allocated += 1;
        } else {
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(stderr.contains("equity:funds:general: available 10.00 EUR"), "{stderr}");
        }
    }
    assert_eq!(allocated, 3, "three allocations fit in the general fund, no more");
    assert_eq!(app.balance("equity:funds:general", "EUR").await, -1_000);
    assert_eq!(app.balance("equity:funds:committee:maz", "EUR").await, -(9_000 + 200 * 100));
    assert_audit_passes(&app);
    for server in &servers {
        assert!(!server.log().contains("ERROR"), "{}", server.log());
    }
});

both_backends!(a_tampered_balance_stops_writes_until_the_projections_are_rebuilt, |app| async move {
    app.small_fund("100.00").await;
    let token = cli_token(&app, "after-repair");
    tamper(&app, "UPDATE balances SET minor = minor + 5000 WHERE account = 'assets:bank:lt-main';");
    let head = app.head_seq().await;
    let server = Server::start(&app, "info").await;
    let refused = server.head().await["writes_refused"].as_str().unwrap_or_default().to_string();
    assert!(
        refused.contains("the balances table is wrong: the EUR balances sum to 5000 minor units"),
        "{refused}"
    );
    assert!(refused.contains("strikefund repair --rebuild-projections"), "{refused}");
    server.log_with(&refused).await;
    let answer =
        post_donation(&http(), &server.base, &token, "k-1", donation_body("R-1", None)).await.unwrap();
    assert_eq!(answer.0, StatusCode::SERVICE_UNAVAILABLE, "{answer:?}");
    assert!(answer.1["error"].as_str().unwrap().contains("balances table"), "{answer:?}");
    assert_eq!(app.head_seq().await, head, "nothing was written");
    drop(server);

    let repaired = cli(&app, &["repair", "--rebuild-projections"]);
    let stdout = String::from_utf8_lossy(&repaired.stdout);
    assert!(repaired.status.success(), "{}", String::from_utf8_lossy(&repaired.stderr));
    assert!(stdout.contains(&format!("projections rebuilt from entries 1 to {head}")), "{stdout}");
    let (kind, body): (String, String) =
        sqlx::query_as("SELECT kind, body FROM journal ORDER BY seq DESC LIMIT 1")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(kind, "repair");
    assert_eq!(body, format!("{{\"action\":\"rebuild_projections\",\"through\":{head}}}"));
    assert_eq!(app.balance("assets:bank:lt-main", "EUR").await, 10_000);

    let server = Server::start(&app, "info").await;
    assert_eq!(server.head().await["writes_refused"], Value::Null);
    let answer =
        post_donation(&http(), &server.base, &token, "k-2", donation_body("R-2", None)).await.unwrap();
    assert_eq!(answer.0, StatusCode::CREATED, "{answer:?}");
    assert_audit_passes(&app);
});

/// Values that must never appear in a log: planted in every private field.
const CANARIES: [&str; 9] = [
    "CANARY-NOTES-7d1e",
    "CANARY-PAYREF-4b2a",
    "CANARY-DONREF-9c3f",
    "CANARY-DONOR-5e8d",
    "CANARY-REASON-2a6b",
    "Canary Name Dzmitry",
    "canary-contact-3f1c@example.org",
    "MP7CANARY93",
    "LT60CANARY0000000001",
];

both_backends!(the_server_log_holds_no_personal_data_or_secret, |app| async move {
    use crate::web::{PASSWORD, Person, claim_id, people};
    app.small_fund("5000.00").await;
    let command = strikefund::journal::Command::Allocate {
        committee: crate::helpers::build::slug("maz"),
        money: crate::helpers::build::money("3000.00", "EUR"),
    };
    app.submit(command).await.unwrap();
    people(&app).await;
    let token = cli_token(&app, "log-feed");
    let server = Server::start(&app, "debug").await;
    let mut persons: Vec<Person> = Vec::new();
    for username in ["maz-1", "maz-2", "maz-3", "treasurer"] {
        let mut person = Person::at(&server.base);
        person.login(username).await;
        persons.push(person);
    }
    // A claim for a new worker with their private details and notes,
    // approved by two others and paid.
    let submit = |notes: &'static str, person: [&'static str; 4]| {
        [
            ("worker", ""),
            ("full_name", person[0]),
            ("contact", person[1]),
            ("document", person[2]),
            ("payment", person[3]),
            ("category", "dismissal"),
            ("amount", "1500.00"),
            ("currency", "EUR"),
            ("notes", notes),
        ]
    };
    persons[0].get("/c/maz/claims/new").await;
    let person = [CANARIES[5], CANARIES[6], CANARIES[7], CANARIES[8]];
    let page = persons[0].post("/c/maz/claims", &submit(CANARIES[0], person)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let claim = claim_id(page.redirected_to());
    for approver in [1, 2] {
        persons[approver].get(&format!("/c/maz/claims/{claim}")).await;
        let page = persons[approver].post(&format!("/c/maz/claims/{claim}/approve"), &[]).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    }
    let pay = [
        ("amount", "1500.00"),
        ("account", "assets:bank:lt-main"),
        ("method", "bank_transfer"),
        ("paid_on", "2020-10-01"),
        ("reference", CANARIES[1]),
    ];
    let (page, _) = crate::web::send_payout(&mut persons[3], &claim, &pay).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    // A second claim, rejected with a reason.
    persons[0].get("/c/maz/claims/new").await;
    let page = persons[0].post("/c/maz/claims", &submit("", ["", "", "", ""])).await;
    let rejected = claim_id(page.redirected_to());
    persons[1].get(&format!("/c/maz/claims/{rejected}")).await;
    let page = persons[1].post(&format!("/c/maz/claims/{rejected}/reject"), &[("reason", CANARIES[4])]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    // A donation by the bank feed, with a private reference and a public donor.
    let body = json!({
        "amount": "25.00", "currency": "EUR", "received_on": "2020-08-21", "account": "assets:bank:lt-main",
        "earmark": null, "reference": CANARIES[2], "donor": CANARIES[3],
    });
    let answer = post_donation(&http(), &server.base, &token, "log-key-1", body.to_string()).await.unwrap();
    assert_eq!(answer.0, StatusCode::CREATED, "{answer:?}");
    // A failed login with a wrong password, and a request with a wrong token.
    let mut stranger = Person::at(&server.base);
    stranger.try_login("maz-1", "WRONG-PASSWORD-CANARY").await;
    let last = if token.ends_with('0') { "1" } else { "0" };
    let forged = format!("{}{last}", &token[..token.len() - 1]);
    post_donation(&http(), &server.base, &forged, "log-key-2", donation_body("X", None)).await.unwrap();

    // Requests are logged at debug level, by route pattern only.
    let log = server.log_with("route=/api/v1/donations status=401").await;
    assert!(log.contains("route=/c/{slug}/claims/{id}/approve status=303"), "{log}");
    let secret = token.rsplit('_').next().unwrap().to_string();
    let mut secrets: Vec<String> = CANARIES.iter().map(|c| c.to_string()).collect();
    secrets.extend([PASSWORD.to_string(), "WRONG-PASSWORD-CANARY".to_string(), token.clone(), secret]);
    for person in &persons {
        secrets.push(person.session_cookie().expect("a session"));
        secrets.push(person.csrf.clone());
    }
    for secret in secrets {
        assert!(!log.contains(&secret), "the log holds {secret}:\n{log}");
    }
});

//! Test harness: `spawn_app(backend)` starts the real application on port 0
//! with a fresh database (a new SQLite file, or a new PostgreSQL database on
//! the server named by `STRIKEFUND_TEST_POSTGRES_URL`) and returns a
//! `TestApp` with request helpers. `TEST_LOG=1` shows the server's logs.

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Once;

use sqlx::any::AnyConnectOptions;
use sqlx::migrate::MigrateDatabase;
use sqlx::{Any, ConnectOptions, Connection};
use strikefund::config::Config;
use strikefund::journal::{Actor, Appended, Command, CommandError};
use strikefund::web::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running application with its own database.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub state: AppState,
    pub db: TestDb,
}

/// A fresh database; dropped (PostgreSQL) or deleted (SQLite) with the test.
pub struct TestDb {
    pub url: String,
    pub backend: Backend,
    /// The SQLite file, for tests that inspect its bytes.
    pub path: Option<PathBuf>,
    /// The fund's data key file (the app starts with it; the CLI takes it
    /// with --data-key), in a temporary directory of its own.
    pub data_key_path: PathBuf,
    _key_dir: tempfile::TempDir,
    _dir: Option<tempfile::TempDir>,
    postgres_name: Option<(String, String)>,
}

fn init_tracing() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if std::env::var("TEST_LOG").is_ok() {
            tracing_subscriber::fmt().with_env_filter("info").with_test_writer().init();
        }
    });
}

/// The PostgreSQL server for tests, if one is configured.
pub fn postgres_server_url() -> Option<String> {
    std::env::var("STRIKEFUND_TEST_POSTGRES_URL").ok().filter(|url| !url.is_empty())
}

/// Replaces the database name at the end of a PostgreSQL URL.
fn with_database(server_url: &str, name: &str) -> String {
    let (base, query) = server_url.split_once('?').map_or((server_url, None), |(b, q)| (b, Some(q)));
    let authority_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority_end..].find('/') {
        Some(slash) => &base[..authority_end + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    }
}

impl TestDb {
    /// A fresh, empty database, or None when the backend is not configured.
    pub async fn create(backend: Backend) -> Option<TestDb> {
        init_tracing();
        sqlx::any::install_default_drivers();
        let key_dir = tempfile::tempdir().expect("temporary directory");
        let data_key_path = key_dir.path().join("data.key");
        strikefund::privacy::DataKey::generate_file(&data_key_path).expect("a data key file");
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temporary directory");
                let path = dir.path().join("strikefund.db");
                let url = format!("sqlite://{}", path.display());
                Some(TestDb {
                    url,
                    backend,
                    path: Some(path),
                    data_key_path,
                    _key_dir: key_dir,
                    _dir: Some(dir),
                    postgres_name: None,
                })
            }
            Backend::Postgres => {
                let Some(server) = postgres_server_url() else {
                    eprintln!("STRIKEFUND_TEST_POSTGRES_URL is not set: skipping the PostgreSQL run");
                    return None;
                };
                let name = format!("strikefund_test_{}", uuid::Uuid::new_v4().simple());
                let url = with_database(&server, &name);
                Any::create_database(&url).await.expect("create the test database");
                Some(TestDb {
                    url,
                    backend,
                    path: None,
                    data_key_path,
                    _key_dir: key_dir,
                    _dir: None,
                    postgres_name: Some((server, name)),
                })
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((server, name)) = self.postgres_name.take() else { return };
        // Drop runs outside async code: use a thread with its own runtime.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
            let Ok(runtime) = runtime else { return };
            runtime.block_on(async move {
                let admin = with_database(&server, "postgres");
                let options = AnyConnectOptions::from_str(&admin).ok()?;
                let mut connection = options.connect().await.ok()?;
                let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut connection).await.ok()?;
                connection.close().await.ok()
            });
        })
        .join();
    }
}

/// Starts the app on a fresh database; None when the backend is not configured.
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    let db = TestDb::create(backend).await?;
    Some(spawn_app_on(db).await)
}

impl TestDb {
    /// The configuration the test app runs with: defaults and the data key.
    pub fn config(&self) -> Config {
        let key = strikefund::privacy::DataKey::read_file(&self.data_key_path).expect("the data key file");
        Config { data_key: Some(key), ..Config::default() }
    }
}

/// Starts the app on an existing test database, with its data key.
pub async fn spawn_app_on(db: TestDb) -> TestApp {
    spawn_app_with(db.config(), db).await
}

/// Starts the app on an existing test database with `config`.
pub async fn spawn_app_with(config: Config, db: TestDb) -> TestApp {
    let state = strikefund::server::prepare(&db.url, config).await.expect("the app starts");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
    let address = format!("http://{}", listener.local_addr().expect("local address"));
    tokio::spawn(strikefund::server::serve(state.clone(), listener));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("HTTP client");
    TestApp { address, client, state, db }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET succeeds")
    }

    pub async fn get_text(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert!(response.status().is_success(), "GET {path}: {}", response.status());
        response.text().await.expect("body")
    }

    pub async fn get_json(&self, path: &str) -> serde_json::Value {
        let response = self.get(path).await;
        assert!(response.status().is_success(), "GET {path}: {}", response.status());
        response.json().await.expect("JSON body")
    }

    /// Submits a command as `system`, as the admin CLI does.
    pub async fn submit(&self, command: Command) -> Result<Appended, CommandError> {
        self.state.journal.submit(Actor::system(), command).await
    }

    pub async fn submit_as(&self, user_id: &str, command: Command) -> Result<Appended, CommandError> {
        self.state.journal.submit(Actor::user(user_id), command).await
    }

    /// Loads the demo fund.
    pub async fn load_demo(&self) {
        assert!(strikefund::demo::load(&self.state).await.expect("demo loads"));
    }

    /// The public export, written to a file in `dir`.
    pub async fn export_to(&self, dir: &std::path::Path) -> PathBuf {
        let text = self.get_text("/export/journal.jsonl").await;
        let path = dir.join("journal.jsonl");
        std::fs::write(&path, text).expect("write export");
        path
    }
}

/// Defines one test that runs on SQLite and, when configured, on PostgreSQL:
/// `both_backends!(name, |app| async move { … });` makes `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, |$app:ident| $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($app: $crate::helpers::TestApp) {
                $body.await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::helpers::spawn_app($crate::helpers::Backend::Sqlite).await;
                run(app.expect("SQLite is always available")).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $crate::helpers::spawn_app($crate::helpers::Backend::Postgres).await {
                    run(app).await;
                }
            }
        }
    };
}

#[test]
fn postgres_urls_get_a_new_database_name() {
    assert_eq!(
        with_database("postgres://postgres@127.0.0.1:5432", "x"),
        "postgres://postgres@127.0.0.1:5432/x"
    );
    assert_eq!(
        with_database("postgres://postgres@127.0.0.1:5432/postgres", "x"),
        "postgres://postgres@127.0.0.1:5432/x"
    );
    assert_eq!(with_database("postgres://u@h/db?sslmode=disable", "x"), "postgres://u@h/x?sslmode=disable");
}

/// Builds domain values in tests without ceremony.
pub mod build {
    use strikefund::domain::{AccountPath, Currency, Money, Slug};

    pub fn money(amount: &str, currency: &str) -> Money {
        Money::parse(amount, Currency::parse(currency).unwrap()).unwrap()
    }

    pub fn account(path: &str) -> AccountPath {
        AccountPath::parse(path).unwrap()
    }

    pub fn slug(text: &str) -> Slug {
        Slug::parse(text).unwrap()
    }

    pub fn date(text: &str) -> time::Date {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        time::Date::parse(text, format).unwrap()
    }

    /// A donation of `amount` EUR to `assets:bank:lt-main`, bank reference `reference`.
    pub fn donation(reference: &str, amount: &str) -> strikefund::journal::Command {
        strikefund::journal::Command::RecordDonation(strikefund::journal::command::DonationInput {
            money: money(amount, "EUR"),
            received_on: date("2020-09-01"),
            account: account("assets:bank:lt-main"),
            earmark: None,
            reference: reference.into(),
            donor: None,
            idempotency_key: None,
        })
    }
}

/// A small fund: one bank account in EUR, committee `maz` (threshold 2)
/// with three members, and `amount` EUR donated to the general fund.
pub struct SmallFund {
    pub members: Vec<String>,
}

impl TestApp {
    pub async fn small_fund(&self, donated: &str) -> SmallFund {
        use strikefund::domain::role::Role;
        use strikefund::journal::command::DonationInput;
        let eur = strikefund::domain::Currency::parse("EUR").unwrap();
        self.submit(Command::OpenAccount {
            account: build::account("assets:bank:lt-main"),
            currencies: vec![eur],
        })
        .await
        .unwrap();
        let command = Command::CreateCommittee {
            slug: build::slug("maz"),
            name: "MAZ strike committee".into(),
            public: true,
            threshold: 2,
        };
        self.submit(command).await.unwrap();
        let mut members = Vec::new();
        for n in 1..=3 {
            let username = format!("maz-{n}");
            let user = strikefund::store::users::create(&self.state.db.pool, &username, Role::Member, None)
                .await
                .unwrap();
            self.submit(Command::AddMember { committee: build::slug("maz"), user_id: user.id.clone() })
                .await
                .unwrap();
            members.push(user.id);
        }
        let donation = DonationInput {
            money: build::money(donated, "EUR"),
            received_on: build::date("2020-08-20"),
            account: build::account("assets:bank:lt-main"),
            earmark: None,
            reference: "SMALL-FUND-1".into(),
            donor: None,
            idempotency_key: None,
        };
        self.submit(Command::RecordDonation(donation)).await.unwrap();
        SmallFund { members }
    }

    /// Balance of one account, debit positive, as the projections hold it.
    pub async fn balance(&self, account: &str, currency: &str) -> i64 {
        let minor: Option<i64> =
            sqlx::query_scalar("SELECT minor FROM balances WHERE account = $1 AND currency = $2")
                .bind(account)
                .bind(currency)
                .fetch_optional(&self.state.db.pool)
                .await
                .unwrap();
        minor.unwrap_or(0)
    }

    pub async fn head_seq(&self) -> u64 {
        strikefund::store::read::head(&self.state.db.pool).await.unwrap().seq
    }
}

/// The sample data's fund: its four accounts and its committees (see
/// tests/data/README.md), declared as the demo declares them; no money yet.
impl TestApp {
    pub async fn sample_fund(&self) {
        for (path, currencies) in strikefund::demo::ACCOUNTS {
            let currencies =
                currencies.iter().map(|c| strikefund::domain::Currency::parse(c).unwrap()).collect();
            self.submit(Command::OpenAccount { account: build::account(path), currencies }).await.unwrap();
        }
        for (slug, name, public) in strikefund::demo::COMMITTEES {
            let command = Command::CreateCommittee {
                slug: build::slug(slug),
                name: name.to_string(),
                public: *public,
                threshold: 2,
            };
            self.submit(command).await.unwrap();
        }
    }

    /// A new API token's text.
    pub async fn token(&self, name: &str, role: strikefund::domain::role::Role) -> String {
        strikefund::store::tokens::create(&self.state.db.pool, name, role).await.unwrap().text
    }

    /// Posts a donation with an API token, as a bank feed does.
    pub async fn post_donation(
        &self,
        token: Option<&str>,
        key: Option<&str>,
        body: impl Into<reqwest::Body>,
    ) -> (reqwest::StatusCode, serde_json::Value) {
        let mut request = self
            .client
            .post(self.url("/api/v1/donations"))
            .header("content-type", "application/json")
            .body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        let response = request.send().await.expect("POST succeeds");
        let status = response.status();
        let text = response.text().await.expect("body");
        (status, serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)))
    }

    /// Imports a CSV file through the library, as the CLI and the upload form do.
    pub async fn import(
        &self,
        bytes: &[u8],
        dry_run: bool,
    ) -> Result<strikefund::import::ImportReport, strikefund::import::ImportError> {
        let actor = Actor::system();
        let journal = &self.state.journal;
        strikefund::import::import(&self.state.db.pool, journal, &actor, bytes, dry_run, &mut |_, _| {}).await
    }

    /// Number of rows in the donations projection.
    pub async fn donation_count(&self) -> i64 {
        sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM donations")
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap()
    }
}

/// A file of the shared sample data.
pub fn sample_file(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The expected (line, reason) pairs of donations-bad.csv.
pub fn expected_bad_lines() -> Vec<(u64, String)> {
    let text = String::from_utf8(sample_file("donations-bad.expected.tsv")).unwrap();
    text.lines()
        .skip(1)
        .map(|line| {
            let (number, reason) = line.split_once('\t').unwrap();
            (number.parse().unwrap(), reason.to_string())
        })
        .collect()
}

//! The committee flow in a real browser: headless Chromium driven over
//! WebDriver (chromedriver) with fantoccini, on the demo fund, in each of
//! the three languages. The admin allocates money, a member submits a
//! claim, two other members approve it, the treasurer pays it, and the
//! committee's balance shows the change. Then the treasurer records a
//! donation through the form and the public page's raised total grows by
//! it. A screenshot of the page is saved under `target/browser-failures/`
//! when a step fails.
//!
//! Needs the Debian packages `chromium` and `chromium-driver` (`.ci/run`
//! installs them); skipped with a message when they are missing.

#[path = "../api/helpers.rs"]
#[allow(dead_code)]
mod helpers;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use strikefund::demo::DEMO_PASSWORD;

/// The whole browser test must finish within this, in seconds.
const TEST_TIMEOUT_S: u64 = 900;

/// How long one step waits for an element, in seconds.
const STEP_TIMEOUT_S: u64 = 30;

/// The phone width the pages must work at, in CSS pixels.
const PHONE_WIDTH_PX: u32 = 360;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// chromedriver, ended when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn start_driver() -> Driver {
    let port = free_port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let url = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Driver { child, url }
}

async fn browser(driver: &Driver, profile: &Path) -> Client {
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        &format!("--user-data-dir={}", profile.display()),
        &format!("--window-size={PHONE_WIDTH_PX},800"),
    ];
    let capabilities = json!({
        "goog:chromeOptions": { "binary": CHROMIUM, "args": args },
        "pageLoadStrategy": "normal",
    });
    let serde_json::Value::Object(capabilities) = capabilities else { unreachable!() };
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .expect("a browser session starts")
}

/// One person's browser, with the name of the step in progress.
struct Flow {
    client: Client,
    base: String,
    lang: &'static str,
}

type Step<T> = Result<T, String>;

fn failed(step: &str) -> impl Fn(fantoccini::error::CmdError) -> String + '_ {
    move |error| format!("{step}: {error}")
}

impl Flow {
    async fn goto(&self, path: &str) -> Step<()> {
        self.client.goto(&format!("{}{path}", self.base)).await.map_err(failed(path))
    }

    async fn find(&self, css: &str) -> Step<fantoccini::elements::Element> {
        self.client
            .wait()
            .at_most(Duration::from_secs(STEP_TIMEOUT_S))
            .for_element(Locator::Css(css))
            .await
            .map_err(failed(css))
    }

    async fn text(&self, css: &str) -> Step<String> {
        self.find(css).await?.text().await.map_err(failed(css))
    }

    async fn fill(&self, css: &str, value: &str) -> Step<()> {
        let field = self.find(css).await?;
        field.clear().await.map_err(failed(css))?;
        field.send_keys(value).await.map_err(failed(css))
    }

    async fn click(&self, css: &str) -> Step<()> {
        self.find(css).await?.click().await.map_err(failed(css))
    }

    async fn path(&self) -> Step<String> {
        Ok(self.client.current_url().await.map_err(failed("current url"))?.path().to_string())
    }

    async fn log_in(&self, username: &str) -> Step<()> {
        self.goto("/login").await?;
        self.fill("#username", username).await?;
        self.fill("#password", DEMO_PASSWORD).await?;
        // Submitting with the keyboard: the form must work without a mouse.
        self.find("#password").await?.send_keys("\u{E007}").await.map_err(failed("enter"))?;
        self.find("form[action='/logout']").await?;
        Ok(())
    }

    async fn log_out(&self) -> Step<()> {
        self.click("form[action='/logout'] button").await?;
        self.find("#username").await?;
        Ok(())
    }

    /// The committee's money in EUR: (available, paid), in cents.
    async fn balance(&self, slug: &str) -> Step<(i64, i64)> {
        self.goto(&format!("/c/{slug}")).await?;
        let available = cents(&self.text("tr[data-currency='EUR'] td.available").await?)?;
        let paid = cents(&self.text("tr[data-currency='EUR'] td.paid").await?)?;
        Ok((available, paid))
    }
}

/// "9,500.00 EUR" → 950000.
fn cents(text: &str) -> Step<i64> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    digits.parse().map_err(|_| format!("not an amount: {text:?}"))
}

/// Words each language must show on the claim page once it is approved.
fn approved_word(lang: &str) -> &'static str {
    match lang {
        "be" => "ухвалена",
        "ru" => "одобрена",
        _ => "approved",
    }
}

async fn flow(flow: &Flow) -> Step<()> {
    let lang = flow.lang;
    // The language switch on the login page, remembered for the session.
    flow.goto("/login").await?;
    let shown = flow.find("html").await?.attr("lang").await.map_err(failed("lang"))?;
    if shown.as_deref() != Some(lang) {
        flow.click(&format!("a[hreflang='{lang}']")).await?;
    }
    let html_lang = flow.find("html").await?.attr("lang").await.map_err(failed("lang"))?;
    if html_lang.as_deref() != Some(lang) {
        return Err(format!("the page is in {html_lang:?}, not {lang}"));
    }

    flow.log_in("admin").await?;
    flow.goto("/admin/committees/maz").await?;
    flow.fill("#amount", "100.00").await?;
    flow.click("form[action$='/allocations'] button").await?;
    flow.find("p.notice").await?;
    flow.log_out().await?;

    flow.log_in("maz-1").await?;
    let (available_before, paid_before) = flow.balance("maz").await?;
    flow.click("a.button[href$='/claims/new']").await?;
    flow.fill("#full_name", "Browser Test Worker").await?;
    flow.fill("#document", "BT 0000001").await?;
    flow.fill("#payment", "LT00 0000 BROWSER").await?;
    flow.fill("#notes", "Dismissed after the strike meeting; documents held by the committee.").await?;
    flow.click("form[action$='/claims'] button[type='submit']").await?;
    flow.find("p.notice").await?;
    let claim_path = flow.path().await?;
    if !claim_path.contains("/claims/K-") {
        return Err(format!("after submitting, the page is {claim_path}"));
    }
    flow.log_out().await?;

    for approver in ["maz-2", "maz-3"] {
        flow.log_in(approver).await?;
        flow.goto(&claim_path).await?;
        let name = flow.text("dd.full-name").await?;
        if name != "Browser Test Worker" {
            return Err(format!("the approver reads the worker's name as {name:?}"));
        }
        flow.click("form[action$='/approve'] button").await?;
        flow.find("p.notice").await?;
        flow.log_out().await?;
    }

    flow.log_in("treasurer").await?;
    flow.goto(&claim_path).await?;
    let state = flow.text("dd.state").await?;
    if state != approved_word(lang) {
        return Err(format!("the claim reads {state:?} after two approvals"));
    }
    flow.click("a.button[href^='/treasurer/payouts/']").await?;
    let payment = flow.text("dd.payment").await?;
    if payment != "LT00 0000 BROWSER" {
        return Err(format!("the treasurer reads the payment details as {payment:?}"));
    }
    flow.fill("#reference", "Browser test transfer").await?;
    flow.click("form[action^='/treasurer/payouts/'] button[type='submit']").await?;
    flow.find("p.notice").await?;
    flow.log_out().await?;

    flow.log_in("maz-1").await?;
    let (available_after, paid_after) = flow.balance("maz").await?;
    // The grant (1,500.00 EUR, the default amount) left "available" and reached "paid".
    if (available_before - available_after, paid_after - paid_before) != (150_000, 150_000) {
        return Err(format!(
            "maz balance: available {available_before} → {available_after}, paid {paid_before} → {paid_after}"
        ));
    }
    flow.log_out().await
}

/// Words the public page's main heading reads in each language.
fn public_heading(lang: &str) -> &'static str {
    match lang {
        "be" => "Куды ідуць грошы",
        "ru" => "Куда идут деньги",
        _ => "Where the money goes",
    }
}

/// What the public page shows as raised in EUR, in cents.
async fn raised_eur(flow: &Flow) -> Step<i64> {
    flow.goto("/").await?;
    let heading = flow.text("h1").await?;
    if heading != public_heading(flow.lang) {
        return Err(format!("the public page reads {heading:?} in {}", flow.lang));
    }
    cents(&flow.text("table.totals tr[data-currency='EUR'] td.raised").await?)
}

/// The treasurer records a donation through the form; the public page's
/// raised total grows by exactly its amount, and its receipt shows it.
async fn donation_flow(flow: &Flow) -> Step<()> {
    let before = raised_eur(flow).await?;
    flow.log_in("treasurer").await?;
    flow.goto("/treasurer/donations/new").await?;
    flow.fill("#amount", "250.00").await?;
    flow.find("#currency").await?.select_by_value("EUR").await.map_err(failed("#currency"))?;
    flow.find("#account").await?.select_by_value("assets:bank:lt-main").await.map_err(failed("#account"))?;
    flow.fill("#reference", &format!("BROWSER-{}-1", flow.lang)).await?;
    flow.click("form[action='/treasurer/donations'] button[type='submit']").await?;
    let link = flow.find("p.notice.saved a.receipt").await?;
    let code = link.attr("data-receipt").await.map_err(failed("receipt"))?.unwrap_or_default();
    flow.log_out().await?;
    let after = raised_eur(flow).await?;
    if after - before != 25_000 {
        return Err(format!("raised EUR went {before} → {after} after a donation of 250.00"));
    }
    flow.goto(&format!("/receipt/{code}")).await?;
    let amount = flow.text("dd.amount").await?;
    if amount != "250.00 EUR" {
        return Err(format!("the receipt {code} shows {amount:?}"));
    }
    Ok(())
}

fn failures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target").join("browser-failures")
}

async fn run_language(driver: &Driver, base: &str, lang: &'static str) -> Step<()> {
    let profile = tempfile::tempdir().unwrap();
    let client = browser(driver, profile.path()).await;
    let run = Flow { client, base: base.to_string(), lang };
    let result = match flow(&run).await {
        Ok(()) => donation_flow(&run).await,
        Err(error) => Err(error),
    };
    if result.is_err() {
        let dir = failures_dir();
        std::fs::create_dir_all(&dir).unwrap();
        if let Ok(png) = run.client.screenshot().await {
            let path = dir.join(format!("committee-flow-{lang}.png"));
            std::fs::write(&path, png).unwrap();
            eprintln!("screenshot saved to {}", path.display());
        }
    }
    let _ = run.client.close().await;
    result
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_committee_flow_works_in_a_browser_in_three_languages() {
    if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
        // CI sets this, so that a missing browser fails the run instead of skipping it.
        assert!(
            std::env::var("STRIKEFUND_REQUIRE_BROWSER").is_err(),
            "chromium and chromedriver are required (STRIKEFUND_REQUIRE_BROWSER is set)"
        );
        eprintln!("chromium or chromedriver is not installed: skipping the browser test");
        return;
    }
    let driver = start_driver().await;
    let all = async {
        for backend in [helpers::Backend::Sqlite, helpers::Backend::Postgres] {
            for lang in ["be", "ru", "en"] {
                // A fresh demo fund for each run, so each run sees the same figures.
                let Some(app) = helpers::spawn_app(backend).await else { break };
                app.load_demo().await;
                let context = format!("[{backend:?} {lang}]");
                run_language(&driver, &app.address, lang).await.map_err(|e| format!("{context} {e}"))?;
            }
        }
        Ok::<(), String>(())
    };
    match tokio::time::timeout(Duration::from_secs(TEST_TIMEOUT_S), all).await {
        Ok(result) => result.unwrap(),
        Err(_) => panic!("the browser test took longer than {TEST_TIMEOUT_S} s"),
    }
}

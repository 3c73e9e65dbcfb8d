//! The public page and `GET /api/v1/totals`: figures that add up, agree
//! with the public export and the balances, and show small or private
//! committees only in aggregate.

use std::collections::BTreeMap;

use serde_json::Value;
use strikefund_audit::entry::parse_line;
use strikefund_audit::ledger::{format_minor, postings_of};
use strikefund_audit::verify::ChainVerifier;

use crate::both_backends;
use crate::helpers::build::donation;
use crate::helpers::{TestApp, sample_file};

/// Per currency: [raised, paid, reserved, available] in minor units, and digits.
type Figures = BTreeMap<String, ([i128; 4], u32)>;

/// Recomputes the fund's public figures from the export alone, verifying the chain.
fn figures_from_export(text: &str) -> (Figures, ChainVerifier) {
    let mut verifier = ChainVerifier::default();
    let mut figures = Figures::new();
    let mut bodies = BTreeMap::new();
    for line in text.lines() {
        let (entry, hash) = parse_line(line).unwrap();
        verifier.push(&entry, &hash).expect("the export verifies");
        let (kind, sign, body) = match entry.kind.as_str() {
            "reversal" => {
                let original = entry.body["reverses"].as_u64().unwrap();
                let (kind, body) = bodies.get(&original).cloned().unwrap();
                (kind, -1, body)
            }
            kind => (kind.to_string(), 1, entry.body.clone()),
        };
        let column = match kind.as_str() {
            "donation" => 0,
            "payout" => 1,
            _ => usize::MAX,
        };
        if column != usize::MAX {
            let postings = postings_of(&body).unwrap();
            let debit = postings
                .iter()
                .find(|p| {
                    p.minor > 0 && p.account.starts_with(if column == 0 { "assets:" } else { "liabilities:" })
                })
                .unwrap();
            let slot = figures.entry(debit.currency.clone()).or_insert(([0; 4], debit.digits));
            slot.0[column] += sign * debit.minor;
        }
        bodies.insert(entry.seq, (entry.kind.clone(), entry.body.clone()));
    }
    for (account, currency, balance) in verifier.ledger.balances() {
        let column = if account.starts_with("liabilities:payable:") {
            2
        } else if account.starts_with("equity:funds:") {
            3
        } else {
            continue;
        };
        let digits = verifier.ledger.digits_of(currency).unwrap();
        figures.entry(currency.to_string()).or_insert(([0; 4], digits)).0[column] -= balance;
    }
    (figures, verifier)
}

async fn busy_fund(app: &TestApp) {
    app.load_demo().await;
    app.import(&sample_file("donations-good.csv"), false).await.unwrap();
}

both_backends!(totals_the_export_and_the_balances_agree, |app| async move {
    busy_fund(&app).await;
    let totals = app.get_json("/api/v1/totals").await;
    let export = app.get_text("/export/journal.jsonl").await;
    let (figures, verifier) = figures_from_export(&export);
    assert_eq!(totals["head"]["seq"].as_u64().unwrap(), verifier.size());
    assert_eq!(totals["head"]["hash"].as_str().unwrap(), verifier.head().to_hex());
    let currencies = totals["currencies"].as_object().unwrap();
    assert_eq!(currencies.len(), figures.len());
    for (currency, (minor, digits)) in &figures {
        let shown = &currencies[currency];
        for (index, name) in ["raised", "paid", "reserved", "available"].iter().enumerate() {
            assert_eq!(
                shown[name].as_str().unwrap(),
                format_minor(minor[index], *digits),
                "{currency} {name}"
            );
        }
    }
    assert!(figures["EUR"].0[1] > 0 && figures["EUR"].0[2] > 0, "the demo pays and reserves EUR");
    // Every balance recomputed from the export is the one the server holds.
    for (account, currency, balance) in verifier.ledger.balances() {
        assert_eq!(i128::from(app.balance(account, currency).await), balance, "{account} {currency}");
    }
    // In every currency, what the fund holds is what it promised or has available.
    for (currency, (minor, _)) in &figures {
        let held: i128 = verifier
            .ledger
            .balances()
            .into_iter()
            .filter(|(account, c, _)| c == currency && account.starts_with("assets:"))
            .map(|(_, _, b)| b)
            .sum();
        assert_eq!(held, minor[2] + minor[3], "{currency}");
    }
    // The demo pays 19 claims in full and 6 in part, each to its own worker.
    assert_eq!(totals["workers_supported"], 25);
});

both_backends!(small_and_private_committees_appear_only_in_the_aggregate, |app| async move {
    busy_fund(&app).await;
    let totals = app.get_json("/api/v1/totals").await;
    let shown: Vec<&str> =
        totals["committees"].as_array().unwrap().iter().map(|c| c["committee"].as_str().unwrap()).collect();
    // The demo pays five workers in three committees, two in MTZ and one in the
    // others; hrodna-medics is not public.
    assert_eq!(shown, ["belaruskali", "grodno-azot", "maz"]);
    let committee_sum = |currency: &str, field: &str| -> i64 {
        let parse = |v: &Value| {
            strikefund::domain::Money::parse_journal(
                v.as_str().unwrap(),
                strikefund::domain::Currency::parse(currency).unwrap(),
            )
            .unwrap()
            .minor()
        };
        let shown: i64 = totals["committees"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c["currencies"].get(currency))
            .map(|f| parse(&f[field]))
            .sum();
        shown + totals["other_committees"]["currencies"].get(currency).map_or(0, |f| parse(&f[field]))
    };
    // Committees shown plus the aggregate hold everything reserved for committees.
    let reserved = app.balance("liabilities:payable:mtz", "EUR").await;
    assert!(reserved < 0);
    let fund_reserved = totals["currencies"]["EUR"]["reserved"].as_str().unwrap();
    let fund_reserved = strikefund::domain::Money::parse_journal(
        fund_reserved,
        strikefund::domain::Currency::parse("EUR").unwrap(),
    )
    .unwrap()
    .minor();
    assert_eq!(committee_sum("EUR", "reserved"), fund_reserved);
    let page = app.get_text("/").await;
    assert!(page.contains("MAZ strike committee") && page.contains("Other committees"));
    for hidden in ["MTZ strike committee", "Belteleradio strike committee", "Hrodna medics", "hrodna-medics"]
    {
        assert!(!page.contains(hidden), "{hidden} is on the page");
        assert!(!totals.to_string().contains(hidden), "{hidden} is in the totals");
    }
});

both_backends!(the_public_page_works_under_the_security_headers, |app| async move {
    busy_fund(&app).await;
    let response = app.get("/").await;
    let csp = response.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    let page = response.text().await.unwrap();
    let head = app.get_json("/api/v1/journal/head").await;
    assert!(page.contains(head["hash"].as_str().unwrap()), "the page shows the chain head");
    assert!(page.contains("<svg") && page.contains("class=\"donated\"") && page.contains("class=\"paid\""));
    assert!(page.contains("/export/journal.jsonl") && page.contains("strikefund-audit verify"));
    assert!(page.contains("No signed checkpoint yet."));
    for forbidden in ["<script", "style=", "src=", "href=\"http", "@import", "url("] {
        assert!(!page.contains(forbidden), "the page has {forbidden}");
    }
    let css = app.get_text("/static/app.css").await;
    assert!(css.contains("svg.chart"));
});

/// A GET with this Accept-Language and no cookie: (status, Content-Language, body).
async fn in_language(app: &TestApp, path: &str, accept_language: &str) -> (u16, String, String) {
    let response =
        app.client.get(app.url(path)).header("accept-language", accept_language).send().await.unwrap();
    let status = response.status().as_u16();
    let language = response.headers()["content-language"].to_str().unwrap().to_string();
    (status, language, response.text().await.unwrap())
}

/// Headings each language must show: (public page, receipt page, receipt heading).
const HEADINGS: [(&str, [&str; 4]); 3] = [
    ("be", ["<h1>Куды ідуць грошы</h1>", "<h2>Страйкавыя камітэты</h2>", "Праверце самі", "Квітанцыя "]),
    ("ru", ["<h1>Куда идут деньги</h1>", "<h2>Забастовочные комитеты</h2>", "Проверьте сами", "Квитанция "]),
    ("en", ["<h1>Where the money goes</h1>", "<h2>Strike committees</h2>", "Check it yourself", "Receipt "]),
];

both_backends!(the_public_pages_speak_the_visitors_language, |app| async move {
    busy_fund(&app).await;
    let receipt: String =
        sqlx::query_scalar("SELECT receipt FROM donations WHERE seq = (SELECT MAX(seq) FROM donations)")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    for (lang, [home_heading, committees, check, receipt_heading]) in HEADINGS {
        let accept = format!("{lang}-BY,{lang};q=0.9,en;q=0.5");
        let (status, language, page) = in_language(&app, "/", &accept).await;
        assert_eq!((status, language.as_str()), (200, lang));
        assert!(page.contains(&format!("<html lang=\"{lang}\">")), "{lang}");
        assert!(page.contains(home_heading) && page.contains(committees), "{lang}: {page}");
        // The language switch leads back here.
        assert!(page.contains("href=\"/lang/ru?next=/\"") || lang == "ru", "{lang}");
        let (status, language, page) = in_language(&app, &format!("/receipt/{receipt}"), &accept).await;
        assert_eq!((status, language.as_str()), (200, lang));
        assert!(page.contains(&format!("<h1>{receipt_heading}{receipt}</h1>")), "{lang}: {page}");
        assert!(page.contains(&format!("<h2>{check}</h2>")), "{lang}");
        let (status, _, page) = in_language(&app, "/receipt/0000-0000-0000", &accept).await;
        assert_eq!(status, 404);
        assert!(page.contains(&format!("<html lang=\"{lang}\">")), "{lang}");
    }
    // English strings do not remain on the translated pages.
    let (_, _, page) = in_language(&app, "/", "be").await;
    for english in [
        "Where the money goes",
        "Raised",
        "Paid out",
        "Other committees",
        "Receipt code",
        "Look up",
        ": donated",
        ">donated<",
        "Workers supported",
    ] {
        assert!(!page.contains(english), "{english:?} is on the Belarusian page");
    }
});

both_backends!(the_language_switch_on_the_public_page_is_remembered, |app| async move {
    busy_fund(&app).await;
    let mut visitor = crate::web::Person::with_language(&app, "en");
    let page = visitor.get("/").await;
    assert!(page.body.contains("<html lang=\"en\">"));
    let switch = visitor.get("/lang/be?next=/").await;
    assert_eq!((switch.status.as_u16(), switch.redirected_to()), (303, "/"));
    let page = visitor.get("/").await;
    assert!(page.body.contains("<html lang=\"be\">") && page.body.contains("Куды ідуць грошы"));
    assert!(page.body.contains("<span lang=\"be\" aria-current=\"true\">Беларуская</span>"));
});

both_backends!(
    the_public_figures_show_appends_at_once_and_another_servers_within_a_second,
    |app| async move {
        app.small_fund("100.00").await;
        let raised = |totals: &Value| totals["currencies"]["EUR"]["raised"].as_str().unwrap().to_string();
        assert_eq!(raised(&app.get_json("/api/v1/totals").await), "100.00");
        // This server's own append is on the page and in the totals at once.
        app.submit(donation("CACHE-1", "5.00")).await.unwrap();
        assert_eq!(raised(&app.get_json("/api/v1/totals").await), "105.00");
        assert!(app.get_text("/").await.contains("105.00"));
        // A second server process on the same database: its appends show here
        // once the figures held in memory are older than their bound.
        let other = strikefund::server::prepare(&app.db.url, app.db.config()).await.unwrap();
        other
            .journal
            .submit(strikefund::journal::Actor::system(), donation("CACHE-2", "7.00"))
            .await
            .unwrap();
        let age_max = std::time::Duration::from_millis(strikefund::transparency::FIGURES_AGE_MAX_MS);
        tokio::time::sleep(age_max + std::time::Duration::from_millis(100)).await;
        let totals = app.get_json("/api/v1/totals").await;
        assert_eq!(raised(&totals), "112.00");
        assert_eq!(totals["head"]["seq"].as_u64().unwrap(), app.head_seq().await);
        assert!(app.get_text("/").await.contains("112.00"));
    }
);

//! The treasurer's money forms over HTTP: a donation, a CSV upload, an
//! exchange, a bank fee and a reversal. Each is recorded once, refuses bad
//! input next to the field in the viewer's language without writing
//! anything, and refuses a post without the session's CSRF token.

use reqwest::StatusCode;
use serde_json::Value;

use crate::both_backends;
use crate::helpers::{TestApp, expected_bad_lines, sample_file};
use crate::web::{Page, Person, form_token_of, people};

/// The sample fund (its accounts and committees) with its people, and the
/// treasurer logged in.
async fn treasurer(app: &TestApp) -> Person {
    app.sample_fund().await;
    people(app).await;
    let mut person = Person::new(app);
    person.login("treasurer").await;
    person
}

/// The message shown next to `field`, if any.
fn field_error(body: &str, field: &str) -> Option<String> {
    let marker = format!("id=\"{field}-error\">");
    let at = body.find(&marker)? + marker.len();
    Some(body[at..].split("</p>").next()?.to_string())
}

/// The text of the page's notice (`p.notice`), if any.
fn notice(body: &str) -> Option<String> {
    let at = body.find("class=\"notice")?;
    let start = body[at..].find('>')? + at + 1;
    let text = &body[start..];
    Some(text[..text.find("</p>")?].to_string())
}

const DONATION: &[(&str, &str)] = &[
    ("received_on", "2020-08-20"),
    ("amount", "100.00"),
    ("currency", "EUR"),
    ("account", "assets:bank:lt-main"),
    ("reference", "LT2020-FORM-1"),
    ("earmark", ""),
    ("donor", ""),
];

/// The donation form's fields with `changes` applied.
fn donation(changes: &[(&str, &str)]) -> Vec<(&'static str, String)> {
    DONATION
        .iter()
        .map(|(field, value)| {
            let value = changes.iter().find(|(f, _)| f == field).map_or(*value, |(_, v)| *v);
            (*field, value.to_string())
        })
        .collect()
}

/// A form's fields, the field whose error is expected, and the message.
type Refusal<F> = (F, &'static str, &'static str);

async fn post_donation(person: &mut Person, fields: &[(&'static str, String)]) -> Page {
    person.get("/treasurer/donations/new").await;
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    person.post("/treasurer/donations", &fields).await
}

async fn user_id(app: &TestApp, username: &str) -> String {
    strikefund::store::users::by_username(&app.state.db.pool, username).await.unwrap().unwrap().id
}

both_backends!(a_treasurer_records_a_donation_and_sees_its_receipt, |app| async move {
    let mut treasurer = treasurer(&app).await;
    let page =
        post_donation(&mut treasurer, &donation(&[("earmark", "maz"), ("donor", "Ola z Warszawy")])).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert!(
        page.redirected_to().starts_with("/treasurer/donations/new?receipt="),
        "{}",
        page.redirected_to()
    );
    let saved = treasurer.get(page.redirected_to()).await;
    let text = notice(&saved.body).expect("a notice");
    assert!(text.starts_with("Donation of 100.00 EUR recorded. Receipt code: "), "{text}");
    let code = page.redirected_to().split("receipt=").nth(1).unwrap().to_string();
    assert!(saved.body.contains(&format!("href=\"/receipt/{code}\"")), "{}", saved.body);
    // The receipt is the API's, and the entry is the treasurer's and earmarked.
    let receipt = app.get_json(&format!("/api/v1/receipts/{code}")).await;
    assert_eq!((receipt["amount"].as_str(), receipt["currency"].as_str()), (Some("100.00"), Some("EUR")));
    let export = app.get_text("/export/journal.jsonl").await;
    let line: Value = serde_json::from_str(export.lines().last().unwrap()).unwrap();
    assert_eq!(line["kind"], "donation");
    assert_eq!(line["actor"], user_id(&app, "treasurer").await);
    assert_eq!(line["body"]["committee"], "maz");
    assert_eq!(line["body"]["donor"], "Ola z Warszawy");
    assert!(!export.contains("LT2020-FORM-1"), "the reference is sealed");
    assert_eq!(app.balance("equity:funds:committee:maz", "EUR").await, -10_000);
    let totals = app.get_json("/api/v1/totals").await;
    assert_eq!(totals["currencies"]["EUR"]["raised"], "100.00");
});

both_backends!(a_double_submit_records_one_donation, |app| async move {
    let mut treasurer = treasurer(&app).await;
    let first = post_donation(&mut treasurer, &donation(&[])).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let head = app.head_seq().await;
    // The same form again (a double click, a resubmitted page): nothing new.
    let second = post_donation(&mut treasurer, &donation(&[])).await;
    assert_eq!(second.status, StatusCode::SEE_OTHER);
    assert_eq!(second.redirected_to(), format!("{}&again=1", first.redirected_to()));
    assert_eq!(app.head_seq().await, head);
    assert_eq!(app.donation_count().await, 1);
    let page = treasurer.get(second.redirected_to()).await;
    let text = notice(&page.body).unwrap();
    assert!(
        text.starts_with("This donation of 100.00 EUR was already recorded; nothing was added."),
        "{text}"
    );
    // The same account and reference with other details is refused, next to the reference.
    let other = post_donation(&mut treasurer, &donation(&[("amount", "200.00")])).await;
    assert_eq!(other.status, StatusCode::CONFLICT);
    assert_eq!(
        field_error(&other.body, "reference").as_deref(),
        Some("reference already used for a different donation")
    );
    assert_eq!(app.head_seq().await, head);
    // Spaces around the reference name the same donation, as in a CSV file.
    let spaced = post_donation(&mut treasurer, &donation(&[("reference", "  LT2020-FORM-1 ")])).await;
    assert!(spaced.redirected_to().ends_with("&again=1"), "{}", spaced.redirected_to());
    assert_eq!(app.head_seq().await, head);
});

both_backends!(bad_donation_fields_are_named_next_to_the_field_and_change_nothing, |app| async move {
    let mut treasurer = treasurer(&app).await;
    let head = app.head_seq().await;
    let cases: &[Refusal<&[(&str, &str)]>] = &[
        (&[("amount", "10.005")], "amount", "too many decimals"),
        (&[("amount", "1,500.00")], "amount", "malformed amount"),
        (&[("amount", "-5.00")], "amount", "negative amount"),
        (&[("amount", "0")], "amount", "zero amount"),
        (&[("currency", "XYZ")], "currency", "unknown currency"),
        (&[("received_on", "2999-01-01")], "received_on", "date in the future"),
        (&[("received_on", "2020-02-30")], "received_on", "invalid date"),
        (&[("account", "assets:bank:nowhere")], "account", "unknown account"),
        (&[("currency", "USD")], "account", "currency not held by account"),
        (&[("reference", "")], "reference", "missing reference"),
        (&[("earmark", "nonexistent")], "earmark", "unknown committee"),
    ];
    for (changes, field, message) in cases {
        let page = post_donation(&mut treasurer, &donation(changes)).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{changes:?}");
        assert_eq!(field_error(&page.body, field).as_deref(), Some(*message), "{changes:?}");
        assert!(page.body.contains(&format!("id=\"{field}\" name=\"{field}\"")), "the form is shown again");
        assert!(page.body.contains("aria-invalid=\"true\""));
    }
    // What was typed is shown again; a refused reference is not echoed anywhere else.
    let page = post_donation(&mut treasurer, &donation(&[("amount", "10.005")])).await;
    assert!(page.body.contains("value=\"10.005\""));
    assert_eq!(app.head_seq().await, head, "nothing was written");
    assert_eq!(app.donation_count().await, 0);
    // In the viewer's language.
    let mut russian = Person::with_language(&app, "ru");
    russian.login("treasurer").await;
    let page = post_donation(&mut russian, &donation(&[("currency", "XYZ"), ("amount", "10.005")])).await;
    assert_eq!(field_error(&page.body, "currency").as_deref(), Some("неизвестная валюта"));
    let mut belarusian = Person::with_language(&app, "be");
    belarusian.login("treasurer").await;
    let page = post_donation(&mut belarusian, &donation(&[("received_on", "2999-01-01")])).await;
    assert_eq!(field_error(&page.body, "received_on").as_deref(), Some("дата ў будучыні"));
    assert_eq!(app.head_seq().await, head);
});

both_backends!(every_money_form_refuses_a_post_without_the_csrf_token, |app| async move {
    let mut treasurer = treasurer(&app).await;
    let head = app.head_seq().await;
    let forms: [(&str, Vec<(&str, String)>); 4] = [
        ("/treasurer/donations", donation(&[])),
        (
            "/treasurer/fees",
            vec![
                ("account", "assets:bank:lt-main".into()),
                ("amount", "1.00".into()),
                ("currency", "EUR".into()),
            ],
        ),
        ("/treasurer/exchanges", vec![("from_account", "assets:cash:vilnius".into())]),
        ("/treasurer/reversals", vec![("seq", "1".into()), ("reason", "mistake".into())]),
    ];
    for (path, fields) in forms {
        for token in [None, Some("0".repeat(64))] {
            let mut form: Vec<(String, String)> =
                fields.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
            if let Some(token) = &token {
                form.push(("csrf".into(), token.clone()));
            }
            let page = treasurer.post_raw(path, &form).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{path} {token:?}");
            assert!(page.body.contains("Nothing was changed"), "{path}");
        }
    }
    // The upload form: its token travels inside the multipart body.
    let good = sample_file("donations-good.csv");
    for fields in [vec![("mode", "import")], vec![("csrf", "x"), ("mode", "import")]] {
        let page = treasurer.upload("/treasurer/import", &fields, Some(("good.csv", good.clone()))).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{fields:?}");
    }
    assert_eq!(app.head_seq().await, head);
    assert_eq!(app.donation_count().await, 0);
});

/// Uploads a file through the form, with the session's token.
async fn upload(person: &mut Person, mode: &str, name: &str, bytes: Vec<u8>) -> Page {
    person.get("/treasurer/import").await;
    let csrf = person.csrf.clone();
    person.upload("/treasurer/import", &[("csrf", &csrf), ("mode", mode)], Some((name, bytes))).await
}

both_backends!(uploading_the_good_file_twice_adds_its_rows_once, |app| async move {
    let mut treasurer = treasurer(&app).await;
    let good = sample_file("donations-good.csv");
    let preview = upload(&mut treasurer, "preview", "good.csv", good.clone()).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert_eq!(
        notice(&preview.body).as_deref(),
        Some("Rows checked: 2000. To be imported: 2000. Already recorded: 0. Nothing has been recorded yet.")
    );
    assert_eq!(app.donation_count().await, 0, "a check records nothing");
    let first = upload(&mut treasurer, "import", "good.csv", good.clone()).await;
    assert_eq!((first.status, first.redirected_to()), (StatusCode::SEE_OTHER, "/treasurer/import"));
    let page = treasurer.get("/treasurer/import").await;
    assert_eq!(
        notice(&page.body).as_deref(),
        Some("Rows in the file: 2000. Imported now: 2000. Already recorded before: 0.")
    );
    assert_eq!(app.donation_count().await, 2000);
    let head = app.head_seq().await;
    let second = upload(&mut treasurer, "import", "good.csv", good).await;
    assert_eq!(second.status, StatusCode::SEE_OTHER);
    let page = treasurer.get("/treasurer/import").await;
    assert_eq!(
        notice(&page.body).as_deref(),
        Some("Rows in the file: 2000. Imported now: 0. Already recorded before: 2000.")
    );
    assert_eq!(app.head_seq().await, head);
    assert_eq!(app.donation_count().await, 2000);
    // Recorded as the treasurer, like the CLI's rows are recorded as `system`.
    let export = app.get_text("/export/journal.jsonl").await;
    let line: Value = serde_json::from_str(export.lines().last().unwrap()).unwrap();
    assert_eq!(line["actor"], user_id(&app, "treasurer").await);
});

/// The bad lines listed on an upload page: (line, problems text).
fn listed_bad_lines(body: &str) -> Vec<(u64, String)> {
    body.split("<tr data-line=\"")
        .skip(1)
        .map(|row| {
            let (number, rest) = row.split_once('"').unwrap();
            let cells: Vec<&str> = rest.split("<td").collect();
            let problems = cells[2].split_once('>').unwrap().1.split("</td>").next().unwrap();
            (number.parse().unwrap(), problems.to_string())
        })
        .collect()
}

both_backends!(uploading_the_bad_file_imports_nothing_and_names_every_bad_line, |app| async move {
    let mut treasurer = treasurer(&app).await;
    let head = app.head_seq().await;
    for mode in ["preview", "import"] {
        let page = upload(&mut treasurer, mode, "bad.csv", sample_file("donations-bad.csv")).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{mode}");
        assert!(page.body.contains("Bad lines: 13. Nothing was imported."), "{}", page.body);
        let listed = listed_bad_lines(&page.body);
        let expected = expected_bad_lines();
        assert_eq!(listed.len(), expected.len(), "{listed:?}");
        for ((line, problems), (expected_line, reason)) in listed.iter().zip(&expected) {
            assert_eq!(line, expected_line);
            // The CLI's words: `field: reason`.
            assert!(problems.ends_with(&format!(": {reason}")), "line {line}: {problems}");
        }
    }
    assert_eq!(app.head_seq().await, head, "nothing was imported");
    assert_eq!(app.donation_count().await, 0);
    // In Russian, the same lines with the reasons translated.
    let mut russian = Person::with_language(&app, "ru");
    russian.login("treasurer").await;
    let page = upload(&mut russian, "import", "bad.csv", sample_file("donations-bad.csv")).await;
    let listed = listed_bad_lines(&page.body);
    assert_eq!(listed[0], (4, "amount: отрицательная сумма".to_string()));
    assert!(page.body.contains("Ошибочных строк: 13. Ничего не импортировано."));
});

both_backends!(an_upload_without_a_good_file_is_refused_next_to_the_file_field, |app| async move {
    let mut treasurer = treasurer(&app).await;
    treasurer.get("/treasurer/import").await;
    let csrf = treasurer.csrf.clone();
    let page = treasurer.upload("/treasurer/import", &[("csrf", &csrf), ("mode", "import")], None).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_error(&page.body, "file").as_deref(), Some("Choose a CSV file."));
    let page = upload(&mut treasurer, "import", "x.csv", b"date,sum\n2020-01-01,5\n".to_vec()).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = field_error(&page.body, "file").unwrap();
    assert!(message.starts_with("The header must name the columns"), "{message}");
    let page = upload(&mut treasurer, "import", "x.csv", vec![0xff, 0xfe, b',', b'\n']).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&page.body, "file").is_some(), "{}", page.body);
    // Over the upload limit: refused before any handler runs.
    let huge = vec![b'a'; strikefund::web::UPLOAD_BODY_BYTES_MAX + 1];
    let page = upload(&mut treasurer, "import", "huge.csv", huge).await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.body.contains("larger than 20 MB"), "{}", page.body);
    // Other forms keep the small limit.
    let long = "x".repeat(strikefund::web::REQUEST_BODY_BYTES_MAX + 1);
    treasurer.get("/treasurer/donations/new").await;
    let page = treasurer.post("/treasurer/donations", &[("reference", &long)]).await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(app.donation_count().await, 0);
});

/// Opens a form page and sends it with `fields`, as a browser does: with the
/// session's CSRF token and the form's one-time token. Returns the answer
/// and the one-time token used.
async fn send_form(person: &mut Person, form_page: &str, fields: &[(&str, &str)]) -> (Page, String) {
    let page = person.get(form_page).await;
    let token = form_token_of(&page.body);
    let action = form_page.trim_end_matches("/new");
    let mut fields = fields.to_vec();
    fields.push(("form_token", &token));
    (person.post(action, &fields).await, token)
}

async fn donate(person: &mut Person, changes: &[(&str, &str)]) {
    let page = post_donation(person, &donation(changes)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
}

both_backends!(an_exchange_is_four_postings_through_conversion, |app| async move {
    let mut treasurer = treasurer(&app).await;
    donate(&mut treasurer, &[("amount", "3000.00"), ("currency", "BYN"), ("account", "assets:cash:vilnius")])
        .await;
    let exchange = |from: &'static str, to: &'static str, to_currency: &'static str| {
        vec![
            ("from_account", "assets:cash:vilnius"),
            ("from_amount", from),
            ("from_currency", "BYN"),
            ("to_account", "assets:bank:lt-main"),
            ("to_amount", to),
            ("to_currency", to_currency),
            ("committee", ""),
        ]
    };
    let head = app.head_seq().await;
    let refusals: [Refusal<Vec<(&str, &str)>>; 4] = [
        (
            exchange("3000.00", "1000.00", "BYN"),
            "to_currency",
            "The two sides of an exchange must be in different currencies.",
        ),
        (
            exchange("3000.001", "1000.00", "EUR"),
            "from_amount",
            "Write the amount as a number like 1500 or 1500.50, with at most 2 decimals.",
        ),
        (
            exchange("3000.00", "1000.00", "USD"),
            "to_account",
            "account assets:bank:lt-main does not hold USD",
        ),
        (exchange("4000.00", "1000.00", "EUR"), "from_amount", "available 3,000.00 BYN, needed 4,000.00 BYN"),
    ];
    for (fields, field, message) in refusals {
        let page = send_form(&mut treasurer, "/treasurer/exchanges/new", &fields).await.0;
        assert!(page.status.is_client_error(), "{fields:?}: {}", page.status);
        assert_eq!(field_error(&page.body, field).as_deref(), Some(message), "{fields:?}");
    }
    assert_eq!(app.head_seq().await, head, "nothing was written");
    let (page, token) =
        send_form(&mut treasurer, "/treasurer/exchanges/new", &exchange("3000.00", "1000.00", "EUR")).await;
    assert_eq!((page.status, page.redirected_to()), (StatusCode::SEE_OTHER, "/treasurer"));
    let money = treasurer.get("/treasurer").await;
    assert_eq!(notice(&money.body), Some(format!("Exchange recorded as entry {}.", head + 1)));
    assert_eq!(app.balance("assets:cash:vilnius", "BYN").await, 0);
    assert_eq!(app.balance("assets:bank:lt-main", "EUR").await, 100_000);
    assert_eq!(app.balance("equity:funds:general", "BYN").await, 0);
    assert_eq!(app.balance("equity:funds:general", "EUR").await, -100_000);
    let export = app.get_text("/export/journal.jsonl").await;
    let line: Value = serde_json::from_str(export.lines().last().unwrap()).unwrap();
    assert_eq!(line["kind"], "exchange");
    assert_eq!(line["body"]["postings"].as_array().unwrap().len(), 4);
    // The same form sent again (a double click) records nothing.
    let mut again = exchange("3000.00", "1000.00", "EUR");
    again.push(("form_token", &token));
    let page = treasurer.post("/treasurer/exchanges", &again).await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert!(page.body.contains("This form was already sent"), "{}", page.body);
    assert_eq!(app.head_seq().await, head + 1);
    // A form never shown has no token: it records nothing either.
    let page = treasurer.post("/treasurer/exchanges", &exchange("1.00", "0.30", "EUR")).await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert!(page.body.contains("This form was already sent"), "{}", page.body);
    assert_eq!(app.head_seq().await, head + 1);
});

both_backends!(a_bank_fee_leaves_the_account_and_the_general_fund, |app| async move {
    let mut treasurer = treasurer(&app).await;
    donate(&mut treasurer, &[]).await;
    let head = app.head_seq().await;
    let fee = |amount: &'static str, currency: &'static str| {
        vec![("account", "assets:bank:lt-main"), ("amount", amount), ("currency", currency)]
    };
    let refusals: [Refusal<Vec<(&str, &str)>>; 3] = [
        (
            fee("1.005", "EUR"),
            "amount",
            "Write the amount as a number like 1500 or 1500.50, with at most 2 decimals.",
        ),
        (fee("1.00", "XYZ"), "currency", "Choose one of the options."),
        (fee("100.01", "EUR"), "amount", "available 100.00 EUR, needed 100.01 EUR"),
    ];
    for (fields, field, message) in refusals {
        let page = send_form(&mut treasurer, "/treasurer/fees/new", &fields).await.0;
        assert!(page.status.is_client_error(), "{fields:?}");
        assert_eq!(field_error(&page.body, field).as_deref(), Some(message), "{fields:?}");
    }
    let pl_main = [("account", "assets:bank:pl-main"), ("amount", "1.00"), ("currency", "EUR")];
    let page = send_form(&mut treasurer, "/treasurer/fees/new", &pl_main).await.0;
    assert_eq!(field_error(&page.body, "amount").as_deref(), Some("available 0.00 EUR, needed 1.00 EUR"));
    assert_eq!(app.head_seq().await, head);
    let (page, token) = send_form(&mut treasurer, "/treasurer/fees/new", &fee("12.50", "EUR")).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(app.balance("assets:bank:lt-main", "EUR").await, 8_750);
    assert_eq!(app.balance("equity:funds:general", "EUR").await, -8_750);
    // The same form sent again (a double click) records nothing.
    let head = app.head_seq().await;
    let mut again = fee("12.50", "EUR");
    again.push(("form_token", &token));
    let page = treasurer.post("/treasurer/fees", &again).await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert!(page.body.contains("This form was already sent"), "{}", page.body);
    assert_eq!(app.head_seq().await, head);
    assert_eq!(app.balance("assets:bank:lt-main", "EUR").await, 8_750);
});

both_backends!(a_reversal_mirrors_an_entry_once, |app| async move {
    let mut treasurer = treasurer(&app).await;
    donate(&mut treasurer, &[]).await;
    let donation_seq = app.head_seq().await;
    let reverse = |seq: String, reason: &'static str| {
        vec![("seq".to_string(), seq), ("reason".to_string(), reason.to_string())]
    };
    let refusals = [
        (reverse("abc".into(), "typo"), "seq", "Write the entry's number, a whole number such as 1234."),
        (reverse("999999".into(), "typo"), "seq", "There is no journal entry with this number."),
        (reverse("1".into(), "typo"), "seq", "Entries of this kind cannot be reversed."),
        (reverse(donation_seq.to_string(), "  "), "reason", "This field is required."),
    ];
    for (fields, field, message) in refusals {
        treasurer.get("/treasurer/reversals/new").await;
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let page = treasurer.post("/treasurer/reversals", &fields).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert_eq!(field_error(&page.body, field).as_deref(), Some(message), "{fields:?}");
    }
    assert_eq!(app.head_seq().await, donation_seq);
    // The money page links to the form with the entry filled in.
    let money = treasurer.get("/treasurer").await;
    let href = format!("/treasurer/reversals/new?seq={donation_seq}");
    assert!(money.body.contains(&href), "{}", money.body);
    let form = treasurer.get(&href).await;
    assert!(form.body.contains(&format!("value=\"{donation_seq}\"")));
    let seq = donation_seq.to_string();
    let page = treasurer
        .post("/treasurer/reversals", &[("seq", &seq), ("reason", "Canary: the statement listed it twice")])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(app.balance("assets:bank:lt-main", "EUR").await, 0);
    let money = treasurer.get("/treasurer").await;
    assert_eq!(
        notice(&money.body),
        Some(format!("Entry {donation_seq} reversed by entry {}.", donation_seq + 1))
    );
    assert!(money.body.contains(&format!("reversed by entry {}", donation_seq + 1)));
    assert!(!money.body.contains(&href), "a reversed entry has no reverse link");
    // Once only.
    treasurer.get("/treasurer/reversals/new").await;
    let page = treasurer.post("/treasurer/reversals", &[("seq", &seq), ("reason", "again")]).await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert_eq!(field_error(&page.body, "seq").as_deref(), Some("This entry was already reversed."));
    assert_eq!(app.head_seq().await, donation_seq + 1);
    // The reason is sealed: never in the public journal.
    assert!(!app.get_text("/export/journal.jsonl").await.contains("Canary"));
});

both_backends!(the_board_and_the_auditor_read_the_money_page_but_record_nothing, |app| async move {
    let mut treasurer = treasurer(&app).await;
    donate(&mut treasurer, &[]).await;
    let page = treasurer.get("/treasurer").await;
    assert!(page.body.contains("href=\"/treasurer/donations/new\""));
    assert!(page.body.contains("data-account=\"assets:bank:lt-main\" data-currency=\"EUR\""));
    for username in ["admin", "auditor"] {
        let mut reader = Person::new(&app);
        reader.login(username).await;
        let page = reader.get("/treasurer").await;
        assert_eq!(page.status, StatusCode::OK, "{username}");
        assert!(page.body.contains("100.00"), "{username} sees the holdings");
        assert!(!page.body.contains("/treasurer/donations/new"), "{username} gets no forms");
        assert!(!page.body.contains("/treasurer/reversals/new"), "{username} gets no reverse links");
        assert_eq!(reader.get("/treasurer/donations/new").await.status, StatusCode::FORBIDDEN);
    }
});

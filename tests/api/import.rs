//! Importing donations from CSV: all or nothing, every bad line named, and
//! re-imports adding only rows not seen before.

use std::process::Command as Process;

use strikefund::import::ImportError;

use crate::both_backends;
use crate::helpers::{TestApp, expected_bad_lines, sample_file};

/// A CSV file made of the good sample's header and its data rows `from..to`.
fn slice_of_good_file(from: usize, to: usize) -> Vec<u8> {
    let text = String::from_utf8(sample_file("donations-good.csv")).unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    let mut out = vec![lines[0]];
    out.extend(&lines[1 + from..1 + to]);
    (out.join("\r\n") + "\r\n").into_bytes()
}

both_backends!(importing_the_good_file_twice_adds_its_rows_once, |app| async move {
    app.sample_fund().await;
    let good = sample_file("donations-good.csv");
    let dry = app.import(&good, true).await.unwrap();
    assert_eq!((dry.rows, dry.added, dry.already_recorded), (2000, 2000, 0));
    assert_eq!(app.donation_count().await, 0, "a dry run records nothing");
    let first = app.import(&good, false).await.unwrap();
    assert_eq!((first.rows, first.added, first.already_recorded), (2000, 2000, 0));
    let head = app.head_seq().await;
    let second = app.import(&good, false).await.unwrap();
    assert_eq!((second.rows, second.added, second.already_recorded), (2000, 0, 2000));
    assert_eq!(app.head_seq().await, head);
    assert_eq!(app.donation_count().await, 2000);
    // Rows are recorded in file order.
    let export = app.get_text("/export/journal.jsonl").await;
    let first_donation = export.lines().find(|l| l.contains("\"kind\":\"donation\"")).unwrap();
    assert!(first_donation.contains("\"received_on\":\"2020-12-18\""), "{first_donation}");
    assert!(first_donation.contains("\"amount\":\"200.00\",\"currency\":\"PLN\""), "{first_donation}");
});

both_backends!(an_overlapping_file_adds_only_the_new_rows, |app| async move {
    app.sample_fund().await;
    assert_eq!(app.import(&slice_of_good_file(0, 100), false).await.unwrap().added, 100);
    let report = app.import(&slice_of_good_file(50, 180), false).await.unwrap();
    assert_eq!((report.rows, report.added, report.already_recorded), (130, 80, 50));
    assert_eq!(app.donation_count().await, 180);
});

both_backends!(the_bad_file_imports_nothing_and_names_every_bad_line, |app| async move {
    app.sample_fund().await;
    let head = app.head_seq().await;
    let error = app.import(&sample_file("donations-bad.csv"), false).await.unwrap_err();
    let ImportError::BadLines(lines) = error else { panic!("expected bad lines, got {error}") };
    let found: Vec<(u64, String)> = lines
        .iter()
        .map(|l| (l.line, l.problems.iter().map(|p| p.reason()).collect::<Vec<_>>().join("; ")))
        .collect();
    assert_eq!(found, expected_bad_lines());
    assert_eq!(app.head_seq().await, head, "nothing was imported");
    assert_eq!(app.donation_count().await, 0);
});

both_backends!(a_reference_reused_with_other_details_is_a_bad_line, |app| async move {
    app.sample_fund().await;
    app.import(&slice_of_good_file(0, 10), false).await.unwrap();
    let text = String::from_utf8(slice_of_good_file(0, 10)).unwrap().replacen("200.00,PLN", "201.00,PLN", 1);
    let error = app.import(text.as_bytes(), false).await.unwrap_err();
    assert_eq!(error.to_string(), "1 bad lines; nothing was imported");
    let ImportError::BadLines(lines) = error else { unreachable!() };
    assert_eq!(lines[0].to_string(), "line 2: reference: reference already used for a different donation");
});

/// Runs the `strikefund` binary on the test's database.
fn strikefund(app: &TestApp, args: &[&str]) -> (bool, String, String) {
    let output = Process::new(env!("CARGO_BIN_EXE_strikefund"))
        .arg("--db")
        .arg(&app.db.url)
        .args(args)
        .env("STRIKEFUND_LOG", "warn")
        .env("STRIKEFUND_DATA_KEY", &app.db.data_key_path)
        .output()
        .expect("the binary runs");
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    (output.status.success(), text(output.stdout), text(output.stderr))
}

both_backends!(the_cli_imports_files_and_lists_bad_lines, |app| async move {
    app.sample_fund().await;
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/");
    let (ok, stdout, stderr) =
        strikefund(&app, &["donations", "import", &format!("{data}donations-bad.csv")]);
    assert!(!ok, "{stdout}");
    for (line, reason) in expected_bad_lines() {
        assert!(stderr.contains(&format!("line {line}: ")), "line {line} missing: {stderr}");
        assert!(stderr.contains(&reason), "{reason} missing: {stderr}");
    }
    assert!(stderr.contains("13 bad lines; nothing was imported"), "{stderr}");
    let good = format!("{data}donations-good.csv");
    let (ok, stdout, stderr) = strikefund(&app, &["donations", "import", &good, "--dry-run"]);
    assert!(ok, "{stderr}");
    assert_eq!(stdout.trim(), "2000 rows: would import 2000, already recorded 0");
    let (ok, stdout, stderr) = strikefund(&app, &["donations", "import", &good]);
    assert!(ok, "{stderr}");
    assert_eq!(stdout.trim(), "2000 rows: imported 2000, already recorded 0");
    assert_eq!(app.donation_count().await, 2000);
});

both_backends!(the_cli_moves_money_and_reverses_mistakes, |app| async move {
    app.sample_fund().await;
    app.import(&slice_of_good_file(0, 2000), false).await.unwrap();
    let general = app.balance("equity:funds:general", "EUR").await;
    let maz = app.balance("equity:funds:committee:maz", "EUR").await;
    let (ok, stdout, stderr) = strikefund(&app, &["allocate", "--committee", "maz", "100.00", "EUR"]);
    assert!(ok && stdout.starts_with("appended seq "), "{stdout}{stderr}");
    assert_eq!(app.balance("equity:funds:general", "EUR").await, general + 10_000);
    assert_eq!(app.balance("equity:funds:committee:maz", "EUR").await, maz - 10_000);
    let seq: u64 = stdout.split(' ').nth(2).unwrap().parse().unwrap();
    let (ok, _, stderr) = strikefund(&app, &["reverse", &seq.to_string(), "--reason", "wrong committee"]);
    assert!(ok, "{stderr}");
    assert_eq!(app.balance("equity:funds:committee:maz", "EUR").await, maz);
    let (ok, _, stderr) = strikefund(&app, &["reverse", &seq.to_string(), "--reason", "again"]);
    assert!(!ok && stderr.contains(&format!("entry {seq} was already reversed")), "{stderr}");
    let (ok, _, stderr) = strikefund(&app, &["fee", "--account", "assets:bank:lt-main", "1.50", "EUR"]);
    assert!(ok, "{stderr}");
    assert_eq!(app.balance("equity:funds:general", "EUR").await, general + 150);
    let exchange = [
        "exchange",
        "--from-account",
        "assets:bank:pl-main",
        "--from",
        "430.00",
        "PLN",
        "--to-account",
        "assets:bank:pl-main",
        "--to",
        "100.00",
        "EUR",
    ];
    let pln = app.balance("assets:bank:pl-main", "PLN").await;
    let (ok, _, stderr) = strikefund(&app, &exchange);
    assert!(ok, "{stderr}");
    assert_eq!(app.balance("assets:bank:pl-main", "PLN").await, pln - 43_000);
    let (ok, _, stderr) = strikefund(&app, &["allocate", "--committee", "maz", "99999999.00", "EUR"]);
    assert!(!ok && stderr.contains("equity:funds:general: available"), "{stderr}");
    let (ok, _, stderr) = strikefund(&app, &["allocate", "--committee", "maz", "1.001", "EUR"]);
    assert!(!ok && stderr.contains("more than 2 decimals"), "{stderr}");
    let (ok, stdout, _) =
        strikefund(&app, &["token", "create", "--name", "bank-feed", "--role", "treasurer"]);
    assert!(ok && stdout.trim().starts_with("sft_"), "{stdout}");
});

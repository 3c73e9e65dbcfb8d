//! The CSV importer's reading and checking of a file (everything before the
//! database): never panics, and every row it accepts is a valid donation to
//! an account and committee of the directory (the demo fund's).

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use strikefund::demo::{ACCOUNTS, COMMITTEES};
use strikefund::import::check_file;
use strikefund::intake::Directory;

static DIRECTORY: LazyLock<Directory> = LazyLock::new(|| {
    let slugs: Vec<&str> = COMMITTEES.iter().map(|(slug, _, _)| *slug).collect();
    Directory::with(ACCOUNTS, &slugs)
});

fuzz_target!(|data: &[u8]| {
    let latest_day = time::macros::date!(2026 - 01 - 01);
    let Ok(donations) = check_file(data, &DIRECTORY, latest_day) else { return };
    for donation in donations {
        assert!(donation.money.minor() > 0, "an accepted amount is positive");
        assert!(donation.received_on <= latest_day, "an accepted day is not in the future");
        let held = ACCOUNTS.iter().find(|(account, _)| *account == donation.account.as_str());
        let (_, currencies) = held.expect("an accepted account is open");
        assert!(currencies.contains(&donation.money.currency().code()), "in a currency it holds");
        if let Some(earmark) = &donation.earmark {
            assert!(
                COMMITTEES.iter().any(|(slug, _, _)| *slug == earmark.as_str()),
                "an accepted earmark exists"
            );
        }
        assert!(!donation.reference.trim().is_empty(), "an accepted row has a reference");
    }
});

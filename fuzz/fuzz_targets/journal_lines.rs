//! The auditor's reader of a public export (one JSON entry per line): the
//! multi-threaded `verify_file` and the line-by-line `verify_lines` must
//! never panic and must always agree, entry by entry and on the outcome.

#![no_main]

use libfuzzer_sys::fuzz_target;
use strikefund_audit::source::{Observer, Seen, verify_file, verify_lines};
use strikefund_audit::verify::{ChainVerifier, Finding};

/// Records every entry that passed the chain checks, body included.
#[derive(Default)]
struct Record(Vec<String>);

impl Observer for Record {
    fn entry(&mut self, seen: &Seen<'_>, _: &ChainVerifier) -> Result<(), Finding> {
        let body = serde_json::Value::Object(seen.body.to_map());
        self.0.push(format!("{} {} {body} {:?}", seen.seq, seen.kind, seen.root_before));
        Ok(())
    }
}

fuzz_target!(|data: &[u8]| {
    let (mut one, mut one_seen) = (ChainVerifier::default(), Record::default());
    let sequential = verify_lines(data, &mut one, &mut one_seen);
    let (mut many, mut many_seen) = (ChainVerifier::default(), Record::default());
    let parallel = verify_file(data, &mut many, &mut many_seen);
    assert_eq!(format!("{sequential:?}"), format!("{parallel:?}"));
    assert_eq!(one_seen.0, many_seen.0);
    assert_eq!(one.size(), many.size());
});

//! The checkpoint (C2SP signed note) parsers: never panic; a checkpoint
//! that parses prints and parses back to itself; a note signed here opens
//! with the key to the same checkpoint, and no other text opens with it.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use strikefund_audit::note::{Checkpoint, Signer, Verifier};

const ORIGIN: &str = "example.org/fund";

static SIGNER: LazyLock<Signer> = LazyLock::new(|| Signer::from_seed(ORIGIN, &[7; 32]).unwrap());

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = Verifier::parse(text);
    let _ = Signer::parse(text);
    let verifier = SIGNER.verifier();
    if let Ok(checkpoint) = Checkpoint::open(text, &verifier) {
        assert_eq!(checkpoint.origin, ORIGIN, "only the key's own origin opens");
        assert!(text.contains(&checkpoint.to_text()), "the signed text is the checkpoint's");
    }
    let Ok(checkpoint) = Checkpoint::parse_text(text) else { return };
    assert_eq!(Checkpoint::parse_text(&checkpoint.to_text()).as_ref(), Ok(&checkpoint));
    let signed = Checkpoint { origin: ORIGIN.to_string(), ..checkpoint };
    let note = SIGNER.sign(&signed.to_text()).expect("a parsed checkpoint can be signed");
    assert_eq!(Checkpoint::open(&note, &verifier), Ok(signed));
});

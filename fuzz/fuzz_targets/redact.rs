#![no_main]
//! Arbitrary bytes → (if UTF-8) `redact::redact`: it must return, and no access key id of the
//! input may survive in the output.

use libfuzzer_sys::fuzz_target;
use sqsguard::redact::{redact, secret_ranges};
use sqsguard_fuzz::key_ids;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let output = redact(text);
    let input_ids = key_ids(text);
    for id in key_ids(&output) {
        assert!(
            !input_ids.contains(&id),
            "key id {id} survived redaction: {text:?} → {output:?}"
        );
    }
    // Each redaction replaces 20 or 40 bytes by four characters and `…` (3 bytes).
    assert!(
        output.len() <= text.len(),
        "redaction grew the text: {text:?} → {output:?}"
    );
    if secret_ranges(text).is_empty() {
        assert_eq!(output, text);
    }
});

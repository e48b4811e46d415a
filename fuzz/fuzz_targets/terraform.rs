#![no_main]
//! Arbitrary bytes → (if UTF-8) one Terraform file → `terraform::load`; every location of the
//! model must lie within the text, and every error must name a line of it. A leading `{`
//! makes it a `.tf.json` file (Terraform's JSON syntax), so both syntaxes are fuzzed.

use libfuzzer_sys::fuzz_target;
use sqsguard::frontend::terraform;
use sqsguard::source::SourceFile;
use sqsguard_fuzz::{check_error, check_model};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let name = if text.trim_start().starts_with('{') {
        "fuzz.tf.json"
    } else {
        "fuzz.tf"
    };
    let files = [SourceFile::new(name.into(), text.to_string())];
    let (model, errors) = terraform::load(&files);
    check_model(&files[0], &model);
    assert!(errors.len() <= 1, "one file, {} errors", errors.len());
    if let Some(error) = errors.first() {
        check_error(text, error);
        assert!(
            model.queues.is_empty()
                && model.kms_keys.is_empty()
                && model.queue_policies.is_empty()
                && model.identity_policies.is_empty()
                && model.vpc_endpoints.is_empty(),
            "a file that failed to parse contributed resources"
        );
    }
});

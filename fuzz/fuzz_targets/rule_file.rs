#![no_main]
//! Arbitrary bytes → (if UTF-8) `rules::parse_rule`: it must return, and an error must name a
//! line of the input.

use libfuzzer_sys::fuzz_target;
use sqsguard::rules::{RuleError, parse_rule};
use sqsguard_fuzz::line_count;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_rule(std::path::Path::new("fuzz.yaml"), text) {
        Ok(rule) => {
            assert!(
                rule.id.starts_with("SQS") && rule.id.len() == 6,
                "{}",
                rule.id
            );
        }
        Err(RuleError::Invalid {
            line,
            column,
            message,
            ..
        }) => {
            let limit = line_count(text) as u64 + 1;
            assert!(
                line >= 1 && line <= limit && column >= 1,
                "rule error at {line}:{column} outside 1..={limit}: {message}"
            );
        }
        Err(error @ RuleError::Io { .. }) => panic!("parse_rule did I/O: {error}"),
    }
});

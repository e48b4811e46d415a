#![no_main]
//! Arbitrary bytes → (if UTF-8) `cloudformation::json::parse`, `cloudformation::load` and
//! the Terraform plan reader `plan::load`: every node, key and model span must lie within the
//! text with start <= end, and every error must name a line of it. An ASCII text is also read
//! from a file in two passes with its text let go (`plan::read_detaching`): the same plan.

use libfuzzer_sys::fuzz_target;
use sqsguard::frontend::cloudformation::{self, Syntax, json};
use sqsguard::frontend::plan;
use sqsguard::source::SourceFile;
use sqsguard_fuzz::{check_error, check_model, check_tree};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = SourceFile::new("fuzz.json".into(), text.to_string());
    let parsed = json::parse(text);
    if let Ok(Some(root)) = &parsed {
        check_tree(&file, root);
    }
    match cloudformation::load_model(&file, 0, Syntax::Json) {
        Ok(Some(model)) => {
            assert!(
                matches!(parsed, Ok(Some(_))),
                "load accepted what parse refused"
            );
            check_model(&file, &model);
        }
        Ok(None) => {}
        Err(error) => {
            assert!(parsed.is_err(), "load refused what parse accepted: {error}");
            check_error(text, &error);
        }
    }
    if text.is_ascii() {
        let path = std::env::temp_dir().join(format!("sqsguard-fuzz-{}.json", std::process::id()));
        if std::fs::write(&path, text).is_ok()
            && let Ok(disk) = std::fs::File::open(&path)
        {
            let mut detached = SourceFile::new("fuzz.json".into(), text.to_string());
            let streamed = plan::read_detaching(&mut detached, 0, 0, disk);
            match (plan::read(&file, 0), streamed) {
                (Ok(whole), Ok(streamed)) => {
                    assert_eq!(format!("{:?}", whole.model), format!("{:?}", streamed.model));
                    assert_eq!(whole.warnings, streamed.warnings);
                }
                (Err(whole), Err(streamed)) => assert_eq!(whole.message(), streamed.message()),
                (whole, streamed) => panic!("read {whole:?}, read in two passes {streamed:?}"),
            }
        }
    }
    match plan::load(&file, 0) {
        Ok(model) => check_model(&file, &model),
        Err(error) => {
            // Valid JSON is refused only when it is no plan or state, saying so.
            assert!(
                parsed.is_err() || error.message().starts_with("not a Terraform plan or state"),
                "the plan reader refused what parse accepted: {error}"
            );
            check_error(text, &error);
        }
    }
});

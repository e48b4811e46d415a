//! Parser robustness: every front-end returns on every input (a model or an error), an error
//! names a line of its input, and every span a model records lies within the text.
//!
//! Inputs: every file under `testdata/` and `examples/`, and `../shared/realworld` when present,
//! each whole and truncated at ten cut points; the rule files under `rules/` the same way for the
//! rule loader; and hand-written hostile inputs, some of them minimised from `cargo fuzz` runs
//! (`fuzz/README.md`). The same invariants are what the fuzz targets check (`fuzz/src/lib.rs`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sqsguard::frontend::FileError;
use sqsguard::frontend::cloudformation::{self, Syntax, json, yaml};
use sqsguard::frontend::terraform;
use sqsguard::model::Model;
use sqsguard::rules::{RuleError, parse_rule};
use sqsguard::source::{SourceFile, Span};

// ---------------------------------------------------------------------------------------------
// Running a front-end and checking its result
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Terraform,
    Yaml,
    Json,
}

/// The front-end a file goes to, by extension (as the file walker classifies them).
fn format_of(path: &Path) -> Option<Format> {
    match path.extension()?.to_str()? {
        "tf" => Some(Format::Terraform),
        "yaml" | "yml" | "template" => Some(Format::Yaml),
        "json" => Some(Format::Json),
        _ => None,
    }
}

/// What a front-end made of one input whose invariants hold.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    /// Parsed into a model with this many resources (queues, keys, aliases).
    Model(usize),
    /// Valid YAML/JSON, but not a CloudFormation template.
    NotTemplate,
    /// Refused with a syntax error at this 1-based line.
    Refused { line: u32, message: String },
}

/// Lines as a reader counts them: what `str::lines` yields.
fn line_count(text: &str) -> usize {
    text.lines().count()
}

fn check_span(file: &SourceFile, what: &str, span: Span) -> Result<(), String> {
    let text = &file.text;
    let (start, end) = (span.start as usize, span.end as usize);
    if start > end {
        return Err(format!("{what}: span {span:?} has start > end"));
    }
    if end > text.len() {
        return Err(format!(
            "{what}: span {span:?} ends past the text ({} bytes)",
            text.len()
        ));
    }
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return Err(format!("{what}: span {span:?} splits a character"));
    }
    let region = file.region(span);
    if region.start > region.end || region.start.line < 1 || region.start.column < 1 {
        return Err(format!("{what}: span {span:?} gives region {region:?}"));
    }
    Ok(())
}

/// Every span in the `Debug` text of a parsed tree or model, as `(start, end)`.
///
/// Read from `Debug` so that the check covers every span a model or tree has, including fields
/// added later, without naming the front-ends' internal types; quoted strings are skipped, so
/// span-shaped text in a value is not mistaken for a span.
fn debug_spans(debug: &str) -> Result<Vec<Span>, String> {
    const OPEN: &[u8] = b"Span { start: ";
    fn number(bytes: &[u8], at: &mut usize) -> Option<u32> {
        let start = *at;
        while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
            *at += 1;
        }
        std::str::from_utf8(&bytes[start..*at]).ok()?.parse().ok()
    }
    let bytes = debug.as_bytes();
    let mut spans = Vec::new();
    let (mut at, mut in_string) = (0, false);
    while at < bytes.len() {
        match bytes[at] {
            b'\\' if in_string => at += 1,
            b'"' => in_string = !in_string,
            _ if !in_string && bytes[at..].starts_with(OPEN) => {
                at += OPEN.len();
                let start = number(bytes, &mut at);
                let end = bytes[at..]
                    .starts_with(b", end: ")
                    .then(|| {
                        at += b", end: ".len();
                        number(bytes, &mut at)
                    })
                    .flatten();
                let (Some(start), Some(end)) = (start, end) else {
                    return Err(format!("unreadable span near byte {at} of {debug}"));
                };
                spans.push(Span { start, end });
            }
            _ => {}
        }
        at += 1;
    }
    Ok(spans)
}

/// Every span of a model lies within the text; answers the number of resources.
fn check_model(file: &SourceFile, model: &Model) -> Result<usize, String> {
    let resources = model.queues.len() + model.kms_keys.len() + model.kms_aliases.len();
    let spans = debug_spans(&format!("{model:?}"))?;
    if spans.len() < resources {
        return Err(format!(
            "{} spans for {resources} resources: {model:?}",
            spans.len()
        ));
    }
    for span in spans {
        check_span(file, "model", span)?;
    }
    Ok(resources)
}

/// Every node and key span of a parsed document lies within the text.
fn check_tree(file: &SourceFile, root: &impl std::fmt::Debug) -> Result<(), String> {
    for span in debug_spans(&format!("{root:?}"))? {
        check_span(file, "document tree", span)?;
    }
    Ok(())
}

fn refused(text: &str, error: &FileError) -> Result<Outcome, String> {
    let Some(line) = error.line() else {
        return Err(format!("an error without a line: {error}"));
    };
    let limit = line_count(text) + 1;
    if line < 1 || line as usize > limit {
        return Err(format!("error line {line} is outside 1..={limit}: {error}"));
    }
    Ok(Outcome::Refused {
        line,
        message: error.message().to_string(),
    })
}

/// Run the front-end for `format` on `text`; `Err` when an invariant is broken.
fn run(format: Format, text: &str) -> Result<Outcome, String> {
    let name = match format {
        Format::Terraform => "input.tf",
        Format::Yaml => "input.yaml",
        Format::Json => "input.json",
    };
    let file = SourceFile::new(name.into(), text.to_string());
    let syntax = match format {
        Format::Terraform => {
            let (model, errors) = terraform::load(std::slice::from_ref(&file));
            let resources = check_model(&file, &model)?;
            return match errors.as_slice() {
                [] => Ok(Outcome::Model(resources)),
                [error] if resources == 0 => refused(text, error),
                [_] => Err(format!(
                    "a file that failed to parse gave {resources} resources"
                )),
                more => Err(format!("one file gave {} errors", more.len())),
            };
        }
        Format::Yaml => Syntax::Yaml,
        Format::Json => Syntax::Json,
    };
    let parsed = match syntax {
        Syntax::Yaml => yaml::parse(text).map_err(|error| error.message),
        Syntax::Json => json::parse(text).map_err(|error| error.message),
    };
    if let Ok(Some(root)) = &parsed {
        check_tree(&file, root)?;
    }
    match (cloudformation::load_model(&file, 0, syntax), parsed) {
        (Ok(Some(model)), Ok(Some(_))) => check_model(&file, &model).map(Outcome::Model),
        (Ok(None), Ok(_)) => Ok(Outcome::NotTemplate),
        (Err(error), Err(_)) => refused(text, &error),
        (loaded, parsed) => Err(format!(
            "load and parse disagree: {loaded:?} / {:?}",
            parsed.map(|root| root.is_some())
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// Files and their truncations
// ---------------------------------------------------------------------------------------------

const CUTS: usize = 10;

/// Ten prefixes of `text`, cut at evenly spaced byte offsets moved back to a char boundary.
fn truncations(text: &str) -> Vec<(usize, &str)> {
    (1..=CUTS)
        .map(|index| {
            let mut cut = text.len() * index / (CUTS + 1);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            (cut, &text[..cut])
        })
        .collect()
}

fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for path in entries.filter_map(Result::ok).map(|entry| entry.path()) {
            if path.is_dir() {
                pending.push(path);
            } else if path.is_file() {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// What running every file under a root (whole and truncated) found.
#[derive(Default)]
struct Sweep {
    /// Inputs run: files times (1 + [`CUTS`]).
    runs: usize,
    files: usize,
    /// Whole files each front-end read into a model with at least one resource.
    with_resources: usize,
    /// Whole files that were refused.
    refused_whole: Vec<String>,
    failures: Vec<String>,
}

fn sweep(root: &Path) -> Sweep {
    let mut sweep = Sweep::default();
    for path in files_under(root) {
        let Some(format) = format_of(&path) else {
            continue;
        };
        let shown = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .display()
            .to_string();
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) => {
                sweep.failures.push(format!("{shown}: unreadable: {error}"));
                continue;
            }
        };
        sweep.files += 1;
        sweep.runs += 1;
        match run(format, &text) {
            Ok(Outcome::Model(count)) if count > 0 => sweep.with_resources += 1,
            Ok(Outcome::Refused { line, message }) => {
                sweep
                    .refused_whole
                    .push(format!("{shown}:{line}: {message}"));
            }
            Ok(_) => {}
            Err(failure) => sweep.failures.push(format!("{shown} (whole): {failure}")),
        }
        for (cut, prefix) in truncations(&text) {
            sweep.runs += 1;
            if let Err(failure) = run(format, prefix) {
                sweep
                    .failures
                    .push(format!("{shown} cut at byte {cut}: {failure}"));
            }
        }
    }
    sweep
}

fn report(label: &str, sweep: &Sweep) -> String {
    let mut text = format!(
        "{label}: {} files, {} inputs, {} whole files with resources",
        sweep.files, sweep.runs, sweep.with_resources
    );
    for failure in &sweep.failures {
        let _ = write!(text, "\n  {failure}");
    }
    text
}

fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_project_fixture_and_its_truncations_parse_or_fail_at_a_line_of_the_input() {
    for dir in ["examples", "testdata"] {
        let sweep = sweep(&project_root().join(dir));
        eprintln!("{}", report(dir, &sweep));
        assert!(sweep.files > 0, "no IaC file found under {dir}/");
        assert!(sweep.failures.is_empty(), "{}", report(dir, &sweep));
        assert_eq!(sweep.runs, sweep.files * (CUTS + 1));
        // Fixtures and examples are valid IaC that the scanner reads: none may be refused, and
        // they declare queues and keys.
        assert!(
            sweep.refused_whole.is_empty(),
            "{dir}/ files refused whole: {:#?}",
            sweep.refused_whole
        );
        assert!(
            sweep.with_resources > 0,
            "no file under {dir}/ declares a resource"
        );
    }
}

#[test]
fn every_realworld_file_and_its_truncations_parse_or_fail_at_a_line_of_the_input() {
    let root = project_root().join("../shared/realworld");
    if !root.is_dir() {
        eprintln!(
            "skipped: {} is absent (a fresh clone has no ../shared)",
            root.display()
        );
        return;
    }
    let sweep = sweep(&root);
    eprintln!("{}", report("realworld", &sweep));
    assert!(
        sweep.files > 0,
        "no IaC file found under {}",
        root.display()
    );
    assert!(sweep.failures.is_empty(), "{}", report("realworld", &sweep));
    // Published templates and modules are valid: the scanner must read every one of them.
    assert!(
        sweep.refused_whole.is_empty(),
        "real-world files refused: {:#?}",
        sweep.refused_whole
    );
    assert!(sweep.with_resources > 0);
}

#[test]
fn every_rule_file_loads_and_its_truncations_fail_at_a_line_of_the_input() {
    let root = project_root().join("rules");
    let mut failures = Vec::new();
    let mut files = 0;
    for path in files_under(&root) {
        if !path
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml")
        {
            continue;
        }
        files += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        if let Err(error) = parse_rule(&path, &text) {
            failures.push(format!("whole file refused: {error}"));
        }
        for (cut, prefix) in truncations(&text) {
            match parse_rule(&path, prefix) {
                // A prefix can still be a complete rule when the cut falls in trailing text.
                Ok(rule) => assert!(text[..cut].contains(&rule.id)),
                Err(RuleError::Invalid { line, column, .. })
                    if line >= 1 && line <= line_count(prefix) as u64 + 1 && column >= 1 => {}
                Err(error) => failures.push(format!("cut at byte {cut}: {error}")),
            }
        }
    }
    assert!(files > 0, "no rule file under rules/");
    assert!(failures.is_empty(), "{failures:#?}");
}

// ---------------------------------------------------------------------------------------------
// Hand-written hostile inputs, with the outcome each must have
// ---------------------------------------------------------------------------------------------

fn outcome(format: Format, text: &str) -> Outcome {
    run(format, text).unwrap_or_else(|failure| panic!("{format:?} {text:?}: {failure}"))
}

fn refused_at(format: Format, text: &str) -> (u32, String) {
    match outcome(format, text) {
        Outcome::Refused { line, message } => (line, message),
        other => panic!("{format:?} {text:?}: expected an error, got {other:?}"),
    }
}

#[test]
fn empty_and_blank_inputs_are_empty_models_not_errors() {
    for text in ["", "\n", "\r\n", "   \n\t\n"] {
        assert_eq!(
            outcome(Format::Terraform, text),
            Outcome::Model(0),
            "{text:?}"
        );
        assert_eq!(
            outcome(Format::Yaml, text),
            Outcome::NotTemplate,
            "{text:?}"
        );
        assert_eq!(
            outcome(Format::Json, text),
            Outcome::NotTemplate,
            "{text:?}"
        );
    }
}

#[test]
fn absurd_nesting_is_an_error_on_its_line_in_every_format() {
    let deep_list = |open: &str, close: &str| {
        format!(
            "x = 1\n\na = {}1{}\n",
            open.repeat(50_000),
            close.repeat(50_000)
        )
    };
    let (line, message) = refused_at(Format::Terraform, &deep_list("[", "]"));
    assert_eq!(line, 3, "{message}");
    assert!(message.contains("nesting"), "{message}");
    let (line, message) = refused_at(Format::Terraform, &deep_list("(", ")"));
    assert_eq!(line, 3, "{message}");

    let yaml_text = format!("a: 1\nb: {}1{}\n", "[".repeat(50_000), "]".repeat(50_000));
    let (line, message) = refused_at(Format::Yaml, &yaml_text);
    assert_eq!(line, 2, "{message}");
    // saphyr's own flow-depth limit may answer before ours does.
    let too_deep =
        |message: &str| message.contains("nesting") || message.contains("recursion limit");
    assert!(too_deep(&message), "{message}");
    let block = (0..500).fold(String::new(), |mut text, depth| {
        let _ = writeln!(text, "{}k:", "  ".repeat(depth));
        text
    });
    let (line, message) = refused_at(Format::Yaml, &block);
    assert!(too_deep(&message), "{line}: {message}");
    assert!((100..=140).contains(&line), "{line}: {message}");

    let json_text = format!("{{\n\"a\": {}1{}}}", "[".repeat(50_000), "]".repeat(50_000));
    let (line, message) = refused_at(Format::Json, &json_text);
    assert_eq!(line, 2, "{message}");
    assert!(message.contains("nesting"), "{message}");
}

#[test]
fn yaml_alias_bombs_and_unknown_aliases_are_errors_with_lines() {
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..12 {
        let prev = level - 1;
        let items = vec![format!("*a{prev}"); 10].join(", ");
        let _ = writeln!(bomb, "a{level}: &a{level} [{items}]");
    }
    let (line, message) = refused_at(Format::Yaml, &bomb);
    assert!(message.contains("alias expansion"), "{message}");
    assert!((2..=12).contains(&line), "{line}");

    let (line, message) = refused_at(Format::Yaml, "a: 1\nb: *nowhere\n");
    assert_eq!(line, 2, "{message}");
}

#[test]
fn spans_stay_on_character_boundaries_after_multibyte_text_and_crlf() {
    let yaml_text = "Description: \"héllo 𝄞 ✓\"\r\nResources:\r\n  Q:\r\n    Type: AWS::SQS::Queue\r\n    Properties:\r\n      QueueName: \"日本\"\r\n      SqsManagedSseEnabled: false\r\n";
    assert_eq!(outcome(Format::Yaml, yaml_text), Outcome::Model(1));
    let file = SourceFile::new("t.yaml".into(), yaml_text.to_string());
    let model = cloudformation::load_model(&file, 0, Syntax::Yaml)
        .unwrap()
        .unwrap();
    let name = model.queues[0].props.name.as_ref().unwrap().at();
    assert_eq!(file.slice(name.span), "QueueName: \"日本\"");
    assert_eq!(file.region(name.span).start.line, 6);

    let json_text = "{\"Description\": \"𝄞𝄞\",\r\n \"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\",\r\n  \"Properties\": {\"QueueName\": \"é\"}}}}";
    assert_eq!(outcome(Format::Json, json_text), Outcome::Model(1));

    let tf_text = "# 𝄞 é\r\nresource \"aws_sqs_queue\" \"q\" {\r\n  name = \"日本\"\r\n}\r\n";
    assert_eq!(outcome(Format::Terraform, tf_text), Outcome::Model(1));
}

#[test]
fn a_byte_order_mark_is_accepted_before_yaml() {
    let text = "\u{feff}Resources:\n  Q:\n    Type: AWS::SQS::Queue\n";
    assert_eq!(outcome(Format::Yaml, text), Outcome::Model(1));
}

#[test]
fn control_characters_and_nul_are_errors_or_text_never_a_crash() {
    // NUL and other C0 controls inside and outside strings, in every format.
    for text in [
        "a = \"\0\"\n",
        "\0",
        "a: \u{1}\n",
        "{\"a\": \"\u{7}\"}",
        "\u{7f}\u{85}\u{2028}",
    ] {
        for format in [Format::Terraform, Format::Yaml, Format::Json] {
            // None of these declares a resource: a model, if any, is empty.
            let outcome = outcome(format, text);
            assert!(
                !matches!(outcome, Outcome::Model(count) if count > 0),
                "{format:?} {text:?}: {outcome:?}"
            );
        }
    }
    let (line, _) = refused_at(Format::Json, "{\"a\": 1,\n\n\0}");
    assert_eq!(line, 3);
}

// ---------------------------------------------------------------------------------------------
// Regressions minimised from fuzzing (`fuzz/README.md`)
// ---------------------------------------------------------------------------------------------

/// `cargo fuzz run cloudformation_yaml` → `cargo fuzz tmin`: the 3 bytes `:\re`. saphyr counts a
/// lone CR as a line break, so the YAML front-end reports line 3, while `SourceFile` (which
/// numbers the lines of findings and quotes them) and `str::lines` see one line: an error line
/// that the file does not have (`SourceFile::line_text(3)` even answers with the whole text).
#[test]
fn a_yaml_error_after_a_lone_carriage_return_names_a_line_the_file_has() {
    let text = ":\re";
    let file = SourceFile::new("t.yaml".into(), text.to_string());
    let error = cloudformation::load_model(&file, 0, Syntax::Yaml).unwrap_err();
    assert_eq!(error.message(), "simple key expected");
    let end_line = file.position(u32::try_from(text.len()).unwrap()).line;
    assert_eq!(end_line, 1);
    // The error is at the end of the input: on its last line, or the one just after it.
    assert!(
        error.line().is_some_and(|line| line <= end_line + 1),
        "{error}"
    );
}

/// The same input still fails, with a line counted the YAML way (this pins today's behaviour so
/// a change to it is seen; the ignored test above says what it should be).
#[test]
fn a_yaml_error_after_a_lone_carriage_return_is_an_error() {
    let (line, message) = refused_lenient(":\re");
    assert_eq!(message, "simple key expected");
    assert!((1..=3).contains(&line), "{line}");
}

fn refused_lenient(text: &str) -> (u32, String) {
    let file = SourceFile::new("t.yaml".into(), text.to_string());
    match cloudformation::load_model(&file, 0, Syntax::Yaml) {
        Err(error) => (error.line().unwrap(), error.message().to_string()),
        Ok(model) => panic!("{text:?}: expected an error, got {:?}", model.is_some()),
    }
}

#[test]
fn spans_are_read_from_debug_text_but_not_from_strings_in_it() {
    let debug = r#"Model { a: Location { file: 0, span: Span { start: 3, end: 14 } }, s: "Span { start: 1, end: 2 } \" Span { start: 5, end: 6 }", b: Span { start: 0, end: 0 } }"#;
    assert_eq!(
        debug_spans(debug).unwrap(),
        vec![Span { start: 3, end: 14 }, Span { start: 0, end: 0 }]
    );
    assert!(debug_spans("Span { start: 1, end: x }").is_err());
}

/// A JSON comment holding a `"` makes the nesting pre-check (`json.rs`, `too_deep`) take the rest
/// of the file for a string, so nesting past `MAX_DEPTH` (128) is parsed (jsonc-parser's own
/// limit, 512, still stops a stack overflow). Found while probing what the fuzzer had not reached.
#[test]
fn a_quote_in_a_json_comment_does_not_lift_the_nesting_limit() {
    let text = format!("// \"\n{}{}\n", "[".repeat(300), "]".repeat(300));
    match outcome(Format::Json, &text) {
        Outcome::Refused { line, message } => {
            assert_eq!(line, 2, "{message}");
            assert!(message.contains("nesting deeper than 128"), "{message}");
        }
        other => panic!("300 nested arrays after a comment with a quote: {other:?}"),
    }
}

// Stack overflows abort the whole test process, so these run their body in a child process
// (this test binary again, with `CHILD` set), on a thread with the 2 MiB stack that test
// threads and rayon's workers (where the engine runs front-ends) get by default.

const CHILD: &str = "PARSER_ROBUSTNESS_CHILD";

fn in_child_process(test: &str, body: impl FnOnce()) {
    if std::env::var_os(CHILD).is_some() {
        body();
        return;
    }
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args([test, "--exact", "--include-ignored", "--test-threads=1"])
        .env(CHILD, "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{test} failed in its child process ({}):\n{stderr}",
        output.status
    );
}

fn on_a_2_mib_stack<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(work)
        .unwrap()
        .join()
        .unwrap()
}

/// `a = [for x in [for x in … 1 : x] : x]`, 100 deep. hcl-edit refuses nesting past 64 levels, but
/// in a debug build 64 nested `for` expressions already overflow a 2 MiB stack (62 pass); a
/// release build answers the error below.
#[test]
fn nested_for_expressions_are_refused_not_a_stack_overflow() {
    in_child_process(
        "nested_for_expressions_are_refused_not_a_stack_overflow",
        || {
            let text = format!("a = {}1{}\n", "[for x in ".repeat(100), " : x]".repeat(100));
            let outcome = on_a_2_mib_stack(move || run(Format::Terraform, &text));
            match outcome {
                Ok(Outcome::Refused { line: 1, message }) if message.contains("nesting") => {}
                other => panic!("{other:?}"),
            }
        },
    );
}

/// A rule whose `match` nests `{not: {not: …}}` 100 deep. serde-saphyr refuses YAML nested past
/// 64 levels, but in a debug build about 45 nested `not` already overflow a 2 MiB stack (40
/// pass); a release build answers the error below.
#[test]
fn deeply_nested_rule_conditions_are_refused_not_a_stack_overflow() {
    in_child_process(
        "deeply_nested_rule_conditions_are_refused_not_a_stack_overflow",
        || {
            let text = format!(
                "id: SQS900\nname: t\ntitle: T\nseverity: high\npractice: encryption-at-rest\n\
                 guide: G\nresource: queue\ndescription: D\n\
                 remediation: {{ terraform: t, cloudformation: c }}\nmessage: \"q\"\n\
                 match: {}{{field: name, exists: true}}{}\n",
                "{not: ".repeat(100),
                "}".repeat(100)
            );
            let outcome = on_a_2_mib_stack(move || parse_rule(Path::new("x.yaml"), &text));
            match outcome {
                Err(RuleError::Invalid {
                    line: 11, message, ..
                }) if message.contains("Depth") || message.contains("depth") => {}
                other => panic!("{other:?}"),
            }
        },
    );
}

/// Found by fuzzing: hcl-edit backtracks at every open level when a text ends inside many
/// brackets, each level nearly doubling the time (this one took 13 s; a longer one would
/// hang a pull-request check). Many unclosed brackets are refused before the parser runs.
#[test]
fn many_unclosed_brackets_are_refused_before_the_parser_backtracks_on_them() {
    let text = "a = {_/{z/z/{z/z/2-{x222/zx222/z/{z/z/_/{z/zeounts: N/{z/z/2-{x222/z/{z/z/2*QQQ22*QQQ22/{z/z/_/{z/z/{z/z/2-{x222/z/{z/z/2*QQQ22*Q/{z/z/{z/z/2-{x222/zx222/z/{z/z/_/{z/zeounts: N/{z/z/2-{x222/z/{z/z/2*QQQ22*QQQ22/{z/z/_/{z/z/{z/z/2-{x222/z/{z/z/2*QQQ22QQ2222";
    match run(Format::Terraform, text) {
        Ok(Outcome::Refused { line, message }) => {
            assert_eq!(line, 1);
            assert!(message.contains("are never closed"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    // A few unclosed brackets still get the parser's own message.
    match run(Format::Terraform, "a = {\n  b = [1, 2\n") {
        Ok(Outcome::Refused { message, .. }) => {
            assert!(!message.contains("never closed"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

//! Generated documentation stays in step with the rule files: the README's rule table is
//! rewritten from `rules/`, and the test fails if that changed anything (CI then sees a diff).

use std::fmt::Write as _;
use std::path::Path;

use sqsguard::RuleSet;

const START: &str = "<!-- rules-table:start -->\n";
const END: &str = "<!-- rules-table:end -->";

fn rule_table() -> String {
    let rules = RuleSet::builtin().expect("built-in rules load");
    let mut table =
        String::from("| id | name | severity | default | title |\n|---|---|---|---|---|\n");
    for rule in &rules.rules {
        let _ = writeln!(
            table,
            "| {} | {} | {} | {} | {} |",
            rule.id,
            rule.name,
            rule.severity,
            if rule.enabled_by_default { "on" } else { "off" },
            rule.title
        );
    }
    table
}

#[test]
fn readme_rule_table_matches_the_rule_files() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let start = readme
        .find(START)
        .expect("README has the rules-table start marker")
        + START.len();
    let end = readme
        .find(END)
        .expect("README has the rules-table end marker");
    let expected = rule_table();
    if readme[start..end] != expected {
        let updated = format!("{}{}{}", &readme[..start], expected, &readme[end..]);
        std::fs::write(&path, updated).unwrap();
        panic!("README rule table was stale and has been regenerated; commit README.md");
    }
}

/// `docs/rules/<ID>.md` for every rule (what `explain` prints and SARIF `help` carries) and an
/// index; rewritten from the rule files, failing when anything changed.
#[test]
fn rule_docs_match_the_rule_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    std::fs::create_dir_all(&dir).unwrap();
    let rules = RuleSet::builtin().expect("built-in rules load");
    let mut expected: Vec<(String, String)> = rules
        .rules
        .iter()
        .map(|rule| (format!("{}.md", rule.id), rule.documentation()))
        .collect();
    let mut index = String::from(
        "# sqsguard rules\n\nGenerated from `rules/` by `tests/docs.rs`; do not edit by hand.\n\n\
         | id | name | severity | default | title |\n|---|---|---|---|---|\n",
    );
    for rule in &rules.rules {
        let _ = writeln!(
            index,
            "| [{id}]({id}.md) | {} | {} | {} | {} |",
            rule.name,
            rule.severity,
            if rule.enabled_by_default { "on" } else { "off" },
            rule.title,
            id = rule.id,
        );
    }
    expected.push(("README.md".to_string(), index));
    let mut stale = Vec::new();
    for (name, text) in &expected {
        let path = dir.join(name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&path, text).unwrap();
            stale.push(name.clone());
        }
    }
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !expected
            .iter()
            .any(|(expected_name, _)| *expected_name == name)
        {
            std::fs::remove_file(&path).unwrap();
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "regenerated stale rule docs (commit them): {stale:?}"
    );
}

/// `docs/model.md`: every collection and field a rule file may name, from the model's schemas.
#[test]
fn model_reference_matches_the_schemas() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/model.md");
    let mut expected = String::from(
        "# The model as rule files see it\n\nGenerated from `src/model/fields.rs` by `tests/docs.rs`; do not edit by hand.\n\
         A rule names one collection in `resource:` and fields of it in `match`, `message` and\n\
         `location`. Booleans are three-valued: a value that cannot be resolved statically is\n\
         unknown, and a rule only fires when its `match` is true.\n",
    );
    for collection in sqsguard::model::fields::COLLECTIONS {
        let _ = write!(
            expected,
            "\n## `{}`\n\n{}\n\n| field | type | meaning |\n|---|---|---|\n",
            collection.name, collection.doc
        );
        for field in collection.fields {
            let _ = writeln!(
                expected,
                "| `{}` | {} | {} |",
                field.name,
                field.ty.name(),
                field.doc.replace('|', "\\|")
            );
        }
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current != expected {
        std::fs::write(&path, &expected).unwrap();
        panic!("docs/model.md was stale and has been regenerated; commit it");
    }
}

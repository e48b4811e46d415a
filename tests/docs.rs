//! Generated documentation stays in step with the rule files: the README's rule table is
//! rewritten from `rules/`, and the test fails if that changed anything (CI then sees a diff).

use std::path::Path;

use sqsguard::RuleSet;

const START: &str = "<!-- rules-table:start -->\n";
const END: &str = "<!-- rules-table:end -->";

fn rule_table() -> String {
    let rules = RuleSet::builtin().expect("built-in rules load");
    let mut table =
        String::from("| id | name | severity | default | title |\n|---|---|---|---|---|\n");
    for rule in &rules.rules {
        table.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            rule.id,
            rule.name,
            rule.severity,
            if rule.enabled_by_default { "on" } else { "off" },
            rule.title
        ));
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

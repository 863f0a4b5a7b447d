//! The JSON Schema that `vpcpath schema` prints: committed as `docs/vpcpath.schema.json` for
//! editors, kept up to date, and accepting every bundled scenario.

use std::path::Path;

fn schema() -> serde_json::Value {
    vpcpath::model::json_schema()
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft7::new(&schema()).expect("the schema is valid draft-07")
}

fn yaml_as_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    let committed = std::fs::read_to_string("docs/vpcpath.schema.json").unwrap();
    let generated = serde_json::to_string_pretty(&schema()).unwrap() + "\n";
    assert!(
        committed == generated,
        "docs/vpcpath.schema.json is stale: run `cargo run -- schema > docs/vpcpath.schema.json`"
    );
}

#[test]
fn every_bundled_scenario_is_valid_against_the_schema() {
    let v = validator();
    let mut checked = 0;
    for entry in std::fs::read_dir("scenarios").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let doc = yaml_as_json(&path);
            let errors: Vec<String> = v
                .iter_errors(&doc)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} scenarios found");
}

#[test]
fn the_schema_refuses_what_the_loader_refuses() {
    let v = validator();
    let typo: serde_json::Value = serde_saphyr::from_str(
        "scenario: x\nregion: us-east-1\nvpcs:\n  - id: vpc-a\n    cidr: 10.0.0.0/16\n    subnet: []\n",
    )
    .unwrap();
    assert!(!v.is_valid(&typo), "an unknown key must be refused");
    let missing: serde_json::Value = serde_saphyr::from_str("scenario: x\n").unwrap();
    assert!(!v.is_valid(&missing), "region is required");
    let wrong_type: serde_json::Value =
        serde_saphyr::from_str("scenario: x\nregion: us-east-1\nvpcs: {}\n").unwrap();
    assert!(!v.is_valid(&wrong_type), "vpcs is a list");
}

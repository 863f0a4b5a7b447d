//! The JSON Schema that `vpcpath schema` prints: committed as `docs/vpcpath.schema.json` for
//! editors, kept up to date, and accepting every bundled scenario.

use std::path::Path;

fn schema() -> serde_json::Value {
    vpcpath::model::json_schema()
}

pub fn validator() -> jsonschema::Validator {
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

/// The files vpcpath accepts: bundled scenarios, fixtures and the warning fixtures.
fn accepted_files() -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for dir in ["scenarios", "tests/fixtures", "tests/warnings"] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// What the loader accepts the schema accepts: every file that `vpcpath check` passes.
#[test]
fn the_schema_accepts_what_the_loader_accepts() {
    let v = validator();
    for path in accepted_files() {
        vpcpath::load::load_file(&path).unwrap_or_else(|e| panic!("{e}"));
        let doc = yaml_as_json(&path);
        let errors: Vec<String> = v
            .iter_errors(&doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
    // Numbers YAML reads as numbers where the loader takes text, and the other way round.
    for text in [
        "scenario: x\nregion: us-east-1\naccount: 123456789012\n",
        "scenario: x\nregion: us-east-1\naccount: \"012345678901\"\n",
        "scenario: x\nregion: us-east-1\napis: [{ id: abc0api001, endpoint: regional, stages: [p], response: { status: \"403\" } }]\n",
        "scenario: x\nregion: us-east-1\napis: [{ id: abc0api001, endpoint: ~, stages: [p] }]\n",
        "scenario: x\nregion: us-east-1\nvpcs: [{ id: vpc-a, cidr: 10.0.0.0/16, security_groups: [{ id: sg-a, ingress: [{ protocol: -1, cidr: 10.0.0.0/8 }] }] }]\n",
    ] {
        vpcpath::load::load_str(Path::new("t.yaml"), text).unwrap_or_else(|e| panic!("{e}"));
        let doc: serde_json::Value = serde_saphyr::from_str(text).unwrap();
        assert!(
            v.is_valid(&doc),
            "the schema refuses what vpcpath accepts:\n{text}"
        );
    }
}

/// What the loader refuses for its form (a wrong type, an unknown key, a word outside a list)
/// the schema refuses too, so an editor flags it as vpcpath would.
#[test]
fn the_schema_refuses_what_the_loader_refuses_for_its_form() {
    use vpcpath::error::Code;
    let v = validator();
    let mut checked = 0;
    for entry in std::fs::read_dir("tests/errors").unwrap() {
        let path = entry.unwrap().path();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let diagnostics = match vpcpath::load::load_str(&path, &text) {
            Ok(_) => panic!("{} loads", path.display()),
            Err(vpcpath::Error::Invalid { diagnostics, .. }) => diagnostics,
            Err(e) => panic!("{e}"),
        };
        // A file refused only for its form: the YAML's shape or types, or a word the format
        // lists (a Region, an outcome).
        let form = [Code::Format, Code::Region];
        if !diagnostics.iter().all(|d| form.contains(&d.code)) {
            continue;
        }
        // YAML the parser cannot read has no JSON to check.
        let Ok(doc) = serde_saphyr::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        assert!(
            !v.is_valid(&doc),
            "{}: the schema accepts it",
            path.display()
        );
        checked += 1;
    }
    for text in [
        "scenario: x\nregion: mars-east-1\n",
        "scenario: x\nregion: us-east-1\nrequests: [{ name: r, from: internet, url: \"https://a.example.com/\", expect: { outcome: maybe } }]\n",
        "scenario: x\nregion: us-east-1\napis: [{ id: abc0api001, endpoint: global, stages: [p] }]\n",
    ] {
        assert!(
            vpcpath::load::load_str(Path::new("t.yaml"), text).is_err(),
            "{text}"
        );
        let doc: serde_json::Value = serde_saphyr::from_str(text).unwrap();
        assert!(
            !v.is_valid(&doc),
            "the schema accepts what vpcpath refuses:\n{text}"
        );
        checked += 1;
    }
    assert!(checked >= 6, "{checked} files refused for their form");
}

/// The closed word lists are read in any case by the loader and the schema alike, and a word
/// outside a list is refused by both: one scenario per spelling of every list.
#[test]
fn the_word_lists_agree_with_the_loader_in_any_case() {
    let v = validator();
    let base = "scenario: x\nregion: REGION\n";
    let vpc = "vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16, internet_gateway: igw-a, subnets: [{ id: subnet-a, cidr: 10.0.0.0/24 }, { id: subnet-b, cidr: 10.0.1.0/24, az: us-east-1b }], ";
    let cases: Vec<(String, &str)> = vec![
        (format!("{vpc}security_groups: [{{ id: sg-a, ingress: [{{ protocol: WORDPORTS, cidr: 10.0.0.0/8 }}] }}] }}]\n"), "protocol"),
        (format!("{vpc}network_acls: [{{ id: acl-a, ingress: [{{ rule: 100, action: WORD, protocol: all, cidr: 0.0.0.0/0 }}] }}] }}]\n"), "action"),
        (format!("{vpc}nat_gateways: [{{ id: nat-a, subnet: subnet-a, connectivity: WORD }}] }}]\n"), "connectivity"),
        (format!("{vpc}endpoints: [{{ id: vpce-a, service: sts, type: WORD, private_dns: false, subnets: [subnet-a] }}] }}]\n"), "endpoint type"),
        ("apis: [{ id: abc0api001, type: WORD, endpoint: regional, stages: [p] }]\n".to_string(), "api type"),
        ("apis: [{ id: abc0api001, endpoint: WORD, stages: [p], policy: { Statement: [{ Effect: Allow, Principal: \"*\", Action: \"execute-api:Invoke\", Resource: \"*\" }] } }]\n".to_string(), "endpoint"),
        ("apis: [{ id: abc0api001, authorization: WORD, stages: [p] }]\n".to_string(), "authorization"),
        ("dns_zones: [{ name: example.com, records: [{ name: www.example.com, type: WORD, value: a.example.net }] }]\n".to_string(), "record type"),
        ("requests: [{ name: r, from: internet, url: \"https://a.example.com/\", expect: { outcome: WORD } }]\n".to_string(), "outcome"),
    ];
    let words: &[(&str, &[&str])] = &[
        (
            "protocol",
            &["tcp", "TCP", "Udp", "ICMP", "all", "ALL", "6", "-1"],
        ),
        ("action", &["allow", "DENY", "Allow"]),
        ("connectivity", &["public", "PUBLIC"]),
        ("endpoint type", &["interface", "Interface"]),
        ("api type", &["rest", "HTTP", "WebSocket"]),
        ("endpoint", &["regional", "Edge", "PRIVATE"]),
        ("authorization", &["none", "AWS_IAM"]),
        ("record type", &["CNAME", "cname", "Cname"]),
        ("outcome", &["http", "DNS-Failure", "timeout", "Refused"]),
    ];
    let wrong = ["tcpp", "maybe", "gre"];
    let mut checked = 0;
    for (case, what) in &cases {
        let spellings = words.iter().find(|(w, _)| w == what).unwrap().1;
        for region in ["us-east-1", "US-East-1"] {
            for word in spellings {
                let ports = match word.to_ascii_lowercase().as_str() {
                    "tcp" | "udp" | "6" | "17" => ", ports: 443",
                    _ => "",
                };
                let text = format!("{base}{case}")
                    .replace("REGION", region)
                    .replace("PORTS", ports)
                    .replace("WORD", word);
                if let Err(e) = vpcpath::load::load_str(Path::new("t.yaml"), &text) {
                    // Only the word matters: a file refused for another reason is not a case.
                    panic!("vpcpath refuses {what} `{word}`:\n{text}\n{e}");
                }
                let doc: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
                assert!(
                    v.is_valid(&doc),
                    "the schema refuses {what} `{word}`:\n{text}"
                );
                checked += 1;
            }
        }
        for word in wrong {
            let text = format!("{base}{case}")
                .replace("REGION", "us-east-1")
                .replace("PORTS", "")
                .replace("WORD", word);
            assert!(
                vpcpath::load::load_str(Path::new("t.yaml"), &text).is_err(),
                "vpcpath accepts {what} `{word}`"
            );
            let doc: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
            assert!(
                !v.is_valid(&doc),
                "the schema accepts {what} `{word}`:\n{text}"
            );
        }
    }
    assert!(checked > 50, "{checked}");
}

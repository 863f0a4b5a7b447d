//! The same input gives the same output, and the order of independent entries in a scenario
//! does not change any outcome.

use std::path::Path;

fn outcomes(net: &vpcpath::Network) -> Vec<(String, String, String)> {
    vpcpath::run::simulate_all(net)
        .into_iter()
        .map(|t| {
            let body = match &t.outcome {
                vpcpath::Outcome::Http { body, .. } => body.clone(),
                _ => String::new(),
            };
            (t.request.to_string(), t.outcome.summary(), body)
        })
        .collect()
}

/// Lists whose entries define things (not references between them), by key.
const DEFINITIONS: &[&str] = &[
    "vpcs",
    "subnets",
    "route_tables",
    "routes",
    "nat_gateways",
    "endpoints",
    "security_groups",
    "network_acls",
    "instances",
    "peerings",
    "apis",
    "custom_domains",
    "mappings",
    "dns_zones",
    "records",
];

/// Reverses every definition list (and security group and ACL rule lists), recursively.
fn reverse_definitions(v: &mut serde_json::Value, parent_is_group: bool) {
    match v {
        serde_json::Value::Object(map) => {
            let is_group = map.contains_key("ingress") || map.contains_key("egress");
            for (k, child) in map.iter_mut() {
                let rules = parent_is_group || is_group && (k == "ingress" || k == "egress");
                // Definitions are mappings; a list of ids under the same key (an endpoint's
                // `subnets`, which its `addresses` follow) is a list of references.
                if let serde_json::Value::Array(items) = child
                    && (DEFINITIONS.contains(&k.as_str()) || rules)
                    && k != "policy"
                    && items.iter().all(serde_json::Value::is_object)
                {
                    items.reverse();
                }
                if k != "policy" {
                    reverse_definitions(child, false);
                }
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                reverse_definitions(item, false);
            }
        }
        _ => {}
    }
}

#[test]
fn reordering_definitions_changes_no_outcome() {
    let (mut checked, mut changed) = (0, 0);
    for entry in std::fs::read_dir("scenarios").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let original = vpcpath::load::load_str(&path, &text).unwrap();
        let mut doc: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
        let before = doc.clone();
        reverse_definitions(&mut doc, false);
        if doc != before {
            changed += 1;
        }
        // JSON is YAML: the reordered document loads through the same loader.
        let reordered_text = serde_json::to_string_pretty(&doc).unwrap();
        let reordered = vpcpath::load::load_str(Path::new("reordered.yaml"), &reordered_text)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            outcomes(&original),
            outcomes(&reordered),
            "{}: reordering definitions changed an outcome",
            path.display()
        );
        checked += 1;
    }
    assert!(checked >= 10);
    assert!(changed >= 10, "only {changed} scenarios were reordered");
}

#[test]
fn the_same_input_gives_byte_identical_reports() {
    let render = || {
        let mut out = Vec::new();
        for entry in std::fs::read_dir("scenarios").unwrap() {
            let path = entry.unwrap().path();
            let net = vpcpath::load::load_file(&path).unwrap();
            let report = vpcpath::report::Report::new(
                &path.display().to_string(),
                &net,
                vpcpath::run::simulate_all(&net),
            );
            vpcpath::report::json::render(&mut out, std::slice::from_ref(&report)).unwrap();
            vpcpath::report::text::render(
                &mut out,
                &[report],
                vpcpath::report::text::Style { color: false },
            )
            .unwrap();
        }
        out
    };
    assert!(render() == render());
}

/// A generated scenario of 100 VPCs with `requests` requests, every outcome among them.
fn generated(requests: usize) -> vpcpath::Network {
    let mut text = Vec::new();
    vpcpath::generate::write(
        &mut text,
        &vpcpath::generate::Params {
            requests,
            ..vpcpath::generate::Params::large(100)
        },
    )
    .unwrap();
    let text = String::from_utf8(text).unwrap();
    vpcpath::load::load_str(Path::new("generated.yaml"), &text).unwrap()
}

/// A summary walks each request without recording steps (`engine::ending`); it must end every
/// request exactly as the full trace does, where the trace says it ended.
#[test]
fn the_summary_walk_ends_every_request_as_the_full_trace_does() {
    let mut nets = Vec::new();
    for entry in std::fs::read_dir("scenarios").unwrap() {
        let path = entry.unwrap().path();
        nets.push((
            path.display().to_string(),
            vpcpath::load::load_file(&path).unwrap(),
        ));
    }
    nets.push(("generated".into(), generated(2000)));
    let mut compared = 0;
    for (file, net) in &nets {
        for r in &net.requests {
            let full = vpcpath::trace::Ending::of(&vpcpath::engine::simulate(net, r));
            assert_eq!(vpcpath::engine::ending(net, r), full, "{file}: {}", r.name);
            compared += 1;
        }
    }
    assert!(compared > 2000, "{compared}");
}

/// JSON Lines are written by hand (for speed): each line must be exactly what serde_json writes
/// for the file and the trace's fields, on every bundled scenario, fixture and a generated file;
/// and a trace owning its names writes the same line as one borrowing them.
#[test]
fn json_lines_are_the_bytes_serde_json_writes() {
    #[derive(serde::Serialize)]
    struct Line<'a> {
        file: &'a str,
        #[serde(flatten)]
        trace: &'a vpcpath::Trace<'a>,
    }
    let mut nets = Vec::new();
    for dir in ["scenarios", "tests/fixtures", "tests/warnings"] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if let Ok(net) = vpcpath::load::load_file(&path) {
                nets.push((path.display().to_string(), net));
            }
        }
    }
    nets.push(("generated \"quoted\" \\ name.yaml".into(), generated(2000)));
    let mut kinds = std::collections::BTreeSet::new();
    for (file, net) in &nets {
        for t in vpcpath::run::simulate_all(net) {
            let mut want = serde_json::to_vec(&Line { file, trace: &t }).unwrap();
            want.push(b'\n');
            let got = vpcpath::report::json::line(file, &t);
            assert!(
                got == want,
                "{file}: {}\n got: {}\nwant: {}",
                t.request,
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(&want)
            );
            // A trace that owns its names (to outlive the network) is the same trace.
            let owned = t.clone().into_owned();
            assert_eq!(owned, t);
            assert_eq!(vpcpath::report::json::line(file, &owned), got);
            for s in &t.steps {
                let v = serde_json::to_value(s).unwrap();
                kinds.insert(v["type"].as_str().unwrap().to_string());
                if let Some(a) = v.get("answer") {
                    kinds.insert(format!("answer {}", a["type"].as_str().unwrap()));
                }
                if let Some(p) = v.get("policy") {
                    kinds.insert(format!("policy {}", p["kind"].as_str().unwrap()));
                }
            }
            kinds.insert(format!("outcome {}", t.outcome.kind()));
        }
    }
    // Every kind of step, answer, policy decision and outcome was compared.
    assert_eq!(kinds.len(), 12 + 4 + 3 + 7, "{kinds:?}");
}

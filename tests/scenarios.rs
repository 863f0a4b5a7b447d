//! Every bundled scenario's text report is a snapshot; adding a scenario adds a test.

use std::path::Path;

use vpcpath::report::{Report, text};

#[test]
fn scenario_reports() {
    insta::glob!("../scenarios", "*.yaml", |path| {
        let net = vpcpath::load::load_file(path).unwrap_or_else(|e| panic!("{e}"));
        let name = Path::new("scenarios").join(path.file_name().unwrap());
        let report = Report::new(
            &name.display().to_string(),
            &net,
            vpcpath::run::simulate_all(&net),
        );
        let mut out = Vec::new();
        text::render(&mut out, &[report], text::Style { color: false }).unwrap();
        let yaml = std::fs::read_to_string(path).unwrap();
        insta::with_settings!({ description => yaml, omit_expression => true }, {
            insta::assert_snapshot!(String::from_utf8(out).unwrap());
        });
    });
}

/// Pins the key flows compactly: (outcome, path) per request of the reported case.
#[test]
fn reported_case_paths() {
    let net =
        vpcpath::load::load_file(Path::new("scenarios/execute-api-private-dns-403.yaml")).unwrap();
    let flows: Vec<(String, Vec<String>)> = vpcpath::run::simulate_all(&net)
        .into_iter()
        .map(|t| {
            (
                t.outcome.summary(),
                t.path.iter().map(|p| p.to_string()).collect(),
            )
        })
        .collect();
    assert_eq!(
        flows,
        vec![
            (
                "http 403 ForbiddenException".to_string(),
                vec![
                    "i-app".into(),
                    "subnet-public".into(),
                    "rtb-public".into(),
                    "sg-endpoint".into(),
                    "vpce-exec".into()
                ]
            ),
            (
                "http 200".to_string(),
                vec!["internet".into(), "a1b2c3d4e5".into()]
            ),
            (
                "http 200".to_string(),
                vec![
                    "i-app".into(),
                    "subnet-public".into(),
                    "rtb-public".into(),
                    "sg-endpoint".into(),
                    "vpce-exec".into(),
                    "p9q8r7s6t5".into()
                ]
            ),
        ]
    );
}

/// The order of a list in the file never decides a route (F6.16): every permutation of a
/// transit gateway table's `propagations` gives the same traces.
#[test]
fn the_order_of_propagations_decides_nothing() {
    let path = Path::new("scenarios/route-priority.yaml");
    let yaml = std::fs::read_to_string(path).unwrap();
    let flows = |text: &str| -> Vec<(String, Vec<String>)> {
        let net = vpcpath::load_str(path, text).unwrap_or_else(|e| panic!("{e}"));
        vpcpath::simulate_all(&net)
            .into_iter()
            .map(|t| {
                (
                    t.outcome.summary(),
                    t.path.iter().map(|p| p.to_string()).collect(),
                )
            })
            .collect()
    };
    let written = flows(&yaml);
    let list = "[att-campus-vpn, att-campus-dx, att-spoke]";
    assert!(yaml.contains(list));
    let names = ["att-campus-vpn", "att-campus-dx", "att-spoke"];
    for order in [[0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]] {
        let permuted = format!("[{}]", order.map(|i| names[i]).join(", "));
        let text = yaml.replace(list, &permuted);
        assert_eq!(flows(&text), written, "propagations: {permuted}");
    }
}

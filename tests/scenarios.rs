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

/// `check` predicts the reported case (`captured-public-api`) without simulating the request
/// (only its DNS answer): on every bundled scenario and fixture the prediction must be the
/// engine's answer. A request warned about is answered 403 by an execute-api endpoint; a
/// request to a public API's default name that an execute-api endpoint answers 403 is warned
/// about.
#[test]
fn the_capture_warning_is_what_the_engine_does() {
    // The warning resolves the name with the DNS layer, as the engine does (the client VPC's
    // endpoint, private zones, Resolver rules, DHCP DNS servers, sites' forwarders), so there is
    // no list of requests it is allowed to miss.
    let mut mismatches = Vec::new();
    let mut checked = 0;
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for dir in ["scenarios", "tests/fixtures"] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                files.push(path);
            }
        }
    }
    files.sort();
    for path in files {
        let Ok(net) = vpcpath::load::load_file(&path) else {
            continue;
        };
        for req in &net.requests {
            let warned = vpcpath::validate::warns_captured_public_api(&net, req);
            let trace = vpcpath::simulate(&net, req);
            let public_default_name = vpcpath::aws::parse_execute_api_host(&req.url.host)
                .and_then(|(id, _)| net.api(id))
                .is_some_and(|a| net.apis[a.0].endpoint != vpcpath::net::EndpointType::Private);
            let at_endpoint = net
                .endpoints
                .iter()
                .filter(|e| e.service == vpcpath::aws::Service::ExecuteApi)
                .any(|e| trace.touches(&e.id));
            let captured = public_default_name
                && at_endpoint
                && trace.outcome.summary().starts_with("http 403");
            let file = path.display().to_string();
            if warned != captured {
                mismatches.push(format!(
                    "{file}: request {}: warned {warned}, engine: {} (touches an execute-api endpoint: {at_endpoint})",
                    req.name,
                    trace.outcome.summary()
                ));
            }
            checked += usize::from(warned);
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    // The six captured across VPCs and from sites (hub-and-spoke, hybrid DNS, organisation)
    // are among them.
    assert!(
        checked >= 9,
        "only {checked} captured requests in the corpus"
    );
}

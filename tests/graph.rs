//! Diagrams: Mermaid and DOT of the reported case, with its request's path laid over.

use std::path::Path;

use vpcpath::report::graph::{Diagram, dot, mermaid};

fn reported() -> (vpcpath::Network, Vec<vpcpath::Trace<'static>>) {
    let net =
        vpcpath::load::load_file(Path::new("scenarios/execute-api-private-dns-403.yaml")).unwrap();
    let traces = vpcpath::run::simulate_all(&net)
        .into_iter()
        .map(vpcpath::Trace::into_owned)
        .collect();
    (net, traces)
}

#[test]
fn the_reported_request_ends_at_the_endpoint_with_403() {
    let (net, traces) = reported();
    let d = Diagram::of(&net).with_trace(&net, &traces[0]);
    let (end, how) = d.end.clone().unwrap();
    assert_eq!(end, "vpce_vpce_exec");
    assert_eq!(how, "http 403 ForbiddenException");
    // The endpoint is in the instance's own subnet: delivered at layer 2, past no route table
    // (F6.33).
    assert!(!d.path.contains("rtb_rtb_public"));
    assert!(
        !d.path.contains("igw_igw_app"),
        "the request never reached the gateway"
    );
    let m = mermaid(&d);
    insta::assert_snapshot!("reported_case_mermaid", m);
    insta::assert_snapshot!("reported_case_dot", dot(&d));
}

#[test]
fn the_same_url_from_the_internet_ends_at_the_api() {
    let (net, traces) = reported();
    let d = Diagram::of(&net).with_trace(&net, &traces[1]);
    assert_eq!(d.end.clone().unwrap().0, "api_a1b2c3d4e5");
    assert!(d.path.contains("door_ap_northeast_1"));
    // Answered: its end is drawn as a success, not in the red of a request that stopped.
    assert!(d.answered);
    let m = mermaid(&d);
    assert!(m.contains("class api_a1b2c3d4e5 answered"), "{m}");
    assert!(!m.contains("classDef stop"), "{m}");
    assert!(
        m.contains("linkStyle "),
        "the path's edges are highlighted: {m}"
    );
}

#[test]
fn every_bundled_scenario_draws() {
    insta::glob!("../scenarios", "*.yaml", |path| {
        let net = vpcpath::load::load_file(path).unwrap();
        insta::assert_snapshot!(mermaid(&Diagram::of(&net)));
    });
}

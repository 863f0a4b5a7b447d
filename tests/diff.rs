//! `vpcpath diff`: adding the execute-api endpoint to the reported VPC changes exactly the two
//! requests whose DNS answer it captures.

use std::path::Path;

fn load(p: &str) -> vpcpath::Network {
    vpcpath::load::load_file(Path::new(p)).unwrap()
}

const BEFORE: &str = "scenarios/execute-api-before-the-endpoint.yaml";
const AFTER: &str = "scenarios/execute-api-private-dns-403.yaml";

#[test]
fn adding_the_endpoint_changes_exactly_the_captured_requests() {
    let d = vpcpath::diff::diff(BEFORE, &load(BEFORE), AFTER, &load(AFTER));
    let changed: Vec<&str> = d.changes.iter().map(|c| c.request.as_str()).collect();
    assert_eq!(
        changed,
        [
            "public API default URL from the VPC",
            "the private API from the VPC"
        ]
    );
    assert_eq!(d.unchanged, 1);
    let first = &d.changes[0];
    assert_eq!(first.before.as_ref().unwrap().outcome, "http 200");
    assert_eq!(
        first.after.as_ref().unwrap().outcome,
        "http 403 ForbiddenException"
    );
    let why = first.why.as_deref().unwrap();
    assert!(why.starts_with("step 1: before `dns"), "{why}");
    assert!(why.contains("vpce-exec private DNS"), "{why}");
    let mut md = Vec::new();
    vpcpath::report::diff::markdown(&mut md, &d).unwrap();
    insta::assert_snapshot!(
        "reported_case_diff_markdown",
        String::from_utf8(md).unwrap()
    );
}

#[test]
fn a_scenario_against_itself_has_no_changes() {
    let d = vpcpath::diff::diff(AFTER, &load(AFTER), AFTER, &load(AFTER));
    assert!(d.changes.is_empty());
    assert_eq!(d.unchanged, 3);
}

#[test]
fn requests_only_on_one_side_are_added_or_removed() {
    let other = "scenarios/routing-basics.yaml";
    let d = vpcpath::diff::diff(AFTER, &load(AFTER), other, &load(other));
    assert!(d.changes.iter().any(|c| c.change == "added"));
    assert!(d.changes.iter().any(|c| c.change == "removed"));
    assert_eq!(d.unchanged, 0);
}

#[test]
fn removing_a_transit_gateway_propagation_breaks_the_spoke_whose_replies_it_carried() {
    let before = "scenarios/hub-and-spoke-central-endpoints.yaml";
    let after = "tests/fixtures/hub-without-a-propagation.yaml";
    let d = vpcpath::diff::diff(before, &load(before), after, &load(after));
    let changed: Vec<&str> = d.changes.iter().map(|c| c.request.as_str()).collect();
    assert_eq!(
        changed,
        [
            "a spoke the zone is not associated with reaches the public API through the hub's NAT gateway"
        ]
    );
    let c = &d.changes[0];
    assert_eq!(c.before.as_ref().unwrap().outcome, "http 200");
    assert_eq!(c.after.as_ref().unwrap().outcome, "timeout");
    let why = c.why.as_deref().unwrap();
    assert!(why.contains("tgw-rtb-hub"), "{why}");
}

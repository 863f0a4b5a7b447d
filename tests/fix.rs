//! `vpcpath fix`: verified single edits, with their side effects.

use std::path::Path;

use vpcpath::fix::{RequestFixes, Want, suggest, suggest_file};

fn fixes(file: &str, request: Option<&str>, want: Want) -> Vec<RequestFixes> {
    let text = std::fs::read_to_string(file).unwrap();
    suggest(Path::new(file), &text, request, want).unwrap()
}

#[test]
fn the_reported_403_has_the_documented_fixes_with_their_side_effects() {
    let all = fixes(
        "scenarios/execute-api-private-dns-403.yaml",
        Some("public API default URL from the VPC"),
        Want::Status(200),
    );
    assert_eq!(all.len(), 1);
    let titles: Vec<&str> = all[0].fixes.iter().map(|f| f.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "turn private DNS off on vpce-exec",
            "call a1b2c3d4e5 through an edge-optimized custom domain (its name resolves to CloudFront)",
            "call a1b2c3d4e5 through a Regional custom domain behind a Route 53 alias",
        ]
    );
    // Private DNS off fixes this request and breaks the private API's default name.
    assert_eq!(
        all[0].fixes[0].side_effects,
        ["breaks \"the private API from the VPC\": http 200 -> http 403 ForbiddenException"]
    );
    assert!(all[0].fixes[1].side_effects.is_empty());
    for f in &all[0].fixes {
        assert_eq!(f.outcome, "http 200");
    }
}

#[test]
fn failing_expectations_are_what_fix_looks_at_by_default() {
    // Every bundled expectation holds: nothing to fix.
    assert!(
        fixes(
            "scenarios/execute-api-private-dns-403.yaml",
            None,
            Want::Expect
        )
        .is_empty()
    );
    let all = fixes(
        "tests/fixtures/reported-case-wants-200.yaml",
        None,
        Want::Expect,
    );
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].request, "public API default URL from the VPC");
    assert_eq!(all[0].fixes.len(), 3);
}

#[test]
fn a_file_is_simulated_as_a_stream_first_and_searched_whole_only_when_a_request_fails() {
    let failing = "tests/fixtures/reported-case-wants-200.yaml";
    // Streamed (every file is "large" at 0 bytes) and whole: the same fixes.
    let streamed = suggest_file(Path::new(failing), 0, Want::Expect).unwrap();
    let whole = fixes(failing, None, Want::Expect);
    assert_eq!(streamed.len(), 1);
    assert_eq!(format!("{streamed:?}"), format!("{whole:?}"));
    let holding = "scenarios/execute-api-private-dns-403.yaml";
    assert!(
        suggest_file(Path::new(holding), 0, Want::Expect)
            .unwrap()
            .is_empty()
    );
    // A file that cannot be read is an error, never "nothing to fix".
    assert!(suggest_file(Path::new("no/such/file.yaml"), 0, Want::Expect).is_err());
}

#[test]
fn filter_route_and_address_fixes_are_found_and_verified() {
    let acl = fixes(
        "scenarios/network-acls.yaml",
        Some("an ACL without rules denies everything that crosses it"),
        Want::Status(200),
    );
    // A stateless ACL needs the rule in and the rule for the replies out: one fix, two edits.
    let f = &acl[0].fixes[0];
    assert!(f.title.ends_with("and its replies"), "{}", f.title);
    assert_eq!(f.edits.len(), 2);
    let route = fixes(
        "scenarios/peering-routes-and-filters.yaml",
        Some("no route back in the accepter's table, so the answer never arrives"),
        Want::Status(200),
    );
    assert_eq!(
        route[0].fixes[0].title,
        "route 10.2.0.0/16 to pcx-hub-spoke in rtb-hub-no-route"
    );
    let ip = fixes(
        "scenarios/routing-basics.yaml",
        Some("public subnet without a public address times out at the internet gateway"),
        Want::Status(200),
    );
    assert_eq!(ip[0].fixes[0].title, "give i-public-no-ip a public address");
    let sg = fixes(
        "scenarios/security-groups.yaml",
        Some("the endpoint's default group does not admit a client in another group"),
        Want::Status(200),
    );
    assert!(
        sg[0].fixes[0]
            .title
            .starts_with("give vpce-sts a security group")
    );
}

#[test]
fn a_review_document_has_the_diagram_and_the_fixes() {
    let file = "tests/fixtures/reported-case-wants-200.yaml";
    let net = vpcpath::load::load_file(Path::new(file)).unwrap();
    let text = std::fs::read_to_string(file).unwrap();
    let mut report = vpcpath::report::Report::new(file, &net, vpcpath::run::simulate_all(&net));
    report.review = Some(vpcpath::report::Review::new(
        &net,
        vpcpath::fix::suggest(Path::new(file), &text, None, vpcpath::fix::Want::Expect).unwrap(),
    ));
    let mut out = Vec::new();
    vpcpath::report::markdown::render(&mut out, &[report]).unwrap();
    let md = String::from_utf8(out).unwrap();
    assert!(md.contains("```mermaid\nflowchart LR\n"));
    assert!(md.contains("## Suggested fixes"));
    insta::assert_snapshot!("review_document", md);
}

#[test]
fn policy_alias_and_http_api_fixes_are_found_and_verified() {
    // An endpoint policy that allows nothing for the call gets a statement for its action.
    let policy = fixes(
        "scenarios/source-addresses-in-policies.yaml",
        Some("and refuses the other subnet"),
        Want::Status(200),
    );
    assert_eq!(
        policy[0].fixes[0].title,
        "allow sqs:* in vpce-in-sqs's endpoint policy"
    );
    // A resource policy that allows nothing through an endpoint gets an Allow on aws:SourceVpce.
    let resource = fixes(
        "scenarios/source-addresses-in-policies.yaml",
        Some("through the endpoint there is no aws:SourceIp, so a policy on it admits nobody"),
        Want::Status(200),
    );
    assert_eq!(
        resource[0].fixes[0].title,
        "allow the call in srcipapi01's resource policy"
    );
    assert!(resource[0].fixes[0].edits[0].contains("aws:SourceVpce"));
    // From a peered VPC, a private API is reached by its endpoint alias name (F2.8, F3.11).
    let alias = fixes(
        "scenarios/private-api-from-peered-vpc.yaml",
        Some("the default name is not captured in the peered VPC and gets the front door's 403"),
        Want::Status(200),
    );
    assert_eq!(
        alias[0].fixes[0].title,
        "call private API ledger0api by vpce-shared's alias name"
    );
    // An HTTP API has only the Regional custom domain, with its $default stage.
    let http = fixes(
        "scenarios/fix-regional-domain-alias-vs-cname.yaml",
        Some("an HTTP API's default URL is captured too (no edge option exists for HTTP APIs)"),
        Want::Status(200),
    );
    let titles: Vec<&str> = http[0].fixes.iter().map(|f| f.title.as_str()).collect();
    assert!(
        titles
            .contains(&"call reg0api001 through a Regional custom domain behind a Route 53 alias"),
        "{titles:?}"
    );
    assert!(
        !titles.iter().any(|t| t.contains("edge-optimized")),
        "{titles:?}"
    );
}

/// A file over the YAML library's default node budget (250,000) is searched like any other:
/// the search reads it with the loader's budgets, and never says "nothing to fix" of a file it
/// did not read (issue 18).
#[test]
fn a_file_past_the_default_yaml_budget_is_searched_not_skipped() {
    let mut text = String::from(
        "scenario: many headers\nregion: us-east-1\nrequests:\n  - name: sts\n    from: internet\n    url: https://sts.us-east-1.amazonaws.com/\n    headers:\n",
    );
    for i in 0..130_000 {
        text.push_str(&format!("      x-h{i}: v\n"));
    }
    let all = suggest(Path::new("big.yaml"), &text, None, Want::Status(599)).unwrap();
    assert_eq!(
        all.len(),
        1,
        "the request that does not get 599 is looked at"
    );
    assert_eq!(all[0].request, "sts");
    // A file vpcpath cannot read at all is an error, not an empty list.
    assert!(suggest(Path::new("bad.yaml"), "scenario: [", None, Want::Expect).is_err());
}

#[test]
fn a_missing_transit_gateway_propagation_is_proposed_and_verified() {
    let all = fixes(
        "tests/fixtures/fix-transit-propagation.yaml",
        None,
        Want::Expect,
    );
    assert_eq!(all.len(), 1);
    let titles: Vec<&str> = all[0].fixes.iter().map(|f| f.title.as_str()).collect();
    assert_eq!(
        titles,
        ["propagate tgw-attach-spoke into tgw-rtb-hub (its VPC holds 10.1.0.0/16)"]
    );
    assert_eq!(all[0].fixes[0].outcome, "connected");
}

#[test]
fn a_client_in_a_zone_the_attachment_misses_gets_a_subnet_there() {
    let all = fixes(
        "scenarios/transit-gateway-routing.yaml",
        Some("a client in a zone without an attachment subnet cannot reach the transit gateway"),
        Want::Status(200),
    );
    let titles: Vec<&str> = all[0].fixes.iter().map(|f| f.title.as_str()).collect();
    assert_eq!(
        titles,
        ["give tgw-attach-app a subnet in the client's zone: subnet-app-c"]
    );
}

#[test]
fn a_branch_office_without_a_way_back_gets_route_propagation_or_a_static_route() {
    let all = fixes(
        "tests/fixtures/fix-vpn-propagation.yaml",
        None,
        Want::Expect,
    );
    assert_eq!(all.len(), 1);
    let titles: Vec<&str> = all[0].fixes.iter().map(|f| f.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "turn on route propagation from vgw-branch in rtb-db",
            "route 172.20.0.0/16 to vgw-branch in rtb-db"
        ]
    );
}

#[test]
fn a_blackhole_prefix_list_reference_is_mended_by_its_list_not_an_entry() {
    // F6.78: the trace names the entry's route (`pl-quarantine (10.20.9.0/24)`); the edit
    // names the list, as the file writes the reference.
    let all = fixes(
        "scenarios/transit-gateway-prefix-lists.yaml",
        Some("a blackhole reference drops its entries"),
        Want::Success,
    );
    let titles: Vec<&str> = all[0].fixes.iter().map(|f| f.title.as_str()).collect();
    assert_eq!(titles, ["route pl-quarantine to att-shared in tgw-rtb-app"]);
    assert_eq!(all[0].fixes[0].outcome, "connected");
}

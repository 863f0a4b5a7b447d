//! `vpcpath import aws`: Batfish's real describe-* snapshots become scenarios vpcpath accepts,
//! deterministically, with what they lack or hold unmodelled said; a requests file kept apart
//! survives a re-import; the matrix runs on an imported network.

use std::path::{Path, PathBuf};

use vpcpath::import::{ImportError, aws};

/// The folders of AWS CLI dumps, sorted (the accounting tests read them too).
pub(crate) fn fixtures() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = ["tests/fixtures/aws-cli", "tests/fixtures/aws-cli-written"]
        .into_iter()
        .flat_map(|d| std::fs::read_dir(d).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// A fresh folder under the target directory for one test (the import tests share it).
pub(crate) fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn every_snapshot_imports_to_a_scenario_vpcpath_accepts_and_the_same_bytes_twice() {
    let dirs = fixtures();
    assert!(dirs.len() >= 18, "{dirs:?}");
    for dir in dirs {
        let a = aws::import(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let b = aws::import(&dir).unwrap();
        assert_eq!(a.yaml, b.yaml, "{}: not deterministic", dir.display());
        vpcpath::load::load_str(&dir.join("imported.yaml"), &a.yaml)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        // What the dump lacks is said, in the notes and at the top of the scenario.
        // (The warnings of the scenario written are the check's, said on stderr only.)
        for n in a
            .notes
            .iter()
            .filter(|n| !n.starts_with("vpcpath check warns"))
        {
            assert!(a.yaml.contains(n.as_str()), "{}: {n}", dir.display());
        }
    }
}

#[test]
fn a_transit_gateway_snapshot_imports_as_written() {
    let a = aws::import(Path::new("tests/fixtures/aws-cli/test-transit-gateway")).unwrap();
    insta::assert_snapshot!("import_test_transit_gateway", a.yaml);
}

#[test]
fn an_interface_endpoint_snapshot_keeps_its_names_addresses_and_policy() {
    let a = aws::import(Path::new(
        "tests/fixtures/aws-cli/test-vpc-endpoint-interface",
    ))
    .unwrap();
    insta::assert_snapshot!("import_test_vpc_endpoint_interface", a.yaml);
}

#[test]
fn http_websocket_apis_resolver_rules_and_functions_import() {
    let a = aws::import(Path::new("tests/fixtures/aws-cli-written/hybrid-dns")).unwrap();
    insta::assert_snapshot!("import_hybrid_dns", a.yaml);
    assert!(a.notes.iter().any(|n| {
        n.contains("no site or instance of the scenario has a DNS server at 172.16.0.53")
    }));
}

#[test]
fn direct_connect_gateways_import_with_their_associations_and_attachments() {
    let a = aws::import(Path::new(
        "tests/fixtures/aws-cli/test-direct-connect-gateway-multi-region",
    ))
    .unwrap();
    insta::assert_snapshot!("import_direct_connect_gateway_multi_region", a.yaml);
    let one = aws::import(Path::new(
        "tests/fixtures/aws-cli/test-direct-connect-gateway",
    ))
    .unwrap();
    assert!(
        one.yaml
            .contains("{gateway: tgw-dx01, allowed_prefixes: [10.0.0.0/8]}"),
        "{}",
        one.yaml
    );
    assert!(
        one.notes
            .iter()
            .any(|n| n
                .starts_with("left out: a virtual interface: what its site advertises over BGP")),
        "{:?}",
        one.notes
    );
}

#[test]
fn what_the_dump_holds_unmodelled_is_counted() {
    let a = aws::import(Path::new("tests/fixtures/aws-cli/test-load-balancer")).unwrap();
    assert!(
        a.notes
            .iter()
            .any(|n| n == "not modelled: 64 ServiceDetails (left out)"),
        "{:?}",
        a.notes
    );
    assert!(
        a.notes
            .iter()
            .any(|n| n.starts_with("assumed: DNS attributes are not in describe-vpcs"))
    );
}

#[test]
fn malformed_json_names_the_file_and_a_wrong_shape_its_json_path() {
    let dir = scratch("import-malformed");
    std::fs::write(dir.join("Vpcs.json"), "{\"Vpcs\": [").unwrap();
    let e = aws::import(&dir).unwrap_err();
    assert!(matches!(e, ImportError::Json { .. }), "{e}");
    assert!(e.to_string().contains("Vpcs.json"), "{e}");

    std::fs::write(
        dir.join("Vpcs.json"),
        "{\"Vpcs\": [{\"VpcId\": \"vpc-1\", \"CidrBlock\": 7}]}",
    )
    .unwrap();
    let e = aws::import(&dir).unwrap_err().to_string();
    assert!(e.contains("Vpcs[0].CidrBlock"), "{e}");

    std::fs::write(dir.join("Vpcs.json"), "[1, 2]").unwrap();
    let e = aws::import(&dir).unwrap_err().to_string();
    assert!(
        e.contains("expected an object whose key names the resources"),
        "{e}"
    );

    std::fs::write(
        dir.join("Vpcs.json"),
        "{\"Vpcs\": [], \"Subnets\": [], \"Vpcs\": []}",
    )
    .unwrap();
    let e = aws::import(&dir).unwrap_err().to_string();
    assert!(
        e.contains("Vpcs.json: at Vpcs: `Vpcs` is written twice"),
        "{e}"
    );

    std::fs::write(
        dir.join("Vpcs.json"),
        "{\"Subnets\": {\"SubnetId\": \"s\"}}",
    )
    .unwrap();
    let e = aws::import(&dir).unwrap_err().to_string();
    assert!(
        e.contains("Vpcs.json: at Subnets: expected a list of resources"),
        "{e}"
    );

    let empty = scratch("import-empty");
    let e = aws::import(&empty).unwrap_err().to_string();
    assert!(e.contains("no AWS CLI JSON file found"), "{e}");
}

#[test]
fn requests_kept_in_their_own_file_survive_a_re_import() {
    let dir = scratch("import-reimport");
    let write_network = || {
        let a = aws::import(Path::new("tests/fixtures/aws-cli/test-transit-gateway")).unwrap();
        std::fs::write(dir.join("network.yaml"), a.yaml).unwrap();
    };
    write_network();
    std::fs::write(
        dir.join("requests.yaml"),
        "scenario: the team's requests\nregion: us-east-2\nnetwork: network.yaml\nrequests:\n  - name: across the transit gateway\n    from: i-06ba034d88c84ef07\n    url: tcp://192.168.1.106:22\n    expect: { outcome: refused, via: tgw-044be4464fcc69aff }\n  - name: from a zone without an attachment subnet\n    from: i-075e846ed41670385\n    url: tcp://192.168.1.106:22\n    expect: { outcome: timeout, via: tgw-attach-07f5ec59e9f540021 }\n",
    )
    .unwrap();
    let run = || {
        let net = vpcpath::load::load_file(&dir.join("requests.yaml")).unwrap();
        let traces = vpcpath::simulate_all(&net);
        net.requests
            .iter()
            .zip(&traces)
            .map(|(r, t)| vpcpath::check(t, r.expect.as_ref().unwrap()))
            .collect::<Vec<_>>()
    };
    assert!(run().iter().all(Vec::is_empty), "{:?}", run());
    // The nightly re-import rewrites the network; the requests and their verdicts stay.
    write_network();
    assert!(run().iter().all(Vec::is_empty));
}

#[test]
fn the_matrix_runs_on_an_imported_network() {
    let dir = scratch("import-matrix");
    let a = aws::import(Path::new("tests/fixtures/aws-cli/test-vpc-peering")).unwrap();
    std::fs::write(dir.join("network.yaml"), &a.yaml).unwrap();
    let net = vpcpath::load::load_file(&dir.join("network.yaml")).unwrap();
    let text = vpcpath::import::matrix::requests(&net, "network.yaml");
    std::fs::write(dir.join("matrix.yaml"), &text).unwrap();
    let m = vpcpath::load::load_file(&dir.join("matrix.yaml")).unwrap();
    assert!(m.requests.len() > 1, "{text}");
    let traces = vpcpath::simulate_all(&m);
    assert_eq!(traces.len(), m.requests.len());
    // Every client reaches at least something, or is reported where it stops.
    assert!(traces.iter().all(|t| !t.steps.is_empty()));
}

/// The internet probes the public address of each class of instances that has one, on the
/// ports its groups open; the internet gateway lets it in (F6.34).
#[test]
fn the_matrix_probes_public_addresses_from_the_internet() {
    let dir = scratch("import-matrix-public");
    let a = aws::import(Path::new("tests/fixtures/aws-cli/test-public-subnet")).unwrap();
    std::fs::write(dir.join("network.yaml"), &a.yaml).unwrap();
    let net = vpcpath::load::load_file(&dir.join("network.yaml")).unwrap();
    let text = vpcpath::import::matrix::requests(&net, "network.yaml");
    std::fs::write(dir.join("matrix.yaml"), &text).unwrap();
    let m = vpcpath::load::load_file(&dir.join("matrix.yaml")).unwrap();
    let name = "internet -> i-06669a407b2ef3ae5 at its public address 18.216.80.133 (tcp/22)";
    let i = m
        .requests
        .iter()
        .position(|r| r.name == name)
        .unwrap_or_else(|| panic!("{text}"));
    let t = vpcpath::simulate(&m, &m.requests[i]);
    // Its group admits tcp/22 from anywhere and nothing listens: the host resets it.
    assert_eq!(t.outcome.summary(), "refused", "{t:?}");
    assert!(t.path.iter().any(|p| p.as_ref() == "igw-0a409e562d251f766"));
}

#[test]
fn the_reported_case_imported_from_an_account_answers_403_for_its_public_api() {
    let dir = scratch("import-reported-case");
    let a = aws::import(Path::new("tests/fixtures/aws-cli-written/reported-case")).unwrap();
    insta::assert_snapshot!("import_reported_case", a.yaml);
    std::fs::write(dir.join("network.yaml"), &a.yaml).unwrap();
    let net = vpcpath::load::load_file(&dir.join("network.yaml")).unwrap();
    std::fs::write(
        dir.join("matrix.yaml"),
        vpcpath::import::matrix::requests(&net, "network.yaml"),
    )
    .unwrap();
    let m = vpcpath::load::load_file(&dir.join("matrix.yaml")).unwrap();
    let traces = vpcpath::simulate_all(&m);
    let outcome = |name: &str| {
        let i = m.requests.iter().position(|r| r.name == name).unwrap();
        traces[i].outcome.summary()
    };
    assert_eq!(
        outcome("i-0a1b2c3d4e5f60001 -> API a1b2c3d4e5"),
        "http 403 ForbiddenException"
    );
    assert_eq!(outcome("internet -> API a1b2c3d4e5"), "http 200");
    assert_eq!(outcome("i-0a1b2c3d4e5f60001 -> API p9q8r7s6t5"), "http 200");
    assert_eq!(
        outcome("i-0a1b2c3d4e5f60001 -> domain api.example.com"),
        "http 200"
    );
}

#[test]
fn a_transit_gateway_peering_and_customer_prefix_lists_across_accounts_carry_flows_both_ways() {
    // Hand-written: two accounts' folders, each listing the one peering attachment from its own
    // side with its own association and static route; a third peering's other side is absent.
    let a = aws::import(Path::new("tests/fixtures/aws-cli-written/tgw-peering")).unwrap();
    assert!(
        a.yaml.contains(
            "{id: tgw-attach-0e1w2peer-accepter, peering: tgw-0east, route_table: tgw-rtb-0west}"
        ),
        "{}",
        a.yaml
    );
    let note = |words: &str| a.notes.iter().any(|n| n.contains(words));
    assert!(note(
        "whose other side is not in the dump: collect the account and Region of tgw-0elsewhere too: tgw-attach-0gone"
    ));
    assert!(note("tgw-rtb-0east: 10.30.0.0/16 -> tgw-attach-0gone"));
    assert!(!a.notes.iter().any(|n| n.contains("left out: left out")));
    // Its customer-managed prefix lists: the route, the rule and the transit gateway table's
    // reference naming pl-0west name it, and it is written with its entry (F6.74, F6.78);
    // pl-0partners' entries are not in the dump, and what names it is left out, said.
    assert!(
        a.yaml
            .contains("{destination: pl-0west, target: tgw-0east}")
    );
    assert!(
        a.yaml
            .contains("{protocol: tcp, ports: 22, prefix_list: pl-0west}")
    );
    assert!(
        a.yaml
            .contains("{destination: pl-0west, target: tgw-attach-0e1w2peer}")
    );
    assert!(
        a.yaml
            .contains("prefix_lists:\n- {id: pl-0west, entries: [10.20.0.0/16]}")
    );
    assert!(note(
        "a prefix list reference to a prefix list whose entries are not in the dump (collect get-managed-prefix-list-entries): tgw-rtb-0east: pl-0partners"
    ));
    assert!(note(
        "a route to a prefix list whose entries are not in the dump (collect get-managed-prefix-list-entries): rtb-0east: pl-0partners"
    ));
    assert!(note(
        "a security group rule naming a prefix list whose entries are not in the dump (collect get-managed-prefix-list-entries): sg-0east: pl-0partners"
    ));
    assert!(note(
        "AWS's s3 prefix list: its ranges in the dump (54.231.0.0/17, 52.216.0.0/15"
    ));
    let dir = scratch("import-tgw-peering");
    std::fs::write(dir.join("network.yaml"), &a.yaml).unwrap();
    std::fs::write(
        dir.join("requests.yaml"),
        "scenario: across the peering\nregion: us-east-1\nnetwork: network.yaml\nrequests:\n  - name: east to west\n    from: i-0east\n    url: tcp://10.20.1.10:22\n    expect: { outcome: refused, via: tgw-attach-0e1w2peer-accepter }\n  - name: west to east\n    from: i-0west\n    url: tcp://10.10.1.10:22\n    expect: { outcome: refused, via: tgw-attach-0e1w2peer }\n  - name: to the peering whose other side is absent\n    from: i-0east\n    url: tcp://10.30.1.10:22\n    expect: { outcome: timeout }\n",
    )
    .unwrap();
    let net = vpcpath::load::load_file(&dir.join("requests.yaml")).unwrap();
    let traces = vpcpath::simulate_all(&net);
    for (r, t) in net.requests.iter().zip(&traces) {
        let misses = vpcpath::check(t, r.expect.as_ref().unwrap());
        assert!(misses.is_empty(), "{:?}: {misses:?}", r.name);
    }
}

#[test]
fn a_requests_file_adds_listeners_to_its_imported_networks_instances() {
    let a = aws::import(Path::new("tests/fixtures/aws-cli-written/tgw-peering")).unwrap();
    let dir = scratch("import-listens-overlay");
    std::fs::write(dir.join("network.yaml"), &a.yaml).unwrap();
    let run = |requests: &str| {
        std::fs::write(dir.join("requests.yaml"), requests).unwrap();
        vpcpath::load::load_file(&dir.join("requests.yaml")).map(|net| {
            let traces = vpcpath::simulate_all(&net);
            net.requests
                .iter()
                .zip(&traces)
                .map(|(r, t)| vpcpath::check(t, r.expect.as_ref().unwrap()))
                .collect::<Vec<_>>()
        })
    };
    let head =
        "scenario: listeners the dump cannot know\nregion: us-east-1\nnetwork: network.yaml\n";
    let verdicts = run(&format!(
        "{head}instances:\n  - {{ id: i-0west, listens: [22] }}\nrequests:\n  - name: east to west, where sshd listens\n    from: i-0east\n    url: tcp://10.20.1.10:22\n    expect: {{ outcome: connected, via: tgw-attach-0e1w2peer-accepter }}\n  - name: west to east, with no listener said\n    from: i-0west\n    url: tcp://10.10.1.10:22\n    expect: {{ outcome: refused }}\n"
    ))
    .unwrap();
    assert!(verdicts.iter().all(Vec::is_empty), "{verdicts:?}");
    // The network file is untouched: a re-import overwrites nothing the team wrote.
    assert!(
        !std::fs::read_to_string(dir.join("network.yaml"))
            .unwrap()
            .contains("listens")
    );
    let e = run(&format!(
        "{head}instances:\n  - {{ id: i-0nowhere, listens: [22] }}\nrequests: []\n"
    ))
    .unwrap_err()
    .to_string();
    assert!(e.contains("network.yaml has no instance i-0nowhere"), "{e}");
    let e =
        run("scenario: alone\nregion: us-east-1\ninstances:\n  - { id: i-0west, listens: [22] }\n")
            .unwrap_err()
            .to_string();
    assert!(
        e.contains("`instances:` adds listeners to the instances of another file's network"),
        "{e}"
    );
    // Nothing else of the network may be overlaid: a group, say, stays the network file's.
    let e = run(&format!(
        "{head}instances:\n  - {{ id: i-0west, security_groups: [sg-0west] }}\n"
    ))
    .unwrap_err()
    .to_string();
    assert!(e.contains("security_groups"), "{e}");
}

#[test]
fn fix_on_a_requests_file_of_an_imported_network_says_why_it_edits_no_network() {
    let a = aws::import(Path::new("tests/fixtures/aws-cli-written/tgw-peering")).unwrap();
    let dir = scratch("import-fix-split");
    std::fs::write(dir.join("network.yaml"), &a.yaml).unwrap();
    let text = "scenario: x\nregion: us-east-1\nnetwork: network.yaml\nrequests:\n  - name: east to west\n    from: i-0east\n    url: tcp://10.20.1.10:22\n    expect: { outcome: connected }\n";
    let path = dir.join("requests.yaml");
    std::fs::write(&path, text).unwrap();
    let found = vpcpath::fix::suggest(&path, text, None, vpcpath::fix::Want::Expect).unwrap();
    assert_eq!(found.len(), 1);
    let why = found[0].untried.as_deref().unwrap_or_default();
    assert!(
        why.contains("takes its network from network.yaml") && why.contains("under `instances:`"),
        "{why}"
    );
}

#[test]
fn a_vpn_connection_of_static_routes_makes_a_site_that_routes_statically() {
    // F6.73: `Options.StaticRoutesOnly` of the connection whose static routes make the site.
    let dir = scratch("import-static-vpn");
    let from = Path::new("tests/fixtures/aws-cli/test-vpn-gateway/aws_configs");
    let to = dir.join("aws_configs");
    std::fs::create_dir_all(&to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
    }
    let file = to.join("VpnConnections.json");
    let mut dump: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let conns = dump["VpnConnections"].as_array_mut().unwrap();
    let deleted = conns
        .iter_mut()
        .find(|c| c["State"] == "deleted")
        .expect("the fixture's deleted static connection");
    deleted["State"] = "available".into();
    deleted["Routes"][0]["State"] = "available".into();
    std::fs::write(&file, dump.to_string()).unwrap();
    let a = aws::import(&dir).unwrap();
    assert!(a.yaml.contains("vpn_routing: static"), "{}", a.yaml);
    assert!(a.yaml.contains("192.168.0.0/16"), "{}", a.yaml);
}

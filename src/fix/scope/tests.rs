//! The scoped verification of a candidate edit gives what simulating every request again gives:
//! on every bundled scenario and fixture, for every request each way of wanting fails, and on
//! hand-made cases where the edit changes a request other than the one being fixed.
//!
//! Compiled for tests only: its parent declares it under `#[cfg(test)]`.

use super::super::*;
use super::*;

/// The fixes both ways, as JSON (titles, edits, outcomes, side effects, tries), and how many
/// side effects they list.
fn both_ways(path: &Path, text: &str, want: Want) -> (Value, Value, usize) {
    let scoped = search(path, text, None, want, None, Verify::Scoped);
    let whole = search(path, text, None, want, None, Verify::Whole);
    let (Ok(scoped), Ok(whole)) = (scoped, whole) else {
        return (Value::Null, Value::Null, 0);
    };
    let effects = whole
        .iter()
        .flat_map(|r| &r.fixes)
        .map(|f| f.side_effects.len())
        .sum();
    (json!(scoped), json!(whole), effects)
}

/// The scenario files of a folder (not its subfolders).
fn files(dir: &str) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    out.sort();
    out
}

#[test]
fn scoped_verification_equals_simulating_every_request_on_every_scenario() {
    let before = reuse::tally::read();
    let items_before = sparse_tally::read();
    let mut searched = 0;
    let mut effects = 0;
    for path in files("scenarios")
        .into_iter()
        .chain(files("tests/fixtures"))
    {
        let text = std::fs::read_to_string(&path).unwrap();
        for want in [Want::Expect, Want::Success, Want::Status(200)] {
            let (scoped, whole, n) = both_ways(&path, &text, want);
            assert_eq!(scoped, whole, "{} with {want:?}", path.display());
            searched += usize::from(whole.as_array().is_some_and(|a| !a.is_empty()));
            effects += n;
        }
    }
    // The comparison means something only if there were fixes with side effects to compare,
    // and candidates that reused the requests resolved once as well as ones that resolved
    // them again.
    assert!(searched > 30, "{searched} searches");
    assert!(effects > 10, "{effects} side effects");
    let after = reuse::tally::read();
    let (reused, again) = (after.0 - before.0, after.1 - before.1);
    eprintln!("{reused} candidates reused the requests, {again} resolved them again");
    assert!(reused > 100 && again >= 5, "{reused} reused, {again} again");
    // And candidates made to the items they name, read alone, as well as ones made to the
    // whole document.
    let items = sparse_tally::read() - items_before;
    eprintln!("{items} candidates were made to their items alone");
    assert!(
        items > 100 && items + 5 < reused + again,
        "{items} of {}",
        reused + again
    );
}

/// The coverage the test above reads is its own searches': a search on another thread (as
/// another test's) does not count in it, and a search counts each candidate it verifies once.
#[test]
fn the_tally_of_reused_requests_counts_this_threads_searches_only() {
    let path = Path::new("shared.yaml");
    let search_once = || {
        search(path, SHARED_TABLE, None, Want::Expect, None, Verify::Scoped).unwrap();
    };
    let before = reuse::tally::read();
    search_once();
    let once = reuse::tally::read();
    let (reused, again) = (once.0 - before.0, once.1 - before.1);
    assert!(reused + again > 0, "the search verified no candidate");
    std::thread::scope(|s| {
        s.spawn(search_once);
    });
    assert_eq!(
        reuse::tally::read(),
        once,
        "another thread's search counted here"
    );
    search_once();
    let twice = reuse::tally::read();
    assert_eq!((twice.0 - once.0, twice.1 - once.1), (reused, again));
}

/// The file as read is validated once (its network, then its requests resolved against it),
/// and each candidate once: what the candidates' reuse of the requests needs is kept from the
/// first validation, not made by validating the file a second time.
#[test]
fn the_file_as_read_is_validated_once() {
    let path = Path::new("shared.yaml");
    let (validations, tally) = (crate::validate::tally::validations(), reuse::tally::read());
    search(path, SHARED_TABLE, None, Want::Expect, None, Verify::Scoped).unwrap();
    let validations = crate::validate::tally::validations() - validations;
    let after = reuse::tally::read();
    let candidates = (after.0 - tally.0) + (after.1 - tally.1);
    assert!(candidates > 0);
    assert_eq!(validations, 1 + candidates);
}

/// Two instances in two subnets that share one route table with no route out; only the first
/// request has an expectation. The route that fixes it changes the other request too.
const SHARED_TABLE: &str = r#"
scenario: a table two subnets share
region: us-east-1
vpcs:
  - id: vpc-a
    cidr: 10.0.0.0/16
    internet_gateway: igw-a
    subnets:
      - { id: subnet-a, cidr: 10.0.0.0/24, route_table: rtb-a }
      - { id: subnet-b, cidr: 10.0.1.0/24, route_table: rtb-a }
      - { id: subnet-c, cidr: 10.0.2.0/24, route_table: rtb-c }
    route_tables:
      - { id: rtb-main, main: true }
      - { id: rtb-a, routes: [] }
      - { id: rtb-c, routes: [{ destination: 0.0.0.0/0, target: igw-a }] }
    instances:
      - { id: i-a, subnet: subnet-a, public_ip: true }
      - { id: i-b, subnet: subnet-b, public_ip: true }
      - { id: i-c, subnet: subnet-c, public_ip: true }
requests:
  - { name: fixed, from: i-a, url: "https://sts.us-east-1.amazonaws.com/", expect: { status: 200 } }
  - { name: neighbour, from: i-b, url: "https://sts.us-east-1.amazonaws.com/" }
  - { name: elsewhere, from: i-c, url: "https://sts.us-east-1.amazonaws.com/" }
"#;

#[test]
fn a_route_that_fixes_one_request_changes_its_neighbour_and_is_listed_both_ways() {
    let path = Path::new("shared.yaml");
    let (scoped, whole, _) = both_ways(path, SHARED_TABLE, Want::Expect);
    assert_eq!(scoped, whole);
    let all = search(path, SHARED_TABLE, None, Want::Expect, None, Verify::Scoped).unwrap();
    let fix = all[0]
        .fixes
        .iter()
        .find(|f| f.title == "route 0.0.0.0/0 to igw-a in rtb-a")
        .expect("the route is suggested");
    assert_eq!(
        fix.side_effects,
        ["changes \"neighbour\": timeout -> http 200"]
    );
    // Only the two requests that consulted rtb-a are simulated again.
    let net = crate::load::load_str(path, SHARED_TABLE).unwrap();
    let (_, consulted) = base(&net, Want::Expect);
    assert_eq!(consulted.affected(&Touch::ids(["rtb-a"])), [0, 1]);
}

/// A server without a security group (its VPC's default one) that the client's request
/// cannot reach; another client, in the default group, reaches it. Giving the server a group
/// of its own that admits the first client's subnet shuts the second out.
const DEFAULT_GROUP: &str = r#"
scenario: a server in the default group
region: us-east-1
vpcs:
  - id: vpc-a
    cidr: 10.0.0.0/16
    subnets:
      - { id: subnet-a, cidr: 10.0.0.0/24 }
      - { id: subnet-b, cidr: 10.0.1.0/24 }
      - { id: subnet-s, cidr: 10.0.2.0/24 }
    route_tables:
      - { id: rtb-main, main: true }
    security_groups:
      - { id: sg-a, egress: [{ protocol: tcp, ports: 8080, cidr: 0.0.0.0/0 }] }
    instances:
      - { id: i-a, subnet: subnet-a, security_groups: [sg-a] }
      - { id: i-b, subnet: subnet-b }
      - { id: i-srv, subnet: subnet-s, private_ip: 10.0.2.10, listens: [8080] }
requests:
  - { name: fixed, from: i-a, url: "tcp://10.0.2.10:8080", expect: { outcome: connected } }
  - { name: member, from: i-b, url: "tcp://10.0.2.10:8080" }
"#;

#[test]
fn a_group_of_its_own_for_a_server_changes_a_member_of_the_default_group_both_ways() {
    let path = Path::new("default-group.yaml");
    let (scoped, whole, _) = both_ways(path, DEFAULT_GROUP, Want::Expect);
    assert_eq!(scoped, whole);
    let all = search(
        path,
        DEFAULT_GROUP,
        None,
        Want::Expect,
        None,
        Verify::Scoped,
    )
    .unwrap();
    let fix = all[0]
        .fixes
        .iter()
        .find(|f| f.title.starts_with("give i-srv a security group"))
        .unwrap_or_else(|| panic!("{all:#?}"));
    assert_eq!(fix.side_effects.len(), 1, "{fix:#?}");
    assert!(fix.side_effects[0].contains("\"member\""), "{fix:#?}");
}

/// A generated scenario (its requests written one to a line) with an expectation on each
/// request that gets an HTTP answer: the status it gets.
fn expecting_what_it_gets(path: &Path, text: &str) -> String {
    let net = crate::load::load_str(path, text).unwrap();
    let (verdicts, _) = base(&net, Want::Expect);
    let mut got = verdicts.iter();
    let mut out = String::new();
    let mut requests = false;
    for line in text.lines() {
        requests = requests || line == "requests:";
        let status = if requests && line.starts_with("  - { name: ") {
            got.next()
                .and_then(|v| v.0.strip_prefix("http "))
                .and_then(|s| s.split(' ').next())
        } else {
            None
        };
        match status.and_then(|s| line.strip_suffix(" }").map(|l| (l, s))) {
            Some((l, s)) => out.push_str(&format!("{l}, expect: {{ status: {s} }} }}")),
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// A small generated scenario of each shape, broken one way at a time (the text `from`, every
/// occurrence, made `to`): routes, network ACLs, security groups, transit gateway tables
/// and associations, each breaking many requests at once, so that every fix has side effects.
#[test]
fn scoped_verification_equals_simulating_every_request_on_broken_generated_networks() {
    use crate::generate::{Params, Shape, write};
    let breaks: &[(Shape, &str, &str)] = &[
        (
            Shape::Mesh,
            "{ destination: 0.0.0.0/0, target: igw-0 }",
            "{ destination: 0.0.0.0/0, target: blackhole }",
        ),
        (
            Shape::Mesh,
            "subnets: [subnet-0-3], security_groups: [sg-endpoints-0], ",
            "subnets: [subnet-0-3], ",
        ),
        (
            Shape::NetworkHeavy,
            "{ rule: 400, action: allow, protocol: all, cidr: 0.0.0.0/0 }\n        egress:",
            "{ rule: 400, action: deny, protocol: all, cidr: 0.0.0.0/0 }\n        egress:",
        ),
        (
            Shape::NetworkHeavy,
            "- { protocol: tcp, ports: 443, cidr: 10.0.0.0/20 }",
            "- { protocol: tcp, ports: 444, cidr: 10.0.0.0/20 }",
        ),
        (
            Shape::HubAndSpoke,
            "propagations: [tgw-attach-1, ",
            "propagations: [",
        ),
        (Shape::HubAndSpoke, ", tgw-attach-vpn]", "]"),
        (
            Shape::HubAndSpoke,
            "propagations: [tgw-attach-0]\n        routes: [{ destination: 0.0.0.0/0, target: tgw-attach-0 }]",
            "propagations: []",
        ),
        (
            Shape::HubAndSpoke,
            "subnets: [subnet-1-0, subnet-1-1, subnet-1-2]",
            "subnets: [subnet-1-1, subnet-1-2]",
        ),
        (
            Shape::HubAndSpoke,
            "subnets: [subnet-2-0, subnet-2-1, subnet-2-2], route_table: tgw-rtb-spokes }",
            "subnets: [subnet-2-0, subnet-2-1, subnet-2-2] }",
        ),
    ];
    let mut effects = 0;
    let items = sparse_tally::read();
    for &(shape, from, to) in breaks {
        let p = Params {
            vpcs: 4,
            subnets_per_vpc: 4,
            routes_per_table: 3,
            apis: 6,
            custom_domains: 1,
            requests: 120,
            seed: 1,
            shape,
        };
        let mut out = Vec::new();
        write(&mut out, &p).unwrap();
        let path = Path::new("generated.yaml");
        let text = expecting_what_it_gets(path, &String::from_utf8(out).unwrap());
        assert!(text.contains(from), "{shape:?}: {from}");
        let broken = text.replace(from, to);
        // A few of the requests whose expectation the break makes fail: each is searched
        // both ways.
        let net = crate::load::load_str(path, &broken).unwrap();
        let names: Vec<&str> = base(&net, Want::Expect)
            .0
            .iter()
            .zip(&net.requests)
            .filter(|(v, _)| v.2)
            .map(|(_, r)| r.name.as_str())
            .take(4)
            .collect();
        assert!(!names.is_empty(), "{shape:?}: {from} breaks nothing");
        for name in names {
            let mut both = [Verify::Scoped, Verify::Whole].map(|verify| {
                search(path, &broken, Some(name), Want::Expect, None, verify).unwrap()
            });
            effects += both[1]
                .iter()
                .flat_map(|r| &r.fixes)
                .map(|f| f.side_effects.len())
                .sum::<usize>();
            let [scoped, whole] = std::mem::take(&mut both).map(|b| json!(b));
            assert_eq!(scoped, whole, "{shape:?}, {from} -> {to}: {name}");
        }
    }
    assert!(effects > 50, "{effects} side effects");
    // The edits were made to the items they name, read alone.
    let items = sparse_tally::read() - items;
    assert!(items > 20, "{items} candidates made to their items alone");
}

//! The validators, each on the smallest file that shows its check: the kind of each problem
//! found, and what validation fills in where the file is silent.
//!
//! Compiled for tests only: its parent declares it under `#[cfg(test)]`.

use std::path::Path;

use super::*;
use crate::error::{Code, Error};
use crate::net::Network;

const HEAD: &str = "scenario: validate unit tests\nregion: us-east-1\n";

fn load(body: &str) -> Result<Network, Error> {
    crate::load::load_str(Path::new("v.yaml"), &format!("{HEAD}{body}"))
}

/// The kinds of the errors a file gives, in file order.
fn errors(body: &str) -> Vec<Code> {
    match load(body) {
        Ok(_) => Vec::new(),
        Err(Error::Invalid { diagnostics, .. }) => diagnostics.iter().map(|d| d.code).collect(),
        Err(e) => panic!("{e}"),
    }
}

/// The kinds of the warnings of a file that loads.
fn warnings(body: &str) -> Vec<Code> {
    load(body)
        .unwrap()
        .warnings
        .iter()
        .map(|d| d.code)
        .collect()
}

const VPC: &str = "vpcs:\n  - id: vpc-a\n    cidr: 10.0.0.0/16\n";

#[test]
fn vpc_cidrs_are_between_16_and_28_and_without_host_bits() {
    assert_eq!(
        errors("vpcs: [{ id: vpc-a, cidr: 10.0.0.0/8 }]"),
        [Code::Cidr]
    );
    assert_eq!(
        errors("vpcs: [{ id: vpc-a, cidr: 10.0.0.1/16 }]"),
        [Code::Cidr]
    );
    assert_eq!(errors("vpcs: [{ id: vpc-a }]"), [Code::Cidr]);
}

#[test]
fn subnets_stay_inside_their_vpc_and_do_not_overlap() {
    let outside = format!("{VPC}    subnets: [{{ id: s-1, cidr: 10.1.0.0/24 }}]");
    assert_eq!(errors(&outside), [Code::Cidr]);
    let overlap = format!(
        "{VPC}    subnets: [{{ id: s-1, cidr: 10.0.0.0/24 }}, {{ id: s-2, cidr: 10.0.0.128/25 }}]"
    );
    assert_eq!(errors(&overlap), [Code::Overlap]);
    // Either way round, and the subnet named is the earliest that overlaps.
    let holds = format!(
        "{VPC}    subnets: [{{ id: s-1, cidr: 10.0.0.0/25 }}, {{ id: s-2, cidr: 10.0.1.0/24 }}, {{ id: s-3, cidr: 10.0.0.0/23 }}]"
    );
    match load(&holds) {
        Err(Error::Invalid { diagnostics, .. }) => {
            assert_eq!(diagnostics.len(), 1);
            assert!(diagnostics[0].message.contains("overlaps subnet s-1"));
        }
        other => panic!("{other:?}"),
    }
    // The same CIDRs in two VPCs do not overlap.
    let two = "vpcs:\n  - { id: vpc-a, cidr: 10.0.0.0/16, subnets: [{ id: s-1, cidr: 10.0.0.0/24 }] }\n  - { id: vpc-b, cidr: 10.0.0.0/16, subnets: [{ id: s-2, cidr: 10.0.0.0/24 }] }";
    assert_eq!(errors(two), []);
}

#[test]
fn allocated_addresses_skip_written_and_reserved_ones() {
    let body = format!(
        "{VPC}    subnets: [{{ id: s-1, cidr: 10.0.0.0/24 }}]\n    instances:\n      - {{ id: i-1, subnet: s-1 }}\n      - {{ id: i-2, subnet: s-1, private_ip: 10.0.0.5 }}\n      - {{ id: i-3, subnet: s-1 }}\n      - {{ id: i-4, subnet: s-1 }}"
    );
    let net = load(&body).unwrap();
    let ips: Vec<String> = net
        .instances
        .iter()
        .map(|i| i.private_ip.to_string())
        .collect();
    assert_eq!(ips, ["10.0.0.4", "10.0.0.5", "10.0.0.6", "10.0.0.7"]);
}

#[test]
fn ids_are_unique_and_references_resolve() {
    let twice = format!(
        "{VPC}    subnets: [{{ id: s-1, cidr: 10.0.0.0/24 }}, {{ id: s-1, cidr: 10.0.1.0/24 }}]"
    );
    assert_eq!(errors(&twice), [Code::Duplicate]);
    let dangling =
        format!("{VPC}    subnets: [{{ id: s-1, cidr: 10.0.0.0/24, route_table: rtb-x }}]");
    assert_eq!(errors(&dangling), [Code::Reference]);
}

#[test]
fn routes_to_local_or_inside_the_vpc_are_refused() {
    let local = format!(
        "{VPC}    route_tables: [{{ id: rtb-a, main: true, routes: [{{ destination: 0.0.0.0/0, target: local }}] }}]"
    );
    assert!(
        errors(&local).contains(&Code::Route),
        "{:?}",
        errors(&local)
    );
    let inside = format!(
        "{VPC}    internet_gateway: igw-a\n    route_tables: [{{ id: rtb-a, main: true, routes: [{{ destination: 10.0.1.0/24, target: igw-a }}] }}]"
    );
    assert_eq!(errors(&inside), [Code::Route]);
}

#[test]
fn filter_rules_need_ports_for_tcp_and_unique_numbers() {
    let no_ports = format!(
        "{VPC}    security_groups: [{{ id: sg-a, ingress: [{{ protocol: tcp, cidr: 0.0.0.0/0 }}] }}]"
    );
    assert_eq!(errors(&no_ports), [Code::Rule]);
    let twice = format!(
        "{VPC}    network_acls:\n      - id: acl-a\n        ingress:\n          - {{ rule: 100, action: allow, protocol: all, cidr: 0.0.0.0/0 }}\n          - {{ rule: 100, action: deny, protocol: all, cidr: 0.0.0.0/0 }}"
    );
    assert_eq!(errors(&twice), [Code::Duplicate]);
}

#[test]
fn a_public_nat_gateway_needs_an_internet_gateway() {
    let nat = format!(
        "{VPC}    subnets: [{{ id: s-1, cidr: 10.0.0.0/24 }}]\n    nat_gateways: [{{ id: nat-a, subnet: s-1 }}]"
    );
    assert_eq!(errors(&nat), [Code::Nat]);
}

#[test]
fn endpoint_private_dns_needs_both_dns_attributes() {
    let ep = format!(
        "{VPC}    subnets: [{{ id: s-1, cidr: 10.0.0.0/24 }}]\n    endpoints: [{{ id: vpce-a, service: sts, subnets: [s-1] }}]"
    );
    assert_eq!(errors(&ep), [Code::Endpoint]);
}

#[test]
fn a_private_api_needs_a_resource_policy() {
    assert_eq!(
        errors("apis: [{ id: abc0api001, endpoint: private, stages: [prod] }]"),
        [Code::Policy]
    );
}

#[test]
fn requests_name_an_instance_and_a_usable_url() {
    let base = format!(
        "{VPC}    subnets: [{{ id: s-1, cidr: 10.0.0.0/24 }}]\n    instances: [{{ id: i-a, subnet: s-1 }}]\n"
    );
    let not_url = format!("{base}requests: [{{ name: r, from: i-a, url: 'not a url' }}]");
    assert_eq!(errors(&not_url), [Code::Request]);
    let not_instance =
        format!("{base}requests: [{{ name: r, from: s-1, url: 'https://example.com/' }}]");
    assert_eq!(errors(&not_instance), [Code::Reference]);
}

#[test]
fn what_nothing_uses_is_warned_about() {
    let spare =
        format!("{VPC}    route_tables: [{{ id: rtb-main, main: true }}, {{ id: rtb-spare }}]");
    assert_eq!(warnings(&spare), [Code::Unused]);
}

#[test]
fn addresses_are_allocated_past_the_ones_aws_reserves() {
    let net = load(&format!(
        "{VPC}    subnets: [{{ id: s-1, cidr: 10.0.0.0/28 }}]\n    instances: [{{ id: i-a, subnet: s-1 }}, {{ id: i-b, subnet: s-1 }}]"
    ))
    .unwrap();
    let ips: Vec<String> = net
        .instances
        .iter()
        .map(|i| i.private_ip.to_string())
        .collect();
    // .0 to .3 (network, router, DNS, future) and the last are AWS's.
    assert_eq!(ips, ["10.0.0.4", "10.0.0.5"]);
}

#[test]
fn a_written_address_may_not_be_reserved_or_taken() {
    let reserved = format!(
        "{VPC}    subnets: [{{ id: s-1, cidr: 10.0.0.0/24 }}]\n    instances: [{{ id: i-a, subnet: s-1, private_ip: 10.0.0.2 }}]"
    );
    assert_eq!(errors(&reserved), [Code::Address]);
    let taken = format!(
        "{VPC}    subnets: [{{ id: s-1, cidr: 10.0.0.0/24 }}]\n    instances: [{{ id: i-a, subnet: s-1, private_ip: 10.0.0.9 }}, {{ id: i-b, subnet: s-1, private_ip: 10.0.0.9 }}]"
    );
    assert_eq!(errors(&taken), [Code::Address]);
}

#[test]
fn suggests_close_words_only() {
    assert_eq!(
        suggest_or(
            "subnet-pubic",
            ["subnet-public", "subnet-private"].into_iter(),
            "x"
        ),
        "did you mean `subnet-public`?"
    );
    assert_eq!(
        suggest_or("zzz", ["subnet-public"].into_iter(), "fallback"),
        "fallback"
    );
}

#[test]
fn a_name_set_refuses_only_names_it_has_seen() {
    let mut names = NameSet::default();
    for i in 0..10_000 {
        assert!(names.insert(&format!("request {i}")));
    }
    assert!(!names.insert("request 17"));
    assert!(names.insert("request 10000"));
    assert!(names.insert(""));
    assert!(!names.insert(""));
}

#[test]
fn dns_names() {
    assert!(is_dns_name("api.example.com", false));
    assert!(is_dns_name("*.example.com", true));
    assert!(!is_dns_name("*.example.com", false));
    assert!(!is_dns_name("a..b", false));
    assert_eq!(dns_name("API.Example.com."), "api.example.com");
}

/// A scenario validated in place and one taken apart as it is validated give the same network
/// and the same problems, for every bundled scenario and an invalid route.
#[test]
fn validating_an_owned_scenario_gives_the_same_network() {
    let mut texts: Vec<String> = std::fs::read_dir("scenarios")
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    texts.push(format!(
        "{HEAD}vpcs:\n  - id: vpc-a\n    cidrs: [10.0.0.0/16]\n    route_tables:\n      - {{ id: rtb-a, main: true, routes: [{{ destination: nope, target: igw-x }}] }}\n"
    ));
    for text in texts {
        let s: model::Scenario =
            serde_saphyr::from_str_with_options(&text, crate::load::yaml_options(text.len()))
                .unwrap();
        if s.network.is_some() {
            continue;
        }
        let kept = validate(&s);
        let owned = validate_owned(s);
        match (kept, owned) {
            (Ok(a), Ok(b)) => {
                let tables = |n: &Network| format!("{:?}", n.route_tables);
                assert_eq!(tables(&a), tables(&b));
                assert_eq!(format!("{:?}", a.warnings), format!("{:?}", b.warnings));
            }
            (Err(a), Err(b)) => assert_eq!(format!("{a:?}"), format!("{b:?}")),
            (a, b) => panic!("{:?} / {:?}", a.is_ok(), b.is_ok()),
        }
    }
}

#[test]
fn a_private_zone_of_an_endpoints_private_dns_name_in_its_vpc_is_refused() {
    let with = |private_dns: bool, zone: &str| {
        format!(
            "vpcs:\n  - id: vpc-a\n    cidr: 10.0.0.0/16\n    dns_hostnames: true\n    subnets: [{{ id: subnet-a, cidr: 10.0.1.0/24 }}]\n    endpoints:\n      - {{ id: vpce-x, service: execute-api, subnets: [subnet-a], private_dns: {private_dns} }}\ndns_zones:\n  - {{ name: {zone}, private: true, vpcs: [vpc-a] }}\n"
        )
    };
    let same = "execute-api.us-east-1.amazonaws.com";
    assert_eq!(errors(&with(true, same)), vec![Code::Zone]);
    // Private DNS off, or a name below the endpoint's: no conflict (F5.18).
    assert!(errors(&with(false, same)).is_empty());
    assert!(errors(&with(true, "api.execute-api.us-east-1.amazonaws.com")).is_empty());
}

#[test]
fn a_caller_is_a_signed_principal_or_the_word_anonymous() {
    let with = |caller: &str| {
        format!(
            "requests:\n  - {{ from: internet, url: \"https://sts.us-east-1.amazonaws.com/\", caller: {caller} }}\n"
        )
    };
    let net = load(&with("anonymous")).unwrap();
    assert!(net.requests[0].unsigned && net.requests[0].caller.is_none());
    let net = load(&with("{ account: \"111122223333\" }")).unwrap();
    assert!(!net.requests[0].unsigned && net.requests[0].caller.is_some());
    assert_eq!(errors(&with("nobody")), vec![Code::Request]);
}

#[test]
fn a_websocket_api_shares_a_custom_domain_with_websocket_apis_only() {
    let with = |second: &str| {
        format!(
            "apis:\n  - {{ id: ws00000001, type: websocket, stages: [p], routes: [$connect] }}\n  - {{ id: ws00000002, type: websocket, stages: [p], routes: [$connect] }}\n  - {{ id: http000001, type: http, stages: [p] }}\ncustom_domains:\n  - name: api.example.com\n    endpoint: regional\n    target: d-abc123xyz.execute-api.us-east-1.amazonaws.com\n    mappings:\n      - {{ path: a, api: ws00000001, stage: p }}\n      - {{ path: b, api: {second}, stage: p }}\n"
        )
    };
    assert!(errors(&with("ws00000002")).is_empty());
    assert_eq!(errors(&with("http000001")), vec![Code::Domain]);
}

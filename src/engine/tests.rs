//! The engine's phases, in order: DNS, forwarding, the port and TLS, the service. Each test
//! stops a request at one phase and checks that the later phases left no step.
//!
//! Compiled for tests only: its parent declares it under `#[cfg(test)]`.

use std::path::Path;

use super::*;
use crate::trace::{DnsSource, DropReason, TlsReason, describe};

const SCENARIO: &str = r#"
scenario: engine unit tests
region: us-east-1
vpcs:
  - id: vpc-a
    cidr: 10.0.0.0/16
    internet_gateway: igw-a
    subnets: [{ id: subnet-a, cidr: 10.0.0.0/24 }]
    route_tables:
      - { id: rtb-a, main: true, routes: [{ destination: 0.0.0.0/0, target: igw-a }] }
    instances: [{ id: i-a, subnet: subnet-a, public_ip: true }]
apis:
  - { id: abc0api001, endpoint: regional, stages: [prod], routes: ["GET /pets"] }
requests:
  - { name: unknown name, from: i-a, url: "https://nothing.example.invalid/" }
  - { name: by address, from: i-a, url: "https://52.1.6.10/" }
  - { name: plain http to API Gateway, from: i-a, url: "http://abc0api001.execute-api.us-east-1.amazonaws.com/prod/pets" }
  - { name: wrong certificate, from: i-a, url: "https://52.1.6.10/", headers: { host: sts.us-east-1.amazonaws.com } }
  - { name: certificate not verified, from: i-a, url: "https://52.1.6.10/", tls_verify: false }
  - { name: the API, from: i-a, url: "https://abc0api001.execute-api.us-east-1.amazonaws.com/prod/pets" }
  - { name: the Host header picks the API, from: i-a, url: "https://xyz0api001.execute-api.us-east-1.amazonaws.com/prod/pets", headers: { Host: abc0api001.execute-api.us-east-1.amazonaws.com } }
"#;

fn run(name: &str) -> (Network, usize) {
    let net = crate::load::load_str(Path::new("engine.yaml"), SCENARIO).unwrap();
    let i = net.requests.iter().position(|r| r.name == name).unwrap();
    (net, i)
}

fn kinds(t: &Trace) -> Vec<&'static str> {
    t.steps.iter().map(|s| describe(s).0).collect()
}

#[test]
fn a_name_that_does_not_resolve_stops_at_dns() {
    let (net, i) = run("unknown name");
    let t = simulate(&net, &net.requests[i]);
    assert!(
        matches!(
            &t.outcome,
            Outcome::DnsFailure {
                reason: DnsReason::Nxdomain {
                    name,
                    source: DnsSource::NoPublicZone
                }
            } if name == "nothing.example.invalid"
        ),
        "{:?}",
        t.outcome
    );
    assert_eq!(kinds(&t), ["dns"]);
}

#[test]
fn an_address_skips_dns() {
    let (net, i) = run("by address");
    let t = simulate(&net, &net.requests[i]);
    assert_eq!(kinds(&t).first(), Some(&"connect"));
}

#[test]
fn a_port_nothing_listens_on_is_dropped_before_tls() {
    let (net, i) = run("plain http to API Gateway");
    let t = simulate(&net, &net.requests[i]);
    assert!(
        matches!(
            &t.outcome,
            Outcome::Timeout {
                reason: DropReason::NotListening {
                    front,
                    port: 80,
                    http: false
                }
            } if front == "execute-api us-east-1"
        ),
        "{:?}",
        t.outcome
    );
    assert_eq!(kinds(&t).last(), Some(&"drop"));
    assert!(!kinds(&t).contains(&"tls"));
}

#[test]
fn a_certificate_that_does_not_cover_the_name_fails_tls_unless_unverified() {
    let (net, i) = run("by address");
    let t = simulate(&net, &net.requests[i]);
    assert!(
        matches!(
            &t.outcome,
            Outcome::TlsError {
                reason: TlsReason::NoCertificate { host, .. }
            } if host == "52.1.6.10"
        ),
        "{:?}",
        t.outcome
    );
    assert_eq!(kinds(&t).last(), Some(&"tls"));
    let (net, i) = run("certificate not verified");
    let t = simulate(&net, &net.requests[i]);
    assert!(matches!(t.outcome, Outcome::Http { .. }), "{:?}", t.outcome);
}

#[test]
fn the_host_header_names_the_site_but_does_not_change_dns_or_tls() {
    // TLS is checked against the URL's host, whatever the Host header says.
    let (net, i) = run("wrong certificate");
    let t = simulate(&net, &net.requests[i]);
    assert!(
        matches!(
            &t.outcome,
            Outcome::TlsError {
                reason: TlsReason::NoCertificate { host, .. }
            } if host == "52.1.6.10"
        ),
        "{:?}",
        t.outcome
    );
    // An unknown API's name still resolves and connects; the Host header picks the API.
    let (net, i) = run("the Host header picks the API");
    let t = simulate(&net, &net.requests[i]);
    assert!(
        matches!(t.outcome, Outcome::Http { status: 200, .. }),
        "{:?}",
        t.outcome
    );
}

#[test]
fn every_phase_runs_in_order_for_a_request_that_is_answered() {
    let (net, i) = run("the API");
    let t = simulate(&net, &net.requests[i]);
    let k = kinds(&t);
    let at = |kind: &str| k.iter().position(|x| *x == kind).unwrap();
    assert!(at("dns") < at("connect"));
    assert!(at("connect") < at("route"));
    assert!(at("route") < at("tls"));
    assert!(at("tls") < at("service"));
    assert!(matches!(t.outcome, Outcome::Http { status: 200, .. }));
}

#[test]
fn a_summary_ends_every_request_where_its_trace_does() {
    let (net, _) = run("the API");
    for r in &net.requests {
        assert_eq!(
            ending(&net, r),
            Ending::of(&simulate(&net, r)),
            "{}",
            r.name
        );
    }
}

/// An outbound endpoint's query to a DNS server on an instance of a peered VPC (F5.14): a rule
/// of the server's group that names the endpoint's group admits it (F5.16); one that does not,
/// drops it, and the name does not resolve.
#[test]
fn a_group_reference_to_an_outbound_endpoint_admits_its_query() {
    const REFERENCE: &str = r#"
scenario: ref
region: eu-west-1
vpcs:
  - id: vpc-a
    cidr: 10.1.0.0/16
    subnets:
      - { id: sa1, cidr: 10.1.1.0/24, route_table: rta }
      - { id: sa2, cidr: 10.1.2.0/24, route_table: rta }
    route_tables:
      - { id: rta, routes: [{ destination: 10.2.0.0/16, target: pcx }] }
    security_groups:
      - id: sg-out
        egress: [{ protocol: udp, ports: 53, cidr: 10.0.0.0/8 }]
    instances:
      - { id: i-a, subnet: sa1 }
    resolver_endpoints:
      - { id: rslvr-out, direction: outbound, subnets: [sa1, sa2], security_groups: [sg-out] }
  - id: vpc-b
    cidr: 10.2.0.0/16
    dns_hostnames: true
    subnets:
      - { id: sb, cidr: 10.2.1.0/24, route_table: rtb }
    route_tables:
      - { id: rtb, routes: [{ destination: 10.1.0.0/16, target: pcx }] }
    security_groups:
      - id: sg-dns
        ingress: [{ protocol: udp, ports: 53, security_group: sg-out }]
    instances:
      - { id: i-dns, subnet: sb, private_ip: 10.2.1.53, security_groups: [sg-dns], listens_udp: [53], forwards_dns_to: 10.2.0.2 }
peerings:
  - { id: pcx, requester: vpc-a, accepter: vpc-b }
dns_zones:
  - name: b.example
    private: true
    vpcs: [vpc-b]
    records: [{ name: x.b.example, type: A, values: [10.2.1.9] }]
resolver_rules:
  - { id: rr, domain: b.example, type: forward, targets: [10.2.1.53], endpoint: rslvr-out, vpcs: [vpc-a] }
requests:
  - { name: q, from: i-a, url: "tcp://x.b.example:443" }
"#;
    let outcome = |text: &str| {
        let net = crate::load::load_str(Path::new("ref.yaml"), text).unwrap();
        let t = simulate(&net, &net.requests[0]);
        assert!(matches!(t.steps.first(), Some(Step::Query { .. })), "{t:?}");
        t.outcome.kind()
    };
    assert_eq!(outcome(REFERENCE), "timeout");
    // A DNS server listens on udp/53 whether or not the file says so.
    let unsaid = REFERENCE.replace("listens_udp: [53], forwards_dns_to", "forwards_dns_to");
    assert_ne!(unsaid, REFERENCE);
    assert_eq!(outcome(&unsaid), "timeout");
    let elsewhere = REFERENCE.replace("security_group: sg-out", "cidr: 192.168.0.0/16");
    assert_eq!(outcome(&elsewhere), "dns-failure");
    // The rule associated with the server's VPC too sends the query back to the server: a loop.
    let looped = REFERENCE.replace("vpcs: [vpc-a] }", "vpcs: [vpc-a, vpc-b] }");
    let net = crate::load::load_str(Path::new("ref.yaml"), &looped).unwrap();
    let t = simulate(&net, &net.requests[0]);
    assert!(
        matches!(
            &t.outcome,
            Outcome::DnsFailure {
                reason: DnsReason::ForwardingLoop { .. }
            }
        ),
        "{:?}",
        t.outcome
    );
}

//! Forwarding, one target kind at a time, on small networks written as scenarios.
//!
//! Compiled for tests only: its parent declares it under `#[cfg(test)]`.

use std::path::Path;

use super::*;
use crate::trace::Detail;

/// One VPC with the subnets, tables, gateways and instances each test needs.
const VPC: &str = r#"
scenario: routing unit tests
region: us-east-1
vpcs:
  - id: vpc-a
    cidr: 10.0.0.0/16
    internet_gateway: igw-a
    subnets:
      - { id: subnet-public, cidr: 10.0.0.0/24, route_table: rtb-public }
      - { id: subnet-private, cidr: 10.0.1.0/24, route_table: rtb-private }
      - { id: subnet-loop-1, cidr: 10.0.2.0/24, route_table: rtb-loop-1 }
      - { id: subnet-loop-2, cidr: 10.0.3.0/24, route_table: rtb-loop-2 }
      - { id: subnet-black, cidr: 10.0.4.0/24, route_table: rtb-black }
      - { id: subnet-none, cidr: 10.0.5.0/24 }
      - { id: subnet-shut, cidr: 10.0.6.0/24, route_table: rtb-public, network_acl: acl-no-replies }
    route_tables:
      - { id: rtb-main, main: true }
      - id: rtb-public
        routes: [{ destination: 0.0.0.0/0, target: igw-a }, { destination: 10.9.0.0/16, target: pcx-ab }]
      - id: rtb-private
        routes: [{ destination: 0.0.0.0/0, target: nat-a }]
      - id: rtb-loop-1
        routes: [{ destination: 0.0.0.0/0, target: nat-loop-2 }]
      - id: rtb-loop-2
        routes: [{ destination: 0.0.0.0/0, target: nat-loop-1 }]
      - id: rtb-black
        routes: [{ destination: 0.0.0.0/0, target: blackhole }]
    network_acls:
      - id: acl-no-replies
        ingress: [{ rule: 100, action: allow, protocol: tcp, ports: 22, cidr: 0.0.0.0/0 }]
        egress: [{ rule: 100, action: allow, protocol: all, cidr: 0.0.0.0/0 }]
    nat_gateways:
      - { id: nat-a, subnet: subnet-public, elastic_ip: 198.51.100.7 }
      - { id: nat-loop-1, subnet: subnet-loop-1, connectivity: private }
      - { id: nat-loop-2, subnet: subnet-loop-2, connectivity: private }
    endpoints:
      - { id: vpce-s3, service: s3, type: gateway, route_tables: [rtb-public] }
    instances:
      - { id: i-public, subnet: subnet-public, public_ip: true }
      - { id: i-no-ip, subnet: subnet-public }
      - { id: i-private, subnet: subnet-private }
      - { id: i-loop, subnet: subnet-loop-1 }
      - { id: i-black, subnet: subnet-black }
      - { id: i-none, subnet: subnet-none }
      - { id: i-shut, subnet: subnet-shut, public_ip: true }
  - id: vpc-b
    cidr: 10.9.0.0/16
    subnets: [{ id: subnet-b, cidr: 10.9.0.0/24, route_table: rtb-b }]
    route_tables:
      - id: rtb-b
        main: true
        routes: [{ destination: 10.0.0.0/16, target: pcx-ab }]
    security_groups:
      - { id: sg-b, ingress: [{ protocol: tcp, ports: 443, cidr: 10.0.0.0/16 }] }
    instances: [{ id: i-b, subnet: subnet-b, private_ip: 10.9.0.10, security_groups: [sg-b] }]
peerings:
  - { id: pcx-ab, requester: vpc-a, accepter: vpc-b }
"#;

pub(super) fn network() -> Network {
    crate::load::load_str(Path::new("routing.yaml"), VPC).unwrap()
}

/// Forwards a packet from instance `from` to `dst`:443, returning where it arrived (or why it
/// was dropped) and the steps it took.
fn send<'a>(
    net: &'a Network,
    from: &str,
    dst: &str,
) -> (Result<Arrival, DropReason>, Vec<Step<'a>>) {
    let i = net.instances.iter().position(|i| i.id == from).unwrap();
    let mut steps = Steps::new(Detail::Every);
    let arrived = forward(
        net,
        Sender::Instance(InstanceIx(i)),
        dst.parse().unwrap(),
        443,
        Protocol::Tcp,
        &mut steps,
    );
    (arrived, steps.into_steps())
}

fn translations(steps: &[Step]) -> Vec<(String, Ipv4Addr)> {
    steps
        .iter()
        .filter_map(|s| match s {
            Step::Translate { gateway, to, .. } => Some((gateway.to_string(), *to)),
            _ => None,
        })
        .collect()
}

#[test]
fn an_internet_gateway_translates_a_public_address_and_reaches_the_internet() {
    let net = network();
    let (arrived, steps) = send(&net, "i-public", "52.1.6.10");
    assert!(arrived.is_ok(), "{arrived:?}");
    let t = translations(&steps);
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].0, "igw-a");
    assert!(!t[0].1.is_private());
}

#[test]
fn an_internet_gateway_drops_a_source_without_a_public_address() {
    let net = network();
    let (arrived, _) = send(&net, "i-no-ip", "52.1.6.10");
    let reason = arrived.unwrap_err();
    assert!(
        matches!(&reason, DropReason::NoPublicAddress { igw, .. } if igw == "igw-a"),
        "{reason}"
    );
}

#[test]
fn an_internet_gateway_does_not_carry_private_destinations() {
    let net = network();
    let (arrived, _) = send(&net, "i-public", "192.168.1.1");
    let reason = arrived.unwrap_err();
    assert_eq!(
        reason,
        DropReason::PrivateAtInternetGateway {
            dst: "192.168.1.1".parse().unwrap()
        }
    );
}

#[test]
fn a_nat_gateway_translates_then_leaves_from_its_own_subnet() {
    let net = network();
    let (arrived, steps) = send(&net, "i-private", "52.1.6.10");
    assert!(arrived.is_ok(), "{arrived:?}");
    let t = translations(&steps);
    assert_eq!(t.len(), 2, "{t:?}");
    assert_eq!(t[0].0, "nat-a");
    assert_eq!(t[1], ("igw-a".to_string(), "198.51.100.7".parse().unwrap()));
}

#[test]
fn a_gateway_endpoint_route_arrives_at_the_service_from_the_private_address() {
    let net = network();
    let prefix = aws::service_prefix("s3", "us-east-1").unwrap();
    let dst = Ipv4Addr::from(u32::from(prefix.network()) + 10).to_string();
    let (arrived, _) = send(&net, "i-public", &dst);
    match arrived.unwrap() {
        Arrival::Service {
            service,
            endpoint,
            caller,
            ..
        } => {
            assert_eq!(service, crate::aws::Service::S3);
            assert!(endpoint.is_some());
            assert!(caller.source_ip.is_none());
            assert!(caller.vpc_source_ip.unwrap().is_private());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_peering_connection_carries_only_the_peers_own_cidrs() {
    let net = network();
    let (arrived, steps) = send(&net, "i-public", "10.9.0.10");
    // The packets cross into the peer and reach the instance, which answers for itself.
    assert!(matches!(arrived, Ok(Arrival::Host(_))), "{arrived:?}");
    assert!(
        steps
            .iter()
            .any(|s| matches!(s, Step::Arrive { at, .. } if at == "pcx-ab"))
    );
    let (arrived, _) = send(&net, "i-public", "10.9.200.1");
    let reason = arrived.unwrap_err();
    assert_eq!(
        reason,
        DropReason::NoSubnet {
            dst: "10.9.200.1".parse().unwrap(),
            vpc: "vpc-b".into()
        }
    );
}

#[test]
fn a_blackhole_and_a_missing_route_drop_the_packets() {
    let net = network();
    let (arrived, _) = send(&net, "i-black", "52.1.6.10");
    let reason = arrived.unwrap_err();
    assert!(
        matches!(&reason, DropReason::Blackhole { table, .. } if table == "rtb-black"),
        "{reason}"
    );
    let (arrived, _) = send(&net, "i-none", "52.1.6.10");
    assert_eq!(
        arrived.unwrap_err(),
        DropReason::NoRoute {
            table: "rtb-main".into(),
            dst: "52.1.6.10".parse().unwrap()
        }
    );
}

#[test]
fn a_routing_loop_stops_at_the_gateway_limit() {
    let net = network();
    let (arrived, steps) = send(&net, "i-loop", "52.1.6.10");
    assert_eq!(arrived.unwrap_err(), DropReason::RoutingLoop);
    assert!(translations(&steps).len() <= MAX_HOPS);
}

#[test]
fn replies_are_checked_against_the_acls_the_request_crossed() {
    let net = network();
    let (arrived, steps) = send(&net, "i-shut", "52.1.6.10");
    let reason = arrived.unwrap_err();
    let DropReason::RepliesDenied(denied) = &reason else {
        panic!("{reason}");
    };
    assert_eq!(denied.acl, "acl-no-replies");
    assert!(denied.ingress && denied.all, "{reason}");
    assert!(matches!(steps.last(), Some(Step::Drop { reason: r, .. }) if *r == reason));
}

/// Two VPCs behind a transit gateway with its default route table.
const TRANSIT: &str = r#"
scenario: transit gateway unit tests
region: us-east-1
vpcs:
  - id: vpc-a
    cidr: 10.1.0.0/16
    subnets:
      - { id: subnet-a, cidr: 10.1.1.0/24, az: us-east-1a, route_table: rtb-a }
      - { id: subnet-a-b, cidr: 10.1.2.0/24, az: us-east-1b, route_table: rtb-a }
      - { id: subnet-a-tgw-b, cidr: 10.1.3.0/24, az: us-east-1b, route_table: rtb-a }
    route_tables:
      - { id: rtb-a, routes: [{ destination: 10.2.0.0/16, target: tgw-x }] }
    instances:
      - { id: i-a, subnet: subnet-a }
      - { id: i-a-b, subnet: subnet-a-b }
  - id: vpc-b
    cidr: 10.2.0.0/16
    subnets:
      - { id: subnet-b, cidr: 10.2.1.0/24, az: us-east-1a, route_table: rtb-b, network_acl: acl-b }
    route_tables:
      - { id: rtb-b, routes: [{ destination: 10.1.0.0/16, target: tgw-x }] }
    network_acls:
      - id: acl-b
        ingress:
          - { rule: 100, action: deny, protocol: all, cidr: 10.1.0.0/16 }
          - { rule: 200, action: allow, protocol: all, cidr: 0.0.0.0/0 }
        egress: [{ rule: 100, action: allow, protocol: all, cidr: 0.0.0.0/0 }]
    security_groups:
      - { id: sg-b, ingress: [{ protocol: tcp, ports: 443, cidr: 10.1.0.0/16 }] }
    instances:
      - { id: i-b, subnet: subnet-b, private_ip: 10.2.1.10, security_groups: [sg-b] }
transit_gateways:
  - id: tgw-x
    attachments:
      - { id: att-a, vpc: vpc-a, subnets: [subnet-a, subnet-a-tgw-b] }
      - { id: att-b, vpc: vpc-b, subnets: [subnet-b] }
"#;

fn transit() -> Network {
    crate::load::load_str(Path::new("transit.yaml"), TRANSIT).unwrap()
}

fn routes_of<'a>(steps: &'a [Step]) -> Vec<(&'a str, &'a str, bool)> {
    steps
        .iter()
        .filter_map(|s| match s {
            Step::Route {
                table,
                target,
                reply,
                ..
            } => Some((table.as_ref(), target.as_ref(), *reply)),
            _ => None,
        })
        .collect()
}

#[test]
fn a_transit_gateway_without_tables_routes_every_attachment_through_its_default_table() {
    // F6.16: every attachment associated with the default table and propagating to it.
    let net = transit();
    let (arrived, steps) = send(&net, "i-a", "10.2.1.10");
    assert!(matches!(arrived, Ok(Arrival::Host(_))), "{arrived:?}");
    let routes = routes_of(&steps);
    assert!(
        routes.contains(&("tgw-x:default", "att-b", false)),
        "{routes:?}"
    );
    assert!(
        routes.contains(&("tgw-x:default", "att-a", true)),
        "{routes:?}"
    );
}

#[test]
fn from_the_gateway_into_its_own_attachment_subnet_no_network_acl_is_checked() {
    // F6.18: acl-b denies vpc-a inbound, but the packets arrive from the transit gateway in
    // the attachment's own subnet, where neither of its rule sets applies to them; the replies
    // (traffic towards the gateway) are checked both ways, and pass.
    let net = transit();
    let (arrived, steps) = send(&net, "i-a", "10.2.1.10");
    assert!(arrived.is_ok(), "{arrived:?}");
    let checked: Vec<(bool, bool)> = steps
        .iter()
        .filter_map(|s| match s {
            Step::Filter { filter, packet, .. } if filter.as_ref() == "acl-b" => {
                Some((packet.ingress, packet.reply))
            }
            _ => None,
        })
        .collect();
    assert_eq!(checked, vec![(false, true), (true, true)]);
}

#[test]
fn a_source_in_a_zone_with_an_attachment_subnet_enters_by_that_subnet() {
    // F6.15: i-a-b is in us-east-1b, where att-a's subnet is subnet-a-tgw-b.
    let net = transit();
    let (arrived, steps) = send(&net, "i-a-b", "10.2.1.10");
    assert!(arrived.is_ok(), "{arrived:?}");
    let entered = steps.iter().any(|s| {
        matches!(s, Step::Arrive { at, detail } if at.as_ref() == "tgw-x" && detail.contains("subnet-a-tgw-b"))
    });
    assert!(entered, "{steps:#?}");
    // The replies leave subnet-b in us-east-1a, where att-b has its subnet: they get back.
    assert!(routes_of(&steps).contains(&("tgw-x:default", "att-a", true)));
}

#[test]
fn peered_transit_gateways_that_send_each_other_everything_are_a_loop_not_a_hang() {
    // F6.21: static routes on both sides point at the peering; the packets would go round.
    let text = r#"
scenario: transit gateway peering loop
region: us-east-1
vpcs:
  - id: vpc-a
    cidr: 10.1.0.0/16
    subnets: [{ id: subnet-a, cidr: 10.1.1.0/24, route_table: rtb-a }]
    route_tables: [{ id: rtb-a, routes: [{ destination: 0.0.0.0/0, target: tgw-a }] }]
    instances: [{ id: i-a, subnet: subnet-a }]
transit_gateways:
  - id: tgw-a
    attachments:
      - { id: att-a, vpc: vpc-a, subnets: [subnet-a], route_table: rtb-tgw-a }
      - { id: peer-a, peering: tgw-b, route_table: rtb-tgw-a }
    route_tables: [{ id: rtb-tgw-a, routes: [{ destination: 0.0.0.0/0, target: peer-a }] }]
  - id: tgw-b
    region: eu-west-1
    attachments: [{ id: peer-b, peering: tgw-a, route_table: rtb-tgw-b }]
    route_tables: [{ id: rtb-tgw-b, routes: [{ destination: 0.0.0.0/0, target: peer-b }] }]
"#;
    let net = crate::load::load_str(Path::new("loop.yaml"), text).unwrap();
    let (arrived, _) = send(&net, "i-a", "10.9.9.9");
    assert_eq!(arrived.unwrap_err(), DropReason::TransitLoop);
}

mod direct_connect;
mod interfaces;
mod layer2;

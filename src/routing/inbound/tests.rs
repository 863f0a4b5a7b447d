//! From the internet into a VPC (F6.34, F6.35): every kind of sender outside the destination's
//! VPC reaches a public address through its internet gateway, and the reasons are typed.
//!
//! Compiled for tests only: its parent declares it under `#[cfg(test)]`.

use std::path::Path;

use super::*;
use crate::trace::{Detail, NoWayBack, ReplyNeed};

const NET: &str = r#"
scenario: inbound unit tests
region: eu-west-1
vpcs:
  - id: vpc-web
    cidr: 10.90.0.0/16
    internet_gateway: igw-web
    subnets:
      - { id: subnet-public, cidr: 10.90.1.0/24, route_table: rtb-public, network_acl: acl-web }
      - { id: subnet-isolated, cidr: 10.90.3.0/24, route_table: rtb-isolated }
    route_tables:
      - { id: rtb-public, routes: [{ destination: 0.0.0.0/0, target: igw-web }] }
      - { id: rtb-isolated, routes: [] }
    network_acls:
      - id: acl-web
        ingress:
          - { rule: 100, action: allow, protocol: tcp, ports: 443, cidr: 0.0.0.0/0 }
        egress:
          - { rule: 100, action: allow, protocol: tcp, ports: "32768-65535", cidr: 0.0.0.0/0 }
    nat_gateways:
      - { id: nat-web, subnet: subnet-public, elastic_ip: 198.51.100.20, private_ip: 10.90.1.5 }
    security_groups:
      - { id: sg-web, ingress: [{ protocol: tcp, ports: 443, cidr: 0.0.0.0/0 }] }
    instances:
      - { id: i-web, subnet: subnet-public, public_ip: 198.51.100.10, security_groups: [sg-web] }
      - { id: i-isolated, subnet: subnet-isolated, public_ip: 198.51.100.12, security_groups: [sg-web] }
  - id: vpc-closed
    cidr: 10.91.0.0/16
    subnets: [{ id: subnet-closed, cidr: 10.91.1.0/24 }]
    instances: [{ id: i-closed, subnet: subnet-closed, public_ip: 198.51.100.14 }]
"#;

fn network() -> Network {
    crate::load::load_str(Path::new("inbound.yaml"), NET).unwrap()
}

/// Sends tcp/443 from the internet, from `src` with `ports`, to `dst`.
fn from_internet<'a>(
    net: &'a Network,
    name: &'a str,
    ports: (u16, u16),
    dst: &str,
) -> (Result<Arrival, DropReason>, Vec<Step<'a>>) {
    let mut steps = Steps::new(Detail::Every);
    let sender = Sender::Internet(name, Ipv4Addr::new(203, 0, 113, 50), ports);
    let dst = dst.parse().unwrap();
    let arrived = forward(net, sender, dst, 443, Protocol::Tcp, &mut steps);
    (arrived, steps.into_steps())
}

#[test]
fn the_internet_gateway_translates_the_destination_and_delivers_to_the_instance() {
    let net = network();
    let (arrived, steps) = from_internet(
        &net,
        "internet",
        aws::LINUX_EPHEMERAL_PORTS,
        "198.51.100.10",
    );
    assert!(matches!(arrived, Ok(Arrival::Host(_))), "{arrived:?}");
    let translated = steps.iter().find_map(|s| match s {
        Step::Translate {
            gateway,
            from,
            to,
            destination: true,
        } => Some((gateway.to_string(), *from, *to)),
        _ => None,
    });
    let want = Ipv4Addr::new(198, 51, 100, 10);
    assert_eq!(
        translated,
        Some(("igw-web".to_string(), want, net.instances[0].private_ip))
    );
}

#[test]
fn the_replies_go_to_the_senders_own_ephemeral_ports() {
    let net = network();
    // A Lambda function outside a VPC sends from 1024-65535; the ACL lets out 32768 and up.
    let (arrived, _) = from_internet(
        &net,
        "fn-hook",
        aws::LAMBDA_EPHEMERAL_PORTS,
        "198.51.100.10",
    );
    match arrived {
        Err(DropReason::RepliesDenied(d)) => {
            assert_eq!((d.sender.as_str(), d.ephemeral), ("fn-hook", (1024, 65535)));
            assert_eq!(d.denied, vec![(1024, 32767)]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn replies_without_a_route_to_the_internet_gateway_are_lost_at_the_table() {
    let net = network();
    let (arrived, _) = from_internet(
        &net,
        "internet",
        aws::LINUX_EPHEMERAL_PORTS,
        "198.51.100.12",
    );
    let want = DropReason::NoWayBack(NoWayBack::NoRoute {
        table: "rtb-isolated".into(),
        subnet: "subnet-isolated".into(),
        to: Ipv4Addr::new(203, 0, 113, 50),
        need: ReplyNeed::InternetGateway {
            igw: "igw-web".into(),
        },
    });
    assert_eq!(arrived.unwrap_err(), want);
}

#[test]
fn a_vpc_without_an_internet_gateway_takes_nothing_from_the_internet() {
    let net = network();
    let (arrived, steps) = from_internet(
        &net,
        "internet",
        aws::LINUX_EPHEMERAL_PORTS,
        "198.51.100.14",
    );
    let want = DropReason::NoInternetGateway {
        dst: Ipv4Addr::new(198, 51, 100, 14),
        holder: "i-closed".into(),
        vpc: "vpc-closed".into(),
    };
    assert_eq!(arrived.unwrap_err(), want);
    assert!(matches!(steps.last(), Some(Step::Drop { at, .. }) if at.as_ref() == "internet"));
}

#[test]
fn a_nat_gateway_takes_no_connection_at_its_elastic_ip_nor_at_its_private_address() {
    let net = network();
    let (arrived, steps) = from_internet(
        &net,
        "internet",
        aws::LINUX_EPHEMERAL_PORTS,
        "198.51.100.20",
    );
    let want = DropReason::NatTakesNoConnection {
        nat: "nat-web".into(),
        dst: Ipv4Addr::new(10, 90, 1, 5),
    };
    assert_eq!(arrived.unwrap_err(), want);
    assert!(matches!(steps.last(), Some(Step::Drop { at, .. }) if at.as_ref() == "nat-web"));
    // From inside the VPC, by the `local` route.
    let mut steps = Steps::new(Detail::Every);
    let dst = Ipv4Addr::new(10, 90, 1, 5);
    let sender = Sender::Instance(InstanceIx(0));
    let arrived = forward(&net, sender, dst, 443, Protocol::Tcp, &mut steps);
    assert_eq!(arrived.unwrap_err(), want);
}

#[test]
fn a_gateway_route_table_hands_packets_to_a_middlebox_but_not_its_own_address() {
    const EDGE: &str = r#"
scenario: gateway route table
region: eu-west-1
vpcs:
  - id: vpc-a
    cidr: 10.5.0.0/16
    internet_gateway: igw-a
    subnets:
      - { id: subnet-fw, cidr: 10.5.0.0/24, route_table: rtb-fw }
      - { id: subnet-app, cidr: 10.5.1.0/24, route_table: rtb-app }
    route_tables:
      - { id: rtb-fw, routes: [{ destination: 0.0.0.0/0, target: igw-a }] }
      - { id: rtb-app, routes: [{ destination: 0.0.0.0/0, target: i-fw }] }
      - id: rtb-edge
        gateway: igw-a
        routes: [{ destination: 10.5.1.0/24, target: i-fw }]
    instances:
      - { id: i-fw, subnet: subnet-fw, private_ip: 10.5.0.10, source_dest_check: false }
      - { id: i-app, subnet: subnet-app, private_ip: 10.5.1.10 }
"#;
    let net = crate::load::load_str(Path::new("edge.yaml"), EDGE).unwrap();
    let edge = net.igws[0].edge_table;
    assert!(edge.is_some());
    let hop = |dst: &str, edge: Option<RouteTableIx>, reply: bool| {
        let mut steps = Steps::new(Detail::Every);
        let to = gateway_table_hop(
            &net,
            edge,
            ("igw-a", dst.parse().unwrap(), reply),
            &mut steps,
        );
        (to, steps.into_steps().len())
    };
    let fw = Target::Instance(InstanceIx(0));
    // The app subnet's packets go to the appliance, forwarded from its subnet; a step says so.
    assert_eq!(hop("10.5.1.10", edge, false), (Some((fw, SubnetIx(0))), 1));
    assert_eq!(hop("10.5.1.10", edge, true), (Some((fw, SubnetIx(0))), 1));
    // The rest of the VPC goes by `local`: a step, no middlebox.
    assert_eq!(hop("10.5.0.10", edge, false), (None, 1));
    // No gateway route table: nothing to say.
    assert_eq!(hop("10.5.1.10", None, false), (None, 0));
}

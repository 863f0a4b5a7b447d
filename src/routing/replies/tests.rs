//! The replies as packets of their own, on the bundled lesson's network and small ones.
//!
//! Compiled for tests only: its parent declares it under `#[cfg(test)]`.

use std::path::Path;

use super::*;
use crate::trace::Detail;

fn lesson() -> Network {
    crate::load::load_file(Path::new("scenarios/asymmetric-replies.yaml")).unwrap()
}

/// Forwards tcp/`port` from instance `from` to `dst`, with the replies.
fn send<'a>(
    net: &'a Network,
    from: &str,
    dst: &str,
    port: u16,
) -> (Result<Arrival, DropReason>, Vec<Step<'a>>) {
    let i = net.instances.iter().position(|i| i.id == from).unwrap();
    let mut steps = Steps::new(Detail::Every);
    let arrived = forward(
        net,
        Sender::Instance(InstanceIx(i)),
        dst.parse().unwrap(),
        port,
        Protocol::Tcp,
        &mut steps,
    );
    (arrived, steps.into_steps())
}

/// The replies' route steps: (where, table, target).
fn reply_routes<'a>(steps: &'a [Step]) -> Vec<(&'a str, &'a str, &'a str)> {
    steps
        .iter()
        .filter_map(|s| match s {
            Step::Route {
                subnet,
                table,
                target,
                reply: true,
                ..
            } => Some((subnet.as_ref(), table.as_ref(), target.as_ref())),
            _ => None,
        })
        .collect()
}

#[test]
fn a_reply_routed_over_another_transit_gateway_is_delivered() {
    let net = lesson();
    let (arrived, steps) = send(&net, "i-bat", "10.2.2.100", 22);
    assert!(arrived.is_ok(), "{arrived:?}");
    assert_eq!(
        reply_routes(&steps),
        vec![
            ("subnet-fish-b", "rtb-fish", "tgw-fish"),
            (
                "tgw-attach-fish-fish",
                "tgw-rtb-fish",
                "tgw-attach-fish-bat"
            ),
            // Back into vpc-bat by its attachment subnet in the server's zone (F6.48).
            ("subnet-bat-tgw-b", "rtb-bat", "local"),
        ]
    );
}

#[test]
fn security_groups_let_the_replies_of_a_tracked_connection_through() {
    // sg-fish allows nothing outbound and sg-bat admits nothing: neither is asked again.
    let net = lesson();
    let (_, steps) = send(&net, "i-bat", "10.2.2.100", 22);
    let groups: Vec<&str> = steps
        .iter()
        .filter_map(|s| match s {
            Step::Filter { filter, .. } if filter.starts_with("sg-") => Some(filter.as_ref()),
            _ => None,
        })
        .collect();
    assert_eq!(groups, vec!["sg-bat", "sg-fish"]);
}

#[test]
fn an_acl_on_the_replies_own_attachment_subnet_drops_them() {
    let net = lesson();
    let (arrived, _) = send(&net, "i-app", "10.5.2.10", 5432);
    let Err(DropReason::RepliesDenied(denied)) = &arrived else {
        panic!("{arrived:?}");
    };
    assert_eq!(
        (denied.acl.as_str(), denied.subnet.as_str(), denied.ingress),
        ("acl-db-tgw-b", "subnet-db-tgw-b", true)
    );
}

#[test]
fn a_reply_without_a_route_in_a_transit_gateway_table_says_where() {
    let net = lesson();
    let (arrived, _) = send(&net, "i-cod", "10.2.2.100", 22);
    let Err(DropReason::NoWayBack(NoWayBack::TransitNoRoute { table, entered, .. })) = &arrived
    else {
        panic!("{arrived:?}");
    };
    // tgw-fish never carried the request: no attachment to name.
    assert_eq!((table.as_str(), entered), ("tgw-rtb-fish", &None));
}

/// A VPC whose private subnet leaves through a NAT gateway, and a peer whose replies to it
/// take a transit gateway instead of the peering the request came by.
const PATHS: &str = r#"
scenario: replies unit tests
region: us-east-1
vpcs:
  - id: vpc-a
    cidr: 10.0.0.0/16
    subnets:
      - { id: subnet-a, cidr: 10.0.1.0/24, az: us-east-1a, route_table: rtb-a }
    route_tables:
      - id: rtb-a
        routes: [{ destination: 10.1.0.0/16, target: pcx-ab }]
    instances:
      - { id: i-a, subnet: subnet-a, private_ip: 10.0.1.10 }
  - id: vpc-b
    cidr: 10.1.0.0/16
    subnets:
      - { id: subnet-b, cidr: 10.1.1.0/24, az: us-east-1a, route_table: rtb-b }
    route_tables:
      - id: rtb-b
        routes: [{ destination: 10.0.0.0/16, target: tgw-x }]
    security_groups:
      - { id: sg-b, ingress: [{ protocol: tcp, ports: 443, cidr: 10.0.0.0/8 }] }
    instances:
      - { id: i-b, subnet: subnet-b, private_ip: 10.1.1.10, security_groups: [sg-b], listens: [443] }
peerings:
  - { id: pcx-ab, requester: vpc-a, accepter: vpc-b }
transit_gateways:
  - id: tgw-x
    attachments:
      - { id: att-a, vpc: vpc-a, subnets: [subnet-a] }
      - { id: att-b, vpc: vpc-b, subnets: [subnet-b] }
"#;

#[test]
fn a_reply_may_come_back_by_another_way_than_the_request_went() {
    let net = crate::load::load_str(Path::new("paths.yaml"), PATHS).unwrap();
    let (arrived, steps) = send(&net, "i-a", "10.1.1.10", 443);
    assert!(arrived.is_ok(), "{arrived:?}");
    let routes = reply_routes(&steps);
    assert_eq!(routes[0], ("subnet-b", "rtb-b", "tgw-x"), "{routes:?}");
}

#[test]
fn a_nat_gateway_sends_the_replies_on_to_the_client_it_translated() {
    let net = crate::routing::tests::network();
    let (arrived, steps) = send(&net, "i-private", "52.1.6.10", 443);
    assert!(arrived.is_ok(), "{arrived:?}");
    // Back in at the NAT gateway's subnet, then on to the client's from there.
    let crossings: Vec<(&str, bool)> = steps
        .iter()
        .filter_map(|s| match s {
            Step::Filter {
                direction, packet, ..
            } if packet.reply => Some((direction.of.as_ref(), packet.ingress)),
            _ => None,
        })
        .collect();
    assert_eq!(
        crossings,
        vec![
            ("subnet-public", true),
            ("subnet-public", false),
            ("subnet-private", true)
        ]
    );
}

#[test]
fn a_gateway_route_table_sends_the_way_in_and_the_replies_through_its_appliance() {
    let net = crate::load::load_file(Path::new("scenarios/ingress-routing.yaml")).unwrap();
    let mut steps = Steps::new(Detail::Every);
    let sender = Sender::Internet("internet", "192.0.2.1".parse().unwrap(), (32768, 60999));
    let to = "3.120.0.10".parse().unwrap();
    let arrived = forward(&net, sender, to, 443, Protocol::Tcp, &mut steps);
    assert!(arrived.is_ok(), "{arrived:?}");
    let steps = steps.into_steps();
    assert_eq!(
        reply_routes(&steps),
        vec![
            ("subnet-web", "rtb-web", "i-inspect"),
            ("subnet-inspect", "rtb-out", "igw-edge"),
        ]
    );
    assert!(steps.iter().any(|s| matches!(
        s,
        Step::Route { subnet, table, reply: false, .. } if subnet == "igw-edge" && table == "rtb-edge"
    )));
}

//! Inside one subnet the packets go at layer 2: no route table applies (F6.33).

use super::*;

/// Two subnets sharing a table that sends each one's whole CIDR to an appliance.
const SHARED: &str = r#"
scenario: layer 2 unit tests
region: us-east-1
vpcs:
  - id: vpc-a
    cidr: 10.0.0.0/16
    subnets:
      - { id: subnet-app, cidr: 10.0.1.0/24, route_table: rtb-inspected }
      - { id: subnet-db, cidr: 10.0.2.0/24, route_table: rtb-inspected }
      - { id: subnet-fw, cidr: 10.0.10.0/24 }
    route_tables:
      - id: rtb-inspected
        routes:
          - { destination: 10.0.1.0/24, target: i-fw }
          - { destination: 10.0.2.0/24, target: i-fw }
    security_groups:
      - { id: sg-open, ingress: [{ protocol: all, cidr: 10.0.0.0/16 }] }
    instances:
      - { id: i-web, subnet: subnet-app, private_ip: 10.0.1.10, security_groups: [sg-open] }
      - { id: i-api, subnet: subnet-app, private_ip: 10.0.1.20, security_groups: [sg-open] }
      - { id: i-db, subnet: subnet-db, private_ip: 10.0.2.10, security_groups: [sg-open] }
      - { id: i-fw, subnet: subnet-fw, security_groups: [sg-open], source_dest_check: false }
"#;

fn shared() -> Network {
    crate::load::load_str(Path::new("layer2.yaml"), SHARED).unwrap()
}

fn appliances(steps: &[Step]) -> usize {
    steps
        .iter()
        .filter(|s| matches!(s, Step::Arrive { at, .. } if at.as_ref() == "i-fw"))
        .count()
}

#[test]
fn a_route_for_the_subnets_own_cidr_does_not_capture_traffic_inside_it() {
    let net = shared();
    let (arrived, steps) = send(&net, "i-web", "10.0.1.20");
    assert!(matches!(arrived, Ok(Arrival::Host(_))), "{arrived:?}");
    assert_eq!(appliances(&steps), 0, "{steps:?}");
    assert!(routes_of(&steps).is_empty(), "{steps:?}");
    let layer2: Vec<_> = steps
        .iter()
        .filter_map(|s| match s {
            Step::Layer2 {
                subnet,
                destination,
                reply,
            } => Some((subnet.as_ref(), *destination, *reply)),
            _ => None,
        })
        .collect();
    assert_eq!(
        layer2,
        vec![("subnet-app", "10.0.1.20".parse().unwrap(), false)]
    );
    // No network ACL either: the packets never leave the subnet.
    assert!(
        !steps
            .iter()
            .any(|s| matches!(s, Step::Filter { filter, .. } if filter.ends_with("-acl"))),
        "{steps:?}"
    );
}

#[test]
fn the_same_route_sends_traffic_from_another_subnet_through_the_appliance_both_ways() {
    let net = shared();
    let (arrived, steps) = send(&net, "i-web", "10.0.2.10");
    assert!(matches!(arrived, Ok(Arrival::Host(_))), "{arrived:?}");
    assert_eq!(appliances(&steps), 1, "{steps:?}");
    let routes = routes_of(&steps);
    assert!(
        routes.contains(&("rtb-inspected", "i-fw", false)),
        "{routes:?}"
    );
    assert!(
        routes.contains(&("rtb-inspected", "i-fw", true)),
        "{routes:?}"
    );
    assert!(!steps.iter().any(|s| matches!(s, Step::Layer2 { .. })));
}

/// A VPC whose CIDR holds the client's subnet, reached over a transit gateway: the
/// destination's subnet holds the client's address too.
const OVERLAP: &str = r#"
scenario: replies inside their own subnet
region: us-east-1
vpcs:
  - id: vpc-small
    cidr: 10.0.1.0/28
    subnets: [{ id: subnet-small, cidr: 10.0.1.0/28, route_table: rtb-small }]
    route_tables:
      - { id: rtb-small, routes: [{ destination: 10.0.1.0/24, target: tgw-x }] }
    instances: [{ id: i-client, subnet: subnet-small, private_ip: 10.0.1.10 }]
  - id: vpc-big
    cidr: 10.0.0.0/16
    subnets: [{ id: subnet-big, cidr: 10.0.1.0/24, route_table: rtb-big }]
    route_tables:
      - { id: rtb-big, routes: [{ destination: 0.0.0.0/0, target: tgw-x }] }
    security_groups:
      - { id: sg-big, ingress: [{ protocol: tcp, ports: 443, cidr: 0.0.0.0/0 }] }
    instances:
      - { id: i-server, subnet: subnet-big, private_ip: 10.0.1.100, security_groups: [sg-big] }
transit_gateways:
  - id: tgw-x
    attachments:
      - { id: att-small, vpc: vpc-small, subnets: [subnet-small], route_table: tgw-rtb }
      - { id: att-big, vpc: vpc-big, subnets: [subnet-big], route_table: tgw-rtb }
    route_tables:
      - id: tgw-rtb
        routes:
          - { destination: 10.0.1.100/32, target: att-big }
          - { destination: 10.0.1.0/28, target: att-small }
"#;

#[test]
fn replies_to_an_address_of_their_own_subnet_stay_in_it() {
    let net = crate::load::load_str(Path::new("overlap.yaml"), OVERLAP).unwrap();
    let (arrived, steps) = send(&net, "i-client", "10.0.1.100");
    let Err(DropReason::NoWayBack(NoWayBack::InSubnet { subnet, to, back })) = &arrived else {
        panic!("{arrived:?}: {steps:?}");
    };
    assert_eq!(
        (subnet.as_str(), *to, back.as_str()),
        ("subnet-big", "10.0.1.10".parse().unwrap(), "tgw-x")
    );
    assert!(
        steps
            .iter()
            .any(|s| matches!(s, Step::Layer2 { reply: true, .. })),
        "{steps:?}"
    );
}

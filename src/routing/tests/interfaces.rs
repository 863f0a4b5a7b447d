//! Routes to network interfaces written on their own (F6.75-F6.77): a two-armed appliance and
//! an interface attached to nothing.

use super::*;

const TWO_ARMED: &str = r#"
scenario: network interface unit tests
region: us-east-1
vpcs:
  - id: vpc-a
    cidr: 10.0.0.0/16
    subnets:
      - { id: subnet-app, cidr: 10.0.1.0/24, route_table: rtb-app }
      - { id: subnet-db, cidr: 10.0.2.0/24, route_table: rtb-db }
      - { id: subnet-four, cidr: 10.0.4.0/24 }
      - { id: subnet-out, cidr: 10.0.10.0/24 }
      - { id: subnet-in, cidr: 10.0.20.0/24 }
    route_tables:
      - id: rtb-app
        routes:
          - { destination: 10.0.2.0/24, target: eni-in }
          - { destination: 10.0.4.0/24, target: eni-free }
      - id: rtb-db
        routes:
          - { destination: 10.0.1.0/24, target: eni-in }
    security_groups:
      - { id: sg-open, ingress: [{ protocol: all, cidr: 10.0.0.0/16 }] }
    instances:
      - { id: i-app, subnet: subnet-app, private_ip: 10.0.1.10, security_groups: [sg-open] }
      - { id: i-db, subnet: subnet-db, private_ip: 10.0.2.10, security_groups: [sg-open] }
      - { id: i-four, subnet: subnet-four, private_ip: 10.0.4.10, security_groups: [sg-open] }
      - { id: i-fw, subnet: subnet-out, security_groups: [sg-open], source_dest_check: false }
    network_interfaces:
      - { id: eni-in, subnet: subnet-in, private_ip: 10.0.20.10, security_groups: [sg-open], source_dest_check: false, attached_to: i-fw }
      - { id: eni-free, subnet: subnet-in, security_groups: [sg-open], source_dest_check: false }
"#;

fn two_armed() -> Network {
    crate::load::load_str(Path::new("interfaces.yaml"), TWO_ARMED).unwrap()
}

#[test]
fn an_appliance_sends_by_the_interface_whose_subnet_holds_the_destination_else_its_primary() {
    let net = two_armed();
    let fw = InstanceIx(net.instances.iter().position(|i| i.id == "i-fw").unwrap());
    let inside = EniIx(0);
    assert_eq!(
        net.out_arm(fw, "10.0.20.99".parse().unwrap()),
        Arm::Secondary(inside)
    );
    assert_eq!(
        net.out_arm(fw, "10.0.2.10".parse().unwrap()),
        Arm::Primary(fw)
    );
    assert_eq!(net.arms(fw).len(), 2, "the detached interface is no arm");
}

#[test]
fn a_route_to_a_secondary_interface_reaches_the_appliance_and_the_replies_come_back_by_it() {
    let net = two_armed();
    let (arrived, steps) = send(&net, "i-app", "10.0.2.10");
    assert!(matches!(arrived, Ok(Arrival::Host(_))), "{arrived:?}");
    let routes = routes_of(&steps);
    assert!(routes.contains(&("rtb-app", "eni-in", false)), "{routes:?}");
    assert!(routes.contains(&("rtb-db", "eni-in", true)), "{routes:?}");
    let forwarded = steps
        .iter()
        .filter(|s| matches!(s, Step::Arrive { at, .. } if at.as_ref() == "i-fw"))
        .count();
    assert_eq!(forwarded, 1, "{steps:?}");
}

#[test]
fn a_route_to_an_interface_attached_to_nothing_is_a_blackhole() {
    let net = two_armed();
    let (arrived, _) = send(&net, "i-app", "10.0.4.10");
    assert!(
        matches!(&arrived, Err(DropReason::DetachedInterface { interface, .. }) if interface == "eni-free"),
        "{arrived:?}"
    );
}

//! A Direct Connect gateway's transit gateway attachment: the site of its transit virtual
//! interfaces that holds the destination, and none when it has no transit virtual interface
//! (F6.56, F6.57).

use super::*;

/// A VPC attached to a transit gateway with two Direct Connect gateways: one with transit
/// virtual interfaces from two sites, one with none.
const DX: &str = r#"
scenario: Direct Connect unit tests
region: us-east-1
vpcs:
  - id: vpc-a
    cidr: 10.0.0.0/16
    subnets:
      - { id: subnet-a, cidr: 10.0.1.0/24, route_table: rtb-a }
    route_tables:
      - id: rtb-a
        routes: [{ destination: 172.16.0.0/12, target: tgw-a }]
    instances: [{ id: i-a, subnet: subnet-a, private_ip: 10.0.1.10 }]
transit_gateways:
  - id: tgw-a
    attachments:
      - { id: tgw-attach-a, vpc: vpc-a, subnets: [subnet-a], route_table: tgw-rtb-a }
      - { id: tgw-attach-dx, direct_connect_gateway: dxgw-two, route_table: tgw-rtb-a }
      - { id: tgw-attach-none, direct_connect_gateway: dxgw-none, route_table: tgw-rtb-a }
    route_tables:
      - id: tgw-rtb-a
        propagations: [tgw-attach-a, tgw-attach-dx]
        routes: [{ destination: 172.30.0.0/16, target: tgw-attach-none }]
direct_connect_gateways:
  - id: dxgw-two
    virtual_interfaces:
      - { site: dc-wide, kind: transit }
      - { site: dc-narrow, kind: transit }
    associations: [{ gateway: tgw-a, allowed_prefixes: [10.0.0.0/16] }]
  - id: dxgw-none
    associations: [{ gateway: tgw-a, allowed_prefixes: [10.0.0.0/16] }]
sites:
  - id: dc-wide
    cidrs: [172.16.0.0/12]
    servers: [{ id: srv-wide, ip: 172.17.0.10, listens: [443] }]
  - id: dc-narrow
    cidrs: [172.20.0.0/16]
    servers: [{ id: srv-narrow, ip: 172.20.0.10, listens: [443] }]
"#;

fn dx() -> Network {
    crate::load::load_str(Path::new("dx.yaml"), DX).unwrap()
}

#[test]
fn the_site_whose_range_is_the_most_specific_takes_the_packets() {
    let net = dx();
    let site = |ip: &str| {
        let d = DxgwIx(0);
        net.dx_site_for(d, ip.parse().unwrap())
            .map(|s| net.sites[s.0].id.clone())
    };
    assert_eq!(site("172.20.0.10").as_deref(), Some("dc-narrow"));
    assert_eq!(site("172.17.0.10").as_deref(), Some("dc-wide"));
    // Several sites, none holding it: no site is guessed.
    assert_eq!(site("192.168.0.1"), None);
    let (arrived, _) = send(&net, "i-a", "172.20.0.10");
    assert!(matches!(arrived, Ok(Arrival::SiteHost(_))), "{arrived:?}");
}

#[test]
fn a_gateway_without_transit_virtual_interfaces_reaches_no_site() {
    let net = dx();
    let (arrived, _) = send(&net, "i-a", "172.30.0.10");
    match arrived {
        Err(DropReason::DxNoInterface {
            attachment,
            gateway,
        }) => {
            assert_eq!(
                (attachment.as_str(), gateway.as_str()),
                ("tgw-attach-none", "dxgw-none")
            );
        }
        other => panic!("{other:?}"),
    }
}

//! The graph's walks on a small network: route edges in the table's order, the subnets of a
//! table, peers and transit gateways found by walking, each VPC's delivery to its subnets.
//!
//! Compiled for tests only: its parent declares it under `#[cfg(test)]`.

use std::path::Path;

use super::*;

/// Four VPCs: a and b peered; a, c and d on one transit gateway; a's second table used by
/// none of its subnets.
const GRAPH: &str = r#"
scenario: graph walks
region: us-east-1
vpcs:
  - id: vpc-a
    cidr: 10.1.0.0/16
    internet_gateway: igw-a
    subnets:
      - { id: subnet-a1, cidr: 10.1.1.0/24, az: us-east-1a, route_table: rtb-a }
      - { id: subnet-a2, cidr: 10.1.2.0/24, az: us-east-1b }
      - { id: subnet-a3, cidr: 10.1.3.0/24, az: us-east-1c, route_table: rtb-a }
    route_tables:
      - id: rtb-a
        routes:
          - { destination: 0.0.0.0/0, target: igw-a }
          - { destination: 10.2.0.0/16, target: pcx-ab }
          - { destination: 10.8.0.0/13, target: tgw-x }
          - { destination: 192.168.0.0/16, target: blackhole }
      - { id: rtb-spare, routes: [{ destination: 10.2.0.0/16, target: pcx-ab }] }
  - id: vpc-b
    cidr: 10.2.0.0/16
    subnets: [{ id: subnet-b, cidr: 10.2.1.0/24 }]
  - id: vpc-c
    cidr: 10.8.0.0/16
    subnets: [{ id: subnet-c, cidr: 10.8.1.0/24, az: us-east-1a }]
  - id: vpc-d
    cidr: 10.9.0.0/16
    subnets: [{ id: subnet-d, cidr: 10.9.1.0/24, az: us-east-1a }]
peerings:
  - { id: pcx-ab, requester: vpc-a, accepter: vpc-b }
transit_gateways:
  - id: tgw-x
    attachments:
      - { id: att-a, vpc: vpc-a, subnets: [subnet-a1, subnet-a2] }
      - { id: att-c, vpc: vpc-c, subnets: [subnet-c] }
      - { id: att-d, vpc: vpc-d, subnets: [subnet-d] }
"#;

fn net() -> Network {
    crate::load::load_str(Path::new("graph.yaml"), GRAPH).unwrap()
}

fn vpc(net: &Network, id: &str) -> VpcIx {
    VpcIx(net.vpcs.iter().position(|v| v.id == id).unwrap())
}

#[test]
fn a_tables_route_edges_follow_its_routes_in_order() {
    let net = net();
    let t = net
        .route_tables
        .iter()
        .position(|t| t.id == "rtb-a")
        .unwrap();
    let table = &net.route_tables[t];
    let routes: Vec<(u32, Node)> = net
        .links(table.node)
        .into_iter()
        .filter_map(|(l, n)| match l {
            Link::Route(i) => Some((i, n)),
            _ => None,
        })
        .collect();
    assert_eq!(routes.len(), table.routes.len());
    for (k, (i, node)) in routes.iter().enumerate() {
        assert_eq!(*i as usize, k, "route edges in the table's order");
        let want = match table.routes[k].target {
            Target::Local => Node::Local(table.vpc),
            Target::Igw(g) => Node::Igw(g),
            Target::Peering(x) => Node::Peering(x),
            Target::Tgw(x) => Node::Tgw(x),
            Target::Blackhole => Node::Blackhole,
            other => panic!("unexpected target {other:?}"),
        };
        assert_eq!(*node, want);
    }
}

#[test]
fn the_subnets_of_a_table_are_those_that_use_it() {
    let net = net();
    let ids = |t: &str| -> Vec<&str> {
        let t = net.route_tables.iter().position(|x| x.id == t).unwrap();
        net.subnets_using(RouteTableIx(t))
            .into_iter()
            .map(|s| net.subnets[s.0].id.as_str())
            .collect()
    };
    assert_eq!(ids("rtb-a"), ["subnet-a1", "subnet-a3"]);
    assert!(ids("rtb-spare").is_empty());
    // subnet-a2 names no table: it uses the main one.
    let main = net.vpcs[vpc(&net, "vpc-a").0].main_route_table;
    let of_main = net.subnets_using(main);
    assert_eq!(of_main.len(), 1);
    assert_eq!(net.subnets[of_main[0].0].id, "subnet-a2");
    assert_eq!(net.table_of(of_main[0]), main);
}

#[test]
fn peers_and_gateways_are_found_by_walking_the_graph() {
    let net = net();
    let (a, b, c, d) = (
        vpc(&net, "vpc-a"),
        vpc(&net, "vpc-b"),
        vpc(&net, "vpc-c"),
        vpc(&net, "vpc-d"),
    );
    assert_eq!(net.peered_with(a), [b]);
    assert_eq!(net.peered_with(b), [a]);
    assert!(net.peered_with(c).is_empty());
    assert_eq!(net.gateways_of(a), [TgwIx(0)]);
    assert!(net.gateways_of(b).is_empty());
    assert_eq!(net.attached(TgwIx(0), 10), [a, c, d]);
    assert_eq!(net.attached(TgwIx(0), 2), [a, c]);
}

#[test]
fn every_vpc_delivers_to_each_of_its_subnets() {
    let net = net();
    for (v, x) in net.vpcs.iter().enumerate() {
        let mut delivered: Vec<SubnetIx> = net
            .links(x.node)
            .into_iter()
            .filter_map(|(l, n)| match (l, n) {
                (Link::Delivers, Node::Subnet(s)) => Some(s),
                _ => None,
            })
            .collect();
        delivered.sort();
        let own: Vec<SubnetIx> = (0..net.subnets.len())
            .filter(|s| net.subnets[*s].vpc == VpcIx(v))
            .map(SubnetIx)
            .collect();
        assert_eq!(delivered, own, "{}", x.id);
    }
}

#[test]
fn an_edge_stays_small() {
    // A network has an edge per route: its weight is kept to 8 bytes.
    assert!(std::mem::size_of::<Link>() <= 8);
}

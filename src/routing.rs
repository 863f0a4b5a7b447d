//! Forwarding: from the client to the door of the service that answers.
//!
//! At each subnet the walk follows the subnet's `Uses` edge in [`Network::graph`] to its route
//! table (explicit association, else the main table, F6.1), takes the longest-prefix match
//! (F6.3, F6.4) and acts on the target:
//! - `local`: the destination is a network interface of the VPC (an interface endpoint);
//! - an internet gateway: needs a public source address (the instance's public IP or the NAT
//!   gateway's Elastic IP) and a public destination (F6.5);
//! - a NAT gateway: translates the source and forwards from its own subnet (F6.6);
//! - a gateway endpoint: delivers to its service in this Region (F6.7);
//! - a peering connection: delivers into the peer VPC when the destination is inside it;
//! - `blackhole` or no route: dropped (F6.10).

use std::net::Ipv4Addr;

use petgraph::visit::EdgeRef;

use crate::aws::{self, PublicAws};
use crate::net::*;
use crate::services::Arrival;
use crate::services::api_gateway::{Caller, Door};
use crate::trace::Step;

/// Who puts the first packet on the wire.
#[derive(Debug, Clone, Copy)]
pub enum Sender {
    /// An instance.
    Instance(InstanceIx),
    /// A client on the internet.
    Internet(Ipv4Addr),
}

/// The most hops a path may take before it is called a loop.
const MAX_HOPS: usize = 8;

/// Walks the packets from `sender` to `dst`. `Err` is the reason they were dropped (a
/// [`Step::Drop`] has been pushed).
pub fn forward(
    net: &Network,
    sender: Sender,
    dst: Ipv4Addr,
    port: u16,
    steps: &mut Vec<Step>,
) -> Result<Arrival, String> {
    match sender {
        Sender::Internet(src) => {
            steps.push(Step::Connect {
                from: "internet".into(),
                source: src,
                destination: dst,
                port,
            });
            if dst.is_private() {
                return drop(
                    steps,
                    "internet",
                    format!("{dst} is a private address: it is not routable on the internet"),
                );
            }
            internet_arrival(net, dst, src, steps)
        }
        Sender::Instance(i) => {
            let inst = &net.instances[i.0];
            steps.push(Step::Connect {
                from: inst.id.clone(),
                source: inst.private_ip,
                destination: dst,
                port,
            });
            let mut packet = Packet {
                subnet: inst.subnet,
                src: inst.private_ip,
                public: inst.public_ip,
                private_nat: None,
                client_ip: inst.private_ip,
            };
            for _ in 0..MAX_HOPS {
                match hop(net, &mut packet, dst, steps)? {
                    Some(arrival) => return Ok(arrival),
                    None => continue,
                }
            }
            drop(
                steps,
                &net.subnets[packet.subnet.0].id,
                "routing loop: the path passes through more gateways than any real path"
                    .to_string(),
            )
        }
    }
}

/// The packet's state as it is forwarded.
struct Packet {
    subnet: SubnetIx,
    src: Ipv4Addr,
    /// The public address that an internet gateway would translate `src` to.
    public: Option<Ipv4Addr>,
    /// Set after a private NAT gateway: why an internet gateway will drop the packet.
    private_nat: Option<NatIx>,
    /// The client's own address (`aws:VpcSourceIp`).
    client_ip: Ipv4Addr,
}

fn drop<T>(steps: &mut Vec<Step>, at: &str, reason: String) -> Result<T, String> {
    steps.push(Step::Drop {
        at: at.to_string(),
        reason: reason.clone(),
    });
    Err(reason)
}

/// The route table a subnet uses: the target of its `Uses` edge in the graph (validation
/// gives every subnet exactly one, to its explicit table or else the main one).
pub fn table_of(net: &Network, subnet: SubnetIx) -> RouteTableIx {
    let s = &net.subnets[subnet.0];
    net.graph
        .edges(s.node)
        .find_map(|e| match (e.weight(), net.graph[e.target()]) {
            (Link::Uses { .. }, Node::RouteTable(t)) => Some(t),
            _ => None,
        })
        .expect("validation links every subnet to one route table")
}

/// One forwarding decision at the packet's subnet. `Ok(None)`: forwarded to another subnet.
fn hop(
    net: &Network,
    p: &mut Packet,
    dst: Ipv4Addr,
    steps: &mut Vec<Step>,
) -> Result<Option<Arrival>, String> {
    let subnet = &net.subnets[p.subnet.0];
    let t = table_of(net, p.subnet);
    let table = &net.route_tables[t.0];
    let Some(route) = net.lookup(t, dst) else {
        return drop(
            steps,
            &table.id,
            format!("{} has no route to {dst}", table.id),
        );
    };
    steps.push(Step::Route {
        subnet: subnet.id.clone(),
        table: table.id.clone(),
        destination: route.label.clone(),
        target: net.target_id(route.target).to_string(),
    });
    match route.target {
        Target::Blackhole => drop(
            steps,
            &table.id,
            format!("route {} in {} is a blackhole", route.label, table.id),
        ),
        Target::Local => local(net, subnet.vpc, dst, p, steps).map(Some),
        Target::Igw(g) => {
            let igw = &net.igws[g.0].id;
            if dst.is_private() {
                return drop(
                    steps,
                    igw,
                    format!(
                        "{dst} is a private address: an internet gateway does not carry it to the internet"
                    ),
                );
            }
            if let Some(n) = p.private_nat {
                return drop(
                    steps,
                    igw,
                    format!(
                        "traffic from private NAT gateway {} has no public address: the internet gateway drops it (F6.6)",
                        net.nats[n.0].id
                    ),
                );
            }
            let Some(public) = p.public else {
                return drop(
                    steps,
                    igw,
                    format!(
                        "{} has no public IPv4 address, so {igw} cannot translate it (F6.5)",
                        p.src
                    ),
                );
            };
            steps.push(Step::Translate {
                gateway: igw.clone(),
                from: p.src,
                to: public,
            });
            internet_arrival(net, dst, public, steps).map(Some)
        }
        Target::Nat(n) => {
            let nat = &net.nats[n.0];
            if p.src == nat.private_ip {
                return drop(
                    steps,
                    &nat.id,
                    format!(
                        "{} routes {dst} back to NAT gateway {}: no way out",
                        table.id, nat.id
                    ),
                );
            }
            steps.push(Step::Translate {
                gateway: nat.id.clone(),
                from: p.src,
                to: nat.private_ip,
            });
            p.src = nat.private_ip;
            p.public = nat.elastic_ip;
            p.private_nat = (!nat.public).then_some(n);
            p.subnet = nat.subnet;
            Ok(None)
        }
        Target::GatewayEndpoint(e) => {
            let ep = &net.endpoints[e.0];
            steps.push(Step::Arrive {
                at: ep.id.clone(),
                detail: format!("gateway endpoint for {} in {}", ep.service, ep.region),
            });
            Ok(Some(Arrival::Service {
                service: ep.service.clone(),
                region: ep.region.clone(),
                endpoint: Some(e),
            }))
        }
        Target::Peering(x) => {
            let pcx = &net.peerings[x.0];
            let peer = pcx.other(subnet.vpc);
            if !net.vpcs[peer.0].contains(dst) {
                return drop(
                    steps,
                    &pcx.id,
                    format!(
                        "{dst} is not in peer VPC {}: a peering connection carries traffic only to the peer's own CIDRs (no transitive routing)",
                        net.vpcs[peer.0].id
                    ),
                );
            }
            steps.push(Step::Arrive {
                at: pcx.id.clone(),
                detail: format!("into {}", net.vpcs[peer.0].id),
            });
            local(net, peer, dst, p, steps).map(Some)
        }
    }
}

/// Delivery inside a VPC to the network interface that holds `dst`.
fn local(
    net: &Network,
    vpc: VpcIx,
    dst: Ipv4Addr,
    p: &Packet,
    steps: &mut Vec<Step>,
) -> Result<Arrival, String> {
    let vpc_id = &net.vpcs[vpc.0].id;
    let endpoint = net
        .endpoints
        .iter()
        .enumerate()
        .find(|(_, e)| e.vpc == vpc && e.has_address(dst));
    let Some((e, ep)) = endpoint else {
        let what = match net.subnet_containing(vpc, dst) {
            Some(s) => format!(
                "no modelled service listens at {dst} in {}",
                net.subnets[s.0].id
            ),
            None => format!("{dst} is in no subnet of {vpc_id}"),
        };
        return drop(steps, vpc_id, what);
    };
    let e = EndpointIx(e);
    steps.push(Step::Arrive {
        at: ep.id.clone(),
        detail: format!(
            "network interface {dst} of interface endpoint for {}",
            ep.service
        ),
    });
    if ep.service == "execute-api" {
        Ok(Arrival::ApiGateway {
            door: Door::Endpoint(e),
            caller: Caller {
                source_ip: None,
                vpc_source_ip: Some(p.client_ip),
            },
        })
    } else {
        Ok(Arrival::Service {
            service: ep.service.clone(),
            region: ep.region.clone(),
            endpoint: Some(e),
        })
    }
}

/// Arrival at a public address from the internet side.
fn internet_arrival(
    net: &Network,
    dst: Ipv4Addr,
    public_src: Ipv4Addr,
    steps: &mut Vec<Step>,
) -> Result<Arrival, String> {
    match aws::public_aws_at(dst, &net.extra_services) {
        Some(PublicAws::CloudFront) => {
            steps.push(Step::Arrive {
                at: "cloudfront".into(),
                detail: format!("CloudFront edge at {dst}"),
            });
            Ok(Arrival::ApiGateway {
                door: Door::CloudFront,
                caller: Caller {
                    source_ip: Some(public_src),
                    vpc_source_ip: None,
                },
            })
        }
        Some(PublicAws::Service { service, region }) if service == "execute-api" => {
            steps.push(Step::Arrive {
                at: format!("execute-api {region}"),
                detail: format!("API Gateway Regional front door at {dst}"),
            });
            Ok(Arrival::ApiGateway {
                door: Door::Regional(region),
                caller: Caller {
                    source_ip: Some(public_src),
                    vpc_source_ip: None,
                },
            })
        }
        Some(PublicAws::Service { service, region }) => {
            steps.push(Step::Arrive {
                at: format!("{service} {region}"),
                detail: format!("{service} public endpoint at {dst}"),
            });
            Ok(Arrival::Service {
                service,
                region,
                endpoint: None,
            })
        }
        None => drop(
            steps,
            "internet",
            format!("nothing in the scenario answers at {dst}"),
        ),
    }
}

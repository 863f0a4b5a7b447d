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
//!
//! Filters ([`crate::filter`]) are checked where AWS checks them: the client's security groups
//! on the first packet, the network ACL of every subnet boundary the packets cross (leaving
//! the client's subnet, entering and leaving a NAT gateway's, entering an endpoint's), and the
//! security groups of the network interface the packets enter. A packet that stays inside one
//! subnet crosses no network ACL. Once the packets arrive, the replies are walked back over
//! the same boundaries: network ACLs are stateless, so each must admit the replies to the
//! ephemeral ports of whoever sent the request at that point (the client's range, or
//! 1024-65535 behind a NAT gateway), and a path that crossed a peering connection needs a
//! route back through it. Security groups are stateful: replies always pass them.

use std::net::Ipv4Addr;

use crate::arrival::{Arrival, Caller, Door};
use crate::aws::{self, PublicAws};
use crate::filter;
use crate::net::Direction;
use crate::net::*;
use crate::trace::{Addr, Checked, Crossing, FilterPacket, Name, Step, Steps, text};

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
pub fn forward<'a>(
    net: &'a Network,
    sender: Sender,
    dst: Ipv4Addr,
    port: u16,
    steps: &mut Steps<'a>,
) -> Result<Arrival, String> {
    match sender {
        Sender::Internet(src) => {
            steps.push(|| Step::Connect {
                from: "internet".into(),
                source: src,
                destination: dst,
                port,
            });
            if dst.is_private() {
                return drop(
                    steps,
                    "internet",
                    text!("{dst} is a private address: it is not routable on the internet"),
                );
            }
            internet_arrival(net, dst, src, steps)
        }
        Sender::Instance(i) => {
            let inst = &net.instances[i.0];
            steps.push(|| Step::Connect {
                from: Name::Borrowed(&inst.id),
                source: inst.private_ip,
                destination: dst,
                port,
            });
            let mut packet = Packet {
                subnet: inst.subnet,
                src: inst.private_ip,
                dst,
                port,
                public: inst.public_ip,
                private_nat: None,
                client: i,
                client_ip: inst.private_ip,
                sender: &inst.id,
                reply_ports: inst.ephemeral_ports,
                legs: Vec::new(),
            };
            client_security_groups(net, &packet, steps)?;
            for _ in 0..MAX_HOPS {
                if let Some(arrival) = hop(net, &mut packet, steps)? {
                    replies(net, &packet, steps)?;
                    return Ok(arrival);
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
struct Packet<'n> {
    subnet: SubnetIx,
    src: Ipv4Addr,
    dst: Ipv4Addr,
    port: u16,
    /// The public address that an internet gateway would translate `src` to.
    public: Option<Ipv4Addr>,
    /// Set after a private NAT gateway: why an internet gateway will drop the packet.
    private_nat: Option<NatIx>,
    /// The client.
    client: InstanceIx,
    /// The client's own address (its security groups apply while the source is this).
    client_ip: Ipv4Addr,
    /// Who sends the packets at this point (the client, or the NAT gateway that translated
    /// them) and the ports its replies go back to: its ephemeral range.
    sender: &'n str,
    reply_ports: (u16, u16),
    /// What the replies must pass on their way back, in the order the request passed it.
    legs: Vec<Leg<'n>>,
}

impl Packet<'_> {
    /// The security groups of the packet's source interface: the client's, until a NAT
    /// gateway (which has none) translates it.
    fn source_groups<'n>(&self, net: &'n Network) -> &'n [SgIx] {
        if self.src == self.client_ip {
            &net.instances[self.client.0].security_groups
        } else {
            &[]
        }
    }
}

/// A boundary the replies must cross again.
enum Leg<'n> {
    /// The request crossed a subnet's network ACL in `dir`, with `remote` at the other end.
    Acl {
        subnet: SubnetIx,
        dir: Direction,
        remote: Ipv4Addr,
        /// Where the replies go at this point: to whom, its address and its ports.
        sender: &'n str,
        reply_to: Ipv4Addr,
        reply_ports: (u16, u16),
    },
    /// The request entered `subnet` through a peering connection: replies to `to` need a
    /// route back through it.
    Peering {
        subnet: SubnetIx,
        to: Ipv4Addr,
        via: PeeringIx,
    },
}

fn drop<'a, T>(
    steps: &mut Steps<'a>,
    at: impl Into<Name<'a>>,
    reason: String,
) -> Result<T, String> {
    let at = at.into();
    steps.at(&at, || Step::Drop {
        at: at.clone(),
        reason: reason.clone(),
    });
    Err(reason)
}

/// One forwarding decision at the packet's subnet. `Ok(None)`: forwarded to another subnet.
fn hop<'a>(
    net: &'a Network,
    p: &mut Packet<'a>,
    steps: &mut Steps<'a>,
) -> Result<Option<Arrival>, String> {
    let dst = p.dst;
    let subnet = &net.subnets[p.subnet.0];
    let t = net.table_of(p.subnet);
    let table = &net.route_tables[t.0];
    let Some(route) = net.lookup(t, dst) else {
        return drop(
            steps,
            &table.id,
            text!("{} has no route to {dst}", table.id),
        );
    };
    steps.push(|| Step::Route {
        subnet: Name::Borrowed(&subnet.id),
        table: Name::Borrowed(&table.id),
        destination: Name::Borrowed(&route.label),
        target: Name::Borrowed(net.target_id(route.target)),
        reply: false,
    });
    match route.target {
        Target::Blackhole => drop(
            steps,
            &table.id,
            text!("route {} in {} is a blackhole", route.label, table.id),
        ),
        Target::Local => {
            let Some(into) = net.subnet_containing(subnet.vpc, dst) else {
                let vpc_id = &net.vpcs[subnet.vpc.0].id;
                return drop(steps, vpc_id, text!("{dst} is in no subnet of {vpc_id}"));
            };
            if into != p.subnet {
                cross(net, p, p.subnet, Direction::Egress, steps)?;
                cross(net, p, into, Direction::Ingress, steps)?;
            }
            deliver(net, into, p, steps).map(Some)
        }
        Target::Igw(g) => {
            cross(net, p, p.subnet, Direction::Egress, steps)?;
            let igw = &net.igws[g.0].id;
            if dst.is_private() {
                return drop(
                    steps,
                    igw,
                    text!(
                        "{dst} is a private address: an internet gateway does not carry it to the internet"
                    ),
                );
            }
            if let Some(n) = p.private_nat {
                return drop(
                    steps,
                    igw,
                    text!(
                        "traffic from private NAT gateway {} has no public address: the internet gateway drops it (F6.6)",
                        net.nats[n.0].id
                    ),
                );
            }
            let Some(public) = p.public else {
                return drop(
                    steps,
                    igw,
                    text!(
                        "{} has no public IPv4 address, so {igw} cannot translate it (F6.5)",
                        p.src
                    ),
                );
            };
            steps.push(|| Step::Translate {
                gateway: Name::Borrowed(igw),
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
                    text!(
                        "{} routes {dst} back to NAT gateway {}: no way out",
                        table.id,
                        nat.id
                    ),
                );
            }
            if nat.subnet != p.subnet {
                cross(net, p, p.subnet, Direction::Egress, steps)?;
                cross(net, p, nat.subnet, Direction::Ingress, steps)?;
            }
            steps.push(|| Step::Translate {
                gateway: Name::Borrowed(&nat.id),
                from: p.src,
                to: nat.private_ip,
            });
            p.src = nat.private_ip;
            p.public = nat.elastic_ip;
            p.private_nat = (!nat.public).then_some(n);
            p.subnet = nat.subnet;
            p.sender = &nat.id;
            p.reply_ports = aws::NAT_EPHEMERAL_PORTS;
            Ok(None)
        }
        Target::GatewayEndpoint(e) => {
            cross(net, p, p.subnet, Direction::Egress, steps)?;
            let ep = &net.endpoints[e.0];
            steps.at(&ep.id, || Step::Arrive {
                at: Name::Borrowed(&ep.id),
                detail: text!("gateway endpoint for {} in {}", ep.service, ep.region),
            });
            Ok(Some(Arrival::Service {
                service: ep.service.clone(),
                region: ep.region.clone(),
                endpoint: Some(e),
                caller: Caller {
                    source_ip: None,
                    vpc_source_ip: Some(p.src),
                },
            }))
        }
        Target::Peering(x) => {
            let pcx = &net.peerings[x.0];
            let peer = pcx.other(subnet.vpc);
            let peer_id = &net.vpcs[peer.0].id;
            if !net.vpcs[peer.0].contains(dst) {
                return drop(
                    steps,
                    &pcx.id,
                    text!(
                        "{dst} is not in peer VPC {peer_id}: a peering connection carries traffic only to the peer's own CIDRs (no transitive routing)"
                    ),
                );
            }
            cross(net, p, p.subnet, Direction::Egress, steps)?;
            steps.at(&pcx.id, || Step::Arrive {
                at: Name::Borrowed(&pcx.id),
                detail: text!("into {peer_id}"),
            });
            let Some(into) = net.subnet_containing(peer, dst) else {
                return drop(steps, peer_id, text!("{dst} is in no subnet of {peer_id}"));
            };
            p.legs.push(Leg::Peering {
                subnet: into,
                to: p.src,
                via: x,
            });
            cross(net, p, into, Direction::Ingress, steps)?;
            deliver(net, into, p, steps).map(Some)
        }
    }
}

/// The packets cross the network ACL of `subnet` (F6.9). The replies will cross it again, in
/// the other direction, so the crossing is remembered.
fn cross<'a>(
    net: &'a Network,
    p: &mut Packet<'a>,
    subnet: SubnetIx,
    dir: Direction,
    steps: &mut Steps<'a>,
) -> Result<(), String> {
    let remote = match dir {
        Direction::Ingress => p.src,
        Direction::Egress => p.dst,
    };
    let s = &net.subnets[subnet.0];
    let acl = &net.nacls[s.nacl.0];
    let m = filter::nacl(acl, dir, Protocol::Tcp, p.port, remote);
    // The words are built only when a step or a reason needs them.
    let rule = || filter::nacl_rule_words(net, s.nacl, dir, m);
    let what = || Checked {
        ingress: dir == Direction::Ingress,
        of: Name::Borrowed(&s.id),
        crossing: Crossing::Packet {
            port: p.port,
            remote,
        },
    };
    steps.push(|| Step::Filter {
        filter: Name::Borrowed(&acl.id),
        direction: what(),
        packet: FilterPacket {
            ingress: dir == Direction::Ingress,
            remote,
            ports: (p.port, p.port),
            reply: false,
        },
        allowed: m.allow,
        rule: Name::Borrowed(rule()),
    });
    if !m.allow {
        return drop(
            steps,
            &acl.id,
            text!("network ACL {}: {} is denied by {}", acl.id, what(), rule()),
        );
    }
    p.legs.push(Leg::Acl {
        subnet,
        dir,
        remote,
        sender: p.sender,
        reply_to: p.src,
        reply_ports: p.reply_ports,
    });
    Ok(())
}

/// The security groups of the network interface at `dst` in `vpc` or a VPC peered with it
/// (the only groups a rule of `vpc` can reference), if there is one.
fn groups_at(net: &Network, vpc: VpcIx, dst: Ipv4Addr) -> &[SgIx] {
    let peers = net.index.peers_of_vpc[vpc.0].iter().copied();
    for v in std::iter::once(vpc).chain(peers) {
        match net.index.interface_at.get(&(v, dst)) {
            Some(Interface::Endpoint(e, _)) => {
                if let EndpointKind::Interface {
                    security_groups, ..
                } = &net.endpoints[e.0].kind
                {
                    return security_groups;
                }
            }
            Some(Interface::Instance(i)) => return &net.instances[i.0].security_groups,
            None => {}
        }
    }
    &[]
}

/// The client's security groups must let the first packet out (F6.8).
fn client_security_groups<'a>(
    net: &'a Network,
    p: &Packet,
    steps: &mut Steps<'a>,
) -> Result<(), String> {
    let inst = &net.instances[p.client.0];
    let vpc = net.subnets[inst.subnet.0].vpc;
    let packet = filter::Packet {
        protocol: Protocol::Tcp,
        port: p.port,
        remote: p.dst,
        remote_groups: groups_at(net, vpc, p.dst),
    };
    security_groups(
        net,
        &inst.security_groups,
        Direction::Egress,
        &packet,
        &inst.id,
        steps,
    )
}

/// Checks the security groups of one network interface, owned by `owner`, and records the
/// rule that admitted the packet, or every group that did not.
fn security_groups<'a>(
    net: &'a Network,
    groups: &[SgIx],
    dir: Direction,
    packet: &filter::Packet<'_>,
    owner: &'a str,
    steps: &mut Steps<'a>,
) -> Result<(), String> {
    let what = || Checked {
        ingress: dir == Direction::Ingress,
        of: Name::Borrowed(owner),
        crossing: Crossing::Packet {
            port: packet.port,
            remote: packet.remote,
        },
    };
    let sgs = &net.security_groups;
    let sg_packet = FilterPacket {
        ingress: dir == Direction::Ingress,
        remote: packet.remote,
        ports: (packet.port, packet.port),
        reply: false,
    };
    if let Some(a) = filter::security_groups(sgs, groups, dir, packet) {
        let g = &sgs[a.group.0];
        steps.push(|| Step::Filter {
            filter: Name::Borrowed(&g.id),
            direction: what(),
            packet: sg_packet,
            allowed: true,
            rule: Name::Borrowed(filter::sg_rule_words(net, a.group, dir, a.rule)),
        });
        return Ok(());
    }
    for g in groups {
        steps.push(|| Step::Filter {
            filter: Name::Borrowed(&sgs[g.0].id),
            direction: what(),
            packet: sg_packet,
            allowed: false,
            rule: Name::Borrowed(filter::no_sg_rule_matches(dir)),
        });
    }
    let names: Vec<&str> = groups.iter().map(|g| sgs[g.0].id.as_str()).collect();
    let default_only = groups.len() == 1 && sgs[groups[0].0].id == "default";
    let hint = match dir {
        Direction::Ingress if default_only => {
            ": the VPC's default group admits only its own members (an endpoint created without security groups gets it, F1.17)"
        }
        Direction::Ingress => ": security groups only allow, and no rule names this source",
        Direction::Egress => ": a group with an `egress` list allows only what it lists",
    };
    drop(
        steps,
        owner,
        text!(
            "no security group of {owner} ({}) allows {} tcp/{} {} {}{hint}",
            names.join(", "),
            dir.name(),
            packet.port,
            dir.preposition(),
            packet.remote
        ),
    )
}

/// The replies walk back over every boundary the request crossed, last first (F6.9).
fn replies<'a>(net: &'a Network, p: &Packet, steps: &mut Steps<'a>) -> Result<(), String> {
    for leg in p.legs.iter().rev() {
        match *leg {
            Leg::Acl {
                subnet,
                dir,
                remote,
                ref sender,
                reply_to,
                reply_ports,
            } => {
                let dir = dir.reverse();
                let s = &net.subnets[subnet.0];
                let acl = &net.nacls[s.nacl.0];
                let parts = filter::nacl_range(acl, dir, Protocol::Tcp, reply_ports, remote);
                let denied: Vec<_> = parts.iter().filter(|(_, m)| !m.allow).collect();
                // The words are built only when a step or a reason needs them: the rules that
                // denied replies, or every rule that admitted them.
                let rules = || {
                    let mut rules: Vec<&str> = Vec::new();
                    let deciding = parts.iter().filter(|(_, m)| !m.allow || denied.is_empty());
                    for (_, m) in deciding {
                        let r = filter::nacl_rule_words(net, s.nacl, dir, *m);
                        if !rules.contains(&r) {
                            rules.push(r);
                        }
                    }
                    match rules[..] {
                        [one] => Name::Borrowed(one),
                        _ => Name::Owned(rules.join("; ")),
                    }
                };
                let what = || Checked {
                    ingress: dir == Direction::Ingress,
                    of: Name::Borrowed(&s.id),
                    crossing: Crossing::Replies {
                        from: remote,
                        to: reply_to,
                        ports: reply_ports,
                    },
                };
                steps.push(|| Step::Filter {
                    filter: Name::Borrowed(&acl.id),
                    direction: what(),
                    packet: FilterPacket {
                        ingress: dir == Direction::Ingress,
                        remote,
                        ports: reply_ports,
                        reply: true,
                    },
                    allowed: denied.is_empty(),
                    rule: rules(),
                });
                if !denied.is_empty() {
                    let ports: Vec<String> =
                        denied.iter().map(|(r, _)| filter::show_ports(*r)).collect();
                    let (ports, fate) = if denied.len() == parts.len() {
                        (String::new(), "so the connection times out")
                    } else {
                        (
                            text!(" on ports {}", ports.join(", ")),
                            "so a connection that picks one of those times out",
                        )
                    };
                    let entering = match dir {
                        Direction::Ingress => "entering",
                        Direction::Egress => "leaving",
                    };
                    return drop(
                        steps,
                        &acl.id,
                        text!(
                            "network ACL {} is stateless and denies the replies from {} to {reply_to}{ports} {entering} {} ({}); {sender} takes its source port from {}, {fate} (an ACL must admit the whole ephemeral range, F6.9)",
                            acl.id,
                            match dir {
                                Direction::Ingress => remote,
                                Direction::Egress => p.dst,
                            },
                            s.id,
                            rules(),
                            filter::show_ports(reply_ports),
                        ),
                    );
                }
            }
            Leg::Peering { subnet, to, via } => {
                let s = &net.subnets[subnet.0];
                let t = net.table_of(subnet);
                let table = &net.route_tables[t.0];
                let pcx = &net.peerings[via.0].id;
                let Some(route) = net.lookup(t, to) else {
                    return drop(
                        steps,
                        &table.id,
                        text!(
                            "the replies cannot get back: {} (used by {}) has no route to {to}; a peered VPC needs a route to the requester's CIDR through {pcx}",
                            table.id,
                            s.id
                        ),
                    );
                };
                steps.push(|| Step::Route {
                    subnet: Name::Borrowed(&s.id),
                    table: Name::Borrowed(&table.id),
                    destination: Name::Borrowed(&route.label),
                    target: Name::Borrowed(net.target_id(route.target)),
                    reply: true,
                });
                if route.target != Target::Peering(via) {
                    return drop(
                        steps,
                        &table.id,
                        text!(
                            "the replies to {to} follow route {} to {}, not back through {pcx}, so they never reach the client",
                            route.label,
                            net.target_id(route.target)
                        ),
                    );
                }
            }
        }
    }
    Ok(())
}

/// Delivery to the network interface that holds the packet's destination in `subnet`, through
/// its security groups.
fn deliver<'a>(
    net: &'a Network,
    subnet: SubnetIx,
    p: &Packet,
    steps: &mut Steps<'a>,
) -> Result<Arrival, String> {
    let dst = p.dst;
    let s = &net.subnets[subnet.0];
    let endpoint = match net.index.interface_at.get(&(s.vpc, dst)) {
        Some(&Interface::Endpoint(e, at)) if at == subnet => {
            let ep = &net.endpoints[e.0];
            match &ep.kind {
                EndpointKind::Interface {
                    security_groups, ..
                } => Some((e, ep, security_groups)),
                EndpointKind::Gateway { .. } => None,
            }
        }
        _ => None,
    };
    let Some((e, ep, groups)) = endpoint else {
        return drop(
            steps,
            &s.id,
            text!("no modelled service listens at {dst} in {}", s.id),
        );
    };
    let packet = filter::Packet {
        protocol: Protocol::Tcp,
        port: p.port,
        remote: p.src,
        remote_groups: p.source_groups(net),
    };
    security_groups(net, groups, Direction::Ingress, &packet, &ep.id, steps)?;
    steps.at(&ep.id, || Step::Arrive {
        at: Name::Borrowed(&ep.id),
        detail: text!(
            "network interface {} of interface endpoint for {}",
            Addr(dst),
            ep.service
        ),
    });
    // Through an endpoint the service sees the private source address (F3.5).
    let caller = Caller {
        source_ip: None,
        vpc_source_ip: Some(p.src),
    };
    if ep.service == "execute-api" {
        Ok(Arrival::ApiGateway {
            door: Door::Endpoint(e),
            caller,
        })
    } else {
        Ok(Arrival::Service {
            service: ep.service.clone(),
            region: ep.region.clone(),
            endpoint: Some(e),
            caller,
        })
    }
}

/// Arrival at a public address from the internet side.
fn internet_arrival<'a>(
    net: &'a Network,
    dst: Ipv4Addr,
    public_src: Ipv4Addr,
    steps: &mut Steps<'a>,
) -> Result<Arrival, String> {
    match aws::public_aws_at(dst, &net.extra_services) {
        Some(PublicAws::CloudFront) => {
            steps.at("cloudfront", || Step::Arrive {
                at: "cloudfront".into(),
                detail: text!("CloudFront edge at {}", Addr(dst)),
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
            let at = text!("execute-api {region}");
            steps.at(&at, || Step::Arrive {
                detail: text!("API Gateway Regional front door at {}", Addr(dst)),
                at: Name::Owned(at.clone()),
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
            let at = text!("{service} {region}");
            steps.at(&at, || Step::Arrive {
                detail: text!("{service} public endpoint at {}", Addr(dst)),
                at: Name::Owned(at.clone()),
            });
            Ok(Arrival::Service {
                service,
                region,
                endpoint: None,
                caller: Caller {
                    source_ip: Some(public_src),
                    vpc_source_ip: None,
                },
            })
        }
        None => drop(
            steps,
            "internet",
            text!("nothing in the scenario answers at {dst}"),
        ),
    }
}

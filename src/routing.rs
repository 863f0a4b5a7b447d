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
//! From the internet (a client there, or packets an internet gateway carried out), a public
//! address the scenario holds is reached through its VPC's internet gateway, which translates
//! the destination (`into_vpc`, F6.34); a NAT gateway's network interface takes nothing
//! addressed to it (F6.35).
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

use smol_str::SmolStr;

use crate::arrival::{Arrival, Caller, Door};
use crate::aws::{self, PublicAws};
use crate::filter;
use crate::net::Direction;
use crate::net::*;
use crate::trace::{
    Addr, Checked, Crossing, DropReason, FilterPacket, Name, NoWayBack, ReplyNeed, Step, Steps,
    text,
};

mod appliance;
mod arrive;
mod balancer;
mod crossing;
mod inbound;
mod interface;
mod onprem;
mod packet;
mod replies;
mod site;
mod targets;
mod transit;
use appliance::*;
use arrive::*;
use balancer::to_target;
pub use balancer::{Balanced, balance};
use crossing::*;
use inbound::*;
use onprem::*;
use replies::*;
use site::*;
use targets::*;
use transit::*;

/// Who puts the first packet on the wire.
#[derive(Debug, Clone, Copy)]
pub enum Sender<'a> {
    /// An instance (or a Lambda function in a VPC).
    Instance(InstanceIx),
    /// A client on the internet, or a Lambda function outside any VPC: how traces name it, its
    /// address, and the ephemeral ports its connections leave from (where replies go back to).
    Internet(&'a str, Ipv4Addr, (u16, u16)),
    /// A client on an on-premises site.
    Site(SiteClientIx),
    /// A DNS server of an on-premises site that no machine of the site holds (its site, its
    /// address), forwarding a query to a Resolver inbound endpoint (F5.13).
    SiteDnsServer(SiteIx, Ipv4Addr),
    /// A Route 53 Resolver endpoint's network interface (an outbound endpoint forwarding a
    /// query, F5.12, F5.16): the endpoint, the interface's subnet and address.
    Resolver(ResolverEndpointIx, SubnetIx, Ipv4Addr),
    /// A load balancer's node, connecting to a target: from `source` (its own address, or the
    /// client's it preserves), the replies going back to `reply_ports` (F6.43).
    LoadBalancer {
        /// The load balancer.
        lb: LbIx,
        /// Its node.
        node: usize,
        /// The source address the target sees.
        source: Ipv4Addr,
        /// Where the replies go.
        reply_ports: (u16, u16),
    },
}

/// The port a connect step shows: none (0) for ICMP, whose "port" is its type.
fn shown_port(protocol: Protocol, port: u16) -> u16 {
    if protocol == Protocol::Icmp { 0 } else { port }
}

/// The most hops a path may take before it is called a loop.
const MAX_HOPS: usize = 8;

/// Walks the packets from `sender` to `dst`. `Err` is the reason they were dropped (a
/// [`Step::Drop`] has been pushed).
pub fn forward<'a>(
    net: &'a Network,
    sender: Sender<'a>,
    dst: Ipv4Addr,
    port: u16,
    protocol: Protocol,
    steps: &mut Steps<'a>,
) -> Result<Arrival, DropReason> {
    match sender {
        Sender::Internet(from, src, reply_ports) => {
            steps.push(|| Step::Connect {
                from: from.into(),
                source: src,
                destination: dst,
                port: shown_port(protocol, port),
                protocol,
            });
            if dst.is_private() {
                return drop(steps, from, DropReason::PrivateFromInternet { dst });
            }
            let from = FromInternet {
                sender: from,
                src,
                reply_ports,
                protocol,
                port,
            };
            internet_arrival(net, dst, from, steps)
        }
        Sender::Instance(i) => {
            let inst = &net.instances[i.0];
            steps.push(|| Step::Connect {
                from: Name::Borrowed(&inst.id),
                source: inst.private_ip,
                destination: dst,
                port: shown_port(protocol, port),
                protocol,
            });
            // An instance's packets are an outside client's with its public address and
            // itself as the client (what NAT, replies and group references read).
            let packet = Packet {
                public: inst.public_ip,
                client: Some(i),
                ..Packet::from_outside(
                    protocol,
                    inst.subnet,
                    inst.private_ip,
                    dst,
                    port,
                    &inst.id,
                    inst.ephemeral_ports,
                )
            };
            client_security_groups(net, i, &packet, steps)?;
            walk(net, packet, steps)
        }
        Sender::Site(c) => {
            let from = SiteSender::machine(net, c);
            from_site(net, from, dst, port, protocol, steps)
        }
        Sender::SiteDnsServer(s, ip) => {
            let from = SiteSender {
                id: &net.sites[s.0].id,
                site: s,
                ip,
            };
            from_site(net, from, dst, port, protocol, steps)
        }
        Sender::Resolver(r, subnet, src) => {
            interface::forward(net, (r, subnet, src), dst, (port, protocol), steps)
        }
        Sender::LoadBalancer {
            lb,
            node,
            source,
            reply_ports,
        } => to_target(
            net,
            lb,
            node,
            source,
            reply_ports,
            (dst, port, protocol),
            steps,
        ),
    }
}

/// Forwards the packet hop by hop until it arrives, then walks its replies (their own
/// packets, F6.46).
fn walk<'a>(
    net: &'a Network,
    mut packet: Packet<'a>,
    steps: &mut Steps<'a>,
) -> Result<Arrival, DropReason> {
    for _ in 0..MAX_HOPS {
        if let Some(arrival) = hop(net, &mut packet, steps)? {
            replies(net, &packet, steps)?;
            return Ok(arrival);
        }
    }
    drop(
        steps,
        &net.subnets[packet.subnet.0].id,
        DropReason::RoutingLoop,
    )
}

/// The packet's state as it is forwarded.
struct Packet<'n> {
    /// TCP, UDP or ICMP.
    protocol: Protocol,
    subnet: SubnetIx,
    src: Ipv4Addr,
    dst: Ipv4Addr,
    port: u16,
    /// The public address that an internet gateway would translate `src` to.
    public: Option<Ipv4Addr>,
    /// Set after a private NAT gateway: why an internet gateway will drop the packet.
    private_nat: Option<NatIx>,
    /// The client, when it is an instance (or a Lambda function in a VPC).
    client: Option<InstanceIx>,
    /// The client's own address (its security groups apply while the source is this).
    client_ip: Ipv4Addr,
    /// Who sends the packets at this point (the client, or the NAT gateway that translated
    /// them) and the ports its replies go back to: its ephemeral range.
    sender: &'n str,
    reply_ports: (u16, u16),
    /// What holds state for this connection, in the order the request met it: the NAT
    /// gateways that translated it and the appliances it went through. The replies, routed on
    /// their own, must meet them again in the reverse order (F6.50, F6.51).
    stateful: Vec<Stateful<'n>>,
    /// The gateway or connection the request entered each VPC by, for the words of a reply
    /// that finds no route there.
    came_by: Vec<(VpcIx, Target)>,
    /// The attachment subnet the request used for each transit gateway attachment it
    /// crossed: with appliance mode the replies use it too (F6.48).
    tgw_subnets: Vec<(TgwAttachmentIx, SubnetIx)>,
    /// Where the replies start once the request has arrived (none: they have been walked).
    reply_start: Option<Start>,
    /// The transit gateways crossed so far on the way to a VPC: (entered by, left by).
    segments: Vec<(TgwAttachmentIx, TgwAttachmentIx)>,
    /// The packets crossed a transit gateway: security group references no longer match
    /// the source, unless `groups_across`.
    crossed_transit_gateway: bool,
    /// They crossed one transit gateway with security group referencing on for it and both
    /// attachments: inbound rules naming the client's groups match (F6.23).
    groups_across: bool,
    /// They went through a middlebox: security group references no longer match the source.
    through_middlebox: bool,
    /// They left their VPC by a virtual private gateway and were turned back into another at
    /// the Direct Connect endpoint (F6.72): security group references no longer match.
    over_direct_connect: bool,
    /// The private address of the Network Load Balancer node that sends them to a target
    /// from the client's address (F6.43): the load balancer owns the flow, so the target's
    /// replies, addressed to the client, go back to that node whatever the target's route
    /// table says (F6.83).
    node_owns_replies: Option<Ipv4Addr>,
    /// The security groups of a load balancer that sends them to a target (F6.45), or of a
    /// Resolver outbound endpoint that sends a query (F5.16): what a group reference matches
    /// when the sender is not an instance.
    balancer_groups: &'n [SgIx],
}

/// Something that keeps the state of a connection on the request's path, which its replies
/// must meet again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stateful<'n> {
    /// A NAT gateway translated the source: the replies come to its address, and it sends
    /// them on to `to`, the address it translated, at `ports`, `sender`'s ephemeral range.
    Nat {
        nat: NatIx,
        to: Ipv4Addr,
        ports: (u16, u16),
        sender: &'n str,
    },
    /// An appliance (an instance with its check off, a firewall endpoint) forwarded it: it
    /// took it by the interface route target `via` and sent it on by `out` (an instance's
    /// other interface, F6.75; else `via` again). Both track the flow (F6.50).
    Appliance { via: Target, out: Target },
}

/// Where the replies to an arrived request start.
#[derive(Debug, Clone, Copy)]
enum Start {
    /// From the network interface that answered, in this subnet.
    Subnet(SubnetIx),
    /// From the internet, back to the public address the request left a VPC with.
    Internet,
    /// From an AWS service behind a gateway endpoint, handed to this VPC's router.
    Gateway(VpcIx),
}

/// Records the drop of the packets at `at`, and returns why, as the walk's error.
fn drop<'a, T>(
    steps: &mut Steps<'a>,
    at: impl Into<Name<'a>>,
    reason: DropReason,
) -> Result<T, DropReason> {
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
) -> Result<Option<Arrival>, DropReason> {
    let dst = p.dst;
    let subnet = &net.subnets[p.subnet.0];
    // Inside one subnet the packets go to the destination's network interface at layer 2: no
    // route table applies, not its `local` route nor one more specific than it (F6.2, F6.33).
    if subnet.cidr.contains(&dst) {
        steps.push(|| Step::Layer2 {
            subnet: Name::Borrowed(&subnet.id),
            destination: dst,
            reply: false,
        });
        move_within(net, p, p.subnet, steps)?;
        return deliver(net, p.subnet, p, steps).map(Some);
    }
    let t = net.table_of(p.subnet);
    let table = &net.route_tables[t.0];
    let Some(route) = net.lookup(t, dst) else {
        return drop(
            steps,
            &table.id,
            DropReason::NoRoute {
                table: id(&table.id),
                dst,
            },
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
            DropReason::Blackhole {
                route: id(&route.label),
                table: id(&table.id),
            },
        ),
        Target::Local => local(net, p, steps),
        Target::Igw(g) => internet_gateway(net, p, g, steps),
        Target::Nat(n) => nat_gateway(net, p, n, steps),
        Target::GatewayEndpoint(e) => gateway_endpoint(net, p, e, steps),
        Target::Peering(x) => peering(net, p, x, steps),
        Target::Tgw(t) => transit_gateway(net, p, t, steps),
        Target::Vgw(g) => vpn_gateway(net, p, g, steps),
        Target::Instance(i) => appliance(net, p, (i, Arm::Primary(i)), steps),
        Target::Interface(e) => match net.interfaces[e.0].instance {
            Some(i) => appliance(net, p, (i, Arm::Secondary(e)), steps),
            // Attached to nothing: AWS shows the route's state as blackhole (F6.77).
            None => drop(
                steps,
                &table.id,
                DropReason::DetachedInterface {
                    interface: id(&net.interfaces[e.0].id),
                    route: id(&route.label),
                    table: id(&table.id),
                },
            ),
        },
        Target::Firewall(f) => firewall(net, p, f, steps),
    }
}

/// An id (or a route's label) as a reason holds it.
fn id(s: &str) -> SmolStr {
    SmolStr::new(s)
}

#[cfg(test)]
mod tests;

//! The replies: packets of their own (F6.46). AWS's routers keep no state, so the replies are
//! routed from the server back to the client by the tables on their own way (subnets' route
//! tables, transit gateway route tables, what a site learns), which may differ from the
//! request's; every network ACL they cross judges them, stateless, against the ephemeral ports
//! they go to (F6.47). What keeps state is met again: the security groups that admitted the
//! request track the connection (F6.49), a NAT gateway undoes its translation (F6.51), and an
//! appliance must see them as it saw the request (F6.50).

use super::*;

mod acl;
mod appliance;
mod beyond;
mod end;

/// The most moves a reply may take (subnet to subnet, into and across transit gateways) before
/// it is called a loop.
const MAX_REPLY_MOVES: usize = 24;

/// Where a reply is on its way back.
#[derive(Debug, Clone, Copy)]
pub(super) enum At {
    /// Leaving a network interface in this subnet; `first` for the server's own.
    Subnet(SubnetIx, bool),
    /// Entering a transit gateway by this attachment, from this subnet (its zone) when it came
    /// from a VPC.
    Tgw(TgwAttachmentIx, Option<SubnetIx>),
    /// On the internet, to a public address; `onward` when the walk goes on into the VPC that
    /// holds it (the client's side of a path through the internet).
    Internet { onward: bool },
    /// Handed to this VPC's router by a gateway: an internet or virtual private gateway (whose
    /// gateway route table, if any, routes it first, F6.55), or a gateway endpoint (none).
    Gateway(VpcIx, Option<Target>),
    /// Leaving an on-premises site.
    Site(SiteIx),
}

/// A reply on its way back, and what of the request it must meet again.
pub(super) struct Reply<'p, 'n> {
    protocol: Protocol,
    /// Its source: the server's address (its public one once an internet gateway translated it).
    src: Ipv4Addr,
    /// Where it goes: who sent the request at this point (the client, a NAT gateway).
    dst: Ipv4Addr,
    /// The ephemeral ports it goes to, and whose they are.
    ports: (u16, u16),
    sender: &'n str,
    /// The request, for what keeps state on its path and how it entered each VPC.
    request: &'p Packet<'n>,
    /// How many of the request's [`Packet::stateful`] the reply has yet to meet.
    pending: usize,
    /// The transit gateway attachment the reply last entered a VPC by, while it is in it.
    entered_by: Option<TgwAttachmentIx>,
    /// The address its header carries when that is not where it is routed: the client's,
    /// for a reply a Network Load Balancer node carries back (F6.83); network ACLs judge it.
    header_dst: Option<Ipv4Addr>,
}

/// Walks the replies of the arrived request `p` from where they start (F6.46).
pub(super) fn replies<'a>(
    net: &'a Network,
    p: &Packet<'a>,
    steps: &mut Steps<'a>,
) -> Result<(), DropReason> {
    // A packet of another protocol has no reply vpcpath knows of (F6.71): it is delivered one
    // way.
    if p.protocol == Protocol::Other {
        return Ok(());
    }
    // Addressed to the client, carried back to the load balancer node that owns the flow
    // (F6.83).
    if let (Some(Start::Subnet(s)), Some(node)) = (p.reply_start, p.node_owns_replies) {
        let mut reply = Reply::new(p, p.dst, node);
        reply.header_dst = Some(p.src);
        return reply.walk(net, At::Subnet(s, true), steps);
    }
    let (dst, at) = match p.reply_start {
        None => return Ok(()),
        Some(Start::Subnet(s)) => (p.src, At::Subnet(s, true)),
        Some(Start::Gateway(v)) => (p.src, At::Gateway(v, None)),
        // Back from the internet to the public address the request left with.
        Some(Start::Internet) => (p.public.unwrap_or(p.src), At::Internet { onward: true }),
    };
    Reply::new(p, p.dst, dst).walk(net, at, steps)
}

impl<'p, 'n> Reply<'p, 'n> {
    /// The reply of `request` from `src` to `dst`.
    pub(super) fn new(request: &'p Packet<'n>, src: Ipv4Addr, dst: Ipv4Addr) -> Self {
        Reply {
            protocol: request.protocol,
            src,
            dst,
            ports: request.reply_ports,
            sender: request.sender,
            request,
            pending: request.stateful.len(),
            entered_by: None,
            header_dst: None,
        }
    }

    /// Moves the reply on from `at` until it reaches the client, or is dropped.
    pub(super) fn walk(
        mut self,
        net: &'n Network,
        mut at: At,
        steps: &mut Steps<'n>,
    ) -> Result<(), DropReason> {
        for _ in 0..MAX_REPLY_MOVES {
            let next = match at {
                At::Subnet(s, first) => self.leave_subnet(net, s, first, steps)?,
                At::Tgw(a, from) => self.across(net, a, from, steps)?,
                At::Internet { onward } => self.internet(net, onward, steps)?,
                At::Gateway(v, gateway) => self.enter_vpc(net, v, gateway, steps)?,
                At::Site(s) => self.leave_site(net, s, steps)?,
            };
            match next {
                Some(n) => at = n,
                None => return Ok(()),
            }
        }
        self.lost(steps, "replies", DropReason::RoutingLoop)
    }

    /// Drops the reply at `at` for `reason`, a drop of its own way back.
    fn lost<T>(
        &self,
        steps: &mut Steps<'n>,
        at: &'n str,
        reason: DropReason,
    ) -> Result<T, DropReason> {
        let reason = match reason {
            DropReason::NoWayBack(_) | DropReason::RepliesDenied(_) => reason,
            other => DropReason::NoWayBack(NoWayBack::Dropped(Box::new(other))),
        };
        drop(steps, at, reason)
    }

    /// What the request entered `vpc` by, for the words of a missing route back.
    fn came_by(&self, vpc: VpcIx) -> Option<Target> {
        self.request
            .came_by
            .iter()
            .rev()
            .find(|(v, _)| *v == vpc)
            .map(|&(_, t)| t)
    }

    /// The next thing the reply must meet, if any.
    fn next_stateful(&self) -> Option<Stateful<'n>> {
        self.pending
            .checked_sub(1)
            .map(|i| self.request.stateful[i])
    }

    /// One decision at subnet `s`: inside it at layer 2, else by its route table.
    fn leave_subnet(
        &mut self,
        net: &'n Network,
        s: SubnetIx,
        first: bool,
        steps: &mut Steps<'n>,
    ) -> Result<Option<At>, DropReason> {
        let subnet = &net.subnets[s.0];
        let dst = self.dst;
        // Inside one subnet no route applies (F6.33); the server's own subnet is said by the
        // request's steps already.
        if subnet.cidr.contains(&dst) {
            let present = Self::held(net, subnet.vpc, dst);
            if !first || !present {
                steps.push(|| Step::Layer2 {
                    subnet: Name::Borrowed(&subnet.id),
                    destination: dst,
                    reply: true,
                });
            }
            if !present {
                let back = self
                    .came_by(subnet.vpc)
                    .map_or("the way the request came", |t| net.target_id(t));
                let lost = NoWayBack::InSubnet {
                    subnet: id(&subnet.id),
                    to: dst,
                    back: id(back),
                };
                return self.lost(steps, &subnet.id, DropReason::NoWayBack(lost));
            }
            return self.reach(net, s, steps);
        }
        let t = net.table_of(s);
        let table = &net.route_tables[t.0];
        let Some(route) = net.lookup(t, dst) else {
            let lost = NoWayBack::NoRoute {
                table: id(&table.id),
                subnet: id(&subnet.id),
                to: dst,
                need: need(net, self.came_by(subnet.vpc)),
            };
            return self.lost(steps, &table.id, DropReason::NoWayBack(lost));
        };
        steps.push(|| Step::Route {
            subnet: Name::Borrowed(&subnet.id),
            table: Name::Borrowed(&table.id),
            destination: Name::Borrowed(&route.label),
            target: Name::Borrowed(net.target_id(route.target)),
            reply: true,
        });
        match route.target {
            Target::Local => {
                let Some(into) = net.subnet_containing(subnet.vpc, dst) else {
                    let vpc = &net.vpcs[subnet.vpc.0].id;
                    let reason = DropReason::NoSubnet { dst, vpc: id(vpc) };
                    return self.lost(steps, vpc, reason);
                };
                self.move_within(net, s, into, steps)?;
                self.reach(net, into, steps)
            }
            Target::Tgw(t) => self.enter_transit_gateway(net, s, t, steps),
            Target::Peering(x) => {
                let pcx = &net.peerings[x.0];
                let peer = pcx.other(subnet.vpc);
                let peer_id = &net.vpcs[peer.0].id;
                if !net.vpcs[peer.0].contains(dst) {
                    let reason = DropReason::NotInPeer {
                        dst,
                        peer: id(peer_id),
                    };
                    return self.lost(steps, &pcx.id, reason);
                }
                self.acl(net, s, Direction::Egress, steps)?;
                self.entered_by = None;
                let Some(into) = net.subnet_containing(peer, dst) else {
                    let reason = DropReason::NoSubnet {
                        dst,
                        vpc: id(peer_id),
                    };
                    return self.lost(steps, peer_id, reason);
                };
                self.acl(net, into, Direction::Ingress, steps)?;
                self.reach(net, into, steps)
            }
            Target::Igw(g) => {
                let igw = &net.igws[g.0].id;
                self.acl(net, s, Direction::Egress, steps)?;
                if dst.is_private() {
                    return self.lost(steps, igw, DropReason::PrivateAtInternetGateway { dst });
                }
                // The gateway translates the source to its public address (F6.34, F6.51).
                let public = match net.index.interface_at.get(&(subnet.vpc, self.src)) {
                    Some(Interface::Instance(i)) => net.instances[i.0].public_ip,
                    Some(Interface::Nat(n)) => net.nats[n.0].elastic_ip,
                    Some(Interface::LoadBalancer(l, n)) => {
                        net.load_balancers[l.0].nodes[*n].public_ip
                    }
                    _ => None,
                };
                let Some(public) = public else {
                    let reason = DropReason::NoPublicAddress {
                        source: self.src,
                        igw: id(igw),
                    };
                    return self.lost(steps, igw, reason);
                };
                self.src = public;
                Ok(Some(At::Internet { onward: false }))
            }
            Target::Vgw(g) => {
                let vgw = &net.vgws[g.0];
                self.acl(net, s, Direction::Egress, steps)?;
                match super::site::vgw_exit(net, g, dst) {
                    Ok(VgwExit::Site(site, _)) => self.at_site(net, site, &vgw.id, steps),
                    Ok(VgwExit::Turn(turn)) => {
                        steps.push(|| turn.step(net, true));
                        let into = turn.into;
                        Ok(Some(At::Gateway(
                            net.vgws[into.0].vpc,
                            Some(Target::Vgw(into)),
                        )))
                    }
                    Err(reason) => self.lost(steps, &vgw.id, reason),
                }
            }
            Target::Instance(_) | Target::Interface(_) => match net.arm_of(route.target) {
                Some((_, arm)) if net.arm_ip(arm) == dst => {
                    let into = net.arm_subnet(arm);
                    self.move_within(net, s, into, steps)?;
                    self.reach(net, into, steps)
                }
                Some((_, arm)) => {
                    let into = net.arm_subnet(arm);
                    self.through_appliance(net, Some(s), route.target, into, steps)
                }
                // An interface attached to nothing: the route is a blackhole (F6.77).
                None => {
                    let into = match route.target {
                        Target::Interface(e) => net.interfaces[e.0].subnet,
                        _ => s,
                    };
                    self.through_appliance(net, Some(s), route.target, into, steps)
                }
            },
            Target::Firewall(f) => {
                let into = net.firewalls[f.0].subnet;
                self.through_appliance(net, Some(s), route.target, into, steps)
            }
            // A NAT gateway would give them its own source address, which the client never
            // sent to; a gateway endpoint or a blackhole delivers nothing to a client (F6.51,
            // F6.52).
            Target::Nat(_) | Target::GatewayEndpoint(_) | Target::Blackhole => {
                let back = self
                    .came_by(subnet.vpc)
                    .map_or("the way the request came", |t| net.target_id(t));
                let lost = NoWayBack::WrongRoute {
                    to: dst,
                    route: id(&route.label),
                    target: id(net.target_id(route.target)),
                    back: id(back),
                };
                self.lost(steps, &table.id, DropReason::NoWayBack(lost))
            }
        }
    }

    /// The reply moves from subnet `from` to `into` in one VPC, across both network ACLs when
    /// they differ.
    fn move_within(
        &self,
        net: &'n Network,
        from: SubnetIx,
        into: SubnetIx,
        steps: &mut Steps<'n>,
    ) -> Result<(), DropReason> {
        if from != into {
            self.acl(net, from, Direction::Egress, steps)?;
            self.acl(net, into, Direction::Ingress, steps)?;
        }
        Ok(())
    }
}

/// What a table needs to send the replies back, by what the request entered its VPC by.
fn need(net: &Network, came_by: Option<Target>) -> ReplyNeed {
    match came_by {
        Some(Target::Peering(x)) => ReplyNeed::Peering {
            peering: id(&net.peerings[x.0].id),
        },
        Some(Target::Tgw(t)) => ReplyNeed::TransitGateway {
            tgw: id(&net.tgws[t.0].id),
        },
        Some(Target::Vgw(g)) => ReplyNeed::VpnGateway {
            vgw: id(&net.vgws[g.0].id),
        },
        Some(Target::Igw(g)) => ReplyNeed::InternetGateway {
            igw: id(&net.igws[g.0].id),
        },
        _ => ReplyNeed::Any,
    }
}

#[cfg(test)]
mod tests;

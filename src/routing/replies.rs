//! The replies: packets of their own (F6.46). AWS's routers keep no state, so the replies are
//! routed from the server back to the client by the tables on their own way (subnets' route
//! tables, transit gateway route tables, what a site learns), which may differ from the
//! request's; every network ACL they cross judges them, stateless, against the ephemeral ports
//! they go to (F6.47). What keeps state is met again: the security groups that admitted the
//! request track the connection (F6.49), a NAT gateway undoes its translation (F6.51), and an
//! appliance must see them as it saw the request (F6.50).

use super::*;

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
    /// Handed to this VPC's router by a gateway (internet, virtual private, gateway endpoint).
    Gateway(VpcIx),
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
}

/// Walks the replies of the arrived request `p` from where they start (F6.46).
pub(super) fn replies<'a>(
    net: &'a Network,
    p: &Packet<'a>,
    steps: &mut Steps<'a>,
) -> Result<(), DropReason> {
    let (dst, at) = match p.reply_start {
        None => return Ok(()),
        Some(Start::Subnet(s)) => (p.src, At::Subnet(s, true)),
        Some(Start::Gateway(v)) => (p.src, At::Gateway(v)),
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
                At::Subnet(s, first) => self.from_subnet(net, s, first, steps)?,
                At::Tgw(a, from) => self.across(net, a, from, steps)?,
                At::Internet { onward } => self.internet(net, onward, steps)?,
                At::Gateway(v) => self.into_vpc(net, v, steps)?,
                At::Site(s) => self.from_site(net, s, steps)?,
            };
            match next {
                Some(n) => at = n,
                None => return Ok(()),
            }
        }
        self.lost(steps, "replies", DropReason::RoutingLoop)
    }

    /// Drops the reply at `at` for `reason`, a drop of its own way back.
    fn lost<T>(&self, steps: &mut Steps<'n>, at: &'n str, reason: DropReason) -> Result<T, DropReason> {
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
    fn from_subnet(
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
            if !first {
                steps.push(|| Step::Layer2 {
                    subnet: Name::Borrowed(&subnet.id),
                    destination: dst,
                    reply: true,
                });
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
            Target::Tgw(t) => self.to_transit_gateway(net, s, t, steps),
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
                match net.vgw_site_for(g, dst) {
                    Some((site, _)) => self.at_site(net, site, &vgw.id, steps),
                    None => {
                        let reason = DropReason::NoSiteHas {
                            vgw: id(&vgw.id),
                            dst,
                        };
                        self.lost(steps, &vgw.id, reason)
                    }
                }
            }
            Target::Instance(i) if net.instances[i.0].private_ip == dst => {
                let into = net.instances[i.0].subnet;
                self.move_within(net, s, into, steps)?;
                self.reach(net, into, steps)
            }
            Target::Instance(i) => {
                let into = net.instances[i.0].subnet;
                self.through_appliance(net, s, route.target, into, steps)
            }
            Target::Firewall(f) => {
                let into = net.firewalls[f.0].subnet;
                self.through_appliance(net, s, route.target, into, steps)
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

    /// The reply's route leads to an appliance (`via`, in subnet `into`): the one the request
    /// went through, which knows the flow and forwards it from its subnet; any other never saw
    /// the request and drops it (F6.50).
    fn through_appliance(
        &mut self,
        net: &'n Network,
        s: SubnetIx,
        via: Target,
        into: SubnetIx,
        steps: &mut Steps<'n>,
    ) -> Result<Option<At>, DropReason> {
        if self.next_stateful() == Some(Stateful::Appliance(via)) {
            self.pending -= 1;
            self.move_within(net, s, into, steps)?;
            return Ok(Some(At::Subnet(into, false)));
        }
        let expected = match self.next_stateful() {
            Some(Stateful::Appliance(t)) => Some(id(net.target_id(t))),
            _ => None,
        };
        let attachment = self
            .entered_by
            .filter(|a| !net.tgw_attachments[a.0].appliance_mode)
            .map(|a| id(&net.tgw_attachments[a.0].id));
        let lost = NoWayBack::OtherAppliance {
            appliance: id(net.target_id(via)),
            expected,
            attachment,
        };
        self.lost(steps, net.target_id(via), DropReason::NoWayBack(lost))
    }

    /// The reply reaches the network interface at its destination in subnet `s`: a NAT gateway
    /// that translated the request sends it on to whom it translated (F6.51); otherwise it is
    /// the client, once everything that kept state has been met again.
    fn reach(
        &mut self,
        net: &'n Network,
        s: SubnetIx,
        steps: &mut Steps<'n>,
    ) -> Result<Option<At>, DropReason> {
        if let Some(Stateful::Nat {
            nat,
            to,
            ports,
            sender,
        }) = self.next_stateful()
        {
            let n = &net.nats[nat.0];
            if n.private_ip == self.dst && n.subnet == s {
                self.pending -= 1;
                self.dst = to;
                self.ports = ports;
                self.sender = sender;
                return Ok(Some(At::Subnet(s, false)));
            }
        }
        self.bypassed(net, steps)?;
        let vpc = net.subnets[s.0].vpc;
        if net.index.interface_at.contains_key(&(vpc, self.dst)) {
            return Ok(None);
        }
        let subnet = &net.subnets[s.0].id;
        let reason = DropReason::NoInterface {
            dst: self.dst,
            subnet: id(subnet),
        };
        self.lost(steps, subnet, reason)
    }

    /// A reply at its client that has not met an appliance the request went through: that
    /// appliance never sees the flow end, and AWS does not support the asymmetry (F6.50).
    fn bypassed(&self, net: &'n Network, steps: &mut Steps<'n>) -> Result<(), DropReason> {
        match self.next_stateful() {
            Some(Stateful::Appliance(t)) => {
                let lost = NoWayBack::BypassesAppliance {
                    appliance: id(net.target_id(t)),
                    to: self.dst,
                };
                self.lost(steps, net.target_id(t), DropReason::NoWayBack(lost))
            }
            _ => Ok(()),
        }
    }

    /// The reply crosses network ACL of subnet `s` in `dir`, stateless: the whole range of
    /// ephemeral ports it goes to must be allowed (F6.9, F6.47).
    fn acl(
        &self,
        net: &'n Network,
        s: SubnetIx,
        dir: Direction,
        steps: &mut Steps<'n>,
    ) -> Result<(), DropReason> {
        let remote = match dir {
            Direction::Ingress => self.src,
            Direction::Egress => self.dst,
        };
        // An echo request's reply is an echo reply: ICMP type 0, no ports (F6.9).
        let ports = match self.protocol {
            Protocol::Icmp => (aws::ICMP_ECHO_REPLY, aws::ICMP_ECHO_REPLY),
            _ => self.ports,
        };
        let subnet = &net.subnets[s.0];
        let acl = &net.nacls[subnet.nacl.0];
        let parts = filter::nacl_range(acl, dir, self.protocol, ports, remote);
        let denied: Vec<_> = parts.iter().filter(|(_, m)| !m.allow).collect();
        // The words are built only when a step or a reason needs them: the rules that denied
        // the replies, or every rule that admitted them.
        let rules = || {
            let mut rules: Vec<&str> = Vec::new();
            let deciding = parts.iter().filter(|(_, m)| !m.allow || denied.is_empty());
            for (_, m) in deciding {
                let r = filter::nacl_rule_words(net, subnet.nacl, dir, *m);
                if !rules.contains(&r) {
                    rules.push(r);
                }
            }
            match rules[..] {
                [one] => Name::Borrowed(one),
                _ => Name::Owned(rules.join("; ")),
            }
        };
        let udp = self.protocol == Protocol::Udp;
        let icmp = self.protocol == Protocol::Icmp;
        steps.push(|| Step::Filter {
            filter: Name::Borrowed(&acl.id),
            direction: Checked {
                ingress: dir == Direction::Ingress,
                of: Name::Borrowed(&subnet.id),
                crossing: Crossing::Replies {
                    from: remote,
                    to: self.dst,
                    ports,
                },
                udp,
                icmp,
            },
            packet: FilterPacket {
                ingress: dir == Direction::Ingress,
                remote,
                ports,
                reply: true,
                udp,
                icmp,
            },
            allowed: denied.is_empty(),
            rule: rules(),
        });
        if denied.is_empty() {
            return Ok(());
        }
        let ranges: Vec<(u16, u16)> = denied.iter().map(|(r, _)| *r).collect();
        let reason = filter::ReplyDenial {
            acl: &acl.id,
            subnet: &subnet.id,
            dir,
            from: self.src,
            to: self.dst,
            denied: ranges,
            all: denied.len() == parts.len(),
            rules: &rules(),
            sender: self.sender,
            ephemeral: ports,
            icmp,
        }
        .reason();
        drop(steps, &acl.id, reason)
    }

    /// The reply leaves subnet `s` for transit gateway `t`: by its VPC's attachment subnet in
    /// its own zone, across its source subnet's outbound and that subnet's inbound network ACL
    /// rules (F6.15, F6.18, F6.48).
    fn to_transit_gateway(
        &mut self,
        net: &'n Network,
        s: SubnetIx,
        t: TgwIx,
        steps: &mut Steps<'n>,
    ) -> Result<Option<At>, DropReason> {
        let subnet = &net.subnets[s.0];
        let tgw = &net.tgws[t.0];
        let Some(a) = net.attachment_of(t, subnet.vpc) else {
            let vpc = &net.vpcs[subnet.vpc.0].id;
            let reason = DropReason::NoAttachment {
                tgw: id(&tgw.id),
                vpc: id(vpc),
            };
            return self.lost(steps, &tgw.id, reason);
        };
        let att = &net.tgw_attachments[a.0];
        let Some(entry) = net.attachment_subnet_in_zone(a, s) else {
            let lost = NoWayBack::NoAttachmentSubnetInZone {
                tgw: id(&tgw.id),
                attachment: id(&att.id),
                zone: subnet.az.as_deref().map(id),
                subnet: id(&subnet.id),
            };
            return self.lost(steps, &att.id, DropReason::NoWayBack(lost));
        };
        self.acl(net, s, Direction::Egress, steps)?;
        self.acl(net, entry, Direction::Ingress, steps)?;
        self.entered_by = None;
        Ok(Some(At::Tgw(a, Some(entry))))
    }

    /// Across a transit gateway from attachment `a`: the table associated with it picks the
    /// attachment the reply leaves by, whichever the request used (F6.16, F6.46).
    fn across(
        &mut self,
        net: &'n Network,
        a: TgwAttachmentIx,
        from: Option<SubnetIx>,
        steps: &mut Steps<'n>,
    ) -> Result<Option<At>, DropReason> {
        let dst = self.dst;
        let att = &net.tgw_attachments[a.0];
        let tgw = &net.tgws[att.tgw.0];
        let Some(rt) = att.route_table else {
            let lost = NoWayBack::NotAssociated {
                attachment: id(&att.id),
                tgw: id(&tgw.id),
            };
            return self.lost(steps, &att.id, DropReason::NoWayBack(lost));
        };
        let table = &net.tgw_route_tables[rt.0];
        // The attachment the request entered this transit gateway by, if it crossed it.
        let entered = self
            .request
            .segments
            .iter()
            .find(|(e, _)| net.tgw_attachments[e.0].tgw == att.tgw)
            .map(|(e, _)| id(&net.tgw_attachments[e.0].id));
        let Some(route) = table.lookup(dst) else {
            let lost = NoWayBack::TransitNoRoute {
                table: id(&table.id),
                attachment: id(&att.id),
                to: dst,
                entered,
            };
            return self.lost(steps, &table.id, DropReason::NoWayBack(lost));
        };
        steps.push(|| Step::Route {
            subnet: Name::Borrowed(&att.id),
            table: Name::Borrowed(&table.id),
            destination: Name::Borrowed(&route.label),
            target: Name::Borrowed(net.tgw_target_id(route.target)),
            reply: true,
        });
        let TgwTarget::Attachment(b) = route.target else {
            let lost = NoWayBack::TransitWrongRoute {
                to: dst,
                route: id(&route.label),
                table: id(&table.id),
                target: id(net.tgw_target_id(route.target)),
                entered,
            };
            return self.lost(steps, &table.id, DropReason::NoWayBack(lost));
        };
        let out = &net.tgw_attachments[b.0];
        match out.to {
            Attached::Vpc(_) => {}
            Attached::Vpn(s) | Attached::DirectConnect(s) => {
                return self.at_site(net, s, &out.id, steps);
            }
            Attached::Peering { peer, .. } => return Ok(Some(At::Tgw(peer, from))),
        }
        // With appliance mode the flow keeps the subnet the request used; without it, the
        // zone the reply came from (F6.29, F6.48).
        let kept = out
            .appliance_mode
            .then(|| {
                let used = self.request.tgw_subnets.iter();
                used.clone()
                    .find(|(x, _)| *x == b)
                    .map(|&(_, s)| s)
            })
            .flatten();
        let Some(exit) = kept.or_else(|| exit_subnet(net, b, from, dst)) else {
            let reason = DropReason::AttachmentWithoutSubnet {
                attachment: id(&out.id),
            };
            return self.lost(steps, &out.id, reason);
        };
        self.entered_by = Some(b);
        Ok(Some(At::Subnet(exit, false)))
    }

    /// The reply reaches site `s` over `via`: the site's machine at its destination is the
    /// client (F6.31).
    fn at_site(
        &mut self,
        net: &'n Network,
        s: SiteIx,
        via: &'n str,
        steps: &mut Steps<'n>,
    ) -> Result<Option<At>, DropReason> {
        self.bypassed(net, steps)?;
        if net.site_machine_at(s, self.dst).is_some() {
            return Ok(None);
        }
        let site = &net.sites[s.0];
        let reason = DropReason::NoSiteMachine {
            dst: self.dst,
            via: id(via),
            site: id(&site.id),
            inside: site.contains(self.dst),
        };
        self.lost(steps, &site.id, reason)
    }

    /// The reply leaves site `s` by the route it learns to the client, over whichever of its
    /// connections (F6.20, F6.53).
    fn from_site(
        &mut self,
        net: &'n Network,
        s: SiteIx,
        steps: &mut Steps<'n>,
    ) -> Result<Option<At>, DropReason> {
        let site = &net.sites[s.0];
        let to = self.dst;
        let Some(learned) = learns(net, s, to) else {
            let lost = NoWayBack::SiteNoRoute {
                site: id(&site.id),
                to,
            };
            return self.lost(steps, &site.id, DropReason::NoWayBack(lost));
        };
        match learned {
            Learned::Vgw(g, cidr) => {
                let vgw = &net.vgws[g.0];
                steps.push(|| Step::Route {
                    subnet: Name::Borrowed(&site.id),
                    table: Name::Borrowed(&vgw.id),
                    destination: Name::Owned(format!("{cidr} (advertised)")),
                    target: Name::Borrowed(&vgw.id),
                    reply: true,
                });
                Ok(Some(At::Gateway(vgw.vpc)))
            }
            Learned::Attachment(a, label) => {
                let att = &net.tgw_attachments[a.0];
                steps.push(|| Step::Route {
                    subnet: Name::Borrowed(&site.id),
                    table: Name::Borrowed(&att.id),
                    destination: label,
                    target: Name::Borrowed(&net.tgws[att.tgw.0].id),
                    reply: true,
                });
                Ok(Some(At::Tgw(a, None)))
            }
        }
    }

    /// The reply on the internet: to a public address the scenario holds, through its VPC's
    /// internet gateway, which translates it to the private address (F6.34); any other is the
    /// client's own. Where the reply went out by an internet gateway, the client's side goes
    /// on from the internet with its own request ([`Start::Internet`]).
    fn internet(
        &mut self,
        net: &'n Network,
        onward: bool,
        steps: &mut Steps<'n>,
    ) -> Result<Option<At>, DropReason> {
        let holder = net.index.public_at.get(&self.dst);
        let (Some(&holder), true) = (holder, onward) else {
            self.bypassed(net, steps)?;
            return Ok(None);
        };
        let (holder, subnet, private) = match holder {
            PublicHolder::Instance(i) => {
                let inst = &net.instances[i.0];
                (&inst.id, inst.subnet, inst.private_ip)
            }
            PublicHolder::Nat(n) => {
                let nat = &net.nats[n.0];
                (&nat.id, nat.subnet, nat.private_ip)
            }
        };
        let vpc = net.subnets[subnet.0].vpc;
        if net.vpcs[vpc.0].igw.is_none() {
            let reason = DropReason::NoInternetGateway {
                dst: self.dst,
                holder: id(holder),
                vpc: id(&net.vpcs[vpc.0].id),
            };
            return self.lost(steps, "internet", reason);
        }
        self.dst = private;
        Ok(Some(At::Gateway(vpc)))
    }

    /// The reply handed to VPC `v`'s router by a gateway: delivered to its destination's
    /// subnet, through that subnet's network ACL inbound.
    fn into_vpc(
        &mut self,
        net: &'n Network,
        v: VpcIx,
        steps: &mut Steps<'n>,
    ) -> Result<Option<At>, DropReason> {
        self.entered_by = None;
        let Some(into) = net.subnet_containing(v, self.dst) else {
            let vpc = &net.vpcs[v.0].id;
            let reason = DropReason::NoSubnet {
                dst: self.dst,
                vpc: id(vpc),
            };
            return self.lost(steps, vpc, reason);
        };
        self.acl(net, into, Direction::Ingress, steps)?;
        self.reach(net, into, steps)
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

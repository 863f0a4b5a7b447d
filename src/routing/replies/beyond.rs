//! The replies beyond a VPC: across transit gateways, to and from sites, over the internet
//! and into a VPC from a gateway.

use super::*;

impl<'n> Reply<'_, 'n> {
    /// The reply leaves subnet `s` for transit gateway `t`: by its VPC's attachment subnet in
    /// its own zone, across its source subnet's outbound and that subnet's inbound network ACL
    /// rules (F6.15, F6.18, F6.48).
    pub(super) fn enter_transit_gateway(
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
    pub(super) fn across(
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
            Attached::Vpn(s) => return self.at_site(net, s, &out.id, steps),
            Attached::DirectConnect(d) => {
                return match super::super::transit::dx_exit(net, a, b, d, dst) {
                    Ok(s) => self.at_site(net, s, &out.id, steps),
                    Err(reason) => self.lost(steps, &out.id, reason),
                };
            }
            Attached::Peering { peer, .. } => return Ok(Some(At::Tgw(peer, from))),
        }
        // With appliance mode the flow keeps the subnet the request used; without it, the
        // zone the reply came from (F6.29, F6.48).
        let kept = out
            .appliance_mode
            .then(|| {
                let used = self.request.tgw_subnets.iter();
                used.clone().find(|(x, _)| *x == b).map(|&(_, s)| s)
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
    /// client (F6.31), or its DNS server there, which forwarded a query (F5.13).
    pub(super) fn at_site(
        &mut self,
        net: &'n Network,
        s: SiteIx,
        via: &'n str,
        steps: &mut Steps<'n>,
    ) -> Result<Option<At>, DropReason> {
        self.bypassed(net, steps)?;
        if net.site_machine_at(s, self.dst).is_some()
            || net.sites[s.0].dns_servers.contains(&self.dst)
        {
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
    pub(super) fn leave_site(
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
                Ok(Some(At::Gateway(vgw.vpc, Some(Target::Vgw(g)))))
            }
            Learned::Attachment(a, _, label) => {
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
    pub(super) fn internet(
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
        let (holder, subnet, private) = net.public_holder(holder);
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
        Ok(Some(At::Gateway(vpc, net.vpcs[vpc.0].igw.map(Target::Igw))))
    }

    /// The reply handed to VPC `v`'s router by a gateway: a gateway route table associated
    /// with it may send it to a middlebox first (F6.55); otherwise it is delivered to its
    /// destination's subnet, through that subnet's network ACL inbound.
    pub(super) fn enter_vpc(
        &mut self,
        net: &'n Network,
        v: VpcIx,
        gateway: Option<Target>,
        steps: &mut Steps<'n>,
    ) -> Result<Option<At>, DropReason> {
        self.entered_by = None;
        let edge = match gateway {
            Some(Target::Igw(g)) => net.igws[g.0].edge_table,
            Some(Target::Vgw(g)) => net.vgws[g.0].edge_table,
            _ => None,
        };
        if let Some(g) = gateway
            && let hop = (net.target_id(g), self.dst, true)
            && let Some((middlebox, into)) = gateway_table_hop(net, edge, hop, steps)
        {
            return self.through_appliance(net, None, middlebox, into, steps);
        }
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

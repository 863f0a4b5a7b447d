//! Transit gateways: into one through the source VPC's attachment, across its route table,
//! out through another attachment (F6.14-F6.19); and the way back for the replies.

use super::*;

/// Forwarding through a transit gateway (F6.14-F6.18): the packets enter by the VPC's
/// attachment in the source's Availability Zone, the route table associated with that
/// attachment picks the attachment they leave by, and they enter that VPC through its
/// attachment subnet, from where its route table forwards them.
pub(super) fn transit_gateway<'a>(
    net: &'a Network,
    p: &mut Packet<'a>,
    t: TgwIx,
    steps: &mut Steps<'a>,
) -> Result<Option<Arrival>, DropReason> {
    let tgw = &net.tgws[t.0];
    let subnet = &net.subnets[p.subnet.0];
    let Some(a) = net.attachment_of(t, subnet.vpc) else {
        let vpc = &net.vpcs[subnet.vpc.0].id;
        return drop(
            steps,
            &tgw.id,
            DropReason::NoAttachment {
                tgw: id(&tgw.id),
                vpc: id(vpc),
            },
        );
    };
    let att = &net.tgw_attachments[a.0];
    let Some(entry) = net.attachment_subnet_in_zone(a, p.subnet) else {
        return drop(
            steps,
            &att.id,
            DropReason::NoAttachmentSubnetInZone {
                attachment: id(&att.id),
                zone: subnet.az.as_deref().map(id),
                subnet: id(&subnet.id),
                tgw: id(&tgw.id),
            },
        );
    };
    p.tgw_subnets.push((a, entry));
    // The source subnet's outbound rules and the attachment subnet's inbound rules (F6.18);
    // where they are one subnet, both.
    cross(net, p, p.subnet, Direction::Egress, steps)?;
    cross(net, p, entry, Direction::Ingress, steps)?;
    steps.at(&tgw.id, || Step::Arrive {
        at: Name::Borrowed(&tgw.id),
        detail: text!(
            "from {} through attachment {} (subnet {})",
            net.vpcs[subnet.vpc.0].id,
            att.id,
            net.subnets[entry.0].id
        ),
    });
    across(net, p, a, Some(p.subnet), steps)
}

/// Across a transit gateway, from attachment `a`: the route table associated with it picks
/// the attachment the packets leave by (F6.16). Into a VPC, they enter through the
/// attachment's subnet in the zone they came `from` (none for a site) and are forwarded on
/// from there; over a VPN or Direct Connect, they arrive at the site.
pub(super) fn across<'a>(
    net: &'a Network,
    p: &mut Packet<'a>,
    a: TgwAttachmentIx,
    from: Option<SubnetIx>,
    steps: &mut Steps<'a>,
) -> Result<Option<Arrival>, DropReason> {
    let dst = p.dst;
    let att = &net.tgw_attachments[a.0];
    let t = att.tgw;
    let tgw = &net.tgws[t.0];
    let Some(rt) = att.route_table else {
        return drop(
            steps,
            &att.id,
            DropReason::NotAssociated {
                attachment: id(&att.id),
                tgw: id(&tgw.id),
            },
        );
    };
    let table = &net.tgw_route_tables[rt.0];
    let Some(route) = table.lookup(dst) else {
        return drop(
            steps,
            &table.id,
            DropReason::TransitNoRoute {
                table: id(&table.id),
                dst,
            },
        );
    };
    steps.push(|| Step::Route {
        subnet: Name::Borrowed(&att.id),
        table: Name::Borrowed(&table.id),
        destination: Name::Borrowed(&route.label),
        target: Name::Borrowed(net.tgw_target_id(route.target)),
        reply: false,
    });
    let TgwTarget::Attachment(b) = route.target else {
        return drop(
            steps,
            &table.id,
            DropReason::Blackhole {
                route: id(&route.label),
                table: id(&table.id),
            },
        );
    };
    let out = &net.tgw_attachments[b.0];
    p.segments.push((a, b));
    let into = match out.to {
        Attached::Vpc(into) => into,
        // Over a VPN or Direct Connect: to the machine of the site at the destination.
        Attached::Vpn(s) => return at_site(net, p, s, Over::Attachment(b), false, steps),
        Attached::DirectConnect(d) => return to_dx_site(net, p, a, b, d, steps),
        Attached::Peering { tgw: q, peer } => {
            // Across a peering attachment into the other transit gateway, whose table associated
            // with its own side of the peering routes on (F6.21).
            if p.segments.len() > MAX_HOPS {
                return drop(steps, &out.id, DropReason::TransitLoop);
            }
            let other = &net.tgws[q.0];
            steps.at(&other.id, || Step::Arrive {
                at: Name::Borrowed(&other.id),
                detail: text!(
                    "from {} ({}) through peering attachment {}",
                    net.tgws[t.0].id,
                    net.tgws[t.0].region,
                    net.tgw_attachments[peer.0].id
                ),
            });
            return across(net, p, peer, from, steps);
        }
    };
    let Some(exit) = exit_subnet(net, b, from, dst) else {
        let reason = DropReason::AttachmentWithoutSubnet {
            attachment: id(&out.id),
        };
        return drop(steps, &out.id, reason);
    };
    let vpc = &net.vpcs[into.0].id;
    steps.at(&out.id, || Step::Arrive {
        at: Name::Borrowed(&out.id),
        detail: text!("into {vpc} through subnet {}", net.subnets[exit.0].id),
    });
    // F6.23: one transit gateway, referencing on for it and both VPC attachments.
    let referencing = |x: TgwAttachmentIx| net.tgw_attachments[x.0].security_group_referencing;
    p.groups_across = !p.crossed_transit_gateway
        && p.segments.len() == 1
        && net.tgws[t.0].security_group_referencing
        && referencing(a)
        && referencing(b)
        && matches!(net.tgw_attachments[a.0].to, Attached::Vpc(_));
    p.tgw_subnets.push((b, exit));
    p.came_by.push((into, Target::Tgw(t)));
    p.subnet = exit;
    p.crossed_transit_gateway = true;
    Ok(None)
}

/// The subnet a transit gateway sends packets into a VPC by: the attachment's subnet in the
/// zone they came from (a transit gateway keeps traffic in its zone, F6.15), else the one in
/// the destination's zone, else the first (UNCONFIRMED, decisions.md).
pub(super) fn exit_subnet(
    net: &Network,
    b: TgwAttachmentIx,
    from: Option<SubnetIx>,
    dst: Ipv4Addr,
) -> Option<SubnetIx> {
    let out = &net.tgw_attachments[b.0];
    from.and_then(|f| net.attachment_subnet_in_zone(b, f))
        .or_else(|| {
            let d = net.subnet_containing(out.vpc()?, dst)?;
            net.attachment_subnet_in_zone(b, d)
        })
        .or_else(|| out.subnets.first().copied())
}

/// The packets move from [`Packet::subnet`] to `into` in one VPC: they cross both subnets'
/// network ACLs when the subnets differ. Just out of a transit gateway into its attachment's
/// own subnet they cross none (F6.18).
pub(super) fn move_within<'a>(
    net: &'a Network,
    p: &mut Packet<'a>,
    into: SubnetIx,
    steps: &mut Steps<'a>,
) -> Result<(), DropReason> {
    if into != p.subnet {
        cross(net, p, p.subnet, Direction::Egress, steps)?;
        cross(net, p, into, Direction::Ingress, steps)?;
    }
    Ok(())
}

/// Over a Direct Connect gateway's attachment `b` to the site of its transit virtual
/// interfaces that holds the destination (F6.56; [`dx_exit`]).
fn to_dx_site<'a>(
    net: &'a Network,
    p: &mut Packet<'a>,
    a: TgwAttachmentIx,
    b: TgwAttachmentIx,
    d: DxgwIx,
    steps: &mut Steps<'a>,
) -> Result<Option<Arrival>, DropReason> {
    let s = match dx_exit(net, a, b, d, p.dst) {
        Ok(s) => s,
        Err(reason) => return drop(steps, &net.tgw_attachments[b.0].id, reason),
    };
    at_site(net, p, s, Over::Attachment(b), true, steps)
}

/// The site packets (a request's or a reply's) to `dst` reach when a transit gateway sends them
/// from attachment `a` out by Direct Connect gateway `d`'s attachment `b`: never back out by
/// the attachment they came in by, since the gateway carries no traffic between its virtual
/// interfaces (F6.59); none when it has no transit virtual interface (F6.57); else the site
/// whose range holding `dst` is the most specific, or the only site (which then says what it
/// has), and no site when several are reached and none holds it.
pub(super) fn dx_exit(
    net: &Network,
    a: TgwAttachmentIx,
    b: TgwAttachmentIx,
    d: DxgwIx,
    dst: Ipv4Addr,
) -> Result<SiteIx, DropReason> {
    let out = &net.tgw_attachments[b.0];
    let gateway = || id(net.dx_gateways[d.0].id.as_deref().unwrap_or(&out.id));
    if a == b {
        return Err(DropReason::DxNoTransit {
            attachment: id(&out.id),
            gateway: gateway(),
            dst,
        });
    }
    if net.dx_gateways[d.0].sites.is_empty() {
        return Err(DropReason::DxNoInterface {
            attachment: id(&out.id),
            gateway: gateway(),
        });
    }
    net.dx_site_for(d, dst)
        .ok_or_else(|| DropReason::NoSiteHas {
            vgw: gateway(),
            dst,
        })
}

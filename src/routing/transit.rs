//! Transit gateways: into one through the source VPC's attachment, across its route table,
//! out through another attachment (F6.14-F6.19); and the way back for the replies.

use super::*;

/// What the replies need to get back through one transit gateway, or several peered ones.
#[derive(Debug, Clone)]
pub(super) struct TransitBack {
    /// The transit gateway the request left last: the replies' VPC route leads to it.
    tgw: TgwIx,
    /// For each transit gateway crossed, in order, the attachment the request entered by and
    /// the one it left by: the replies enter by the second and must be routed to the first.
    segments: Vec<(TgwAttachmentIx, TgwAttachmentIx)>,
    /// The address the replies go to.
    to: Ipv4Addr,
}

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
    settle_transit(p, p.subnet);
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
    // The replies come back into the VPC over the same attachment (F6.29).
    settle_appliance_at(p, entry, None, Some(a));
    // The source subnet's outbound rules and the attachment subnet's inbound rules (F6.18);
    // where they are one subnet, both, and the replies cross neither.
    let before = p.legs.len();
    cross(net, p, p.subnet, Direction::Egress, steps)?;
    cross(net, p, entry, Direction::Ingress, steps)?;
    if entry == p.subnet {
        for leg in &mut p.legs[before..] {
            if let Leg::Acl { replies, .. } = leg {
                *replies = false;
            }
        }
    }
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
        Attached::DirectConnect(s) => return at_site(net, p, s, Over::Attachment(b), true, steps),
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
    p.transit = Some(TransitBack {
        tgw: t,
        segments: std::mem::take(&mut p.segments),
        to: p.src,
    });
    p.subnet = exit;
    p.from_transit_gateway = true;
    p.crossed_transit_gateway = true;
    Ok(None)
}

/// The subnet a transit gateway sends packets into a VPC by: the attachment's subnet in the
/// zone they came from (a transit gateway keeps traffic in its zone, F6.15), else the one in
/// the destination's zone, else the first (UNCONFIRMED, decisions.md).
fn exit_subnet(
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
/// own subnet they cross none, but the replies, on their way to the gateway, cross its
/// network ACL both ways (F6.18).
pub(super) fn move_within<'a>(
    net: &'a Network,
    p: &mut Packet<'a>,
    into: SubnetIx,
    steps: &mut Steps<'a>,
) -> Result<(), DropReason> {
    if into != p.subnet {
        cross(net, p, p.subnet, Direction::Egress, steps)?;
        cross(net, p, into, Direction::Ingress, steps)?;
    } else if p.from_transit_gateway {
        // Pushed as a request would have crossed them: the replies walk them backwards.
        for (dir, remote) in [(Direction::Egress, p.dst), (Direction::Ingress, p.src)] {
            p.legs.push(Leg::Acl {
                subnet: into,
                dir,
                remote,
                sender: p.sender,
                reply_to: p.src,
                reply_ports: p.reply_ports,
                replies: true,
            });
        }
    }
    p.from_transit_gateway = false;
    settle_transit(p, into);
    settle_appliance(p, into, None);
    Ok(())
}

/// The replies to a request that crossed a transit gateway leave from `subnet`: remember
/// what they need to get back.
pub(super) fn settle_transit(p: &mut Packet, subnet: SubnetIx) {
    if let Some(back) = p.transit.take() {
        p.legs.push(Leg::Transit { subnet, back });
    }
}

/// The replies go back through the transit gateway: a route to it in the table of the subnet
/// they leave from, an attachment subnet in that subnet's zone, and a route in the table
/// associated with that attachment back to the attachment the request came in by.
pub(super) fn transit_replies<'a>(
    net: &'a Network,
    subnet: SubnetIx,
    back: &TransitBack,
    steps: &mut Steps<'a>,
) -> Result<(), DropReason> {
    let to = back.to;
    let s = &net.subnets[subnet.0];
    let tgw = &net.tgws[back.tgw.0].id;
    let need = || ReplyNeed::TransitGateway { tgw: id(tgw) };
    route_back(net, subnet, to, Target::Tgw(back.tgw), need, steps)?;
    let Some(&(_, last)) = back.segments.last() else {
        return Ok(());
    };
    let left = &net.tgw_attachments[last.0];
    if net.attachment_subnet_in_zone(last, subnet).is_none() {
        let lost = NoWayBack::NoAttachmentSubnetInZone {
            tgw: id(tgw),
            attachment: id(&left.id),
            zone: s.az.as_deref().map(id),
            subnet: id(&s.id),
        };
        return drop(steps, &left.id, DropReason::NoWayBack(lost));
    }
    for &(entered, left) in back.segments.iter().rev() {
        tgw_route_back(net, entered, left, to, steps)?;
    }
    Ok(())
}

/// The replies enter a transit gateway by attachment `left`: the table associated with it must
/// route them to `entered`, the attachment the request came in by.
pub(super) fn tgw_route_back<'a>(
    net: &'a Network,
    entered: TgwAttachmentIx,
    left: TgwAttachmentIx,
    to: Ipv4Addr,
    steps: &mut Steps<'a>,
) -> Result<(), DropReason> {
    let left = &net.tgw_attachments[left.0];
    let tgw = &net.tgws[left.tgw.0].id;
    let Some(rt) = left.route_table else {
        let lost = NoWayBack::NotAssociated {
            attachment: id(&left.id),
            tgw: id(tgw),
        };
        return drop(steps, &left.id, DropReason::NoWayBack(lost));
    };
    let table = &net.tgw_route_tables[rt.0];
    let entered_ix = entered;
    let entered = &net.tgw_attachments[entered.0].id;
    let Some(route) = table.lookup(to) else {
        let lost = NoWayBack::TransitNoRoute {
            table: id(&table.id),
            attachment: id(&left.id),
            to,
            entered: id(entered),
        };
        return drop(steps, &table.id, DropReason::NoWayBack(lost));
    };
    steps.push(|| Step::Route {
        subnet: Name::Borrowed(&left.id),
        table: Name::Borrowed(&table.id),
        destination: Name::Borrowed(&route.label),
        target: Name::Borrowed(net.tgw_target_id(route.target)),
        reply: true,
    });
    if route.target != TgwTarget::Attachment(entered_ix) {
        let lost = NoWayBack::TransitWrongRoute {
            to,
            route: id(&route.label),
            table: id(&table.id),
            target: id(net.tgw_target_id(route.target)),
            entered: id(entered),
        };
        return drop(steps, &table.id, DropReason::NoWayBack(lost));
    }
    Ok(())
}

//! Middleboxes: a route to an instance's network interface (F6.28). The instance takes the
//! packets through its security groups; with its source/destination check on (AWS's default)
//! it drops what is not addressed to it, and with it off it forwards them from its own subnet's
//! route table, unchanged. The replies must come back through it (asymmetric routing is not
//! supported), and after it a security group reference no longer matches the source.

use super::*;

/// Forwarding to the appliance `i`.
pub(super) fn appliance<'a>(
    net: &'a Network,
    p: &mut Packet<'a>,
    i: InstanceIx,
    steps: &mut Steps<'a>,
) -> Result<Option<Arrival>, DropReason> {
    let inst = &net.instances[i.0];
    if p.dst == inst.private_ip {
        // A route to the instance for its own address: it is the destination.
        move_within(net, p, inst.subnet, steps)?;
        return deliver(net, inst.subnet, p, steps).map(Some);
    }
    move_within(net, p, inst.subnet, steps)?;
    let packet = filter::Packet {
        protocol: p.protocol,
        port: p.port,
        remote: p.src,
        remote_groups: p.source_groups(net),
    };
    let groups = &inst.security_groups;
    security_groups(net, groups, Direction::Ingress, &packet, &inst.id, steps)?;
    if inst.source_dest_check {
        let reason = DropReason::SourceDestCheck {
            instance: id(&inst.id),
            dst: p.dst,
        };
        return drop(steps, &inst.id, reason);
    }
    steps.at(&inst.id, || Step::Arrive {
        at: Name::Borrowed(&inst.id),
        detail: text!(
            "appliance {} forwards {} -> {} (source/destination check off)",
            inst.id,
            p.src,
            p.dst
        ),
    });
    let out = filter::Packet {
        protocol: p.protocol,
        port: p.port,
        remote: p.dst,
        remote_groups: groups_at(net, net.subnets[inst.subnet.0].vpc, p.dst),
    };
    security_groups(net, groups, Direction::Egress, &out, &inst.id, steps)?;
    p.subnet = inst.subnet;
    p.appliance = Some(Target::Instance(i));
    p.through_middlebox = true;
    Ok(None)
}

/// Forwarding to the firewall endpoint `f` (F6.30): its rules, the first that matches
/// deciding, else its default action; what it allows goes on from its subnet's route table.
/// It has no security groups.
pub(super) fn firewall<'a>(
    net: &'a Network,
    p: &mut Packet<'a>,
    f: FirewallIx,
    steps: &mut Steps<'a>,
) -> Result<Option<Arrival>, DropReason> {
    let fw = &net.firewalls[f.0];
    move_within(net, p, fw.subnet, steps)?;
    let (allow, rule) = fw.decide(p.protocol, p.port, p.src, p.dst);
    if !allow {
        let reason = DropReason::FirewallDenied {
            firewall: id(&fw.id),
            rule,
            src: p.src,
            dst: p.dst,
        };
        return drop(steps, &fw.id, reason);
    }
    steps.at(&fw.id, || Step::Arrive {
        at: Name::Borrowed(&fw.id),
        detail: match rule {
            Some(n) => text!(
                "firewall {} allows {} -> {} (rule {n})",
                fw.id,
                p.src,
                p.dst
            ),
            None => text!(
                "firewall {} allows {} -> {} (no rule matches; its default action)",
                fw.id,
                p.src,
                p.dst
            ),
        },
    });
    p.subnet = fw.subnet;
    p.appliance = Some(Target::Firewall(f));
    p.through_middlebox = true;
    Ok(None)
}

/// The replies of a request that went through an appliance come back from `subnet`, whose
/// table must send them to it; or through `bypass`, a gateway that hands them to the VPC router,
/// which delivers them to the client without the appliance.
pub(super) fn settle_appliance<'n>(p: &mut Packet<'n>, subnet: SubnetIx, bypass: Option<&'n str>) {
    settle_appliance_at(p, subnet, bypass, None);
}

/// [`settle_appliance`] for packets that leave the VPC over transit gateway attachment `a`,
/// having entered it by its subnet `subnet`.
pub(super) fn settle_appliance_at<'n>(
    p: &mut Packet<'n>,
    subnet: SubnetIx,
    bypass: Option<&'n str>,
    attachment: Option<TgwAttachmentIx>,
) {
    if let Some(via) = p.appliance.take() {
        p.legs.push(Leg::Appliance {
            subnet,
            to: p.client_ip,
            via,
            bypass,
            attachment,
        });
    }
}

/// The replies' way back through the appliance `via`. Over a transit gateway attachment
/// without appliance mode they enter the VPC by its subnet in the zone they come from
/// (`reply_from`: the subnet they left toward the transit gateway), which may be another
/// zone's than the request's, and so another appliance's (F6.29).
#[allow(clippy::too_many_arguments)]
pub(super) fn appliance_replies<'a>(
    net: &'a Network,
    subnet: SubnetIx,
    to: Ipv4Addr,
    via: Target,
    bypass: Option<&str>,
    attachment: Option<TgwAttachmentIx>,
    reply_from: Option<SubnetIx>,
    steps: &mut Steps<'a>,
) -> Result<(), DropReason> {
    let appliance = net.target_id(via);
    let entered = match (attachment, reply_from) {
        (Some(a), Some(from)) if !net.tgw_attachments[a.0].appliance_mode => {
            net.attachment_subnet_in_zone(a, from).unwrap_or(subnet)
        }
        _ => subnet,
    };
    // Within the subnet they enter by, the replies go at layer 2 ([`route_back`] says so).
    if entered != subnet
        && let Some(a) = attachment
        && !net.subnets[entered.0].cidr.contains(&to)
        && let Some(route) = net.lookup(net.table_of(entered), to)
        && route.target != via
    {
        let s = &net.subnets[entered.0];
        let table = &net.route_tables[net.table_of(entered).0];
        steps.push(|| Step::Route {
            subnet: Name::Borrowed(&s.id),
            table: Name::Borrowed(&table.id),
            destination: Name::Borrowed(&route.label),
            target: Name::Borrowed(net.target_id(route.target)),
            reply: true,
        });
        let lost = NoWayBack::OtherZone {
            attachment: id(&net.tgw_attachments[a.0].id),
            subnet: id(&s.id),
            zone: s.az.as_deref().map(id),
            target: id(net.target_id(route.target)),
            appliance: id(appliance),
        };
        return drop(steps, &table.id, DropReason::NoWayBack(lost));
    }
    let subnet = entered;
    if let Some(gateway) = bypass {
        let lost = NoWayBack::BypassesAppliance {
            appliance: id(appliance),
            gateway: id(gateway),
            to,
        };
        return drop(steps, appliance, DropReason::NoWayBack(lost));
    }
    let need = || ReplyNeed::Appliance {
        instance: id(appliance),
    };
    route_back(net, subnet, to, via, need, steps)
}

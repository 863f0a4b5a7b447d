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
    p.appliance = Some(i);
    p.through_middlebox = true;
    Ok(None)
}

/// The replies of a request that went through an appliance come back from `subnet`, whose
/// table must send them to it; or through `bypass`, a gateway that hands them to the VPC router,
/// which delivers them to the client without the appliance.
pub(super) fn settle_appliance<'n>(p: &mut Packet<'n>, subnet: SubnetIx, bypass: Option<&'n str>) {
    if let Some(via) = p.appliance.take() {
        p.legs.push(Leg::Appliance {
            subnet,
            to: p.client_ip,
            via,
            bypass,
        });
    }
}

/// The replies' way back through the appliance `via`.
pub(super) fn appliance_replies<'a>(
    net: &'a Network,
    subnet: SubnetIx,
    to: Ipv4Addr,
    via: InstanceIx,
    bypass: Option<&str>,
    steps: &mut Steps<'a>,
) -> Result<(), DropReason> {
    let appliance = &net.instances[via.0].id;
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
    route_back(net, subnet, to, Target::Instance(via), need, steps)
}

//! Middleboxes: a route to an instance's network interface (F6.28). The instance takes the
//! packets through its security groups; with its source/destination check on (AWS's default)
//! it drops what is not addressed to it, and with it off it forwards them from its own subnet's
//! route table, unchanged. The replies must come back through it (asymmetric routing is not
//! supported, F6.50), and after it a security group reference no longer matches the source.

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
    p.stateful.push(Stateful::Appliance(Target::Instance(i)));
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
    p.stateful.push(Stateful::Appliance(Target::Firewall(f)));
    p.through_middlebox = true;
    Ok(None)
}

//! Middleboxes: a route to an instance's network interface (F6.28), its primary one or another
//! written on its own (F6.75). The instance takes the packets through that interface's
//! security groups; with its source/destination check on (AWS's default) it drops what is not
//! addressed to it, and with it off it forwards them, unchanged, from the subnet of the
//! interface it sends them by. The replies must come back through it (asymmetric routing is not
//! supported, F6.50), and after it a security group reference no longer matches the source.

use super::*;

/// Forwarding to the appliance `i`, which takes the packets by its interface `arm` (its
/// primary one, or a secondary one a route names, F6.75): through that interface's security
/// groups and source/destination check (F6.28, F6.76), then out of the interface its
/// operating system sends `dst` by ([`Network::out_arm`]), through that one's groups, from
/// that interface's subnet.
pub(super) fn appliance<'a>(
    net: &'a Network,
    p: &mut Packet<'a>,
    (i, arm): (InstanceIx, Arm),
    steps: &mut Steps<'a>,
) -> Result<Option<Arrival>, DropReason> {
    let inst = &net.instances[i.0];
    let subnet = net.arm_subnet(arm);
    let name = net.arm_id(arm);
    if p.dst == net.arm_ip(arm) {
        // A route to the interface for its own address: it is the destination.
        move_within(net, p, subnet, steps)?;
        return deliver(net, subnet, p, steps).map(Some);
    }
    move_within(net, p, subnet, steps)?;
    let packet = filter::Packet {
        protocol: p.protocol,
        port: p.port,
        remote: p.src,
        remote_groups: p.source_groups(net),
    };
    let groups = net.arm_groups(arm);
    security_groups(net, groups, Direction::Ingress, &packet, name, steps)?;
    if net.arm_checks(arm) {
        let reason = DropReason::SourceDestCheck {
            instance: id(name),
            dst: p.dst,
            interface: matches!(arm, Arm::Secondary(_)),
        };
        return drop(steps, name, reason);
    }
    let out = net.out_arm(i, p.dst);
    let out_subnet = net.arm_subnet(out);
    steps.at(&inst.id, || Step::Arrive {
        at: Name::Borrowed(&inst.id),
        detail: match (arm, out) {
            (Arm::Primary(_), Arm::Primary(_)) => text!(
                "appliance {} forwards {} -> {} (source/destination check off)",
                inst.id,
                p.src,
                p.dst
            ),
            _ => text!(
                "appliance {} forwards {} -> {}: taken by {} (source/destination check off), sent by {} in {} (F6.75)",
                inst.id,
                p.src,
                p.dst,
                arm_words(net, arm),
                arm_words(net, out),
                net.subnets[out_subnet.0].id
            ),
        },
    });
    let leaving = filter::Packet {
        protocol: p.protocol,
        port: p.port,
        remote: p.dst,
        remote_groups: groups_at(net, net.subnets[out_subnet.0].vpc, p.dst),
    };
    let out_groups = net.arm_groups(out);
    let out_name = net.arm_id(out);
    security_groups(
        net,
        out_groups,
        Direction::Egress,
        &leaving,
        out_name,
        steps,
    )?;
    p.subnet = out_subnet;
    p.stateful.push(Stateful::Appliance {
        via: Network::arm_target(arm),
        out: Network::arm_target(out),
    });
    p.through_middlebox = true;
    Ok(None)
}

/// How a step names an interface of an appliance: "its primary interface" or the interface's
/// id.
fn arm_words(net: &Network, arm: Arm) -> String {
    match arm {
        Arm::Primary(_) => "its primary interface".to_string(),
        Arm::Secondary(e) => format!("network interface {}", net.interfaces[e.0].id),
    }
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
    let fw = Target::Firewall(f);
    p.stateful.push(Stateful::Appliance { via: fw, out: fw });
    p.through_middlebox = true;
    Ok(None)
}

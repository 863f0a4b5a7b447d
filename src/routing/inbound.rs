//! From the internet into a VPC: to a public address the scenario holds (an instance's public
//! IPv4 address or Elastic IP, a NAT gateway's Elastic IP), through the one-to-one NAT of its
//! VPC's internet gateway (F6.34).

use super::*;

/// Who sends packets across the internet, as the far side sees them: how traces name it (the
/// client, or the NAT gateway or site that translated it), its public address, the ephemeral
/// ports the replies go back to, and what it sends.
#[derive(Debug, Clone, Copy)]
pub(super) struct FromInternet<'a> {
    /// Who sends the packets at this point.
    pub(super) sender: &'a str,
    /// Their public source address.
    pub(super) src: Ipv4Addr,
    /// The sender's ephemeral ports.
    pub(super) reply_ports: (u16, u16),
    /// TCP, UDP or ICMP.
    pub(super) protocol: Protocol,
    /// The destination port.
    pub(super) port: u16,
}

/// The packets to `dst`, which `holder` holds, reach its VPC's internet gateway, which
/// translates the destination to the holder's private address; the VPC router delivers them
/// to its subnet, through the subnet's network ACL and the interface's security groups. The
/// replies are routed from there by the subnet's table, which must send them to that
/// internet gateway (F6.34, F6.51).
pub(super) fn into_vpc<'a>(
    net: &'a Network,
    holder: PublicHolder,
    dst: Ipv4Addr,
    from: FromInternet<'a>,
    steps: &mut Steps<'a>,
) -> Result<Arrival, DropReason> {
    let (holder_id, subnet, private) = net.public_holder(holder);
    let vpc_ix = net.subnets[subnet.0].vpc;
    let vpc = &net.vpcs[vpc_ix.0];
    let Some(g) = vpc.igw else {
        let reason = DropReason::NoInternetGateway {
            dst,
            holder: id(holder_id),
            vpc: id(&vpc.id),
        };
        return drop(steps, "internet", reason);
    };
    let igw = &net.igws[g.0].id;
    steps.push(|| Step::Translate {
        gateway: Name::Borrowed(igw),
        from: dst,
        to: private,
        destination: true,
    });
    let mut p = Packet::from_outside(
        from.protocol,
        subnet,
        from.src,
        private,
        from.port,
        from.sender,
        from.reply_ports,
    );
    p.came_by.push((vpc_ix, Target::Igw(g)));
    enter_by_gateway(net, p, net.igws[g.0].edge_table, igw, steps)
}

/// The packets enter their VPC by a gateway (internet or virtual private), already in
/// [`Packet::subnet`], the destination's subnet: a gateway route table associated with the
/// gateway may send them to a middlebox first (F6.55), which forwards them from its own
/// subnet; otherwise the VPC router delivers them, through the subnet's network ACL inbound.
/// Then the replies.
pub(super) fn enter_by_gateway<'a>(
    net: &'a Network,
    mut p: Packet<'a>,
    edge: Option<RouteTableIx>,
    gateway: &'a str,
    steps: &mut Steps<'a>,
) -> Result<Arrival, DropReason> {
    let hop = (gateway, p.dst, false);
    if let Some((middlebox, at)) = gateway_table_hop(net, edge, hop, steps) {
        // Forwarded by the middlebox from its own subnet's table.
        cross(net, &p, at, Direction::Ingress, steps)?;
        p.subnet = at;
        match middlebox {
            Target::Firewall(f) => {
                firewall(net, &mut p, f, steps)?;
            }
            Target::Instance(i) => {
                appliance(net, &mut p, (i, Arm::Primary(i)), steps)?;
            }
            Target::Interface(e) => {
                let Some(i) = net.interfaces[e.0].instance else {
                    return drop(
                        steps,
                        &net.interfaces[e.0].id,
                        detached(net, e, edge, p.dst),
                    );
                };
                appliance(net, &mut p, (i, Arm::Secondary(e)), steps)?;
            }
            _ => {}
        }
        return walk(net, p, steps);
    }
    let subnet = p.subnet;
    cross(net, &p, subnet, Direction::Ingress, steps)?;
    let arrival = deliver(net, subnet, &mut p, steps)?;
    replies(net, &p, steps)?;
    Ok(arrival)
}

/// Packets to `dst` entering a VPC by `gateway` (a request's, or a reply's when `reply`),
/// looked up in the gateway route table `edge` associated with it, if any (F6.55): the route
/// that matches is a step, and when it sends them to a middlebox (an appliance instance other
/// than the destination itself, which `local` delivers, or a firewall endpoint), that target
/// and its subnet, from which the middlebox forwards them.
pub(super) fn gateway_table_hop<'a>(
    net: &'a Network,
    edge: Option<RouteTableIx>,
    (gateway, dst, reply): (&'a str, Ipv4Addr, bool),
    steps: &mut Steps<'a>,
) -> Option<(Target, SubnetIx)> {
    let t = edge?;
    let route = net.lookup(t, dst)?;
    let table = &net.route_tables[t.0];
    steps.push(|| Step::Route {
        subnet: Name::Borrowed(gateway),
        table: Name::Borrowed(&table.id),
        destination: Name::Borrowed(&route.label),
        target: Name::Borrowed(net.target_id(route.target)),
        reply,
    });
    match route.target {
        Target::Instance(_) | Target::Interface(_) => match net.arm_of(route.target) {
            Some((_, arm)) if net.arm_ip(arm) == dst => None,
            Some((_, arm)) => Some((route.target, net.arm_subnet(arm))),
            // Attached to nothing: a blackhole, which the caller drops (F6.77).
            None => match route.target {
                Target::Interface(e) => Some((route.target, net.interfaces[e.0].subnet)),
                _ => None,
            },
        },
        Target::Firewall(f) => Some((route.target, net.firewalls[f.0].subnet)),
        _ => None,
    }
}

/// Why packets to `dst` that gateway route table `edge` sends to interface `e`, attached to
/// nothing, are dropped: the route is a blackhole (F6.77).
pub(super) fn detached(
    net: &Network,
    e: EniIx,
    edge: Option<RouteTableIx>,
    dst: Ipv4Addr,
) -> DropReason {
    let table = edge.map(|t| &net.route_tables[t.0]);
    let route = edge.and_then(|t| net.lookup(t, dst));
    DropReason::DetachedInterface {
        interface: id(&net.interfaces[e.0].id),
        route: id(route.map_or("", |r| &*r.label)),
        table: id(table.map_or("", |t| t.id.as_str())),
    }
}

#[cfg(test)]
mod tests;

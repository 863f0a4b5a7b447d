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
                appliance(net, &mut p, i, steps)?;
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
        Target::Instance(i) if net.instances[i.0].private_ip != dst => {
            Some((route.target, net.instances[i.0].subnet))
        }
        Target::Firewall(f) => Some((route.target, net.firewalls[f.0].subnet)),
        _ => None,
    }
}

#[cfg(test)]
mod tests;

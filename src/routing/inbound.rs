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
    let (holder_id, subnet, private) = match holder {
        PublicHolder::Instance(i) => {
            let inst = &net.instances[i.0];
            (&inst.id, inst.subnet, inst.private_ip)
        }
        PublicHolder::Nat(n) => {
            let nat = &net.nats[n.0];
            (&nat.id, nat.subnet, nat.private_ip)
        }
        PublicHolder::LoadBalancer(l, n) => {
            let lb = &net.load_balancers[l.0];
            (&lb.id, lb.nodes[n].subnet, lb.nodes[n].private_ip)
        }
    };
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
    if let Some(t) = edge
        && let Some(route) = net.lookup(t, p.dst)
    {
        let table = &net.route_tables[t.0];
        steps.push(|| Step::Route {
            subnet: Name::Borrowed(gateway),
            table: Name::Borrowed(&table.id),
            destination: Name::Borrowed(&route.label),
            target: Name::Borrowed(net.target_id(route.target)),
            reply: false,
        });
        // Forwarded by the middlebox from its own subnet's table (its own address excepted,
        // which `local` delivers).
        match route.target {
            Target::Instance(i) if net.instances[i.0].private_ip != p.dst => {
                let at = net.instances[i.0].subnet;
                cross(net, &p, at, Direction::Ingress, steps)?;
                p.subnet = at;
                appliance(net, &mut p, i, steps)?;
                return walk(net, p, steps);
            }
            Target::Firewall(f) => {
                let at = net.firewalls[f.0].subnet;
                cross(net, &p, at, Direction::Ingress, steps)?;
                p.subnet = at;
                firewall(net, &mut p, f, steps)?;
                return walk(net, p, steps);
            }
            _ => {}
        }
    }
    let subnet = p.subnet;
    cross(net, &p, subnet, Direction::Ingress, steps)?;
    let arrival = deliver(net, subnet, &mut p, steps)?;
    replies(net, &p, steps)?;
    Ok(arrival)
}

#[cfg(test)]
mod tests;

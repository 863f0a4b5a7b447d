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
/// replies leave through the same ACL and need a route back to that internet gateway in the
/// subnet's table. Gateway route tables (ingress routing) are not modelled.
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
    let vpc = &net.vpcs[net.subnets[subnet.0].vpc.0];
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
    p.legs.push(Leg::Internet {
        subnet,
        to: from.src,
        via: g,
    });
    cross(net, &mut p, subnet, Direction::Ingress, steps)?;
    let arrival = deliver(net, subnet, &p, steps)?;
    replies(net, &p, steps)?;
    Ok(arrival)
}

#[cfg(test)]
mod tests;

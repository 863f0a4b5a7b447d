//! Packets from a Route 53 Resolver endpoint's network interface: an outbound endpoint's,
//! forwarding a query to its rule's target (F5.12), through the endpoint's security groups
//! when the scenario names them (F5.16).

use super::*;

/// Forwards a packet from interface `(subnet, address)` of Resolver endpoint `r` to `dst`.
pub(super) fn forward<'a>(
    net: &'a Network,
    (r, subnet, src): (ResolverEndpointIx, SubnetIx, Ipv4Addr),
    dst: Ipv4Addr,
    (port, protocol): (u16, Protocol),
    steps: &mut Steps<'a>,
) -> Result<Arrival, DropReason> {
    let ep = &net.resolver_endpoints[r.0];
    let from = ep.id.as_str();
    steps.push(|| Step::Connect {
        from: from.into(),
        source: src,
        destination: dst,
        port: shown_port(protocol, port),
        protocol,
    });
    let mut packet = Packet::from_outside(
        protocol,
        subnet,
        src,
        dst,
        port,
        from,
        aws::RESOLVER_EPHEMERAL_PORTS,
    );
    if let Some(groups) = &ep.security_groups {
        let checked = filter::Packet {
            protocol,
            port,
            remote: dst,
            remote_groups: groups_at(net, ep.vpc, dst),
        };
        security_groups(net, groups, Direction::Egress, &checked, from, steps)?;
        // A rule that names the endpoint's group admits its queries, as it would a load
        // balancer's (F5.16).
        packet.balancer_groups = groups;
    }
    walk(net, packet, steps)
}

//! Packets from a network interface of AWS's that no security group of the scenario filters:
//! a Route 53 Resolver outbound endpoint's, forwarding a query to its rule's target (F5.12).

use super::*;

/// Forwards a packet from the interface `(id, subnet, address)` to `dst`.
pub(super) fn forward<'a>(
    net: &'a Network,
    (from, subnet, src): (&'a str, SubnetIx, Ipv4Addr),
    dst: Ipv4Addr,
    (port, protocol): (u16, Protocol),
    steps: &mut Steps<'a>,
) -> Result<Arrival, DropReason> {
    steps.push(|| Step::Connect {
        from: from.into(),
        source: src,
        destination: dst,
        port: shown_port(protocol, port),
    });
    let packet = Packet::from_outside(
        protocol,
        subnet,
        src,
        dst,
        port,
        from,
        aws::RESOLVER_EPHEMERAL_PORTS,
    );
    walk(net, packet, steps)
}

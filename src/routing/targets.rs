//! One function per kind of route target: what happens to a packet whose route points there.

use super::*;

/// Forwarding through the `local` route: to a network interface in the VPC, across subnets' network
/// ACLs when it is in another subnet.
pub(super) fn local<'a>(
    net: &'a Network,
    p: &mut Packet<'a>,
    steps: &mut Steps<'a>,
) -> Result<Option<Arrival>, DropReason> {
    let dst = p.dst;
    let subnet = &net.subnets[p.subnet.0];
    let Some(into) = net.subnet_containing(subnet.vpc, dst) else {
        let vpc_id = &net.vpcs[subnet.vpc.0].id;
        let reason = DropReason::NoSubnet {
            dst,
            vpc: id(vpc_id),
        };
        return drop(steps, vpc_id, reason);
    };
    move_within(net, p, into, steps)?;
    deliver(net, into, p, steps).map(Some)
}

/// Forwarding through an internet gateway: only a public destination, from a source with a public
/// address that the gateway translates (F6.5, F6.6).
pub(super) fn internet_gateway<'a>(
    net: &'a Network,
    p: &mut Packet<'a>,
    g: IgwIx,
    steps: &mut Steps<'a>,
) -> Result<Option<Arrival>, DropReason> {
    let dst = p.dst;
    let igw = &net.igws[g.0].id;
    cross(net, p, p.subnet, Direction::Egress, steps)?;
    if dst.is_private() {
        return drop(steps, igw, DropReason::PrivateAtInternetGateway { dst });
    }
    if let Some(n) = p.private_nat {
        let reason = DropReason::PrivateNat {
            nat: id(&net.nats[n.0].id),
        };
        return drop(steps, igw, reason);
    }
    let Some(public) = p.public else {
        let reason = DropReason::NoPublicAddress {
            source: p.src,
            igw: id(igw),
        };
        return drop(steps, igw, reason);
    };
    steps.push(|| Step::Translate {
        gateway: Name::Borrowed(igw),
        from: p.src,
        to: public,
        destination: false,
    });
    let from = FromInternet {
        sender: p.sender,
        src: public,
        reply_ports: p.reply_ports,
        protocol: p.protocol,
        port: p.port,
    };
    // The replies come back from the internet to the public address (F6.51).
    p.reply_start = Some(Start::Internet);
    internet_arrival(net, dst, from, steps).map(Some)
}

/// Forwarding through a NAT gateway: the packet leaves again from the gateway's subnet with the
/// gateway's address as its source, and replies come back to the gateway's ports.
pub(super) fn nat_gateway<'a>(
    net: &'a Network,
    p: &mut Packet<'a>,
    n: NatIx,
    steps: &mut Steps<'a>,
) -> Result<Option<Arrival>, DropReason> {
    let dst = p.dst;
    let table = &net.route_tables[net.table_of(p.subnet).0];
    let nat = &net.nats[n.0];
    if p.src == nat.private_ip {
        let reason = DropReason::NatLoop {
            table: id(&table.id),
            dst,
            nat: id(&nat.id),
        };
        return drop(steps, &nat.id, reason);
    }
    move_within(net, p, nat.subnet, steps)?;
    if p.protocol == Protocol::Other {
        let reason = DropReason::NatProtocol { nat: id(&nat.id) };
        return drop(steps, &nat.id, reason);
    }
    p.stateful.push(Stateful::Nat {
        nat: n,
        to: p.src,
        ports: p.reply_ports,
        sender: p.sender,
    });
    steps.push(|| Step::Translate {
        gateway: Name::Borrowed(&nat.id),
        from: p.src,
        to: nat.private_ip,
        destination: false,
    });
    p.src = nat.private_ip;
    p.public = nat.elastic_ip;
    p.private_nat = (!nat.public).then_some(n);
    p.subnet = nat.subnet;
    p.sender = &nat.id;
    p.reply_ports = aws::NAT_EPHEMERAL_PORTS;
    Ok(None)
}

/// Forwarding through a gateway endpoint's prefix-list route: the packet arrives at the AWS
/// service, from its private address.
pub(super) fn gateway_endpoint<'a>(
    net: &'a Network,
    p: &mut Packet<'a>,
    e: EndpointIx,
    steps: &mut Steps<'a>,
) -> Result<Option<Arrival>, DropReason> {
    let ep = &net.endpoints[e.0];
    if p.crossed_transit_gateway {
        let reason = DropReason::GatewayEndpointAcrossTransit {
            endpoint: id(&ep.id),
        };
        return drop(steps, &ep.id, reason);
    }
    cross(net, p, p.subnet, Direction::Egress, steps)?;
    // The service's replies are handed to the VPC router, which delivers them (F6.46).
    p.reply_start = Some(Start::Gateway(net.subnets[p.subnet.0].vpc));
    steps.at(&ep.id, || Step::Arrive {
        at: Name::Borrowed(&ep.id),
        detail: text!("gateway endpoint for {} in {}", ep.service, ep.region),
    });
    Ok(Some(Arrival::Service {
        service: ep.service.clone(),
        region: ep.region,
        endpoint: Some(e),
        caller: Caller {
            source_ip: None,
            vpc_source_ip: Some(p.src),
        },
    }))
}

/// Forwarding through a peering connection: only into the peer VPC's own CIDRs (no transitive
/// routing).
pub(super) fn peering<'a>(
    net: &'a Network,
    p: &mut Packet<'a>,
    x: PeeringIx,
    steps: &mut Steps<'a>,
) -> Result<Option<Arrival>, DropReason> {
    let dst = p.dst;
    let subnet = &net.subnets[p.subnet.0];
    let pcx = &net.peerings[x.0];
    let peer = pcx.other(subnet.vpc);
    let peer_id = &net.vpcs[peer.0].id;
    if !net.vpcs[peer.0].contains(dst) {
        let reason = DropReason::NotInPeer {
            dst,
            peer: id(peer_id),
        };
        return drop(steps, &pcx.id, reason);
    }
    cross(net, p, p.subnet, Direction::Egress, steps)?;
    steps.at(&pcx.id, || Step::Arrive {
        at: Name::Borrowed(&pcx.id),
        detail: text!("into {peer_id}"),
    });
    let Some(into) = net.subnet_containing(peer, dst) else {
        let reason = DropReason::NoSubnet {
            dst,
            vpc: id(peer_id),
        };
        return drop(steps, peer_id, reason);
    };
    p.came_by.push((peer, Target::Peering(x)));
    cross(net, p, into, Direction::Ingress, steps)?;
    deliver(net, into, p, steps).map(Some)
}

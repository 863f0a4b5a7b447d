//! Boundary crossings: a subnet's network ACL, and the security groups of the interfaces at
//! either end, checked where the packets cross them and remembered for the replies.

use super::*;

/// The packets cross the network ACL of `subnet` (F6.9). The replies, packets of their own,
/// are judged by the ACLs of their own path (F6.47).
pub(super) fn cross<'a>(
    net: &'a Network,
    p: &Packet<'a>,
    subnet: SubnetIx,
    dir: Direction,
    steps: &mut Steps<'a>,
) -> Result<(), DropReason> {
    let remote = match dir {
        Direction::Ingress => p.src,
        Direction::Egress => p.dst,
    };
    let s = &net.subnets[subnet.0];
    let acl = &net.nacls[s.nacl.0];
    let m = filter::nacl(acl, dir, p.protocol, p.port, remote);
    // The words are built only when a step or a reason needs them.
    let rule = || filter::nacl_rule_words(net, s.nacl, dir, m);
    let what = || Checked {
        ingress: dir == Direction::Ingress,
        of: Name::Borrowed(&s.id),
        crossing: Crossing::Packet {
            port: p.port,
            remote,
        },
        protocol: p.protocol,
    };
    steps.push(|| Step::Filter {
        filter: Name::Borrowed(&acl.id),
        direction: what(),
        packet: FilterPacket {
            ingress: dir == Direction::Ingress,
            remote,
            ports: (p.port, p.port),
            reply: false,
            udp: p.protocol == Protocol::Udp,
            icmp: p.protocol == Protocol::Icmp,
            ip: p.protocol == Protocol::Other,
        },
        allowed: m.allow,
        rule: Name::Borrowed(rule()),
    });
    if !m.allow {
        return drop(steps, &acl.id, filter::acl_denial(&acl.id, &what(), rule()));
    }
    Ok(())
}

/// The security groups of the network interface at `dst` in `vpc` or a VPC peered with it
/// (the only groups a rule of `vpc` can reference), if there is one.
pub(super) fn groups_at(net: &Network, vpc: VpcIx, dst: Ipv4Addr) -> &[SgIx] {
    let peers = net.index.peers_of_vpc[vpc.0].iter().copied();
    for v in std::iter::once(vpc).chain(peers) {
        match net.index.interface_at.get(&(v, dst)) {
            Some(Interface::Endpoint(e, _)) => {
                if let EndpointKind::Interface {
                    security_groups, ..
                } = &net.endpoints[e.0].kind
                {
                    return security_groups;
                }
            }
            Some(Interface::Instance(i)) => return &net.instances[i.0].security_groups,
            // A NAT gateway has no security groups.
            Some(Interface::Nat(_)) => return &[],
            Some(Interface::LoadBalancer(l, _)) => return &net.load_balancers[l.0].security_groups,
            Some(Interface::Resolver(r, _)) => {
                return net.resolver_endpoints[r.0]
                    .security_groups
                    .as_deref()
                    .unwrap_or_default();
            }
            None => {}
        }
    }
    &[]
}

/// The client's security groups must let the first packet out (F6.8).
pub(super) fn client_security_groups<'a>(
    net: &'a Network,
    client: InstanceIx,
    p: &Packet,
    steps: &mut Steps<'a>,
) -> Result<(), DropReason> {
    let inst = &net.instances[client.0];
    let vpc = net.subnets[inst.subnet.0].vpc;
    let packet = filter::Packet {
        protocol: p.protocol,
        port: p.port,
        remote: p.dst,
        remote_groups: groups_at(net, vpc, p.dst),
    };
    security_groups(
        net,
        &inst.security_groups,
        Direction::Egress,
        &packet,
        &inst.id,
        steps,
    )
}

/// Checks the security groups of one network interface, owned by `owner`, and records the
/// rule that admitted the packet, or every group that did not.
pub(super) fn security_groups<'a>(
    net: &'a Network,
    groups: &[SgIx],
    dir: Direction,
    packet: &filter::Packet<'_>,
    owner: &'a str,
    steps: &mut Steps<'a>,
) -> Result<(), DropReason> {
    let what = || Checked {
        ingress: dir == Direction::Ingress,
        of: Name::Borrowed(owner),
        crossing: Crossing::Packet {
            port: packet.port,
            remote: packet.remote,
        },
        protocol: packet.protocol,
    };
    let sgs = &net.security_groups;
    let sg_packet = FilterPacket {
        ingress: dir == Direction::Ingress,
        remote: packet.remote,
        ports: (packet.port, packet.port),
        reply: false,
        udp: packet.protocol == Protocol::Udp,
        icmp: packet.protocol == Protocol::Icmp,
        ip: packet.protocol == Protocol::Other,
    };
    if let Some(a) = filter::security_groups(sgs, groups, dir, packet) {
        let g = &sgs[a.group.0];
        steps.push(|| Step::Filter {
            filter: Name::Borrowed(&g.id),
            direction: what(),
            packet: sg_packet,
            allowed: true,
            rule: Name::Borrowed(filter::sg_rule_words(net, a.group, dir, a.rule)),
        });
        return Ok(());
    }
    for g in groups {
        steps.push(|| Step::Filter {
            filter: Name::Borrowed(&sgs[g.0].id),
            direction: what(),
            packet: sg_packet,
            allowed: false,
            rule: Name::Borrowed(filter::no_sg_rule_matches(dir)),
        });
    }
    let names: Vec<&str> = groups.iter().map(|g| sgs[g.0].id.as_str()).collect();
    let default_only = groups.len() == 1 && sgs[groups[0].0].id == "default";
    let mut reason = filter::sg_denial(owner, &names, dir, packet, default_only);
    if let (Direction::Ingress, DropReason::SgDenied { uncarried, .. }) = (dir, &mut reason) {
        *uncarried = uncarried_reference(net, groups, packet);
    }
    drop(steps, owner, reason)
}

/// A rule of `groups` that names a group the sender is a member of, and would admit the
/// packet had the reference reached here: stale, or not carried this way (through a transit
/// gateway without referencing, an appliance, Direct Connect; F6.23, F6.27). The group
/// holding the rule, the group named, and the member.
fn uncarried_reference(
    net: &Network,
    groups: &[SgIx],
    packet: &filter::Packet<'_>,
) -> Option<Box<(SmolStr, SmolStr, SmolStr)>> {
    let sgs = &net.security_groups;
    groups.iter().find_map(|&g| {
        sgs[g.0].ingress.iter().find_map(|rule| {
            let SgPeer::Group(named) = rule.peer else {
                return None;
            };
            if packet.remote_groups.contains(&named) {
                return None;
            }
            let held = net
                .index
                .interface_at
                .get(&(sgs[named.0].vpc, packet.remote));
            let Some(&Interface::Instance(member)) = held else {
                return None;
            };
            let member = &net.instances[member.0];
            let as_member = filter::Packet {
                remote_groups: std::slice::from_ref(&named),
                ..*packet
            };
            (member.security_groups.contains(&named) && filter::sg_rule_matches(rule, &as_member))
                .then(|| {
                    Box::new((
                        SmolStr::new(&sgs[g.0].id),
                        SmolStr::new(&sgs[named.0].id),
                        SmolStr::new(&member.id),
                    ))
                })
        })
    })
}

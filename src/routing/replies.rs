//! The replies: they retrace the request's path, so every network ACL it crossed is checked
//! again in the other direction against the sender's ephemeral ports, and every peering needs
//! a route back.

use super::*;

/// The replies walk back over every boundary the request crossed, last first (F6.9).
pub(super) fn replies<'a>(
    net: &'a Network,
    p: &Packet,
    steps: &mut Steps<'a>,
) -> Result<(), DropReason> {
    // The subnet the replies last left toward a transit gateway: the zone they cross it in.
    let mut reply_from = None;
    for leg in p.legs.iter().rev() {
        match *leg {
            Leg::Acl {
                subnet,
                dir,
                remote,
                sender,
                reply_to,
                reply_ports,
                replies,
            } => {
                if !replies {
                    continue;
                }
                // An echo request's reply is an echo reply: ICMP type 0, no ports (F6.9).
                let reply_ports = match p.protocol {
                    Protocol::Icmp => (aws::ICMP_ECHO_REPLY, aws::ICMP_ECHO_REPLY),
                    _ => reply_ports,
                };
                let dir = dir.reverse();
                let s = &net.subnets[subnet.0];
                let acl = &net.nacls[s.nacl.0];
                let parts = filter::nacl_range(acl, dir, p.protocol, reply_ports, remote);
                let denied: Vec<_> = parts.iter().filter(|(_, m)| !m.allow).collect();
                // The words are built only when a step or a reason needs them: the rules that
                // denied replies, or every rule that admitted them.
                let rules = || {
                    let mut rules: Vec<&str> = Vec::new();
                    let deciding = parts.iter().filter(|(_, m)| !m.allow || denied.is_empty());
                    for (_, m) in deciding {
                        let r = filter::nacl_rule_words(net, s.nacl, dir, *m);
                        if !rules.contains(&r) {
                            rules.push(r);
                        }
                    }
                    match rules[..] {
                        [one] => Name::Borrowed(one),
                        _ => Name::Owned(rules.join("; ")),
                    }
                };
                let what = || Checked {
                    ingress: dir == Direction::Ingress,
                    of: Name::Borrowed(&s.id),
                    crossing: Crossing::Replies {
                        from: remote,
                        to: reply_to,
                        ports: reply_ports,
                    },
                    udp: p.protocol == Protocol::Udp,
                    icmp: p.protocol == Protocol::Icmp,
                };
                steps.push(|| Step::Filter {
                    filter: Name::Borrowed(&acl.id),
                    direction: what(),
                    packet: FilterPacket {
                        ingress: dir == Direction::Ingress,
                        remote,
                        ports: reply_ports,
                        reply: true,
                        udp: p.protocol == Protocol::Udp,
                        icmp: p.protocol == Protocol::Icmp,
                    },
                    allowed: denied.is_empty(),
                    rule: rules(),
                });
                if !denied.is_empty() {
                    let ranges: Vec<(u16, u16)> = denied.iter().map(|(r, _)| *r).collect();
                    let reason = filter::ReplyDenial {
                        acl: &acl.id,
                        subnet: &s.id,
                        dir,
                        from: match dir {
                            Direction::Ingress => remote,
                            Direction::Egress => p.dst,
                        },
                        to: reply_to,
                        denied: ranges,
                        all: denied.len() == parts.len(),
                        rules: &rules(),
                        sender,
                        ephemeral: reply_ports,
                        icmp: p.protocol == Protocol::Icmp,
                    }
                    .reason();
                    return drop(steps, &acl.id, reason);
                }
            }
            Leg::Transit { subnet, ref back } => {
                transit_replies(net, subnet, back, steps)?;
                reply_from = Some(subnet);
            }
            Leg::Vgw { subnet, to, via } => vgw_replies(net, subnet, to, via, steps)?,
            Leg::Internet { subnet, to, via } => {
                let need = || ReplyNeed::InternetGateway {
                    igw: id(&net.igws[via.0].id),
                };
                route_back(net, subnet, to, Target::Igw(via), need, steps)?;
            }
            Leg::Appliance {
                subnet,
                to,
                via,
                bypass,
                attachment,
            } => appliance_replies(net, subnet, to, via, bypass, attachment, reply_from, steps)?,
            Leg::Peering { subnet, to, via } => {
                let need = || ReplyNeed::Peering {
                    peering: id(&net.peerings[via.0].id),
                };
                route_back(net, subnet, to, Target::Peering(via), need, steps)?;
            }
        }
    }
    Ok(())
}

/// The replies leave `subnet` for `to`: its route table must send them to `back` (the peering
/// connection, transit gateway or virtual private gateway the request came through). The route
/// found is a `reply` step; none, or one elsewhere, drops them (`need` says what is missing).
/// Replies to an address of `subnet` itself stay in it, at layer 2, and are dropped too.
pub(super) fn route_back<'a>(
    net: &'a Network,
    subnet: SubnetIx,
    to: Ipv4Addr,
    back: Target,
    need: impl FnOnce() -> ReplyNeed,
    steps: &mut Steps<'a>,
) -> Result<(), DropReason> {
    let s = &net.subnets[subnet.0];
    // Replies to an address of their own subnet go to it at layer 2: no route applies (F6.33).
    if s.cidr.contains(&to) {
        steps.push(|| Step::Layer2 {
            subnet: Name::Borrowed(&s.id),
            destination: to,
            reply: true,
        });
        let lost = NoWayBack::InSubnet {
            subnet: id(&s.id),
            to,
            back: id(net.target_id(back)),
        };
        return drop(steps, &s.id, DropReason::NoWayBack(lost));
    }
    let t = net.table_of(subnet);
    let table = &net.route_tables[t.0];
    let Some(route) = net.lookup(t, to) else {
        let lost = NoWayBack::NoRoute {
            table: id(&table.id),
            subnet: id(&s.id),
            to,
            need: need(),
        };
        return drop(steps, &table.id, DropReason::NoWayBack(lost));
    };
    steps.push(|| Step::Route {
        subnet: Name::Borrowed(&s.id),
        table: Name::Borrowed(&table.id),
        destination: Name::Borrowed(&route.label),
        target: Name::Borrowed(net.target_id(route.target)),
        reply: true,
    });
    if route.target != back {
        let lost = NoWayBack::WrongRoute {
            to,
            route: id(&route.label),
            target: id(net.target_id(route.target)),
            back: id(net.target_id(back)),
        };
        return drop(steps, &table.id, DropReason::NoWayBack(lost));
    }
    Ok(())
}

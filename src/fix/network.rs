//! Candidates where the network dropped a request: route table associations and routes,
//! network ACL rules and security group rules.

use super::*;

/// The `{api-id}-{vpce-id}` name of a private API and an endpoint it is not associated with:
/// associate them (F2.8).
pub(super) fn association_candidates(net: &Network, req: &Request, out: &mut Vec<Candidate>) {
    let Some((label, _)) = aws::parse_execute_api_host(&req.url.host) else {
        return;
    };
    for api in net
        .apis
        .iter()
        .filter(|a| a.endpoint == EndpointType::Private)
    {
        let Some(vpce) = label.strip_prefix(&format!("{}-", api.id)) else {
            continue;
        };
        let Some(e) = net.endpoints.iter().position(|e| e.id == vpce) else {
            continue;
        };
        if api.vpc_endpoints.contains(&EndpointIx(e)) {
            continue;
        }
        let (id, ep) = (api.id.clone(), vpce.to_string());
        out.push(Candidate {
            title: format!("associate {ep} with private API {id}"),
            edits: vec![format!("apis[{id}]: vpc_endpoints: + {ep}")],
            // The alias name `{api-id}-{vpce-id}` (in public DNS and at the door), in any Region.
            touches: Touch::Keys(vec![
                Key::Id(id.clone()),
                Key::Id(ep.clone()),
                Key::Label(format!("{id}-{ep}")),
            ]),
            apply: Box::new(move |doc| push(item(doc, "apis", &id)?, "vpc_endpoints", json!(ep))),
        });
    }
}

/// The packets were dropped at `at`: a route, a public address, a rule that would let them by.
pub(super) fn drop_candidates(
    net: &Network,
    req: &Request,
    t: &Trace,
    at: &str,
    out: &mut Vec<Candidate>,
) {
    site_learns_candidates(net, t, at, out);
    if let Client::Site(c) = req.client {
        site_candidates(net, t, at, c, out);
        return;
    }
    let Client::Instance(ci) = req.client else {
        return;
    };
    let client = &net.instances[ci.0];
    let client_vpc = net.subnets[client.subnet.0].vpc;
    // A route table with no route, a blackhole, or no route back across a peering connection.
    if let Some(t_ix) = net.route_tables.iter().position(|r| r.id == at) {
        let table = &net.route_tables[t_ix];
        let vpc = &net.vpcs[table.vpc.0];
        let reply = t.steps.iter().any(
            |s| matches!(s, Step::Arrive { at, .. } if net.peerings.iter().any(|x| &x.id == at)),
        );
        let mut targets: Vec<(String, String)> = Vec::new();
        if reply && table.vpc != client_vpc {
            for x in net
                .peerings
                .iter()
                .filter(|x| x.other(table.vpc) == client_vpc)
            {
                for c in &net.vpcs[client_vpc.0].cidrs {
                    targets.push((c.to_string(), x.id.clone()));
                }
            }
        } else {
            let dst = t.steps.iter().find_map(|s| match s {
                Step::Connect { destination, .. } => Some(*destination),
                _ => None,
            });
            // A blackhole is replaced where it is; a missing route is added for the destination
            // (a private one exactly, a public one as the default route).
            let blackhole = super::blackhole_in(t, at);
            let dest = if let Some(b) = blackhole {
                b
            } else if dst.is_some_and(|d| d.is_private()) {
                dst.map(|d| format!("{d}/32")).unwrap_or_default()
            } else {
                "0.0.0.0/0".to_string()
            };
            for g in net.igws.iter().filter(|g| g.vpc == table.vpc) {
                targets.push((dest.clone(), g.id.clone()));
            }
            for n in net
                .nats
                .iter()
                .filter(|n| net.subnets[n.subnet.0].vpc == table.vpc)
            {
                targets.push((dest.clone(), n.id.clone()));
            }
        }
        targets.extend(vpc_routes_through_transit(net, table, t, client.private_ip));
        for (dest, target) in targets {
            out.push(route_candidate(&vpc.id, &table.id, &dest, &target));
        }
    }
    let client_subnet = &net.subnets[client.subnet.0].id;
    transit_candidates(
        net,
        t,
        at,
        client.private_ip,
        Some(client_subnet.as_str()),
        out,
    );
    // An internet gateway with no public address to translate.
    if net.igws.iter().any(|g| g.id == at) && client.public_ip.is_none() {
        let id = client.id.clone();
        let vpc = net.vpcs[client_vpc.0].id.clone();
        out.push(Candidate {
            title: format!("give {id} a public address"),
            edits: vec![format!("vpcs[{vpc}].instances[{id}]: public_ip: true")],
            // Public addresses are allocated in file order: the instances after it move.
            touches: Touch::Everything,
            apply: Box::new(move |doc| {
                vpc_item(doc, "instances", &id)?
                    .as_object_mut()?
                    .insert("public_ip".into(), json!(true));
                Some(())
            }),
        });
    }
    // A security group or network ACL that let nothing by: the filter steps say which.
    for s in &t.steps {
        let Step::Filter {
            filter,
            packet,
            allowed: false,
            ..
        } = s
        else {
            continue;
        };
        if let Some(acl) = net.nacls.iter().find(|a| &a.id == filter) {
            acl_candidate(net, acl, packet, out);
        } else {
            sg_candidate(net, filter, packet, at, out);
        }
    }
}

/// Route `dest` to `target` in a VPC's table, replacing any route to `dest`.
pub(super) fn route_candidate(vpc: &str, table: &str, dest: &str, target: &str) -> Candidate {
    let (tid, d2, t2) = (table.to_string(), dest.to_string(), target.to_string());
    Candidate {
        title: format!("route {dest} to {target} in {table}"),
        edits: vec![format!(
            "vpcs[{vpc}].route_tables[{table}]: routes: + {{ destination: {dest}, target: {target} }} (replacing any route to {dest})"
        )],
        // Every lookup in a table is a step naming it, or a drop there.
        touches: Touch::ids([table]),
        apply: Box::new(move |doc| {
            let rt = vpc_item(doc, "route_tables", &tid)?;
            let routes = rt
                .as_object_mut()?
                .entry("routes")
                .or_insert_with(|| Value::Array(Vec::new()))
                .as_array_mut()?;
            routes.retain(|r| r.get("destination").and_then(Value::as_str) != Some(&d2));
            routes.push(json!({ "destination": d2, "target": t2 }));
            Some(())
        }),
    }
}

pub(super) fn acl_candidate(
    net: &Network,
    acl: &NetworkAcl,
    packet: &FilterPacket,
    out: &mut Vec<Candidate>,
) {
    // An ICMP rule is not proposed: its type is not a port range.
    if packet.icmp {
        return;
    }
    let (ingress, ports, remote) = (packet.ingress, packet.ports, packet.remote.to_string());
    let (protocol, protocol_name) = if packet.udp {
        (Protocol::Udp, "udp")
    } else {
        (Protocol::Tcp, "tcp")
    };
    // The default ACL is not written in the scenario; only declared ACLs are edited.
    if acl.id.ends_with("-default-acl") {
        return;
    }
    let dir = if ingress {
        crate::net::Direction::Ingress
    } else {
        crate::net::Direction::Egress
    };
    let rules = if ingress { &acl.ingress } else { &acl.egress };
    let used: BTreeSet<u32> = rules.iter().map(|r| r.number).collect();
    // The new allow must come before every numbered rule that denies some of these ports
    // today; if only the final `*` rule denies, it goes after the last rule.
    let lowest_deny = crate::filter::nacl_range(acl, dir, protocol, ports, packet.remote)
        .iter()
        .filter(|(_, m)| !m.allow)
        .filter_map(|(_, m)| m.rule.map(|i| rules[i].number))
        .min();
    let number = match lowest_deny {
        Some(n) => (1..n).rev().find(|k| !used.contains(k)),
        None => {
            let next = (used.iter().max().copied().unwrap_or(0) / 10 + 1) * 10;
            (next..=32766).find(|k| !used.contains(k))
        }
    };
    let Some(number) = number else {
        return;
    };
    let vpc = net.vpcs[acl.vpc.0].id.clone();
    let list = if ingress { "ingress" } else { "egress" };
    let port_text = if ports.0 == ports.1 {
        json!(ports.0)
    } else {
        json!(format!("{}-{}", ports.0, ports.1))
    };
    let rule = json!({ "rule": number, "action": "allow", "protocol": protocol_name, "ports": port_text, "cidr": format!("{remote}/32") });
    let (id, r2) = (acl.id.clone(), rule.clone());
    let title = format!(
        "allow {protocol_name} {} {} {remote} in {}",
        port_text.to_string().trim_matches('"'),
        if ingress { "from" } else { "to" },
        acl.id
    );
    out.push(Candidate {
        title: title.clone(),
        edits: vec![format!(
            "vpcs[{vpc}].network_acls[{}]: {list}: + {}",
            acl.id,
            flow(&rule)
        )],
        // Every crossing of a network ACL, either way, is a step naming it.
        touches: Touch::ids([acl.id.clone()]),
        apply: Box::new(move |doc| push(vpc_item(doc, "network_acls", &id)?, list, r2.clone())),
    });
    // ACLs are stateless: a request let in must also have its replies let out, so the rule
    // for the replies comes with it (to the sender's ephemeral ports).
    if packet.reply {
        return;
    }
    let reply_ports = if net.nats.iter().any(|n| n.private_ip.to_string() == remote) {
        aws::NAT_EPHEMERAL_PORTS
    } else {
        net.instances
            .iter()
            .find(|i| i.private_ip.to_string() == remote)
            .map_or(aws::NAT_EPHEMERAL_PORTS, |i| i.ephemeral_ports)
    };
    let replies_pass =
        crate::filter::nacl_range(acl, dir.reverse(), protocol, reply_ports, packet.remote)
            .iter()
            .all(|(_, m)| m.allow);
    if replies_pass {
        return;
    }
    let other = if ingress { "egress" } else { "ingress" };
    let other_rules = if ingress { &acl.egress } else { &acl.ingress };
    let other_number = (other_rules.iter().map(|r| r.number).max().unwrap_or(0) / 10 + 1) * 10;
    let reply = json!({ "rule": other_number.min(32766), "action": "allow", "protocol": protocol_name,
        "ports": format!("{}-{}", reply_ports.0, reply_ports.1), "cidr": format!("{remote}/32") });
    let (id, r2, r3) = (acl.id.clone(), rule.clone(), reply.clone());
    out.push(Candidate {
        title: format!("{title}, and its replies"),
        edits: vec![
            format!(
                "vpcs[{vpc}].network_acls[{}]: {list}: + {}",
                acl.id,
                flow(&rule)
            ),
            format!(
                "vpcs[{vpc}].network_acls[{}]: {other}: + {}",
                acl.id,
                flow(&reply)
            ),
        ],
        touches: Touch::ids([acl.id.clone()]),
        apply: Box::new(move |doc| {
            let a = vpc_item(doc, "network_acls", &id)?;
            push(a, list, r2.clone())?;
            push(a, other, r3.clone())
        }),
    });
}

pub(super) fn sg_candidate(
    net: &Network,
    group: &str,
    packet: &FilterPacket,
    at: &str,
    out: &mut Vec<Candidate>,
) {
    if packet.icmp {
        return;
    }
    let (ingress, ports, remote) = (packet.ingress, packet.ports, packet.remote.to_string());
    let protocol_name = if packet.udp { "udp" } else { "tcp" };
    let list = if ingress { "ingress" } else { "egress" };
    let port_text = if ports.0 == ports.1 {
        json!(ports.0)
    } else {
        json!(format!("{}-{}", ports.0, ports.1))
    };
    let peer = match remote.parse::<std::net::Ipv4Addr>() {
        Ok(ip) if ip.is_private() => {
            // The client's subnet, which is what people write.
            net.subnets
                .iter()
                .find(|s| s.cidr.contains(&ip))
                .map_or(format!("{ip}/32"), |s| s.cidr.to_string())
        }
        _ => format!("{remote}/32"),
    };
    let rule = json!({ "protocol": protocol_name, "ports": port_text, "cidr": peer });
    if group != "default" {
        let Some(sg) = net.security_groups.iter().find(|g| g.id == group) else {
            return;
        };
        let vpc = net.vpcs[sg.vpc.0].id.clone();
        let (id, r2) = (group.to_string(), rule.clone());
        out.push(Candidate {
            title: format!(
                "allow {list} {protocol_name} {} {} {peer} in {group}",
                port_text.to_string().trim_matches('"'),
                if ingress { "from" } else { "to" }
            ),
            edits: vec![format!(
                "vpcs[{vpc}].security_groups[{group}]: {list}: + {}",
                flow(&rule)
            )],
            touches: group_and_members(net, group),
            apply: Box::new(move |doc| {
                let g = vpc_item(doc, "security_groups", &id)?;
                // A group without an egress list allows all outbound: only ingress can be missing
                // from it, but an explicit list is extended.
                push(g, list, r2.clone())
            }),
        });
        return;
    }
    // The VPC's default group: give the endpoint (or instance) a group of its own.
    let owner = at.to_string();
    let Some((vpc, kind)) = net
        .endpoints
        .iter()
        .find(|e| e.id == owner)
        .map(|e| (net.vpcs[e.vpc.0].id.clone(), "endpoints"))
        .or_else(|| {
            net.instances.iter().find(|i| i.id == owner).map(|i| {
                (
                    net.vpcs[net.subnets[i.subnet.0].vpc.0].id.clone(),
                    "instances",
                )
            })
        })
    else {
        return;
    };
    let new_id = format!("sg-{owner}-https");
    let group = if ingress {
        json!({ "id": new_id, "ingress": [rule] })
    } else {
        json!({ "id": new_id, "egress": [rule] })
    };
    let (v2, g2, o2, n2) = (vpc.clone(), group.clone(), owner.clone(), new_id.clone());
    out.push(Candidate {
        title: format!(
            "give {owner} a security group that allows {list} {protocol_name} {} {} {peer}",
            port_text.to_string().trim_matches('"'),
            if ingress { "from" } else { "to" }
        ),
        edits: vec![
            format!("vpcs[{vpc}].security_groups: + {}", flow(&group)),
            format!("vpcs[{vpc}].{kind}[{owner}]: security_groups: [{new_id}]"),
        ],
        touches: interface_owner(net, &owner),
        apply: Box::new(move |doc| {
            push(item(doc, "vpcs", &v2)?, "security_groups", g2.clone())?;
            vpc_item(doc, kind, &o2)?
                .as_object_mut()?
                .insert("security_groups".into(), json!([n2]));
            Some(())
        }),
    });
}

//! Candidates where a transit gateway dropped a request: a propagation or a route in its route
//! table, an association, an attachment subnet in the client's zone, and VPC routes to or back
//! through the gateway.

use std::net::Ipv4Addr;

use super::*;

/// The reason the request was dropped, if it was.
fn dropped<'t>(t: &'t Trace<'_>) -> Option<&'t DropReason> {
    match t.steps.last() {
        Some(Step::Drop { reason, .. }) => Some(reason),
        _ => None,
    }
}

/// The address a missing route must lead to: the client's, when the replies found no way
/// back; the request's destination otherwise.
fn wanted(t: &Trace, client: Ipv4Addr) -> Option<Ipv4Addr> {
    if dropped(t).is_some_and(DropReason::no_way_back) {
        return Some(client);
    }
    t.steps.iter().find_map(|s| match s {
        Step::Connect { destination, .. } => Some(*destination),
        _ => None,
    })
}

/// Routes a VPC route table could add to reach `addr` through a transit gateway its VPC is
/// attached to: the CIDR of the attached VPC that holds the address.
pub(super) fn vpc_routes_through_transit(
    net: &Network,
    table: &RouteTable,
    t: &Trace,
    client: Ipv4Addr,
) -> Vec<(String, String)> {
    let mut targets = Vec::new();
    let Some(addr) = wanted(t, client) else {
        return targets;
    };
    for (g, tgw) in net.tgws.iter().enumerate() {
        let g = TgwIx(g);
        if net.attachment_of(g, table.vpc).is_none() {
            continue;
        }
        for &a in &tgw.attachments {
            let att = &net.tgw_attachments[a.0];
            let cidrs: Vec<ipnet::Ipv4Net> = match att.to {
                Attached::Vpc(v) => net.vpcs[v.0].cidrs.clone(),
                Attached::Peering { .. } => continue,
                Attached::Vpn(_) | Attached::DirectConnect(_) => att
                    .sites(net)
                    .iter()
                    .flat_map(|s| net.sites[s.0].cidrs.iter().copied())
                    .collect(),
            };
            if let Some(c) = cidrs.iter().find(|c| c.contains(&addr)) {
                targets.push((c.to_string(), tgw.id.clone()));
            }
        }
    }
    targets
}

/// Where a transit gateway dropped the packets at `at` (one of its route tables or
/// attachments): the edits of the gateway that would carry them.
pub(super) fn transit_candidates(
    net: &Network,
    t: &Trace,
    at: &str,
    client: Ipv4Addr,
    client_subnet: Option<&str>,
    out: &mut Vec<Candidate>,
) {
    if let Some(table) = net.tgw_route_tables.iter().find(|r| r.id == at) {
        // The implicit default table is not written in the scenario: nothing to edit.
        let tgw = &net.tgws[table.tgw.0];
        let declared = !table.id.ends_with(":default");
        let Some(addr) = wanted(t, client).filter(|_| declared) else {
            return;
        };
        let blackhole = super::blackhole_in(t, at);
        for &a in &tgw.attachments {
            let att = &net.tgw_attachments[a.0];
            let cidrs: Vec<ipnet::Ipv4Net> = match att.to {
                Attached::Vpc(v) => net.vpcs[v.0].cidrs.clone(),
                Attached::Peering { .. } => continue,
                Attached::Vpn(_) | Attached::DirectConnect(_) => att
                    .sites(net)
                    .iter()
                    .flat_map(|s| net.sites[s.0].cidrs.iter().copied())
                    .collect(),
            };
            let Some(cidr) = cidrs.iter().find(|c| c.contains(&addr)) else {
                continue;
            };
            let (g, rt, id) = (tgw.id.clone(), table.id.clone(), att.id.clone());
            if let Some(dest) = &blackhole {
                let d = dest.clone();
                out.push(Candidate {
                    title: format!("route {dest} to {id} in {rt}"),
                    edits: vec![format!(
                        "transit_gateways[{g}].route_tables[{rt}]: routes: + {{ destination: {dest}, target: {id} }} (replacing the blackhole)"
                    )],
                    touches: transit_table(net, &table.id),
                    apply: Box::new(move |doc| {
                        let routes = tgw_table(doc, &g, &rt)?
                            .as_object_mut()?
                            .get_mut("routes")?
                            .as_array_mut()?;
                        routes.retain(|r| r.get("destination").and_then(Value::as_str) != Some(&d));
                        routes.push(json!({ "destination": d, "target": id }));
                        Some(())
                    }),
                });
                continue;
            }
            out.push(Candidate {
                title: format!("propagate {id} into {rt} (its VPC holds {cidr})"),
                edits: vec![format!(
                    "transit_gateways[{g}].route_tables[{rt}]: propagations: + {id}"
                )],
                touches: transit_table(net, &table.id),
                apply: Box::new(move |doc| {
                    push(tgw_table(doc, &g, &rt)?, "propagations", json!(id))
                }),
            });
        }
        return;
    }
    let Some(a) = net.tgw_attachments.iter().position(|x| x.id == at) else {
        return;
    };
    let att = &net.tgw_attachments[a];
    let tgw = &net.tgws[att.tgw.0];
    let reason = dropped(t);
    // The attachment the request entered by, or the one the replies enter by, is associated
    // with no route table of the transit gateway.
    let unassociated = matches!(
        reason,
        Some(
            DropReason::NotAssociated { .. }
                | DropReason::NoWayBack(NoWayBack::NotAssociated { .. })
        )
    );
    // The request's own way in (not the replies') has no attachment subnet in its zone.
    let no_subnet_in_zone = matches!(reason, Some(DropReason::NoAttachmentSubnetInZone { .. }));
    if unassociated {
        for table in net.tgw_route_tables.iter().filter(|r| r.tgw == att.tgw) {
            let (g, id, rt) = (tgw.id.clone(), att.id.clone(), table.id.clone());
            out.push(Candidate {
                title: format!("associate {id} with {rt}"),
                edits: vec![format!(
                    "transit_gateways[{g}].attachments[{id}]: route_table: {rt}"
                )],
                touches: transit_attachment(net, TgwAttachmentIx(a)),
                apply: Box::new(move |doc| {
                    tgw_attachment(doc, &g, &id)?
                        .as_object_mut()?
                        .insert("route_table".into(), json!(rt));
                    Some(())
                }),
            });
        }
    } else if let Some(s) = client_subnet.filter(|_| no_subnet_in_zone) {
        let (g, id, s) = (tgw.id.clone(), att.id.clone(), s.to_string());
        out.push(Candidate {
            title: format!("give {id} a subnet in the client's zone: {s}"),
            edits: vec![format!(
                "transit_gateways[{g}].attachments[{id}]: subnets: + {s}"
            )],
            touches: transit_attachment(net, TgwAttachmentIx(a)),
            apply: Box::new(move |doc| push(tgw_attachment(doc, &g, &id)?, "subnets", json!(s))),
        });
    }
}

/// A request from a site that was dropped at `at`: a route back in a VPC route table (through
/// the transit gateway or the virtual private gateway the request came by, or route
/// propagation from the latter), and the transit gateway's own edits.
pub(super) fn site_candidates(
    net: &Network,
    t: &Trace,
    at: &str,
    c: SiteClientIx,
    out: &mut Vec<Candidate>,
) {
    let client = &net.site_clients[c.0];
    transit_candidates(net, t, at, client.ip, None, out);
    let Some(table) = net.route_tables.iter().find(|r| r.id == at) else {
        return;
    };
    let vpc = &net.vpcs[table.vpc.0];
    let mut targets = vpc_routes_through_transit(net, table, t, client.ip);
    let site = &net.sites[client.site.0];
    let cidr = site.cidrs.iter().find(|c| c.contains(&client.ip));
    if let (Some(g), Some(cidr)) = (vpc.vgw, cidr)
        && net.vgws[g.0].sites.iter().any(|&(s, _)| s == client.site)
    {
        targets.push((cidr.to_string(), net.vgws[g.0].id.clone()));
        if table.declared {
            let (v, rt) = (vpc.id.clone(), table.id.clone());
            out.push(Candidate {
                title: format!(
                    "turn on route propagation from {} in {rt}",
                    net.vgws[g.0].id
                ),
                edits: vec![format!(
                    "vpcs[{v}].route_tables[{rt}]: vpn_gateway_propagation: true"
                )],
                // The gateway's routes join the table's: found where it is consulted.
                touches: Touch::ids([rt.clone()]),
                apply: Box::new(move |doc| {
                    vpc_item(doc, "route_tables", &rt)?
                        .as_object_mut()?
                        .insert("vpn_gateway_propagation".into(), json!(true));
                    Some(())
                }),
            });
        }
    }
    for (dest, target) in targets {
        out.push(route_candidate(&vpc.id, &table.id, &dest, &target));
    }
}

/// A route table of a transit gateway in the file as written.
pub(super) fn tgw_table<'a>(doc: &'a mut Value, tgw: &str, table: &str) -> Option<&'a mut Value> {
    item(doc, "transit_gateways", tgw)?
        .get_mut("route_tables")?
        .as_array_mut()?
        .iter_mut()
        .find(|t| t.get("id").and_then(Value::as_str) == Some(table))
}

/// An attachment of a transit gateway in the file as written.
pub(super) fn tgw_attachment<'a>(doc: &'a mut Value, tgw: &str, id: &str) -> Option<&'a mut Value> {
    item(doc, "transit_gateways", tgw)?
        .get_mut("attachments")?
        .as_array_mut()?
        .iter_mut()
        .find(|t| t.get("id").and_then(Value::as_str) == Some(id))
}

//! Transit gateways (attachments, route tables, propagations, static routes), virtual private
//! gateways, and the sites their VPN connections reach.

use super::*;

mod peering;
mod references;

/// A customer gateway's site as its VPN connections give it: where, its ranges, and whether
/// every connection routes by static routes (`Options.StaticRoutesOnly`, F6.73).
type VpnSite = (Pos, BTreeSet<String>, bool);

/// The sites of VPN connections with static routes, by VPN connection id: a site is a customer
/// gateway, its ranges the static routes of its connections, its routing `static` (F6.73).
fn vpn_sites(cx: &mut Cx) -> Result<BTreeMap<String, String>, ImportError> {
    let mut site_of = BTreeMap::new();
    let mut sites: BTreeMap<String, VpnSite> = BTreeMap::new();
    cx.each("VpnConnections", "VpnConnectionId", |cx, item| {
        let id = item.s("VpnConnectionId")?.to_string();
        if let Some(state) = item.os("State")?.filter(|s| *s != "available") {
            cx.b.notes.about(
                NoteKind::LeftOut,
                id,
                Some(item.place()),
                format!("a VPN connection not available ({state})"),
            );
            return Ok(());
        }
        // The dump's tunnel state is a moment's; vpcpath has no tunnel state and carries the
        // traffic: said, not assumed in silence.
        let tunnels = item.children("VgwTelemetry")?;
        if !tunnels.is_empty()
            && tunnels
                .iter()
                .all(|t| t.value.get("Status").and_then(Value::as_str) == Some("DOWN"))
        {
            cx.b.notes.about(
                NoteKind::NotModelled,
                id.clone(),
                Some(item.place()),
                "every tunnel of this VPN connection is DOWN in the dump: vpcpath has no tunnel state and carries its traffic as if a tunnel were up",
            );
        }
        let cgw = item.s("CustomerGatewayId")?.to_string();
        let mut cidrs = BTreeSet::new();
        for r in item.children("Routes")? {
            if r.os("State")?.is_none_or(|s| s == "available")
                && let Some(c) = r.os("DestinationCidrBlock")?
            {
                cidrs.insert(cidr(&r, "DestinationCidrBlock", c)?);
            }
        }
        if cidrs.is_empty() {
            cx.b.notes.about(
                NoteKind::LeftOut,
                id,
                Some(item.place()),
                "a VPN connection that routes by BGP: the prefixes its site advertises are not in the dump, so the site and the connection are left out (write the site's cidrs by hand)",
            );
            return Ok(());
        }
        // Static routes belong to a connection that routes by them: static unless the dump
        // says otherwise.
        let static_only = item
            .value
            .get("Options")
            .and_then(|o| o.get("StaticRoutesOnly"))
            .and_then(Value::as_bool)
            .unwrap_or(true);
        let pos = cx.at(&cgw, item);
        let site = sites
            .entry(cgw.clone())
            .or_insert((pos, BTreeSet::new(), true));
        site.1.extend(cidrs);
        site.2 &= static_only;
        site_of.insert(id, cgw);
        Ok(())
    })?;
    for (id, (pos, cidrs, static_only)) in sites {
        cx.b.s.sites.push(model::Site {
            id: sp(pos, id),
            cidrs: cidrs.into_iter().map(|c| sp(pos, c)).collect(),
            vpn_routing: static_only.then(|| sp(pos, "static".to_string())),
            ..model::Site::default()
        });
    }
    Ok(site_of)
}

/// Virtual private gateways attached to VPCs of the dump, and transit gateways.
pub(super) fn gateways(cx: &mut Cx) -> Result<(), ImportError> {
    let site_of = vpn_sites(cx)?;
    let dump = cx.dump;
    cx.each("VpnGateways", "VpnGatewayId", |cx, item| {
        let id = item.s("VpnGatewayId")?.to_string();
        let mut sites: Vec<String> = dump
            .items("VpnConnections")
            .iter()
            .filter(|c| c.value.get("VpnGatewayId").and_then(Value::as_str) == Some(&id))
            .filter_map(|c| {
                site_of
                    .get(c.value.get("VpnConnectionId")?.as_str()?)
                    .cloned()
            })
            .collect();
        sites.sort();
        sites.dedup();
        let mut attached = false;
        for a in item.children("VpcAttachments")? {
            if a.os("State")? == Some("attached")
                && let Some(vpc) = a.os("VpcId")?
                && cx.vpcs.contains_key(vpc)
            {
                let pos = cx.at(&id, item);
                let gw = model::VpnGateway {
                    id: sp(pos, id.clone()),
                    vpn: sites.iter().map(|s| sp(pos, s.clone())).collect(),
                    direct_connect: Vec::new(),
                    allowed_prefixes: Vec::new(),
                };
                if let Some(v) = cx.vpc(vpc) {
                    v.vpn_gateway = Some(gw);
                    attached = true;
                }
            }
        }
        if !attached {
            cx.b.notes.about(
                NoteKind::LeftOut,
                id,
                Some(item.place()),
                "a virtual private gateway attached to no VPC of the dump",
            );
        }
        Ok(())
    })?;
    let vpc_subnets: BTreeMap<String, Vec<String>> = dump
        .items("TransitGatewayVpcAttachments")
        .iter()
        .filter_map(|a| {
            Some((
                a.value
                    .get("TransitGatewayAttachmentId")?
                    .as_str()?
                    .to_string(),
                a.strings("SubnetIds").ok()?,
            ))
        })
        .collect();
    let sides = peering::sides(cx)?;
    cx.each("TransitGateways", "TransitGatewayId", |cx, item| {
        transit_gateway(cx, item, &site_of, &vpc_subnets, &sides)
    })?;
    peering::unpaired(cx);
    // What belongs to a transit gateway the scenario does not hold.
    let held: BTreeSet<String> =
        cx.b.s
            .transit_gateways
            .iter()
            .map(|t| t.id.value.clone())
            .collect();
    for (key, field) in [
        ("TransitGatewayAttachments", "TransitGatewayAttachmentId"),
        ("TransitGatewayRouteTables", "TransitGatewayRouteTableId"),
    ] {
        for item in dump.items(key) {
            let get = |f: &str| item.value.get(f).and_then(Value::as_str).unwrap_or("");
            if !held.contains(get("TransitGatewayId")) {
                cx.b.notes.about(
                    NoteKind::LeftOut,
                    get(field),
                    Some(item.place()),
                    format!("{key} of a transit gateway not in the dump, or left out"),
                );
            }
        }
    }
    cx.b.s
        .transit_gateways
        .sort_by(|a, b| a.id.value.cmp(&b.id.value));
    Ok(())
}

/// One transit gateway: its attachments, route tables, propagations and static routes.
fn transit_gateway(
    cx: &mut Cx,
    item: &Item,
    site_of: &BTreeMap<String, String>,
    vpc_subnets: &BTreeMap<String, Vec<String>>,
    sides: &peering::Sides,
) -> Result<(), Bad> {
    let id = item.s("TransitGatewayId")?.to_string();
    if let Some(state) = item.os("State")?.filter(|s| *s != "available") {
        cx.b.notes.about(
            NoteKind::LeftOut,
            id,
            Some(item.place()),
            format!("a transit gateway not available ({state})"),
        );
        return Ok(());
    }
    let pos = cx.at(&id, item);
    let mut t = model::TransitGateway {
        id: sp(pos, id.clone()),
        region: item.region_of("TransitGatewayArn").map(|r| sp(pos, r)),
        account: item.owner("TransitGatewayArn").map(|a| sp(pos, a)),
        ..model::TransitGateway::default()
    };
    let dump = cx.dump;
    let dx = super::direct_connect::associated(dump);
    let mut kept = BTreeSet::new();
    for a in dump.items("TransitGatewayAttachments") {
        if a.value.get("TransitGatewayId").and_then(Value::as_str) != Some(&id) {
            continue;
        }
        let aws_id = a.s("TransitGatewayAttachmentId")?.to_string();
        let att = sides.id(&aws_id, &id);
        if let Some(state) = a.os("State")?.filter(|s| *s != "available") {
            cx.b.notes.about(
                NoteKind::LeftOut,
                att,
                Some(a.place()),
                format!("a transit gateway attachment not available ({state})"),
            );
            continue;
        }
        let resource = a.s("ResourceId")?.to_string();
        let association = a.value.get("Association");
        let table = association
            .filter(|x| x.get("State").and_then(Value::as_str) != Some("disassociated"))
            .and_then(|x| x.get("TransitGatewayRouteTableId"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let p = cx.at(&att, a);
        let table_at = cx.at_field(&att, a, "Association");
        let mut attachment = model::TgwAttachment {
            id: sp(p, att.clone()),
            route_table: table.map(|x| sp(table_at, x)),
            ..model::TgwAttachment::default()
        };
        match a.s("ResourceType")? {
            "vpc" => match vpc_subnets.get(&att) {
                Some(subnets) => {
                    attachment.vpc = Some(sp(p, resource));
                    attachment.subnets = subnets.iter().map(|s| sp(p, s.clone())).collect();
                }
                None => {
                    cx.b.notes.about(
                        NoteKind::LeftOut,
                        att,
                        Some(a.place()),
                        "a VPC attachment whose subnets are not in the dump (TransitGatewayVpcAttachments)",
                    );
                    continue;
                }
            },
            "vpn" => match site_of.get(&resource) {
                Some(site) => attachment.vpn = Some(sp(p, site.clone())),
                None => {
                    cx.b.notes.about(
                        NoteKind::LeftOut,
                        att,
                        Some(a.place()),
                        "a VPN attachment whose connection was left out",
                    );
                    continue;
                }
            },
            "peering" | "tgw-peering" => attachment.peering = Some(sp(p, resource)),
            "direct-connect-gateway" if dx.contains(&(resource.clone(), id.clone())) => {
                attachment.direct_connect_gateway = Some(sp(p, resource));
            }
            "direct-connect-gateway" => {
                cx.b.notes.about(
                    NoteKind::LeftOut,
                    att,
                    Some(a.place()),
                    "a Direct Connect gateway attachment whose gateway or association is not in the dump (DirectConnectGateways, DirectConnectGatewayAssociations)",
                );
                continue;
            }
            other => {
                cx.b.notes.about(
                    NoteKind::NotModelled,
                    att,
                    Some(a.place()),
                    format!("transit gateway {other} attachments (left out)"),
                );
                continue;
            }
        }
        kept.insert(att);
        t.attachments.push(attachment);
    }
    for rt in dump.items("TransitGatewayRouteTables") {
        if rt.value.get("TransitGatewayId").and_then(Value::as_str) != Some(&id) {
            continue;
        }
        let table = tgw_table(cx, rt, &kept, |att| sides.id(att, &id))?;
        t.route_tables.push(table);
    }
    cx.b.s.transit_gateways.push(t);
    Ok(())
}

/// A transit gateway route table, its propagations and static routes.
fn tgw_table(
    cx: &mut Cx,
    rt: &Item,
    kept: &BTreeSet<String>,
    side: impl Fn(&str) -> String,
) -> Result<model::TgwRouteTable, Bad> {
    let rid = rt.s("TransitGatewayRouteTableId")?.to_string();
    let pos = cx.at(&rid, rt);
    let dump = cx.dump;
    let mut propagations: BTreeMap<String, Pos> = BTreeMap::new();
    for p in dump.items("TransitGatewayPropagations") {
        if p.value
            .get("TransitGatewayRouteTableId")
            .and_then(Value::as_str)
            != Some(&rid)
        {
            continue;
        }
        for x in p.children("TransitGatewayRouteTablePropagations")? {
            let att = side(x.os("TransitGatewayAttachmentId")?.unwrap_or(""));
            if x.os("State")? == Some("enabled") && kept.contains(&att) {
                let at = cx.b.at(rid.clone(), x.place());
                propagations.entry(att).or_insert(at);
            }
        }
    }
    let mut routes = references::routes(cx, &rid, kept, &side)?;
    for s in dump.items("TransitGatewayStaticRoutes") {
        if s.value
            .get("TransitGatewayRouteTableId")
            .and_then(Value::as_str)
            != Some(&rid)
        {
            continue;
        }
        for r in s.children("Routes")? {
            // A prefix list reference's entry is read from the reference, if the dump has it.
            if r.os("Type")?.is_some_and(|t| t != "static") || r.os("PrefixListId")?.is_some() {
                continue;
            }
            let Some(dst) = r.os("DestinationCidrBlock")? else {
                continue;
            };
            let dst = cidr(&r, "DestinationCidrBlock", dst)?;
            let target = if r.os("State")? == Some("blackhole") {
                Some("blackhole".to_string())
            } else {
                r.value
                    .pointer("/TransitGatewayAttachments/0/TransitGatewayAttachmentId")
                    .and_then(Value::as_str)
                    .map(&side)
            };
            let Some(target) = target else {
                cx.b.notes.about(
                    NoteKind::LeftOut,
                    format!("{rid}: {dst}"),
                    Some(r.place()),
                    "a static route that names no attachment",
                );
                continue;
            };
            if target != "blackhole" && !kept.contains(&target) {
                cx.b.notes.about(
                    NoteKind::LeftOut,
                    format!("{rid}: {dst} -> {target}"),
                    Some(r.place()),
                    "a static route to an attachment that was left out (its own note says why)",
                );
                continue;
            }
            let p = cx.b.at(rid.clone(), r.place());
            routes.push(model::Route {
                destination: sp(p, dst.into()),
                target: sp(p, target.into()),
            });
        }
    }
    Ok(model::TgwRouteTable {
        id: sp(pos, rid),
        propagations: propagations.into_iter().map(|(a, at)| sp(at, a)).collect(),
        routes,
    })
}

//! Transit gateways (attachments, route tables, propagations, static routes), virtual private
//! gateways, and the sites their VPN connections reach.

use super::*;

/// A transit gateway.
#[derive(Debug, Default)]
pub(crate) struct TgwOut {
    pub(crate) id: String,
    pub(crate) region: String,
    pub(crate) account: String,
    pub(crate) attachments: Vec<AttachmentOut>,
    pub(crate) tables: Vec<TgwTableOut>,
}

/// An attachment: (id, `vpc` or `vpn`, what it attaches, subnets, associated table).
pub(crate) type AttachmentOut = (String, &'static str, String, Vec<String>, Option<String>);

/// A transit gateway route table: (id, propagations, static routes as (destination, target)).
pub(crate) type TgwTableOut = (String, Vec<String>, Vec<(Ipv4Net, String)>);

impl TgwOut {
    /// The VPCs attached to it.
    pub(crate) fn attached_vpcs(&self) -> BTreeSet<String> {
        self.attachments
            .iter()
            .filter(|a| a.1 == "vpc")
            .map(|a| a.2.clone())
            .collect()
    }
}

/// An on-premises site: a customer gateway and the prefixes its VPN's static routes carry.
#[derive(Debug, Default)]
pub(crate) struct SiteOut {
    pub(crate) id: String,
    pub(crate) cidrs: Vec<Ipv4Net>,
}

/// The sites of VPN connections with static routes, by VPN connection id.
fn vpn_sites(
    dump: &Dump,
    w: &mut World,
    notes: &mut Notes,
) -> Result<BTreeMap<String, String>, ImportError> {
    let mut site_of = BTreeMap::new();
    let mut sites: BTreeMap<String, BTreeSet<Ipv4Net>> = BTreeMap::new();
    for item in dump.items("VpnConnections") {
        let id = item.s("VpnConnectionId")?.to_string();
        if item.os("State")?.is_some_and(|s| s != "available") {
            continue;
        }
        let cgw = item.s("CustomerGatewayId")?.to_string();
        let mut cidrs = BTreeSet::new();
        for (i, r) in item.list("Routes")?.iter().enumerate() {
            let r = item.child(&format!("Routes[{i}]"), r);
            if r.os("State")?.is_none_or(|s| s == "available")
                && let Some(c) = r.os("DestinationCidrBlock")?
            {
                cidrs.insert(cidr(&r, "DestinationCidrBlock", c)?);
            }
        }
        if cidrs.is_empty() {
            notes.add(format!(
                "VPN connection {id} routes by BGP: the prefixes its site advertises are not in the dump, so the site and the connection were left out (write the site's cidrs by hand)"
            ));
            continue;
        }
        sites.entry(cgw.clone()).or_default().extend(cidrs);
        site_of.insert(id, cgw);
    }
    w.sites = sites
        .into_iter()
        .map(|(id, cidrs)| SiteOut {
            id,
            cidrs: cidrs.into_iter().collect(),
        })
        .collect();
    Ok(site_of)
}

/// Virtual private gateways attached to VPCs of the dump, and transit gateways.
pub(crate) fn gateways(dump: &Dump, w: &mut World, notes: &mut Notes) -> Result<(), ImportError> {
    let site_of = vpn_sites(dump, w, notes)?;
    for item in dump.items("VpnGateways") {
        let id = item.s("VpnGatewayId")?.to_string();
        let sites: Vec<String> = dump
            .items("VpnConnections")
            .iter()
            .filter(|c| c.value.get("VpnGatewayId").and_then(Value::as_str) == Some(&id))
            .filter_map(|c| {
                site_of
                    .get(c.value.get("VpnConnectionId")?.as_str()?)
                    .cloned()
            })
            .collect();
        for a in item.list("VpcAttachments")? {
            if a.get("State").and_then(Value::as_str) == Some("attached")
                && let Some(v) = w
                    .vpcs
                    .iter_mut()
                    .find(|v| Some(v.id.as_str()) == a.get("VpcId").and_then(Value::as_str))
            {
                let mut sites = sites.clone();
                sites.sort();
                sites.dedup();
                v.vgw = Some((id.clone(), sites));
            }
        }
    }
    let vpc_subnets: BTreeMap<&str, Vec<String>> = dump
        .items("TransitGatewayVpcAttachments")
        .iter()
        .filter_map(|a| {
            let subnets = a.value.get("SubnetIds")?.as_array()?;
            Some((
                a.value.get("TransitGatewayAttachmentId")?.as_str()?,
                subnets
                    .iter()
                    .filter_map(|s| Some(s.as_str()?.to_string()))
                    .collect(),
            ))
        })
        .collect();
    let vpc_ix = w.vpc_index();
    for item in dump.items("TransitGateways") {
        if item.os("State")?.is_some_and(|s| s != "available") {
            continue;
        }
        let id = item.s("TransitGatewayId")?.to_string();
        let arn_region = item
            .os("TransitGatewayArn")?
            .and_then(|a| a.split(':').nth(3))
            .map(str::to_string);
        let mut t = TgwOut {
            id: id.clone(),
            region: item
                .region
                .clone()
                .or(arn_region)
                .unwrap_or_else(|| w.region.clone()),
            account: item
                .account
                .clone()
                .or(item.os("OwnerId")?.map(str::to_string))
                .unwrap_or_else(|| w.account.clone()),
            ..TgwOut::default()
        };
        let mut kept = BTreeSet::new();
        for a in dump.items("TransitGatewayAttachments") {
            if a.value.get("TransitGatewayId").and_then(Value::as_str) != Some(&id)
                || a.os("State")?.is_some_and(|s| s != "available")
            {
                continue;
            }
            let att = a.s("TransitGatewayAttachmentId")?.to_string();
            let resource = a.s("ResourceId")?.to_string();
            let table = a
                .value
                .pointer("/Association/TransitGatewayRouteTableId")
                .and_then(Value::as_str)
                .filter(|_| {
                    a.value
                        .pointer("/Association/State")
                        .and_then(Value::as_str)
                        != Some("disassociated")
                })
                .map(str::to_string);
            let entry = match a.s("ResourceType")? {
                "vpc" => match (
                    vpc_subnets.get(att.as_str()),
                    vpc_ix.get(&resource).map(|&i| &w.vpcs[i]),
                ) {
                    (Some(subnets), Some(v)) if v.region == t.region => {
                        Some(("vpc", resource, subnets.clone()))
                    }
                    _ => {
                        notes.add(format!("transit gateway attachment {att}: its VPC or its subnets are not in the dump: left out"));
                        None
                    }
                },
                "vpn" => site_of
                    .get(&resource)
                    .map(|site| ("vpn", site.clone(), Vec::new())),
                other => {
                    notes.add(format!(
                        "not modelled: transit gateway {other} attachments ({att}; left out)"
                    ));
                    None
                }
            };
            if let Some((kind, to, subnets)) = entry {
                kept.insert(att.clone());
                t.attachments.push((att, kind, to, subnets, table));
            }
        }
        for rt in dump.items("TransitGatewayRouteTables") {
            if rt.value.get("TransitGatewayId").and_then(Value::as_str) != Some(&id) {
                continue;
            }
            let rid = rt.s("TransitGatewayRouteTableId")?.to_string();
            let mut propagations = Vec::new();
            for p in dump.items("TransitGatewayPropagations") {
                if p.value
                    .get("TransitGatewayRouteTableId")
                    .and_then(Value::as_str)
                    != Some(&rid)
                {
                    continue;
                }
                for x in p.list("TransitGatewayRouteTablePropagations")? {
                    let att = x
                        .get("TransitGatewayAttachmentId")
                        .and_then(Value::as_str)
                        .unwrap_or("");
                    if x.get("State").and_then(Value::as_str) == Some("enabled")
                        && kept.contains(att)
                    {
                        propagations.push(att.to_string());
                    }
                }
            }
            let mut routes = Vec::new();
            for s in dump.items("TransitGatewayStaticRoutes") {
                if s.value
                    .get("TransitGatewayRouteTableId")
                    .and_then(Value::as_str)
                    != Some(&rid)
                {
                    continue;
                }
                for (i, r) in s.list("Routes")?.iter().enumerate() {
                    let r = s.child(&format!("Routes[{i}]"), r);
                    if r.os("Type")?.is_some_and(|t| t != "static") {
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
                            .filter(|a| kept.contains(*a))
                            .map(str::to_string)
                    };
                    match target {
                        Some(target) => routes.push((dst, target)),
                        None => notes.add(format!(
                            "a static route of {rid} to an attachment left out: left out"
                        )),
                    }
                }
            }
            propagations.sort();
            propagations.dedup();
            t.tables.push((rid, propagations, routes));
        }
        // An association with a table not in the dump would name nothing.
        let tables: BTreeSet<String> = t.tables.iter().map(|x| x.0.clone()).collect();
        for a in &mut t.attachments {
            if a.4.as_ref().is_some_and(|x| !tables.contains(x)) {
                a.4 = None;
            }
        }
        w.tgws.push(t);
    }
    w.tgws.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(())
}

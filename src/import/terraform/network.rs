//! VPC peering connections and transit gateways (attachments, route tables, associations,
//! propagations, static routes), with Terraform's defaults.

use std::collections::{BTreeMap, BTreeSet};

use ipnet::Ipv4Net;
use serde_json::Value;

use super::{Resource, Side};
use crate::import::aws::convert::transit::TgwOut;
use crate::import::aws::convert::{Notes, World};

/// A flag, with Terraform's default when the file does not hold it.
fn flag(r: &Resource, k: &str, default: bool) -> bool {
    match r.values.get(k) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s == "enable",
        _ => default,
    }
}

/// Peerings and transit gateways between the `vpcs` imported; returns the ids a VPC route may
/// target besides its own gateways.
pub(crate) fn convert(
    side: &Side,
    w: &mut World,
    vpcs: &BTreeSet<String>,
    notes: &mut Notes,
) -> BTreeSet<String> {
    let mut targets = BTreeSet::new();
    peerings(side, w, vpcs, notes, &mut targets);
    transit_gateways(side, w, vpcs, notes, &mut targets);
    targets
}

fn peerings(
    side: &Side,
    w: &mut World,
    vpcs: &BTreeSet<String>,
    notes: &mut Notes,
    targets: &mut BTreeSet<String>,
) {
    for r in side
        .resources
        .iter()
        .filter(|r| r.kind == "aws_vpc_peering_connection")
    {
        let id = side.ids[&r.address].clone();
        let (Some(requester), Some(accepter)) =
            (side.attr(r, "vpc_id"), side.attr(r, "peer_vpc_id"))
        else {
            notes.add(format!("{}: a VPC is unknown: left out", r.address));
            continue;
        };
        // Active when accepted: `auto_accept` (same account and Region), its status, or an
        // accepter resource that accepts it.
        let accepted_by = side
            .resources
            .iter()
            .filter(|a| a.kind == "aws_vpc_peering_connection_accepter")
            .any(|a| {
                side.attr(a, "vpc_peering_connection_id").as_deref() == Some(&id)
                    && flag(a, "auto_accept", false)
            });
        let active = flag(r, "auto_accept", false)
            || r.text("accept_status") == Some("active")
            || accepted_by;
        if !active {
            notes.add(format!(
                "{}: not accepted (pending acceptance): left out",
                r.address
            ));
            continue;
        }
        if !vpcs.contains(&requester) || !vpcs.contains(&accepter) {
            notes.add(format!(
                "{}: a VPC it joins is not in the file: left out",
                r.address
            ));
            continue;
        }
        targets.insert(id.clone());
        w.peerings.push((id, requester, accepter));
    }
}

fn transit_gateways(
    side: &Side,
    w: &mut World,
    vpcs: &BTreeSet<String>,
    notes: &mut Notes,
    targets: &mut BTreeSet<String>,
) {
    let of = |kind: &'static str| side.resources.iter().filter(move |r| r.kind == kind);
    for g in of("aws_ec2_transit_gateway") {
        let tgw = side.ids[&g.address].clone();
        let mine = |r: &Resource| side.attr(r, "transit_gateway_id").as_deref() == Some(&tgw);
        // The table Terraform does not manage: the gateway's default one, when it has one.
        let default_assoc = flag(g, "default_route_table_association", true);
        let default_prop = flag(g, "default_route_table_propagation", true);
        let default_table = g
            .text("association_default_route_table_id")
            .map_or_else(|| format!("{tgw}-default"), str::to_string);
        let tables: Vec<&Resource> = of("aws_ec2_transit_gateway_route_table")
            .filter(|t| mine(t))
            .collect();
        let table_ids: Vec<String> = tables
            .iter()
            .map(|t| side.ids[&t.address].clone())
            .collect();
        let mut out = TgwOut {
            id: tgw.clone(),
            region: w.region.clone(),
            account: w.account.clone(),
            ..TgwOut::default()
        };
        let mut props: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut uses_default = false;
        for a in of("aws_ec2_transit_gateway_vpc_attachment").filter(|a| mine(a)) {
            let id = side.ids[&a.address].clone();
            let Some(vpc) = side.attr(a, "vpc_id").filter(|v| vpcs.contains(v)) else {
                notes.add(format!(
                    "{}: its VPC is unknown or not in the file: left out",
                    a.address
                ));
                continue;
            };
            let explicit = of("aws_ec2_transit_gateway_route_table_association")
                .find(|x| side.attr(x, "transit_gateway_attachment_id").as_deref() == Some(&id))
                .and_then(|x| side.attr(x, "transit_gateway_route_table_id"));
            let to_default =
                default_assoc && flag(a, "transit_gateway_default_route_table_association", true);
            let table = explicit.or_else(|| to_default.then(|| default_table.clone()));
            if default_prop && flag(a, "transit_gateway_default_route_table_propagation", true) {
                props
                    .entry(default_table.clone())
                    .or_default()
                    .push(id.clone());
                uses_default = true;
            }
            uses_default |= table.as_deref() == Some(default_table.as_str());
            out.attachments
                .push((id, "vpc", vpc, side.attrs(a, "subnet_ids"), table));
        }
        for p in of("aws_ec2_transit_gateway_route_table_propagation") {
            if let (Some(t), Some(a)) = (
                side.attr(p, "transit_gateway_route_table_id"),
                side.attr(p, "transit_gateway_attachment_id"),
            ) && table_ids.contains(&t)
            {
                props.entry(t).or_default().push(a);
            }
        }
        let mut routes: BTreeMap<String, Vec<(Ipv4Net, String)>> = BTreeMap::new();
        for r in of("aws_ec2_transit_gateway_route") {
            let Some(t) = side
                .attr(r, "transit_gateway_route_table_id")
                .filter(|t| table_ids.contains(t))
            else {
                continue;
            };
            let dst = r
                .text("destination_cidr_block")
                .and_then(|c| c.parse::<Ipv4Net>().ok());
            let target = if flag(r, "blackhole", false) {
                Some("blackhole".to_string())
            } else {
                side.attr(r, "transit_gateway_attachment_id")
            };
            match (dst, target) {
                (Some(d), Some(x)) => routes.entry(t).or_default().push((d.trunc(), x)),
                _ => notes.add(format!(
                    "{}: its destination or attachment is unknown or not modelled: left out",
                    r.address
                )),
            }
        }
        // Without tables of its own and with both defaults on, the scenario's implicit table
        // says the same; otherwise every table is written out.
        let all_default = tables.is_empty()
            && out
                .attachments
                .iter()
                .all(|a| a.4.as_deref() == Some(default_table.as_str()))
            && props.get(&default_table).map_or(0, Vec::len) == out.attachments.len();
        if all_default {
            for a in &mut out.attachments {
                a.4 = None;
            }
        } else {
            let mut all = table_ids.clone();
            if uses_default || table_ids.is_empty() {
                all.push(default_table.clone());
            }
            for t in all {
                let mut p = props.remove(&t).unwrap_or_default();
                p.sort();
                p.dedup();
                out.tables
                    .push((t.clone(), p, routes.remove(&t).unwrap_or_default()));
            }
        }
        if !default_assoc || !default_prop {
            notes.add(format!("{tgw}: default association or propagation off: only the tables and links Terraform manages"));
        }
        targets.insert(tgw);
        w.tgws.push(out);
    }
}

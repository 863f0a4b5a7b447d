//! Route tables (inline routes, separate `aws_route`s, adopted main tables) and the subnets
//! associated with them.

use std::collections::{BTreeMap, BTreeSet};

use ipnet::Ipv4Net;
use serde_json::Value;

use super::Side;
use crate::import::aws::convert::{Notes, RouteTableOut, VpcOut};

/// Every route table of the side into its VPC; `elsewhere` are the targets outside a VPC
/// (peerings, transit gateways) that a route may name.
pub(crate) fn tables(
    side: &Side,
    vpcs: &mut BTreeMap<String, VpcOut>,
    elsewhere: &BTreeSet<String>,
    notes: &mut Notes,
) {
    let of = |kind: &'static str| side.resources.iter().filter(move |r| r.kind == kind);
    let id = |r: &super::Resource| side.ids[&r.address].clone();
    // Route tables, their inline and separate routes, and their associations.
    let mut tables: BTreeMap<String, (String, RouteTableOut)> = BTreeMap::new();
    let target = |route: &Value, side_attr: &dyn Fn(&str) -> Option<String>| -> Option<String> {
        [
            "gateway_id",
            "nat_gateway_id",
            "vpc_peering_connection_id",
            "transit_gateway_id",
        ]
        .iter()
        .find_map(|k| {
            route
                .get(*k)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .or_else(|| side_attr(k))
        })
    };
    // A VPC's main table, once Terraform adopts it (`aws_default_route_table`), is one like
    // the others, marked main.
    let tables_of = side.resources.iter().filter(|r| {
        matches!(
            r.kind.as_str(),
            "aws_route_table" | "aws_default_route_table"
        )
    });
    for r in tables_of {
        let adopted = r.kind == "aws_default_route_table";
        let vpc = side.attr(r, "vpc_id").or_else(|| {
            let by_ref = side
                .references_to(r, "default_route_table_id", &["aws_vpc"])
                .into_iter()
                .next();
            by_ref.filter(|_| adopted)
        });
        let Some(vpc) = vpc else { continue };
        let mut rt = RouteTableOut {
            id: id(r),
            main: adopted,
            ..RouteTableOut::default()
        };
        for (i, route) in r
            .values
            .get("route")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let dst = route
                .get("cidr_block")
                .and_then(Value::as_str)
                .and_then(|c| c.parse::<Ipv4Net>().ok());
            // A target unknown until apply: the configuration's block for the same destination.
            let block = dst
                .and_then(|d| side.inline_block(r, "route", "cidr_block", &d.to_string()))
                .unwrap_or(i);
            // Written as an attribute (`route = [...]`), the configuration holds the references
            // of the whole list: one of the target's type stands for this route's.
            let whole = |k: &str| {
                let kinds: &[&str] = match k {
                    "gateway_id" => &["aws_internet_gateway", "aws_vpn_gateway"],
                    "nat_gateway_id" => &["aws_nat_gateway"],
                    "vpc_peering_connection_id" => &["aws_vpc_peering_connection"],
                    _ => &["aws_ec2_transit_gateway"],
                };
                let found = side.references_to(r, "route", kinds);
                (found.len() == 1).then(|| found[0].clone())
            };
            let unknown = |k: &str| {
                // Only a target the plan leaves out is unknown; `""` is known to be unset.
                if route.get(k).is_some() {
                    return None;
                }
                side.attr(r, &format!("route/{block}/{k}"))
                    .or_else(|| whole(k))
            };
            match (dst, target(route, &unknown)) {
                (Some(d), Some(t)) => rt.routes.push((d, t)),
                _ => notes.add(format!("{}: an inline route whose destination or target is unknown or not modelled: left out", r.address)),
            }
        }
        tables.insert(id(r), (vpc, rt));
    }
    for r in of("aws_route") {
        let Some(table) = side.attr(r, "route_table_id") else {
            continue;
        };
        let dst = r
            .values
            .get("destination_cidr_block")
            .and_then(Value::as_str)
            .and_then(|c| c.parse::<Ipv4Net>().ok());
        let t = target(&r.values, &|k| side.attr(r, k));
        match (tables.get_mut(&table), dst, t) {
            (Some((_, rt)), Some(d), Some(t)) => rt.routes.push((d, t)),
            _ => notes.add(format!(
                "{}: its table, destination or target is unknown or not modelled: left out",
                r.address
            )),
        }
    }
    for r in of("aws_main_route_table_association") {
        if let Some((_, rt)) = side
            .attr(r, "route_table_id")
            .and_then(|t| tables.get_mut(&t))
        {
            rt.main = true;
        }
    }
    for (table, (vpc, rt)) in tables {
        let Some(v) = vpcs.get_mut(&vpc) else {
            continue;
        };
        for a in side
            .resources
            .iter()
            .filter(|a| a.kind == "aws_route_table_association")
        {
            if side.attr(a, "route_table_id").as_deref() == Some(&table)
                && let Some(s) = side.attr(a, "subnet_id")
                && let Some(sub) = v.subnets.iter_mut().find(|x| x.id == s)
            {
                sub.route_table = Some(table.clone());
            }
        }
        // A route to something the file does not hold would name nothing.
        let known = |t: &str| {
            t == "blackhole"
                || v.igw.as_deref() == Some(t)
                || v.nats.iter().any(|n| n.0 == t)
                || elsewhere.contains(t)
        };
        let (keep, drop): (Vec<_>, Vec<_>) = rt
            .routes
            .into_iter()
            .partition(|(d, t)| known(t) && !v.cidrs.iter().any(|c| c.contains(d)));
        if !drop.is_empty() {
            notes.add(format!("{table}: routes to targets not in the file or not imported (a VPN gateway, an endpoint, a network interface, ...), or inside the VPC: left out"));
        }
        v.route_tables.push(RouteTableOut { routes: keep, ..rt });
    }
}

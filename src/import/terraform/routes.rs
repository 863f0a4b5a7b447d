//! Route tables (inline routes, separate `aws_route`s, adopted main tables) and the subnets
//! associated with them. An inline route is read only when no `aws_route` of the file has its
//! table and destination: after a refresh the inline list holds the separate routes' copies,
//! a destroyed one's included.

use std::collections::HashMap;

use ipnet::Ipv4Net;
use serde_json::Value;

use super::Resource;
use super::convert::*;
use super::unseen::Partly;
use crate::import::build::{NoteKind, sp};
use crate::model;

/// The target attributes of a route, in the order the provider documents them.
const TARGETS: &[&str] = &[
    "gateway_id",
    "nat_gateway_id",
    "vpc_peering_connection_id",
    "transit_gateway_id",
    "vpc_endpoint_id",
    "network_interface_id",
    "egress_only_gateway_id",
    "carrier_gateway_id",
    "local_gateway_id",
    "core_network_arn",
];

/// The resource types a target attribute names, for a list written as a whole.
fn kinds_of(target: &str) -> &'static [&'static str] {
    match target {
        "gateway_id" => &["aws_internet_gateway", "aws_vpn_gateway"],
        "nat_gateway_id" => &["aws_nat_gateway"],
        "vpc_peering_connection_id" => &["aws_vpc_peering_connection"],
        "transit_gateway_id" => &["aws_ec2_transit_gateway"],
        "vpc_endpoint_id" => &["aws_vpc_endpoint"],
        "network_interface_id" => &["aws_network_interface"],
        _ => &[],
    }
}

/// Every route table of the side into its VPC.
pub(crate) fn tables(tx: &mut Tx) {
    let side = tx.side;
    // A VPC's main table, once Terraform adopts it (`aws_default_route_table`), is one like
    // the others, marked main.
    let tables: Vec<&Resource> = side
        .resources
        .iter()
        .filter(|r| {
            matches!(
                r.kind.as_str(),
                "aws_route_table" | "aws_default_route_table"
            )
        })
        .collect();
    let mut placed: Vec<(String, usize, usize)> = Vec::new();
    for r in tables {
        let adopted = r.kind == "aws_default_route_table";
        let vpc = side.attr(r, "vpc_id").or_else(|| {
            let by_ref = side
                .references_to(r, "default_route_table_id", &["aws_vpc"])
                .into_iter()
                .next();
            by_ref.filter(|_| adopted)
        });
        let Some(v) = tx.vpc_for(r, vpc.as_deref()) else {
            continue;
        };
        let id = tx.id(r);
        let pos = tx.at(r);
        let mut rt = model::RouteTable {
            id: sp(pos, id.clone()),
            main: adopted,
            ..model::RouteTable::default()
        };
        let inline = r
            .values
            .get("route")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for (i, route) in inline.iter().enumerate() {
            if let Some(route) = inline_route(tx, r, &id, i, route) {
                rt.routes.push(route);
            }
        }
        placed.push((id, v, tx.b.s.vpcs[v].route_tables.len()));
        tx.b.s.vpcs[v].route_tables.push(rt);
    }
    // The tables of a network laid under the plan, which its routes may go into.
    for (v, vpc) in tx.b.s.vpcs.iter().enumerate() {
        for (t, table) in vpc.route_tables.iter().enumerate() {
            placed.push((table.id.value.clone(), v, t));
        }
    }
    // Each table by id (the first placed when two share one), so that a route or an
    // association finds its table in constant time, not by a scan of every table.
    let mut by_id: HashMap<String, (usize, usize)> = HashMap::with_capacity(placed.len());
    for (id, v, t) in placed {
        by_id.entry(id).or_insert((v, t));
    }
    for r in side.of("aws_route") {
        let Some(table) = side.attr(r, "route_table_id") else {
            tx.note(NoteKind::LeftOut, r, "its route table is unknown");
            continue;
        };
        let Some(&(v, t)) = by_id.get(&table) else {
            tx.missing(r, "route table", &table);
            continue;
        };
        let Some(dst) = r
            .text("destination_cidr_block")
            .and_then(|c| c.parse::<Ipv4Net>().ok())
        else {
            tx.note(
                NoteKind::NotModelled,
                r,
                "routes to IPv6 destinations or prefix lists, or a destination unknown until apply (left out)",
            );
            continue;
        };
        let target = TARGETS.iter().find_map(|k| side.attr(r, k));
        let Some(target) = target else {
            tx.note(NoteKind::LeftOut, r, "its target is unknown");
            continue;
        };
        unseen_target(tx, &table, &dst.to_string(), &target);
        let pos = tx.at(r);
        tx.b.s.vpcs[v].route_tables[t].routes.push(model::Route {
            destination: sp(pos, dst.trunc().to_string().into()),
            target: sp(pos, target.into()),
        });
    }
    for r in side.of("aws_main_route_table_association") {
        if let Some(table) = side.attr(r, "route_table_id")
            && let Some(&(v, t)) = by_id.get(&table)
        {
            tx.b.s.vpcs[v].route_tables[t].main = true;
        }
    }
    original_main(tx);
    for a in side.of("aws_route_table_association") {
        let (Some(table), Some(subnet)) =
            (side.attr(a, "route_table_id"), side.attr(a, "subnet_id"))
        else {
            if a.text("gateway_id").is_none() {
                tx.note(NoteKind::LeftOut, a, "its route table or subnet is unknown");
            } else {
                tx.note(
                    NoteKind::NotModelled,
                    a,
                    "edge associations of a route table with a gateway (left out)",
                );
            }
            continue;
        };
        match tx.subnets.get(&subnet) {
            Some(&(v, s)) => {
                let pos = tx.at(a);
                tx.b.s.vpcs[v].subnets[s].route_table = Some(sp(pos, table));
            }
            None => tx.missing(a, "subnet", &subnet),
        }
    }
}

/// A VPC whose `aws_main_route_table_association` the file holds on one side only (a plan
/// that destroys it, or one that makes it): where no association marks a main table, the VPC's
/// main table is the one AWS made with it, `original_route_table_id`, which holds the local
/// route only (Terraform's destroy of the association makes it main again).
fn original_main(tx: &mut Tx) {
    let side = tx.side;
    for vpc in side.of("aws_vpc") {
        let id = tx.id(vpc);
        let Some(original) = tx.managed.original_main.get(&id).cloned() else {
            continue;
        };
        let Some(&v) = tx.vpcs.get(&id) else { continue };
        if tx.b.s.vpcs[v].route_tables.iter().any(|t| t.main) {
            continue;
        }
        let pos = tx.at_attr(vpc, "main_route_table_id");
        tx.b.s.vpcs[v].route_tables.push(model::RouteTable {
            id: sp(pos, original.clone()),
            main: true,
            ..model::RouteTable::default()
        });
        tx.note(
            NoteKind::Assumed,
            vpc,
            format!(
                "no aws_main_route_table_association on this side: the main route table is the VPC's original one, {original} (AWS made it with the VPC: the local route only)"
            ),
        );
    }
}

/// One inline route of table `r`, unless a separate `aws_route` manages it (its copy after a
/// refresh) or its destination or target is unknown (said in a note).
fn inline_route(
    tx: &mut Tx,
    r: &Resource,
    table: &str,
    i: usize,
    route: &Value,
) -> Option<model::Route> {
    let side = tx.side;
    let Some(dst) = route
        .get("cidr_block")
        .and_then(Value::as_str)
        .filter(|c| !c.is_empty())
    else {
        // An IPv6 or prefix-list route.
        if route
            .get("ipv6_cidr_block")
            .and_then(Value::as_str)
            .is_some_and(|c| !c.is_empty())
            || route
                .get("destination_prefix_list_id")
                .and_then(Value::as_str)
                .is_some_and(|c| !c.is_empty())
        {
            tx.note(
                NoteKind::NotModelled,
                r,
                "inline routes to IPv6 destinations or prefix lists (left out)",
            );
        }
        return None;
    };
    if tx.managed.has(&route_key(table, dst)) {
        return None;
    }
    let Ok(dst) = dst.parse::<Ipv4Net>() else {
        tx.note(
            NoteKind::LeftOut,
            r,
            format!("an inline route to `{dst}`, not an IPv4 CIDR"),
        );
        return None;
    };
    // A target unknown until apply: the configuration's block for the same destination.
    let block = side
        .inline_block(r, "route", "cidr_block", &dst.to_string())
        .unwrap_or(i);
    let target = TARGETS.iter().find_map(|k| {
        if let Some(t) = route
            .get(*k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
        {
            return Some(t.to_string());
        }
        // Only a target the plan leaves out is unknown; `""` is known to be unset.
        if route.get(*k).is_some() {
            return None;
        }
        side.attr(r, &format!("route/{block}/{k}")).or_else(|| {
            // Written as an attribute (`route = [...]`), the configuration holds the
            // references of the whole list: the one of the target's type stands for it.
            let found = side.references_to(r, "route", kinds_of(k));
            (found.len() == 1).then(|| found[0].clone())
        })
    });
    let Some(target) = target else {
        tx.note(
            NoteKind::LeftOut,
            r,
            format!("an inline route to {dst} whose target is unknown until apply, or not one vpcpath reads"),
        );
        return None;
    };
    unseen_target(tx, table, &dst.to_string(), &target);
    let p = tx.at_attr(r, &format!("route[{i}]"));
    Some(model::Route {
        destination: sp(p, dst.trunc().to_string().into()),
        target: sp(p, target.into()),
    })
}

/// Marks `table` when its route to `dst` goes to a target the plan does not hold (a peering
/// or gateway of another configuration): validation leaves the route out, and where it would
/// have sent packets is unknown.
fn unseen_target(tx: &mut Tx, table: &str, dst: &str, target: &str) {
    if target == "local" {
        return;
    }
    if let Some(root) = tx.unseen_root(target) {
        let how = if root == target {
            String::new()
        } else {
            format!(" (it depends on {root})")
        };
        tx.mark(
            table,
            Partly::Routes,
            format!("{table} routes {dst} to {target}, which the plan does not hold{how}"),
        );
    }
}

//! VPC peering connections and transit gateways (attachments, route tables, associations,
//! propagations, static routes), with Terraform's defaults.

use std::collections::BTreeMap;

use ipnet::Ipv4Net;
use serde_json::Value;

use super::Resource;
use super::convert::*;
use super::unseen::Partly;
use crate::error::Pos;
use crate::import::build::{NoteKind, sp};
use crate::model::{self, Sp};

/// A flag, with Terraform's default when the file does not hold it.
fn flag(r: &Resource, k: &str, default: bool) -> bool {
    match r.values.get(k) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s == "enable",
        _ => default,
    }
}

/// Peerings and transit gateways.
pub(crate) fn convert(tx: &mut Tx) {
    peerings(tx);
    transit_gateways(tx);
}

fn peerings(tx: &mut Tx) {
    let side = tx.side;
    for r in side.of("aws_vpc_peering_connection") {
        let id = tx.id(r);
        let (Some(requester), Some(accepter)) =
            (side.attr(r, "vpc_id"), side.attr(r, "peer_vpc_id"))
        else {
            tx.note(NoteKind::LeftOut, r, "a VPC it joins is unknown");
            continue;
        };
        // Active when accepted: `auto_accept` (same account and Region), its status, or an
        // accepter resource that accepts it.
        let accepted_by = side.of("aws_vpc_peering_connection_accepter").any(|a| {
            side.attr(a, "vpc_peering_connection_id").as_deref() == Some(&id)
                && flag(a, "auto_accept", false)
        });
        let active = flag(r, "auto_accept", false)
            || r.text("accept_status") == Some("active")
            || accepted_by;
        if !active {
            tx.note(NoteKind::LeftOut, r, "not accepted (pending acceptance)");
            continue;
        }
        if tx.vpc_for(r, Some(&requester)).is_none() || tx.vpc_for(r, Some(&accepter)).is_none() {
            continue;
        }
        let pos = tx.at(r);
        let requester_options = dns_option(tx, r, &id, "requester");
        let accepter_options = dns_option(tx, r, &id, "accepter");
        tx.b.s.peerings.push(sp(
            pos,
            model::Peering {
                id: sp(pos, id),
                requester: sp(pos, requester),
                accepter: sp(pos, accepter),
                requester_options,
                accepter_options,
            },
        ));
    }
}

/// One side's `allow_remote_vpc_dns_resolution` (its `requester` or `accepter` block), as the
/// peering, its accepter resource or an `aws_vpc_peering_connection_options` sets it (F5.23).
fn dns_option(tx: &mut Tx, r: &Resource, id: &str, block: &str) -> Option<model::PeeringOptions> {
    let side = tx.side;
    let on = |x: &Resource| {
        x.values
            .pointer(&format!("/{block}/0/allow_remote_vpc_dns_resolution"))
            .and_then(Value::as_bool)
            == Some(true)
    };
    let others = [
        "aws_vpc_peering_connection_accepter",
        "aws_vpc_peering_connection_options",
    ]
    .into_iter()
    .flat_map(|k| side.of(k))
    .filter(|a| side.attr(a, "vpc_peering_connection_id").as_deref() == Some(id));
    let x = std::iter::once(r).chain(others).find(|x| on(x))?;
    Some(model::PeeringOptions {
        allow_dns_resolution_from_remote_vpc: Some(sp(tx.at(x), true)),
    })
}

fn transit_gateways(tx: &mut Tx) {
    let side = tx.side;
    for g in side.of("aws_ec2_transit_gateway") {
        let tgw = tx.id(g);
        let mine = |r: &Resource| side.attr(r, "transit_gateway_id").as_deref() == Some(&tgw);
        // The table Terraform does not manage: the gateway's default one, when it has one.
        let default_assoc = flag(g, "default_route_table_association", true);
        let default_prop = flag(g, "default_route_table_propagation", true);
        let default_table = g
            .text("association_default_route_table_id")
            .map_or_else(|| format!("{tgw}-default"), str::to_string);
        let tables: Vec<&Resource> = side
            .of("aws_ec2_transit_gateway_route_table")
            .filter(|t| mine(t))
            .collect();
        let table_ids: Vec<String> = tables.iter().map(|t| tx.id(t)).collect();
        let pos = tx.at(g);
        let mut out = model::TransitGateway {
            id: sp(pos, tgw.clone()),
            ..model::TransitGateway::default()
        };
        let mut props: BTreeMap<String, Vec<(String, Pos)>> = BTreeMap::new();
        let mut uses_default = false;
        for a in side
            .of("aws_ec2_transit_gateway_vpc_attachment")
            .filter(|a| mine(a))
        {
            let id = tx.id(a);
            let vpc = side.attr(a, "vpc_id");
            if tx.vpc_for(a, vpc.as_deref()).is_none() {
                if let Some(root) = tx.unseen.get(&id).cloned() {
                    tx.mark(
                        &tgw,
                        Partly::Through,
                        format!(
                            "{tgw} has an attachment ({id}) to {root}, which the plan does not hold"
                        ),
                    );
                }
                continue;
            }
            let explicit = side
                .of("aws_ec2_transit_gateway_route_table_association")
                .find(|x| side.attr(x, "transit_gateway_attachment_id").as_deref() == Some(&id))
                .and_then(|x| side.attr(x, "transit_gateway_route_table_id"));
            let to_default =
                default_assoc && flag(a, "transit_gateway_default_route_table_association", true);
            let table = explicit.or_else(|| to_default.then(|| default_table.clone()));
            let p = tx.at(a);
            if default_prop && flag(a, "transit_gateway_default_route_table_propagation", true) {
                props
                    .entry(default_table.clone())
                    .or_default()
                    .push((id.clone(), p));
                uses_default = true;
            }
            uses_default |= table.as_deref() == Some(default_table.as_str());
            let subnets = side.attrs(a, "subnet_ids");
            out.attachments.push(model::TgwAttachment {
                id: sp(p, id),
                vpc: vpc.map(|v| sp(p, v)),
                subnets: subnets.into_iter().map(|s| sp(p, s)).collect(),
                route_table: table.map(|t| sp(p, t)),
                ..model::TgwAttachment::default()
            });
        }
        for p in side.of("aws_ec2_transit_gateway_route_table_propagation") {
            if let (Some(t), Some(a)) = (
                side.attr(p, "transit_gateway_route_table_id"),
                side.attr(p, "transit_gateway_attachment_id"),
            ) && table_ids.contains(&t)
            {
                let at = tx.at(p);
                props.entry(t).or_default().push((a, at));
            }
        }
        let mut routes: BTreeMap<String, Vec<model::Route>> = BTreeMap::new();
        for r in side.of("aws_ec2_transit_gateway_route") {
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
                (Some(d), Some(x)) => {
                    let p = tx.at(r);
                    routes.entry(t).or_default().push(model::Route {
                        destination: sp(p, d.trunc().to_string().into()),
                        target: sp(p, x.into()),
                    });
                }
                _ => tx.note(
                    NoteKind::LeftOut,
                    r,
                    "its destination or attachment is unknown, or not one vpcpath models",
                ),
            }
        }
        // Without tables of its own and with both defaults on, the scenario's implicit table
        // says the same; otherwise every table is written out.
        let all_default = tables.is_empty()
            && out.attachments.iter().all(|a| {
                a.route_table.as_ref().map(|t| t.value.as_str()) == Some(default_table.as_str())
            })
            && props.get(&default_table).map_or(0, Vec::len) == out.attachments.len();
        if all_default {
            for a in &mut out.attachments {
                a.route_table = None;
            }
        } else {
            let mut all: Vec<(String, Pos)> = tables.iter().map(|t| (tx.id(t), tx.at(t))).collect();
            if uses_default || table_ids.is_empty() {
                all.push((default_table.clone(), pos));
            }
            for (t, p) in all {
                let mut list = props.remove(&t).unwrap_or_default();
                list.sort_by(|a, b| a.0.cmp(&b.0));
                list.dedup_by(|a, b| a.0 == b.0);
                out.route_tables.push(model::TgwRouteTable {
                    id: sp(p, t.clone()),
                    propagations: list.into_iter().map(|(a, at)| Sp::new(a, at)).collect(),
                    routes: routes.remove(&t).unwrap_or_default(),
                });
            }
        }
        if !default_assoc || !default_prop {
            tx.note(
                NoteKind::Assumed,
                g,
                "default association or propagation off: only the tables and links Terraform manages",
            );
        }
        tx.b.s.transit_gateways.push(out);
    }
}

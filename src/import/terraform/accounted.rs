//! What the conversion of a side says about the resources it made no part from, for the
//! notes and the accounting of what each resource became ([`crate::import::account`]): every
//! resource and data source of the side is an input; a resource read as a part of another's
//! (an API's stage, a subnet's ACL association) is linked to that part; a type vpcpath does not
//! read is counted; an Elastic IP no NAT gateway or instance took, a data source no part was
//! made from, and what a plan destroys (a resource change its planned values do not hold) are
//! said; a reference that could not be evaluated is said with what was assumed.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::Side;
use super::convert::{KNOWN, THROUGH_OTHERS, Tx};
use super::file::Changes;
use crate::import::account::positions;
use crate::import::build::NoteKind;

/// The types read as a part of another resource's (an API's stage, a subnet's network ACL
/// association): the attribute naming that resource, and its kind of part.
const PARTS_OF: &[(&str, &str, &str)] = &[
    ("aws_api_gateway_stage", "rest_api_id", "api"),
    ("aws_api_gateway_deployment", "rest_api_id", "api"),
    ("aws_apigatewayv2_stage", "api_id", "api"),
    ("aws_apigatewayv2_route", "api_id", "api"),
    (
        "aws_ec2_transit_gateway_route_table_association",
        "transit_gateway_attachment_id",
        "transit_gateway_attachment",
    ),
    ("aws_network_acl_association", "subnet_id", "subnet"),
    (
        "aws_network_interface_attachment",
        "network_interface_id",
        "network_interface",
    ),
    (
        "aws_main_route_table_association",
        "route_table_id",
        "route_table",
    ),
    ("aws_route53_zone_association", "zone_id", "dns_zone"),
    ("aws_vpc_dhcp_options_association", "vpc_id", "vpc"),
    (
        "aws_vpc_peering_connection_options",
        "vpc_peering_connection_id",
        "peering",
    ),
    (
        "aws_vpc_endpoint_route_table_association",
        "vpc_endpoint_id",
        "endpoint",
    ),
    (
        "aws_vpc_endpoint_subnet_association",
        "vpc_endpoint_id",
        "endpoint",
    ),
    (
        "aws_vpc_endpoint_security_group_association",
        "vpc_endpoint_id",
        "endpoint",
    ),
    ("aws_vpc_endpoint_policy", "vpc_endpoint_id", "endpoint"),
    (
        "aws_vpc_endpoint_private_dns",
        "vpc_endpoint_id",
        "endpoint",
    ),
];

/// Lists the side's resources and data sources as the input of the accounting.
pub(super) fn begin(tx: &mut Tx) {
    let side = tx.side;
    for r in side.resources.iter().chain(&side.data) {
        let place = tx.place(r);
        tx.b.ledger.input(r.address.clone(), place);
    }
}

/// Links each resource read as a part of another's to the part that holds it; one whose
/// resource the scenario does not hold is said (unless a note names it already).
fn parts_of(tx: &mut Tx, made: &BTreeSet<String>) {
    let side = tx.side;
    let parts = positions(&tx.b.s);
    // A zone is a part by its name; what belongs to it names its id.
    let zone_names: BTreeMap<String, String> = side
        .of("aws_route53_zone")
        .filter_map(|z| {
            let name = z.text("name")?.trim_end_matches('.').to_ascii_lowercase();
            Some((tx.id(z), name))
        })
        .collect();
    let noted: BTreeSet<String> =
        tx.b.notes
            .all()
            .iter()
            .filter_map(|n| n.resource.clone())
            .collect();
    for &(kind, attr, part) in PARTS_OF {
        for r in side.of(kind) {
            let id = side.attr(r, attr).map(|id| match part {
                "dns_zone" => zone_names.get(&id).cloned().unwrap_or(id),
                _ => id,
            });
            match id.and_then(|id| parts.get(&(part, id))) {
                Some(&pos) => tx.read_into(r, pos),
                None if noted.contains(&r.address) || made.contains(&r.address) => {}
                None => tx.note(
                    NoteKind::LeftOut,
                    r,
                    format!(
                        "its `{attr}` names a {} the scenario does not hold",
                        part.replace('_', " ")
                    ),
                ),
            }
        }
    }
    // DHCP options: the VPCs associated with them.
    for d in side.of("aws_vpc_dhcp_options") {
        let id = tx.id(d);
        let vpcs: Vec<String> = side
            .of("aws_vpc_dhcp_options_association")
            .filter(|a| side.attr(a, "dhcp_options_id").as_deref() == Some(id.as_str()))
            .filter_map(|a| side.attr(a, "vpc_id"))
            .collect();
        for v in vpcs {
            if let Some(&pos) = parts.get(&("vpc", v)) {
                tx.read_into(d, pos);
            }
        }
        if !tx.read.contains(&d.address) {
            tx.note(
                NoteKind::LeftOut,
                d,
                "DHCP options associated with no VPC of the scenario",
            );
        }
    }
}

/// Says what the conversion made no part from.
pub(super) fn end(tx: &mut Tx) {
    let side = tx.side;
    let parts = PARTS_OF.iter().flat_map(|(kind, _, _)| side.of(kind));
    let made =
        tx.b.made_from(parts.chain(&side.data).map(|r| r.address.as_str()));
    parts_of(tx, &made);
    let mut counted: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for r in &side.resources {
        if !KNOWN.contains(&r.kind.as_str()) {
            counted
                .entry(r.kind.as_str())
                .or_default()
                .push(tx.place(r));
        }
    }
    for (kind, places) in counted {
        let n = places.len();
        let times = if n == 1 {
            String::new()
        } else {
            format!(" (x{n})")
        };
        let what = if THROUGH_OTHERS.contains(&kind) {
            format!(
                "{kind}: an API answers for its methods as a whole unless its `routes:` are written{times}"
            )
        } else {
            format!("{kind} (left out){times}")
        };
        tx.b.noted(places, NoteKind::NotModelled, what);
    }
    let unresolved = tx.side.unresolved.borrow().clone();
    let mut seen = BTreeSet::new();
    for u in unresolved {
        if !seen.insert(u.clone()) {
            continue;
        }
        let mut r = u.references.clone();
        r.sort();
        r.dedup();
        let refs = r.join(", ");
        let (kind, message) = match &u.assumed {
            Some(id) => (
                NoteKind::Assumed,
                format!(
                    "`{}` refers to {refs}, whose value the JSON does not hold: {id}, {}",
                    u.attribute, u.how
                ),
            ),
            None => (
                NoteKind::LeftOut,
                format!(
                    "`{}` refers to {refs}, whose value the JSON does not hold, and no rule picks one ({}): vpcpath does not guess",
                    u.attribute, u.how
                ),
            ),
        };
        tx.b.notes.about(kind, u.address, None, message);
    }
    for r in side.of("aws_eip") {
        if !tx.read.contains(&r.address) {
            tx.note(
                NoteKind::LeftOut,
                r,
                "an Elastic IP associated with no NAT gateway or instance of the scenario",
            );
        }
    }
    for d in &side.data {
        if !made.contains(&d.address) {
            tx.note(
                NoteKind::NotModelled,
                d,
                "data sources other than a VPC and its internet gateway (not read: the resources that use their values hold them)",
            );
        }
    }
}

/// The resource changes of a plan whose address its planned values do not hold, each with its
/// JSON path and what became of it: what the plan destroys.
pub(super) fn changed_only(changes: &Changes, side: &Side) -> Vec<(String, String, String)> {
    let held: HashSet<&str> = side
        .resources
        .iter()
        .chain(&side.data)
        .map(|r| r.address.as_str())
        .collect();
    let mut out = Vec::new();
    for (i, c) in changes.0.iter().enumerate() {
        let Some(address) = c.as_ref().and_then(|c| c.address.as_deref()) else {
            continue;
        };
        if held.contains(address) {
            continue;
        }
        let actions: Vec<&str> = c
            .iter()
            .flat_map(|c| &c.actions)
            .map(String::as_str)
            .collect();
        let message = if actions == ["delete"] {
            "the plan destroys it (not in the planned network)".to_string()
        } else {
            format!(
                "a change ({}) with no planned value (not in the planned network)",
                actions.join(", ")
            )
        };
        out.push((
            address.to_string(),
            format!("resource_changes[{i}]"),
            message,
        ));
    }
    out
}

/// What is said of a file before any of its resources is read: notes on the file as a whole,
/// and the resource changes its planned values do not hold (address, JSON path, why).
pub(super) struct Said {
    pub(super) notes: Vec<String>,
    pub(super) changed: Vec<(String, String, String)>,
}

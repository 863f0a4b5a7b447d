//! What each Terraform resource type becomes; every other type is counted as not modelled.
//!
//! Where the provider keeps a resource two ways (a route table's `route` list and separate
//! `aws_route` resources; a group's `ingress` and `aws_security_group_rule`s; ...), the
//! separate resources are the truth: after a refresh the inline list also holds their copies,
//! and a destroyed one's copy stays in it until the apply. So an inline entry is read only
//! when no separate resource of the file (on either side of a plan) has its key
//! ([`Managed`]).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use ipnet::Ipv4Net;
use serde_json::Value;

use super::unseen::Part;
use super::{Resource, Side};
use crate::error::Pos;
use crate::import::build::{Build, NoteKind, sp};
use crate::model::{self, Sp};

/// The keys of what separate resources manage, on either side of a file: an inline entry with
/// one of these keys is the refreshed copy of a separate resource, not a resource of its own.
#[derive(Debug, Default)]
pub(crate) struct Managed {
    keys: BTreeSet<String>,
    /// Each VPC's original main route table (`original_route_table_id` of an
    /// `aws_main_route_table_association`), the one it goes back to when no association
    /// replaces it.
    pub(crate) original_main: BTreeMap<String, String>,
}

impl Managed {
    /// Adds the keys of the separate resources of `side`.
    pub(crate) fn add(&mut self, side: &Side) {
        for r in &side.resources {
            for k in keys_of(side, r) {
                self.keys.insert(k);
            }
        }
        for r in side.of("aws_main_route_table_association") {
            if let (Some(vpc), Some(table)) =
                (side.attr(r, "vpc_id"), r.text("original_route_table_id"))
            {
                self.original_main.insert(vpc, table.to_string());
            }
        }
    }

    /// Whether an inline entry with `key` is a separate resource's copy.
    pub(crate) fn has(&self, key: &str) -> bool {
        self.keys.contains(key)
    }
}

/// The keys a separate resource manages (its table and destination, its group and rule, ...).
fn keys_of(side: &Side, r: &Resource) -> Vec<String> {
    let attr = |k: &str| side.attr(r, k).unwrap_or_default();
    match r.kind.as_str() {
        "aws_route" => vec![route_key(
            &attr("route_table_id"),
            r.text("destination_cidr_block").unwrap_or(""),
        )],
        "aws_security_group_rule" => {
            let egress = r.text("type") == Some("egress");
            let mut sources: Vec<String> = strings(&r.values, "cidr_blocks");
            sources.extend(side.attr(r, "source_security_group_id"));
            if r.flag("self") == Some(true) {
                sources.push(attr("security_group_id"));
            }
            sources
                .iter()
                .map(|s| sg_key(&attr("security_group_id"), egress, &r.values, s))
                .collect()
        }
        "aws_vpc_security_group_ingress_rule" | "aws_vpc_security_group_egress_rule" => {
            let egress = r.kind.ends_with("egress_rule");
            let source = r
                .text("cidr_ipv4")
                .map(str::to_string)
                .or_else(|| side.attr(r, "referenced_security_group_id"))
                .unwrap_or_default();
            vec![sg_key(
                &attr("security_group_id"),
                egress,
                &r.values,
                &source,
            )]
        }
        "aws_network_acl_rule" => vec![acl_key(
            &attr("network_acl_id"),
            r.flag("egress").unwrap_or(false),
            r.num("rule_number").unwrap_or(-1),
        )],
        "aws_vpc_endpoint_subnet_association" => {
            vec![format!(
                "endpoint {} subnet {}",
                attr("vpc_endpoint_id"),
                attr("subnet_id")
            )]
        }
        "aws_vpc_endpoint_security_group_association" => vec![format!(
            "endpoint {} group {}",
            attr("vpc_endpoint_id"),
            attr("security_group_id")
        )],
        "aws_vpc_endpoint_route_table_association" => vec![format!(
            "endpoint {} table {}",
            attr("vpc_endpoint_id"),
            attr("route_table_id")
        )],
        "aws_vpc_endpoint_policy" => {
            vec![format!("endpoint {} policy", attr("vpc_endpoint_id"))]
        }
        "aws_route53_zone_association" => {
            vec![format!("zone {} vpc {}", attr("zone_id"), attr("vpc_id"))]
        }
        "aws_network_acl_association" => {
            vec![format!("acl of subnet {}", attr("subnet_id"))]
        }
        _ => Vec::new(),
    }
}

/// A route's key: its table and destination.
pub(crate) fn route_key(table: &str, destination: &str) -> String {
    let d = destination
        .parse::<Ipv4Net>()
        .map_or_else(|_| destination.to_string(), |n| n.trunc().to_string());
    format!("route {table} {d}")
}

/// A security group rule's key: its group, direction, protocol, ports and one source.
pub(crate) fn sg_key(group: &str, egress: bool, rule: &Value, source: &str) -> String {
    let proto = rule
        .get("protocol")
        .or_else(|| rule.get("ip_protocol"))
        .and_then(Value::as_str)
        .and_then(crate::import::protocol)
        .unwrap_or("?");
    let ports = crate::import::ports(
        proto,
        rule.get("from_port").and_then(Value::as_i64),
        rule.get("to_port").and_then(Value::as_i64),
    );
    let ports = match ports {
        Some(model::Ports::One(p)) => p.to_string(),
        Some(model::Ports::Range(r)) => r,
        None => "all".into(),
    };
    let dir = if egress { "egress" } else { "ingress" };
    format!("rule {group} {dir} {proto} {ports} {source}")
}

/// A network ACL entry's key: its ACL, direction and number.
pub(crate) fn acl_key(acl: &str, egress: bool, number: i64) -> String {
    format!("entry {acl} {egress} {number}")
}

/// The strings of a list attribute.
pub(crate) fn strings(v: &Value, k: &str) -> Vec<String> {
    v.get(k)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect()
}

/// The conversion's working state.
pub(crate) struct Tx<'s, 'c> {
    pub(crate) side: &'s Side<'c>,
    pub(crate) managed: &'s Managed,
    pub(crate) b: Build,
    /// The file, as the notes name it.
    file: String,
    /// Each VPC's place in the scenario's `vpcs`, by id.
    pub(crate) vpcs: HashMap<String, usize>,
    /// Each subnet's place: its VPC's, and its own in the VPC's `subnets`.
    pub(crate) subnets: HashMap<String, (usize, usize)>,
    /// The ids of what was left out because it depends on a part the file does not hold (a
    /// VPC of another configuration), with that part.
    pub(crate) unseen: BTreeMap<String, String>,
    /// The parts known only partly ([`super::unseen`]).
    pub(crate) partial: BTreeMap<String, Part>,
    /// Every id the side holds: its resources' and its data sources'.
    pub(crate) held: HashSet<String>,
    /// The addresses of the resources read into parts made from others (an Elastic IP).
    pub(crate) read: HashSet<String>,
}

impl<'s, 'c> Tx<'s, 'c> {
    /// A conversion of `side` of `file`.
    pub(crate) fn new(side: &'s Side<'c>, managed: &'s Managed, file: String, b: Build) -> Self {
        Tx {
            side,
            managed,
            b,
            file,
            vpcs: HashMap::new(),
            subnets: HashMap::new(),
            unseen: BTreeMap::new(),
            partial: BTreeMap::new(),
            held: side.ids.values().cloned().collect(),
            read: HashSet::new(),
        }
    }

    /// The id of a resource.
    pub(crate) fn id(&self, r: &Resource) -> String {
        self.side.ids[&r.address].clone()
    }

    /// Where the file holds `r`.
    pub(crate) fn place(&self, r: &Resource) -> String {
        format!("{} at {}", self.file, r.at)
    }

    /// A part of the scenario made from `r`.
    pub(crate) fn at(&mut self, r: &Resource) -> Pos {
        let place = self.place(r);
        self.b.at(r.address.clone(), place)
    }

    /// A part made from one of `r`'s attributes.
    pub(crate) fn at_attr(&mut self, r: &Resource, attr: &str) -> Pos {
        let place = format!("{}.values.{attr}", self.place(r));
        self.b.at(r.address.clone(), place)
    }

    /// `r` is read into the part written at `pos` (a part made from another resource).
    pub(crate) fn read_into(&mut self, r: &Resource, pos: Pos) {
        let place = self.place(r);
        self.b.ledger.link(place, pos);
        self.read.insert(r.address.clone());
    }

    /// A note about `r`.
    pub(crate) fn note(&mut self, kind: NoteKind, r: &Resource, message: impl Into<String>) {
        let place = self.place(r);
        self.b
            .notes
            .about(kind, r.address.clone(), Some(place), message);
    }

    /// The VPC `id`, if imported; else a note that `r` is left out because the file does not
    /// hold its VPC, and `None`.
    pub(crate) fn vpc_for(&mut self, r: &Resource, id: Option<&str>) -> Option<usize> {
        let Some(id) = id else {
            self.note(NoteKind::LeftOut, r, "its VPC is unknown");
            return None;
        };
        if let Some(&v) = self.vpcs.get(id) {
            return Some(v);
        }
        if let Some(v) = self.data_source_vpc(id) {
            return Some(v);
        }
        self.missing(r, "VPC", id);
        None
    }

    /// The VPC a subnet is in, if both were imported.
    pub(crate) fn vpc_of_subnet(&self, subnet: &str) -> Option<usize> {
        self.subnets.get(subnet).map(|&(v, _)| v)
    }

    /// A subnet's CIDR.
    pub(crate) fn subnet_cidr(&self, subnet: &str) -> Option<Ipv4Net> {
        let (v, s) = *self.subnets.get(subnet)?;
        self.b.s.vpcs[v].subnets[s].cidr.value.parse().ok()
    }

    /// Each of `ids` written at a position of its own (so that validation can refuse one
    /// alone), made from `attr` of `r`.
    pub(crate) fn each(&mut self, r: &Resource, attr: &str, ids: Vec<String>) -> Vec<Sp<String>> {
        ids.into_iter()
            .enumerate()
            .map(|(i, x)| {
                let p = self.at_attr(r, &format!("{attr}[{i}]"));
                sp(p, x)
            })
            .collect()
    }
}

/// The types read (others are counted).
pub(crate) const KNOWN: &[&str] = &[
    "aws_vpc",
    "aws_subnet",
    "aws_internet_gateway",
    "aws_nat_gateway",
    "aws_route_table",
    "aws_route",
    "aws_route_table_association",
    "aws_main_route_table_association",
    "aws_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
    "aws_network_acl",
    "aws_vpc_endpoint",
    "aws_instance",
    "aws_network_interface",
    "aws_network_interface_attachment",
    "aws_eip",
    "aws_vpc_peering_connection",
    "aws_vpc_peering_connection_accepter",
    "aws_vpc_peering_connection_options",
    "aws_ec2_transit_gateway",
    "aws_ec2_transit_gateway_vpc_attachment",
    "aws_ec2_transit_gateway_route_table",
    "aws_ec2_transit_gateway_route_table_association",
    "aws_ec2_transit_gateway_route_table_propagation",
    "aws_ec2_transit_gateway_route",
    "aws_api_gateway_rest_api",
    "aws_api_gateway_stage",
    "aws_api_gateway_deployment",
    "aws_api_gateway_rest_api_policy",
    "aws_api_gateway_domain_name",
    "aws_api_gateway_base_path_mapping",
    "aws_apigatewayv2_api",
    "aws_apigatewayv2_stage",
    "aws_apigatewayv2_route",
    "aws_apigatewayv2_domain_name",
    "aws_apigatewayv2_api_mapping",
    "aws_route53_zone",
    "aws_route53_record",
    "aws_route53_zone_association",
    "aws_lambda_function",
    "aws_default_route_table",
    "aws_default_security_group",
    "aws_default_network_acl",
    "aws_network_acl_rule",
    "aws_network_acl_association",
    "aws_vpc_endpoint_subnet_association",
    "aws_vpc_endpoint_route_table_association",
    "aws_vpc_endpoint_security_group_association",
    "aws_vpc_endpoint_private_dns",
    "aws_vpc_endpoint_policy",
    "aws_vpc_ipv4_cidr_block_association",
    "aws_vpc_dhcp_options",
    "aws_vpc_dhcp_options_association",
];

/// Types read only through the resources they belong to, or that change nothing vpcpath
/// models (an API's methods answer as the API does).
pub(crate) const THROUGH_OTHERS: &[&str] = &[
    "aws_api_gateway_method",
    "aws_api_gateway_integration",
    "aws_api_gateway_resource",
    "aws_api_gateway_method_response",
    "aws_api_gateway_integration_response",
];

/// Converts every resource of a side into the scenario.
pub(crate) fn convert(tx: &mut Tx) {
    super::accounted::begin(tx);
    super::vpcs::vpcs(tx);
    super::network::convert(tx);
    super::routes::tables(tx);
    super::filters::groups(tx);
    super::filters::acls(tx);
    tx.partial_subnets();
    super::vpcs::endpoints(tx);
    super::vpcs::instances(tx);
    super::interfaces::network_interfaces(tx);
    super::services::convert(tx);
    tx.unseen_groups();
    super::accounted::end(tx);
}

//! From the dump's resources to the scenario's: what each AWS field becomes, what is skipped
//! and why (a note each), and what is assumed where the dump is silent.

use std::collections::{BTreeMap, BTreeSet};

use ipnet::Ipv4Net;
use serde_json::Value;

use super::{Dump, Item};
use crate::import::ImportError;

pub(crate) mod filters;
mod more;
mod routes;
mod services;
pub(crate) mod transit;
mod vpcs;

/// The keys vpcpath reads, or reads through others (network interfaces for endpoints'
/// addresses, prefix lists for their names); every other key is counted as not modelled.
const READ: &[&str] = &[
    "Vpcs",
    "Subnets",
    "RouteTables",
    "InternetGateways",
    "NatGateways",
    "VpcEndpoints",
    "SecurityGroups",
    "NetworkAcls",
    "Reservations",
    "VpcPeeringConnections",
    "TransitGateways",
    "TransitGatewayAttachments",
    "TransitGatewayVpcAttachments",
    "TransitGatewayRouteTables",
    "TransitGatewayPropagations",
    "TransitGatewayStaticRoutes",
    "VpnGateways",
    "VpnConnections",
    "CustomerGateways",
    "NetworkInterfaces",
    "PrefixLists",
    "AvailabilityZones",
    "Addresses",
    "VpcAttributes",
    "DhcpOptions",
    "RestApis",
    "RestApiStages",
    "DomainNames",
    "BasePathMappings",
    "HostedZones",
    "HostedZoneVpcs",
    "HostedZoneRecordSets",
    "Apis",
    "ApiStages",
    "ApiRoutes",
    "ResolverEndpoints",
    "ResolverEndpointIpAddresses",
    "ResolverRules",
    "ResolverRuleAssociations",
    "Functions",
];

/// The scenario to write.
#[derive(Debug, Default)]
pub(crate) struct World {
    pub(crate) region: String,
    pub(crate) account: String,
    pub(crate) vpcs: Vec<VpcOut>,
    /// (id, requester, accepter).
    pub(crate) peerings: Vec<(String, String, String)>,
    pub(crate) tgws: Vec<transit::TgwOut>,
    pub(crate) sites: Vec<transit::SiteOut>,
    /// APIs, custom domains and hosted zones, as YAML list items.
    pub(crate) apis: Vec<String>,
    pub(crate) domains: Vec<String>,
    pub(crate) zones: Vec<String>,
    /// Resolver rules and Lambda functions outside VPCs, as YAML list items.
    pub(crate) resolver_rules: Vec<String>,
    pub(crate) functions: Vec<String>,
    pub(crate) notes: Vec<String>,
    /// Ids whose values the importer chose (see [`crate::import::Imported::stand_ins`]).
    pub(crate) stand_ins: std::collections::BTreeSet<String>,
}

/// A VPC and what is inside it.
#[derive(Debug, Default)]
pub(crate) struct VpcOut {
    pub(crate) id: String,
    pub(crate) region: String,
    pub(crate) account: String,
    pub(crate) cidrs: Vec<Ipv4Net>,
    pub(crate) dns_hostnames: bool,
    /// `enableDnsSupport` off (on by default).
    pub(crate) dns_support: bool,
    /// Its DHCP options' DNS servers other than the Resolver (`AmazonProvidedDNS`).
    pub(crate) dns_servers: Vec<String>,
    pub(crate) igw: Option<String>,
    /// (id, sites connected by VPN).
    pub(crate) vgw: Option<(String, Vec<String>)>,
    pub(crate) subnets: Vec<SubnetOut>,
    pub(crate) route_tables: Vec<RouteTableOut>,
    pub(crate) nats: Vec<NatOut>,
    pub(crate) endpoints: Vec<EndpointOut>,
    pub(crate) groups: Vec<filters::GroupOut>,
    pub(crate) acls: Vec<filters::AclOut>,
    pub(crate) instances: Vec<InstanceOut>,
    /// Resolver endpoints and Lambda functions, as YAML list items.
    pub(crate) resolver_endpoints: Vec<String>,
    pub(crate) functions: Vec<String>,
}

/// A NAT gateway: (id, subnet, Elastic IP, private address, public).
pub(crate) type NatOut = (String, String, Option<String>, Option<String>, bool);

/// An instance: (id, subnet, private address, public address, groups).
pub(crate) type InstanceOut = (String, String, String, Option<String>, Vec<String>);

/// A subnet.
#[derive(Debug, Default)]
pub(crate) struct SubnetOut {
    pub(crate) id: String,
    pub(crate) cidr: Ipv4Net,
    pub(crate) az: Option<String>,
    pub(crate) route_table: Option<String>,
    pub(crate) acl: Option<String>,
}

/// A route table.
#[derive(Debug, Default)]
pub(crate) struct RouteTableOut {
    pub(crate) id: String,
    pub(crate) main: bool,
    pub(crate) propagation: bool,
    /// (destination, target).
    pub(crate) routes: Vec<(Ipv4Net, String)>,
}

/// A VPC endpoint.
#[derive(Debug, Default)]
pub(crate) struct EndpointOut {
    pub(crate) id: String,
    pub(crate) service: String,
    pub(crate) gateway: bool,
    pub(crate) subnets: Vec<String>,
    pub(crate) addresses: Vec<String>,
    pub(crate) private_dns: bool,
    pub(crate) groups: Vec<String>,
    pub(crate) route_tables: Vec<String>,
    pub(crate) dns_names: Vec<String>,
    /// The policy document, compact JSON.
    pub(crate) policy: Option<String>,
}

/// Notes counted by kind, written once each with their count.
#[derive(Debug, Default)]
pub(crate) struct Notes {
    counted: BTreeMap<String, usize>,
}

impl Notes {
    pub(crate) fn add(&mut self, what: impl Into<String>) {
        *self.counted.entry(what.into()).or_default() += 1;
    }

    pub(crate) fn lines(self) -> Vec<String> {
        self.counted
            .into_iter()
            .map(|(what, n)| {
                if n == 1 {
                    what
                } else {
                    format!("{what} (x{n})")
                }
            })
            .collect()
    }
}

/// Converts a dump.
pub(crate) fn convert(dump: &Dump) -> Result<World, ImportError> {
    let mut notes = Notes::default();
    let mut w = World::default();
    for (key, items) in &dump.by_key {
        if !READ.contains(&key.as_str()) && !items.is_empty() {
            notes.add(format!("not modelled: {} {key} (left out)", items.len()));
        }
    }
    vpcs::vpcs(dump, &mut w, &mut notes)?;
    let regions: BTreeMap<&str, usize> = w.vpcs.iter().fold(BTreeMap::new(), |mut m, v| {
        *m.entry(v.region.as_str()).or_default() += 1;
        m
    });
    w.region = regions
        .iter()
        .max_by_key(|(r, n)| (**n, std::cmp::Reverse(**r)))
        .map(|(r, _)| r.to_string())
        .unwrap_or_else(|| {
            notes.add("no Region in the dump: assumed us-east-1");
            "us-east-1".into()
        });
    let accounts: BTreeMap<&str, usize> = w.vpcs.iter().fold(BTreeMap::new(), |mut m, v| {
        *m.entry(v.account.as_str()).or_default() += 1;
        m
    });
    w.account = accounts
        .iter()
        .filter(|(a, _)| !a.is_empty())
        .max_by_key(|(a, n)| (**n, std::cmp::Reverse(**a)))
        .map(|(a, _)| a.to_string())
        .unwrap_or_else(|| {
            notes.add("no account id in the dump: assumed 123456789012");
            "123456789012".into()
        });
    for v in &mut w.vpcs {
        if v.account.is_empty() {
            v.account = w.account.clone();
        }
    }
    routes::peerings(dump, &mut w, &mut notes)?;
    transit::gateways(dump, &mut w, &mut notes)?;
    routes::routes(dump, &mut w, &mut notes)?;
    filters::groups(dump, &mut w, &mut notes)?;
    filters::acls(dump, &mut w, &mut notes)?;
    routes::instances(dump, &mut w, &mut notes)?;
    services::apis(dump, &mut w, &mut notes)?;
    services::zones(dump, &mut w, &mut notes)?;
    more::apis_v2(dump, &mut w, &mut notes)?;
    more::resolver(dump, &mut w, &mut notes)?;
    more::functions(dump, &mut w)?;
    w.notes = notes.lines();
    Ok(w)
}

impl World {
    /// Each VPC's place in `vpcs`, by id.
    pub(crate) fn vpc_index(&self) -> std::collections::HashMap<String, usize> {
        self.vpcs
            .iter()
            .enumerate()
            .map(|(i, v)| (v.id.clone(), i))
            .collect()
    }

    /// Each subnet's place (its VPC's, its own in the VPC's), by id.
    pub(crate) fn subnet_index(&self) -> std::collections::HashMap<String, (usize, usize)> {
        let mut ix = std::collections::HashMap::new();
        for (v, vpc) in self.vpcs.iter().enumerate() {
            for (s, sub) in vpc.subnets.iter().enumerate() {
                ix.insert(sub.id.clone(), (v, s));
            }
        }
        ix
    }
}

/// The Region an Availability Zone is in (`us-east-2b` is in `us-east-2`).
pub(crate) fn region_of_az(az: &str) -> Option<String> {
    let r = az.trim_end_matches(|c: char| c.is_ascii_lowercase() && c != '-');
    crate::aws::is_region(r).then(|| r.to_string())
}

/// A CIDR as the dump writes it.
pub(crate) fn cidr(item: &Item, field: &str, text: &str) -> Result<Ipv4Net, ImportError> {
    text.parse::<Ipv4Net>()
        .map(|n| n.trunc())
        .map_err(|_| item.bad(field, format!("`{text}` is not an IPv4 CIDR")))
}

//! From the dump's resources to the scenario's: what each AWS field means, what is skipped and
//! why (a note each), and what is assumed where the dump is silent. Whether the network built
//! is one AWS would accept is validation's to say ([`crate::import::build`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use ipnet::Ipv4Net;
use serde_json::Value;

use super::{Bad, Dump, Item};
use crate::error::Pos;
use crate::import::ImportError;
use crate::import::build::{Build, NoteKind, sp};
use crate::model::{self, Sp};

mod balancers;
mod direct_connect;
mod filters;
mod interfaces;
mod more;
mod peerings;
mod prefix;
mod routes;
mod services;
mod through;
mod transit;
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
    "TransitGatewayPeeringAttachments",
    "TransitGatewayRouteTables",
    "TransitGatewayPropagations",
    "TransitGatewayStaticRoutes",
    "TransitGatewayPrefixListReferences",
    "VpnGateways",
    "VpnConnections",
    "CustomerGateways",
    "NetworkInterfaces",
    "PrefixLists",
    "ManagedPrefixLists",
    "ManagedPrefixListEntries",
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
    "LoadBalancers",
    "LoadBalancerDescriptions",
    "LoadBalancerListeners",
    "LoadBalancerAttributes",
    "LoadBalancerTargetHealth",
    "TargetGroups",
    "TargetGroupAttributes",
    "DirectConnectGateways",
    "DirectConnectGatewayAssociations",
    "VirtualInterfaces",
];

/// The conversion's working state: the scenario being built, and where each VPC and subnet
/// of it is.
pub(crate) struct Cx<'d> {
    pub(crate) dump: &'d Dump,
    pub(crate) b: Build,
    /// Each VPC's place in the scenario's `vpcs`, by id.
    pub(crate) vpcs: HashMap<String, usize>,
    /// Each subnet's place: its VPC's, and its own in the VPC's `subnets`.
    pub(crate) subnets: HashMap<String, (usize, usize)>,
    /// The dump's prefix lists, for the rules and routes that name them.
    pub(crate) prefix_lists: prefix::PrefixLists,
    /// The network interfaces written on their own (F6.75), which a route names by their id.
    pub(crate) interfaces: BTreeSet<String>,
}

impl Cx<'_> {
    /// A part of the scenario made from `item`, named `resource` in the notes.
    pub(crate) fn at(&mut self, resource: &str, item: &Item) -> Pos {
        self.b.at(resource, item.place())
    }

    /// A part made from a field of `item` (`Associations[0]`), named `resource`.
    pub(crate) fn at_field(&mut self, resource: &str, item: &Item, field: &str) -> Pos {
        self.b.at(resource, format!("{}.{field}", item.place()))
    }

    /// Reads one resource with `read`; a field it lacks leaves it out with a note naming it.
    pub(crate) fn each(
        &mut self,
        key: &str,
        id_field: &str,
        mut read: impl FnMut(&mut Self, &Item) -> Result<(), Bad>,
    ) -> Result<(), ImportError> {
        let dump = self.dump;
        for item in dump.items(key) {
            match read(self, item) {
                Ok(()) => {}
                Err(Bad::Missing(field)) => {
                    let id = item
                        .value
                        .get(id_field)
                        .and_then(Value::as_str)
                        .unwrap_or("a resource without an id")
                        .to_string();
                    self.b.notes.about(
                        NoteKind::LeftOut,
                        id,
                        Some(item.place()),
                        format!("a {key} entry without `{field}`"),
                    );
                }
                Err(shape) => return Err(shape.into()),
            }
        }
        Ok(())
    }

    /// The VPC `id` of the scenario, if it was imported.
    pub(crate) fn vpc(&mut self, id: &str) -> Option<&mut model::Vpc> {
        let i = *self.vpcs.get(id)?;
        self.b.s.vpcs.get_mut(i)
    }

    /// A subnet's CIDR, if it was imported.
    pub(crate) fn subnet_cidr(&self, subnet: &str) -> Option<Ipv4Net> {
        let (v, s) = *self.subnets.get(subnet)?;
        self.b
            .s
            .vpcs
            .get(v)?
            .subnets
            .get(s)?
            .cidr
            .value
            .parse()
            .ok()
    }
}

/// Converts a dump.
pub(crate) fn convert(dump: &Dump) -> Result<Build, ImportError> {
    let mut cx = Cx {
        dump,
        b: Build::default(),
        vpcs: HashMap::new(),
        subnets: HashMap::new(),
        prefix_lists: prefix::PrefixLists::default(),
        interfaces: interfaces::own(dump),
    };
    cx.prefix_lists = prefix::read(&mut cx)?;
    prefix::note_service_ranges(&mut cx);
    for (key, items) in &dump.by_key {
        if !READ.contains(&key.as_str()) && !items.is_empty() {
            cx.b.noted(
                items.iter().map(Item::place),
                NoteKind::NotModelled,
                format!("{} {key} (left out)", items.len()),
            );
        }
    }
    for (key, id, one, other) in &dump.disagreements {
        cx.b.notes.about(
            NoteKind::Disagrees,
            id.clone(),
            Some(format!("{one} and {other}")),
            format!("two views of one {key} entry differ: the first is imported"),
        );
    }
    vpcs::vpcs(&mut cx)?;
    home(&mut cx);
    peerings::peerings(&mut cx)?;
    transit::gateways(&mut cx)?;
    direct_connect::gateways(&mut cx)?;
    routes::tables(&mut cx)?;
    filters::groups(&mut cx)?;
    filters::acls(&mut cx)?;
    routes::instances(&mut cx)?;
    let own = std::mem::take(&mut cx.interfaces);
    interfaces::interfaces(&mut cx, &own)?;
    cx.interfaces = own;
    balancers::balancers(&mut cx)?;
    services::apis(&mut cx)?;
    services::zones(&mut cx)?;
    more::apis_v2(&mut cx)?;
    more::resolver(&mut cx)?;
    more::functions(&mut cx)?;
    through::accounted(&mut cx);
    trim_home(&mut cx.b.s);
    Ok(cx.b)
}

/// What is the scenario's own Region or account need not be written again on each resource.
fn trim_home(s: &mut model::Scenario) {
    let (region, account) = (s.region.value.clone(), s.account.clone().map(|a| a.value));
    let mine = |x: &Option<Sp<String>>, home: Option<&str>| {
        x.as_ref().is_some_and(|x| Some(x.value.as_str()) == home)
    };
    for v in &mut s.vpcs {
        if mine(&v.region, Some(&region)) {
            v.region = None;
        }
        if mine(&v.account, account.as_deref()) {
            v.account = None;
        }
    }
    for t in &mut s.transit_gateways {
        if mine(&t.region, Some(&region)) {
            t.region = None;
        }
        if mine(&t.account, account.as_deref()) {
            t.account = None;
        }
    }
    for a in &mut s.apis {
        if mine(&a.value.region, Some(&region)) {
            a.value.region = None;
        }
    }
}

/// The scenario's own Region and account: those most VPCs have.
fn home(cx: &mut Cx) {
    let most = |values: Vec<&str>| {
        let mut n: BTreeMap<&str, usize> = BTreeMap::new();
        for v in values.into_iter().filter(|v| !v.is_empty()) {
            *n.entry(v).or_default() += 1;
        }
        n.into_iter()
            .max_by_key(|(v, n)| (*n, std::cmp::Reverse(*v)))
            .map(|(v, _)| v.to_string())
    };
    let s = &cx.b.s;
    let regions = s
        .vpcs
        .iter()
        .filter_map(|v| v.region.as_ref().map(|r| r.value.as_str()))
        .collect();
    let accounts = s
        .vpcs
        .iter()
        .filter_map(|v| v.account.as_ref().map(|a| a.value.as_str()))
        .collect();
    let (region, account) = (most(regions), most(accounts));
    let pos = cx.b.at("the dump", "the dump as a whole");
    let region = region.unwrap_or_else(|| {
        cx.b.notes
            .add(NoteKind::Assumed, "no Region in the dump: us-east-1");
        "us-east-1".into()
    });
    let account = account.unwrap_or_else(|| {
        cx.b.notes
            .add(NoteKind::Assumed, "no account id in the dump: 123456789012");
        "123456789012".into()
    });
    cx.b.s.region = sp(pos, region);
    cx.b.s.account = Some(sp(pos, account));
}

/// The Region an Availability Zone is in (`us-east-2b` is in `us-east-2`).
pub(crate) fn region_of_az(az: &str) -> Option<String> {
    let r = az.trim_end_matches(|c: char| c.is_ascii_lowercase() && c != '-');
    crate::aws::is_region(r).then(|| r.to_string())
}

/// A CIDR as the dump writes it, in the form the scenario writes it (`10.0.0.0/16`).
pub(crate) fn cidr(item: &Item, field: &str, text: &str) -> Result<String, Bad> {
    text.parse::<Ipv4Net>()
        .map(|n| n.trunc().to_string())
        .map_err(|_| item.bad(field, format!("`{text}` is not an IPv4 CIDR")))
}

/// The ids in a list of objects' `field` (`Groups[].GroupId`).
pub(crate) fn ids_in(list: &[Value], field: &str) -> Vec<String> {
    list.iter()
        .filter_map(|x| x.get(field).and_then(Value::as_str))
        .map(str::to_string)
        .collect()
}

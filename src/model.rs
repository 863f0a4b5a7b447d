//! The scenario exactly as written in YAML: serde types with no logic.
//!
//! Every struct rejects unknown keys (a typo must never be ignored). Values that validation
//! checks (ids, references, CIDRs, addresses) are [`Sp`]-wrapped so an error can point at the
//! line and column where they were written. Turning this into something the engine can use is
//! the job of [`crate::validate`]; nothing here resolves a reference or parses a CIDR.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use crate::pos::Sp;

mod api;
mod balancer;
mod firewall;
pub mod flow;
mod groups;
mod hybrid;
mod instance;
mod prune;
mod request;
pub mod schema;
mod transit;
mod vpc;
mod write;
pub use api::*;
pub use balancer::*;
pub use firewall::*;
pub use groups::*;
pub use hybrid::*;
pub use instance::*;
pub use prune::*;
pub use request::*;
pub use transit::*;
pub use vpc::*;
pub use write::*;

/// A Lambda function not attached to a VPC.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lambda {
    /// Scenario id (the function's name).
    pub id: Sp<String>,
}

/// One scenario file.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Title of the scenario.
    pub scenario: String,
    /// Free text shown in reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The home Region.
    #[schemars(schema_with = "crate::model::schema::region")]
    pub region: Sp<String>,
    /// The account id (12 digits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::model::schema::opt_account")]
    pub account: Option<Sp<String>>,
    /// The moment the requests are made (ISO 8601 in UTC, `2025-06-01T12:00:00Z`): what
    /// `aws:CurrentTime` and `aws:EpochTime` hold, keys AWS puts in every request's context.
    /// Default: 2025-01-01T00:00:00Z, with a warning where a policy tests them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<Sp<String>>,
    /// Another scenario file whose network (everything but its requests) this file's requests
    /// run in, relative to this file: an imported network regenerated every night, and the
    /// requests and expectations a team keeps. Such a file declares no VPCs, peerings or
    /// transit gateways; its APIs, custom domains, zones, Lambda functions, sites and Resolver
    /// rules are added to the network's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<Sp<String>>,
    /// VPCs with everything inside them.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "shrunk"
    )]
    pub vpcs: Vec<Vpc>,
    /// Lambda functions not attached to any VPC: they call from AWS's public address space.
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "shrunk"
    )]
    pub lambda_functions: Vec<Lambda>,
    /// Active VPC peering connections.
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "shrunk"
    )]
    pub peerings: Vec<Sp<Peering>>,
    /// Transit gateways, their attachments and route tables.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "shrunk"
    )]
    pub transit_gateways: Vec<TransitGateway>,
    /// Direct Connect gateways: their virtual interfaces and associations (F6.56).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "shrunk"
    )]
    pub direct_connect_gateways: Vec<DirectConnectGateway>,
    /// Customer-managed prefix lists, which routes and security group rules name (F6.74).
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub prefix_lists: Vec<Sp<PrefixList>>,
    /// On-premises networks, their clients and DNS servers.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "shrunk"
    )]
    pub sites: Vec<Site>,
    /// Route 53 Resolver rules and the VPCs they are associated with.
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "shrunk"
    )]
    pub resolver_rules: Vec<Sp<ResolverRule>>,
    /// API Gateway APIs.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "shrunk"
    )]
    pub apis: Vec<Sp<Api>>,
    /// API Gateway custom domain names.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "shrunk"
    )]
    pub custom_domains: Vec<Sp<CustomDomain>>,
    /// Route 53 hosted zones.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "shrunk"
    )]
    pub dns_zones: Vec<Sp<DnsZone>>,
    /// Only in a file with `network:`: what the network file cannot know of its instances
    /// (an import does not see what runs on them), added to them: the ports they listen on.
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "shrunk"
    )]
    pub instances: Vec<Sp<InstanceOverlay>>,
    /// The requests to simulate.
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub requests: Vec<Sp<Request>>,
}

/// What a file with `network:` adds to an instance of its network: listeners (the one
/// overlay allowed on the network's resources).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InstanceOverlay {
    /// The network's instance.
    pub id: Sp<String>,
    /// TCP ports something on it listens on, added to any the network file gives it.
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "shrunk"
    )]
    pub listens: Vec<Sp<Ports>>,
    /// UDP ports something on it listens on, added likewise.
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "shrunk"
    )]
    pub listens_udp: Vec<Sp<Ports>>,
}

impl Scenario {
    /// The first kind of resource a file that takes its network from another may not declare
    /// (what an import writes: VPCs, peerings, transit gateways, the account), if any.
    pub fn network_resource(&self) -> Option<&'static str> {
        [
            (!self.vpcs.is_empty(), "vpcs"),
            (!self.peerings.is_empty(), "peerings"),
            (!self.transit_gateways.is_empty(), "transit_gateways"),
            (
                !self.direct_connect_gateways.is_empty(),
                "direct_connect_gateways",
            ),
            (self.account.is_some(), "account"),
        ]
        .into_iter()
        .find_map(|(yes, what)| yes.then_some(what))
    }
}

/// A list as the parser read it, without the spare room it grew (up to half of it, as a list
/// doubles, and three quarters of a list of one, which starts with room for four): in a file
/// that is mostly routes, tens of megabytes that would otherwise stay while validation builds
/// the network beside them. Each list gives it back as soon as it is read ([`exact`]).
/// Every list of the scenario is read so but the requests, which are not the network.
fn shrunk<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(exact(Vec::<T>::deserialize(d)?))
}

/// [`shrunk`], of a list that may be left out.
fn shrunk_opt<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Vec<T>>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.map(exact))
}

/// `list` in an allocation of its length. `Vec::shrink_to_fit` asks the allocator to shrink
/// in place, and mimalloc keeps a block that stays at least half used: a list of 10 routes
/// grown to 16 kept the room of 16. A small list (up to 64 KiB) with room to spare is moved
/// into a new allocation of its size instead, as cheap as the reading that grew it; a larger
/// one is shrunk in place, whatever the allocator keeps (moving it would hold it twice).
pub fn exact<T>(mut list: Vec<T>) -> Vec<T> {
    if list.capacity() == list.len() {
        return list;
    }
    if std::mem::size_of::<T>().saturating_mul(list.capacity()) > 64 * 1024 {
        list.shrink_to_fit();
        return list;
    }
    let mut sized = Vec::with_capacity(list.len());
    sized.append(&mut list);
    sized
}

/// The JSON Schema (draft-07) of a scenario file, generated from these types, for editors:
/// the YAML language server completes keys and checks values with it.
pub fn json_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<Scenario>();
    schema.insert("title".into(), "vpcpath scenario".into());
    schema.insert(
        "description".into(),
        "A small AWS world and the requests to simulate in it: see docs/scenario-format.md".into(),
    );
    schema.to_value()
}

#[cfg(test)]
mod tests {
    /// A large file's requests wait to be resolved by the thousand: keep a parsed one small
    /// (its optional parts are boxed).
    #[test]
    fn a_parsed_request_stays_small() {
        let size = std::mem::size_of::<super::Sp<super::Request>>();
        assert!(size <= 152, "a parsed request takes {size} bytes");
    }
}

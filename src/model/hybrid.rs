//! Hybrid networks as written: on-premises sites, their clients and DNS servers, and Route 53
//! Resolver endpoints and rules.

use super::*;

/// An on-premises network, reached over a Site-to-Site VPN or Direct Connect.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// Scenario id.
    pub id: Sp<String>,
    /// Its address ranges.
    #[serde(
        serialize_with = "crate::model::flow::seq",
        deserialize_with = "super::shrunk"
    )]
    pub cidrs: Vec<Sp<String>>,
    /// How its Site-to-Site VPN connections give AWS its ranges: `dynamic` (BGP, the default)
    /// or `static` (the connections' static routes). For one prefix a virtual private gateway
    /// prefers Direct Connect, then a static VPN, then a BGP VPN (F6.73).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpn_routing: Option<Sp<String>>,
    /// Its own internet address (default: allocated in 203.0.113.0/24).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<Sp<String>>,
    /// The addresses of its DNS servers (what a Resolver forwarding rule targets).
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub dns_servers: Vec<Sp<String>>,
    /// Zones its DNS servers answer for themselves.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub dns_zones: Vec<Sp<SiteZone>>,
    /// Conditional forwarders of its DNS servers: a domain and the Resolver inbound endpoint
    /// its queries go to. Other names resolve in public DNS.
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub dns_forwarders: Vec<Sp<Forwarder>>,
    /// Machines on the site that send requests.
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub clients: Vec<SiteClient>,
    /// Machines on the site that answer: a request that reaches one of their addresses over
    /// the site's VPN or Direct Connect is answered as an instance answers (F6.20, F6.10).
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub servers: Vec<SiteServer>,
}

/// A zone an on-premises DNS server is authoritative for.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteZone {
    /// Zone name.
    pub name: Sp<String>,
    /// Records (`A` or `CNAME`).
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub records: Vec<Sp<Record>>,
}

/// A conditional forwarder of an on-premises DNS server.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Forwarder {
    /// The domain forwarded (and every name below it).
    pub domain: Sp<String>,
    /// The Resolver inbound endpoint the queries go to.
    pub to: Sp<String>,
}

/// A machine on an on-premises site.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteClient {
    /// Scenario id.
    pub id: Sp<String>,
    /// Its address, inside one of the site's CIDRs.
    pub ip: Sp<String>,
}

/// A server on an on-premises site: it answers for itself, as an instance does (what it runs
/// is not modelled; no security group or on-premises firewall is before it).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteServer {
    /// Scenario id.
    pub id: Sp<String>,
    /// Its address, inside one of the site's CIDRs.
    pub ip: Sp<String>,
    /// The TCP ports something on it listens on (a port or a range each); a connection to any
    /// other port is refused.
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub listens: Vec<Sp<Ports>>,
    /// The UDP ports something on it listens on.
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub listens_udp: Vec<Sp<Ports>>,
}

/// A Route 53 Resolver endpoint in a VPC.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolverEndpoint {
    /// Scenario id.
    pub id: Sp<String>,
    /// `inbound` (queries from outside the VPC into its Resolver) or `outbound` (forwarding
    /// rules' queries out of it).
    #[schemars(schema_with = "crate::model::schema::resolver_direction")]
    pub direction: Sp<String>,
    /// Its subnets (two or more in AWS; one per network interface).
    #[serde(
        serialize_with = "crate::model::flow::seq",
        deserialize_with = "super::shrunk"
    )]
    pub subnets: Vec<Sp<String>>,
    /// Its security groups (F5.16): an inbound endpoint's must admit the DNS servers' queries
    /// (UDP and TCP 53), an outbound endpoint's must let its queries out to the targets.
    /// Omitted: no group filters its traffic (files written before groups were modelled).
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub security_groups: Vec<Sp<String>>,
}

/// A Route 53 Resolver rule.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolverRule {
    /// Scenario id.
    pub id: Sp<String>,
    /// The domain it applies to (and every name below it).
    pub domain: Sp<String>,
    /// `forward` (to `targets` through `endpoint`) or `system` (the Resolver answers itself).
    #[serde(rename = "type")]
    #[schemars(schema_with = "crate::model::schema::resolver_rule_type")]
    pub kind: Sp<String>,
    /// Forward: the DNS servers' addresses.
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub targets: Vec<Sp<String>>,
    /// Forward: the outbound endpoint the queries leave by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<Sp<String>>,
    /// The VPCs it is associated with (in any account it is shared with).
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub vpcs: Vec<Sp<String>>,
}

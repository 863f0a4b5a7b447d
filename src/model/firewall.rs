//! Firewall endpoints as written: an AWS Network Firewall (or a Gateway Load Balancer
//! endpoint's appliances) in a subnet, that a route sends traffic through (F6.30).

use super::*;

/// A firewall endpoint in a subnet of its VPC.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Firewall {
    /// Scenario id: what routes name as their target (AWS: the endpoint's `vpce-` id).
    pub id: Sp<String>,
    /// The subnet it is in (one Availability Zone).
    pub subnet: Sp<String>,
    /// What it does with a packet no rule matches: `allow` or `deny` (AWS asks for one).
    #[schemars(schema_with = "crate::model::schema::action")]
    pub default_action: Sp<String>,
    /// Its rules, the first that matches deciding.
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub rules: Vec<Sp<FirewallRule>>,
}

/// A firewall rule: an action for the packets of a protocol, destination ports, source and
/// destination.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FirewallRule {
    /// `allow` or `deny`.
    #[schemars(schema_with = "crate::model::schema::action")]
    pub action: Sp<String>,
    /// `tcp`, `udp`, `icmp` or `all`.
    #[schemars(schema_with = "crate::model::schema::protocol")]
    pub protocol: Sp<String>,
    /// Destination port or range (tcp and udp).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ports: Option<Sp<Ports>>,
    /// The source CIDR (default: any).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Sp<String>>,
    /// The destination CIDR (default: any).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<Sp<String>>,
}

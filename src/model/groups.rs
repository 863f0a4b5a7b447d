//! A VPC's security groups and network ACLs as written.

use super::*;

/// A security group.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecurityGroup {
    /// Scenario id (`default` names the VPC's default group).
    pub id: Sp<String>,
    /// Inbound rules; omitted: none.
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub ingress: Vec<Sp<SgRule>>,
    /// Outbound rules; omitted: allow all.
    #[serde(
        serialize_with = "crate::model::flow::opt_items",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::shrunk_opt"
    )]
    pub egress: Option<Vec<Sp<SgRule>>>,
}

/// A security group rule.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SgRule {
    /// `tcp`, `udp`, `icmp` or `all`.
    #[schemars(schema_with = "crate::model::schema::protocol")]
    pub protocol: Sp<String>,
    /// A port, or a range `"from-to"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ports: Option<Sp<Ports>>,
    /// Peer CIDR.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr: Option<Sp<String>>,
    /// Peer security group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_group: Option<Sp<String>>,
    /// Peer prefix list (`s3`, `dynamodb` or `pl-<service>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix_list: Option<Sp<String>>,
    /// `icmp` only: the ICMP type (8 echo request, 0 echo reply, ...); omitted or -1: all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icmp_type: Option<Sp<i32>>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A port or a port range as written.
#[derive(Debug, Deserialize, Serialize, Clone, JsonSchema)]
#[serde(untagged)]
pub enum Ports {
    /// One port.
    One(u32),
    /// `"from-to"` or a single port as a string.
    Range(String),
}

/// A network ACL.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NetworkAcl {
    /// Scenario id.
    pub id: Sp<String>,
    /// Inbound rules.
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub ingress: Vec<Sp<NaclRule>>,
    /// Outbound rules.
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub egress: Vec<Sp<NaclRule>>,
}

/// A network ACL rule.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NaclRule {
    /// Rule number, 1 to 32766.
    pub rule: Sp<u32>,
    /// `allow` or `deny`.
    #[schemars(schema_with = "crate::model::schema::action")]
    pub action: Sp<String>,
    /// `tcp`, `udp`, `icmp` or `all`.
    #[schemars(schema_with = "crate::model::schema::protocol")]
    pub protocol: Sp<String>,
    /// A port, or a range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ports: Option<Sp<Ports>>,
    /// `icmp` only: the ICMP type (8 echo request, 0 echo reply, ...); omitted or -1: all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icmp_type: Option<Sp<i32>>,
    /// The CIDR the rule matches.
    pub cidr: Sp<String>,
}

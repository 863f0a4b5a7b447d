//! An EC2 instance as written: its subnet, addresses, groups and the ports it listens on.

use super::*;

/// An EC2 instance.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    /// Scenario id.
    pub id: Sp<String>,
    /// Its subnet.
    pub subnet: Sp<String>,
    /// Private IPv4 address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_ip: Option<Sp<String>>,
    /// `false`, `true`, or an address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<Sp<PublicIp>>,
    /// Security groups (default: the VPC's `default` group).
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub security_groups: Vec<Sp<String>>,
    /// The range its operating system takes client source ports from (default Linux's
    /// 32768-60999); network ACLs must admit replies to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ephemeral_ports: Option<Sp<Ports>>,
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
    /// Source/destination check (default true, as AWS): an instance that forwards traffic for
    /// others (an appliance a route targets) must have it off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_dest_check: Option<bool>,
    /// It is a DNS server (with `listens_udp: [53]`) that forwards every query to the Amazon
    /// DNS server of its own VPC, written as that server's address: the VPC's base address plus
    /// two, or 169.254.169.253 (F5.14).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forwards_dns_to: Option<Sp<String>>,
    /// Its instance metadata options (`MetadataOptions`; F6.67).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_options: Option<Sp<MetadataOptions>>,
}

/// An instance's metadata options, as the EC2 API and Terraform name them.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetadataOptions {
    /// `enabled` (default) or `disabled`: every request then gets 403 Forbidden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::model::schema::opt_http_endpoint")]
    pub http_endpoint: Option<Sp<String>>,
    /// `optional` or `required` (IMDSv2 only: a request without a token gets 401). Left out:
    /// AWS's default depends on the image and the account, which vpcpath cannot see; it
    /// assumes `optional` and says so where a request without a token depends on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::model::schema::opt_http_tokens")]
    pub http_tokens: Option<Sp<String>>,
}

/// An instance's public address as written.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum PublicIp {
    /// `true`: allocate one; `false`: none.
    Auto(bool),
    /// A given address (an Elastic IP).
    Address(String),
}

/// An elastic network interface written on its own (F6.75): an instance's secondary interface
/// (a two-armed appliance's other arm), or one attached to nothing. An instance's primary
/// interface is the instance itself.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NetworkInterface {
    /// Scenario id (AWS: its `eni-` id): what a route names as its target.
    pub id: Sp<String>,
    /// Its subnet (in the VPC it is written in).
    pub subnet: Sp<String>,
    /// Its primary private IPv4 address (else allocated deterministically in the subnet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_ip: Option<Sp<String>>,
    /// Security groups (default: the VPC's `default` group): they filter what this interface
    /// takes and sends, whatever the instance's other interfaces have.
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub security_groups: Vec<Sp<String>>,
    /// Source/destination check (default true, as AWS): off, the interface takes packets not
    /// addressed to it, as an appliance a route targets must (F6.76).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_dest_check: Option<bool>,
    /// The instance it is attached to (as a secondary interface, in the instance's
    /// Availability Zone); unwritten, it is attached to nothing and a route to it is a
    /// blackhole (F6.77).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attached_to: Option<Sp<String>>,
}

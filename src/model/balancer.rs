//! Load balancers as written (Elastic Load Balancing: Application and Network Load
//! Balancers): their subnets, security groups, listeners and target groups (F6.36-F6.45).

use super::*;

/// An Application or Network Load Balancer in its VPC.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoadBalancer {
    /// Scenario id: the load balancer's name, the first label of its DNS name.
    pub id: Sp<String>,
    /// `application` or `network`.
    #[serde(rename = "type")]
    #[schemars(schema_with = "crate::model::schema::lb_type")]
    pub kind: Sp<String>,
    /// `internet-facing` (default, as AWS) or `internal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::model::schema::opt_lb_scheme")]
    pub scheme: Option<Sp<String>>,
    /// Its DNS name as AWS gave it (default: made from its name, a fixed id and the Region,
    /// F6.36).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_name: Option<Sp<String>>,
    /// The subnets it has a node in, one per Availability Zone (an Application Load Balancer
    /// needs two zones at least).
    #[serde(
        serialize_with = "crate::model::flow::seq",
        deserialize_with = "super::shrunk"
    )]
    pub subnets: Vec<Sp<String>>,
    /// The private address of its node in each subnet, in the order of `subnets` (default:
    /// allocated).
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub addresses: Vec<Sp<String>>,
    /// An internet-facing load balancer's public address of each node, in the order of
    /// `subnets` (default: allocated).
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub public_ips: Vec<Sp<String>>,
    /// Security groups: an Application Load Balancer's default to its VPC's `default` group; a
    /// Network Load Balancer without any lets every client through to its listeners (F6.39).
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub security_groups: Vec<Sp<String>>,
    /// A Network Load Balancer's cross-zone load balancing (default false, as AWS; an
    /// Application Load Balancer's is always on, F6.40).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cross_zone: Option<Sp<bool>>,
    /// Its listeners.
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub listeners: Vec<Sp<Listener>>,
    /// Its target groups (AWS lets a target group serve one load balancer only).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub target_groups: Vec<TargetGroup>,
}

/// A listener: a protocol and port, forwarding to a target group.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Listener {
    /// `HTTP` or `HTTPS` (Application); `TCP`, `TLS`, `UDP` or `TCP_UDP` (Network).
    #[schemars(schema_with = "crate::model::schema::lb_protocol")]
    pub protocol: Sp<String>,
    /// The port it listens on.
    pub port: Sp<u32>,
    /// The target group its default action forwards to.
    pub target_group: Sp<String>,
}

/// A target group and its registered targets.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetGroup {
    /// Scenario id (its name).
    pub id: Sp<String>,
    /// The protocol to the targets (default: the first listener's that forwards to it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::model::schema::opt_lb_protocol")]
    pub protocol: Option<Sp<String>>,
    /// The port the targets receive traffic on (a target may override it).
    pub port: Sp<u32>,
    /// `instance` (default) or `ip`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::model::schema::opt_target_type")]
    pub target_type: Option<Sp<String>>,
    /// Cross-zone load balancing for this group (default: the load balancer's, F6.40).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cross_zone: Option<Sp<bool>>,
    /// Network Load Balancer: whether targets see the client's address (default: on for
    /// instance targets and UDP, off for IP targets over TCP or TLS, F6.43).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preserve_client_ip: Option<Sp<bool>>,
    /// The registered targets.
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub targets: Vec<Sp<LbTarget>>,
}

/// A registered target: an instance of the VPC, or an address.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LbTarget {
    /// An instance (target type `instance`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<Sp<String>>,
    /// An IPv4 address (target type `ip`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<Sp<String>>,
    /// The port it receives traffic on (default: its group's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<Sp<u32>>,
    /// `healthy` (default), `unhealthy`, or `unknown` (an import whose dump holds no health):
    /// what the health checks say (F6.41).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::model::schema::opt_target_health")]
    pub health: Option<Sp<String>>,
}

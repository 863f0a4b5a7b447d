//! A VPC as written: subnets, route tables, gateways, endpoints, instances, and peerings
//! (its security groups and network ACLs: [`super::SecurityGroup`], [`super::NetworkAcl`]).

use super::*;

/// A VPC.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Vpc {
    /// Scenario id.
    pub id: Sp<String>,
    /// Region (default: the scenario's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::model::schema::opt_region")]
    pub region: Option<Sp<String>>,
    /// The owning account (default: the scenario's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::model::schema::opt_account")]
    pub account: Option<Sp<String>>,
    /// The primary CIDR (or use `cidrs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr: Option<Sp<String>>,
    /// All CIDRs, primary first.
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub cidrs: Vec<Sp<String>>,
    /// `enableDnsSupport` (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_support: Option<bool>,
    /// `enableDnsHostnames` (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_hostnames: Option<bool>,
    /// Id of the attached internet gateway.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internet_gateway: Option<Sp<String>>,
    /// The attached virtual private gateway and the sites connected to it.
    #[serde(
        serialize_with = "crate::model::flow::opt_map",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub vpn_gateway: Option<VpnGateway>,
    /// Subnets.
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub subnets: Vec<Subnet>,
    /// Route tables.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub route_tables: Vec<RouteTable>,
    /// NAT gateways.
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub nat_gateways: Vec<NatGateway>,
    /// VPC endpoints.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub endpoints: Vec<Endpoint>,
    /// Security groups.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub security_groups: Vec<SecurityGroup>,
    /// Network ACLs.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub network_acls: Vec<NetworkAcl>,
    /// EC2 instances (the clients).
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub instances: Vec<Instance>,
    /// Elastic network interfaces written on their own: instances' secondary interfaces, or
    /// interfaces attached to nothing (F6.75).
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub network_interfaces: Vec<NetworkInterface>,
    /// Lambda functions attached to the VPC (clients too).
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub lambda_functions: Vec<VpcLambda>,
    /// Route 53 Resolver endpoints in the VPC.
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub resolver_endpoints: Vec<ResolverEndpoint>,
    /// Firewall endpoints (AWS Network Firewall, Gateway Load Balancer endpoints): a route
    /// names one to send traffic through it (F6.30).
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub firewalls: Vec<Firewall>,
    /// Application and Network Load Balancers, with their listeners and target groups
    /// (F6.36-F6.45).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub load_balancers: Vec<LoadBalancer>,
    /// DHCP options' DNS servers: the addresses the VPC's instances ask instead of the Route 53
    /// Resolver (default: the Resolver, `AmazonProvidedDNS`). Each must be a site's DNS server.
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub dns_servers: Vec<Sp<String>>,
}

/// A Lambda function attached to a VPC: it reaches the network through an interface in one of
/// its subnets, with its security groups, and never has a public address.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VpcLambda {
    /// Scenario id (the function's name).
    pub id: Sp<String>,
    /// The subnets it may use (at least one); its requests leave from the first.
    #[serde(
        serialize_with = "crate::model::flow::seq",
        deserialize_with = "super::shrunk"
    )]
    pub subnets: Vec<Sp<String>>,
    /// Security groups (default: the VPC's `default` group).
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub security_groups: Vec<Sp<String>>,
}

/// A subnet.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Subnet {
    /// Scenario id.
    pub id: Sp<String>,
    /// The subnet CIDR, inside one of the VPC's CIDRs.
    pub cidr: Sp<String>,
    /// Availability Zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub az: Option<Sp<String>>,
    /// Explicitly associated route table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route_table: Option<Sp<String>>,
    /// Explicitly associated network ACL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_acl: Option<Sp<String>>,
}

/// A route table.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RouteTable {
    /// Scenario id.
    pub id: Sp<String>,
    /// Whether this is the VPC's main route table.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub main: bool,
    /// Static routes (the `local` routes are implicit).
    #[serde(
        serialize_with = "crate::model::flow::items",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub routes: Vec<Route>,
    /// Route propagation from the VPC's virtual private gateway: the connected sites' CIDRs
    /// appear as routes to it (default false, as AWS).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub vpn_gateway_propagation: bool,
    /// The internet gateway or virtual private gateway this table is associated with (an edge
    /// association): a gateway route table, which routes the traffic entering the VPC through
    /// that gateway (F6.54, F6.55).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway: Option<Sp<String>>,
}

/// A NAT gateway.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NatGateway {
    /// Scenario id.
    pub id: Sp<String>,
    /// The subnet it lives in.
    pub subnet: Sp<String>,
    /// `public` (default) or `private`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::model::schema::opt_connectivity")]
    pub connectivity: Option<Sp<String>>,
    /// The Elastic IP of a public NAT gateway; allocated deterministically if omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elastic_ip: Option<Sp<String>>,
    /// Private address in its subnet; allocated deterministically if omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_ip: Option<Sp<String>>,
}

/// A VPC endpoint.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    /// Scenario id.
    pub id: Sp<String>,
    /// Short service name or `com.amazonaws.<region>.<service>`.
    pub service: Sp<String>,
    /// `interface` (default) or `gateway`.
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "type")]
    #[schemars(schema_with = "crate::model::schema::opt_vpc_endpoint_type")]
    pub kind: Option<Sp<String>>,
    /// Interface: one network interface per subnet.
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub subnets: Vec<Sp<String>>,
    /// Interface: private DNS (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_dns: Option<Sp<bool>>,
    /// Interface, s3 or dynamodb with private DNS: `PrivateDnsOnlyForInboundResolverEndpoint`,
    /// the private DNS answers only queries that come through a Resolver inbound endpoint, and
    /// the VPC's own go to the gateway endpoint (default: true when the VPC has a gateway
    /// endpoint for the service, as AWS; F7.10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_dns_only_for_inbound_resolver_endpoint: Option<Sp<bool>>,
    /// Interface: the private addresses of its network interfaces, in the order of `subnets`
    /// (default: allocated), as an import keeps them.
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub addresses: Vec<Sp<String>>,
    /// Interface: its own DNS names as AWS gave them, Regional and zonal
    /// (`vpce-<id>-<suffix>[-<az>].<service>.<region>.vpce.amazonaws.com`); when given, only
    /// their suffix answers (default: any suffix).
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub dns_names: Vec<Sp<String>>,
    /// Interface: security groups (default: the VPC's `default` group).
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub security_groups: Vec<Sp<String>>,
    /// Gateway: route tables that get the prefix-list route.
    #[serde(
        serialize_with = "crate::model::flow::seq",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "super::shrunk"
    )]
    pub route_tables: Vec<Sp<String>>,
    /// Endpoint policy (IAM JSON as YAML); default full access.
    #[serde(
        serialize_with = "crate::model::flow::opt_map",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub policy: Option<Sp<serde_json::Value>>,
}

/// An active VPC peering connection.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Peering {
    /// Scenario id.
    pub id: Sp<String>,
    /// Requester VPC.
    pub requester: Sp<String>,
    /// Accepter VPC.
    pub accepter: Sp<String>,
    /// The requester VPC's peering options (`RequesterPeeringConnectionOptions`).
    #[serde(
        serialize_with = "crate::model::flow::opt_map",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub requester_options: Option<PeeringOptions>,
    /// The accepter VPC's peering options (`AccepterPeeringConnectionOptions`).
    #[serde(
        serialize_with = "crate::model::flow::opt_map",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub accepter_options: Option<PeeringOptions>,
}

/// One side's options of a peering connection (`PeeringConnectionOptions`).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PeeringOptions {
    /// `AllowDnsResolutionFromRemoteVpc` (default false): the public DNS names of this side's
    /// instances resolve to their private addresses when the other side's instances ask
    /// (F5.23).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_dns_resolution_from_remote_vpc: Option<Sp<bool>>,
}

//! The scenario exactly as written in YAML: serde types with no logic.
//!
//! Every struct rejects unknown keys (a typo must never be ignored). Values that validation
//! checks (ids, references, CIDRs, addresses) are [`Sp`]-wrapped so an error can point at the
//! line and column where they were written. Turning this into something the engine can use is
//! the job of [`crate::validate`]; nothing here resolves a reference or parses a CIDR.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

pub use crate::pos::Sp;

/// One scenario file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Title of the scenario.
    pub scenario: String,
    /// Free text shown in reports.
    #[serde(default)]
    pub description: Option<String>,
    /// The home Region.
    pub region: Sp<String>,
    /// The account id (12 digits).
    #[serde(default)]
    pub account: Option<Sp<String>>,
    /// VPCs with everything inside them.
    #[serde(default)]
    pub vpcs: Vec<Vpc>,
    /// Active VPC peering connections.
    #[serde(default)]
    pub peerings: Vec<Sp<Peering>>,
    /// API Gateway APIs.
    #[serde(default)]
    pub apis: Vec<Sp<Api>>,
    /// API Gateway custom domain names.
    #[serde(default)]
    pub custom_domains: Vec<Sp<CustomDomain>>,
    /// Route 53 hosted zones.
    #[serde(default)]
    pub dns_zones: Vec<Sp<DnsZone>>,
    /// The requests to simulate.
    #[serde(default)]
    pub requests: Vec<Sp<Request>>,
}

/// A VPC.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Vpc {
    /// Scenario id.
    pub id: Sp<String>,
    /// The primary CIDR (or use `cidrs`).
    #[serde(default)]
    pub cidr: Option<Sp<String>>,
    /// All CIDRs, primary first.
    #[serde(default)]
    pub cidrs: Vec<Sp<String>>,
    /// `enableDnsSupport` (default true).
    #[serde(default)]
    pub dns_support: Option<bool>,
    /// `enableDnsHostnames` (default false).
    #[serde(default)]
    pub dns_hostnames: Option<bool>,
    /// Id of the attached internet gateway.
    #[serde(default)]
    pub internet_gateway: Option<Sp<String>>,
    /// Subnets.
    #[serde(default)]
    pub subnets: Vec<Subnet>,
    /// Route tables.
    #[serde(default)]
    pub route_tables: Vec<RouteTable>,
    /// NAT gateways.
    #[serde(default)]
    pub nat_gateways: Vec<NatGateway>,
    /// VPC endpoints.
    #[serde(default)]
    pub endpoints: Vec<Endpoint>,
    /// Security groups.
    #[serde(default)]
    pub security_groups: Vec<SecurityGroup>,
    /// Network ACLs.
    #[serde(default)]
    pub network_acls: Vec<NetworkAcl>,
    /// EC2 instances (the clients).
    #[serde(default)]
    pub instances: Vec<Instance>,
}

/// A subnet.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Subnet {
    /// Scenario id.
    pub id: Sp<String>,
    /// The subnet CIDR, inside one of the VPC's CIDRs.
    pub cidr: Sp<String>,
    /// Availability Zone.
    #[serde(default)]
    pub az: Option<Sp<String>>,
    /// Explicitly associated route table.
    #[serde(default)]
    pub route_table: Option<Sp<String>>,
    /// Explicitly associated network ACL.
    #[serde(default)]
    pub network_acl: Option<Sp<String>>,
}

/// A route table.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RouteTable {
    /// Scenario id.
    pub id: Sp<String>,
    /// Whether this is the VPC's main route table.
    #[serde(default)]
    pub main: bool,
    /// Static routes (the `local` routes are implicit).
    #[serde(default)]
    pub routes: Vec<Sp<Route>>,
}

/// One static route.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// Destination CIDR.
    pub destination: Sp<String>,
    /// Target id, or `blackhole`.
    pub target: Sp<String>,
}

/// A NAT gateway.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NatGateway {
    /// Scenario id.
    pub id: Sp<String>,
    /// The subnet it lives in.
    pub subnet: Sp<String>,
    /// `public` (default) or `private`.
    #[serde(default)]
    pub connectivity: Option<Sp<String>>,
    /// The Elastic IP of a public NAT gateway; allocated deterministically if omitted.
    #[serde(default)]
    pub elastic_ip: Option<Sp<String>>,
    /// Private address in its subnet; allocated deterministically if omitted.
    #[serde(default)]
    pub private_ip: Option<Sp<String>>,
}

/// A VPC endpoint.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    /// Scenario id.
    pub id: Sp<String>,
    /// Short service name or `com.amazonaws.<region>.<service>`.
    pub service: Sp<String>,
    /// `interface` (default) or `gateway`.
    #[serde(default, rename = "type")]
    pub kind: Option<Sp<String>>,
    /// Interface: one network interface per subnet.
    #[serde(default)]
    pub subnets: Vec<Sp<String>>,
    /// Interface: private DNS (default true).
    #[serde(default)]
    pub private_dns: Option<Sp<bool>>,
    /// Interface: security groups (default: the VPC's `default` group).
    #[serde(default)]
    pub security_groups: Vec<Sp<String>>,
    /// Gateway: route tables that get the prefix-list route.
    #[serde(default)]
    pub route_tables: Vec<Sp<String>>,
    /// Endpoint policy (IAM JSON as YAML); default full access.
    #[serde(default)]
    pub policy: Option<Sp<serde_json::Value>>,
}

/// A security group.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecurityGroup {
    /// Scenario id (`default` names the VPC's default group).
    pub id: Sp<String>,
    /// Inbound rules; omitted: none.
    #[serde(default)]
    pub ingress: Vec<Sp<SgRule>>,
    /// Outbound rules; omitted: allow all.
    #[serde(default)]
    pub egress: Option<Vec<Sp<SgRule>>>,
}

/// A security group rule.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SgRule {
    /// `tcp`, `udp`, `icmp` or `all`.
    pub protocol: Sp<String>,
    /// A port, or a range `"from-to"`.
    #[serde(default)]
    pub ports: Option<Sp<Ports>>,
    /// Peer CIDR.
    #[serde(default)]
    pub cidr: Option<Sp<String>>,
    /// Peer security group.
    #[serde(default)]
    pub security_group: Option<Sp<String>>,
    /// Peer prefix list (`s3`, `dynamodb` or `pl-<service>`).
    #[serde(default)]
    pub prefix_list: Option<Sp<String>>,
    /// Free text.
    #[serde(default)]
    pub description: Option<String>,
}

/// A port or a port range as written.
#[derive(Debug, Deserialize, Clone, JsonSchema)]
#[serde(untagged)]
pub enum Ports {
    /// One port.
    One(u32),
    /// `"from-to"` or a single port as a string.
    Range(String),
}

/// A network ACL.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NetworkAcl {
    /// Scenario id.
    pub id: Sp<String>,
    /// Inbound rules.
    #[serde(default)]
    pub ingress: Vec<Sp<NaclRule>>,
    /// Outbound rules.
    #[serde(default)]
    pub egress: Vec<Sp<NaclRule>>,
}

/// A network ACL rule.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NaclRule {
    /// Rule number, 1 to 32766.
    pub rule: Sp<u32>,
    /// `allow` or `deny`.
    pub action: Sp<String>,
    /// `tcp`, `udp`, `icmp` or `all`.
    pub protocol: Sp<String>,
    /// A port, or a range.
    #[serde(default)]
    pub ports: Option<Sp<Ports>>,
    /// The CIDR the rule matches.
    pub cidr: Sp<String>,
}

/// An EC2 instance.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    /// Scenario id.
    pub id: Sp<String>,
    /// Its subnet.
    pub subnet: Sp<String>,
    /// Private IPv4 address.
    #[serde(default)]
    pub private_ip: Option<Sp<String>>,
    /// `false`, `true`, or an address.
    #[serde(default)]
    pub public_ip: Option<Sp<PublicIp>>,
    /// Security groups (default: the VPC's `default` group).
    #[serde(default)]
    pub security_groups: Vec<Sp<String>>,
    /// The range its operating system takes client source ports from (default Linux's
    /// 32768-60999); network ACLs must admit replies to it.
    #[serde(default)]
    pub ephemeral_ports: Option<Sp<Ports>>,
}

/// An instance's public address as written.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum PublicIp {
    /// `true`: allocate one; `false`: none.
    Auto(bool),
    /// A given address (an Elastic IP).
    Address(String),
}

/// An active VPC peering connection.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Peering {
    /// Scenario id.
    pub id: Sp<String>,
    /// Requester VPC.
    pub requester: Sp<String>,
    /// Accepter VPC.
    pub accepter: Sp<String>,
}

/// An API Gateway API.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Api {
    /// The API id.
    pub id: Sp<String>,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// `rest` (default), `http` or `websocket`.
    #[serde(default, rename = "type")]
    pub kind: Option<Sp<String>>,
    /// Endpoint type.
    #[serde(default)]
    pub endpoint: Option<Sp<String>>,
    /// Region (default: the scenario's).
    #[serde(default)]
    pub region: Option<Sp<String>>,
    /// Deployed stages.
    #[serde(default)]
    pub stages: Vec<Sp<String>>,
    /// Routes (`"GET /orders"`); omitted: every method and path answers.
    #[serde(default)]
    pub routes: Option<Vec<Sp<String>>>,
    /// Whether methods require an API key.
    #[serde(default)]
    pub api_key_required: bool,
    /// Accepted API key values (extension); omitted: any non-empty `x-api-key`.
    #[serde(default)]
    pub api_keys: Option<Vec<String>>,
    /// `disableExecuteApiEndpoint`.
    #[serde(default)]
    pub disable_execute_api_endpoint: bool,
    /// Associated VPC endpoints (private APIs).
    #[serde(default)]
    pub vpc_endpoints: Vec<Sp<String>>,
    /// Resource policy.
    #[serde(default)]
    pub policy: Option<Sp<serde_json::Value>>,
    /// What the integration answers.
    #[serde(default)]
    pub response: Option<Response>,
}

/// A canned integration response.
#[derive(Debug, Deserialize, Clone, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// HTTP status (default 200).
    #[serde(default)]
    pub status: Option<u16>,
    /// Body (default empty).
    #[serde(default)]
    pub body: Option<String>,
}

/// An API Gateway custom domain name.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomDomain {
    /// The domain name.
    pub name: Sp<String>,
    /// `edge`, `regional` or `private`.
    pub endpoint: Sp<String>,
    /// The API Gateway domain name that DNS points at.
    #[serde(default)]
    pub target: Option<Sp<String>>,
    /// Base path mappings.
    #[serde(default)]
    pub mappings: Vec<Sp<Mapping>>,
    /// Private domains: endpoints with a domain name access association.
    #[serde(default)]
    pub vpc_endpoints: Vec<Sp<String>>,
    /// Private domains: the domain's `execute-api` policy.
    #[serde(default)]
    pub policy: Option<Sp<serde_json::Value>>,
}

/// A base path mapping.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The base path; `""` is `(none)`.
    #[serde(default)]
    pub path: String,
    /// API id.
    pub api: Sp<String>,
    /// Stage.
    pub stage: Sp<String>,
}

/// A Route 53 hosted zone.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DnsZone {
    /// Zone name.
    pub name: Sp<String>,
    /// Private zone.
    #[serde(default)]
    pub private: bool,
    /// Associated VPCs (private zones).
    #[serde(default)]
    pub vpcs: Vec<Sp<String>>,
    /// Records.
    #[serde(default)]
    pub records: Vec<Sp<Record>>,
}

/// A DNS record.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Record name.
    pub name: Sp<String>,
    /// `A`, `CNAME` or `ALIAS`.
    #[serde(rename = "type")]
    pub kind: Sp<String>,
    /// CNAME target, or one A value.
    #[serde(default)]
    pub value: Option<Sp<String>>,
    /// A values.
    #[serde(default)]
    pub values: Vec<Sp<String>>,
    /// ALIAS target.
    #[serde(default)]
    pub target: Option<Sp<String>>,
}

/// A request to simulate.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// Name (default `request N`).
    #[serde(default)]
    pub name: Option<String>,
    /// An instance id, or `internet`.
    pub from: Sp<String>,
    /// `internet` only: the client's public address.
    // Boxed, as `method` and `expect`: most requests leave them out, and a large file's
    // requests wait to be resolved by the thousand (152 bytes each instead of 200).
    #[serde(default)]
    pub source_ip: Option<Box<Sp<String>>>,
    /// The URL.
    pub url: Sp<String>,
    /// HTTP method.
    #[serde(default)]
    pub method: Option<Box<Sp<String>>>,
    /// Headers.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// `false` is `curl -k`.
    #[serde(default)]
    pub tls_verify: Option<bool>,
    /// What must happen.
    #[serde(default)]
    pub expect: Option<Box<Sp<Expect>>>,
}

/// Expectations on a request.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// `http`, `timeout`, `dns-failure` or `tls-error`.
    #[serde(default)]
    pub outcome: Option<Sp<String>>,
    /// HTTP status.
    #[serde(default)]
    pub status: Option<u16>,
    /// Components the path must touch.
    #[serde(default)]
    pub via: Option<Sp<OneOrMany>>,
    /// Components the path must not touch.
    #[serde(default)]
    pub not_via: Option<Sp<OneOrMany>>,
    /// A substring of the body.
    #[serde(default)]
    pub body_contains: Option<String>,
}

/// One id or a list of ids.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum OneOrMany {
    /// One.
    One(String),
    /// Many.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The ids as a slice-like list.
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
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

//! The resolved network: what the engine needs, with every reference checked.
//!
//! [`crate::validate`] builds a [`Network`] from a [`crate::model::Scenario`]; after that no
//! lookup can fail. Components live in vectors and refer to each other by index newtypes. The
//! forwarding topology (what joins to what: subnets, route tables and their routes' targets,
//! VPCs, peerings, gateways, attachments, sites) is a `petgraph` graph, [`Network::graph`]:
//! the route table of each subnet, the drawing and `matrix`'s reachability questions walk it
//! (`walk.rs`); each hop's longest-prefix match asks the table's trie for the route whose edge
//! it holds.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use prefix_trie::PrefixMap;

use crate::aws;
use crate::policy::Policy;

mod api;
mod arms;
mod balancer;
mod certificates;
mod firewall;
mod hybrid;
mod ids;
mod index;
mod lpm;
mod request;
mod routes;
mod rules;
mod selection;
mod topology;
mod transit;
mod vpc;
mod walk;
pub use api::*;
pub use arms::*;
pub use balancer::*;
pub use firewall::*;
pub use hybrid::*;
pub(crate) use ids::*;
pub use index::*;
pub use lpm::*;
pub use request::*;
pub use routes::*;
pub use rules::*;
pub use selection::*;
pub use topology::*;
pub use transit::*;
pub use vpc::*;

macro_rules! index_type {
    ($($(#[$m:meta])* $name:ident;)*) => {$(
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub usize);
    )*};
}

index_type! {
    /// Index of a VPC in [`Network::vpcs`].
    VpcIx;
    /// Index of a subnet in [`Network::subnets`].
    SubnetIx;
    /// Index of a route table in [`Network::route_tables`].
    RouteTableIx;
    /// Index of an internet gateway in [`Network::igws`].
    IgwIx;
    /// Index of a NAT gateway in [`Network::nats`].
    NatIx;
    /// Index of an endpoint in [`Network::endpoints`].
    EndpointIx;
    /// Index of an instance in [`Network::instances`].
    InstanceIx;
    /// Index of a security group in [`Network::security_groups`].
    SgIx;
    /// Index of a network ACL in [`Network::nacls`].
    NaclIx;
    /// Index of a peering connection in [`Network::peerings`].
    PeeringIx;
    /// Index of an API in [`Network::apis`].
    ApiIx;
    /// Index of a custom domain in [`Network::custom_domains`].
    DomainIx;
    /// Index of a transit gateway in [`Network::tgws`].
    TgwIx;
    /// Index of a transit gateway attachment in [`Network::tgw_attachments`].
    TgwAttachmentIx;
    /// Index of a transit gateway route table in [`Network::tgw_route_tables`].
    TgwRouteTableIx;
    /// Index of an on-premises site in [`Network::sites`].
    SiteIx;
    /// Index of a site's client in [`Network::site_clients`].
    SiteClientIx;
    /// Index of a Resolver endpoint in [`Network::resolver_endpoints`].
    ResolverEndpointIx;
    /// Index of a Resolver rule in [`Network::resolver_rules`].
    ResolverRuleIx;
    /// Index of a virtual private gateway in [`Network::vgws`].
    VgwIx;
    /// Index of a firewall endpoint in [`Network::firewalls`].
    FirewallIx;
    /// Index of a network interface written on its own in [`Network::interfaces`].
    EniIx;
    /// Index of a load balancer in [`Network::load_balancers`].
    LbIx;
    /// Index of a Direct Connect gateway in [`Network::dx_gateways`].
    DxgwIx;
}

/// The whole resolved scenario.
#[derive(Debug)]
pub struct Network {
    /// Title.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Home Region.
    pub region: aws::Region,
    /// Account id.
    pub account: String,
    /// The moment the requests are made, in seconds since 1970 (`time:`), if the file gives it;
    /// else [`crate::aws::DEFAULT_TIME`].
    pub time: Option<i64>,
    /// VPCs.
    pub vpcs: Vec<Vpc>,
    /// Subnets.
    pub subnets: Vec<Subnet>,
    /// Route tables.
    pub route_tables: Vec<RouteTable>,
    /// Internet gateways.
    pub igws: Vec<InternetGateway>,
    /// NAT gateways.
    pub nats: Vec<NatGateway>,
    /// VPC endpoints.
    pub endpoints: Vec<Endpoint>,
    /// Instances, and Lambda functions in VPCs (clients alike).
    pub instances: Vec<Instance>,
    /// Lambda functions outside any VPC, by id.
    pub lambdas: Vec<String>,
    /// Security groups.
    pub security_groups: Vec<SecurityGroup>,
    /// Network ACLs.
    pub nacls: Vec<NetworkAcl>,
    /// Peering connections.
    pub peerings: Vec<Peering>,
    /// Transit gateways.
    pub tgws: Vec<TransitGateway>,
    /// Transit gateway attachments.
    pub tgw_attachments: Vec<TgwAttachment>,
    /// Transit gateway route tables.
    pub tgw_route_tables: Vec<TgwRouteTable>,
    /// On-premises sites.
    pub sites: Vec<Site>,
    /// Virtual private gateways.
    pub vgws: Vec<VpnGateway>,
    /// Direct Connect gateways: the file's, then one for each Direct Connect attachment written
    /// in the short form (`direct_connect: <site>`).
    pub dx_gateways: Vec<DxGateway>,
    /// Clients on the sites.
    pub site_clients: Vec<SiteClient>,
    /// Route 53 Resolver endpoints.
    pub resolver_endpoints: Vec<ResolverEndpoint>,
    /// Firewall endpoints.
    pub firewalls: Vec<Firewall>,
    /// Network interfaces written on their own (F6.75): instances' secondary interfaces and
    /// interfaces attached to nothing.
    pub interfaces: Vec<NetworkInterface>,
    /// Load balancers.
    pub load_balancers: Vec<LoadBalancer>,
    /// Route 53 Resolver rules.
    pub resolver_rules: Vec<ResolverRule>,
    /// APIs.
    pub apis: Vec<Api>,
    /// Custom domains.
    pub custom_domains: Vec<CustomDomain>,
    /// Hosted zones.
    pub zones: Vec<Zone>,
    /// Requests.
    pub requests: Vec<Request>,
    /// Every id the scenario gives a component (what `expect: via` may name), the map
    /// validation resolved references with.
    pub(crate) ids: Ids,
    /// Services used by endpoints beyond the ones `aws` numbers itself.
    pub extra_services: Vec<String>,
    /// The forwarding topology.
    pub(crate) graph: DiGraph<Node, Link>,
    /// Odd but legal things AWS accepts.
    pub warnings: Vec<crate::error::Diagnostic>,
    /// Lookups derived from the vectors above, built once by [`Network::build_index`].
    pub(crate) index: Index,
}

/// The names a service's public front end presents: its Regional name and the names below it,
/// and the global and legacy names it serves (`sts.amazonaws.com`; S3's `s3.amazonaws.com` in
/// us-east-1 and `s3-{region}.amazonaws.com`), each with the names below it (F7.7).
pub fn service_certificates(service: &aws::Service, region: aws::Region) -> Vec<String> {
    let host = aws::service_hostname(service, &region);
    let mut names = vec![host.clone(), format!("*.{host}")];
    let legacy: &[String] = match service {
        aws::Service::Sts => &["sts.amazonaws.com".to_string()],
        aws::Service::S3 if region == aws::Region::US_EAST_1 => &[
            "s3.amazonaws.com".to_string(),
            "s3-external-1.amazonaws.com".to_string(),
        ],
        aws::Service::S3 => &[format!("s3-{region}.amazonaws.com")],
        _ => &[],
    };
    for name in legacy {
        names.push(name.clone());
        if *service == aws::Service::S3 {
            names.push(format!("*.{name}"));
        }
    }
    names
}

/// The wildcard of API Gateway's certificate in a Region: `*.execute-api.{region}.amazonaws.com`.
pub fn regional_api_certificate(region: &str) -> String {
    format!("*.{}", aws::service_hostname("execute-api", region))
}

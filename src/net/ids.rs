//! The ids a scenario gives its components, each with its kind, where it is written and its
//! index: one map, built by validation (which resolves references with it) and kept by the
//! network (a trace names the components it touched by these ids).

use std::sync::Arc;

use smol_str::SmolStr;

use crate::pos::Pos;

/// Every id of a scenario: its kind, where it is written, and its index into the network's
/// list of that kind. An id is held inline (up to 23 bytes, as `vpcpath generate` and most
/// hand-written ids are); one map is shared by validation's request checker and the network.
pub(crate) type Ids = Arc<rustc_hash::FxHashMap<SmolStr, (Kind, Pos, usize)>>;

/// What kind of component an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    Vpc,
    Subnet,
    RouteTable,
    Igw,
    Vgw,
    Nat,
    Endpoint,
    SecurityGroup,
    Nacl,
    Instance,
    /// A Lambda function in a VPC: a client among the instances.
    Lambda,
    /// A Lambda function outside any VPC.
    OutsideLambda,
    Peering,
    Api,
    Tgw,
    TgwAttachment,
    TgwRouteTable,
    Site,
    SiteClient,
    ResolverEndpoint,
    ResolverRule,
    Firewall,
    NetworkInterface,
    LoadBalancer,
    TargetGroup,
    DxGateway,
}

impl Kind {
    pub(crate) fn noun(self) -> &'static str {
        match self {
            Kind::Vpc => "VPC",
            Kind::Subnet => "subnet",
            Kind::RouteTable => "route table",
            Kind::Igw => "internet gateway",
            Kind::Vgw => "virtual private gateway",
            Kind::Nat => "NAT gateway",
            Kind::Endpoint => "VPC endpoint",
            Kind::SecurityGroup => "security group",
            Kind::Nacl => "network ACL",
            Kind::Instance => "instance",
            Kind::Lambda | Kind::OutsideLambda => "Lambda function",
            Kind::Peering => "peering connection",
            Kind::Api => "API",
            Kind::Tgw => "transit gateway",
            Kind::TgwAttachment => "transit gateway attachment",
            Kind::TgwRouteTable => "transit gateway route table",
            Kind::Site => "site",
            Kind::SiteClient => "site client or server",
            Kind::ResolverEndpoint => "Resolver endpoint",
            Kind::ResolverRule => "Resolver rule",
            Kind::Firewall => "firewall endpoint",
            Kind::NetworkInterface => "network interface",
            Kind::LoadBalancer => "load balancer",
            Kind::TargetGroup => "target group",
            Kind::DxGateway => "Direct Connect gateway",
        }
    }
}

//! The resolved network: what the engine needs, with every reference checked.
//!
//! [`crate::validate`] builds a [`Network`] from a [`crate::model::Scenario`]; after that no
//! lookup can fail. Components live in vectors and refer to each other by index newtypes. The
//! forwarding topology (subnets, route tables and the targets their routes point at) is a
//! `petgraph` graph, [`Network::graph`]: the routing layer walks it, and reports can draw it.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use prefix_trie::PrefixMap;

use crate::aws;
use crate::policy::Policy;

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
}

/// The whole resolved scenario.
#[derive(Debug)]
pub struct Network {
    /// Title.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Home Region.
    pub region: String,
    /// Account id.
    pub account: String,
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
    /// Instances.
    pub instances: Vec<Instance>,
    /// Security groups.
    pub security_groups: Vec<SecurityGroup>,
    /// Network ACLs.
    pub nacls: Vec<NetworkAcl>,
    /// Peering connections.
    pub peerings: Vec<Peering>,
    /// APIs.
    pub apis: Vec<Api>,
    /// Custom domains.
    pub custom_domains: Vec<CustomDomain>,
    /// Hosted zones.
    pub zones: Vec<Zone>,
    /// Requests.
    pub requests: Vec<Request>,
    /// Every id the scenario gives a component (what `expect: via` may name).
    pub ids: rustc_hash::FxHashSet<String>,
    /// Services used by endpoints beyond the ones `aws` numbers itself.
    pub extra_services: Vec<String>,
    /// The forwarding topology.
    pub graph: DiGraph<Node, Link>,
    /// Odd but legal things AWS accepts.
    pub warnings: Vec<crate::error::Diagnostic>,
    /// Lookups derived from the vectors above, built once by [`Network::build_index`].
    pub index: Index,
}

/// Lookups the engine makes per request, derived once from the network so that a request
/// costs the same whatever the number of VPCs, subnets, endpoints and APIs.
#[derive(Debug, Default)]
pub struct Index {
    /// The route table each subnet uses (its `Uses` edge in the graph).
    pub table_of_subnet: Vec<RouteTableIx>,
    /// Each VPC's subnets by CIDR.
    pub subnets_of_vpc: Vec<PrefixMap<Ipv4Net, SubnetIx>>,
    /// Each VPC's endpoints, in file order.
    pub endpoints_of_vpc: Vec<Vec<EndpointIx>>,
    /// The VPCs peered with each VPC, in peering order.
    pub peers_of_vpc: Vec<Vec<VpcIx>>,
    /// Network interfaces by VPC and address.
    pub interface_at: BTreeMap<(VpcIx, Ipv4Addr), Interface>,
    /// Endpoints by id.
    pub endpoint_by_id: BTreeMap<String, EndpointIx>,
    /// APIs by id.
    pub api_by_id: BTreeMap<String, ApiIx>,
    /// The names the certificate presented at each endpoint covers (F2.7): an interface
    /// endpoint's service and `vpce` names, with the private custom domains associated with an
    /// execute-api endpoint; a gateway endpoint's service names.
    pub certificates_of_endpoint: Vec<Vec<String>>,
    /// The names API Gateway's Regional front door presents, by Region: its wildcard and the
    /// Regional custom domains (for the Regions of the scenario's custom domains).
    pub regional_certificates: BTreeMap<String, Vec<String>>,
    /// The names CloudFront presents for API Gateway: its own wildcard, the execute-api
    /// wildcard of each Region with an edge-optimized API, and the edge custom domains.
    pub cloudfront_certificates: Vec<String>,
    /// The words of each network ACL's rules, by direction (ingress, egress), as traces show
    /// them ([`crate::filter::show_nacl_rules`]; written by validation, not by
    /// [`Network::build_index`]).
    pub nacl_rules_shown: Vec<[Vec<String>; 2]>,
    /// The words of each security group's rules, by direction, as traces show them
    /// ([`crate::filter::show_sg_rules`]).
    pub sg_rules_shown: Vec<[Vec<String>; 2]>,
}

/// What owns a network interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interface {
    /// An interface endpoint's network interface in a subnet.
    Endpoint(EndpointIx, SubnetIx),
    /// An instance.
    Instance(InstanceIx),
}

/// A node of the forwarding graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    /// A subnet.
    Subnet(SubnetIx),
    /// A route table.
    RouteTable(RouteTableIx),
    /// An internet gateway.
    Igw(IgwIx),
    /// A NAT gateway.
    Nat(NatIx),
    /// A gateway endpoint.
    GatewayEndpoint(EndpointIx),
    /// A peering connection.
    Peering(PeeringIx),
    /// The VPC router's delivery to its own CIDRs (`local`).
    Local(VpcIx),
    /// A blackhole.
    Blackhole,
    /// The internet and public AWS.
    Internet,
}

/// An edge of the forwarding graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// A subnet uses this route table (explicit association or the main table).
    Uses {
        /// Whether the association is implicit (the main table).
        implicit: bool,
    },
    /// A route table sends a destination to this target.
    Route,
    /// A NAT gateway lives in this subnet.
    LivesIn,
    /// A gateway forwards to the internet.
    Egress,
}

/// A VPC.
#[derive(Debug)]
pub struct Vpc {
    /// Scenario id.
    pub id: String,
    /// CIDRs, primary first.
    pub cidrs: Vec<Ipv4Net>,
    /// enableDnsSupport.
    pub dns_support: bool,
    /// enableDnsHostnames.
    pub dns_hostnames: bool,
    /// Attached internet gateway.
    pub igw: Option<IgwIx>,
    /// Its main route table (a synthetic one holding only `local` when none is declared).
    pub main_route_table: RouteTableIx,
    /// Its `default` security group.
    pub default_sg: SgIx,
    /// Its default network ACL (allows all).
    pub default_nacl: NaclIx,
}

impl Vpc {
    /// Whether an address is inside one of the VPC's CIDRs.
    pub fn contains(&self, ip: Ipv4Addr) -> bool {
        self.cidrs.iter().any(|c| c.contains(&ip))
    }
}

/// A subnet.
#[derive(Debug)]
pub struct Subnet {
    /// Scenario id.
    pub id: String,
    /// Its VPC.
    pub vpc: VpcIx,
    /// CIDR.
    pub cidr: Ipv4Net,
    /// Availability Zone, if given.
    pub az: Option<String>,
    /// The network ACL it uses.
    pub nacl: NaclIx,
    /// Its node in the graph; its `Uses` edge leads to the route table it uses.
    pub node: NodeIndex,
}

/// Where a route leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The VPC's own CIDR.
    Local,
    /// An internet gateway.
    Igw(IgwIx),
    /// A NAT gateway.
    Nat(NatIx),
    /// A gateway endpoint's prefix-list route.
    GatewayEndpoint(EndpointIx),
    /// A peering connection.
    Peering(PeeringIx),
    /// Dropped.
    Blackhole,
}

/// One route.
#[derive(Debug, Clone)]
pub struct Route {
    /// Destination.
    pub destination: Ipv4Net,
    /// Target.
    pub target: Target,
    /// How the destination is shown: the CIDR, or the prefix list's name.
    pub label: String,
}

/// A route table with a longest-prefix-match trie over its routes.
#[derive(Debug)]
pub struct RouteTable {
    /// Scenario id.
    pub id: String,
    /// Its VPC.
    pub vpc: VpcIx,
    /// Whether it is the main table.
    pub main: bool,
    /// Whether the scenario declared it (a VPC without a main table gets a synthetic one).
    pub declared: bool,
    /// Routes: `local` ones first, then static, then prefix-list routes.
    pub routes: Vec<Route>,
    /// Destination → index into `routes`.
    pub trie: PrefixMap<Ipv4Net, usize>,
    /// Its node in the graph.
    pub node: NodeIndex,
}

impl RouteTable {
    /// The longest-prefix-match index of a table's routes (F6.3). Prefix-list routes come
    /// last in `routes`; a static route to the same prefix takes priority (F6.4), so a
    /// prefix-list route never replaces an entry already present.
    pub fn index(routes: &[Route]) -> PrefixMap<Ipv4Net, usize> {
        let mut trie = PrefixMap::new();
        for (i, r) in routes.iter().enumerate() {
            let is_prefix_list = matches!(r.target, Target::GatewayEndpoint(_));
            if is_prefix_list && trie.get(&r.destination).is_some() {
                continue;
            }
            trie.insert(r.destination, i);
        }
        trie
    }

    /// The route that carries packets to `dst`: the longest matching prefix.
    pub fn lookup(&self, dst: Ipv4Addr) -> Option<&Route> {
        let host = Ipv4Net::from(dst);
        self.trie.get_lpm(&host).map(|(_, &i)| &self.routes[i])
    }
}

/// An internet gateway.
#[derive(Debug)]
pub struct InternetGateway {
    /// Scenario id.
    pub id: String,
    /// The VPC it is attached to.
    pub vpc: VpcIx,
    /// Its node.
    pub node: NodeIndex,
}

/// A NAT gateway.
#[derive(Debug)]
pub struct NatGateway {
    /// Scenario id.
    pub id: String,
    /// Its subnet.
    pub subnet: SubnetIx,
    /// Public (with an Elastic IP) or private.
    pub public: bool,
    /// Elastic IP of a public NAT gateway.
    pub elastic_ip: Option<Ipv4Addr>,
    /// Private address.
    pub private_ip: Ipv4Addr,
    /// Its node.
    pub node: NodeIndex,
}

/// Interface or gateway endpoint details.
#[derive(Debug)]
pub enum EndpointKind {
    /// An interface endpoint.
    Interface {
        /// (subnet, address of its network interface there).
        interfaces: Vec<(SubnetIx, Ipv4Addr)>,
        /// Private DNS.
        private_dns: bool,
        /// Security groups of its network interfaces.
        security_groups: Vec<SgIx>,
    },
    /// A gateway endpoint.
    Gateway {
        /// Route tables that carry its prefix-list route.
        route_tables: Vec<RouteTableIx>,
        /// The service's prefix in this Region.
        prefix: Ipv4Net,
        /// Its node.
        node: NodeIndex,
    },
}

/// A VPC endpoint.
#[derive(Debug)]
pub struct Endpoint {
    /// Scenario id.
    pub id: String,
    /// Its VPC.
    pub vpc: VpcIx,
    /// Service short name (`execute-api`, `s3`).
    pub service: String,
    /// Region (always the home Region).
    pub region: String,
    /// Interface or gateway.
    pub kind: EndpointKind,
    /// Endpoint policy; `None` is the default full-access policy.
    pub policy: Option<Policy>,
}

impl Endpoint {
    /// The network interface addresses of an interface endpoint.
    pub fn addresses(&self) -> Vec<Ipv4Addr> {
        match &self.kind {
            EndpointKind::Interface { interfaces, .. } => {
                interfaces.iter().map(|(_, ip)| *ip).collect()
            }
            EndpointKind::Gateway { .. } => Vec::new(),
        }
    }

    /// Whether one of an interface endpoint's network interfaces has this address.
    pub fn has_address(&self, ip: Ipv4Addr) -> bool {
        match &self.kind {
            EndpointKind::Interface { interfaces, .. } => interfaces.iter().any(|(_, a)| *a == ip),
            EndpointKind::Gateway { .. } => false,
        }
    }

    /// Whether this is an interface endpoint with private DNS on.
    pub fn has_private_dns(&self) -> bool {
        matches!(
            self.kind,
            EndpointKind::Interface {
                private_dns: true,
                ..
            }
        )
    }
}

/// An instance.
#[derive(Debug)]
pub struct Instance {
    /// Scenario id.
    pub id: String,
    /// Its subnet.
    pub subnet: SubnetIx,
    /// Private address.
    pub private_ip: Ipv4Addr,
    /// Public address.
    pub public_ip: Option<Ipv4Addr>,
    /// Security groups.
    pub security_groups: Vec<SgIx>,
    /// The client source ports it uses (inclusive).
    pub ephemeral_ports: (u16, u16),
}

/// IP protocol of a filter rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Protocol {
    /// TCP.
    Tcp,
    /// UDP.
    Udp,
    /// ICMP.
    Icmp,
    /// All protocols.
    All,
}

impl Protocol {
    /// The console's name.
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
            Protocol::Icmp => "icmp",
            Protocol::All => "all",
        }
    }
}

/// The peer a security group rule names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SgPeer {
    /// A CIDR.
    Cidr(Ipv4Net),
    /// Members of a security group.
    Group(SgIx),
    /// A service's prefix list.
    PrefixList {
        /// Service name.
        service: String,
        /// Its prefix.
        prefix: Ipv4Net,
    },
}

/// A security group rule.
#[derive(Debug, Clone)]
pub struct SgRule {
    /// Protocol.
    pub protocol: Protocol,
    /// Inclusive port range (all ports for `all`/`icmp`).
    pub ports: (u16, u16),
    /// Peer.
    pub peer: SgPeer,
    /// Position in the scenario list (0-based), for the trace.
    pub index: usize,
}

/// A security group.
#[derive(Debug)]
pub struct SecurityGroup {
    /// Scenario id.
    pub id: String,
    /// Its VPC.
    pub vpc: VpcIx,
    /// Inbound rules.
    pub ingress: Vec<SgRule>,
    /// Outbound rules.
    pub egress: Vec<SgRule>,
}

/// A network ACL rule.
#[derive(Debug, Clone)]
pub struct NaclRule {
    /// Rule number.
    pub number: u32,
    /// Allow (true) or deny.
    pub allow: bool,
    /// Protocol.
    pub protocol: Protocol,
    /// Inclusive port range.
    pub ports: (u16, u16),
    /// CIDR.
    pub cidr: Ipv4Net,
}

/// A network ACL; rules sorted by number.
#[derive(Debug)]
pub struct NetworkAcl {
    /// Scenario id (`default` for the implicit default NACL).
    pub id: String,
    /// Its VPC.
    pub vpc: VpcIx,
    /// Inbound rules, by rule number.
    pub ingress: Vec<NaclRule>,
    /// Outbound rules, by rule number.
    pub egress: Vec<NaclRule>,
}

/// A peering connection.
#[derive(Debug)]
pub struct Peering {
    /// Scenario id.
    pub id: String,
    /// Requester.
    pub requester: VpcIx,
    /// Accepter.
    pub accepter: VpcIx,
    /// Its node.
    pub node: NodeIndex,
}

impl Peering {
    /// The VPC on the other side from `vpc`.
    pub fn other(&self, vpc: VpcIx) -> VpcIx {
        if self.requester == vpc {
            self.accepter
        } else {
            self.requester
        }
    }
}

/// API type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKind {
    /// REST API.
    Rest,
    /// HTTP API.
    Http,
    /// WebSocket API.
    WebSocket,
}

impl ApiKind {
    /// The console's name.
    pub fn name(self) -> &'static str {
        match self {
            ApiKind::Rest => "REST",
            ApiKind::Http => "HTTP",
            ApiKind::WebSocket => "WebSocket",
        }
    }
}

/// API endpoint type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndpointType {
    /// Edge-optimized.
    Edge,
    /// Regional.
    Regional,
    /// Private.
    Private,
}

impl EndpointType {
    /// The console's name.
    pub fn name(self) -> &'static str {
        match self {
            EndpointType::Edge => "edge-optimized",
            EndpointType::Regional => "Regional",
            EndpointType::Private => "private",
        }
    }
}

/// An API route: `ANY`/method and a path pattern, or `$default`.
#[derive(Debug, Clone)]
pub struct ApiRoute {
    /// Method, upper case, or `ANY`.
    pub method: String,
    /// Path segments; `{x}` matches one, `{x+}` the rest. Empty for `$default`.
    pub segments: Vec<String>,
    /// `$default` (HTTP APIs).
    pub is_default: bool,
    /// As written.
    pub text: String,
}

/// An API.
#[derive(Debug)]
pub struct Api {
    /// API id.
    pub id: String,
    /// Name.
    pub name: Option<String>,
    /// Type.
    pub kind: ApiKind,
    /// Endpoint type.
    pub endpoint: EndpointType,
    /// Region.
    pub region: String,
    /// Stages.
    pub stages: Vec<String>,
    /// Routes; `None`: every method and path answers.
    pub routes: Option<Vec<ApiRoute>>,
    /// API key required.
    pub api_key_required: bool,
    /// Accepted keys; `None`: any.
    pub api_keys: Option<Vec<String>>,
    /// disableExecuteApiEndpoint.
    pub disable_execute_api_endpoint: bool,
    /// Associated endpoints.
    pub vpc_endpoints: Vec<EndpointIx>,
    /// Resource policy.
    pub policy: Option<Policy>,
    /// Integration status.
    pub status: u16,
    /// Integration body.
    pub body: String,
}

/// A base path mapping.
#[derive(Debug)]
pub struct Mapping {
    /// Base path segments (empty for `(none)`).
    pub path: Vec<String>,
    /// API.
    pub api: ApiIx,
    /// Stage.
    pub stage: String,
}

/// A custom domain.
#[derive(Debug)]
pub struct CustomDomain {
    /// The name.
    pub name: String,
    /// Endpoint type.
    pub endpoint: EndpointType,
    /// API Gateway domain name DNS points at.
    pub target: Option<String>,
    /// Region.
    pub region: String,
    /// Mappings.
    pub mappings: Vec<Mapping>,
    /// Private: endpoints with an access association.
    pub vpc_endpoints: Vec<EndpointIx>,
    /// Private: the domain's policy.
    pub policy: Option<Policy>,
}

/// Record data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordData {
    /// A records.
    A(Vec<Ipv4Addr>),
    /// CNAME.
    Cname(String),
    /// Route 53 alias.
    Alias(String),
}

/// A DNS record.
#[derive(Debug, Clone)]
pub struct Record {
    /// Owner name, lower case, without trailing dot (may start with `*.`).
    pub name: String,
    /// Data.
    pub data: RecordData,
}

/// A hosted zone.
#[derive(Debug)]
pub struct Zone {
    /// Name, lower case.
    pub name: String,
    /// Private.
    pub private: bool,
    /// Associated VPCs.
    pub vpcs: Vec<VpcIx>,
    /// Records.
    pub records: Vec<Record>,
}

/// Who sends a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Client {
    /// An instance.
    Instance(InstanceIx),
    /// A client on the internet with this address.
    Internet(Ipv4Addr),
}

/// The outcome kinds an expectation can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomeKind {
    /// An HTTP answer.
    Http,
    /// Dropped packets.
    Timeout,
    /// DNS failure.
    DnsFailure,
    /// TLS failure.
    TlsError,
}

impl OutcomeKind {
    /// The name used in scenarios and reports.
    pub fn name(self) -> &'static str {
        match self {
            OutcomeKind::Http => "http",
            OutcomeKind::Timeout => "timeout",
            OutcomeKind::DnsFailure => "dns-failure",
            OutcomeKind::TlsError => "tls-error",
        }
    }
}

/// Expectations.
#[derive(Debug, Clone, Default)]
pub struct Expect {
    /// Outcome kind.
    pub outcome: Option<OutcomeKind>,
    /// Status.
    pub status: Option<u16>,
    /// Must touch.
    pub via: Vec<String>,
    /// Must not touch.
    pub not_via: Vec<String>,
    /// Body substring.
    pub body_contains: Option<String>,
}

/// A parsed URL.
#[derive(Debug, Clone)]
pub struct Url {
    /// `http` or `https`.
    pub scheme: String,
    /// Host, lower case.
    pub host: String,
    /// Port.
    pub port: u16,
    /// Path, starting with `/`, without the query.
    pub path: String,
    /// The query string, without `?` (empty when there is none).
    pub query: String,
}

/// A request.
#[derive(Debug)]
pub struct Request {
    /// Name.
    pub name: String,
    /// Client.
    pub client: Client,
    /// The URL as written.
    pub url_text: String,
    /// The URL parsed.
    pub url: Url,
    /// Method, upper case.
    pub method: String,
    /// Headers, names lower case.
    pub headers: BTreeMap<String, String>,
    /// Verify the certificate.
    pub tls_verify: bool,
    /// Expectations.
    pub expect: Option<Expect>,
}

impl Network {
    /// The route table a subnet uses: the target of its `Uses` edge in the graph (validation
    /// gives every subnet exactly one, to its explicit table or else the main one, F6.1).
    pub fn table_of(&self, subnet: SubnetIx) -> RouteTableIx {
        self.index.table_of_subnet[subnet.0]
    }

    /// Builds [`Network::index`] from the vectors and the graph; validation calls it last.
    pub fn build_index(&mut self) {
        let mut ix = Index {
            subnets_of_vpc: (0..self.vpcs.len()).map(|_| PrefixMap::new()).collect(),
            endpoints_of_vpc: vec![Vec::new(); self.vpcs.len()],
            peers_of_vpc: vec![Vec::new(); self.vpcs.len()],
            ..Index::default()
        };
        for (i, s) in self.subnets.iter().enumerate() {
            let table = self
                .graph
                .edges(s.node)
                .find_map(|e| match (e.weight(), self.graph[e.target()]) {
                    (Link::Uses { .. }, Node::RouteTable(t)) => Some(t),
                    _ => None,
                })
                .unwrap_or(self.vpcs[s.vpc.0].main_route_table);
            ix.table_of_subnet.push(table);
            ix.subnets_of_vpc[s.vpc.0].insert(s.cidr, SubnetIx(i));
        }
        for (i, e) in self.endpoints.iter().enumerate() {
            ix.endpoints_of_vpc[e.vpc.0].push(EndpointIx(i));
            ix.endpoint_by_id.insert(e.id.clone(), EndpointIx(i));
            if let EndpointKind::Interface { interfaces, .. } = &e.kind {
                for (s, ip) in interfaces {
                    ix.interface_at
                        .insert((e.vpc, *ip), Interface::Endpoint(EndpointIx(i), *s));
                }
            }
        }
        for (i, inst) in self.instances.iter().enumerate() {
            let vpc = self.subnets[inst.subnet.0].vpc;
            ix.interface_at
                .entry((vpc, inst.private_ip))
                .or_insert(Interface::Instance(InstanceIx(i)));
        }
        for x in &self.peerings {
            ix.peers_of_vpc[x.requester.0].push(x.accepter);
            ix.peers_of_vpc[x.accepter.0].push(x.requester);
        }
        for (i, a) in self.apis.iter().enumerate() {
            ix.api_by_id.entry(a.id.clone()).or_insert(ApiIx(i));
        }
        // What each door presents is the same for every request: computed once here.
        for (i, ep) in self.endpoints.iter().enumerate() {
            let mut names = match ep.kind {
                EndpointKind::Interface { .. } => self.endpoint_certificates(ep),
                EndpointKind::Gateway { .. } => service_certificates(&ep.service, &ep.region),
            };
            if ep.service == "execute-api" {
                names.extend(
                    self.custom_domains
                        .iter()
                        .filter(|d| {
                            d.endpoint == EndpointType::Private
                                && d.vpc_endpoints.contains(&EndpointIx(i))
                        })
                        .map(|d| d.name.clone()),
                );
            }
            ix.certificates_of_endpoint.push(names);
        }
        for d in &self.custom_domains {
            if d.endpoint == EndpointType::Regional {
                ix.regional_certificates
                    .entry(d.region.clone())
                    .or_insert_with(|| vec![regional_api_certificate(&d.region)])
                    .push(d.name.clone());
            }
        }
        ix.cloudfront_certificates = self.cloudfront_certificates();
        self.index = ix;
    }

    /// The names the certificate of an interface endpoint covers: the service's names and the
    /// endpoint's own `vpce` names (F2.7: AWS's example connects to the vpce name without
    /// `-k`). The execute-api certificate is the wildcard only: it never covers the bare
    /// `execute-api.{region}.amazonaws.com` (F2.7).
    fn endpoint_certificates(&self, ep: &Endpoint) -> Vec<String> {
        let mut names = if ep.service == "execute-api" {
            vec![regional_api_certificate(&ep.region)]
        } else {
            service_certificates(&ep.service, &ep.region)
        };
        let vpce = format!(
            "{}.{}.vpce.amazonaws.com",
            aws::service_dns_label(&ep.service),
            ep.region
        );
        names.push(format!("{}.{vpce}", ep.id));
        if let EndpointKind::Interface { interfaces, .. } = &ep.kind {
            for (s, _) in interfaces {
                if let Some(az) = &self.subnets[s.0].az {
                    names.push(format!("{}-{az}.{vpce}", ep.id));
                }
            }
        }
        names
    }

    fn cloudfront_certificates(&self) -> Vec<String> {
        let mut names = vec!["*.cloudfront.net".to_string()];
        let mut regions: Vec<&str> = self
            .apis
            .iter()
            .filter(|a| a.endpoint == EndpointType::Edge)
            .map(|a| a.region.as_str())
            .collect();
        regions.sort_unstable();
        regions.dedup();
        names.extend(regions.iter().map(|r| regional_api_certificate(r)));
        names.extend(
            self.custom_domains
                .iter()
                .filter(|d| d.endpoint == EndpointType::Edge)
                .map(|d| d.name.clone()),
        );
        names
    }

    /// Whether a route table has any route to an internet gateway.
    pub fn routes_to_igw(&self, table: RouteTableIx) -> bool {
        self.route_tables[table.0]
            .routes
            .iter()
            .any(|r| matches!(r.target, Target::Igw(_)))
    }

    /// The route that carries packets to `dst` in a table.
    pub fn lookup(&self, table: RouteTableIx, dst: Ipv4Addr) -> Option<&Route> {
        self.route_tables[table.0].lookup(dst)
    }

    /// The subnet of a VPC that contains an address.
    pub fn subnet_containing(&self, vpc: VpcIx, ip: Ipv4Addr) -> Option<SubnetIx> {
        self.index.subnets_of_vpc[vpc.0]
            .get_lpm(&Ipv4Net::from(ip))
            .map(|(_, &s)| s)
    }

    /// The scenario id of a route target.
    pub fn target_id(&self, target: Target) -> &str {
        match target {
            Target::Local => "local",
            Target::Igw(i) => &self.igws[i.0].id,
            Target::Nat(i) => &self.nats[i.0].id,
            Target::GatewayEndpoint(i) => &self.endpoints[i.0].id,
            Target::Peering(i) => &self.peerings[i.0].id,
            Target::Blackhole => "blackhole",
        }
    }

    /// Finds an API by id.
    pub fn api(&self, id: &str) -> Option<ApiIx> {
        self.index.api_by_id.get(id).copied()
    }

    /// The endpoints of a VPC.
    pub fn endpoints_in(&self, vpc: VpcIx) -> impl Iterator<Item = (EndpointIx, &Endpoint)> {
        self.index.endpoints_of_vpc[vpc.0]
            .iter()
            .map(|&e| (e, &self.endpoints[e.0]))
    }

    /// Finds an endpoint by id.
    pub fn endpoint(&self, id: &str) -> Option<EndpointIx> {
        self.endpoints
            .iter()
            .position(|e| e.id == id)
            .map(EndpointIx)
    }
}

/// The names a service's public front end presents: its Regional name and the names below it.
pub fn service_certificates(service: &str, region: &str) -> Vec<String> {
    let host = aws::service_hostname(service, region);
    vec![host.clone(), format!("*.{host}")]
}

/// The wildcard of API Gateway's certificate in a Region: `*.execute-api.{region}.amazonaws.com`.
pub fn regional_api_certificate(region: &str) -> String {
    format!("*.{}", aws::service_hostname("execute-api", region))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn table(routes: Vec<Route>) -> RouteTable {
        RouteTable {
            id: "rtb".into(),
            vpc: VpcIx(0),
            main: true,
            declared: true,
            trie: RouteTable::index(&routes),
            routes,
            node: NodeIndex::new(0),
        }
    }

    fn route(cidr: &str, target: Target) -> Route {
        Route {
            destination: cidr.parse().unwrap(),
            target,
            label: cidr.into(),
        }
    }

    #[test]
    fn the_documentation_example_of_longest_prefix_match() {
        // F6.3: with 10.0.0.0/16 local, 172.31.0.0/16 to a peering connection and 0.0.0.0/0
        // to an internet gateway, 172.31.x goes to the peering connection.
        let t = table(vec![
            route("10.0.0.0/16", Target::Local),
            route("172.31.0.0/16", Target::Peering(PeeringIx(0))),
            route("0.0.0.0/0", Target::Igw(IgwIx(0))),
        ]);
        let to = |ip: &str| t.lookup(ip.parse().unwrap()).map(|r| r.target);
        assert_eq!(to("172.31.0.5"), Some(Target::Peering(PeeringIx(0))));
        assert_eq!(to("10.0.3.4"), Some(Target::Local));
        assert_eq!(to("8.8.8.8"), Some(Target::Igw(IgwIx(0))));
    }

    #[test]
    fn a_static_route_beats_a_prefix_list_route_to_the_same_prefix() {
        // F6.4, and F6.7's example: a more specific CIDR route to the gateway wins.
        let t = table(vec![
            route("0.0.0.0/0", Target::Igw(IgwIx(0))),
            route("54.123.165.0/24", Target::Igw(IgwIx(0))),
            route("54.123.160.0/19", Target::Nat(NatIx(0))),
            route("54.123.160.0/19", Target::GatewayEndpoint(EndpointIx(0))),
        ]);
        let to = |ip: &str| t.lookup(ip.parse().unwrap()).map(|r| r.target);
        assert_eq!(to("54.123.165.9"), Some(Target::Igw(IgwIx(0))));
        assert_eq!(to("54.123.161.9"), Some(Target::Nat(NatIx(0))));
    }

    fn arb_route() -> impl Strategy<Value = (u32, u8, bool)> {
        // Addresses from a small space so that prefixes overlap often.
        (0u32..16, 0u8..=32, any::<bool>())
    }

    proptest! {
        /// The trie agrees with the naive reading of F6.3/F6.4: of the routes whose
        /// destination contains the address, the longest prefix wins, a static route beats a
        /// prefix-list route of the same prefix, and the first listed wins otherwise.
        #[test]
        fn lookup_agrees_with_the_naive_reference(
            raw in proptest::collection::vec(arb_route(), 0..16),
            dst_bits in 0u32..16,
        ) {
            let mut seen = std::collections::BTreeSet::new();
            let mut statics = Vec::new();
            let mut lists = Vec::new();
            for (i, (addr, len, is_list)) in raw.into_iter().enumerate() {
                let base = Ipv4Addr::from(addr << 28 | addr << 4);
                let destination = Ipv4Net::new(base, len).unwrap().trunc();
                let r = Route {
                    destination,
                    target: if is_list {
                        Target::GatewayEndpoint(EndpointIx(i))
                    } else {
                        Target::Nat(NatIx(i))
                    },
                    label: destination.to_string(),
                };
                if is_list {
                    lists.push(r);
                } else if seen.insert(destination) {
                    statics.push(r);
                }
            }
            let routes: Vec<Route> = statics.into_iter().chain(lists).collect();
            let t = table(routes.clone());
            let dst = Ipv4Addr::from(dst_bits << 28 | dst_bits << 4);
            let naive = routes
                .iter()
                .enumerate()
                .filter(|(_, r)| r.destination.contains(&dst))
                .max_by_key(|(i, r)| {
                    let is_static = !matches!(r.target, Target::GatewayEndpoint(_));
                    (r.destination.prefix_len(), is_static, std::cmp::Reverse(*i))
                })
                .map(|(_, r)| r.target);
            prop_assert_eq!(t.lookup(dst).map(|r| r.target), naive);
        }
    }
}

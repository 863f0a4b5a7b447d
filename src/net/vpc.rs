//! A VPC and what lives in it: subnets, gateways, endpoints, instances, and the peerings
//! between VPCs.

use super::*;

/// A VPC.
#[derive(Debug)]
pub struct Vpc {
    /// Scenario id.
    pub id: String,
    /// Its Region.
    pub region: aws::Region,
    /// The owning account.
    pub account: String,
    /// CIDRs, primary first.
    pub cidrs: Vec<Ipv4Net>,
    /// enableDnsSupport.
    pub dns_support: bool,
    /// enableDnsHostnames.
    pub dns_hostnames: bool,
    /// Attached internet gateway.
    pub igw: Option<IgwIx>,
    /// Attached virtual private gateway.
    pub vgw: Option<VgwIx>,
    /// Its main route table (a synthetic one holding only `local` when none is declared).
    pub main_route_table: RouteTableIx,
    /// Its `default` security group.
    pub default_sg: SgIx,
    /// Its default network ACL (allows all).
    pub default_nacl: NaclIx,
    /// The DNS servers its DHCP options give instances; empty: the Route 53 Resolver.
    pub dns_servers: Vec<Ipv4Addr>,
    /// Its node in the graph ([`Node::Local`]): the target of its `local` routes, with a
    /// `Delivers` edge to each of its subnets.
    pub(crate) node: NodeIndex,
}

impl Vpc {
    /// Whether an address is inside one of the VPC's CIDRs.
    pub fn contains(&self, ip: Ipv4Addr) -> bool {
        self.cidrs.iter().any(|c| c.contains(&ip))
    }

    /// The address of its Amazon DNS server (the Route 53 Resolver) in the VPC: the primary
    /// CIDR's base address plus two (F5.1).
    pub fn resolver_address(&self) -> Option<Ipv4Addr> {
        self.cidrs
            .first()
            .map(|c| Ipv4Addr::from(u32::from(c.network()).wrapping_add(2)))
    }

    /// Whether `ip` is its Amazon DNS server: the base address plus two, or 169.254.169.253
    /// (F5.1).
    pub fn is_amazon_dns_server(&self, ip: Ipv4Addr) -> bool {
        ip == aws::AMAZON_DNS_LINK_LOCAL || Some(ip) == self.resolver_address()
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
    pub(crate) node: NodeIndex,
}

/// An internet gateway.
#[derive(Debug)]
pub struct InternetGateway {
    /// Scenario id.
    pub id: String,
    /// The VPC it is attached to.
    pub vpc: VpcIx,
    /// Its node.
    pub(crate) node: NodeIndex,
    /// The gateway route table associated with it, which routes what enters the VPC by it
    /// (F6.55).
    pub edge_table: Option<RouteTableIx>,
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
    pub(crate) node: NodeIndex,
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
        /// Its private DNS answers only queries that come through a Resolver inbound endpoint
        /// (`PrivateDnsOnlyForInboundResolverEndpoint`, F7.10).
        inbound_only_dns: bool,
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
    pub service: aws::Service,
    /// Region (always the home Region).
    pub region: aws::Region,
    /// Interface or gateway.
    pub kind: EndpointKind,
    /// Endpoint policy; `None` is the default full-access policy.
    pub policy: Option<Policy>,
    /// The first labels of its own DNS names as written (lower case); empty: any suffix.
    pub dns_labels: Vec<String>,
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

    /// Whether this is an interface endpoint whose private DNS answers only queries that come
    /// through a Resolver inbound endpoint (F7.10).
    pub fn inbound_only_dns(&self) -> bool {
        matches!(
            self.kind,
            EndpointKind::Interface {
                inbound_only_dns: true,
                ..
            }
        )
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
    /// The TCP port ranges something on it listens on (inclusive).
    pub listens: Vec<(u16, u16)>,
    /// The UDP port ranges something on it listens on (inclusive).
    pub listens_udp: Vec<(u16, u16)>,
    /// Source/destination check: on, it takes only packets to or from its own address.
    pub source_dest_check: bool,
    /// It is a DNS server forwarding every query to its VPC's Amazon DNS server (F5.14).
    pub forwards_dns: bool,
    /// Its instance metadata service (F6.66, F6.67).
    pub metadata: Metadata,
}

/// A network interface written on its own (F6.75): an instance's secondary interface, or one
/// attached to nothing. An instance's primary interface is the [`Instance`] itself.
#[derive(Debug)]
pub struct NetworkInterface {
    /// Scenario id.
    pub id: String,
    /// Its subnet.
    pub subnet: SubnetIx,
    /// Its private address.
    pub private_ip: Ipv4Addr,
    /// Its own security groups (F6.75).
    pub security_groups: Vec<SgIx>,
    /// Source/destination check (F6.76).
    pub source_dest_check: bool,
    /// The instance it is attached to; none: a route to it is a blackhole (F6.77).
    pub instance: Option<InstanceIx>,
}

/// The instance metadata service a client has, as its metadata options set it (F6.67).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metadata {
    /// None: the client is not an EC2 instance (a Lambda function).
    Absent,
    /// Turned off (`http_endpoint: disabled`): every request gets 403.
    Disabled,
    /// Answering. `tokens_required`: IMDSv2 only; `None` when the file does not say, which
    /// vpcpath reads as optional (AWS's default depends on the image and the account).
    Enabled {
        /// Whether a request must carry a token.
        tokens_required: Option<bool>,
    },
}

impl Instance {
    /// Whether something on it listens on TCP port `port`.
    pub fn listens_on(&self, port: u16) -> bool {
        self.listens
            .iter()
            .any(|(lo, hi)| (*lo..=*hi).contains(&port))
    }

    /// Whether something on it listens on UDP port `port`.
    pub fn listens_udp_on(&self, port: u16) -> bool {
        self.listens_udp
            .iter()
            .any(|(lo, hi)| (*lo..=*hi).contains(&port))
    }
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
    /// `AllowDnsResolutionFromRemoteVpc` of the requester's side: its instances' public DNS
    /// names resolve to their private addresses in the accepter (F5.23).
    pub requester_dns: bool,
    /// The same of the accepter's side.
    pub accepter_dns: bool,
    /// Its node.
    pub(crate) node: NodeIndex,
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

    /// Whether the public DNS names of `vpc`'s instances resolve to their private addresses
    /// when the VPC on the other side asks: `vpc`'s side allows it (F5.23).
    pub fn shares_dns_of(&self, vpc: VpcIx) -> bool {
        if self.requester == vpc {
            self.requester_dns
        } else {
            self.accepter == vpc && self.accepter_dns
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_amazon_dns_server_is_the_primary_cidr_plus_two_or_the_link_local_address() {
        let text = r#"
scenario: the Amazon DNS server
region: us-east-1
vpcs:
  - { id: vpc-a, cidrs: [10.4.0.0/16, 10.5.0.0/16], subnets: [{ id: sa, cidr: 10.4.1.0/24 }] }
"#;
        let net = crate::load::load_str(std::path::Path::new("v.yaml"), text).unwrap();
        let vpc = &net.vpcs[0];
        assert_eq!(vpc.resolver_address(), Some(Ipv4Addr::new(10, 4, 0, 2)));
        assert!(vpc.is_amazon_dns_server(Ipv4Addr::new(10, 4, 0, 2)));
        assert!(vpc.is_amazon_dns_server(Ipv4Addr::new(169, 254, 169, 253)));
        // A secondary CIDR's base plus two is not the Resolver.
        assert!(!vpc.is_amazon_dns_server(Ipv4Addr::new(10, 5, 0, 2)));
        assert!(!vpc.is_amazon_dns_server(Ipv4Addr::new(10, 4, 0, 3)));
    }
}

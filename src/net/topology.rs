//! The forwarding graph's nodes and edges: what [`Network::graph`] holds.
//!
//! Every way a packet can go from one component to another is an edge: a subnet to the route
//! table it uses, a route to its target, a VPC's `local` delivery to its subnets, a peering
//! connection to its two VPCs, a gateway to the internet or to a site, a transit gateway
//! attachment to its subnets, site or peer. Longest-prefix matching stays in each table's trie
//! (a route edge names its route); everything that asks what is joined to what walks this
//! graph: the drawing (`vpcpath graph`), the classes and neighbours `vpcpath matrix` probes,
//! and the route table each subnet uses.

use super::*;

/// What owns a network interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interface {
    /// An interface endpoint's network interface in a subnet.
    Endpoint(EndpointIx, SubnetIx),
    /// An instance.
    Instance(InstanceIx),
    /// A network interface written on its own (an instance's secondary interface).
    Eni(EniIx),
    /// A NAT gateway's network interface (its private address).
    Nat(NatIx),
    /// A load balancer's node: its network interface in one subnet (the node's place in
    /// [`LoadBalancer::nodes`]).
    LoadBalancer(LbIx, usize),
    /// A Route 53 Resolver endpoint's network interface in a subnet (F5.15): an inbound
    /// endpoint's takes queries to the VPC's Resolver; an outbound endpoint's sends them.
    Resolver(ResolverEndpointIx, SubnetIx),
}

/// What holds a public IPv4 address: the internet gateway of its VPC translates a packet to it
/// into the holder's private address (F6.34).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicHolder {
    /// An instance's public IPv4 address or Elastic IP.
    Instance(InstanceIx),
    /// A public NAT gateway's Elastic IP.
    Nat(NatIx),
    /// An internet-facing load balancer's node.
    LoadBalancer(LbIx, usize),
}

impl Network {
    /// What holds a public address, as the internet gateway's translation sees it: the
    /// holder's id, its subnet and the private address the public one is translated to
    /// (F6.34).
    pub fn public_holder(&self, holder: PublicHolder) -> (&str, SubnetIx, Ipv4Addr) {
        match holder {
            PublicHolder::Instance(i) => {
                let inst = &self.instances[i.0];
                (&inst.id, inst.subnet, inst.private_ip)
            }
            PublicHolder::Nat(n) => {
                let nat = &self.nats[n.0];
                (&nat.id, nat.subnet, nat.private_ip)
            }
            PublicHolder::LoadBalancer(l, n) => {
                let lb = &self.load_balancers[l.0];
                (&lb.id, lb.nodes[n].subnet, lb.nodes[n].private_ip)
            }
        }
    }
}

impl Network {
    /// The id of what owns a network interface: the instance, endpoint, NAT gateway, load
    /// balancer or Resolver endpoint; a network interface written apart names itself.
    pub fn interface_owner(&self, interface: Interface) -> &str {
        match interface {
            Interface::Endpoint(e, _) => &self.endpoints[e.0].id,
            Interface::Instance(i) => &self.instances[i.0].id,
            Interface::Nat(n) => &self.nats[n.0].id,
            Interface::LoadBalancer(l, _) => &self.load_balancers[l.0].id,
            Interface::Resolver(r, _) => &self.resolver_endpoints[r.0].id,
            Interface::Eni(x) => &self.interfaces[x.0].id,
        }
    }
}

/// A node of the forwarding graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
    /// A transit gateway.
    Tgw(TgwIx),
    /// A virtual private gateway.
    Vgw(VgwIx),
    /// An instance a route targets (a middlebox).
    Instance(InstanceIx),
    /// A firewall endpoint.
    Firewall(FirewallIx),
    /// The VPC router's delivery to its own CIDRs (`local`): the VPC itself.
    Local(VpcIx),
    /// An on-premises site.
    Site(SiteIx),
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
    /// A route table sends a destination to this target: the route's position in the table's
    /// `routes`.
    Route(u32),
    /// A VPC's `local` route delivers to this subnet.
    Delivers,
    /// A peering connection joins this VPC.
    Peer,
    /// A virtual private gateway reaches this site, over Direct Connect or a VPN.
    Connection {
        /// Over Direct Connect (else a Site-to-Site VPN).
        direct_connect: bool,
    },
    /// A NAT gateway lives in this subnet.
    LivesIn,
    /// A gateway forwards to the internet.
    Egress,
    /// A transit gateway reaches, through this attachment, a VPC (an edge to each of the
    /// attachment's subnets, where its network interfaces are), a site, or a peer transit
    /// gateway: the attachment's place in [`Network::tgw_attachments`] (32 bits, so that an
    /// edge stays small: a network has an edge per route).
    Attachment(u32),
}

impl Link {
    /// The attachment of an `Attachment` edge.
    pub fn attachment(self) -> Option<TgwAttachmentIx> {
        match self {
            Link::Attachment(a) => Some(TgwAttachmentIx(a as usize)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_public_address_is_held_with_a_subnet_and_a_private_address_and_zones_are_named() {
        let text = r#"
scenario: public holders and zones
region: us-east-1
vpcs:
  - id: vpc-a
    cidr: 10.6.0.0/16
    internet_gateway: igw-a
    subnets:
      - { id: subnet-a, cidr: 10.6.1.0/24, az: us-east-1a }
      - { id: subnet-b, cidr: 10.6.2.0/24 }
    nat_gateways:
      - { id: nat-a, subnet: subnet-a, elastic_ip: 198.51.100.20, private_ip: 10.6.1.5 }
    instances:
      - { id: i-b, subnet: subnet-b, private_ip: 10.6.2.10, public_ip: 198.51.100.10 }
"#;
        let net = crate::load::load_str(std::path::Path::new("p.yaml"), text).unwrap();
        let held = |ip: [u8; 4]| net.public_holder(net.index.public_at[&Ipv4Addr::from(ip)]);
        let private = |ip: [u8; 4]| Ipv4Addr::from(ip);
        assert_eq!(
            held([198, 51, 100, 10]),
            ("i-b", SubnetIx(1), private([10, 6, 2, 10]))
        );
        assert_eq!(
            held([198, 51, 100, 20]),
            ("nat-a", SubnetIx(0), private([10, 6, 1, 5]))
        );
        // A subnet's zone: its Availability Zone, else the subnet itself.
        assert_eq!(net.zone_name(SubnetIx(0)), "us-east-1a");
        assert_eq!(net.zone_name(SubnetIx(1)), "subnet-b");
    }
}

//! The forwarding graph's nodes and edges: what [`Network::graph`] holds.

use super::*;

/// What owns a network interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interface {
    /// An interface endpoint's network interface in a subnet.
    Endpoint(EndpointIx, SubnetIx),
    /// An instance.
    Instance(InstanceIx),
    /// A NAT gateway's network interface (its private address).
    Nat(NatIx),
}

/// What holds a public IPv4 address: the internet gateway of its VPC translates a packet to it
/// into the holder's private address (F6.33).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicHolder {
    /// An instance's public IPv4 address or Elastic IP.
    Instance(InstanceIx),
    /// A public NAT gateway's Elastic IP.
    Nat(NatIx),
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
    /// A transit gateway.
    Tgw(TgwIx),
    /// A virtual private gateway.
    Vgw(VgwIx),
    /// An instance a route targets (a middlebox).
    Instance(InstanceIx),
    /// A firewall endpoint.
    Firewall(FirewallIx),
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
    /// A transit gateway reaches a VPC through an attachment's network interface in this
    /// subnet.
    Attachment,
}

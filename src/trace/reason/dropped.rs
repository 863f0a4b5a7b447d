//! Why packets were dropped: by routing, by a filter, at a door that does not listen.

use super::*;
use crate::aws::words::Protocol;

/// Why packets were dropped: the reason of a [`Step::Drop`] and of the [`Outcome::Timeout`]
/// it causes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DropReason {
    /// A client on the internet sent packets to a private address.
    PrivateFromInternet {
        /// The destination.
        dst: Ipv4Addr,
    },
    /// The path passed through more gateways than any real path.
    RoutingLoop,
    /// Sent to the Amazon DNS server of a VPC whose `dns_support` is off (F5.1, F5.2).
    DnsSupportOffServer {
        /// The VPC.
        vpc: SmolStr,
        /// The address it was sent to.
        dst: Ipv4Addr,
    },
    /// A VPC route table has no route to the destination.
    NoRoute {
        /// The table.
        table: SmolStr,
        /// The destination.
        dst: Ipv4Addr,
    },
    /// The matching route, in a VPC's or a transit gateway's route table, is a blackhole.
    Blackhole {
        /// The route's destination, as the table shows it.
        route: SmolStr,
        /// The table.
        table: SmolStr,
    },
    /// The destination is in none of the subnets of the VPC the packets reached.
    NoSubnet {
        /// The destination.
        dst: Ipv4Addr,
        /// The VPC.
        vpc: SmolStr,
    },
    /// An internet gateway was handed a private destination.
    PrivateAtInternetGateway {
        /// The destination.
        dst: Ipv4Addr,
    },
    /// Packets translated by a private NAT gateway reached an internet gateway (F6.6).
    PrivateNat {
        /// The private NAT gateway.
        nat: SmolStr,
    },
    /// The source has no public address for the internet gateway to translate (F6.5).
    NoPublicAddress {
        /// The source address.
        source: Ipv4Addr,
        /// The internet gateway.
        igw: SmolStr,
    },
    /// The route table of a NAT gateway's own subnet sends the destination back to it.
    NatLoop {
        /// The table.
        table: SmolStr,
        /// The destination.
        dst: Ipv4Addr,
        /// The NAT gateway.
        nat: SmolStr,
    },
    /// Packets that came through a transit gateway met a gateway endpoint's route (F6.19).
    GatewayEndpointAcrossTransit {
        /// The gateway endpoint.
        endpoint: SmolStr,
    },
    /// A peering connection was asked to carry a destination outside the peer VPC.
    NotInPeer {
        /// The destination.
        dst: Ipv4Addr,
        /// The peer VPC.
        peer: SmolStr,
    },
    /// No network interface holds the destination in the subnet the packets reached.
    NoInterface {
        /// The destination.
        dst: Ipv4Addr,
        /// The subnet.
        subnet: SmolStr,
    },
    /// Nothing of the scenario answers at the public address the packets reached.
    NothingAnswers {
        /// The destination.
        dst: Ipv4Addr,
    },
    /// The public address belongs to something in a VPC with no internet gateway: nothing
    /// carries the packets from the internet into it (F6.34).
    NoInternetGateway {
        /// The public address.
        dst: Ipv4Addr,
        /// What holds it (an instance, a NAT gateway).
        holder: SmolStr,
        /// Its VPC.
        vpc: SmolStr,
    },
    /// The packets are addressed to a NAT gateway (its Elastic IP, translated by the internet
    /// gateway, or its private address), which accepts no connection (F6.35).
    NatTakesNoConnection {
        /// The NAT gateway.
        nat: SmolStr,
        /// The address the client sent to.
        dst: Ipv4Addr,
    },
    /// A load balancer has no listener for the packets' port and protocol: it drops them
    /// (F6.38).
    NoListener {
        /// The load balancer.
        lb: SmolStr,
        /// The port.
        port: u16,
        /// The protocol, as a listener names it (`TCP`, `UDP`, `ICMP`).
        protocol: SmolStr,
    },
    /// A Network Load Balancer's listener has no target to forward to: none registered in a
    /// zone its node may send to (F6.42).
    NoTarget {
        /// The load balancer.
        lb: SmolStr,
        /// The target group.
        target_group: SmolStr,
    },
    /// A Network Load Balancer that keeps the client's address sent a connection back to the
    /// client itself, a target of its group: source and destination are the same address and
    /// the connection times out (F6.69).
    Loopback {
        /// The load balancer.
        lb: SmolStr,
        /// The client, which is the target chosen.
        target: SmolStr,
    },
    /// Packets to a service on the instance's own host (the instance metadata service, the
    /// Amazon Time Sync Service) on a port or protocol it does not serve: nothing documented
    /// answers (F6.66, F6.68).
    HostServicePort {
        /// The address.
        dst: Ipv4Addr,
        /// The port.
        port: u16,
        /// The protocol.
        protocol: Protocol,
    },
    /// A site's client sent packets to an address of its own site.
    InsideSite {
        /// The destination.
        dst: Ipv4Addr,
        /// The site.
        site: SmolStr,
    },
    /// A site learns no route to a private destination over its connections (F6.20).
    SiteLearnsNoRoute {
        /// The site.
        site: SmolStr,
        /// The destination.
        dst: Ipv4Addr,
    },
    /// The packets reached a site over a VPN or Direct Connect, and no machine of it (a
    /// `servers:` or `clients:` entry) has the destination address (F6.20).
    NoSiteMachine {
        /// The destination.
        dst: Ipv4Addr,
        /// The virtual private gateway or transit gateway attachment they came over.
        via: SmolStr,
        /// The site.
        site: SmolStr,
        /// Whether the destination is inside the site's CIDRs.
        inside: bool,
    },
    /// Packets that came from a site over a Direct Connect gateway's attachment are routed
    /// back out by the same attachment: a Direct Connect gateway does not carry traffic
    /// between its virtual interfaces (F6.59).
    DxNoTransit {
        /// The transit gateway attachment of the Direct Connect gateway.
        attachment: SmolStr,
        /// The Direct Connect gateway.
        gateway: SmolStr,
        /// The destination.
        dst: Ipv4Addr,
    },
    /// No site of the virtual private gateway holds the destination, which is in another VPC
    /// whose virtual private gateway a Direct Connect site of this one also reaches: a Direct
    /// Connect gateway does not carry traffic between its associations (F6.59).
    DxNoVpcTransit {
        /// The virtual private gateway the packets reached.
        vgw: SmolStr,
        /// The destination.
        dst: Ipv4Addr,
        /// The VPC that holds it.
        vpc: SmolStr,
        /// That VPC's virtual private gateway.
        other: SmolStr,
    },
    /// Packets routed to a Direct Connect gateway's attachment whose gateway has no transit
    /// virtual interface: no site is reached by it (F6.57).
    DxNoInterface {
        /// The transit gateway attachment of the Direct Connect gateway.
        attachment: SmolStr,
        /// The Direct Connect gateway.
        gateway: SmolStr,
    },
    /// No site connected to the virtual private gateway holds the destination.
    NoSiteHas {
        /// The gateway: a virtual private gateway, or a Direct Connect gateway (its id, or its
        /// attachment's when the file does not name it).
        vgw: SmolStr,
        /// The destination.
        dst: Ipv4Addr,
    },
    /// A VPC routes to a transit gateway it has no attachment to.
    NoAttachment {
        /// The transit gateway.
        tgw: SmolStr,
        /// The VPC.
        vpc: SmolStr,
    },
    /// The VPC's attachment has no subnet in the source's Availability Zone (F6.15).
    NoAttachmentSubnetInZone {
        /// The attachment.
        attachment: SmolStr,
        /// The zone; `None` where the subnet was written without one.
        zone: Option<SmolStr>,
        /// The source's subnet.
        subnet: SmolStr,
        /// The transit gateway.
        tgw: SmolStr,
    },
    /// The attachment the packets entered by is associated with no route table (F6.16).
    NotAssociated {
        /// The attachment.
        attachment: SmolStr,
        /// The transit gateway.
        tgw: SmolStr,
    },
    /// A transit gateway route table has no route to the destination (F6.16).
    TransitNoRoute {
        /// The table.
        table: SmolStr,
        /// The destination.
        dst: Ipv4Addr,
    },
    /// The packets go round between peered transit gateways.
    TransitLoop,
    /// The VPC attachment the packets leave by has no subnet at all.
    AttachmentWithoutSubnet {
        /// The attachment.
        attachment: SmolStr,
    },
    /// What answers at the end of the path does not listen on the port.
    NotListening {
        /// What answered (a door's name, `s3 us-east-1`).
        front: SmolStr,
        /// The port.
        port: u16,
        /// Whether it also accepts HTTP on 80.
        http: bool,
    },
    /// A NAT gateway took a packet of another protocol than TCP, UDP and ICMP (F6.63).
    NatProtocol {
        /// The NAT gateway.
        nat: SmolStr,
    },
    /// A packet of another protocol (`ip://`) reached an AWS front end or a load balancer,
    /// which listen on TCP and UDP ports only.
    IpToFront {
        /// The front end.
        front: SmolStr,
    },
    /// An ICMP echo request reached an AWS front end, which does not answer it (F6.13).
    IcmpToFront {
        /// What it reached.
        front: SmolStr,
    },
    /// An instance with its source/destination check on took packets a route sent it that
    /// are not addressed to it (F6.28).
    SourceDestCheck {
        /// The instance, or its network interface the route names.
        instance: SmolStr,
        /// Where the packets go.
        dst: Ipv4Addr,
        /// `instance` is a network interface written on its own (F6.76).
        interface: bool,
    },
    /// The matching route leads to a network interface attached to no instance: AWS shows it
    /// as a blackhole route (F6.77).
    DetachedInterface {
        /// The interface.
        interface: SmolStr,
        /// The route's destination, as the table shows it.
        route: SmolStr,
        /// The table.
        table: SmolStr,
    },
    /// A firewall endpoint's rule (or its default action) denied the packets (F6.30).
    FirewallDenied {
        /// The firewall endpoint.
        firewall: SmolStr,
        /// The rule (1-based) that denied; `None`: its default action.
        rule: Option<usize>,
        /// The source.
        src: Ipv4Addr,
        /// The destination.
        dst: Ipv4Addr,
    },
    /// A UDP datagram reached an AWS front end, which listens on TCP only (F6.13).
    UdpToFront {
        /// What answered.
        front: SmolStr,
        /// The port.
        port: u16,
    },
    /// A network ACL denied the request's packets.
    AclDenied {
        /// The ACL.
        acl: SmolStr,
        /// Entering (true) or leaving the subnet.
        ingress: bool,
        /// The subnet it guards.
        subnet: SmolStr,
        /// What crossed.
        crossing: Crossing,
        /// Its protocol (for ICMP the port is the ICMP type).
        protocol: Protocol,
        /// The rule that denied, as the console shows it.
        rule: SmolStr,
    },
    /// No security group of a network interface admitted the packets.
    SgDenied {
        /// The owner of the interface.
        owner: SmolStr,
        /// Its security groups.
        groups: Vec<SmolStr>,
        /// Entering (true) or leaving the interface.
        ingress: bool,
        /// Its protocol (for ICMP the port is the ICMP type).
        protocol: Protocol,
        /// The destination port.
        port: u16,
        /// The other end: the source for ingress, the destination for egress.
        remote: Ipv4Addr,
        /// Whether the only group is the VPC's default group.
        default_only: bool,
        /// A rule that names a group the sender is in, which the reference does not reach
        /// here (stale, or not carried this way): the group holding the rule, the group
        /// named, the member (F6.27).
        uncarried: Option<Box<(SmolStr, SmolStr, SmolStr)>>,
    },
    /// A stateless network ACL denied the replies (F6.9).
    RepliesDenied(Box<DeniedReplies>),
    /// The replies found no way back: a route, an attachment subnet or an association is
    /// missing on their path.
    NoWayBack(NoWayBack),
}

impl DropReason {
    /// Whether the replies were lost for want of a route or an attachment on their way back
    /// (an ACL that denies them is [`DropReason::RepliesDenied`]).
    pub fn no_way_back(&self) -> bool {
        matches!(self, DropReason::NoWayBack(_))
    }
}

//! Why packets were dropped: by routing, by a filter, at a door that does not listen.

use super::*;

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
    /// The destination is a server of a site behind a virtual private gateway (F6.20).
    SiteServerThroughVgw {
        /// The destination.
        dst: Ipv4Addr,
        /// The virtual private gateway.
        vgw: SmolStr,
        /// The site.
        site: SmolStr,
    },
    /// No site connected to the virtual private gateway holds the destination.
    NoSiteHas {
        /// The virtual private gateway.
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
    /// The destination is a server of a site reached over a transit gateway attachment (F6.20).
    SiteServerOverAttachment {
        /// The destination.
        dst: Ipv4Addr,
        /// The VPN or Direct Connect attachment.
        attachment: SmolStr,
        /// The site (empty if the attachment has none).
        site: SmolStr,
    },
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
    /// An ICMP echo request reached an AWS front end, which does not answer it (F6.13).
    IcmpToFront {
        /// What it reached.
        front: SmolStr,
    },
    /// An instance with its source/destination check on took packets a route sent it that
    /// are not addressed to it (F6.28).
    SourceDestCheck {
        /// The instance.
        instance: SmolStr,
        /// Where the packets go.
        dst: Ipv4Addr,
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
        /// UDP rather than TCP.
        udp: bool,
        /// ICMP rather than TCP (the port is the ICMP type).
        icmp: bool,
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
        /// UDP rather than TCP.
        udp: bool,
        /// ICMP rather than TCP (the port is the ICMP type).
        icmp: bool,
        /// The destination port.
        port: u16,
        /// The other end: the source for ingress, the destination for egress.
        remote: Ipv4Addr,
        /// Whether the only group is the VPC's default group.
        default_only: bool,
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

/// What a network ACL that denies the replies drops, and whom it fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeniedReplies {
    /// The ACL.
    pub acl: SmolStr,
    /// The subnet it guards.
    pub subnet: SmolStr,
    /// Whether the replies enter (true) or leave the subnet there.
    pub ingress: bool,
    /// Where the replies come from.
    pub from: Ipv4Addr,
    /// Where the replies go to.
    pub to: Ipv4Addr,
    /// The port ranges denied.
    pub denied: Vec<(u16, u16)>,
    /// Whether every part of the sender's range is denied.
    pub all: bool,
    /// The rules that decided, as the console shows them, `; ` between.
    pub rules: SmolStr,
    /// Who sent the packets at that point (the client, or a NAT gateway).
    pub sender: SmolStr,
    /// The sender's ephemeral range.
    pub ephemeral: (u16, u16),
    /// The replies are ICMP echo replies, which have no ports (`ephemeral` is unused).
    pub icmp: bool,
}

/// Where the replies found no way back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoWayBack {
    /// Over a transit gateway attachment without appliance mode, the replies enter the VPC
    /// by its subnet in their own zone, whose table sends them elsewhere than the appliance
    /// the request went through (F6.29).
    OtherZone {
        /// The attachment.
        attachment: SmolStr,
        /// Its subnet the replies enter by.
        subnet: SmolStr,
        /// That subnet's zone.
        zone: Option<SmolStr>,
        /// Where its table sends them.
        target: SmolStr,
        /// The appliance the request went through.
        appliance: SmolStr,
    },
    /// The request went through an appliance, and the replies come back through a gateway
    /// that hands them to the VPC router, which delivers them without it (F6.28).
    BypassesAppliance {
        /// The appliance.
        appliance: SmolStr,
        /// The gateway the replies come back through.
        gateway: SmolStr,
        /// The client.
        to: Ipv4Addr,
    },
    /// The table of the subnet they leave from has no route to the client.
    NoRoute {
        /// The table.
        table: SmolStr,
        /// The subnet that uses it.
        subnet: SmolStr,
        /// Where the replies go.
        to: Ipv4Addr,
        /// The route it needs.
        need: ReplyNeed,
    },
    /// That table's route to the client leads elsewhere than where the request came from.
    WrongRoute {
        /// Where the replies go.
        to: Ipv4Addr,
        /// The route's destination.
        route: SmolStr,
        /// Its target.
        target: SmolStr,
        /// Where the request came from (a peering connection, a transit or VPN gateway).
        back: SmolStr,
    },
    /// The attachment the request left by has no subnet in the zone the replies leave from
    /// (F6.15).
    NoAttachmentSubnetInZone {
        /// The transit gateway.
        tgw: SmolStr,
        /// The attachment.
        attachment: SmolStr,
        /// The zone; `None` where the subnet was written without one.
        zone: Option<SmolStr>,
        /// The subnet the replies leave from.
        subnet: SmolStr,
    },
    /// The attachment the replies enter by is associated with no route table (F6.16).
    NotAssociated {
        /// The attachment.
        attachment: SmolStr,
        /// The transit gateway.
        tgw: SmolStr,
    },
    /// The table associated with that attachment has no route to the client.
    TransitNoRoute {
        /// The table.
        table: SmolStr,
        /// The attachment it is associated with.
        attachment: SmolStr,
        /// Where the replies go.
        to: Ipv4Addr,
        /// The attachment the request came in by.
        entered: SmolStr,
    },
    /// That table's route leads elsewhere than the attachment the request came in by.
    TransitWrongRoute {
        /// Where the replies go.
        to: Ipv4Addr,
        /// The route's destination.
        route: SmolStr,
        /// The table.
        table: SmolStr,
        /// The route's target.
        target: SmolStr,
        /// The attachment the request came in by.
        entered: SmolStr,
    },
}

/// The route back a subnet's table needs, by what the request came through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplyNeed {
    /// A peering connection: the peered VPC needs a route to the requester through it.
    Peering {
        /// The peering connection.
        peering: SmolStr,
    },
    /// A transit gateway: a route to the requester through it.
    TransitGateway {
        /// The transit gateway.
        tgw: SmolStr,
    },
    /// A virtual private gateway: a route to it, written or propagated (F6.24).
    VpnGateway {
        /// The virtual private gateway.
        vgw: SmolStr,
    },
    /// The appliance the request went through (F6.28).
    Appliance {
        /// The instance.
        instance: SmolStr,
    },
}

//! Why the replies to a request were lost: a stateless network ACL, or no way back.

use super::*;

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
    /// The replies' own route leads to an appliance that never saw the request (F6.50).
    OtherAppliance {
        /// The appliance the replies are routed to.
        appliance: SmolStr,
        /// The appliance the request went through, which they had yet to meet, if any.
        expected: Option<SmolStr>,
        /// The transit gateway attachment without appliance mode they entered the VPC by, if
        /// they did (F6.29).
        attachment: Option<SmolStr>,
    },
    /// The request went through an appliance, and the replies reach the client without it
    /// (F6.50).
    BypassesAppliance {
        /// The appliance.
        appliance: SmolStr,
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
    /// That table's route to the client leads where no reply can be delivered: a NAT gateway
    /// (which would translate their source), a gateway endpoint, a blackhole.
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
    /// The subnet the replies leave from holds the client's address: they go to it at layer 2,
    /// inside the subnet, never back where the request came from (F6.33).
    InSubnet {
        /// The subnet.
        subnet: SmolStr,
        /// Where the replies go.
        to: Ipv4Addr,
        /// Where the request came from (a peering connection, a transit or VPN gateway).
        back: SmolStr,
    },
    /// The attachment the replies would take has no subnet in the zone they leave from
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
        /// The attachment the request came in by, when it crossed this transit gateway.
        entered: Option<SmolStr>,
    },
    /// The site a request reached learns no route back to the client over any of its
    /// connections (F6.20).
    SiteNoRoute {
        /// The site.
        site: SmolStr,
        /// Where the replies go.
        to: Ipv4Addr,
    },
    /// That table's route is a blackhole.
    TransitWrongRoute {
        /// Where the replies go.
        to: Ipv4Addr,
        /// The route's destination.
        route: SmolStr,
        /// The table.
        table: SmolStr,
        /// The route's target.
        target: SmolStr,
        /// The attachment the request came in by, when it crossed this transit gateway.
        entered: Option<SmolStr>,
    },
    /// The replies were dropped on their own way as a request would be (F6.46).
    Dropped(Box<DropReason>),
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
    /// The internet gateway the request came in by, from the internet (F6.34).
    InternetGateway {
        /// The internet gateway.
        igw: SmolStr,
    },
    /// Nothing known: a route to the client.
    Any,
}

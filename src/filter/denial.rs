//! What a filter's denial says: the reason a request times out when a network ACL or the
//! security groups of an interface drop its packets, or an ACL drops its replies. Routing
//! decides where the checks happen; what a verdict holds is the filter's (its words are
//! [`DropReason`]'s).

use smol_str::SmolStr;

use super::*;
use crate::trace::{Checked, DeniedReplies, DropReason};

/// A network ACL denied a packet: `network ACL acl-a: egress of subnet-a, tcp/443 to 52.1.6.10
/// is denied by rule * deny all`.
pub fn acl_denial(acl: &str, what: &Checked<'_>, rule: &str) -> DropReason {
    DropReason::AclDenied {
        acl: SmolStr::new(acl),
        ingress: what.ingress,
        subnet: SmolStr::new(&what.of),
        crossing: what.crossing,
        protocol: what.protocol,
        rule: SmolStr::new(rule),
    }
}

/// No security group of an interface admitted a packet: the groups consulted, the packet, and
/// whether the only group is the VPC's default one (which says why that is usually so).
pub fn sg_denial(
    owner: &str,
    groups: &[&str],
    dir: Direction,
    packet: &Packet<'_>,
    default_only: bool,
) -> DropReason {
    DropReason::SgDenied {
        owner: SmolStr::new(owner),
        groups: groups.iter().map(SmolStr::new).collect(),
        ingress: dir == Direction::Ingress,
        protocol: packet.protocol,
        port: packet.port,
        remote: packet.remote,
        default_only,
        uncarried: None,
    }
}

/// What an ACL that denies the replies drops, and whom it fails.
pub struct ReplyDenial<'a> {
    /// The ACL.
    pub acl: &'a str,
    /// The subnet it guards.
    pub subnet: &'a str,
    /// The direction of the replies there.
    pub dir: Direction,
    /// Where the replies come from.
    pub from: Ipv4Addr,
    /// Where the replies go to.
    pub to: Ipv4Addr,
    /// The port ranges denied.
    pub denied: Vec<(u16, u16)>,
    /// Whether every part of the sender's range is denied.
    pub all: bool,
    /// The rules that decided.
    pub rules: &'a str,
    /// Who sent the packets at that point (the client, or a NAT gateway).
    pub sender: &'a str,
    /// The sender's ephemeral range.
    pub ephemeral: (u16, u16),
    /// ICMP echo replies rather than TCP or UDP.
    pub icmp: bool,
}

impl ReplyDenial<'_> {
    /// The reason: a stateless ACL denies the replies, so the connection times out.
    pub fn reason(self) -> DropReason {
        DropReason::RepliesDenied(Box::new(DeniedReplies {
            acl: SmolStr::new(self.acl),
            subnet: SmolStr::new(self.subnet),
            ingress: self.dir == Direction::Ingress,
            from: self.from,
            to: self.to,
            denied: self.denied,
            all: self.all,
            rules: SmolStr::new(self.rules),
            sender: SmolStr::new(self.sender),
            ephemeral: self.ephemeral,
            icmp: self.icmp,
        }))
    }
}

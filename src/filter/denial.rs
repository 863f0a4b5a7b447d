//! What a filter's denial says: the reason a request times out when a network ACL or the
//! security groups of an interface drop its packets, or an ACL drops its replies. Routing
//! decides where the checks happen; the words of a verdict are the filter's.

use super::*;
use crate::trace::text;

/// A network ACL denied a packet: `network ACL acl-a: egress of subnet-a, tcp/443 to 52.1.6.10
/// is denied by rule * deny all`.
pub fn acl_denial(acl: &str, what: impl std::fmt::Display, rule: &str) -> String {
    text!("network ACL {acl}: {what} is denied by {rule}")
}

/// No security group of an interface admitted a packet: the groups consulted, the packet, and
/// why that is usually so.
pub fn sg_denial(
    owner: &str,
    groups: &[&str],
    dir: Direction,
    packet: &Packet<'_>,
    default_only: bool,
) -> String {
    let hint = match dir {
        Direction::Ingress if default_only => {
            ": the VPC's default group admits only its own members (instances and endpoints created without security groups get it, F1.17)"
        }
        Direction::Ingress => ": security groups only allow, and no rule names this source",
        Direction::Egress => ": a group with an `egress` list allows only what it lists",
    };
    text!(
        "no security group of {owner} ({}) allows {} {}/{} {} {}{hint}",
        groups.join(", "),
        dir.name(),
        packet.protocol.name(),
        packet.port,
        dir.preposition(),
        packet.remote
    )
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
    pub denied: &'a [(u16, u16)],
    /// Whether every part of the sender's range is denied.
    pub all: bool,
    /// The rules that decided.
    pub rules: &'a str,
    /// Who sent the packets at that point (the client, or a NAT gateway).
    pub sender: &'a str,
    /// The sender's ephemeral range.
    pub ephemeral: (u16, u16),
}

impl ReplyDenial<'_> {
    /// The reason: a stateless ACL denies the replies, so the connection times out.
    pub fn reason(&self) -> String {
        let (ports, fate) = if self.all {
            (String::new(), "so the connection times out")
        } else {
            let ports: Vec<String> = self.denied.iter().map(|r| show_ports(*r)).collect();
            (
                text!(" on ports {}", ports.join(", ")),
                "so a connection that picks one of those times out",
            )
        };
        let entering = match self.dir {
            Direction::Ingress => "entering",
            Direction::Egress => "leaving",
        };
        text!(
            "network ACL {} is stateless and denies the replies from {} to {}{ports} {entering} {} ({}); {} takes its source port from {}, {fate} (an ACL must admit the whole ephemeral range, F6.9)",
            self.acl,
            self.from,
            self.to,
            self.subnet,
            self.rules,
            self.sender,
            show_ports(self.ephemeral),
        )
    }
}

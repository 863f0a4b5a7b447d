//! Filtering rules as resolved: security groups and network ACLs, and the protocols their
//! rules name.

use std::fmt::{self, Write as _};

use super::*;
use crate::trace::{Cidr, Ports};

pub use crate::aws::words::Protocol;

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
    /// A customer-managed prefix list: any of its entries (F6.74).
    CustomerList {
        /// Its id.
        id: String,
        /// Its entries.
        entries: Vec<Ipv4Net>,
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
    /// Position in the scenario list (0-based), for the trace; `None` for a rule AWS adds that
    /// the file does not write (a new group's allow-all egress, the default group's rules).
    pub index: Option<usize>,
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

/// The direction of a packet relative to the interface or subnet that filters it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Entering.
    Ingress = 0,
    /// Leaving.
    Egress = 1,
}

impl Direction {
    /// `ingress` or `egress`.
    pub fn name(self) -> &'static str {
        match self {
            Direction::Ingress => "ingress",
            Direction::Egress => "egress",
        }
    }

    /// The other direction (the one replies take).
    pub fn reverse(self) -> Direction {
        match self {
            Direction::Ingress => Direction::Egress,
            Direction::Egress => Direction::Ingress,
        }
    }

    /// The preposition for the remote side: `from` for ingress, `to` for egress.
    pub fn preposition(self) -> &'static str {
        match self {
            Direction::Ingress => "from",
            Direction::Egress => "to",
        }
    }
}

/// The one ICMP type an ICMP rule admits (held as its "ports"); `None` for all types.
fn icmp_type(protocol: Protocol, ports: (u16, u16)) -> Option<u16> {
    (protocol == Protocol::Icmp && ports.0 == ports.1).then_some(ports.0)
}

/// A security group rule as the console lists it: `tcp 443 from 10.0.0.0/16`.
pub struct ShowSgRule<'a>(pub &'a Network, pub &'a SgRule, pub Direction);

impl fmt::Display for ShowSgRule<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ShowSgRule(net, rule, dir) = self;
        write!(f, "{}", rule.protocol.name())?;
        if matches!(rule.protocol, Protocol::Tcp | Protocol::Udp) {
            write!(f, " {}", Ports(rule.ports))?;
        } else if let Some(t) = icmp_type(rule.protocol, rule.ports) {
            write!(f, " type {t}")?;
        }
        write!(f, " {} ", dir.preposition())?;
        match &rule.peer {
            SgPeer::Cidr(c) => write!(f, "{}", Cidr(*c)),
            SgPeer::Group(g) => write!(f, "{}", GroupName(net, *g)),
            SgPeer::PrefixList { service, prefix } => {
                write!(f, "prefix list {service} ({})", Cidr(*prefix))
            }
            SgPeer::CustomerList { id, entries } => {
                write!(f, "prefix list {id} (")?;
                for (i, c) in entries.iter().enumerate() {
                    write!(f, "{}{}", if i == 0 { "" } else { ", " }, Cidr(*c))?;
                }
                write!(f, ")")
            }
        }
    }
}

/// A security group as a rule's words name it: `security group sg-app`, or for a VPC's default
/// group, whose id `default` every VPC shares, `the default security group of vpc-app`.
pub struct GroupName<'a>(pub &'a Network, pub SgIx);

impl fmt::Display for GroupName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let g = &self.0.security_groups[self.1.0];
        if g.id == "default" {
            write!(
                f,
                "the default security group of {}",
                self.0.vpcs[g.vpc.0].id
            )
        } else {
            write!(f, "security group {}", g.id)
        }
    }
}

/// The rules of a network ACL for one direction, in the order written.
pub fn nacl_rules(acl: &NetworkAcl, dir: Direction) -> &[NaclRule] {
    match dir {
        Direction::Ingress => &acl.ingress,
        Direction::Egress => &acl.egress,
    }
}

/// The words of every rule of a network ACL, by direction (as [`Direction`] numbers them):
/// written once when the network is built, and borrowed by every trace that shows one.
pub fn show_nacl_rules(acl: &NetworkAcl) -> [Vec<String>; 2] {
    [Direction::Ingress, Direction::Egress].map(|dir| {
        (0..nacl_rules(acl, dir).len())
            .map(|i| show_numbered_nacl_rule(acl, dir, i))
            .collect()
    })
}

/// How the trace shows the security group rule that admitted a packet: `ingress rule 2: tcp
/// 443 from 10.0.0.0/16`, or for a rule AWS adds and the file does not write, `AWS's default
/// egress rule, not in the file: all to 0.0.0.0/0`.
pub fn show_sg_rule(net: &Network, group: SgIx, rule: &SgRule, dir: Direction) -> String {
    match rule.index {
        Some(i) => crate::trace::text!(
            "{} rule {}: {}",
            dir.name(),
            i + 1,
            ShowSgRule(net, rule, dir)
        ),
        None => crate::trace::text!(
            "AWS's default {} rule of {}, not in the file: {}",
            dir.name(),
            GroupName(net, group),
            ShowSgRule(net, rule, dir)
        ),
    }
}

/// The words of every rule of a security group, by direction (as [`Direction`] numbers them).
pub fn show_sg_rules(net: &Network, group: SgIx) -> [Vec<String>; 2] {
    let g = &net.security_groups[group.0];
    [
        (Direction::Ingress, &g.ingress),
        (Direction::Egress, &g.egress),
    ]
    .map(|(dir, rules)| {
        rules
            .iter()
            .map(|r| show_sg_rule(net, group, r, dir))
            .collect()
    })
}

/// A numbered rule of a network ACL, as [`nacl_rule_words`] shows it.
pub(crate) fn show_numbered_nacl_rule(acl: &NetworkAcl, dir: Direction, i: usize) -> String {
    let r = &nacl_rules(acl, dir)[i];
    let mut s = crate::trace::text!(
        "rule {} {} {}",
        r.number,
        if r.allow { "allow" } else { "deny" },
        r.protocol.name()
    );
    if matches!(r.protocol, Protocol::Tcp | Protocol::Udp) {
        let _ = write!(s, " {}", Ports(r.ports));
    } else if let Some(t) = icmp_type(r.protocol, r.ports) {
        let _ = write!(s, " type {t}");
    }
    let _ = write!(s, " {} {}", dir.preposition(), Cidr(r.cidr));
    s
}

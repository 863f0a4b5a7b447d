//! Filtering: security groups and network ACLs, as pure evaluators over the resolved network.
//!
//! - A **security group** is stateful and allow-only (F6.8): a packet passes if any rule of any
//!   group on the interface matches its protocol, destination port and remote side (a CIDR, a
//!   security group the remote interface belongs to, or a service prefix list). Replies to an
//!   allowed connection always pass, so only the first packet of a connection is checked.
//! - A **network ACL** is stateless (F6.9): every packet crossing a subnet boundary is checked,
//!   replies included, against the rules of its direction in rule-number order; the first rule
//!   that matches decides, and the implicit final `*` rule denies. Replies go to the client's
//!   ephemeral ports, so a reply check covers a whole port range ([`nacl_range`]).
//!
//! [`crate::routing`] decides where these checks happen and records them as trace steps.
//! Sources: <https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html>,
//! <https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html>.

mod denial;
mod nacl;
mod sg;

use std::net::Ipv4Addr;

use crate::net::*;
pub use denial::*;
pub use nacl::*;
pub use sg::*;

/// A packet as a filter sees it: its protocol, destination port, and the address (and, for
/// security groups, the groups) of the other end: the source for ingress, the destination for
/// egress.
#[derive(Debug, Clone, Copy)]
pub struct Packet<'a> {
    /// Protocol (never [`Protocol::All`]).
    pub protocol: Protocol,
    /// Destination port.
    pub port: u16,
    /// The other end's address.
    pub remote: Ipv4Addr,
    /// The security groups of the other end's network interface, when it has one in a VPC
    /// that can reference them (its own or a peered one).
    pub remote_groups: &'a [SgIx],
}

fn protocol_matches(rule: Protocol, packet: Protocol) -> bool {
    rule == Protocol::All || rule == packet
}

fn ports_contain(ports: (u16, u16), port: u16) -> bool {
    ports.0 <= port && port <= ports.1
}

/// How traces show the final `*` rule of a network ACL.
const NACL_DEFAULT_RULE: &str = "rule * deny all (no numbered rule matched)";

/// The network ACL rule that decided, as the console lists it: `rule 100 allow tcp 443 from
/// 0.0.0.0/0`, or `rule * deny all` for the final rule. Borrowed from the words the network's
/// index holds for each rule (a rule reads the same for every request).
pub fn nacl_rule_words(net: &Network, acl: NaclIx, dir: Direction, m: NaclMatch) -> &str {
    match m.rule {
        Some(i) => &net.index.nacl_rules_shown[acl.0][dir as usize][i],
        None => NACL_DEFAULT_RULE,
    }
}

/// [`show_sg_rule`] of rule `rule` (an index into the group's list for `dir`), borrowed from
/// the words the network's index holds for each rule.
pub fn sg_rule_words(net: &Network, group: SgIx, dir: Direction, rule: usize) -> &str {
    &net.index.sg_rules_shown[group.0][dir as usize][rule]
}

/// What the trace says of a security group none of whose rules matched.
pub fn no_sg_rule_matches(dir: Direction) -> &'static str {
    match dir {
        Direction::Ingress => "no ingress rule matches",
        Direction::Egress => "no egress rule matches",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ipnet::Ipv4Net;

    pub(super) fn ip(s: &str) -> Ipv4Addr {
        s.parse().unwrap()
    }

    pub(super) fn net_(s: &str) -> Ipv4Net {
        s.parse().unwrap()
    }

    pub(super) fn rule(
        number: u32,
        allow: bool,
        protocol: Protocol,
        ports: (u16, u16),
        cidr: &str,
    ) -> NaclRule {
        NaclRule {
            number,
            allow,
            protocol,
            ports,
            cidr: net_(cidr),
        }
    }

    pub(super) fn acl(mut ingress: Vec<NaclRule>, mut egress: Vec<NaclRule>) -> NetworkAcl {
        ingress.sort_by_key(|r| r.number);
        egress.sort_by_key(|r| r.number);
        NetworkAcl {
            id: "acl-test".into(),
            vpc: VpcIx(0),
            ingress,
            egress,
        }
    }

    /// The words of a rule that decided, written anew from the ACL (the index's are these).
    pub(super) fn show_nacl_rule(acl: &NetworkAcl, dir: Direction, m: NaclMatch) -> String {
        match m.rule {
            Some(i) => show_numbered_nacl_rule(acl, dir, i),
            None => NACL_DEFAULT_RULE.to_string(),
        }
    }

    /// The words written once for each rule are the rule's, in its direction.
    #[test]
    fn rule_words_are_each_rules_in_its_direction() {
        let mut seen = 0;
        for file in [
            "scenarios/network-acls.yaml",
            "scenarios/peering-routes-and-filters.yaml",
        ] {
            let net = crate::load::load_file(std::path::Path::new(file)).unwrap();
            for dir in [Direction::Ingress, Direction::Egress] {
                for (a, acl) in net.nacls.iter().enumerate() {
                    for (i, r) in nacl_rules(acl, dir).iter().enumerate() {
                        let m = NaclMatch {
                            rule: Some(i),
                            allow: r.allow,
                        };
                        let words = nacl_rule_words(&net, NaclIx(a), dir, m);
                        assert_eq!(words, show_nacl_rule(acl, dir, m));
                        assert!(words.starts_with(&format!("rule {} ", r.number)), "{words}");
                        assert!(
                            words.contains(&format!(" {} ", dir.preposition())),
                            "{words}"
                        );
                        seen += 1;
                    }
                    let star = NaclMatch {
                        rule: None,
                        allow: false,
                    };
                    assert_eq!(
                        nacl_rule_words(&net, NaclIx(a), dir, star),
                        show_nacl_rule(acl, dir, star)
                    );
                }
                for (g, sg) in net.security_groups.iter().enumerate() {
                    let rules = match dir {
                        Direction::Ingress => &sg.ingress,
                        Direction::Egress => &sg.egress,
                    };
                    for (i, r) in rules.iter().enumerate() {
                        let words = sg_rule_words(&net, SgIx(g), dir, i);
                        assert_eq!(words, show_sg_rule(&net, SgIx(g), r, dir));
                        let start = match r.index {
                            Some(i) => format!("{} rule {}: ", dir.name(), i + 1),
                            None => format!(
                                "AWS's default {} rule of {}, not in the file: ",
                                dir.name(),
                                GroupName(&net, SgIx(g))
                            ),
                        };
                        assert!(words.starts_with(&start), "{words}");
                        seen += 1;
                    }
                }
            }
        }
        assert!(seen > 10, "the scenarios have rules to check");
    }
}

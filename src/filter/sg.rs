//! Security groups: stateful and allow-only. A packet passes if any rule of any group on the
//! interface matches its protocol, destination port and remote side.

use super::*;

/// Whether one security group rule admits a packet.
pub fn sg_rule_matches(rule: &SgRule, p: &Packet<'_>) -> bool {
    protocol_matches(rule.protocol, p.protocol)
        && (rule.protocol == Protocol::All || ports_contain(rule.ports, p.port))
        && match &rule.peer {
            SgPeer::Cidr(c) => c.contains(&p.remote),
            SgPeer::Group(g) => p.remote_groups.contains(g),
            SgPeer::PrefixList { prefix, .. } => prefix.contains(&p.remote),
            SgPeer::CustomerList { entries, .. } => entries.iter().any(|c| c.contains(&p.remote)),
        }
}

/// The rule that let a packet through a set of security groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SgAllow {
    /// The group.
    pub group: SgIx,
    /// Index of the rule in that group's list for the direction.
    pub rule: usize,
}

/// Evaluates the security groups of an interface: the first group (in the interface's order)
/// and first rule that admits the packet, or `None` when no rule does (denied: security groups
/// have no deny rules, F6.8).
pub fn security_groups(
    all: &[SecurityGroup],
    groups: &[SgIx],
    dir: Direction,
    p: &Packet<'_>,
) -> Option<SgAllow> {
    groups.iter().find_map(|&g| {
        let sg = &all[g.0];
        let rules = match dir {
            Direction::Ingress => &sg.ingress,
            Direction::Egress => &sg.egress,
        };
        rules
            .iter()
            .position(|r| sg_rule_matches(r, p))
            .map(|rule| SgAllow { group: g, rule })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::tests::{ip, net_};

    fn sg(ingress: Vec<SgRule>, egress: Vec<SgRule>) -> SecurityGroup {
        SecurityGroup {
            id: "sg".into(),
            vpc: VpcIx(0),
            ingress,
            egress,
        }
    }

    fn sg_rule(protocol: Protocol, ports: (u16, u16), peer: SgPeer) -> SgRule {
        SgRule {
            protocol,
            ports,
            peer,
            index: Some(0),
        }
    }

    #[test]
    fn security_group_rules_match_protocol_port_and_peer() {
        let https = Packet {
            protocol: Protocol::Tcp,
            port: 443,
            remote: ip("10.0.1.10"),
            remote_groups: &[SgIx(7)],
        };
        let cidr = sg_rule(Protocol::Tcp, (443, 443), SgPeer::Cidr(net_("10.0.0.0/16")));
        assert!(sg_rule_matches(&cidr, &https));
        assert!(!sg_rule_matches(&cidr, &Packet { port: 80, ..https }));
        assert!(!sg_rule_matches(
            &cidr,
            &Packet {
                protocol: Protocol::Udp,
                ..https
            }
        ));
        assert!(!sg_rule_matches(
            &cidr,
            &Packet {
                remote: ip("10.1.0.1"),
                ..https
            }
        ));
        let group = sg_rule(Protocol::Tcp, (0, 65535), SgPeer::Group(SgIx(7)));
        assert!(sg_rule_matches(&group, &https));
        assert!(!sg_rule_matches(
            &group,
            &Packet {
                remote_groups: &[],
                ..https
            }
        ));
        let all = sg_rule(Protocol::All, (0, 65535), SgPeer::Cidr(net_("0.0.0.0/0")));
        assert!(sg_rule_matches(
            &all,
            &Packet {
                protocol: Protocol::Udp,
                port: 53,
                ..https
            }
        ));
        let pl = sg_rule(
            Protocol::Tcp,
            (443, 443),
            SgPeer::PrefixList {
                service: "s3".into(),
                prefix: net_("52.0.0.0/24"),
            },
        );
        assert!(sg_rule_matches(
            &pl,
            &Packet {
                remote: ip("52.0.0.10"),
                ..https
            }
        ));
        assert!(!sg_rule_matches(&pl, &https));
    }

    #[test]
    fn another_protocol_is_matched_only_by_rules_of_all() {
        // F6.71: a packet of another protocol has no port; no tcp, udp or icmp rule names it,
        // however wide its range.
        let gre = Packet {
            protocol: Protocol::Other,
            port: 0,
            remote: ip("10.0.1.10"),
            remote_groups: &[],
        };
        let anywhere = || SgPeer::Cidr(net_("0.0.0.0/0"));
        for p in [Protocol::Tcp, Protocol::Udp, Protocol::Icmp] {
            assert!(!sg_rule_matches(&sg_rule(p, (0, 65535), anywhere()), &gre));
        }
        assert!(sg_rule_matches(
            &sg_rule(Protocol::All, (0, 65535), anywhere()),
            &gre
        ));
    }

    #[test]
    fn the_first_group_and_rule_that_admit_are_named() {
        // The default group of the AWS documentation: ingress from its own members only.
        let mut all = vec![sg(vec![], vec![])];
        all.push(sg(
            vec![sg_rule(Protocol::All, (0, 65535), SgPeer::Group(SgIx(1)))],
            vec![sg_rule(
                Protocol::All,
                (0, 65535),
                SgPeer::Cidr(net_("0.0.0.0/0")),
            )],
        ));
        let member = Packet {
            protocol: Protocol::Tcp,
            port: 443,
            remote: ip("10.0.1.10"),
            remote_groups: &[SgIx(1)],
        };
        let stranger = Packet {
            remote_groups: &[SgIx(0)],
            ..member
        };
        let groups = [SgIx(0), SgIx(1)];
        assert_eq!(
            security_groups(&all, &groups, Direction::Ingress, &member),
            Some(SgAllow {
                group: SgIx(1),
                rule: 0
            })
        );
        assert_eq!(
            security_groups(&all, &groups, Direction::Ingress, &stranger),
            None
        );
        // A group with no ingress rules admits nothing; no egress rules, nothing leaves.
        assert_eq!(
            security_groups(&all, &[SgIx(0)], Direction::Egress, &member),
            None
        );
    }
}

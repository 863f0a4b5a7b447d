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

use std::net::Ipv4Addr;

use crate::net::*;
use crate::trace::Ports;

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

/// Whether one security group rule admits a packet.
pub fn sg_rule_matches(rule: &SgRule, p: &Packet<'_>) -> bool {
    protocol_matches(rule.protocol, p.protocol)
        && (rule.protocol == Protocol::All || ports_contain(rule.ports, p.port))
        && match &rule.peer {
            SgPeer::Cidr(c) => c.contains(&p.remote),
            SgPeer::Group(g) => p.remote_groups.contains(g),
            SgPeer::PrefixList { prefix, .. } => prefix.contains(&p.remote),
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

/// A port range as written: `443` or `1024-65535` ([`Ports`] without a string of its own).
pub fn show_ports(ports: (u16, u16)) -> String {
    Ports(ports).to_string()
}

/// The rule of a network ACL that decided: a numbered rule, or the final `*` rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NaclMatch {
    /// Index into the ACL's list for the direction; `None` is the implicit `*` deny.
    pub rule: Option<usize>,
    /// Whether the packet passes.
    pub allow: bool,
}

fn nacl_rule_matches(rule: &NaclRule, protocol: Protocol, port: u16, remote: Ipv4Addr) -> bool {
    protocol_matches(rule.protocol, protocol)
        && (rule.protocol == Protocol::All || ports_contain(rule.ports, port))
        && rule.cidr.contains(&remote)
}

/// Evaluates a network ACL for one packet: rules in rule-number order (validation sorts them),
/// the first that matches decides, else the final `*` rule denies (F6.9).
pub fn nacl(
    acl: &NetworkAcl,
    dir: Direction,
    protocol: Protocol,
    port: u16,
    remote: Ipv4Addr,
) -> NaclMatch {
    let rules = nacl_rules(acl, dir);
    match rules
        .iter()
        .position(|r| nacl_rule_matches(r, protocol, port, remote))
    {
        Some(i) => NaclMatch {
            rule: Some(i),
            allow: rules[i].allow,
        },
        None => NaclMatch {
            rule: None,
            allow: false,
        },
    }
}

/// Evaluates a network ACL for every destination port in `ports` at once (the replies to a
/// client, whose source port is any of its ephemeral ports): the range cut into maximal
/// sub-ranges that one rule decides, in port order.
pub fn nacl_range(
    acl: &NetworkAcl,
    dir: Direction,
    protocol: Protocol,
    ports: (u16, u16),
    remote: Ipv4Addr,
) -> Vec<((u16, u16), NaclMatch)> {
    // The first matching rule can only change where some rule's port range starts or ends.
    let mut cuts: Vec<u32> = vec![u32::from(ports.0)];
    for r in nacl_rules(acl, dir) {
        for c in [u32::from(r.ports.0), u32::from(r.ports.1) + 1] {
            if c > u32::from(ports.0) && c <= u32::from(ports.1) {
                cuts.push(c);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<((u16, u16), NaclMatch)> = Vec::new();
    for (i, &start) in cuts.iter().enumerate() {
        let end = cuts.get(i + 1).map(|n| n - 1).unwrap_or(u32::from(ports.1));
        let (start, end) = (start as u16, end as u16);
        let m = nacl(acl, dir, protocol, start, remote);
        match out.last_mut() {
            Some((range, last)) if *last == m => range.1 = end,
            _ => out.push(((start, end), m)),
        }
    }
    out
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
    use proptest::prelude::*;

    /// The words of a rule that decided, written anew from the ACL (the index's are these).
    fn show_nacl_rule(acl: &NetworkAcl, dir: Direction, m: NaclMatch) -> String {
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
                        assert_eq!(words, show_sg_rule(&net, r, dir));
                        assert!(words.starts_with(&format!(
                            "{} rule {}: ",
                            dir.name(),
                            r.index + 1
                        )));
                        seen += 1;
                    }
                }
            }
        }
        assert!(seen > 10, "the scenarios have rules to check");
    }

    fn ip(s: &str) -> Ipv4Addr {
        s.parse().unwrap()
    }

    fn net_(s: &str) -> Ipv4Net {
        s.parse().unwrap()
    }

    fn rule(
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

    fn acl(mut ingress: Vec<NaclRule>, mut egress: Vec<NaclRule>) -> NetworkAcl {
        ingress.sort_by_key(|r| r.number);
        egress.sort_by_key(|r| r.number);
        NetworkAcl {
            id: "acl-test".into(),
            vpc: VpcIx(0),
            ingress,
            egress,
        }
    }

    /// The AWS documentation's example custom network ACL (vpc-network-acls, "Custom network
    /// ACL example"), inbound side: HTTP and HTTPS from anywhere, SSH and RDP from the home
    /// network, return traffic on 1024-65535, and the final deny.
    fn doc_example() -> NetworkAcl {
        acl(
            vec![
                rule(100, true, Protocol::Tcp, (80, 80), "0.0.0.0/0"),
                rule(110, true, Protocol::Tcp, (443, 443), "0.0.0.0/0"),
                rule(120, true, Protocol::Tcp, (22, 22), "192.0.2.0/24"),
                rule(130, true, Protocol::Tcp, (3389, 3389), "192.0.2.0/24"),
                rule(140, true, Protocol::Tcp, (1024, 65535), "0.0.0.0/0"),
            ],
            vec![
                rule(100, true, Protocol::Tcp, (80, 80), "0.0.0.0/0"),
                rule(110, true, Protocol::Tcp, (443, 443), "0.0.0.0/0"),
                rule(120, true, Protocol::Tcp, (1024, 65535), "0.0.0.0/0"),
            ],
        )
    }

    #[test]
    fn doc_example_admits_https_and_return_traffic() {
        let a = doc_example();
        let m = nacl(
            &a,
            Direction::Ingress,
            Protocol::Tcp,
            443,
            ip("203.0.113.9"),
        );
        assert_eq!(
            m,
            NaclMatch {
                rule: Some(1),
                allow: true
            }
        );
        assert_eq!(
            show_nacl_rule(&a, Direction::Ingress, m),
            "rule 110 allow tcp 443 from 0.0.0.0/0"
        );
        // SSH only from the home network.
        let ssh = nacl(&a, Direction::Ingress, Protocol::Tcp, 22, ip("203.0.113.9"));
        assert_eq!(
            ssh,
            NaclMatch {
                rule: None,
                allow: false
            }
        );
        assert!(nacl(&a, Direction::Ingress, Protocol::Tcp, 22, ip("192.0.2.7")).allow);
        // UDP matches no TCP rule.
        assert!(!nacl(&a, Direction::Ingress, Protocol::Udp, 53, ip("192.0.2.7")).allow);
    }

    #[test]
    fn rule_number_decides_not_position() {
        // The doc's point: a deny numbered below an allow wins.
        let a = acl(
            vec![
                rule(200, true, Protocol::Tcp, (443, 443), "0.0.0.0/0"),
                rule(100, false, Protocol::Tcp, (443, 443), "10.0.0.0/8"),
            ],
            vec![],
        );
        let m = nacl(&a, Direction::Ingress, Protocol::Tcp, 443, ip("10.1.2.3"));
        assert!(!m.allow);
        assert_eq!(
            show_nacl_rule(&a, Direction::Ingress, m),
            "rule 100 deny tcp 443 from 10.0.0.0/8"
        );
        assert!(nacl(&a, Direction::Ingress, Protocol::Tcp, 443, ip("192.0.2.1")).allow);
    }

    #[test]
    fn an_acl_without_rules_denies_everything() {
        let a = acl(vec![], vec![]);
        for dir in [Direction::Ingress, Direction::Egress] {
            let m = nacl(&a, dir, Protocol::Tcp, 443, ip("10.0.0.1"));
            assert_eq!(
                m,
                NaclMatch {
                    rule: None,
                    allow: false
                }
            );
            assert_eq!(
                show_nacl_rule(&a, dir, m),
                "rule * deny all (no numbered rule matched)"
            );
        }
    }

    #[test]
    fn reply_ranges_are_cut_where_rules_change() {
        let a = acl(
            vec![
                rule(90, false, Protocol::Tcp, (40000, 40010), "0.0.0.0/0"),
                rule(100, true, Protocol::Tcp, (1024, 50000), "0.0.0.0/0"),
            ],
            vec![],
        );
        let r = nacl_range(
            &a,
            Direction::Ingress,
            Protocol::Tcp,
            (32768, 60999),
            ip("1.2.3.4"),
        );
        assert_eq!(
            r,
            vec![
                (
                    (32768, 39999),
                    NaclMatch {
                        rule: Some(1),
                        allow: true
                    }
                ),
                (
                    (40000, 40010),
                    NaclMatch {
                        rule: Some(0),
                        allow: false
                    }
                ),
                (
                    (40011, 50000),
                    NaclMatch {
                        rule: Some(1),
                        allow: true
                    }
                ),
                (
                    (50001, 60999),
                    NaclMatch {
                        rule: None,
                        allow: false
                    }
                ),
            ]
        );
        // The whole range at the top of the port space.
        let all = acl(
            vec![rule(1, true, Protocol::All, (0, 65535), "0.0.0.0/0")],
            vec![],
        );
        let r = nacl_range(
            &all,
            Direction::Ingress,
            Protocol::Tcp,
            (1024, 65535),
            ip("1.2.3.4"),
        );
        assert_eq!(
            r,
            vec![(
                (1024, 65535),
                NaclMatch {
                    rule: Some(0),
                    allow: true
                }
            )]
        );
    }

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
            index: 0,
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

    fn arb_rule() -> impl Strategy<Value = NaclRule> {
        (
            1u32..40,
            any::<bool>(),
            prop_oneof![
                Just(Protocol::Tcp),
                Just(Protocol::Udp),
                Just(Protocol::All)
            ],
            0u16..70,
            0u16..30,
            0u8..4,
            0u32..4,
        )
            .prop_map(|(number, allow, protocol, lo, len, bits, net)| {
                let ports = if protocol == Protocol::All {
                    (0, 65535)
                } else {
                    (lo, lo.saturating_add(len))
                };
                let cidr = Ipv4Net::new(Ipv4Addr::from(net << 30), bits)
                    .unwrap()
                    .trunc();
                rule(number, allow, protocol, ports, &cidr.to_string())
            })
    }

    proptest! {
        /// Rule-number evaluation agrees with the naive reading of the documentation: of the
        /// rules that match, the lowest number decides; none matching is a deny.
        #[test]
        fn nacl_agrees_with_the_naive_reference(
            rules in proptest::collection::vec(arb_rule(), 0..12),
            port in 0u16..100,
            remote in any::<u32>(),
            udp in any::<bool>(),
        ) {
            let mut seen = std::collections::BTreeSet::new();
            let rules: Vec<NaclRule> =
                rules.into_iter().filter(|r| seen.insert(r.number)).collect();
            let a = acl(rules.clone(), vec![]);
            let protocol = if udp { Protocol::Udp } else { Protocol::Tcp };
            let remote = Ipv4Addr::from(remote);
            let naive = rules
                .iter()
                .filter(|r| {
                    let any_port = r.protocol == Protocol::All;
                    let proto_ok = any_port || r.protocol == protocol;
                    let port_ok = any_port || (r.ports.0 <= port && port <= r.ports.1);
                    proto_ok && port_ok
                        && r.cidr.contains(&remote)
                })
                .min_by_key(|r| r.number)
                .map(|r| r.allow)
                .unwrap_or(false);
            prop_assert_eq!(nacl(&a, Direction::Ingress, protocol, port, remote).allow, naive);
            // And the range evaluation agrees with the single-port one on every port.
            let range = nacl_range(&a, Direction::Ingress, protocol, (0, 99), remote);
            for p in 0..100u16 {
                let (_, m) = range.iter().find(|(r, _)| r.0 <= p && p <= r.1).unwrap();
                prop_assert_eq!(*m, nacl(&a, Direction::Ingress, protocol, p, remote));
            }
        }
    }
}

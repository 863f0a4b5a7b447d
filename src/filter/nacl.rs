//! Network ACLs: stateless, checked on every packet that crosses a subnet boundary, replies
//! included, in rule-number order; the first rule that matches decides, and the final `*` rule
//! denies.

use super::*;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::tests::{acl, ip, rule, show_nacl_rule};
    use ipnet::Ipv4Net;
    use proptest::prelude::*;

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
    fn another_protocol_passes_only_a_rule_of_all_and_a_tcp_rule_does_not_deny_it() {
        // F6.71: the first rule that matches decides; rules of tcp do not match another
        // protocol, whatever they do.
        let a = acl(
            vec![
                rule(100, false, Protocol::Tcp, (0, 65535), "0.0.0.0/0"),
                rule(200, true, Protocol::All, (0, 65535), "10.0.0.0/8"),
            ],
            vec![rule(100, true, Protocol::Tcp, (0, 65535), "0.0.0.0/0")],
        );
        let inside = nacl(&a, Direction::Ingress, Protocol::Other, 0, ip("10.1.2.3"));
        assert_eq!(
            inside,
            NaclMatch {
                rule: Some(1),
                allow: true
            }
        );
        assert!(!nacl(&a, Direction::Ingress, Protocol::Other, 0, ip("192.0.2.1")).allow);
        assert_eq!(
            nacl(&a, Direction::Egress, Protocol::Other, 0, ip("10.1.2.3")).rule,
            None
        );
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

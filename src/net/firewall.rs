//! Firewall endpoints (F6.30): a hop that forwards what its rules allow.

use super::*;

/// A firewall endpoint.
#[derive(Debug)]
pub struct Firewall {
    /// Scenario id.
    pub id: String,
    /// Its subnet.
    pub subnet: SubnetIx,
    /// What a packet no rule matches gets.
    pub default_allow: bool,
    /// Its rules, in order.
    pub rules: Vec<FirewallRule>,
}

/// A firewall rule.
#[derive(Debug, Clone)]
pub struct FirewallRule {
    /// Allow or deny.
    pub allow: bool,
    /// Protocol.
    pub protocol: Protocol,
    /// Destination ports (the ICMP type for ICMP; all for `all`).
    pub ports: (u16, u16),
    /// Source CIDR.
    pub source: Ipv4Net,
    /// Destination CIDR.
    pub destination: Ipv4Net,
}

impl Firewall {
    /// Whether it lets a packet through, and the 1-based number of the rule that decided
    /// (`None`: its default action).
    pub fn decide(
        &self,
        protocol: Protocol,
        port: u16,
        src: Ipv4Addr,
        dst: Ipv4Addr,
    ) -> (bool, Option<usize>) {
        let matches = |r: &FirewallRule| {
            (r.protocol == Protocol::All
                || (r.protocol == protocol && r.ports.0 <= port && port <= r.ports.1))
                && r.source.contains(&src)
                && r.destination.contains(&dst)
        };
        match self.rules.iter().position(matches) {
            Some(i) => (self.rules[i].allow, Some(i + 1)),
            None => (self.default_allow, None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_matching_rule_decides_else_the_default() {
        let rule = |allow, protocol, ports: (u16, u16), src: &str, dst: &str| FirewallRule {
            allow,
            protocol,
            ports,
            source: src.parse().unwrap(),
            destination: dst.parse().unwrap(),
        };
        let fw = Firewall {
            id: "vpce-fw".into(),
            subnet: SubnetIx(0),
            default_allow: false,
            rules: vec![
                rule(false, Protocol::Tcp, (22, 22), "0.0.0.0/0", "0.0.0.0/0"),
                rule(
                    true,
                    Protocol::Tcp,
                    (0, 65535),
                    "10.0.1.0/24",
                    "10.0.2.0/24",
                ),
                rule(true, Protocol::All, (0, 65535), "10.0.9.0/24", "0.0.0.0/0"),
            ],
        };
        let at = |s: &str| s.parse::<Ipv4Addr>().unwrap();
        let d = |p, port, s, t| fw.decide(p, port, at(s), at(t));
        assert_eq!(
            d(Protocol::Tcp, 22, "10.0.1.4", "10.0.2.4"),
            (false, Some(1))
        );
        assert_eq!(
            d(Protocol::Tcp, 443, "10.0.1.4", "10.0.2.4"),
            (true, Some(2))
        );
        assert_eq!(d(Protocol::Udp, 53, "10.0.1.4", "10.0.2.4"), (false, None));
        assert_eq!(d(Protocol::Icmp, 8, "10.0.9.4", "8.8.8.8"), (true, Some(3)));
    }
}

//! Firewall endpoints (F6.30): their subnet and their rules.

use super::*;

impl Validator {
    /// Every VPC's firewall endpoints, in file order (their ids were registered in that order).
    pub(crate) fn firewalls(&mut self, s: &model::Scenario) {
        for (vi, vpc) in s.vpcs.iter().enumerate() {
            for f in &vpc.firewalls {
                let from = format!("firewall endpoint {}", f.id.value);
                let subnet = self
                    .resolve(&f.subnet, Kind::Subnet, &from)
                    .map(SubnetIx)
                    .filter(|s| self.same_vpc(&f.subnet, self.net.subnets[s.0].vpc, VpcIx(vi)));
                let default_allow = self.action(&f.default_action);
                let mut rules = Vec::new();
                for r in &f.rules {
                    let rule = &r.value;
                    let allow = self.action(&rule.action);
                    let protocol = self.protocol(&rule.protocol);
                    let ports =
                        protocol.and_then(|p| self.ports(p, rule.ports.as_ref(), Pos::of(r)));
                    let any: ipnet::Ipv4Net = "0.0.0.0/0".parse().unwrap_or_default();
                    let source = rule.source.as_ref().map_or(Some(any), |c| self.cidr(c));
                    let destination = rule
                        .destination
                        .as_ref()
                        .map_or(Some(any), |c| self.cidr(c));
                    if let (
                        Some(allow),
                        Some(protocol),
                        Some(ports),
                        Some(source),
                        Some(destination),
                    ) = (allow, protocol, ports, source, destination)
                    {
                        rules.push(FirewallRule {
                            allow,
                            protocol,
                            ports,
                            source,
                            destination,
                        });
                    }
                }
                self.net.firewalls.push(Firewall {
                    id: f.id.value.clone(),
                    subnet: subnet.unwrap_or(SubnetIx(0)),
                    default_allow: default_allow.unwrap_or(false),
                    rules,
                });
            }
        }
    }

    /// `allow` or `deny`.
    fn action(&mut self, a: &Sp<String>) -> Option<bool> {
        match a.value.to_ascii_lowercase().as_str() {
            "allow" => Some(true),
            "deny" => Some(false),
            other => {
                self.err(
                    Code::Rule,
                    Pos::of(a),
                    format!("`{other}` is not an action"),
                )
                .help("write allow or deny");
                None
            }
        }
    }
}

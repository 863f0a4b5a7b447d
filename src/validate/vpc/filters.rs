//! Security groups and network ACLs: their references, rules, protocols and ports.

use super::*;

impl Validator {
    /// Security group references inside one VPC; `default` is the VPC's default group.
    pub(crate) fn security_groups_of(
        &mut self,
        v: VpcIx,
        list: &[Sp<String>],
        from: &str,
    ) -> Vec<SgIx> {
        if list.is_empty() {
            return vec![self.net.vpcs[v.0].default_sg];
        }
        list.iter()
            .filter_map(|r| self.security_group_ref(v, r, from))
            .collect()
    }

    pub(crate) fn security_group_ref(
        &mut self,
        v: VpcIx,
        r: &Sp<String>,
        from: &str,
    ) -> Option<SgIx> {
        if r.value == "default" {
            return Some(self.net.vpcs[v.0].default_sg);
        }
        let sg = SgIx(self.resolve(r, Kind::SecurityGroup, from)?);
        self.same_vpc(r, self.net.security_groups[sg.0].vpc, v)
            .then_some(sg)
    }

    pub(crate) fn security_group_rules(&mut self, v: VpcIx, vpc: &model::Vpc) {
        for g in &vpc.security_groups {
            let ix = if g.id.value == "default" {
                self.net.vpcs[v.0].default_sg
            } else {
                match self.ids.get(g.id.value.as_str()) {
                    Some((Kind::SecurityGroup, _, ix)) => SgIx(*ix),
                    _ => continue,
                }
            };
            let from = format!("security group {}", g.id.value);
            let ingress: Vec<SgRule> = g
                .ingress
                .iter()
                .enumerate()
                .filter_map(|(i, r)| self.sg_rule(v, r, i, &from, true))
                .collect();
            let egress: Vec<SgRule> = match &g.egress {
                None => vec![allow_all_egress()],
                Some(rules) => rules
                    .iter()
                    .enumerate()
                    .filter_map(|(i, r)| self.sg_rule(v, r, i, &from, false))
                    .collect(),
            };
            self.net.security_groups[ix.0].ingress = ingress;
            self.net.security_groups[ix.0].egress = egress;
        }
    }

    pub(crate) fn sg_rule(
        &mut self,
        v: VpcIx,
        r: &Sp<model::SgRule>,
        index: usize,
        from: &str,
        ingress: bool,
    ) -> Option<SgRule> {
        let rule = &r.value;
        let protocol = self.protocol(&rule.protocol)?;
        let ports = self.ports(protocol, rule.ports.as_ref(), Pos::of(r))?;
        let ports = self.icmp_type(protocol, rule.icmp_type.as_ref(), ports)?;
        let peers = [
            rule.cidr.is_some(),
            rule.security_group.is_some(),
            rule.prefix_list.is_some(),
        ];
        if peers.iter().filter(|p| **p).count() != 1 {
            self.err(Code::Rule, Pos::of(r), "a security group rule names exactly one of `cidr`, `security_group` or `prefix_list`").help("e.g. { protocol: tcp, ports: 443, cidr: 10.0.0.0/16 } or { protocol: tcp, ports: 443, security_group: sg-app }");
            return None;
        }
        let peer = if let Some(c) = &rule.cidr {
            SgPeer::Cidr(self.cidr(c)?)
        } else if let Some(g) = &rule.security_group {
            // A rule may also name a group of a peered VPC in the same Region:
            // https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html
            if g.value == "default" {
                SgPeer::Group(self.net.vpcs[v.0].default_sg)
            } else {
                let sg = SgIx(self.resolve(g, Kind::SecurityGroup, from)?);
                let theirs = self.net.security_groups[sg.0].vpc;
                if theirs != v {
                    self.peer_group_refs.push((Pos::of(g), v, theirs, ingress));
                }
                SgPeer::Group(sg)
            }
        } else {
            let pl = rule.prefix_list.as_ref()?;
            if pl.value.starts_with("pl-") && !matches!(pl.value.as_str(), "pl-s3" | "pl-dynamodb")
            {
                let entries = self.prefix_list(pl)?;
                return Some(SgRule {
                    protocol,
                    ports,
                    peer: SgPeer::CustomerList {
                        id: pl.value.clone(),
                        entries,
                    },
                    index: Some(index),
                });
            }
            let service = pl
                .value
                .strip_prefix("pl-")
                .unwrap_or(&pl.value)
                .to_string();
            if !matches!(service.as_str(), "s3" | "dynamodb") {
                self.err(
                    Code::Rule,
                    Pos::of(pl),
                    format!("`{}` is not a prefix list vpcpath knows", pl.value),
                )
                .help("AWS-managed prefix lists exist for `s3` and `dynamodb`; a list of your own is declared in `prefix_lists:` and named by its `pl-` id");
                return None;
            }
            let region = self.net.vpcs[v.0].region;
            let prefix = aws::service_prefix(&service, &region)?;
            SgPeer::PrefixList { service, prefix }
        };
        Some(SgRule {
            protocol,
            ports,
            peer,
            index: Some(index),
        })
    }

    pub(crate) fn protocol(&mut self, p: &Sp<String>) -> Option<Protocol> {
        self.word(Code::Rule, p)
    }

    /// A network ACL rule number: 1 to 32766, once per list.
    pub(crate) fn nacl_rule_number(&mut self, n: &Sp<u32>, earlier: &[u32]) -> Option<u32> {
        let number = n.value;
        if !(1..=32766).contains(&number) {
            self.err(
                Code::Rule,
                Pos::of(n),
                format!("rule number {number} is outside 1-32766"),
            )
            .help("network ACL rule numbers run from 1 to 32766");
            return None;
        }
        if earlier.contains(&number) {
            self.err(
                Code::Duplicate,
                Pos::of(n),
                format!("rule number {number} is used twice in this list"),
            )
            .help("each ingress and each egress rule needs its own number");
            return None;
        }
        Some(number)
    }

    /// An ICMP rule's type, held as its range of "ports" (the type a packet carries is its
    /// port: 8 for an echo request, 0 for the reply); all types when none is written or -1.
    /// AWS's rules take an ICMP type and code (IpPermission's FromPort and ToPort,
    /// CreateNetworkAclEntry's IcmpTypeCode, F6.9); the code is not modelled.
    pub(crate) fn icmp_type(
        &mut self,
        protocol: Protocol,
        t: Option<&Sp<i32>>,
        ports: (u16, u16),
    ) -> Option<(u16, u16)> {
        let Some(t) = t else { return Some(ports) };
        if protocol != Protocol::Icmp {
            self.err(
                Code::Rule,
                Pos::of(t),
                format!("a {} rule has no ICMP type", protocol.name()),
            )
            .help("remove `icmp_type`, or write protocol: icmp");
            return None;
        }
        match t.value {
            -1 => Some((0, 255)),
            v @ 0..=255 => Some((v as u16, v as u16)),
            v => {
                self.err(Code::Rule, Pos::of(t), format!("ICMP type {v} is outside 0-255"))
                    .help("write an ICMP type: 8 (echo request), 0 (echo reply), 3 (destination unreachable), or -1 for all");
                None
            }
        }
    }

    /// A rule's port range: required for tcp and udp, refused for all and icmp (AWS takes a
    /// port range only for tcp and udp rules).
    pub(crate) fn ports(
        &mut self,
        protocol: Protocol,
        ports: Option<&Sp<model::Ports>>,
        rule: Pos,
    ) -> Option<(u16, u16)> {
        let Some(p) = ports else {
            if matches!(protocol, Protocol::Tcp | Protocol::Udp) {
                self.err(Code::Rule, rule, format!("a {} rule needs `ports`", protocol.name()))
                    .help("e.g. ports: 443, or ports: \"1024-65535\"; for every port write ports: \"0-65535\"");
                return None;
            }
            return Some((0, 65535));
        };
        if matches!(protocol, Protocol::All | Protocol::Icmp) {
            self.err(
                Code::Rule,
                Pos::of(p),
                format!("protocol {} takes no ports", protocol.name()),
            )
            .help(if protocol == Protocol::Icmp {
                "remove `ports`; an ICMP rule names its type with `icmp_type` (8: echo request), or use tcp or udp"
            } else {
                "remove `ports`, or use tcp or udp"
            });
            return None;
        }
        let range = match &p.value {
            model::Ports::One(n) => Some((*n, *n)),
            model::Ports::Range(s) => {
                let s = s.trim();
                match s.split_once('-') {
                    Some((a, b)) => a.trim().parse().ok().zip(b.trim().parse().ok()),
                    None => s.parse().ok().map(|n| (n, n)),
                }
            }
        };
        match range {
            Some((a, b)) if a <= b && b <= 65535 => Some((a as u16, b as u16)),
            _ => {
                self.err(
                    Code::Rule,
                    Pos::of(p),
                    "ports are a number 0-65535 or a range \"from-to\" with from <= to",
                )
                .help("e.g. ports: 443, or ports: \"1024-65535\"");
                None
            }
        }
    }

    pub(crate) fn nacl_rules(&mut self, rules: &[Sp<model::NaclRule>]) -> Vec<NaclRule> {
        let mut out: Vec<NaclRule> = Vec::new();
        let mut numbers: Vec<u32> = Vec::new();
        for r in rules {
            // Every field is checked, so that all of a rule's problems are reported at once.
            let rule = &r.value;
            let number = self.nacl_rule_number(&rule.rule, &numbers);
            numbers.push(rule.rule.value);
            let allow = self
                .word(Code::Rule, &rule.action)
                .map(|a: NaclAction| a == NaclAction::Allow);
            let protocol = self.protocol(&rule.protocol);
            let cidr = self.cidr(&rule.cidr);
            let ports = protocol.and_then(|p| self.ports(p, rule.ports.as_ref(), Pos::of(r)));
            let ports = ports.and_then(|x| self.icmp_type(protocol?, rule.icmp_type.as_ref(), x));
            if let (Some(number), Some(allow), Some(protocol), Some(cidr), Some(ports)) =
                (number, allow, protocol, cidr, ports)
            {
                out.push(NaclRule {
                    number,
                    allow,
                    protocol,
                    ports,
                    cidr,
                });
            }
        }
        // Evaluated by rule number, not by position.
        out.sort_by_key(|r| r.number);
        out
    }
}

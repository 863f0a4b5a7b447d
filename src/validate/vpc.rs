//! Validation of VPCs and what is inside them: CIDRs, subnets, route tables, gateways,
//! endpoints, security groups, network ACLs, instances; then peerings and routes.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use prefix_trie::PrefixMap;

use super::{Kind, Validator, suggest_or};
use crate::aws;
use crate::error::Pos;
use crate::model::{self, Sp};
use crate::net::*;
use crate::policy::Policy;

const PLACEHOLDER_NET: Ipv4Net = match Ipv4Net::new(Ipv4Addr::UNSPECIFIED, 32) {
    Ok(n) => n,
    Err(_) => panic!(),
};

impl Validator {
    /// VPCs and everything inside them.
    pub(super) fn vpcs(&mut self, s: &model::Scenario) {
        // Phase A: VPCs and internet gateways.
        for vpc in &s.vpcs {
            let v = VpcIx(self.net.vpcs.len());
            let cidrs = self.vpc_cidrs(vpc);
            let igw = vpc.internet_gateway.as_ref().map(|g| {
                let node = self
                    .net
                    .graph
                    .add_node(Node::Igw(IgwIx(self.net.igws.len())));
                self.net.igws.push(InternetGateway {
                    id: g.value.clone(),
                    vpc: v,
                    node,
                });
                IgwIx(self.net.igws.len() - 1)
            });
            self.net.vpcs.push(Vpc {
                id: vpc.id.value.clone(),
                cidrs,
                dns_support: vpc.dns_support.unwrap_or(true),
                dns_hostnames: vpc.dns_hostnames.unwrap_or(false),
                igw,
                main_route_table: RouteTableIx(0),
                default_sg: SgIx(0),
                default_nacl: NaclIx(0),
            });
        }
        // Phase B: declared route tables, security groups and network ACLs (their indices
        // follow file order, as registered).
        for (vi, vpc) in s.vpcs.iter().enumerate() {
            self.declared_route_tables(VpcIx(vi), vpc);
            for sg in vpc
                .security_groups
                .iter()
                .filter(|g| g.id.value != "default")
            {
                self.net.security_groups.push(SecurityGroup {
                    id: sg.id.value.clone(),
                    vpc: VpcIx(vi),
                    ingress: Vec::new(),
                    egress: Vec::new(),
                });
            }
            for acl in &vpc.network_acls {
                let ingress = self.nacl_rules(&acl.ingress);
                let egress = self.nacl_rules(&acl.egress);
                self.net.nacls.push(NetworkAcl {
                    id: acl.id.value.clone(),
                    vpc: VpcIx(vi),
                    ingress,
                    egress,
                });
            }
        }
        // Phase C: the implicit main route table, default security group and default NACL.
        for vi in 0..s.vpcs.len() {
            self.implicit_components(VpcIx(vi));
        }
        // Phase D: subnets, then what lives in them.
        for (vi, vpc) in s.vpcs.iter().enumerate() {
            for sub in &vpc.subnets {
                self.subnet(VpcIx(vi), sub);
            }
        }
        for (vi, vpc) in s.vpcs.iter().enumerate() {
            let v = VpcIx(vi);
            self.security_group_rules(v, vpc);
            self.reserve_written_addresses(v, vpc);
            for nat in &vpc.nat_gateways {
                self.nat(v, nat);
            }
            for ep in &vpc.endpoints {
                self.endpoint(v, ep);
            }
            for inst in &vpc.instances {
                self.instance(v, inst);
            }
        }
    }

    fn vpc_cidrs(&mut self, vpc: &model::Vpc) -> Vec<Ipv4Net> {
        let written: Vec<&Sp<String>> = vpc.cidr.iter().chain(vpc.cidrs.iter()).collect();
        if written.is_empty() {
            self.err(
                Pos::of(&vpc.id),
                format!("VPC {} has no CIDR", vpc.id.value),
            )
            .help("add `cidr: 10.0.0.0/16` (or `cidrs: [...]`)");
        }
        if vpc.cidr.is_some() && !vpc.cidrs.is_empty() {
            self.err(
                Pos::of(&vpc.id),
                format!("VPC {} gives both `cidr` and `cidrs`", vpc.id.value),
            )
            .help("list every CIDR under `cidrs`, the primary first");
        }
        let mut out: Vec<Ipv4Net> = Vec::new();
        for c in written {
            let Some(net) = self.cidr(c) else { continue };
            if !(16..=28).contains(&net.prefix_len()) {
                self.err(
                    Pos::of(c),
                    format!(
                        "a VPC CIDR must be between /16 and /28, not /{}",
                        net.prefix_len()
                    ),
                )
                .help("AWS allows VPC IPv4 blocks from /16 (65,536 addresses) to /28 (16)");
            }
            if let Some(o) = out.iter().find(|o| o.contains(&net) || net.contains(*o)) {
                let msg = format!("{net} overlaps {o}, already a CIDR of this VPC");
                self.err(Pos::of(c), msg)
                    .help("the CIDRs of a VPC cannot overlap; remove one or pick another block");
            }
            out.push(net);
        }
        out
    }

    fn declared_route_tables(&mut self, v: VpcIx, vpc: &model::Vpc) {
        let mut main_seen: Option<&Sp<String>> = None;
        for rt in &vpc.route_tables {
            if rt.main {
                if let Some(first) = main_seen {
                    let msg = format!(
                        "VPC {} has two main route tables ({} and {})",
                        vpc.id.value, first.value, rt.id.value
                    );
                    self.err(Pos::of(&rt.id), msg).help(
                        "a VPC has exactly one main route table; set `main: true` on one only",
                    );
                }
                main_seen = Some(&rt.id);
            }
            let ix = RouteTableIx(self.net.route_tables.len());
            let node = self.net.graph.add_node(Node::RouteTable(ix));
            if rt.main {
                self.net.vpcs[v.0].main_route_table = ix;
            }
            self.net.route_tables.push(RouteTable {
                id: rt.id.value.clone(),
                vpc: v,
                main: rt.main,
                declared: true,
                routes: Vec::new(),
                trie: PrefixMap::new(),
                node,
            });
        }
        if main_seen.is_none() {
            // Marked for phase C.
            self.net.vpcs[v.0].main_route_table = RouteTableIx(usize::MAX);
        }
    }

    fn implicit_components(&mut self, v: VpcIx) {
        if self.net.vpcs[v.0].main_route_table.0 == usize::MAX {
            let ix = RouteTableIx(self.net.route_tables.len());
            let node = self.net.graph.add_node(Node::RouteTable(ix));
            let id = format!("{}-main", self.net.vpcs[v.0].id);
            self.net.route_tables.push(RouteTable {
                id,
                vpc: v,
                main: true,
                declared: false,
                routes: Vec::new(),
                trie: PrefixMap::new(),
                node,
            });
            self.net.vpcs[v.0].main_route_table = ix;
        }
        // The default security group: ingress from its own members, egress to everywhere.
        // https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
        let sg = SgIx(self.net.security_groups.len());
        self.net.security_groups.push(SecurityGroup {
            id: "default".into(),
            vpc: v,
            ingress: vec![SgRule {
                protocol: Protocol::All,
                ports: (0, 65535),
                peer: SgPeer::Group(sg),
                index: 0,
            }],
            egress: vec![allow_all_egress()],
        });
        self.net.vpcs[v.0].default_sg = sg;
        // The default network ACL allows all traffic both ways.
        // https://docs.aws.amazon.com/vpc/latest/userguide/default-network-acl.html
        let all = NaclRule {
            number: 100,
            allow: true,
            protocol: Protocol::All,
            ports: (0, 65535),
            cidr: Ipv4Net::default(),
        };
        self.net.vpcs[v.0].default_nacl = NaclIx(self.net.nacls.len());
        self.net.nacls.push(NetworkAcl {
            id: format!("{}-default-acl", self.net.vpcs[v.0].id),
            vpc: v,
            ingress: vec![all.clone()],
            egress: vec![all],
        });
    }

    fn subnet(&mut self, v: VpcIx, sub: &model::Subnet) {
        let ix = SubnetIx(self.net.subnets.len());
        let cidr = self.cidr(&sub.cidr).unwrap_or(PLACEHOLDER_NET);
        if cidr != PLACEHOLDER_NET {
            let vpc = &self.net.vpcs[v.0];
            if !vpc.cidrs.is_empty() && !vpc.cidrs.iter().any(|c| c.contains(&cidr)) {
                let list: Vec<String> = vpc.cidrs.iter().map(ToString::to_string).collect();
                let msg = format!(
                    "subnet {} ({cidr}) is not inside VPC {}'s CIDR {}",
                    sub.id.value,
                    vpc.id,
                    list.join(", ")
                );
                self.err(Pos::of(&sub.cidr), msg).help(format!(
                    "pick a CIDR inside {}, or add a CIDR to the VPC",
                    list.join(" or ")
                ));
            } else if !(16..=28).contains(&cidr.prefix_len()) {
                self.err(
                    Pos::of(&sub.cidr),
                    format!(
                        "a subnet CIDR must be between /16 and /28, not /{}",
                        cidr.prefix_len()
                    ),
                )
                .help("AWS allows subnet IPv4 blocks from /16 to /28 (16 addresses)");
            }
            if let Some(o) = self
                .net
                .subnets
                .iter()
                .find(|o| o.vpc == v && (o.cidr.contains(&cidr) || cidr.contains(&o.cidr)))
            {
                let msg = format!(
                    "subnet {} ({cidr}) overlaps subnet {} ({})",
                    sub.id.value, o.id, o.cidr
                );
                self.err(Pos::of(&sub.cidr), msg)
                    .help("subnets of a VPC cannot overlap");
            }
        }
        let main = self.net.vpcs[v.0].main_route_table;
        let route_table = match &sub.route_table {
            Some(r) => self
                .resolve(r, Kind::RouteTable, &format!("subnet {}", sub.id.value))
                .map(RouteTableIx)
                .filter(|rt| self.same_vpc(r, self.net.route_tables[rt.0].vpc, v))
                .unwrap_or(main),
            None => main,
        };
        let nacl = match &sub.network_acl {
            Some(r) => self
                .resolve(r, Kind::Nacl, &format!("subnet {}", sub.id.value))
                .map(NaclIx)
                .filter(|n| self.same_vpc(r, self.net.nacls[n.0].vpc, v))
                .unwrap_or(self.net.vpcs[v.0].default_nacl),
            None => self.net.vpcs[v.0].default_nacl,
        };
        let node = self.net.graph.add_node(Node::Subnet(ix));
        let implicit = sub.route_table.is_none();
        self.net.graph.add_edge(
            node,
            self.net.route_tables[route_table.0].node,
            Link::Uses { implicit },
        );
        self.net.subnets.push(Subnet {
            id: sub.id.value.clone(),
            vpc: v,
            cidr,
            az: sub.az.as_ref().map(|a| a.value.clone()),
            nacl,
            node,
        });
    }

    /// Reports a reference to a component of another VPC.
    pub(super) fn same_vpc(&mut self, r: &Sp<String>, theirs: VpcIx, ours: VpcIx) -> bool {
        if theirs == ours {
            return true;
        }
        let msg = format!(
            "`{}` belongs to VPC {}, not {}",
            r.value, self.net.vpcs[theirs.0].id, self.net.vpcs[ours.0].id
        );
        self.err(Pos::of(r), msg)
            .help("a component can only use route tables, ACLs, subnets and security groups of its own VPC");
        false
    }

    /// Security group references inside one VPC; `default` is the VPC's default group.
    fn security_groups_of(&mut self, v: VpcIx, list: &[Sp<String>], from: &str) -> Vec<SgIx> {
        if list.is_empty() {
            return vec![self.net.vpcs[v.0].default_sg];
        }
        list.iter()
            .filter_map(|r| self.security_group_ref(v, r, from))
            .collect()
    }

    fn security_group_ref(&mut self, v: VpcIx, r: &Sp<String>, from: &str) -> Option<SgIx> {
        if r.value == "default" {
            return Some(self.net.vpcs[v.0].default_sg);
        }
        let sg = SgIx(self.resolve(r, Kind::SecurityGroup, from)?);
        self.same_vpc(r, self.net.security_groups[sg.0].vpc, v)
            .then_some(sg)
    }

    fn security_group_rules(&mut self, v: VpcIx, vpc: &model::Vpc) {
        for g in &vpc.security_groups {
            let ix = if g.id.value == "default" {
                self.net.vpcs[v.0].default_sg
            } else {
                match self.ids.get(&g.id.value) {
                    Some((Kind::SecurityGroup, _, ix)) => SgIx(*ix),
                    _ => continue,
                }
            };
            let from = format!("security group {}", g.id.value);
            let ingress: Vec<SgRule> = g
                .ingress
                .iter()
                .enumerate()
                .filter_map(|(i, r)| self.sg_rule(v, r, i, &from))
                .collect();
            let egress: Vec<SgRule> = match &g.egress {
                None => vec![allow_all_egress()],
                Some(rules) => rules
                    .iter()
                    .enumerate()
                    .filter_map(|(i, r)| self.sg_rule(v, r, i, &from))
                    .collect(),
            };
            self.net.security_groups[ix.0].ingress = ingress;
            self.net.security_groups[ix.0].egress = egress;
        }
    }

    fn sg_rule(
        &mut self,
        v: VpcIx,
        r: &Sp<model::SgRule>,
        index: usize,
        from: &str,
    ) -> Option<SgRule> {
        let rule = &r.value;
        let protocol = self.protocol(&rule.protocol)?;
        let ports = self.ports(protocol, rule.ports.as_ref(), Pos::of(r))?;
        let peers = [
            rule.cidr.is_some(),
            rule.security_group.is_some(),
            rule.prefix_list.is_some(),
        ];
        if peers.iter().filter(|p| **p).count() != 1 {
            self.err(Pos::of(r), "a security group rule names exactly one of `cidr`, `security_group` or `prefix_list`").help("e.g. { protocol: tcp, ports: 443, cidr: 10.0.0.0/16 } or { protocol: tcp, ports: 443, security_group: sg-app }");
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
                    self.peer_group_refs.push((Pos::of(g), v, theirs));
                }
                SgPeer::Group(sg)
            }
        } else {
            let pl = rule.prefix_list.as_ref()?;
            let service = pl
                .value
                .strip_prefix("pl-")
                .unwrap_or(&pl.value)
                .to_string();
            if !matches!(service.as_str(), "s3" | "dynamodb") {
                self.err(
                    Pos::of(pl),
                    format!("`{}` is not a prefix list vpcpath knows", pl.value),
                )
                .help("AWS-managed prefix lists exist for `s3` and `dynamodb`");
                return None;
            }
            let prefix = aws::service_prefix(&service, &self.net.region)?;
            SgPeer::PrefixList { service, prefix }
        };
        Some(SgRule {
            protocol,
            ports,
            peer,
            index,
        })
    }

    pub(super) fn protocol(&mut self, p: &Sp<String>) -> Option<Protocol> {
        match p.value.to_ascii_lowercase().as_str() {
            "tcp" | "6" => Some(Protocol::Tcp),
            "udp" | "17" => Some(Protocol::Udp),
            "icmp" | "1" => Some(Protocol::Icmp),
            "all" | "-1" => Some(Protocol::All),
            other => {
                self.err(
                    Pos::of(p),
                    format!("`{other}` is not a protocol vpcpath knows"),
                )
                .help("write tcp, udp, icmp or all");
                None
            }
        }
    }

    /// A network ACL rule number: 1 to 32766, once per list.
    fn nacl_rule_number(&mut self, n: &Sp<u32>, earlier: &[u32]) -> Option<u32> {
        let number = n.value;
        if !(1..=32766).contains(&number) {
            self.err(
                Pos::of(n),
                format!("rule number {number} is outside 1-32766"),
            )
            .help("network ACL rule numbers run from 1 to 32766");
            return None;
        }
        if earlier.contains(&number) {
            self.err(
                Pos::of(n),
                format!("rule number {number} is used twice in this list"),
            )
            .help("each ingress and each egress rule needs its own number");
            return None;
        }
        Some(number)
    }

    /// A rule's port range: required for tcp and udp, refused for all and icmp (AWS takes a
    /// port range only for tcp and udp rules).
    fn ports(
        &mut self,
        protocol: Protocol,
        ports: Option<&Sp<model::Ports>>,
        rule: Pos,
    ) -> Option<(u16, u16)> {
        let Some(p) = ports else {
            if matches!(protocol, Protocol::Tcp | Protocol::Udp) {
                self.err(rule, format!("a {} rule needs `ports`", protocol.name()))
                    .help("e.g. ports: 443, or ports: \"1024-65535\"; for every port write ports: \"0-65535\"");
                return None;
            }
            return Some((0, 65535));
        };
        if matches!(protocol, Protocol::All | Protocol::Icmp) {
            self.err(
                Pos::of(p),
                format!("protocol {} takes no ports", protocol.name()),
            )
            .help("remove `ports`, or use tcp or udp");
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
                    Pos::of(p),
                    "ports are a number 0-65535 or a range \"from-to\" with from <= to",
                )
                .help("e.g. ports: 443, or ports: \"1024-65535\"");
                None
            }
        }
    }

    fn nacl_rules(&mut self, rules: &[Sp<model::NaclRule>]) -> Vec<NaclRule> {
        let mut out: Vec<NaclRule> = Vec::new();
        let mut numbers: Vec<u32> = Vec::new();
        for r in rules {
            // Every field is checked, so that all of a rule's problems are reported at once.
            let rule = &r.value;
            let number = self.nacl_rule_number(&rule.rule, &numbers);
            numbers.push(rule.rule.value);
            let allow = match rule.action.value.to_ascii_lowercase().as_str() {
                "allow" => Some(true),
                "deny" => Some(false),
                other => {
                    self.err(
                        Pos::of(&rule.action),
                        format!("`{other}` is not a network ACL action"),
                    )
                    .help("write allow or deny");
                    None
                }
            };
            let protocol = self.protocol(&rule.protocol);
            let cidr = self.cidr(&rule.cidr);
            let ports = protocol.and_then(|p| self.ports(p, rule.ports.as_ref(), Pos::of(r)));
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

    /// Claims written private addresses before any automatic allocation, so that automatic
    /// addresses never collide with written ones whatever the order.
    fn reserve_written_addresses(&mut self, v: VpcIx, vpc: &model::Vpc) {
        let subnet_of = |val: &Validator, r: &Sp<String>| match val.ids.get(&r.value) {
            Some((Kind::Subnet, _, ix)) if val.net.subnets.get(*ix).is_some_and(|s| s.vpc == v) => {
                Some(SubnetIx(*ix))
            }
            _ => None,
        };
        let written: Vec<(SubnetIx, &Sp<String>, String)> = vpc
            .instances
            .iter()
            .filter_map(|i| {
                Some((
                    subnet_of(self, &i.subnet)?,
                    i.private_ip.as_ref()?,
                    format!("instance {}", i.id.value),
                ))
            })
            .chain(vpc.nat_gateways.iter().filter_map(|n| {
                Some((
                    subnet_of(self, &n.subnet)?,
                    n.private_ip.as_ref()?,
                    format!("NAT gateway {}", n.id.value),
                ))
            }))
            .collect();
        for (subnet, ip, what) in written {
            self.claim(subnet, ip, &what);
        }
    }

    fn written_address(&self, subnet: SubnetIx, ip: &Sp<String>) -> Option<Ipv4Addr> {
        let addr: Ipv4Addr = ip.value.trim().parse().ok()?;
        self.taken.get(&subnet)?.contains(&addr).then_some(addr)
    }

    fn subnet_in(&mut self, v: VpcIx, r: &Sp<String>, from: &str) -> Option<SubnetIx> {
        let s = SubnetIx(self.resolve(r, Kind::Subnet, from)?);
        self.same_vpc(r, self.net.subnets[s.0].vpc, v).then_some(s)
    }

    fn nat(&mut self, v: VpcIx, nat: &model::NatGateway) {
        let from = format!("NAT gateway {}", nat.id.value);
        let ix = NatIx(self.net.nats.len());
        let subnet = self.subnet_in(v, &nat.subnet, &from);
        let public = match nat.connectivity.as_ref().map(|c| c.value.as_str()) {
            None | Some("public") => true,
            Some("private") => false,
            Some(other) => {
                let msg = format!("`{other}` is not a NAT gateway connectivity type");
                self.err(
                    nat.connectivity.as_ref().map_or(Pos::of(&nat.id), Pos::of),
                    msg,
                )
                .help("write public or private");
                true
            }
        };
        if public && self.net.vpcs[v.0].igw.is_none() {
            // https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html
            let msg = format!(
                "Network {} has no internet gateway attached: AWS refuses to create public NAT gateway {}",
                self.net.vpcs[v.0].id, nat.id.value
            );
            self.err(Pos::of(&nat.id), msg)
                .help("attach an internet gateway to the VPC (`internet_gateway:`), or make it `connectivity: private`");
        }
        if !public && let Some(e) = &nat.elastic_ip {
            self.err(Pos::of(e), "a private NAT gateway has no Elastic IP")
                .help("remove `elastic_ip`, or make it `connectivity: public`");
        }
        let elastic_ip = if public {
            self.public_ip(&nat.id.value, nat.elastic_ip.as_ref(), true)
        } else {
            None
        };
        let private_ip = subnet.and_then(|s| match &nat.private_ip {
            Some(ip) => self.written_address(s, ip),
            None => self.allocate(s),
        });
        let node = self.net.graph.add_node(Node::Nat(ix));
        if let Some(s) = subnet {
            self.net
                .graph
                .add_edge(node, self.net.subnets[s.0].node, Link::LivesIn);
        }
        self.net.nats.push(NatGateway {
            id: nat.id.value.clone(),
            subnet: subnet.unwrap_or(SubnetIx(0)),
            public,
            elastic_ip,
            private_ip: private_ip.unwrap_or(Ipv4Addr::UNSPECIFIED),
            node,
        });
    }

    fn endpoint(&mut self, v: VpcIx, ep: &model::Endpoint) {
        let from = format!("endpoint {}", ep.id.value);
        let ix = EndpointIx(self.net.endpoints.len());
        let home = self.net.region.clone();
        let (region, service) = aws::parse_service_name(&ep.service.value, &home);
        let (region, service) = (region.to_string(), service.to_ascii_lowercase());
        if region != home {
            let msg = format!(
                "endpoint {} is for Region {region}, but its VPC is in {home}",
                ep.id.value
            );
            self.err(Pos::of(&ep.service), msg).help(format!(
                "endpoints are Region-local: write com.amazonaws.{home}.{service} or just {service}"
            ));
        }
        if service.is_empty()
            || !service
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        {
            self.err(
                Pos::of(&ep.service),
                format!("`{}` is not a service name", ep.service.value),
            )
            .help("write a short name such as execute-api, or com.amazonaws.<region>.<service>");
        }
        if !aws::SERVICES.iter().any(|(s, _)| *s == service)
            && !self.net.extra_services.contains(&service)
        {
            self.net.extra_services.push(service.clone());
        }
        let gateway = match ep.kind.as_ref().map(|k| k.value.as_str()) {
            None | Some("interface") => false,
            Some("gateway") => true,
            Some(other) => {
                let msg = format!("`{other}` is not an endpoint type");
                self.err(ep.kind.as_ref().map_or(Pos::of(&ep.id), Pos::of), msg)
                    .help("write interface or gateway");
                false
            }
        };
        let policy = ep.policy.as_ref().and_then(|p| self.policy(p, None));
        let kind = if gateway {
            self.gateway_endpoint(v, ix, ep, &service, &from)
        } else {
            self.interface_endpoint(v, ep, &service, &from)
        };
        self.net.endpoints.push(Endpoint {
            id: ep.id.value.clone(),
            vpc: v,
            service,
            region,
            kind,
            policy,
        });
    }

    fn gateway_endpoint(
        &mut self,
        v: VpcIx,
        ix: EndpointIx,
        ep: &model::Endpoint,
        service: &str,
        from: &str,
    ) -> EndpointKind {
        if !matches!(service, "s3" | "dynamodb") {
            self.err(
                Pos::of(&ep.service),
                format!("gateway endpoints exist only for s3 and dynamodb, not {service}"),
            )
            .help("use `type: interface` for this service");
        }
        for (field, present) in [
            ("subnets", !ep.subnets.is_empty()),
            ("security_groups", !ep.security_groups.is_empty()),
            ("private_dns", ep.private_dns.is_some()),
        ] {
            if present {
                self.err(Pos::of(&ep.id), format!("a gateway endpoint has no `{field}`"))
                    .help("gateway endpoints work through `route_tables`; remove the field, or use `type: interface`");
            }
        }
        let route_tables = ep
            .route_tables
            .iter()
            .filter_map(|r| {
                let rt = RouteTableIx(self.resolve(r, Kind::RouteTable, from)?);
                self.same_vpc(r, self.net.route_tables[rt.0].vpc, v)
                    .then_some(rt)
            })
            .collect();
        let prefix = aws::service_prefix(service, &self.net.region).unwrap_or(PLACEHOLDER_NET);
        let node = self.net.graph.add_node(Node::GatewayEndpoint(ix));
        EndpointKind::Gateway {
            route_tables,
            prefix,
            node,
        }
    }

    fn interface_endpoint(
        &mut self,
        v: VpcIx,
        ep: &model::Endpoint,
        service: &str,
        from: &str,
    ) -> EndpointKind {
        if !ep.route_tables.is_empty() {
            self.err(Pos::of(&ep.id), "an interface endpoint has no `route_tables`")
                .help("interface endpoints live in `subnets`; for the s3 or dynamodb prefix-list route use `type: gateway`");
        }
        if ep.subnets.is_empty() {
            self.err(
                Pos::of(&ep.id),
                format!("interface endpoint {} has no subnets", ep.id.value),
            )
            .help("add `subnets: [...]`: AWS creates one network interface in each");
        }
        let mut interfaces: Vec<(SubnetIx, Ipv4Addr)> = Vec::new();
        for r in &ep.subnets {
            let Some(s) = self.subnet_in(v, r, from) else {
                continue;
            };
            if interfaces.iter().any(|(o, _)| *o == s) {
                self.err(Pos::of(r), format!("subnet {} is listed twice", r.value))
                    .help("list each subnet once");
                continue;
            }
            let az = self.net.subnets[s.0].az.clone();
            if let Some(dup) = interfaces
                .iter()
                .find(|(o, _)| az.is_some() && self.net.subnets[o.0].az == az)
            {
                let msg = format!(
                    "{} and {} are both in {}: an interface endpoint takes one subnet per Availability Zone",
                    self.net.subnets[dup.0.0].id,
                    r.value,
                    az.clone().unwrap_or_default()
                );
                self.err(Pos::of(r), msg)
                    .help("keep one subnet per Availability Zone");
                continue;
            }
            if let Some(ip) = self.allocate(s) {
                interfaces.push((s, ip));
            }
        }
        let private_dns = ep.private_dns.as_ref().is_none_or(|p| p.value);
        if private_dns {
            let vpc = &self.net.vpcs[v.0];
            if !(vpc.dns_support && vpc.dns_hostnames) {
                // F1.15: the API call fails with exactly this message.
                let msg = format!(
                    "Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for {}",
                    vpc.id
                );
                let pos = ep.private_dns.as_ref().map_or(Pos::of(&ep.id), Pos::of);
                self.err(pos, msg)
                    .help("set `dns_support: true` and `dns_hostnames: true` on the VPC, or `private_dns: false` on the endpoint (private DNS is on by default)");
            }
            let clash = self
                .net
                .endpoints
                .iter()
                .find(|o| o.vpc == v && o.service == service && o.has_private_dns());
            if let Some(o) = clash {
                let msg = format!(
                    "endpoint {} already gives {service} private DNS in this VPC: AWS refuses a second private hosted zone for the same name",
                    o.id
                );
                self.err(Pos::of(&ep.id), msg)
                    .help("set `private_dns: false` on one of them");
            }
        }
        let security_groups = self.security_groups_of(v, &ep.security_groups, from);
        EndpointKind::Interface {
            interfaces,
            private_dns,
            security_groups,
        }
    }

    fn instance(&mut self, v: VpcIx, inst: &model::Instance) {
        let from = format!("instance {}", inst.id.value);
        let subnet = self.subnet_in(v, &inst.subnet, &from);
        let private_ip = subnet.and_then(|s| match &inst.private_ip {
            Some(ip) => self.written_address(s, ip),
            None => self.allocate(s),
        });
        let public_ip = match inst.public_ip.as_ref().map(|p| &p.value) {
            None | Some(model::PublicIp::Auto(false)) => None,
            Some(model::PublicIp::Auto(true)) => self.public_ip(&inst.id.value, None, false),
            Some(model::PublicIp::Address(a)) => {
                let pos = inst.public_ip.as_ref().map(Pos::of).unwrap_or_default();
                let sp = Sp::new(a.clone(), pos);
                self.public_ip(&inst.id.value, Some(&sp), false)
            }
        };
        let security_groups = self.security_groups_of(v, &inst.security_groups, &from);
        let ephemeral_ports = match &inst.ephemeral_ports {
            Some(p) => self
                .ports(Protocol::Tcp, Some(p), Pos::of(p))
                .unwrap_or(aws::LINUX_EPHEMERAL_PORTS),
            None => aws::LINUX_EPHEMERAL_PORTS,
        };
        self.net.instances.push(Instance {
            id: inst.id.value.clone(),
            subnet: subnet.unwrap_or(SubnetIx(0)),
            private_ip: private_ip.unwrap_or(Ipv4Addr::UNSPECIFIED),
            public_ip,
            security_groups,
            ephemeral_ports,
        });
    }

    /// Peering connections.
    pub(super) fn peerings(&mut self, s: &model::Scenario) {
        for p in &s.peerings {
            let p = &p.value;
            let from = format!("peering {}", p.id.value);
            let a = self.resolve(&p.requester, Kind::Vpc, &from).map(VpcIx);
            let b = self.resolve(&p.accepter, Kind::Vpc, &from).map(VpcIx);
            if let (Some(a), Some(b)) = (a, b) {
                if a == b {
                    self.err(Pos::of(&p.accepter), "a VPC cannot peer with itself")
                        .help("name two different VPCs as requester and accepter");
                } else {
                    let (va, vb) = (&self.net.vpcs[a.0], &self.net.vpcs[b.0]);
                    if let Some((x, y)) = va
                        .cidrs
                        .iter()
                        .flat_map(|x| vb.cidrs.iter().map(move |y| (x, y)))
                        .find(|(x, y)| x.contains(*y) || y.contains(*x))
                    {
                        // https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html
                        let msg = format!(
                            "{} ({x}) and {} ({y}) have overlapping CIDRs: AWS cannot peer them",
                            va.id, vb.id
                        );
                        self.err(Pos::of(&p.id), msg)
                            .help("give the VPCs CIDRs that do not overlap");
                    }
                }
            }
            let ix = PeeringIx(self.net.peerings.len());
            let node = self.net.graph.add_node(Node::Peering(ix));
            self.net.peerings.push(Peering {
                id: p.id.value.clone(),
                requester: a.unwrap_or(VpcIx(0)),
                accepter: b.unwrap_or(VpcIx(0)),
                node,
            });
        }
        for (pos, ours, theirs) in std::mem::take(&mut self.peer_group_refs) {
            let peered = self.net.peerings.iter().any(|x| {
                (x.requester, x.accepter) == (ours, theirs)
                    || (x.requester, x.accepter) == (theirs, ours)
            });
            if !peered {
                let (a, b) = (&self.net.vpcs[ours.0].id, &self.net.vpcs[theirs.0].id);
                let msg = format!(
                    "this rule of a group in {a} names a security group of {b}, which is not peered with {a}"
                );
                self.err(pos, msg).help(
                    "a rule can name groups of its own VPC or of a peered VPC in the same Region; otherwise write the other VPC's CIDR",
                );
            }
        }
    }

    /// Routes of every route table: implicit `local`, static, and gateway-endpoint prefix lists.
    pub(super) fn routes(&mut self, s: &model::Scenario) {
        let mut declared = Vec::new();
        for vpc in &s.vpcs {
            for rt in &vpc.route_tables {
                declared.push(rt);
            }
        }
        for t in 0..self.net.route_tables.len() {
            let v = self.net.route_tables[t].vpc;
            let mut routes: Vec<Route> = self.net.vpcs[v.0]
                .cidrs
                .iter()
                .map(|c| Route {
                    destination: *c,
                    target: Target::Local,
                    label: c.to_string(),
                })
                .collect();
            if let Some(rt) = declared
                .get(t)
                .filter(|_| self.net.route_tables[t].declared)
            {
                for r in &rt.routes {
                    if let Some(route) = self.static_route(v, r, &routes) {
                        routes.push(route);
                    }
                }
            }
            for (e, ep) in self.net.endpoints.iter().enumerate() {
                if let EndpointKind::Gateway {
                    route_tables,
                    prefix,
                    ..
                } = &ep.kind
                    && route_tables.contains(&RouteTableIx(t))
                {
                    routes.push(Route {
                        destination: *prefix,
                        target: Target::GatewayEndpoint(EndpointIx(e)),
                        label: format!("pl-{} ({prefix})", ep.service),
                    });
                }
            }
            self.install_routes(RouteTableIx(t), routes);
        }
        let internet = self.net.graph.add_node(Node::Internet);
        for g in 0..self.net.igws.len() {
            self.net
                .graph
                .add_edge(self.net.igws[g].node, internet, Link::Egress);
        }
    }

    fn static_route(&mut self, v: VpcIx, r: &Sp<model::Route>, so_far: &[Route]) -> Option<Route> {
        let dst = self.cidr(&r.value.destination)?;
        let target = self.route_target(v, &r.value.target)?;
        if so_far
            .iter()
            .any(|o| o.target != Target::Local && o.destination == dst)
        {
            self.err(
                Pos::of(&r.value.destination),
                format!("two routes for {dst} in one table"),
            )
            .help("AWS keeps one route per destination in a table; remove one");
            return None;
        }
        if let Some(local) = so_far
            .iter()
            .find(|o| o.target == Target::Local && o.destination.contains(&dst))
        {
            let msg = if dst == local.destination {
                format!(
                    "{dst} is the VPC's own CIDR: its `local` route is implicit and cannot be replaced"
                )
            } else {
                format!(
                    "{dst} overlaps the VPC's own CIDR {}: vpcpath does not model routes more specific than `local` (middlebox routing)",
                    local.destination
                )
            };
            self.err(Pos::of(&r.value.destination), msg)
                .help("remove this route; traffic inside the VPC always uses the local route");
            return None;
        }
        Some(Route {
            destination: dst,
            target,
            label: dst.to_string(),
        })
    }

    fn route_target(&mut self, v: VpcIx, t: &Sp<String>) -> Option<Target> {
        let id = t.value.as_str();
        if id == "blackhole" {
            return Some(Target::Blackhole);
        }
        if id == "local" {
            self.err(Pos::of(t), "the `local` route is implicit")
                .help("remove it: every route table has a local route for each VPC CIDR");
            return None;
        }
        let Some(&(kind, _, ix)) = self.ids.get(id) else {
            let candidates: Vec<String> = self
                .ids
                .iter()
                .filter(|(_, (k, _, _))| matches!(k, Kind::Igw | Kind::Nat | Kind::Peering))
                .map(|(i, _)| i.clone())
                .collect();
            let help = suggest_or(
                id,
                candidates.iter().map(String::as_str),
                "a route target is an internet gateway, NAT gateway or peering connection id, or `blackhole`",
            );
            self.err(Pos::of(t), format!("route target `{id}` does not exist"))
                .help(help);
            return None;
        };
        let vpc_name = self.net.vpcs[v.0].id.clone();
        match kind {
            Kind::Igw if self.net.igws[ix].vpc == v => Some(Target::Igw(IgwIx(ix))),
            Kind::Igw => {
                self.err(
                    Pos::of(t),
                    format!("internet gateway {id} is attached to another VPC, not {vpc_name}"),
                )
                .help("a route table can only target its own VPC's internet gateway");
                None
            }
            Kind::Nat
                if self.net.nats.get(ix).is_some_and(|n| {
                    self.net.subnets.get(n.subnet.0).is_some_and(|s| s.vpc == v)
                }) =>
            {
                Some(Target::Nat(NatIx(ix)))
            }
            Kind::Nat => {
                self.err(
                    Pos::of(t),
                    format!("NAT gateway {id} is in another VPC, not {vpc_name}"),
                )
                .help("a route table can only target NAT gateways of its own VPC");
                None
            }
            Kind::Peering => {
                let p = &self.net.peerings[ix];
                if p.requester == v || p.accepter == v {
                    Some(Target::Peering(PeeringIx(ix)))
                } else {
                    self.err(
                        Pos::of(t),
                        format!("peering connection {id} does not connect {vpc_name}"),
                    )
                    .help("target a peering connection whose requester or accepter is this VPC");
                    None
                }
            }
            Kind::Endpoint => {
                self.err(Pos::of(t), format!("{id} is a VPC endpoint: its routes are not written by hand"))
                    .help("list this route table under the gateway endpoint's `route_tables`; interface endpoints are reached through the local route");
                None
            }
            other => {
                self.err(Pos::of(t), format!("`{id}` is a {} and cannot be a route target", other.noun()))
                    .help("a route target is an internet gateway, NAT gateway or peering connection id, or `blackhole`");
                None
            }
        }
    }

    fn install_routes(&mut self, t: RouteTableIx, routes: Vec<Route>) {
        let trie = RouteTable::index(&routes);
        let from = self.net.route_tables[t.0].node;
        for r in &routes {
            let to = self.target_node(r.target, self.net.route_tables[t.0].vpc);
            self.net.graph.add_edge(from, to, Link::Route);
        }
        let table = &mut self.net.route_tables[t.0];
        table.routes = routes;
        table.trie = trie;
    }

    fn target_node(&mut self, target: Target, v: VpcIx) -> petgraph::graph::NodeIndex {
        // Each VPC's `local` node and the one blackhole node are made once and remembered.
        let shared = |key: Option<VpcIx>, node: Node, v: &mut Validator| {
            if let Some(&n) = v.shared_nodes.get(&key) {
                return n;
            }
            let n = v.net.graph.add_node(node);
            v.shared_nodes.insert(key, n);
            n
        };
        match target {
            Target::Igw(i) => self.net.igws[i.0].node,
            Target::Nat(i) => self.net.nats[i.0].node,
            Target::Peering(i) => self.net.peerings[i.0].node,
            Target::GatewayEndpoint(e) => match &self.net.endpoints[e.0].kind {
                EndpointKind::Gateway { node, .. } => *node,
                EndpointKind::Interface { .. } => {
                    unreachable!("prefix-list routes point at gateway endpoints")
                }
            },
            Target::Local => shared(Some(v), Node::Local(v), self),
            Target::Blackhole => shared(None, Node::Blackhole, self),
        }
    }

    /// Parses a policy document, reporting problems at its position.
    pub(super) fn policy(
        &mut self,
        p: &Sp<serde_json::Value>,
        expand: Option<&str>,
    ) -> Option<Policy> {
        match Policy::parse(&p.value, expand) {
            Ok(policy) => Some(policy),
            Err(e) => {
                self.err(Pos::of(p), format!("invalid policy: {e}"))
                    .help("write the IAM JSON policy as YAML: Statement: [{Effect: Allow, Principal: \"*\", Action: ..., Resource: ...}]");
                None
            }
        }
    }
}

fn allow_all_egress() -> SgRule {
    SgRule {
        protocol: Protocol::All,
        ports: (0, 65535),
        peer: SgPeer::Cidr(Ipv4Net::default()),
        index: 0,
    }
}

//! Load balancers: their subnets (one per Availability Zone), nodes' addresses, security
//! groups, listeners and target groups, each reference checked at its line (F6.36-F6.45).

use super::*;
use crate::aws::words::{LbProtocol, LbScheme, LbType, TargetHealth, TargetType};

impl Validator {
    /// Every VPC's load balancers, once every instance is known (targets name them).
    pub(super) fn load_balancers(&mut self, s: &model::Scenario) {
        for (vi, vpc) in s.vpcs.iter().enumerate() {
            for lb in &vpc.load_balancers {
                self.load_balancer(VpcIx(vi), lb);
            }
        }
    }

    fn load_balancer(&mut self, v: VpcIx, lb: &model::LoadBalancer) {
        let from = format!("load balancer {}", lb.id.value);
        let kind = self
            .word::<LbType>(Code::LoadBalancer, &lb.kind)
            .unwrap_or(LbType::Application);
        let scheme = self.word_or(
            Code::LoadBalancer,
            lb.scheme.as_ref(),
            LbScheme::InternetFacing,
        );
        let internet_facing = scheme == LbScheme::InternetFacing;
        let nodes = self.lb_nodes(v, lb, kind, internet_facing, &from);
        let security_groups = if kind == LbType::Network && lb.security_groups.is_empty() {
            Vec::new()
        } else {
            self.security_groups_of(v, &lb.security_groups, &from)
        };
        let lb_cross_zone = match (&lb.cross_zone, kind) {
            (Some(c), LbType::Application) if !c.value => {
                self.err(Code::LoadBalancer, Pos::of(c), format!("{from}: an Application Load Balancer's cross-zone load balancing is always on and cannot be turned off"))
                    .help("turn it off for a target group instead: `cross_zone: false` under the target group");
                true
            }
            (Some(c), _) => c.value,
            (None, LbType::Application) => true,
            (None, LbType::Network) => false,
        };
        let groups: Vec<&model::TargetGroup> = lb.target_groups.iter().collect();
        let mut listeners = Vec::new();
        let mut ports: BTreeMap<(u16, bool), (Pos, LbProtocol)> = BTreeMap::new();
        for l in &lb.listeners {
            let l = &l.value;
            let protocol = self.word::<LbProtocol>(Code::LoadBalancer, &l.protocol);
            if let Some(p) = protocol {
                self.protocol_fits(kind, p, &l.protocol, "listener");
            }
            let port = self.lb_port(&l.port, "listener");
            let group = groups
                .iter()
                .position(|g| g.id.value == l.target_group.value);
            if group.is_none() {
                let help = suggest_or(
                    &l.target_group.value,
                    groups.iter().map(|g| g.id.value.as_str()),
                    "name one of this load balancer's `target_groups` (AWS lets a target group serve one load balancer)",
                );
                let msg = format!(
                    "{from}: the listener forwards to `{}`, which is not one of its target groups",
                    l.target_group.value
                );
                self.err(Code::Reference, Pos::of(&l.target_group), msg)
                    .help(help);
            }
            let (Some(protocol), Some(port), Some(target_group)) = (protocol, port, group) else {
                continue;
            };
            // What the listener takes of its port: TCP (and TLS), UDP, or both (TCP_UDP, F6.70).
            let takes: &[bool] = match protocol {
                LbProtocol::Udp => &[true],
                LbProtocol::TcpUdp => &[false, true],
                _ => &[false],
            };
            let first = takes
                .iter()
                .find_map(|udp| ports.get(&(port, *udp)).copied());
            for udp in takes {
                ports
                    .entry((port, *udp))
                    .or_insert((Pos::of(&l.port), protocol));
            }
            if let Some((first, was)) = first {
                let msg = format!(
                    "{from} has two listeners on port {port} (the first at line {})",
                    first.line
                );
                let help = if LbProtocol::TcpUdp == protocol || LbProtocol::TcpUdp == was {
                    "a TCP_UDP listener takes its port for TCP and UDP both (F6.70): remove one, or give this one another port"
                } else {
                    "a load balancer has one listener per port; remove one"
                };
                self.err(Code::Duplicate, Pos::of(&l.port), msg).help(help);
            }
            listeners.push(LbListener {
                protocol,
                port,
                target_group,
            });
        }
        let target_groups = lb
            .target_groups
            .iter()
            .enumerate()
            .map(|(i, g)| {
                let first = listeners
                    .iter()
                    .find(|l| l.target_group == i)
                    .map(|l| l.protocol);
                self.target_group(v, kind, lb_cross_zone, first, g)
            })
            .collect();
        let region = self.net.vpcs[v.0].region;
        let dns_name = match &lb.dns_name {
            Some(d) => d.value.trim().trim_end_matches('.').to_ascii_lowercase(),
            None => default_dns_name(&lb.id.value, kind, internet_facing, &region),
        };
        self.net.load_balancers.push(LoadBalancer {
            id: lb.id.value.clone(),
            vpc: v,
            kind,
            internet_facing,
            dns_name,
            nodes,
            security_groups,
            listeners,
            target_groups,
        });
    }

    /// One node per subnet, in distinct Availability Zones; an Application Load Balancer in
    /// two zones at least (F6.37).
    fn lb_nodes(
        &mut self,
        v: VpcIx,
        lb: &model::LoadBalancer,
        kind: LbType,
        internet_facing: bool,
        from: &str,
    ) -> Vec<LbNode> {
        if lb.subnets.is_empty() {
            self.err(Code::LoadBalancer, Pos::of(&lb.id), format!("{from} names no subnet"))
                .help("list the subnets it has a node in, one per Availability Zone: `subnets: [subnet-a, subnet-b]`");
        }
        if kind == LbType::Application && lb.subnets.len() == 1 {
            self.err(Code::LoadBalancer, Pos::of(&lb.subnets[0]), format!("{from}: an Application Load Balancer needs subnets in two Availability Zones at least"))
                .help("add a subnet of another Availability Zone");
        }
        if !internet_facing && let Some(p) = lb.public_ips.first() {
            self.err(
                Code::LoadBalancer,
                Pos::of(p),
                format!("{from} is internal: its nodes have private addresses only"),
            )
            .help("remove `public_ips`, or write `scheme: internet-facing`");
        }
        let mut zones: BTreeMap<String, (String, u32)> = BTreeMap::new();
        let mut nodes = Vec::new();
        for (i, r) in lb.subnets.iter().enumerate() {
            let Some(s) = self.subnet_in(v, r, from) else {
                continue;
            };
            let zone = self.net.subnets[s.0]
                .az
                .clone()
                .unwrap_or_else(|| r.value.clone());
            if let Some((other, line)) = zones.get(&zone) {
                let msg = format!(
                    "{from}: {} is in the same Availability Zone as {other} (line {line})",
                    r.value
                );
                self.err(Code::LoadBalancer, Pos::of(r), msg).help(
                    "a load balancer takes one subnet per Availability Zone; remove one of them",
                );
                continue;
            }
            zones.insert(zone, (r.value.clone(), Pos::of(r).line));
            let private_ip = match lb.addresses.get(i) {
                Some(ip) => self.written_address(s, ip),
                None => self.allocate(s),
            };
            let public_ip = if internet_facing {
                self.public_ip(&lb.id.value, lb.public_ips.get(i), true)
            } else {
                None
            };
            nodes.push(LbNode {
                subnet: s,
                private_ip: private_ip.unwrap_or(Ipv4Addr::UNSPECIFIED),
                public_ip,
            });
        }
        nodes
    }

    fn target_group(
        &mut self,
        v: VpcIx,
        kind: LbType,
        lb_cross_zone: bool,
        first: Option<LbProtocol>,
        g: &model::TargetGroup,
    ) -> LbTargetGroup {
        let from = format!("target group {}", g.id.value);
        let default = first.unwrap_or(match kind {
            LbType::Application => LbProtocol::Http,
            LbType::Network => LbProtocol::Tcp,
        });
        let protocol = match &g.protocol {
            Some(p) => match self.word::<LbProtocol>(Code::LoadBalancer, p) {
                Some(w) if self.protocol_fits(kind, w, p, "target group") => w,
                _ => default,
            },
            None => default,
        };
        let target_type = self.word_or(
            Code::LoadBalancer,
            g.target_type.as_ref(),
            TargetType::Instance,
        );
        let port = self.lb_port(&g.port, "target group").unwrap_or(1);
        if kind == LbType::Application
            && let Some(p) = &g.preserve_client_ip
        {
            self.err(Code::LoadBalancer, Pos::of(p), format!("{from}: `preserve_client_ip` is a Network Load Balancer's setting"))
                .help("an Application Load Balancer always connects to targets from its own address (it passes the client's in X-Forwarded-For); remove it");
        }
        let udp = matches!(protocol, LbProtocol::Udp | LbProtocol::TcpUdp);
        let preserve_client_ip = match (&g.preserve_client_ip, kind) {
            (_, LbType::Application) => false,
            (_, LbType::Network) if udp => true,
            (Some(p), LbType::Network) => p.value,
            (None, LbType::Network) => target_type == TargetType::Instance,
        };
        let targets = g
            .targets
            .iter()
            .filter_map(|t| self.lb_target(v, target_type, port, t, &from))
            .collect();
        LbTargetGroup {
            id: g.id.value.clone(),
            protocol,
            target_type,
            cross_zone: g.cross_zone.as_ref().map_or(lb_cross_zone, |c| c.value),
            preserve_client_ip,
            targets,
        }
    }

    fn lb_target(
        &mut self,
        v: VpcIx,
        target_type: TargetType,
        port: u16,
        t: &Sp<model::LbTarget>,
        from: &str,
    ) -> Option<LbTarget> {
        let w = &t.value;
        let port = match &w.port {
            Some(p) => self.lb_port(p, "target")?,
            None => port,
        };
        let health = self.word_or(Code::LoadBalancer, w.health.as_ref(), TargetHealth::Healthy);
        match (target_type, &w.instance, &w.ip) {
            (TargetType::Instance, Some(r), None) => {
                let i = InstanceIx(self.resolve(r, Kind::Instance, from)?);
                let inst = &self.net.instances[i.0];
                let subnet = inst.subnet;
                if !self.same_vpc(r, self.net.subnets[subnet.0].vpc, v) {
                    return None;
                }
                let ip = self.net.instances[i.0].private_ip;
                Some(LbTarget {
                    instance: Some(i),
                    ip,
                    port,
                    health,
                    subnet: Some(subnet),
                })
            }
            (TargetType::Ip, None, Some(a)) => {
                let ip = self.ip(a)?;
                let private = ip.is_private()
                    || Ipv4Net::new(Ipv4Addr::new(100, 64, 0, 0), 10)
                        .is_ok_and(|n| n.contains(&ip));
                let subnet = (0..self.net.subnets.len()).map(SubnetIx).find(|s| {
                    self.net.subnets[s.0].vpc == v && self.net.subnets[s.0].cidr.contains(&ip)
                });
                if subnet.is_none() && !private {
                    self.err(Code::LoadBalancer, Pos::of(a), format!("{from}: {ip} is neither in the VPC nor a private address"))
                        .help("an IP target is an address of the target group's VPC's subnets, or of 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10");
                    return None;
                }
                Some(LbTarget {
                    instance: None,
                    ip,
                    port,
                    health,
                    subnet,
                })
            }
            (TargetType::Instance, None, Some(a)) => {
                self.err(
                    Code::LoadBalancer,
                    Pos::of(a),
                    format!("{from} takes instances, and this target is an address"),
                )
                .help("write `instance: <id>`, or `target_type: ip` on the target group");
                None
            }
            (TargetType::Ip, Some(r), None) => {
                self.err(
                    Code::LoadBalancer,
                    Pos::of(r),
                    format!(
                        "{from} takes addresses (`target_type: ip`), and this target is an instance"
                    ),
                )
                .help("write `ip: <address>`, or leave `target_type` out for instance targets");
                None
            }
            _ => {
                self.err(
                    Code::LoadBalancer,
                    Pos::of(t),
                    format!("{from}: a target is one instance or one address"),
                )
                .help("write `{ instance: i-web }` or `{ ip: 10.0.1.10 }`");
                None
            }
        }
    }

    /// Whether `p` is a protocol of this type of load balancer; an error at `at` if not.
    fn protocol_fits(&mut self, kind: LbType, p: LbProtocol, at: &Sp<String>, what: &str) -> bool {
        let fits = match kind {
            LbType::Application => matches!(p, LbProtocol::Http | LbProtocol::Https),
            LbType::Network => !matches!(p, LbProtocol::Http | LbProtocol::Https),
        };
        if !fits {
            let help = match kind {
                LbType::Application => "an Application Load Balancer speaks HTTP or HTTPS",
                LbType::Network => "a Network Load Balancer speaks TCP, TLS, UDP or TCP_UDP",
            };
            let lb = match kind {
                LbType::Application => "an Application Load Balancer",
                LbType::Network => "a Network Load Balancer",
            };
            let msg = format!("the {what} of {lb} cannot use {}", p.word());
            self.err(Code::LoadBalancer, Pos::of(at), msg).help(help);
        }
        fits
    }

    fn lb_port(&mut self, p: &Sp<u32>, what: &str) -> Option<u16> {
        match u16::try_from(p.value) {
            Ok(port) if port > 0 => Some(port),
            _ => {
                self.err(
                    Code::LoadBalancer,
                    Pos::of(p),
                    format!("{} is not a port (a {what} port is 1-65535)", p.value),
                )
                .help("write a port from 1 to 65535");
                None
            }
        }
    }
}

/// The DNS name AWS gives a load balancer, with a fixed id made from its name (AWS's is
/// random): an Application Load Balancer's `[internal-]{name}-{id}.{region}.elb.amazonaws.com`,
/// a Network Load Balancer's `{name}-{id}.elb.{region}.amazonaws.com` (F6.36).
pub(crate) fn default_dns_name(
    name: &str,
    kind: LbType,
    internet_facing: bool,
    region: &str,
) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let name = name.to_ascii_lowercase();
    match kind {
        LbType::Application => {
            let internal = if internet_facing { "" } else { "internal-" };
            format!(
                "{internal}{name}-{}.{region}.elb.amazonaws.com",
                h % 10_000_000_000
            )
        }
        LbType::Network => format!("{name}-{h:016x}.elb.{region}.amazonaws.com"),
    }
}

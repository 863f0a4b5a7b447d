//! Hybrid networks: on-premises sites reached over a VPN or Direct Connect, and the Route 53
//! Resolver's endpoints and rules that carry DNS between them and VPCs (F5.6, F5.8, F5.9,
//! F6.20).

use super::*;

/// An on-premises network.
#[derive(Debug)]
pub struct Site {
    /// Scenario id.
    pub id: String,
    /// Its address ranges.
    pub cidrs: Vec<Ipv4Net>,
    /// Its own internet address.
    pub public_ip: Ipv4Addr,
    /// Its DNS servers' addresses.
    pub dns_servers: Vec<Ipv4Addr>,
    /// Its node in the graph.
    pub(crate) node: NodeIndex,
    /// Zones its DNS servers answer for.
    pub zones: Vec<Zone>,
    /// Conditional forwarders: a domain (lower case) and the inbound endpoint it goes to.
    pub forwarders: Vec<(String, ResolverEndpointIx)>,
    /// Its transit gateway attachments (VPN or Direct Connect), in file order.
    pub connections: Vec<TgwAttachmentIx>,
    /// The virtual private gateways it is connected to, in file order.
    pub vpn_gateways: Vec<VgwIx>,
    /// Whether its VPN connections route by static routes rather than BGP (F6.73).
    pub static_vpn: bool,
}

impl Site {
    /// Whether an address is one of the site's own.
    pub fn contains(&self, ip: Ipv4Addr) -> bool {
        self.cidrs.iter().any(|c| c.contains(&ip))
    }

    /// The most specific of the site's ranges that holds `ip`: what decides which site (or
    /// route) a packet for it takes.
    pub fn range_holding(&self, ip: Ipv4Addr) -> Option<Ipv4Net> {
        self.cidrs
            .iter()
            .filter(|c| c.contains(&ip))
            .max_by_key(|c| c.prefix_len())
            .copied()
    }
}

/// A virtual private gateway: a VPC's end of Site-to-Site VPNs and Direct Connect.
#[derive(Debug)]
pub struct VpnGateway {
    /// Scenario id.
    pub id: String,
    /// Its VPC.
    pub vpc: VpcIx,
    /// The sites connected to it, and whether over Direct Connect (else a VPN).
    pub sites: Vec<(SiteIx, bool)>,
    /// Its node in the graph.
    pub(crate) node: NodeIndex,
    /// The allowed prefixes of its Direct Connect gateway association, which filter what its
    /// Direct Connect sites learn (F6.32); `None`: the VPC's CIDRs.
    pub allowed_prefixes: Option<Vec<Ipv4Net>>,
    /// The gateway route table associated with it, which routes what enters the VPC by it
    /// (F6.55).
    pub edge_table: Option<RouteTableIx>,
    /// The Direct Connect gateway the file names it associated with (`None`: none, or the one
    /// the short form implies, which no other virtual private gateway shares), for the
    /// supernet exception (F6.72).
    pub dx_gateway: Option<DxgwIx>,
}

impl VpnGateway {
    /// Whether it advertises `cidr` of its VPC to a site connected over Direct Connect (`dx`):
    /// always over a VPN; over Direct Connect, where an allowed prefix is the same or wider.
    pub fn advertises(&self, cidr: Ipv4Net, dx: bool) -> bool {
        match (&self.allowed_prefixes, dx) {
            (Some(allowed), true) => allowed.iter().any(|p| p.contains(&cidr)),
            _ => true,
        }
    }
}

/// A machine on a site: a client that sends requests, or a server (which also answers them);
/// both send and answer, a client listening on no port.
#[derive(Debug)]
pub struct SiteClient {
    /// Scenario id.
    pub id: String,
    /// Its site.
    pub site: SiteIx,
    /// Its address.
    pub ip: Ipv4Addr,
    /// The TCP port ranges something on it listens on (inclusive).
    pub listens: Vec<(u16, u16)>,
    /// The UDP port ranges something on it listens on (inclusive).
    pub listens_udp: Vec<(u16, u16)>,
}

impl SiteClient {
    /// Whether something on it listens on `port` (UDP when `udp`, else TCP).
    pub fn listens_on(&self, port: u16, udp: bool) -> bool {
        let ranges = if udp {
            &self.listens_udp
        } else {
            &self.listens
        };
        ranges.iter().any(|&(a, b)| (a..=b).contains(&port))
    }
}

/// What answers DNS at an address a VPC sends a query to ([`Network::dns_forwarder_at`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DnsServerAt {
    /// An instance that forwards to its VPC's Amazon DNS server (F5.14).
    Instance(InstanceIx),
    /// No DNS server of the scenario.
    Nothing,
    /// The address is held in several VPCs (these), none of them the sender's: which one the
    /// query is meant for is not written anywhere, so what answers is unknown.
    Unknown(Vec<VpcIx>),
}

/// A Route 53 Resolver endpoint.
#[derive(Debug)]
pub struct ResolverEndpoint {
    /// Scenario id.
    pub id: String,
    /// Its VPC.
    pub vpc: VpcIx,
    /// Inbound (queries into the VPC's Resolver) or outbound.
    pub inbound: bool,
    /// (subnet, address) of its network interfaces.
    pub interfaces: Vec<(SubnetIx, Ipv4Addr)>,
    /// Its security groups (F5.16); `None`: the scenario names none, and none filters it.
    pub security_groups: Option<Vec<SgIx>>,
}

/// What a Resolver rule does with the names it matches.
#[derive(Debug, Clone)]
pub enum RuleAction {
    /// Forward the query to these DNS servers through an outbound endpoint.
    Forward {
        /// The servers' addresses.
        targets: Vec<Ipv4Addr>,
        /// The outbound endpoint.
        endpoint: ResolverEndpointIx,
    },
    /// The Resolver answers itself (private zones, endpoints' private DNS, public DNS).
    System,
}

/// A Route 53 Resolver rule.
#[derive(Debug)]
pub struct ResolverRule {
    /// Scenario id.
    pub id: String,
    /// The domain, lower case; empty for `.`, every name (F5.17).
    pub domain: String,
    /// Forward or system.
    pub action: RuleAction,
    /// The VPCs it is associated with.
    pub vpcs: Vec<VpcIx>,
}

impl ResolverRule {
    /// Its domain as AWS writes it: `.` for the root.
    pub fn shown_domain(&self) -> &str {
        if self.domain.is_empty() {
            "."
        } else {
            &self.domain
        }
    }
}

impl Network {
    /// The machine of site `s` at address `ip`, if any.
    pub fn site_machine_at(&self, s: SiteIx, ip: Ipv4Addr) -> Option<SiteClientIx> {
        self.site_clients
            .iter()
            .position(|c| c.site == s && c.ip == ip)
            .map(SiteClientIx)
    }

    /// The site a virtual private gateway sends `dst` to, and whether over Direct Connect
    /// (F6.24): the longest of its sites' prefixes that holds `dst`; for the same prefix, a
    /// Direct Connect connection before a VPN (VPNRoutingTypes' path selection), a VPN of
    /// static routes before one of BGP (F6.73), then the site's id, so that the file's order
    /// decides nothing. `None`: no site advertises it.
    pub fn vgw_site_for(&self, g: VgwIx, dst: Ipv4Addr) -> Option<(SiteIx, bool)> {
        self.vgws[g.0]
            .sites
            .iter()
            .filter_map(|&(s, dx)| {
                let site = &self.sites[s.0];
                let len = site.range_holding(dst)?.prefix_len();
                // For one prefix: Direct Connect, then a static VPN, then BGP (F6.73).
                let bgp = !dx && !site.static_vpn;
                Some((
                    (std::cmp::Reverse(len), !dx, bgp, site.id.as_str()),
                    (s, dx),
                ))
            })
            .min_by(|a, b| a.0.cmp(&b.0))
            .map(|(_, chosen)| chosen)
    }

    /// The virtual private gateway whose VPC packets that virtual private gateway `g` sends
    /// over Direct Connect to site `s` for `dst` turn back into at the Direct Connect endpoint
    /// (F6.72): one associated with the same Direct Connect gateway and reached over the same
    /// virtual interface, whose VPC holds `dst` in a CIDR it advertises (F6.58) that the site's
    /// most specific range holding `dst` (the supernet) strictly contains; and that CIDR.
    pub fn dx_supernet_turn(&self, g: VgwIx, s: SiteIx, dst: Ipv4Addr) -> Option<(VgwIx, Ipv4Net)> {
        let d = self.vgws[g.0].dx_gateway?;
        let supernet = self.sites[s.0].range_holding(dst)?;
        self.vgws.iter().enumerate().find_map(|(h, other)| {
            if h == g.0 || other.dx_gateway != Some(d) || !other.sites.contains(&(s, true)) {
                return None;
            }
            let cidr = self.vpcs[other.vpc.0]
                .cidrs
                .iter()
                .find(|c| c.contains(&dst))
                .copied()?;
            (other.advertises(cidr, true) && supernet.prefix_len() < cidr.prefix_len())
                .then_some((VgwIx(h), cidr))
        })
    }

    /// What answers DNS at `ip` for a query a VPC sends there (`near`: the VPC that sends it):
    /// an instance that forwards to its VPC's Amazon DNS server (F5.14). `near` holding the
    /// address, its own interface there; else the one VPC that holds it; several VPCs holding
    /// it, which of them the query is meant for is unknown.
    pub fn dns_forwarder_at(&self, near: Option<VpcIx>, ip: Ipv4Addr) -> DnsServerAt {
        let held = |v: VpcIx| self.index.interface_at.get(&(v, ip));
        let forwarder = |v: VpcIx| match held(v) {
            Some(&Interface::Instance(i)) if self.instances[i.0].forwards_dns => {
                DnsServerAt::Instance(i)
            }
            _ => DnsServerAt::Nothing,
        };
        if let Some(v) = near
            && held(v).is_some()
        {
            return forwarder(v);
        }
        let holders: Vec<VpcIx> = (0..self.vpcs.len())
            .map(VpcIx)
            .filter(|&v| held(v).is_some())
            .collect();
        match holders.as_slice() {
            [] => DnsServerAt::Nothing,
            &[v] => forwarder(v),
            _ => DnsServerAt::Unknown(holders),
        }
    }

    /// The site whose DNS servers include `ip`.
    pub fn site_with_dns_server(&self, ip: Ipv4Addr) -> Option<SiteIx> {
        self.sites
            .iter()
            .position(|s| s.dns_servers.contains(&ip))
            .map(SiteIx)
    }

    /// The Resolver rule of `vpc` for `name`: the most specific of the rules associated with
    /// the VPC whose domain equals or contains the name (F5.6).
    pub fn resolver_rule_for(&self, vpc: VpcIx, name: &str) -> Option<&ResolverRule> {
        self.index.rules_of_vpc[vpc.0]
            .iter()
            .map(|r| &self.resolver_rules[r.0])
            .filter(|r| {
                r.domain.is_empty()
                    || name == r.domain
                    || (name.len() > r.domain.len()
                        && name.ends_with(&r.domain)
                        && name.as_bytes()[name.len() - r.domain.len() - 1] == b'.')
            })
            .max_by_key(|r| r.domain.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(s: &str) -> Ipv4Net {
        s.parse().expect("a CIDR")
    }

    fn gateway(allowed: Option<Vec<Ipv4Net>>) -> VpnGateway {
        VpnGateway {
            id: "vgw-a".into(),
            vpc: VpcIx(0),
            sites: Vec::new(),
            node: NodeIndex::new(0),
            allowed_prefixes: allowed,
            edge_table: None,
            dx_gateway: None,
        }
    }

    #[test]
    fn allowed_prefixes_let_a_vpc_cidr_through_when_the_same_or_wider() {
        let vpc = net("10.0.0.0/16");
        // AWS's examples for a 10.0.0.0/16 VPC (allowed-to-prefixes).
        for (allowed, dx, advertised) in [
            ("10.0.0.0/15", true, true),
            ("10.0.0.0/16", true, true),
            ("10.0.0.0/24", true, false),
            ("22.0.0.0/24", true, false),
            ("22.0.0.0/24", false, true),
        ] {
            let g = gateway(Some(vec![net(allowed)]));
            assert_eq!(g.advertises(vpc, dx), advertised, "{allowed} dx={dx}");
        }
        assert!(gateway(None).advertises(vpc, true));
    }

    #[test]
    fn a_machine_listens_on_its_ranges_by_protocol() {
        let m = SiteClient {
            id: "srv".into(),
            site: SiteIx(0),
            ip: Ipv4Addr::new(172, 16, 5, 10),
            listens: vec![(5432, 5432), (8000, 8100)],
            listens_udp: vec![(53, 53)],
        };
        assert!(m.listens_on(5432, false));
        assert!(m.listens_on(8050, false));
        assert!(!m.listens_on(53, false));
        assert!(m.listens_on(53, true));
        assert!(!m.listens_on(5432, true));
    }
}

//! On-premises sites and the Route 53 Resolver's endpoints and rules (F5.6, F5.8, F5.9,
//! F6.20).

use super::*;
use crate::aws::words::VpnRouting;

impl Validator {
    /// Resolver endpoints, after the VPCs' own network interfaces have their addresses.
    pub(crate) fn resolver_endpoints(&mut self, s: &model::Scenario) {
        for (vi, vpc) in s.vpcs.iter().enumerate() {
            for ep in &vpc.resolver_endpoints {
                let inbound = self
                    .word(Code::Resolver, &ep.direction)
                    .unwrap_or(ResolverDirection::Inbound)
                    == ResolverDirection::Inbound;
                if ep.subnets.len() < 2 {
                    self.err(
                        Code::Resolver,
                        Pos::of(&ep.id),
                        format!(
                            "Resolver endpoint {} lists {}: AWS gives an endpoint two addresses or more",
                            ep.id.value,
                            if ep.subnets.is_empty() { "no subnet" } else { "one subnet" }
                        ),
                    )
                    .help("list two subnets: vpcpath gives the endpoint one address in each");
                }
                let mut interfaces = Vec::new();
                let from = format!("Resolver endpoint {}", ep.id.value);
                for sn in &ep.subnets {
                    let Some(sx) = self.resolve(sn, Kind::Subnet, &from).map(SubnetIx) else {
                        continue;
                    };
                    if self.net.subnets[sx.0].vpc != VpcIx(vi) {
                        let msg = format!(
                            "subnet {} is not in {}, the Resolver endpoint's VPC",
                            sn.value, vpc.id.value
                        );
                        self.err(Code::Scope, Pos::of(sn), msg)
                            .help("a Resolver endpoint's subnets are subnets of its own VPC");
                        continue;
                    }
                    if let Some(ip) = self.allocate(sx) {
                        interfaces.push((sx, ip));
                    }
                }
                let security_groups = (!ep.security_groups.is_empty())
                    .then(|| self.security_groups_of(VpcIx(vi), &ep.security_groups, &from));
                self.net.resolver_endpoints.push(ResolverEndpoint {
                    id: ep.id.value.clone(),
                    vpc: VpcIx(vi),
                    inbound,
                    interfaces,
                    security_groups,
                });
            }
        }
    }

    /// On-premises sites: their ranges, address, DNS servers, zones, forwarders and clients.
    pub(crate) fn sites(&mut self, s: &model::Scenario) {
        for (i, site) in s.sites.iter().enumerate() {
            let cidrs: Vec<Ipv4Net> = site.cidrs.iter().filter_map(|c| self.cidr(c)).collect();
            if site.cidrs.is_empty() {
                self.err(
                    Code::Site,
                    Pos::of(&site.id),
                    format!("site {} has no `cidrs`", site.id.value),
                )
                .help("list the site's address ranges, e.g. cidrs: [172.16.0.0/16]");
            }
            let dns_servers = site
                .dns_servers
                .iter()
                .filter_map(|d| self.inside_site(site, &cidrs, d, "DNS server"))
                .collect();
            let public_ip = match &site.public_ip {
                Some(p) => self.ip(p).unwrap_or(aws::FIRST_SITE_PUBLIC_IP),
                None => Ipv4Addr::from(u32::from(aws::FIRST_SITE_PUBLIC_IP) + i as u32),
            };
            let mut zones = Vec::new();
            for z in &site.dns_zones {
                let name = dns_name(&z.value.name.value);
                if !is_dns_name(&name, false) {
                    self.err(
                        Code::Zone,
                        Pos::of(&z.value.name),
                        format!("`{}` is not a domain name", z.value.name.value),
                    )
                    .help("write a name such as corp.example");
                    continue;
                }
                let mut records = Vec::new();
                for r in &z.value.records {
                    match self.record(&name, r) {
                        Some(Record {
                            data: RecordData::Alias(_),
                            ..
                        }) => {
                            self.err(
                                Code::Site,
                                Pos::of(r),
                                "an on-premises DNS server has no Route 53 aliases",
                            )
                            .help("write an A or CNAME record");
                        }
                        Some(rec) => records.push(rec),
                        None => {}
                    }
                }
                zones.push(Zone::new(name, false, Vec::new(), records));
            }
            let mut forwarders = Vec::new();
            for f in &site.dns_forwarders {
                let domain = dns_name(&f.value.domain.value);
                if !is_dns_name(&domain, false) {
                    self.err(
                        Code::Site,
                        Pos::of(&f.value.domain),
                        format!("`{}` is not a domain name", f.value.domain.value),
                    )
                    .help("write the domain forwarded, e.g. amazonaws.com");
                    continue;
                }
                let from = format!("a forwarder of site {}", site.id.value);
                let Some(e) = self.resolve(&f.value.to, Kind::ResolverEndpoint, &from) else {
                    continue;
                };
                if !self.net.resolver_endpoints[e].inbound {
                    let msg = format!(
                        "{} is an outbound Resolver endpoint: it takes no queries from outside its VPC",
                        f.value.to.value
                    );
                    self.err(Code::Site, Pos::of(&f.value.to), msg)
                        .help("forward to an inbound Resolver endpoint (F5.8)");
                    continue;
                }
                forwarders.push((domain, ResolverEndpointIx(e)));
            }
            if !forwarders.is_empty() && site.dns_servers.is_empty() {
                let msg = format!(
                    "site {} forwards to Resolver inbound endpoints but lists no `dns_servers`: its queries leave from an address vpcpath does not know, so their way to the endpoint is not checked",
                    site.id.value
                );
                self.warn(Code::UnknownForwarder, Pos::of(&site.id), msg)
                    .help("list the address of the DNS server that forwards, e.g. dns_servers: [172.16.0.53] (F5.13)");
            }
            let static_vpn =
                self.word_or(Code::Site, site.vpn_routing.as_ref(), VpnRouting::Dynamic)
                    == VpnRouting::Static;
            self.site_machines(SiteIx(i), site, &cidrs);
            let node = self.net.graph.add_node(Node::Site(SiteIx(i)));
            self.net.sites.push(Site {
                node,
                id: site.id.value.clone(),
                cidrs,
                public_ip,
                dns_servers,
                zones,
                forwarders,
                connections: Vec::new(),
                vpn_gateways: Vec::new(),
                static_vpn,
            });
        }
        // The sites connected to the VPCs' virtual private gateways.
        for vpc in &s.vpcs {
            let Some(g) = &vpc.vpn_gateway else {
                continue;
            };
            let Some(&(Kind::Vgw, _, ix)) = self.ids.get(g.id.value.as_str()) else {
                continue;
            };
            let from = format!("virtual private gateway {}", g.id.value);
            let links = g.vpn.iter().map(|x| (x, false));
            for (site, dx) in links.chain(g.direct_connect.iter().map(|x| (x, true))) {
                if let Some(sx) = self.resolve(site, Kind::Site, &from).map(SiteIx) {
                    self.net.vgws[ix].sites.push((sx, dx));
                    let (from, to) = (self.net.vgws[ix].node, self.net.sites[sx.0].node);
                    let link = Link::Connection { direct_connect: dx };
                    self.net.graph.add_edge(from, to, link);
                    self.net.sites[sx.0].vpn_gateways.push(VgwIx(ix));
                }
            }
        }
        // The VPCs' DHCP options, now that the sites' DNS servers are known.
        for (vi, vpc) in s.vpcs.iter().enumerate() {
            let mut servers = Vec::new();
            for d in &vpc.dns_servers {
                if let Some(ip) = self.ip(d) {
                    self.known_dns_server(d, ip);
                    servers.push(ip);
                }
            }
            self.net.vpcs[vi].dns_servers = servers;
        }
    }

    /// Warns where a DNS server that neither a site nor an instance has is named: nothing
    /// answers there in vpcpath.
    fn known_dns_server(&mut self, at: &Sp<String>, ip: Ipv4Addr) {
        let on_instance = self
            .net
            .instances
            .iter()
            .any(|i| i.forwards_dns && i.private_ip == ip);
        if self.net.site_with_dns_server(ip).is_none() && !on_instance {
            let msg = format!(
                "no site or instance of the scenario has a DNS server at {ip}: vpcpath answers no query sent there"
            );
            self.warn(Code::UnmodelledDnsServer, Pos::of(at), msg).help(
                "list the address under a site's `dns_servers`, or give the instance at it `listens_udp: [53]` and `forwards_dns_to:` its VPC's Amazon DNS server (F5.14)",
            );
        }
    }

    /// Resolver rules: forward rules with their targets and outbound endpoint, system rules,
    /// and the VPCs they are associated with.
    pub(crate) fn resolver_rules(&mut self, s: &model::Scenario) {
        for r in &s.resolver_rules {
            let r = &r.value;
            let domain = dns_name(&r.domain.value);
            // `.`: the root, every name (F5.17).
            let root = r.domain.value.trim() == ".";
            if !root && !is_dns_name(&domain, false) {
                self.err(
                    Code::Resolver,
                    Pos::of(&r.domain),
                    format!("`{}` is not a domain name", r.domain.value),
                )
                .help("write the domain the rule applies to, e.g. corp.example (or `.` for every name)");
            }
            let from = format!("Resolver rule {}", r.id.value);
            let action = match self.word(Code::Resolver, &r.kind) {
                Some(ResolverRuleType::Forward) => {
                    let mut targets = Vec::new();
                    for t in &r.targets {
                        if let Some(ip) = self.ip(t) {
                            self.known_dns_server(t, ip);
                            targets.push(ip);
                        }
                    }
                    if r.targets.is_empty() {
                        self.err(Code::Resolver, Pos::of(&r.id), format!("forward rule {} has no `targets`", r.id.value))
                            .help("list the DNS servers' addresses the queries go to, e.g. targets: [172.16.0.53]");
                    }
                    let endpoint = match &r.endpoint {
                        None => {
                            self.err(
                                Code::Resolver,
                                Pos::of(&r.id),
                                format!("forward rule {} names no outbound `endpoint`", r.id.value),
                            )
                            .help("name the outbound Resolver endpoint its queries leave by");
                            None
                        }
                        Some(e) => {
                            let ix = self.resolve(e, Kind::ResolverEndpoint, &from);
                            match ix {
                                Some(ix) if self.net.resolver_endpoints[ix].inbound => {
                                    self.err(
                                        Code::Resolver,
                                        Pos::of(e),
                                        format!("{} is an inbound Resolver endpoint", e.value),
                                    )
                                    .help("a forward rule's queries leave by an outbound endpoint");
                                    None
                                }
                                other => other.map(ResolverEndpointIx),
                            }
                        }
                    };
                    RuleAction::Forward {
                        targets,
                        endpoint: endpoint.unwrap_or(ResolverEndpointIx(0)),
                    }
                }
                Some(ResolverRuleType::System) => {
                    if let Some(t) = r.targets.first().or(r.endpoint.as_ref()) {
                        self.err(
                            Code::Resolver,
                            Pos::of(t),
                            "a system rule forwards nothing: it takes no `targets` or `endpoint`",
                        )
                        .help("remove them, or make it `type: forward`");
                    }
                    RuleAction::System
                }
                None => RuleAction::System,
            };
            let written: Vec<(VpcIx, &Sp<String>)> = r
                .vpcs
                .iter()
                .filter_map(|v| Some((VpcIx(self.resolve(v, Kind::Vpc, &from)?), v)))
                .collect();
            // A rule is used in its own Region: a forward rule's is its outbound endpoint's.
            if let RuleAction::Forward { endpoint, .. } = &action
                && let Some(ep) = self.net.resolver_endpoints.get(endpoint.0)
            {
                let (home, ep_id) = (self.net.vpcs[ep.vpc.0].region, ep.id.clone());
                for &(v, at) in &written {
                    let vpc = &self.net.vpcs[v.0];
                    if vpc.region != home {
                        let msg = format!(
                            "{} is in {}, but rule {} forwards through {} in {home}: a Resolver rule is used in VPCs of its own Region",
                            vpc.id, vpc.region, r.id.value, ep_id
                        );
                        self.err(Code::Scope, Pos::of(at), msg)
                            .help("associate the VPC with a rule of its own Region, through an outbound endpoint there (F5.6)");
                    }
                }
            }
            let vpcs = written.iter().map(|(v, _)| *v).collect();
            self.net.resolver_rules.push(ResolverRule {
                id: r.id.value.clone(),
                domain,
                action,
                vpcs,
            });
        }
    }
}

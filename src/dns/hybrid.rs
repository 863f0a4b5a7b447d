//! DNS beyond a VPC's own Resolver: Resolver forwarding and system rules (F5.6), DNS servers
//! given by DHCP options (F5.9), and an on-premises site's DNS servers with their zones and
//! conditional forwarders to Resolver inbound endpoints (F5.8).

use super::*;
use crate::trace::{DnsForwarder, DnsVia, InstanceServerAnswer, ServerAnswer};

/// A VPC's view: the DNS servers its DHCP options name, else its Route 53 Resolver.
pub(super) fn vpc_lookup(net: &Network, v: VpcIx, name: &str, chain: &mut Vec<String>) -> Lookup {
    let vpc = &net.vpcs[v.0];
    if let Some(&server) = vpc.dns_servers.first() {
        let via = || DnsVia::DhcpOptions { vpc: id(&vpc.id) };
        return via_server(net, (server, Some(v)), name, chain, via);
    }
    resolver_lookup(net, v, (name, false), chain)
}

/// The Route 53 Resolver of a VPC (as its instances, or an inbound endpoint, ask it: `inbound`):
/// the most specific rule associated with the VPC decides; a private zone is an autodefined
/// system rule for its own name, as are EC2's domains with DNS hostnames on, so one more
/// specific than a forwarding rule answers instead, and on the same name the forwarding rule
/// wins (F5.6, F5.24).
pub(super) fn resolver_lookup(
    net: &Network,
    v: VpcIx,
    (name, inbound): (&str, bool),
    chain: &mut Vec<String>,
) -> Lookup {
    let rule = net.resolver_rule_for(v, name);
    let seen = private_zones(net, v, name, inbound);
    let ec2 = ec2_name(name);
    let own_ec2 = ec2
        .filter(|e| autodefined(net, v, e))
        .map(|e| e.domain.len());
    let system = seen.zone_len().max(own_ec2);
    if let Some(rule) = rule
        && let RuleAction::Forward { targets, endpoint } = &rule.action
        && system.is_none_or(|l| l <= rule.domain.len())
    {
        let via = || DnsVia::ResolverRule {
            rule: id(&rule.id),
            domain: id(rule.shown_domain()),
            endpoint: id(&net.resolver_endpoints[endpoint.0].id),
        };
        if let Some(&server) = targets.first() {
            let outbound = net.resolver_endpoints[endpoint.0].vpc;
            return via_server(net, (server, Some(outbound)), name, chain, via);
        }
    }
    let hidden = seen.hidden.map(|e| id(&e.id));
    // EC2's names in the VPC's own Region, and public names anywhere (a peering may answer
    // them privately, F5.23), unless a more specific private zone holds them.
    let ec2 = ec2.filter(|e| {
        (e.public || e.region == net.vpcs[v.0].region)
            && seen.zone_len().is_none_or(|l| l < e.domain.len())
    });
    // The Amazon DNS server of the VPC asks public DNS, in the VPC's Region (F7.7).
    let amazon = Some(net.vpcs[v.0].region.as_str());
    let mut l = match ec2 {
        Some(e) => ec2_lookup(net, Some(v), &e),
        None => private_lookup(net, seen, name, chain)
            .unwrap_or_else(|| public_lookup(net, name, amazon, chain)),
    };
    if let Some(endpoint) = hidden {
        l.source = DnsSource::InboundOnly {
            endpoint,
            answer: Box::new(l.source),
        };
    }
    if let Some(rule) = rule.filter(|r| matches!(r.action, RuleAction::System)) {
        l.source = DnsSource::SystemRule {
            rule: id(&rule.id),
            domain: id(rule.shown_domain()),
            answer: Box::new(l.source),
        };
    }
    l
}

/// A query sent to the DNS server at `server` (`via` says why) from VPC `from`: answered by the
/// site that has it, or by the instance there that forwards to its VPC's Amazon DNS server
/// (F5.14).
fn via_server(
    net: &Network,
    (server, from): (Ipv4Addr, Option<VpcIx>),
    name: &str,
    chain: &mut Vec<String>,
    via: impl Fn() -> DnsVia,
) -> Lookup {
    let site = net.site_with_dns_server(server);
    let Some(s) = site else {
        let failure = match net.dns_forwarder_at(from, server) {
            DnsServerAt::Instance(i) => return instance_lookup(net, i, (server, name), chain, via),
            DnsServerAt::Nothing => DnsReason::NoDnsServer {
                via: via(),
                name: id(name),
                server,
            },
            DnsServerAt::Unknown(vpcs) => DnsReason::UnknownDnsServer {
                via: Box::new(via()),
                name: id(name),
                server,
                vpcs: vpcs.iter().map(|v| id(&net.vpcs[v.0].id)).collect(),
            },
        };
        let source = DnsSource::NoServer {
            via: Box::new(via()),
            server,
        };
        let mut l = Lookup::new(source, None, Answer::Nxdomain);
        l.failure = Some(failure);
        return l;
    };
    let l = site_lookup(net, s, name, chain);
    Lookup {
        source: DnsSource::Server(Box::new(ServerAnswer {
            via: via(),
            server,
            site: id(&net.sites[s.0].id),
            answer: l.source,
        })),
        ..l
    }
}

/// A DNS server on instance `i`, at `server`, forwarding to its VPC's Amazon DNS server, which
/// answers as the VPC's Resolver (its private zones, rules, endpoints' private DNS); with the
/// VPC's `dns_support` off, nothing answers (F5.2, F5.14). The same name back at the same
/// instance (a rule that sends it there again) is a forwarding loop.
fn instance_lookup(
    net: &Network,
    i: InstanceIx,
    (server, name): (Ipv4Addr, &str),
    chain: &mut Vec<String>,
    via: impl Fn() -> DnsVia,
) -> Lookup {
    let inst = &net.instances[i.0];
    let v = net.subnets[inst.subnet.0].vpc;
    let vpc = &net.vpcs[v.0];
    let wrap = |answer: Option<DnsSource>| {
        DnsSource::InstanceServer(Box::new(InstanceServerAnswer {
            via: via(),
            server,
            instance: id(&inst.id),
            vpc: id(&vpc.id),
            answer,
        }))
    };
    let marker = format!("{name} at {}", inst.id);
    let failure = if !vpc.dns_support {
        Some(DnsReason::DnsSupportOff { vpc: id(&vpc.id) })
    } else if chain.contains(&marker) {
        Some(DnsReason::ForwardingLoop {
            name: id(name),
            site: id(&inst.id),
            chain: ids(chain),
        })
    } else {
        None
    };
    if let Some(failure) = failure {
        let mut l = Lookup::new(wrap(None), None, Answer::Nxdomain);
        l.failure = Some(failure);
        return l;
    }
    chain.push(marker);
    let l = resolver_lookup(net, v, (name, false), chain);
    Lookup {
        source: wrap(Some(l.source.clone())),
        ..l
    }
}

/// An on-premises site's DNS servers: their own zones (the most specific that holds the name
/// answers alone), else their conditional forwarders (the most specific domain) to a Resolver
/// inbound endpoint, which answers as its VPC's Resolver (F5.8); else public DNS.
pub(super) fn site_lookup(net: &Network, s: SiteIx, name: &str, chain: &mut Vec<String>) -> Lookup {
    let site = &net.sites[s.0];
    let own = site.zones.iter().filter(|z| in_zone(name, &z.name));
    if let Some(z) = own.max_by_key(|z| z.name.len()) {
        let source = DnsSource::SiteZone {
            zone: id(&z.name),
            site: id(&site.id),
        };
        return zone_lookup(net, z, name, source, chain);
    }
    let forwarders = site.forwarders.iter().filter(|(d, _)| in_zone(name, d));
    if let Some((domain, e)) = forwarders.max_by_key(|(d, _)| d.len()) {
        let ep = &net.resolver_endpoints[e.0];
        let forwarder = Box::new(DnsForwarder {
            site: id(&site.id),
            domain: id(domain),
            endpoint: id(&ep.id),
            vpc: id(&net.vpcs[ep.vpc.0].id),
        });
        // The same name back at the same site is a forwarding loop.
        let marker = format!("{name} at {}", site.id);
        if chain.contains(&marker) {
            let mut l = Lookup::new(
                DnsSource::ForwardedInLoop { forwarder },
                None,
                Answer::Nxdomain,
            );
            l.failure = Some(DnsReason::ForwardingLoop {
                name: id(name),
                site: id(&site.id),
                chain: ids(chain),
            });
            return l;
        }
        chain.push(marker);
        let l = resolver_lookup(net, ep.vpc, (name, true), chain);
        return Lookup {
            source: DnsSource::Forwarded {
                forwarder,
                answer: Box::new(l.source),
            },
            ..l
        };
    }
    public_lookup(net, name, None, chain)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HYBRID: &str = r#"
scenario: hybrid DNS unit tests
region: us-east-1
vpcs:
  - id: vpc-a
    cidr: 10.1.0.0/16
    dns_hostnames: true
    subnets:
      - { id: subnet-a1, cidr: 10.1.1.0/24 }
      - { id: subnet-a2, cidr: 10.1.2.0/24 }
    resolver_endpoints:
      - { id: rslvr-in, direction: inbound, subnets: [subnet-a1, subnet-a2] }
      - { id: rslvr-out, direction: outbound, subnets: [subnet-a1, subnet-a2] }
sites:
  - id: dc
    cidrs: [172.16.0.0/16]
    dns_servers: [172.16.0.53]
    dns_forwarders:
      - { domain: loop.example, to: rslvr-in }
      - { domain: corp.example, to: rslvr-in }
resolver_rules:
  - { id: rr-loop, domain: loop.example, type: forward, targets: [172.16.0.53], endpoint: rslvr-out, vpcs: [vpc-a] }
  - { id: rr-corp, domain: corp.example, type: forward, targets: [172.16.0.53], endpoint: rslvr-out, vpcs: [vpc-a] }
dns_zones:
  - name: corp.example
    private: true
    vpcs: [vpc-a]
    records: [{ name: www.corp.example, type: A, values: [10.1.1.80] }]
  - name: deep.corp.example
    private: true
    vpcs: [vpc-a]
    records: [{ name: www.deep.corp.example, type: A, values: [10.1.1.90] }]
"#;

    fn net() -> Network {
        crate::load::load_str(std::path::Path::new("hybrid.yaml"), HYBRID).unwrap()
    }

    #[test]
    fn a_query_forwarded_back_to_the_site_it_came_from_is_a_loop() {
        let net = net();
        let r = resolve(&net, View::Site(SiteIx(0)), "www.loop.example");
        let why = r.result.unwrap_err();
        assert!(matches!(why, DnsReason::ForwardingLoop { .. }), "{why}");
    }

    #[test]
    fn a_forwarding_rule_beats_a_zone_of_its_own_name_and_a_deeper_zone_beats_the_rule() {
        // F5.6: corp.example is both a rule and a zone: the rule forwards to the site, which
        // forwards corp.example back to the inbound endpoint, a loop; deep.corp.example is a
        // zone more specific than the rule: it answers.
        let net = net();
        let r = resolve(&net, View::Vpc(VpcIx(0)), "www.corp.example");
        let why = r.result.unwrap_err();
        assert!(
            matches!(why, DnsReason::ForwardingLoop { .. }),
            "the rule, not the zone: {why}"
        );
        let r = resolve(&net, View::Vpc(VpcIx(0)), "www.deep.corp.example");
        assert_eq!(
            r.result.unwrap(),
            vec!["10.1.1.90".parse::<Ipv4Addr>().unwrap()]
        );
    }

    /// Two VPCs (vpc-b, vpc-c) share 10.9.0.0/16, each with a DNS server on an instance at
    /// 10.9.1.53; vpc-a's DHCP options name that address, vpc-b's too; vpc-d's name 10.8.1.53,
    /// which vpc-e alone holds.
    const OVERLAP: &str = r#"
scenario: DNS servers on instances at one address in two VPCs
region: us-east-1
vpcs:
  - id: vpc-a
    cidr: 10.1.0.0/16
    dns_servers: [10.9.1.53]
    subnets: [{ id: subnet-a, cidr: 10.1.1.0/24 }]
  - id: vpc-b
    cidr: 10.9.0.0/16
    dns_hostnames: true
    dns_servers: [10.9.1.53]
    subnets: [{ id: subnet-b, cidr: 10.9.1.0/24 }]
    instances:
      - { id: i-dns-b, subnet: subnet-b, private_ip: 10.9.1.53, listens_udp: [53], forwards_dns_to: 10.9.0.2 }
  - id: vpc-c
    cidr: 10.9.0.0/16
    dns_hostnames: true
    subnets: [{ id: subnet-c, cidr: 10.9.1.0/24 }]
    instances:
      - { id: i-dns-c, subnet: subnet-c, private_ip: 10.9.1.53, listens_udp: [53], forwards_dns_to: 10.9.0.2 }
  - id: vpc-d
    cidr: 10.2.0.0/16
    dns_servers: [10.8.1.53]
    subnets: [{ id: subnet-d, cidr: 10.2.1.0/24 }]
  - id: vpc-e
    cidr: 10.8.0.0/16
    dns_hostnames: true
    subnets: [{ id: subnet-e, cidr: 10.8.1.0/24 }]
    instances:
      - { id: i-dns-e, subnet: subnet-e, private_ip: 10.8.1.53, listens_udp: [53], forwards_dns_to: 10.8.0.2 }
dns_zones:
  - name: b.example
    private: true
    vpcs: [vpc-b, vpc-e]
    records: [{ name: x.b.example, type: A, values: [10.9.1.80] }]
"#;

    #[test]
    fn a_dns_server_address_held_in_several_other_vpcs_is_unknown_not_the_first() {
        let net = crate::load::load_str(std::path::Path::new("o.yaml"), OVERLAP).unwrap();
        let vpc = |name: &str| VpcIx(net.vpcs.iter().position(|v| v.id == name).unwrap());
        let x = "x.b.example";
        let r = resolve(&net, View::Vpc(vpc("vpc-a")), x);
        match r.result.unwrap_err() {
            DnsReason::UnknownDnsServer { vpcs, server, .. } => {
                assert_eq!(vpcs, ["vpc-b", "vpc-c"]);
                assert_eq!(server, Ipv4Addr::new(10, 9, 1, 53));
            }
            other => panic!("unknown, not {other}"),
        }
        // The sender's own VPC holds the address: its own instance answers.
        let own = resolve(&net, View::Vpc(vpc("vpc-b")), x);
        assert_eq!(own.result.unwrap(), [Ipv4Addr::new(10, 9, 1, 80)]);
        // One VPC alone holds it: that VPC's instance answers.
        let one = resolve(&net, View::Vpc(vpc("vpc-d")), x);
        assert_eq!(one.result.unwrap(), [Ipv4Addr::new(10, 9, 1, 80)]);
    }
}

//! The words of DNS: why a name did not resolve, and which zone answered, one test per family (the helpers are `show/tests.rs`'s).
//!
//! Compiled for tests only: its parent declares it under `#[cfg(test)]`.

use super::super::tests::{ip, s, words};
use super::*;

#[test]
fn dns_reasons_read_as_the_reports_write_them() {
    use DnsReason::*;
    let chain = || vec![s("ping.example.com"), s("pong.example.com")];
    let rule = || DnsVia::ResolverRule {
        rule: s("rr-corp"),
        domain: s("corp.example"),
        endpoint: s("rslvr-out"),
    };
    words(vec![
        (
            NoAddresses {
                name: s("empty.example.com"),
            }
            .to_string(),
            "empty.example.com has no addresses",
        ),
        (
            DnsSupportOff {
                vpc: s("vpc-nodns"),
            }
            .to_string(),
            "vpc-nodns has dns_support: false, so the Route 53 Resolver does not answer (enableDnsSupport)",
        ),
        (
            Nxdomain {
                name: s("sts-alias.example.com"),
                source: DnsSource::PrivateZone {
                    zone: s("example.com"),
                },
            }
            .to_string(),
            "NXDOMAIN for sts-alias.example.com (private zone example.com)",
        ),
        (
            Loop {
                chain: chain(),
                name: s("ping.example.com"),
            }
            .to_string(),
            "CNAME or alias loop: ping.example.com -> pong.example.com -> ping.example.com",
        ),
        (
            ChainTooLong {
                limit: 16,
                chain: chain(),
                name: s("x.example.com"),
            }
            .to_string(),
            "chain of CNAMEs and aliases longer than 16 names: ping.example.com -> pong.example.com -> x.example.com",
        ),
        (
            AliasTargetMissing {
                target: s("gone.example.com"),
                zone: s("example.com"),
            }
            .to_string(),
            "alias target gone.example.com has no record in zone example.com",
        ),
        (
            NoDnsServer {
                via: rule(),
                name: s("app.corp.example"),
                server: ip("10.9.0.53"),
            }
            .to_string(),
            "Resolver rule rr-corp (corp.example) through rslvr-out sends the query for app.corp.example to 10.9.0.53, where no DNS server of the scenario answers",
        ),
        (
            NoDnsServer {
                via: DnsVia::DhcpOptions { vpc: s("vpc-a") },
                name: s("example.com"),
                server: ip("10.1.0.53"),
            }
            .to_string(),
            "DHCP options of vpc-a sends the query for example.com to 10.1.0.53, where no DNS server of the scenario answers",
        ),
        (
            UnknownDnsServer {
                via: Box::new(DnsVia::DhcpOptions { vpc: s("vpc-a") }),
                name: s("x.b.example"),
                server: ip("10.9.1.53"),
                vpcs: vec![s("vpc-b"), s("vpc-c")],
            }
            .to_string(),
            "DHCP options of vpc-a sends the query for x.b.example to 10.9.1.53, an address that vpc-b, vpc-c each hold: vpcpath cannot know which VPC's it means, so the answer is unknown",
        ),
        (
            ForwardingLoop {
                name: s("www.loop.example"),
                site: s("dc"),
                chain: vec![s("www.loop.example"), s("www.loop.example at dc")],
            }
            .to_string(),
            "DNS forwarding loop: www.loop.example comes back to dc (www.loop.example -> www.loop.example at dc)",
        ),
    ]);
}

#[test]
fn dns_sources_read_as_the_reports_write_them() {
    use DnsSource::*;
    let forwarder = || {
        Box::new(DnsForwarder {
            site: s("dc-east"),
            domain: s("execute-api.us-east-1.amazonaws.com"),
            endpoint: s("rslvr-in-hub"),
            vpc: s("vpc-hub"),
        })
    };
    let endpoint = || EndpointPrivateDns {
        endpoint: s("vpce-exec-hub"),
        zone: s("execute-api.us-east-1.amazonaws.com"),
    };
    let site_zone = || SiteZone {
        zone: s("corp.example"),
        site: s("dc-east"),
    };
    words(vec![
        (
            PrivateZone {
                zone: s("corp.internal"),
            }
            .to_string(),
            "private zone corp.internal",
        ),
        (
            endpoint().to_string(),
            "vpce-exec-hub private DNS (zone execute-api.us-east-1.amazonaws.com)",
        ),
        (
            PublicZone {
                zone: s("example.com"),
            }
            .to_string(),
            "public zone example.com",
        ),
        (
            NoPublicZone.to_string(),
            "public DNS: no zone of the scenario holds this name",
        ),
        (CloudFront.to_string(), "CloudFront (AWS public DNS)"),
        (
            Service {
                service: s("kms"),
                region: s("us-east-1"),
            }
            .to_string(),
            "kms in us-east-1 (AWS public DNS)",
        ),
        (
            GlobalService {
                service: s("s3"),
                region: s("us-east-1"),
            }
            .to_string(),
            "s3 in us-east-1, by its global or legacy name (AWS public DNS)",
        ),
        (NoAwsName.to_string(), "AWS public DNS has no such name"),
        (
            EndpointName {
                endpoint: s("vpce-0123"),
            }
            .to_string(),
            "vpce-0123 public name (AWS public DNS)",
        ),
        (
            NoEndpointName {
                name: s("vpce-1-x.sts.us-east-1.vpce.amazonaws.com"),
            }
            .to_string(),
            "AWS public DNS: no endpoint answers to vpce-1-x.sts.us-east-1.vpce.amazonaws.com",
        ),
        (
            PrivateApiAlias {
                api: s("priv0api01"),
                endpoint: s("vpce-0123"),
            }
            .to_string(),
            "Route 53 alias for private API priv0api01 via vpce-0123 (AWS public DNS)",
        ),
        (
            EdgeApi {
                api: s("edge0api01"),
            }
            .to_string(),
            "edge-optimized API edge0api01: its CloudFront distribution (AWS public DNS)",
        ),
        (
            RegionalFrontDoor {
                region: s("eu-west-1"),
            }
            .to_string(),
            "execute-api Regional front door of eu-west-1 (AWS public DNS)",
        ),
        (site_zone().to_string(), "zone corp.example on dc-east"),
        (
            SystemRule {
                rule: s("rslvr-rr-tools"),
                domain: s("tools.corp.example"),
                answer: Box::new(NoPublicZone),
            }
            .to_string(),
            "Resolver system rule rslvr-rr-tools (tools.corp.example): public DNS: no zone of the scenario holds this name",
        ),
        (
            Server(Box::new(ServerAnswer {
                via: DnsVia::DhcpOptions {
                    vpc: s("vpc-legacy"),
                },
                server: ip("172.16.0.53"),
                site: s("dc-east"),
                answer: site_zone(),
            }))
            .to_string(),
            "DHCP options of vpc-legacy: DNS server 172.16.0.53 of dc-east, zone corp.example on dc-east",
        ),
        (
            Server(Box::new(ServerAnswer {
                via: DnsVia::ResolverRule {
                    rule: s("rslvr-rr-corp"),
                    domain: s("corp.example"),
                    endpoint: s("rslvr-out-hub"),
                },
                server: ip("172.16.0.53"),
                site: s("dc-east"),
                answer: site_zone(),
            }))
            .to_string(),
            "Resolver rule rslvr-rr-corp (corp.example) through rslvr-out-hub: DNS server 172.16.0.53 of dc-east, zone corp.example on dc-east",
        ),
        (
            NoServer {
                via: Box::new(DnsVia::DhcpOptions { vpc: s("vpc-a") }),
                server: ip("10.1.0.53"),
            }
            .to_string(),
            "DHCP options of vpc-a: 10.1.0.53",
        ),
        (
            Forwarded {
                forwarder: forwarder(),
                answer: Box::new(endpoint()),
            }
            .to_string(),
            "dc-east forwards execute-api.us-east-1.amazonaws.com to inbound endpoint rslvr-in-hub (vpc-hub): vpce-exec-hub private DNS (zone execute-api.us-east-1.amazonaws.com)",
        ),
        (
            ForwardedInLoop {
                forwarder: forwarder(),
            }
            .to_string(),
            "dc-east forwards execute-api.us-east-1.amazonaws.com to inbound endpoint rslvr-in-hub (vpc-hub)",
        ),
    ]);
}

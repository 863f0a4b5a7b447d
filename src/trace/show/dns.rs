//! The words of DNS: why a name did not resolve, and which zone answered. Written here only.

use std::fmt::{Display, Formatter, Result};

use super::dropped::join;
use super::*;

impl Display for DnsReason {
    fn fmt(&self, f: &mut Formatter<'_>) -> Result {
        match self {
            DnsReason::NoAddresses { name } => write!(f, "{name} has no addresses"),
            DnsReason::DnsSupportOff { vpc } => write!(
                f,
                "{vpc} has dns_support: false, so the Route 53 Resolver does not answer (enableDnsSupport)"
            ),
            DnsReason::Nxdomain { name, source } => write!(f, "NXDOMAIN for {name} ({source})"),
            DnsReason::Loop { chain, name } => {
                f.write_str("CNAME or alias loop: ")?;
                join(f, chain, " -> ")?;
                write!(f, " -> {name}")
            }
            DnsReason::ChainTooLong { limit, chain, name } => {
                write!(f, "chain of CNAMEs and aliases longer than {limit} names: ")?;
                join(f, chain, " -> ")?;
                write!(f, " -> {name}")
            }
            DnsReason::AliasTargetMissing { target, zone } => {
                write!(f, "alias target {target} has no record in zone {zone}")
            }
            DnsReason::NoDnsServer { via, name, server } => write!(
                f,
                "{via} sends the query for {name} to {}, where no DNS server of the scenario answers",
                Addr(*server)
            ),
            DnsReason::UnknownDnsServer {
                via,
                name,
                server,
                vpcs,
            } => {
                write!(
                    f,
                    "{via} sends the query for {name} to {}, an address that ",
                    Addr(*server)
                )?;
                join(f, vpcs, ", ")?;
                f.write_str(
                    " each hold: vpcpath cannot know which VPC's it means, so the answer is unknown",
                )
            }
            DnsReason::QueryLost {
                server,
                vpc,
                rule,
                inbound_endpoint,
                arrived,
            } => {
                match inbound_endpoint {
                    Some(e) => write!(
                        f,
                        "the query a site's DNS server forwarded to {} (Resolver inbound endpoint {e} of {vpc}",
                        Addr(*server)
                    )?,
                    None => write!(f, "the query to DNS server {} (", Addr(*server))?,
                }
                match (rule, inbound_endpoint) {
                    (Some(rule), _) => write!(f, "target of Resolver rule {rule}")?,
                    (None, Some(_)) => {}
                    (None, None) => write!(f, "{vpc}'s DHCP options")?,
                }
                f.write_str(if *arrived {
                    ") arrived, but nothing there answers DNS on UDP port 53"
                } else {
                    ") was dropped on its way (the drop line above says where): the resolver times out"
                })
            }
            DnsReason::ForwardingLoop { name, site, chain } => {
                write!(f, "DNS forwarding loop: {name} comes back to {site} (")?;
                join(f, chain, " -> ")?;
                f.write_str(")")
            }
        }
    }
}

impl Display for DnsSource {
    fn fmt(&self, f: &mut Formatter<'_>) -> Result {
        use DnsSource::*;
        match self {
            PrivateZone { zone } => write!(f, "private zone {zone}"),
            EndpointPrivateDns { endpoint, zone } => {
                write!(f, "{endpoint} private DNS (zone {zone})")
            }
            PublicZone { zone } => write!(f, "public zone {zone}"),
            NoPublicZone => f.write_str("public DNS: no zone of the scenario holds this name"),
            CloudFront => f.write_str("CloudFront (AWS public DNS)"),
            Service { service, region } => write!(f, "{service} in {region} (AWS public DNS)"),
            GlobalService { service, region } => write!(
                f,
                "{service} in {region}, by its global or legacy name (AWS public DNS)"
            ),
            NoAwsName => f.write_str("AWS public DNS has no such name"),
            EndpointName { endpoint } => write!(f, "{endpoint} public name (AWS public DNS)"),
            LoadBalancer { lb } => write!(
                f,
                "load balancer {lb}'s DNS name: its nodes' addresses (AWS public DNS, F6.36)"
            ),
            NoEndpointName { name } => write!(f, "AWS public DNS: no endpoint answers to {name}"),
            PrivateApiAlias { api, endpoint } => write!(
                f,
                "Route 53 alias for private API {api} via {endpoint} (AWS public DNS)"
            ),
            EdgeApi { api } => write!(
                f,
                "edge-optimized API {api}: its CloudFront distribution (AWS public DNS)"
            ),
            RegionalFrontDoor { region } => write!(
                f,
                "execute-api Regional front door of {region} (AWS public DNS)"
            ),
            SiteZone { zone, site } => write!(f, "zone {zone} on {site}"),
            SystemRule {
                rule,
                domain,
                answer,
            } => write!(f, "Resolver system rule {rule} ({domain}): {answer}"),
            Server(s) => write!(
                f,
                "{}: DNS server {} of {}, {}",
                s.via,
                Addr(s.server),
                s.site,
                s.answer
            ),
            InstanceServer(s) => {
                write!(
                    f,
                    "{}: DNS server {} on instance {}, forwarding to the Amazon DNS server of {}",
                    s.via,
                    Addr(s.server),
                    s.instance,
                    s.vpc,
                )?;
                match &s.answer {
                    Some(answer) => write!(f, ": {answer}"),
                    None => f.write_str(", which does not answer"),
                }
            }
            NoServer { via, server } => write!(f, "{via}: {}", Addr(*server)),
            Forwarded { forwarder, answer } => write!(f, "{forwarder}: {answer}"),
            ForwardedInLoop { forwarder } => forwarder.fmt(f),
            Ec2Name(e) => e.fmt(f),
            InboundOnly { endpoint, answer } => write!(
                f,
                "{endpoint}'s private DNS answers only queries through a Resolver inbound endpoint (F7.10): {answer}"
            ),
        }
    }
}

impl Display for Ec2NameAnswer {
    fn fmt(&self, f: &mut Formatter<'_>) -> Result {
        let holder = self.holder.as_deref().unwrap_or("nothing");
        match &self.how {
            Ec2Answer::Private { vpc, other: None } => write!(
                f,
                "private DNS name of {holder}, answered by the Amazon DNS server of {vpc} (F5.22)"
            ),
            Ec2Answer::Private {
                vpc,
                other: Some(other),
            } => write!(
                f,
                "private DNS name of {holder} in {other}, answered by the Amazon DNS server of {vpc}: same Region, RFC 1918 address (F5.22)"
            ),
            Ec2Answer::HostnamesOff { vpc } => write!(
                f,
                "{vpc} has dns_hostnames: false, so its Amazon DNS server does not resolve Amazon-provided private DNS names (F5.22)"
            ),
            Ec2Answer::NoInterface { vpc } => write!(
                f,
                "EC2 private DNS: no network interface of {vpc} (nor, for an RFC 1918 address, of another VPC of its Region) has the address this name names (F5.22)"
            ),
            Ec2Answer::NotPublic => f.write_str(
                "an EC2 private DNS name: only a VPC's Amazon DNS server resolves it, public DNS has none (F5.22)",
            ),
            Ec2Answer::PublicInside { vpc } => write!(
                f,
                "public DNS name of {holder}: its private address, asked from within {vpc} (F5.4)"
            ),
            Ec2Answer::PublicPeered { vpc, home, peering } => write!(
                f,
                "public DNS name of {holder}: its private address, asked from {vpc} over {peering}, whose side of {home} allows DNS resolution from the remote VPC (F5.23)"
            ),
            Ec2Answer::PublicOutside => write!(
                f,
                "public DNS name of {holder}: its public address, asked outside its VPC (AWS public DNS, F5.4)"
            ),
            Ec2Answer::NoPublicName { vpc: None } => f.write_str(
                "AWS public DNS: no instance of the scenario has the public address this name names (F5.21)",
            ),
            Ec2Answer::NoPublicName { vpc: Some(vpc) } => write!(
                f,
                "AWS public DNS: {holder} has the address, but {vpc} gives no public DNS names (it needs dns_support and dns_hostnames, in the Region the name is for; F5.21)"
            ),
        }
    }
}

impl Display for DnsVia {
    fn fmt(&self, f: &mut Formatter<'_>) -> Result {
        match self {
            DnsVia::DhcpOptions { vpc } => write!(f, "DHCP options of {vpc}"),
            DnsVia::ResolverRule {
                rule,
                domain,
                endpoint,
            } => write!(f, "Resolver rule {rule} ({domain}) through {endpoint}"),
        }
    }
}

impl Display for DnsForwarder {
    fn fmt(&self, f: &mut Formatter<'_>) -> Result {
        write!(
            f,
            "{} forwards {} to inbound endpoint {} ({})",
            self.site, self.domain, self.endpoint, self.vpc
        )
    }
}

#[cfg(test)]
mod tests;

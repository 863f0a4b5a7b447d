//! Checking a trace against its request's `expect:`.

use std::net::Ipv4Addr;

use crate::net::{DnsWant, Expect};
use crate::trace::{Answer, DnsReason, DnsSource, DnsVia, Ec2Answer, Outcome, Step, Trace};

/// Every way the trace misses the expectation; empty when it holds.
pub fn check(trace: &Trace, expect: &Expect) -> Vec<String> {
    let mut misses = Vec::new();
    if let Some(kind) = expect.outcome
        && kind.name() != trace.outcome.kind()
    {
        misses.push(format!(
            "expected outcome {}, got {}",
            kind.name(),
            trace.outcome.summary()
        ));
    }
    if let Some(want) = expect.status {
        match &trace.outcome {
            Outcome::Http { status, .. } if *status == want => {}
            other => misses.push(format!("expected status {want}, got {}", other.summary())),
        }
    }
    for id in &expect.via {
        if !trace.touches(id) {
            misses.push(format!(
                "expected the path to touch {id}; it went {}",
                trace.path.join(" -> ")
            ));
        }
    }
    for id in &expect.not_via {
        if trace.touches(id) {
            misses.push(format!(
                "expected the path not to touch {id}; it went {}",
                trace.path.join(" -> ")
            ));
        }
    }
    if let Some(want) = &expect.body_contains {
        match &trace.outcome {
            Outcome::Http { body, .. } if body.contains(want.as_str()) => {}
            Outcome::Http { body, .. } => misses.push(format!(
                "expected the body to contain {want:?}; it is {body:?}"
            )),
            other => misses.push(format!(
                "expected a body containing {want:?}, got {}",
                other.summary()
            )),
        }
    }
    if let Some(want) = &expect.dns {
        match dns_answer(trace) {
            Some(got) if &got == want => {}
            Some(got) => misses.push(format!(
                "expected the DNS answer {}, got {}",
                show(want),
                show(&got)
            )),
            None => misses.push(format!(
                "expected the DNS answer {}, but the request names an address: no DNS query",
                show(want)
            )),
        }
    }
    if !expect.dns_via.is_empty() {
        let went = dns_names(trace);
        for name in &expect.dns_via {
            if !went.iter().any(|w| w == name) {
                misses.push(format!(
                    "expected the DNS query to go through {name}; it went through {}",
                    if went.is_empty() {
                        "nothing (no DNS query)".to_string()
                    } else {
                        went.join(", ")
                    }
                ));
            }
        }
    }
    misses
}

/// The DNS answer the client got: the addresses of the last answer that had addresses,
/// NXDOMAIN, or no answer (SERVFAIL or a timeout). `None`: the request asked no DNS name.
fn dns_answer(trace: &Trace) -> Option<DnsWant> {
    if let Outcome::DnsFailure { reason } = &trace.outcome {
        return Some(match reason {
            DnsReason::Nxdomain { .. } => DnsWant::Nxdomain,
            DnsReason::NoAddresses { .. } | DnsReason::AliasTargetMissing { .. } => {
                DnsWant::Addresses(Vec::new())
            }
            _ => DnsWant::Servfail,
        });
    }
    let mut found = None;
    for step in &trace.steps {
        if let Step::Dns { answer, .. } = step {
            match answer {
                Answer::A { addresses } | Answer::Alias { addresses, .. } => {
                    let mut a = addresses.clone();
                    a.sort();
                    a.dedup();
                    found = Some(DnsWant::Addresses(a));
                }
                Answer::Nxdomain => found = Some(DnsWant::Nxdomain),
                Answer::Cname { .. } => {}
            }
        }
    }
    found
}

fn show(answer: &DnsWant) -> String {
    match answer {
        DnsWant::Nxdomain => "NXDOMAIN".into(),
        DnsWant::Servfail => "no answer (SERVFAIL or timeout)".into(),
        DnsWant::Addresses(a) if a.is_empty() => "no addresses".into(),
        DnsWant::Addresses(a) => {
            let a: Vec<String> = a.iter().map(Ipv4Addr::to_string).collect();
            format!("[{}]", a.join(", "))
        }
    }
}

/// What a trace's DNS queries went through: each resolver, and the zones, endpoints, rules,
/// servers, sites, APIs and AWS Regions of the answers, in order, each once.
pub fn dns_names(trace: &Trace) -> Vec<String> {
    let mut names = Vec::new();
    for step in &trace.steps {
        if let Step::Dns {
            resolver, source, ..
        } = step
        {
            push(&mut names, resolver);
            source_names(source, &mut names);
        }
    }
    if let Outcome::DnsFailure { reason } = &trace.outcome {
        match reason {
            DnsReason::DnsSupportOff { vpc } => push(&mut names, vpc),
            DnsReason::Nxdomain { source, .. } => source_names(source, &mut names),
            DnsReason::NoDnsServer { via, server, .. } => server_names(via, *server, &mut names),
            DnsReason::UnknownDnsServer { via, server, .. } => {
                server_names(via, *server, &mut names);
            }
            DnsReason::ForwardingLoop { site, .. } => push(&mut names, site),
            DnsReason::QueryLost {
                server,
                vpc,
                rule,
                inbound_endpoint,
                ..
            } => {
                push(&mut names, vpc);
                if let Some(rule) = rule {
                    push(&mut names, rule);
                }
                if let Some(e) = inbound_endpoint {
                    push(&mut names, e);
                }
                push(&mut names, &server.to_string());
            }
            _ => {}
        }
    }
    names
}

fn push(names: &mut Vec<String>, name: &str) {
    if !names.iter().any(|n| n == name) {
        names.push(name.to_string());
    }
}

/// Why a query went to `server`, and the server.
fn server_names(via: &DnsVia, server: Ipv4Addr, names: &mut Vec<String>) {
    via_names(via, names);
    push(names, &server.to_string());
}

fn via_names(via: &DnsVia, names: &mut Vec<String>) {
    match via {
        DnsVia::DhcpOptions { vpc } => push(names, vpc),
        DnsVia::ResolverRule { rule, endpoint, .. } => {
            push(names, rule);
            push(names, endpoint);
        }
    }
}

fn source_names(source: &DnsSource, names: &mut Vec<String>) {
    match source {
        DnsSource::PrivateZone { zone } | DnsSource::PublicZone { zone } => push(names, zone),
        DnsSource::EndpointPrivateDns { endpoint, zone } => {
            push(names, endpoint);
            push(names, zone);
        }
        DnsSource::EndpointName { endpoint } => push(names, endpoint),
        DnsSource::LoadBalancer { lb } => push(names, lb),
        DnsSource::PrivateApiAlias { api, endpoint } => {
            push(names, api);
            push(names, endpoint);
        }
        DnsSource::EdgeApi { api } => push(names, api),
        DnsSource::SiteZone { zone, site } => {
            push(names, site);
            push(names, zone);
        }
        DnsSource::SystemRule { rule, answer, .. } => {
            push(names, rule);
            source_names(answer, names);
        }
        DnsSource::Server(s) => {
            via_names(&s.via, names);
            push(names, &s.server.to_string());
            push(names, &s.site);
            source_names(&s.answer, names);
        }
        DnsSource::InstanceServer(s) => {
            via_names(&s.via, names);
            push(names, &s.server.to_string());
            push(names, &s.instance);
            push(names, &s.vpc);
            if let Some(answer) = &s.answer {
                source_names(answer, names);
            }
        }
        DnsSource::NoServer { via, server } => {
            via_names(via, names);
            push(names, &server.to_string());
        }
        DnsSource::Forwarded { forwarder, answer } => {
            push(names, &forwarder.site);
            push(names, &forwarder.endpoint);
            push(names, &forwarder.vpc);
            source_names(answer, names);
        }
        DnsSource::ForwardedInLoop { forwarder } => {
            push(names, &forwarder.site);
            push(names, &forwarder.endpoint);
        }
        // The Region whose front end answers (F7.7: the global STS name's depends on the
        // resolver).
        DnsSource::Service { region, .. }
        | DnsSource::GlobalService { region, .. }
        | DnsSource::RegionalFrontDoor { region } => push(names, region),
        DnsSource::Ec2Name(e) => {
            if let Some(holder) = &e.holder {
                push(names, holder);
            }
            match &e.how {
                Ec2Answer::Private { vpc, other } => {
                    push(names, vpc);
                    if let Some(other) = other {
                        push(names, other);
                    }
                }
                Ec2Answer::PublicPeered { vpc, home, peering } => {
                    push(names, vpc);
                    push(names, home);
                    push(names, peering);
                }
                Ec2Answer::HostnamesOff { vpc }
                | Ec2Answer::NoInterface { vpc }
                | Ec2Answer::PublicInside { vpc } => push(names, vpc),
                Ec2Answer::NotPublic
                | Ec2Answer::PublicOutside
                | Ec2Answer::NoPublicName { .. } => {}
            }
        }
        DnsSource::InboundOnly { endpoint, answer } => {
            push(names, endpoint);
            source_names(answer, names);
        }
        DnsSource::NoPublicZone
        | DnsSource::CloudFront
        | DnsSource::NoAwsName
        | DnsSource::NoEndpointName { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::OutcomeKind;

    fn trace(outcome: Outcome) -> Trace<'static> {
        Trace {
            request: "r".into(),
            from: "i-a".into(),
            method: "GET".into(),
            url: "https://x/".into(),
            steps: Vec::new(),
            path: vec!["i-a".into(), "igw-a".into()],
            outcome,
        }
    }

    #[test]
    fn reports_each_miss() {
        let t = trace(Outcome::Http {
            status: 403,
            body: r#"{"message":"Forbidden"}"#.into(),
            error_type: None,
        });
        let holds = Expect {
            outcome: Some(OutcomeKind::Http),
            status: Some(403),
            via: vec!["igw-a".into()],
            not_via: vec!["vpce-x".into()],
            body_contains: Some("Forbidden".into()),
            dns: None,
            dns_via: Vec::new(),
            dns_of: Vec::new(),
        };
        assert!(check(&t, &holds).is_empty());
        let misses = Expect {
            outcome: Some(OutcomeKind::Timeout),
            status: Some(200),
            via: vec!["nat-a".into()],
            not_via: vec!["igw-a".into()],
            body_contains: Some("ok".into()),
            dns: None,
            dns_via: Vec::new(),
            dns_of: Vec::new(),
        };
        assert_eq!(check(&t, &misses).len(), 5);
    }

    #[test]
    fn checks_the_dns_answer_and_what_it_went_through() {
        let mut t = trace(Outcome::Http {
            status: 200,
            body: String::new(),
            error_type: None,
        });
        t.steps.push(Step::Dns {
            resolver: "vpc-a".into(),
            name: "sts.us-east-1.amazonaws.com".into(),
            source: DnsSource::EndpointPrivateDns {
                endpoint: "vpce-sts".into(),
                zone: "sts.us-east-1.amazonaws.com".into(),
            },
            record: None,
            answer: Answer::A {
                addresses: vec!["10.0.2.4".parse().unwrap(), "10.0.1.4".parse().unwrap()],
            },
        });
        let want = |dns: DnsWant, via: &[&str]| Expect {
            dns: Some(dns),
            dns_via: via.iter().map(|s| s.to_string()).collect(),
            ..Expect::default()
        };
        let both = vec!["10.0.1.4".parse().unwrap(), "10.0.2.4".parse().unwrap()];
        assert!(check(&t, &want(DnsWant::Addresses(both), &["vpc-a", "vpce-sts"])).is_empty());
        assert_eq!(
            check(&t, &want(DnsWant::Nxdomain, &["public"])),
            [
                "expected the DNS answer NXDOMAIN, got [10.0.1.4, 10.0.2.4]",
                "expected the DNS query to go through public; it went through vpc-a, vpce-sts, sts.us-east-1.amazonaws.com"
            ]
        );
        let failed = trace(Outcome::DnsFailure {
            reason: DnsReason::DnsSupportOff {
                vpc: "vpc-a".into(),
            },
        });
        assert!(check(&failed, &want(DnsWant::Servfail, &["vpc-a"])).is_empty());
        let address = trace(Outcome::Connected {
            detail: String::new(),
        });
        assert_eq!(check(&address, &want(DnsWant::Nxdomain, &[])).len(), 1);
    }
}

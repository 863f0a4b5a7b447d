//! DNS as the Route 53 Resolver of a VPC answers it, and as the internet sees it.
//!
//! Rules (sources in `docs/model.md`):
//! - A VPC's Resolver needs `enableDnsSupport`; without it nothing resolves (F5.2).
//! - Inside a VPC, the most specific private zone that equals or contains the name answers
//!   alone, NXDOMAIN included, without falling back to public DNS (F5.5). The private zones a
//!   VPC sees are the customer private zones associated with it (when both DNS attributes are
//!   on, F5.3) and the private DNS zones of its interface endpoints (F1.2, F1.3).
//! - Otherwise the public view answers: the scenario's public zones, then the names AWS
//!   publishes (see [`aws_public`]).
//! - CNAMEs are followed through the same view, so each step can be captured again (F2.5); a
//!   Route 53 ALIAS is answered by the authoritative side with the target's addresses.
//! - Chains longer than [`MAX_CHAIN`] or revisiting a name are a CNAME loop.

use std::net::Ipv4Addr;

use crate::aws;
use crate::net::*;
use crate::trace::{Answer, Detail, Name, Step, Steps};

/// The longest CNAME chain followed before giving up.
pub const MAX_CHAIN: usize = 16;

/// Whose view of DNS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The Resolver of a VPC.
    Vpc(VpcIx),
    /// The internet.
    Public,
}

/// The result of resolving a name.
#[derive(Debug, Clone)]
pub struct Resolution<'a> {
    /// One step per name asked.
    pub steps: Vec<Step<'a>>,
    /// The final addresses, or why there are none.
    pub result: Result<Vec<Ipv4Addr>, String>,
}

/// One zone's answer for one name.
struct Lookup {
    source: String,
    record: Option<String>,
    answer: Answer,
    /// Why an alias answered no addresses: its target did not resolve.
    failure: Option<String>,
}

impl Lookup {
    fn new(source: impl Into<String>, record: Option<String>, answer: Answer) -> Lookup {
        Lookup {
            source: source.into(),
            record,
            answer,
            failure: None,
        }
    }
}

/// Resolves `name` in `view`, following CNAMEs.
pub fn resolve<'a>(net: &'a Network, view: View, name: &'a str) -> Resolution<'a> {
    let mut steps = Steps::new(Detail::Every);
    let result = resolve_into(net, view, name, &mut steps);
    Resolution {
        steps: steps.into_steps(),
        result,
    }
}

/// [`resolve`], recording one step per name asked in `steps`.
pub fn resolve_into<'a>(
    net: &'a Network,
    view: View,
    name: &'a str,
    steps: &mut Steps<'a>,
) -> Result<Vec<Ipv4Addr>, String> {
    resolve_within(net, view, name, &mut Vec::new(), steps)
}

/// [`resolve`] as part of an enclosing resolution. `chain` holds every name asked so far,
/// across CNAMEs and the targets of Route 53 aliases (which Route 53 resolves itself), so that
/// a loop through either is found, and no chain grows past [`MAX_CHAIN`].
fn resolve_within<'a>(
    net: &'a Network,
    view: View,
    name: &'a str,
    chain: &mut Vec<String>,
    steps: &mut Steps<'a>,
) -> Result<Vec<Ipv4Addr>, String> {
    let resolver: &'a str = match view {
        View::Vpc(v) => &net.vpcs[v.0].id,
        View::Public => "public",
    };
    if let View::Vpc(v) = view
        && !net.vpcs[v.0].dns_support
    {
        return Err(format!(
            "{resolver} has dns_support: false, so the Route 53 Resolver does not answer (enableDnsSupport)"
        ));
    }
    let mut current = Name::Borrowed(name);
    loop {
        enter(chain, &current)?;
        let l = lookup(net, view, &current, chain);
        let next = match &l.answer {
            _ if l.failure.is_some() => Err(l.failure.clone().unwrap_or_default()),
            Answer::A { addresses } | Answer::Alias { addresses, .. } => Ok(addresses.clone()),
            Answer::Nxdomain => Err(format!("NXDOMAIN for {current} ({})", l.source)),
            Answer::Cname { target } => {
                let t = target.clone();
                steps.push(|| step(resolver, current.clone(), l));
                current = Name::Owned(t);
                continue;
            }
        };
        steps.push(|| step(resolver, current, l));
        return next;
    }
}

/// Where the resolution of an alias's target records its steps: nowhere (Route 53 answers
/// the alias with the addresses; the client sees no step of it).
fn no_steps<'a>() -> Steps<'a> {
    Steps::new(Detail::Ending)
}

/// Adds a name to the chain, refusing a loop or a chain longer than [`MAX_CHAIN`].
fn enter(chain: &mut Vec<String>, name: &str) -> Result<(), String> {
    if chain.iter().any(|n| n == name) {
        return Err(format!(
            "CNAME or alias loop: {} -> {name}",
            chain.join(" -> ")
        ));
    }
    if chain.len() >= MAX_CHAIN {
        return Err(format!(
            "chain of CNAMEs and aliases longer than {MAX_CHAIN} names: {} -> {name}",
            chain.join(" -> ")
        ));
    }
    chain.push(name.to_string());
    Ok(())
}

fn step<'a>(resolver: &'a str, name: Name<'a>, l: Lookup) -> Step<'a> {
    Step::Dns {
        resolver: Name::Borrowed(resolver),
        name,
        source: l.source,
        record: l.record,
        answer: l.answer,
    }
}

/// One lookup of one name in a view, without following CNAMEs.
fn lookup(net: &Network, view: View, name: &str, chain: &mut Vec<String>) -> Lookup {
    if let View::Vpc(v) = view
        && let Some(l) = private_lookup(net, v, name, chain)
    {
        return l;
    }
    public_lookup(net, name, chain)
}

/// Whether `name` equals `zone` or is below it.
fn in_zone(name: &str, zone: &str) -> bool {
    name == zone
        || (name.len() > zone.len()
            && name.ends_with(zone)
            && name.as_bytes()[name.len() - zone.len() - 1] == b'.')
}

/// A private zone a VPC sees: a customer zone, or an endpoint's private DNS zone.
enum PrivateZone<'a> {
    Customer(&'a Zone),
    Endpoint(&'a Endpoint),
}

/// The name of the private hosted zone an interface endpoint's private DNS creates, and
/// whether it holds a wildcard below the apex.
/// execute-api: zone `execute-api.{region}.amazonaws.com` with the apex and `*.` (F1.2);
/// s3: `s3.{region}.amazonaws.com` and `*.s3...` (bucket names); others: the service name only (F1.3, F7.1).
pub fn endpoint_zone(ep: &Endpoint) -> (String, bool) {
    let zone = aws::service_hostname(&ep.service, &ep.region);
    let wildcard = matches!(ep.service.as_str(), "execute-api" | "s3");
    (zone, wildcard)
}

fn private_lookup(net: &Network, v: VpcIx, name: &str, chain: &mut Vec<String>) -> Option<Lookup> {
    let vpc = &net.vpcs[v.0];
    let mut best: Option<(usize, PrivateZone)> = None;
    if vpc.dns_hostnames {
        for z in net
            .zones
            .iter()
            .filter(|z| z.private && z.vpcs.contains(&v))
        {
            if in_zone(name, &z.name) && best.as_ref().is_none_or(|(l, _)| z.name.len() > *l) {
                best = Some((z.name.len(), PrivateZone::Customer(z)));
            }
        }
    }
    for (_, ep) in net.endpoints_in(v).filter(|(_, e)| e.has_private_dns()) {
        let (zone, _) = endpoint_zone(ep);
        // On a tie a customer zone keeps the name (documented in docs/decisions.md).
        if in_zone(name, &zone) && best.as_ref().is_none_or(|(l, _)| zone.len() > *l) {
            best = Some((zone.len(), PrivateZone::Endpoint(ep)));
        }
    }
    Some(match best?.1 {
        PrivateZone::Customer(z) => {
            zone_lookup(net, z, name, &format!("private zone {}", z.name), chain)
        }
        PrivateZone::Endpoint(ep) => {
            let (zone, wildcard) = endpoint_zone(ep);
            let source = format!("{} private DNS (zone {zone})", ep.id);
            let (hit, record) = if name == zone {
                (true, None)
            } else {
                (wildcard, Some(format!("*.{zone}")))
            };
            let answer = if hit {
                Answer::A {
                    addresses: ep.addresses(),
                }
            } else {
                Answer::Nxdomain
            };
            Lookup::new(source, if hit { record } else { None }, answer)
        }
    })
}

/// Looks a name up in one hosted zone: the exact name first, then the most specific wildcard
/// (Route 53 wildcards match any depth below them).
fn zone_lookup(
    net: &Network,
    z: &Zone,
    name: &str,
    source: &str,
    chain: &mut Vec<String>,
) -> Lookup {
    let exact = z.records.iter().find(|r| r.name == name);
    let (rec, record) = match exact {
        Some(r) => (Some(r), None),
        None => {
            let mut suffix = name;
            let mut found = None;
            while let Some((_, rest)) = suffix.split_once('.') {
                let wc = format!("*.{rest}");
                if let Some(r) = z.records.iter().find(|r| r.name == wc) {
                    found = Some(r);
                    break;
                }
                if rest == z.name {
                    break;
                }
                suffix = rest;
            }
            (found, found.map(|r| r.name.clone()))
        }
    };
    let mut failure = None;
    let answer = match rec.map(|r| &r.data) {
        None => Answer::Nxdomain,
        Some(RecordData::A(ips)) => Answer::A {
            addresses: ips.clone(),
        },
        Some(RecordData::Cname(t)) => Answer::Cname { target: t.clone() },
        Some(RecordData::Alias(t)) => {
            let addresses = alias_addresses(net, z, t, chain).unwrap_or_else(|why| {
                failure = Some(why);
                Vec::new()
            });
            Answer::Alias {
                target: t.clone(),
                addresses,
            }
        }
    };
    Lookup {
        source: source.to_string(),
        record,
        answer,
        failure,
    }
}

/// Route 53 answers an alias itself, from the target's records as its authoritative side sees
/// them: a name in the same zone from that zone, anything else (API Gateway, CloudFront,
/// endpoint names) from public DNS. The VPC's private zones are never consulted.
fn alias_addresses(
    net: &Network,
    z: &Zone,
    target: &str,
    chain: &mut Vec<String>,
) -> Result<Vec<Ipv4Addr>, String> {
    if !in_zone(target, &z.name) {
        return resolve_within(net, View::Public, target, chain, &mut no_steps());
    }
    enter(chain, target)?;
    let l = zone_lookup(net, z, target, "", chain);
    if let Some(why) = l.failure {
        return Err(why);
    }
    match l.answer {
        Answer::A { addresses } | Answer::Alias { addresses, .. } => Ok(addresses),
        Answer::Cname { target } => {
            resolve_within(net, View::Public, &target, chain, &mut no_steps())
        }
        Answer::Nxdomain => Err(format!(
            "alias target {target} has no record in zone {}",
            z.name
        )),
    }
}

fn public_lookup(net: &Network, name: &str, chain: &mut Vec<String>) -> Lookup {
    let zone = net
        .zones
        .iter()
        .filter(|z| !z.private && in_zone(name, &z.name))
        .max_by_key(|z| z.name.len());
    if let Some(z) = zone {
        return zone_lookup(net, z, name, &format!("public zone {}", z.name), chain);
    }
    aws_public(net, name).unwrap_or_else(|| {
        Lookup::new(
            "public DNS: no zone of the scenario holds this name",
            None,
            Answer::Nxdomain,
        )
    })
}

/// The names AWS publishes in public DNS.
fn aws_public(net: &Network, name: &str) -> Option<Lookup> {
    let a = |source: String, record: Option<String>, addresses: Vec<Ipv4Addr>| {
        Lookup::new(source, record, Answer::A { addresses })
    };
    if in_zone(name, "cloudfront.net") && name != "cloudfront.net" {
        return Some(a(
            "CloudFront (AWS public DNS)".into(),
            Some("*.cloudfront.net".into()),
            vec![aws::CLOUDFRONT],
        ));
    }
    if let Some((label, service, region)) = aws::parse_vpce_host(name) {
        return Some(vpce_name(net, label, service, region, name));
    }
    if let Some((label, region)) = aws::parse_execute_api_host(name) {
        return Some(execute_api_name(net, label, region));
    }
    if let Some((service, region)) = aws::parse_service_host(name, &net.extra_services)
        && service != "execute-api"
        && let Some(addr) = aws::service_address(service, region)
    {
        return Some(a(
            format!("{service} in {region} (AWS public DNS)"),
            None,
            vec![addr],
        ));
    }
    in_zone(name, "amazonaws.com")
        .then(|| Lookup::new("AWS public DNS has no such name", None, Answer::Nxdomain))
}

/// `{vpce-id}.{service}.{region}.vpce.amazonaws.com` and the zonal `{vpce-id}-{az}...`: the
/// endpoint's network interface addresses, published in public DNS (F1.5, F1.19).
fn vpce_name(net: &Network, label: &str, service: &str, region: &str, name: &str) -> Lookup {
    // The label is the endpoint's id, or its id and an Availability Zone: try the id first.
    let candidates = net
        .index
        .endpoint_by_id
        .get(label)
        .into_iter()
        .chain(net.index.endpoint_by_id.values())
        .map(|e| &net.endpoints[e.0]);
    for ep in candidates {
        if ep.region != region || aws::service_dns_label(&ep.service) != service {
            continue;
        }
        let EndpointKind::Interface { interfaces, .. } = &ep.kind else {
            continue;
        };
        let addresses: Vec<Ipv4Addr> = if label == ep.id {
            ep.addresses()
        } else if let Some(az) = label.strip_prefix(&ep.id).and_then(|r| r.strip_prefix('-')) {
            interfaces
                .iter()
                .filter(|(s, _)| net.subnets[s.0].az.as_deref() == Some(az))
                .map(|(_, ip)| *ip)
                .collect()
        } else {
            continue;
        };
        if addresses.is_empty() {
            continue;
        }
        return Lookup::new(
            format!("{} public name (AWS public DNS)", ep.id),
            None,
            Answer::A { addresses },
        );
    }
    Lookup::new(
        format!("AWS public DNS: no endpoint answers to {name}"),
        None,
        Answer::Nxdomain,
    )
}

/// `{label}.execute-api.{region}.amazonaws.com` in public DNS: the alias of a private API's
/// associated endpoint (F2.8), an edge-optimized API's CloudFront distribution (F1.7), or the
/// Region's front door for anything else, declared or not (the wildcard, F3.8).
fn execute_api_name(net: &Network, label: &str, region: &str) -> Lookup {
    if let Some((api_id, vpce_id)) = label.split_once('-')
        && let Some(api) = net.api(api_id).map(|a| &net.apis[a.0])
        && api.region == region
        && let Some(&e) = api
            .vpc_endpoints
            .iter()
            .find(|e| net.endpoints[e.0].id == vpce_id)
    {
        let ep = &net.endpoints[e.0];
        return Lookup::new(
            format!(
                "Route 53 alias for private API {} via {} (AWS public DNS)",
                api.id, ep.id
            ),
            None,
            Answer::A {
                addresses: ep.addresses(),
            },
        );
    }
    if let Some(api) = net.api(label).map(|a| &net.apis[a.0])
        && api.region == region
        && api.endpoint == EndpointType::Edge
    {
        return Lookup::new(
            format!(
                "edge-optimized API {}: its CloudFront distribution (AWS public DNS)",
                api.id
            ),
            None,
            Answer::A {
                addresses: vec![aws::CLOUDFRONT],
            },
        );
    }
    Lookup::new(
        format!("execute-api Regional front door of {region} (AWS public DNS)"),
        Some(format!("*.execute-api.{region}.amazonaws.com")),
        Answer::A {
            addresses: aws::service_address("execute-api", region)
                .into_iter()
                .collect(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_membership_is_label_aligned() {
        assert!(in_zone("a.example.com", "example.com"));
        assert!(in_zone("example.com", "example.com"));
        assert!(!in_zone("badexample.com", "example.com"));
        assert!(!in_zone("com", "example.com"));
    }
}

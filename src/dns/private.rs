//! The VPC's own view: private hosted zones associated with the VPC and interface endpoints'
//! private DNS, with Route 53 aliases inside them.

use super::*;

/// A private zone a VPC sees: a customer zone, or an endpoint's private DNS zone.
pub(super) enum PrivateZone<'a> {
    Customer(&'a Zone),
    Endpoint(&'a Endpoint),
}

/// The name of the private hosted zone an interface endpoint's private DNS creates, and
/// whether it holds a wildcard below the apex.
/// execute-api: zone `execute-api.{region}.amazonaws.com` with the apex and `*.` (F1.2);
/// s3: `s3.{region}.amazonaws.com` and `*.s3...` (bucket names); others: the service name only
/// (F1.3, F7.1).
pub fn endpoint_zone(ep: &Endpoint) -> (String, bool) {
    let zone = aws::service_hostname(&ep.service, &ep.region);
    let wildcard = matches!(ep.service, aws::Service::ExecuteApi | aws::Service::S3);
    (zone, wildcard)
}

/// The private zones `v`'s Resolver sees for one name: the most specific that holds it, with its
/// name's length, and an interface endpoint whose private DNS would have held it more
/// specifically but answers only queries through a Resolver inbound endpoint, and this one
/// did not come through one (F7.10).
pub(super) struct Seen<'n> {
    best: Option<(usize, PrivateZone<'n>)>,
    /// The endpoint whose private DNS the query does not see.
    pub hidden: Option<&'n Endpoint>,
}

impl Seen<'_> {
    /// The length of the name of the most specific zone that holds the name.
    pub fn zone_len(&self) -> Option<usize> {
        self.best.as_ref().map(|(l, _)| *l)
    }
}

/// The most specific private zone `v` sees that holds `name`, with its name's length: a
/// customer zone associated with the VPC, or an interface endpoint's private DNS zone.
/// `inbound`: the query came through a Resolver inbound endpoint (F7.10).
pub(super) fn private_zones<'n>(net: &'n Network, v: VpcIx, name: &str, inbound: bool) -> Seen<'n> {
    let vpc = &net.vpcs[v.0];
    let mut best: Option<(usize, PrivateZone)> = None;
    if vpc.dns_hostnames {
        // The most specific private zone associated with the VPC (the first declared, were
        // there two).
        best = suffixes(name).find_map(|s| {
            let declared = net.index.zones_by_name.get(s)?;
            let z = declared
                .iter()
                .map(|&i| &net.zones[i])
                .find(|z| z.private && z.vpcs.contains(&v))?;
            Some((z.name.len(), PrivateZone::Customer(z)))
        });
    }
    let mut hidden: Option<(usize, &Endpoint)> = None;
    for (_, ep) in net.endpoints_in(v).filter(|(_, e)| e.has_private_dns()) {
        let (zone, _) = endpoint_zone(ep);
        if !in_zone(name, &zone) {
            continue;
        }
        if ep.inbound_only_dns() && !inbound {
            hidden = Some((zone.len(), ep));
            continue;
        }
        // A customer zone of the same name is refused at validation (F5.18); were there one,
        // it would keep the name.
        if best.as_ref().is_none_or(|(l, _)| zone.len() > *l) {
            best = Some((zone.len(), PrivateZone::Endpoint(ep)));
        }
    }
    // Hidden only if it would have answered: more specific than what the query sees.
    let hidden = hidden
        .filter(|(l, _)| best.as_ref().is_none_or(|(b, _)| l > b))
        .map(|(_, e)| e);
    Seen { best, hidden }
}

/// What the most specific private zone `seen` holds answers for `name`, if one holds it.
pub(super) fn private_lookup(
    net: &Network,
    seen: Seen,
    name: &str,
    chain: &mut Vec<String>,
) -> Option<Lookup> {
    Some(match seen.best?.1 {
        PrivateZone::Customer(z) => {
            let source = DnsSource::PrivateZone { zone: id(&z.name) };
            zone_lookup(net, z, name, source, chain)
        }
        PrivateZone::Endpoint(ep) => {
            let (zone, wildcard) = endpoint_zone(ep);
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
            let source = DnsSource::EndpointPrivateDns {
                endpoint: id(&ep.id),
                zone: SmolStr::from(zone),
            };
            Lookup::new(source, if hit { record } else { None }, answer)
        }
    })
}

/// Looks a name up in one hosted zone ([`zone_answer`]), as `source` answers it.
pub(super) fn zone_lookup(
    net: &Network,
    z: &Zone,
    name: &str,
    source: DnsSource,
    chain: &mut Vec<String>,
) -> Lookup {
    let (record, answer, failure) = zone_answer(net, z, name, chain);
    Lookup {
        source,
        record,
        answer,
        failure,
    }
}

/// What one hosted zone answers for a name: the exact name first, then the most specific
/// wildcard (Route 53 wildcards match any depth below them). The record that matched when it
/// is a wildcard, the answer, and why an alias answered no addresses.
fn zone_answer(
    net: &Network,
    z: &Zone,
    name: &str,
    chain: &mut Vec<String>,
) -> (Option<String>, Answer, Option<DnsReason>) {
    let exact = z.record(name);
    let (rec, record) = match exact {
        Some(r) => (Some(r), None),
        None => {
            let mut suffix = name;
            let mut found = None;
            while let Some((_, rest)) = suffix.split_once('.') {
                let wc = format!("*.{rest}");
                if let Some(r) = z.record(&wc) {
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
    (record, answer, failure)
}

/// Route 53 answers an alias itself, from the target's records as its authoritative side sees
/// them: a name in the same zone from that zone, anything else (API Gateway, CloudFront,
/// endpoint names) from public DNS. The VPC's private zones are never consulted.
pub(super) fn alias_addresses(
    net: &Network,
    z: &Zone,
    target: &str,
    chain: &mut Vec<String>,
) -> Result<Vec<Ipv4Addr>, DnsReason> {
    if !in_zone(target, &z.name) {
        return resolve_within(net, View::Public, target, chain, &mut no_steps());
    }
    enter(chain, target)?;
    let (_, answer, failure) = zone_answer(net, z, target, chain);
    if let Some(why) = failure {
        return Err(why);
    }
    match answer {
        Answer::A { addresses } | Answer::Alias { addresses, .. } => Ok(addresses),
        Answer::Cname { target } => {
            resolve_within(net, View::Public, &target, chain, &mut no_steps())
        }
        Answer::Nxdomain => Err(DnsReason::AliasTargetMissing {
            target: id(target),
            zone: id(&z.name),
        }),
    }
}

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
//! - EC2's own names: an instance's private IP DNS name and public DNS name, answered by the
//!   Amazon DNS server under its autodefined rules (F5.4, F5.21-F5.24; [`instance`]).
//! - CNAMEs are followed through the same view, so each step can be captured again (F2.5); a
//!   Route 53 ALIAS is answered by the authoritative side with the target's addresses.
//! - Chains longer than [`MAX_CHAIN`] or revisiting a name are a CNAME loop.

use std::net::Ipv4Addr;

use smol_str::SmolStr;

use crate::aws;
use crate::net::*;
use crate::trace::{Answer, Detail, DnsReason, DnsSource, Name, Step, Steps};

mod hybrid;
mod instance;
mod private;
mod public;
use hybrid::*;
use instance::*;
pub use private::endpoint_zone;
use private::*;
use public::*;

/// The longest CNAME chain followed before giving up.
pub const MAX_CHAIN: usize = 16;

/// Whose view of DNS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The Resolver of a VPC (or the DNS servers its DHCP options name).
    Vpc(VpcIx),
    /// The DNS servers of an on-premises site.
    Site(SiteIx),
    /// The internet.
    Public,
}

/// The result of resolving a name.
#[derive(Debug, Clone)]
pub struct Resolution<'a> {
    /// One step per name asked.
    pub steps: Vec<Step<'a>>,
    /// The final addresses, or why there are none.
    pub result: Result<Vec<Ipv4Addr>, DnsReason>,
}

/// One zone's answer for one name.
struct Lookup {
    source: DnsSource,
    record: Option<String>,
    answer: Answer,
    /// Why an alias answered no addresses: its target did not resolve.
    failure: Option<DnsReason>,
}

impl Lookup {
    fn new(source: DnsSource, record: Option<String>, answer: Answer) -> Lookup {
        Lookup {
            source,
            record,
            answer,
            failure: None,
        }
    }
}

/// A name or an id as DNS's data holds it.
fn id(s: &str) -> SmolStr {
    SmolStr::new(s)
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
) -> Result<Vec<Ipv4Addr>, DnsReason> {
    resolve_within(net, view, name, &mut Vec::new(), steps)
}

/// [`resolve_into`], noting in `names` (empty when it is called) every name asked, in order:
/// each of a CNAME chain, the targets of Route 53 aliases (resolved with no step), and
/// `{name} at {site}` for a query a site forwarded. Beyond the settings of the view (a VPC's
/// DNS attributes, DHCP options, associations), a lookup consults only what the name asked
/// finds (zones, records, rules, forwarders, endpoints' private DNS zones holding it).
pub fn resolve_noting<'a>(
    net: &'a Network,
    view: View,
    name: &'a str,
    names: &mut Vec<String>,
    steps: &mut Steps<'a>,
) -> Result<Vec<Ipv4Addr>, DnsReason> {
    debug_assert!(names.is_empty(), "the chain starts empty: it finds loops");
    resolve_within(net, view, name, names, steps)
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
) -> Result<Vec<Ipv4Addr>, DnsReason> {
    let resolver: &'a str = match view {
        View::Vpc(v) => &net.vpcs[v.0].id,
        View::Site(s) => &net.sites[s.0].id,
        View::Public => "public",
    };
    if let View::Vpc(v) = view
        && !net.vpcs[v.0].dns_support
        && net.vpcs[v.0].dns_servers.is_empty()
    {
        return Err(DnsReason::DnsSupportOff { vpc: id(resolver) });
    }
    let mut current = Name::Borrowed(name);
    loop {
        enter(chain, &current)?;
        let mut l = lookup(net, view, &current, chain);
        // A step holds the source, the record and the answer: the failure is the error's.
        let next = match (&l.answer, l.failure.take()) {
            (_, Some(failure)) => Err(failure),
            (Answer::A { addresses } | Answer::Alias { addresses, .. }, None) => {
                Ok(addresses.clone())
            }
            (Answer::Nxdomain, None) => Err(DnsReason::Nxdomain {
                name: id(&current),
                source: l.source.clone(),
            }),
            (Answer::Cname { target }, None) => {
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
fn enter(chain: &mut Vec<String>, name: &str) -> Result<(), DnsReason> {
    if chain.iter().any(|n| n == name) {
        return Err(DnsReason::Loop {
            chain: ids(chain),
            name: id(name),
        });
    }
    if chain.len() >= MAX_CHAIN {
        return Err(DnsReason::ChainTooLong {
            limit: MAX_CHAIN,
            chain: ids(chain),
            name: id(name),
        });
    }
    chain.push(name.to_string());
    Ok(())
}

/// The names of a chain as a reason holds them.
fn ids(chain: &[String]) -> Vec<SmolStr> {
    chain.iter().map(|n| id(n)).collect()
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
    match view {
        View::Vpc(v) => vpc_lookup(net, v, name, chain),
        View::Site(s) => site_lookup(net, s, name, chain),
        View::Public => public_lookup(net, name, None, chain),
    }
}

/// Whether `name` equals `zone` or is below it.
/// A name and each name above it: `a.b.c`, `b.c`, `c` (the zones that may hold it).
fn suffixes(name: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(name), |s| s.split_once('.').map(|(_, rest)| rest))
}

fn in_zone(name: &str, zone: &str) -> bool {
    name == zone
        || (name.len() > zone.len()
            && name.ends_with(zone)
            && name.as_bytes()[name.len() - zone.len() - 1] == b'.')
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

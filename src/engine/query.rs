//! DNS queries as packets (F5.12): UDP to port 53, through security groups, route tables and
//! network ACLs like any other packets, answered only where a DNS server is.
//!
//! - A client in a VPC whose DHCP options name DNS servers sends its query to the first of
//!   them, before the name is asked ([`dhcp_server`]).
//! - A Route 53 Resolver forwarding rule sends the query from its outbound endpoint's network
//!   interfaces to the rule's targets; AWS retries another target when one does not answer
//!   ([`forwarded`]).
//!
//! - A site's DNS server forwards the query to the Resolver inbound endpoint its conditional
//!   forwarder names, over the site's VPN or Direct Connect (F5.13, [`forwarded`]).
//!
//! The Amazon DNS server (the Resolver at the VPC's +2 address) is not reached this way:
//! nothing filters traffic to it (F5.1, [`super::amazon_dns`]).

use smol_str::SmolStr;

use super::*;
use crate::trace::DnsSource;

/// Sends the DNS query of instance `i` to the first DNS server of its VPC's DHCP options, if
/// they name one. `Err` is the request's outcome when no answer comes back (the query's steps
/// recorded after a [`Step::Query`]); when one does, a `Step::Query` holds them, unshown.
pub(super) fn dhcp_server<'a>(
    net: &'a Network,
    i: InstanceIx,
    steps: &mut Steps<'a>,
) -> Result<(), Outcome> {
    let inst = &net.instances[i.0];
    let vpc = &net.vpcs[net.subnets[inst.subnet.0].vpc.0];
    let Some(&server) = vpc.dns_servers.first() else {
        return Ok(());
    };
    let query = Query {
        from: &inst.id,
        vpc: &vpc.id,
        rule: None,
        inbound: None,
    };
    let attempt = query.send(net, Sender::Instance(i), server, steps.detail());
    query.settle(vec![(server, attempt)], steps)
}

/// Walks the queries forwarded while `name` was resolved in `view`, in the order the
/// resolution sent them, each once: a Route 53 Resolver forwarding rule's, from its outbound
/// endpoint to a target (F5.12), and a site DNS server's, to the Resolver inbound endpoint its
/// conditional forwarder names (F5.13). The resolution's `dns` steps are `steps`' from `asked`
/// on; a summary records none, so there the name is resolved again, where a forwarder may
/// have answered it. The queries' steps go before the `dns` steps: answered, they come first;
/// one lost, it replaces them, since no answer came back (F5.12).
pub(super) fn forwarded<'a>(
    net: &'a Network,
    (view, name): (View, &'a str),
    asked: usize,
    steps: &mut Steps<'a>,
) -> Result<(), Outcome> {
    // A site's client asks the site's DNS server, the first it lists.
    let first = match view {
        View::Site(s) => net.sites[s.0].dns_servers.first().copied(),
        View::Vpc(_) | View::Public => None,
    };
    let mut legs = Vec::new();
    let mut collect = |s: &Step| {
        if let Step::Dns { source, .. } = s {
            legs_in(source, first, &mut legs);
        }
    };
    match steps.detail() {
        Detail::Every => steps.list[asked..].iter().for_each(&mut collect),
        Detail::Ending if may_forward(net, view) => {
            dns::resolve(net, view, name)
                .steps
                .iter()
                .for_each(&mut collect);
        }
        Detail::Ending => {}
    }
    let mut queries = Steps::new(steps.detail());
    let mut lost = Ok(());
    for leg in legs {
        lost = match leg {
            Leg::Rule(rule) => rule_query(net, &rule, &mut queries),
            Leg::Inbound {
                site,
                endpoint,
                server,
            } => inbound_query(net, (&site, &endpoint, server), &mut queries),
        };
        if lost.is_err() {
            break;
        }
    }
    if lost.is_err() {
        steps.list.truncate(asked);
        steps.append(queries);
    } else {
        let after = steps.list.split_off(asked);
        steps.list.extend(queries.list);
        steps.list.extend(after);
    }
    lost
}

/// The query a forwarding rule sends through its outbound endpoint: Resolver picks a target,
/// and another when it gets no answer; it sends from any of the endpoint's addresses:
/// answered if one way is.
fn rule_query<'a>(net: &'a Network, rule: &str, steps: &mut Steps<'a>) -> Result<(), Outcome> {
    let Some(&r) = net.index.resolver_rule_by_id.get(rule) else {
        return Ok(());
    };
    let r = &net.resolver_rules[r.0];
    let RuleAction::Forward { targets, endpoint } = &r.action else {
        return Ok(());
    };
    let ep = &net.resolver_endpoints[endpoint.0];
    let query = Query {
        from: &ep.id,
        vpc: &net.vpcs[ep.vpc.0].id,
        rule: Some(&r.id),
        inbound: None,
    };
    let mut attempts = Vec::new();
    'found: for &target in targets {
        for &(subnet, ip) in &ep.interfaces {
            let sender = Sender::Resolver(*endpoint, subnet, ip);
            let attempt = query.send(net, sender, target, steps.detail());
            let answered = attempt.is_ok();
            attempts.push((target, attempt));
            if answered {
                break 'found;
            }
        }
    }
    query.settle(attempts, steps)
}

/// The query a site's DNS server at `server` forwards to a Resolver inbound endpoint (F5.13),
/// over the site's VPN or Direct Connect, to each of the endpoint's addresses in turn (a
/// forwarder lists them all): answered if one is. A site that names no DNS server sends it
/// from an address vpcpath does not know: not walked.
fn inbound_query<'a>(
    net: &'a Network,
    (site, endpoint, server): (&str, &str, Option<Ipv4Addr>),
    steps: &mut Steps<'a>,
) -> Result<(), Outcome> {
    let Some(&s) = net.index.site_by_id.get(site) else {
        return Ok(());
    };
    let Some(&e) = net.index.resolver_endpoint_by_id.get(endpoint) else {
        return Ok(());
    };
    let Some(from) = server.or_else(|| net.sites[s.0].dns_servers.first().copied()) else {
        return Ok(());
    };
    let ep = &net.resolver_endpoints[e.0];
    // A machine the site declares at that address sends it; otherwise the DNS server itself.
    let (sender, id) = match net.site_machine_at(s, from) {
        Some(m) => (Sender::Site(m), net.site_clients[m.0].id.as_str()),
        None => (Sender::SiteDnsServer(s, from), net.sites[s.0].id.as_str()),
    };
    let query = Query {
        from: id,
        vpc: &net.vpcs[ep.vpc.0].id,
        rule: None,
        inbound: Some(&ep.id),
    };
    let mut attempts = Vec::new();
    for &(_, ip) in &ep.interfaces {
        let attempt = query.send(net, sender, ip, steps.detail());
        let answered = attempt.is_ok();
        attempts.push((ip, attempt));
        if answered {
            break;
        }
    }
    query.settle(attempts, steps)
}

/// Whether a forwarder can answer in `view`: a forwarding rule associated with the VPC whose
/// Resolver is asked; from a site (or a VPC asking DNS servers of its own), whose forwarders
/// reach inbound endpoints, any forwarding rule or site forwarder.
fn may_forward(net: &Network, view: View) -> bool {
    match view {
        View::Public => false,
        View::Vpc(v) if net.vpcs[v.0].dns_servers.is_empty() => {
            net.index.forwarding_rule_in_vpc[v.0]
        }
        View::Vpc(_) | View::Site(_) => net.index.forwards_dns,
    }
}

/// A query forwarded during a resolution.
#[derive(Debug, PartialEq, Eq)]
enum Leg {
    /// By a forwarding rule, through its outbound endpoint.
    Rule(SmolStr),
    /// By a site's DNS server (at `server`, when known) to an inbound endpoint.
    Inbound {
        site: SmolStr,
        endpoint: SmolStr,
        server: Option<Ipv4Addr>,
    },
}

/// The queries forwarded to answer some part of `source`, in the order sent; `server` is the
/// site DNS server that was asked, if one was.
fn legs_in(source: &DnsSource, server: Option<Ipv4Addr>, legs: &mut Vec<Leg>) {
    let mut add = |leg: Leg| {
        if !legs.contains(&leg) {
            legs.push(leg);
        }
    };
    match source {
        DnsSource::Server(s) => {
            if let crate::trace::DnsVia::ResolverRule { rule, .. } = &s.via {
                add(Leg::Rule(rule.clone()));
            }
            legs_in(&s.answer, Some(s.server), legs);
        }
        DnsSource::Forwarded { forwarder, answer } => {
            add(Leg::Inbound {
                site: forwarder.site.clone(),
                endpoint: forwarder.endpoint.clone(),
                server,
            });
            legs_in(answer, None, legs);
        }
        DnsSource::InstanceServer(s) => {
            if let crate::trace::DnsVia::ResolverRule { rule, .. } = &s.via {
                add(Leg::Rule(rule.clone()));
            }
            if let Some(answer) = &s.answer {
                legs_in(answer, None, legs);
            }
        }
        DnsSource::SystemRule { answer, .. } => legs_in(answer, server, legs),
        _ => {}
    }
}

/// Who sends a query, and why.
struct Query<'a> {
    from: &'a str,
    vpc: &'a str,
    rule: Option<&'a str>,
    /// The inbound endpoint a site's DNS server sends it to.
    inbound: Option<&'a str>,
}

/// One query's fate: answered (its steps), or not (its steps, and whether it arrived).
type Attempt<'a> = Result<Steps<'a>, (Steps<'a>, bool)>;

impl<'a> Query<'a> {
    fn send(
        &self,
        net: &'a Network,
        sender: Sender<'a>,
        server: Ipv4Addr,
        detail: Detail,
    ) -> Attempt<'a> {
        let mut legs = Steps::new(detail);
        match routing::forward(net, sender, server, 53, Protocol::Udp, &mut legs) {
            Ok(arrival) if answers(net, &arrival) => Ok(legs),
            Ok(_) => Err((legs, true)),
            Err(_) => Err((legs, false)),
        }
    }

    fn step(&self, server: Ipv4Addr, answered: bool, legs: Vec<Step<'a>>) -> Step<'a> {
        Step::Query {
            from: Name::Borrowed(self.from),
            server,
            vpc: Name::Borrowed(self.vpc),
            rule: self.rule.map(Name::Borrowed),
            inbound_endpoint: self.inbound.map(Name::Borrowed),
            answered,
            legs,
        }
    }

    /// Records the attempts: the one answered (its steps unshown), or else the first, shown
    /// whole, and the outcome.
    fn settle(
        &self,
        attempts: Vec<(Ipv4Addr, Attempt<'a>)>,
        steps: &mut Steps<'a>,
    ) -> Result<(), Outcome> {
        let mut first = None;
        for (server, attempt) in attempts {
            match attempt {
                Ok(legs) => {
                    steps.push(|| self.step(server, true, legs.into_steps()));
                    return Ok(());
                }
                Err(lost) if first.is_none() => first = Some((server, lost)),
                Err(_) => {}
            }
        }
        let Some((server, (legs, arrived))) = first else {
            return Ok(());
        };
        steps.push(|| self.step(server, false, Vec::new()));
        steps.append(legs);
        Err(Outcome::DnsFailure {
            reason: DnsReason::QueryLost {
                server,
                vpc: self.vpc.into(),
                rule: self.rule.map(SmolStr::from),
                inbound_endpoint: self.inbound.map(SmolStr::from),
                arrived,
            },
        })
    }
}

/// Whether what the query reached answers DNS on UDP port 53: a site's DNS server, or a
/// machine (an instance, a site's) that listens there.
fn answers(net: &Network, arrival: &Arrival) -> bool {
    match *arrival {
        Arrival::SiteDnsServer(..) => true,
        Arrival::SiteHost(m) => net.site_clients[m.0].listens_on(53, true),
        Arrival::Host(h) => net.instances[h.0].listens_udp_on(53),
        Arrival::ResolverEndpoint(r) => net.resolver_endpoints[r.0].inbound,
        Arrival::ApiGateway { .. } | Arrival::Service { .. } | Arrival::LoadBalancer { .. } => {
            false
        }
    }
}

//! The engine: the only module that decides the order of a request's steps.
//!
//! 1. DNS in the client's view ([`crate::dns`]), after the query itself where the client's VPC
//!    sends it to DNS servers of its own ([`query`]).
//! 2. Forwarding from the client's subnet ([`crate::routing`]): route tables, NAT gateways,
//!    internet gateways, gateway endpoints, peering, the `local` route to a network interface.
//! 3. TLS: the certificate of the door reached against the name the client connected to.
//! 4. The service ([`crate::services`]).
//!
//! Each step pushes one [`Step`]; the first that stops the request gives the [`Outcome`].

use std::net::Ipv4Addr;

use crate::arrival::Arrival;
use crate::aws;
use crate::dns::{self, View};
use crate::net::*;
use crate::routing::{self, Sender};
use crate::services;
use crate::tls;
use crate::trace::{Detail, DnsReason, Ending, Name, Outcome, Step, Steps, Trace};

mod amazon_dns;
mod balancer;
mod link_local;

/// Simulates one request.
pub fn simulate<'a>(net: &'a Network, req: &'a Request) -> Trace<'a> {
    simulate_noting(net, req).0
}

/// [`simulate`], with every name DNS asked on the way: across CNAMEs, the targets of Route 53
/// aliases (which a trace shows no step for) and forwarders, in the order asked. What `fix`
/// keeps of a request to know which edits of DNS can change it.
pub fn simulate_noting<'a>(net: &'a Network, req: &'a Request) -> (Trace<'a>, Vec<String>) {
    let mut record = Steps::new(Detail::Every);
    let mut names = Vec::new();
    let outcome = walk(net, req, &mut record, &mut names);
    let steps = record.into_steps();
    let from = client_id(net, req);
    let path = touched(net, from, &steps);
    let trace = Trace {
        request: Name::Borrowed(&req.name),
        from: Name::Borrowed(from),
        method: Name::Borrowed(&req.method),
        url: Name::Borrowed(&req.url_text),
        steps,
        path,
        outcome,
    };
    debug_assert!(
        !matches!(trace.outcome, Outcome::Timeout { .. })
            || matches!(trace.steps.last(), Some(Step::Drop { .. })),
        "a timeout ends with the drop that caused it"
    );
    (trace, names)
}

/// Simulates one request for a summary: how it ended and where, recording no step.
///
/// The same as [`Ending::of`] the trace [`simulate`] returns (tested on every scenario), at a
/// fraction of the cost.
pub fn ending(net: &Network, req: &Request) -> Ending {
    let mut record = Steps::new(Detail::Ending);
    let outcome = walk(net, req, &mut record, &mut Vec::new());
    Ending::new(outcome, record.into_ended_at(), client_id(net, req))
}

/// The client's id as traces name it.
fn client_id<'n>(net: &'n Network, req: &Request) -> &'n str {
    match req.client {
        Client::Instance(i) => &net.instances[i.0].id,
        Client::Internet(_) => "internet",
        Client::Lambda(f, _) => &net.lambdas[f],
        Client::Site(c) => &net.site_clients[c.0].id,
    }
}

/// `names`: every name DNS asks, noted as it asks ([`dns::resolve_noting`]).
fn walk<'a>(
    net: &'a Network,
    req: &'a Request,
    steps: &mut Steps<'a>,
    names: &mut Vec<String>,
) -> Outcome {
    let (view, sender) = match req.client {
        Client::Instance(i) => {
            let inst = &net.instances[i.0];
            let vpc = net.subnets[inst.subnet.0].vpc;
            (View::Vpc(vpc), Sender::Instance(i))
        }
        Client::Internet(ip) => (
            View::Public,
            Sender::Internet("internet", ip, aws::LINUX_EPHEMERAL_PORTS),
        ),
        Client::Lambda(f, ip) => (
            View::Public,
            Sender::Internet(&net.lambdas[f], ip, aws::LAMBDA_EPHEMERAL_PORTS),
        ),
        Client::Site(c) => (View::Site(net.site_clients[c.0].site), Sender::Site(c)),
    };
    // 1. DNS
    let named = req.host_instance.map(|i| Ok(net.instances[i.0].private_ip));
    let dst = match named.unwrap_or_else(|| req.url.host.parse::<Ipv4Addr>()) {
        Ok(ip) => ip,
        Err(_) => {
            if let Client::Instance(i) = req.client
                && let Err(outcome) = query::dhcp_server(net, i, steps)
            {
                return outcome;
            }
            let asked = steps.list.len();
            let resolved = dns::resolve_noting(net, view, &req.url.host, names, steps);
            if let Err(outcome) = query::forwarded(net, (view, &req.url.host), asked, steps) {
                return outcome;
            }
            match resolved {
                Ok(addrs) if !addrs.is_empty() => addrs[0],
                Ok(_) => {
                    return Outcome::DnsFailure {
                        reason: DnsReason::NoAddresses {
                            name: req.url.host.as_str().into(),
                        },
                    };
                }
                Err(reason) => return Outcome::DnsFailure { reason },
            }
        }
    };
    // 2. Forwarding
    let protocol = match req.url.scheme.as_str() {
        "udp" => Protocol::Udp,
        "icmp" => Protocol::Icmp,
        "ip" => Protocol::Other,
        _ => Protocol::Tcp,
    };
    if let Client::Instance(i) = req.client
        && let Some(outcome) =
            amazon_dns::amazon_dns_server(net, i, (dst, req.url.port, protocol), steps)
                .or_else(|| link_local::on_host(net, i, req, (dst, protocol), steps))
    {
        return outcome;
    }
    let arrival = match routing::forward(net, sender, dst, req.url.port, protocol, steps) {
        Ok(a) => a,
        Err(reason) => return Outcome::Timeout { reason },
    };
    // 3. The port and TLS, at an AWS front end (a host answers a connection itself; a load
    // balancer's node hands it to a target, below)
    if !matches!(
        arrival,
        Arrival::Host(_)
            | Arrival::SiteHost(_)
            | Arrival::SiteDnsServer(..)
            | Arrival::ResolverEndpoint(_)
            | Arrival::LoadBalancer { .. }
    ) {
        if !req.url.is_http() {
            return tls::plain(net, &arrival, req, steps);
        }
        if let Err(outcome) = tls::connect(net, &arrival, req, steps) {
            return outcome;
        }
    }
    // 4. The service: the Host header names the site; it never changes DNS or TLS.
    let host = req
        .headers
        .get("host")
        .map(|h| h.split(':').next().unwrap_or(h).to_ascii_lowercase())
        .unwrap_or_else(|| req.url.host.clone());
    let request = services::Request {
        method: &req.method,
        host: &host,
        path: &req.url.path,
        query: &req.url.query,
        headers: &req.headers,
        secure: req.url.tls(),
        websocket: req.url.websocket(),
        port: req.url.port,
        protocol,
        principal: req.caller.as_deref(),
        unsigned: req.unsigned,
        message: req.message.as_deref(),
    };
    match arrival {
        Arrival::LoadBalancer {
            lb,
            node,
            source,
            reply_ports,
        } => {
            let at = (lb, node, source, reply_ports);
            balancer::balanced(net, at, req, protocol, &request, steps)
        }
        arrival => services::handle(net, arrival, &request, steps),
    }
}

/// The scenario components a trace touched, in order, each once: the client, subnets, route
/// tables, gateways, endpoints, peering connections, filters and APIs named in its steps. AWS
/// front ends (`cloudfront`, `execute-api us-east-1`) and implicit components are not ids.
fn touched<'a>(net: &Network, from: &'a str, steps: &[Step<'a>]) -> Vec<Name<'a>> {
    let mut path: Vec<Name<'a>> = Vec::with_capacity(8);
    path.push(Name::Borrowed(from));
    let mut add = |id: &Name<'a>| {
        // The path is short and most names repeat, borrowed from the same place in the network:
        // compare with it (addresses first) before hashing the name.
        let same = |p: &Name<'a>| {
            p.len() == id.len() && (std::ptr::eq(p.as_ptr(), id.as_ptr()) || p == id)
        };
        if !path.iter().any(same) && net.ids.contains_key(id.as_ref()) {
            path.push(id.clone());
        }
    };
    for s in steps {
        match s {
            Step::Route {
                subnet,
                table,
                target,
                ..
            } => {
                add(subnet);
                add(table);
                add(target);
            }
            Step::Layer2 { subnet, .. } => add(subnet),
            Step::Translate { gateway, .. } => add(gateway),
            Step::Filter { filter, .. } => add(filter),
            Step::Arrive { at, .. } | Step::Drop { at, .. } | Step::Service { at, .. } => add(at),
            Step::Balance {
                at,
                target_group,
                target,
                ..
            } => {
                add(at);
                target_group.iter().chain(target).for_each(&mut add);
            }
            // The query's path is not the request's: it is shown, not walked again.
            Step::Dns { .. } | Step::Query { .. } | Step::Connect { .. } | Step::Tls { .. } => {}
        }
    }
    path
}

mod query;

#[cfg(test)]
mod tests;

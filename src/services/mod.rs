//! The services at the end of a path: API Gateway ([`api_gateway`]) and the other AWS
//! services (S3, DynamoDB, SQS, STS, ...), which answer 200 unless an endpoint policy denies
//! ([`aws_service`]). [`front`] says what answers at the end of a path (its name, certificate
//! names and ports) and [`handle`] hands the request to it.

pub mod api_gateway;
pub mod aws_service;
pub mod signature;

use std::collections::BTreeMap;

use crate::arrival::{Arrival, Caller};
use crate::net::*;
use crate::trace::{Name, Outcome, RefusalReason, Steps};
use api_gateway::Call;
use aws_service::ServiceCall;

/// The request as a service sees it.
#[derive(Clone, Copy)]
pub struct Request<'a> {
    /// Method.
    pub method: &'a str,
    /// The Host: the header if given, else the URL's host.
    pub host: &'a str,
    /// Path.
    pub path: &'a str,
    /// Query string, without `?`.
    pub query: &'a str,
    /// Headers, lower-case names.
    pub headers: &'a BTreeMap<String, String>,
    /// Whether it came over TLS (`https://`, `wss://`).
    pub secure: bool,
    /// Whether it asks to open a WebSocket (`ws://`, `wss://`).
    pub websocket: bool,
    /// The port it connects (or sends) to.
    pub port: u16,
    /// TCP, UDP, an ICMP echo request (`icmp://`) or a packet of another protocol (`ip://`).
    pub protocol: Protocol,
    /// The signed caller; `None` is unsigned or a signer not named ([`Self::unsigned`]).
    pub principal: Option<&'a crate::policy::Principal>,
    /// Written `caller: anonymous`: sent unsigned (F6.81).
    pub unsigned: bool,
    /// A WebSocket message sent once the connection is open.
    pub message: Option<&'a str>,
}

/// Hands the request to what answers at `arrival`, pushing its decisions as steps.
pub fn handle<'a>(
    net: &'a Network,
    arrival: Arrival,
    req: &Request<'_>,
    steps: &mut Steps<'a>,
) -> Outcome {
    let udp = req.protocol == Protocol::Udp;
    match arrival {
        Arrival::Host(i) if req.protocol == Protocol::Other => {
            delivered(&net.instances[i.0].id, steps)
        }
        Arrival::SiteHost(c) if req.protocol == Protocol::Other => {
            delivered(&net.site_clients[c.0].id, steps)
        }
        Arrival::SiteDnsServer(s, _) if req.protocol == Protocol::Other => {
            delivered(&net.sites[s.0].id, steps)
        }
        Arrival::ResolverEndpoint(r) if req.protocol == Protocol::Other => {
            delivered(&net.resolver_endpoints[r.0].id, steps)
        }
        Arrival::Host(i) if req.protocol == Protocol::Icmp => echo(&net.instances[i.0].id, steps),
        Arrival::SiteHost(c) if req.protocol == Protocol::Icmp => {
            echo(&net.site_clients[c.0].id, steps)
        }
        Arrival::SiteDnsServer(s, _) if req.protocol == Protocol::Icmp => {
            echo(&net.sites[s.0].id, steps)
        }
        // A site's DNS server answers DNS, on UDP and TCP (F5.12).
        Arrival::SiteDnsServer(s, _) => {
            host(&net.sites[s.0].id, req.port == 53, req.port, udp, steps)
        }
        // An inbound Resolver endpoint answers DNS, on UDP and TCP; an outbound one takes
        // nothing (F5.15).
        Arrival::ResolverEndpoint(r) => {
            let ep = &net.resolver_endpoints[r.0];
            let dns = ep.inbound && req.port == 53 && req.protocol != Protocol::Icmp;
            host(&ep.id, dns, req.port, udp, steps)
        }
        Arrival::Host(i) => {
            let inst = &net.instances[i.0];
            let listens = if udp {
                inst.listens_udp_on(req.port)
            } else {
                inst.listens_on(req.port)
            };
            host(&inst.id, listens, req.port, udp, steps)
        }
        Arrival::SiteHost(c) => {
            let machine = &net.site_clients[c.0];
            let listens = machine.listens_on(req.port, udp);
            host(&machine.id, listens, req.port, udp, steps)
        }
        // The engine hands a load balancer's node to its target (routing::balance) before a
        // service sees the request; were one to reach here, its node accepted the connection.
        Arrival::LoadBalancer { lb, .. } => Outcome::Connected {
            detail: format!(
                "load balancer {} accepts the connection",
                net.load_balancers[lb.0].id
            ),
        },
        Arrival::ApiGateway { door, caller } => {
            let call = Call {
                method: req.method,
                host: req.host,
                path: req.path,
                headers: req.headers,
                caller,
                secure: req.secure,
                websocket: req.websocket,
                principal: req.principal,
                message: req.message,
            };
            api_gateway::handle(net, &door, &call, steps)
        }
        Arrival::Service {
            service,
            region,
            endpoint,
            caller,
        } => {
            let call = ServiceCall {
                service: &service,
                region,
                endpoint,
                caller,
                method: req.method,
                host: req.host,
                path: req.path,
                query: req.query,
                headers: req.headers,
                secure: req.secure,
                principal: req.principal,
                unsigned: req.unsigned,
            };
            aws_service::handle(net, &call, steps)
        }
    }
}

/// An echo request that reached a host (an instance, a machine of a site): its operating
/// system answers with an echo reply (the reply's way back is checked before, as every
/// reply's).
pub fn echo<'a>(id: &'a str, steps: &mut Steps<'a>) -> Outcome {
    steps.service(&Name::Borrowed(id), || {
        format!("{id} answers the ICMP echo request with an echo reply")
    });
    Outcome::Connected {
        detail: format!("{id} answers ping (ICMP echo reply)"),
    }
}

/// A packet of another protocol (`ip://`) that reached a network interface past its security
/// groups: what the host does with it, and whether it answers, is not modelled (F6.71).
pub fn delivered<'a>(id: &'a str, steps: &mut Steps<'a>) -> Outcome {
    steps.service(&Name::Borrowed(id), || {
        format!("the packet reaches {id}: what its host does with another protocol is not modelled")
    });
    Outcome::Delivered {
        detail: format!("the packet reaches {id}"),
    }
}

/// A host (an instance, a machine of a site) answers for itself (F6.10): a TCP connection
/// opens when something on it `listens` on the port, and is refused with a reset when nothing
/// does; a UDP datagram is received when something listens, and otherwise answered with ICMP
/// port unreachable, which the client sees as refused. What a program on it answers is not
/// modelled, so an HTTP request that connects ends there too.
pub fn host<'a>(
    id: &'a str,
    listens: bool,
    port: u16,
    udp: bool,
    steps: &mut Steps<'a>,
) -> Outcome {
    let at = Name::Borrowed(id);
    let protocol = if udp { "udp" } else { "tcp" };
    if listens {
        steps.service(&at, || {
            if udp {
                format!("{id} listens on udp/{port}: the datagram is received")
            } else {
                format!("{id} listens on tcp/{port}: the connection opens")
            }
        });
        Outcome::Connected {
            detail: format!("{id} accepts {protocol}/{port}"),
        }
    } else {
        let host = smol_str::SmolStr::new(id);
        let reason = if udp {
            RefusalReason::PortUnreachable { host, port }
        } else {
            RefusalReason::Reset { host, port }
        };
        steps.service(&at, || reason.to_string());
        Outcome::Refused { reason }
    }
}

/// The policy condition keys a request carries (lower case, as [`crate::policy`] expects).
/// Through an endpoint: `aws:SourceVpce`, `aws:SourceVpc` and `aws:VpcSourceIp`, and no
/// `aws:SourceIp` (F3.3, F3.5, F7.6); elsewhere `aws:SourceIp`, the public address the request
/// came from. Always `aws:SecureTransport` (whether it came over TLS), and `aws:Referer` and
/// `aws:UserAgent` from the request's headers when it sends them (F3.13). Keys vpcpath cannot
/// know are absent, and validation warns of a policy that tests one (`policy::KNOWN_KEYS`).
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html>
pub fn context_keys(
    net: &Network,
    endpoint: Option<&Endpoint>,
    caller: &Caller,
    secure: bool,
    headers: &BTreeMap<String, String>,
    principal: Option<&crate::policy::Principal>,
) -> BTreeMap<String, String> {
    let mut keys = BTreeMap::new();
    keys.insert("aws:securetransport".to_string(), secure.to_string());
    // Always in AWS's request context (F3.13).
    let now = net.time.unwrap_or(crate::aws::DEFAULT_TIME);
    keys.insert("aws:currenttime".to_string(), crate::policy::iso_time(now));
    keys.insert("aws:epochtime".to_string(), now.to_string());
    if let Some(p) = principal {
        keys.insert("aws:principalaccount".to_string(), p.account.clone());
        // A role's session is known by its role's ARN (F3.15).
        let arn = crate::policy::role_of_session(&p.arn).unwrap_or_else(|| p.arn.clone());
        keys.insert("aws:principalarn".to_string(), arn);
    }
    for (header, key) in [("referer", "aws:referer"), ("user-agent", "aws:useragent")] {
        if let Some(v) = headers.get(header) {
            keys.insert(key.to_string(), v.clone());
        }
    }
    match endpoint {
        Some(ep) => {
            keys.insert("aws:sourcevpce".to_string(), ep.id.clone());
            keys.insert("aws:sourcevpc".to_string(), net.vpcs[ep.vpc.0].id.clone());
            if let Some(ip) = caller.vpc_source_ip {
                keys.insert("aws:vpcsourceip".to_string(), ip.to_string());
            }
        }
        None => {
            if let Some(ip) = caller.source_ip {
                keys.insert("aws:sourceip".to_string(), ip.to_string());
            }
        }
    }
    keys
}

/// Condition keys as traces show them, spelt as AWS documents them (policies match them
/// without regard to case, so the context holds them lowercased):
/// `aws:SourceVpc=vpc-a, aws:SourceVpce=vpce-x`. The time, in every request's context, is the
/// same for all of a file's requests and is left out (the file's `time:` says it).
pub fn show_keys(keys: &BTreeMap<String, String>) -> String {
    let shown = |k: &&String| !matches!(k.as_str(), "aws:currenttime" | "aws:epochtime");
    if keys.keys().filter(shown).count() == 0 {
        return "no source keys".into();
    }
    keys.iter()
        .filter(|(k, _)| shown(k))
        .map(|(k, v)| format!("{}={v}", crate::policy::key_name(k)))
        .collect::<Vec<_>>()
        .join(", ")
}
